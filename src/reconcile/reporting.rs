//! Who has reported, and when: for every agency and month of the plan up to the as-of date,
//! whether its status form was expected, received, received without errors and received on
//! time, with the rates per agency and for the Network (docs/figures.md#reporting).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::calendar::YearMonth;
use crate::findings::{Code, Finding, Location, Severity};
use crate::i18n::{format_date, format_month};
use crate::ingest::Intake;
use crate::plan::Plan;

use super::ActivityState;

/// Where one agency's form for one month stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FormState {
    /// The agency led no open activity that month.
    NotExpected,
    /// Expected, not received, and not yet due.
    NotDue,
    /// Expected, due, and not received.
    Missing,
    /// Received by its due day.
    OnTime,
    /// Received after its due day.
    Late,
    /// Received; the day it arrived is not known.
    Received,
}

impl FormState {
    /// Every state, in the order of the legend.
    pub const ALL: [FormState; 6] = [
        FormState::OnTime,
        FormState::Late,
        FormState::Received,
        FormState::Missing,
        FormState::NotDue,
        FormState::NotExpected,
    ];

    /// Its key in the templates' colour table (`form-on-time`).
    pub fn colour_key(self) -> &'static str {
        match self {
            FormState::OnTime => "form-on-time",
            FormState::Late => "form-late",
            FormState::Received => "form-received",
            FormState::Missing => "form-missing",
            FormState::NotDue => "form-not-due",
            FormState::NotExpected => "form-not-expected",
        }
    }
}

/// One agency's form for one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FormCell {
    /// Where it stands. A form that came although none was expected shows as received (on
    /// time, late or on a day not known) and counts in no rate.
    pub state: FormState,
    /// Whether a form was expected.
    pub expected: bool,
    /// Whether its due day is on or before the as-of date.
    pub due: bool,
    /// Received with no row rejected.
    pub clean: bool,
}

/// Counts and rates over the months whose form has fallen due.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Rates {
    /// Forms expected and due.
    pub expected: usize,
    /// Of those, received.
    pub received: usize,
    /// Of those, received with no row rejected.
    pub clean: usize,
    /// Of those, received by the due day.
    pub on_time: usize,
    /// Of those, received after the due day.
    pub late: usize,
    /// Of those received, how many arrived on a day not known.
    pub unknown_date: usize,
    /// `received` as a percentage of `expected` (none when nothing was expected).
    pub received_rate: Option<f64>,
    /// `clean` as a percentage of `expected`.
    pub clean_rate: Option<f64>,
    /// `on_time` as a percentage of `expected`.
    pub on_time_rate: Option<f64>,
}

impl Rates {
    fn add(&mut self, cell: FormCell) {
        if !cell.expected || !cell.due {
            return;
        }
        self.expected += 1;
        if cell.state == FormState::Missing {
            return;
        }
        self.received += 1;
        self.clean += usize::from(cell.clean);
        match cell.state {
            FormState::OnTime => self.on_time += 1,
            FormState::Late => self.late += 1,
            _ => self.unknown_date += 1,
        }
    }

    fn finish(mut self) -> Rates {
        let pct = |n: usize| {
            (self.expected > 0).then(|| (n as f64 * 1000.0 / self.expected as f64).round() / 10.0)
        };
        self.received_rate = pct(self.received);
        self.clean_rate = pct(self.clean);
        self.on_time_rate = pct(self.on_time);
        self
    }
}

/// One agency's row of the reporting grid.
#[derive(Debug, Clone, Serialize)]
pub struct AgencyReporting {
    /// The agency's id.
    pub agency: String,
    /// Its name as each language writes it.
    pub label: crate::i18n::Text,
    /// One cell per month of [`Reporting::months`].
    pub months: Vec<FormCell>,
    /// Its rates.
    pub rates: Rates,
    /// The last day up to the as-of date one of its forms arrived, when known.
    pub last_received: Option<NaiveDate>,
    /// Days from then to the as-of date.
    pub days_since_last: Option<i64>,
}

