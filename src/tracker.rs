//! The consolidated trackers: one Excel workbook per language with every activity, report,
//! pledge, finding and plan entry, for the secretariat to sort and filter.
//!
//! The tracker exists because a PDF cannot be filtered: the same figures as the reports, laid
//! out as Excel tables with their sources (file, sheet, row) so any number can be traced back
//! to the cell it came from. It never computes a figure: every count, share and status comes
//! from [`ReportData`] (the lists from the intake and the plan as they are), and the few
//! formulas it writes carry that figure as their cached result. It never lets a cell of input
//! become a formula: text is always written as a string. Its bytes depend only on the inputs
//! and the as-of date (the creation time is derived from the latter), so two runs match.
//!
//! A tracker holds every row the run read (100,000 reports make a History sheet of 1.3 million
//! cells), so it is never built in memory: the list sheets are "constant memory" worksheets
//! that write each row, as it is made, to an unnamed temporary file in the system's temporary
//! folder (gone when the workbook is dropped, even after a crash), with their text inline
//! rather than in a shared string table; rows are made from the records one at a time; and
//! [`write`] streams the finished workbook into the writer it is given. Only the summary, whose
//! charts read back its cells, is an ordinary in-memory worksheet.

use std::io::Write;
use std::panic::AssertUnwindSafe;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartSolidFill, ChartType, Color, ConditionalFormatCell,
    ConditionalFormatCellRule, DocProperties, Format, FormatAlign, FormatBorder, Formula, Table,
    TableStyle, Workbook, Worksheet, XlsxError,
};

use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::findings::Severity;
use crate::i18n::{self, format_date_range, format_month, tr, Lang};
use crate::model::{
    ActivityStatus, PledgeEntityType, PledgeStatus, PreviousPledgeStatus, Source, Status,
};
use crate::plan::{Activity, Schedule};
use crate::report::ReportData;
use crate::{reference, Checked};

/// Manifest kind of the trackers.
pub const KIND: &str = "tracker";

/// Excel's longest cell text, in UTF-16 units.
const MAX_CELL_TEXT: usize = 32_767;

/// Excel's most hyperlinks in one worksheet.
const MAX_LINKS: usize = 65_530;

/// A tracker workbook, ready to write.
pub struct Tracker {
    /// Its language.
    pub lang: Lang,
    /// File name from the string table (`seguimiento-2024-Q2-es.xlsx`).
    pub file_name: String,
    /// The workbook's bytes.
    pub bytes: Vec<u8>,
}

/// Builds the tracker in both languages, in memory. `run` streams them to disk with [`write`]
/// instead.
pub fn build_all(checked: &Checked) -> Result<Vec<Tracker>> {
    Lang::ALL
        .iter()
        .map(|&lang| {
            let mut bytes = Vec::new();
            write(checked, lang, &mut bytes)?;
            Ok(Tracker {
                lang,
                file_name: file_name(lang, &checked.report.meta.period),
                bytes,
            })
        })
        .collect()
}

/// Builds the tracker in `lang` and streams the workbook into `writer`.
///
/// The workbook library panics when it cannot write a list sheet's temporary file (a full
/// temporary folder); that panic is caught here and becomes an error of the run, like any
/// other failure to build the workbook.
pub fn write<W: Write + Send>(checked: &Checked, lang: Lang, writer: W) -> Result<()> {
    let file = file_name(lang, &checked.report.meta.period);
    match std::panic::catch_unwind(AssertUnwindSafe(|| write_to(checked, lang, writer))) {
        Ok(result) => result.map_err(|e| xlsx_error(&file, e)),
        Err(panic) => {
            let cause = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_default();
            Err(Error::new("xlsx.error", &[("file", &file)])
                .cause(cause)
                .hint("hint.tempdir", &[("dir", &std::env::temp_dir().display())]))
        }
    }
}

/// Returns the tracker's file name in `lang` for a period (`2024-Q2`).
pub fn file_name(lang: Lang, period: &str) -> String {
    tr(lang, "xlsx.file", &[("period", &period)])
}

/// Wraps a workbook library error into the run's error, naming the file.
pub(crate) fn xlsx_error(file: &str, e: XlsxError) -> Error {
    let hint = match &e {
        XlsxError::TempFileError(dir, _) => Some(dir.display().to_string()),
        _ => None,
    };
    let error = Error::new("xlsx.error", &[("file", &file)]).cause(e);
    match hint {
        Some(dir) => error.hint("hint.tempdir", &[("dir", &dir)]),
        None => error,
    }
}

/// Builds the tracker workbook in `lang`, in memory.
pub fn build(checked: &Checked, lang: Lang) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut bytes = Vec::new();
    write_to(checked, lang, &mut bytes)?;
    Ok(bytes)
}

