//! Reads any spreadsheet file into plain grids of cells: the one dispatch over the per-format
//! readers (as calamine's `auto.rs`), by what the bytes are, not by the file's name.
//!
//! xlsx workbooks go through the one-pass reader of [`super::xlsx`], and what it does not follow
//! (and `.xls`, `.xlsb`, `.ods`) through calamine ([`super::workbook`]), whatever tool wrote
//! them (Excel, LibreOffice, Google Sheets, Python writers); text goes through
//! [`super::delimited`]. This module never panics on a file's contents: anything it cannot read
//! becomes a [`ReadError`]. It runs in a reading worker (`super::worker`), or in process for a
//! library user.

use std::io::Cursor;

use super::document::{Document, Package};
use super::grid::{Grid, ReadError};
use super::mail::{Found, Mail};
use super::{delimited, docx, eml, markdown, msg, odt, workbook};
use super::{Headers, Limits};

/// Reads every sheet of a file in this process, given its bytes and its extension (lowercase,
/// no dot), behind the guards that keep known lying counts from aborting it
/// ([`read_here`] with guards).
pub fn read(
    bytes: &[u8],
    ext: &str,
    limits: &Limits,
    headers: Headers,
) -> Result<Vec<Grid>, ReadError> {
    read_here(bytes, ext, limits, headers, true)
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
    headers: Headers,
    guards: bool,
) -> Result<Vec<Grid>, ReadError> {
    std::panic::catch_unwind(|| read_unguarded(bytes, ext, limits, headers, guards)).unwrap_or_else(
        |_| {
            Err(ReadError::Corrupt(
                "the workbook reader failed on this file".into(),
            ))
        },
    )
}

fn read_unguarded(
    bytes: &[u8],
    ext: &str,
    limits: &Limits,
    headers: Headers,
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
            return Ok(sheets.into_iter().map(workbook::xlsx_grid).collect());
        }
        if guards {
            check_shared_strings(bytes, limits)?;
        }
    }
    if is_zip || is_ole {
        return workbook::read(bytes, limits);
    }
    if matches!(ext, "xlsx" | "xlsm" | "xlsb" | "ods" | "xls") && !looks_like_text(bytes) {
        // Some tools save CSV or HTML under a workbook name; anything else is damaged.
        return Err(ReadError::Corrupt("not a zip or OLE container".into()));
    }
    Ok(vec![delimited::read(bytes, max_columns, headers)])
}

