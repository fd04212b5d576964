//! Writes the follow-up register (`seguimiento follow-up`): one row per finding of the run,
//! then every row the secretariat decided whose finding no longer occurs, kept as it was
//! left. The sheet is in the language of the terminal; its Decision column offers the
//! decisions of that language in a dropdown. The file is replaced whole or not at all.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::{Column, Entry, FOLLOW_UP_FILE};
use crate::config::RunConfig;
use crate::findings::{months_between, Finding};
use crate::i18n::{tr, Lang};
use crate::sheets::write::{clip, Properties};
use crate::Checked;
use crate::Result;

/// The row of the header (0-based): under the title.
const HEADER_ROW: u32 = 1;

/// What writing the register did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Rows of findings the run found.
    pub open: usize,
    /// Of them, those with a decision.
    pub decided: usize,
    /// Rows kept with a decision whose finding no longer occurs.
    pub kept: usize,
}

/// One row of the register: a finding of the run, with what the register said of it, or a
/// decided row whose finding no longer occurs.
enum Row<'a> {
    Found(&'a Finding, Option<&'a Entry>),
    Gone(&'a Entry),
}

/// Returns the register's rows: every finding, then the decided rows no longer found.
fn rows<'a>(findings: &'a [Finding], entries: &'a [Entry]) -> Vec<Row<'a>> {
    let mut by_id: HashMap<&str, &Entry> = HashMap::new();
    for e in entries {
        by_id.entry(e.id.as_str()).or_insert(e);
    }
    let mut out: Vec<Row<'a>> = findings
        .iter()
        .map(|f| Row::Found(f, by_id.get(f.id.as_str()).copied()))
        .collect();
    let found: std::collections::HashSet<&str> = findings.iter().map(|f| f.id.as_str()).collect();
    let mut kept = std::collections::HashSet::new();
    for e in entries {
        if e.decision.is_some() && !found.contains(e.id.as_str()) && kept.insert(e.id.as_str()) {
            out.push(Row::Gone(e));
        }
    }
    out
}

/// Returns a column's width, in characters.
fn width(c: Column) -> f64 {
    match c {
        Column::Id => 15.0,
        Column::Code => 22.0,
        Column::Severity | Column::Activity | Column::Sheet | Column::OpenSince => 11.0,
        Column::Agency | Column::Pledge | Column::StillOccurs => 14.0,
        Column::File => 28.0,
        Column::Row | Column::Column | Column::Age => 8.0,
        Column::Message => 70.0,
        Column::Decision => 18.0,
        Column::Note => 40.0,
    }
}

/// The cell of `column` for a finding of the run, as text (numbers are written apart).
fn found_cell(
    checked: &Checked,
    lang: Lang,
    f: &Finding,
    entry: Option<&Entry>,
    column: Column,
) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    match column {
        Column::Id => f.id.clone(),
        Column::Code => f.code.as_str().to_string(),
        Column::Severity => tr(lang, f.severity().label_key(), &[]),
        Column::Agency => f
            .agency
            .as_deref()
            .map(|a| checked.plan.registry().agency_label(a, lang))
            .unwrap_or_default(),
        Column::Activity => opt(&f.activity),
        Column::Pledge => opt(&f.pledge),
        Column::File => opt(&f.location.file),
        Column::Sheet => opt(&f.location.sheet),
        Column::Row => f.location.row.map(|r| r.to_string()).unwrap_or_default(),
        Column::Column => opt(&f.location.column),
        Column::OpenSince => f.open_since.map(|m| m.to_string()).unwrap_or_default(),
        Column::Age => f.age_months.map(|a| a.to_string()).unwrap_or_default(),
        Column::Message => f.message.get(lang).to_string(),
        Column::StillOccurs => tr(lang, "register.yes", &[]),
        // What the officer wrote stays, even a word the program does not read.
        Column::Decision => match (f.decision, entry) {
            (Some(d), _) => tr(lang, d.label_key(), &[]),
            (None, Some(e)) => e.unread_decision.clone().unwrap_or_default(),
            (None, None) => String::new(),
        },
        Column::Note => f
            .note
            .clone()
            .or_else(|| entry.and_then(|e| e.note.clone()))
            .unwrap_or_default(),
    }
}

/// The cell of `column` for a decided row whose finding no longer occurs: as it was left,
/// its age counted again and its decision in the register's language.
fn gone_cell(config: &RunConfig, lang: Lang, e: &Entry, column: Column) -> String {
    match column {
        Column::StillOccurs => tr(lang, "register.no", &[]),
        Column::Age => crate::calendar::YearMonth::parse_iso(e.cell(Column::OpenSince))
            .map(|m| months_between(m, config.as_of_month()).to_string())
            .unwrap_or_default(),
        Column::Decision => e
            .decision
            .map(|d| tr(lang, d.label_key(), &[]))
            .unwrap_or_default(),
        _ => e.cell(column).to_string(),
    }
}

/// The formats of the register.
struct Formats {
    title: Format,
    header: Format,
    text: Format,
    wrap: Format,
    number: Format,
    open: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name("Calibri").set_font_size(10);
        let border = Color::RGB(0xD9D9D9);
        Formats {
            title: base.clone().set_bold().set_font_size(13),
            header: base
                .clone()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F4E79))
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            text: base
                .clone()
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin)
                .set_border_bottom_color(border),
            wrap: base
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin)
                .set_border_bottom_color(border),
            number: base
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin)
                .set_border_bottom_color(border),
            open: base
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xFFF8E1))
                .set_border_bottom(FormatBorder::Thin)
                .set_border_bottom_color(border),
        }
    }

    /// The format of a column's cells.
    fn of(&self, c: Column) -> &Format {
        match c {
            Column::Row | Column::Age => &self.number,
            Column::Message => &self.wrap,
            Column::Decision | Column::Note => &self.open,
            _ => &self.text,
        }
    }
}