/// Builds the tracker workbook in `lang` and writes it into `writer`.
fn write_to<W: Write + Send>(
    checked: &Checked,
    lang: Lang,
    writer: W,
) -> std::result::Result<(), XlsxError> {
    let report = &checked.report;
    let f = Formats::new(lang);
    let mut wb = Workbook::new();
    wb.set_properties(&properties(report, lang));
    // Sheets are made one after the other, in their order in the workbook: the list sheets
    // number their formats in the workbook as they write them, so the order fixes the bytes.
    wb.push_worksheet(summary(report, lang, &f)?);
    let ws = activities(&mut wb, checked, lang, &f)?;
    wb.push_worksheet(ws);
    let ws = history(&mut wb, checked, lang, &f)?;
    wb.push_worksheet(ws);
    let ws = pledges(&mut wb, report, lang, &f)?;
    wb.push_worksheet(ws);
    let ws = pledge_history(&mut wb, checked, lang, &f)?;
    wb.push_worksheet(ws);
    let ws = findings(
        &mut wb,
        &checked.findings,
        checked.plan.registry(),
        lang,
        &f,
    )?;
    wb.push_worksheet(ws);
    let ws = plan(&mut wb, checked, lang, &f)?;
    wb.push_worksheet(ws);
    wb.save_to_writer(writer)
}

/// Returns the fixed creation time of workbooks made for `as_of`: noon UTC of that day.
pub(crate) fn creation_time(as_of: NaiveDate) -> NaiveDateTime {
    as_of.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
}

fn properties(report: &ReportData, lang: Lang) -> DocProperties {
    let meta = &report.meta;
    let period = meta.period.as_str();
    DocProperties::new()
        .set_title(tr(
            lang,
            "xlsx.title",
            &[("plan", &meta.plan_title.get(lang)), ("period", &period)],
        ))
        .set_subject(tr(
            lang,
            "xlsx.subject",
            &[("date", &meta.as_of_text.get(lang))],
        ))
        .set_author(meta.network.get(lang))
        .set_company(meta.network.get(lang))
        .set_category(tr(lang, "xlsx.category", &[]))
        .set_keywords(tr(lang, "xlsx.keywords", &[("period", &period)]))
        .set_comment(tr(lang, "xlsx.comment", &[]))
        .set_creation_datetime(&creation_time(meta.as_of))
}

/// The cell formats of one workbook.
struct Formats {
    title: Format,
    subtitle: Format,
    heading: Format,
    note: Format,
    warning: Format,
    header: Format,
    text: Format,
    wrap: Format,
    int: Format,
    number: Format,
    percent: Format,
    date: Format,
    month: Format,
    total: Format,
    total_int: Format,
}

impl Formats {
    fn new(lang: Lang) -> Formats {
        let date = match lang {
            Lang::Es => "dd/mm/yyyy",
            Lang::En => "yyyy-mm-dd",
        };
        let top = || Format::new().set_align(FormatAlign::Top);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic(),
            heading: Format::new().set_bold().set_font_size(12),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            warning: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0x9C0006)),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin),
            text: top(),
            wrap: top().set_text_wrap(),
            int: top().set_num_format("0"),
            number: top().set_num_format("0.##"),
            percent: top().set_num_format("0%"),
            date: top().set_num_format(date),
            month: top().set_num_format("yyyy-mm"),
            total: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xF2F2F2)),
            total_int: Format::new()
                .set_bold()
                .set_num_format("0")
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xF2F2F2)),
        }
    }
}

/// One cell of a list sheet.
enum V {
    /// Text on one line.
    Text(String),
    /// Text that wraps in a wide column.
    Wrap(String),
    /// A whole number.
    Int(i64),
    /// A number.
    Number(Option<f64>),
    /// A percentage given as 0-100.
    Percent(Option<f64>),
    /// A date.
    Date(Option<NaiveDate>),
    /// A month, shown `yyyy-mm`.
    Month(Option<YearMonth>),
    /// A link, written as a hyperlink when it is an http(s) URL.
    Link(Option<String>),
}

/// A column of a list sheet: its header key (`xlsx.col.<key>`) and width in characters.
struct Col(&'static str, f64);

/// Clips a text to what an Excel cell holds.
pub(crate) fn clip(s: &str) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_TEXT {
            return &s[..i];
        }
    }
    s
}

/// Returns true for a link a spreadsheet may open: http or https, no white space.
pub(crate) fn is_web_link(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && lower.len() > "https://".len()
        && !s.trim().chars().any(char::is_whitespace)
}

/// Writes one cell; text is always a string, never read as a formula.
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &V,
    f: &Formats,
    links: &mut usize,
) -> std::result::Result<(), XlsxError> {
    match v {
        V::Text(s) => {
            ws.write_string_with_format(row, col, clip(s), &f.text)?;
        }
        V::Wrap(s) => {
            ws.write_string_with_format(row, col, clip(s), &f.wrap)?;
        }
        V::Int(n) => {
            ws.write_number_with_format(row, col, *n as f64, &f.int)?;
        }
        V::Number(Some(n)) => {
            ws.write_number_with_format(row, col, *n, &f.number)?;
        }
        V::Percent(Some(p)) => {
            ws.write_number_with_format(row, col, *p / 100.0, &f.percent)?;
        }
        V::Date(Some(d)) => {
            ws.write_date_with_format(row, col, d, &f.date)?;
        }
        V::Month(Some(m)) => {
            ws.write_date_with_format(row, col, m.first_day(), &f.month)?;
        }
        V::Link(Some(url)) => {
            let url = url.trim();
            let linked =
                *links < MAX_LINKS && is_web_link(url) && ws.write_url(row, col, url).is_ok();
            if linked {
                *links += 1;
            } else {
                ws.write_string_with_format(row, col, clip(url), &f.text)?;
            }
        }
        V::Number(None) | V::Percent(None) | V::Date(None) | V::Month(None) | V::Link(None) => {}
    }
    Ok(())
}

