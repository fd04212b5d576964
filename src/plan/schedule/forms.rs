//! The forms other plans write, put into the shapes the two readers know: dates as offices
//! type them ("15-mar-2027", "Mar/2027", "1st March"), abbreviated quarters ("2Q 2027"),
//! two-digit end years ("2027-28"), spans joined by "and" ("entre 2027 y 2028"), processes
//! that go on ("continues until 2028"), fuzzy times ("mid-2027") and times counted from the
//! plan's first month ("within the first 9 months").
//!
//! Each rewrite replaces words with what they mean, never drops one it does not understand: a
//! word left over reaches the readers, which refuse it by name.

use super::error::ScheduleError;
use super::meaning::{Read, Reading, Window};
use super::tokens::{phrase_at, Mark, Part, Token, WORDS};
use super::Context;
use crate::calendar::{self, YearMonth};

/// A phrase rewritten: its tokens, whether a fuzzy time made it tentative, and how what it
/// left open was read.
pub(super) struct Rewritten<'a> {
    pub(super) tokens: Vec<Token<'a>>,
    pub(super) tentative: bool,
    pub(super) readings: Vec<Reading>,
}

/// Rewrites the forms of other plans into those the readers know.
pub(super) fn rewrite<'a>(
    tokens: Vec<Token<'a>>,
    plan: &Context,
) -> Result<Rewritten<'a>, ScheduleError> {
    let tokens = suffixes(tokens);
    let tokens = quarter_numbers(tokens);
    let tokens = dashed_dates(tokens);
    let tokens = short_years(tokens)?;
    let tokens = dangling_dashes(tokens);
    let tokens = between(tokens);
    let tokens = continues(tokens, plan);
    let mut out = Rewritten {
        tokens,
        tentative: false,
        readings: Vec::new(),
    };
    relative(&mut out, plan)?;
    fuzzy(&mut out)?;
    Ok(out)
}

/// The folded word of a token, if it is a word.
fn key<'t>(t: Option<&'t Token<'_>>) -> Option<&'t str> {
    match t {
        Some(Token::Word(_, k)) => Some(k.as_str()),
        _ => None,
    }
}

/// Returns true for a month, named or put in place.
fn is_month(t: Option<&Token<'_>>) -> bool {
    matches!(t, Some(Token::Month(_)))
        || key(t).is_some_and(|k| calendar::month_from_name(k).is_some())
}

/// Returns the digits of a number token.
fn digits<'t>(t: Option<&'t Token<'_>>) -> Option<&'t str> {
    match t {
        Some(Token::Number(d)) => Some(d),
        _ => None,
    }
}

/// Returns the year a token gives: four digits, or a year put in place.
fn year(t: Option<&Token<'_>>) -> Option<i32> {
    match t {
        Some(Token::Year(y)) => Some(*y),
        Some(Token::Number(d)) if d.len() == 4 => d.parse().ok(),
        _ => None,
    }
}

/// Returns true for a small word without meaning.
fn is_filler(t: Option<&Token<'_>>) -> bool {
    key(t).is_some_and(|k| WORDS.period_fillers.contains(k) || WORDS.fillers.contains(k))
}

/// Letters after a number: kept before "trimestre" or "half" ("2do trimestre", "2nd half"),
/// where the reader of periods reads the ordinal; a day's ("1st", "1ro", "1°") is dropped.
fn suffixes(tokens: Vec<Token<'_>>) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(t) = iter.next() {
        if let Token::Suffix(written, k) = t {
            let noun = matches!(iter.peek(), Some(Token::Word(_, n))
                if WORDS.quarter.contains(n) || WORDS.half.contains(n));
            if noun {
                out.push(Token::Word(written, k));
            }
            continue;
        }
        out.push(t);
    }
    out
}