/// The reporting grid: agencies × months.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reporting {
    /// The day of the next month a month's form is due by.
    pub due_day: u32,
    /// The months of the plan up to the as-of month.
    pub months: Vec<YearMonth>,
    /// Each of them as each language writes it short (`jun. 2024`).
    pub month_labels: Vec<crate::i18n::Text>,
    /// Every agency expected to report in one of them, or that reported, by id.
    pub agencies: Vec<AgencyReporting>,
    /// The rates of the Network: every agency's added up.
    pub network: Rates,
    /// Forms received whose receipt day is not known.
    pub unknown_receipts: usize,
}

/// The day a month's form is due: `due_day` of the month after.
pub fn due_date(month: YearMonth, due_day: u32) -> NaiveDate {
    let next = month.next();
    NaiveDate::from_ymd_opt(next.year, next.month, due_day).unwrap_or_else(|| next.last_day())
}

/// What the grid is built from.
pub(super) struct Sources<'a> {
    pub plan: &'a Plan,
    pub intake: &'a Intake,
    pub activities: &'a [ActivityState],
    pub as_of: NaiveDate,
    pub due_day: u32,
}

/// Builds the grid, and the findings of forms not received or late whose due day fell in the
/// three months up to the as-of date.
pub(super) fn reporting(s: &Sources<'_>, findings: &mut Vec<Finding>) -> Reporting {
    let end = YearMonth::from_date(s.as_of).min(s.plan.meta.end);
    let months: Vec<YearMonth> = s.plan.meta.start.through(end).collect();
    let expected = expected(s, &months);
    let received = received(s.intake);
    let mut agencies: BTreeSet<&str> = expected.iter().map(|(a, _)| *a).collect();
    agencies.extend(received.keys().map(|(a, _)| a.as_str()));
    let recent = s
        .as_of
        .checked_sub_months(Months::new(3))
        .unwrap_or(s.as_of);
    let mut out = Reporting {
        due_day: s.due_day,
        month_labels: months
            .iter()
            .map(|&m| crate::i18n::Text::from_fn(|lang| crate::i18n::format_month_short(lang, m)))
            .collect(),
        months: months.clone(),
        ..Reporting::default()
    };
    for agency in agencies {
        let mut rates = Rates::default();
        let mut cells = Vec::with_capacity(months.len());
        for &m in &months {
            let due = due_date(m, s.due_day);
            let got = received.get(&(agency.to_string(), m));
            let cell = cell(expected.contains(&(agency, m)), due <= s.as_of, due, got);
            rates.add(cell);
            if due > recent && due <= s.as_of {
                form_finding(s, agency, m, due, cell, got, findings);
            }
            cells.push(cell);
        }
        out.unknown_receipts += rates.unknown_date;
        add_rates(&mut out.network, &rates);
        let last_received = received
            .iter()
            .filter(|((a, _), _)| a == agency)
            .filter_map(|(_, r)| r.first)
            .filter(|&d| d <= s.as_of)
            .max();
        let registry = s.plan.registry();
        out.agencies.push(AgencyReporting {
            agency: agency.to_string(),
            label: crate::i18n::Text::from_fn(|lang| registry.agency_label(agency, lang)),
            months: cells,
            rates: rates.finish(),
            last_received,
            days_since_last: last_received.map(|d| (s.as_of - d).num_days()),
        });
    }
    out.network = out.network.finish();
    out
}

fn add_rates(total: &mut Rates, r: &Rates) {
    total.expected += r.expected;
    total.received += r.received;
    total.clean += r.clean;
    total.on_time += r.on_time;
    total.late += r.late;
    total.unknown_date += r.unknown_date;
}

/// One agency's form for a month, from whether it was expected and due and what arrived.
fn cell(expected: bool, due_passed: bool, due: NaiveDate, got: Option<&Receipt>) -> FormCell {
    let state = match (expected, got) {
        (_, Some(r)) => r.state(due),
        (false, None) => FormState::NotExpected,
        (true, None) if due_passed => FormState::Missing,
        (true, None) => FormState::NotDue,
    };
    FormCell {
        state,
        expected,
        due: due_passed,
        clean: got.is_some_and(|r| r.clean),
    }
}

