//! The calendar forms that name periods rather than dates: periodicities ("Trimestral",
//! "twice a year"), quarters and halves ("II trimestre 2025", "H2 2025"), years ("2025",
//! "2025-2026"), open ends ("hasta junio de 2025", "from March 2025"), the whole plan
//! ("a lo largo del bienio") and lists of months with their years ("Marzo y septiembre de
//! 2025"). Phrases with none of these are left to the reader of dates (`dates`), so the
//! calendars it already reads keep their meaning.

use chrono::NaiveDate;

use super::error::ScheduleError;
use super::meaning::{Period, Schedule};
use super::tokens::{phrase_at, phrase_len, Mark, Token, WORDS};
use crate::calendar::{self, YearMonth};

/// A meaningful piece of a period phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum X {
    Period(Period),
    Quarter(u32),
    Half(u32),
    Year(i32),
    Month(u32),
    Day(u32),
    Until,
    From,
    Throughout,
    Whole,
    To,
    And,
}

/// One end of a period calendar, as far as written.
#[derive(Debug, Clone, Copy, Default)]
struct Point {
    /// The months it covers, 1-12 (`(4, 6)` for the second quarter).
    months: Option<(u32, u32)>,
    /// A day of its single month.
    day: Option<u32>,
    /// Its year.
    year: Option<i32>,
}

impl Point {
    fn bounds(&self) -> Result<(YearMonth, YearMonth), ScheduleError> {
        let year = self.year.ok_or(ScheduleError::MissingYear)?;
        let (a, b) = self.months.unwrap_or((1, 12));
        let first = YearMonth::new(year, a).ok_or_else(ScheduleError::unreadable)?;
        let last = YearMonth::new(year, b).ok_or_else(ScheduleError::unreadable)?;
        Ok((first, last))
    }

    fn first_day(&self) -> Result<NaiveDate, ScheduleError> {
        let (first, _) = self.bounds()?;
        match self.day {
            Some(day) => NaiveDate::from_ymd_opt(first.year, first.month, day)
                .ok_or(ScheduleError::NoSuchDay { day, month: first }),
            None => Ok(first.first_day()),
        }
    }

    fn last_day(&self) -> Result<NaiveDate, ScheduleError> {
        let (_, last) = self.bounds()?;
        match self.day {
            Some(day) => NaiveDate::from_ymd_opt(last.year, last.month, day)
                .ok_or(ScheduleError::NoSuchDay { day, month: last }),
            None => Ok(last.last_day()),
        }
    }
}

/// Reads a phrase that names periods. Returns `None` when it names none of them, so the reader
/// of dates takes it; `Some(Err)` when it does but cannot be read; the flag says whether the
/// phrase marks the calendar as still to be confirmed.
pub(super) fn read(tokens: &[Token<'_>]) -> Option<Result<(Schedule, bool), ScheduleError>> {
    // A dash between two words that are not months joins a word pair ("half-yearly").
    let is_plain_word = |t: Option<&Token<'_>>| matches!(t, Some(Token::Word(_, k)) if calendar::month_from_name(k).is_none());
    let tokens: Vec<Token<'_>> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            !(**t == Token::Dash
                && i.checked_sub(1)
                    .is_some_and(|j| is_plain_word(tokens.get(j)))
                && is_plain_word(tokens.get(i + 1)))
        })
        .map(|(_, t)| t.clone())
        .collect();
    let tokens = tokens.as_slice();
    let (mut items, tentative) = match items(tokens) {
        Ok(found) => found,
        Err(e) => return named_periods(tokens).then_some(Err(e)),
    };
    // "from May to December", "desde el 3 hasta el 5": the range reader takes them.
    if items.contains(&X::To) {
        items.retain(|x| *x != X::From);
    }
    if let [X::Month(m), X::Year(y)] | [X::Year(y), X::Month(m)] = items[..] {
        if tentative {
            return Some(
                YearMonth::new(y, m)
                    .map(|month| {
                        (
                            Schedule::Tentative {
                                month,
                                days: Vec::new(),
                            },
                            true,
                        )
                    })
                    .ok_or_else(ScheduleError::unreadable),
            );
        }
    }
    let new_kind = items.iter().any(|x| {
        matches!(
            x,
            X::Period(_)
                | X::Quarter(_)
                | X::Half(_)
                | X::Until
                | X::From
                | X::Throughout
                | X::Whole
        )
    });
    let only_years = items.iter().all(|x| matches!(x, X::Year(_) | X::To))
        && items.iter().any(|x| matches!(x, X::Year(_)));
    let month_years = month_years(&items);
    if !new_kind && !only_years && month_years.is_none() {
        return None;
    }
    if let Some(months) = month_years.filter(|_| !new_kind) {
        return Some(Ok((Schedule::Months { months }, tentative)));
    }
    Some(build(&items).map(|s| (s, tentative)))
}

