//! The plan as a workbook: `plan/plan.xlsx`, read as an alternative to `plan/plan.toml`, and
//! written from either (`seguimiento plan --export`).
//!
//! One sheet per part of the plan file: the document's settings (one row per field, its id in
//! column A), the narrative sections, the footnotes, the sources, the plan's own agencies, the
//! groups, the priorities and the activities (one row each). It is written in the run's
//! languages: sheet names, headers, notes and instructions in each, and a text takes a column per
//! language, its header marked with the language's code (`Título · Title (ES)`); a list of texts
//! is one item per line of the cell, the same line in every language's column; a list of words
//! or numbers is separated by commas. The columns are found by their headers, so they may be
//! moved, and sheets and columns by their names in any language the program knows, so that a
//! workbook written for one network's languages reads in a run with others. Two more sheets are
//! written and never read: the instructions and the lists the dropdowns offer (the groups, the
//! agencies).
//!
//! The workbook is an input from outside like any form: it is read through the same reader path
//! ([`crate::sheets::worker::read`]), and every problem names its sheet, row and column.

use std::sync::LazyLock;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, Note, Workbook, Worksheet, XlsxError,
};
use serde_json::{Map, Value};

use super::file::PlanFile;
use super::schedule::DateOrder;
use crate::error::{Error, Result};
use crate::i18n::{tr, Lang, Text};
use crate::sheets::write::Properties;
use crate::sheets::{Cell, Grid};

/// Where the plan workbook lives inside the inputs folder.
pub const PLAN_WORKBOOK: &str = "plan/plan.xlsx";

/// How a field is written in its cell(s).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A word or phrase.
    Str,
    /// A word that may be left empty (then absent).
    OptStr,
    /// A text in each language: a column per language.
    Text,
    /// A list of texts in each language: a column per language, one item per line.
    Texts,
    /// A list of words, separated by commas.
    Strs,
    /// A list of whole numbers, separated by commas.
    Nums,
    /// A whole number.
    Num,
    /// A month, `YYYY-MM`.
    Month,
    /// A month that may be left empty (then absent).
    OptMonth,
    /// Yes or no.
    Bool,
    /// A day or a month that may be left empty (then absent): a date cell, or text read in the
    /// plan's order of day and month.
    Date,
    /// The plan's order of day and month (`dmy`, `mdy`), empty for the default.
    Order,
}

/// A sheet of records: its id, the string-table key of its name, where its records are in
/// the plan file, and its columns (field, kind, the string-table keys of its header and of
/// what it holds); the first column identifies a row.
struct Table {
    id: &'static str,
    sheet: &'static str,
    path: &'static [&'static str],
    columns: &'static [(&'static str, Kind, &'static str, &'static str)],
}

// One line a column, so that a column's field, kind and keys read together.
#[rustfmt::skip]
const TABLES: &[Table] = &[
    Table {
        id: "sections",
        sheet: "plan-book.sheet.sections",
        path: &["plan", "sections"],
        columns: &[
            ("key", Kind::Str, "plan-book.col.key", "plan-book.about.key"),
            ("heading", Kind::Text, "plan-book.col.heading", "plan-book.about.heading"),
            ("paragraphs", Kind::Texts, "plan-book.col.paragraphs", "plan-book.about.paragraphs"),
        ],
    },
    Table {
        id: "footnotes",
        sheet: "plan-book.sheet.footnotes",
        path: &["plan", "footnotes"],
        columns: &[
            ("number", Kind::Num, "plan-book.col.number", "plan-book.about.number"),
            ("text", Kind::Text, "plan-book.col.text", "plan-book.about.text"),
        ],
    },
    Table {
        id: "sources",
        sheet: "plan-book.sheet.sources",
        path: &["plan", "sources"],
        columns: &[("title", Kind::Text, "plan-book.col.title", "plan-book.about.title")],
    },
    Table {
        id: "agencies",
        sheet: "plan-book.sheet.agencies",
        path: &["agencies"],
        columns: &[
            ("id", Kind::Str, "plan-book.col.id", "plan-book.about.id"),
            ("acronym", Kind::Text, "plan-book.col.acronym", "plan-book.about.acronym"),
            ("name", Kind::Text, "plan-book.col.name", "plan-book.about.name"),
            ("aliases", Kind::Strs, "plan-book.col.aliases", "plan-book.about.aliases"),
            ("member", Kind::Bool, "plan-book.col.member", "plan-book.about.member"),
        ],
    },
    Table {
        id: "groups",
        sheet: "plan-book.sheet.groups",
        path: &["groups"],
        columns: &[
            ("key", Kind::Str, "plan-book.col.key", "plan-book.about.key"),
            ("name", Kind::Text, "plan-book.col.name", "plan-book.about.name"),
            ("intro", Kind::Text, "plan-book.col.intro", "plan-book.about.intro"),
            ("prefix", Kind::Str, "plan-book.col.prefix", "plan-book.about.prefix"),
        ],
    },
    Table {
        id: "priorities",
        sheet: "plan-book.sheet.priorities",
        path: &["priorities"],
        columns: &[
            ("code", Kind::Str, "plan-book.col.code", "plan-book.about.code"),
            ("group", Kind::Str, "plan-book.col.group", "plan-book.about.group"),
            ("title", Kind::Text, "plan-book.col.title", "plan-book.about.title"),
            ("short", Kind::Text, "plan-book.col.short", "plan-book.about.short"),
            ("objectives", Kind::Nums, "plan-book.col.objectives", "plan-book.about.objectives"),
        ],
    },
    Table {
        id: "activities",
        sheet: "plan-book.sheet.activities",
        path: &["activities"],
        columns: &[
            ("code", Kind::Str, "plan-book.col.code", "plan-book.about.code"),
            ("title", Kind::Text, "plan-book.col.title", "plan-book.about.title"),
            ("details", Kind::Texts, "plan-book.col.details", "plan-book.about.details"),
            ("references", Kind::Texts, "plan-book.col.references", "plan-book.about.references"),
            ("lead", Kind::Strs, "plan-book.col.lead", "plan-book.about.lead"),
            ("lead_text", Kind::Text, "plan-book.col.lead_text", "plan-book.about.lead_text"),
            ("support", Kind::Strs, "plan-book.col.support", "plan-book.about.support"),
            ("support_text", Kind::Text, "plan-book.col.support_text", "plan-book.about.support_text"),
            ("calendar", Kind::Str, "plan-book.col.calendar", "plan-book.about.calendar"),
            ("calendar_en", Kind::Str, "plan-book.col.calendar_en", "plan-book.about.calendar_en"),
            ("start", Kind::Date, "plan-book.col.start", "plan-book.about.start"),
            ("end", Kind::Date, "plan-book.col.end", "plan-book.about.end"),
            ("irregularities", Kind::Strs, "plan-book.col.irregularities", "plan-book.about.irregularities"),
            ("notes", Kind::Texts, "plan-book.col.notes", "plan-book.about.notes"),
            ("added", Kind::OptMonth, "plan-book.col.added", "plan-book.about.added"),
            ("dropped", Kind::OptMonth, "plan-book.col.dropped", "plan-book.about.dropped"),
        ],
    },
    Table {
        id: "revisions",
        sheet: "plan-book.sheet.revisions",
        path: &["revisions"],
        columns: &[
            ("month", Kind::Month, "plan-book.col.month", "plan-book.about.month"),
            ("title", Kind::Text, "plan-book.col.title", "plan-book.about.title"),
            ("note", Kind::Text, "plan-book.col.note", "plan-book.about.note"),
        ],
    },
    // Each activity's changes, one row per change; folded into the activities when read.
    Table {
        id: "changes",
        sheet: "plan-book.sheet.changes",
        path: &["changes"],
        columns: &[
            ("activity", Kind::Str, "plan-book.col.activity", "plan-book.about.activity"),
            ("from", Kind::Month, "plan-book.col.from", "plan-book.about.from"),
            ("calendar", Kind::OptStr, "plan-book.col.calendar", "plan-book.about.calendar"),
            ("calendar_en", Kind::OptStr, "plan-book.col.calendar_en", "plan-book.about.calendar_en"),
            ("start", Kind::Date, "plan-book.col.start", "plan-book.about.start"),
            ("end", Kind::Date, "plan-book.col.end", "plan-book.about.end"),
            ("lead", Kind::Strs, "plan-book.col.lead", "plan-book.about.lead"),
            ("lead_text", Kind::Text, "plan-book.col.lead_text", "plan-book.about.lead_text"),
            ("objectives", Kind::Nums, "plan-book.col.objectives", "plan-book.about.objectives"),
        ],
    },
];

