//! Why a calendar phrase could not be read, in words the plan's author can act on. Both
//! readers of phrases and the tokenizer report through this one type, and the plan quotes it.

use crate::calendar::YearMonth;
use crate::i18n::Text;

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
    #[error("a range must join two days or two months, not a day (\"{word}\") and a month")]
    MixedRange {
        /// The day that stands against a month, as written.
        word: String,
        /// The nearest phrase the reader takes, when one is found.
        near: Option<String>,
    },
    /// More than one range in one phrase.
    #[error("more than one range is given (the second at \"{word}\"); write one, as in \"Mayo – Diciembre 2023\"")]
    SeveralRanges {
        /// The word or dash that opens the second range.
        word: String,
        /// The nearest phrase the reader takes, when one is found.
        near: Option<String>,
    },
    /// A month number above 12 after a year ("2027-13"), which is neither a month nor the
    /// end of a span of years.
    #[error("there is no month {month}; write \"{year}-12\" for December or \"{year}-{next}\" for two years")]
    NoSuchMonth {
        /// The year written.
        year: i32,
        /// The number written after it.
        month: u32,
        /// The year after it.
        next: i32,
    },
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
    /// Months without a year in a plan over several years.
    #[error(
        "no year is given, and the plan runs from {first} to {last}; write it, as in \"{example}\""
    )]
    MissingYearIn {
        /// The plan's first year.
        first: i32,
        /// The plan's last year.
        last: i32,
        /// The phrase with the plan's first year.
        example: String,
    },
    /// A count of months that does not say from when ("within 9 months").
    #[error("\"{months} months\" does not say from when it counts")]
    CountFromWhen {
        /// The months counted.
        months: u32,
        /// The month the count would end in, from the plan's first month.
        example: YearMonth,
    },
    /// A fuzzy time before something other than a year ("early March").
    #[error("\"{0}\" goes with a year, as in \"{0} 2025\"")]
    FuzzyWithoutYear(String),
    /// A calendar word or a number in the note kept beside a date.
    #[error("\"{word}\" is apart from the date \"{date}\"")]
    WordInNote {
        /// The word or number, as written.
        word: String,
        /// The part read as the date.
        date: String,
    },
    /// Months, days and years in an order that reads as no calendar.
    #[error("the days, months and years are in no order this tool reads (at \"{word}\"); write them as in \"25 de abril 2023\", \"Agosto 2023\" or \"Mayo – Diciembre 2023\"")]
    Unreadable {
        /// The word or number at which the reading stopped, as written.
        word: String,
        /// The nearest phrase the reader takes, when one is found.
        near: Option<String>,
    },
}

impl ScheduleError {
    /// The refusal of an order of days, months and years, before `teach` finds its word.
    pub(super) fn unreadable() -> ScheduleError {
        ScheduleError::Unreadable {
            word: String::new(),
            near: None,
        }
    }

    /// The refusal of a second range, before `teach` finds its word.
    pub(super) fn several_ranges() -> ScheduleError {
        ScheduleError::SeveralRanges {
            word: String::new(),
            near: None,
        }
    }

    /// The refusal of a range from a day to a month, before `teach` finds its word.
    pub(super) fn mixed_range() -> ScheduleError {
        ScheduleError::MixedRange {
            word: String::new(),
            near: None,
        }
    }

