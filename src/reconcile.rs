//! Reconcile: the accepted records against the plan, as of a date.
//!
//! Works out each activity's latest status, whether it is overdue, which recurring
//! occurrences are missing, which activities went unreported this quarter, which reports
//! contradict each other, and each pledge's latest record (docs/figures.md). It only reads
//! the intake; it never re-reads files, and every rule is linear in the number of records.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::YearMonth;
use crate::config::{Checks, Settings};
use crate::findings::{Code, Finding, Location};
use crate::i18n::{format_date, format_month, Lang};
use crate::ingest::{Intake, PledgeRecord, StatusRecord};
use crate::model::{Source, Status};
use crate::plan::schedule::Window;
use crate::plan::{Activity, Plan};

mod checks;
pub mod order;
pub mod reporting;

/// An activity's situation as of the run's date.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityState {
    /// The activity code.
    pub code: String,
    /// Index in `Intake::status` of the report that gives the latest status.
    pub latest: Option<usize>,
    /// Indexes of every accepted report on the activity, oldest first.
    pub reports: Vec<usize>,
    /// Index of the latest report up to the end of the previous quarter.
    pub previous: Option<usize>,
    /// Whether the activity is overdue.
    pub overdue: bool,
    /// Expected occurrences of a recurring activity, up to the as-of date.
    pub occurrences: Vec<Occurrence>,
    /// Whether no report came in the as-of quarter although one was due.
    pub missing_report: bool,
}

/// One expected occurrence of a recurring activity.
#[derive(Debug, Clone, Serialize)]
pub struct Occurrence {
    /// The first month of its window.
    pub month: YearMonth,
    /// The days it may take place.
    pub window: Window,
    /// Index of the completed report that meets it, if any.
    pub met_by: Option<usize>,
}

/// A pledge's situation as of the run's date.
#[derive(Debug, Clone, Serialize)]
pub struct PledgeState {
    /// The pledge id.
    pub id: String,
    /// Index in `Intake::pledges` of the latest record.
    pub latest: usize,
    /// Index of the latest record up to the end of the previous quarter.
    pub previous: Option<usize>,
    /// How many accepted records the pledge has.
    pub records: usize,
    /// Whether it was updated in the as-of quarter.
    pub updated_this_quarter: bool,
}

/// The outcome of reconciliation.
#[derive(Debug, Clone, Default)]
pub struct Reconciled {
    /// One state per plan activity, in plan order.
    pub activities: Vec<ActivityState>,
    /// One state per pledge, in id order.
    pub pledges: Vec<PledgeState>,
    /// Findings about the activities and pledges (not about single cells).
    pub findings: Vec<Finding>,
    /// Whether the as-of date is after the plan's last month: figures are as of that month.
    pub plan_closed: bool,
    /// Who has reported, and when.
    pub reporting: reporting::Reporting,
}

/// The as-of quarter's first day and the previous quarter's last day.
pub fn quarter_bounds(as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    let m = YearMonth::from_date(as_of);
    let first_month = YearMonth {
        year: m.year,
        month: (m.quarter() - 1) * 3 + 1,
    };
    let start = first_month.first_day();
    (start, start.pred_opt().unwrap_or(start))
}

/// Reconciles `intake` against `plan` as of `as_of`, with the network's checks and reporting
/// day from `settings`.
///
/// After the plan's last month the plan is closed: deadlines and occurrences are judged as of
/// that month, and no report is asked for a quarter the plan does not cover.
pub fn reconcile(
    plan: &Plan,
    intake: &Intake,
    as_of: NaiveDate,
    settings: &Settings,
) -> Reconciled {
    let checks = &settings.checks;
    let mut out = Reconciled::default();
    let (quarter_start, previous_end) = quarter_bounds(as_of);
    let plan_end = plan.meta.end.last_day();
    out.plan_closed = as_of > plan_end;
    if out.plan_closed {
        out.findings.push(plan_closed(plan));
    }
    let mut by_activity: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in intake.status.iter().enumerate() {
        by_activity.entry(r.activity.as_str()).or_default().push(i);
    }
    for (code, list) in &mut by_activity {
        let activity = plan.activity(code);
        list.sort_by(|&a, &b| order::report_order(activity, &intake.status[a], &intake.status[b]));
    }
    conflicting_reports(intake, &mut out.findings);

    let judge = Judge {
        plan,
        checks,
        intake,
        as_of,
        quarter_start,
        previous_end,
        judged: as_of.min(plan_end),
        quarter_covered: quarter_start <= plan_end,
    };
    for activity in &plan.activities {
        let reports = by_activity
            .get(activity.code.as_str())
            .cloned()
            .unwrap_or_default();
        let state = judge.activity(activity, reports, &mut out.findings);
        out.activities.push(state);
    }
    out.pledges = pledges(intake, quarter_start, previous_end, &mut out.findings);
    let sources = reporting::Sources {
        plan,
        intake,
        activities: &out.activities,
        as_of,
        due_day: settings.reporting.due_day,
    };
    out.reporting = reporting::reporting(&sources, &mut out.findings);
    out
}

