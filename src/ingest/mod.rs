//! Ingest: every status and pledge form under the inputs folder becomes accepted records,
//! findings and a per-file account.
//!
//! Files are discovered in a fixed order and read in parallel. A bad row never stops a file,
//! and a bad file never stops the run: each problem becomes a finding. For every file,
//! `rows = accepted + rejected + blank`, always; nothing read is silently dropped.

pub mod fields;
pub mod forms;
pub mod grid;
mod ods;
pub mod worker;
mod xls;
mod xlsx;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::calendar::YearMonth;
use crate::config::Limits;
use crate::findings::{column_letter, Code, Finding, Location};
use crate::i18n::Lang;
use crate::model::{EntityType, PledgeStatus, Source, Status};
use crate::plan::Plan;
use forms::{Field, FormKind};
use grid::{Cell, Grid, ReadError};

/// File extensions read as spreadsheets.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// The folders, inside the inputs folder, that hold forms.
pub const FORM_FOLDERS: &[&str] = &["status", "pledges"];

/// One accepted row of an activity status form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRecord {
    /// Where it was read.
    pub source: Source,
    /// Activity code (`B1.2`).
    pub activity: String,
    /// The month reported on.
    pub period: YearMonth,
    /// Reporting agency (registry id).
    pub agency: String,
    /// The status reported.
    pub status: Status,
    /// Progress, 0-100.
    pub progress: Option<f64>,
    /// When the activity or occurrence took place.
    pub date: Option<NaiveDate>,
    /// Narrative in Spanish.
    pub narrative_es: Option<String>,
    /// Narrative in English.
    pub narrative_en: Option<String>,
    /// Next steps.
    pub next_steps: Option<String>,
    /// Evidence link.
    pub evidence: Option<String>,
}

/// One accepted row of a pledge tracking form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PledgeRecord {
    /// Where it was read.
    pub source: Source,
    /// The pledge id, as written (trimmed).
    pub id: String,
    /// The pledge's title.
    pub title: String,
    /// Who made the pledge.
    pub entity: String,
    /// What kind of entity.
    pub entity_type: Option<EntityType>,
    /// Countries (ISO alpha-3, or the name as written when unknown).
    pub countries: Vec<String>,
    /// GCM objectives, 1-23.
    pub objectives: Vec<u8>,
    /// The status at this update.
    pub status: PledgeStatus,
    /// The date of this update.
    pub update_date: NaiveDate,
    /// What was reported.
    pub narrative: Option<String>,
}

/// The account of one input file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileAccount {
    /// Relative to the inputs folder, with `/`.
    pub path: String,
    /// `status`, `pledges` or `unrecognized`.
    pub kind: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Data rows below the header.
    pub rows: u32,
    /// Rows accepted into the figures.
    pub accepted: u32,
    /// Rows left out, each with a finding.
    pub rejected: u32,
    /// Rows with nothing in them.
    pub blank: u32,
}

/// Everything ingest produced: accepted records, findings and accounts.
#[derive(Debug, Clone, Default)]
pub struct Intake {
    /// Accepted status rows, in file and row order.
    pub status: Vec<StatusRecord>,
    /// Accepted pledge rows, in file and row order.
    pub pledges: Vec<PledgeRecord>,
    /// Findings about files and rows.
    pub findings: Vec<Finding>,
    /// One account per input file, in path order.
    pub files: Vec<FileAccount>,
}

/// What ingest needs to know besides the files.
pub struct Context<'a> {
    /// The plan, for activity codes.
    pub plan: &'a Plan,
    /// The date the run reports on; later periods and updates are rejected.
    pub as_of: NaiveDate,
    /// Safety limits.
    pub limits: Limits,
}

/// Lists the form files under `inputs`, skipping hidden and office lock files, in path order.
/// Files of other kinds in the form folders are reported as info findings; a file or folder
/// that cannot be opened (permissions, a dangling link, a name that is not valid text, a
/// device or pipe) is reported as unreadable: nothing under the form folders is skipped
/// without a word.
pub fn discover(inputs: &Path) -> (Vec<PathBuf>, Vec<Finding>) {
    let mut files = Vec::new();
    let mut findings = Vec::new();
    for folder in FORM_FOLDERS {
        let dir = inputs.join(folder);
        if !dir.exists() && dir.symlink_metadata().is_err() {
            continue; // a folder the inputs do not have
        }
        let mut visited = Vec::new();
        let mut walk = Walk {
            inputs,
            files: &mut files,
            findings: &mut findings,
            visited: &mut visited,
        };
        walk.dir(&dir, 0);
    }
    files.sort();
    (files, findings)
}

