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
//! A phrase is cut into tokens (`tokens`), then read by the reader of periods (`periods`) or
//! else the reader of dates (`dates`) into what it means (`meaning`); what stops a reading is a
//! [`ScheduleError`]. This file holds the entry point and the search for a date among notes.

mod dates;
mod error;
mod meaning;
mod periods;
mod tokens;
pub mod words;

#[cfg(test)]
mod tests;

use crate::calendar::{self, YearMonth};
use tokens::{is_dash, tokenize};

pub use error::ScheduleError;
pub use meaning::{ParsedSchedule, Period, Schedule, Window};

/// Parses a calendar phrase as the plan writes it, in any language that has a words file.
///
/// An empty phrase, or one that only says the calendar is to be defined ("Por definir", "TBD"),
/// is [`Schedule::None`]. When the phrase is not a calendar as a whole, but one of its
/// comma-separated parts is a one-off date and the other parts are not calendars
/// ("Evento paralelo …, 25 de abril 2023, Santiago de Chile"), that part is the calendar and the
/// rest becomes the note.
pub fn parse(text: &str) -> Result<ParsedSchedule, ScheduleError> {
    match parse_calendar(text) {
        Ok((schedule, tentative)) => Ok(ParsedSchedule {
            schedule,
            tentative,
            note: None,
        }),
        Err(whole) => match parse_with_note(text) {
            Some(found) => found,
            None => Err(whole),
        },
    }
}

/// The most comma-separated parts a phrase may have for the search for a date among notes.
const MAX_PARTS: usize = 16;

/// Looks for the one run of comma-separated parts that is a one-off calendar, the rest being
/// a note. Returns `None` when there is no such run, so the caller reports the whole phrase's
/// error.
fn parse_with_note(text: &str) -> Option<Result<ParsedSchedule, ScheduleError>> {
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
        let found: Vec<(usize, usize, (Schedule, bool))> = (0..=parts.len() - len)
            .filter_map(|first| {
                let (from, to) = (parts[first].0, parts[first + len - 1].1);
                let schedule = parse_calendar(&text[from..to]).ok()?;
                schedule.0.is_one_off().then_some((from, to, schedule))
            })
            .collect();
        match found.len() {
            0 => continue,
            1 => {}
            _ => return Some(Err(ScheduleError::SeveralCalendars)),
        }
        let (from, to, (schedule, tentative)) = found.into_iter().next()?;
        let rest_is_text = parts
            .iter()
            .filter(|(a, b)| *b <= from || *a >= to)
            .all(|&(a, b)| text[a..b].trim().is_empty() || parse_calendar(&text[a..b]).is_err());
        if !rest_is_text {
            return Some(Err(ScheduleError::SeveralCalendars));
        }
        let trim = |s: &str| {
            s.trim_matches(|c: char| c == ',' || c.is_whitespace())
                .to_string()
        };
        let note: Vec<String> = [trim(&text[..from]), trim(&text[to..])]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        return Some(Ok(ParsedSchedule {
            schedule,
            tentative,
            note: (!note.is_empty()).then(|| note.join(", ")),
        }));
    }
    None
}

/// Parses a phrase that is a calendar as a whole; the flag says whether it is marked tentative.
fn parse_calendar(text: &str) -> Result<(Schedule, bool), ScheduleError> {
    if text
        .chars()
        .all(|c| c.is_whitespace() || is_dash(c) || matches!(c, '\u{200B}' | '\u{FEFF}'))
    {
        return Ok((Schedule::None, false));
    }
    if let Some(day) = calendar::parse_date_text(text) {
        return Ok((
            Schedule::Dates {
                start: day,
                end: day,
            },
            false,
        ));
    }
    if let Some(month) = YearMonth::parse_iso(text) {
        return Ok((Schedule::Month { month }, false));
    }
    let tokens = tokenize(text)?;
    if let Some(schedule) = dates::whole_phrase(&tokens) {
        let tentative = matches!(schedule, Schedule::None) && !tokens.is_empty();
        return Ok((schedule, tentative));
    }
    if let Some(found) = periods::read(&tokens) {
        return found;
    }
    dates::read(&tokens)
}