/// Writes a list sheet: a header row, one row per record, as a filterable Excel table with
/// a frozen header row.
///
/// The sheet is a constant-memory worksheet of `wb`: each row goes to its temporary file as
/// soon as the next one starts, so everything that concerns a row (its height, the table's
/// header over row 0) is set while that row is the current one, and `rows` are made one at a
/// time as they are written.
#[allow(clippy::too_many_arguments)]
fn list_sheet(
    wb: &mut Workbook,
    lang: Lang,
    sheet_key: &str,
    table_key: &str,
    cols: &[Col],
    rows: impl ExactSizeIterator<Item = Vec<V>>,
    freeze_cols: u16,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = wb.new_worksheet_with_constant_memory()?;
    ws.set_name(tr(lang, &format!("xlsx.sheet.{sheet_key}"), &[]))?;
    for (c, col) in cols.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, col.1)?;
        ws.write_string_with_format(
            0,
            c,
            tr(lang, &format!("xlsx.col.{}", col.0), &[]),
            &f.header,
        )?;
    }
    ws.set_row_height(0, 30)?;
    // A table needs one data row; an empty list keeps one blank row. The table rewrites
    // its header cells, so it is added while row 0 is still the current row.
    let last_row = rows.len().max(1) as u32;
    let table = Table::new()
        .set_name(tr(lang, &format!("xlsx.table.{table_key}"), &[]))
        .set_style(TableStyle::Medium2);
    ws.add_table(0, 0, last_row, cols.len() as u16 - 1, &table)?;
    let mut links = 0;
    for (r, row) in rows.enumerate() {
        for (c, v) in row.iter().enumerate() {
            write_cell(&mut ws, r as u32 + 1, c as u16, v, f, &mut links)?;
        }
        // Not every program grows a row to its wrapped text; give it the height it needs.
        let lines = row
            .iter()
            .zip(cols)
            .filter_map(|(v, col)| match v {
                V::Wrap(s) => Some(wrapped_lines(s, col.1)),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(r as u32 + 1, 15.0 * lines.min(MAX_ROW_LINES) as f64)?;
        }
    }
    ws.set_freeze_panes(1, freeze_cols)?;
    ws.set_landscape();
    ws.set_repeat_rows(0, 0)?;
    Ok(ws)
}

/// The most text lines a list row is made tall enough to show.
const MAX_ROW_LINES: usize = 8;

/// Estimates how many lines a text takes in a column `width` characters wide.
fn wrapped_lines(s: &str, width: f64) -> usize {
    let per_line = (width * 1.1).max(1.0) as usize;
    s.lines()
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>()
        .max(1)
}

/// Returns the column index of a header key in `cols`.
fn col_of(cols: &[Col], key: &str) -> u16 {
    cols.iter().position(|c| c.0 == key).unwrap_or(0) as u16
}

/// Colours a column's cells whose text equals each given value.
fn colour_values(
    ws: &mut Worksheet,
    col: u16,
    rows: usize,
    values: &[(String, u32, u32)],
) -> std::result::Result<(), XlsxError> {
    if rows == 0 {
        return Ok(());
    }
    for (value, fill, font) in values {
        let cf = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(value.as_str()))
            .set_format(
                Format::new()
                    .set_background_color(Color::RGB(*fill))
                    .set_font_color(Color::RGB(*font)),
            );
        ws.add_conditional_format(1, col, rows as u32, col, &cf)?;
    }
    Ok(())
}

/// Fill and font colours of each activity status, for cells and charts (the one table of
/// [`crate::palette`]): (cell fill, cell font, chart fill).
fn status_colours(status: ActivityStatus) -> (u32, u32, u32) {
    let s = crate::palette::activity(status);
    (s.cell_fill(), s.cell_ink(), s.colour)
}

/// The IATI ActivityStatus code of an activity status, beside it in every sheet (blank for
/// `not-reported`, which has none).
fn iati(status: ActivityStatus) -> V {
    match status.iati() {
        Some(code) => V::Int(i64::from(code)),
        None => V::Number(None),
    }
}

fn status_label(lang: Lang, status: impl Into<ActivityStatus>) -> String {
    tr(lang, status.into().label_key(), &[])
}

fn pledge_status_label(lang: Lang, status: impl Into<PreviousPledgeStatus>) -> String {
    tr(lang, status.into().label_key(), &[])
}

