//! The plan as a workbook: `plan/plan.xlsx`, read as an alternative to `plan/plan.toml`, and
//! written from either (`seguimiento plan --export`).
//!
//! One sheet per part of the plan file: the document's settings (one row per field, its id in
//! column A), the narrative sections, the footnotes, the sources, the plan's own agencies, the
//! groups, the priorities and the activities (one row each). A text in both languages takes two
//! columns, Spanish then English; a list of texts is one item per line of the cell, the same
//! line in both columns; a list of words or numbers is separated by commas. The columns are found
//! by their headers, so they may be moved. Two more sheets are written and never read: the
//! instructions, in both languages, and the lists the dropdowns offer (the groups, the agencies).
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
    /// A text in both languages: two columns.
    Text,
    /// A list of texts in both languages: two columns, one item per line.
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

/// Returns a sheet's name, from the string-table key of its name: Spanish and English
/// (`Actividades · Activities`).
fn sheet_name(key: &str) -> String {
    both(key)
}

fn both(key: &str) -> String {
    crate::i18n::in_languages(&BOOK_LANGUAGES, " · ", |lang| tr(lang, key, &[]))
}

/// The languages of the plan workbook: its sheets, headers and text columns are Spanish and
/// English, whatever the run's languages.
const BOOK_LANGUAGES: [Lang; 2] = Lang::RUN_DEFAULT;

/// Returns the headers of a column, from the string-table key of its header: one, or two for
/// a text in both languages.
fn headers(label: &str, kind: Kind) -> Vec<String> {
    let label = both(label);
    match kind {
        Kind::Text | Kind::Texts => vec![format!("{label} (ES)"), format!("{label} (EN)")],
        _ => vec![label],
    }
}

/// Returns the note on a column's header, from the string-table key of what it holds: that,
/// and how it is written.
fn header_note(about: &str, kind: Kind) -> String {
    let how = match kind {
        Kind::Str | Kind::OptStr | Kind::Order => "",
        Kind::Text => "plan-book.how.text",
        Kind::Texts => "plan-book.how.texts",
        Kind::Strs => "plan-book.how.words",
        Kind::Nums => "plan-book.how.numbers",
        Kind::Num => "plan-book.how.number",
        Kind::Month | Kind::OptMonth => "plan-book.how.month",
        Kind::Bool => "plan-book.how.bool",
        Kind::Date => "plan-book.how.date",
    };
    BOOK_LANGUAGES
        .iter()
        .map(|&lang| {
            let about = tr(lang, about, &[]);
            if how.is_empty() {
                about
            } else {
                format!("{about} {}", tr(lang, how, &[]))
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Writes the plan file as a workbook.
pub(super) fn write(file: &PlanFile) -> Result<Vec<u8>> {
    let mut value = serde_json::to_value(file).map_err(|e| write_error(e.to_string()))?;
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
    build_workbook(file, &value).map_err(|e| write_error(e.to_string()))
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
fn build_workbook(file: &PlanFile, value: &Value) -> std::result::Result<Vec<u8>, XlsxError> {
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
    wb.push_worksheet(instructions(&header, &wrap)?);
    wb.push_worksheet(document_sheet(value, &header, &wrap, &id_format)?);
    for table in TABLES {
        wb.push_worksheet(table_sheet(table, value, &header, &wrap)?);
    }
    wb.push_worksheet(lists(file, &header)?);
    wb.set_properties(
        &Properties {
            title: file.plan.title.get(Lang::WORKING),
            author: file.plan.network.get(Lang::WORKING),
            ..Properties::default()
        }
        .build(file.plan.date.first_day()),
    );
    wb.save_to_buffer()
}

/// Builds the document sheet: one row per field of what the plan says about itself.
fn document_sheet(
    value: &Value,
    header: &Format,
    wrap: &Format,
    id_format: &Format,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet_name(DOCUMENT_SHEET))?;
    for (c, key) in [
        "plan-book.doc.field",
        "plan-book.doc.about",
        "plan-book.doc.es",
        "plan-book.doc.en",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, both(key), header)?;
    }
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, 60)?;
    ws.set_column_width(3, 60)?;
    ws.set_column_format(2, wrap)?;
    ws.set_column_format(3, wrap)?;
    for (i, (field, kind, about)) in DOCUMENT.iter().enumerate() {
        let row = i as u32 + 1;
        let path: Vec<&str> = field.split('.').collect();
        let v = at(value, &path);
        ws.write_string_with_format(row, 0, *field, id_format)?;
        ws.write_string_with_format(row, 1, header_note(about, *kind), wrap)?;
        write_value(&mut ws, row, 2, *kind, v, wrap)?;
    }
    ws.set_freeze_panes(1, 1)?;
    Ok(ws)
}

/// Builds the sheet of a table: its headers with their notes, then one row per record.
fn table_sheet(
    table: &Table,
    value: &Value,
    header: &Format,
    wrap: &Format,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet_name(table.sheet))?;
    let mut col = 0u16;
    for (field, kind, label, about) in table.columns {
        for h in headers(label, *kind) {
            ws.write_string_with_format(0, col, h, header)?;
            ws.insert_note(
                0,
                col,
                &Note::new(header_note(about, *kind)).set_author("seguimiento"),
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
            col += write_value(&mut ws, row, col, *kind, &record[*field], wrap)?;
        }
    }
    dropdowns(&mut ws, table, records.len() as u32)?;
    ws.set_row_height(0, 45)?;
    ws.set_freeze_panes(1, 1)?;
    Ok(ws)
}

/// Writes a value in its cell(s); returns how many columns it took.
fn write_value(
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
            put(col, s(&v["es"]))?;
            put(col + 1, s(&v["en"]))?;
            return Ok(2);
        }
        Kind::Texts => {
            let items = v.as_array().cloned().unwrap_or_default();
            for (c, lang) in ["es", "en"].iter().enumerate() {
                let lines: Vec<String> = items.iter().map(|t| s(&t[*lang])).collect();
                put(col + c as u16, lines.join("\n"))?;
            }
            return Ok(2);
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
    ws: &mut Worksheet,
    table: &Table,
    records: u32,
) -> std::result::Result<(), XlsxError> {
    let last = records + 200;
    let lists = sheet_name(LISTS);
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
                .set_input_message(both_short(key))?;
            ws.add_data_validation(1, col, last, col, &v)?;
        }
        col += headers(label, *kind).len() as u16;
    }
    Ok(())
}

