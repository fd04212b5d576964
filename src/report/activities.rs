//! The activities' figures: statuses, overdue activities, missed occurrences, priorities, the plan's groups and roles, and the good practices reported.

use std::collections::BTreeMap;

use serde::Serialize;

use super::counts::*;
use crate::calendar::YearMonth;
use crate::i18n::{format_date, format_month, Lang, Text};
use crate::ingest::Intake;
use crate::model::{ActivityStatus, Source};
use crate::plan::{Activity, Plan};
use crate::reconcile::{ActivityState, Reconciled};

/// Headline figures on activities.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityFigures {
    /// Activities in the plan.
    pub total: usize,
    /// Activities by latest status, every status listed.
    pub by_status: Counts<ActivityStatus>,
    /// The same, each as a share of all activities, in percent.
    pub by_status_share: Shares<ActivityStatus>,
    /// Share of activities completed, in percent.
    pub completed_share: f64,
    /// Codes of overdue activities.
    pub overdue: Vec<String>,
    /// Codes of activities with no report this quarter although one was due.
    pub missing_reports: Vec<String>,
    /// Missing occurrences of recurring activities.
    pub missing_occurrences: Vec<MissingOccurrence>,
    /// Every activity, in plan order.
    pub list: Vec<ActivityData>,
}

/// A recurring activity's missed month.
#[derive(Debug, Clone, Serialize)]
pub struct MissingOccurrence {
    /// The activity code.
    pub code: String,
    /// The month.
    pub month: YearMonth,
    /// The month in words.
    pub month_text: Text,
}

/// One activity as the outputs show it.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityData {
    /// `B1.1`.
    pub code: String,
    /// Its priority's code.
    pub priority: String,
    /// What the activity is.
    pub title: Text,
    /// Lead agencies, as acronyms.
    pub lead: Text,
    /// Accompanying agencies, as acronyms or the plan's wording.
    pub support: Text,
    /// Lead agency ids.
    pub lead_ids: Vec<String>,
    /// The calendar as written.
    pub calendar: Text,
    /// The planned window's last day, in words.
    pub window_end: Text,
    /// Whether the calendar is recurring.
    pub recurring: bool,
    /// Latest status (`not-reported` when none).
    pub status: ActivityStatus,
    /// Latest progress, 0-100.
    pub progress: Option<f64>,
    /// The month of the latest report, in words.
    pub last_period: Option<Text>,
    /// The month of the latest report.
    pub last_period_iso: Option<YearMonth>,
    /// Who sent the latest report.
    pub reported_by: Option<Text>,
    /// Where the latest status was read.
    pub source: Option<Source>,
    /// The narrative of the latest report, each language falling back to the other.
    pub narrative: Option<Text>,
    /// The languages the narrative was not written in, each with the one it is quoted from.
    pub narrative_fallback: BTreeMap<Lang, Lang>,
    /// Next steps of the latest report.
    pub next_steps: Option<String>,
    /// The language the next steps are taken to be written in
    /// ([`crate::ingest::StatusRecord::next_steps_in`]).
    pub next_steps_in: Option<Lang>,
    /// Evidence link of the latest report.
    pub evidence: Option<String>,
    /// Status at the end of the previous quarter (`not-reported` when none).
    pub previous_status: ActivityStatus,
    /// Progress at the end of the previous quarter.
    pub previous_progress: Option<f64>,
    /// Whether status or progress changed since the previous quarter.
    pub changed: bool,
    /// Whether it is overdue.
    pub overdue: bool,
    /// Whether a report is missing this quarter.
    pub missing_report: bool,
    /// Expected occurrences so far (recurring only).
    pub occurrences_expected: usize,
    /// Occurrences met so far.
    pub occurrences_met: usize,
    /// Accepted reports on the activity.
    pub reports: usize,
    /// GCM objectives it serves.
    pub objectives: Vec<u8>,
}

/// A priority with its activities.
#[derive(Debug, Clone, Serialize)]
pub struct PriorityData {
    /// Its code.
    pub code: String,
    /// The key of its group.
    pub group: String,
    /// Its code without its group's prefix.
    pub number: String,
    /// Full title.
    pub title: Text,
    /// Short label.
    pub short: Text,
    /// GCM objectives.
    pub objectives: Vec<u8>,
    /// Its activities by latest status, every status listed.
    pub by_status: Counts<ActivityStatus>,
    /// Codes of its activities, in plan order.
    pub activities: Vec<String>,
}