/// The fields of a change that are absent when left empty.
const CHANGE_OPTIONAL: [&str; 3] = ["lead", "lead_text", "objectives"];

/// The rows of the document sheet: the field's place in the plan file, its kind, and the
/// string-table key of what it holds.
#[rustfmt::skip]
const DOCUMENT: &[(&str, Kind, &str)] = &[
    ("plan.title", Kind::Text, "plan-book.about.plan.title"),
    ("plan.subtitle", Kind::Text, "plan-book.about.plan.subtitle"),
    ("plan.short", Kind::Text, "plan-book.about.plan.short"),
    ("plan.network", Kind::Text, "plan-book.about.plan.network"),
    ("plan.date", Kind::Month, "plan-book.about.plan.date"),
    ("plan.start", Kind::Month, "plan-book.about.plan.start"),
    ("plan.end", Kind::Month, "plan-book.about.plan.end"),
    ("plan.date_order", Kind::Order, "plan-book.about.plan.date_order"),
    ("plan.co_leads", Kind::Strs, "plan-book.about.plan.co_leads"),
    ("plan.co_leads_text", Kind::Text, "plan-book.about.plan.co_leads_text"),
    ("plan.review_note", Kind::Text, "plan-book.about.plan.review_note"),
    ("codes.pattern", Kind::OptStr, "plan-book.about.codes.pattern"),
    ("codes.examples", Kind::Strs, "plan-book.about.codes.examples"),
    ("roles.good_practices", Kind::OptStr, "plan-book.about.roles.good_practices"),
    ("roles.pledge_monitoring", Kind::OptStr, "plan-book.about.roles.pledge_monitoring"),
    ("roles.review_support.group", Kind::OptStr, "plan-book.about.roles.review_support.group"),
    ("roles.review_support.heading", Kind::Text, "plan-book.about.roles.review_support.heading"),
    ("roles.review_support.intro", Kind::Text, "plan-book.about.roles.review_support.intro"),
];

/// The two sheets written for people and never read (string-table keys of their names).
const INSTRUCTIONS: &str = "plan-book.sheet.instructions";
const LISTS: &str = "plan-book.sheet.lists";

/// The sheet of the document's settings, and that of the activities' changes.
const DOCUMENT_SHEET: &str = "plan-book.sheet.document";
const CHANGES_SHEET: &str = "plan-book.sheet.changes";

/// The longest name a sheet may have, in characters (Excel's limit).
const MAX_SHEET_NAME: usize = 31;

/// The languages a workbook is written in.
#[derive(Debug, Clone)]
struct Book {
    /// Those its sheet names, headers, notes and instructions are in: the run's, in order.
    labels: Vec<Lang>,
    /// Those its texts have a column each for: the run's, then any other the plan holds a text
    /// in, so that exporting a plan loses none of it.
    texts: Vec<Lang>,
}

impl Book {
    /// The languages of the workbook of `value` (a plan file as JSON) written for a run in
    /// `langs`.
    fn new(langs: &[Lang], value: &Value) -> Book {
        let labels = if langs.is_empty() {
            Lang::RUN_DEFAULT.to_vec()
        } else {
            langs.to_vec()
        };
        let mut held = std::collections::BTreeSet::new();
        text_languages(value, &mut held);
        let texts = labels
            .iter()
            .copied()
            .chain(held.into_iter().filter(|l| !labels.contains(l)))
            .collect();
        Book { labels, texts }
    }

    /// Returns the first language of the workbook.
    fn first(&self) -> Lang {
        self.labels[0]
    }

    /// Returns a text as the workbook names it: its first version written in one of the
    /// workbook's languages, else its version in the first (or that one's fallback).
    fn shown<'a>(&self, text: &'a Text) -> &'a str {
        self.texts
            .iter()
            .find_map(|&l| text.own(l).filter(|s| !s.is_empty()))
            .unwrap_or_else(|| text.get(self.first()))
    }
}

/// Adds to `out` every language in which `v` holds a text that is not empty (a text is an
/// object keyed by language codes).
fn text_languages(v: &Value, out: &mut std::collections::BTreeSet<Lang>) {
    match v {
        Value::Object(map) => {
            let langs: Vec<Option<Lang>> = map.keys().map(|k| lang_of_code(k)).collect();
            if !map.is_empty() && langs.iter().all(Option::is_some) {
                for (lang, s) in langs.into_iter().flatten().zip(map.values()) {
                    if s.as_str().is_some_and(|s| !s.trim().is_empty()) {
                        out.insert(lang);
                    }
                }
            } else {
                map.values().for_each(|v| text_languages(v, out));
            }
        }
        Value::Array(items) => items.iter().for_each(|v| text_languages(v, out)),
        _ => {}
    }
}

/// Returns the language whose code is `code`, in any case.
fn lang_of_code(code: &str) -> Option<Lang> {
    let code = code.trim().to_lowercase();
    Lang::ALL.into_iter().find(|l| l.code() == code)
}

/// Returns a sheet's name, from the string-table key of its name: in the workbook's languages
/// (`Actividades · Activities`), or in its first alone when that would be longer than a sheet
/// name may be.
fn sheet_name(book: &Book, key: &str) -> String {
    let joined = label(book, key);
    if joined.chars().count() <= MAX_SHEET_NAME {
        joined
    } else {
        tr(book.first(), key, &[])
    }
}

/// Returns a string of the table in each of the workbook's languages, joined
/// (`Título · Title`).
fn label(book: &Book, key: &str) -> String {
    crate::i18n::in_languages(&book.labels, " · ", |lang| tr(lang, key, &[]))
}

/// Returns the mark of a text's column in `lang`: its code, in capitals (`(ES)`).
fn code_mark(lang: Lang) -> String {
    format!("({})", lang.code().to_uppercase())
}

/// Returns the headers of a column, from the string-table key of its header: one, or one per
/// language of the texts for a text (`Título · Title (ES)`, `Título · Title (EN)`).
fn headers(book: &Book, key: &str, kind: Kind) -> Vec<String> {
    let label = label(book, key);
    match kind {
        Kind::Text | Kind::Texts => book
            .texts
            .iter()
            .map(|&l| format!("{label} {}", code_mark(l)))
            .collect(),
        _ => vec![label],
    }
}

