//! The one builder of the collection workbooks. A form is declared as data, a [`FormSpec`]: its
//! title lines, its table of columns (what heads each one, its width and look, the value each
//! row takes from its record, the rule that keeps entries to what ingest accepts, the
//! instruction that explains it), its rows and spare rows, and the keys of its instructions.
//! This module writes any such declaration, so the status and the pledge forms are laid out by
//! the same code, and a header cannot fall out of step with the values written under it.
//!
//! It must never write a formula, nor a cell ingest would reject as it stands once filled.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::calendar::YearMonth;
use crate::i18n::{format_date, tr, Lang};
use crate::ingest::forms::{Field, FormKind};
use crate::sheets::write::{clip, Properties};
use crate::Checked;

use super::iso;

/// What writing a workbook returns.
pub(super) type XlsxResult<T> = std::result::Result<T, XlsxError>;

/// The most UTF-16 units a validation's title may hold.
const TITLE_LIMIT: usize = 32;

/// The most UTF-16 units a validation's message may hold.
const MESSAGE_LIMIT: usize = 255;

/// A form, declared: everything [`write`] needs to make its workbook.
pub(super) struct FormSpec<R> {
    /// Which form it is (it picks the headers ingest reads).
    pub(super) kind: FormKind,
    /// The key of the form sheet's name.
    pub(super) sheet: &'static str,
    /// The key of the form's title, the first line of the sheet.
    pub(super) title: &'static str,
    /// The lines under the title that say whom and what the form is for, each in both languages.
    pub(super) about: Vec<String>,
    /// The workbook's title in its properties.
    pub(super) doc_title: String,
    /// The columns, left to right.
    pub(super) columns: Vec<Column<R>>,
    /// One record a pre-filled row.
    pub(super) rows: Vec<R>,
    /// The height of a pre-filled row, in points.
    pub(super) row_height: f64,
    /// How many blank rows follow the pre-filled ones.
    pub(super) spare_rows: u32,
    /// The first and last day a date column accepts.
    pub(super) dates: (NaiveDate, NaiveDate),
    /// The keys of the instructions that open the sheet: what the form is, its rows, new rows.
    pub(super) help: [&'static str; 3],
    /// The languages it speaks.
    pub(super) speaks: Speaks,
}

/// The languages a form speaks: the run's, in order. Its title lines, instructions and rules
/// are written in each; its headers, words, values and file name in the first, the one the
/// agencies answer in.
#[derive(Debug, Clone)]
pub(super) struct Speaks(pub(super) Vec<Lang>);

impl Speaks {
    /// The languages of the forms of `checked`'s run ([`form_languages`]).
    pub(super) fn of(checked: &Checked) -> Speaks {
        Speaks(form_languages(&checked.languages))
    }

    /// The language its headers, words and values are written in.
    pub(super) fn first(&self) -> Lang {
        form_language(&self.0)
    }

    /// Returns a string-table text in each language of the form, on one line.
    pub(super) fn both(&self, key: &str) -> String {
        self.each(|lang| tr(lang, key, &[]))
    }

    /// Returns a text made for each language of the form, in order, on one line.
    pub(super) fn each(&self, text: impl Fn(Lang) -> String) -> String {
        crate::i18n::in_languages(&self.0, " / ", text)
    }

