//! The words a person may write in a form or a plan, in each language: the words of statuses
//! and entity types, the forms' column headers, month and weekday names, yes and no, and the
//! words of a plan's calendars.
//!
//! They are data, one file per language (`data/words/<code>.toml`, embedded in the binary), so
//! that adding a language is adding its file, not editing the readers. A reader asks for the
//! words of a language by its code ([`crate::i18n::Lang::code`]), or goes through [`every`]
//! language there is a file for: an agency may write in any of them, whatever the run's
//! language. This module only holds the words, as written; each reader folds and matches them
//! its own way. It imports nothing of the crate, so any module may read it.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

/// The words files embedded in the binary, by language code.
const FILES: &[(&str, &str)] = &[
    ("es", include_str!("../data/words/es.toml")),
    ("en", include_str!("../data/words/en.toml")),
];

/// A list of words or phrases, as the file writes them; where they are the words of one value,
/// the first is the preferred one.
pub type List = Vec<String>;

/// The words of one language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Words {
    /// The language's code (`es`), from the file's name.
    #[serde(skip)]
    pub code: &'static str,
    /// The words of each value of the vocabulary, by family (`status`) and canonical key.
    pub terms: BTreeMap<String, BTreeMap<String, List>>,
    /// The column headers of each form, by form (`status`, `pledges`) and field.
    pub headers: BTreeMap<String, BTreeMap<String, List>>,
    /// Month names and abbreviations.
    pub months: Months,
    /// The words of a date written in words.
    pub dates: Dates,
    /// The words of a yes-or-no cell.
    pub yes_no: YesNo,
    /// The words of a plan's calendars.
    pub calendar: Calendar,
}

/// Month names and abbreviations, by month.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "the months name themselves")]
pub struct Months {
    pub january: List,
    pub february: List,
    pub march: List,
    pub april: List,
    pub may: List,
    pub june: List,
    pub july: List,
    pub august: List,
    pub september: List,
    pub october: List,
    pub november: List,
    pub december: List,
}

impl Months {
    /// Returns the words of each month, January first.
    pub fn by_number(&self) -> [&List; 12] {
        [
            &self.january,
            &self.february,
            &self.march,
            &self.april,
            &self.may,
            &self.june,
            &self.july,
            &self.august,
            &self.september,
            &self.october,
            &self.november,
            &self.december,
        ]
    }
}

/// The words of a date written in words ("viernes, 15 de marzo de 2024").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Dates {
    /// Weekday names that may open a date.
    pub weekdays: List,
    /// Small words between the parts of a date.
    pub fillers: List,
    /// Letters written right after a day number ("1º", "1st").
    pub day_suffixes: List,
}

/// The words of a yes-or-no cell.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YesNo {
    /// Words for yes.
    pub yes: List,
    /// Words for no.
    pub no: List,
}

/// The words of a plan's calendar phrases.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Calendar {
    /// Phrases marking a calendar still to be confirmed.
    pub tentative: List,
    /// Whole phrases meaning an ongoing process.
    pub continuous: List,
    /// Words between the ends of a range.
    pub range: List,
    /// Words between the items of a list.
    pub and: List,
    /// Words between alternatives.
    pub or: List,
    /// Small words without meaning in a calendar of dates.
    pub fillers: List,
    /// Small words without meaning in a calendar of periods.
    pub period_fillers: List,
    /// Phrases closing an open end.
    pub until: List,
    /// Phrases opening an open end.
    pub from: List,
    /// Phrases making a calendar run throughout a period.
    pub throughout: List,
    /// Words naming the plan's whole period.
    pub whole: List,
    /// Words for a quarter after an ordinal.
    pub quarter: List,
    /// Words for a half after an ordinal.
    pub half: List,
    /// The letters of a quarter before its number.
    pub quarter_letters: List,
    /// The letters of a half before its number.
    pub half_letters: List,
    /// Letters written after an ordinal number.
    pub ordinal_suffixes: List,
    /// Periodicity phrases, by period.
    pub every: Every,
    /// The words of "one … per month".
    pub one_per_month: OnePerMonth,
    /// Ordinal words, by number.
    pub ordinals: Ordinals,
}

/// Periodicity phrases, by period.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Every {
    /// Every month.
    pub month: List,
    /// Every two months.
    pub two_months: List,
    /// Every quarter.
    pub quarter: List,
    /// Every half year.
    pub half: List,
    /// Every year.
    pub year: List,
}

/// The words of "one … per month" ("una práctica por mes").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnePerMonth {
    /// The first word.
    pub one: List,
    /// The word before the last.
    pub per: List,
    /// The last word.
    pub month: List,
}

/// Ordinal words, by number.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "the numbers name themselves")]
pub struct Ordinals {
    pub first: List,
    pub second: List,
    pub third: List,
    pub fourth: List,
}

impl Ordinals {
    /// Returns the words of each ordinal, first first.
    pub fn by_number(&self) -> [&List; 4] {
        [&self.first, &self.second, &self.third, &self.fourth]
    }
}

impl Words {
    /// Returns the words of a value of the vocabulary (`"status"`, `"in-progress"`), the
    /// preferred one first; none when the file has none.
    pub fn term(&self, family: &str, key: &str) -> &[String] {
        lookup(&self.terms, family, key)
    }

    /// Returns the headers of a field of a form (`"status"`, `"activity"`), the one forms are
    /// written with first; none when the file has none.
    pub fn header(&self, form: &str, field: &str) -> &[String] {
        lookup(&self.headers, form, field)
    }
}

/// Returns the list at `outer.inner`, or an empty one.
fn lookup<'a>(
    map: &'a BTreeMap<String, BTreeMap<String, List>>,
    outer: &str,
    inner: &str,
) -> &'a [String] {
    map.get(outer)
        .and_then(|m| m.get(inner))
        .map_or(&[], Vec::as_slice)
}

/// Every words file, read once per process.
static ALL: LazyLock<Vec<Words>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|&(code, src)| {
            // Embedded data; the tests load it, so a broken file never ships.
            let mut words: Words = toml::from_str(src)
                .unwrap_or_else(|e| panic!("embedded words file {code}.toml is invalid: {e}"));
            words.code = code;
            words
        })
        .collect()
});

/// Returns the words of the language whose code is `code`, if it has a words file.
pub fn of(code: &str) -> Option<&'static Words> {
    ALL.iter().find(|w| w.code == code)
}

/// Returns the words of every language that has a words file.
pub fn every() -> impl Iterator<Item = &'static Words> {
    ALL.iter()
}