    /// Returns what is wrong in both languages, naming the word or number that stopped the
    /// reading, for the plan's error message.
    pub fn text(&self) -> Text {
        match self {
            ScheduleError::UnknownWord(w) => unknown_word(w),
            ScheduleError::UnexpectedCharacter(c) => {
                Text::tr("schedule.unexpected-character", &[("char", c)])
            }
            ScheduleError::BadNumber(n) => Text::tr("schedule.bad-number", &[("number", n)]),
            ScheduleError::NoSuchDay { day, month } => Text::from_fn(|lang| {
                crate::i18n::tr(
                    lang,
                    "schedule.no-such-day",
                    &[
                        ("day", day),
                        ("month", &crate::i18n::format_month(lang, *month)),
                    ],
                )
            }),
            ScheduleError::MissingYear => Text::tr("schedule.missing-year", &[]),
            ScheduleError::MissingMonth => Text::tr("schedule.missing-month", &[]),
            ScheduleError::Backwards { start, end } => {
                Text::tr("schedule.backwards", &[("start", start), ("end", end)])
            }
            ScheduleError::MixedRange { word, near } => taught(MIXED_RANGE, word, near),
            ScheduleError::SeveralRanges { word, near } => taught(SEVERAL_RANGES, word, near),
            ScheduleError::NoSuchMonth { year, month, next } => Text::tr(
                "schedule.no-such-month",
                &[("year", year), ("month", month), ("next", next)],
            ),
            ScheduleError::SeparateDays => Text::tr("schedule.separate-days", &[]),
            ScheduleError::RepeatedMonth(m) => Text::tr("schedule.repeated-month", &[("word", m)]),
            ScheduleError::MisplacedDays => Text::tr("schedule.misplaced-days", &[]),
            ScheduleError::DaysTwice => Text::tr("schedule.days-twice", &[]),
            ScheduleError::EveryYearWithoutMonths => Text::tr("schedule.every-year", &[]),
            ScheduleError::UnbalancedParenthesis => Text::tr("schedule.parenthesis", &[]),
            ScheduleError::SeveralCalendars => Text::tr("schedule.several-calendars", &[]),
            ScheduleError::Unreadable { word, near } => taught(UNREADABLE, word, near),
            ScheduleError::MissingYearIn {
                first,
                last,
                example,
            } => Text::tr(
                "schedule.missing-year-in",
                &[("first", first), ("last", last), ("example", example)],
            ),
            ScheduleError::CountFromWhen { months, example } => Text::from_fn(|lang| {
                crate::i18n::tr(
                    lang,
                    "schedule.count-from-when",
                    &[
                        ("months", months),
                        ("month", &crate::i18n::format_month(lang, *example)),
                    ],
                )
            }),
            ScheduleError::FuzzyWithoutYear(w) => {
                Text::tr("schedule.fuzzy-without-year", &[("word", w)])
            }
            ScheduleError::WordInNote { word, date } => {
                Text::tr("schedule.word-in-note", &[("word", word), ("date", date)])
            }
        }
    }
}

/// The keys of the refusals that teach: plain, with the word, with the word and a proposal.
const MIXED_RANGE: [&str; 3] = [
    "schedule.mixed-range",
    "schedule.mixed-range-at",
    "schedule.mixed-range-near",
];
const SEVERAL_RANGES: [&str; 3] = [
    "schedule.several-ranges",
    "schedule.several-ranges-at",
    "schedule.several-ranges-near",
];
const UNREADABLE: [&str; 3] = [
    "schedule.unreadable",
    "schedule.unreadable-at",
    "schedule.unreadable-near",
];

/// The message of a refusal from its three keys: plain, naming the word that stopped it, and
/// naming it with the nearest phrase the reader takes.
fn taught([plain, at, with_near]: [&str; 3], word: &str, near: &Option<String>) -> Text {
    Text::from_fn(|lang| match (word.is_empty(), near) {
        (true, _) => crate::i18n::tr(lang, plain, &[]),
        (false, None) => crate::i18n::tr(lang, at, &[("word", &word)]),
        (false, Some(near)) => crate::i18n::tr(lang, with_near, &[("word", &word), ("near", near)]),
    })
}

/// The message for a word the reader does not know, proposing the nearest word of the
/// user's language when one is close (a misspelt month: "Juli" → "julio").
fn unknown_word(word: &str) -> Text {
    Text::from_fn(|lang| match nearest(lang.code(), word) {
        Some(near) => crate::i18n::tr(
            lang,
            "schedule.unknown-word-near",
            &[("word", &word), ("near", &near)],
        ),
        None => crate::i18n::tr(lang, "schedule.unknown-word", &[("word", &word)]),
    })
}

/// Returns the calendar word of language `code` nearest to `word`, when it is one letter off
/// (two in a word of more than five): what a misspelt word was most likely meant to be.
fn nearest(code: &str, word: &str) -> Option<String> {
    let words = crate::words::of(code)?;
    let key = crate::text::fold(word);
    let c = &words.calendar;
    let lists = [
        &c.tentative,
        &c.continuous,
        &c.until,
        &c.from,
        &c.throughout,
        &c.quarter,
        &c.half,
        &c.continues,
        &c.every.month,
        &c.every.two_months,
        &c.every.quarter,
        &c.every.half,
        &c.every.year,
        &c.fuzzy.early,
        &c.fuzzy.mid,
        &c.fuzzy.late,
    ];
    let limit = if key.chars().count() > 5 { 2 } else { 1 };
    words
        .months
        .by_number()
        .into_iter()
        .chain(lists)
        .flatten()
        .filter(|w| !w.contains(' ') && w.chars().count() > 2)
        .map(|w| (distance(&key, &crate::text::fold(w)), w))
        .filter(|(d, _)| (1..=limit).contains(d))
        .min_by_key(|(d, _)| *d)
        .map(|(_, w)| w.to_lowercase())
}

/// The number of letters to add, drop or change to turn one word into the other.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}
