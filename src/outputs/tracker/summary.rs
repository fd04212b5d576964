//! The tracker's summary sheet: the headline figures, activities by priority and pledges by
//! status and objective, each with its chart. It is the one in-memory worksheet, since its
//! charts read its cells back.

use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartSolidFill, ChartType, Color, Formula, Worksheet, XlsxError,
};

use super::kit::*;
use crate::i18n::{tr, Lang};
use crate::model::{ActivityStatus, PledgeStatus, Status};
use crate::report::ReportData;

/// The summary sheet: what the tracker covers, the headline figures, and the activities by
/// priority and status, pledges by status and pledges by objective, with their charts. Its
/// charts read its cells, so it is an ordinary (in-memory) worksheet.
pub(super) fn summary(
    report: &ReportData,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    let name = tr(lang, "xlsx.sheet.summary", &[]);
    ws.set_name(&name)?;
    ws.set_column_width(0, 46)?;
    for c in 1..=7 {
        ws.set_column_width(c, 13)?;
    }
    summary_heading(&mut ws, report, lang, f)?;
    let row = headline_figures(&mut ws, 5, report, lang, f)?;
    let row = by_priority(&mut ws, &name, row + 2, report, lang, f)?;
    let row = pledges_by_status(&mut ws, row + 2, report, lang, f)?;
    by_objective(&mut ws, &name, row + 2, report, lang, f)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_active(true);
    Ok(ws)
}

/// Rows 0-4 of the summary: the network, the plan, the date and period, and the warnings
/// that the data is a sample or the plan closed.
pub(super) fn summary_heading(
    ws: &mut Worksheet,
    report: &ReportData,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let meta = &report.meta;
    ws.write_string_with_format(0, 0, meta.network.get(lang), &f.title)?;
    ws.write_string_with_format(1, 0, meta.plan_title.get(lang), &f.subtitle)?;
    ws.write_string_with_format(
        2,
        0,
        tr(
            lang,
            "xlsx.summary.as-of",
            &[
                ("date", &meta.as_of_text.get(lang)),
                ("period", &meta.period_text.get(lang)),
            ],
        ),
        &f.text,
    )?;
    if meta.sample {
        ws.write_string_with_format(3, 0, tr(lang, "xlsx.summary.sample", &[]), &f.warning)?;
    }
    if let Some(closed) = &meta.plan_closed {
        ws.write_string_with_format(4, 0, closed.get(lang), &f.warning)?;
    }
    Ok(())
}

/// The headline figures from `row` on; returns the last row written.
pub(super) fn headline_figures(
    ws: &mut Worksheet,
    mut row: u32,
    report: &ReportData,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, tr(lang, "xlsx.summary.figures", &[]), &f.heading)?;
    row += 1;
    ws.write_string_with_format(row, 0, tr(lang, "xlsx.summary.figure", &[]), &f.header)?;
    ws.write_string_with_format(row, 1, tr(lang, "xlsx.summary.value", &[]), &f.header)?;
    let a = &report.activities;
    let p = &report.pledges;
    let counts = report.findings.counts;
    let int = |n: usize| (Kind::Int, Cell::count(n));
    let figures = [
        ("xlsx.fig.activities", int(a.total)),
        (
            "xlsx.fig.completed",
            int(a.by_status[&ActivityStatus::from(Status::Completed)]),
        ),
        (
            "xlsx.fig.completed-share",
            (Kind::Percent, Cell::Number(a.completed_share)),
        ),
        ("xlsx.fig.overdue", int(a.overdue.len())),
        ("xlsx.fig.missing-reports", int(a.missing_reports.len())),
        (
            "xlsx.fig.missing-occurrences",
            int(a.missing_occurrences.len()),
        ),
        ("xlsx.fig.pledges", int(p.total)),
        ("xlsx.fig.pledges-updated", int(p.updated_this_quarter)),
        ("xlsx.fig.pledges-not-updated", int(p.not_updated)),
        ("xlsx.fig.pledges-new", int(p.new_this_quarter)),
        ("xlsx.fig.pledges-changed", int(p.changed)),
        ("xlsx.fig.findings-error", int(counts.error)),
        ("xlsx.fig.findings-warning", int(counts.warning)),
        ("xlsx.fig.findings-info", int(counts.info)),
    ];
    let mut links = 0;
    for (key, (kind, cell)) in &figures {
        row += 1;
        ws.write_string_with_format(row, 0, tr(lang, key, &[]), &f.text)?;
        write_cell(ws, row, 1, *kind, cell, Some(f.of(*kind)), &mut links)?;
    }
    Ok(row)
}

