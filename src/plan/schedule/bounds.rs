//! An activity's dates beside its calendar phrase: `start` and `end`, each a day or a month, as
//! plans exported from other systems carry them (UN INFO gives every sub-output a start and an
//! end date), and the windows they give.
//!
//! A date written as text is read in the plan's order of day and month (`[plan] date_order`,
//! day first unless the plan says month first): `15/03/2027` is 15 March in a plan that writes
//! day first, and refused in one that writes month first, with the reading the other order
//! would give, so that a plan written in the other order is caught on its first impossible date
//! rather than read wrongly. ISO dates and months (`2027-03-15`, `2027-03`) and dates in words
//! (`15 de marzo de 2027`, `March 15, 2027`) read the same in either order. Nothing here guesses:
//! what is not one of these forms is refused with the forms that are.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::meaning::{Period, Schedule, Window};
use crate::calendar::{self, YearMonth};
use crate::i18n::{format_date, tr, Lang, Text};

/// The order in which a plan writes the day and the month of a date as numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day, month, year: `15/03/2027` (the default, as Latin American offices write).
    #[default]
    Dmy,
    /// Month, day, year: `3/15/2027`, US short dates as UN INFO exports them.
    Mdy,
}

impl DateOrder {
    /// Reads the setting as written (`dmy`, `MDY`).
    pub fn parse(s: &str) -> Option<DateOrder> {
        match s.trim().to_ascii_lowercase().as_str() {
            "dmy" => Some(DateOrder::Dmy),
            "mdy" => Some(DateOrder::Mdy),
            _ => None,
        }
    }

    /// Returns the setting's value as the plan writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }

    /// Returns how the order writes 15 March 2027 (`15/03/2027`, `03/15/2027`).
    fn example(self) -> &'static str {
        match self {
            DateOrder::Dmy => "15/03/2027",
            DateOrder::Mdy => "03/15/2027",
        }
    }

    fn other(self) -> DateOrder {
        match self {
            DateOrder::Dmy => DateOrder::Mdy,
            DateOrder::Mdy => DateOrder::Dmy,
        }
    }
}

/// A start or an end as an activity gives it: a day, or a whole month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// A day.
    Day(NaiveDate),
    /// A month: as a start, its first day; as an end, its last.
    Month(YearMonth),
}

impl Bound {
    /// Returns the first day it may mean: the day, or the month's first day.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Bound::Day(d) => d,
            Bound::Month(m) => m.first_day(),
        }
    }

    /// Returns the last day it may mean: the day, or the month's last day.
    pub fn last_day(self) -> NaiveDate {
        match self {
            Bound::Day(d) => d,
            Bound::Month(m) => m.last_day(),
        }
    }

    /// Returns it in words: a date or a month.
    pub fn text(self, lang: Lang) -> String {
        match self {
            Bound::Day(d) => format_date(lang, d),
            Bound::Month(m) => crate::i18n::format_month(lang, m),
        }
    }
}

impl Serialize for Bound {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Bound::Day(d) => serializer.collect_str(&d.format("%Y-%m-%d")),
            Bound::Month(m) => serializer.collect_str(m),
        }
    }
}

/// Returns an activity's dates in words ("del 15 de marzo de 2027 al 30 de junio de 2027",
/// "15 de mayo de 2027 – diciembre de 2027", "desde marzo de 2027", "hasta el 30 de junio de
/// 2027"); empty when it gives none.
pub fn dates_text(start: Option<Bound>, end: Option<Bound>, lang: Lang) -> String {
    let key = match (start, end) {
        // The same day or month as start and end is that day or month.
        (Some(s), Some(e)) if s == e => return s.text(lang),
        (Some(Bound::Day(_)), Some(Bound::Day(_))) => "plan.dates.from-to-days",
        (Some(_), Some(_)) => "plan.dates.from-to",
        (Some(Bound::Day(_)), None) => "plan.dates.from-day",
        (Some(Bound::Month(_)), None) => "plan.dates.from-month",
        (None, Some(Bound::Day(_))) => "plan.dates.until-day",
        (None, Some(Bound::Month(_))) => "plan.dates.until-month",
        (None, None) => return String::new(),
    };
    let text = |b: Option<Bound>| b.map(|b| b.text(lang)).unwrap_or_default();
    tr(lang, key, &[("start", &text(start)), ("end", &text(end))])
}

