//! Reads any spreadsheet file into plain grids of cells.
//!
//! xlsx workbooks go through the one-pass reader of [`super::xlsx`], and what it does not follow
//! (and `.xls`, `.ods`) through calamine, whatever tool wrote them (Excel, LibreOffice, Google
//! Sheets, Python writers); CSV goes through the csv crate after its encoding and separator are
//! sniffed. What comes out is the same [`Grid`] either way, so form recognition never cares
//! which program produced a file. This module never panics on a file's contents: anything it
//! cannot read becomes a [`ReadError`].

use std::io::Cursor;

use calamine::{Data, Reader, Sheets};

use crate::config::Limits;
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

    /// Returns the cell as a message quotes it: as [`Cell::display`] shows it, cut after
    /// [`crate::findings::QUOTE_CHARS`] characters.
    pub fn quoted(&self) -> String {
        match self {
            Cell::Text(s) => crate::findings::excerpt(s),
            Cell::Error(e) => crate::findings::excerpt(e),
            other => other.display(),
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
    /// The worker reading the file stopped without an answer (a crash); how it ended.
    ReaderStopped(String),
}

/// Reads every sheet of a file in this process, given its bytes and its extension (lowercase,
/// no dot), behind the guards that keep known lying counts from aborting it
/// ([`read_here`] with guards).
pub fn read(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    read_here(bytes, ext, limits, true)
}

/// Reads every sheet of a file in this process. A reader that panics on a malformed file (it
/// happens deep inside workbook parsers) is caught here: the file becomes unreadable, and the
/// run goes on. `guards` adds the pre-checks an unbounded process needs (OLE sector sizes,
/// `.xls` dimensions, zip ratios): each refuses some file a reader would survive, so a worker,
/// which the operating system bounds, reads without them.
pub fn read_here(
    bytes: &[u8],
    ext: &str,
    limits: &Limits,
    guards: bool,
) -> Result<Vec<Grid>, ReadError> {
    std::panic::catch_unwind(|| read_unguarded(bytes, ext, limits, guards)).unwrap_or_else(|_| {
        Err(ReadError::Corrupt(
            "the workbook reader failed on this file".into(),
        ))
    })
}

fn read_unguarded(
    bytes: &[u8],
    ext: &str,
    limits: &Limits,
    guards: bool,
) -> Result<Vec<Grid>, ReadError> {
    let max_columns = limits.max_columns;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if let Some(kind) = foreign_kind(bytes) {
        return Err(ReadError::NotASpreadsheet(kind));
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if is_ole {
        if guards {
            check_cfb(bytes)?;
            check_xls_dimensions(bytes)?;
        }
        if looks_encrypted(bytes) {
            return Err(ReadError::Encrypted);
        }
    }
    if is_zip {
        check_zip(bytes, limits, guards)?;
        // xlsx in one pass per sheet; anything else in a zip (ods, xlsb, an xlsx this reader
        // does not follow) goes to calamine.
        if let Ok(sheets) = super::xlsx::read(bytes, limits) {
            return Ok(sheets.into_iter().map(xlsx_grid).collect());
        }
    }
    if is_zip || is_ole {
        return read_workbook(bytes, limits);
    }
    if matches!(ext, "xlsx" | "xlsm" | "xlsb" | "ods" | "xls") && !looks_like_text(bytes) {
        // Some tools save CSV or HTML under a workbook name; anything else is damaged.
        return Err(ReadError::Corrupt("not a zip or OLE container".into()));
    }
    Ok(vec![read_csv(bytes, max_columns)])
}

/// Refuses an OLE container (legacy `.xls`) whose header names an impossible sector size: the
/// reader would otherwise size its buffers from it (a damaged header asked for 80 GB).
fn check_cfb(bytes: &[u8]) -> Result<(), ReadError> {
    let field = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let version = field(26);
    let sector_shift = field(30);
    let mini_shift = field(32);
    let sane = matches!(
        (version, sector_shift),
        (Some(3), Some(9)) | (Some(4), Some(12))
    ) && mini_shift == Some(6);
    if sane {
        Ok(())
    } else {
        Err(ReadError::Corrupt("damaged OLE header".into()))
    }
}

/// Refuses a legacy workbook whose DIMENSIONS record claims more cells than a `.xls` sheet can
/// hold: the reader reserves memory for the whole claimed rectangle (fuzzing found a file
/// asking for 80 GB). Records are looked for in the raw bytes; a sheet's stream is stored in
/// order in the files real programs write.
fn check_xls_dimensions(bytes: &[u8]) -> Result<(), ReadError> {
    const MAX_CELLS: u64 = 4_000_000;
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map_or(0, |b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |i: usize| {
        bytes.get(i..i + 4).map_or(0, |b| {
            u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        })
    };
    let mut i = 0;
    while i + 4 <= bytes.len() {
        // The reader's own arithmetic (wrapping, as in a release build): a last row before the
        // first one claims four billion rows.
        let fields = match &bytes[i..i + 4] {
            [0x00, 0x02, 0x0E | 0x10, 0x00] => Some((
                u32_at(i + 4) as u32,
                u32_at(i + 8) as u32,
                u16_at(i + 12) as u32,
                u16_at(i + 14) as u32,
            )),
            [0x00, 0x02, 0x0A, 0x00] => Some((
                u16_at(i + 4) as u32,
                u16_at(i + 6) as u32,
                u16_at(i + 8) as u32,
                u16_at(i + 10) as u32,
            )),
            _ => None,
        };
        if let Some((rf, rl, cf, cl)) = fields {
            let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
            let (end_r, end_c) = if rl >= 1 && cl >= 1 {
                (rl - 1, cl - 1)
            } else {
                (rf, cf)
            };
            let rows = u64::from(end_r.wrapping_sub(rf).wrapping_add(1));
            let cols = u64::from(end_c.wrapping_sub(cf).wrapping_add(1));
            if rows.saturating_mul(cols) > MAX_CELLS {
                return Err(ReadError::Corrupt(
                    "a sheet claims more cells than a .xls can hold".into(),
                ));
            }
        }
        i += 1;
    }
    Ok(())
}

/// Refuses a zip whose contents declare an unpacked size beyond the limit (a setting, with its
/// own message), or, as a guard, unpack at a ratio no spreadsheet has, before any of it is
/// decompressed.
fn check_zip(bytes: &[u8], limits: &Limits, guards: bool) -> Result<(), ReadError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Corrupt(e.to_string()))?;
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ReadError::Corrupt(e.to_string()))?;
        unpacked = unpacked.saturating_add(entry.size());
    }
    let packed = bytes.len() as u64;
    // Spreadsheet XML compresses about 10:1; 200:1 over 64 MB is whitespace or worse.
    let bomb = guards && unpacked > 64 * 1024 * 1024 && unpacked / packed.max(1) > 200;
    if unpacked > limits.max_unzipped_bytes || bomb {
        return Err(ReadError::Unzipped {
            size: unpacked,
            limit: limits.max_unzipped_bytes,
        });
    }
    Ok(())
}

