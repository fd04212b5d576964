//! Every string a reader sees, in Spanish and in English.
//!
//! The strings live in two tables, `es.toml` and `en.toml`, embedded in the binary. Code asks
//! for a key and a language; a test fails when a key, or a placeholder inside one, exists in
//! one language only. Dates are formatted here, per language, because Typst's own date
//! display is English-only. Nothing in this module reads the clock.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;

/// A language the documents and messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Spanish, the Network's working language.
    Es,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Spanish first.
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// Returns the ISO 639-1 code (`es`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// Returns the other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::Es => Lang::En,
            Lang::En => Lang::Es,
        }
    }

    /// Parses `es` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match crate::text::fold(s).as_str() {
            "es" | "espanol" | "spanish" => Some(Lang::Es),
            "en" | "ingles" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text written in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// The Spanish text.
    pub es: String,
    /// The English text.
    pub en: String,
}

impl Text {
    /// Builds a text from its two versions.
    pub fn new(es: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            es: es.into(),
            en: en.into(),
        }
    }

    /// Builds a text that reads the same in both languages.
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text {
            es: s.clone(),
            en: s,
        }
    }

    /// Returns the version in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }

    /// Builds a text from a table key, filling `{name}` placeholders in both languages.
    pub fn tr(key: &str, args: &[(&str, &dyn fmt::Display)]) -> Text {
        Text {
            es: tr(Lang::Es, key, args),
            en: tr(Lang::En, key, args),
        }
    }

    /// Returns true when both versions are empty.
    pub fn is_empty(&self) -> bool {
        self.es.is_empty() && self.en.is_empty()
    }
}

static ES: &str = include_str!("es.toml");
static EN: &str = include_str!("en.toml");

static TABLES: LazyLock<[BTreeMap<String, String>; 2]> =
    LazyLock::new(|| [parse_table(ES, "es.toml"), parse_table(EN, "en.toml")]);

fn parse_table(src: &str, name: &str) -> BTreeMap<String, String> {
    // The tables are part of the binary; a broken one is a build defect caught by the tests.
    toml::from_str(src).unwrap_or_else(|e| panic!("embedded string table {name} is invalid: {e}"))
}

/// Returns the string table of `lang`.
pub fn table(lang: Lang) -> &'static BTreeMap<String, String> {
    &TABLES[lang as usize]
}

/// Keys asked for that the tables do not hold, since the process started.
static MISSING: std::sync::Mutex<std::collections::BTreeSet<String>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// Returns every key [`tr`] was asked for and did not find, since the process started. The
/// tests run the pipeline and require this to be empty (`tests/strings.rs`).
pub fn missing_keys() -> Vec<String> {
    MISSING
        .lock()
        .map(|m| m.iter().cloned().collect())
        .unwrap_or_default()
}

/// Looks up `key` in `lang` and fills `{name}` placeholders from `args`.
///
/// A missing key is a defect of the build, which the tests catch (`tests/strings.rs`): it
/// returns an empty text rather than the key, so no reader ever sees a key, and is recorded
/// for [`missing_keys`].
pub fn tr(lang: Lang, key: &str, args: &[(&str, &dyn fmt::Display)]) -> String {
    let Some(template) = table(lang).get(key) else {
        if let Ok(mut missing) = MISSING.lock() {
            missing.insert(format!("{lang}: {key}"));
        }
        return String::new();
    };
    if args.is_empty() {
        return template.clone();
    }
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(&value.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Returns every string of `lang` whose key starts with `prefix`, keyed by the rest of the key.
pub fn section(lang: Lang, prefix: &str) -> BTreeMap<String, String> {
    table(lang)
        .range(prefix.to_string()..)
        .take_while(|(k, _)| k.starts_with(prefix))
        .map(|(k, v)| (k[prefix.len()..].to_string(), v.clone()))
        .collect()
}

const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Returns the name of month `m` (1-12) in `lang`.
pub fn month_name(lang: Lang, m: u32) -> &'static str {
    let i = (m.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Es => MONTHS_ES[i],
        Lang::En => MONTHS_EN[i],
    }
}

/// Formats a date as a reader expects it: `31 de marzo de 2024`, `31 March 2024`.
pub fn format_date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Es => format!(
            "{} de {} de {}",
            d.day(),
            month_name(lang, d.month()),
            d.year()
        ),
        Lang::En => format!("{} {} {}", d.day(), month_name(lang, d.month()), d.year()),
    }
}

/// Formats a span of days: `18-20 de marzo de 2025`, `18-20 March 2025`, or two full dates.
pub fn format_date_range(lang: Lang, start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        return format_date(lang, start);
    }
    if start.year() == end.year() && start.month() == end.month() {
        let month = month_name(lang, end.month());
        return match lang {
            Lang::Es => format!(
                "{}-{} de {} de {}",
                start.day(),
                end.day(),
                month,
                end.year()
            ),
            Lang::En => format!("{}-{} {} {}", start.day(), end.day(), month, end.year()),
        };
    }
    format!("{} – {}", format_date(lang, start), format_date(lang, end))
}