/// Reads a start or an end as the plan file writes it: a string (`"2027-03-15"`,
/// `"15/03/2027"`), or a TOML date (`start = 2027-03-15`), kept as written for the checks to
/// read.
pub fn written_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Text(String),
        Date(toml::value::Datetime),
    }
    Ok(match Option::<Written>::deserialize(d)? {
        None => None,
        Some(Written::Text(s)) => Some(s),
        Some(Written::Date(d)) => Some(d.to_string()),
    })
}

/// Why a start or an end could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoundError {
    /// Not a date or a month in any form read.
    NotADate,
    /// Numbers that are no date in the plan's order, but are one in the other.
    OtherOrder {
        /// The plan's order.
        order: DateOrder,
        /// The date the other order would give.
        other: NaiveDate,
    },
    /// Numbers that are no date in either order (`31/02/2027`, `2027-13`).
    NoSuchDate,
}

impl BoundError {
    /// Says what is wrong with `written` and what to write, in both languages.
    pub fn text(&self, written: &str, order: DateOrder) -> Text {
        let written = written.trim().to_string();
        match *self {
            BoundError::NotADate => Text::tr(
                "plan.dates.not-a-date",
                &[("value", &written), ("local", &order.example())],
            ),
            BoundError::NoSuchDate => Text::tr(
                "plan.dates.no-such-date",
                &[("value", &written), ("local", &order.example())],
            ),
            BoundError::OtherOrder { order, other } => {
                let key = match order {
                    DateOrder::Dmy => "plan.dates.month-first",
                    DateOrder::Mdy => "plan.dates.day-first",
                };
                Text::from_fn(|lang| {
                    tr(
                        lang,
                        key,
                        &[
                            ("value", &written),
                            ("other", &format_date(lang, other)),
                            ("iso", &other.format("%Y-%m-%d")),
                            ("setting", &order.other().as_str()),
                        ],
                    )
                })
            }
        }
    }
}

/// Reads a start or an end written as text: `2027-03-15`, `2027-03`, a date of numbers in the
/// plan's order (`15/03/2027` or `3/15/27`; `-` and `.` separate as well as `/`; a two-digit
/// year is 20xx), a month of numbers (`03/2027`), or a date or month in words in any language
/// that has a words file (`15 de marzo de 2027`, `Mar/2027`).
pub fn read(text: &str, order: DateOrder) -> Result<Bound, BoundError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(BoundError::NotADate);
    }
    if t.chars().any(char::is_alphabetic) {
        if let Some(day) = calendar::parse_date_text(t) {
            return Ok(Bound::Day(day));
        }
        return calendar::parse_month_text(t)
            .map(Bound::Month)
            .ok_or(BoundError::NotADate);
    }
    let parts: Vec<&str> = t.split(['/', '-', '.']).map(str::trim).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(BoundError::NotADate);
    }
    let num = |p: &str| p.parse::<u32>().ok();
    match parts.as_slice() {
        // A year first: year, month (and day), whatever the plan's order.
        [y, m] if y.len() == 4 && m.len() <= 2 => {
            YearMonth::new(year(y).ok_or(BoundError::NotADate)?, num(m).unwrap_or(0))
                .map(Bound::Month)
                .ok_or(BoundError::NoSuchDate)
        }
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => NaiveDate::from_ymd_opt(
            year(y).ok_or(BoundError::NotADate)?,
            num(m).unwrap_or(0),
            num(d).unwrap_or(0),
        )
        .map(Bound::Day)
        .ok_or(BoundError::NoSuchDate),
        // A month and a year last.
        [m, y] if m.len() <= 2 && y.len() == 4 => {
            YearMonth::new(year(y).ok_or(BoundError::NotADate)?, num(m).unwrap_or(0))
                .map(Bound::Month)
                .ok_or(BoundError::NoSuchDate)
        }
        [a, b, y] if a.len() <= 2 && b.len() <= 2 && matches!(y.len(), 2 | 4) => {
            let y = year(y).ok_or(BoundError::NotADate)?;
            let (a, b) = (num(a).unwrap_or(0), num(b).unwrap_or(0));
            let day = |order: DateOrder| match order {
                DateOrder::Dmy => NaiveDate::from_ymd_opt(y, b, a),
                DateOrder::Mdy => NaiveDate::from_ymd_opt(y, a, b),
            };
            match (day(order), day(order.other())) {
                (Some(d), _) => Ok(Bound::Day(d)),
                (None, Some(other)) => Err(BoundError::OtherOrder { order, other }),
                (None, None) => Err(BoundError::NoSuchDate),
            }
        }
        _ => Err(BoundError::NotADate),
    }
}