    /// Returns the text in every language of the form when it fits `limit` UTF-16 units, else
    /// the first language's.
    fn within(&self, text: impl Fn(Lang) -> String, limit: usize) -> String {
        let b = self.each(&text);
        if b.encode_utf16().count() <= limit {
            b
        } else {
            text(self.first())
        }
    }
}

/// The languages the forms of a run in `languages` speak: the run's, except that a run in
/// Spanish or English alone keeps both, as the forms always had them (agencies answer in
/// either, and a run in one of them writes every file as the default run does).
pub(super) fn form_languages(languages: &[Lang]) -> Vec<Lang> {
    if languages.iter().all(|l| Lang::RUN_DEFAULT.contains(l)) {
        Lang::RUN_DEFAULT.to_vec()
    } else {
        languages.to_vec()
    }
}

/// The language a form for a run in `languages` is written in: the first its forms speak.
pub(super) fn form_language(languages: &[Lang]) -> Lang {
    form_languages(languages)
        .first()
        .copied()
        .unwrap_or(Lang::WORKING)
}

/// What heads a column of a form.
#[derive(Clone, Copy)]
pub(super) enum Head {
    /// A form field written in advance and protected, and the key of its instruction.
    Fixed(Field, &'static str),
    /// A form field the agency fills in, and the key of its instruction.
    Fill(Field, &'static str),
    /// A reference column, outside the form, by the key of its header (written above the
    /// header row).
    Reference(&'static str),
}

/// How a column's cells look.
#[derive(Clone, Copy)]
pub(super) enum Look {
    /// Text on one line.
    Text,
    /// Text that wraps.
    Wrap,
    /// A number (`0.##`).
    Number,
    /// A date (`dd/mm/yyyy`).
    Date,
}

/// Which data rows a dropdown covers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Rows {
    /// The pre-filled rows and the spare ones.
    All,
    /// The spare rows only.
    Spare,
}

/// The rule that keeps a column's entries to what ingest accepts, with the keys of the title and
/// message shown when the cell is selected (the message also serves as the error message).
pub(super) enum Rule {
    /// Anything goes.
    None,
    /// One of `words`, from a dropdown.
    List {
        /// The words offered.
        words: Vec<String>,
        /// The rows the dropdown covers.
        rows: Rows,
        /// The key of the title.
        title: &'static str,
        /// The key of the message.
        message: &'static str,
    },
    /// A number from 0 to 100.
    Percent {
        /// The key of the title.
        title: &'static str,
        /// The key of the message (no placeholders).
        message: &'static str,
    },
    /// A day within the form's [`FormSpec::dates`].
    Date {
        /// The key of the title.
        title: &'static str,
        /// The key of the message, with `{start}` and `{end}`.
        message: &'static str,
    },
}

/// One column of a form: its head, width and look, the value a pre-filled row takes from its
/// record (none: left blank) and its rule.
pub(super) struct Column<R> {
    head: Head,
    width: f64,
    look: Look,
    value: Option<fn(&R) -> String>,
    rule: Rule,
}

impl<R> Column<R> {
    /// A field written in advance and protected in the pre-filled rows, open in the spare ones.
    pub(super) fn fixed(field: Field, help: &'static str, width: f64, look: Look) -> Column<R> {
        Column::new(Head::Fixed(field, help), width, look)
    }

    /// A field the agency fills in.
    pub(super) fn fill(field: Field, help: &'static str, width: f64, look: Look) -> Column<R> {
        Column::new(Head::Fill(field, help), width, look)
    }

    /// A reference column, by the key of its header.
    pub(super) fn reference(key: &'static str, width: f64, look: Look) -> Column<R> {
        Column::new(Head::Reference(key), width, look)
    }

    fn new(head: Head, width: f64, look: Look) -> Column<R> {
        Column {
            head,
            width,
            look,
            value: None,
            rule: Rule::None,
        }
    }

    /// Takes the pre-filled rows' value from each record.
    pub(super) fn value(self, value: fn(&R) -> String) -> Column<R> {
        Column {
            value: Some(value),
            ..self
        }
    }

    /// Keeps the column's entries to `rule`.
    pub(super) fn rule(self, rule: Rule) -> Column<R> {
        Column { rule, ..self }
    }

    /// Returns the form field the column holds, with the key of its instruction.
    fn field(&self) -> Option<(Field, &'static str)> {
        match self.head {
            Head::Fixed(field, help) | Head::Fill(field, help) => Some((field, help)),
            Head::Reference(_) => None,
        }
    }
}

/// Returns the form fields of a column table, in order.
#[cfg(test)]
pub(super) fn fields<R>(columns: &[Column<R>]) -> Vec<Field> {
    columns
        .iter()
        .filter_map(|c| c.field())
        .map(|f| f.0)
        .collect()
}

/// The cell formats of a form.
struct Formats {
    title: Format,
    line: Format,
    hint: Format,
    group: Format,
    header: Format,
    reference_header: Format,
    reference_foot: Format,
    fixed: Format,
    fixed_wrap: Format,
    fill: Format,
    fill_wrap: Format,
    fill_number: Format,
    fill_date: Format,
    help_title: Format,
    help_header: Format,
    help: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
                .set_align(FormatAlign::Top)
        };
        let fixed = cell().set_background_color(Color::RGB(0xEDEDED));
        let fill = cell().set_unlocked().set_background_color(Color::White);
        let title = || Format::new().set_bold().set_font_size(14);
        let heading = |rgb| {
            Format::new()
                .set_bold()
                .set_background_color(Color::RGB(rgb))
        };
        Formats {
            title: title(),
            line: Format::new(),
            hint: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            group: heading(0xFFF2CC)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin),
            header: heading(0xD9E1F2)
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin),
            reference_header: heading(0xD9D9D9)
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_top(FormatBorder::Thin)
                .set_border_left(FormatBorder::Thin)
                .set_border_right(FormatBorder::Thin),
            reference_foot: Format::new()
                .set_background_color(Color::RGB(0xD9D9D9))
                .set_border_bottom(FormatBorder::Thin)
                .set_border_left(FormatBorder::Thin)
                .set_border_right(FormatBorder::Thin),
            fixed_wrap: fixed.clone().set_text_wrap(),
            fixed,
            fill_wrap: fill.clone().set_text_wrap(),
            fill_number: fill.clone().set_num_format("0.##"),
            fill_date: fill.clone().set_num_format("dd/mm/yyyy"),
            fill,
            help_title: title(),
            help_header: heading(0xD9E1F2).set_border(FormatBorder::Thin),
            help: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF)),
        }
    }

    /// Returns the format of a protected (grey) cell or of one to fill (white) of `look`. A
    /// protected cell shows its number or date as written.
    fn cell(&self, locked: bool, look: Look) -> &Format {
        match (locked, look) {
            (true, Look::Wrap) => &self.fixed_wrap,
            (true, _) => &self.fixed,
            (false, Look::Text) => &self.fill,
            (false, Look::Wrap) => &self.fill_wrap,
            (false, Look::Number) => &self.fill_number,
            (false, Look::Date) => &self.fill_date,
        }
    }
}