/// Returns whether bytes read as text: almost no control characters in the first 8 KB.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n'))
        .count();
    control * 100 <= head.len()
}

/// Returns the name [`foreign_kind`] gives a kind of file, as a static string.
pub(super) fn foreign_name(name: &str) -> &'static str {
    MAGIC
        .iter()
        .map(|(_, k)| *k)
        .find(|k| *k == name)
        .unwrap_or("?")
}

/// Recognises common files that are not spreadsheets by their first bytes.
fn foreign_kind(bytes: &[u8]) -> Option<&'static str> {
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, k)| *k)
}

/// First bytes of files that are not spreadsheets.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xFF\xD8\xFF", "JPEG"),
    (b"GIF8", "GIF"),
    (b"{\\rtf", "RTF"),
    (b"\x1F\x8B", "gzip"),
    (b"Rar!", "RAR"),
    (b"7z\xBC\xAF", "7-Zip"),
];

/// An OLE container holding `EncryptionInfo` is an encrypted OOXML workbook; a legacy `.xls`
/// with a `FILEPASS` record is also encrypted, and calamine reports that itself.
fn looks_encrypted(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn read_workbook(bytes: &[u8], limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| classify(e.to_string()))?;
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let max_columns = limits.max_columns;
    let formats = match book {
        Sheets::Ods(_) => super::ods::percent_cells(bytes, limits),
        Sheets::Xls(_) => super::xls::percent_cells(bytes, limits),
        _ => Default::default(),
    };
    let mut grids = Vec::new();
    for name in names {
        let (mut rows, first_row, first_col, truncated) = match &mut book {
            Sheets::Xlsx(x) => stream_xlsx(x, &name, limits)?,
            _ => {
                let range = book
                    .worksheet_range(&name)
                    .map_err(|e| classify(e.to_string()))?;
                let (first_row, first_col) = range.start().unwrap_or((0, 0));
                let width = range.width().min(max_columns as usize);
                let rows: Vec<Vec<Cell>> = range
                    .rows()
                    .map(|r| r.iter().take(width).map(convert).collect())
                    .collect();
                (rows, first_row, first_col, false)
            }
        };
        // Reading an xlsx sheet's merged areas is a second pass over it: only pay for it when
        // some row has gaps a merged cell could fill.
        if !matches!(book, Sheets::Xlsx(_)) || has_gaps(&rows) {
            let merges = merges(&mut book, &name);
            fill_merges(&mut rows, first_row, first_col, &merges);
        }
        let percent_cells = percent_cells(&mut book, &formats, &name, &rows, first_row, first_col);
        grids.push(Grid {
            sheet: Some(name),
            rows,
            first_row: first_row + 1,
            first_col,
            percent_cells,
            formats_known: matches!(book, Sheets::Xlsx(_) | Sheets::Ods(_) | Sheets::Xls(_)),
            truncated,
        });
    }
    Ok(grids)
}

