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

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartSolidFill, ChartType, Color, ConditionalFormatCell,
    ConditionalFormatCellRule, DocProperties, Format, FormatAlign, FormatBorder, Formula, Table,
    TableStyle, Workbook, Worksheet, XlsxError,
};

use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::findings::{Finding, Severity};
use crate::i18n::{tr, Lang};
use crate::ingest::{PledgeRecord, StatusRecord};
use crate::model::{
    ActivityStatus, PledgeEntityType, PledgeStatus, PreviousPledgeStatus, Source, Status,
};
use crate::plan::{Activity, Schedule};
use crate::report::{ActivityData, PledgeData, ReportData};
use crate::sheets::write::{clip, Properties};
use crate::{reference, Checked};

/// Manifest kind of the trackers.
pub const KIND: &str = "tracker";

/// Excel's longest cell text, in UTF-16 units.

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
        Ok(result) => result.map_err(|e| crate::sheets::write::error(&file, e)),
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
    let ctx = Ctx { lang, checked };
    let mut wb = Workbook::new();
    wb.set_properties(&properties(report, lang));
    // Sheets are made one after the other, in their order in the workbook: the list sheets
    // number their formats in the workbook as they write them, so the order fixes the bytes.
    wb.push_worksheet(summary(report, lang, &f)?);
    let list_sheets = [activities, history, pledges, pledge_history, findings, plan];
    for sheet in list_sheets {
        let ws = sheet(&mut wb, &ctx, &f)?;
        wb.push_worksheet(ws);
    }
    wb.save_to_writer(writer)
}

fn properties(report: &ReportData, lang: Lang) -> DocProperties {
    let meta = &report.meta;
    let period = meta.period.as_str();
    let title = tr(
        lang,
        "xlsx.title",
        &[("plan", &meta.plan_title.get(lang)), ("period", &period)],
    );
    let subject = tr(
        lang,
        "xlsx.subject",
        &[("date", &meta.as_of_text.get(lang))],
    );
    let category = tr(lang, "xlsx.category", &[]);
    let keywords = tr(lang, "xlsx.keywords", &[("period", &period)]);
    let comment = tr(lang, "xlsx.comment", &[]);
    Properties {
        title: &title,
        author: meta.network.get(lang),
        company: Some(meta.network.get(lang)),
        subject: Some(&subject),
        category: Some(&category),
        keywords: Some(&keywords),
        comment: Some(&comment),
    }
    .build(meta.as_of)
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

/// How a column of a list sheet shows its cells: the one format of the column.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Text on one line.
    Text,
    /// Text that wraps in a wide column; the row is made tall enough for it.
    Wrap,
    /// A whole number.
    Int,
    /// A percentage, given as 0-100.
    Percent,
    /// A date.
    Date,
    /// A month, given as its first day and shown `yyyy-mm`.
    Month,
    /// A link, written as a hyperlink when it is an http(s) URL and as text otherwise.
    Link,
}

impl Formats {
    /// The format of a column of `kind`.
    fn of(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Text | Kind::Link => &self.text,
            Kind::Wrap => &self.wrap,
            Kind::Int => &self.int,
            Kind::Percent => &self.percent,
            Kind::Date => &self.date,
            Kind::Month => &self.month,
        }
    }
}

/// What one cell holds, borrowed from its record where it can be. An empty text is a blank
/// cell that keeps its column's format; [`Cell::Blank`] is no cell at all.
enum Cell<'a> {
    /// Text, written as a string (never read as a formula).
    Text(Cow<'a, str>),
    /// A number.
    Number(f64),
    /// A date.
    Date(NaiveDate),
    /// Nothing.
    Blank,
}

impl<'a> Cell<'a> {
    fn text(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }

    fn owned(s: String) -> Cell<'a> {
        Cell::Text(Cow::Owned(s))
    }

    fn number(n: Option<f64>) -> Cell<'a> {
        n.map_or(Cell::Blank, Cell::Number)
    }

    fn count(n: usize) -> Cell<'a> {
        Cell::Number(n as f64)
    }

    fn date(d: Option<NaiveDate>) -> Cell<'a> {
        d.map_or(Cell::Blank, Cell::Date)
    }

    fn month(m: Option<YearMonth>) -> Cell<'a> {
        Cell::date(m.map(YearMonth::first_day))
    }

    /// A link when there is one, else no cell.
    fn link(s: Option<&'a str>) -> Cell<'a> {
        s.map_or(Cell::Blank, Cell::text)
    }
}