/// A group of priorities as the documents present it.
#[derive(Debug, Clone, Serialize)]
pub struct GroupData {
    /// Its key.
    pub key: String,
    /// Its heading.
    pub name: Text,
    /// The paragraph that opens its section.
    pub intro: Text,
    /// The codes of its priorities, in plan order.
    pub priorities: Vec<String>,
}

/// The activities and the group the outputs single out, with what the documents say of them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RolesData {
    /// The good-practices activity's code, and the sentence that introduces its reports.
    pub good_practices: Option<RoleActivity>,
    /// The pledge-monitoring activity, and the sentence that gives its latest status.
    pub pledge_monitoring: Option<RoleActivity>,
    /// The group presented as support to the review process: its heading, intro and
    /// priorities.
    pub review_support: Option<GroupData>,
}

/// An activity the outputs single out.
#[derive(Debug, Clone, Serialize)]
pub struct RoleActivity {
    /// Its code.
    pub code: String,
    /// The sentence the documents show about it.
    pub text: Text,
}

/// A good practice: a completed report of the plan's good-practices activity.
#[derive(Debug, Clone, Serialize)]
pub struct GoodPractice {
    /// The month reported.
    pub month: Text,
    /// What was reported.
    pub narrative: Text,
    /// The languages the narrative was not written in, each with the one it is quoted from
    /// (the documents mark such quotes so).
    pub narrative_fallback: BTreeMap<Lang, Lang>,
    /// Where it was read.
    pub source: Source,
}

/// The activities and their headline figures.
pub(super) fn activity_figures(
    plan: &Plan,
    intake: &Intake,
    reconciled: &Reconciled,
) -> ActivityFigures {
    let r = plan.registry();
    let mut activity_list = Vec::new();
    let mut by_status = zeroed::<ActivityStatus>();
    let mut missing_occurrences = Vec::new();
    for (activity, state) in plan.activities.iter().zip(&reconciled.activities) {
        for o in state.occurrences.iter().filter(|o| o.met_by.is_none()) {
            missing_occurrences.push(MissingOccurrence {
                code: activity.code.clone(),
                month: o.month,
                month_text: Text::from_fn(|l| o.window.text(l)),
            });
        }
        let data = activity_data(activity, state, intake, r);
        *by_status.entry(data.status).or_default() += 1;
        activity_list.push(data);
    }
    let total = activity_list.len();
    let completed = by_status
        .get(&ActivityStatus::from(crate::model::Status::Completed))
        .copied()
        .unwrap_or(0);
    ActivityFigures {
        total,
        completed_share: percent(completed, total),
        by_status_share: shares(&by_status, total),
        overdue: activity_list
            .iter()
            .filter(|a| a.overdue)
            .map(|a| a.code.clone())
            .collect(),
        missing_reports: activity_list
            .iter()
            .filter(|a| a.missing_report)
            .map(|a| a.code.clone())
            .collect(),
        by_status,
        missing_occurrences,
        list: activity_list,
    }
}

/// One activity as the outputs show it: its latest and previous reports, and how it stands.
pub(super) fn activity_data(
    activity: &Activity,
    state: &ActivityState,
    intake: &Intake,
    r: &crate::plan::Registry,
) -> ActivityData {
    let latest = state.latest.map(|i| &intake.status[i]);
    let previous = state.previous.map(|i| &intake.status[i]);
    let status = ActivityStatus(latest.map(|l| l.status));
    let previous_status = ActivityStatus(previous.map(|p| p.status));
    let progress = latest.and_then(|l| l.progress);
    let previous_progress = previous.and_then(|p| p.progress);
    let narrative = latest.and_then(crate::ingest::StatusRecord::narratives);
    let narrative_fallback = latest.map(quoted_from).unwrap_or_default();
    let window_end = activity.schedule.window_end;
    ActivityData {
        code: activity.code.clone(),
        priority: activity.priority.clone(),
        title: activity.title.clone(),
        lead: agencies_text(r, &activity.lead, &activity.lead_text),
        support: agencies_text(r, &activity.support, &activity.support_text),
        lead_ids: activity.lead.clone(),
        calendar: Text::from_fn(|l| activity.calendar(l)),
        window_end: Text::from_fn(|l| format_date(l, window_end)),
        recurring: activity.schedule.parsed.is_recurring(),
        changed: status != previous_status || progress != previous_progress,
        status,
        progress,
        last_period: latest.map(|l| Text::from_fn(|lang| format_month(lang, l.period))),
        last_period_iso: latest.map(|l| l.period),
        reported_by: latest.map(|l| Text::from_fn(|lang| r.agency_label(&l.agency, lang))),
        source: latest.map(|l| l.source.clone()),
        narrative,
        narrative_fallback,
        next_steps: latest.and_then(|l| l.next_steps.clone()),
        next_steps_in: latest.and_then(|l| l.next_steps_in),
        evidence: latest.and_then(|l| l.evidence.clone()),
        previous_status,
        previous_progress,
        overdue: state.overdue,
        missing_report: state.missing_report,
        occurrences_expected: state.occurrences.len(),
        occurrences_met: state
            .occurrences
            .iter()
            .filter(|o| o.met_by.is_some())
            .count(),
        reports: state.reports.len(),
        objectives: activity.objectives.clone(),
    }
}