/// A grid from a sheet read in one pass: merged areas filled, percentages marked.
fn xlsx_grid(sheet: super::xlsx::Sheet) -> Grid {
    let mut rows = sheet.rows;
    if !sheet.merges.is_empty() {
        fill_merges(&mut rows, 0, 0, &sheet.merges);
    }
    let percent_cells = sheet.percent;
    Grid {
        sheet: Some(sheet.name),
        rows,
        first_row: 1,
        first_col: 0,
        percent_cells,
        formats_known: true,
        truncated: sheet.truncated,
    }
}

type Streamed = (Vec<Vec<Cell>>, u32, u32, bool);

/// Reads an xlsx sheet cell by cell, placing each cell itself: calamine's own range would
/// allocate the whole rectangle a sheet claims (`A1:XFD1048576` is 17 billion cells).
/// Columns past `max_columns` are dropped; reading stops after `max_rows` rows (plus the
/// title block), and the grid says it was truncated.
fn stream_xlsx(
    x: &mut calamine::Xlsx<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Streamed, ReadError> {
    let max_row = limits
        .max_rows
        .saturating_add(super::forms::HEADER_SEARCH_ROWS as u32 + 1);
    let mut reader = x
        .worksheet_cells_reader(name)
        .map_err(|e| classify(e.to_string()))?;
    // Cells arrive row by row; rows are indexed from row 1 so no second pass is needed.
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut truncated = false;
    while let Some(cell) = reader.next_cell().map_err(|e| classify(e.to_string()))? {
        let (r, c) = cell.get_position();
        if c >= limits.max_columns {
            continue;
        }
        if r >= max_row {
            truncated = true;
            break;
        }
        let value = convert_ref(cell.get_value());
        if value == Cell::Empty {
            continue;
        }
        let (r, c) = (r as usize, c as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, Cell::Empty);
        }
        row[c] = value;
    }
    drop(reader);
    Ok((rows, 0, 0, truncated))
}