/// Why a path under the form folders cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathProblem {
    /// The operating system refuses access.
    Permission,
    /// A symbolic link to something that does not exist.
    DanglingLink,
    /// The name is not valid text (UTF-8).
    BadName,
    /// Neither a file nor a folder (a device, a pipe, a socket).
    NotRegular,
    /// Any other error of the operating system.
    Other,
}

impl PathProblem {
    fn of(e: &std::io::Error) -> PathProblem {
        match e.kind() {
            std::io::ErrorKind::PermissionDenied => PathProblem::Permission,
            std::io::ErrorKind::NotFound => PathProblem::DanglingLink,
            _ => PathProblem::Other,
        }
    }

    fn key(self) -> &'static str {
        match self {
            PathProblem::Permission => "reason.permission",
            PathProblem::DanglingLink => "reason.dangling-link",
            PathProblem::BadName => "reason.bad-name",
            PathProblem::NotRegular => "reason.not-regular",
            PathProblem::Other => "reason.io",
        }
    }
}

/// The finding on a file or folder that cannot be opened.
fn unreadable_path(rel: &str, problem: PathProblem) -> Finding {
    Finding::localized_with(
        Code::UnreadableFile,
        "finding.unreadable-path",
        Location::file(rel),
        |lang| vec![("reason", crate::i18n::tr(lang, problem.key(), &[]))],
    )
}

struct Walk<'a> {
    inputs: &'a Path,
    files: &'a mut Vec<PathBuf>,
    findings: &'a mut Vec<Finding>,
    visited: &'a mut Vec<PathBuf>,
}

impl Walk<'_> {
    fn problem(&mut self, path: &Path, problem: PathProblem) {
        let rel = relative(path, self.inputs);
        self.findings.push(unreadable_path(&rel, problem));
    }

    fn dir(&mut self, dir: &Path, depth: usize) {
        // Symlink loops and absurd depths end here, whatever the folder holds.
        let canonical = match dir.canonicalize() {
            Ok(c) => c,
            Err(e) => return self.problem(dir, PathProblem::of(&e)),
        };
        if depth > 32 || self.visited.contains(&canonical) {
            return;
        }
        self.visited.push(canonical);
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.problem(dir, PathProblem::of(&e)),
        };
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Ok(e) => paths.push(e.path()),
                Err(e) => self.problem(dir, PathProblem::of(&e)),
            }
        }
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap_or_default();
            let lossy = name.to_string_lossy();
            if lossy.starts_with('.') || lossy.starts_with("~$") {
                continue;
            }
            if name.to_str().is_none() {
                self.problem(&path, PathProblem::BadName);
                continue;
            }
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
                    let problem = match PathProblem::of(&e) {
                        PathProblem::DanglingLink if !is_link => PathProblem::Other,
                        p => p,
                    };
                    self.problem(&path, problem);
                    continue;
                }
            };
            if meta.is_dir() {
                self.dir(&path, depth + 1);
                continue;
            }
            let ext = extension(&path);
            if !meta.is_file() {
                if EXTENSIONS.contains(&ext.as_str()) {
                    self.problem(&path, PathProblem::NotRegular);
                }
                continue;
            }
            if EXTENSIONS.contains(&ext.as_str()) {
                self.files.push(path);
            } else {
                let rel = relative(&path, self.inputs);
                self.findings
                    .push(Finding::new(Code::IgnoredFile, Location::file(&rel), &[]));
            }
        }
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Returns `path` relative to `inputs`, with `/`.
pub fn relative(path: &Path, inputs: &Path) -> String {
    let rel = path.strip_prefix(inputs).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads every form under `inputs` and checks each row.
pub fn ingest(inputs: &Path, ctx: &Context<'_>) -> Intake {
    let (paths, mut findings) = discover(inputs);
    let parts: Vec<FileIntake> = paths
        .par_iter()
        .map(|p| ingest_file(p, &relative(p, inputs), ctx))
        .collect();
    worker::shut_down();
    let mut intake = Intake::default();
    for part in parts {
        intake.status.extend(part.status);
        intake.pledges.extend(part.pledges);
        findings.extend(part.findings);
        intake.files.push(part.account);
    }
    intake.findings = findings;
    reject_duplicates(&mut intake);
    intake
}

/// What one file gave.
struct FileIntake {
    status: Vec<StatusRecord>,
    pledges: Vec<PledgeRecord>,
    findings: Vec<Finding>,
    account: FileAccount,
}

/// Reads one file from disk and checks its rows.
fn ingest_file(path: &Path, rel: &str, ctx: &Context<'_>) -> FileIntake {
    let mut out = FileIntake {
        status: Vec::new(),
        pledges: Vec::new(),
        findings: Vec::new(),
        account: FileAccount {
            path: rel.to_string(),
            kind: "unrecognized".into(),
            ..FileAccount::default()
        },
    };
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > ctx.limits.max_file_bytes {
        out.findings.push(unreadable(
            rel,
            &ReadError::TooLarge {
                size,
                limit: ctx.limits.max_file_bytes,
            },
        ));
        return out;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            out.findings.push(unreadable_path(rel, PathProblem::of(&e)));
            return out;
        }
    };
    out.account.sha256 = sha256_hex(&bytes);
    ingest_bytes(&bytes, rel, &extension(path), ctx, &mut out);
    out
}

