//! The calendar of a plan activity, read from the phrase the plan document uses.
//!
//! The plan keeps each activity's calendar exactly as written ("Mayo – Diciembre 2023",
//! "Por definir Agosto 2023 (30 o 31 TBD)") so reports can quote it. This module derives its
//! structure, from which the planned window and the expected occurrences follow (CONTRACT
//! section 4). It reads Spanish and English. It never guesses: a word it does not know, a range
//! that runs backwards or a day that does not exist is an error naming the problem, so a typo in
//! the plan is caught when the plan is loaded instead of silently moving a deadline.

mod periods;
pub mod words;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{self, YearMonth};
use crate::i18n::Text;
use crate::text::fold;

/// The length of the calendar periods a periodic calendar repeats over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// Calendar months ("mensual", "monthly").
    Month,
    /// Two-month periods counted from the plan's first month ("bimestral", "every other month").
    TwoMonths,
    /// Calendar quarters ("trimestral", "quarterly").
    Quarter,
    /// Halves of the year ("semestral", "twice a year").
    Half,
    /// Calendar years ("anual", "yearly").
    Year,
}

/// One expected occurrence: the first and last day it may take place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Window {
    /// The first day.
    pub start: NaiveDate,
    /// The last day.
    pub end: NaiveDate,
}

impl Window {
    /// Returns the window from the first day of `first` to the last day of `last`.
    pub fn months(first: YearMonth, last: YearMonth) -> Window {
        Window {
            start: first.first_day(),
            end: last.last_day(),
        }
    }

    /// Returns true when `month` lies wholly inside the window.
    pub fn holds_month(&self, month: YearMonth) -> bool {
        self.start <= month.first_day() && month.last_day() <= self.end
    }

    /// Returns true when `day` lies inside the window.
    pub fn holds(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// Returns the window in words, as a sentence says "in …": a month ("mayo de 2024"), a
    /// quarter or half ("el segundo trimestre de 2025"), a year, a run of months ("enero–febrero
    /// de 2025"), or a run of days.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{format_month, month_name, tr};
        let (first, last) = (
            YearMonth::from_date(self.start),
            YearMonth::from_date(self.end),
        );
        let whole_months = self.start == first.first_day() && self.end == last.last_day();
        if !whole_months {
            return crate::i18n::format_date_range(lang, self.start, self.end);
        }
        if first == last {
            return format_month(lang, first);
        }
        let year = first.year;
        let span = (last.month + 1).saturating_sub(first.month);
        if first.year == last.year {
            let key = match (first.month, span) {
                (1, 12) => return year.to_string(),
                (1 | 4 | 7 | 10, 3) => match first.quarter() {
                    1 => "window.quarter.1",
                    2 => "window.quarter.2",
                    3 => "window.quarter.3",
                    _ => "window.quarter.4",
                },
                (1, 6) => "window.half.1",
                (7, 6) => "window.half.2",
                _ => {
                    return tr(
                        lang,
                        "window.months",
                        &[
                            ("first", &month_name(lang, first.month)),
                            ("last", &month_name(lang, last.month)),
                            ("year", &year),
                        ],
                    )
                }
            };
            return tr(lang, key, &[("year", &year)]);
        }
        tr(
            lang,
            "word.month-range",
            &[
                ("start", &format_month(lang, first)),
                ("end", &format_month(lang, last)),
            ],
        )
    }
}

/// What an activity's calendar means.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Schedule {
    /// No calendar given ("", "Por definir", "TBD").
    #[default]
    None,
    /// An ongoing process ("Proceso continuo", "Ongoing", "Continuous").
    Continuous,
    /// One occurrence every month ("Una práctica por mes", "One per month", "Mensual", "Monthly").
    Monthly,
    /// Occurrences in the named months of every year, in the order written
    /// ("Mayo, agosto, noviembre, febrero"; "Mayo  Noviembre").
    Recurring {
        /// Month numbers 1-12, as written.
        months: Vec<u32>,
    },
    /// A one-off day or run of days ("27-28 de septiembre 2023", "25 de abril 2023").
    Dates {
        /// The first day.
        start: NaiveDate,
        /// The last day (equal to `start` for a single day).
        end: NaiveDate,
    },
    /// A single month ("Julio de 2023", "Agosto 2023").
    Month {
        /// The month.
        month: YearMonth,
    },
    /// A run of months ("Mayo – Diciembre 2023", "Noviembre 2023 – Febrero 2024").
    MonthRange {
        /// The first month.
        start: YearMonth,
        /// The last month (after `start`).
        end: YearMonth,
    },
    /// A month still to be confirmed ("Por definir Agosto 2023 (30 o 31 TBD)").
    Tentative {
        /// The month.
        month: YearMonth,
        /// Candidate days, ascending, when the phrase gives them ("30 o 31" → `[30, 31]`).
        days: Vec<u32>,
    },
    /// One occurrence in each calendar period of a length ("Trimestral", "twice a year",
    /// "Cada dos meses", "quarterly in 2025"), clipped to the plan's period and to `from`/`to`.
    Periodic {
        /// The length of the periods.
        every: Period,
        /// The first month it applies to, when the phrase bounds it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<YearMonth>,
        /// The last month it applies to, when the phrase bounds it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<YearMonth>,
    },
    /// One occurrence in each month listed with its year ("Marzo y septiembre de 2025",
    /// "mayo 2025 y mayo 2026").
    Months {
        /// The months, ascending.
        months: Vec<YearMonth>,
    },
    /// An ongoing process over part of the plan: from a month ("a partir de marzo de 2025",
    /// to the plan's end) or over years ("2025-2026", "a lo largo de 2026").
    ContinuousWithin {
        /// The first month.
        start: YearMonth,
        /// The last month; the plan's last when none is written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end: Option<YearMonth>,
    },
    /// A deadline: from the plan's start to a day ("hasta junio de 2025", "by June 2025").
    Until {
        /// The last day.
        end: NaiveDate,
    },
}

/// A calendar phrase, read: its meaning and the words around the date that are not part of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedSchedule {
    /// What the calendar means.
    pub schedule: Schedule,
    /// Whether the phrase marks the calendar as still to be confirmed ("Trimestral (por
    /// confirmar)"); a tentative month is also [`Schedule::Tentative`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tentative: bool,
    /// Text around the date, comma-joined ("Evento paralelo en el marco del Foro …, Santiago de
    /// Chile"), or `None` when the whole phrase is the calendar.
    pub note: Option<String>,
}

/// Why a calendar phrase could not be read. The message says what, in plain words; the caller
/// adds the activity and the phrase.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// A word that is neither a month nor a calendar word.
    #[error("\"{0}\" is not a month, a date or a calendar word")]
    UnknownWord(String),
    /// A character that has no place in a calendar.
    #[error("the character '{0}' has no place in a calendar")]
    UnexpectedCharacter(char),
    /// A number that is neither a day nor a four-digit year.
    #[error("\"{0}\" is neither a day (1 to 31) nor a four-digit year")]
    BadNumber(String),
    /// A day that the month does not have.
    #[error("{month} has no day {day}")]
    NoSuchDay {
        /// The day written.
        day: u32,
        /// The month it was written for.
        month: YearMonth,
    },
    /// Days or months without a year.
    #[error("no year is given; write it as in \"Agosto 2023\"")]
    MissingYear,
    /// Days or a year without a month.
    #[error("no month is given; write it as in \"Agosto 2023\"")]
    MissingMonth,
    /// A range whose end comes before its start.
    #[error("the range ends ({end}) before it starts ({start})")]
    Backwards {
        /// The start as read (`2023-12` or `2023-12-05`).
        start: String,
        /// The end as read.
        end: String,
    },
    /// A range from a day to a month, or from a month to a day.
    #[error("a range must join two days or two months, not a day and a month")]
    MixedRange,
    /// More than one range in one phrase.
    #[error("more than one range is given; write one, as in \"Mayo – Diciembre 2023\"")]
    SeveralRanges,
    /// Days listed with gaps between them, which one window cannot hold.
    #[error("the days listed are not consecutive; write one run of days, as in \"27-28 de septiembre 2023\"")]
    SeparateDays,
    /// A month named twice in a list of months.
    #[error("\"{0}\" is named twice")]
    RepeatedMonth(String),
    /// Candidate days that do not belong to a single month.
    #[error("candidate days (\"30 o 31\") go with a single month and its year, as in \"Agosto 2023 (30 o 31)\"")]
    MisplacedDays,
    /// Days given both in the phrase and in parentheses.
    #[error("days are given twice: in the phrase and in parentheses")]
    DaysTwice,
    /// "Every year" joined to something other than a list of months.
    #[error(
        "\"every year\" goes with months without a year, as in \"Mayo y noviembre de cada año\""
    )]
    EveryYearWithoutMonths,
    /// A parenthesis opened and not closed, or closed and not opened.
    #[error("a parenthesis is not matched")]
    UnbalancedParenthesis,
    /// More than one calendar in one phrase.
    #[error("more than one calendar is given; keep one")]
    SeveralCalendars,
    /// Months, days and years in an order that reads as no calendar.
    #[error("the days, months and years are in no order this tool reads; write them as in \"25 de abril 2023\", \"Agosto 2023\" or \"Mayo – Diciembre 2023\"")]
    Unreadable,
}

