//! Every string a reader sees, in each language the code knows.
//!
//! A language is one row of facts ([`LANGUAGES`], in `languages.rs`) and one string table
//! (`es.toml`, `en.toml`), embedded in the binary. Code asks for a key and a language; a test
//! fails when a key, or a placeholder inside one, exists in one language only. Dates and
//! numbers are formatted here from the row, because Typst's own date display is English-only.
//! Nothing in this module reads the clock, and nothing outside the row names a language.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;

mod languages;

pub use languages::{Lang, Language, Plural, LANGUAGES};

/// How many languages the code knows.
const COUNT: usize = LANGUAGES.len();

/// A text with a version per language: one string for each language it was written in.
///
/// It is written and read as `{ "es": …, "en": … }`, one key per language it holds, in the
/// order of [`Lang`]. A language it lacks shows the language's fallback (see
/// [`Language::fallback`]). The stages before the outputs make texts in every language the
/// code knows; each output reads only the run's languages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text([Option<String>; COUNT]);

/// An empty text in the languages a run writes in by default (a language it lacks shows its
/// fallback's, empty too).
impl Default for Text {
    fn default() -> Text {
        Text::from_fn_in(&Lang::RUN_DEFAULT, |_| String::new())
    }
}

thread_local! {
    /// The languages [`Text::from_fn`] builds texts in on this thread, one bit per language in
    /// the order of [`Lang`]: every language, unless a [`BuildingIn`] says otherwise.
    static BUILDING: std::cell::Cell<u8> = const { std::cell::Cell::new(u8::MAX) };
}

/// While it lives, the texts made on this thread ([`Text::from_fn`], [`Text::tr`], every
/// finding's message) are made in the given languages only, those of a run: its findings and
/// figures are read in no other, and a message costs a table lookup and a format for each
/// language it is made in. Dropped, it restores what was before.
#[must_use = "the languages hold only while the guard lives"]
pub struct BuildingIn(u8);

/// Makes the texts of this thread in `langs` only, until the guard is dropped.
pub fn building_in(langs: &[Lang]) -> BuildingIn {
    let mask = langs.iter().fold(0u8, |m, &l| m | 1 << l as u8);
    BuildingIn(BUILDING.replace(mask))
}

impl Drop for BuildingIn {
    fn drop(&mut self) {
        BUILDING.set(self.0);
    }
}

impl Text {
    /// Builds a text from its version in each language the code knows, or in those a
    /// [`BuildingIn`] of this thread names.
    pub fn from_fn(mut f: impl FnMut(Lang) -> String) -> Text {
        let building = BUILDING.get();
        Text(Lang::ALL.map(|lang| (building & 1 << lang as u8 != 0).then(|| f(lang))))
    }

    /// Builds a text from its version in each of `langs`; it lacks the others.
    pub fn from_fn_in(langs: &[Lang], mut f: impl FnMut(Lang) -> String) -> Text {
        Text(Lang::ALL.map(|lang| langs.contains(&lang).then(|| f(lang))))
    }

    /// Builds a text from its versions, each with its language; it lacks the others.
    pub fn of(versions: &[(Lang, &str)]) -> Text {
        let mut text = Text([const { None }; COUNT]);
        for (lang, s) in versions {
            text.set(*lang, *s);
        }
        text
    }

    /// Builds a text that reads the same in every language.
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text::from_fn(|_| s.clone())
    }

    /// Returns the version in `lang`, else in its fallback, else nothing.
    pub fn get(&self, lang: Lang) -> &str {
        self.own(lang)
            .or_else(|| self.own(lang.fallback()))
            .unwrap_or("")
    }

    /// Returns the version written in `lang`, if the text has one.
    pub fn own(&self, lang: Lang) -> Option<&str> {
        self.0[lang as usize].as_deref()
    }

    /// Sets the version in `lang`.
    pub fn set(&mut self, lang: Lang, s: impl Into<String>) {
        self.0[lang as usize] = Some(s.into());
    }

    /// Returns every version the text holds, in the order of [`Lang`].
    pub fn versions(&self) -> impl Iterator<Item = (Lang, &str)> {
        Lang::ALL
            .into_iter()
            .filter_map(|lang| self.own(lang).map(|s| (lang, s)))
    }

    /// Returns a text whose every version is `f` of this one's.
    pub fn map(&self, mut f: impl FnMut(Lang, &str) -> String) -> Text {
        Text(Lang::ALL.map(|lang| self.own(lang).map(|s| f(lang, s))))
    }

    /// Builds a text from a table key, filling `{name}` placeholders in every language.
    pub fn tr(key: &str, args: &[(&str, &dyn fmt::Display)]) -> Text {
        Text::from_fn(|lang| tr(lang, key, args))
    }

    /// Returns true when every version is empty.
    pub fn is_empty(&self) -> bool {
        self.versions().all(|(_, s)| s.is_empty())
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.versions().count()))?;
        for (lang, s) in self.versions() {
            map.serialize_entry(lang.code(), s)?;
        }
        map.end()
    }
}