/// Returns the name of `lang` as it heads a column, in `within` (`Español`, `Spanish`).
fn language_heading(within: Lang, lang: Lang) -> String {
    let name = tr(within, lang.row().name_key, &[]);
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

/// Returns how a text or a list of texts is written, in `lang`, for the languages of the
/// workbook's texts: the string-table key for one language, for two, or for more.
fn how_texts(book: &Book, lang: Lang, [one, two, many]: [&str; 3]) -> String {
    let name = |l: Lang| tr(lang, l.row().name_key, &[]);
    match book.texts.as_slice() {
        [only] => tr(lang, one, &[("language", &name(*only))]),
        [first, second] => tr(
            lang,
            two,
            &[("first", &name(*first)), ("second", &name(*second))],
        ),
        all => {
            let codes: Vec<String> = all.iter().map(|l| l.code().to_uppercase()).collect();
            tr(lang, many, &[("languages", &codes.join(", "))])
        }
    }
}

/// Returns the note on a column's header, from the string-table key of what it holds: that,
/// and how it is written, in each of the workbook's languages.
fn header_note(book: &Book, about: &str, kind: Kind) -> String {
    let how = |lang: Lang| -> String {
        let key = match kind {
            Kind::Str | Kind::OptStr | Kind::Order => return String::new(),
            Kind::Text => {
                return how_texts(
                    book,
                    lang,
                    [
                        "plan-book.how.text-one",
                        "plan-book.how.text",
                        "plan-book.how.text-many",
                    ],
                )
            }
            Kind::Texts => {
                return how_texts(
                    book,
                    lang,
                    [
                        "plan-book.how.texts-one",
                        "plan-book.how.texts",
                        "plan-book.how.texts-many",
                    ],
                )
            }
            Kind::Strs => "plan-book.how.words",
            Kind::Nums => "plan-book.how.numbers",
            Kind::Num => "plan-book.how.number",
            Kind::Month | Kind::OptMonth => "plan-book.how.month",
            Kind::Bool => "plan-book.how.bool",
            Kind::Date => "plan-book.how.date",
        };
        tr(lang, key, &[])
    };
    book.labels
        .iter()
        .map(|&lang| {
            let about = tr(lang, about, &[]);
            let how = how(lang);
            if how.is_empty() {
                about
            } else {
                format!("{about} {how}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Writes the plan file as a workbook in `langs`, the run's languages: its names, headers,
/// notes and instructions in each of them, and a column per language for each text (those of
/// the run, then any other the plan holds a text in).
pub(super) fn write(file: &PlanFile, langs: &[Lang]) -> Result<Vec<u8>> {
    let mut value = serde_json::to_value(file).map_err(|e| write_error(e.to_string()))?;
    let book = Book::new(langs, &value);
    // The activities' changes go to a sheet of their own, one row per change.
    let mut changes = Vec::new();
    for a in value["activities"].as_array().cloned().unwrap_or_default() {
        for c in a["changes"].as_array().cloned().unwrap_or_default() {
            let mut c = c;
            c["activity"] = a["code"].clone();
            changes.push(c);
        }
    }
    value["changes"] = Value::Array(changes);
    build_workbook(&book, file, &value).map_err(|e| write_error(e.to_string()))
}

fn write_error(cause: String) -> Error {
    Error::new("error.plan-book-write", &[])
        .cause(cause)
        .hint("hint.plan-book-write", &[])
}

/// Returns the value at `path` inside `v`.
fn at<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(v, |v, k| v.get(k).unwrap_or(&Value::Null))
}

/// Builds the workbook: the instructions, the document sheet, one sheet per table, the lists.
fn build_workbook(
    book: &Book,
    file: &PlanFile,
    value: &Value,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DCE6F1")
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    // Cells are text ("@"), so that a calendar or a month typed later stays as typed, not
    // turned into a date by the spreadsheet.
    let wrap = Format::new()
        .set_text_wrap()
        .set_num_format("@")
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let id_format = Format::new()
        .set_bold()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let mut wb = Workbook::new();
    wb.push_worksheet(instructions(book, &header, &wrap)?);
    wb.push_worksheet(document_sheet(book, value, &header, &wrap, &id_format)?);
    for table in TABLES {
        wb.push_worksheet(table_sheet(book, table, value, &header, &wrap)?);
    }
    wb.push_worksheet(lists(book, file, &header)?);
    wb.set_properties(
        &Properties {
            title: book.shown(&file.plan.title),
            author: book.shown(&file.plan.network),
            ..Properties::default()
        }
        .build(file.plan.date.first_day()),
    );
    wb.save_to_buffer()
}

/// Builds the document sheet: one row per field of what the plan says about itself, its value
/// in a column per language of the texts.
fn document_sheet(
    book: &Book,
    value: &Value,
    header: &Format,
    wrap: &Format,
    id_format: &Format,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet_name(book, DOCUMENT_SHEET))?;
    let mut heads = vec![
        label(book, "plan-book.doc.field"),
        label(book, "plan-book.doc.about"),
    ];
    heads.extend(book.texts.iter().map(|&l| {
        crate::i18n::in_languages(&book.labels, " · ", |within| language_heading(within, l))
    }));
    for (c, text) in heads.into_iter().enumerate() {
        ws.write_string_with_format(0, c as u16, text, header)?;
    }
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 40)?;
    for c in 0..book.texts.len() as u16 {
        ws.set_column_width(2 + c, 60)?;
    }
    for c in 0..book.texts.len() as u16 {
        ws.set_column_format(2 + c, wrap)?;
    }
    for (i, (field, kind, about)) in DOCUMENT.iter().enumerate() {
        let row = i as u32 + 1;
        let path: Vec<&str> = field.split('.').collect();
        let v = at(value, &path);
        ws.write_string_with_format(row, 0, *field, id_format)?;
        ws.write_string_with_format(row, 1, header_note(book, about, *kind), wrap)?;
        write_value(book, &mut ws, row, 2, *kind, v, wrap)?;
    }
    ws.set_freeze_panes(1, 1)?;
    Ok(ws)
}

/// Builds the sheet of a table: its headers with their notes, then one row per record.
fn table_sheet(
    book: &Book,
    table: &Table,
    value: &Value,
    header: &Format,
    wrap: &Format,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet_name(book, table.sheet))?;
    let mut col = 0u16;
    for (field, kind, label, about) in table.columns {
        for h in headers(book, label, *kind) {
            ws.write_string_with_format(0, col, h, header)?;
            ws.insert_note(
                0,
                col,
                &Note::new(header_note(book, about, *kind)).set_author("seguimiento"),
            )?;
            let width = match kind {
                Kind::Text | Kind::Texts => 45,
                Kind::Str if *field == "calendar" || *field == "calendar_en" => 28,
                _ => 14,
            };
            ws.set_column_width(col, width)?;
            if !matches!(kind, Kind::Num | Kind::Bool) {
                ws.set_column_format(col, wrap)?;
            }
            col += 1;
        }
    }
    let records = at(value, table.path)
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (i, record) in records.iter().enumerate() {
        let row = i as u32 + 1;
        let mut col = 0u16;
        for (field, kind, ..) in table.columns {
            col += write_value(book, &mut ws, row, col, *kind, &record[*field], wrap)?;
        }
    }
    dropdowns(book, &mut ws, table, records.len() as u32)?;
    ws.set_row_height(0, 45)?;
    ws.set_freeze_panes(1, 1)?;
    Ok(ws)
}

/// Writes a value in its cell(s); returns how many columns it took.
fn write_value(
    book: &Book,
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    kind: Kind,
    v: &Value,
    wrap: &Format,
) -> std::result::Result<u16, XlsxError> {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut put = |c: u16, text: String| -> std::result::Result<(), XlsxError> {
        if !text.is_empty() {
            ws.write_string_with_format(row, c, text, wrap)?;
        }
        Ok(())
    };
    match kind {
        Kind::Text => {
            for (c, lang) in book.texts.iter().enumerate() {
                put(col + c as u16, s(&v[lang.code()]))?;
            }
            return Ok(book.texts.len() as u16);
        }
        Kind::Texts => {
            let items = v.as_array().cloned().unwrap_or_default();
            for (c, lang) in book.texts.iter().enumerate() {
                let lines: Vec<String> = items.iter().map(|t| s(&t[lang.code()])).collect();
                put(col + c as u16, lines.join("\n"))?;
            }
            return Ok(book.texts.len() as u16);
        }
        Kind::Strs | Kind::Nums => {
            let items: Vec<String> = v
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            put(col, items.join(", "))?;
        }
        Kind::Num => {
            if let Some(n) = v.as_f64() {
                ws.write_number(row, col, n)?;
            }
        }
        Kind::Bool => {
            ws.write_boolean(row, col, v.as_bool().unwrap_or(true))?;
        }
        Kind::Date => {
            let text = s(v);
            // A day written as ISO goes in as a date cell that shows it so; anything else as
            // written, read again as text.
            match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                Ok(d) if text.len() == 10 => {
                    let format = Format::new()
                        .set_num_format("yyyy-mm-dd")
                        .set_align(rust_xlsxwriter::FormatAlign::Top);
                    ws.write_date_with_format(row, col, d, &format)?;
                }
                _ => put(col, text)?,
            }
        }
        Kind::Str | Kind::OptStr | Kind::Month | Kind::OptMonth | Kind::Order => put(col, s(v))?,
    }
    Ok(1)
}

/// Adds the dropdowns: the groups on the priorities, the agencies on the activities (any other
/// agency may still be typed, with a reminder that it must be declared).
fn dropdowns(
    book: &Book,
    ws: &mut Worksheet,
    table: &Table,
    records: u32,
) -> std::result::Result<(), XlsxError> {
    let last = records + 200;
    let lists = sheet_name(book, LISTS);
    let mut col = 0u16;
    for (field, kind, label, _) in table.columns {
        let list = match (table.id, *field) {
            ("priorities", "group") => Some(("A", "plan-book.valid.group")),
            ("activities", "lead") | ("activities", "support") => {
                Some(("B", "plan-book.valid.agency"))
            }
            _ => None,
        };
        if let Some((letter, key)) = list {
            let v = DataValidation::new()
                .allow_list_formula(Formula::new(format!(
                    "='{lists}'!${letter}$2:${letter}$500"
                )))
                .ignore_blank(true)
                .set_error_style(DataValidationErrorStyle::Information)
                .set_input_message(short_label(book, key))?;
            ws.add_data_validation(1, col, last, col, &v)?;
        }
        col += headers(book, label, *kind).len() as u16;
    }
    Ok(())
}

/// Returns a string in the workbook's languages, or in its first alone when the joined one
/// is longer than a dropdown's message may be.
fn short_label(book: &Book, key: &str) -> String {
    let joined = label(book, key);
    if joined.encode_utf16().count() <= 255 {
        joined
    } else {
        tr(book.first(), key, &[])
    }
}

/// The lists the dropdowns offer: the plan's groups, and every agency the plan may name, by
/// its acronym in the workbook's first language.
fn lists(
    book: &Book,
    file: &PlanFile,
    header: &Format,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet_name(book, LISTS))?;
    ws.write_string_with_format(0, 0, label(book, "plan-book.col.group"), header)?;
    ws.write_string_with_format(0, 1, label(book, "plan-book.lists.agency"), header)?;
    for (i, g) in file.groups.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, &g.key)?;
    }
    let mut agencies: Vec<String> = super::Registry::builtin()
        .agencies()
        .iter()
        .map(|a| book.shown(&a.acronym).to_string())
        .chain(
            file.agencies
                .iter()
                .map(|a| book.shown(&a.acronym).to_string()),
        )
        .collect();
    agencies.sort();
    agencies.dedup();
    for (i, a) in agencies.iter().enumerate() {
        ws.write_string(i as u32 + 1, 1, a)?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 24)?;
    Ok(ws)
}