fn convert_ref(d: &calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef;
    match d {
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => convert(&Data::DateTime(*dt)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn classify(message: String) -> ReadError {
    let lower = message.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadError::Encrypted
    } else {
        ReadError::Corrupt(message)
    }
}

/// A merged area: first and last cell, 0-based (row, column), inclusive.
pub(super) type Region = ((u32, u32), (u32, u32));

fn merges(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Vec<Region> {
    let dims = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    dims.into_iter().map(|d| (d.start, d.end)).collect()
}

/// Returns whether a row with data is narrower than the sheet or has blank cells inside it.
fn has_gaps(rows: &[Vec<Cell>]) -> bool {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    rows.iter().any(|row| {
        let filled = row.iter().filter(|c| !c.is_blank()).count();
        filled >= 2 && filled < width
    })
}

/// Copies each merged area's top-left value into the rest of the area, as a reader sees it.
fn fill_merges(rows: &mut [Vec<Cell>], first_row: u32, first_col: u32, merges: &[Region]) {
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

/// Finds the percent-formatted numeric cells of a sheet, whatever their value: 0.45 in a `0%`
/// cell reads 45, and 1.5 reads 150 (which the progress reader then refuses). xlsx cells are
/// looked up in their styles (only workbooks with numbers pay for reading them), ods cells say
/// their type themselves ([`super::ods`]), `.xls` cells are looked up in the workbook's own
/// records ([`super::xls`]). Only for `.xlsb` is the progress column judged as a whole
/// (`fraction_column`).
fn percent_cells(
    book: &mut Sheets<Cursor<&[u8]>>,
    formats: &std::collections::BTreeMap<String, Vec<(u32, u32)>>,
    name: &str,
    rows: &[Vec<Cell>],
    first_row: u32,
    first_col: u32,
) -> Vec<(u32, u32)> {
    match book {
        Sheets::Ods(_) | Sheets::Xls(_) => return formats.get(name).cloned().unwrap_or_default(),
        Sheets::Xlsx(_) => {}
        _ => return Vec::new(),
    }
    let candidates = numeric_cells(rows, first_row, first_col);
    if candidates.is_empty() {
        return Vec::new();
    }
    let Sheets::Xlsx(x) = book else {
        return Vec::new();
    };
    // The style reader builds the sheet's whole rectangle; only pay for it when that is sane.
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if rows.len().saturating_mul(width) > 20_000_000 {
        return Vec::new();
    }
    let Ok(styles) = x.worksheet_style(name) else {
        return Vec::new();
    };
    candidates
        .into_iter()
        .filter(|&pos| {
            styles
                .get(pos)
                .and_then(|s| s.number_format.as_ref())
                .is_some_and(|f| f.format_code.contains('%'))
        })
        .collect()
}

/// The numeric cells of a sheet, sorted (absolute 0-based row, column).
fn numeric_cells(rows: &[Vec<Cell>], first_row: u32, first_col: u32) -> Vec<(u32, u32)> {
    let mut cells = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if matches!(cell, Cell::Number(_)) {
                cells.push((first_row + r as u32, first_col + c as u32));
            }
        }
    }
    cells
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

/// Reads a CSV file, as spreadsheet programs and exports save them: any of the encodings
/// [`decode`] knows, any of the separators [`sniff_separator`] weighs, lines ended by `\r\n`,
/// `\n` or `\r` alone (older Mac programs). Rows are numbered as a spreadsheet program shows
/// the file: one per line, blank lines included, a record whose quoted field holds line breaks
/// counted once.
fn read_csv(bytes: &[u8], max_columns: u32) -> Grid {
    let text = decode(bytes);
    let sep = sniff_separator(&text);
    let mut reader = csv_reader(&text, sep);
    let starts = line_starts(&text);
    let mut rows = Vec::new();
    let mut line_of_row = Vec::new();
    let mut record = csv::StringRecord::new();
    // Line breaks inside quoted fields so far: a spreadsheet shows such a record as one row,
    // so rows are lines less those breaks.
    let mut inner = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // The reader's own line count drifts on CRLF and skipped blank lines; count
                // from the record's first byte instead.
                let start = first_byte(&text, record.position().map_or(0, |p| p.byte() as usize));
                let mut end = (reader.position().byte() as usize).clamp(start, text.len());
                if end > 0
                    && text.as_bytes()[end - 1] == b'\r'
                    && text.as_bytes().get(end) == Some(&b'\n')
                {
                    end += 1; // the reader stops between the two bytes of a CRLF
                }
                let line = starts.partition_point(|&s| s <= start) as u32;
                line_of_row.push(line.saturating_sub(inner));
                let breaks = starts.partition_point(|&s| s <= end) - line as usize;
                let terminated = end > 0 && matches!(text.as_bytes()[end - 1], b'\n' | b'\r');
                inner += (breaks as u32).saturating_sub(u32::from(terminated));
                rows.push(
                    record
                        .iter()
                        .take(max_columns as usize)
                        .map(|s| {
                            if s.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(s.to_string())
                            }
                        })
                        .collect(),
                );
            }
            Err(_) => {
                // A record the parser cannot delimit: keep the line as one cell so the row is
                // still counted and reported.
                line_of_row.push(line_of_row.last().map_or(1, |l| l + 1));
                rows.push(vec![Cell::Text(String::from("\u{FFFD}"))]);
                if rows.len() > 10_000_000 {
                    break;
                }
            }
        }
    }
    // CSV rows are numbered by line; blank lines are skipped by the csv reader, so pad the grid
    // to keep `rows[i]` = line `i + 1`. A record is never dropped, whatever its line.
    let mut grid_rows: Vec<Vec<Cell>> = Vec::new();
    for (row, line) in rows.into_iter().zip(line_of_row) {
        let index = line.saturating_sub(1) as usize;
        while grid_rows.len() < index {
            grid_rows.push(Vec::new());
        }
        grid_rows.push(row);
    }
    Grid {
        sheet: None,
        rows: grid_rows,
        first_row: 1,
        first_col: 0,
        percent_cells: Vec::new(),
        formats_known: true,
        truncated: false,
    }
}