/// Returns the lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn unreadable(rel: &str, e: &ReadError) -> Finding {
    let (key, detail) = match e {
        ReadError::Empty => ("reason.empty", String::new()),
        ReadError::Encrypted => ("reason.encrypted", String::new()),
        ReadError::NotASpreadsheet(kind) => ("reason.foreign", kind.to_string()),
        ReadError::Corrupt(d) => ("reason.corrupt", d.clone()),
        ReadError::Unzipped { size, limit } => (
            "reason.unzipped",
            format!(
                "{} MB; limits.max_unzipped_bytes = {} MB",
                size / 1_048_576,
                limit / 1_048_576
            ),
        ),
        ReadError::TooLarge { size, limit } => (
            "reason.too-large",
            format!("{} MB > {} MB", size / 1_048_576, limit / 1_048_576),
        ),
        ReadError::Limit { setting, value } => {
            let (setting, value) = (*setting, *value);
            return Finding::localized_with(
                Code::LimitExceeded,
                "finding.limit-exceeded-file",
                Location::file(rel),
                move |lang| {
                    let shown = match setting {
                        "max_reader_seconds" => {
                            crate::i18n::tr(lang, "limit.seconds", &[("value", &value)])
                        }
                        _ => crate::i18n::tr(
                            lang,
                            "limit.megabytes",
                            &[("value", &(value / 1_048_576))],
                        ),
                    };
                    vec![
                        ("limit", setting.to_string()),
                        ("value", value.to_string()),
                        ("shown", shown),
                    ]
                },
            );
        }
        ReadError::ReaderStopped(how) => ("reason.reader-stopped", how.clone()),
    };
    Finding::localized(Code::UnreadableFile, Location::file(rel), |lang| {
        vec![("reason", crate::i18n::tr(lang, key, &[("detail", &detail)]))]
    })
}

fn ingest_bytes(bytes: &[u8], rel: &str, ext: &str, ctx: &Context<'_>, out: &mut FileIntake) {
    let grids = match worker::read(bytes, ext, &ctx.limits) {
        Ok(g) => g,
        Err(e) => {
            out.findings.push(unreadable(rel, &e));
            return;
        }
    };
    let mut recognised = Vec::new();
    for g in &grids {
        if let Some(header) = find_header(g) {
            recognised.push((g, header));
        }
    }
    if recognised.is_empty() {
        out.findings.push(Finding::new(
            Code::UnrecognizedForm,
            Location::file(rel),
            &[],
        ));
        return;
    }
    let mut kinds: Vec<FormKind> = recognised.iter().map(|(_, h)| h.form).collect();
    kinds.dedup();
    out.account.kind = match kinds.as_slice() {
        [FormKind::Pledges] => "pledges".into(),
        _ => "status".into(),
    };
    for (g, header) in recognised {
        read_sheet(g, &header, rel, ctx, out);
    }
}

/// A recognised header row.
#[derive(Debug, Clone)]
struct Header {
    form: FormKind,
    /// Row index in the grid.
    row: usize,
    /// Field → absolute column.
    columns: BTreeMap<Field, u32>,
    /// Headers that named no field: (absolute column, text).
    unknown: Vec<(u32, String)>,
}