fn entity_label(lang: Lang, entity_type: impl Into<PledgeEntityType>) -> String {
    tr(lang, entity_type.into().label_key(), &[])
}

fn yes_no(lang: Lang, b: bool) -> String {
    tr(lang, if b { "xlsx.yes" } else { "xlsx.no" }, &[])
}

fn objectives_text(objectives: &[u8]) -> String {
    objectives
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn source_cells(source: Option<&Source>) -> [V; 3] {
    match source {
        Some(s) => [
            V::Text(s.file.to_string()),
            V::Text(s.sheet.as_deref().unwrap_or_default().to_string()),
            V::Int(i64::from(s.row)),
        ],
        None => [
            V::Text(String::new()),
            V::Text(String::new()),
            V::Number(None),
        ],
    }
}

fn summary(
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

    // Headline figures.
    let mut row = 5;
    ws.write_string_with_format(row, 0, tr(lang, "xlsx.summary.figures", &[]), &f.heading)?;
    row += 1;
    ws.write_string_with_format(row, 0, tr(lang, "xlsx.summary.figure", &[]), &f.header)?;
    ws.write_string_with_format(row, 1, tr(lang, "xlsx.summary.value", &[]), &f.header)?;
    let a = &report.activities;
    let p = &report.pledges;
    let counts = report.findings.counts;
    let figures: Vec<(&str, V)> = vec![
        ("activities", V::Int(a.total as i64)),
        (
            "completed",
            V::Int(a.by_status[&ActivityStatus::from(Status::Completed)] as i64),
        ),
        ("completed-share", V::Percent(Some(a.completed_share))),
        ("overdue", V::Int(a.overdue.len() as i64)),
        ("missing-reports", V::Int(a.missing_reports.len() as i64)),
        (
            "missing-occurrences",
            V::Int(a.missing_occurrences.len() as i64),
        ),
        ("pledges", V::Int(p.total as i64)),
        ("pledges-updated", V::Int(p.updated_this_quarter as i64)),
        ("pledges-not-updated", V::Int(p.not_updated as i64)),
        ("pledges-new", V::Int(p.new_this_quarter as i64)),
        ("pledges-changed", V::Int(p.changed as i64)),
        ("findings-error", V::Int(counts.error as i64)),
        ("findings-warning", V::Int(counts.warning as i64)),
        ("findings-info", V::Int(counts.info as i64)),
    ];
    let mut links = 0;
    for (key, v) in &figures {
        row += 1;
        ws.write_string_with_format(row, 0, tr(lang, &format!("xlsx.fig.{key}"), &[]), &f.text)?;
        write_cell(&mut ws, row, 1, v, f, &mut links)?;
    }

    // Activity status by priority, with totals as formulas carrying ReportData's figures.
    row += 2;
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
        let sum = Formula::new(format!(
            "=SUM({}:{})",
            cell_ref(row, 1),
            cell_ref(row, total_col - 1)
        ))
        .set_result(pr.activities.len().to_string());
        ws.write_formula_with_format(row, total_col, sum, &f.int)?;
    }
    let (first, last) = (head + 1, row);
    row += 1;
    ws.write_string_with_format(row, 0, tr(lang, "xlsx.summary.total", &[]), &f.total)?;
    for (i, s) in ActivityStatus::ALL.into_iter().enumerate() {
        let c = i as u16 + 1;
        let sum = Formula::new(format!(
            "=SUM({}:{})",
            cell_ref(first, c),
            cell_ref(last, c)
        ))
        .set_result(a.by_status.get(&s).copied().unwrap_or(0).to_string());
        ws.write_formula_with_format(row, c, sum, &f.total_int)?;
    }
    let sum = Formula::new(format!(
        "=SUM({}:{})",
        cell_ref(first, total_col),
        cell_ref(last, total_col)
    ))
    .set_result(a.total.to_string());
    ws.write_formula_with_format(row, total_col, sum, &f.total_int)?;

    if last >= first {
        let mut chart = Chart::new(ChartType::BarStacked);
        for (i, s) in ActivityStatus::ALL.into_iter().enumerate() {
            let c = i as u16 + 1;
            let colour = status_colours(s).2;
            chart
                .add_series()
                .set_name((name.as_str(), head, c))
                .set_categories((name.as_str(), first, 0, last, 0))
                .set_values((name.as_str(), first, c, last, c))
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
        ws.insert_chart(5, 3, &chart)?;
    }

    // Pledges by status.
    row += 2;
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
        let n = p.by_status.get(&s).copied().unwrap_or(0);
        ws.write_number_with_format(row, 1, n as f64, &f.int)?;
    }

    // Pledges by GCM objective.
    row += 2;
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
        let n = p.by_objective.get(&o.number).copied().unwrap_or(0);
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
            .set_name((name.as_str(), ohead, 1))
            .set_categories((name.as_str(), ohead + 1, 0, olast, 0))
            .set_values((name.as_str(), ohead + 1, 1, olast, 1))
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
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_active(true);
    Ok(ws)
}