/// The finding of a form not received, or received late.
fn form_finding(
    s: &Sources<'_>,
    agency: &str,
    month: YearMonth,
    due: NaiveDate,
    cell: FormCell,
    got: Option<&Receipt>,
    findings: &mut Vec<Finding>,
) {
    let code = match cell.state {
        FormState::Missing => Code::FormNotReceived,
        FormState::Late if cell.expected => Code::FormLate,
        _ => return,
    };
    let registry = s.plan.registry();
    let arrived = got.and_then(|r| r.first);
    findings.push(
        Finding::localized(code, Location::default(), |lang| {
            let mut args = vec![
                ("agency", registry.agency_label(agency, lang)),
                ("month", format_month(lang, month)),
                ("due", format_date(lang, due)),
            ];
            if let Some(d) = arrived {
                args.push(("received", format_date(lang, d)));
            }
            args
        })
        .with_agency(agency)
        .with_month(month),
    );
}

/// The agencies expected to report each month: those leading an activity whose window is open
/// that month and which, as of the month's end, is neither completed nor cancelled.
fn expected<'a>(s: &Sources<'a>, months: &[YearMonth]) -> BTreeSet<(&'a str, YearMonth)> {
    let mut out = BTreeSet::new();
    for (activity, state) in s.plan.activities.iter().zip(s.activities) {
        let (start, end) = (activity.schedule.window_start, activity.schedule.window_end);
        let mut reports = state.reports.iter().peekable();
        let mut closed = false;
        for &m in months {
            while let Some(&&i) = reports.peek() {
                if s.intake.status[i].period > m {
                    break;
                }
                closed = s.intake.status[i].status.is_closed();
                reports.next();
            }
            if start <= m.last_day() && end >= m.first_day() && !closed {
                out.extend(activity.lead.iter().map(|l| (l.as_str(), m)));
            }
        }
    }
    out
}

/// What arrived from one agency for one month.
#[derive(Debug, Default)]
struct Receipt {
    /// The earliest known day one of its files arrived.
    first: Option<NaiveDate>,
    /// Whether one of its files has no known receipt day.
    unknown: bool,
    /// Whether none of its rows was rejected.
    clean: bool,
}

impl Receipt {
    fn state(&self, due: NaiveDate) -> FormState {
        match self.first {
            Some(d) if d <= due => FormState::OnTime,
            Some(_) if !self.unknown => FormState::Late,
            _ => FormState::Received,
        }
    }
}

/// Every agency and month with at least one row in a status form (accepted, or rejected with
/// its Agency and Period cells read), with when it arrived and whether a row was rejected.
fn received(intake: &Intake) -> BTreeMap<(String, YearMonth), Receipt> {
    let day: BTreeMap<&str, Option<NaiveDate>> = intake
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.received))
        .collect();
    let mut out: BTreeMap<(String, YearMonth), Receipt> = BTreeMap::new();
    let mut note = |agency: &str, month: YearMonth, file: &str, rejected: bool| {
        let r = out.entry((agency.to_string(), month)).or_insert(Receipt {
            clean: true,
            ..Receipt::default()
        });
        match day.get(file).copied().flatten() {
            Some(d) => r.first = Some(r.first.map_or(d, |f| f.min(d))),
            None => r.unknown = true,
        }
        r.clean &= !rejected;
    };
    for rec in &intake.status {
        note(&rec.agency, rec.period, &rec.source.file, false);
    }
    for f in &intake.findings {
        let (Some(agency), Some(month), Some(file)) = (&f.agency, f.month, &f.location.file) else {
            continue;
        };
        if f.pledge.is_none() && f.location.row.is_some() && file.starts_with("status/") {
            note(agency, month, file, f.severity() == Severity::Error);
        }
    }
    out
}