/// Finds the header row in the first rows of a sheet: the row naming the most required
/// fields of either form, if it names at least half of them.
fn find_header(g: &Grid) -> Option<Header> {
    let mut best: Option<(usize, usize, FormKind, BTreeMap<Field, u32>)> = None;
    for (r, row) in g.rows.iter().enumerate().take(forms::HEADER_SEARCH_ROWS) {
        // Each cell is folded once for both forms, and only when it could be a header at all.
        let keys: Vec<(u32, String)> = row
            .iter()
            .enumerate()
            .filter_map(|(i, cell)| match cell {
                Cell::Text(text) if forms::could_be_header(text) => {
                    Some((g.first_col + i as u32, forms::header_key(text)))
                }
                _ => None,
            })
            .collect();
        for form in [FormKind::Status, FormKind::Pledges] {
            let mut columns = BTreeMap::new();
            for (col, key) in &keys {
                if let Some(f) = forms::match_header_key(key, form) {
                    columns.entry(f).or_insert(*col);
                }
            }
            let required = form.fields().iter().filter(|f| f.required(form)).count();
            let found = columns.keys().filter(|f| f.required(form)).count();
            if found * 2 >= required && found >= 2 && best.as_ref().is_none_or(|(n, ..)| found > *n)
            {
                best = Some((found, r, form, columns));
            }
        }
    }
    let (_, row, form, columns) = best?;
    let unknown = g.rows[row]
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| {
            let col = g.first_col + i as u32;
            match cell {
                Cell::Text(text)
                    if !text.trim().is_empty() && !columns.values().any(|&c| c == col) =>
                {
                    (forms::match_header(text, form).is_none())
                        .then(|| (col, text.trim().to_string()))
                }
                _ => None,
            }
        })
        .collect();
    Some(Header {
        form,
        row,
        columns,
        unknown,
    })
}

fn read_sheet(g: &Grid, header: &Header, rel: &str, ctx: &Context<'_>, out: &mut FileIntake) {
    let form = header.form;
    let header_row = g.row_number(header.row);
    let at = |col: Option<u32>, row: u32| Location {
        file: Some(rel.to_string()),
        sheet: g.sheet.clone(),
        row: Some(row),
        column: col.map(|c| column_letter(c as usize)),
    };
    for (col, text) in &header.unknown {
        let text = crate::findings::excerpt(text);
        out.findings.push(Finding::new(
            Code::UnknownColumn,
            at(Some(*col), header_row),
            &[("header", &text)],
        ));
    }
    let missing: Vec<Field> = form
        .fields()
        .iter()
        .copied()
        .filter(|f| f.required(form) && !header.columns.contains_key(f))
        .collect();
    for f in &missing {
        let f = *f;
        out.findings.push(Finding::localized(
            Code::MissingColumn,
            at(None, header_row),
            |lang| {
                vec![
                    ("column", f.header(form, lang).to_string()),
                    (
                        "form",
                        crate::i18n::tr(lang, &format!("form.{}", form.as_str()), &[]),
                    ),
                ]
            },
        ));
    }
    if g.truncated {
        let last = g.row_number(g.rows.len().saturating_sub(1));
        out.findings.push(Finding::new(
            Code::LimitExceeded,
            at(None, last),
            &[("limit", &"max_rows"), ("value", &ctx.limits.max_rows)],
        ));
    }
    let data = &g.rows[header.row + 1..];
    // Trailing blank rows are formatting, not data.
    let last = data
        .iter()
        .rposition(|r| !r.iter().all(Cell::is_blank))
        .map_or(0, |i| i + 1);
    let data = &data[..last];
    let fractions = fraction_column(g, header, data.len());
    let origin = Source {
        file: rel.into(),
        sheet: g.sheet.as_deref().map(Into::into),
        row: 0,
    };
    let rows = Rows {
        g,
        header,
        rel,
        ctx,
        fractions,
        missing: !missing.is_empty(),
        origin: &origin,
        at: &at,
    };
    // A long sheet is read in blocks side by side; the blocks are put back in row order.
    const BLOCK: usize = 32_768;
    let parts: Vec<FileIntake> = if data.len() > 2 * BLOCK {
        (0..data.len())
            .step_by(BLOCK)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|start| rows.read(data, start..(start + BLOCK).min(data.len())))
            .collect()
    } else {
        vec![rows.read(data, 0..data.len())]
    };
    for part in parts {
        out.status.extend(part.status);
        out.pledges.extend(part.pledges);
        out.findings.extend(part.findings);
        let (a, p) = (&mut out.account, part.account);
        a.rows += p.rows;
        a.blank += p.blank;
        a.accepted += p.accepted;
        a.rejected += p.rejected;
    }
}

/// What every data row of a sheet is read against.
struct Rows<'a> {
    g: &'a Grid,
    header: &'a Header,
    rel: &'a str,
    ctx: &'a Context<'a>,
    fractions: bool,
    missing: bool,
    origin: &'a Source,
    at: &'a (dyn Fn(Option<u32>, u32) -> Location + Sync),
}