/// The note that the plan's period has ended, and outputs judge it as of its last day.
fn plan_closed(plan: &Plan) -> Finding {
    let end = plan.meta.end;
    let title = plan.meta.short.clone();
    Finding::localized_with(
        Code::PlanNote,
        "finding.plan-closed",
        Location::file(plan.source),
        |lang| {
            vec![
                ("plan", title.get(lang).to_string()),
                ("end", format_month(lang, end)),
            ]
        },
    )
}

/// What an activity's reports are judged against: the as-of date, its quarter, and the
/// plan's last day.
struct Judge<'a> {
    plan: &'a Plan,
    checks: &'a Checks,
    intake: &'a Intake,
    as_of: NaiveDate,
    /// The first day of the as-of date's quarter.
    quarter_start: NaiveDate,
    /// The last day of the quarter before.
    previous_end: NaiveDate,
    /// The day deadlines are judged on: the as-of date, or the plan's last day once it ended.
    judged: NaiveDate,
    /// False when the plan ended before the as-of date's quarter began.
    quarter_covered: bool,
}

impl Judge<'_> {
    /// Judges one activity on its reports (in report order): where it stands, and the
    /// findings of an overdue deadline, missed occurrences and a missing quarterly report.
    fn activity(
        &self,
        activity: &Activity,
        reports: Vec<usize>,
        findings: &mut Vec<Finding>,
    ) -> ActivityState {
        let status = &self.intake.status;
        let latest = reports.last().copied();
        let previous = reports
            .iter()
            .rev()
            .find(|&&i| status[i].period.last_day() <= self.previous_end)
            .copied();
        let latest_status = latest.map(|i| status[i].status);
        status_regressions(activity, &reports, self.intake, findings);
        let (plan, intake, checks) = (self.plan, self.intake, self.checks);
        checks::agencies_disagree(plan, &activity.code, &reports, intake, checks, findings);
        let counting = checks::counting(&reports, intake);
        checks::progress_drop(activity, &counting, intake, checks, findings);
        checks::progress_stalled(activity, &counting, intake, self.as_of, checks, findings);

        let schedule = &activity.schedule;
        let overdue = schedule.parsed.is_one_off()
            && schedule.window_end < self.judged
            && !latest_status.is_some_and(Status::is_closed);
        if overdue {
            let end = schedule.window_end;
            findings.push(
                Finding::localized(Code::Overdue, Location::default(), |lang| {
                    vec![
                        ("end", format_date(lang, end)),
                        ("status", status_word(latest_status, lang)),
                    ]
                })
                .with_activity(&activity.code)
                .with_window_end(YearMonth::from_date(end)),
            );
        }

        let occurrences = occurrences(activity, &reports, self.intake, self.judged);
        for o in occurrences.iter().filter(|o| o.met_by.is_none()) {
            let window = o.window;
            findings.push(
                Finding::localized(Code::OccurrenceMissing, Location::default(), |lang| {
                    vec![("month", window.text(lang))]
                })
                .with_activity(&activity.code)
                .with_month(o.month)
                .with_window_end(YearMonth::from_date(window.end)),
            );
        }

        let reported_this_quarter = reports
            .iter()
            .any(|&i| status[i].period.last_day() >= self.quarter_start);
        let missing_report = self.quarter_covered
            && schedule.window_start <= self.as_of
            && !latest_status.is_some_and(Status::is_closed)
            && !reported_this_quarter;
        if missing_report {
            findings.push(self.missing_report(&activity.code, latest.map(|i| status[i].period)));
        }

        ActivityState {
            code: activity.code.clone(),
            latest,
            reports,
            previous,
            overdue,
            occurrences,
            missing_report,
        }
    }

    /// The finding of an activity with no report this quarter; `last` is its latest report's
    /// month, if any.
    fn missing_report(&self, code: &str, last: Option<YearMonth>) -> Finding {
        let as_of = self.as_of;
        Finding::localized(Code::MissingReport, Location::default(), |lang| {
            vec![
                ("quarter", quarter_words(lang, as_of)),
                (
                    "last",
                    match last {
                        Some(m) => format_month(lang, m),
                        None => crate::i18n::tr(lang, "word.never", &[]),
                    },
                ),
            ]
        })
        .with_activity(code)
    }
}

/// Names the quarter of `date` in words ("el segundo trimestre de 2024").
pub fn quarter_words(lang: Lang, date: NaiveDate) -> String {
    let key = match YearMonth::from_date(date).quarter() {
        1 => "quarter.1",
        2 => "quarter.2",
        3 => "quarter.3",
        _ => "quarter.4",
    };
    crate::i18n::tr(lang, key, &[("year", &date.format("%Y"))])
}

fn status_word(status: Option<Status>, lang: Lang) -> String {
    match status {
        Some(s) => s.word(lang).to_string(),
        None => crate::i18n::tr(lang, "status.not-reported", &[]),
    }
}

