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
    ("pt", include_str!("../data/words/pt.toml")),
    ("fr", include_str!("../data/words/fr.toml")),
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
    /// The column headers of each form, by form (`status`, `pledges`, and `plan`: a plan's
    /// activity tables) and field.
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
    /// Phrases that say a process goes on ("continues until 2028", "sigue en curso en 2027").
    pub continues: List,
    /// The word that opens a span whose ends are joined by "and" ("entre 2027 y 2028").
    pub between: List,
    /// Fuzzy times ("early 2027", "mediados de 2027"), by part of the year.
    pub fuzzy: Fuzzy,
    /// The words of a time counted from the plan's first month ("within the first 9 months",
    /// "by the end of year 2").
    pub relative: Relative,
    /// Words that belong to calendars though no list above holds them alone ("end", "fin"): a
    /// note kept beside a date may not hold them.
    pub words: List,
    /// Ordinary words of this language that another language's calendars use ("marco", a
    /// framework in Spanish, is March in Portuguese once folded): a note may hold them.
    pub ordinary: List,
}

/// Fuzzy times, by part of the year: early is January-March, mid April-September, late
/// October-December.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "the parts name themselves")]
pub struct Fuzzy {
    pub early: List,
    pub mid: List,
    pub late: List,
}

/// The words of a time counted from the plan's first month.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relative {
    /// The word that says the count starts with the plan ("the first 9 months").
    pub first: List,
    /// A number of months ("9 months").
    pub months: List,
    /// A year of the plan by its number ("year 2").
    pub year: List,
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