/// "2Q 2027" is "Q2 2027": a one-digit number before the letter of a quarter or a half.
fn quarter_numbers(mut tokens: Vec<Token<'_>>) -> Vec<Token<'_>> {
    for i in 0..tokens.len().saturating_sub(1) {
        let letter = key(tokens.get(i + 1))
            .is_some_and(|k| WORDS.quarter_letters.contains(k) || WORDS.half_letters.contains(k));
        let number_after = matches!(tokens.get(i + 2), Some(Token::Number(d)) if d.len() == 1);
        if digits(tokens.get(i)).is_some_and(|d| d.len() == 1) && letter && !number_after {
            tokens.swap(i, i + 1);
        }
    }
    tokens
}

/// "15-mar-2027": the dashes of a day, a named month and a year are not a range.
fn dashed_dates(tokens: Vec<Token<'_>>) -> Vec<Token<'_>> {
    let mut drop = vec![false; tokens.len()];
    for i in 0..tokens.len().saturating_sub(4) {
        let day = digits(tokens.get(i)).is_some_and(|d| d.len() <= 2);
        let year = digits(tokens.get(i + 4)).is_some_and(|d| d.len() == 4);
        if day
            && tokens[i + 1] == Token::Dash
            && is_month(tokens.get(i + 2))
            && tokens[i + 3] == Token::Dash
            && year
        {
            drop[i + 1] = true;
            drop[i + 3] = true;
        }
    }
    keep(tokens, &drop)
}

/// Keeps the tokens not marked to drop.
fn keep<'a>(tokens: Vec<Token<'a>>, drop: &[bool]) -> Vec<Token<'a>> {
    tokens
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !**d)
        .map(|(t, _)| t)
        .collect()
}