/// Returns an A1 reference (0-based row and column).
fn cell_ref(row: u32, col: u16) -> String {
    format!(
        "{}{}",
        crate::findings::column_letter(col as usize),
        row + 1
    )
}

fn activities(
    wb: &mut Workbook,
    checked: &Checked,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let cols = [
        Col("code", 8.0),
        Col("priority", 9.0),
        Col("title", 50.0),
        Col("lead", 16.0),
        Col("support", 18.0),
        Col("calendar", 24.0),
        Col("window-end", 12.0),
        Col("recurring", 11.0),
        Col("status", 13.0),
        Col("iati-status", 9.0),
        Col("progress", 10.0),
        Col("overdue", 11.0),
        Col("missing-report", 13.0),
        Col("occurrences-expected", 13.0),
        Col("occurrences-met", 13.0),
        Col("last-report", 11.0),
        Col("reported-by", 14.0),
        Col("reports", 10.0),
        Col("previous-status", 14.0),
        Col("previous-iati-status", 9.0),
        Col("changed", 11.0),
        Col("narrative", 50.0),
        Col("next-steps", 36.0),
        Col("evidence", 30.0),
        Col("file", 30.0),
        Col("sheet", 12.0),
        Col("row", 7.0),
    ];
    let list = &checked.report.activities.list;
    let n = list.len();
    let rows = list.iter().map(|a| {
        let window_end = checked
            .plan
            .activity(&a.code)
            .map(|p| p.schedule.window_end);
        let mut row = vec![
            V::Text(a.code.clone()),
            V::Text(a.priority.clone()),
            V::Wrap(a.title.get(lang).to_string()),
            V::Wrap(a.lead.get(lang).to_string()),
            V::Wrap(a.support.get(lang).to_string()),
            V::Wrap(a.calendar.get(lang).to_string()),
            V::Date(window_end),
            V::Text(yes_no(lang, a.recurring)),
            V::Text(status_label(lang, a.status)),
            iati(a.status),
            V::Percent(a.progress),
            V::Text(yes_no(lang, a.overdue)),
            V::Text(yes_no(lang, a.missing_report)),
            V::Int(a.occurrences_expected as i64),
            V::Int(a.occurrences_met as i64),
            V::Month(a.last_period_iso),
            V::Text(
                a.reported_by
                    .as_ref()
                    .map(|t| t.get(lang).to_string())
                    .unwrap_or_default(),
            ),
            V::Int(a.reports as i64),
            V::Text(status_label(lang, a.previous_status)),
            iati(a.previous_status),
            V::Text(yes_no(lang, a.changed)),
            V::Wrap(
                a.narrative
                    .as_ref()
                    .map(|t| t.get(lang).to_string())
                    .unwrap_or_default(),
            ),
            V::Wrap(a.next_steps.clone().unwrap_or_default()),
            V::Link(a.evidence.clone()),
        ];
        row.extend(source_cells(a.source.as_ref()));
        row
    });
    let mut ws = list_sheet(wb, lang, "activities", "activities", &cols, rows, 1, f)?;
    status_conditions(&mut ws, col_of(&cols, "status"), n, lang)?;
    status_conditions(&mut ws, col_of(&cols, "previous-status"), n, lang)?;
    let yes = tr(lang, "xlsx.yes", &[]);
    for key in ["overdue", "missing-report"] {
        colour_values(
            &mut ws,
            col_of(&cols, key),
            n,
            &[(yes.clone(), 0xFFC7CE, 0x9C0006)],
        )?;
    }
    Ok(ws)
}

fn status_conditions(
    ws: &mut Worksheet,
    col: u16,
    rows: usize,
    lang: Lang,
) -> std::result::Result<(), XlsxError> {
    let values: Vec<(String, u32, u32)> = ActivityStatus::ALL
        .into_iter()
        .map(|s| {
            let (fill, font, _) = status_colours(s);
            (status_label(lang, s), fill, font)
        })
        .collect();
    colour_values(ws, col, rows, &values)
}

fn history(
    wb: &mut Workbook,
    checked: &Checked,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let cols = [
        Col("code", 8.0),
        Col("period", 10.0),
        Col("agency", 12.0),
        Col("status", 13.0),
        Col("iati-status", 9.0),
        Col("progress", 10.0),
        Col("date", 12.0),
        Col("narrative-es", 45.0),
        Col("narrative-en", 45.0),
        Col("next-steps", 32.0),
        Col("evidence", 30.0),
        Col("file", 30.0),
        Col("sheet", 12.0),
        Col("row", 7.0),
    ];
    let r = checked.plan.registry();
    let list = &checked.intake.status;
    let n = list.len();
    let rows = list.iter().map(|s| {
        let mut row = vec![
            V::Text(s.activity.clone()),
            V::Month(Some(s.period)),
            V::Text(r.agency_label(&s.agency, lang)),
            V::Text(status_label(lang, s.status)),
            V::Int(i64::from(s.status.iati())),
            V::Percent(s.progress),
            V::Date(s.date),
            V::Wrap(s.narrative_es.clone().unwrap_or_default()),
            V::Wrap(s.narrative_en.clone().unwrap_or_default()),
            V::Wrap(s.next_steps.clone().unwrap_or_default()),
            V::Link(s.evidence.clone()),
        ];
        row.extend(source_cells(Some(&s.source)));
        row
    });
    let mut ws = list_sheet(wb, lang, "history", "history", &cols, rows, 1, f)?;
    status_conditions(&mut ws, col_of(&cols, "status"), n, lang)?;
    Ok(ws)
}

