//! Months and dates as people write them, in every language that has a words file.
//!
//! Reporting periods arrive as `2024-03`, `marzo 2024`, `mar-24` or a whole date, and the plan
//! names months in prose. This module reads that text into [`YearMonth`] and [`NaiveDate`]
//! values, day first as written in Latin America, so every reader of months and dates agrees.
//! The words (month and weekday names, the small words between the parts of a date) are each
//! language's, from `data/words/` ([`crate::words`]).
//! It only reads: formatting for readers lives in `i18n`. It never guesses between readings
//! (text it cannot read one way gives `None`) and no input makes it panic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::fold;

/// A month of a given year: the unit of reporting periods and plan calendars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The year (`2024`).
    pub year: i32,
    /// The month, 1 (January) to 12 (December).
    pub month: u32,
}

/// The error of reading a month that is not written `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a month written YYYY-MM, as in 2024-03")]
pub struct InvalidYearMonth(pub String);

impl YearMonth {
    /// Returns the month, or `None` when the month is not 1-12 or the year not 1-9999.
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month))
            .then_some(YearMonth { year, month })
    }

    /// Returns the month a date falls in.
    pub fn from_date(date: NaiveDate) -> YearMonth {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Returns the first day of the month.
    ///
    /// # Panics
    ///
    /// Panics when the fields were set by hand to a month outside 1-12; values built by
    /// [`YearMonth::new`] and the parsers here never are.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .unwrap_or_else(|| panic!("invalid month {}-{}", self.year, self.month))
    }

    /// Returns the last day of the month.
    ///
    /// # Panics
    ///
    /// As [`YearMonth::first_day`].
    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .unwrap_or_else(|| panic!("invalid month {}-{}", self.year, self.month))
    }

    /// Returns the month after this one.
    pub fn next(self) -> YearMonth {
        if self.month >= 12 {
            YearMonth {
                year: self.year.saturating_add(1),
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Returns the month before this one.
    pub fn prev(self) -> YearMonth {
        if self.month <= 1 {
            YearMonth {
                year: self.year.saturating_sub(1),
                month: 12,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Returns the calendar quarter (1-4) that holds the month.
    pub fn quarter(self) -> u32 {
        self.month.saturating_sub(1) / 3 + 1
    }

    /// Returns true when the date falls in this month.
    pub fn contains(self, date: NaiveDate) -> bool {
        YearMonth::from_date(date) == self
    }

    /// Returns every month from this one to `last`, both included (nothing when `last` is earlier).
    pub fn through(self, last: YearMonth) -> impl Iterator<Item = YearMonth> {
        std::iter::successors(Some(self), |m| Some(m.next())).take_while(move |m| *m <= last)
    }

    /// Parses a month written strictly as `YYYY-MM` (`2024-03`).
    pub fn parse_iso(s: &str) -> Option<YearMonth> {
        let b = s.trim().as_bytes();
        if b.len() != 7 || b[4] != b'-' {
            return None;
        }
        let year = digits(&b[..4])?;
        let month = digits(&b[5..])?;
        YearMonth::new(i32::try_from(year).ok()?, month)
    }
}

impl From<NaiveDate> for YearMonth {
    fn from(date: NaiveDate) -> YearMonth {
        YearMonth::from_date(date)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = InvalidYearMonth;

    fn from_str(s: &str) -> Result<YearMonth, InvalidYearMonth> {
        YearMonth::parse_iso(s).ok_or_else(|| InvalidYearMonth(s.to_string()))
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<YearMonth, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The words of months and written dates, in every language that has a words file, folded.
struct DateWords {
    /// Month names and abbreviations, with their number.
    months: BTreeMap<String, u32>,
    /// Weekday names that may open a written date ("viernes, 15 de marzo de 2024").
    weekdays: BTreeSet<String>,
    /// Small words between the parts of a written date ("15 de marzo de 2024", "15th of March").
    fillers: BTreeSet<String>,
    /// Letters written right after a day number as an ordinal ("1st", "1º", "1ro").
    day_suffixes: BTreeSet<String>,
}

/// The words of every words file, folded once per process.
static WORDS: LazyLock<DateWords> = LazyLock::new(|| {
    let mut out = DateWords {
        months: BTreeMap::new(),
        weekdays: BTreeSet::new(),
        fillers: BTreeSet::new(),
        day_suffixes: BTreeSet::new(),
    };
    let folded = |list: &[String]| list.iter().map(|w| word_key(w)).collect::<Vec<_>>();
    for words in crate::words::every() {
        for (month, names) in (1..).zip(words.months.by_number()) {
            for name in folded(names) {
                out.months.entry(name).or_insert(month);
            }
        }
        out.weekdays.extend(folded(&words.dates.weekdays));
        out.fillers.extend(folded(&words.dates.fillers));
        out.day_suffixes.extend(folded(&words.dates.day_suffixes));
    }
    out
});

/// Parses a month name or abbreviation in any language that has a words file, in any case,
/// with or without accents and a trailing dot (`Marzo`, `mar.`, `SEPT`, `setiembre`, `Dec`), to its number 1-12.
pub fn month_from_name(s: &str) -> Option<u32> {
    let key = word_key(s);
    let key = key.strip_suffix('.').unwrap_or(&key);
    WORDS.months.get(key).copied()
}

/// Parses a date written as text: `2024-03-15` (optionally with a time), `15/03/2024`,
/// `15-03-2024`, `15.03.2024` (day first; two-digit years are 20xx), `15 de marzo de 2024`,
/// `15 marzo 2024`, `March 15, 2024`, `15 March 2024`, `15-mar-24`.
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let f = fold(s);
    if f.is_empty() {
        return None;
    }
    numeric_date(&f).or_else(|| worded_date(&f))
}

/// Parses a month written as text: `2024-03`, `2024/03`, `03/2024`, `3-2024`, `marzo 2024`,
/// `marzo de 2024`, `March 2024`, `Mar 2024`, `mar-24`, `mar.-24`, or any date
/// [`parse_date_text`] reads, meaning its month.
pub fn parse_month_text(s: &str) -> Option<YearMonth> {
    let f = fold(s);
    if f.is_empty() {
        return None;
    }
    numeric_month(&f)
        .or_else(|| worded_month(&f))
        .or_else(|| parse_date_text(s).map(YearMonth::from_date))
}

/// Folds a word for lookup, also dropping combining accents left by decomposed text.
fn word_key(s: &str) -> String {
    fold(s).chars().filter(|c| !is_combining(*c)).collect()
}

/// Returns true for a combining diacritical mark (U+0300-U+036F).
fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Reads a run of one to four ASCII digits.
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// Reads a year of four digits, or two digits meaning 20xx.
fn year_of(s: &str) -> Option<i32> {
    let n = digits(s.as_bytes())?;
    let year = match s.len() {
        4 => n,
        2 => 2000 + n,
        _ => return None,
    };
    i32::try_from(year).ok().filter(|y| (1..=9999).contains(y))
}

/// Reads a day or month number of one or two digits.
fn small(s: &str) -> Option<u32> {
    if s.len() > 2 {
        return None;
    }
    digits(s.as_bytes())
}

/// Reads `2024-03-15`, `2024/03/15`, `15/03/2024`, `15-03-24`, `15.03.2024`, each optionally
/// followed by a time (`T00:00:00`, ` 00:00`).
fn numeric_date(f: &str) -> Option<NaiveDate> {
    let (date, time) = match f.find([' ', 't']) {
        Some(i) => (&f[..i], Some(&f[i + 1..])),
        None => (f, None),
    };
    if let Some(time) = time {
        if !is_time(time) {
            return None;
        }
    }
    let sep = date.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let parts: Vec<&str> = date.split(sep).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 {
        (year_of(a)?, small(b)?, small(c)?)
    } else {
        (year_of(c)?, small(b)?, small(a)?)
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Returns true for a time of day: `00:00`, `00:00:00`, `00:00:00.000`, optionally followed by
/// `z` or an offset (`+02:00`, `-0300`).
fn is_time(s: &str) -> bool {
    let s = s.trim();
    let s = s.strip_suffix('z').unwrap_or(s);
    let s = match s.rfind(['+', '-']) {
        Some(i) if is_offset(&s[i + 1..]) => &s[..i],
        Some(_) => return false,
        None => s,
    };
    let s = s.trim_end();
    let (hms, fraction) = match s.split_once('.') {
        Some((hms, frac)) => (hms, Some(frac)),
        None => (s, None),
    };
    if let Some(frac) = fraction {
        if frac.is_empty() || frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    let parts: Vec<&str> = hms.split(':').collect();
    let limits: &[u32] = match parts.len() {
        2 => &[23, 59],
        3 => &[23, 59, 60],
        _ => return false,
    };
    parts
        .iter()
        .zip(limits)
        .all(|(p, &max)| p.len() == 2 && small(p).is_some_and(|n| n <= max))
}

/// Returns true for the digits of a time-zone offset: `02:00`, `0200`, `02`.
fn is_offset(s: &str) -> bool {
    let digits: String = s.chars().filter(|c| *c != ':').collect();
    matches!(digits.len(), 2 | 4) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A piece of a worded date: a run of digits or a run of letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    Number(&'a str),
    Word(&'a str),
}

/// Splits folded text into numbers and words at spaces, commas, dashes, slashes and dots;
/// drops ordinal suffixes written against a number. Any other character gives `None`.
fn pieces(f: &str) -> Option<Vec<Piece<'_>>> {
    let mut out = Vec::new();
    let mut rest = f;
    let mut glued = false;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            out.push(Piece::Number(&rest[..end]));
            rest = &rest[end..];
            glued = true;
        } else if c.is_alphabetic() || is_combining(c) {
            let end = rest
                .find(|c: char| !(c.is_alphabetic() || is_combining(c)))
                .unwrap_or(rest.len());
            let word = &rest[..end];
            let after_number = glued && matches!(out.last(), Some(Piece::Number(_)));
            if !(after_number && WORDS.day_suffixes.contains(word)) {
                out.push(Piece::Word(word));
            }
            rest = &rest[end..];
            glued = false;
        } else if matches!(c, ' ' | ',' | '-' | '/' | '.' | '–' | '—') {
            rest = &rest[c.len_utf8()..];
            glued = false;
        } else {
            return None;
        }
    }
    Some(out)
}

/// Splits folded text into pieces without the small filler words and an opening weekday.
fn date_pieces(f: &str) -> Option<Vec<Piece<'_>>> {
    let mut pieces = pieces(f)?;
    pieces.retain(|p| !matches!(p, Piece::Word(w) if WORDS.fillers.contains(*w)));
    if let Some(Piece::Word(w)) = pieces.first() {
        if WORDS.weekdays.contains(*w) {
            pieces.remove(0);
        }
    }
    Some(pieces)
}

/// Reads `15 de marzo de 2024`, `15 March 2024`, `March 15, 2024`, `15-mar-24`.
fn worded_date(f: &str) -> Option<NaiveDate> {
    let pieces = date_pieces(f)?;
    let (day, month, year) = match pieces[..] {
        [Piece::Number(d), Piece::Word(m), Piece::Number(y)] => (d, m, y),
        [Piece::Word(m), Piece::Number(d), Piece::Number(y)] => (d, m, y),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year_of(year)?, month_from_name(month)?, small(day)?)
}

/// Reads `2024-03`, `2024/03`, `2024.03`, `03/2024`, `3-2024`.
fn numeric_month(f: &str) -> Option<YearMonth> {
    let sep = f.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let (a, b) = f.split_once(sep)?;
    match (a.len(), b.len()) {
        (4, 1 | 2) => YearMonth::new(year_of(a)?, small(b)?),
        (1 | 2, 4) => YearMonth::new(year_of(b)?, small(a)?),
        _ => None,
    }
}

/// Reads `marzo 2024`, `marzo de 2024`, `Mar 2024`, `mar-24`, `mar.-24`, `2024 marzo`.
fn worded_month(f: &str) -> Option<YearMonth> {
    let pieces = date_pieces(f)?;
    let (month, year) = match pieces[..] {
        [Piece::Word(m), Piece::Number(y)] => (m, year_of(y)?),
        [Piece::Number(y), Piece::Word(m)] if y.len() == 4 => (m, year_of(y)?),
        _ => return None,
    };
    YearMonth::new(year, month_from_name(month)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth::new(year, month).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn year_month_arithmetic() {
        let m = ym(2024, 2);
        assert_eq!(m.first_day(), date(2024, 2, 1));
        assert_eq!(m.last_day(), date(2024, 2, 29));
        assert_eq!(ym(2023, 12).last_day(), date(2023, 12, 31));
        assert_eq!(ym(2023, 12).next(), ym(2024, 1));
        assert_eq!(ym(2024, 1).prev(), ym(2023, 12));
        assert_eq!(ym(2024, 5).next(), ym(2024, 6));
        assert_eq!(ym(2024, 5).prev(), ym(2024, 4));
        assert_eq!(YearMonth::from_date(date(2024, 3, 31)), ym(2024, 3));
        let quarters: Vec<u32> = (1..=12).map(|m| ym(2024, m).quarter()).collect();
        assert_eq!(quarters, [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
        assert!(ym(2024, 3).contains(date(2024, 3, 31)));
        assert!(!ym(2024, 3).contains(date(2024, 4, 1)));
        assert!(ym(2023, 12) < ym(2024, 1));
        assert!(ym(2024, 2) < ym(2024, 11));
    }

    #[test]
    fn through_lists_months_inclusive() {
        let months: Vec<String> = ym(2023, 11)
            .through(ym(2024, 2))
            .map(|m| m.to_string())
            .collect();
        assert_eq!(months, ["2023-11", "2023-12", "2024-01", "2024-02"]);
        assert_eq!(ym(2024, 2).through(ym(2024, 2)).count(), 1);
        assert_eq!(ym(2024, 3).through(ym(2024, 2)).count(), 0);
    }

    #[test]
    fn new_rejects_impossible_months() {
        assert_eq!(YearMonth::new(2024, 0), None);
        assert_eq!(YearMonth::new(2024, 13), None);
        assert_eq!(YearMonth::new(0, 1), None);
        assert_eq!(YearMonth::new(10_000, 1), None);
    }

    #[test]
    fn iso_form_displays_parses_and_serialises() {
        let m = ym(2024, 3);
        assert_eq!(m.to_string(), "2024-03");
        assert_eq!(YearMonth::parse_iso("2024-03"), Some(m));
        assert_eq!(YearMonth::parse_iso(" 2024-03 "), Some(m));
        assert_eq!("2024-03".parse::<YearMonth>(), Ok(m));
        for bad in [
            "2024-3",
            "2024-13",
            "2024-00",
            "24-03",
            "2024/03",
            "",
            "2024-03-01",
            "２０２４-03",
        ] {
            assert_eq!(YearMonth::parse_iso(bad), None, "{bad}");
        }
        assert!("marzo".parse::<YearMonth>().is_err());
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"2024-03\"");
        assert_eq!(serde_json::from_str::<YearMonth>("\"2024-03\"").unwrap(), m);
        assert!(serde_json::from_str::<YearMonth>("\"2024-3\"").is_err());
        assert!(serde_json::from_str::<YearMonth>("202403").is_err());
    }

    #[test]
    fn month_names_in_both_languages() {
        let cases = [
            ("enero", 1),
            ("Ene.", 1),
            ("JANUARY", 1),
            ("jan", 1),
            ("febrero", 2),
            ("Feb.", 2),
            ("marzo", 3),
            ("March", 3),
            ("abr", 4),
            ("Apr.", 4),
            ("mayo", 5),
            ("May", 5),
            ("junio", 6),
            ("jun", 6),
            ("julio", 7),
            ("July", 7),
            ("agosto", 8),
            ("ago.", 8),
            ("Aug", 8),
            ("septiembre", 9),
            ("Setiembre", 9),
            ("sept.", 9),
            ("sep", 9),
            ("set", 9),
            ("September", 9),
            ("octubre", 10),
            ("Oct", 10),
            ("noviembre", 11),
            ("nov.", 11),
            ("Diciembre", 12),
            ("dic", 12),
            ("Dec", 12),
            (" December ", 12),
            ("SÉPTIEMBRE", 9),
            ("se\u{0301}ptiembre", 9),
        ];
        for (name, month) in cases {
            assert_eq!(month_from_name(name), Some(month), "{name}");
        }
        for bad in ["", "ma", "marz", "mes", "13", "junio2024", "."] {
            assert_eq!(month_from_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_in_every_accepted_form() {
        let d = date(2024, 3, 15);
        let cases = [
            "2024-03-15",
            "2024-03-15T00:00:00",
            "2024-03-15 00:00:00",
            "2024-03-15T10:30",
            "2024-03-15T00:00:00.000Z",
            "2024-03-15T00:00:00-03:00",
            "2024/03/15",
            "15/03/2024",
            "15/3/2024",
            "15/03/24",
            "15/03/2024 00:00",
            "15-03-2024",
            "15.03.2024",
            "15 de marzo de 2024",
            "15 de marzo 2024",
            "15 de marzo del 2024",
            "15 marzo 2024",
            "15 de Marzo de 2024",
            "March 15, 2024",
            "March 15 2024",
            "March 15th, 2024",
            "15 March 2024",
            "15th of March 2024",
            "15-mar-2024",
            "15-Mar-24",
            "15 mar. 2024",
            "viernes, 15 de marzo de 2024",
            "Friday, March 15, 2024",
            "  15\u{00A0}de  marzo de 2024 ",
        ];
        for text in cases {
            assert_eq!(parse_date_text(text), Some(d), "{text}");
        }
        assert_eq!(
            parse_date_text("1º de mayo de 2023"),
            Some(date(2023, 5, 1))
        );
        assert_eq!(parse_date_text("29/02/2024"), Some(date(2024, 2, 29)));
    }

    #[test]
    fn dates_that_are_not_dates() {
        let cases = [
            "",
            "   ",
            "marzo 2024",
            "2024-03",
            "15 de marzo",
            "31/02/2024",
            "29/02/2023",
            "32/01/2024",
            "15/13/2024",
            "2024-03-15T25:00:00",
            "2024-03-15 hola",
            "15/03/2024/01",
            "15/03",
            "15 de foo de 2024",
            "15 de marzo de 202",
            "15 de marzo de 20245",
            "99999999999999999999/03/2024",
            "15/03/99999999999999999999",
            "15 de marzo de 99999999999999999999999",
            "march 99999999999999999999, 2024",
            "١٥/٠٣/٢٠٢٤",
            "１５/０３/２０２４",
            "15 日 3 月 2024",
            "15/03-2024",
            "0000-01-01",
            "2024-03-15T",
            "2024-03-15t00:00:00+",
            "-",
            "---",
            "mañana",
            "💥",
        ];
        for text in cases {
            assert_eq!(parse_date_text(text), None, "{text}");
        }
    }

    #[test]
    fn months_in_every_accepted_form() {
        let m = ym(2024, 3);
        let cases = [
            "2024-03",
            "2024-3",
            "2024/03",
            "03/2024",
            "3/2024",
            "3-2024",
            "marzo 2024",
            "Marzo de 2024",
            "marzo del 2024",
            "March 2024",
            "Mar 2024",
            "mar-24",
            "mar.-24",
            "Mar-2024",
            "mar 24",
            "MARZO 2024",
            "2024 marzo",
            "15/03/2024",
            "2024-03-15",
            "2024-03-15T00:00:00",
            "15 de marzo de 2024",
            "March 15, 2024",
        ];
        for text in cases {
            assert_eq!(parse_month_text(text), Some(m), "{text}");
        }
        assert_eq!(parse_month_text("Setiembre 2023"), Some(ym(2023, 9)));
        assert_eq!(parse_month_text("dic-23"), Some(ym(2023, 12)));
    }

    #[test]
    fn months_that_are_not_months() {
        let cases = [
            "",
            "marzo",
            "2024",
            "2024-13",
            "13/2024",
            "0/2024",
            "03/24",
            "24 mar",
            "foo 2024",
            "marzo abril 2024",
            "marzo 2024 2025",
            "mar 999",
            "mar 99999999999999999999",
            "99999999999999999999-03",
            "2024-99999999999999999999",
            "Q1 2024",
            "marzo — 2024 💥",
            "２０２４-０３",
        ];
        for text in cases {
            assert_eq!(parse_month_text(text), None, "{text}");
        }
    }
}