/// What the columns' value functions read besides their record.
struct Ctx<'a> {
    lang: Lang,
    checked: &'a Checked,
}

/// A column of a list sheet: its header's key, its width in characters, its kind (the
/// format of its cells) and the value of its cell in a record's row. A sheet writes its
/// header and its rows from the same columns, so they cannot fall out of step.
struct Column<R> {
    header: &'static str,
    width: f64,
    kind: Kind,
    value: for<'a> fn(&'a R, &Ctx<'a>) -> Cell<'a>,
}

/// Declares a column (see [`Column`]).
const fn col<R>(
    header: &'static str,
    width: f64,
    kind: Kind,
    value: for<'a> fn(&'a R, &Ctx<'a>) -> Cell<'a>,
) -> Column<R> {
    Column {
        header,
        width,
        kind,
        value,
    }
}

/// A list sheet: the keys of its name and of its table, how many columns stay in view
/// beside the frozen header row, and its columns.
struct ListSheet<R: 'static> {
    name: &'static str,
    table: &'static str,
    freeze_cols: u16,
    columns: &'static [Column<R>],
}

impl<R> ListSheet<R> {
    /// Returns the index of the column whose header key is `header`.
    fn col(&self, header: &str) -> u16 {
        self.columns
            .iter()
            .position(|c| c.header == header)
            .unwrap_or(0) as u16
    }
}

/// Returns true for a link a spreadsheet may open: http or https, no white space.
pub(crate) fn is_web_link(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && lower.len() > "https://".len()
        && !s.trim().chars().any(char::is_whitespace)
}

/// Writes one cell; text is always a string, never read as a formula. With no `format`,
/// the cell takes the format of its column (a list sheet sets one for each column, so that
/// the workbook library does not look each cell's format up); a text that is empty, or a
/// [`Cell::Blank`], is then no cell at all.
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    kind: Kind,
    cell: &Cell,
    format: Option<&Format>,
    links: &mut usize,
) -> std::result::Result<(), XlsxError> {
    let text = |ws: &mut Worksheet, s: &str| match format {
        Some(format) => ws
            .write_string_with_format(row, col, clip(s), format)
            .map(|_| ()),
        None => ws.write_string(row, col, clip(s)).map(|_| ()),
    };
    let number = |ws: &mut Worksheet, n: f64| match format {
        Some(format) => ws.write_number_with_format(row, col, n, format).map(|_| ()),
        None => ws.write_number(row, col, n).map(|_| ()),
    };
    match (kind, cell) {
        (_, Cell::Blank) => Ok(()),
        (Kind::Link, Cell::Text(url)) => {
            let url = url.trim();
            let linked =
                *links < MAX_LINKS && is_web_link(url) && ws.write_url(row, col, url).is_ok();
            if linked {
                *links += 1;
                Ok(())
            } else {
                text(ws, url)
            }
        }
        (_, Cell::Text(s)) => text(ws, s),
        (Kind::Percent, Cell::Number(p)) => number(ws, *p / 100.0),
        (_, Cell::Number(n)) => number(ws, *n),
        (_, Cell::Date(d)) => match format {
            Some(format) => ws.write_date_with_format(row, col, d, format).map(|_| ()),
            None => ws.write_datetime(row, col, d).map(|_| ()),
        },
    }
}