/// Writes the workbook a form declares, for `month`: the form sheet, then its instructions.
pub(super) fn write<R>(
    checked: &Checked,
    spec: &FormSpec<R>,
    month: YearMonth,
) -> XlsxResult<Vec<u8>> {
    let f = Formats::new();
    let mut ws = Worksheet::new();
    ws.set_name(tr(spec.speaks.first(), spec.sheet, &[]))?;
    let header_row = write_head(&mut ws, spec, &title_lines(checked, spec), &f)?;
    let (listed, last) = write_rows(&mut ws, spec, header_row, &f)?;
    write_rules(&mut ws, spec, header_row + 1, listed, last)?;
    protect(&mut ws);
    ws.set_active(true);

    let mut wb = Workbook::new();
    wb.set_properties(&properties(checked, &spec.speaks, &spec.doc_title));
    wb.push_worksheet(ws);
    wb.push_worksheet(instructions(checked, spec, &f, month)?);
    wb.save_to_buffer()
}

/// Returns the title block: the title, what the form is for, the date it was prepared and the
/// hint to fill the white cells.
fn title_lines<R>(checked: &Checked, spec: &FormSpec<R>) -> Vec<String> {
    let prepared = &checked.report.meta.as_of_text;
    let speaks = &spec.speaks;
    let mut lines = vec![speaks.both(spec.title)];
    lines.extend(spec.about.iter().cloned());
    lines.push(speaks.each(|lang| tr(lang, "forms.prepared", &[("date", &prepared.get(lang))])));
    lines.push(speaks.both("forms.hint"));
    lines
}

/// Writes the title block lines, the group row and the header row; returns the header row.
fn write_head<R>(
    ws: &mut Worksheet,
    spec: &FormSpec<R>,
    lines: &[String],
    f: &Formats,
) -> XlsxResult<u32> {
    for (i, c) in spec.columns.iter().enumerate() {
        ws.set_column_width(i as u16, c.width)?;
    }
    for (i, line) in lines.iter().enumerate() {
        let format = if i == 0 {
            &f.title
        } else if i + 1 == lines.len() {
            &f.hint
        } else {
            &f.line
        };
        ws.write_string_with_format(i as u32, 0, clip(line), format)?;
    }
    let group_row = lines.len() as u32 + 1;
    let header_row = group_row + 1;
    // The group label spans the columns to fill, which are contiguous.
    let fill: Vec<u16> = (0..spec.columns.len() as u16)
        .filter(|&i| matches!(spec.columns[i as usize].head, Head::Fill(..)))
        .collect();
    if let (Some(&first), Some(&last)) = (fill.first(), fill.last()) {
        ws.merge_range(
            group_row,
            first,
            group_row,
            last,
            &spec.speaks.both("forms.group.fill"),
            &f.group,
        )?;
    }
    for (i, c) in spec.columns.iter().enumerate() {
        let i = i as u16;
        match c.head {
            Head::Fixed(field, _) | Head::Fill(field, _) => {
                let header = field.header(spec.kind, spec.speaks.first());
                ws.write_string_with_format(header_row, i, header, &f.header)?;
            }
            Head::Reference(key) => {
                // Above the header row, so ingest never sees it as a column header; not a
                // merged cell either, since readers copy a merged value into every cell it
                // covers. The blank cell below continues it visually.
                let text = spec.speaks.both(key);
                ws.write_string_with_format(group_row, i, text, &f.reference_header)?;
                ws.write_blank(header_row, i, &f.reference_foot)?;
            }
        }
    }
    ws.set_row_height(group_row, 42)?;
    ws.set_row_height(header_row, 30)?;
    ws.set_freeze_panes(header_row + 1, 1)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(group_row, header_row)?;
    Ok(header_row)
}