/// Reads an e-mail in this process, given its bytes and its extension (`eml` or `msg`; an
/// Outlook message is told by its bytes too): its headers and its attachments, those of the
/// messages it forwards included, within the limits of one e-mail. A reader that panics is
/// caught here, as for a workbook.
pub fn read_mail(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Mail, ReadError> {
    std::panic::catch_unwind(|| read_mail_unguarded(bytes, ext, limits)).unwrap_or_else(|_| {
        Err(ReadError::Corrupt(
            "the e-mail reader failed on this file".into(),
        ))
    })
}

fn read_mail_unguarded(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Mail, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if let Some(kind) = foreign_kind(bytes) {
        return Err(ReadError::NotASpreadsheet(kind));
    }
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let mut found = Found::new(limits);
    if is_ole {
        msg::read(bytes, 0, &mut found)?;
    } else if ext == "msg" || bytes.starts_with(b"PK\x03\x04") {
        return Err(ReadError::Corrupt("not an e-mail".into()));
    } else {
        eml::read(bytes, 0, &mut found)?;
    }
    // Messages of the other format found inside, each read by its own reader; one that cannot
    // be read is left as it is (its attachments unknown), the others still read.
    while let Some(nested) = found.nested.pop() {
        let read = if nested.outlook { msg::read } else { eml::read };
        let _ = read(&nested.bytes, nested.depth, &mut found);
    }
    Ok(found.mail)
}

/// Reads a word-processing document (`.docx`, or `.odt`: an OpenDocument package is known by
/// its `mimetype` entry whatever its name; or Markdown, `.md`) into its model, in this process. `ext` is the
/// file's extension (lowercase, no dot). A panic of a dependency is caught as a damaged file.
pub fn read_document(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Document, ReadError> {
    std::panic::catch_unwind(|| document_unguarded(bytes, ext, limits)).unwrap_or_else(|_| {
        Err(ReadError::Corrupt(
            "the document reader failed on this file".into(),
        ))
    })
}

fn document_unguarded(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Document, ReadError> {
    if ext == "md" {
        return markdown::read(bytes, limits);
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // An encrypted `.docx` (which Word wraps in an OLE container), or a legacy `.doc`.
        return Err(if looks_encrypted(bytes) {
            ReadError::Encrypted
        } else {
            ReadError::Corrupt("a Word 97-2003 document (.doc), not a .docx".into())
        });
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(ReadError::Corrupt("not a zip container".into()));
    }
    let mut package = Package::open(bytes, limits)?;
    let opendocument = package
        .part("mimetype")
        .is_some_and(|m| m.starts_with(b"application/vnd.oasis.opendocument.text"));
    if opendocument || (ext == "odt" && package.part("content.xml").is_some()) {
        return odt::read(&mut package, limits);
    }
    docx::read(&mut package, limits)
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

/// Refuses, before calamine sees it, a workbook whose shared-strings part claims more entries
/// than the reading memory holds: calamine reserves them all at once (a 1 KB file claiming
/// four billion asks for 96 GB). A worker needs no such check: its memory limit ends it, with
/// the same finding.
fn check_shared_strings(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    for name in names {
        if !name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            continue;
        }
        let Ok(entry) = zip.by_name(&name) else {
            continue;
        };
        let mut head = Vec::new();
        let _ = entry.take(4096).read_to_end(&mut head);
        let head = String::from_utf8_lossy(&head);
        let claimed = head
            .split("uniqueCount=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|n| n.trim().parse::<u64>().ok())
            .unwrap_or(0);
        // calamine keeps each string in 24 bytes before its text.
        if claimed.saturating_mul(24) > limits.max_reader_memory_bytes {
            return Err(ReadError::Limit {
                setting: "max_reader_memory_bytes",
                value: limits.max_reader_memory_bytes,
            });
        }
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

/// The two xlsx readers, side by side for comparison (`make bench`, the tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XlsxReader {
    /// [`super::xlsx`]: values, formats and merged areas in one pass of its own.
    OnePass,
    /// calamine's cell reader, values and style ids in one pass, merged areas in another
    /// when some row has gaps.
    Calamine,
}

/// Reads an xlsx workbook's sheets with the reader given, in this process.
pub fn read_xlsx_with(
    reader: XlsxReader,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Vec<Grid>, ReadError> {
    match reader {
        XlsxReader::OnePass => super::xlsx::read(bytes, limits)
            .map(|sheets| sheets.into_iter().map(workbook::xlsx_grid).collect())
            .map_err(|_| ReadError::Corrupt("handed back to calamine".into())),
        XlsxReader::Calamine => workbook::read(bytes, limits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header words of a form with a code and a progress column.
    const HEADERS: Headers = |s| {
        matches!(
            crate::text::fold(s).as_str(),
            "codigo" | "avance" | "code" | "progress"
        )
    };
    use crate::sheets::grid::{fill_merges, Cell};
    use crate::sheets::workbook::{merges, read as read_workbook, xlsx_grid};

    #[test]
    fn reads_spanish_csv_in_windows_1252() {
        let bytes = b"C\xf3digo;Avance\r\nB1.2;45,5\r\n\r\nB1.3;10\r\n";
        let grids = read(bytes, "csv", &Limits::default(), HEADERS).unwrap();
        let g = &grids[0];
        assert_eq!(g.rows[0][0], Cell::Text("Código".into()));
        assert_eq!(g.rows[1][1], Cell::Text("45,5".into()));
        assert!(g.rows[2].is_empty());
        assert_eq!(g.rows[3][0], Cell::Text("B1.3".into()));
    }

    #[test]
    fn reads_utf8_csv_with_bom_and_commas() {
        let bytes = "\u{FEFF}Code,Status\nB1.2,\"in progress, mostly\"\n".as_bytes();
        let g = &read(bytes, "csv", &Limits::default(), HEADERS).unwrap()[0];
        assert_eq!(g.rows[0][0], Cell::Text("Code".into()));
        assert_eq!(g.rows[1][1], Cell::Text("in progress, mostly".into()));
    }

    fn csv_rows(bytes: &[u8]) -> Vec<Vec<Cell>> {
        read(bytes, "csv", &Limits::default(), HEADERS)
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
            read(&bytes, "xls", &Limits::default(), HEADERS).unwrap_err(),
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
        check_shared_strings(bytes, &Limits::default()).is_ok()
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
            let Ok(ours) = crate::sheets::xlsx::read(&bytes, &limits) else {
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
            let Ok(ours) = crate::sheets::xlsx::read(&bytes, &limits) else {
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
    fn a_lying_shared_strings_count_is_read_in_one_pass_and_kept_from_calamine() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let bytes =
            std::fs::read(root.join("tests/fixtures/robustness/status/lying-sst.xlsx")).unwrap();
        let limits = Limits::default();
        let grids = read(&bytes, "xlsx", &limits, HEADERS).unwrap();
        assert_eq!(grids[0].rows.len(), 4);
        assert_eq!(
            check_shared_strings(&bytes, &limits),
            Err(ReadError::Limit {
                setting: "max_reader_memory_bytes",
                value: limits.max_reader_memory_bytes
            })
        );
    }

    #[test]
    fn refuses_what_is_not_a_spreadsheet() {
        assert_eq!(
            read(b"", "xlsx", &Limits::default(), HEADERS).unwrap_err(),
            ReadError::Empty
        );
        assert_eq!(
            read(b"%PDF-1.7 ...", "xlsx", &Limits::default(), HEADERS).unwrap_err(),
            ReadError::NotASpreadsheet("PDF")
        );
        assert!(matches!(
            read(b"PK\x03\x04garbage", "xlsx", &Limits::default(), HEADERS).unwrap_err(),
            ReadError::Corrupt(_)
        ));
    }
}
