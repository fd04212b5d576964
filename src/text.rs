//! Text folding for matching what people type against what the tool knows, and wrapping for
//! the terminal.
//!
//! Headers, statuses, agency names and month names all arrive with stray case, accents,
//! non-breaking spaces and doubled spaces. Every comparison goes through [`fold`], so the
//! rules live in one place. This module never changes text that is shown to a reader.
//!
//! Text is Unicode-normalised (canonical decomposition) before it is folded, so an accent
//! written as its own mark (`Co\u{301}digo`, as macOS and some web exports write it) folds as
//! the composed letter does. Compatibility forms (full-width digits) are left as they are: they
//! do not show the plain spelling, and dates and codes written with them are not read.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds text for comparison: normalised (NFD), lowercase, accents removed, any run of white
/// space (including non-breaking and zero-width spaces) collapsed to one ASCII space, trimmed.
pub fn fold(s: &str) -> String {
    // Most text is plain ASCII without runs of spaces: fold it without walking chars.
    let b = s.as_bytes();
    if b.iter()
        .all(|&c| (c.is_ascii_graphic() && c != b'`') || c == b' ')
        && !s.contains("  ")
        && !s.starts_with(' ')
        && !s.ends_with(' ')
    {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00A0}' | '\u{202F}') {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        for l in c.to_lowercase() {
            out.push(strip_accent(l));
        }
    }
    out
}

/// Folds text and also drops hyphens, dots, slashes and spaces, for codes and acronyms
/// (`ONU-Hábitat`, `UN Habitat` and `unhabitat` all fold to `onuhabitat`/`unhabitat`).
pub fn fold_compact(s: &str) -> String {
    fold(s)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '_' | '/' | '–' | '—'))
        .collect()
}

/// Maps a lowercase accented Latin letter to its base letter.
fn strip_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        '’' | '‘' | '´' | '`' => '\'',
        '“' | '”' => '"',
        other => other,
    }
}

/// Wraps `text` to `width` columns, each line after the first indented by `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if line_len > 0 && line_len + 1 + w > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line_len = indent;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        } else {
            line_len = indent;
        }
        out.push_str(word);
        line_len += w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_spaces() {
        assert_eq!(
            fold("  Fecha de\u{00A0}Realización "),
            "fecha de realizacion"
        );
        assert_eq!(fold("AÑO"), "ano");
        assert_eq!(fold_compact("ONU-Hábitat"), "onuhabitat");
        assert_eq!(fold_compact("UN Women"), "unwomen");
        // Decomposed accents (NFD), composed ones and compatibility forms fold alike.
        assert_eq!(fold("Co\u{301}digo"), "codigo");
        assert_eq!(fold("C\u{d3}DIGO"), "codigo");
        assert_eq!(fold("En\u{a0}curso"), fold("en curso"));
        assert_eq!(fold("A\u{303}no\u{303}"), "ano");
    }
}