/// The priorities with their activities and counts by status.
pub(super) fn priority_data(plan: &Plan, activities: &ActivityFigures) -> Vec<PriorityData> {
    plan.priorities
        .iter()
        .map(|p| {
            let mut by_status = zeroed::<ActivityStatus>();
            let mut codes = Vec::new();
            for a in activities.list.iter().filter(|a| a.priority == p.code) {
                *by_status.entry(a.status).or_default() += 1;
                codes.push(a.code.clone());
            }
            let prefix_len = plan.group(&p.group).map_or(0, |g| g.prefix.len());
            PriorityData {
                code: p.code.clone(),
                group: p.group.clone(),
                number: p.code.get(prefix_len..).unwrap_or(&p.code).to_string(),
                title: p.title.clone(),
                short: p.short.clone(),
                objectives: p.objectives.clone(),
                by_status,
                activities: codes,
            }
        })
        .collect()
}

/// Returns, for each language a report's narrative was not written in, the language it is
/// quoted from instead ([`crate::ingest::StatusRecord::narrative_source`]).
fn quoted_from(r: &crate::ingest::StatusRecord) -> BTreeMap<Lang, Lang> {
    Lang::ALL
        .into_iter()
        .filter(|&lang| r.narrative(lang).is_none())
        .filter_map(|lang| r.narrative_source(lang).map(|source| (lang, source)))
        .collect()
}

/// The completed reports of the plan's good-practices activity that tell something, by source.
pub(super) fn good_practices(plan: &Plan, intake: &Intake) -> Vec<GoodPractice> {
    let mut good_practices: Vec<GoodPractice> = intake
        .status
        .iter()
        .filter(|s| {
            plan.roles.good_practices.as_deref() == Some(s.activity.as_str())
                && s.status == crate::model::Status::Completed
        })
        .filter_map(|s| {
            let narrative = s.narratives()?;
            let narrative_fallback = quoted_from(s);
            Some(GoodPractice {
                month: Text::from_fn(|l| format_month(l, s.period)),
                narrative,
                narrative_fallback,
                source: s.source.clone(),
            })
        })
        .collect();
    good_practices.sort_by(|a, b| a.source.cmp(&b.source));

    good_practices
}

/// A group of priorities, or the review's group, with its priorities' codes.
pub(super) fn group_data(plan: &Plan, key: &str, name: &Text, intro: &Text) -> GroupData {
    GroupData {
        key: key.to_string(),
        name: name.clone(),
        intro: intro.clone(),
        priorities: plan
            .priorities
            .iter()
            .filter(|p| p.group == key)
            .map(|p| p.code.clone())
            .collect(),
    }
}

/// The activities and the group the outputs single out, with what they say of them.
pub(super) fn roles_data(plan: &Plan, activities: &ActivityFigures) -> RolesData {
    let status_of = |code: &str| {
        activities
            .list
            .iter()
            .find(|a| a.code == code)
            .map(|a| (a.status, a.last_period.clone()))
    };
    RolesData {
        good_practices: plan.roles.good_practices.as_ref().map(|code| RoleActivity {
            code: code.clone(),
            text: Text::tr("report.good-practices-intro", &[("code", code)]),
        }),
        pledge_monitoring: plan.roles.pledge_monitoring.as_ref().map(|code| {
            let (status, last) = status_of(code).unwrap_or((ActivityStatus(None), None));
            RoleActivity {
                code: code.clone(),
                text: Text::from_fn(|l| {
                    let status_word = crate::i18n::tr(l, status.label_key(), &[]);
                    match &last {
                        Some(month) => crate::i18n::tr(
                            l,
                            "report.pledge-monitoring",
                            &[
                                ("code", code),
                                ("status", &status_word),
                                ("month", &month.get(l)),
                            ],
                        ),
                        None => {
                            crate::i18n::tr(l, "report.pledge-monitoring-never", &[("code", code)])
                        }
                    }
                }),
            }
        }),
        review_support: plan
            .roles
            .review_support
            .as_ref()
            .map(|r| group_data(plan, &r.group, &r.heading, &r.intro)),
    }
}