impl ScheduleError {
    /// Returns what is wrong in both languages, naming the word or number that stopped the
    /// reading, for the plan's error message.
    pub fn text(&self) -> Text {
        match self {
            ScheduleError::UnknownWord(w) => Text::tr("schedule.unknown-word", &[("word", w)]),
            ScheduleError::UnexpectedCharacter(c) => {
                Text::tr("schedule.unexpected-character", &[("char", c)])
            }
            ScheduleError::BadNumber(n) => Text::tr("schedule.bad-number", &[("number", n)]),
            ScheduleError::NoSuchDay { day, month } => Text::new(
                crate::i18n::tr(
                    crate::i18n::Lang::Es,
                    "schedule.no-such-day",
                    &[
                        ("day", day),
                        (
                            "month",
                            &crate::i18n::format_month(crate::i18n::Lang::Es, *month),
                        ),
                    ],
                ),
                crate::i18n::tr(
                    crate::i18n::Lang::En,
                    "schedule.no-such-day",
                    &[
                        ("day", day),
                        (
                            "month",
                            &crate::i18n::format_month(crate::i18n::Lang::En, *month),
                        ),
                    ],
                ),
            ),
            ScheduleError::MissingYear => Text::tr("schedule.missing-year", &[]),
            ScheduleError::MissingMonth => Text::tr("schedule.missing-month", &[]),
            ScheduleError::Backwards { start, end } => {
                Text::tr("schedule.backwards", &[("start", start), ("end", end)])
            }
            ScheduleError::MixedRange => Text::tr("schedule.mixed-range", &[]),
            ScheduleError::SeveralRanges => Text::tr("schedule.several-ranges", &[]),
            ScheduleError::SeparateDays => Text::tr("schedule.separate-days", &[]),
            ScheduleError::RepeatedMonth(m) => Text::tr("schedule.repeated-month", &[("word", m)]),
            ScheduleError::MisplacedDays => Text::tr("schedule.misplaced-days", &[]),
            ScheduleError::DaysTwice => Text::tr("schedule.days-twice", &[]),
            ScheduleError::EveryYearWithoutMonths => Text::tr("schedule.every-year", &[]),
            ScheduleError::UnbalancedParenthesis => Text::tr("schedule.parenthesis", &[]),
            ScheduleError::SeveralCalendars => Text::tr("schedule.several-calendars", &[]),
            ScheduleError::Unreadable => Text::tr("schedule.unreadable", &[]),
        }
    }
}

impl Schedule {
    /// Returns the planned window, first and last day (CONTRACT section 4): a day or run of days
    /// ends on its last day, a month or tentative month spans that month, a month range runs from
    /// the first day of its start to the last day of its end, a deadline runs from the plan's
    /// start, an open start to the plan's end, a periodic calendar over the periods it names, and
    /// continuous, monthly, recurring and empty calendars span the plan.
    pub fn window(&self, plan_start: YearMonth, plan_end: YearMonth) -> (NaiveDate, NaiveDate) {
        match self {
            Schedule::Dates { start, end } => (*start, *end),
            Schedule::Month { month } | Schedule::Tentative { month, .. } => {
                (month.first_day(), month.last_day())
            }
            Schedule::MonthRange { start, end } => (start.first_day(), end.last_day()),
            Schedule::Until { end } => (plan_start.first_day().min(*end), *end),
            Schedule::ContinuousWithin { start, end } => {
                // An open start after the plan's end still gives a window of its own month.
                (
                    start.first_day(),
                    end.unwrap_or(plan_end).max(*start).last_day(),
                )
            }
            Schedule::Periodic { from, to, .. } => {
                let (first, last) = clip(plan_start, plan_end, *from, *to);
                (first.first_day(), last.last_day().max(first.first_day()))
            }
            Schedule::Months { months } => match (months.first(), months.last()) {
                (Some(first), Some(last)) => (first.first_day(), last.last_day()),
                _ => (plan_start.first_day(), plan_end.last_day()),
            },
            Schedule::None
            | Schedule::Continuous
            | Schedule::Monthly
            | Schedule::Recurring { .. } => (plan_start.first_day(), plan_end.last_day()),
        }
    }

    /// Returns true for a calendar that ends once: dates, a month, a month range, a tentative
    /// one, a deadline.
    pub fn is_one_off(&self) -> bool {
        matches!(
            self,
            Schedule::Dates { .. }
                | Schedule::Month { .. }
                | Schedule::MonthRange { .. }
                | Schedule::Tentative { .. }
                | Schedule::Until { .. }
        )
    }

    /// Returns true for a calendar that repeats: monthly, periodic, in named months.
    pub fn is_recurring(&self) -> bool {
        matches!(
            self,
            Schedule::Monthly
                | Schedule::Recurring { .. }
                | Schedule::Periodic { .. }
                | Schedule::Months { .. }
        )
    }

    /// Returns true for an ongoing process, over the plan or part of it.
    pub fn is_continuous(&self) -> bool {
        matches!(
            self,
            Schedule::Continuous | Schedule::ContinuousWithin { .. }
        )
    }

    /// Returns every expected occurrence, sorted (CONTRACT section 7): the windows of a
    /// recurring calendar within the plan's period, the planned window of a one-off, and
    /// nothing for a continuous or empty calendar.
    pub fn windows(&self, plan_start: YearMonth, plan_end: YearMonth) -> Vec<Window> {
        if self.is_one_off() {
            let (start, end) = self.window(plan_start, plan_end);
            return vec![Window { start, end }];
        }
        let month = |m: YearMonth| Window::months(m, m);
        match self {
            Schedule::Monthly => plan_start.through(plan_end).map(month).collect(),
            Schedule::Recurring { months } => plan_start
                .through(plan_end)
                .filter(|m| months.contains(&m.month))
                .map(month)
                .collect(),
            Schedule::Months { months } => months.iter().copied().map(month).collect(),
            Schedule::Periodic { every, from, to } => {
                let outside =
                    from.is_some_and(|f| f > plan_end) || to.is_some_and(|t| t < plan_start);
                if outside {
                    return Vec::new();
                }
                let (first, last) = clip(plan_start, plan_end, *from, *to);
                periods(*every, plan_start, first, last)
            }
            _ => Vec::new(),
        }
    }

