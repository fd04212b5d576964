//! Activity codes as people type them: `B1.2`, `b 1.2`, `T-3.1`, and the ambiguous bare `1.2`.

use crate::text::fold_compact;

/// What a cell meant as an activity code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedCode {
    /// A well-formed code, normalised (`B1.2`).
    Code(String),
    /// A bare number that could be core or thematic (`1.2`).
    Ambiguous(String),
    /// Not an activity code at all.
    Invalid,
}

/// Reads an activity code written with any case and an optional space or hyphen.
pub fn parse(s: &str) -> ParsedCode {
    let compact = fold_compact(s);
    let (prefix, rest) = match compact.chars().next() {
        Some(c @ ('b' | 't')) => (Some(c.to_ascii_uppercase()), &compact[1..]),
        _ => (None, compact.as_str()),
    };
    // fold_compact drops dots; read the numbers from the original text instead.
    let digits: Vec<&str> = s
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .split(['.', ','])
        .map(str::trim)
        .collect();
    if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit()) || digits.len() != 2 {
        return ParsedCode::Invalid;
    }
    let (Ok(major), Ok(minor)) = (digits[0].parse::<u32>(), digits[1].parse::<u32>()) else {
        return ParsedCode::Invalid;
    };
    if major == 0 || minor == 0 || major > 99 || minor > 99 {
        return ParsedCode::Invalid;
    }
    match prefix {
        Some(p) => ParsedCode::Code(format!("{p}{major}.{minor}")),
        None => ParsedCode::Ambiguous(format!("{major}.{minor}")),
    }
}

/// Returns the priority of a normalised code (`B1.2` → `B1`), or none when it is not one.
pub fn priority_of(code: &str) -> Option<String> {
    match parse(code) {
        ParsedCode::Code(c) if c == code => c.split('.').next().map(str::to_string),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_as_typed() {
        for (typed, code) in [
            ("B1.2", "B1.2"),
            ("b 1.2", "B1.2"),
            ("T-3.1", "T3.1"),
            (" t3.1\u{a0}", "T3.1"),
            ("B-1.6", "B1.6"),
            ("B5.1", "B5.1"),
        ] {
            assert_eq!(parse(typed), ParsedCode::Code(code.into()), "{typed}");
        }
        assert_eq!(parse("1.2"), ParsedCode::Ambiguous("1.2".into()));
        assert_eq!(parse(" 3.4 "), ParsedCode::Ambiguous("3.4".into()));
        for bad in [
            "",
            "X",
            "B",
            "B1",
            "B1.2.3",
            "C1.2",
            "Actividad 1",
            "B0.1",
            "B1.x",
            "1",
        ] {
            assert_eq!(parse(bad), ParsedCode::Invalid, "{bad:?}");
        }
        assert_eq!(priority_of("T2.4").as_deref(), Some("T2"));
        assert_eq!(priority_of("t2.4"), None);
    }
}
