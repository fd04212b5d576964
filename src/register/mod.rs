//! The follow-up register, `inputs/follow-up.xlsx`: where the secretariat records what it
//! decided about each finding (explained, accepted as is, in follow-up) and why.
//!
//! One module owns the format: [`write`] makes the workbook (`seguimiento follow-up`) and this
//! module reads it back (every `check` and `run`) and puts its decisions on the findings they
//! name, by id ([`crate::findings::assign_ids`]). The register is an input like any form: it
//! is read in the reader workers, and a register that cannot be read is a finding, never a
//! stop. Decisions are bookkeeping: they change no figure and no severity.

pub mod write;

use std::collections::HashMap;
use std::path::Path;

use crate::findings::{Code, Finding, Location};
use crate::i18n::{tr, Lang};
use crate::model::Decision;
use crate::sheets::{worker, Cell, Grid, Limits};

/// The register's file, relative to the inputs folder.
pub const FOLLOW_UP_FILE: &str = "follow-up.xlsx";

/// How many rows of a sheet are searched for the register's header row.
const HEADER_ROWS: usize = 20;

/// A column of the register, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// The finding's id.
    Id,
    /// Its code.
    Code,
    /// Its severity, in words.
    Severity,
    /// The agency it concerns.
    Agency,
    /// The activity it concerns.
    Activity,
    /// The pledge it concerns.
    Pledge,
    /// The file it points at.
    File,
    /// The sheet.
    Sheet,
    /// The row.
    Row,
    /// The column letter.
    Column,
    /// The month it is open since.
    OpenSince,
    /// Its age in months.
    Age,
    /// Its message.
    Message,
    /// Whether the run still finds it.
    StillOccurs,
    /// The secretariat's decision.
    Decision,
    /// The secretariat's note.
    Note,
}

impl Column {
    /// Every column, left to right.
    pub const ALL: [Column; 16] = [
        Column::Id,
        Column::Code,
        Column::Severity,
        Column::Agency,
        Column::Activity,
        Column::Pledge,
        Column::File,
        Column::Sheet,
        Column::Row,
        Column::Column,
        Column::OpenSince,
        Column::Age,
        Column::Message,
        Column::StillOccurs,
        Column::Decision,
        Column::Note,
    ];

    /// Returns the string key of its header.
    pub fn header_key(self) -> &'static str {
        match self {
            Column::Id => "register.col.id",
            Column::Code => "register.col.code",
            Column::Severity => "register.col.severity",
            Column::Agency => "register.col.agency",
            Column::Activity => "register.col.activity",
            Column::Pledge => "register.col.pledge",
            Column::File => "register.col.file",
            Column::Sheet => "register.col.sheet",
            Column::Row => "register.col.row",
            Column::Column => "register.col.column",
            Column::OpenSince => "register.col.open-since",
            Column::Age => "register.col.age",
            Column::Message => "register.col.message",
            Column::StillOccurs => "register.col.still-occurs",
            Column::Decision => "register.col.decision",
            Column::Note => "register.col.note",
        }
    }

    /// Returns its 0-based index, left to right.
    pub fn index(self) -> usize {
        Column::ALL.iter().position(|&c| c == self).unwrap_or(0)
    }

    /// Returns the column a header cell names, in any language, any case, accents optional.
    fn of_header(text: &str) -> Option<Column> {
        static HEADERS: std::sync::LazyLock<Vec<(String, Column)>> =
            std::sync::LazyLock::new(|| {
                Column::ALL
                    .iter()
                    .flat_map(|&c| {
                        Lang::ALL
                            .iter()
                            .map(move |&l| (crate::text::fold(&tr(l, c.header_key(), &[])), c))
                    })
                    .collect()
            });
        let folded = crate::text::fold(text);
        HEADERS.iter().find(|(h, _)| *h == folded).map(|(_, c)| *c)
    }
}

/// One row of the register as the secretariat left it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The finding's id.
    pub id: String,
    /// The decision, when the Decision cell holds one of the words.
    pub decision: Option<Decision>,
    /// The Decision cell as written, when it holds something else (kept as it is).
    pub unread_decision: Option<String>,
    /// The note, if any.
    pub note: Option<String>,
    /// Every cell of the row as text, by [`Column::index`], for a row kept once its finding
    /// no longer occurs.
    pub cells: Vec<String>,
    /// Where the row is: its sheet and row number.
    pub sheet: Option<String>,
    /// The row a spreadsheet program shows.
    pub row: u32,
}