impl Rows<'_> {
    /// Reads the data rows `range` (indexes into `data`): records, findings and counts.
    fn read(&self, data: &[Vec<Cell>], range: std::ops::Range<usize>) -> FileIntake {
        let (g, header, ctx) = (self.g, self.header, self.ctx);
        let max_rows = ctx.limits.max_rows as usize;
        let mut out = FileIntake {
            status: Vec::new(),
            pledges: Vec::new(),
            findings: Vec::new(),
            account: FileAccount::default(),
        };
        let mut memos = Memo::default();
        for i in range {
            let row = &data[i];
            let r = header.row + 1 + i;
            let row_number = g.row_number(r);
            out.account.rows += 1;
            if row.iter().all(Cell::is_blank) {
                out.account.blank += 1;
                continue;
            }
            if i >= max_rows {
                if i == max_rows {
                    out.findings.push(Finding::new(
                        Code::LimitExceeded,
                        (self.at)(None, row_number),
                        &[("limit", &"max_rows"), ("value", &max_rows)],
                    ));
                }
                out.account.rejected += 1;
                continue;
            }
            if self.missing {
                out.account.rejected += 1;
                continue;
            }
            let mut row_findings = Vec::new();
            let source = (self.rel, self.origin);
            let accepted = match header.form {
                FormKind::Status => status_row(
                    g,
                    r,
                    header,
                    source,
                    ctx,
                    self.fractions,
                    &mut memos,
                    &mut row_findings,
                )
                .map(|rec| out.status.push(rec))
                .is_some(),
                FormKind::Pledges => pledge_row(g, r, header, source, ctx, &mut row_findings)
                    .map(|rec| out.pledges.push(rec))
                    .is_some(),
            };
            if accepted {
                out.account.accepted += 1;
            } else {
                out.account.rejected += 1;
            }
            out.findings.extend(row_findings);
        }
        out
    }
}

/// For a workbook whose number formats are unknown (ods, xls), decides whether the progress
/// column holds fractions of one (a percent-formatted column: 0.45 shows as 45 %). It does
/// when every number in it lies between 0 and 1.
fn fraction_column(g: &Grid, header: &Header, rows: usize) -> bool {
    let Some(&col) = header.columns.get(&Field::Progress) else {
        return false;
    };
    if g.formats_known {
        return false;
    }
    let numbers: Vec<f64> = (header.row + 1..header.row + 1 + rows)
        .filter_map(|r| match g.cell(r, col) {
            Cell::Number(n) => Some(*n),
            _ => None,
        })
        .collect();
    !numbers.is_empty() && numbers.iter().all(|n| (0.0..=1.0).contains(n))
}

/// Reads the cells of one data row, field by field, collecting findings.
struct RowReader<'a> {
    g: &'a Grid,
    r: usize,
    header: &'a Header,
    rel: &'a str,
    findings: &'a mut Vec<Finding>,
    activity: Option<String>,
    pledge: Option<String>,
    failed: bool,
}

impl<'a> RowReader<'a> {
    fn location(&self, field: Field) -> Location {
        Location {
            file: Some(self.rel.to_string()),
            sheet: self.g.sheet.clone(),
            row: Some(self.g.row_number(self.r)),
            column: self
                .header
                .columns
                .get(&field)
                .map(|&c| column_letter(c as usize)),
        }
    }

