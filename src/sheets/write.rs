//! What every workbook the outputs write shares: Excel's limits, the fixed creation time, the
//! document properties, column letters, and the run's error for a workbook that cannot be
//! written, with its hint.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_xlsxwriter::{DocProperties, XlsxError};

use crate::error::Error;

/// The most UTF-16 units an Excel cell holds.
pub const MAX_CELL_TEXT: usize = 32_767;

/// Clips a text to what an Excel cell holds.
pub fn clip(s: &str) -> &str {
    // A UTF-8 text has at least as many bytes as UTF-16 units: most texts need no count.
    if s.len() <= MAX_CELL_TEXT {
        return s;
    }
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_TEXT {
            return &s[..i];
        }
    }
    s
}

/// Returns the fixed creation time of workbooks made for `as_of`: noon UTC of that day, so the
/// same inputs give the same bytes.
pub fn creation_time(as_of: NaiveDate) -> NaiveDateTime {
    as_of.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
}

/// What a workbook says of itself in its document properties; a field left `None` is not
/// written.
#[derive(Default)]
pub struct Properties<'a> {
    /// The title.
    pub title: &'a str,
    /// The author (the network).
    pub author: &'a str,
    /// The company, when the workbook names one.
    pub company: Option<&'a str>,
    /// The subject.
    pub subject: Option<&'a str>,
    /// The category.
    pub category: Option<&'a str>,
    /// The keywords.
    pub keywords: Option<&'a str>,
    /// The comment.
    pub comment: Option<&'a str>,
}

impl Properties<'_> {
    /// Builds the workbook library's properties, created at noon of `day`.
    pub fn build(&self, day: NaiveDate) -> DocProperties {
        let mut p = DocProperties::new()
            .set_title(self.title)
            .set_author(self.author);
        type Set = fn(DocProperties, &str) -> DocProperties;
        let optional: [(Option<&str>, Set); 5] = [
            (self.subject, |p, v| p.set_subject(v)),
            (self.company, |p, v| p.set_company(v)),
            (self.category, |p, v| p.set_category(v)),
            (self.keywords, |p, v| p.set_keywords(v)),
            (self.comment, |p, v| p.set_comment(v)),
        ];
        for (value, set) in optional {
            if let Some(v) = value {
                p = set(p, v);
            }
        }
        p.set_creation_datetime(&creation_time(day))
    }
}

/// Returns the spreadsheet letters of a 0-based column index (0 → `A`, 27 → `AB`).
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Wraps a workbook library error into the run's error, naming the file; a temporary folder
/// that cannot be written gets the hint to set `TMPDIR`.
pub fn error(file: &str, e: XlsxError) -> Error {
    let hint = match &e {
        XlsxError::TempFileError(dir, _) => Some(dir.display().to_string()),
        _ => None,
    };
    let error = Error::new("xlsx.error", &[("file", &file)]).cause(e);
    match hint {
        Some(dir) => error.hint("hint.tempdir", &[("dir", &dir)]),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(16_383), "XFD");
    }

    #[test]
    fn clips_to_an_excel_cell() {
        let long = "é".repeat(MAX_CELL_TEXT + 10);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_TEXT);
        assert_eq!(clip("corto"), "corto");
    }
}