fn both_short(key: &str) -> String {
    let joined = both(key);
    if joined.encode_utf16().count() <= 255 {
        joined
    } else {
        tr(Lang::WORKING, key, &[])
    }
}

/// The lists the dropdowns offer: the plan's groups, and every agency the plan may name.
fn lists(file: &PlanFile, header: &Format) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet_name(LISTS))?;
    ws.write_string_with_format(0, 0, both("plan-book.col.group"), header)?;
    ws.write_string_with_format(0, 1, both("plan-book.lists.agency"), header)?;
    for (i, g) in file.groups.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, &g.key)?;
    }
    let mut agencies: Vec<String> = super::Registry::builtin()
        .agencies()
        .iter()
        .map(|a| a.acronym.get(Lang::WORKING).to_string())
        .chain(
            file.agencies
                .iter()
                .map(|a| a.acronym.get(Lang::WORKING).to_string()),
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

/// The instructions sheet, Spanish beside English.
fn instructions(header: &Format, wrap: &Format) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet_name(INSTRUCTIONS))?;
    ws.set_column_width(0, 80)?;
    ws.set_column_width(1, 80)?;
    for (c, lang) in BOOK_LANGUAGES.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, tr(*lang, "plan-book.help.title", &[]), header)?;
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
            ws.write_string_with_format(r as u32 + 1, c as u16, tr(*lang, key, &[]), wrap)?;
        }
    }
    Ok(ws)
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A problem in the workbook, at a cell.
struct Problem {
    sheet: String,
    row: Option<u32>,
    col: Option<u32>,
    header: String,
    message: Text,
}

/// Reads the plan file from the workbook's bytes, through the same reader as the forms.
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
                sheet: String::new(),
                row: None,
                col: None,
                header: String::new(),
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
        if !p.sheet.is_empty() {
            parts.push(tr(lang, "plan-book.at.sheet", &[("sheet", &p.sheet)]));
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
                    ("header", &p.header),
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

/// Finds a sheet by the string-table key of its name, in both languages or either.
fn find_sheet<'a>(grids: &'a [Grid], key: &str) -> Option<&'a Grid> {
    let want = fold(&sheet_name(key));
    let es = fold(&tr(Lang::Es, key, &[]));
    let en = fold(&tr(Lang::En, key, &[]));
    grids.iter().find(|g| {
        let name = fold(g.sheet.as_deref().unwrap_or_default());
        name == want || name == es || name == en
    })
}