    fn cell(&self, field: Field) -> &'a Cell {
        match self.header.columns.get(&field) {
            Some(&c) => self.g.cell(self.r, c),
            None => &Cell::Empty,
        }
    }

    /// Records a cell showing a spreadsheet error (`#N/A`): under the field's own code when
    /// it has one, with the message that says to replace the formula by its value.
    fn cell_error(&mut self, field: Field, error: &str) {
        let code = match field {
            Field::Activity => Code::InvalidActivity,
            Field::Period => Code::InvalidPeriod,
            Field::Agency => Code::UnknownAgency,
            Field::Status => Code::InvalidStatus,
            Field::Progress => Code::InvalidProgress,
            Field::Date | Field::UpdateDate => Code::InvalidDate,
            Field::Objectives => Code::InvalidObjective,
            _ => Code::CellError,
        };
        let error = crate::findings::excerpt(error);
        let mut f = Finding::new(Code::CellError, self.location(field), &[("value", &error)]);
        f.code = code;
        self.push(f);
    }

    /// Returns the cell of a field that must be filled, or records why it cannot be used.
    fn required(&mut self, field: Field) -> Option<&'a Cell> {
        let cell = self.cell(field);
        if let Cell::Error(e) = cell {
            self.cell_error(field, e);
            return None;
        }
        if cell.is_blank() {
            let form = self.header.form;
            let loc = self.location(field);
            self.push(Finding::localized(Code::MissingValue, loc, |lang| {
                vec![("column", field.header(form, lang).to_string())]
            }));
            return None;
        }
        Some(cell)
    }

    /// Returns the cell of an optional field, or none when blank or an error (reported).
    fn optional(&mut self, field: Field) -> Option<&'a Cell> {
        let cell = self.cell(field);
        if let Cell::Error(e) = cell {
            self.cell_error(field, e);
            return None;
        }
        (!cell.is_blank()).then_some(cell)
    }

    /// Applies a field reader, recording a finding when it fails.
    fn read<T>(
        &mut self,
        field: Field,
        cell: &Cell,
        f: impl FnOnce(&Cell) -> Result<T, fields::Problem>,
    ) -> Option<T> {
        match f(cell) {
            Ok(v) => Some(v),
            Err(p) => {
                let loc = self.location(field);
                self.push(problem_finding(&p, loc));
                None
            }
        }
    }

    fn push(&mut self, mut f: Finding) {
        if f.severity() == crate::findings::Severity::Error {
            self.failed = true;
        }
        if f.activity.is_none() {
            f.activity = self.activity.clone();
        }
        if f.pledge.is_none() {
            f.pledge = self.pledge.clone();
        }
        self.findings.push(f);
    }

    fn text(&mut self, field: Field) -> Option<String> {
        self.optional(field).and_then(fields::text)
    }
}

/// Builds the finding for a cell that could not be read, with the words to write instead.
fn problem_finding(p: &fields::Problem, loc: Location) -> Finding {
    let value = p.value.clone();
    let code = p.code;
    Finding::localized(code, loc, move |lang| {
        let accepted = match code {
            Code::InvalidStatus => Status::accepted(lang),
            Code::InvalidEntityType => EntityType::accepted(lang),
            _ => String::new(),
        };
        vec![("value", value.clone()), ("accepted", accepted)]
    })
}

/// Readings of text cells already seen in a sheet: forms repeat the same code, month and agency
/// on row after row, so each distinct text is read once.
#[derive(Default)]
struct Memo {
    activity: FastMap<String, Result<String, fields::Problem>>,
    period: FastMap<String, Result<YearMonth, fields::Problem>>,
    agency: FastMap<String, Result<String, fields::Problem>>,
}

/// Reads `cell` with `f`, or returns the reading of the same text seen before.
fn memo<T: Clone>(
    seen: &mut FastMap<String, Result<T, fields::Problem>>,
    cell: &Cell,
    f: impl FnOnce(&Cell) -> Result<T, fields::Problem>,
) -> Result<T, fields::Problem> {
    let Cell::Text(text) = cell else {
        return f(cell);
    };
    if let Some(v) = seen.get(text.as_str()) {
        return v.clone();
    }
    let v = f(cell);
    if seen.len() < 10_000 {
        seen.insert(text.clone(), v.clone());
    }
    v
}