    /// Returns every month, sorted, in which a recurring calendar expects an occurrence between
    /// the plan's first and last months; nothing for calendars that do not recur by month.
    pub fn occurrences(&self, plan_start: YearMonth, plan_end: YearMonth) -> Vec<YearMonth> {
        match self {
            Schedule::Monthly | Schedule::Recurring { .. } | Schedule::Months { .. } => self
                .windows(plan_start, plan_end)
                .iter()
                .map(|w| YearMonth::from_date(w.start))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The plan's period narrowed to the months a calendar names, never empty.
fn clip(
    plan_start: YearMonth,
    plan_end: YearMonth,
    from: Option<YearMonth>,
    to: Option<YearMonth>,
) -> (YearMonth, YearMonth) {
    let first = from.map_or(plan_start, |f| f.max(plan_start));
    let last = to.map_or(plan_end, |t| t.min(plan_end));
    if last < first {
        (first, first)
    } else {
        (first, last)
    }
}

/// Calendar periods of length `every` that meet `first`..`last`, each clipped to them; two-month
/// periods count from the plan's first month.
fn periods(every: Period, plan_start: YearMonth, first: YearMonth, last: YearMonth) -> Vec<Window> {
    let index = |m: YearMonth| m.year * 12 + m.month as i32 - 1;
    let length = match every {
        Period::Month => 1,
        Period::TwoMonths => 2,
        Period::Quarter => 3,
        Period::Half => 6,
        Period::Year => 12,
    };
    let origin = match every {
        Period::TwoMonths => index(plan_start).rem_euclid(2),
        _ => 0,
    };
    let mut out = Vec::new();
    let mut m = first;
    while m <= last {
        let period = (index(m) - origin).div_euclid(length);
        let start_index = period * length + origin;
        let mut end = m;
        while end < last && index(end.next()) < start_index + length {
            end = end.next();
        }
        out.push(Window::months(m, end));
        if end >= last {
            break;
        }
        m = end.next();
    }
    out
}

/// Parses a calendar phrase as the plan writes it, in Spanish or English.
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
    if let Some(schedule) = whole_phrase(&tokens) {
        let tentative = matches!(schedule, Schedule::None) && !tokens.is_empty();
        return Ok((schedule, tentative));
    }
    if let Some(found) = periods::read(&tokens) {
        return found;
    }
    let reading = read(&tokens)?;
    let tentative = reading.tentative;
    build(reading).map(|s| (s, tentative))
}

/// A piece of a calendar phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'a> {
    /// A run of letters: as written, and folded for lookup.
    Word(&'a str, String),
    /// A run of ASCII digits.
    Number(&'a str),
    /// A dash of any length: a range.
    Dash,
    /// A comma, semicolon or ampersand: a list.
    Comma,
    /// `(` or `[`.
    Open,
    /// `)` or `]`.
    Close,
}

/// Returns true for the hyphens and dashes people put between the ends of a range.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−')
}

/// Returns true for a character of a word (letters, and combining accents of decomposed text).
fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Folds a word for lookup, also dropping combining accents.
fn word_key(word: &str) -> String {
    fold(word)
        .chars()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .collect()
}

/// Splits a phrase into tokens. A dot is dropped after a word (`Dic.`) and at the end;
/// anywhere else, and any other punctuation, is an error.
fn tokenize(text: &str) -> Result<Vec<Token<'_>>, ScheduleError> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            tokens.push(Token::Number(&rest[..end]));
            end
        } else if is_word_char(c) {
            let end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
            tokens.push(Token::Word(&rest[..end], word_key(&rest[..end])));
            end
        } else {
            match c {
                c if c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}') => {}
                c if is_dash(c) => tokens.push(Token::Dash),
                ',' | ';' | '&' => tokens.push(Token::Comma),
                '(' | '[' => tokens.push(Token::Open),
                ')' | ']' => tokens.push(Token::Close),
                '.' if matches!(tokens.last(), Some(Token::Word(..)))
                    || rest[1..].chars().all(|c| c == '.' || c.is_whitespace()) => {}
                _ => return Err(ScheduleError::UnexpectedCharacter(c)),
            }
            c.len_utf8()
        };
        rest = &rest[len..];
    }
    Ok(tokens)
}

/// Phrases, folded, that mean an ongoing process.
const CONTINUOUS: &[&[&str]] = &[
    &["proceso", "continuo"],
    &["proceso", "permanente"],
    &["continuo"],
    &["continua"],
    &["permanente"],
    &["en", "forma", "continua"],
    &["de", "forma", "continua"],
    &["de", "manera", "continua"],
    &["ongoing"],
    &["ongoing", "process"],
    &["continuous"],
    &["continuous", "process"],
    &["continuing"],
];

/// Phrases, folded, that mean every month, besides "one … per month".
const MONTHLY: &[&[&str]] = &[
    &["mensual"],
    &["mensualmente"],
    &["cada", "mes"],
    &["todos", "los", "meses"],
    &["monthly"],
    &["every", "month"],
    &["each", "month"],
];

/// The first word of "one … per month" ("Una práctica por mes", "One practice per month").
const ONE: &[&str] = &["un", "una", "uno", "one", "once"];

/// The word before "month" in "one … per month".
const PER: &[&str] = &["por", "al", "a", "cada", "per", "every", "each"];

/// The most words between "one" and "per month" ("una buena práctica por mes").
const MAX_COUNTED_WORDS: usize = 4;

/// Phrases, folded, that mark a calendar as still to be confirmed.
const TENTATIVE: &[&[&str]] = &[
    &["por", "definir"],
    &["por", "confirmar"],
    &["por", "determinar"],
    &["a", "definir"],
    &["a", "confirmar"],
    &["a", "determinar"],
    &["tbd"],
    &["tbc"],
    &["to", "be", "defined"],
    &["to", "be", "determined"],
    &["to", "be", "confirmed"],
    &["tentativo"],
    &["tentativa"],
    &["tentativamente"],
    &["tentative"],
    &["tentatively"],
];

/// Phrases, folded, that say named months come back every year.
const EVERY_YEAR: &[&[&str]] = &[
    &["cada", "ano"],
    &["todos", "los", "anos"],
    &["al", "ano"],
    &["por", "ano"],
    &["anual"],
    &["anualmente"],
    &["every", "year"],
    &["each", "year"],
    &["a", "year"],
    &["per", "year"],
    &["annually"],
    &["yearly"],
];

/// Words, folded, between the ends of a range ("de mayo a diciembre", "May to December").
const RANGE_WORDS: &[&str] = &["a", "al", "hasta", "to", "through", "thru", "till", "until"];

/// Words, folded, between the items of a list.
const AND_WORDS: &[&str] = &["y", "e", "and"];

/// Words, folded, between alternatives ("30 o 31").
const OR_WORDS: &[&str] = &["o", "u", "or"];

/// Small words that carry no meaning in a calendar ("Julio de 2023", "from May to July").
const FILLERS: &[&str] = &[
    "de", "del", "el", "en", "desde", "of", "the", "in", "on", "from",
];

