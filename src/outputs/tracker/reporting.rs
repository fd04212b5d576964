//! The Reporting sheet: each agency's monthly status form, month by month (received on time,
//! late, missing, not expected), with its rates and the Network's (docs/figures.md#reporting).

use rust_xlsxwriter::{Color, Format, FormatAlign, Worksheet, XlsxError};

use super::kit::Formats;
use crate::i18n::{format_month_short, tr, Lang};
use crate::outputs::palette;
use crate::reconcile::reporting::{FormState, Rates};
use crate::Checked;

/// The label of a month's form state, in the cell beside its colour.
pub(crate) fn state_key(state: FormState) -> &'static str {
    match state {
        FormState::OnTime => "reporting.state.on-time",
        FormState::Late => "reporting.state.late",
        FormState::Missing => "reporting.state.missing",
        FormState::Received => "reporting.state.received",
        FormState::NotDue => "reporting.state.not-due",
        FormState::NotExpected => "reporting.state.not-expected",
    }
}

/// Builds the Reporting sheet.
pub(super) fn reporting(
    checked: &Checked,
    lang: Lang,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let r = &checked.report.reporting;
    let registry = checked.plan.registry();
    let mut ws = Worksheet::new();
    ws.set_name(tr(lang, "xlsx.sheet.reporting", &[]))?;
    ws.write_string_with_format(0, 0, tr(lang, "xlsx.reporting.title", &[]), &f.title)?;
    let note = tr(lang, "xlsx.reporting.note", &[("day", &r.due_day)]);
    ws.write_string_with_format(1, 0, note, &f.note)?;
    let header = 3;
    ws.write_string_with_format(header, 0, tr(lang, "xlsx.col.agency", &[]), &f.header)?;
    ws.set_column_width(0, 22)?;
    for (i, m) in r.months.iter().enumerate() {
        let col = 1 + i as u16;
        ws.write_string_with_format(header, col, format_month_short(lang, *m), &f.header)?;
        ws.set_column_width(col, 10)?;
    }
    let first_rate = 1 + r.months.len() as u16;
    let rate_keys = [
        "xlsx.reporting.expected",
        "xlsx.reporting.received",
        "xlsx.reporting.on-time",
        "xlsx.reporting.clean",
        "xlsx.reporting.received-rate",
        "xlsx.reporting.on-time-rate",
        "xlsx.reporting.days-since",
    ];
    for (i, key) in rate_keys.iter().enumerate() {
        let col = first_rate + i as u16;
        ws.write_string_with_format(header, col, tr(lang, key, &[]), &f.header)?;
        ws.set_column_width(col, 12)?;
    }
    let mut row = header + 1;
    for a in &r.agencies {
        ws.write_string_with_format(row, 0, registry.agency_label(&a.agency, lang), &f.text)?;
        for (i, cell) in a.months.iter().enumerate() {
            let swatch = palette::form(cell.state);
            let format = Format::new()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(swatch.cell_fill()))
                .set_font_color(Color::RGB(swatch.cell_ink()));
            let label = tr(lang, state_key(cell.state), &[]);
            ws.write_string_with_format(row, 1 + i as u16, label, &format)?;
        }
        rates(
            &mut ws,
            row,
            first_rate,
            &a.rates,
            a.days_since_last,
            f,
            false,
        )?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, tr(lang, "xlsx.reporting.network", &[]), &f.total)?;
    rates(&mut ws, row, first_rate, &r.network, None, f, true)?;
    ws.set_freeze_panes(header + 1, 1)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(ws)
}

/// Writes the counts and rates of one row.
fn rates(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    r: &Rates,
    days: Option<i64>,
    f: &Formats,
    total: bool,
) -> Result<(), XlsxError> {
    let int = if total { &f.total_int } else { &f.int };
    let counts = [r.expected, r.received, r.on_time, r.clean];
    for (i, n) in counts.iter().enumerate() {
        ws.write_number_with_format(row, col + i as u16, *n as f64, int)?;
    }
    for (i, rate) in [r.received_rate, r.on_time_rate].iter().enumerate() {
        if let Some(p) = rate {
            ws.write_number_with_format(row, col + 4 + i as u16, p / 100.0, &f.percent)?;
        }
    }
    if let Some(d) = days {
        ws.write_number_with_format(row, col + 6, d as f64, int)?;
    }
    Ok(())
}