#[allow(clippy::too_many_arguments)]
fn status_row(
    g: &Grid,
    r: usize,
    header: &Header,
    (rel, origin): (&str, &Source),
    ctx: &Context<'_>,
    fractions: bool,
    memos: &mut Memo,
    findings: &mut Vec<Finding>,
) -> Option<StatusRecord> {
    let mut rr = RowReader {
        g,
        r,
        header,
        rel,
        findings,
        activity: None,
        pledge: None,
        failed: false,
    };
    let activity = rr.required(Field::Activity).and_then(|c| {
        rr.read(Field::Activity, c, |c| {
            memo(&mut memos.activity, c, |c| fields::activity(c, ctx.plan))
        })
    });
    rr.activity = activity.clone();
    let period = rr.required(Field::Period).and_then(|c| {
        rr.read(Field::Period, c, |c| {
            memo(&mut memos.period, c, fields::period)
        })
    });
    let agency = rr.required(Field::Agency).and_then(|c| {
        rr.read(Field::Agency, c, |c| {
            memo(&mut memos.agency, c, fields::agency)
        })
    });
    let status = rr
        .required(Field::Status)
        .and_then(|c| rr.read(Field::Status, c, fields::status));
    let progress = match rr.optional(Field::Progress) {
        Some(c) => {
            let pct = fractions
                || header
                    .columns
                    .get(&Field::Progress)
                    .is_some_and(|&col| g.is_percent(r, col));
            rr.read(Field::Progress, c, |c| fields::progress(c, pct))
        }
        None => None,
    };
    let date = match rr.optional(Field::Date) {
        Some(c) => rr.read(Field::Date, c, fields::date),
        None => None,
    };
    let as_of_month = YearMonth::from_date(ctx.as_of);
    if let Some(p) = period {
        if p > as_of_month {
            let loc = rr.location(Field::Period);
            rr.push(Finding::localized(Code::FuturePeriod, loc, |lang| {
                vec![
                    ("value", crate::i18n::format_month(lang, p)),
                    ("as_of", crate::i18n::format_date(lang, ctx.as_of)),
                ]
            }));
        }
    }
    let narrative_es = rr.text(Field::NarrativeEs);
    let narrative_en = rr.text(Field::NarrativeEn);
    let next_steps = rr.text(Field::NextSteps);
    let evidence = rr.text(Field::Evidence);
    if rr.failed {
        return None;
    }
    let record = StatusRecord {
        source: Source {
            row: g.row_number(r),
            ..origin.clone()
        },
        activity: activity?,
        period: period?,
        agency: agency?,
        status: status?,
        progress,
        date,
        narrative_es,
        narrative_en,
        next_steps,
        evidence,
    };
    let inconsistent = match (record.status, record.progress) {
        (Status::Completed, Some(p)) => p < 100.0,
        (Status::NotStarted, Some(p)) => p > 0.0,
        _ => false,
    };
    if inconsistent {
        let loc = rr.location(Field::Progress);
        let (status, progress) = (record.status, record.progress.unwrap_or_default());
        rr.push(Finding::localized(
            Code::ProgressInconsistent,
            loc,
            |lang| {
                vec![
                    ("status", status.word(lang).to_string()),
                    ("progress", crate::i18n::format_percent(lang, progress)),
                ]
            },
        ));
    }
    Some(record)
}

fn pledge_row(
    g: &Grid,
    r: usize,
    header: &Header,
    (rel, origin): (&str, &Source),
    ctx: &Context<'_>,
    findings: &mut Vec<Finding>,
) -> Option<PledgeRecord> {
    let mut rr = RowReader {
        g,
        r,
        header,
        rel,
        findings,
        activity: None,
        pledge: None,
        failed: false,
    };
    let id = rr.required(Field::Pledge).and_then(fields::text);
    rr.pledge = id.clone();
    let title = rr.required(Field::Title).and_then(fields::text);
    let entity = rr.required(Field::Entity).and_then(fields::text);
    let objectives = rr
        .required(Field::Objectives)
        .and_then(|c| rr.read(Field::Objectives, c, fields::objectives));
    let status = rr
        .required(Field::Status)
        .and_then(|c| rr.read(Field::Status, c, fields::pledge_status));
    let update_date = rr
        .required(Field::UpdateDate)
        .and_then(|c| rr.read(Field::UpdateDate, c, fields::date));
    let entity_type = rr.optional(Field::EntityType).map(|c| {
        rr.read(Field::EntityType, c, fields::entity_type)
            .unwrap_or(EntityType::Other)
    });
    let mut countries = Vec::new();
    if let Some(c) = rr.optional(Field::Countries) {
        let (found, unknown) = fields::countries(c);
        countries = found;
        for name in unknown {
            let loc = rr.location(Field::Countries);
            let quoted = crate::findings::excerpt(&name);
            rr.push(Finding::new(
                Code::UnknownCountry,
                loc,
                &[("value", &quoted)],
            ));
            countries.push(name);
        }
    }
    if let Some(d) = update_date {
        if d > ctx.as_of {
            let loc = rr.location(Field::UpdateDate);
            rr.push(Finding::localized_with(
                Code::FuturePeriod,
                "finding.future-update",
                loc,
                |lang| {
                    vec![
                        ("value", crate::i18n::format_date(lang, d)),
                        ("as_of", crate::i18n::format_date(lang, ctx.as_of)),
                    ]
                },
            ));
        }
    }
    let narrative = rr.text(Field::Narrative);
    if rr.failed {
        return None;
    }
    Some(PledgeRecord {
        source: Source {
            row: g.row_number(r),
            ..origin.clone()
        },
        id: id?,
        title: title?,
        entity: entity?,
        entity_type,
        countries,
        objectives: objectives?,
        status: status?,
        update_date: update_date?,
        narrative,
    })
}