/// Writes a list sheet: a header row, one row per record, as a filterable Excel table with
/// a frozen header row.
///
/// The sheet is a constant-memory worksheet of `wb`: each row goes to its temporary file as
/// soon as the next one starts, so everything that concerns a row (its height, the table's
/// header over row 0) is set while that row is the current one, and rows are made from the
/// records one at a time as they are written.
fn list_sheet<R>(
    wb: &mut Workbook,
    sheet: &ListSheet<R>,
    records: &[R],
    ctx: &Ctx,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let lang = ctx.lang;
    let columns = sheet.columns;
    let mut ws = wb.new_worksheet_with_constant_memory()?;
    ws.set_name(tr(lang, sheet.name, &[]))?;
    for (c, col) in columns.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, col.width)?;
        ws.write_string_with_format(0, c, tr(lang, col.header, &[]), &f.header)?;
    }
    // Each column's cells take its format, set once here rather than looked up for each
    // cell (the lookup hashes the whole format: it cost a third of the time of a tracker).
    for (c, col) in columns.iter().enumerate() {
        ws.set_column_format(c as u16, f.of(col.kind))?;
    }
    ws.set_row_height(0, 30)?;
    // A table needs one data row; an empty list keeps one blank row. The table rewrites
    // its header cells, so it is added while row 0 is still the current row.
    let last_row = records.len().max(1) as u32;
    let table = Table::new()
        .set_name(tr(lang, sheet.table, &[]))
        .set_style(TableStyle::Medium2);
    ws.add_table(0, 0, last_row, columns.len() as u16 - 1, &table)?;
    let mut links = 0;
    for (r, record) in records.iter().enumerate() {
        let row = r as u32 + 1;
        // Not every program grows a row to its wrapped text; give it the height it needs.
        let mut lines = 1;
        for (c, col) in columns.iter().enumerate() {
            let cell = (col.value)(record, ctx);
            if let (Kind::Wrap, Cell::Text(s)) = (col.kind, &cell) {
                lines = lines.max(wrapped_lines(s, col.width));
            }
            write_cell(&mut ws, row, c as u16, col.kind, &cell, None, &mut links)?;
        }
        if lines > 1 {
            ws.set_row_height(row, 15.0 * lines.min(MAX_ROW_LINES) as f64)?;
        }
    }
    ws.set_freeze_panes(1, sheet.freeze_cols)?;
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
/// [`crate::outputs::palette`]): (cell fill, cell font, chart fill).
fn status_colours(status: ActivityStatus) -> (u32, u32, u32) {
    let s = crate::outputs::palette::activity(status);
    (s.cell_fill(), s.cell_ink(), s.colour)
}

/// The IATI ActivityStatus code of an activity status, beside it in every sheet (blank for
/// `not-reported`, which has none).
fn iati(status: ActivityStatus) -> Cell<'static> {
    match status.iati() {
        Some(code) => Cell::Number(f64::from(code)),
        None => Cell::Blank,
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

/// The label of a finding's severity.
fn severity_label(lang: Lang, severity: Severity) -> String {
    tr(lang, severity.label_key(), &[])
}

fn objectives_text(objectives: &[u8]) -> String {
    objectives
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A record read from a file, whose source closes its row (file, sheet, row).
trait Sourced {
    fn source(&self) -> Option<&Source>;
}

impl Sourced for ActivityData {
    fn source(&self) -> Option<&Source> {
        self.source.as_ref()
    }
}

impl Sourced for StatusRecord {
    fn source(&self) -> Option<&Source> {
        Some(&self.source)
    }
}

impl Sourced for PledgeData {
    fn source(&self) -> Option<&Source> {
        Some(&self.source)
    }
}

impl Sourced for PledgeRecord {
    fn source(&self) -> Option<&Source> {
        Some(&self.source)
    }
}

fn source_file<'a, R: Sourced>(r: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(r.source().map_or("", |s| &s.file))
}

fn source_sheet<'a, R: Sourced>(r: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(
        r.source()
            .and_then(|s| s.sheet.as_deref())
            .unwrap_or_default(),
    )
}

fn source_row<'a, R: Sourced>(r: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::number(r.source().map(|s| f64::from(s.row)))
}

/// What both pledge sheets show of a pledge, the latest record or one update.
trait Pledge: Sourced {
    fn id(&self) -> &str;
    fn title(&self) -> &str;
    fn entity(&self) -> &str;
    fn objectives(&self) -> &[u8];
    fn status(&self) -> PledgeStatus;
    fn update_date(&self) -> NaiveDate;
    fn narrative(&self) -> Option<&str>;
}

