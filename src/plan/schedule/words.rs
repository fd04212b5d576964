//! A calendar in words, as the trackers' plan sheet and `plan`'s text show it ("once a
//! quarter, from March 2025"): the reading of a calendar, given back to the person who wrote
//! it so they can see it was understood.

use crate::calendar::YearMonth;
use crate::i18n::{self, format_date_range, format_month, tr, Lang};

use super::meaning::{Period, Schedule};

/// Writes what a calendar means in `lang`'s words, marked when it is tentative and its reading
/// does not say so itself.
pub fn reading(lang: Lang, schedule: &Schedule, tentative: bool) -> String {
    if tentative && !matches!(schedule, Schedule::Tentative { .. }) {
        tr(
            lang,
            "xlsx.schedule.tentative-mark",
            &[("schedule", &describe(lang, schedule))],
        )
    } else {
        describe(lang, schedule)
    }
}

/// Describes a parsed calendar in words.
pub fn describe(lang: Lang, schedule: &Schedule) -> String {
    match schedule {
        Schedule::None => tr(lang, "xlsx.schedule.none", &[]),
        Schedule::Continuous => tr(lang, "xlsx.schedule.continuous", &[]),
        Schedule::Monthly => tr(lang, "xlsx.schedule.monthly", &[]),
        Schedule::Recurring { months } => {
            let names = months
                .iter()
                .map(|&m| i18n::month_name(lang, m))
                .collect::<Vec<_>>()
                .join(", ");
            tr(lang, "xlsx.schedule.recurring", &[("months", &names)])
        }
        Schedule::Dates { start, end } => tr(
            lang,
            "xlsx.schedule.dates",
            &[("dates", &format_date_range(lang, *start, *end))],
        ),
        Schedule::Month { month } => tr(
            lang,
            "xlsx.schedule.month",
            &[("month", &format_month(lang, *month))],
        ),
        Schedule::MonthRange { start, end } => tr(
            lang,
            "xlsx.schedule.month-range",
            &[
                ("start", &format_month(lang, *start)),
                ("end", &format_month(lang, *end)),
            ],
        ),
        Schedule::Tentative { month, days } if days.is_empty() => tr(
            lang,
            "xlsx.schedule.tentative",
            &[("month", &format_month(lang, *month))],
        ),
        Schedule::Tentative { month, days } => {
            let days = days
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            tr(
                lang,
                "xlsx.schedule.tentative-days",
                &[("month", &format_month(lang, *month)), ("days", &days)],
            )
        }
        Schedule::Periodic { every, from, to } => describe_periodic(lang, *every, *from, *to),
        Schedule::Months { months } => {
            let names = months
                .iter()
                .map(|&m| format_month(lang, m))
                .collect::<Vec<_>>()
                .join(", ");
            tr(lang, "xlsx.schedule.months", &[("months", &names)])
        }
        Schedule::ContinuousWithin { start, end } => match end {
            None => tr(
                lang,
                "xlsx.schedule.continuous-from",
                &[("start", &format_month(lang, *start))],
            ),
            Some(end) => tr(
                lang,
                "xlsx.schedule.continuous-within",
                &[
                    ("start", &format_month(lang, *start)),
                    ("end", &format_month(lang, *end)),
                ],
            ),
        },
        Schedule::Until { end } => tr(
            lang,
            "xlsx.schedule.until",
            &[("end", &crate::i18n::format_date(lang, *end))],
        ),
    }
}

/// Describes a periodic calendar ("once a quarter, from March 2025") in words.
fn describe_periodic(
    lang: Lang,
    every: Period,
    from: Option<YearMonth>,
    to: Option<YearMonth>,
) -> String {
    let every = tr(lang, period_key(every), &[]);
    match (from, to) {
        (None, None) => tr(lang, "xlsx.schedule.periodic", &[("every", &every)]),
        (Some(f), None) => tr(
            lang,
            "xlsx.schedule.periodic-from",
            &[("every", &every), ("start", &format_month(lang, f))],
        ),
        (None, Some(t)) => tr(
            lang,
            "xlsx.schedule.periodic-until",
            &[("every", &every), ("end", &format_month(lang, t))],
        ),
        (Some(f), Some(t)) => tr(
            lang,
            "xlsx.schedule.periodic-within",
            &[
                ("every", &every),
                ("start", &format_month(lang, f)),
                ("end", &format_month(lang, t)),
            ],
        ),
    }
}

/// The string-table key of a period length.
fn period_key(every: Period) -> &'static str {
    match every {
        Period::Month => "xlsx.schedule.every.month",
        Period::TwoMonths => "xlsx.schedule.every.two-months",
        Period::Quarter => "xlsx.schedule.every.quarter",
        Period::Half => "xlsx.schedule.every.half",
        Period::Year => "xlsx.schedule.every.year",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn describes_every_kind_of_calendar() {
        let m = |y, mo| YearMonth::new(y, mo).unwrap();
        let cases = [
            Schedule::None,
            Schedule::Continuous,
            Schedule::Monthly,
            Schedule::Recurring {
                months: vec![5, 11],
            },
            Schedule::Dates {
                start: NaiveDate::from_ymd_opt(2023, 9, 27).unwrap(),
                end: NaiveDate::from_ymd_opt(2023, 9, 28).unwrap(),
            },
            Schedule::Month { month: m(2023, 7) },
            Schedule::MonthRange {
                start: m(2023, 6),
                end: m(2023, 12),
            },
            Schedule::Tentative {
                month: m(2023, 8),
                days: vec![30, 31],
            },
            Schedule::Periodic {
                every: crate::plan::schedule::Period::Quarter,
                from: None,
                to: None,
            },
            Schedule::Periodic {
                every: crate::plan::schedule::Period::TwoMonths,
                from: Some(m(2025, 1)),
                to: Some(m(2025, 12)),
            },
            Schedule::Months {
                months: vec![m(2025, 3), m(2025, 9)],
            },
            Schedule::ContinuousWithin {
                start: m(2025, 3),
                end: None,
            },
            Schedule::Until {
                end: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
            },
        ];
        for lang in Lang::ALL {
            for s in &cases {
                let d = crate::plan::schedule::words::describe(lang, s);
                assert!(!d.contains('{') && !d.starts_with("xlsx."), "{lang}: {d}");
            }
        }
        assert!(crate::plan::schedule::words::describe(Lang::Es, &cases[4])
            .contains("27-28 de septiembre de 2023"));
        assert!(
            crate::plan::schedule::words::describe(Lang::En, &cases[3]).contains("May, November")
        );
        assert_eq!(
            crate::plan::schedule::words::describe(Lang::En, &cases[8]),
            "Once a quarter, throughout the plan"
        );
        assert!(crate::plan::schedule::words::describe(Lang::Es, &cases[10])
            .contains("marzo de 2025, septiembre de 2025"));
        assert!(
            crate::plan::schedule::words::describe(Lang::En, &cases[12]).contains("30 June 2025")
        );
    }
}
