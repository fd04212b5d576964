//! CSV for people and CSV for programs: what every CSV the outputs write shares. The findings
//! CSV is for a spreadsheet in the reader's locale ([`spreadsheet_csv`]); the open-data CSV is
//! for data tools. Both put every text through [`csv_safe`], so no cell becomes a formula.

use crate::i18n::Lang;

/// Makes a text safe for a CSV cell: one that a spreadsheet would read as a formula gets a
/// leading apostrophe.
pub fn csv_safe(s: &str) -> String {
    match s.chars().next() {
        Some(
            '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}',
        ) => {
            format!("'{s}")
        }
        _ => s.to_string(),
    }
}

/// The byte-order mark that starts the spreadsheet CSV files: Excel reads a CSV without it in
/// the computer's legacy code page (Windows-1252 in Latin America), which garbles every accent.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Returns the field separator of the spreadsheet CSV in `lang`, from its row: Excel set to a
/// locale whose decimal mark is the comma uses `;` as its list separator and opens a
/// comma-separated file as one column.
pub fn csv_separator(lang: Lang) -> u8 {
    lang.row().csv_separator
}

/// Starts a CSV for a spreadsheet program in `lang`: the UTF-8 byte-order mark, then records
/// separated by [`csv_separator`], every field that needs it quoted, lines ending in CRLF
/// (what Excel writes and reads best).
pub fn spreadsheet_csv(lang: Lang) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(csv_separator(lang))
        .terminator(csv::Terminator::CRLF)
        .from_writer(UTF8_BOM.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_cannot_reach_a_spreadsheet() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("+1"), "'+1");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("en curso"), "en curso");
    }
}