/// The instructions sheet, a column per language of the workbook.
fn instructions(
    book: &Book,
    header: &Format,
    wrap: &Format,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet_name(book, INSTRUCTIONS))?;
    for c in 0..book.labels.len() as u16 {
        ws.set_column_width(c, 80)?;
    }
    for (c, lang) in book.labels.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, tr(*lang, "plan-book.help.title", &[]), header)?;
        let texts = how_texts(
            book,
            *lang,
            [
                "plan-book.help.texts-one",
                "plan-book.help.texts",
                "plan-book.help.texts-many",
            ],
        );
        for (r, key) in [
            "plan-book.help.intro",
            "plan-book.help.sheets",
            "plan-book.help.texts",
            "plan-book.help.lists",
            "plan-book.help.codes",
            "plan-book.help.dates",
            "plan-book.help.check",
            "plan-book.help.export",
        ]
        .iter()
        .enumerate()
        {
            let text = if *key == "plan-book.help.texts" {
                texts.clone()
            } else {
                tr(*lang, key, &[])
            };
            ws.write_string_with_format(r as u32 + 1, c as u16, text, wrap)?;
        }
    }
    Ok(ws)
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A problem in the workbook, at a cell: the sheet's name and the column's header as the
/// workbook shows them, or as they should be when missing.
struct Problem {
    sheet: Text,
    row: Option<u32>,
    col: Option<u32>,
    header: Text,
    message: Text,
}

/// Reads the plan file from the workbook's bytes, through the same reader as the forms. The
/// workbook may be in any languages: its sheets and columns are found by their names in any
/// language the program knows, and each text column by the code of its language.
pub(super) fn read(bytes: &[u8], shown: &str) -> Result<PlanFile> {
    let grids = crate::sheets::worker::read(
        bytes,
        "xlsx",
        &crate::sheets::Limits::default(),
        crate::sheets::no_headers,
    )
    .map_err(|e| {
        Error::new("error.plan-book-unreadable", &[("path", &shown)])
            .cause(format!("{e:?}"))
            .hint("hint.plan-book-unreadable", &[])
    })?;
    let mut problems = Vec::new();
    let value = from_grids(&grids, &mut problems);
    if problems.is_empty() {
        match serde_json::from_value::<PlanFile>(value) {
            Ok(file) => return Ok(file),
            Err(e) => problems.push(Problem {
                sheet: Text::same(""),
                row: None,
                col: None,
                header: Text::same(""),
                message: Text::same(e.to_string()),
            }),
        }
    }
    let mut e = Error::new("error.plan-book-invalid", &[("path", &shown)])
        .hint("hint.plan-book-invalid", &[]);
    e.details = problems.iter().map(describe).collect();
    Err(e)
}

fn describe(p: &Problem) -> Text {
    let place = |lang: Lang| {
        let mut parts = Vec::new();
        let sheet = p.sheet.get(lang);
        if !sheet.is_empty() {
            parts.push(tr(lang, "plan-book.at.sheet", &[("sheet", &sheet)]));
        }
        if let Some(r) = p.row {
            parts.push(tr(lang, "plan-book.at.row", &[("row", &r)]));
        }
        if let Some(c) = p.col {
            parts.push(tr(
                lang,
                "plan-book.at.column",
                &[
                    ("column", &crate::sheets::write::column_letter(c as usize)),
                    ("header", &p.header.get(lang)),
                ],
            ));
        }
        parts.join(", ")
    };
    Text::from_fn(|lang| format!("{}: {}", place(lang), p.message.get(lang)))
}