fn csv_reader(text: &str, sep: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes())
}

/// Returns the byte offset where each line begins; a line ends at `\r\n`, `\n` or `\r`.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        starts.push(i + 1);
    }
    starts
}

/// Returns the first byte at or after `start` that is not a line break.
fn first_byte(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() && (bytes[i] == b'\n' || bytes[i] == b'\r') {
        i += 1;
    }
    i
}

/// Decodes text bytes: by their byte order mark (UTF-8, UTF-16 LE or BE); else UTF-16 without
/// a mark when every other byte of plain text is zero; else UTF-8; else Windows-1252, which
/// Excel and LibreOffice write in Latin American locales. NUL characters are dropped.
fn decode(bytes: &[u8]) -> String {
    use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
    let (encoding, body) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (UTF_8, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (UTF_16LE, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (UTF_16BE, rest)
    } else if let Some(utf16) = unmarked_utf16(bytes) {
        (utf16, bytes)
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, bytes)
    } else {
        (WINDOWS_1252, bytes)
    };
    let text = if encoding == UTF_8 && std::str::from_utf8(body).is_err() {
        // A UTF-8 mark before bytes that are not UTF-8: the mark was wrong, not the text.
        WINDOWS_1252.decode_without_bom_handling(body).0
    } else {
        encoding.decode_without_bom_handling(body).0
    };
    if text.contains('\0') {
        text.replace('\0', "")
    } else {
        text.into_owned()
    }
}