/// Activity status by priority from `row` on, with totals as formulas carrying
/// [`ReportData`]'s figures, and its chart; returns the last row written.
pub(super) fn by_priority(
    ws: &mut Worksheet,
    name: &str,
    mut row: u32,
    report: &ReportData,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<u32, XlsxError> {
    let a = &report.activities;
    ws.write_string_with_format(
        row,
        0,
        tr(lang, "xlsx.summary.by-priority", &[]),
        &f.heading,
    )?;
    row += 1;
    let head = row;
    let total_col = ActivityStatus::ALL.len() as u16 + 1;
    ws.set_row_height(head, 30)?;
    ws.write_string_with_format(head, 0, tr(lang, "xlsx.summary.priority", &[]), &f.header)?;
    for (i, s) in ActivityStatus::ALL.into_iter().enumerate() {
        ws.write_string_with_format(head, i as u16 + 1, status_label(lang, s), &f.header)?;
    }
    ws.write_string_with_format(
        head,
        total_col,
        tr(lang, "xlsx.summary.total", &[]),
        &f.header,
    )?;
    for pr in &report.priorities {
        row += 1;
        let label = format!("{} – {}", pr.code, pr.short.get(lang));
        ws.write_string_with_format(row, 0, &label, &f.text)?;
        for (i, s) in ActivityStatus::ALL.into_iter().enumerate() {
            let n = pr.by_status.get(&s).copied().unwrap_or(0);
            ws.write_number_with_format(row, i as u16 + 1, n as f64, &f.int)?;
        }
        let sum = sum_formula(row, 1, row, total_col - 1, pr.activities.len());
        ws.write_formula_with_format(row, total_col, sum, &f.int)?;
    }
    let (first, last) = (head + 1, row);
    row += 1;
    ws.write_string_with_format(row, 0, tr(lang, "xlsx.summary.total", &[]), &f.total)?;
    for (i, s) in ActivityStatus::ALL.into_iter().enumerate() {
        let c = i as u16 + 1;
        let n = a.by_status.get(&s).copied().unwrap_or(0);
        ws.write_formula_with_format(row, c, sum_formula(first, c, last, c, n), &f.total_int)?;
    }
    let sum = sum_formula(first, total_col, last, total_col, a.total);
    ws.write_formula_with_format(row, total_col, sum, &f.total_int)?;
    if last >= first {
        ws.insert_chart(5, 3, &priority_chart(name, head, first, last, lang))?;
    }
    Ok(row)
}

/// A `SUM` over a block of cells that carries `result`, the figure from [`ReportData`].
pub(super) fn sum_formula(
    first_row: u32,
    first_col: u16,
    last_row: u32,
    last_col: u16,
    result: usize,
) -> Formula {
    Formula::new(format!(
        "=SUM({}:{})",
        cell_ref(first_row, first_col),
        cell_ref(last_row, last_col)
    ))
    .set_result(result.to_string())
}

/// The stacked bar chart of activity status by priority, over the summary's table whose
/// header is row `head` and whose priorities are rows `first` to `last`.
pub(super) fn priority_chart(name: &str, head: u32, first: u32, last: u32, lang: Lang) -> Chart {
    let mut chart = Chart::new(ChartType::BarStacked);
    for (i, s) in ActivityStatus::ALL.into_iter().enumerate() {
        let c = i as u16 + 1;
        let colour = status_colours(s).2;
        chart
            .add_series()
            .set_name((name, head, c))
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, c, last, c))
            .set_format(ChartSolidFill::new().set_color(Color::RGB(colour)))
            .set_gap(60);
    }
    chart
        .title()
        .set_name(&tr(lang, "xlsx.summary.by-priority", &[]));
    // In a bar chart the y axis holds the categories: list them top down.
    chart.y_axis().set_reverse();
    chart
        .x_axis()
        .set_name(&tr(lang, "xlsx.chart.activities", &[]));
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(620).set_height(320);
    chart.set_alt_text(tr(lang, "xlsx.summary.by-priority", &[]));
    chart
}

