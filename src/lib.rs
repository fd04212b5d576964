//! seguimiento: the monthly follow-up of a UN network on migration's work plan.
//!
//! The pipeline, stage by stage (see ARCHITECTURE.md), each taking plain data and giving plain
//! data:
//!
//! 1. [`config`]: arguments and `seguimiento.toml` become a checked [`config::RunConfig`].
//! 2. [`plan`]: `inputs/plan/` becomes a checked [`plan::Plan`], with the agencies known under
//!    it ([`plan::Registry`]).
//! 3. [`ingest`]: every form under `inputs/` becomes an [`ingest::Intake`]: accepted records,
//!    findings, and a per-file account. Files are read by [`sheets`], the reading library,
//!    in worker processes.
//! 4. [`reconcile`]: the intake against the plan, as of a date: [`reconcile::Reconciled`].
//!    Every finding then gets its id and age, and the decisions of the follow-up register
//!    ([`register`], `inputs/follow-up.xlsx`) are put on the findings they name.
//! 5. [`report`]: every figure, computed once: [`report::ReportData`].
//! 6. [`outputs`]: every output behind one trait ([`outputs::Output`]), staged into one folder
//!    ([`outputs::staging::OutputSet`]) put in place whole: the documents (PDF through Typst),
//!    the trackers, the e-mail drafts, the findings, the open data, the forms.
//! 7. [`record`]: the record of a run (the manifest), read back to compare runs ([`record::diff`])
//!    and kept for published quarters ([`record::published`]).
//!
//! [`run`] drives stages 2 to 7 for `seguimiento run`, walking [`run::REGISTRY`]; [`check`]
//! runs stages 2 to 5. [`cmd`] is the terminal: each command parses, calls and prints.

#![warn(missing_docs, unreachable_pub)]
#![cfg_attr(not(test), warn(clippy::too_many_lines))]

// The stages, in the order data flows through them.
pub mod config;
pub mod plan;
pub mod sheets;
pub mod ingest;
pub mod reconcile;
pub mod register;
pub mod narrative;
pub mod report;
pub mod outputs;
pub mod record;
pub mod run;

// The terminal: one module per command, and the starter folder `init` writes.
pub mod cmd;
pub mod starter;

// What every stage shares: the vocabulary, findings and errors, the string tables, the
// reference data, months and dates, codes, text folding, progress.
pub mod activity_code;
pub mod calendar;
pub mod error;
pub mod findings;
pub mod i18n;
pub mod model;
pub mod progress;
pub mod reference;
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
    /// Every finding (plan, files, rows, reconciliation, the register), sorted, each with its
    /// id, age and the register's decision.
    pub findings: Vec<Finding>,
    /// The follow-up register's rows as the secretariat left them (none without a register).
    pub register: Vec<register::Entry>,
    /// Every figure.
    pub report: ReportData,
    /// The languages the run writes in, in order ([`RunConfig::languages`]): the first is the
    /// one the collection forms are written in.
    pub languages: Vec<i18n::Lang>,
}

impl Checked {
    /// The languages the agencies' own descriptions are listed in, in the trackers and the open
    /// data: each language of the run and each an agency wrote in, in the order of
    /// [`i18n::Lang`].
    pub fn narrative_languages(&self) -> Vec<i18n::Lang> {
        i18n::Lang::ALL
            .into_iter()
            .filter(|l| {
                self.languages.contains(l)
                    || self.intake.status.iter().any(|s| s.narrative(*l).is_some())
            })
            .collect()
    }
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
///
/// The secretariat's narrative for the quarter is read ([`narrative::read`]) and its findings
/// join the others. Every finding then gets its id and age ([`findings::assign_ids`]), and
/// the follow-up register's decisions go on the findings they name ([`register::apply`]).
pub fn check_with(config: &RunConfig, progress: &dyn progress::Progress) -> Result<Checked> {
    // Messages and texts are made in the run's languages and the terminal's only.
    let mut languages = config.languages().to_vec();
    languages.push(config.lang());
    let _languages = i18n::building_in(&languages);
    let mut checked = check_stages(config, progress)?;
    let (revisions, mut found) =
        record::published::review(config, &checked, |c| check_stages(c, &progress::Silent));
    let register = register::read(&config.inputs, &config.settings.limits);
    let (narrative, mut written) = narrative::read(
        &config.inputs,
        config.as_of,
        &checked.plan,
        config.languages(),
        &config.settings.limits,
    );
    written.extend(report::facts::check(&narrative, &checked.report));
    let changed = !found.is_empty()
        || !register.findings.is_empty()
        || !register.entries.is_empty()
        || !written.is_empty();
    found.extend(register.findings);
    found.append(&mut written);
    checked.findings.append(&mut found);
    findings::sort(&mut checked.findings);
    findings::assign_ids(&mut checked.findings, config.as_of_month());
    let mut stale = register::apply(&register.entries, &mut checked.findings);
    if !stale.is_empty() {
        // The notes of stale decisions take their place and ids among the others; the ids
        // already given do not move, as no finding about anything else shares theirs.
        checked.findings.append(&mut stale);
        findings::sort(&mut checked.findings);
        findings::assign_ids(&mut checked.findings, config.as_of_month());
    }
    if changed {
        checked.report = report::build(
            config,
            &checked.plan,
            &checked.intake,
            &checked.reconciled,
            &checked.findings,
        );
    }
    checked.register = register.entries;
    checked.report.revisions = revisions;
    checked.report.narrative = narrative;
    Ok(checked)
}

/// The agency of each address of `contacts.csv`, for the forms that arrive by e-mail. The
/// table is read where the drafts read it, and handed to ingest as data; an address given to
/// two agencies keeps the first (by agency id).
fn senders(config: &RunConfig, plan: &Plan) -> ingest::Senders {
    let contacts =
        outputs::messages::load_contacts(&config.inputs, &config.settings.limits, plan.registry())
            .unwrap_or_default();
    let mut senders = ingest::Senders::new();
    for c in contacts {
        senders.entry(c.email.to_lowercase()).or_insert(c.agency);
    }
    senders
}

/// The stages themselves, without looking at published quarters.
fn check_stages(config: &RunConfig, progress: &dyn progress::Progress) -> Result<Checked> {
    // Every stage works on the plan as it stood at the as-of date (its revisions in force).
    let mut plan = Plan::load(&config.inputs)?.in_force(config.as_of_month());
    plan.note_missing_languages(config.languages());
    plan.check_as_of(config.as_of)?;
    let ctx = ingest::Context {
        plan: &plan,
        as_of: config.as_of,
        limits: config.settings.limits,
        checks: config.settings.checks,
        senders: senders(config, &plan),
    };
    let mut intake = ingest::ingest_with(&config.inputs, &ctx, progress);
    let checks = &config.settings.checks;
    let mut reconciled = reconcile::reconcile(&plan, &intake, config.as_of, &config.settings);
    // The stages' findings move into one sorted list; `Intake::findings` and
    // `Reconciled::findings` are left empty rather than kept as copies.
    let mut findings: Vec<Finding> = plan.notes.clone();
    findings.append(&mut intake.findings);
    findings.append(&mut reconciled.findings);
    checks.apply(&mut findings);
    findings::sort(&mut findings);
    let report = report::build(config, &plan, &intake, &reconciled, &findings);
    Ok(Checked {
        plan,
        intake,
        reconciled,
        findings,
        register: Vec::new(),
        report,
        languages: config.languages().to_vec(),
    })
}