/// Writes the pre-filled rows, one a record, then the spare rows; returns the last pre-filled
/// row (the header row when there is none) and the last row.
fn write_rows<R>(
    ws: &mut Worksheet,
    spec: &FormSpec<R>,
    header_row: u32,
    f: &Formats,
) -> XlsxResult<(u32, u32)> {
    let mut row = header_row;
    for record in &spec.rows {
        row += 1;
        for (i, c) in spec.columns.iter().enumerate() {
            let locked = !matches!(c.head, Head::Fill(..));
            let format = f.cell(locked, c.look);
            match c.value {
                Some(value) => {
                    ws.write_string_with_format(row, i as u16, clip(&value(record)), format)?
                }
                None => ws.write_blank(row, i as u16, format)?,
            };
        }
        ws.set_row_height(row, spec.row_height)?;
    }
    let listed = row;
    for _ in 0..spec.spare_rows {
        row += 1;
        for (i, c) in spec.columns.iter().enumerate() {
            // A spare row is open in every field; reference columns stay grey and empty.
            let format = match c.head {
                Head::Reference(_) => &f.fixed,
                _ => f.cell(false, c.look),
            };
            ws.write_blank(row, i as u16, format)?;
        }
    }
    Ok((listed, row))
}

/// Adds each column's rule to its data rows: `first` to `last`, of which those after `listed`
/// are spare.
fn write_rules<R>(
    ws: &mut Worksheet,
    spec: &FormSpec<R>,
    first: u32,
    listed: u32,
    last: u32,
) -> XlsxResult<()> {
    for (i, c) in spec.columns.iter().enumerate() {
        let (validation, top) = match &c.rule {
            Rule::None => continue,
            Rule::List {
                words,
                rows,
                title,
                message,
            } => {
                // Excel's dropdowns hold 255 characters: a longer list (the codes of a large
                // plan) is left out, the column stays open, and ingest checks what is written.
                let Ok(v) = DataValidation::new().allow_list_strings(words) else {
                    continue;
                };
                let top = match rows {
                    Rows::All => first,
                    Rows::Spare => listed + 1,
                };
                (
                    texts(&spec.speaks, v, title, |lang| tr(lang, message, &[]))?,
                    top,
                )
            }
            Rule::Percent { title, message } => {
                let v = DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(0.0, 100.0));
                (
                    texts(&spec.speaks, v, title, |lang| tr(lang, message, &[]))?,
                    first,
                )
            }
            Rule::Date { title, message } => {
                let (start, end) = spec.dates;
                let v = DataValidation::new().allow_date(DataValidationRule::Between(start, end));
                let text = |lang| {
                    tr(
                        lang,
                        message,
                        &[
                            ("start", &format_date(lang, start)),
                            ("end", &format_date(lang, end)),
                        ],
                    )
                };
                (texts(&spec.speaks, v, title, text)?, first)
            }
        };
        if top <= last {
            ws.add_data_validation(top, i as u16, last, i as u16, &validation)?;
        }
    }
    Ok(())
}

/// Gives a rule its title and message, in both languages where they fit.
fn texts(
    speaks: &Speaks,
    v: DataValidation,
    title: &str,
    message: impl Fn(Lang) -> String,
) -> XlsxResult<DataValidation> {
    let message = speaks.within(message, MESSAGE_LIMIT);
    v.set_input_title(speaks.within(|lang| tr(lang, title, &[]), TITLE_LIMIT))?
        .set_input_message(message.clone())?
        .set_error_title(speaks.within(|lang| tr(lang, "forms.valid.error", &[]), TITLE_LIMIT))?
        .set_error_message(message)
}

fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

fn properties(checked: &Checked, speaks: &Speaks, title: &str) -> DocProperties {
    let meta = &checked.report.meta;
    let (subject, category) = (speaks.both("forms.subject"), speaks.both("forms.category"));
    Properties {
        title,
        author: meta.network.get(speaks.first()),
        company: Some(meta.network.get(speaks.first())),
        subject: Some(&subject),
        category: Some(&category),
        ..Properties::default()
    }
    .build(meta.as_of)
}

/// Builds the instructions sheet of a form, Spanish beside English.
fn instructions<R>(
    checked: &Checked,
    spec: &FormSpec<R>,
    f: &Formats,
    month: YearMonth,
) -> XlsxResult<Worksheet> {
    let mut ws = Worksheet::new();
    let speaks = &spec.speaks;
    ws.set_name(tr(speaks.first(), "forms.sheet.instructions", &[]))?;
    ws.set_column_width(0, 80)?;
    ws.set_column_width(1, 80)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.write_string_with_format(0, 0, speaks.both("forms.help.title"), &f.help_title)?;
    for (i, lang) in speaks.0.iter().enumerate() {
        let language = tr(*lang, "forms.help.language", &[]);
        ws.write_string_with_format(2, i as u16, language, &f.help_header)?;
    }
    let mut row = 2;
    for texts in instruction_texts(checked, spec, month) {
        row += 1;
        for (i, text) in texts.iter().enumerate() {
            ws.write_string_with_format(row, i as u16, text, &f.help)?;
        }
    }
    if let Some(closed) = &checked.report.meta.plan_closed {
        row += 2;
        for (i, lang) in speaks.0.iter().enumerate() {
            ws.write_string_with_format(row, i as u16, closed.get(*lang), &f.help)?;
        }
    }
    ws.protect();
    Ok(ws)
}

/// Returns the instructions of a form, one a row, in each language: what the form is, then one
/// a field in the order of its columns, then how to send it back. The examples come from the
/// plan in force and the form's month.
fn instruction_texts<R>(
    checked: &Checked,
    spec: &FormSpec<R>,
    month: YearMonth,
) -> Vec<Vec<String>> {
    let plan = &checked.plan;
    let first = spec.speaks.first();
    // The example agency: as the form writes it, then as it is written in another language.
    let lead = plan
        .meta
        .co_leads
        .iter()
        .chain(plan.activities.iter().flat_map(|a| &a.lead))
        .find_map(|name| plan.registry().agency(name))
        .map(|a| {
            let own = a.acronym.get(first).to_string();
            let other = Lang::ALL
                .into_iter()
                .map(|l| a.acronym.get(l))
                .find(|s| !s.is_empty() && *s != own)
                .unwrap_or(&own)
                .to_string();
            (own, other)
        })
        .unwrap_or_default();
    let month = iso(month);
    let mut keys: Vec<(&str, String, String, Option<Lang>)> = spec
        .help
        .iter()
        .map(|key| (*key, String::new(), String::new(), None))
        .collect();
    for c in &spec.columns {
        let Some((field, help)) = c.field() else {
            continue;
        };
        // The words of a dropdown that covers every row are listed in its instruction.
        let words = match &c.rule {
            Rule::List {
                words,
                rows: Rows::All,
                ..
            } => words.join(", "),
            _ => String::new(),
        };
        let written_in = match field {
            Field::NarrativeIn(l) => Some(l),
            _ => None,
        };
        keys.push((
            help,
            field.header(spec.kind, first).to_string(),
            words,
            written_in,
        ));
    }
    keys.push(("forms.help.send", String::new(), String::new(), None));
    keys.push(("forms.help.protection", String::new(), String::new(), None));
    keys.iter()
        .map(|(key, header, words, written_in)| {
            spec.speaks
                .0
                .iter()
                .map(|&lang| {
                    let language = written_in
                        .map(|l| tr(lang, l.row().name_key, &[]))
                        .unwrap_or_default();
                    tr(
                        lang,
                        key,
                        &[
                            ("header", header),
                            ("words", words),
                            ("examples", &plan.code_examples_text(lang)),
                            ("agency", &lead.0),
                            ("agency_other", &lead.1),
                            ("language", &language),
                            ("month", &month),
                        ],
                    )
                })
                .collect()
        })
        .collect()
}