/// The codes of the languages the code knows, for the message on an unknown one.
static CODES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| LANGUAGES.iter().map(|l| l.code).collect());

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        struct Versions;
        impl<'de> serde::de::Visitor<'de> for Versions {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text in each language, keyed by language code")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                use serde::de::Error as _;
                let mut text = Text::of(&[]);
                while let Some(key) = map.next_key::<String>()? {
                    let Some(row) = LANGUAGES.iter().find(|l| l.code == key) else {
                        return Err(A::Error::unknown_field(&key, &CODES));
                    };
                    if text.own(row.lang).is_some() {
                        return Err(A::Error::duplicate_field(row.code));
                    }
                    text.set(row.lang, map.next_value::<String>()?);
                }
                if text.versions().next().is_none() {
                    return Err(A::Error::invalid_length(0, &self));
                }
                Ok(text)
            }
        }
        deserializer.deserialize_map(Versions)
    }
}

/// The string tables, one per language, in the order of [`Lang`].
static TABLES: LazyLock<Vec<BTreeMap<String, String>>> =
    LazyLock::new(|| LANGUAGES.iter().map(parse_table).collect());

fn parse_table(row: &Language) -> BTreeMap<String, String> {
    // The tables are part of the binary; a broken one is a build defect caught by the tests.
    toml::from_str(row.strings)
        .unwrap_or_else(|e| panic!("embedded string table {}.toml is invalid: {e}", row.code))
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

/// Returns the name of month `m` (1-12) in `lang`, as written inside a sentence.
pub fn month_name(lang: Lang, m: u32) -> &'static str {
    lang.row().months[(m.clamp(1, 12) - 1) as usize]
}

/// Formats a date as a reader expects it: `31 de marzo de 2024`, `31 March 2024`.
pub fn format_date(lang: Lang, d: NaiveDate) -> String {
    languages::fill(
        lang.row().long_date,
        &[
            ("day", &d.day().to_string()),
            ("month", month_name(lang, d.month())),
            ("year", &d.year().to_string()),
        ],
    )
}

/// Formats a span of days: `18-20 de marzo de 2025`, `18-20 March 2025`, or two full dates.
pub fn format_date_range(lang: Lang, start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        return format_date(lang, start);
    }
    if start.year() == end.year() && start.month() == end.month() {
        return languages::fill(
            lang.row().day_range,
            &[
                ("start", &start.day().to_string()),
                ("end", &end.day().to_string()),
                ("month", month_name(lang, end.month())),
                ("year", &end.year().to_string()),
            ],
        );
    }
    format!("{} – {}", format_date(lang, start), format_date(lang, end))
}

/// Formats a month: `marzo de 2024`, `March 2024`.
pub fn format_month(lang: Lang, m: YearMonth) -> String {
    languages::fill(
        lang.row().month_year,
        &[
            ("month", month_name(lang, m.month)),
            ("year", &m.year.to_string()),
        ],
    )
}

/// Formats a short month for tables: `mar. 2024`, `Mar 2024`.
pub fn format_month_short(lang: Lang, m: YearMonth) -> String {
    let row = lang.row();
    let short = row.short_months[(m.month.clamp(1, 12) - 1) as usize];
    languages::fill(
        row.short_month_year,
        &[("month", short), ("year", &m.year.to_string())],
    )
}

/// Formats a whole number with the language's thousands separator (`12.345` / `1,234`).
pub fn format_int(lang: Lang, n: i64) -> String {
    let row = lang.row();
    let digits = n.unsigned_abs().to_string();
    let sep = if digits.len() < row.group_from_digits {
        ""
    } else {
        row.thousands
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

/// Writes a number given with a decimal point (`45.5`) with the language's decimal mark.
pub fn decimal(lang: Lang, s: &str) -> String {
    s.replace('.', &lang.row().decimal.to_string())
}

/// Formats a percentage with at most one decimal (`45,5 %` / `45.5%`).
pub fn format_percent(lang: Lang, p: f64) -> String {
    let rounded = (p * 10.0).round() / 10.0;
    let s = if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    };
    languages::fill(lang.row().percent, &[("n", &decimal(lang, &s))])
}

/// Returns `n` with its words in `lang`: string-table key `one` for a number the language
/// counts as singular, `other` for the rest ("1 archivo leído", "3 archivos leídos").
pub fn counted(lang: Lang, n: impl Into<u64>, one: &str, other: &str) -> String {
    let n: u64 = n.into();
    let key = if lang.row().plural.is_singular(n) {
        one
    } else {
        other
    };
    let shown = format_int(lang, i64::try_from(n).unwrap_or(i64::MAX));
    tr(lang, key, &[("n", &shown)])
}

/// Returns `f` of each of `langs`, joined by `joiner` (`Estado / Status`).
pub fn in_languages(langs: &[Lang], joiner: &str, f: impl Fn(Lang) -> String) -> String {
    langs.iter().map(|&l| f(l)).collect::<Vec<_>>().join(joiner)
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
