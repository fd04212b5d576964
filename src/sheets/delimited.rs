//! Reads delimited text (CSV, TSV) as spreadsheet programs and exports save it: its encoding,
//! separator and line ends found from the bytes.

use super::grid::{Cell, Grid};
use super::Headers;

/// Reads a CSV file, as spreadsheet programs and exports save them: any of the encodings
/// [`decode`] knows, any of the separators [`sniff_separator`] weighs, lines ended by `\r\n`,
/// `\n` or `\r` alone (older Mac programs). Rows are numbered as a spreadsheet program shows
/// the file: one per line, blank lines included, a record whose quoted field holds line breaks
/// counted once.
pub(super) fn read(bytes: &[u8], max_columns: u32, headers: Headers) -> Grid {
    let text = decode(bytes);
    let sep = sniff_separator(&text, headers);
    let mut reader = csv_reader(&text, sep);
    let starts = line_starts(&text);
    let mut rows = Vec::new();
    let mut line_of_row = Vec::new();
    let mut record = csv::StringRecord::new();
    // Line breaks inside quoted fields so far: a spreadsheet shows such a record as one row,
    // so rows are lines less those breaks.
    let mut inner = 0u32;
    let mut columns_cut = false;
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
                columns_cut |= record
                    .iter()
                    .skip(max_columns as usize)
                    .any(|s| !s.is_empty());
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
        columns_cut,
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
/// rows reads as the most header words (`is_header`); among equals, the one that splits the first records
/// into the same number of fields most often. A narrative full of commas in a `;` file
/// changes neither.
fn sniff_separator(text: &str, is_header: Headers) -> u8 {
    const CANDIDATES: [u8; 4] = [b';', b',', b'\t', b'|'];
    const SAMPLE: usize = 100;
    let mut best = (b',', (0usize, 0usize, 0usize));
    for sep in CANDIDATES {
        let mut reader = csv_reader(text, sep);
        let mut record = csv::StringRecord::new();
        let mut headers = 0;
        let mut counts: Vec<usize> = Vec::new();
        while counts.len() < SAMPLE && matches!(reader.read_record(&mut record), Ok(true)) {
            if counts.len() < super::HEADER_ROWS {
                let named = record.iter().filter(|f| is_header(f)).count();
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