fn location(source: &Source, column: Option<&str>) -> Location {
    Location {
        file: Some(source.file.to_string()),
        sheet: source.sheet.as_deref().map(str::to_string),
        row: Some(source.row),
        column: column.map(str::to_string),
    }
}

/// Same activity, period and agency, different status or progress: a warning on each later row.
fn conflicting_reports(intake: &Intake, findings: &mut Vec<Finding>) {
    let mut groups: BTreeMap<(&str, YearMonth, &str), Vec<&StatusRecord>> = BTreeMap::new();
    for r in &intake.status {
        groups
            .entry((r.activity.as_str(), r.period, r.agency.as_str()))
            .or_default()
            .push(r);
    }
    for rows in groups.values() {
        let first = rows[0];
        for r in &rows[1..] {
            if r.status != first.status || r.progress != first.progress {
                let first_loc = location(&first.source, None);
                let (s1, s2) = (first.status, r.status);
                findings.push(
                    Finding::localized(
                        Code::ConflictingReport,
                        location(&r.source, None),
                        |lang| {
                            vec![
                                ("first", first_loc.describe(lang)),
                                ("status", s2.word(lang).to_string()),
                                ("first_status", s1.word(lang).to_string()),
                            ]
                        },
                    )
                    .with_activity(&r.activity)
                    .with_agency(&r.agency)
                    .with_month(r.period),
                );
            }
        }
    }
}

/// An activity reported completed, then reported at an earlier status for a later month.
fn status_regressions(
    activity: &Activity,
    reports: &[usize],
    intake: &Intake,
    findings: &mut Vec<Finding>,
) {
    // Recurring activities go back to "in progress" between occurrences by design.
    if activity.schedule.parsed.is_recurring() {
        return;
    }
    let mut completed: Option<&StatusRecord> = None;
    for &i in reports {
        let r = &intake.status[i];
        match (completed, r.status) {
            (_, Status::Completed) => completed = Some(r),
            (Some(done), s) if s != Status::Cancelled && r.period > done.period => {
                let done_month = done.period;
                findings.push(
                    Finding::localized(Code::StatusRegression, location(&r.source, None), |lang| {
                        vec![
                            ("status", s.word(lang).to_string()),
                            ("month", format_month(lang, done_month)),
                        ]
                    })
                    .with_activity(&r.activity)
                    .with_agency(&r.agency)
                    .with_month(r.period),
                );
                completed = None;
            }
            _ => {}
        }
    }
}

/// Expected occurrences of a recurring activity whose window has ended by `as_of`, each with
/// the first completed report, in report order, whose period or completion date falls in it.
fn occurrences(
    activity: &Activity,
    reports: &[usize],
    intake: &Intake,
    as_of: NaiveDate,
) -> Vec<Occurrence> {
    if !activity.schedule.parsed.is_recurring() {
        return Vec::new();
    }
    let completed: Vec<usize> = reports
        .iter()
        .copied()
        .filter(|&i| intake.status[i].status == Status::Completed)
        .collect();
    activity
        .schedule
        .occurrences
        .iter()
        .filter(|w| w.end <= as_of)
        .map(|&window| Occurrence {
            month: YearMonth::from_date(window.start),
            window,
            met_by: completed.iter().copied().find(|&i| {
                let r = &intake.status[i];
                window.holds_month(r.period) || r.date.is_some_and(|d| window.holds(d))
            }),
        })
        .collect()
}

fn pledges(
    intake: &Intake,
    quarter_start: NaiveDate,
    previous_end: NaiveDate,
    findings: &mut Vec<Finding>,
) -> Vec<PledgeState> {
    let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in intake.pledges.iter().enumerate() {
        by_id.entry(p.id.as_str()).or_default().push(i);
    }
    let order = |a: &PledgeRecord, b: &PledgeRecord| {
        a.update_date
            .cmp(&b.update_date)
            .then_with(|| order::pledge_same_day(a, b))
    };
    let mut out = Vec::new();
    for (id, mut list) in by_id {
        list.sort_by(|&a, &b| order(&intake.pledges[a], &intake.pledges[b]));
        let latest = *list
            .last()
            .expect("a pledge id comes from at least one record");
        let previous = list
            .iter()
            .rev()
            .find(|&&i| intake.pledges[i].update_date <= previous_end)
            .copied();
        let last = &intake.pledges[latest];
        let updated_this_quarter = last.update_date >= quarter_start;
        if !updated_this_quarter {
            let date = last.update_date;
            findings.push(
                Finding::localized(
                    Code::PledgeNotUpdated,
                    location(&last.source, None),
                    |lang| vec![("last", format_date(lang, date))],
                )
                .with_pledge(id),
            );
        }
        out.push(PledgeState {
            id: id.to_string(),
            latest,
            previous,
            records: list.len(),
            updated_this_quarter,
        });
    }
    out
}