fn pledge_status_conditions(
    ws: &mut Worksheet,
    col: u16,
    rows: usize,
    lang: Lang,
) -> std::result::Result<(), XlsxError> {
    let values: Vec<(String, u32, u32)> = PledgeStatus::ALL
        .iter()
        .map(|&s| {
            let w = crate::palette::pledge(s);
            (pledge_status_label(lang, s), w.cell_fill(), w.cell_ink())
        })
        .collect();
    colour_values(ws, col, rows, &values)
}

fn pledges(
    wb: &mut Workbook,
    report: &ReportData,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let cols = [
        Col("pledge", 14.0),
        Col("pledge-title", 45.0),
        Col("entity", 28.0),
        Col("entity-type", 16.0),
        Col("countries", 24.0),
        Col("objectives", 14.0),
        Col("status", 14.0),
        Col("previous-status", 14.0),
        Col("changed", 11.0),
        Col("update-date", 12.0),
        Col("updated", 12.0),
        Col("records", 10.0),
        Col("pledge-narrative", 45.0),
        Col("file", 30.0),
        Col("sheet", 12.0),
        Col("row", 7.0),
    ];
    let list = &report.pledges.list;
    let n = list.len();
    let rows = list.iter().map(|p| {
        let mut row = vec![
            V::Text(p.id.clone()),
            V::Wrap(p.title.clone()),
            V::Wrap(p.entity.clone()),
            V::Text(entity_label(lang, p.entity_type)),
            V::Wrap(p.country_names.get(lang).to_string()),
            V::Text(objectives_text(&p.objectives)),
            V::Text(pledge_status_label(lang, p.status)),
            V::Text(pledge_status_label(lang, p.previous_status)),
            V::Text(yes_no(lang, p.changed)),
            V::Date(Some(p.update_date)),
            V::Text(yes_no(lang, p.updated_this_quarter)),
            V::Int(p.records as i64),
            V::Wrap(p.narrative.clone().unwrap_or_default()),
        ];
        row.extend(source_cells(Some(&p.source)));
        row
    });
    let mut ws = list_sheet(wb, lang, "pledges", "pledges", &cols, rows, 1, f)?;
    pledge_status_conditions(&mut ws, col_of(&cols, "status"), n, lang)?;
    let no = tr(lang, "xlsx.no", &[]);
    colour_values(
        &mut ws,
        col_of(&cols, "updated"),
        n,
        &[(no, 0xFFEB9C, 0x9C5700)],
    )?;
    Ok(ws)
}