/// Returns the folded words of a phrase made of words only.
fn words_only<'t>(tokens: &'t [Token<'_>]) -> Option<Vec<&'t str>> {
    tokens
        .iter()
        .map(|t| match t {
            Token::Word(_, key) => Some(key.as_str()),
            _ => None,
        })
        .collect()
}

/// Reads the phrases that are a calendar only as a whole: continuous, monthly, or only "to be
/// defined".
fn whole_phrase(tokens: &[Token<'_>]) -> Option<Schedule> {
    let words = words_only(tokens)?;
    if CONTINUOUS.contains(&words.as_slice()) {
        return Some(Schedule::Continuous);
    }
    if MONTHLY.contains(&words.as_slice()) {
        return Some(Schedule::Monthly);
    }
    if let [first, middle @ .., per, month] = words.as_slice() {
        if ONE.contains(first)
            && middle.len() <= MAX_COUNTED_WORDS
            && PER.contains(per)
            && matches!(*month, "mes" | "month")
        {
            return Some(Schedule::Monthly);
        }
    }
    if TENTATIVE.contains(&words.as_slice()) {
        return Some(Schedule::None);
    }
    None
}

/// Returns the number of tokens the longest of `phrases` found at `at` takes.
fn phrase_at(tokens: &[Token<'_>], at: usize, phrases: &[&[&str]]) -> Option<usize> {
    phrases
        .iter()
        .filter(|phrase| {
            tokens.len() >= at + phrase.len()
                && phrase
                    .iter()
                    .zip(&tokens[at..])
                    .all(|(want, token)| matches!(token, Token::Word(_, key) if key == want))
        })
        .map(|phrase| phrase.len())
        .max()
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
}

/// Reads tokens into items, setting aside the "to be defined" and "every year" phrases.
fn read(tokens: &[Token<'_>]) -> Result<Reading, ScheduleError> {
    let mut reading = Reading::default();
    let mut inside = false;
    let mut at = 0;
    while at < tokens.len() {
        if let Some(n) = phrase_at(tokens, at, TENTATIVE) {
            reading.tentative = true;
            at += n;
            continue;
        }
        if let Some(n) = phrase_at(tokens, at, EVERY_YEAR) {
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
                    at += 1;
                    continue;
                }
                None => return Err(ScheduleError::UnknownWord(written.to_string())),
            },
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
    } else if RANGE_WORDS.contains(&key) {
        Some(Some(Item::To))
    } else if AND_WORDS.contains(&key) {
        Some(Some(Item::And))
    } else if OR_WORDS.contains(&key) {
        Some(Some(Item::Or))
    } else if FILLERS.contains(&key) {
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
        YearMonth::new(year, month).ok_or(ScheduleError::Unreadable)
    }
}

/// Builds the schedule from the items read.
fn build(reading: Reading) -> Result<Schedule, ScheduleError> {
    let Reading {
        items,
        aside,
        tentative,
        every_year,
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

    if let Some(months) = month_list(&items)? {
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
        _ => Err(ScheduleError::SeveralRanges),
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
            return Err(ScheduleError::Unreadable);
        }
        match *item {
            Item::Day(d) => {
                let continues = link.take().is_some();
                if days_done || (!p.days.is_empty() && !continues) {
                    return Err(ScheduleError::Unreadable);
                }
                p.days.push(d);
            }
            Item::And | Item::Or => {
                let next_is_day = matches!(items.get(i + 1), Some(Item::Day(_)));
                if p.days.is_empty() || link.is_some() || !next_is_day {
                    return Err(ScheduleError::Unreadable);
                }
                let alternatives = *item == Item::Or;
                if p.days.len() > 1 && alternatives != p.alternatives {
                    return Err(ScheduleError::Unreadable);
                }
                p.alternatives = alternatives;
                link = Some(*item);
            }
            Item::Month(m) => {
                if p.month.is_some() {
                    return Err(ScheduleError::Unreadable);
                }
                days_done = !p.days.is_empty();
                p.month = Some(m);
            }
            Item::Year(y) => p.year = Some(y),
            Item::To => return Err(ScheduleError::Unreadable),
        }
    }
    if p.days.is_empty() && p.month.is_none() && p.year.is_none() {
        return Err(ScheduleError::Unreadable);
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
        return Err(ScheduleError::Unreadable);
    }
    if a.days.is_empty() != b.days.is_empty() {
        return Err(ScheduleError::MixedRange);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth::new(year, month).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn schedule(text: &str) -> Schedule {
        let parsed = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(parsed.note, None, "{text:?}");
        parsed.schedule
    }

    fn error(text: &str) -> ScheduleError {
        match parse(text) {
            Ok(p) => panic!("{text:?} read as {p:?}"),
            Err(e) => e,
        }
    }

    fn recurring(months: &[u32]) -> Schedule {
        Schedule::Recurring {
            months: months.to_vec(),
        }
    }

    fn dates(start: NaiveDate, end: NaiveDate) -> Schedule {
        Schedule::Dates { start, end }
    }

    fn month_range(start: YearMonth, end: YearMonth) -> Schedule {
        Schedule::MonthRange { start, end }
    }

    const PLAN_START: YearMonth = YearMonth {
        year: 2023,
        month: 5,
    };
    const PLAN_END: YearMonth = YearMonth {
        year: 2024,
        month: 12,
    };

    // One test per calendar phrase of the 2023-2024 plan, written exactly as there.

    #[test]
    fn seed_b1_1_proceso_continuo() {
        assert_eq!(schedule("Proceso continuo"), Schedule::Continuous);
    }

    #[test]
    fn seed_b1_2_b3_1_quarterly_months() {
        assert_eq!(
            schedule("Mayo, agosto, noviembre, febrero"),
            recurring(&[5, 8, 11, 2])
        );
    }

    #[test]
    fn seed_b1_3_quarterly_months() {
        assert_eq!(
            schedule("Abril, junio, septiembre, diciembre"),
            recurring(&[4, 6, 9, 12])
        );
    }

    #[test]
    fn seed_b1_4_una_practica_por_mes() {
        assert_eq!(schedule("Una práctica por mes"), Schedule::Monthly);
    }

    #[test]
    fn seed_b1_5_day_range() {
        assert_eq!(
            schedule("27-28 de septiembre 2023"),
            dates(date(2023, 9, 27), date(2023, 9, 28))
        );
    }

    #[test]
    fn seed_b1_6_month_range_with_en_dash() {
        assert_eq!(
            schedule("Mayo – Diciembre 2023"),
            month_range(ym(2023, 5), ym(2023, 12))
        );
    }

    #[test]
    fn seed_b2_1_two_months_two_spaces() {
        assert_eq!(schedule("Mayo  Noviembre"), recurring(&[5, 11]));
    }

    #[test]
    fn seed_b2_2_abbreviated_end() {
        assert_eq!(
            schedule("Junio – Nov 2023"),
            month_range(ym(2023, 6), ym(2023, 11))
        );
    }

    #[test]
    fn seed_b2_3_abbreviated_end() {
        assert_eq!(
            schedule("Junio – Dic 2023"),
            month_range(ym(2023, 6), ym(2023, 12))
        );
    }

    #[test]
    fn seed_b2_4_abbreviated_end() {
        assert_eq!(
            schedule("Julio – Dic 2023"),
            month_range(ym(2023, 7), ym(2023, 12))
        );
    }

    #[test]
    fn seed_b3_2_julio_de_2023() {
        assert_eq!(
            schedule("Julio de 2023"),
            Schedule::Month { month: ym(2023, 7) }
        );
    }

    #[test]
    fn seed_b3_4_hyphenated_range() {
        assert_eq!(
            schedule("Abril-Julio 2023"),
            month_range(ym(2023, 4), ym(2023, 7))
        );
    }

    #[test]
    fn seed_t1_1_tentative_with_candidate_days() {
        assert_eq!(
            schedule("Por definir Agosto 2023 (30 o 31 TBD)"),
            Schedule::Tentative {
                month: ym(2023, 8),
                days: vec![30, 31],
            }
        );
    }

    #[test]
    fn seed_t1_2_tentative_setiembre() {
        assert_eq!(
            schedule("Por definir Setiembre 2023 TBD"),
            Schedule::Tentative {
                month: ym(2023, 9),
                days: vec![],
            }
        );
    }

    #[test]
    fn seed_t2_1_side_event_with_note() {
        let text = "Evento paralelo en el marco del Foro de los países de LAC sobre el Desarrollo \
                    Sostenible, 25 de abril 2023, Santiago de Chile";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.schedule, dates(date(2023, 4, 25), date(2023, 4, 25)));
        assert_eq!(
            parsed.note.as_deref(),
            Some(
                "Evento paralelo en el marco del Foro de los países de LAC sobre el Desarrollo \
                 Sostenible, Santiago de Chile"
            )
        );
    }

    #[test]
    fn seed_t3_1_agosto_2023() {
        assert_eq!(
            schedule("Agosto 2023"),
            Schedule::Month { month: ym(2023, 8) }
        );
    }

    #[test]
    fn seed_t3_2_septiembre_2023() {
        assert_eq!(
            schedule("Septiembre 2023"),
            Schedule::Month { month: ym(2023, 9) }
        );
    }

    #[test]
    fn seed_empty_calendars() {
        assert_eq!(schedule(""), Schedule::None);
        assert_eq!(schedule("   "), Schedule::None);
        assert_eq!(schedule("\u{00A0}"), Schedule::None);
        assert_eq!(schedule("—"), Schedule::None);
        assert_eq!(schedule("Por definir"), Schedule::None);
        assert_eq!(schedule("TBD"), Schedule::None);
        assert_eq!(schedule("To be defined"), Schedule::None);
    }

    #[test]
    fn english_shapes() {
        let cases = [
            ("Ongoing", Schedule::Continuous),
            ("Continuous", Schedule::Continuous),
            ("Ongoing process", Schedule::Continuous),
            ("May, August, November, February", recurring(&[5, 8, 11, 2])),
            (
                "April, June, September, December",
                recurring(&[4, 6, 9, 12]),
            ),
            ("One practice per month", Schedule::Monthly),
            ("One per month", Schedule::Monthly),
            ("Once a month", Schedule::Monthly),
            ("Monthly", Schedule::Monthly),
            (
                "27-28 September 2023",
                dates(date(2023, 9, 27), date(2023, 9, 28)),
            ),
            (
                "September 27-28, 2023",
                dates(date(2023, 9, 27), date(2023, 9, 28)),
            ),
            (
                "September 27 – 28, 2023",
                dates(date(2023, 9, 27), date(2023, 9, 28)),
            ),
            (
                "May – December 2023",
                month_range(ym(2023, 5), ym(2023, 12)),
            ),
            ("May - Dec 2023", month_range(ym(2023, 5), ym(2023, 12))),
            ("June – Nov 2023", month_range(ym(2023, 6), ym(2023, 11))),
            (
                "from May to December 2023",
                month_range(ym(2023, 5), ym(2023, 12)),
            ),
            ("July 2023", Schedule::Month { month: ym(2023, 7) }),
            ("August 2023", Schedule::Month { month: ym(2023, 8) }),
            ("April-July 2023", month_range(ym(2023, 4), ym(2023, 7))),
            (
                "To be defined August 2023 (30 or 31 TBD)",
                Schedule::Tentative {
                    month: ym(2023, 8),
                    days: vec![30, 31],
                },
            ),
            (
                "TBD September 2023",
                Schedule::Tentative {
                    month: ym(2023, 9),
                    days: vec![],
                },
            ),
            ("May November", recurring(&[5, 11])),
            ("May and November", recurring(&[5, 11])),
            ("25 April 2023", dates(date(2023, 4, 25), date(2023, 4, 25))),
            (
                "April 25, 2023",
                dates(date(2023, 4, 25), date(2023, 4, 25)),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(schedule(text), want, "{text:?}");
        }
    }

    #[test]
    fn more_spanish_shapes() {
        let cases = [
            ("mayo y noviembre", recurring(&[5, 11])),
            ("Mayo y noviembre de cada año", recurring(&[5, 11])),
            ("Mensual", Schedule::Monthly),
            ("Una vez al mes", Schedule::Monthly),
            ("proceso  continuo.", Schedule::Continuous),
            (
                "de mayo a diciembre de 2023",
                month_range(ym(2023, 5), ym(2023, 12)),
            ),
            (
                "Noviembre 2023 – Febrero 2024",
                month_range(ym(2023, 11), ym(2024, 2)),
            ),
            (
                "Dic. 2023 - Feb. 2024",
                month_range(ym(2023, 12), ym(2024, 2)),
            ),
            ("Mayo – Mayo 2023", Schedule::Month { month: ym(2023, 5) }),
            (
                "27 y 28 de septiembre de 2023",
                dates(date(2023, 9, 27), date(2023, 9, 28)),
            ),
            (
                "27 al 28 de septiembre 2023",
                dates(date(2023, 9, 27), date(2023, 9, 28)),
            ),
            (
                "30 de septiembre – 2 de octubre 2023",
                dates(date(2023, 9, 30), date(2023, 10, 2)),
            ),
            (
                "28 de diciembre 2023 – 3 de enero 2024",
                dates(date(2023, 12, 28), date(2024, 1, 3)),
            ),
            (
                "25 de abril 2023",
                dates(date(2023, 4, 25), date(2023, 4, 25)),
            ),
            ("25/04/2023", dates(date(2023, 4, 25), date(2023, 4, 25))),
            ("2023-04-25", dates(date(2023, 4, 25), date(2023, 4, 25))),
            ("2023-07", Schedule::Month { month: ym(2023, 7) }),
            ("julio", recurring(&[7])),
            ("SETIEMBRE 2023", Schedule::Month { month: ym(2023, 9) }),
            (
                "Agosto 2023 (por confirmar)",
                Schedule::Tentative {
                    month: ym(2023, 8),
                    days: vec![],
                },
            ),
            (
                "Por definir, agosto 2023",
                Schedule::Tentative {
                    month: ym(2023, 8),
                    days: vec![],
                },
            ),
            (
                "Agosto 2023 (30 o 31)",
                Schedule::Tentative {
                    month: ym(2023, 8),
                    days: vec![30, 31],
                },
            ),
            (
                "30 o 31 de agosto 2023",
                Schedule::Tentative {
                    month: ym(2023, 8),
                    days: vec![30, 31],
                },
            ),
            (
                "Por definir 29-31 de agosto 2023",
                Schedule::Tentative {
                    month: ym(2023, 8),
                    days: vec![29, 30, 31],
                },
            ),
            (
                "Por definir Junio – Julio 2023",
                month_range(ym(2023, 6), ym(2023, 7)),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(schedule(text), want, "{text:?}");
        }
    }

    #[test]
    fn notes_around_a_date() {
        let parsed =
            parse("Side event at the LAC Forum, September 27-28, 2023, Santiago, Chile").unwrap();
        assert_eq!(parsed.schedule, dates(date(2023, 9, 27), date(2023, 9, 28)));
        assert_eq!(
            parsed.note.as_deref(),
            Some("Side event at the LAC Forum, Santiago, Chile")
        );

        let parsed = parse("Agosto 2023, Ciudad de Panamá").unwrap();
        assert_eq!(parsed.schedule, Schedule::Month { month: ym(2023, 8) });
        assert_eq!(parsed.note.as_deref(), Some("Ciudad de Panamá"));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(
            error("Mayo, agosto, Foo"),
            ScheduleError::UnknownWord("Foo".into())
        );
        assert_eq!(
            error("Quincenal"),
            ScheduleError::UnknownWord("Quincenal".into())
        );
        assert_eq!(
            error("Juli 2023"),
            ScheduleError::UnknownWord("Juli".into())
        );
        assert_eq!(
            error("Diciembre – Mayo 2023"),
            ScheduleError::Backwards {
                start: "2023-12".into(),
                end: "2023-05".into(),
            }
        );
        assert_eq!(
            error("28-27 de septiembre 2023"),
            ScheduleError::Backwards {
                start: "2023-09-28".into(),
                end: "2023-09-27".into(),
            }
        );
        assert_eq!(
            error("Noviembre – Febrero 2024"),
            ScheduleError::Backwards {
                start: "2024-11".into(),
                end: "2024-02".into(),
            }
        );
        assert_eq!(
            error("31 de septiembre 2023"),
            ScheduleError::NoSuchDay {
                day: 31,
                month: ym(2023, 9),
            }
        );
        assert_eq!(
            error("Por definir Septiembre 2023 (30 o 31)"),
            ScheduleError::NoSuchDay {
                day: 31,
                month: ym(2023, 9),
            }
        );
        assert_eq!(error("27-28 de septiembre"), ScheduleError::MissingYear);
        assert_eq!(error("Mayo – Diciembre"), ScheduleError::MissingYear);
        assert_eq!(error("Por definir agosto"), ScheduleError::MissingYear);
        assert_eq!(error("15 2023"), ScheduleError::MissingMonth);
        assert_eq!(
            error("Septiembre – 5 de octubre 2023"),
            ScheduleError::MixedRange
        );
        assert_eq!(
            error("Mayo – Junio – Julio 2023"),
            ScheduleError::SeveralRanges
        );
        assert_eq!(error("5 y 20 de julio 2023"), ScheduleError::SeparateDays);
        assert_eq!(
            error("Mayo, agosto, mayo"),
            ScheduleError::RepeatedMonth("mayo".into())
        );
        assert_eq!(
            error("Agosto 2023 (30 o 31"),
            ScheduleError::UnbalancedParenthesis
        );
        assert_eq!(error("Agosto 2023) "), ScheduleError::UnbalancedParenthesis);
        assert_eq!(
            error("Agosto 2023, Proceso continuo"),
            ScheduleError::SeveralCalendars
        );
        assert_eq!(error("Mayo 2023, agosto"), ScheduleError::SeveralCalendars);
        assert_eq!(error("Mayo 2023 agosto 2023"), ScheduleError::Unreadable);
        assert_eq!(error("Mayo (30 o 31)"), ScheduleError::MissingYear);
        assert_eq!(
            error("Mayo – Junio 2023 (30 o 31)"),
            ScheduleError::MisplacedDays
        );
        assert_eq!(error("Agosto 2023 (julio)"), ScheduleError::MisplacedDays);
        assert_eq!(error("30 de agosto 2023 (31)"), ScheduleError::DaysTwice);
        assert_eq!(
            error("Agosto 2023 cada año"),
            ScheduleError::EveryYearWithoutMonths
        );
        assert_eq!(error("Agosto 45"), ScheduleError::BadNumber("45".into()));
        assert_eq!(
            error("Agosto 20233"),
            ScheduleError::BadNumber("20233".into())
        );
        assert_eq!(
            error("Agosto 99999999999999999999999"),
            ScheduleError::BadNumber("99999999999999999999999".into())
        );
        assert_eq!(
            error("Agosto 2023 / 2024"),
            ScheduleError::UnexpectedCharacter('/')
        );
        assert_eq!(error("Mayo: 2023"), ScheduleError::UnexpectedCharacter(':'));
        assert_eq!(
            error("Agosto 2023 💥"),
            ScheduleError::UnexpectedCharacter('💥')
        );
        assert_eq!(
            error("Evento en Santiago"),
            ScheduleError::UnknownWord("Evento".into())
        );
    }

    #[test]
    fn error_messages_read_plainly() {
        assert_eq!(
            error("Juli 2023").to_string(),
            "\"Juli\" is not a month, a date or a calendar word"
        );
        assert_eq!(
            error("Diciembre – Mayo 2023").to_string(),
            "the range ends (2023-05) before it starts (2023-12)"
        );
        assert_eq!(
            error("31 de septiembre 2023").to_string(),
            "2023-09 has no day 31"
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let odd = [
            "((((",
            "))",
            "- - -",
            ",,,,",
            "y y y",
            "a",
            "o",
            "de de de",
            "31",
            "0",
            "00",
            "0000",
            "9999999999999999999999999999999",
            "mayo 0000",
            "٣١ مايو",
            "五月 2023",
            "Mayo\u{0301} 2023",
            ", 25 de abril 2023,",
            "por",
            "una por",
            "30 o",
            "(30 o 31) (1)",
            "Agosto 2023 (30 - )",
            "Agosto 2023 (- 30)",
            "Agosto 2023 (31 - 30)",
            "9999 diciembre",
            "31 diciembre 9999 – 1 enero 9999",
        ];
        for text in odd {
            let _ = parse(text);
        }
        let many_commas = ["x"; 40].join(", ");
        assert!(parse(&many_commas).is_err());
    }

    #[test]
    fn windows_follow_the_contract() {
        let window = |text: &str| schedule(text).window(PLAN_START, PLAN_END);
        assert_eq!(
            window("Junio – Dic 2023"),
            (date(2023, 6, 1), date(2023, 12, 31))
        );
        assert_eq!(
            window("27-28 de septiembre 2023"),
            (date(2023, 9, 27), date(2023, 9, 28))
        );
        assert_eq!(
            window("Por definir Agosto 2023 (30 o 31 TBD)"),
            (date(2023, 8, 1), date(2023, 8, 31))
        );
        assert_eq!(
            window("Por definir Setiembre 2023 TBD"),
            (date(2023, 9, 1), date(2023, 9, 30))
        );
        assert_eq!(
            window("Julio de 2023"),
            (date(2023, 7, 1), date(2023, 7, 31))
        );
        assert_eq!(
            window("Proceso continuo"),
            (date(2023, 5, 1), date(2024, 12, 31))
        );
        assert_eq!(window(""), (date(2023, 5, 1), date(2024, 12, 31)));
        assert_eq!(
            window("Una práctica por mes"),
            (date(2023, 5, 1), date(2024, 12, 31))
        );
        assert_eq!(
            window("Mayo, agosto, noviembre, febrero"),
            (date(2023, 5, 1), date(2024, 12, 31))
        );
        let side_event = parse("Evento paralelo, 25 de abril 2023, Santiago de Chile").unwrap();
        assert_eq!(
            side_event.schedule.window(PLAN_START, PLAN_END),
            (date(2023, 4, 25), date(2023, 4, 25))
        );
    }

    #[test]
    fn one_off_and_recurring_kinds() {
        for text in [
            "27-28 de septiembre 2023",
            "Julio de 2023",
            "Junio – Dic 2023",
            "Por definir Setiembre 2023 TBD",
        ] {
            let s = schedule(text);
            assert!(s.is_one_off() && !s.is_recurring(), "{text:?}");
        }
        for text in [
            "Una práctica por mes",
            "Mayo  Noviembre",
            "Mayo, agosto, noviembre, febrero",
        ] {
            let s = schedule(text);
            assert!(s.is_recurring() && !s.is_one_off(), "{text:?}");
        }
        for text in ["Proceso continuo", ""] {
            let s = schedule(text);
            assert!(!s.is_recurring() && !s.is_one_off(), "{text:?}");
        }
    }

    #[test]
    fn occurrences_over_the_plan() {
        let months = |text: &str| -> Vec<String> {
            schedule(text)
                .occurrences(PLAN_START, PLAN_END)
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(
            months("Mayo, agosto, noviembre, febrero"),
            ["2023-05", "2023-08", "2023-11", "2024-02", "2024-05", "2024-08", "2024-11"]
        );
        assert_eq!(
            months("Abril, junio, septiembre, diciembre"),
            ["2023-06", "2023-09", "2023-12", "2024-04", "2024-06", "2024-09", "2024-12"]
        );
        assert_eq!(
            months("Mayo  Noviembre"),
            ["2023-05", "2023-11", "2024-05", "2024-11"]
        );
        let monthly = months("Una práctica por mes");
        assert_eq!(monthly.len(), 20);
        assert_eq!(monthly.first().map(String::as_str), Some("2023-05"));
        assert_eq!(monthly.last().map(String::as_str), Some("2024-12"));
        assert!(months("Proceso continuo").is_empty());
        assert!(months("Julio de 2023").is_empty());
        assert!(months("").is_empty());
    }

    #[test]
    fn serialises_with_a_kind_tag() {
        let json = |text: &str| serde_json::to_string(&parse(text).unwrap()).unwrap();
        assert_eq!(json(""), r#"{"schedule":{"kind":"none"},"note":null}"#);
        assert_eq!(
            json("Mayo  Noviembre"),
            r#"{"schedule":{"kind":"recurring","months":[5,11]},"note":null}"#
        );
        assert_eq!(
            json("27-28 de septiembre 2023"),
            r#"{"schedule":{"kind":"dates","start":"2023-09-27","end":"2023-09-28"},"note":null}"#
        );
        assert_eq!(
            json("Junio – Dic 2023"),
            r#"{"schedule":{"kind":"month-range","start":"2023-06","end":"2023-12"},"note":null}"#
        );
        assert_eq!(
            json("Por definir Agosto 2023 (30 o 31 TBD)"),
            r#"{"schedule":{"kind":"tentative","month":"2023-08","days":[30,31]},"tentative":true,"note":null}"#
        );
        let back: ParsedSchedule =
            serde_json::from_str(&json("Por definir Agosto 2023 (30 o 31 TBD)")).unwrap();
        assert_eq!(
            back,
            parse("Por definir Agosto 2023 (30 o 31 TBD)").unwrap()
        );
    }

    // The forms of periodic, period and open-ended calendars, each with its windows over a
    // 2025-2026 plan.

    const NEXT_START: YearMonth = YearMonth {
        year: 2025,
        month: 1,
    };
    const NEXT_END: YearMonth = YearMonth {
        year: 2026,
        month: 12,
    };

    /// The planned window and the occurrence windows of a phrase over the 2025-2026 plan, as
    /// ISO dates.
    fn windows_of(text: &str) -> (String, Vec<String>) {
        let s = schedule_any(text);
        let (a, b) = s.window(NEXT_START, NEXT_END);
        let list = s
            .windows(NEXT_START, NEXT_END)
            .iter()
            .map(|w| format!("{}/{}", w.start, w.end))
            .collect();
        (format!("{a}/{b}"), list)
    }

    /// Reads a phrase that may be marked tentative.
    fn schedule_any(text: &str) -> Schedule {
        let parsed = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(parsed.note, None, "{text:?}");
        parsed.schedule
    }

    fn periodic(every: Period, from: Option<YearMonth>, to: Option<YearMonth>) -> Schedule {
        Schedule::Periodic { every, from, to }
    }

    fn quarters(years: &[i32]) -> Vec<String> {
        let mut out = Vec::new();
        for &y in years {
            for (a, b) in [
                ("01-01", "03-31"),
                ("04-01", "06-30"),
                ("07-01", "09-30"),
                ("10-01", "12-31"),
            ] {
                out.push(format!("{y}-{a}/{y}-{b}"));
            }
        }
        out
    }

    const WHOLE_PLAN: &str = "2025-01-01/2026-12-31";

    #[test]
    fn periodicities_spanish_and_english() {
        for text in [
            "Mensual",
            "mensualmente",
            "Monthly",
            "every month",
            "Cada mes",
        ] {
            assert_eq!(schedule_any(text), Schedule::Monthly, "{text:?}");
            let (window, list) = windows_of(text);
            assert_eq!(window, WHOLE_PLAN);
            assert_eq!(list.len(), 24);
            assert_eq!(list[0], "2025-01-01/2025-01-31");
            assert_eq!(list[23], "2026-12-01/2026-12-31");
        }
        for text in [
            "Bimestral",
            "Cada dos meses",
            "every other month",
            "Every two months",
            "bimonthly",
        ] {
            assert_eq!(
                schedule_any(text),
                periodic(Period::TwoMonths, None, None),
                "{text:?}"
            );
            let (window, list) = windows_of(text);
            assert_eq!(window, WHOLE_PLAN);
            assert_eq!(list.len(), 12, "{text:?}");
            assert_eq!(list[0], "2025-01-01/2025-02-28");
            assert_eq!(list[1], "2025-03-01/2025-04-30");
            assert_eq!(list[11], "2026-11-01/2026-12-31");
        }
        for text in [
            "Trimestral",
            "trimestralmente",
            "cada trimestre",
            "Quarterly",
            "every quarter",
        ] {
            assert_eq!(
                schedule_any(text),
                periodic(Period::Quarter, None, None),
                "{text:?}"
            );
            assert_eq!(
                windows_of(text),
                (WHOLE_PLAN.into(), quarters(&[2025, 2026])),
                "{text:?}"
            );
        }
        for text in [
            "Semestral",
            "Dos veces al año",
            "dos veces por año",
            "twice a year",
            "Half-yearly",
            "semi-annual",
            "biannually",
        ] {
            assert_eq!(
                schedule_any(text),
                periodic(Period::Half, None, None),
                "{text:?}"
            );
            let (window, list) = windows_of(text);
            assert_eq!(window, WHOLE_PLAN);
            assert_eq!(
                list,
                [
                    "2025-01-01/2025-06-30",
                    "2025-07-01/2025-12-31",
                    "2026-01-01/2026-06-30",
                    "2026-07-01/2026-12-31"
                ],
                "{text:?}"
            );
        }
        for text in [
            "Anual",
            "anualmente",
            "una vez al año",
            "Yearly",
            "annually",
            "once a year",
        ] {
            assert_eq!(
                schedule_any(text),
                periodic(Period::Year, None, None),
                "{text:?}"
            );
            assert_eq!(
                windows_of(text).1,
                ["2025-01-01/2025-12-31", "2026-01-01/2026-12-31"],
                "{text:?}"
            );
        }
    }

    #[test]
    fn periodicities_with_named_months() {
        for text in [
            "Anual (noviembre)",
            "anual, noviembre",
            "annually in November",
            "Yearly (November)",
        ] {
            assert_eq!(schedule_any(text), recurring(&[11]), "{text:?}");
            assert_eq!(
                windows_of(text),
                (
                    WHOLE_PLAN.into(),
                    vec![
                        "2025-11-01/2025-11-30".to_string(),
                        "2026-11-01/2026-11-30".to_string()
                    ]
                ),
                "{text:?}"
            );
        }
        for text in [
            "marzo y septiembre",
            "Semestral (marzo y septiembre)",
            "March and September",
            "twice a year, in March and September",
        ] {
            assert_eq!(schedule_any(text), recurring(&[3, 9]), "{text:?}");
            assert_eq!(windows_of(text).1.len(), 4, "{text:?}");
        }
        for text in [
            "Marzo y septiembre de 2025",
            "marzo y septiembre 2025",
            "March and September 2025",
        ] {
            assert_eq!(
                schedule_any(text),
                Schedule::Months {
                    months: vec![ym(2025, 3), ym(2025, 9)]
                },
                "{text:?}"
            );
            assert_eq!(
                windows_of(text),
                (
                    "2025-03-01/2025-09-30".into(),
                    vec![
                        "2025-03-01/2025-03-31".to_string(),
                        "2025-09-01/2025-09-30".to_string()
                    ]
                ),
                "{text:?}"
            );
        }
    }

    #[test]
    fn periodicities_with_years() {
        for text in [
            "Trimestral durante 2026",
            "trimestral en 2026",
            "quarterly in 2026",
            "Quarterly 2026",
        ] {
            assert_eq!(
                schedule_any(text),
                periodic(Period::Quarter, Some(ym(2026, 1)), Some(ym(2026, 12))),
                "{text:?}"
            );
            assert_eq!(
                windows_of(text),
                ("2026-01-01/2026-12-31".into(), quarters(&[2026])),
                "{text:?}"
            );
        }
        assert_eq!(
            windows_of("mensual en 2025").1.len(),
            12,
            "a bounded monthly calendar"
        );
        assert_eq!(
            schedule_any("Semestral a partir de 2026"),
            periodic(Period::Half, Some(ym(2026, 1)), None)
        );
        assert_eq!(
            windows_of("Semestral a partir de 2026").1,
            ["2026-01-01/2026-06-30", "2026-07-01/2026-12-31"]
        );
    }

    #[test]
    fn periodic_windows_are_clipped_to_the_plan() {
        // A plan from May 2023: its first quarter is May-June, its first half May-June, and
        // two-month periods count from May.
        let list = |text: &str| -> Vec<String> {
            schedule_any(text)
                .windows(PLAN_START, PLAN_END)
                .iter()
                .map(|w| format!("{}/{}", w.start, w.end))
                .collect()
        };
        let q = list("Trimestral");
        assert_eq!(q.len(), 7);
        assert_eq!(q[0], "2023-05-01/2023-06-30");
        assert_eq!(q[1], "2023-07-01/2023-09-30");
        let h = list("Semestral");
        assert_eq!(
            h,
            [
                "2023-05-01/2023-06-30",
                "2023-07-01/2023-12-31",
                "2024-01-01/2024-06-30",
                "2024-07-01/2024-12-31"
            ]
        );
        let b = list("Bimestral");
        assert_eq!(b.len(), 10);
        assert_eq!(b[0], "2023-05-01/2023-06-30");
        assert_eq!(b[9], "2024-11-01/2024-12-31");
        assert_eq!(
            list("Anual"),
            ["2023-05-01/2023-12-31", "2024-01-01/2024-12-31"]
        );
    }

    #[test]
    fn quarters_and_halves() {
        for text in [
            "segundo trimestre de 2025",
            "Segundo trimestre 2025",
            "II trimestre 2025",
            "2do trimestre de 2025",
            "2º trimestre 2025",
            "T2 2025",
            "Q2 2025",
            "second quarter of 2025",
            "2nd quarter 2025",
        ] {
            assert_eq!(
                schedule_any(text),
                month_range(ym(2025, 4), ym(2025, 6)),
                "{text:?}"
            );
            assert_eq!(
                windows_of(text),
                (
                    "2025-04-01/2025-06-30".into(),
                    vec!["2025-04-01/2025-06-30".to_string()]
                ),
                "{text:?}"
            );
        }
        for text in [
            "primer semestre de 2025",
            "I semestre 2025",
            "1er semestre 2025",
            "S1 2025",
            "H1 2025",
            "first half of 2025",
        ] {
            assert_eq!(
                schedule_any(text),
                month_range(ym(2025, 1), ym(2025, 6)),
                "{text:?}"
            );
        }
        for text in [
            "H2 2025",
            "segundo semestre de 2025",
            "second half of 2025",
            "2nd half 2025",
        ] {
            assert_eq!(
                schedule_any(text),
                month_range(ym(2025, 7), ym(2025, 12)),
                "{text:?}"
            );
        }
        assert_eq!(
            schedule_any("first half of 2026"),
            month_range(ym(2026, 1), ym(2026, 6))
        );
        assert_eq!(
            schedule_any("Q2 – Q3 2025"),
            month_range(ym(2025, 4), ym(2025, 9))
        );
        assert!(schedule_any("Q2 2025").is_one_off());
    }

    #[test]
    fn years_and_the_whole_plan() {
        for text in ["2025", "durante 2025", "en 2025", "during 2025", "in 2025"] {
            assert_eq!(
                schedule_any(text),
                month_range(ym(2025, 1), ym(2025, 12)),
                "{text:?}"
            );
            assert_eq!(
                windows_of(text),
                (
                    "2025-01-01/2025-12-31".into(),
                    vec!["2025-01-01/2025-12-31".to_string()]
                ),
                "{text:?}"
            );
        }
        for text in [
            "2025-2026",
            "2025 – 2026",
            "durante 2025-2026",
            "2025 to 2026",
        ] {
            let s = schedule_any(text);
            assert_eq!(
                s,
                Schedule::ContinuousWithin {
                    start: ym(2025, 1),
                    end: Some(ym(2026, 12))
                },
                "{text:?}"
            );
            assert!(s.is_continuous());
            assert_eq!(windows_of(text), (WHOLE_PLAN.into(), vec![]), "{text:?}");
        }
        for text in [
            "Permanente",
            "Proceso permanente",
            "a lo largo del bienio",
            "durante todo el bienio",
            "Ongoing",
            "throughout the biennium",
            "throughout the plan",
        ] {
            assert_eq!(schedule_any(text), Schedule::Continuous, "{text:?}");
            assert_eq!(windows_of(text), (WHOLE_PLAN.into(), vec![]), "{text:?}");
        }
        for text in ["a lo largo de 2026", "throughout 2026"] {
            assert_eq!(
                schedule_any(text),
                Schedule::ContinuousWithin {
                    start: ym(2026, 1),
                    end: Some(ym(2026, 12))
                },
                "{text:?}"
            );
            assert_eq!(
                windows_of(text),
                ("2026-01-01/2026-12-31".into(), vec![]),
                "{text:?}"
            );
        }
    }

    #[test]
    fn open_ends() {
        for text in [
            "hasta junio de 2025",
            "Hasta junio 2025",
            "by June 2025",
            "until June 2025",
            "antes de junio de 2025",
        ] {
            let s = schedule_any(text);
            assert_eq!(
                s,
                Schedule::Until {
                    end: date(2025, 6, 30)
                },
                "{text:?}"
            );
            assert!(s.is_one_off());
            assert_eq!(
                windows_of(text),
                (
                    "2025-01-01/2025-06-30".into(),
                    vec!["2025-01-01/2025-06-30".to_string()]
                ),
                "{text:?}"
            );
        }
        assert_eq!(
            schedule_any("hasta el 15 de junio de 2025"),
            Schedule::Until {
                end: date(2025, 6, 15)
            }
        );
        assert_eq!(
            schedule_any("by Q3 2025"),
            Schedule::Until {
                end: date(2025, 9, 30)
            }
        );
        for text in [
            "a partir de marzo de 2025",
            "A partir de marzo 2025",
            "desde marzo de 2025",
            "de marzo de 2025 en adelante",
            "from March 2025",
            "starting March 2025",
            "March 2025 onwards",
        ] {
            let s = schedule_any(text);
            assert_eq!(
                s,
                Schedule::ContinuousWithin {
                    start: ym(2025, 3),
                    end: None
                },
                "{text:?}"
            );
            assert!(s.is_continuous() && !s.is_one_off());
            assert_eq!(
                windows_of(text),
                ("2025-03-01/2026-12-31".into(), vec![]),
                "{text:?}"
            );
        }
        // A range keeps reading as a range.
        assert_eq!(
            schedule_any("from May to December 2025"),
            month_range(ym(2025, 5), ym(2025, 12))
        );
        assert_eq!(
            schedule_any("desde mayo hasta diciembre de 2025"),
            month_range(ym(2025, 5), ym(2025, 12))
        );
    }

    #[test]
    fn day_ranges_and_lists() {
        for text in [
            "del 3 al 5 de junio de 2025",
            "3-5 June 2025",
            "3 al 5 de junio 2025",
            "June 3-5, 2025",
        ] {
            assert_eq!(
                schedule_any(text),
                dates(date(2025, 6, 3), date(2025, 6, 5)),
                "{text:?}"
            );
            assert_eq!(
                windows_of(text),
                (
                    "2025-06-03/2025-06-05".into(),
                    vec!["2025-06-03/2025-06-05".to_string()]
                ),
                "{text:?}"
            );
        }
        for text in [
            "mayo 2025 y mayo 2026",
            "Mayo de 2025 y mayo de 2026",
            "May 2025 and May 2026",
            "mayo 2025, mayo 2026",
        ] {
            assert_eq!(
                schedule_any(text),
                Schedule::Months {
                    months: vec![ym(2025, 5), ym(2026, 5)]
                },
                "{text:?}"
            );
            assert_eq!(
                windows_of(text).1,
                ["2025-05-01/2025-05-31", "2026-05-01/2026-05-31"],
                "{text:?}"
            );
        }
    }

    #[test]
    fn tentative_marks_on_any_form() {
        for (text, want) in [
            (
                "Trimestral (por confirmar)",
                periodic(Period::Quarter, None, None),
            ),
            ("Quarterly (TBD)", periodic(Period::Quarter, None, None)),
            (
                "Por definir (segundo semestre de 2025)",
                month_range(ym(2025, 7), ym(2025, 12)),
            ),
            ("TBD Q3 2025", month_range(ym(2025, 7), ym(2025, 9))),
            (
                "hasta junio de 2025 (por confirmar)",
                Schedule::Until {
                    end: date(2025, 6, 30),
                },
            ),
            (
                "a partir de marzo de 2025, por definir",
                Schedule::ContinuousWithin {
                    start: ym(2025, 3),
                    end: None,
                },
            ),
            ("Anual (noviembre, por confirmar)", recurring(&[11])),
            (
                "Por definir (junio 2025)",
                Schedule::Tentative {
                    month: ym(2025, 6),
                    days: vec![],
                },
            ),
            ("2026 (TBC)", month_range(ym(2026, 1), ym(2026, 12))),
            (
                "Por definir Agosto 2023 (30 o 31 TBD)",
                Schedule::Tentative {
                    month: ym(2023, 8),
                    days: vec![30, 31],
                },
            ),
        ] {
            let parsed = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(parsed.schedule, want, "{text:?}");
            assert!(parsed.tentative, "{text:?} is tentative");
        }
        assert!(!parse("Trimestral").unwrap().tentative);
        assert!(!parse("Julio de 2023").unwrap().tentative);
    }

    #[test]
    fn refused_forms_say_why() {
        assert_eq!(
            error("Quincenal"),
            ScheduleError::UnknownWord("Quincenal".into())
        );
        assert_eq!(
            error("fortnightly"),
            ScheduleError::UnknownWord("fortnightly".into())
        );
        assert_eq!(error("Q5 2025"), ScheduleError::BadNumber("5".into()));
        assert_eq!(error("segundo trimestre"), ScheduleError::MissingYear);
        assert_eq!(error("hasta junio"), ScheduleError::MissingYear);
        assert_eq!(error("Trimestral y anual"), ScheduleError::SeveralCalendars);
        assert_eq!(
            error("2026-2025"),
            ScheduleError::Backwards {
                start: "2026-01".into(),
                end: "2025-12".into()
            }
        );
        assert_eq!(
            error("Trimestral cada mes xyz"),
            ScheduleError::UnknownWord("xyz".into())
        );
        assert_eq!(
            error("trimestral (marzo"),
            ScheduleError::UnbalancedParenthesis
        );
    }

    #[test]
    fn errors_read_in_both_languages() {
        let text = ScheduleError::UnknownWord("Quincenal".into()).text();
        assert!(text.es.contains("«Quincenal»"), "{}", text.es);
        assert!(text.es.contains("palabra"), "{}", text.es);
        assert!(text.en.contains("“Quincenal”"), "{}", text.en);
        let missing = ScheduleError::MissingYear.text();
        assert!(missing.es.starts_with("falta el año"), "{}", missing.es);
        assert!(missing.en.starts_with("no year"), "{}", missing.en);
    }
    #[test]
    fn windows_in_words() {
        use crate::i18n::Lang;
        let w = |a: (i32, u32, u32), b: (i32, u32, u32)| Window {
            start: date(a.0, a.1, a.2),
            end: date(b.0, b.1, b.2),
        };
        assert_eq!(
            w((2024, 5, 1), (2024, 5, 31)).text(Lang::Es),
            "mayo de 2024"
        );
        assert_eq!(w((2024, 5, 1), (2024, 5, 31)).text(Lang::En), "May 2024");
        assert_eq!(
            w((2025, 4, 1), (2025, 6, 30)).text(Lang::En),
            "the second quarter of 2025"
        );
        assert_eq!(
            w((2025, 7, 1), (2025, 12, 31)).text(Lang::Es),
            "el segundo semestre de 2025"
        );
        assert_eq!(w((2025, 1, 1), (2025, 12, 31)).text(Lang::En), "2025");
        assert_eq!(
            w((2025, 1, 1), (2025, 2, 28)).text(Lang::Es),
            "enero–febrero de 2025"
        );
        assert_eq!(
            w((2025, 6, 3), (2025, 6, 5)).text(Lang::En),
            "3-5 June 2025"
        );
    }
}
