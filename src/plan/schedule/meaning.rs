//! What a calendar means once read: the [`Schedule`] kinds, the [`Window`] of an expected
//! occurrence, and the planned window and occurrences a schedule gives over the plan's period.
//!
//! The readers of phrases build these values; every later stage (reconciliation, reports,
//! trackers) only asks them for windows, so the reading and the meaning stay apart.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;

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
    /// How the reader filled in what the phrase leaves open (a fuzzy time, the plan's year, a
    /// time counted from the plan's first month); the plan notes each one.
    #[serde(skip)]
    pub readings: Vec<Reading>,
}

/// What the reader filled in for a phrase that leaves it open; the plan raises a `plan-note`
/// for each, so the author sees how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A fuzzy time ("mid-2027", "by late 2027"), read by the fixed parts of a year.
    Fuzzy {
        /// How it was read.
        read: Read,
    },
    /// Months without a year, read in the year of a plan that lies in one calendar year.
    PlanYear {
        /// The plan's year.
        year: i32,
    },
    /// A time counted from the plan's first month ("within the first 9 months").
    Relative {
        /// How it was read.
        read: Read,
        /// The plan's first month.
        from: YearMonth,
    },
}

/// What a phrase left open was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// A window.
    Window(Window),
    /// A deadline on a day.
    Deadline(NaiveDate),
    /// An open start in a month.
    From(YearMonth),
}

impl Read {
    /// Returns the reading in words.
    fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{format_date, format_month, tr};
        match self {
            Read::Window(w) => w.text(lang),
            Read::Deadline(day) => tr(
                lang,
                "schedule.read.deadline",
                &[("date", &format_date(lang, *day))],
            ),
            Read::From(month) => tr(
                lang,
                "schedule.read.from",
                &[("month", &format_month(lang, *month))],
            ),
        }
    }
}

impl Reading {
    /// Returns the note on how `calendar` was read, in both languages.
    pub fn text(&self, calendar: &str) -> crate::i18n::Text {
        use crate::i18n::{format_month, tr, Text};
        let calendar = calendar.to_string();
        match *self {
            Reading::Fuzzy { read } => Text::from_fn(|lang| {
                tr(
                    lang,
                    "schedule.read.fuzzy",
                    &[("calendar", &calendar), ("reading", &read.text(lang))],
                )
            }),
            Reading::PlanYear { year } => Text::tr(
                "schedule.read.plan-year",
                &[("calendar", &calendar), ("year", &year)],
            ),
            Reading::Relative { read, from } => Text::from_fn(|lang| {
                tr(
                    lang,
                    "schedule.read.relative",
                    &[
                        ("calendar", &calendar),
                        ("reading", &read.text(lang)),
                        ("start", &format_month(lang, from)),
                    ],
                )
            }),
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
