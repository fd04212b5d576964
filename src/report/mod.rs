//! ReportData: every figure of every output, computed once.
//!
//! The PDFs, the trackers, the manifest and the messages all read the numbers from here; none
//! of them recomputes a figure. ReportData is plain data that serialises to the JSON the Typst
//! templates read, so a test can build one by hand and typeset it.

use serde::Serialize;

use crate::config::RunConfig;
use crate::findings::Finding;
use crate::ingest::{FileAccount, Intake};
use crate::plan::Plan;
use crate::reconcile::Reconciled;

mod activities;
mod counts;
pub mod facts;
mod findings;
mod meta;
mod pledges;
mod revisions;

pub use activities::*;
pub use counts::{percent, Counts, Shares};
pub use findings::*;
pub use meta::*;
pub use pledges::*;
pub use revisions::*;

/// Everything the outputs show.
#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    /// About the run and the plan.
    pub meta: Meta,
    /// The headline figures on activities.
    pub activities: ActivityFigures,
    /// The groups of priorities, in document order.
    pub groups: Vec<GroupData>,
    /// The priorities with their activities.
    pub priorities: Vec<PriorityData>,
    /// The pledge figures.
    pub pledges: PledgeFigures,
    /// The 23 GCM objectives with what contributes to each.
    pub objectives: Vec<ObjectiveData>,
    /// Good practices: the completed reports of the plan's good-practices activity.
    pub good_practices: Vec<GoodPractice>,
    /// The activities and the group the outputs single out.
    pub roles: RolesData,
    /// Findings, for the data-quality annex.
    pub findings: FindingFigures,
    /// One account per input file.
    pub inputs: Vec<FileAccount>,
    /// The rows of every input file added up.
    pub inputs_total: InputTotals,
    /// The GCM objectives served by at least one activity or pledge.
    pub objectives_covered: usize,
    /// Published quarters and the revisions to their figures (filled in by [`crate::check`]).
    pub revisions: Revisions,
    /// Who has reported, and when: agencies × months.
    pub reporting: crate::reconcile::reporting::Reporting,
    /// The secretariat's own words for the quarter (filled in by [`crate::check`]).
    pub narrative: crate::narrative::Narrative,
}

/// Builds the report data from the plan, the intake and the reconciliation.
pub fn build(
    config: &RunConfig,
    plan: &Plan,
    intake: &Intake,
    reconciled: &Reconciled,
    findings: &[Finding],
) -> ReportData {
    let (quarter_start, _) = crate::reconcile::quarter_bounds(config.as_of);
    let activities = activity_figures(plan, intake, reconciled);
    let pledges = pledge_figures(intake, reconciled, quarter_start);
    let objectives = objective_data(plan, &pledges);
    ReportData {
        meta: meta(config, plan, intake, reconciled, quarter_start),
        groups: plan
            .groups
            .iter()
            .map(|g| group_data(plan, &g.key, &g.name, &g.intro))
            .collect(),
        roles: roles_data(plan, &activities),
        priorities: priority_data(plan, &activities),
        activities,
        pledges,
        good_practices: good_practices(plan, intake),
        findings: finding_figures(findings),
        inputs_total: InputTotals::of(&intake.files),
        objectives_covered: objectives
            .iter()
            .filter(|o| !o.activities.is_empty() || o.pledges_total > 0)
            .count(),
        objectives,
        inputs: intake.files.clone(),
        revisions: Default::default(),
        reporting: reconciled.reporting.clone(),
        narrative: Default::default(),
    }
}