/// "2027-28": a four-digit year joined to a two-digit number above 12 is two years
/// ("2027-07" stays a month, read whole before tokens). A number that would make the span
/// end before it starts ("2027-13") is a month that does not exist, and is refused as one.
fn short_years(mut tokens: Vec<Token<'_>>) -> Result<Vec<Token<'_>>, ScheduleError> {
    for i in 2..tokens.len() {
        let Some(first) = year(tokens.get(i - 2)) else {
            continue;
        };
        let short = digits(tokens.get(i)).filter(|d| d.len() == 2);
        let Some(n) = short.and_then(|d| d.parse::<i32>().ok()) else {
            continue;
        };
        let before_month = is_month(tokens.get(i + 1));
        if tokens[i - 1] == Token::Dash && n > 12 && !before_month {
            let last = first - first.rem_euclid(100) + n;
            if last <= first {
                return Err(ScheduleError::NoSuchMonth {
                    year: first,
                    month: n as u32,
                    next: first + 1,
                });
            }
            tokens[i] = Token::Year(last);
        }
    }
    Ok(tokens)
}

/// "June 2027 - tbc": a dash between a calendar and its tentative mark at either end joins
/// nothing.
fn dangling_dashes(mut tokens: Vec<Token<'_>>) -> Vec<Token<'_>> {
    let len = tokens.len();
    for i in 1..len {
        if tokens[i - 1] == Token::Dash
            && phrase_at(&tokens, i, &WORDS.tentative).is_some_and(|n| i + n == len)
        {
            tokens.remove(i - 1);
            return tokens;
        }
    }
    if let Some(n) = phrase_at(&tokens, 0, &WORDS.tentative) {
        if tokens.get(n) == Some(&Token::Dash) {
            tokens.remove(n);
        }
    }
    tokens
}

/// "entre 2027 y 2028", "between March and June 2027": a span whose ends are joined by "and".
fn between(mut tokens: Vec<Token<'_>>) -> Vec<Token<'_>> {
    let Some(at) =
        (0..tokens.len()).find(|&i| key(tokens.get(i)).is_some_and(|k| WORDS.between.contains(k)))
    else {
        return tokens;
    };
    let and =
        (at + 1..tokens.len()).find(|&i| key(tokens.get(i)).is_some_and(|k| WORDS.and.contains(k)));
    if let Some(and) = and {
        tokens[and] = Token::Dash;
        tokens.remove(at);
    }
    tokens
}

/// "continues until 2028", "sigue en curso en 2027": a process that goes on over a span; until
/// a time, it runs from the plan's first month.
fn continues<'a>(mut tokens: Vec<Token<'a>>, plan: &Context) -> Vec<Token<'a>> {
    let Some((at, n)) =
        (0..tokens.len()).find_map(|i| phrase_at(&tokens, i, &WORDS.continues).map(|n| (i, n)))
    else {
        return tokens;
    };
    let mut next = at + n;
    while is_filler(tokens.get(next)) {
        next += 1;
    }
    if next >= tokens.len() || phrase_at(&tokens, next, &WORDS.from).is_some() {
        // Alone ("Ongoing") it is a continuous calendar; before "from", "from" says it.
        if next < tokens.len() {
            tokens.drain(at..at + n);
        }
        return tokens;
    }
    match phrase_at(&tokens, next, &WORDS.until) {
        Some(until) => {
            let start = [
                Token::Mark(Mark::Throughout),
                Token::Month(plan.start.month),
                Token::Year(plan.start.year),
                Token::Dash,
            ];
            tokens.splice(at..next + until, start);
        }
        None => {
            tokens.splice(at..at + n, [Token::Mark(Mark::Throughout)]);
        }
    }
    tokens
}

/// The months from the plan's first month, `first` to `last` counted from 0.
fn plan_months(plan: &Context, first: u32, last: u32) -> (YearMonth, YearMonth) {
    (add_months(plan.start, first), add_months(plan.start, last))
}

/// The month `n` months after `month`.
fn add_months(month: YearMonth, n: u32) -> YearMonth {
    let index = month.year * 12 + month.month as i32 - 1 + n as i32;
    YearMonth {
        year: index.div_euclid(12),
        month: index.rem_euclid(12) as u32 + 1,
    }
}

/// Returns true when an open end ("by", "hasta") comes before `at`.
fn until_before(tokens: &[Token<'_>], at: usize) -> bool {
    (0..at).any(|i| phrase_at(tokens, i, &WORDS.until).is_some())
}

/// The tokens of a run of months, or of its last month after an open end.
fn months_tokens(first: YearMonth, last: YearMonth, deadline: bool) -> Vec<Token<'static>> {
    let mut out = Vec::new();
    if !deadline {
        out.extend([
            Token::Month(first.month),
            Token::Year(first.year),
            Token::Dash,
        ]);
    }
    out.extend([Token::Month(last.month), Token::Year(last.year)]);
    out
}

/// "within the first 9 months", "by the end of year 2": times counted from the plan's first
/// month. A count that does not say from when ("within 9 months") is refused.
fn relative(out: &mut Rewritten<'_>, plan: &Context) -> Result<(), ScheduleError> {
    let tokens = &mut out.tokens;
    let mut i = 0;
    while i < tokens.len() {
        let unit_months = key(tokens.get(i + 1)).is_some_and(|k| WORDS.months_unit.contains(k));
        let unit_year = key(tokens.get(i)).is_some_and(|k| WORDS.year_unit.contains(k));
        if let (Some(d), true) = (digits(tokens.get(i)), unit_months) {
            let n: u32 = d.parse().unwrap_or(0);
            let first = i
                .checked_sub(1)
                .filter(|&j| key(tokens.get(j)).is_some_and(|k| WORDS.first.contains(k)));
            let Some(first) = first.filter(|_| (1..=120).contains(&n)) else {
                return Err(ScheduleError::CountFromWhen {
                    months: n,
                    example: add_months(plan.start, n.saturating_sub(1).min(120)),
                });
            };
            let (a, b) = plan_months(plan, 0, n - 1);
            replace_relative(out, plan, first, i + 2, a, b);
            return Ok(());
        }
        if unit_year {
            if year(tokens.get(i + 1)).is_some() {
                tokens.remove(i);
                continue;
            }
            let n: u32 = digits(tokens.get(i + 1))
                .and_then(|d| d.parse().ok())
                .unwrap_or(0);
            if (1..=10).contains(&n) {
                let (a, b) = plan_months(plan, 12 * (n - 1), 12 * n - 1);
                replace_relative(out, plan, i, i + 2, a, b);
                return Ok(());
            }
        }
        i += 1;
    }
    Ok(())
}

/// Puts the months of a relative time in place of its words (and of "of the plan" after
/// them), noting how it was read.
fn replace_relative(
    out: &mut Rewritten<'_>,
    plan: &Context,
    from: usize,
    to: usize,
    a: YearMonth,
    b: YearMonth,
) {
    let tokens = &mut out.tokens;
    let mut end = to;
    while is_filler(tokens.get(end)) {
        end += 1;
    }
    let end = if key(tokens.get(end)).is_some_and(|k| WORDS.whole.contains(k)) {
        end + 1
    } else {
        to
    };
    let deadline = until_before(tokens, from);
    tokens.splice(from..end, months_tokens(a, b, deadline));
    let read = if deadline {
        Read::Deadline(b.last_day())
    } else {
        Read::Window(Window::months(a, b))
    };
    out.readings.push(Reading::Relative {
        read,
        from: plan.start,
    });
}

/// The open end or span before a fuzzy time, which says what it means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Before {
    None,
    Until,
    From,
}