/// A hash map for lookups only (never iterated into output), with a fast seeded hasher.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Rejects rows whose content repeats an earlier row; the first is kept.
fn reject_duplicates(intake: &mut Intake) {
    #[derive(PartialEq, Eq, Hash)]
    struct StatusKey<'a> {
        activity: &'a str,
        period: YearMonth,
        agency: &'a str,
        status: Status,
        progress: Option<u64>,
        date: Option<NaiveDate>,
        texts: [Option<&'a str>; 4],
    }
    #[derive(PartialEq, Eq, Hash)]
    struct PledgeKey<'a> {
        id: &'a str,
        title: &'a str,
        entity: &'a str,
        entity_type: Option<EntityType>,
        countries: &'a [String],
        objectives: &'a [u8],
        status: PledgeStatus,
        update_date: NaiveDate,
        narrative: Option<&'a str>,
    }
    let mut rejected: HashMap<String, u32> = HashMap::new();
    let mut findings = Vec::new();
    let mut first: FastMap<StatusKey<'_>, usize> =
        FastMap::with_capacity_and_hasher(intake.status.len(), Default::default());
    let mut copies: Vec<(usize, usize)> = Vec::new();
    for (i, r) in intake.status.iter().enumerate() {
        let key = StatusKey {
            activity: &r.activity,
            period: r.period,
            agency: &r.agency,
            status: r.status,
            progress: r.progress.map(f64::to_bits),
            date: r.date,
            texts: [
                r.narrative_es.as_deref(),
                r.narrative_en.as_deref(),
                r.next_steps.as_deref(),
                r.evidence.as_deref(),
            ],
        };
        match first.get(&key) {
            Some(&f) => copies.push((i, f)),
            None => {
                first.insert(key, i);
            }
        }
    }
    drop(first);
    for &(i, f) in &copies {
        let r = &intake.status[i];
        findings.push(duplicate(
            &r.source,
            &intake.status[f].source,
            Some(&r.activity),
            None,
        ));
        *rejected.entry(r.source.file.to_string()).or_default() += 1;
    }
    let mut drop_status = vec![false; intake.status.len()];
    for &(i, _) in &copies {
        drop_status[i] = true;
    }

    let mut first: FastMap<PledgeKey<'_>, usize> =
        FastMap::with_capacity_and_hasher(intake.pledges.len(), Default::default());
    let mut copies: Vec<(usize, usize)> = Vec::new();
    for (i, p) in intake.pledges.iter().enumerate() {
        let key = PledgeKey {
            id: &p.id,
            title: &p.title,
            entity: &p.entity,
            entity_type: p.entity_type,
            countries: &p.countries,
            objectives: &p.objectives,
            status: p.status,
            update_date: p.update_date,
            narrative: p.narrative.as_deref(),
        };
        match first.get(&key) {
            Some(&f) => copies.push((i, f)),
            None => {
                first.insert(key, i);
            }
        }
    }
    drop(first);
    for &(i, f) in &copies {
        let p = &intake.pledges[i];
        findings.push(duplicate(
            &p.source,
            &intake.pledges[f].source,
            None,
            Some(&p.id),
        ));
        *rejected.entry(p.source.file.to_string()).or_default() += 1;
    }
    let mut drop_pledges = vec![false; intake.pledges.len()];
    for &(i, _) in &copies {
        drop_pledges[i] = true;
    }

    let mut i = 0;
    intake.status.retain(|_| {
        i += 1;
        !drop_status[i - 1]
    });
    let mut i = 0;
    intake.pledges.retain(|_| {
        i += 1;
        !drop_pledges[i - 1]
    });
    for account in &mut intake.files {
        if let Some(n) = rejected.get(&account.path) {
            account.accepted -= n;
            account.rejected += n;
        }
    }
    intake.findings.extend(findings);
}

/// The finding on a row that repeats an earlier one.
fn duplicate(
    copy: &Source,
    first: &Source,
    activity: Option<&String>,
    pledge: Option<&String>,
) -> Finding {
    let at = |s: &Source| Location {
        file: Some(s.file.to_string()),
        sheet: s.sheet.as_deref().map(str::to_string),
        row: Some(s.row),
        column: None,
    };
    let first_loc = at(first);
    let mut f = Finding::localized(Code::DuplicateRow, at(copy), |lang: Lang| {
        vec![("first", first_loc.describe(lang))]
    });
    f.activity = activity.cloned();
    f.pledge = pledge.cloned();
    f
}
