//! Activity codes as people type them: `B1.2`, `b 1.2`, `T-3.1`, `GOV 2.03`, a bare `1.2`.
//!
//! Nothing here knows a particular plan. A code is read as its letters (a priority group's
//! prefix, possibly none) followed by its numbers, and the plan in force says which of those
//! keys are its activities ([`crate::plan::Plan::read_code`]). The key ignores case, leading
//! zeros and the separators people put between the parts, so `b-01.2` finds `B1.2`.

use crate::text::fold;

/// A code reduced to what identifies it: the prefix letters, upper-cased, and the numbers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodeKey {
    /// The letters before the first number (`B`, `GOV`), upper-cased without accents; empty
    /// when the code has none.
    pub prefix: String,
    /// The numbers, in order (`[1, 2]` for `B1.2`).
    pub numbers: Vec<u32>,
}

/// The largest number a code part may have.
const MAX_PART: u32 = 9999;
/// The most numbers a code may have (`1.2.3.4`).
const MAX_PARTS: usize = 4;

/// Returns true for the characters people put between the parts of a code.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ',' | '-' | '‐' | '‑' | '–' | '—' | '_' | '/' | '\u{200B}' | '\u{FEFF}'
        )
}

/// Reads a code written with any case and any separators into its key; `None` when the text is
/// not letters followed by numbers (`Actividad 1` has letters after a space, `B1.x` a letter
/// after the numbers).
pub fn key(s: &str) -> Option<CodeKey> {
    let s = s.trim_matches(is_separator);
    let letters_end = s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
    let prefix: String = fold(&s[..letters_end])
        .chars()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .collect::<String>()
        .to_uppercase();
    if !prefix.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let rest = &s[letters_end..];
    // One separator may sit between the prefix and the numbers (`T-3.1`, `b 1.2`).
    let rest = rest.strip_prefix(is_separator).unwrap_or(rest);
    let mut numbers = Vec::new();
    for part in rest.split(is_separator) {
        if part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()) || part.len() > 6 {
            return None;
        }
        let n: u32 = part.parse().ok()?;
        if n == 0 || n > MAX_PART {
            return None;
        }
        numbers.push(n);
    }
    if numbers.is_empty() || numbers.len() > MAX_PARTS {
        return None;
    }
    Some(CodeKey { prefix, numbers })
}

/// What a cell meant as an activity code of the plan in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedCode {
    /// A code of the plan, as the plan writes it (`B1.2`).
    Code(String),
    /// A code in the plan's scheme that the plan does not have (`B5.1`).
    Unknown,
    /// Numbers without a prefix, which several groups of the plan use: the codes it could be.
    Ambiguous(Vec<String>),
    /// Not an activity code of the plan's scheme at all.
    Invalid,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(prefix: &str, numbers: &[u32]) -> Option<CodeKey> {
        Some(CodeKey {
            prefix: prefix.into(),
            numbers: numbers.to_vec(),
        })
    }

    #[test]
    fn reads_codes_as_typed() {
        for (typed, want) in [
            ("B1.2", k("B", &[1, 2])),
            ("b 1.2", k("B", &[1, 2])),
            ("T-3.1", k("T", &[3, 1])),
            (" t3.1\u{a0}", k("T", &[3, 1])),
            ("B-01.06", k("B", &[1, 6])),
            ("B1,2", k("B", &[1, 2])),
            ("1.2", k("", &[1, 2])),
            (" 3.4 ", k("", &[3, 4])),
            ("GOV 2.03", k("GOV", &[2, 3])),
            ("pr-1-4", k("PR", &[1, 4])),
            ("1.2.3", k("", &[1, 2, 3])),
            ("A7", k("A", &[7])),
        ] {
            assert_eq!(key(typed), want, "{typed}");
        }
        for bad in [
            "",
            "X",
            "B",
            "B1.x",
            "B0.1",
            "B1..2",
            "1.2.3.4.5",
            "B99999.1",
            "Б1.2",
            "#1.2",
        ] {
            assert_eq!(key(bad), None, "{bad:?}");
        }
    }
}