fn pledge_history(
    wb: &mut Workbook,
    checked: &Checked,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let cols = [
        Col("pledge", 14.0),
        Col("pledge-title", 45.0),
        Col("entity", 28.0),
        Col("entity-type", 16.0),
        Col("countries", 24.0),
        Col("objectives", 14.0),
        Col("status", 14.0),
        Col("update-date", 12.0),
        Col("pledge-narrative", 45.0),
        Col("file", 30.0),
        Col("sheet", 12.0),
        Col("row", 7.0),
    ];
    let r = reference::get();
    let list = &checked.intake.pledges;
    let n = list.len();
    let rows = list.iter().map(|p| {
        let countries = p
            .countries
            .iter()
            .map(|c| {
                r.country_by_iso(c)
                    .map_or(c.clone(), |k| k.name.get(lang).to_string())
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut row = vec![
            V::Text(p.id.clone()),
            V::Wrap(p.title.clone()),
            V::Wrap(p.entity.clone()),
            V::Text(entity_label(lang, p.entity_type)),
            V::Wrap(countries),
            V::Text(objectives_text(&p.objectives)),
            V::Text(pledge_status_label(lang, p.status)),
            V::Date(Some(p.update_date)),
            V::Wrap(p.narrative.clone().unwrap_or_default()),
        ];
        row.extend(source_cells(Some(&p.source)));
        row
    });
    let mut ws = list_sheet(
        wb,
        lang,
        "pledge-history",
        "pledge-history",
        &cols,
        rows,
        1,
        f,
    )?;
    pledge_status_conditions(&mut ws, col_of(&cols, "status"), n, lang)?;
    Ok(ws)
}

fn findings(
    wb: &mut Workbook,
    list: &[crate::findings::Finding],
    r: &reference::Reference,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let cols = [
        Col("severity", 11.0),
        Col("finding-code", 22.0),
        Col("file", 30.0),
        Col("sheet", 12.0),
        Col("row", 7.0),
        Col("column", 9.0),
        Col("activity", 10.0),
        Col("pledge", 14.0),
        Col("agency", 12.0),
        Col("message", 80.0),
    ];
    let n = list.len();
    let rows = list.iter().map(|x| {
        let loc = &x.location;
        vec![
            V::Text(tr(lang, x.severity().label_key(), &[])),
            V::Text(x.code.as_str().to_string()),
            V::Text(loc.file.clone().unwrap_or_default()),
            V::Text(loc.sheet.clone().unwrap_or_default()),
            match loc.row {
                Some(n) => V::Int(i64::from(n)),
                None => V::Number(None),
            },
            V::Text(loc.column.clone().unwrap_or_default()),
            V::Text(x.activity.clone().unwrap_or_default()),
            V::Text(x.pledge.clone().unwrap_or_default()),
            V::Text(
                x.agency
                    .as_deref()
                    .map(|a| r.agency_label(a, lang))
                    .unwrap_or_default(),
            ),
            V::Wrap(x.message.get(lang).to_string()),
        ]
    });
    let mut ws = list_sheet(wb, lang, "findings", "findings", &cols, rows, 0, f)?;
    let values: Vec<(String, u32, u32)> = Severity::ALL
        .iter()
        .map(|&s| {
            let (fill, font) = crate::palette::severity_cell(s);
            (tr(lang, s.label_key(), &[]), fill, font)
        })
        .collect();
    colour_values(&mut ws, 0, n, &values)?;
    Ok(ws)
}

/// Describes a parsed calendar in words.
pub fn describe_schedule(lang: Lang, schedule: &Schedule) -> String {
    match schedule {
        Schedule::None => tr(lang, "xlsx.schedule.none", &[]),
        Schedule::Continuous => tr(lang, "xlsx.schedule.continuous", &[]),
        Schedule::Monthly => tr(lang, "xlsx.schedule.monthly", &[]),
        Schedule::Recurring { months } => {
            let names = months
                .iter()
                .map(|&m| i18n::month_name(lang, m))
                .collect::<Vec<_>>()
                .join(", ");
            tr(lang, "xlsx.schedule.recurring", &[("months", &names)])
        }
        Schedule::Dates { start, end } => tr(
            lang,
            "xlsx.schedule.dates",
            &[("dates", &format_date_range(lang, *start, *end))],
        ),
        Schedule::Month { month } => tr(
            lang,
            "xlsx.schedule.month",
            &[("month", &format_month(lang, *month))],
        ),
        Schedule::MonthRange { start, end } => tr(
            lang,
            "xlsx.schedule.month-range",
            &[
                ("start", &format_month(lang, *start)),
                ("end", &format_month(lang, *end)),
            ],
        ),
        Schedule::Tentative { month, days } if days.is_empty() => tr(
            lang,
            "xlsx.schedule.tentative",
            &[("month", &format_month(lang, *month))],
        ),
        Schedule::Tentative { month, days } => {
            let days = days
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            tr(
                lang,
                "xlsx.schedule.tentative-days",
                &[("month", &format_month(lang, *month)), ("days", &days)],
            )
        }
        Schedule::Periodic { every, from, to } => {
            let every = tr(
                lang,
                &format!("xlsx.schedule.every.{}", period_key(*every)),
                &[],
            );
            match (from, to) {
                (None, None) => tr(lang, "xlsx.schedule.periodic", &[("every", &every)]),
                (Some(f), None) => tr(
                    lang,
                    "xlsx.schedule.periodic-from",
                    &[("every", &every), ("start", &format_month(lang, *f))],
                ),
                (None, Some(t)) => tr(
                    lang,
                    "xlsx.schedule.periodic-until",
                    &[("every", &every), ("end", &format_month(lang, *t))],
                ),
                (Some(f), Some(t)) => tr(
                    lang,
                    "xlsx.schedule.periodic-within",
                    &[
                        ("every", &every),
                        ("start", &format_month(lang, *f)),
                        ("end", &format_month(lang, *t)),
                    ],
                ),
            }
        }
        Schedule::Months { months } => {
            let names = months
                .iter()
                .map(|&m| format_month(lang, m))
                .collect::<Vec<_>>()
                .join(", ");
            tr(lang, "xlsx.schedule.months", &[("months", &names)])
        }
        Schedule::ContinuousWithin { start, end } => match end {
            None => tr(
                lang,
                "xlsx.schedule.continuous-from",
                &[("start", &format_month(lang, *start))],
            ),
            Some(end) => tr(
                lang,
                "xlsx.schedule.continuous-within",
                &[
                    ("start", &format_month(lang, *start)),
                    ("end", &format_month(lang, *end)),
                ],
            ),
        },
        Schedule::Until { end } => tr(
            lang,
            "xlsx.schedule.until",
            &[("end", &crate::i18n::format_date(lang, *end))],
        ),
    }
}

/// The string-table key of a period length.
fn period_key(every: crate::plan::schedule::Period) -> &'static str {
    use crate::plan::schedule::Period;
    match every {
        Period::Month => "month",
        Period::TwoMonths => "two-months",
        Period::Quarter => "quarter",
        Period::Half => "half",
        Period::Year => "year",
    }
}

fn plan_row(a: &Activity, r: &reference::Reference, lang: Lang) -> Vec<V> {
    let join = |texts: &[crate::i18n::Text]| {
        texts
            .iter()
            .map(|t| t.get(lang).to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let leads = a
        .lead
        .iter()
        .map(|id| r.agency_label(id, lang))
        .collect::<Vec<_>>()
        .join(", ");
    let mut notes = join(&a.notes);
    for i in &a.irregularities {
        if !notes.is_empty() {
            notes.push('\n');
        }
        notes.push_str(i);
    }
    let s = &a.schedule;
    vec![
        V::Text(a.code.clone()),
        V::Text(a.priority.clone()),
        V::Wrap(a.title.get(lang).to_string()),
        V::Wrap(join(&a.details)),
        V::Wrap(a.lead_text.get(lang).to_string()),
        V::Text(leads),
        V::Wrap(a.support_text.get(lang).to_string()),
        V::Wrap(a.calendar(lang).to_string()),
        V::Wrap(s.text.clone()),
        V::Wrap(
            if s.tentative && !matches!(s.parsed, Schedule::Tentative { .. }) {
                tr(
                    lang,
                    "xlsx.schedule.tentative-mark",
                    &[("schedule", &describe_schedule(lang, &s.parsed))],
                )
            } else {
                describe_schedule(lang, &s.parsed)
            },
        ),
        V::Wrap(s.note.clone().unwrap_or_default()),
        V::Date(Some(s.window_start)),
        V::Date(Some(s.window_end)),
        V::Text(objectives_text(&a.objectives)),
        V::Wrap(notes),
        V::Wrap(crate::plan::revisions::activity_text(a, lang)),
    ]
}

fn plan(
    wb: &mut Workbook,
    checked: &Checked,
    lang: Lang,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let cols = [
        Col("code", 8.0),
        Col("priority", 9.0),
        Col("title", 50.0),
        Col("details", 40.0),
        Col("lead", 20.0),
        Col("lead-agencies", 14.0),
        Col("support", 22.0),
        Col("calendar", 24.0),
        Col("calendar-original", 24.0),
        Col("schedule", 30.0),
        Col("schedule-note", 24.0),
        Col("window-start", 12.0),
        Col("window-end", 12.0),
        Col("objectives", 14.0),
        Col("notes", 36.0),
        Col("revisions", 30.0),
    ];
    let rows = checked
        .plan
        .activities
        .iter()
        .map(|a| plan_row(a, checked.plan.registry(), lang));
    list_sheet(wb, lang, "plan", "plan", &cols, rows, 1, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_long_text_and_recognises_links() {
        let long = "é".repeat(40_000);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_TEXT);
        assert_eq!(clip("corto"), "corto");
        assert!(is_web_link("https://example.org/x"));
        assert!(is_web_link("HTTP://example.org"));
        assert!(!is_web_link("ftp://example.org"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("https://exa mple.org"));
        assert!(!is_web_link("https://"));
    }

    #[test]
    fn describes_every_kind_of_calendar() {
        let m = |y, mo| YearMonth::new(y, mo).unwrap();
        let cases = [
            Schedule::None,
            Schedule::Continuous,
            Schedule::Monthly,
            Schedule::Recurring {
                months: vec![5, 11],
            },
            Schedule::Dates {
                start: NaiveDate::from_ymd_opt(2023, 9, 27).unwrap(),
                end: NaiveDate::from_ymd_opt(2023, 9, 28).unwrap(),
            },
            Schedule::Month { month: m(2023, 7) },
            Schedule::MonthRange {
                start: m(2023, 6),
                end: m(2023, 12),
            },
            Schedule::Tentative {
                month: m(2023, 8),
                days: vec![30, 31],
            },
            Schedule::Periodic {
                every: crate::plan::schedule::Period::Quarter,
                from: None,
                to: None,
            },
            Schedule::Periodic {
                every: crate::plan::schedule::Period::TwoMonths,
                from: Some(m(2025, 1)),
                to: Some(m(2025, 12)),
            },
            Schedule::Months {
                months: vec![m(2025, 3), m(2025, 9)],
            },
            Schedule::ContinuousWithin {
                start: m(2025, 3),
                end: None,
            },
            Schedule::Until {
                end: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
            },
        ];
        for lang in Lang::ALL {
            for s in &cases {
                let d = describe_schedule(lang, s);
                assert!(!d.contains('{') && !d.starts_with("xlsx."), "{lang}: {d}");
            }
        }
        assert!(describe_schedule(Lang::Es, &cases[4]).contains("27-28 de septiembre de 2023"));
        assert!(describe_schedule(Lang::En, &cases[3]).contains("May, November"));
        assert_eq!(
            describe_schedule(Lang::En, &cases[8]),
            "Once a quarter, throughout the plan"
        );
        assert!(
            describe_schedule(Lang::Es, &cases[10]).contains("marzo de 2025, septiembre de 2025")
        );
        assert!(describe_schedule(Lang::En, &cases[12]).contains("30 June 2025"));
    }
}