/// Folds a header or a sheet name for matching: case, accents and spacing aside.
fn fold(s: &str) -> String {
    crate::text::fold(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Returns true when `written` (a sheet's name or a column's label, without its language
/// mark) is the string of key `key` in one language or several joined (`Actividades`,
/// `Atividades`, `Actividades · Activities`), in any language the program knows.
fn names(written: &str, key: &str) -> bool {
    let known: Vec<String> = Lang::ALL
        .into_iter()
        .map(|l| fold(&tr(l, key, &[])))
        .collect();
    let whole = fold(written);
    if whole.is_empty() {
        return false;
    }
    known.contains(&whole)
        || written
            .split('·')
            .map(fold)
            .all(|part| !part.is_empty() && known.contains(&part))
}

/// Splits a header into its label and the language its mark names, if it ends with one
/// (`Título · Title (ES)`).
fn split_mark(header: &str) -> (&str, Option<Lang>) {
    let trimmed = header.trim();
    if let Some(open) = trimmed.strip_suffix(')').and_then(|t| t.rfind('(')) {
        if let Some(lang) = lang_of_code(&trimmed[open + 1..trimmed.len() - 1]) {
            return (trimmed[..open].trim_end(), Some(lang));
        }
    }
    (trimmed, None)
}

/// Finds a sheet by the string-table key of its name, in any language or several.
fn find_sheet<'a>(grids: &'a [Grid], key: &str) -> Option<&'a Grid> {
    grids
        .iter()
        .find(|g| names(g.sheet.as_deref().unwrap_or_default(), key))
}

/// The headers of a sheet: each column's label and the language its mark names, by column.
fn header_row(g: &Grid) -> Vec<(u32, String, Option<Lang>)> {
    let width = g.rows.first().map_or(0, |r| r.len() as u32 + g.first_col);
    (0..width)
        .filter_map(|c| {
            let text = raw(g.cell(0, c));
            let (label, lang) = split_mark(&text);
            (!label.trim().is_empty()).then(|| (c, label.to_string(), lang))
        })
        .collect()
}

/// Returns the languages of a workbook's texts: those whose code marks a column of its
/// tables, in the order they first appear; else those of the document sheet's columns; else
/// the default ones.
fn book_languages(grids: &[Grid]) -> Vec<Lang> {
    let mut langs = Vec::new();
    for table in TABLES {
        if let Some(g) = find_sheet(grids, table.sheet) {
            for (_, _, lang) in header_row(g) {
                if let Some(l) = lang.filter(|l| !langs.contains(l)) {
                    langs.push(l);
                }
            }
        }
    }
    if langs.is_empty() {
        if let Some(g) = find_sheet(grids, DOCUMENT_SHEET) {
            langs = document_columns(g).into_iter().map(|(l, _)| l).collect();
        }
    }
    if langs.is_empty() {
        langs = Lang::RUN_DEFAULT.to_vec();
    }
    langs
}

fn from_grids(grids: &[Grid], problems: &mut Vec<Problem>) -> Value {
    let langs = book_languages(grids);
    let mut root = Value::Object(Map::new());
    let missing = |key: &str, problems: &mut Vec<Problem>| {
        problems.push(Problem {
            sheet: Text::tr(key, &[]),
            row: None,
            col: None,
            header: Text::same(""),
            message: Text::tr("plan-book.missing-sheet", &[]),
        })
    };
    match find_sheet(grids, DOCUMENT_SHEET) {
        Some(g) => read_document(g, &langs, &mut root, problems),
        None => missing(DOCUMENT_SHEET, problems),
    }
    // The dates of the activities are read in the order the document sheet gives.
    let order = at(&root, &["plan", "date_order"])
        .as_str()
        .and_then(DateOrder::parse)
        .unwrap_or_default();
    for table in TABLES {
        let records = match find_sheet(grids, table.sheet) {
            Some(g) => read_table(g, table, &langs, order, problems),
            // The optional parts of the plan may be left out whole.
            None if matches!(
                table.id,
                "sections" | "footnotes" | "sources" | "agencies" | "revisions" | "changes"
            ) =>
            {
                Vec::new()
            }
            None => {
                missing(table.sheet, problems);
                Vec::new()
            }
        };
        set(&mut root, table.path, Value::Array(records));
    }
    fold_changes(&mut root, grids, problems);
    root
}

/// Moves each row of the changes sheet into its activity's `changes`.
fn fold_changes(root: &mut Value, grids: &[Grid], problems: &mut Vec<Problem>) {
    let changes = root
        .as_object_mut()
        .and_then(|m| m.remove("changes"))
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    for (i, mut c) in changes.into_iter().enumerate() {
        let code = c["activity"].as_str().unwrap_or_default().to_string();
        if let Some(m) = c.as_object_mut() {
            m.remove("activity");
            for field in CHANGE_OPTIONAL {
                let empty = match &m.get(field) {
                    Some(Value::Array(a)) => a.is_empty(),
                    Some(Value::Object(t)) => t.values().all(|v| v.as_str() == Some("")),
                    _ => false,
                };
                if empty {
                    m.insert(field.to_string(), Value::Null);
                }
            }
        }
        let activity = root["activities"]
            .as_array_mut()
            .and_then(|list| list.iter_mut().find(|a| a["code"] == code.as_str()));
        match activity {
            Some(a) => {
                if !a["changes"].is_array() {
                    a["changes"] = Value::Array(Vec::new());
                }
                if let Some(list) = a["changes"].as_array_mut() {
                    list.push(c);
                }
            }
            None => {
                // Rows of the sheet are numbered from 2; the sheet is there, since it had rows.
                let g = find_sheet(grids, CHANGES_SHEET);
                let row = g.and_then(|g| {
                    (1..g.rows.len())
                        .filter(|&r| !g.rows[r].iter().all(Cell::is_blank))
                        .nth(i)
                        .map(|r| g.row_number(r))
                });
                let (col, header) = g
                    .and_then(|g| {
                        header_row(g)
                            .into_iter()
                            .find(|(_, label, lang)| {
                                lang.is_none() && names(label, "plan-book.col.activity")
                            })
                            .map(|(c, _, _)| (c, Text::same(raw(g.cell(0, c)))))
                    })
                    .unwrap_or_else(|| (0, Text::tr("plan-book.col.activity", &[])));
                problems.push(Problem {
                    sheet: Text::same(g.and_then(|g| g.sheet.clone()).unwrap_or_default()),
                    row,
                    col: Some(col),
                    header,
                    message: Text::tr("plan-book.unknown-activity", &[("value", &code)]),
                });
            }
        }
    }
}

/// Sets the value at `path`, creating the objects on the way.
fn set(root: &mut Value, path: &[&str], v: Value) {
    let mut at = root;
    for (i, k) in path.iter().enumerate() {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let map = at.as_object_mut().expect("an object");
        if i + 1 == path.len() {
            map.insert(k.to_string(), v);
            return;
        }
        at = map
            .entry(k.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// A cell's text as written: text untrimmed, numbers and dates as they show.
fn raw(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.replace("\r\n", "\n"),
        other => other.display(),
    }
}

/// Returns the document sheet's columns of values, each with its language, in the order of
/// the columns: each found by the name of its language in any language, or by its code
/// (`Español · Spanish`, `Português`, `(FR)`). A sheet whose headers name no language is read
/// as the first workbooks were written, Spanish then English, from column C.
fn document_columns(g: &Grid) -> Vec<(Lang, u32)> {
    let mut found: Vec<(Lang, u32)> = Vec::new();
    for (c, label, mark) in header_row(g).into_iter().filter(|(c, ..)| *c >= 2) {
        let lang = mark.or_else(|| {
            Lang::ALL.into_iter().find(|&l| {
                let known: Vec<String> = Lang::ALL
                    .into_iter()
                    .map(|within| fold(&language_heading(within, l)))
                    .collect();
                label
                    .split('·')
                    .map(fold)
                    .all(|part| !part.is_empty() && known.contains(&part))
            })
        });
        if let Some(l) = lang.filter(|l| !found.iter().any(|(f, _)| f == l)) {
            found.push((l, c));
        }
    }
    if found.is_empty() {
        found = Lang::RUN_DEFAULT.into_iter().zip(2..).collect();
    }
    found
}

fn read_document(g: &Grid, langs: &[Lang], root: &mut Value, problems: &mut Vec<Problem>) {
    let sheet = Text::same(g.sheet.clone().unwrap_or_default());
    let columns = document_columns(g);
    let (doc_langs, cols): (Vec<Lang>, Vec<u32>) = columns.into_iter().unzip();
    let first_col = cols.iter().copied().min().unwrap_or(2);
    let mut seen = std::collections::BTreeSet::new();
    for r in 1..g.rows.len() {
        let id = raw(g.cell(r, 0)).trim().to_string();
        if id.is_empty() {
            continue;
        }
        let Some((field, kind, _)) = DOCUMENT.iter().find(|(f, ..)| *f == id) else {
            problems.push(Problem {
                sheet: sheet.clone(),
                row: Some(g.row_number(r)),
                col: Some(0),
                header: Text::same(raw(g.cell(0, 0))),
                message: Text::tr("plan-book.unknown-field", &[("field", &id)]),
            });
            continue;
        };
        seen.insert(*field);
        // A text takes a cell per language; anything else the first column of values.
        let at_cols: Vec<u32> = if matches!(kind, Kind::Text | Kind::Texts) {
            cols.clone()
        } else {
            vec![first_col]
        };
        let cells: Vec<&Cell> = at_cols.iter().map(|&c| g.cell(r, c)).collect();
        let header = Text::same(raw(g.cell(0, at_cols[0])));
        let at = |k: u32| (g.row_number(r), at_cols[k as usize]);
        if let Some(v) = cell_value(
            *kind,
            &cells,
            &doc_langs,
            (&sheet, &header),
            at,
            DateOrder::default(),
            problems,
        ) {
            let path: Vec<&str> = field.split('.').collect();
            set(root, &path, v);
        }
    }
    for (field, kind, _) in DOCUMENT {
        if !seen.contains(field) {
            let path: Vec<&str> = field.split('.').collect();
            set(root, &path, empty(*kind, langs));
        }
    }
    // An empty group means the plan singles out no group for the review's support.
    let support = at(root, &["roles", "review_support", "group"]).is_null();
    if support {
        set(root, &["roles", "review_support"], Value::Null);
    }
}

/// The value of a field left out: an empty text in each of `langs`, an empty list, nothing.
fn empty(kind: Kind, langs: &[Lang]) -> Value {
    match kind {
        Kind::Text => Value::Object(
            langs
                .iter()
                .map(|l| (l.code().to_string(), Value::String(String::new())))
                .collect(),
        ),
        Kind::Texts | Kind::Strs | Kind::Nums => Value::Array(Vec::new()),
        Kind::Str | Kind::Month => Value::String(String::new()),
        Kind::Bool => Value::Bool(true),
        Kind::OptStr | Kind::OptMonth | Kind::Num | Kind::Date | Kind::Order => Value::Null,
    }
}

/// The columns of a table's fields found in its sheet: each field's kind, the languages of a
/// text's columns and where they are. A column missing is a problem, and its field is not read.
fn table_columns(
    g: &Grid,
    table: &Table,
    langs: &[Lang],
    problems: &mut Vec<Problem>,
) -> Vec<(&'static str, Kind, Vec<Lang>, Vec<u32>)> {
    let sheet = Text::same(g.sheet.clone().unwrap_or_default());
    let found = header_row(g);
    // The languages of the sheet's texts are those its headers mark: a sheet without a column
    // in a language lacks that language's texts (reported as missing texts of the plan), and
    // one with a column in it must have them all.
    let mut marked: Vec<Lang> = Vec::new();
    for (_, _, mark) in &found {
        if let Some(m) = mark.filter(|m| !marked.contains(m)) {
            marked.push(m);
        }
    }
    let langs: &[Lang] = if marked.is_empty() { langs } else { &marked };
    // Each field's columns, with the language of each for a text.
    let mut columns: Vec<(&'static str, Kind, Vec<Lang>, Vec<u32>)> = Vec::new();
    for (field, kind, label, _) in table.columns {
        let is_text = matches!(kind, Kind::Text | Kind::Texts);
        let mut field_langs = Vec::new();
        let mut at = Vec::new();
        let wanted: Vec<Option<Lang>> = if is_text {
            langs.iter().copied().map(Some).collect()
        } else {
            vec![None]
        };
        for want in wanted {
            let hit = found
                .iter()
                .find(|(_, l, mark)| *mark == want && names(l, label));
            match hit {
                Some((c, ..)) => {
                    at.push(*c);
                    field_langs.extend(want);
                }
                // A workbook written before revisions or dates were recorded has no such
                // columns.
                None if matches!(kind, Kind::OptMonth | Kind::Date) => {}
                None => {
                    let mark = want.map(code_mark);
                    let h = Text::from_fn(|l| match &mark {
                        Some(m) => format!("{} {m}", tr(l, label, &[])),
                        None => tr(l, label, &[]),
                    });
                    problems.push(Problem {
                        sheet: sheet.clone(),
                        row: Some(g.row_number(0)),
                        col: None,
                        header: h.clone(),
                        message: Text::from_fn(|l| {
                            tr(l, "plan-book.missing-column", &[("header", &h.get(l))])
                        }),
                    })
                }
            }
        }
        // A field is read only when every column it needs is there.
        let complete = if is_text {
            !at.is_empty() && langs.iter().all(|l| field_langs.contains(l))
        } else {
            at.len() == 1
        };
        if complete {
            columns.push((field, *kind, field_langs, at));
        }
    }
    columns
}

/// Reads the records of a table's sheet. Each column is found by its label in any language;
/// a text's columns by their language marks, each language the sheet marks expected (those of
/// the workbook, `langs`, when it marks none).
fn read_table(
    g: &Grid,
    table: &Table,
    langs: &[Lang],
    order: DateOrder,
    problems: &mut Vec<Problem>,
) -> Vec<Value> {
    let sheet = Text::same(g.sheet.clone().unwrap_or_default());
    let columns = table_columns(g, table, langs, problems);
    let mut records = Vec::new();
    for r in 1..g.rows.len() {
        if g.rows[r].iter().all(Cell::is_blank) {
            continue;
        }
        let mut record = Map::new();
        for (i, (field, kind, field_langs, at)) in columns.iter().enumerate() {
            let cells: Vec<&Cell> = at.iter().map(|c| g.cell(r, *c)).collect();
            let header = Text::same(raw(g.cell(0, at[0])));
            let pos = |k: u32| (g.row_number(r), at[k as usize]);
            if i == 0 && table.columns[0].0 == *field && cells.iter().all(|c| c.is_blank()) {
                let shown = raw(g.cell(0, at[0]));
                problems.push(Problem {
                    sheet: sheet.clone(),
                    row: Some(g.row_number(r)),
                    col: Some(at[0]),
                    header: header.clone(),
                    message: Text::tr("plan-book.missing-id", &[("header", &shown)]),
                });
            }
            if let Some(v) = cell_value(
                *kind,
                &cells,
                field_langs,
                (&sheet, &header),
                pos,
                order,
                problems,
            ) {
                record.insert(field.to_string(), v);
            }
        }
        records.push(Value::Object(record));
    }
    records
}

/// Why a field's cells do not hold what it needs: the index of the cell at fault, and what is
/// wrong with it and what to write, in every language.
type Refusal = (u32, Text);

/// A refusal whose message, from string-table key `key`, quotes the value shown.
fn refuse(k: u32, key: &str, value: &str) -> Refusal {
    (k, Text::tr(key, &[("value", &value)]))
}

/// Reads a field from its cell(s), a text's one per language of `langs`; a cell that does
/// not hold what the field needs is a problem at that cell. `at(k)` gives the row and column
/// of the field's `k`-th cell.
fn cell_value(
    kind: Kind,
    cells: &[&Cell],
    langs: &[Lang],
    (sheet, header): (&Text, &Text),
    at: impl Fn(u32) -> (u32, u32),
    order: DateOrder,
    problems: &mut Vec<Problem>,
) -> Option<Value> {
    let read = match cells.iter().find(|c| matches!(c, Cell::Error(_))) {
        Some(Cell::Error(e)) => Err(refuse(0, "plan-book.cell-error", e)),
        _ => read_cells(kind, cells, langs, order),
    };
    let (k, message) = match read {
        Ok(v) => return Some(v),
        Err(refusal) => refusal,
    };
    let (row, col) = at(k);
    problems.push(Problem {
        sheet: sheet.clone(),
        row: Some(row),
        col: Some(col),
        header: header.clone(),
        message,
    });
    None
}

/// Reads the value of a field of kind `kind` from its cell(s), none of them an error; a
/// text's cells are in the order of `langs`.
fn read_cells(
    kind: Kind,
    cells: &[&Cell],
    langs: &[Lang],
    order: DateOrder,
) -> std::result::Result<Value, Refusal> {
    let text = |k: usize| cells.get(k).map(|c| raw(c)).unwrap_or_default();
    Ok(match kind {
        Kind::Str => Value::String(text(0).trim().to_string()),
        Kind::OptStr => {
            let t = text(0).trim().to_string();
            if t.is_empty() {
                Value::Null
            } else {
                Value::String(t)
            }
        }
        Kind::Text => Value::Object(
            langs
                .iter()
                .enumerate()
                .map(|(k, l)| {
                    (
                        l.code().to_string(),
                        Value::String(text(k).trim().to_string()),
                    )
                })
                .collect(),
        ),
        Kind::Texts => {
            let columns: Vec<(Lang, String)> = langs
                .iter()
                .enumerate()
                .map(|(k, l)| (*l, text(k)))
                .collect();
            texts(&columns)?
        }
        Kind::Strs => Value::Array(words(&text(0)).into_iter().map(Value::String).collect()),
        Kind::Nums => {
            let mut out = Vec::new();
            for w in words(&text(0)) {
                match w.parse::<u8>() {
                    Ok(n) => out.push(Value::from(n)),
                    Err(_) => return Err(refuse(0, "plan-book.not-numbers", &text(0))),
                }
            }
            Value::Array(out)
        }
        Kind::Num => match cells[0] {
            Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 => Value::from(*n as u64),
            Cell::Text(t) if t.trim().parse::<u32>().is_ok() => {
                Value::from(t.trim().parse::<u32>().unwrap_or_default())
            }
            c if c.is_blank() => Value::Null,
            c => return Err(refuse(0, "plan-book.not-number", &c.display())),
        },
        Kind::Month | Kind::OptMonth => {
            let shown = match cells[0] {
                Cell::Date(d) => d.format("%Y-%m").to_string(),
                c => raw(c).trim().to_string(),
            };
            if kind == Kind::OptMonth && shown.is_empty() {
                return Ok(Value::Null);
            }
            if crate::calendar::YearMonth::parse_iso(&shown).is_none() {
                return Err(refuse(0, "plan-book.not-month", &shown));
            }
            Value::String(shown)
        }
        Kind::Date | Kind::Order => read_date(kind, cells[0], order)?,
        Kind::Bool => match cells[0] {
            Cell::Bool(b) => Value::Bool(*b),
            c if c.is_blank() => Value::Bool(true),
            Cell::Number(n) => Value::Bool(*n != 0.0),
            c => {
                let folded = fold(&raw(c));
                match yes_no(&folded) {
                    Some(b) => Value::Bool(b),
                    None => return Err(refuse(0, "plan-book.not-bool", &folded)),
                }
            }
        },
    })
}

/// Reads a start or an end (a date cell, or text in the plan's order of day and month), or the
/// plan's order itself.
fn read_date(kind: Kind, cell: &Cell, order: DateOrder) -> std::result::Result<Value, Refusal> {
    Ok(match kind {
        Kind::Date => match cell {
            // A date cell is the day it holds, whatever format shows it.
            Cell::Date(d) => Value::String(d.date().format("%Y-%m-%d").to_string()),
            Cell::Number(_) => return Err(refuse(0, "plan-book.date-number", &cell.display())),
            c if c.is_blank() => Value::Null,
            c => {
                let written = raw(c).trim().to_string();
                if let Err(e) = crate::plan::schedule::bounds::read(&written, order) {
                    return Err((0, e.text(&written, order)));
                }
                Value::String(written)
            }
        },
        Kind::Order => {
            let written = raw(cell).trim().to_string();
            if written.is_empty() {
                Value::Null
            } else {
                match DateOrder::parse(&written) {
                    Some(o) => Value::String(o.as_str().to_string()),
                    None => return Err(refuse(0, "plan-book.not-date-order", &written)),
                }
            }
        }
        _ => Value::Null,
    })
}

/// Reads a folded yes or no, in any language that has a words file; a cross is yes in any.
fn yes_no(folded: &str) -> Option<bool> {
    static WORDS: LazyLock<Vec<(String, bool)>> = LazyLock::new(|| {
        let mut t = vec![("x".to_string(), true)];
        for words in crate::words::every() {
            t.extend(words.yes_no.yes.iter().map(|w| (fold(w), true)));
            t.extend(words.yes_no.no.iter().map(|w| (fold(w), false)));
        }
        t
    });
    WORDS.iter().find(|(w, _)| w == folded).map(|&(_, b)| b)
}

/// Reads a list of texts, a column per language, one item per line; the columns that are
/// filled must have as many lines as each other.
fn texts(columns: &[(Lang, String)]) -> std::result::Result<Value, Refusal> {
    let lines = |text: &str| -> Vec<String> {
        text.split('\n')
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let split: Vec<(Lang, Vec<String>)> = columns.iter().map(|(l, t)| (*l, lines(t))).collect();
    let filled: Vec<usize> = (0..split.len())
        .filter(|&k| !split[k].1.is_empty())
        .collect();
    if let Some(k) = filled
        .iter()
        .copied()
        .find(|&k| split[k].1.len() != split[filled[0]].1.len())
    {
        let counts: Vec<String> = filled
            .iter()
            .map(|&k| format!("{} {}", split[k].1.len(), code_mark(split[k].0)))
            .collect();
        return Err(refuse(
            k as u32,
            "plan-book.lines-differ",
            &counts.join(" / "),
        ));
    }
    let n = split.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
    Ok(Value::Array(
        (0..n)
            .map(|i| {
                Value::Object(
                    split
                        .iter()
                        .map(|(l, v)| {
                            let line = v.get(i).cloned().unwrap_or_default();
                            (l.code().to_string(), Value::String(line))
                        })
                        .collect(),
                )
            })
            .collect(),
    ))
}

/// Splits a list of words at commas, semicolons and line breaks.
fn words(text: &str) -> Vec<String> {
    text.split([',', ';', '\n'])
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect()
}
/// A plan's JSON (its file as `serde_json` writes it) with the empty versions of its texts
/// left out. A text nobody wrote in a language reads back empty from a workbook written in that
/// language, so this is how a plan is compared with itself after going through a workbook.
#[doc(hidden)]
pub fn without_empty_texts(v: &Value) -> Value {
    match v {
        Value::Object(map) if !map.is_empty() && map.keys().all(|k| lang_of_code(k).is_some()) => {
            Value::Object(
                map.iter()
                    .filter(|(_, s)| s.as_str() != Some(""))
                    .map(|(k, s)| (k.clone(), s.clone()))
                    .collect(),
            )
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), without_empty_texts(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_empty_texts).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_file(path: &str) -> PlanFile {
        let src =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
                .unwrap();
        crate::plan::file::parse_file(&src).unwrap()
    }

    const PLANS: [&str; 2] = [
        "inputs/plan/plan.toml",
        "tests/plans/southern-corridor/plan/plan.toml",
    ];

    #[test]
    fn both_test_plans_round_trip_through_the_workbook_and_toml() {
        for path in PLANS {
            let file = plan_file(path);
            let want = serde_json::to_value(&file).unwrap();
            let book = write(&file, &Lang::RUN_DEFAULT).unwrap();
            let back = read(&book, "plan.xlsx")
                .unwrap_or_else(|e| panic!("{path}: {}", e.render(Lang::En)));
            assert_eq!(serde_json::to_value(&back).unwrap(), want, "{path}");
            // Written twice, the same bytes.
            assert_eq!(write(&back, &Lang::RUN_DEFAULT).unwrap(), book, "{path}");
            let toml = crate::plan::file::to_toml(&back).unwrap();
            let again = crate::plan::file::parse_file(&toml).unwrap();
            assert_eq!(serde_json::to_value(&again).unwrap(), want, "{path}");
            crate::plan::checks::build(again).unwrap();
        }
    }

    /// Writes `file` in `langs`, reads it back, and returns the workbook and its sheets.
    fn through(file: &PlanFile, langs: &[Lang], what: &str) -> (Vec<u8>, Vec<Grid>) {
        let book = write(file, langs).unwrap();
        let back =
            read(&book, "plan.xlsx").unwrap_or_else(|e| panic!("{what}: {}", e.render(Lang::En)));
        assert_eq!(
            without_empty_texts(&serde_json::to_value(&back).unwrap()),
            without_empty_texts(&serde_json::to_value(file).unwrap()),
            "{what}"
        );
        crate::plan::checks::build(back.clone()).unwrap();
        assert!(
            write(&back, langs).unwrap() == book,
            "{what}: written twice"
        );
        let grids = crate::sheets::worker::read(
            &book,
            "xlsx",
            &crate::sheets::Limits::default(),
            crate::sheets::no_headers,
        )
        .unwrap();
        (book, grids)
    }

    const ONE_LANGUAGE: [(&str, Lang); 2] = [
        ("tests/plans/rede-nacional-pt/plan/plan.toml", Lang::Pt),
        ("tests/plans/reseau-national-fr/plan/plan.toml", Lang::Fr),
    ];

    #[test]
    fn plans_in_one_language_round_trip_through_a_workbook_in_that_language_alone() {
        for (path, lang) in ONE_LANGUAGE {
            let file = plan_file(path);
            let (_, grids) = through(&file, &[lang], path);
            let mark = code_mark(lang);
            let keys: Vec<&str> = [INSTRUCTIONS, DOCUMENT_SHEET, LISTS]
                .into_iter()
                .chain(TABLES.iter().map(|t| t.sheet))
                .collect();
            for g in &grids {
                let name = g.sheet.clone().unwrap_or_default();
                // Every sheet is named in the plan's language alone.
                assert!(
                    keys.iter().any(|k| tr(lang, k, &[]) == name),
                    "{path}: sheet {name}"
                );
                let heads: Vec<String> = header_row(g)
                    .into_iter()
                    .map(|(c, ..)| raw(g.cell(0, c)))
                    .collect();
                if names(&name, INSTRUCTIONS) {
                    assert_eq!(heads, [tr(lang, "plan-book.help.title", &[])], "{path}");
                    for r in 1..g.rows.len() {
                        assert_eq!(g.rows[r].len(), 1, "{path}: instructions in one column");
                    }
                    continue;
                }
                if names(&name, DOCUMENT_SHEET) {
                    let want = [
                        tr(lang, "plan-book.doc.field", &[]),
                        tr(lang, "plan-book.doc.about", &[]),
                        language_heading(lang, lang),
                    ];
                    assert_eq!(heads, want, "{path}");
                    continue;
                }
                let table = TABLES.iter().find(|t| names(&name, t.sheet));
                for h in heads {
                    assert!(!h.contains('·'), "{path}: {name}: {h}");
                    let (label, m) = split_mark(&h);
                    if let Some(m) = m {
                        assert_eq!(code_mark(m), mark, "{path}: {name}: {h}");
                    }
                    let keys: Vec<&str> = match table {
                        Some(t) => t.columns.iter().map(|c| c.2).collect(),
                        None => vec!["plan-book.col.group", "plan-book.lists.agency"],
                    };
                    assert!(
                        keys.iter().any(|k| tr(lang, k, &[]) == label),
                        "{path}: {name}: {h} is not in the plan's language"
                    );
                }
            }
        }
    }

    #[test]
    fn a_plan_keeps_every_language_it_holds_and_reads_back_in_any_run() {
        // A Portuguese plan exported by a Spanish and English run keeps its Portuguese; the
        // shipped plan exported in four languages keeps its Spanish and English.
        let pt = plan_file(ONE_LANGUAGE[0].0);
        let (_, grids) = through(&pt, &Lang::RUN_DEFAULT, "pt in es, en");
        let activities = grids
            .iter()
            .find(|g| {
                names(
                    g.sheet.as_deref().unwrap_or_default(),
                    "plan-book.sheet.activities",
                )
            })
            .unwrap();
        let marks: Vec<Option<Lang>> = header_row(activities)
            .into_iter()
            .filter(|(_, l, _)| names(l, "plan-book.col.title"))
            .map(|(_, _, m)| m)
            .collect();
        assert_eq!(marks, [Some(Lang::Es), Some(Lang::En), Some(Lang::Pt)]);

        let all = [Lang::Pt, Lang::Fr, Lang::Es, Lang::En];
        let (_, grids) = through(&plan_file(PLANS[0]), &all, "shipped in four");
        for g in &grids {
            let name = g.sheet.as_deref().unwrap_or_default();
            assert!(name.chars().count() <= MAX_SHEET_NAME, "{name}");
        }
        // Too long joined, a sheet is named in the first language alone.
        let names: Vec<&str> = grids.iter().filter_map(|g| g.sheet.as_deref()).collect();
        assert!(names.contains(&"Notas de rodapé"), "{names:?}");
        assert!(names.contains(&"Atividades"), "{names:?}");
    }

    #[test]
    fn no_two_columns_or_sheets_share_a_name_in_any_language() {
        let sheets: Vec<&str> = [INSTRUCTIONS, DOCUMENT_SHEET, LISTS]
            .into_iter()
            .chain(TABLES.iter().map(|t| t.sheet))
            .collect();
        let lists: Vec<Vec<&str>> = std::iter::once(sheets)
            .chain(
                TABLES
                    .iter()
                    .map(|t| t.columns.iter().map(|c| c.2).collect()),
            )
            .collect();
        for keys in lists {
            for a in &keys {
                for b in keys.iter().filter(|b| *b != a) {
                    for lang in Lang::ALL {
                        assert!(!names(&tr(lang, a, &[]), b), "{a} reads as {b} in {lang}");
                    }
                }
            }
        }
    }
}