/// "early 2027", "mid-2027", "finales de 2027", "by mid-2027": a part of a year, as a run of
/// months or, after an open end, its last (or first) month; the calendar becomes tentative.
fn fuzzy(out: &mut Rewritten<'_>) -> Result<(), ScheduleError> {
    let mut before = Before::None;
    let mut i = 0;
    while i < out.tokens.len() {
        let tokens = &out.tokens;
        let markers = [
            (phrase_at(tokens, i, &WORDS.until), Before::Until),
            (phrase_at(tokens, i, &WORDS.from), Before::From),
            (phrase_at(tokens, i, &WORDS.throughout), Before::None),
        ];
        let marker = markers
            .into_iter()
            .filter_map(|(n, b)| n.map(|n| (n, b)))
            .max_by_key(|(n, _)| *n);
        let part = WORDS
            .fuzzy
            .iter()
            .filter_map(|(p, part)| super::tokens::phrase_len(tokens, i, p).map(|n| (n, *part)))
            .max_by_key(|(n, _)| *n);
        match (marker, part) {
            (Some((m, b)), p) if p.is_none_or(|(f, _)| m >= f) => {
                before = b;
                i += m;
            }
            (_, Some((f, part))) => {
                fuzzy_here(out, i, f, part, before)?;
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Puts the months of the fuzzy time of `len` words at `at` in place.
fn fuzzy_here(
    out: &mut Rewritten<'_>,
    at: usize,
    len: usize,
    part: Part,
    before: Before,
) -> Result<(), ScheduleError> {
    let tokens = &mut out.tokens;
    let mut next = at + len;
    while tokens.get(next) == Some(&Token::Dash) || is_filler(tokens.get(next)) {
        next += 1;
    }
    let Some(y) = year(tokens.get(next)) else {
        let written = match tokens.get(at) {
            Some(Token::Word(w, _)) => w.to_string(),
            _ => String::new(),
        };
        return Err(if next >= tokens.len() {
            ScheduleError::MissingYear
        } else {
            ScheduleError::FuzzyWithoutYear(written)
        });
    };
    let (a, b) = part.months();
    let month = |m| YearMonth::new(y, m).unwrap_or(YearMonth { year: y, month: 1 });
    let (put, read): (Vec<Token<'static>>, Read) = match before {
        Before::Until => (
            vec![Token::Month(part.deadline())],
            Read::Deadline(month(part.deadline()).last_day()),
        ),
        Before::From => (vec![Token::Month(a)], Read::From(month(a))),
        Before::None => (
            vec![Token::Month(a), Token::Dash, Token::Month(b)],
            Read::Window(Window::months(month(a), month(b))),
        ),
    };
    tokens.splice(at..next, put);
    out.tentative = true;
    out.readings.push(Reading::Fuzzy { read });
    Ok(())
}