macro_rules! pledge_fields {
    ($record:ty) => {
        impl Pledge for $record {
            fn id(&self) -> &str {
                &self.id
            }
            fn title(&self) -> &str {
                &self.title
            }
            fn entity(&self) -> &str {
                &self.entity
            }
            fn objectives(&self) -> &[u8] {
                &self.objectives
            }
            fn status(&self) -> PledgeStatus {
                self.status
            }
            fn update_date(&self) -> NaiveDate {
                self.update_date
            }
            fn narrative(&self) -> Option<&str> {
                self.narrative.as_deref()
            }
        }
    };
}

pledge_fields!(PledgeData);
pledge_fields!(PledgeRecord);

fn pledge_id<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(p.id())
}

fn pledge_title<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(p.title())
}

fn pledge_entity<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(p.entity())
}

fn pledge_objectives<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::owned(objectives_text(p.objectives()))
}

fn pledge_status<'a, R: Pledge>(p: &'a R, c: &Ctx<'a>) -> Cell<'a> {
    Cell::owned(pledge_status_label(c.lang, p.status()))
}

fn pledge_update_date<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::Date(p.update_date())
}

fn pledge_narrative<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(p.narrative().unwrap_or_default())
}

/// The activities as the reports show them, one row each.
const ACTIVITIES: ListSheet<ActivityData> = ListSheet {
    name: "xlsx.sheet.activities",
    table: "xlsx.table.activities",
    freeze_cols: 1,
    columns: &[
        col("xlsx.col.code", 8.0, Kind::Text, |a, _| Cell::text(&a.code)),
        col("xlsx.col.priority", 9.0, Kind::Text, |a, _| {
            Cell::text(&a.priority)
        }),
        col("xlsx.col.title", 50.0, Kind::Wrap, |a, c| {
            Cell::text(a.title.get(c.lang))
        }),
        col("xlsx.col.lead", 16.0, Kind::Wrap, |a, c| {
            Cell::text(a.lead.get(c.lang))
        }),
        col("xlsx.col.support", 18.0, Kind::Wrap, |a, c| {
            Cell::text(a.support.get(c.lang))
        }),
        col("xlsx.col.calendar", 24.0, Kind::Wrap, |a, c| {
            Cell::text(a.calendar.get(c.lang))
        }),
        col("xlsx.col.window-end", 12.0, Kind::Date, |a, c| {
            Cell::date(
                c.checked
                    .plan
                    .activity(&a.code)
                    .map(|p| p.schedule.window_end),
            )
        }),
        col("xlsx.col.recurring", 11.0, Kind::Text, |a, c| {
            Cell::owned(yes_no(c.lang, a.recurring))
        }),
        col("xlsx.col.status", 13.0, Kind::Text, |a, c| {
            Cell::owned(status_label(c.lang, a.status))
        }),
        col("xlsx.col.iati-status", 9.0, Kind::Int, |a, _| {
            iati(a.status)
        }),
        col("xlsx.col.progress", 10.0, Kind::Percent, |a, _| {
            Cell::number(a.progress)
        }),
        col("xlsx.col.overdue", 11.0, Kind::Text, |a, c| {
            Cell::owned(yes_no(c.lang, a.overdue))
        }),
        col("xlsx.col.missing-report", 13.0, Kind::Text, |a, c| {
            Cell::owned(yes_no(c.lang, a.missing_report))
        }),
        col("xlsx.col.occurrences-expected", 13.0, Kind::Int, |a, _| {
            Cell::count(a.occurrences_expected)
        }),
        col("xlsx.col.occurrences-met", 13.0, Kind::Int, |a, _| {
            Cell::count(a.occurrences_met)
        }),
        col("xlsx.col.last-report", 11.0, Kind::Month, |a, _| {
            Cell::month(a.last_period_iso)
        }),
        col("xlsx.col.reported-by", 14.0, Kind::Text, |a, c| {
            Cell::text(a.reported_by.as_ref().map_or("", |t| t.get(c.lang)))
        }),
        col("xlsx.col.reports", 10.0, Kind::Int, |a, _| {
            Cell::count(a.reports)
        }),
        col("xlsx.col.previous-status", 14.0, Kind::Text, |a, c| {
            Cell::owned(status_label(c.lang, a.previous_status))
        }),
        col("xlsx.col.previous-iati-status", 9.0, Kind::Int, |a, _| {
            iati(a.previous_status)
        }),
        col("xlsx.col.changed", 11.0, Kind::Text, |a, c| {
            Cell::owned(yes_no(c.lang, a.changed))
        }),
        col("xlsx.col.narrative", 50.0, Kind::Wrap, |a, c| {
            Cell::text(a.narrative.as_ref().map_or("", |t| t.get(c.lang)))
        }),
        col("xlsx.col.next-steps", 36.0, Kind::Wrap, |a, _| {
            Cell::text(a.next_steps.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.evidence", 30.0, Kind::Link, |a, _| {
            Cell::link(a.evidence.as_deref())
        }),
        col("xlsx.col.file", 30.0, Kind::Text, source_file),
        col("xlsx.col.sheet", 12.0, Kind::Text, source_sheet),
        col("xlsx.col.row", 7.0, Kind::Int, source_row),
    ],
};

fn activities(
    wb: &mut Workbook,
    ctx: &Ctx,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let sheet = &ACTIVITIES;
    let list = &ctx.checked.report.activities.list;
    let n = list.len();
    let mut ws = list_sheet(wb, sheet, list, ctx, f)?;
    status_conditions(&mut ws, sheet.col("xlsx.col.status"), n, ctx.lang)?;
    status_conditions(&mut ws, sheet.col("xlsx.col.previous-status"), n, ctx.lang)?;
    let yes = tr(ctx.lang, "xlsx.yes", &[]);
    for header in ["xlsx.col.overdue", "xlsx.col.missing-report"] {
        colour_values(
            &mut ws,
            sheet.col(header),
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

/// Every accepted status report, as read.
const HISTORY: ListSheet<StatusRecord> = ListSheet {
    name: "xlsx.sheet.history",
    table: "xlsx.table.history",
    freeze_cols: 1,
    columns: &[
        col("xlsx.col.code", 8.0, Kind::Text, |s, _| {
            Cell::text(&s.activity)
        }),
        col("xlsx.col.period", 10.0, Kind::Month, |s, _| {
            Cell::month(Some(s.period))
        }),
        col("xlsx.col.agency", 12.0, Kind::Text, |s, c| {
            Cell::owned(c.checked.plan.registry().agency_label(&s.agency, c.lang))
        }),
        col("xlsx.col.status", 13.0, Kind::Text, |s, c| {
            Cell::owned(status_label(c.lang, s.status))
        }),
        col("xlsx.col.iati-status", 9.0, Kind::Int, |s, _| {
            Cell::Number(f64::from(s.status.iati()))
        }),
        col("xlsx.col.progress", 10.0, Kind::Percent, |s, _| {
            Cell::number(s.progress)
        }),
        col("xlsx.col.date", 12.0, Kind::Date, |s, _| Cell::date(s.date)),
        col("xlsx.col.narrative-es", 45.0, Kind::Wrap, |s, _| {
            Cell::text(s.narrative_es.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.narrative-en", 45.0, Kind::Wrap, |s, _| {
            Cell::text(s.narrative_en.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.next-steps", 32.0, Kind::Wrap, |s, _| {
            Cell::text(s.next_steps.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.evidence", 30.0, Kind::Link, |s, _| {
            Cell::link(s.evidence.as_deref())
        }),
        col("xlsx.col.file", 30.0, Kind::Text, source_file),
        col("xlsx.col.sheet", 12.0, Kind::Text, source_sheet),
        col("xlsx.col.row", 7.0, Kind::Int, source_row),
    ],
};

fn history(wb: &mut Workbook, ctx: &Ctx, f: &Formats) -> std::result::Result<Worksheet, XlsxError> {
    let sheet = &HISTORY;
    let list = &ctx.checked.intake.status;
    let mut ws = list_sheet(wb, sheet, list, ctx, f)?;
    status_conditions(&mut ws, sheet.col("xlsx.col.status"), list.len(), ctx.lang)?;
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
            let w = crate::outputs::palette::pledge(s);
            (pledge_status_label(lang, s), w.cell_fill(), w.cell_ink())
        })
        .collect();
    colour_values(ws, col, rows, &values)
}

/// Each pledge's latest record, one row each.
const PLEDGES: ListSheet<PledgeData> = ListSheet {
    name: "xlsx.sheet.pledges",
    table: "xlsx.table.pledges",
    freeze_cols: 1,
    columns: &[
        col("xlsx.col.pledge", 14.0, Kind::Text, pledge_id),
        col("xlsx.col.pledge-title", 45.0, Kind::Wrap, pledge_title),
        col("xlsx.col.entity", 28.0, Kind::Wrap, pledge_entity),
        col("xlsx.col.entity-type", 16.0, Kind::Text, |p, c| {
            Cell::owned(entity_label(c.lang, p.entity_type))
        }),
        col("xlsx.col.countries", 24.0, Kind::Wrap, |p, c| {
            Cell::text(p.country_names.get(c.lang))
        }),
        col("xlsx.col.objectives", 14.0, Kind::Text, pledge_objectives),
        col("xlsx.col.status", 14.0, Kind::Text, pledge_status),
        col("xlsx.col.previous-status", 14.0, Kind::Text, |p, c| {
            Cell::owned(pledge_status_label(c.lang, p.previous_status))
        }),
        col("xlsx.col.changed", 11.0, Kind::Text, |p, c| {
            Cell::owned(yes_no(c.lang, p.changed))
        }),
        col("xlsx.col.update-date", 12.0, Kind::Date, pledge_update_date),
        col("xlsx.col.updated", 12.0, Kind::Text, |p, c| {
            Cell::owned(yes_no(c.lang, p.updated_this_quarter))
        }),
        col("xlsx.col.records", 10.0, Kind::Int, |p, _| {
            Cell::count(p.records)
        }),
        col(
            "xlsx.col.pledge-narrative",
            45.0,
            Kind::Wrap,
            pledge_narrative,
        ),
        col("xlsx.col.file", 30.0, Kind::Text, source_file),
        col("xlsx.col.sheet", 12.0, Kind::Text, source_sheet),
        col("xlsx.col.row", 7.0, Kind::Int, source_row),
    ],
};

fn pledges(wb: &mut Workbook, ctx: &Ctx, f: &Formats) -> std::result::Result<Worksheet, XlsxError> {
    let sheet = &PLEDGES;
    let list = &ctx.checked.report.pledges.list;
    let n = list.len();
    let mut ws = list_sheet(wb, sheet, list, ctx, f)?;
    pledge_status_conditions(&mut ws, sheet.col("xlsx.col.status"), n, ctx.lang)?;
    let no = tr(ctx.lang, "xlsx.no", &[]);
    colour_values(
        &mut ws,
        sheet.col("xlsx.col.updated"),
        n,
        &[(no, 0xFFEB9C, 0x9C5700)],
    )?;
    Ok(ws)
}

/// The names of a pledge record's countries in `lang` (the code as written when unknown).
fn country_names(p: &PledgeRecord, lang: Lang) -> String {
    let r = reference::get();
    p.countries
        .iter()
        .map(|c| {
            r.country_by_iso(c)
                .map_or(c.clone(), |k| k.name.get(lang).to_string())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every accepted pledge update, as read.
const PLEDGE_HISTORY: ListSheet<PledgeRecord> = ListSheet {
    name: "xlsx.sheet.pledge-history",
    table: "xlsx.table.pledge-history",
    freeze_cols: 1,
    columns: &[
        col("xlsx.col.pledge", 14.0, Kind::Text, pledge_id),
        col("xlsx.col.pledge-title", 45.0, Kind::Wrap, pledge_title),
        col("xlsx.col.entity", 28.0, Kind::Wrap, pledge_entity),
        col("xlsx.col.entity-type", 16.0, Kind::Text, |p, c| {
            Cell::owned(entity_label(c.lang, p.entity_type))
        }),
        col("xlsx.col.countries", 24.0, Kind::Wrap, |p, c| {
            Cell::owned(country_names(p, c.lang))
        }),
        col("xlsx.col.objectives", 14.0, Kind::Text, pledge_objectives),
        col("xlsx.col.status", 14.0, Kind::Text, pledge_status),
        col("xlsx.col.update-date", 12.0, Kind::Date, pledge_update_date),
        col(
            "xlsx.col.pledge-narrative",
            45.0,
            Kind::Wrap,
            pledge_narrative,
        ),
        col("xlsx.col.file", 30.0, Kind::Text, source_file),
        col("xlsx.col.sheet", 12.0, Kind::Text, source_sheet),
        col("xlsx.col.row", 7.0, Kind::Int, source_row),
    ],
};

fn pledge_history(
    wb: &mut Workbook,
    ctx: &Ctx,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let sheet = &PLEDGE_HISTORY;
    let list = &ctx.checked.intake.pledges;
    let mut ws = list_sheet(wb, sheet, list, ctx, f)?;
    pledge_status_conditions(&mut ws, sheet.col("xlsx.col.status"), list.len(), ctx.lang)?;
    Ok(ws)
}

/// Every finding of the run.
const FINDINGS: ListSheet<Finding> = ListSheet {
    name: "xlsx.sheet.findings",
    table: "xlsx.table.findings",
    freeze_cols: 0,
    columns: &[
        col("xlsx.col.severity", 11.0, Kind::Text, |x, c| {
            Cell::owned(severity_label(c.lang, x.severity()))
        }),
        col("xlsx.col.finding-code", 22.0, Kind::Text, |x, _| {
            Cell::text(x.code.as_str())
        }),
        col("xlsx.col.file", 30.0, Kind::Text, |x, _| {
            Cell::text(x.location.file.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.sheet", 12.0, Kind::Text, |x, _| {
            Cell::text(x.location.sheet.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.row", 7.0, Kind::Int, |x, _| {
            Cell::number(x.location.row.map(f64::from))
        }),
        col("xlsx.col.column", 9.0, Kind::Text, |x, _| {
            Cell::text(x.location.column.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.activity", 10.0, Kind::Text, |x, _| {
            Cell::text(x.activity.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.pledge", 14.0, Kind::Text, |x, _| {
            Cell::text(x.pledge.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.agency", 12.0, Kind::Text, |x, c| {
            let registry = c.checked.plan.registry();
            Cell::owned(
                x.agency
                    .as_deref()
                    .map(|a| registry.agency_label(a, c.lang))
                    .unwrap_or_default(),
            )
        }),
        col("xlsx.col.message", 80.0, Kind::Wrap, |x, c| {
            Cell::text(x.message.get(c.lang))
        }),
    ],
};

fn findings(
    wb: &mut Workbook,
    ctx: &Ctx,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let list = &ctx.checked.findings;
    let mut ws = list_sheet(wb, &FINDINGS, list, ctx, f)?;
    let values: Vec<(String, u32, u32)> = Severity::ALL
        .iter()
        .map(|&s| {
            let (fill, font) = crate::outputs::palette::severity_cell(s);
            (severity_label(ctx.lang, s), fill, font)
        })
        .collect();
    colour_values(
        &mut ws,
        FINDINGS.col("xlsx.col.severity"),
        list.len(),
        &values,
    )?;
    Ok(ws)
}

/// The summary sheet: what the tracker covers, the headline figures, and the activities by
/// priority and status, pledges by status and pledges by objective, with their charts. Its
/// charts read its cells, so it is an ordinary (in-memory) worksheet.
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
fn summary_heading(
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
fn headline_figures(
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
fn by_priority(
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
fn sum_formula(
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
fn priority_chart(name: &str, head: u32, first: u32, last: u32, lang: Lang) -> Chart {
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
fn pledges_by_status(
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
fn by_objective(
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
fn cell_ref(row: u32, col: u16) -> String {
    format!(
        "{}{}",
        crate::sheets::write::column_letter(col as usize),
        row + 1
    )
}

/// Texts in `lang`, one a line.
fn lines_of(texts: &[crate::i18n::Text], lang: Lang) -> String {
    texts
        .iter()
        .map(|t| t.get(lang).to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// An activity's notes in `lang`, then the irregularities the plan's reader met in it.
fn plan_notes(a: &Activity, lang: Lang) -> String {
    let mut notes = lines_of(&a.notes, lang);
    for i in &a.irregularities {
        if !notes.is_empty() {
            notes.push('\n');
        }
        notes.push_str(i);
    }
    notes
}

/// How the tracker reads an activity's calendar, marked when it is tentative.
fn schedule_reading(a: &Activity, lang: Lang) -> String {
    let s = &a.schedule;
    if s.tentative && !matches!(s.parsed, Schedule::Tentative { .. }) {
        tr(
            lang,
            "xlsx.schedule.tentative-mark",
            &[(
                "schedule",
                &crate::plan::schedule::words::describe(lang, &s.parsed),
            )],
        )
    } else {
        crate::plan::schedule::words::describe(lang, &s.parsed)
    }
}

/// The plan as it was read, one row per activity.
const PLAN: ListSheet<Activity> = ListSheet {
    name: "xlsx.sheet.plan",
    table: "xlsx.table.plan",
    freeze_cols: 1,
    columns: &[
        col("xlsx.col.code", 8.0, Kind::Text, |a, _| Cell::text(&a.code)),
        col("xlsx.col.priority", 9.0, Kind::Text, |a, _| {
            Cell::text(&a.priority)
        }),
        col("xlsx.col.title", 50.0, Kind::Wrap, |a, c| {
            Cell::text(a.title.get(c.lang))
        }),
        col("xlsx.col.details", 40.0, Kind::Wrap, |a, c| {
            Cell::owned(lines_of(&a.details, c.lang))
        }),
        col("xlsx.col.lead", 20.0, Kind::Wrap, |a, c| {
            Cell::text(a.lead_text.get(c.lang))
        }),
        col("xlsx.col.lead-agencies", 14.0, Kind::Text, |a, c| {
            let registry = c.checked.plan.registry();
            let leads: Vec<String> = a
                .lead
                .iter()
                .map(|id| registry.agency_label(id, c.lang))
                .collect();
            Cell::owned(leads.join(", "))
        }),
        col("xlsx.col.support", 22.0, Kind::Wrap, |a, c| {
            Cell::text(a.support_text.get(c.lang))
        }),
        col("xlsx.col.calendar", 24.0, Kind::Wrap, |a, c| {
            Cell::text(a.calendar(c.lang))
        }),
        col("xlsx.col.calendar-original", 24.0, Kind::Wrap, |a, _| {
            Cell::text(&a.schedule.text)
        }),
        col("xlsx.col.schedule", 30.0, Kind::Wrap, |a, c| {
            Cell::owned(schedule_reading(a, c.lang))
        }),
        col("xlsx.col.schedule-note", 24.0, Kind::Wrap, |a, _| {
            Cell::text(a.schedule.note.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.window-start", 12.0, Kind::Date, |a, _| {
            Cell::Date(a.schedule.window_start)
        }),
        col("xlsx.col.window-end", 12.0, Kind::Date, |a, _| {
            Cell::Date(a.schedule.window_end)
        }),
        col("xlsx.col.objectives", 14.0, Kind::Text, |a, _| {
            Cell::owned(objectives_text(&a.objectives))
        }),
        col("xlsx.col.notes", 36.0, Kind::Wrap, |a, c| {
            Cell::owned(plan_notes(a, c.lang))
        }),
        col("xlsx.col.revisions", 30.0, Kind::Wrap, |a, c| {
            Cell::owned(crate::plan::revisions::activity_text(a, c.lang))
        }),
    ],
};

fn plan(wb: &mut Workbook, ctx: &Ctx, f: &Formats) -> std::result::Result<Worksheet, XlsxError> {
    list_sheet(wb, &PLAN, &ctx.checked.plan.activities, ctx, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_links() {
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
                let d = crate::plan::schedule::words::describe(lang, s);
                assert!(!d.contains('{') && !d.starts_with("xlsx."), "{lang}: {d}");
            }
        }
        assert!(crate::plan::schedule::words::describe(Lang::Es, &cases[4])
            .contains("27-28 de septiembre de 2023"));
        assert!(
            crate::plan::schedule::words::describe(Lang::En, &cases[3]).contains("May, November")
        );
        assert_eq!(
            crate::plan::schedule::words::describe(Lang::En, &cases[8]),
            "Once a quarter, throughout the plan"
        );
        assert!(crate::plan::schedule::words::describe(Lang::Es, &cases[10])
            .contains("marzo de 2025, septiembre de 2025"));
        assert!(
            crate::plan::schedule::words::describe(Lang::En, &cases[12]).contains("30 June 2025")
        );
    }
}
