//! The list-sheet kit: a sheet is a table of columns (header key, width, kind, value), and one
//! builder ([`list_sheet`]) writes any of them as an Excel table, row by row, into a
//! constant-memory worksheet; the cell formats of a workbook and the labels its cells use.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatAlign, FormatBorder,
    Table, TableStyle, Workbook, Worksheet, XlsxError,
};

use crate::calendar::YearMonth;
use crate::findings::Severity;
use crate::i18n::{tr, Lang};
use crate::model::{ActivityStatus, PledgeEntityType, PreviousPledgeStatus};
use crate::sheets::write::clip;
use crate::Checked;

/// Excel's most hyperlinks in one worksheet.
const MAX_LINKS: usize = 65_530;

/// The cell formats of one workbook.
pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) heading: Format,
    pub(super) note: Format,
    pub(super) warning: Format,
    pub(super) header: Format,
    pub(super) text: Format,
    pub(super) wrap: Format,
    pub(super) int: Format,
    pub(super) percent: Format,
    pub(super) date: Format,
    pub(super) month: Format,
    pub(super) total: Format,
    pub(super) total_int: Format,
}

impl Formats {
    pub(super) fn new(lang: Lang) -> Formats {
        let date = lang.row().excel_date;
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
pub(super) enum Kind {
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
    pub(super) fn of(&self, kind: Kind) -> &Format {
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
pub(super) enum Cell<'a> {
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
    pub(super) fn text(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }

    pub(super) fn owned(s: String) -> Cell<'a> {
        Cell::Text(Cow::Owned(s))
    }

    pub(super) fn number(n: Option<f64>) -> Cell<'a> {
        n.map_or(Cell::Blank, Cell::Number)
    }

    pub(super) fn count(n: usize) -> Cell<'a> {
        Cell::Number(n as f64)
    }

    pub(super) fn date(d: Option<NaiveDate>) -> Cell<'a> {
        d.map_or(Cell::Blank, Cell::Date)
    }

    pub(super) fn month(m: Option<YearMonth>) -> Cell<'a> {
        Cell::date(m.map(YearMonth::first_day))
    }

    /// A link when there is one, else no cell.
    pub(super) fn link(s: Option<&'a str>) -> Cell<'a> {
        s.map_or(Cell::Blank, Cell::text)
    }
}

/// What the columns' value functions read besides their record.
#[derive(Clone, Copy)]
pub(super) struct Ctx<'a> {
    pub(super) lang: Lang,
    pub(super) checked: &'a Checked,
    /// The languages a column written in each language is written for
    /// ([`Checked::narrative_languages`]).
    pub(super) languages: &'a [Lang],
}

/// A column of a list sheet: its header's key, its width in characters, its kind (the
/// format of its cells) and the value of its cell in a record's row. A sheet writes its
/// header and its rows from the same columns, so they cannot fall out of step.
pub(super) struct Column<R> {
    pub(super) header: &'static str,
    pub(super) width: f64,
    pub(super) kind: Kind,
    pub(super) value: for<'a> fn(&'a R, &Ctx<'a>) -> Cell<'a>,
    /// Whether the column is written once for each language of the run, its header filled
    /// with the language's `{code}` and its value given a context in that language.
    pub(super) each_language: bool,
}

/// Declares a column (see [`Column`]).
pub(super) const fn col<R>(
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
        each_language: false,
    }
}

/// Declares a column written once for each language of the run (see [`Column`]): its value
/// reads the language from the context it is given.
pub(super) const fn col_each_language<R>(
    header: &'static str,
    width: f64,
    kind: Kind,
    value: for<'a> fn(&'a R, &Ctx<'a>) -> Cell<'a>,
) -> Column<R> {
    Column {
        each_language: true,
        ..col(header, width, kind, value)
    }
}

/// A list sheet: the keys of its name and of its table, how many columns stay in view
/// beside the frozen header row, and its columns.
pub(super) struct ListSheet<R: 'static> {
    pub(super) name: &'static str,
    pub(super) table: &'static str,
    pub(super) freeze_cols: u16,
    pub(super) columns: &'static [Column<R>],
}