/// Tells whether `text` names field `field` of table `form` (`"contacts"`, `"email"`) in any
/// language: folded, as every header is compared.
pub fn names(form: &str, field: &str, text: &str) -> bool {
    let folded = crate::text::fold(text);
    let folded = folded.trim();
    every().any(|w| {
        w.header(form, field)
            .iter()
            .any(|h| crate::text::fold(h) == folded)
    })
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use super::*;
    use crate::i18n::Lang;
    use crate::ingest::forms::{header_key, FormKind};
    use crate::model::{ContactRole, Decision, EntityType, PledgeStatus, Status};
    use crate::text::fold;

    const FORMS: [FormKind; 2] = [FormKind::Status, FormKind::Pledges];

    #[test]
    fn every_language_has_a_words_file_and_every_file_is_embedded() {
        for lang in Lang::ALL {
            assert!(of(lang.code()).is_some(), "no words file for {lang}");
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/words");
        let on_disk: BTreeSet<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        let embedded: BTreeSet<String> = FILES.iter().map(|(c, _)| c.to_string()).collect();
        assert_eq!(on_disk, embedded, "data/words/ and FILES differ");
    }

    /// Gathers every list of a file with its path; anything but a list of texts fails.
    fn lists(v: &toml::Value, path: &str, out: &mut Vec<(String, Vec<String>)>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    lists(v, &format!("{path}.{k}"), out);
                }
            }
            toml::Value::Array(a) => out.push((
                path.to_string(),
                a.iter()
                    .map(|w| {
                        w.as_str()
                            .unwrap_or_else(|| panic!("{path}: {w}"))
                            .to_string()
                    })
                    .collect(),
            )),
            other => panic!("{path}: {other} is not a list of words"),
        }
    }

    /// The keys a family of the vocabulary asks for.
    fn keys<T: crate::model::Term>(all: &[T]) -> BTreeSet<&'static str> {
        all.iter().map(|v| v.key()).collect()
    }

    #[test]
    fn every_file_has_every_key_the_code_asks_for_and_no_empty_list() {
        let families = BTreeMap::from([
            (Status::WORDS, keys(Status::ALL)),
            (PledgeStatus::WORDS, keys(PledgeStatus::ALL)),
            (EntityType::WORDS, keys(EntityType::ALL)),
            (Decision::WORDS, keys(Decision::ALL)),
            (ContactRole::WORDS, keys(ContactRole::ALL)),
        ]);
        let mut forms: BTreeMap<&str, BTreeSet<&str>> = FORMS
            .iter()
            .map(|f| (f.as_str(), f.fields().iter().map(|f| f.key()).collect()))
            .collect();
        // The headers of a plan's activity tables, which `plan --import` reads.
        forms.insert(
            "plan",
            crate::plan::import::FIELDS.iter().copied().collect(),
        );
        // The columns of contacts.csv and received.csv.
        forms.insert(
            "contacts",
            BTreeSet::from(["agency", "name", "email", "language", "role"]),
        );
        forms.insert("received", BTreeSet::from(["file", "date"]));
        for &(code, src) in FILES {
            // The fixed sections and keys are the struct's: reading the file checks them.
            let words: Words = toml::from_str(src).unwrap_or_else(|e| panic!("{code}: {e}"));
            let got: BTreeSet<&str> = words.terms.keys().map(String::as_str).collect();
            assert_eq!(got, families.keys().copied().collect(), "{code}: terms");
            for (family, want) in &families {
                let got: BTreeSet<&str> = words.terms[*family].keys().map(String::as_str).collect();
                assert_eq!(&got, want, "{code}: terms.{family}");
            }
            let got: BTreeSet<&str> = words.headers.keys().map(String::as_str).collect();
            assert_eq!(got, forms.keys().copied().collect(), "{code}: headers");
            for (form, want) in &forms {
                let got: BTreeSet<&str> = words.headers[*form].keys().map(String::as_str).collect();
                assert_eq!(&got, want, "{code}: headers.{form}");
            }
            let mut all = Vec::new();
            lists(&toml::from_str(src).unwrap(), code, &mut all);
            for (path, list) in &all {
                assert!(!list.is_empty(), "{path} is empty");
                for w in list {
                    assert!(!fold(w).is_empty(), "{path} holds a blank word");
                }
                // The readers of dates and calendars cut text into runs of letters.
                if path.contains(".calendar.")
                    || path.contains(".months.")
                    || path.contains(".dates.")
                {
                    for w in list {
                        assert!(
                            w.split(' ')
                                .all(|w| !w.is_empty() && w.chars().all(char::is_alphabetic)),
                            "{path}: {w:?} is not words of letters"
                        );
                    }
                }
            }
        }
    }

    /// Words claimed by the values of one kind, folded: each by one value only.
    #[derive(Default)]
    struct Claims(BTreeMap<String, BTreeMap<String, String>>);

    impl Claims {
        fn claim(&mut self, kind: &str, word: String, value: &str) {
            let by = self.0.entry(kind.to_string()).or_default();
            let owner = by.entry(word.clone()).or_insert_with(|| value.to_string());
            assert_eq!(
                owner, value,
                "{kind}: {word:?} is claimed by {owner} and {value}"
            );
        }

        fn claim_all(&mut self, kind: &str, words: &[String], value: &str) {
            for w in words {
                self.claim(kind, phrase_key(w), value);
            }
        }
    }

    /// Folds a word or phrase as the readers compare it.
    fn phrase_key(w: &str) -> String {
        fold(w).split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn no_word_is_claimed_by_two_values_of_a_kind() {
        let mut c = Claims::default();
        let canonical = [
            (Status::WORDS, keys(Status::ALL)),
            (PledgeStatus::WORDS, keys(PledgeStatus::ALL)),
            (EntityType::WORDS, keys(EntityType::ALL)),
            (Decision::WORDS, keys(Decision::ALL)),
            (ContactRole::WORDS, keys(ContactRole::ALL)),
        ];
        for (family, keys) in &canonical {
            for key in keys {
                c.claim(family, key.to_string(), key);
                c.claim(family, key.replace('-', " "), key);
            }
        }
        let months = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        let ordinals = ["first", "second", "third", "fourth"];
        for words in every() {
            for (family, values) in &words.terms {
                for (key, list) in values {
                    c.claim_all(family, list, key);
                }
            }
            for form in FORMS {
                for field in form.fields() {
                    for h in words.header(form.as_str(), field.key()) {
                        // One header may name the narrative of one language in one file and
                        // of another in another ("Description"): the header row's language
                        // settles it. Within a file, it names one.
                        let own = format!("{} in {}", form.as_str(), words.code);
                        if let crate::ingest::forms::Field::NarrativeIn(_) = field {
                            c.claim(form.as_str(), header_key(h), "narrative");
                            c.claim(&own, header_key(h), field.key());
                        } else {
                            c.claim(form.as_str(), header_key(h), field.key());
                        }
                    }
                }
            }
            let yes_no = &words.yes_no;
            c.claim_all("yes-no", &yes_no.yes, "yes");
            c.claim_all("yes-no", &yes_no.no, "no");
            // A written date: its month, an opening weekday, the words between its parts.
            for (list, month) in words.months.by_number().into_iter().zip(months) {
                c.claim_all("dates", list, month);
            }
            c.claim_all("dates", &words.dates.weekdays, "weekday");
            c.claim_all("dates", &words.dates.fillers, "filler");
            let cal = &words.calendar;
            let every = &cal.every;
            for (list, period) in [
                (&every.month, "month"),
                (&every.two_months, "two-months"),
                (&every.quarter, "quarter"),
                (&every.half, "half"),
                (&every.year, "year"),
            ] {
                c.claim_all("every", list, period);
            }
            // A word of a calendar of dates, and one of a calendar of periods.
            for (list, month) in words.months.by_number().into_iter().zip(months) {
                c.claim_all("calendar dates", list, month);
                c.claim_all("calendar periods", list, month);
            }
            for (list, what) in [
                (&cal.range, "range"),
                (&cal.and, "and"),
                (&cal.or, "or"),
                (&cal.fillers, "filler"),
            ] {
                c.claim_all("calendar dates", list, what);
            }
            for (list, ordinal) in cal.ordinals.by_number().into_iter().zip(ordinals) {
                c.claim_all("calendar periods", list, ordinal);
            }
            for (list, what) in [
                (&cal.range, "range"),
                (&cal.and, "and"),
                (&cal.whole, "whole"),
                (&cal.quarter, "quarter"),
                (&cal.half, "half"),
                (&cal.period_fillers, "filler"),
            ] {
                c.claim_all("calendar periods", list, what);
            }
            c.claim_all("letters", &cal.quarter_letters, "quarter");
            c.claim_all("letters", &cal.half_letters, "half");
        }
    }
}