/// Formats a month: `marzo de 2024`, `March 2024`.
pub fn format_month(lang: Lang, m: YearMonth) -> String {
    match lang {
        Lang::Es => format!("{} de {}", month_name(lang, m.month), m.year),
        Lang::En => format!("{} {}", month_name(lang, m.month), m.year),
    }
}

/// Formats a short month for tables: `mar. 2024`, `Mar 2024`.
pub fn format_month_short(lang: Lang, m: YearMonth) -> String {
    let name = month_name(lang, m.month);
    match lang {
        Lang::Es => format!("{}. {}", &name[..3], m.year),
        Lang::En => format!("{} {}", &name[..3], m.year),
    }
}

/// Formats a whole number with the language's thousands separator (`1.234` / `1,234`).
pub fn format_int(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match lang {
        // Spanish style guides leave four-digit numbers unseparated.
        Lang::Es if digits.len() <= 4 => "",
        Lang::Es => ".",
        Lang::En => ",",
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// Formats a percentage with at most one decimal (`45,5 %` / `45.5%`).
pub fn format_percent(lang: Lang, p: f64) -> String {
    let rounded = (p * 10.0).round() / 10.0;
    let s = if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    };
    match lang {
        Lang::Es => format!("{} %", s.replace('.', ",")),
        Lang::En => format!("{s}%"),
    }
}

/// Returns `n` with its words in `lang`: string-table key `one` for 1, `other` for any other
/// number ("1 archivo leído", "3 archivos leídos").
pub fn counted(lang: Lang, n: impl Into<u64>, one: &str, other: &str) -> String {
    let n: u64 = n.into();
    let key = if n == 1 { one } else { other };
    let shown = format_int(lang, i64::try_from(n).unwrap_or(i64::MAX));
    tr(lang, key, &[("n", &shown)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_carry_no_label_of_their_own() {
        // The label ("hint:", "sugerencia:") is printed before every hint; a hint that starts
        // with it again reads "sugerencia: sugerencia: …".
        for lang in Lang::ALL {
            let label = tr(lang, "cli.hint", &[]).to_lowercase();
            for (key, text) in table(lang).iter().filter(|(k, _)| k.starts_with("hint.")) {
                assert!(
                    !text.to_lowercase().starts_with(&format!("{label}:")),
                    "{lang}: {key} starts with its label"
                );
            }
        }
    }

    #[test]
    fn counts_take_the_singular_for_one_only() {
        let files =
            |lang, n: u64| counted(lang, n, "count.files-read.one", "count.files-read.other");
        assert_eq!(files(Lang::Es, 1), "1 archivo leído");
        assert_eq!(files(Lang::Es, 0), "0 archivos leídos");
        assert_eq!(files(Lang::Es, 12_000), "12.000 archivos leídos");
        assert_eq!(files(Lang::En, 1), "1 file read");
        assert_eq!(files(Lang::En, 12_000), "12,000 files read");
    }
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            if let Some(close) = after.find('}') {
                out.insert(after[..close].to_string());
                rest = &after[close + 1..];
            } else {
                break;
            }
        }
        out
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let es = table(Lang::Es);
        let en = table(Lang::En);
        let only_es: Vec<_> = es.keys().filter(|k| !en.contains_key(*k)).collect();
        let only_en: Vec<_> = en.keys().filter(|k| !es.contains_key(*k)).collect();
        assert!(only_es.is_empty(), "keys only in es.toml: {only_es:?}");
        assert!(only_en.is_empty(), "keys only in en.toml: {only_en:?}");
        for (k, v) in es {
            assert!(!v.trim().is_empty(), "empty Spanish string for {k}");
            assert!(!en[k].trim().is_empty(), "empty English string for {k}");
            assert_eq!(
                placeholders(v),
                placeholders(&en[k]),
                "placeholders differ for {k}"
            );
        }
    }

    #[test]
    fn formats_dates_per_language() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
        assert_eq!(format_date(Lang::Es, d), "31 de marzo de 2024");
        assert_eq!(format_date(Lang::En, d), "31 March 2024");
        let m = YearMonth {
            year: 2024,
            month: 9,
        };
        assert_eq!(format_month(Lang::Es, m), "septiembre de 2024");
        assert_eq!(format_month(Lang::En, m), "September 2024");
    }

    #[test]
    fn formats_numbers_per_language() {
        assert_eq!(format_int(Lang::Es, 1234), "1234");
        assert_eq!(format_int(Lang::Es, 12345), "12.345");
        assert_eq!(format_int(Lang::En, 1234567), "1,234,567");
        assert_eq!(format_percent(Lang::Es, 45.5), "45,5 %");
        assert_eq!(format_percent(Lang::En, 45.0), "45%");
    }

    #[test]
    fn fills_placeholders() {
        let s = tr(Lang::En, "error.write", &[("path", &"out/x.pdf")]);
        assert!(s.contains("out/x.pdf") && !s.contains('{'), "{s}");
        assert_eq!(tr(Lang::Es, "no.such.key", &[]), "");
        assert!(missing_keys().contains(&"es: no.such.key".to_string()));
    }
}