/// Returns true when the phrase holds a word only these forms use, so their error stands.
fn named_periods(tokens: &[Token<'_>]) -> bool {
    (0..tokens.len()).any(|at| {
        WORDS.every.iter().any(|(p, _)| phrase_len(tokens, at, p).is_some())
            || phrase_at(tokens, at, &WORDS.until).is_some()
            || phrase_at(tokens, at, &WORDS.from).is_some()
            || matches!(&tokens[at], Token::Word(_, k)
                if WORDS.quarter.contains(k)
                    || WORDS.half.contains(k)
                    || WORDS.whole.contains(k))
            || matches!((&tokens[at], tokens.get(at + 1)), (Token::Word(_, k), Some(Token::Number(_)))
                if WORDS.quarter_letters.contains(k) || WORDS.half_letters.contains(k))
    })
}

/// Reads tokens into items, setting aside the "to be defined" phrases and parentheses.
fn items(tokens: &[Token<'_>]) -> Result<(Vec<X>, bool), ScheduleError> {
    let mut out = Vec::new();
    let mut tentative = false;
    let mut at = 0;
    let mut depth = 0i32;
    while at < tokens.len() {
        if let Some(n) = phrase_at(tokens, at, &WORDS.tentative) {
            tentative = true;
            at += n;
            continue;
        }
        if let Some(n) = phrase_item(tokens, at, &mut out) {
            at += n;
            continue;
        }
        match &tokens[at] {
            Token::Open => depth += 1,
            Token::Close => {
                depth -= 1;
                if depth < 0 {
                    return Err(ScheduleError::UnbalancedParenthesis);
                }
            }
            Token::Comma => out.push(X::And),
            Token::Dash => {
                // A dash inside a word pair ("half-yearly", "semi-annual") was matched above;
                // anywhere else it joins the ends of a range.
                out.push(X::To);
            }
            Token::Number(digits) => at += number_item(tokens, at, digits, &mut out)?,
            Token::Word(written, key) => at += word_item(tokens, at, written, key, &mut out)?,
            Token::Month(m) => out.push(X::Month(*m)),
            Token::Year(y) => {
                // "June, 2027": a comma before a year links nothing.
                if out.last() == Some(&X::And) {
                    out.pop();
                }
                out.push(X::Year(*y))
            }
            Token::Mark(Mark::Throughout) => out.push(X::Throughout),
            Token::Suffix(written, _) => {
                return Err(ScheduleError::UnknownWord(written.to_string()))
            }
        }
        at += 1;
    }
    if depth != 0 {
        return Err(ScheduleError::UnbalancedParenthesis);
    }
    // Marks that link nothing, at either end.
    while matches!(out.first(), Some(X::And)) {
        out.remove(0);
    }
    while matches!(out.last(), Some(X::And)) {
        out.pop();
    }
    Ok((out, tentative))
}

/// Reads a periodicity ("cada dos meses") or a marker ("hasta", "a partir de", "a lo largo
/// de") at `at`, the longest phrase first; returns how many tokens it took.
fn phrase_here(tokens: &[Token<'_>], at: usize) -> Option<(usize, X)> {
    let period = WORDS
        .every
        .iter()
        .filter_map(|(p, period)| phrase_len(tokens, at, p).map(|n| (n, *period)))
        .max_by_key(|(n, _)| *n);
    let marker = [
        (phrase_at(tokens, at, &WORDS.until), X::Until),
        (phrase_at(tokens, at, &WORDS.from), X::From),
        (phrase_at(tokens, at, &WORDS.throughout), X::Throughout),
    ]
    .into_iter()
    .filter_map(|(n, x)| n.map(|n| (n, x)))
    .max_by_key(|(n, _)| *n);
    match (period, marker) {
        (Some((n, p)), m) if m.is_none_or(|(mn, _)| n >= mn) => Some((n, X::Period(p))),
        (_, Some((n, x))) => Some((n, x)),
        _ => None,
    }
}

/// Pushes the periodicity or marker at `at`, if there is one; returns how many tokens it
/// took.
fn phrase_item(tokens: &[Token<'_>], at: usize, out: &mut Vec<X>) -> Option<usize> {
    let (n, x) = phrase_here(tokens, at)?;
    let after_point = out.iter().any(|x| {
        matches!(
            x,
            X::Month(_) | X::Year(_) | X::Day(_) | X::Quarter(_) | X::Half(_)
        )
    });
    // "mayo hasta diciembre", "May through December": after a date, "hasta" joins a range.
    out.push(if matches!(x, X::Until | X::Throughout) && after_point {
        X::To
    } else {
        x
    });
    Some(n)
}

/// Pushes what the number at `at` means: the number of a quarter or half after its letter
/// ("Q2"), an ordinal ("2do trimestre"), a year, or a day; returns how many tokens after it
/// it took as well.
fn number_item(
    tokens: &[Token<'_>],
    at: usize,
    digits: &str,
    out: &mut Vec<X>,
) -> Result<usize, ScheduleError> {
    let bad = || ScheduleError::BadNumber(digits.to_string());
    let n: u32 = match digits.parse() {
        Ok(n) if digits.len() <= 4 => n,
        _ => return Err(bad()),
    };
    let next_word = match tokens.get(at + 1) {
        Some(Token::Word(_, k)) => Some(k.as_str()),
        _ => None,
    };
    if matches!(out.last(), Some(X::Quarter(0) | X::Half(0))) {
        // "Q2", "H1", "T3", "S2": the letter was read as a pending quarter or half.
        let x = match out.pop() {
            Some(X::Quarter(_)) if (1..=4).contains(&n) => X::Quarter(n),
            Some(X::Half(_)) if (1..=2).contains(&n) => X::Half(n),
            _ => return Err(bad()),
        };
        out.push(x);
        return Ok(0);
    }
    if let Some(x) = next_word
        .filter(|w| WORDS.ordinal_suffixes.contains(*w))
        .and_then(|_| noun_after(tokens, at + 2, n))
    {
        // "2do trimestre", "1er semestre", "2nd half".
        out.push(x);
        return Ok(2);
    }
    if digits.len() == 4 && n >= 1 {
        // "June, 2027": a comma before a year links nothing.
        if out.last() == Some(&X::And)
            && matches!(out.iter().rev().nth(1), Some(X::Month(_) | X::Day(_)))
        {
            out.pop();
        }
        out.push(X::Year(n as i32));
        return Ok(0);
    }
    if (1..=2).contains(&digits.len()) && (1..=31).contains(&n) {
        return Ok(match noun_after(tokens, at + 1, n) {
            Some(x) => {
                out.push(x);
                1
            }
            None => {
                out.push(X::Day(n));
                0
            }
        });
    }
    Err(bad())
}

/// Pushes what the word at `at` means (a month, an ordinal with its noun, the letter of a
/// quarter or half, a whole-plan word, a range or list word), or nothing for a filler;
/// returns how many tokens after it it took as well.
fn word_item(
    tokens: &[Token<'_>],
    at: usize,
    written: &str,
    key: &str,
    out: &mut Vec<X>,
) -> Result<usize, ScheduleError> {
    let next_is_number = matches!(tokens.get(at + 1), Some(Token::Number(_)));
    if let Some(m) = calendar::month_from_name(key) {
        out.push(X::Month(m));
    } else if let Some(&n) = WORDS.ordinals.get(key) {
        let x = noun_after(tokens, at + 1, n)
            .ok_or_else(|| ScheduleError::UnknownWord(written.to_string()))?;
        out.push(x);
        return Ok(1);
    } else if next_is_number && WORDS.quarter_letters.contains(key) {
        out.push(X::Quarter(0));
    } else if next_is_number && WORDS.half_letters.contains(key) {
        out.push(X::Half(0));
    } else if WORDS.whole.contains(key) {
        out.push(X::Whole);
    } else if WORDS.range.contains(key) {
        out.push(X::To);
    } else if WORDS.and.contains(key) {
        out.push(X::And);
    } else if !WORDS.period_fillers.contains(key) {
        return Err(ScheduleError::UnknownWord(written.to_string()));
    }
    Ok(0)
}

/// Reads "trimestre" or "semestre" after an ordinal `n`.
fn noun_after(tokens: &[Token<'_>], at: usize, n: u32) -> Option<X> {
    match tokens.get(at) {
        Some(Token::Word(_, k)) if WORDS.quarter.contains(k) && (1..=4).contains(&n) => {
            Some(X::Quarter(n))
        }
        Some(Token::Word(_, k)) if WORDS.half.contains(k) && (1..=2).contains(&n) => {
            Some(X::Half(n))
        }
        _ => None,
    }
}

/// Reads a list of months each with its year, or sharing the last one ("Marzo y septiembre de
/// 2025", "mayo 2025 y mayo 2026"); `None` when the items are something else.
fn month_years(items: &[X]) -> Option<Vec<YearMonth>> {
    let groups: Vec<&[X]> = items.split(|x| *x == X::And).collect();
    if groups.len() < 2 {
        return None;
    }
    let mut pending: Vec<u32> = Vec::new();
    let mut out = Vec::new();
    for group in groups {
        match group {
            [X::Month(m)] => pending.push(*m),
            [X::Month(m), X::Year(y)] | [X::Year(y), X::Month(m)] => {
                pending.push(*m);
                for m in pending.drain(..) {
                    out.push(YearMonth::new(*y, m)?);
                }
            }
            _ => return None,
        }
    }
    if !pending.is_empty() {
        return None;
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// Reads one end: a month, a day, a quarter or half, each with or without its year.
fn point(items: &[X]) -> Result<Point, ScheduleError> {
    let mut p = Point::default();
    for x in items {
        match *x {
            X::Year(y) if p.year.is_none() => p.year = Some(y),
            X::Month(m) if p.months.is_none() => p.months = Some((m, m)),
            X::Quarter(q) if p.months.is_none() && p.day.is_none() => {
                p.months = Some((3 * q - 2, 3 * q))
            }
            X::Half(h) if p.months.is_none() && p.day.is_none() => {
                p.months = Some((6 * h - 5, 6 * h))
            }
            X::Day(d) if p.day.is_none() => p.day = Some(d),
            _ => return Err(ScheduleError::unreadable()),
        }
    }
    if p.day.is_some() && !matches!(p.months, Some((a, b)) if a == b) {
        return Err(ScheduleError::MissingMonth);
    }
    if p.months.is_none() && p.year.is_none() {
        return Err(ScheduleError::unreadable());
    }
    Ok(p)
}

/// Reads one end, or two joined by a range word, the first borrowing the second's year.
fn ends(items: &[X]) -> Result<(Point, Option<Point>), ScheduleError> {
    let parts: Vec<&[X]> = items.split(|x| *x == X::To).collect();
    match parts[..] {
        [one] => Ok((point(one)?, None)),
        [a, b] => {
            let (mut a, b) = (point(a)?, point(b)?);
            if a.year.is_none() {
                a.year = b.year;
            }
            Ok((a, Some(b)))
        }
        _ => Err(ScheduleError::several_ranges()),
    }
}

/// Builds the calendar from the items of a period phrase.
fn build(items: &[X]) -> Result<Schedule, ScheduleError> {
    let periods: Vec<Period> = items
        .iter()
        .filter_map(|x| match x {
            X::Period(p) => Some(*p),
            _ => None,
        })
        .collect();
    let markers: Vec<X> = items
        .iter()
        .copied()
        .filter(|x| matches!(x, X::Until | X::From | X::Throughout))
        .collect();
    let whole = items.contains(&X::Whole);
    let rest: Vec<X> = items
        .iter()
        .copied()
        .filter(|x| {
            !matches!(
                x,
                X::Period(_) | X::Until | X::From | X::Throughout | X::Whole
            )
        })
        .collect();
    if periods.len() > 1 || markers.len() > 1 {
        return Err(ScheduleError::SeveralCalendars);
    }
    let marker = markers.first().copied();
    if whole {
        return if rest.is_empty()
            && periods.is_empty()
            && marker != Some(X::Until)
            && marker != Some(X::From)
        {
            Ok(Schedule::Continuous)
        } else if rest.is_empty() && !periods.is_empty() {
            Ok(periodic(periods[0], None, None))
        } else {
            Err(ScheduleError::SeveralCalendars)
        };
    }
    match (periods.first(), marker) {
        (Some(&period), marker) => with_period(period, marker, &rest),
        (None, Some(marker)) => with_marker(marker, &rest),
        (None, None) => dates(&rest),
    }
}

/// Builds a calendar marked "hasta", "a partir de" or "a lo largo de" and no periodicity.
fn with_marker(marker: X, rest: &[X]) -> Result<Schedule, ScheduleError> {
    // "through March and April", "entre 2027 y 2028": a span's ends joined by "and".
    let joined: Vec<X>;
    let rest = if marker == X::Throughout
        && !rest.contains(&X::To)
        && rest.iter().filter(|x| **x == X::And).count() == 1
    {
        joined = rest
            .iter()
            .map(|x| if *x == X::And { X::To } else { *x })
            .collect();
        &joined[..]
    } else {
        rest
    };
    let (a, b) = ends(rest)?;
    match marker {
        X::Until => {
            if b.is_some() {
                return Err(ScheduleError::several_ranges());
            }
            Ok(Schedule::Until { end: a.last_day()? })
        }
        X::From => match b {
            None => Ok(Schedule::ContinuousWithin {
                start: a.bounds()?.0,
                end: None,
            }),
            Some(b) => span(a, b),
        },
        _ => within(a, b.unwrap_or(a)),
    }
}

/// Builds a calendar of dates alone: a day, a month, a run of months, or a span.
fn dates(rest: &[X]) -> Result<Schedule, ScheduleError> {
    if rest.contains(&X::And) {
        return Err(ScheduleError::unreadable());
    }
    let (a, b) = ends(rest)?;
    match b {
        None if a.day.is_some() => {
            let day = a.first_day()?;
            Ok(Schedule::Dates {
                start: day,
                end: day,
            })
        }
        None => {
            let (first, last) = a.bounds()?;
            Ok(if first == last {
                Schedule::Month { month: first }
            } else {
                Schedule::MonthRange {
                    start: first,
                    end: last,
                }
            })
        }
        // "2023-2024": years alone are the whole of them, continuously.
        Some(b) if a.months.is_none() && b.months.is_none() => within(a, b),
        Some(b) => span(a, b),
    }
}

/// Continuous from the start of `a` to the end of `b`.
fn within(a: Point, b: Point) -> Result<Schedule, ScheduleError> {
    let (start, end) = (a.bounds()?.0, b.bounds()?.1);
    if end < start {
        return Err(backwards(start, end));
    }
    Ok(Schedule::ContinuousWithin {
        start,
        end: Some(end),
    })
}

fn backwards(start: YearMonth, end: YearMonth) -> ScheduleError {
    ScheduleError::Backwards {
        start: start.to_string(),
        end: end.to_string(),
    }
}

/// A run from one end to the other: of days when both give a day, else of months.
fn span(a: Point, b: Point) -> Result<Schedule, ScheduleError> {
    if a.day.is_some() != b.day.is_some() {
        return Err(ScheduleError::mixed_range());
    }
    if a.day.is_some() {
        let (start, end) = (a.first_day()?, b.last_day()?);
        if end < start {
            return Err(ScheduleError::Backwards {
                start: start.to_string(),
                end: end.to_string(),
            });
        }
        return Ok(Schedule::Dates { start, end });
    }
    let (start, end) = (a.bounds()?.0, b.bounds()?.1);
    if end < start {
        return Err(backwards(start, end));
    }
    Ok(Schedule::MonthRange { start, end })
}

fn periodic(every: Period, from: Option<YearMonth>, to: Option<YearMonth>) -> Schedule {
    match (every, from, to) {
        (Period::Month, None, None) => Schedule::Monthly,
        _ => Schedule::Periodic { every, from, to },
    }
}

/// A periodicity with what goes with it: named months, years, an open end.
fn with_period(period: Period, marker: Option<X>, rest: &[X]) -> Result<Schedule, ScheduleError> {
    if rest.is_empty() {
        return if marker.is_some() {
            Err(ScheduleError::MissingMonth)
        } else {
            Ok(periodic(period, None, None))
        };
    }
    // Named months: "Anual (noviembre)", "Semestral: mayo y noviembre", "Marzo y septiembre de 2025".
    let mut months = Vec::new();
    let mut year = None;
    let mut shape_ok = true;
    for x in rest {
        match x {
            X::Month(m) if year.is_none() => {
                if months.contains(m) {
                    return Err(ScheduleError::RepeatedMonth(
                        crate::i18n::month_name(crate::i18n::Lang::Es, *m).to_string(),
                    ));
                }
                months.push(*m);
            }
            X::And => {}
            X::Year(y) if year.is_none() && !months.is_empty() => year = Some(*y),
            _ => shape_ok = false,
        }
    }
    if shape_ok && !months.is_empty() && marker.is_none() {
        if period == Period::Year && year.is_some() && months.len() == 1 {
            return Err(ScheduleError::EveryYearWithoutMonths);
        }
        return Ok(match year {
            None => Schedule::Recurring { months },
            Some(y) => {
                let mut list: Vec<YearMonth> = months
                    .iter()
                    .filter_map(|&m| YearMonth::new(y, m))
                    .collect();
                list.sort();
                Schedule::Months { months: list }
            }
        });
    }
    if let Some(list) = month_years(rest).filter(|_| marker.is_none()) {
        return Ok(Schedule::Months { months: list });
    }
    let (a, b) = ends(rest)?;
    let (start, end) = match (marker, b) {
        (Some(X::From), None) => (Some(a.bounds()?.0), None),
        (Some(X::Until), None) => (None, Some(a.bounds()?.1)),
        (None | Some(X::Throughout), None) => {
            let (s, e) = a.bounds()?;
            (Some(s), Some(e))
        }
        (None | Some(X::From) | Some(X::Throughout), Some(b)) => {
            (Some(a.bounds()?.0), Some(b.bounds()?.1))
        }
        _ => return Err(ScheduleError::several_ranges()),
    };
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            return Err(backwards(s, e));
        }
    }
    Ok(periodic(period, start, end))
}