/// Reads a year of four digits, or of two meaning 20xx.
fn year(s: &str) -> Option<i32> {
    let n: i32 = s.parse().ok()?;
    match s.len() {
        4 if n >= 1 => Some(n),
        2 => Some(2000 + n),
        _ => None,
    }
}

/// What an activity's calendar means once its dates are laid over its phrase: the schedule
/// the later stages ask (one-off, recurring or continuous, and the reading shown), the planned
/// window and the occurrences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Governed {
    /// The schedule whose kind and reading the outputs show.
    pub schedule: Schedule,
    /// The planned window.
    pub window: Window,
    /// The expected occurrences.
    pub occurrences: Vec<Window>,
}

/// Returns the window the dates give: from the start's first day (the plan's first day when
/// there is no start) to the end's last day (the plan's last day when there is none). A start
/// after the plan's end with no end of its own runs to the end of its month.
pub fn dates_window(
    start: Option<Bound>,
    end: Option<Bound>,
    plan_start: YearMonth,
    plan_end: YearMonth,
) -> Window {
    let first = start.map_or(plan_start.first_day(), Bound::first_day);
    let last = match (start, end) {
        (_, Some(e)) => e.last_day(),
        (Some(s), None) => plan_end
            .last_day()
            .max(YearMonth::from_date(s.first_day()).last_day()),
        (None, None) => plan_end.last_day(),
    };
    Window {
        start: first.min(last),
        end: last,
    }
}