fn from_grids(grids: &[Grid], problems: &mut Vec<Problem>) -> Value {
    let mut root = Value::Object(Map::new());
    let missing = |id: &str, problems: &mut Vec<Problem>| {
        problems.push(Problem {
            sheet: sheet_name(id),
            row: None,
            col: None,
            header: String::new(),
            message: Text::tr("plan-book.missing-sheet", &[]),
        })
    };
    match find_sheet(grids, DOCUMENT_SHEET) {
        Some(g) => read_document(g, &mut root, problems),
        None => missing(DOCUMENT_SHEET, problems),
    }
    // The dates of the activities are read in the order the document sheet gives.
    let order = at(&root, &["plan", "date_order"])
        .as_str()
        .and_then(DateOrder::parse)
        .unwrap_or_default();
    for table in TABLES {
        let records = match find_sheet(grids, table.sheet) {
            Some(g) => read_table(g, table, order, problems),
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
                let row = find_sheet(grids, CHANGES_SHEET).and_then(|g| {
                    (1..g.rows.len())
                        .filter(|&r| !g.rows[r].iter().all(Cell::is_blank))
                        .nth(i)
                        .map(|r| g.row_number(r))
                });
                problems.push(Problem {
                    sheet: sheet_name(CHANGES_SHEET),
                    row,
                    col: Some(0),
                    header: headers("plan-book.col.activity", Kind::Str).remove(0),
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

fn read_document(g: &Grid, root: &mut Value, problems: &mut Vec<Problem>) {
    let sheet = g.sheet.clone().unwrap_or_default();
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
                header: both("plan-book.doc.field"),
                message: Text::tr("plan-book.unknown-field", &[("field", &id)]),
            });
            continue;
        };
        seen.insert(*field);
        let cells = [g.cell(r, 2), g.cell(r, 3)];
        let at = |c: u32| (g.row_number(r), c + 2);
        if let Some(v) = cell_value(
            *kind,
            &cells,
            (&sheet, &both("plan-book.doc.es")),
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
            set(root, &path, empty(*kind));
        }
    }
    // An empty group means the plan singles out no group for the review's support.
    let support = at(root, &["roles", "review_support", "group"]).is_null();
    if support {
        set(root, &["roles", "review_support"], Value::Null);
    }
}

fn empty(kind: Kind) -> Value {
    match kind {
        Kind::Text => serde_json::json!({ "es": "", "en": "" }),
        Kind::Texts | Kind::Strs | Kind::Nums => Value::Array(Vec::new()),
        Kind::Str | Kind::Month => Value::String(String::new()),
        Kind::Bool => Value::Bool(true),
        Kind::OptStr | Kind::OptMonth | Kind::Num | Kind::Date | Kind::Order => Value::Null,
    }
}

fn read_table(
    g: &Grid,
    table: &Table,
    order: DateOrder,
    problems: &mut Vec<Problem>,
) -> Vec<Value> {
    let sheet = g.sheet.clone().unwrap_or_default();
    // Where each header is, by its text.
    let width = g.rows.first().map_or(0, |r| r.len() as u32 + g.first_col);
    let found: Vec<(String, u32)> = (0..width)
        .map(|c| (fold(&raw(g.cell(0, c))), c))
        .filter(|(h, _)| !h.is_empty())
        .collect();
    let mut columns: Vec<(&str, Kind, &str, Vec<u32>)> = Vec::new();
    for (field, kind, label, _) in table.columns {
        let mut at = Vec::new();
        for h in headers(label, *kind) {
            match found.iter().find(|(f, _)| *f == fold(&h)) {
                Some((_, c)) => at.push(*c),
                // A workbook written before revisions or dates were recorded has no such
                // columns.
                None if matches!(kind, Kind::OptMonth | Kind::Date) => {}
                None => problems.push(Problem {
                    sheet: sheet.clone(),
                    row: Some(g.row_number(0)),
                    col: None,
                    header: h.clone(),
                    message: Text::tr("plan-book.missing-column", &[("header", &h)]),
                }),
            }
        }
        columns.push((field, *kind, label, at));
    }
    let mut records = Vec::new();
    for r in 1..g.rows.len() {
        if g.rows[r].iter().all(Cell::is_blank) {
            continue;
        }
        let mut record = Map::new();
        for (i, (field, kind, label, at)) in columns.iter().enumerate() {
            let want = headers(label, *kind).len();
            if at.len() != want {
                continue;
            }
            let cells: Vec<&Cell> = at.iter().map(|c| g.cell(r, *c)).collect();
            let header = headers(label, *kind).remove(0);
            let pos = |k: u32| (g.row_number(r), at[k as usize]);
            if i == 0 && cells.iter().all(|c| c.is_blank()) {
                problems.push(Problem {
                    sheet: sheet.clone(),
                    row: Some(g.row_number(r)),
                    col: Some(at[0]),
                    header: header.clone(),
                    message: Text::tr("plan-book.missing-id", &[("header", &header)]),
                });
            }
            let at0 = |k: u32| {
                let (row, col) = pos(k);
                (row, col)
            };
            if let Some(v) = cell_value(*kind, &cells, (&sheet, &header), at0, order, problems) {
                record.insert(field.to_string(), v);
            }
        }
        records.push(Value::Object(record));
    }
    records
}

/// Why a field's cells do not hold what it needs: the index of the cell at fault, and what is
/// wrong with it and what to write, in both languages.
type Refusal = (u32, Text);

/// A refusal whose message, from string-table key `key`, quotes the value shown.
fn refuse(k: u32, key: &str, value: &str) -> Refusal {
    (k, Text::tr(key, &[("value", &value)]))
}

/// Reads a field from its cell(s); a cell that does not hold what the field needs is a problem
/// at that cell. `at(k)` gives the row and column of the field's `k`-th cell.
fn cell_value(
    kind: Kind,
    cells: &[&Cell],
    (sheet, header): (&str, &str),
    at: impl Fn(u32) -> (u32, u32),
    order: DateOrder,
    problems: &mut Vec<Problem>,
) -> Option<Value> {
    let read = match cells.iter().find(|c| matches!(c, Cell::Error(_))) {
        Some(Cell::Error(e)) => Err(refuse(0, "plan-book.cell-error", e)),
        _ => read_cells(kind, cells, order),
    };
    let (k, message) = match read {
        Ok(v) => return Some(v),
        Err(refusal) => refusal,
    };
    let (row, col) = at(k);
    problems.push(Problem {
        sheet: sheet.to_string(),
        row: Some(row),
        col: Some(col),
        header: header.to_string(),
        message,
    });
    None
}

/// Reads the value of a field of kind `kind` from its cell(s), none of them an error.
fn read_cells(
    kind: Kind,
    cells: &[&Cell],
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
        Kind::Text => serde_json::json!({ "es": text(0).trim(), "en": text(1).trim() }),
        Kind::Texts => texts(&text(0), &text(1))?,
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

/// Reads a list of texts in both languages, one item per line; the two columns must have as
/// many lines as each other when both are filled.
fn texts(es: &str, en: &str) -> std::result::Result<Value, Refusal> {
    let lines = |text: &str| -> Vec<String> {
        text.split('\n')
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let (es, en) = (lines(es), lines(en));
    if !es.is_empty() && !en.is_empty() && es.len() != en.len() {
        return Err(refuse(
            1,
            "plan-book.lines-differ",
            &format!("{} / {}", es.len(), en.len()),
        ));
    }
    let n = es.len().max(en.len());
    let get = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
    Ok(Value::Array(
        (0..n)
            .map(|i| serde_json::json!({ "es": get(&es, i), "en": get(&en, i) }))
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
            let book = write(&file).unwrap();
            let back = read(&book, "plan.xlsx")
                .unwrap_or_else(|e| panic!("{path}: {}", e.render(Lang::En)));
            assert_eq!(serde_json::to_value(&back).unwrap(), want, "{path}");
            // Written twice, the same bytes.
            assert_eq!(write(&back).unwrap(), book, "{path}");
            let toml = crate::plan::file::to_toml(&back).unwrap();
            let again = crate::plan::file::parse_file(&toml).unwrap();
            assert_eq!(serde_json::to_value(&again).unwrap(), want, "{path}");
            crate::plan::checks::build(again).unwrap();
        }
    }
}
