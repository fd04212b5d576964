//! The network's checks over an activity's reports, month to month and agency to agency:
//! agencies that disagree, progress that falls, progress that stalls as the window closes
//! (docs/findings.md, docs/settings.md#checks). The checks of a single row are read with the
//! row, in ingest.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::calendar::YearMonth;
use crate::config::Checks;
use crate::findings::{Code, Finding, Location};
use crate::i18n::{format_date, format_month, format_percent, Lang};
use crate::ingest::{Intake, StatusRecord};
use crate::model::Status;
use crate::plan::{Activity, Plan};

use super::location;

/// Returns the reports that count, one per month, from an activity's reports in report order.
pub(super) fn counting(reports: &[usize], intake: &Intake) -> Vec<usize> {
    let status = &intake.status;
    let mut out: Vec<usize> = Vec::new();
    for &i in reports {
        match out.last_mut() {
            Some(last) if status[*last].period == status[i].period => *last = i,
            _ => out.push(i),
        }
    }
    out
}

/// Reports of different agencies on one activity and month that differ in status, or in
/// progress by more than the tolerance: one finding per activity and month, naming every row
/// and the report the figures use. `reports` is the activity's reports in report order.
pub(super) fn agencies_disagree(
    plan: &Plan,
    code: &str,
    reports: &[usize],
    intake: &Intake,
    checks: &Checks,
    findings: &mut Vec<Finding>,
) {
    if !checks.is_on(Code::AgenciesDisagree) {
        return;
    }
    let status = &intake.status;
    for month in reports.chunk_by(|&a, &b| status[a].period == status[b].period) {
        // In report order, an agency's own report that counts is its last in the month.
        let mut own: BTreeMap<&str, &StatusRecord> = BTreeMap::new();
        for &i in month {
            own.insert(&status[i].agency, &status[i]);
        }
        if own.len() < 2 || !disagree(own.values().copied(), checks.disagree_points()) {
            continue;
        }
        let mut rows: Vec<&StatusRecord> = month.iter().map(|&i| &status[i]).collect();
        rows.sort_by(|a, b| (&a.agency, &a.source).cmp(&(&b.agency, &b.source)));
        let used = &status[*month.last().expect("a month holds a report")];
        let registry = plan.registry();
        let period = used.period;
        let said = |lang: Lang, r: &StatusRecord, key: &str| {
            let progress = r
                .progress
                .map(|p| format!(", {}", format_percent(lang, p)))
                .unwrap_or_default();
            crate::i18n::tr(
                lang,
                key,
                &[
                    ("agency", &registry.agency_label(&r.agency, lang)),
                    ("status", &r.status.word(lang)),
                    ("progress", &progress),
                    ("at", &location(&r.source, None).describe(lang)),
                ],
            )
        };
        findings.push(
            Finding::localized(Code::AgenciesDisagree, Location::default(), |lang| {
                let all: Vec<String> = rows
                    .iter()
                    .map(|r| said(lang, r, "finding.agencies-disagree-report"))
                    .collect();
                vec![
                    ("month", format_month(lang, period)),
                    ("reports", all.join("; ")),
                    ("used", said(lang, used, "finding.agencies-disagree-used")),
                ]
            })
            .with_activity(code)
            .with_month(period),
        );
    }
}

/// Whether any two of the reports differ in status, or in progress by more than `points`.
fn disagree<'a>(reports: impl Iterator<Item = &'a StatusRecord> + Clone, points: f64) -> bool {
    reports.clone().any(|a| {
        reports.clone().any(|b| {
            a.status != b.status
                || matches!((a.progress, b.progress), (Some(x), Some(y)) if (x - y).abs() > points)
        })
    })
}

/// Progress that falls by more than the threshold from one month's report that counts to the
/// next: a finding on the later row. Recurring activities are left alone.
pub(super) fn progress_drop(
    activity: &Activity,
    counting: &[usize],
    intake: &Intake,
    checks: &Checks,
    findings: &mut Vec<Finding>,
) {
    // A recurring activity starts again after each occurrence, by design.
    if !checks.is_on(Code::ProgressDrop) || activity.schedule.parsed.is_recurring() {
        return;
    }
    let points = checks.drop_points();
    let with_progress: Vec<(&StatusRecord, f64)> = counting
        .iter()
        .map(|&i| &intake.status[i])
        .filter_map(|r| r.progress.map(|p| (r, p)))
        .collect();
    for pair in with_progress.windows(2) {
        let ((before, from), (after, to)) = (pair[0], pair[1]);
        if from - to > points {
            let month = before.period;
            findings.push(
                Finding::localized(Code::ProgressDrop, location(&after.source, None), |lang| {
                    vec![
                        ("before", format_percent(lang, from)),
                        ("before_month", format_month(lang, month)),
                        ("after", format_percent(lang, to)),
                        ("points", crate::i18n::decimal(lang, &points.to_string())),
                    ]
                })
                .with_activity(&after.activity)
                .with_agency(&after.agency)
                .with_month(after.period),
            );
        }
    }
}

/// An activity in progress whose progress has not moved for the set months while its planned
/// window ends between the as-of date and the end of its quarter (once it has ended, the
/// activity is overdue instead): a finding about the activity, open since the month
/// progress reached its value. Recurring activities are left alone.
pub(super) fn progress_stalled(
    activity: &Activity,
    counting: &[usize],
    intake: &Intake,
    as_of: NaiveDate,
    checks: &Checks,
    findings: &mut Vec<Finding>,
) {
    let end = activity.schedule.window_end;
    let (quarter_start, _) = super::quarter_bounds(as_of);
    let quarter_end = YearMonth::from_date(quarter_start).next().next().last_day();
    let latest = counting.last().map(|&i| &intake.status[i]);
    let Some((latest, progress)) = latest.and_then(|r| r.progress.map(|p| (r, p))) else {
        return;
    };
    if !checks.is_on(Code::ProgressStalled)
        || activity.schedule.parsed.is_recurring()
        || latest.status != Status::InProgress
        || !(as_of.max(quarter_start)..=quarter_end).contains(&end)
    {
        return;
    }
    let since = counting
        .iter()
        .rev()
        .map(|&i| &intake.status[i])
        .filter_map(|r| r.progress.map(|p| (r.period, p)))
        .take_while(|&(_, p)| p == progress)
        .last()
        .map_or(latest.period, |(m, _)| m);
    if months_between(since, YearMonth::from_date(as_of)) < checks.stalled_months() {
        return;
    }
    findings.push(
        Finding::localized(Code::ProgressStalled, Location::default(), |lang| {
            vec![
                ("progress", format_percent(lang, progress)),
                ("since", format_month(lang, since)),
                ("end", format_date(lang, end)),
            ]
        })
        .with_activity(&activity.code)
        .with_month(since),
    );
}

/// Whole months from `a` to `b` (0 when `b` is not after `a`).
fn months_between(a: YearMonth, b: YearMonth) -> u32 {
    let n = (b.year - a.year) * 12 + b.month as i32 - a.month as i32;
    u32::try_from(n).unwrap_or(0)
}
