//! The reader of dates: calendars written as days, months and years ("25 de abril 2023",
//! "Mayo – Diciembre 2023", "Por definir Agosto 2023 (30 o 31 TBD)"), lists of months that
//! come back every year, and the phrases that are a calendar only as a whole ("Proceso
//! continuo", "Una práctica por mes"). It reads the calendars of the first plan; the forms that
//! name periods are read in `periods`.

use chrono::NaiveDate;

use super::error::ScheduleError;
use super::meaning::{Period, Schedule};
use super::tokens::{is_one_of, phrase_at, words_only, Token, WORDS};
use crate::calendar::{self, YearMonth};

/// The most words between "one" and "per month" ("una buena práctica por mes").
const MAX_COUNTED_WORDS: usize = 4;

/// Reads the phrases that are a calendar only as a whole: continuous, monthly, or only "to be
/// defined".
pub(super) fn whole_phrase(tokens: &[Token<'_>]) -> Option<Schedule> {
    let words = words_only(tokens)?;
    if is_one_of(&WORDS.continuous, &words) {
        return Some(Schedule::Continuous);
    }
    let monthly = WORDS.every.iter().filter(|(_, p)| *p == Period::Month);
    if is_one_of(monthly.map(|(phrase, _)| phrase), &words) {
        return Some(Schedule::Monthly);
    }
    if let [first, middle @ .., per, month] = words.as_slice() {
        if WORDS.one.contains(*first)
            && middle.len() <= MAX_COUNTED_WORDS
            && WORDS.per.contains(*per)
            && WORDS.month.contains(*month)
        {
            return Some(Schedule::Monthly);
        }
    }
    if is_one_of(&WORDS.tentative, &words) {
        return Some(Schedule::None);
    }
    None
}

/// A meaningful piece of a calendar phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    /// A month, 1-12.
    Month(u32),
    /// A four-digit year.
    Year(i32),
    /// A day number, 1-31.
    Day(u32),
    /// The link between the ends of a range.
    To,
    /// The link between items of a list.
    And,
    /// The link between alternatives.
    Or,
}

/// A phrase read into items.
#[derive(Debug, Default)]
struct Reading {
    /// The items outside parentheses, with the words they were read from.
    items: Vec<(Item, String)>,
    /// The items inside parentheses.
    aside: Vec<Item>,
    /// Whether the phrase says the calendar is still to be confirmed.
    tentative: bool,
    /// Whether the phrase says the months come back every year.
    every_year: bool,
    /// Whether the phrase has small words ("en octubre", "in October"): months with them are
    /// one month, not a list that comes back every year.
    worded: bool,
}

