//! seguimiento: the monthly follow-up of the Regional UN Network on Migration's work plan.
//!
//! The pipeline, stage by stage (see ARCHITECTURE.md):
//!
//! 1. [`config`]: arguments and `seguimiento.toml` become a checked [`config::RunConfig`].
//! 2. [`plan`]: `inputs/plan/plan.toml` becomes a checked [`plan::Plan`].
//! 3. [`ingest`]: every form under `inputs/` becomes an [`ingest::Intake`]: accepted records,
//!    findings, and a per-file account.
//! 4. [`reconcile`]: the intake against the plan, as of a date: [`reconcile::Reconciled`].
//! 5. [`report`]: every figure, computed once: [`report::ReportData`].
//! 6. [`outputs`]: every output behind one trait ([`outputs::Output`]), in one registry
//!    ([`outputs::REGISTRY`]) walked in manifest order into a staging folder
//!    ([`output::OutputSet`]) that is put in place whole: the progress report, the pledge
//!    summary and the Regional Review input ([`render`], PDF through Typst; one output each,
//!    typeset side by side), the trackers ([`tracker`], xlsx), the e-mail drafts
//!    ([`messages`]), the findings (JSON and CSV), the open-data tables ([`open_data`],
//!    HXL-tagged CSV) and the manifest ([`manifest`]). The forms of next month
//!    ([`outputs::Forms`]) are one more output, staged the same way by their own command into
//!    their own folder. [`outputs::run`] is the whole of `seguimiento run`, stage 1 aside;
//!    what the commands print is built in [`outputs::text`].

#![warn(missing_docs, unreachable_pub)]
#![cfg_attr(not(test), warn(clippy::too_many_lines))]

pub mod activity_code;
pub mod calendar;
pub mod cmd;
pub mod config;
pub mod error;
pub mod findings;
pub mod i18n;
pub mod ingest;
pub mod model;
pub mod outputs;
pub mod plan;
pub mod progress;
pub mod reconcile;
pub mod record;
pub mod reference;
pub mod report;
pub mod run;
pub mod sheets;
pub mod starter;
pub mod text;
pub mod words;

pub use error::{Error, Result};

use config::RunConfig;
use findings::Finding;
use ingest::Intake;
use plan::Plan;
use reconcile::Reconciled;
use report::ReportData;

/// Everything `check` computes: the input of every output.
pub struct Checked {
    /// The plan.
    pub plan: Plan,
    /// What was read.
    pub intake: Intake,
    /// What it means against the plan.
    pub reconciled: Reconciled,
    /// Every finding (plan, files, rows, reconciliation), sorted.
    pub findings: Vec<Finding>,
    /// Every figure.
    pub report: ReportData,
}

/// Runs the stages up to the figures: plan, ingest, reconcile, report.
pub fn check(config: &RunConfig) -> Result<Checked> {
    check_with(config, &progress::Silent)
}

/// Runs [`check`], telling `progress` as each form file is read.
///
/// Each published quarter (`inputs/published/`) is then recomputed from the same inputs as of
/// its own date and compared with its record: a `published-figures-changed` finding per figure
/// that moved, listed again in the report's revisions.
pub fn check_with(config: &RunConfig, progress: &dyn progress::Progress) -> Result<Checked> {
    let mut checked = check_stages(config, progress)?;
    let (revisions, mut found) =
        record::published::review(config, &checked, |c| check_stages(c, &progress::Silent));
    if !found.is_empty() {
        checked.findings.append(&mut found);
        findings::sort(&mut checked.findings);
        checked.report = report::build(
            config,
            &checked.plan,
            &checked.intake,
            &checked.reconciled,
            &checked.findings,
        );
    }
    checked.report.revisions = revisions;
    Ok(checked)
}

/// The stages themselves, without looking at published quarters.
fn check_stages(config: &RunConfig, progress: &dyn progress::Progress) -> Result<Checked> {
    // Every stage works on the plan as it stood at the as-of date (its revisions in force).
    let plan = Plan::load(&config.inputs)?.in_force(config.as_of_month());
    plan.check_as_of(config.as_of)?;
    let ctx = ingest::Context {
        plan: &plan,
        as_of: config.as_of,
        limits: config.settings.limits,
    };
    let mut intake = ingest::ingest_with(&config.inputs, &ctx, progress);
    let mut reconciled = reconcile::reconcile(&plan, &intake, config.as_of);
    // The stages' findings move into one sorted list; `Intake::findings` and
    // `Reconciled::findings` are left empty rather than kept as copies.
    let mut findings: Vec<Finding> = plan.notes.clone();
    findings.append(&mut intake.findings);
    findings.append(&mut reconciled.findings);
    findings::sort(&mut findings);
    let report = report::build(config, &plan, &intake, &reconciled, &findings);
    Ok(Checked {
        plan,
        intake,
        reconciled,
        findings,
        report,
    })
}