/// Pledges by status from `row` on; returns the last row written.
pub(super) fn pledges_by_status(
    ws: &mut Worksheet,
    mut row: u32,
    report: &ReportData,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<u32, XlsxError> {
    ws.write_string_with_format(
        row,
        0,
        tr(lang, "xlsx.summary.by-pledge-status", &[]),
        &f.heading,
    )?;
    row += 1;
    ws.write_string_with_format(row, 0, tr(lang, "xlsx.summary.status", &[]), &f.header)?;
    ws.write_string_with_format(row, 1, tr(lang, "xlsx.summary.count", &[]), &f.header)?;
    for &s in PledgeStatus::ALL {
        row += 1;
        ws.write_string_with_format(row, 0, pledge_status_label(lang, s), &f.text)?;
        let n = report.pledges.by_status.get(&s).copied().unwrap_or(0);
        ws.write_number_with_format(row, 1, n as f64, &f.int)?;
    }
    Ok(row)
}

/// Pledges by GCM objective from `row` on, with its chart.
pub(super) fn by_objective(
    ws: &mut Worksheet,
    name: &str,
    mut row: u32,
    report: &ReportData,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let objectives_row = row;
    ws.write_string_with_format(
        row,
        0,
        tr(lang, "xlsx.summary.by-objective", &[]),
        &f.heading,
    )?;
    row += 1;
    ws.write_string_with_format(row, 0, tr(lang, "xlsx.summary.objective", &[]), &f.header)?;
    ws.write_string_with_format(row, 1, tr(lang, "xlsx.summary.pledges", &[]), &f.header)?;
    let ohead = row;
    for o in &report.objectives {
        row += 1;
        let label = tr(
            lang,
            "xlsx.summary.objective-label",
            &[("n", &o.number), ("short", &o.short.get(lang))],
        );
        ws.write_string_with_format(row, 0, &label, &f.text)?;
        let n = report
            .pledges
            .by_objective
            .get(&o.number)
            .copied()
            .unwrap_or(0);
        ws.write_number_with_format(row, 1, n as f64, &f.int)?;
    }
    let olast = row;
    row += 1;
    ws.write_string_with_format(
        row,
        0,
        tr(lang, "xlsx.summary.objective-note", &[]),
        &f.note,
    )?;
    if olast > ohead {
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name((name, ohead, 1))
            .set_categories((name, ohead + 1, 0, olast, 0))
            .set_values((name, ohead + 1, 1, olast, 1))
            .set_format(ChartSolidFill::new().set_color(Color::RGB(0x4472C4)))
            .set_gap(40);
        chart
            .title()
            .set_name(&tr(lang, "xlsx.summary.by-objective", &[]));
        chart.y_axis().set_reverse();
        chart
            .x_axis()
            .set_name(&tr(lang, "xlsx.summary.pledges", &[]));
        chart.legend().set_hidden();
        chart.set_width(620).set_height(620);
        chart.set_alt_text(tr(lang, "xlsx.summary.by-objective", &[]));
        ws.insert_chart(objectives_row, 3, &chart)?;
    }
    Ok(())
}

/// Returns an A1 reference (0-based row and column).
pub(super) fn cell_ref(row: u32, col: u16) -> String {
    format!(
        "{}{}",
        crate::sheets::write::column_letter(col as usize),
        row + 1
    )
}