impl Entry {
    /// Returns the row's cell of `column`, as text.
    pub fn cell(&self, column: Column) -> &str {
        self.cells.get(column.index()).map_or("", String::as_str)
    }
}

/// What reading the register gave: its rows, and the findings about it.
#[derive(Debug, Clone, Default)]
pub struct Register {
    /// Its rows with an id, in order.
    pub entries: Vec<Entry>,
    /// What is wrong with it: a register that cannot be read, decisions that are not one of
    /// the words.
    pub findings: Vec<Finding>,
}

/// Reads `inputs/follow-up.xlsx`, when there is one, in a reader worker.
pub fn read(inputs: &Path, limits: &Limits) -> Register {
    let path = inputs.join(FOLLOW_UP_FILE);
    if !path.is_file() {
        return Register::default();
    }
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    if size > limits.max_file_bytes {
        let e = crate::sheets::ReadError::TooLarge {
            size,
            limit: limits.max_file_bytes,
        };
        return unreadable(&e);
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => return unreadable(&crate::sheets::ReadError::Corrupt(e.to_string())),
    };
    let grids = worker::read(&bytes, "xlsx", limits, crate::sheets::no_headers);
    worker::shut_down();
    match grids {
        Ok(grids) => parse(&grids),
        Err(e) => unreadable(&e),
    }
}

/// The register that could not be read: its finding, and no rows.
fn unreadable(e: &crate::sheets::ReadError) -> Register {
    Register {
        entries: Vec::new(),
        findings: vec![crate::ingest::unreadable(FOLLOW_UP_FILE, e)],
    }
}

/// Reads the register's rows from the first sheet with its header row (Id and Decision at
/// least, in either language).
pub fn parse(grids: &[Grid]) -> Register {
    for g in grids {
        if let Some((header, columns)) = find_header(g) {
            return rows(g, header, &columns);
        }
    }
    Register {
        entries: Vec::new(),
        findings: vec![Finding::localized_with(
            Code::UnreadableFile,
            "finding.register-unrecognized",
            Location::file(FOLLOW_UP_FILE),
            |_| Vec::new(),
        )],
    }
}

/// Returns the header row of a sheet and where each column is.
fn find_header(g: &Grid) -> Option<(usize, HashMap<Column, u32>)> {
    for (r, row) in g.rows.iter().enumerate().take(HEADER_ROWS) {
        let mut columns = HashMap::new();
        for (i, cell) in row.iter().enumerate() {
            if let Cell::Text(t) = cell {
                if let Some(c) = Column::of_header(t) {
                    columns.entry(c).or_insert(g.first_col + i as u32);
                }
            }
        }
        if columns.contains_key(&Column::Id) && columns.contains_key(&Column::Decision) {
            return Some((r, columns));
        }
    }
    None
}

/// Reads the rows under the header: each with an id is an entry.
fn rows(g: &Grid, header: usize, columns: &HashMap<Column, u32>) -> Register {
    let mut out = Register::default();
    for r in header + 1..g.rows.len() {
        let text = |c: Column| {
            columns
                .get(&c)
                .map(|&col| g.cell(r, col).display())
                .unwrap_or_default()
        };
        let id = text(Column::Id);
        if id.is_empty() {
            continue;
        }
        let written = text(Column::Decision);
        let decision = Decision::parse(&written);
        let row = g.row_number(r);
        if decision.is_none() && !written.is_empty() {
            out.findings.push(invalid_decision(
                g,
                row,
                columns[&Column::Decision],
                &written,
            ));
        }
        let note = text(Column::Note);
        out.entries.push(Entry {
            decision,
            unread_decision: (decision.is_none() && !written.is_empty()).then_some(written),
            note: (!note.is_empty()).then_some(note),
            cells: Column::ALL.iter().map(|&c| text(c)).collect(),
            sheet: g.sheet.clone(),
            row,
            id,
        });
    }
    out
}

/// The finding of a Decision cell that holds none of the words.
fn invalid_decision(g: &Grid, row: u32, column: u32, written: &str) -> Finding {
    let value = crate::findings::excerpt(written);
    Finding::localized(
        Code::InvalidDecision,
        Location {
            file: Some(FOLLOW_UP_FILE.to_string()),
            sheet: g.sheet.clone(),
            row: Some(row),
            column: Some(crate::sheets::write::column_letter(column as usize)),
        },
        move |lang| {
            vec![
                ("value", value.clone()),
                ("accepted", Decision::accepted(lang)),
            ]
        },
    )
}

