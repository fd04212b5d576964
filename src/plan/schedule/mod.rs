//! The calendar of a plan activity, read from the phrase the plan document uses.
//!
//! The plan keeps each activity's calendar exactly as written ("Mayo – Diciembre 2023",
//! "Por definir Agosto 2023 (30 o 31 TBD)") so reports can quote it. This module derives its
//! structure, from which the planned window and the expected occurrences follow (CONTRACT
//! section 4). It reads every language that has a words file: the words it knows are the
//! `calendar`, `months` and `dates` sections of `data/words/`. It never guesses: a word it does
//! not know, a range that runs backwards or a day that does not exist is an error naming the
//! problem, so a typo in the plan is caught when the plan is loaded instead of silently moving
//! a deadline.
//!
//! A phrase is cut into tokens (`tokens`), the forms other plans write are put into the shapes
//! the readers know (`forms`), then it is read by the reader of periods (`periods`) or else
//! the reader of dates (`dates`) into what it means (`meaning`); what stops a reading is a
//! [`ScheduleError`]. This file holds the entry point, the plan's year for months written
//! without one, and the search for a date among notes, which may hold no calendar word.

pub mod bounds;
mod dates;
mod error;
mod forms;
mod meaning;
mod periods;
mod teach;
mod tokens;
pub mod words;

#[cfg(test)]
mod tests;

use crate::calendar::{self, YearMonth};
use tokens::{is_dash, tokenize, Token, WORDS};

pub use bounds::{Bound, BoundError, DateOrder};
pub use error::ScheduleError;
pub use meaning::{ParsedSchedule, Period, Read, Reading, Schedule, Window};

/// The plan a phrase belongs to: its first and last months, from which a deadline runs, a
/// relative time counts and a month without a year takes its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// The plan's first month.
    pub start: YearMonth,
    /// The plan's last month.
    pub end: YearMonth,
}

/// A phrase read as a whole: its meaning, whether it is tentative, how what it left open was
/// read.
struct Found {
    schedule: Schedule,
    tentative: bool,
    readings: Vec<Reading>,
}

impl Found {
    fn plain(schedule: Schedule) -> Found {
        Found {
            schedule,
            tentative: false,
            readings: Vec::new(),
        }
    }

    fn parsed(self, note: Option<String>) -> ParsedSchedule {
        ParsedSchedule {
            schedule: self.schedule,
            tentative: self.tentative,
            note,
            readings: self.readings,
        }
    }
}

/// Parses a calendar phrase as the plan writes it, in any language that has a words file.
///
/// An empty phrase, or one that only says the calendar is to be defined ("Por definir", "TBD"),
/// is [`Schedule::None`]. When the phrase is not a calendar as a whole, but one of its
/// comma-separated parts is a one-off date and the other parts are not calendars
/// ("Evento paralelo …, 25 de abril 2023, Santiago de Chile"), that part is the calendar and the
/// rest becomes the note.
///
/// A refusal names the word that stopped the reading and, when there is one, the nearest
/// phrase that is read.
pub fn parse(text: &str, plan: &Context) -> Result<ParsedSchedule, ScheduleError> {
    match parse_calendar(text, plan) {
        Ok(found) => Ok(found.parsed(None)),
        Err(whole) => match parse_with_note(text, plan) {
            Some(found) => found,
            None => Err(match tokenize(text) {
                Ok(tokens) => teach::teach(whole, &tokens, |near| {
                    parse_calendar(near, plan).map(|_| ())
                }),
                Err(_) => whole,
            }),
        },
    }
}

/// The most comma-separated parts a phrase may have for the search for a date among notes.
const MAX_PARTS: usize = 16;