/// Lays an activity's dates over what its phrase means. With no dates, the phrase governs.
/// With dates, they give the planned window (see [`dates_window`]) and:
///
/// - a recurring phrase keeps its occurrences that meet the window, each cut to it (a
///   periodic one is shown bounded by the dates' months);
/// - a continuous phrase is continuous over the window;
/// - a one-off phrase, or none, is one window: the dates' (a deadline from the plan's first day
///   when only an end is given, as "by" phrases are).
pub fn govern(
    phrase: &Schedule,
    start: Option<Bound>,
    end: Option<Bound>,
    plan_start: YearMonth,
    plan_end: YearMonth,
) -> Governed {
    if start.is_none() && end.is_none() {
        let (s, e) = phrase.window(plan_start, plan_end);
        return Governed {
            schedule: phrase.clone(),
            window: Window { start: s, end: e },
            occurrences: phrase.windows(plan_start, plan_end),
        };
    }
    let window = dates_window(start, end, plan_start, plan_end);
    let (first, last) = (
        YearMonth::from_date(window.start),
        YearMonth::from_date(window.end),
    );
    if phrase.is_recurring() {
        let occurrences = phrase
            .windows(plan_start, plan_end)
            .into_iter()
            .filter(|w| w.end >= window.start && w.start <= window.end)
            .map(|w| Window {
                start: w.start.max(window.start),
                end: w.end.min(window.end),
            })
            .collect();
        let schedule = match phrase {
            Schedule::Monthly => Schedule::Periodic {
                every: Period::Month,
                from: Some(first),
                to: Some(last),
            },
            Schedule::Periodic { every, .. } => Schedule::Periodic {
                every: *every,
                from: Some(first),
                to: Some(last),
            },
            other => other.clone(),
        };
        return Governed {
            schedule,
            window,
            occurrences,
        };
    }
    if phrase.is_continuous() {
        return Governed {
            schedule: Schedule::ContinuousWithin {
                start: first,
                end: Some(last),
            },
            window,
            occurrences: Vec::new(),
        };
    }
    let whole_months = window.start == first.first_day() && window.end == last.last_day();
    let schedule = match (start, end) {
        (None, Some(_)) => Schedule::Until { end: window.end },
        _ if whole_months && first == last => Schedule::Month { month: first },
        _ if whole_months => Schedule::MonthRange {
            start: first,
            end: last,
        },
        _ => Schedule::Dates {
            start: window.start,
            end: window.end,
        },
    };
    let (s, e) = schedule.window(plan_start, plan_end);
    let window = Window { start: s, end: e };
    Governed {
        schedule,
        window,
        occurrences: vec![window],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Bound {
        Bound::Day(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse_iso(s).unwrap()
    }

    fn w(a: &str, b: &str) -> Window {
        Window {
            start: NaiveDate::parse_from_str(a, "%Y-%m-%d").unwrap(),
            end: NaiveDate::parse_from_str(b, "%Y-%m-%d").unwrap(),
        }
    }

    #[test]
    fn iso_dates_and_months_read_in_either_order() {
        for order in [DateOrder::Dmy, DateOrder::Mdy] {
            assert_eq!(read("2027-03-15", order), Ok(day("2027-03-15")));
            assert_eq!(read(" 2027-03 ", order), Ok(Bound::Month(ym("2027-03"))));
            assert_eq!(read("2027/03/15", order), Ok(day("2027-03-15")));
            assert_eq!(read("03/2027", order), Ok(Bound::Month(ym("2027-03"))));
            assert_eq!(read("15 de marzo de 2027", order), Ok(day("2027-03-15")));
            assert_eq!(read("March 15, 2027", order), Ok(day("2027-03-15")));
            assert_eq!(
                read("marzo de 2027", order),
                Ok(Bound::Month(ym("2027-03")))
            );
            assert_eq!(read("Mar/2027", order), Ok(Bound::Month(ym("2027-03"))));
        }
    }

    #[test]
    fn numbers_read_in_the_plans_order() {
        assert_eq!(read("15/03/2027", DateOrder::Dmy), Ok(day("2027-03-15")));
        assert_eq!(read("04/03/2027", DateOrder::Dmy), Ok(day("2027-03-04")));
        assert_eq!(read("4.3.2027", DateOrder::Dmy), Ok(day("2027-03-04")));
        assert_eq!(read("04/03/2027", DateOrder::Mdy), Ok(day("2027-04-03")));
        // US short dates as UN INFO exports them.
        assert_eq!(read("1/1/23", DateOrder::Mdy), Ok(day("2023-01-01")));
        assert_eq!(read("3/15/27", DateOrder::Mdy), Ok(day("2027-03-15")));
    }

    #[test]
    fn a_date_only_the_other_order_reads_is_refused_with_that_reading() {
        let e = read("3/15/2027", DateOrder::Dmy).unwrap_err();
        assert_eq!(
            e,
            BoundError::OtherOrder {
                order: DateOrder::Dmy,
                other: NaiveDate::from_ymd_opt(2027, 3, 15).unwrap()
            }
        );
        let text = e
            .text("3/15/2027", DateOrder::Dmy)
            .get(Lang::En)
            .to_string();
        assert!(text.contains("date_order = \"mdy\""), "{text}");
        assert!(text.contains("2027-03-15"), "{text}");
        let es = e
            .text("3/15/2027", DateOrder::Dmy)
            .get(Lang::Es)
            .to_string();
        assert!(es.contains("date_order = \"mdy\""), "{es}");
        let e = read("15/03/2027", DateOrder::Mdy).unwrap_err();
        assert!(matches!(e, BoundError::OtherOrder { .. }));
        let text = e
            .text("15/03/2027", DateOrder::Mdy)
            .get(Lang::En)
            .to_string();
        assert!(text.contains("date_order = \"dmy\""), "{text}");
    }

    #[test]
    fn impossible_and_unreadable_dates_are_refused() {
        for bad in [
            "31/02/2027",
            "2027-02-30",
            "2027-13",
            "13/2027",
            "32/13/2027",
        ] {
            assert_eq!(
                read(bad, DateOrder::Dmy),
                Err(BoundError::NoSuchDate),
                "{bad}"
            );
        }
        for bad in [
            "",
            "46096",
            "2027",
            "mañana",
            "15/03",
            "1/2/3",
            "2027-03-15-01",
        ] {
            assert_eq!(
                read(bad, DateOrder::Dmy),
                Err(BoundError::NotADate),
                "{bad}"
            );
        }
        let text = BoundError::NotADate
            .text("46096", DateOrder::Mdy)
            .get(Lang::En)
            .to_string();
        assert!(text.contains("03/15/2027"), "{text}");
    }

    #[test]
    fn a_month_as_start_is_its_first_day_and_as_end_its_last() {
        let (a, b) = (ym("2027-01"), ym("2028-12"));
        let m = Bound::Month(ym("2027-03"));
        assert_eq!(
            dates_window(Some(m), Some(m), a, b),
            w("2027-03-01", "2027-03-31")
        );
        // A start alone runs to the plan's end; an end alone from the plan's first day.
        assert_eq!(
            dates_window(Some(m), None, a, b),
            w("2027-03-01", "2028-12-31")
        );
        assert_eq!(
            dates_window(None, Some(m), a, b),
            w("2027-01-01", "2027-03-31")
        );
    }

    #[test]
    fn dates_govern_a_one_off_phrase() {
        let (a, b) = (ym("2027-01"), ym("2028-12"));
        let phrase = Schedule::Month {
            month: ym("2027-06"),
        };
        let g = govern(
            &phrase,
            Some(day("2027-03-15")),
            Some(day("2027-06-30")),
            a,
            b,
        );
        assert_eq!(g.window, w("2027-03-15", "2027-06-30"));
        assert_eq!(g.occurrences, vec![w("2027-03-15", "2027-06-30")]);
        assert!(g.schedule.is_one_off());
        let g = govern(
            &Schedule::None,
            None,
            Some(Bound::Month(ym("2027-09"))),
            a,
            b,
        );
        assert_eq!(
            g.schedule,
            Schedule::Until {
                end: NaiveDate::from_ymd_opt(2027, 9, 30).unwrap()
            }
        );
        assert_eq!(g.window, w("2027-01-01", "2027-09-30"));
        let g = govern(
            &Schedule::None,
            Some(Bound::Month(ym("2027-03"))),
            Some(Bound::Month(ym("2027-05"))),
            a,
            b,
        );
        assert_eq!(
            g.schedule,
            Schedule::MonthRange {
                start: ym("2027-03"),
                end: ym("2027-05")
            }
        );
    }

    #[test]
    fn dates_bound_a_recurring_phrase() {
        let (a, b) = (ym("2027-01"), ym("2028-12"));
        let phrase = Schedule::Periodic {
            every: Period::Quarter,
            from: None,
            to: None,
        };
        let g = govern(
            &phrase,
            Some(day("2027-05-15")),
            Some(Bound::Month(ym("2027-12"))),
            a,
            b,
        );
        assert_eq!(
            g.occurrences,
            vec![
                w("2027-05-15", "2027-06-30"),
                w("2027-07-01", "2027-09-30"),
                w("2027-10-01", "2027-12-31")
            ]
        );
        assert!(g.schedule.is_recurring());
        assert_eq!(
            g.schedule,
            Schedule::Periodic {
                every: Period::Quarter,
                from: Some(ym("2027-05")),
                to: Some(ym("2027-12"))
            }
        );
    }

    #[test]
    fn dates_bound_a_continuous_phrase() {
        let (a, b) = (ym("2027-01"), ym("2028-12"));
        let g = govern(
            &Schedule::Continuous,
            Some(Bound::Month(ym("2027-04"))),
            None,
            a,
            b,
        );
        assert!(g.schedule.is_continuous());
        assert!(g.occurrences.is_empty());
        assert_eq!(g.window, w("2027-04-01", "2028-12-31"));
    }

    #[test]
    fn without_dates_the_phrase_governs() {
        let (a, b) = (ym("2027-01"), ym("2028-12"));
        let phrase = Schedule::Recurring {
            months: vec![5, 11],
        };
        let g = govern(&phrase, None, None, a, b);
        assert_eq!(g.schedule, phrase);
        assert_eq!(g.occurrences, phrase.windows(a, b));
    }
}
