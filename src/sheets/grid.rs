//! The types every reader shares (as calamine's `datatype.rs`): a file becomes [`Grid`]s of
//! [`Cell`]s, or a [`ReadError`], whichever program wrote it, so form recognition never cares
//! which. The per-format readers fill them (`super::read` dispatches); this module reads
//! nothing itself.

use calamine::Data;
use chrono::NaiveDateTime;

/// One cell, as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in it.
    Empty,
    /// Text (CSV cells are always text).
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date cell (either date system, already converted).
    Date(NaiveDateTime),
    /// A spreadsheet error such as `#N/A`.
    Error(String),
}

impl Cell {
    /// Returns true when the cell holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.chars().all(|c| c.is_whitespace() || c == '\u{200B}'),
            _ => false,
        }
    }

    /// Returns the cell as a person would read it.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => format!("{n}"),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => d.date().format("%Y-%m-%d").to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A sheet (or a CSV file) as rows of cells.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// The sheet's name; none for CSV.
    pub sheet: Option<String>,
    /// The rows; `rows[i]` is spreadsheet row `first_row + i` (1-based).
    pub rows: Vec<Vec<Cell>>,
    /// The spreadsheet row number of `rows[0]`.
    pub first_row: u32,
    /// The 0-based column index of each row's first cell.
    pub first_col: u32,
    /// Cells formatted as percentages (absolute 0-based row, column), when the format is known.
    pub percent_cells: Vec<(u32, u32)>,
    /// Whether number formats were read (xlsx); when not, percentages are inferred per column.
    pub formats_known: bool,
    /// Whether reading stopped at the row limit.
    pub truncated: bool,
    /// Whether the sheet has something past the column limit, which was left out.
    pub columns_cut: bool,
}

impl Grid {
    /// Returns the cell at row index `r` and absolute column `c`.
    pub fn cell(&self, r: usize, c: u32) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        c.checked_sub(self.first_col)
            .and_then(|i| self.rows.get(r)?.get(i as usize))
            .unwrap_or(&EMPTY)
    }

    /// Returns the spreadsheet row number of row index `r`.
    pub fn row_number(&self, r: usize) -> u32 {
        self.first_row + r as u32
    }

    /// Returns whether the cell at row index `r`, absolute column `c` is percent-formatted.
    pub fn is_percent(&self, r: usize, c: u32) -> bool {
        let abs_row = self.first_row - 1 + r as u32;
        self.percent_cells.binary_search(&(abs_row, c)).is_ok()
    }
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The file is empty.
    Empty,
    /// The file is encrypted (password-protected).
    Encrypted,
    /// The file is a PDF, an image, a document: not a spreadsheet.
    NotASpreadsheet(&'static str),
    /// The file looks like a spreadsheet but is damaged; the detail comes from the reader.
    Corrupt(String),
    /// The workbook's contents unpack beyond the limit or at an implausible ratio.
    Unzipped {
        /// The declared uncompressed size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file is larger than the configured limit.
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// Reading the file went past a limit of its worker: memory or time.
    Limit {
        /// The setting under `[limits]` (`max_reader_memory_bytes`, `max_reader_seconds`).
        setting: &'static str,
        /// Its value.
        value: u64,
    },
    /// The worker reading the file stopped without an answer (a crash): the signal that ended
    /// it, or else its exit status.
    ReaderStopped {
        /// The signal, when one ended it.
        signal: Option<i32>,
        /// The exit status, when it exited.
        status: Option<i32>,
    },
}

/// A merged area: first and last cell, 0-based (row, column), inclusive.
pub(super) type Region = ((u32, u32), (u32, u32));

/// Copies each merged area's top-left value into the rest of the area, as a reader sees it.
pub(super) fn fill_merges(
    rows: &mut [Vec<Cell>],
    first_row: u32,
    first_col: u32,
    merges: &[Region],
) {
    for &((r0, c0), (r1, c1)) in merges {
        let (Some(ri), Some(ci)) = (r0.checked_sub(first_row), c0.checked_sub(first_col)) else {
            continue;
        };
        let Some(value) = rows
            .get(ri as usize)
            .and_then(|r| r.get(ci as usize))
            .cloned()
        else {
            continue;
        };
        // Bounded by the sheet's own size, whatever the merge claims.
        for r in r0..=r1.min(first_row + rows.len() as u32 - 1) {
            let row = &mut rows[(r - first_row) as usize];
            let last = first_col + row.len().max(1) as u32 - 1;
            for c in c0..=c1.min(last) {
                if let Some(cell) = c
                    .checked_sub(first_col)
                    .and_then(|i| row.get_mut(i as usize))
                {
                    if cell.is_blank() {
                        *cell = value.clone();
                    }
                }
            }
        }
    }
}

pub(super) fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                dt.as_datetime()
                    .map(Cell::Date)
                    .unwrap_or(Cell::Number(dt.as_f64()))
            } else {
                Cell::Number(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}