/// Looks for the one run of comma-separated parts that is a one-off calendar, the rest being
/// a note. Returns `None` when there is no such run, so the caller reports the whole phrase's
/// error.
fn parse_with_note(text: &str, plan: &Context) -> Option<Result<ParsedSchedule, ScheduleError>> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(',') {
        parts.push((start, i));
        start = i + 1;
    }
    parts.push((start, text.len()));
    if parts.len() < 2 || parts.len() > MAX_PARTS {
        return None;
    }
    for len in (1..parts.len()).rev() {
        let found: Vec<(usize, usize, Found)> = (0..=parts.len() - len)
            .filter_map(|first| {
                let (from, to) = (parts[first].0, parts[first + len - 1].1);
                let found = parse_calendar(&text[from..to], plan).ok()?;
                found.schedule.is_one_off().then_some((from, to, found))
            })
            .collect();
        match found.len() {
            0 => continue,
            1 => {}
            _ => return Some(Err(ScheduleError::SeveralCalendars)),
        }
        let (from, to, found) = found.into_iter().next()?;
        let rest: Vec<&str> = parts
            .iter()
            .filter(|(a, b)| *b <= from || *a >= to)
            .map(|&(a, b)| &text[a..b])
            .collect();
        if rest
            .iter()
            .any(|t| !t.trim().is_empty() && parse_calendar(t, plan).is_ok())
        {
            return Some(Err(ScheduleError::SeveralCalendars));
        }
        if let Some(word) = rest.iter().find_map(|t| calendar_word(t)) {
            let date = text[from..to].trim().to_string();
            return Some(Err(ScheduleError::WordInNote { word, date }));
        }
        let trim = |s: &str| {
            s.trim_matches(|c: char| c == ',' || c.is_whitespace())
                .to_string()
        };
        let note: Vec<String> = [trim(&text[..from]), trim(&text[to..])]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        return Some(Ok(found.parsed((!note.is_empty()).then(|| note.join(", ")))));
    }
    None
}

/// Returns the first number or calendar word (a month, "by", "end", "hasta", "para"…) of a
/// note: a note holds none, or the calendar would lose what it says.
fn calendar_word(note: &str) -> Option<String> {
    if let Some(at) = note.find(|c: char| c.is_ascii_digit()) {
        let end = note[at..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(note.len(), |n| at + n);
        return Some(note[at..end].to_string());
    }
    // Only the note's words count, whatever stands between them.
    let words: String = note
        .chars()
        .map(|c| {
            if c.is_alphabetic() || ('\u{0300}'..='\u{036F}').contains(&c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    let tokens = tokenize(&words).ok()?;
    (0..tokens.len()).find_map(|at| match &tokens[at] {
        Token::Word(written, key) if WORDS.calendar_words.contains(key) => {
            Some(written.to_string())
        }
        _ => tokens::phrase_at(&tokens, at, &WORDS.calendar_phrases).map(|n| {
            tokens[at..at + n]
                .iter()
                .filter_map(|t| match t {
                    Token::Word(w, _) => Some(*w),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ")
        }),
    })
}

/// Parses a phrase that is a calendar as a whole. Months without a year take the plan's year
/// when the plan lies in one calendar year; in a longer plan they are refused, with the years
/// they could be.
fn parse_calendar(text: &str, plan: &Context) -> Result<Found, ScheduleError> {
    if text
        .chars()
        .all(|c| c.is_whitespace() || is_dash(c) || matches!(c, '\u{200B}' | '\u{FEFF}'))
    {
        return Ok(Found::plain(Schedule::None));
    }
    if let Some(day) = calendar::parse_date_text(text) {
        return Ok(Found::plain(Schedule::Dates {
            start: day,
            end: day,
        }));
    }
    if let Some(month) = YearMonth::parse_iso(text) {
        return Ok(Found::plain(Schedule::Month { month }));
    }
    let tokens = tokenize(text)?;
    match read_tokens(tokens.clone(), plan) {
        Err(ScheduleError::MissingYear) if plan.start.year == plan.end.year => {
            let mut tokens = tokens;
            tokens.push(Token::Year(plan.start.year));
            let mut found = read_tokens(tokens, plan)?;
            found.readings.push(Reading::PlanYear {
                year: plan.start.year,
            });
            Ok(found)
        }
        Err(ScheduleError::MissingYear) => Err(ScheduleError::MissingYearIn {
            first: plan.start.year,
            last: plan.end.year,
            example: format!("{} {}", text.trim(), plan.start.year),
        }),
        found => found,
    }
}

/// Reads the tokens of a phrase, once the forms of other plans are put in the readers' shapes.
fn read_tokens(tokens: Vec<Token<'_>>, plan: &Context) -> Result<Found, ScheduleError> {
    if let Some(schedule) = dates::whole_phrase(&tokens) {
        let tentative = matches!(schedule, Schedule::None) && !tokens.is_empty();
        return Ok(Found {
            schedule,
            tentative,
            readings: Vec::new(),
        });
    }
    let rewritten = forms::rewrite(tokens, plan)?;
    let tokens = &rewritten.tokens;
    let (schedule, tentative) = match periods::read(tokens) {
        Some(found) => found?,
        None => dates::read(tokens)?,
    };
    Ok(Found {
        schedule,
        tentative: tentative || rewritten.tentative,
        readings: rewritten.readings,
    })
}