/// Puts the register's decisions on the findings with their ids; returns a `stale-decision`
/// finding for each decided row whose finding no longer occurs.
pub fn apply(entries: &[Entry], findings: &mut [Finding]) -> Vec<Finding> {
    let by_id: HashMap<&str, usize> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let mut decided: Vec<(usize, Decision, Option<String>)> = Vec::new();
    let mut stale = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for e in entries {
        let Some(decision) = e.decision else { continue };
        if !seen.insert(e.id.as_str()) {
            continue;
        }
        match by_id.get(e.id.as_str()) {
            Some(&i) => decided.push((i, decision, e.note.clone())),
            None => stale.push(stale_decision(e, decision)),
        }
    }
    for (i, decision, note) in decided {
        findings[i].decision = Some(decision);
        findings[i].note = note;
    }
    stale
}

/// The note that a decided row's finding no longer occurs.
fn stale_decision(e: &Entry, decision: Decision) -> Finding {
    let id = e.id.clone();
    let code = e.cell(Column::Code).to_string();
    let mut f = Finding::localized(
        Code::StaleDecision,
        Location {
            file: Some(FOLLOW_UP_FILE.to_string()),
            sheet: e.sheet.clone(),
            row: Some(e.row),
            column: None,
        },
        move |lang| {
            vec![
                ("id", id.clone()),
                ("code", code.clone()),
                ("decision", tr(lang, decision.label_key(), &[])),
            ]
        },
    );
    let given = |c: Column| Some(e.cell(c).to_string()).filter(|s| !s.is_empty());
    f.activity = given(Column::Activity);
    f.pledge = given(Column::Pledge);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            sheet: Some("Registro".into()),
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| {
                            if c.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text((*c).to_string())
                            }
                        })
                        .collect()
                })
                .collect(),
            first_row: 1,
            ..Grid::default()
        }
    }

    #[test]
    fn a_register_reads_in_either_language_and_flags_unknown_decisions() {
        let g = grid(&[
            &["Registro de seguimiento"],
            &["Id", "Código", "Decisión", "Nota"],
            &["aaa", "overdue", "Explicado", "la agencia lo explicó"],
            &["bbb", "overdue", "ACCEPTED AS IS", ""],
            &["ccc", "overdue", "quizás", ""],
            &["ddd", "overdue", "", "todavía no"],
            &["", "", "explicado", ""],
        ]);
        let reg = parse(&[g]);
        let got: Vec<(&str, Option<Decision>)> = reg
            .entries
            .iter()
            .map(|e| (e.id.as_str(), e.decision))
            .collect();
        assert_eq!(
            got,
            vec![
                ("aaa", Some(Decision::Explained)),
                ("bbb", Some(Decision::Accepted)),
                ("ccc", None),
                ("ddd", None),
            ]
        );
        assert_eq!(
            reg.entries[0].note.as_deref(),
            Some("la agencia lo explicó")
        );
        assert_eq!(reg.entries[2].unread_decision.as_deref(), Some("quizás"));
        assert_eq!(reg.findings.len(), 1);
        let f = &reg.findings[0];
        assert_eq!(f.code, Code::InvalidDecision);
        assert_eq!(f.location.row, Some(5));
        assert_eq!(f.location.column.as_deref(), Some("C"));
    }

    #[test]
    fn a_sheet_without_the_header_is_a_finding() {
        let reg = parse(&[grid(&[&["something else"]])]);
        assert!(reg.entries.is_empty());
        assert_eq!(reg.findings[0].code, Code::UnreadableFile);
    }

    #[test]
    fn decisions_go_to_their_findings_and_the_rest_are_stale() {
        let mut findings = vec![Finding::new(Code::Overdue, Location::default(), &[])];
        findings[0].id = "aaa".into();
        let entries = parse(&[grid(&[
            &["Id", "Decision", "Note", "Activity"],
            &["aaa", "in follow-up", "called them", ""],
            &["zzz", "explained", "", "B1.5"],
        ])])
        .entries;
        let stale = apply(&entries, &mut findings);
        assert_eq!(findings[0].decision, Some(Decision::FollowUp));
        assert_eq!(findings[0].note.as_deref(), Some("called them"));
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].code, Code::StaleDecision);
        assert_eq!(stale[0].activity.as_deref(), Some("B1.5"));
        assert_eq!(stale[0].location.row, Some(3));
    }
}
