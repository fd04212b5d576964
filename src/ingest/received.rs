//! `inputs/received.csv`: the day each form file reached the secretariat, for forms that arrive
//! as files (docs/inputs.md#receipt-dates). A row naming an e-mail, or one of its attachments,
//! is taken over the e-mail's own `Date`. Read in a reader worker like any input; a row that
//! cannot be used is a finding at its row, and the file it names keeps an unknown receipt date.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use super::records::FileAccount;
use crate::config::Limits;
use crate::findings::{Code, Finding, Location};
use crate::sheets::write::column_letter;
use crate::sheets::{worker, Grid, ReadError};

/// Where the receipt dates live inside the inputs folder.
pub const RECEIVED_FILE: &str = "received.csv";

/// The fields of its two columns, as the words files name them (`[headers.received]`).
const FIELDS: [&str; 2] = ["file", "date"];

/// Whether a cell is one of the two headers.
fn is_header(text: &str) -> bool {
    FIELDS
        .iter()
        .any(|field| crate::words::names("received", field, text))
}

/// Reads `received.csv` if there is one and gives each file its receipt date; returns the
/// findings of the rows it could not use.
pub(super) fn read(inputs: &Path, limits: &Limits, files: &mut [FileAccount]) -> Vec<Finding> {
    let path = inputs.join(RECEIVED_FILE);
    if !path.is_file() {
        return Vec::new();
    }
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    let grids = if size > limits.max_file_bytes {
        Err(ReadError::TooLarge {
            size,
            limit: limits.max_file_bytes,
        })
    } else {
        std::fs::read(&path)
            .map_err(|e| ReadError::Corrupt(e.to_string()))
            .and_then(|bytes| worker::read(&bytes, "csv", limits, is_header))
    };
    match grids {
        Ok(grids) => apply(grids.first(), files),
        Err(e) => vec![super::unreadable(RECEIVED_FILE, &e)],
    }
}

/// Gives the files the dates of the grid's rows; each row that cannot be used is a finding.
fn apply(grid: Option<&Grid>, files: &mut [FileAccount]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some((g, header, file_col, date_col)) = grid.and_then(|g| {
        let (row, cols) = header_row(g)?;
        Some((g, row, cols.0, cols.1))
    }) else {
        let loc = Location::file(RECEIVED_FILE);
        findings.push(Finding::localized_with(
            Code::InvalidReceipt,
            "receipt.header",
            loc,
            |_| vec![],
        ));
        return findings;
    };
    let index: BTreeMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.clone(), i))
        .collect();
    let mut seen: BTreeMap<usize, NaiveDate> = BTreeMap::new();
    for r in header + 1..g.rows.len() {
        let file = normalise(&g.cell(r, file_col).display());
        let date_cell = g.cell(r, date_col);
        if file.is_empty() && date_cell.is_blank() {
            continue;
        }
        let at = |col: u32| Location {
            file: Some(RECEIVED_FILE.to_string()),
            sheet: None,
            row: Some(g.row_number(r)),
            column: Some(column_letter(col as usize)),
        };
        let Some(&i) = index.get(&file) else {
            findings.push(problem("finding.invalid-receipt", at(file_col), &file));
            continue;
        };
        let Ok(date) = super::fields::date(date_cell) else {
            let shown = date_cell.display();
            findings.push(problem("receipt.invalid-date", at(date_col), &shown));
            continue;
        };
        match seen.get(&i) {
            Some(&first) if first != date => {
                findings.push(problem("receipt.twice", at(date_col), &file));
                set(files, i, &seen, None);
            }
            Some(_) => {}
            None => {
                seen.insert(i, date);
                set(files, i, &seen, Some(date));
            }
        }
    }
    findings
}

/// Gives file `i` its receipt day; an e-mail gives it to its attachments too, except those
/// that have a row of their own (`received.csv` is the secretariat's word, over the e-mail's
/// `Date`).
fn set(
    files: &mut [FileAccount],
    i: usize,
    seen: &BTreeMap<usize, NaiveDate>,
    day: Option<NaiveDate>,
) {
    files[i].received = day;
    if files[i].kind != super::mail::KIND {
        return;
    }
    let prefix = format!("{}#", files[i].path);
    for (j, f) in files.iter_mut().enumerate() {
        if f.path.starts_with(&prefix) && !seen.contains_key(&j) {
            f.received = day;
        }
    }
}

/// The header row and the columns of the file and the date.
fn header_row(g: &Grid) -> Option<(usize, (u32, u32))> {
    (0..g.rows.len().min(crate::sheets::HEADER_ROWS)).find_map(|r| {
        let width = g.first_col + g.rows[r].len() as u32;
        let find = |field: &str| {
            (g.first_col..width)
                .find(|&c| crate::words::names("received", field, &g.cell(r, c).display()))
        };
        Some((r, (find(FIELDS[0])?, find(FIELDS[1])?)))
    })
}

/// A path as the inputs' accounts write it: `/` between folders, no leading `./` or `inputs/`.
fn normalise(path: &str) -> String {
    let p = path.trim().replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    p.strip_prefix("inputs/").unwrap_or(p).to_string()
}

/// An `invalid-receipt` finding whose message key says what is wrong with the row.
fn problem(key: &'static str, at: Location, value: &str) -> Finding {
    let value = crate::findings::excerpt(value);
    Finding::localized_with(Code::InvalidReceipt, key, at, move |_| {
        vec![("value", value.clone())]
    })
}