impl<R> ListSheet<R> {
    /// Returns the index of the column whose header key is `header`.
    pub(super) fn col(&self, header: &str, ctx: &Ctx) -> u16 {
        self.laid_out(ctx)
            .iter()
            .position(|(c, _)| c.header == header)
            .unwrap_or(0) as u16
    }

    /// Returns the columns as the sheet lays them out, each with the context its cells are
    /// made in: a column written in each language once per language of the run.
    pub(super) fn laid_out<'a>(&'a self, ctx: &Ctx<'a>) -> Vec<(&'a Column<R>, Ctx<'a>)> {
        self.columns
            .iter()
            .flat_map(|c| {
                let langs: &[Lang] = if c.each_language {
                    ctx.languages
                } else {
                    std::slice::from_ref(&ctx.lang)
                };
                langs.iter().map(move |&lang| {
                    let at = if c.each_language {
                        Ctx { lang, ..*ctx }
                    } else {
                        *ctx
                    };
                    (c, at)
                })
            })
            .collect()
    }
}

/// Returns true for a link a spreadsheet may open: http or https, no white space.
pub(super) fn is_web_link(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && lower.len() > "https://".len()
        && !s.trim().chars().any(char::is_whitespace)
}

/// Writes one cell; text is always a string, never read as a formula. With no `format`,
/// the cell takes the format of its column (a list sheet sets one for each column, so that
/// the workbook library does not look each cell's format up); a text that is empty, or a
/// [`Cell::Blank`], is then no cell at all.
pub(super) fn write_cell(
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
pub(super) fn list_sheet<R>(
    wb: &mut Workbook,
    sheet: &ListSheet<R>,
    records: &[R],
    ctx: &Ctx,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let lang = ctx.lang;
    let columns = sheet.laid_out(ctx);
    let mut ws = wb.new_worksheet_with_constant_memory()?;
    ws.set_name(tr(lang, sheet.name, &[]))?;
    for (c, (col, at)) in columns.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, col.width)?;
        let code = at.lang.code().to_uppercase();
        let header = tr(lang, col.header, &[("code", &code)]);
        ws.write_string_with_format(0, c, header, &f.header)?;
    }
    // Each column's cells take its format, set once here rather than looked up for each
    // cell (the lookup hashes the whole format: it cost a third of the time of a tracker).
    for (c, (col, _)) in columns.iter().enumerate() {
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
        for (c, (col, at)) in columns.iter().enumerate() {
            let cell = (col.value)(record, at);
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
pub(super) const MAX_ROW_LINES: usize = 8;

/// Estimates how many lines a text takes in a column `width` characters wide.
pub(super) fn wrapped_lines(s: &str, width: f64) -> usize {
    let per_line = (width * 1.1).max(1.0) as usize;
    s.lines()
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>()
        .max(1)
}

/// Colours a column's cells whose text equals each given value.
pub(super) fn colour_values(
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
pub(super) fn status_colours(status: ActivityStatus) -> (u32, u32, u32) {
    let s = crate::outputs::palette::activity(status);
    (s.cell_fill(), s.cell_ink(), s.colour)
}

/// The IATI ActivityStatus code of an activity status, beside it in every sheet (blank for
/// `not-reported`, which has none).
pub(super) fn iati(status: ActivityStatus) -> Cell<'static> {
    match status.iati() {
        Some(code) => Cell::Number(f64::from(code)),
        None => Cell::Blank,
    }
}

pub(super) fn status_label(lang: Lang, status: impl Into<ActivityStatus>) -> String {
    tr(lang, status.into().label_key(), &[])
}

pub(super) fn pledge_status_label(lang: Lang, status: impl Into<PreviousPledgeStatus>) -> String {
    tr(lang, status.into().label_key(), &[])
}

pub(super) fn entity_label(lang: Lang, entity_type: impl Into<PledgeEntityType>) -> String {
    tr(lang, entity_type.into().label_key(), &[])
}

pub(super) fn yes_no(lang: Lang, b: bool) -> String {
    tr(lang, if b { "xlsx.yes" } else { "xlsx.no" }, &[])
}

/// The label of a finding's severity.
pub(super) fn severity_label(lang: Lang, severity: Severity) -> String {
    tr(lang, severity.label_key(), &[])
}

pub(super) fn objectives_text(objectives: &[u8]) -> String {
    objectives
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(", ")
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
}