/// Reads a calendar of days, months and years; the flag says whether it is marked tentative.
pub(super) fn read(tokens: &[Token<'_>]) -> Result<(Schedule, bool), ScheduleError> {
    let reading = read_items(tokens)?;
    let tentative = reading.tentative;
    build(reading).map(|s| (s, tentative))
}

/// Reads tokens into items, setting aside the "to be defined" and "every year" phrases.
fn read_items(tokens: &[Token<'_>]) -> Result<Reading, ScheduleError> {
    let mut reading = Reading::default();
    let mut inside = false;
    let mut at = 0;
    while at < tokens.len() {
        if let Some(n) = phrase_at(tokens, at, &WORDS.tentative) {
            reading.tentative = true;
            at += n;
            continue;
        }
        if let Some(n) = phrase_at(tokens, at, &WORDS.every_year) {
            reading.every_year = true;
            at += n;
            continue;
        }
        let (item, written) = match &tokens[at] {
            Token::Open if !inside => {
                inside = true;
                at += 1;
                continue;
            }
            Token::Close if inside => {
                inside = false;
                at += 1;
                continue;
            }
            Token::Open | Token::Close => return Err(ScheduleError::UnbalancedParenthesis),
            Token::Dash => (Item::To, "-".to_string()),
            Token::Comma => (Item::And, ",".to_string()),
            Token::Number(digits) => (number(digits)?, digits.to_string()),
            Token::Word(written, key) => match word(key) {
                Some(Some(item)) => (item, written.to_string()),
                Some(None) => {
                    reading.worded = true;
                    at += 1;
                    continue;
                }
                None => return Err(ScheduleError::UnknownWord(written.to_string())),
            },
            Token::Month(m) => (Item::Month(*m), String::new()),
            Token::Year(y) => (Item::Year(*y), y.to_string()),
            Token::Suffix(written, _) => {
                return Err(ScheduleError::UnknownWord(written.to_string()))
            }
            Token::Mark(_) => return Err(ScheduleError::unreadable()),
        };
        if inside {
            reading.aside.push(item);
        } else {
            reading.items.push((item, written));
        }
        at += 1;
    }
    if inside {
        return Err(ScheduleError::UnbalancedParenthesis);
    }
    Ok(reading)
}

/// Reads a number: a day of one or two digits, or a year of four.
fn number(digits: &str) -> Result<Item, ScheduleError> {
    let bad = || ScheduleError::BadNumber(digits.to_string());
    if digits.len() > 4 {
        return Err(bad());
    }
    let n: u32 = digits.parse().map_err(|_| bad())?;
    match digits.len() {
        1 | 2 if (1..=31).contains(&n) => Ok(Item::Day(n)),
        4 if n >= 1 => Ok(Item::Year(n as i32)),
        _ => Err(bad()),
    }
}

/// Reads a folded word: `Some(Some(item))` for a meaningful word, `Some(None)` for a filler,
/// `None` for an unknown word.
fn word(key: &str) -> Option<Option<Item>> {
    if let Some(m) = calendar::month_from_name(key) {
        Some(Some(Item::Month(m)))
    } else if WORDS.range.contains(key) {
        Some(Some(Item::To))
    } else if WORDS.and.contains(key) {
        Some(Some(Item::And))
    } else if WORDS.or.contains(key) {
        Some(Some(Item::Or))
    } else if WORDS.fillers.contains(key) {
        Some(None)
    } else {
        None
    }
}

/// One end of a calendar: its days, month and year, each as far as written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Point {
    /// The days, in the order written.
    days: Vec<u32>,
    /// Whether the days are alternatives ("30 o 31") rather than a list ("27 y 28").
    alternatives: bool,
    /// The month.
    month: Option<u32>,
    /// The year.
    year: Option<i32>,
}

impl Point {
    /// Returns the month and year, both required.
    fn year_month(&self) -> Result<YearMonth, ScheduleError> {
        let month = self.month.ok_or(ScheduleError::MissingMonth)?;
        let year = self.year.ok_or(ScheduleError::MissingYear)?;
        YearMonth::new(year, month).ok_or_else(ScheduleError::unreadable)
    }
}

/// Builds the schedule from the items read.
fn build(reading: Reading) -> Result<Schedule, ScheduleError> {
    let Reading {
        items,
        aside,
        tentative,
        every_year,
        worded,
    } = reading;
    let items = tidy(items);
    if items.is_empty() {
        return if tentative && aside.is_empty() && !every_year {
            Ok(Schedule::None)
        } else {
            Err(ScheduleError::MissingMonth)
        };
    }
    let candidates = candidate_days(&aside)?;

    if let Some(months) = month_list(&items)?.filter(|_| every_year || !worded) {
        if !candidates.is_empty() {
            return Err(if months.len() == 1 {
                ScheduleError::MissingYear
            } else {
                ScheduleError::MisplacedDays
            });
        }
        if tentative && !every_year && months.len() == 1 {
            return Err(ScheduleError::MissingYear);
        }
        return Ok(Schedule::Recurring { months });
    }
    if every_year {
        return Err(ScheduleError::EveryYearWithoutMonths);
    }

    let plain: Vec<Item> = items.iter().map(|(item, _)| *item).collect();
    let ends: Vec<&[Item]> = plain.split(|item| *item == Item::To).collect();
    match ends[..] {
        [one] => single(point(one)?, tentative, candidates),
        [first, last] => {
            if !candidates.is_empty() {
                return Err(ScheduleError::MisplacedDays);
            }
            range(point(first)?, point(last)?, tentative)
        }
        _ => Err(ScheduleError::several_ranges()),
    }
}

/// Drops list marks that link nothing: at either end, and before a year ("September 27-28, 2023").
fn tidy(items: Vec<(Item, String)>) -> Vec<(Item, String)> {
    let mut out: Vec<(Item, String)> = Vec::with_capacity(items.len());
    for (item, written) in items {
        if matches!(item, Item::Year(_)) && matches!(out.last(), Some((Item::And, _))) {
            out.pop();
        }
        out.push((item, written));
    }
    while matches!(out.first(), Some((Item::And, _))) {
        out.remove(0);
    }
    while matches!(out.last(), Some((Item::And, _))) {
        out.pop();
    }
    out
}

/// Reads the days written in parentheses ("(30 o 31 TBD)", "(30-31)"), ascending.
fn candidate_days(aside: &[Item]) -> Result<Vec<u32>, ScheduleError> {
    let mut days = Vec::new();
    let mut after_link = true;
    let mut range_from = None;
    for item in aside {
        match (*item, after_link) {
            (Item::Day(d), true) => {
                match range_from.take() {
                    Some(from) if from <= d => days.extend(from..=d),
                    Some(from) => {
                        return Err(ScheduleError::Backwards {
                            start: from.to_string(),
                            end: d.to_string(),
                        })
                    }
                    None => days.push(d),
                }
                after_link = false;
            }
            (Item::Or | Item::And, false) => after_link = true,
            (Item::To, false) => {
                range_from = days.pop();
                after_link = true;
            }
            _ => return Err(ScheduleError::MisplacedDays),
        }
    }
    if after_link && !days.is_empty() {
        return Err(ScheduleError::MisplacedDays);
    }
    days.sort_unstable();
    days.dedup();
    Ok(days)
}

/// Reads a list of months without days or years ("Mayo, agosto", "Mayo  Noviembre",
/// "May and November"); `None` when the items are something else.
fn month_list(items: &[(Item, String)]) -> Result<Option<Vec<u32>>, ScheduleError> {
    let mut months: Vec<u32> = Vec::new();
    let mut after_link = true;
    for (item, written) in items {
        match item {
            Item::Month(m) => {
                if months.contains(m) {
                    return Err(ScheduleError::RepeatedMonth(written.clone()));
                }
                months.push(*m);
                after_link = false;
            }
            Item::And if !after_link => after_link = true,
            _ => return Ok(None),
        }
    }
    Ok((!months.is_empty()).then_some(months))
}

/// Reads one end of a calendar: days (before or after the month), month, year, in that order.
fn point(items: &[Item]) -> Result<Point, ScheduleError> {
    let mut p = Point::default();
    let mut link: Option<Item> = None;
    let mut days_done = false;
    for (i, item) in items.iter().enumerate() {
        if p.year.is_some() {
            return Err(ScheduleError::unreadable());
        }
        match *item {
            Item::Day(d) => {
                let continues = link.take().is_some();
                if days_done || (!p.days.is_empty() && !continues) {
                    return Err(ScheduleError::unreadable());
                }
                p.days.push(d);
            }
            Item::And | Item::Or => {
                let next_is_day = matches!(items.get(i + 1), Some(Item::Day(_)));
                if p.days.is_empty() || link.is_some() || !next_is_day {
                    return Err(ScheduleError::unreadable());
                }
                let alternatives = *item == Item::Or;
                if p.days.len() > 1 && alternatives != p.alternatives {
                    return Err(ScheduleError::unreadable());
                }
                p.alternatives = alternatives;
                link = Some(*item);
            }
            Item::Month(m) => {
                if p.month.is_some() {
                    return Err(ScheduleError::unreadable());
                }
                days_done = !p.days.is_empty();
                p.month = Some(m);
            }
            Item::Year(y) => p.year = Some(y),
            Item::To => return Err(ScheduleError::unreadable()),
        }
    }
    if p.days.is_empty() && p.month.is_none() && p.year.is_none() {
        return Err(ScheduleError::unreadable());
    }
    Ok(p)
}

/// Returns the date, or says that the month has no such day.
fn day_of(month: YearMonth, day: u32) -> Result<NaiveDate, ScheduleError> {
    NaiveDate::from_ymd_opt(month.year, month.month, day)
        .ok_or(ScheduleError::NoSuchDay { day, month })
}

/// Builds a calendar with one end: a month, a day or run of days, a tentative month.
fn single(p: Point, tentative: bool, candidates: Vec<u32>) -> Result<Schedule, ScheduleError> {
    let month = p.year_month()?;
    if p.days.is_empty() {
        for &day in &candidates {
            day_of(month, day)?;
        }
        return Ok(if tentative || !candidates.is_empty() {
            Schedule::Tentative {
                month,
                days: candidates,
            }
        } else {
            Schedule::Month { month }
        });
    }
    if !candidates.is_empty() {
        return Err(ScheduleError::DaysTwice);
    }
    let mut days = p.days;
    for &day in &days {
        day_of(month, day)?;
    }
    if tentative || p.alternatives {
        days.sort_unstable();
        days.dedup();
        return Ok(Schedule::Tentative { month, days });
    }
    if days.windows(2).any(|w| w[1] != w[0] + 1) {
        return Err(ScheduleError::SeparateDays);
    }
    let (first, last) = (days[0], days[days.len() - 1]);
    Ok(Schedule::Dates {
        start: day_of(month, first)?,
        end: day_of(month, last)?,
    })
}

/// Builds a calendar from two ends: a run of days or a run of months. An end that lacks its
/// month or year takes it from the other end ("27-28 de septiembre 2023", "Mayo – Diciembre 2023").
fn range(mut a: Point, mut b: Point, tentative: bool) -> Result<Schedule, ScheduleError> {
    if a.days.len() > 1 || b.days.len() > 1 {
        return Err(ScheduleError::unreadable());
    }
    if a.days.is_empty() != b.days.is_empty() {
        return Err(ScheduleError::mixed_range());
    }
    a.month = a.month.or(b.month);
    b.month = b.month.or(a.month);
    a.year = a.year.or(b.year);
    b.year = b.year.or(a.year);
    let (from, to) = (a.year_month()?, b.year_month()?);
    if a.days.is_empty() {
        if to < from {
            return Err(ScheduleError::Backwards {
                start: from.to_string(),
                end: to.to_string(),
            });
        }
        return Ok(if from == to {
            Schedule::Month { month: from }
        } else {
            Schedule::MonthRange {
                start: from,
                end: to,
            }
        });
    }
    let (start, end) = (day_of(from, a.days[0])?, day_of(to, b.days[0])?);
    if end < start {
        return Err(ScheduleError::Backwards {
            start: start.to_string(),
            end: end.to_string(),
        });
    }
    if tentative && from == to {
        return Ok(Schedule::Tentative {
            month: from,
            days: (a.days[0]..=b.days[0]).collect(),
        });
    }
    Ok(Schedule::Dates { start, end })
}
