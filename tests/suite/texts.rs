//! What a person reads in the files a run writes: the text of a workbook, of a Word document,
//! the files of a folder. Shared by the tests that look for words that must not be there.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

/// The text of a Word document's body, header and footer, and its pictures' alternative
/// texts: the XML with its tags taken out, the alternative texts put back.
pub(crate) fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    for part in ["word/document.xml", "word/header1.xml", "word/footer1.xml"] {
        let mut xml = String::new();
        zip.by_name(part).unwrap().read_to_string(&mut xml).unwrap();
        let mut in_tag = false;
        for piece in xml.split_inclusive(['<', '>']) {
            if let Some(alt) = piece.split(" descr=\"").nth(1) {
                out.push_str(alt.split('"').next().unwrap_or_default());
            }
            if !in_tag {
                out.push_str(piece.trim_end_matches('<'));
            }
            in_tag = piece.ends_with('<');
        }
    }
    out
}

/// Every cell of every sheet of a workbook, as text.
pub(crate) fn workbook_text(bytes: &[u8]) -> String {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = String::new();
    for name in wb.sheet_names() {
        out.push_str(&name);
        out.push('\n');
        let range = wb.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                match cell {
                    Data::Empty => {}
                    Data::String(s) => out.push_str(s),
                    other => out.push_str(&other.to_string()),
                }
                out.push('\t');
            }
            out.push('\n');
        }
    }
    out
}

/// Every file under `dir`, in order.
pub(crate) fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// One part of a zip package (a Word document's `word/document.xml`), as text.
pub(crate) fn part(bytes: &[u8], name: &str) -> String {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}
