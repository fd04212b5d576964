//! Which report counts: one order over an activity's reports that never depends on file
//! names or the order files were read in (docs/figures.md#latest-status).
//!
//! Reports sort by month; within a month, the report the figures use sorts last: a lead
//! agency's over an accompanying agency's over any other's (when the activity has a lead),
//! then the most advanced status, then the higher progress, then the later date. What is left
//! (two agencies of one standing saying the same) is settled by agency and content, and the
//! place a row was read only separates rows that are identical in every cell.

use std::cmp::Ordering;

use crate::ingest::{PledgeRecord, StatusRecord};
use crate::model::{PledgeStatus, Status};
use crate::plan::Activity;

/// How an agency stands in an activity: the higher, the more its report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Neither leads nor accompanies it, or the activity names no lead.
    Other,
    /// Accompanies it.
    Accompanying,
    /// Leads it.
    Lead,
}

/// Returns how `agency` stands in `activity`; in an activity with no lead (or one the plan in
/// force does not hold) every reporter stands alike.
pub fn standing(activity: Option<&Activity>, agency: &str) -> Standing {
    let Some(a) = activity.filter(|a| !a.lead.is_empty()) else {
        return Standing::Other;
    };
    if a.lead.iter().any(|l| l == agency) {
        Standing::Lead
    } else if a.support.iter().any(|s| s == agency) {
        Standing::Accompanying
    } else {
        Standing::Other
    }
}

/// Ranks a status among reports of one month: the higher, the more it counts. A closing
/// status outranks an open one, and work under way outranks work not begun.
pub fn status_rank(status: Status) -> u8 {
    match status {
        Status::NotStarted => 0,
        Status::InProgress => 1,
        Status::Postponed => 2,
        Status::Cancelled => 3,
        Status::Completed => 4,
    }
}

/// Orders two reports of one activity: by month, and within a month the one that counts last.
pub fn report_order(activity: Option<&Activity>, a: &StatusRecord, b: &StatusRecord) -> Ordering {
    a.period
        .cmp(&b.period)
        .then_with(|| month_order(activity, a, b))
}

/// Orders two reports of one activity and month so that the one that counts sorts last.
pub fn month_order(activity: Option<&Activity>, a: &StatusRecord, b: &StatusRecord) -> Ordering {
    standing(activity, &a.agency)
        .cmp(&standing(activity, &b.agency))
        .then_with(|| status_rank(a.status).cmp(&status_rank(b.status)))
        .then_with(|| progress(a).total_cmp(&progress(b)))
        .then_with(|| a.date.cmp(&b.date))
        .then_with(|| b.agency.cmp(&a.agency))
        .then_with(|| texts(a).cmp(&texts(b)))
        .then_with(|| a.source.cmp(&b.source))
}

/// Progress for ordering: a report that gives none ranks below any that does.
fn progress(r: &StatusRecord) -> f64 {
    r.progress.unwrap_or(-1.0)
}

fn texts(r: &StatusRecord) -> impl Ord + '_ {
    (
        crate::i18n::Lang::ALL.map(|l| r.narrative(l)),
        [r.next_steps.as_deref(), r.evidence.as_deref()],
    )
}

/// Orders two updates of one pledge dated the same day so that the one that counts sorts last:
/// the most advanced status (fulfilled, withdrawn, in progress, planning), then the content,
/// and the place a row was read only between rows identical in every cell.
pub fn pledge_same_day(a: &PledgeRecord, b: &PledgeRecord) -> Ordering {
    let rank = |s: PledgeStatus| match s {
        PledgeStatus::Planning => 0,
        PledgeStatus::InProgress => 1,
        PledgeStatus::Withdrawn => 2,
        PledgeStatus::Fulfilled => 3,
    };
    rank(a.status)
        .cmp(&rank(b.status))
        .then_with(|| (&a.title, &a.entity, &a.countries).cmp(&(&b.title, &b.entity, &b.countries)))
        .then_with(|| (&a.objectives, &a.narrative).cmp(&(&b.objectives, &b.narrative)))
        .then_with(|| {
            let kind = |p: &PledgeRecord| p.entity_type.map(|t| t.as_str());
            kind(a).cmp(&kind(b))
        })
        .then_with(|| a.source.cmp(&b.source))
}