/// Returns the register's workbook for the findings of `checked`, keeping what `entries` (the
/// register as it was) decided.
pub fn workbook(
    config: &RunConfig,
    checked: &Checked,
    entries: &[Entry],
) -> std::result::Result<(Vec<u8>, Written), XlsxError> {
    let lang = config.lang();
    let rows = rows(&checked.findings, entries);
    let f = Formats::new();
    let mut ws = Worksheet::new();
    ws.set_name(tr(lang, "register.sheet", &[]))?;
    let network = checked.report.meta.network.get(lang);
    let as_of = checked.report.meta.as_of_text.get(lang);
    let title = tr(
        lang,
        "register.title",
        &[("network", &network), ("as_of", &as_of)],
    );
    ws.write_string_with_format(0, 0, clip(&title), &f.title)?;
    ws.set_row_height(0, 22)?;
    for (i, &c) in Column::ALL.iter().enumerate() {
        let col = i as u16;
        ws.set_column_width(col, width(c))?;
        ws.write_string_with_format(HEADER_ROW, col, tr(lang, c.header_key(), &[]), &f.header)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;
    let mut written = Written {
        open: 0,
        decided: 0,
        kept: 0,
    };
    for (n, row) in rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + n as u32;
        for (i, &c) in Column::ALL.iter().enumerate() {
            let text = match row {
                Row::Found(finding, entry) => found_cell(checked, lang, finding, *entry, c),
                Row::Gone(e) => gone_cell(config, lang, e, c),
            };
            write_cell(&mut ws, r, i as u16, c, &text, &f)?;
        }
        match row {
            Row::Found(finding, _) => {
                written.open += 1;
                written.decided += usize::from(finding.decision.is_some());
            }
            Row::Gone(_) => written.kept += 1,
        }
    }
    finish(&mut ws, lang, rows.len() as u32)?;
    let mut wb = Workbook::new();
    let title = tr(lang, "register.doc-title", &[]);
    wb.set_properties(
        &Properties {
            title: &title,
            author: network,
            ..Properties::default()
        }
        .build(config.as_of),
    );
    wb.push_worksheet(ws);
    Ok((wb.save_to_buffer()?, written))
}

/// Writes one cell: a number where the column holds numbers, else text (an empty text is no
/// cell, but takes the column's look).
fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    col: u16,
    c: Column,
    text: &str,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let format = f.of(c);
    if matches!(c, Column::Row | Column::Age) {
        if let Ok(n) = text.parse::<u32>() {
            ws.write_number_with_format(r, col, f64::from(n), format)?;
            return Ok(());
        }
    }
    if text.is_empty() {
        ws.write_blank(r, col, format)?;
    } else {
        ws.write_string_with_format(r, col, clip(text), format)?;
    }
    Ok(())
}

/// Freezes the header, filters it, and offers the decisions of `lang` in the Decision column
/// (and some rows below, for rows typed in).
fn finish(ws: &mut Worksheet, lang: Lang, rows: u32) -> std::result::Result<(), XlsxError> {
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;
    let last_col = (Column::ALL.len() - 1) as u16;
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + rows.max(1), last_col)?;
    let labels: Vec<String> = crate::model::Decision::ALL
        .iter()
        .map(|d| tr(lang, d.label_key(), &[]))
        .collect();
    let validation = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_input_title(tr(lang, "register.valid.title", &[]))?
        .set_input_message(tr(lang, "register.valid.message", &[]))?
        .set_error_title(tr(lang, "register.valid.title", &[]))?
        .set_error_message(tr(lang, "register.valid.message", &[]))?;
    let col = Column::Decision.index() as u16;
    ws.add_data_validation(
        HEADER_ROW + 1,
        col,
        HEADER_ROW + rows.max(1),
        col,
        &validation,
    )?;
    ws.set_active(true);
    Ok(())
}

/// Replaces `inputs/follow-up.xlsx` with `bytes`, whole or not at all: the bytes go to a
/// hidden file beside it, renamed over it once written; if anything fails, the register that
/// was there is left as it was.
pub fn save(inputs: &Path, bytes: &[u8]) -> Result<PathBuf> {
    use std::io::Write;
    let target = inputs.join(FOLLOW_UP_FILE);
    let temp = inputs.join(format!(".{FOLLOW_UP_FILE}.{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, &target)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(
            crate::Error::new("register.error", &[("file", &target.display())])
                .cause(e)
                .hint("register.hint", &[]),
        );
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Code, Location};
    use crate::model::Decision;

    fn entry(id: &str, decision: Option<Decision>) -> Entry {
        Entry {
            id: id.into(),
            decision,
            ..Entry::default()
        }
    }

    #[test]
    fn decided_rows_whose_finding_is_gone_are_kept_and_undecided_ones_dropped() {
        let mut f = Finding::new(Code::Overdue, Location::default(), &[]);
        f.id = "aaa".into();
        let findings = vec![f];
        let entries = vec![
            entry("aaa", Some(Decision::Explained)),
            entry("gone-decided", Some(Decision::Accepted)),
            entry("gone-undecided", None),
            entry("gone-decided", Some(Decision::Accepted)),
        ];
        let kinds: Vec<String> = rows(&findings, &entries)
            .iter()
            .map(|r| match r {
                Row::Found(f, e) => format!("found {} {}", f.id, e.is_some()),
                Row::Gone(e) => format!("gone {}", e.id),
            })
            .collect();
        assert_eq!(kinds, vec!["found aaa true", "gone gone-decided"]);
    }
}