/// Recognises UTF-16 without a byte order mark: in its first kilobytes, most bytes on one side
/// of each pair are zero and almost none on the other.
fn unmarked_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| {
        head.iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= pairs * 7 && even * 20 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 20 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Picks the separator of a CSV file, quotes honoured: the one under which one of the first
/// rows reads as the most form headers; among equals, the one that splits the first records
/// into the same number of fields most often. A narrative full of commas in a `;` file
/// changes neither.
fn sniff_separator(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b';', b',', b'\t', b'|'];
    const SAMPLE: usize = 100;
    let mut best = (b',', (0usize, 0usize, 0usize));
    for sep in CANDIDATES {
        let mut reader = csv_reader(text, sep);
        let mut record = csv::StringRecord::new();
        let mut headers = 0;
        let mut counts: Vec<usize> = Vec::new();
        while counts.len() < SAMPLE && matches!(reader.read_record(&mut record), Ok(true)) {
            if counts.len() < super::forms::HEADER_SEARCH_ROWS {
                let named = record
                    .iter()
                    .filter(|f| {
                        [
                            super::forms::FormKind::Status,
                            super::forms::FormKind::Pledges,
                        ]
                        .iter()
                        .any(|&form| super::forms::match_header(f, form).is_some())
                    })
                    .count();
                headers = headers.max(named);
            }
            counts.push(record.len());
        }
        // The most common field count above one, and how many records have it.
        let mut tally: std::collections::BTreeMap<usize, usize> = Default::default();
        for &n in counts.iter().filter(|&&n| n > 1) {
            *tally.entry(n).or_default() += 1;
        }
        let (width, consistent) = tally
            .into_iter()
            .max_by_key(|&(n, times)| (times, n))
            .unwrap_or((1, 0));
        let score = (headers, consistent, width);
        if score > best.1 {
            best = (sep, score);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_spanish_csv_in_windows_1252() {
        let bytes = b"C\xf3digo;Avance\r\nB1.2;45,5\r\n\r\nB1.3;10\r\n";
        let grids = read(bytes, "csv", &Limits::default()).unwrap();
        let g = &grids[0];
        assert_eq!(g.rows[0][0], Cell::Text("Código".into()));
        assert_eq!(g.rows[1][1], Cell::Text("45,5".into()));
        assert!(g.rows[2].is_empty());
        assert_eq!(g.rows[3][0], Cell::Text("B1.3".into()));
    }

    #[test]
    fn reads_utf8_csv_with_bom_and_commas() {
        let bytes = "\u{FEFF}Code,Status\nB1.2,\"in progress, mostly\"\n".as_bytes();
        let g = &read(bytes, "csv", &Limits::default()).unwrap()[0];
        assert_eq!(g.rows[0][0], Cell::Text("Code".into()));
        assert_eq!(g.rows[1][1], Cell::Text("in progress, mostly".into()));
    }

    fn csv_rows(bytes: &[u8]) -> Vec<Vec<Cell>> {
        read(bytes, "csv", &Limits::default())
            .unwrap()
            .remove(0)
            .rows
    }

    #[test]
    fn the_separator_comes_from_the_header_not_the_busiest_line() {
        let narrative = "Se hizo a, b, c, d, e, f, g, h, i, j, k, l y m, con todos";
        let text = format!("Código;Periodo;Agencia;Estado\nB1.2;2024-03;OIM;{narrative}\n");
        let rows = csv_rows(text.as_bytes());
        assert_eq!(rows[0].len(), 4);
        assert_eq!(rows[1][3], Cell::Text(narrative.into()));
        // Without a header, the count of fields that repeats line after line decides.
        let rows = csv_rows(b"a,b;c,d\ne,f;g,h\ni,j;k,l\n");
        assert_eq!(rows[0].len(), 3);
        let rows = csv_rows(b"Code\tStatus\nB1.2\t\"done, mostly\"\n");
        assert_eq!(rows[1][1], Cell::Text("done, mostly".into()));
    }

    #[test]
    fn every_line_end_keeps_its_rows() {
        for end in ["\r\n", "\n", "\r"] {
            let text = [
                "Código;Estado",
                "B1.2;en curso",
                "",
                "B1.3;\"dos\rlíneas\"",
                "B1.4;x",
            ]
            .join(end);
            let rows = csv_rows(text.as_bytes());
            assert_eq!(rows.len(), 5, "{end:?}: {rows:?}");
            assert_eq!(rows[1][0], Cell::Text("B1.2".into()), "{end:?}");
            assert!(rows[2].is_empty(), "{end:?}");
            assert_eq!(rows[3][0], Cell::Text("B1.3".into()), "{end:?}");
            assert_eq!(rows[4][0], Cell::Text("B1.4".into()), "{end:?}");
        }
    }

    #[test]
    fn utf16_with_or_without_its_mark_and_utf8_are_read() {
        let text = "Código;Estado\r\nB1.2;en curso\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [
            [&b"\xFF\xFE"[..], &le].concat(),
            [&b"\xFE\xFF"[..], &be].concat(),
            le.clone(),
            be.clone(),
            text.as_bytes().to_vec(),
            [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        ] {
            let rows = csv_rows(&bytes);
            assert_eq!(rows[0][0], Cell::Text("Código".into()), "{bytes:?}");
            assert_eq!(rows[1][1], Cell::Text("en curso".into()));
        }
    }

    #[test]
    fn refuses_an_ole_header_with_an_impossible_sector_size() {
        let mut bytes = vec![0u8; 1024];
        bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        bytes[26] = 3;
        bytes[30] = 36; // 2^36-byte sectors
        bytes[32] = 6;
        assert!(matches!(
            read(&bytes, "xls", &Limits::default()).unwrap_err(),
            ReadError::Corrupt(_)
        ));
    }

    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out);
            } else if p
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("xlsx") || x.eq_ignore_ascii_case("xlsm"))
            {
                out.push(p);
            }
        }
    }
    /// Whether calamine can be handed a workbook in this process: one whose shared strings
    /// claim billions of entries makes it reserve them all (the worker path bounds that).
    fn calamine_affords(bytes: &[u8]) -> bool {
        use std::io::Read;
        let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return true;
        };
        let Ok(sst) = zip.by_name("xl/sharedStrings.xml") else {
            return true;
        };
        let mut head = String::new();
        let _ = sst.take(1024).read_to_string(&mut head);
        let count = head
            .split("uniqueCount=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|n| n.parse::<u64>().ok());
        count.is_none_or(|n| n < 10_000_000)
    }

    fn trimmed(rows: &[Vec<Cell>]) -> Vec<Vec<Cell>> {
        let mut rows: Vec<Vec<Cell>> = rows
            .iter()
            .map(|r| {
                let end = r
                    .iter()
                    .rposition(|c| *c != Cell::Empty)
                    .map_or(0, |i| i + 1);
                r[..end].to_vec()
            })
            .collect();
        while rows.last().is_some_and(Vec::is_empty) {
            rows.pop();
        }
        rows
    }
    /// Asserts that two readings of a workbook agree, calamine's merged areas filled as the
    /// one-pass reader fills them.
    fn assert_same(bytes: &[u8], ours: Vec<Grid>, theirs: Vec<Grid>, what: &str) {
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(ours.len(), theirs.len(), "{what}");
        for (o, mut t) in ours.into_iter().zip(theirs) {
            let name = t.sheet.clone().unwrap();
            fill_merges(&mut t.rows, 0, 0, &merges(&mut book, &name));
            assert_eq!(o.sheet, t.sheet, "{what}");
            assert_eq!(trimmed(&o.rows), trimmed(&t.rows), "{what} {name}");
            assert_eq!(o.percent_cells, t.percent_cells, "{what} {name}");
            assert_eq!(o.truncated, t.truncated, "{what} {name}");
        }
    }

    /// Mutates the XML inside committed workbooks (mutating the compressed bytes mostly fails
    /// their checksums) and reads each result through both readers: the one-pass reader may
    /// not panic, and when both read a workbook they must agree. `SEGUIMIENTO_FUZZ_ITERATIONS`
    /// sets how many (`make fuzz`).
    #[test]
    fn both_readers_agree_on_mutated_workbook_xml() {
        use std::io::{Read, Write};
        const TOKENS: &[&str] = &[
            "<c r=\"XFD1048576\"><v>1</v></c>",
            "<c t=\"s\"><v>99999</v></c>",
            "<c t=\"e\"><v>#SPILL!</v></c>",
            "<c t=\"b\"><v>2</v></c>",
            "<c r=\"A1\" t=\"inlineStr\"><is><r><t>a</t></r><rPh><t>x</t></rPh></is></c>",
            "<mergeCell ref=\"A1:XFD1048576\"/>",
            "<row r=\"0\">",
            "</row>",
            "&#0;",
            "&unknown;",
            "_xD800_",
            "<![CDATA[x]]>",
            " s=\"4294967296\"",
            "<v>",
            "</c>",
        ];
        let iterations: usize = std::env::var("SEGUIMIENTO_FUZZ_ITERATIONS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(300);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        files(&root.join("tests/fixtures"), &mut paths);
        paths.sort();
        let mut seeds: Vec<Vec<(String, Vec<u8>)>> = Vec::new();
        for p in &paths {
            let bytes = std::fs::read(p).unwrap();
            if !calamine_affords(&bytes) {
                continue; // a lying shared-strings count, for the worker path
            }
            let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(&bytes[..])) else {
                continue; // the damaged fixtures
            };
            let entries = (0..zip.len())
                .filter_map(|i| {
                    let mut f = zip.by_index(i).ok()?;
                    let mut data = Vec::new();
                    f.read_to_end(&mut data).ok()?;
                    Some((f.name().ok()?.to_string(), data))
                })
                .collect();
            seeds.push(entries);
        }
        let mut state = 0x5EED_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n.max(1) as u64) as usize
        };
        let limits = Limits::default();
        let (mut compared, mut read) = (0, 0);
        for i in 0..iterations {
            let mut entries = seeds[i % seeds.len()].clone();
            let xml: Vec<usize> = (0..entries.len())
                .filter(|&e| entries[e].0.ends_with(".xml") || entries[e].0.ends_with(".rels"))
                .collect();
            for _ in 0..1 + next(4) {
                let e = xml[next(xml.len())];
                let data = &mut entries[e].1;
                if data.is_empty() {
                    continue;
                }
                let at = next(data.len());
                match next(4) {
                    0 => data[at] ^= 1 << next(8),
                    1 => data.truncate(at.max(1)),
                    2 => {
                        data.remove(at);
                    }
                    _ => {
                        let token = TOKENS[next(TOKENS.len())].as_bytes();
                        data.splice(at..at, token.iter().copied());
                    }
                }
            }
            let mut bytes = Vec::new();
            {
                let mut w = zip::ZipWriter::new(Cursor::new(&mut bytes));
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Stored);
                for (name, data) in &entries {
                    w.start_file(name.as_str(), options).unwrap();
                    w.write_all(data).unwrap();
                }
                w.finish().unwrap();
            }
            if let Some(dump) = std::env::var_os("SEGUIMIENTO_FUZZ_DUMP") {
                // Keeps the input being read, so a failure can be replayed.
                std::fs::write(&dump, &bytes).unwrap();
            }
            let Ok(ours) = super::super::xlsx::read(&bytes, &limits) else {
                continue;
            };
            read += 1;
            let ours: Vec<Grid> = ours.into_iter().map(xlsx_grid).collect();
            let theirs = std::panic::catch_unwind(|| read_workbook(&bytes, &limits));
            if let Ok(Ok(theirs)) = theirs {
                let what = format!("mutation {i} of seed {}", i % seeds.len());
                assert_same(&bytes, ours, theirs, &what);
                compared += 1;
            }
        }
        assert!(
            read > iterations / 10,
            "only {read} of {iterations} mutations were read"
        );
        eprintln!("{iterations} mutations: {read} read, {compared} compared with calamine");
    }

    /// Every committed xlsx (fixtures from five producers, the sample inputs, the hostile and
    /// fuzzing files) reads the same through the one-pass reader as through calamine.
    #[test]
    fn the_one_pass_reader_reads_every_committed_workbook_as_calamine_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        for dir in [
            "tests/fixtures",
            "tests/hostile",
            "tests/fuzz-corpus",
            "inputs",
        ] {
            files(&root.join(dir), &mut paths);
        }
        paths.sort();
        let limits = Limits::default();
        let (mut same, mut handed_back) = (0, Vec::new());
        for path in &paths {
            let bytes = std::fs::read(path).unwrap();
            if check_zip(&bytes, &limits, true).is_err() || !calamine_affords(&bytes) {
                continue;
            }
            if let Some(dump) = std::env::var_os("SEGUIMIENTO_FUZZ_DUMP") {
                // Keeps the input being read, so a failure can be replayed.
                std::fs::write(&dump, &bytes).unwrap();
            }
            let Ok(ours) = super::super::xlsx::read(&bytes, &limits) else {
                handed_back.push(path.clone());
                continue;
            };
            let ours: Vec<Grid> = ours.into_iter().map(xlsx_grid).collect();
            let theirs = read_workbook(&bytes, &limits).unwrap_or_else(|e| {
                panic!(
                    "{}: calamine cannot read what the one-pass reader read: {e:?}",
                    path.display()
                )
            });
            assert_same(&bytes, ours, theirs, &path.display().to_string());
            same += 1;
        }
        assert!(same >= 60, "only {same} workbooks compared");
        let sample = handed_back
            .iter()
            .filter(|p| p.starts_with(root.join("inputs")))
            .count();
        assert_eq!(
            sample, 0,
            "sample workbooks handed back to calamine: {handed_back:?}"
        );
    }

    #[test]
    fn refuses_what_is_not_a_spreadsheet() {
        assert_eq!(
            read(b"", "xlsx", &Limits::default()).unwrap_err(),
            ReadError::Empty
        );
        assert_eq!(
            read(b"%PDF-1.7 ...", "xlsx", &Limits::default()).unwrap_err(),
            ReadError::NotASpreadsheet("PDF")
        );
        assert!(matches!(
            read(b"PK\x03\x04garbage", "xlsx", &Limits::default()).unwrap_err(),
            ReadError::Corrupt(_)
        ));
    }
}
