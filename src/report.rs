//! ReportData: every figure of every output, computed once.
//!
//! The PDFs, the trackers, the manifest and the messages all read the numbers from here; none
//! of them recomputes a figure. ReportData is plain data that serialises to the JSON the Typst
//! templates read, so a test can build one by hand and typeset it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::YearMonth;
use crate::config::RunConfig;
use crate::findings::{Finding, Severity, SeverityCounts};
use crate::i18n::{format_date, format_month, Lang, Text};
use crate::ingest::{FileAccount, Intake};
use crate::model::{
    ActivityStatus, PledgeEntityType, PledgeStatus, PreviousPledgeStatus, Source, Term,
};
use crate::plan::{Activity, Plan};
use crate::reconcile::{ActivityState, Reconciled};
use crate::reference;

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
}

/// About the run and the plan.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// The as-of date (`2024-03-31`).
    pub as_of: NaiveDate,
    /// The as-of date in words.
    pub as_of_text: Text,
    /// The quarter (`2024-Q1`).
    pub period: String,
    /// The quarter in words ("primer trimestre de 2024").
    pub period_text: Text,
    /// The quarter's first day, in words.
    pub quarter_start_text: Text,
    /// True when the inputs are sample data.
    pub sample: bool,
    /// The network's name.
    pub network: Text,
    /// The plan's title.
    pub plan_title: Text,
    /// The plan's period in words ("mayo de 2023 a diciembre de 2024").
    pub plan_period: Text,
    /// The plan's mid-term review note.
    pub review_note: Text,
    /// The review cycle.
    pub review_cycle: Text,
    /// The regional meeting's dates and place, in words.
    pub review_meeting: Text,
    /// Group objectives by IMRF round table in the Regional Review document.
    pub group_by_round_table: bool,
    /// A fingerprint of the inputs (SHA-256 over the file hashes), for document ids.
    pub inputs_digest: String,
    /// When the as-of date is after the plan's last month: the note every output shows.
    pub plan_closed: Option<Text>,
    /// The sentence naming the Network's co-leads.
    pub co_leads: Text,
    /// The plan's revisions in force at the as-of date, oldest first.
    pub revisions: Vec<RevisionLine>,
}

/// A revision of the plan, as the documents list it.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionLine {
    /// The month it took effect, in words.
    pub month: Text,
    /// Its title.
    pub title: Text,
    /// Its note.
    pub note: Text,
    /// What it changed ("Agregadas: T3.3. Quitadas: T3.2.").
    pub changes: Text,
}

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
    /// Which languages of the narrative are a fallback from the other.
    pub narrative_fallback: BTreeMap<Lang, bool>,
    /// Next steps of the latest report.
    pub next_steps: Option<String>,
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

/// Pledge figures.
#[derive(Debug, Clone, Serialize)]
pub struct PledgeFigures {
    /// Pledges known.
    pub total: usize,
    /// By latest status, every status listed.
    pub by_status: Counts<PledgeStatus>,
    /// The same, each as a share of all pledges, in percent.
    pub by_status_share: Shares<PledgeStatus>,
    /// By GCM objective `"1"`…`"23"`, every objective listed; a pledge counts under each it names.
    pub by_objective: BTreeMap<u8, usize>,
    /// By entity type, every type listed (plus `unspecified`).
    pub by_entity_type: Counts<PledgeEntityType>,
    /// The same, each as a share of all pledges, in percent.
    pub by_entity_type_share: Shares<PledgeEntityType>,
    /// By country (ISO alpha-3), most pledges first.
    pub by_country: Vec<CountryCount>,
    /// Pledges updated in the as-of quarter.
    pub updated_this_quarter: usize,
    /// The same, as a share of all pledges, in percent.
    pub updated_share: f64,
    /// Pledges not updated in the as-of quarter.
    pub not_updated: usize,
    /// Pledges whose status changed since the previous quarter.
    pub changed: usize,
    /// New pledges this quarter (no record before it).
    pub new_this_quarter: usize,
    /// Pledges by status at the end of the previous quarter (`none` when new) and now:
    /// `transitions[previous][current]`, every status listed.
    pub transitions: indexmap::IndexMap<PreviousPledgeStatus, Counts<PledgeStatus>>,
    /// The pledges of each row of `transitions`: by status at the end of the previous quarter.
    pub transition_totals: Counts<PreviousPledgeStatus>,
    /// The pledges whose status changed this quarter, grouped by the change.
    pub changes: Vec<PledgeChange>,
    /// The countries after the first [`COUNTRIES_NAMED`] of `by_country`, as one row.
    pub other_countries: OtherCountries,
    /// Every pledge, by id.
    pub list: Vec<PledgeData>,
}

/// The pledges that went from one status to another this quarter.
#[derive(Debug, Clone, Serialize)]
pub struct PledgeChange {
    /// The status at the end of the previous quarter.
    pub from: PledgeStatus,
    /// The status now.
    pub to: PledgeStatus,
    /// The pledges, by id.
    pub ids: Vec<String>,
}

/// The countries the pledge summary does not name one by one.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct OtherCountries {
    /// How many.
    pub countries: usize,
    /// The pledges that name them, added up.
    pub pledges: usize,
}

/// Pledges naming one country.
#[derive(Debug, Clone, Serialize)]
pub struct CountryCount {
    /// ISO alpha-3, or the name as written when unknown.
    pub iso3: String,
    /// Its name.
    pub name: Text,
    /// Pledges naming it.
    pub count: usize,
}

/// One pledge's latest record.
#[derive(Debug, Clone, Serialize)]
pub struct PledgeData {
    /// Id as written.
    pub id: String,
    /// Title.
    pub title: String,
    /// Pledging entity.
    pub entity: String,
    /// Entity type (serialised as its canonical key, `member-state`, or `unspecified`).
    pub entity_type: PledgeEntityType,
    /// Countries, ISO alpha-3.
    pub countries: Vec<String>,
    /// Country names.
    pub country_names: Text,
    /// GCM objectives.
    pub objectives: Vec<u8>,
    /// Latest status (serialised as its canonical key).
    pub status: PledgeStatus,
    /// Status at the end of the previous quarter (`none` when new).
    pub previous_status: PreviousPledgeStatus,
    /// Whether the status changed since the previous quarter.
    pub changed: bool,
    /// Date of the latest update.
    pub update_date: NaiveDate,
    /// Date of the latest update, in words.
    pub update_text: Text,
    /// Whether it was updated this quarter.
    pub updated_this_quarter: bool,
    /// Whether it is new this quarter (no record before it).
    pub new_this_quarter: bool,
    /// Latest narrative.
    pub narrative: Option<String>,
    /// Where the latest record was read.
    pub source: Source,
    /// Accepted records on the pledge.
    pub records: usize,
}

/// A GCM objective with what contributes to it.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveData {
    /// 1-23.
    pub number: u8,
    /// Short label.
    pub short: Text,
    /// Full title.
    pub title: Text,
    /// IMRF round table.
    pub round_table: Option<u8>,
    /// Codes of plan activities serving it (through the thematic priorities).
    pub activities: Vec<String>,
    /// Pledges naming it, by latest status, every status listed.
    pub pledges_by_status: Counts<PledgeStatus>,
    /// Pledges naming it.
    pub pledges_total: usize,
    /// Ids of pledges naming it.
    pub pledge_ids: Vec<String>,
}

/// A good practice: a completed report of the plan's good-practices activity.
#[derive(Debug, Clone, Serialize)]
pub struct GoodPractice {
    /// The month reported.
    pub month: Text,
    /// What was reported.
    pub narrative: Text,
    /// Where it was read.
    pub source: Source,
}

/// Findings, for the data-quality annex and the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct FindingFigures {
    /// Counts by severity.
    pub counts: SeverityCounts,
    /// Counts by code, with the code's severity: errors first, then warnings, then notes,
    /// each by code.
    pub by_code: Vec<CodeCount>,
}

/// How many findings of one code.
#[derive(Debug, Clone, Serialize)]
pub struct CodeCount {
    /// The code (serialised as written in the contract, `unknown-activity`).
    pub code: crate::findings::Code,
    /// Its severity.
    pub severity: Severity,
    /// How many.
    pub count: usize,
}

/// Counts by a value of the vocabulary, in report order (every value listed, zeros included),
/// serialised by canonical key.
pub type Counts<K> = indexmap::IndexMap<K, usize>;

/// Shares of a total, in percent, by the same keys as the [`Counts`] they come from.
pub type Shares<K> = indexmap::IndexMap<K, f64>;

/// Returns `part` as a percentage of `whole` (0 when `whole` is 0).
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part * 100) as f64 / whole as f64
    }
}

/// Returns each count as a percentage of `whole`.
fn shares<K: Term>(counts: &Counts<K>, whole: usize) -> Shares<K> {
    counts
        .iter()
        .map(|(&k, &n)| (k, percent(n, whole)))
        .collect()
}

/// Returns a count of zero for every value of `K`, in report order.
fn zeroed<K: Term>() -> Counts<K> {
    K::all().iter().map(|&k| (k, 0)).collect()
}

fn agencies_text(r: &reference::Reference, ids: &[String], fallback: &Text) -> Text {
    if ids.is_empty() {
        // The plan's own wording, without its label ("Agencias que acompañan: …").
        let bare = |s: &str| {
            let rest = s.split_once(':').map_or(s, |(_, rest)| rest).trim();
            if rest.is_empty() {
                "—".to_string()
            } else {
                rest.to_string()
            }
        };
        return Text::new(bare(&fallback.es), bare(&fallback.en));
    }
    let join = |lang| {
        ids.iter()
            .map(|id| r.agency_label(id, lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Text::new(join(Lang::Es), join(Lang::En))
}

fn both(f: impl Fn(Lang) -> String) -> Text {
    Text::new(f(Lang::Es), f(Lang::En))
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
    }
}

/// The activities and their headline figures.
fn activity_figures(plan: &Plan, intake: &Intake, reconciled: &Reconciled) -> ActivityFigures {
    let r = plan.registry();
    let mut activity_list = Vec::new();
    let mut by_status = zeroed::<ActivityStatus>();
    let mut missing_occurrences = Vec::new();
    for (activity, state) in plan.activities.iter().zip(&reconciled.activities) {
        for o in state.occurrences.iter().filter(|o| o.met_by.is_none()) {
            missing_occurrences.push(MissingOccurrence {
                code: activity.code.clone(),
                month: o.month,
                month_text: both(|l| o.window.text(l)),
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
fn activity_data(
    activity: &Activity,
    state: &ActivityState,
    intake: &Intake,
    r: &reference::Reference,
) -> ActivityData {
    let latest = state.latest.map(|i| &intake.status[i]);
    let previous = state.previous.map(|i| &intake.status[i]);
    let status = ActivityStatus(latest.map(|l| l.status));
    let previous_status = ActivityStatus(previous.map(|p| p.status));
    let progress = latest.and_then(|l| l.progress);
    let previous_progress = previous.and_then(|p| p.progress);
    let narrative = latest.and_then(|l| match (&l.narrative_es, &l.narrative_en) {
        (None, None) => None,
        (es, en) => Some(Text::new(
            es.clone().or_else(|| en.clone()).unwrap_or_default(),
            en.clone().or_else(|| es.clone()).unwrap_or_default(),
        )),
    });
    let narrative_fallback = BTreeMap::from([
        (
            Lang::Es,
            latest.is_some_and(|l| l.narrative_es.is_none() && l.narrative_en.is_some()),
        ),
        (
            Lang::En,
            latest.is_some_and(|l| l.narrative_en.is_none() && l.narrative_es.is_some()),
        ),
    ]);
    let window_end = activity.schedule.window_end;
    ActivityData {
        code: activity.code.clone(),
        priority: activity.priority.clone(),
        title: activity.title.clone(),
        lead: agencies_text(r, &activity.lead, &activity.lead_text),
        support: agencies_text(r, &activity.support, &activity.support_text),
        lead_ids: activity.lead.clone(),
        calendar: Text::new(activity.calendar(Lang::Es), activity.calendar(Lang::En)),
        window_end: both(|l| format_date(l, window_end)),
        recurring: activity.schedule.parsed.is_recurring(),
        changed: status != previous_status || progress != previous_progress,
        status,
        progress,
        last_period: latest.map(|l| both(|lang| format_month(lang, l.period))),
        last_period_iso: latest.map(|l| l.period),
        reported_by: latest.map(|l| both(|lang| r.agency_label(&l.agency, lang))),
        source: latest.map(|l| l.source.clone()),
        narrative,
        narrative_fallback,
        next_steps: latest.and_then(|l| l.next_steps.clone()),
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
fn priority_data(plan: &Plan, activities: &ActivityFigures) -> Vec<PriorityData> {
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

/// The GCM objectives with the activities and pledges that serve each.
fn objective_data(plan: &Plan, pledges: &PledgeFigures) -> Vec<ObjectiveData> {
    plan.registry()
        .objectives
        .iter()
        .map(|o| {
            let mut pledges_by_status = zeroed::<PledgeStatus>();
            let mut pledge_ids = Vec::new();
            for p in pledges
                .list
                .iter()
                .filter(|p| p.objectives.contains(&o.number))
            {
                *pledges_by_status.entry(p.status).or_default() += 1;
                pledge_ids.push(p.id.clone());
            }
            ObjectiveData {
                number: o.number,
                short: o.short.clone(),
                title: o.title.clone(),
                round_table: o.round_table,
                activities: plan
                    .activities
                    .iter()
                    .filter(|a| a.objectives.contains(&o.number))
                    .map(|a| a.code.clone())
                    .collect(),
                pledges_total: pledge_ids.len(),
                pledges_by_status,
                pledge_ids,
            }
        })
        .collect()
}

/// The completed reports of the plan's good-practices activity that tell something, by source.
fn good_practices(plan: &Plan, intake: &Intake) -> Vec<GoodPractice> {
    let mut good_practices: Vec<GoodPractice> = intake
        .status
        .iter()
        .filter(|s| {
            plan.roles.good_practices.as_deref() == Some(s.activity.as_str())
                && s.status == crate::model::Status::Completed
        })
        .filter_map(|s| {
            let (es, en) = (s.narrative_es.clone(), s.narrative_en.clone());
            let narrative = match (es, en) {
                (None, None) => return None,
                (es, en) => Text::new(
                    es.clone().or_else(|| en.clone()).unwrap_or_default(),
                    en.or(es).unwrap_or_default(),
                ),
            };
            Some(GoodPractice {
                month: both(|l| format_month(l, s.period)),
                narrative,
                source: s.source.clone(),
            })
        })
        .collect();
    good_practices.sort_by(|a, b| a.source.cmp(&b.source));

    good_practices
}

/// Findings counted by severity and by code.
fn finding_figures(findings: &[Finding]) -> FindingFigures {
    let mut by_code: BTreeMap<crate::findings::Code, usize> = BTreeMap::new();
    for f in findings {
        *by_code.entry(f.code).or_default() += 1;
    }
    let mut by_code: Vec<CodeCount> = by_code
        .into_iter()
        .map(|(code, count)| CodeCount {
            code,
            severity: code.severity(),
            count,
        })
        .collect();
    // The annex lists errors first, then warnings, then notes, each by code.
    by_code.sort_by_key(|c| (c.severity, c.code.as_str()));
    FindingFigures {
        counts: SeverityCounts::of(findings),
        by_code,
    }
}

/// About the run and the plan.
fn meta(
    config: &RunConfig,
    plan: &Plan,
    intake: &Intake,
    reconciled: &Reconciled,
    quarter_start: NaiveDate,
) -> Meta {
    let as_of = config.as_of;
    let mut digest_input = String::new();
    for f in &intake.files {
        digest_input.push_str(&f.path);
        digest_input.push_str(&f.sha256);
    }
    let settings = &config.settings;
    let review = &settings.review;
    Meta {
        as_of,
        as_of_text: both(|l| format_date(l, as_of)),
        period: config.period(),
        period_text: both(|l| crate::reconcile::quarter_words(l, as_of)),
        quarter_start_text: both(|l| format_date(l, quarter_start)),
        sample: settings.sample,
        network: settings
            .network
            .clone()
            .unwrap_or_else(|| plan.meta.network.clone()),
        plan_title: plan.meta.title.clone(),
        plan_period: both(|l| {
            crate::i18n::tr(
                l,
                "word.month-range",
                &[
                    ("start", &format_month(l, plan.meta.start)),
                    ("end", &format_month(l, plan.meta.end)),
                ],
            )
        }),
        review_note: plan.meta.review_note.clone(),
        review_cycle: review.cycle.clone(),
        review_meeting: review_meeting(review),
        group_by_round_table: review.group_by_round_table,
        inputs_digest: crate::ingest::sha256_hex(digest_input.as_bytes()),
        co_leads: co_leads(plan),
        revisions: plan
            .revisions_by(YearMonth::from_date(as_of))
            .into_iter()
            .map(|r| RevisionLine {
                month: both(|l| format_month(l, r.month)),
                title: r.title.clone(),
                note: r.note.clone(),
                changes: both(|l| crate::plan::revisions::summary_text(r, l)),
            })
            .collect(),
        plan_closed: reconciled.plan_closed.then(|| {
            both(|l| {
                crate::i18n::tr(
                    l,
                    "report.plan-closed",
                    &[
                        ("plan", &plan.meta.short.get(l)),
                        ("end", &format_month(l, plan.meta.end)),
                        ("as_of", &format_date(l, as_of)),
                    ],
                )
            })
        }),
    }
}

/// The review meeting's days and place, in words, or nothing when the settings give none.
fn review_meeting(review: &crate::config::Review) -> Text {
    both(|l| match (review.meeting_start, review.meeting_end) {
        (Some(s), Some(e)) => {
            let place = review.place.get(l);
            let days = crate::i18n::format_date_range(l, s, e);
            if place.is_empty() {
                days
            } else {
                format!("{days}, {place}")
            }
        }
        _ => String::new(),
    })
}

/// The co-leads in words: the plan's own wording, or their names from the registry.
fn co_leads(plan: &Plan) -> Text {
    let r = plan.registry();
    if plan.meta.co_leads_text.is_empty() {
        both(|l| {
            let names: Vec<String> = plan
                .meta
                .co_leads
                .iter()
                .map(|c| {
                    r.agency(c).map_or_else(
                        || c.clone(),
                        |a| format!("{} ({})", a.name.get(l), a.acronym.get(l)),
                    )
                })
                .collect();
            crate::i18n::tr(
                l,
                "report.co-leads",
                &[("names", &crate::plan::join_words(l, &names, "word.and"))],
            )
        })
    } else {
        plan.meta.co_leads_text.clone()
    }
}

/// A group of priorities, or the review's group, with its priorities' codes.
fn group_data(plan: &Plan, key: &str, name: &Text, intro: &Text) -> GroupData {
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
fn roles_data(plan: &Plan, activities: &ActivityFigures) -> RolesData {
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
                text: both(|l| {
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

/// The rows of the input files added up.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct InputTotals {
    /// Data rows read.
    pub rows: u64,
    /// Rows accepted.
    pub accepted: u64,
    /// Rows rejected with a finding.
    pub rejected: u64,
    /// Blank rows.
    pub blank: u64,
}

impl InputTotals {
    /// Adds up the accounts of `files`.
    pub fn of(files: &[FileAccount]) -> InputTotals {
        files
            .iter()
            .fold(InputTotals::default(), |t, f| InputTotals {
                rows: t.rows + u64::from(f.rows),
                accepted: t.accepted + u64::from(f.accepted),
                rejected: t.rejected + u64::from(f.rejected),
                blank: t.blank + u64::from(f.blank),
            })
    }
}

/// How many countries the pledge summary names one by one; the rest are one row.
pub const COUNTRIES_NAMED: usize = 15;

/// The pledges whose status changed this quarter, grouped by the change, in report order
/// of the status before and then after; only changes that happened are listed.
fn pledge_changes(list: &[PledgeData]) -> Vec<PledgeChange> {
    let mut out = Vec::new();
    for &from in PledgeStatus::ALL {
        for &to in PledgeStatus::ALL {
            let ids: Vec<String> = list
                .iter()
                .filter(|p| p.changed && p.previous_status.0 == Some(from) && p.status == to)
                .map(|p| p.id.clone())
                .collect();
            if !ids.is_empty() {
                out.push(PledgeChange { from, to, ids });
            }
        }
    }
    out
}

fn pledge_figures(
    intake: &Intake,
    reconciled: &Reconciled,
    quarter_start: NaiveDate,
) -> PledgeFigures {
    let r = reference::get();
    let mut by_status = zeroed::<PledgeStatus>();
    let mut by_objective: BTreeMap<u8, usize> = (1..=23).map(|n| (n, 0)).collect();
    let mut by_entity_type = zeroed::<PledgeEntityType>();
    let mut countries: BTreeMap<String, usize> = BTreeMap::new();
    let mut list = Vec::new();
    for state in &reconciled.pledges {
        let p = &intake.pledges[state.latest];
        let previous = state.previous.map(|i| &intake.pledges[i]);
        *by_status.entry(p.status).or_default() += 1;
        for o in &p.objectives {
            *by_objective.entry(*o).or_default() += 1;
        }
        let entity_type = PledgeEntityType(p.entity_type);
        *by_entity_type.entry(entity_type).or_default() += 1;
        for c in &p.countries {
            *countries.entry(c.clone()).or_default() += 1;
        }
        let country_names = both(|l| {
            p.countries
                .iter()
                .map(|c| {
                    r.country_by_iso(c)
                        .map_or(c.clone(), |k| k.name.get(l).to_string())
                })
                .collect::<Vec<_>>()
                .join(", ")
        });
        let previous_status = PreviousPledgeStatus(previous.map(|x| x.status));
        list.push(PledgeData {
            id: p.id.clone(),
            title: p.title.clone(),
            entity: p.entity.clone(),
            entity_type,
            countries: p.countries.clone(),
            country_names,
            objectives: p.objectives.clone(),
            status: p.status,
            changed: previous.is_some_and(|x| x.status != p.status),
            previous_status,
            update_date: p.update_date,
            update_text: both(|l| format_date(l, p.update_date)),
            updated_this_quarter: state.updated_this_quarter,
            new_this_quarter: previous.is_none() && p.update_date >= quarter_start,
            narrative: p.narrative.clone(),
            source: p.source.clone(),
            records: state.records,
        });
    }
    let mut by_country: Vec<CountryCount> = countries
        .into_iter()
        .map(|(iso3, count)| CountryCount {
            name: r
                .country_by_iso(&iso3)
                .map_or_else(|| Text::same(iso3.clone()), |c| c.name.clone()),
            iso3,
            count,
        })
        .collect();
    by_country.sort_by(|a, b| b.count.cmp(&a.count).then(a.iso3.cmp(&b.iso3)));
    let transitions: indexmap::IndexMap<PreviousPledgeStatus, Counts<PledgeStatus>> = {
        let mut t: indexmap::IndexMap<_, _> = PreviousPledgeStatus::ALL
            .iter()
            .map(|&from| (from, zeroed::<PledgeStatus>()))
            .collect();
        for p in &list {
            if let Some(row) = t.get_mut(&p.previous_status) {
                *row.entry(p.status).or_default() += 1;
            }
        }
        t
    };
    let updated = list.iter().filter(|p| p.updated_this_quarter).count();
    let changes = pledge_changes(&list);
    let rest = by_country.get(COUNTRIES_NAMED..).unwrap_or_default();
    let other_countries = OtherCountries {
        countries: rest.len(),
        pledges: rest.iter().map(|c| c.count).sum(),
    };
    PledgeFigures {
        changes,
        other_countries,
        total: list.len(),
        by_status_share: shares(&by_status, list.len()),
        by_status,
        by_objective,
        by_entity_type_share: shares(&by_entity_type, list.len()),
        by_entity_type,
        by_country,
        updated_this_quarter: updated,
        updated_share: percent(updated, list.len()),
        not_updated: list.len() - updated,
        changed: list.iter().filter(|p| p.changed).count(),
        transition_totals: transitions
            .iter()
            .map(|(&from, row)| (from, row.values().sum()))
            .collect(),
        transitions,
        new_this_quarter: list.iter().filter(|p| p.new_this_quarter).count(),
        list,
    }
}

/// How an input differs since publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Not there at publication.
    Added,
    /// Other bytes than at publication.
    Changed,
    /// There at publication, gone now.
    Removed,
}

impl Change {
    pub(crate) fn key(self) -> &'static str {
        match self {
            Change::Added => "published.file.added",
            Change::Changed => "published.file.changed",
            Change::Removed => "published.file.removed",
        }
    }
}

/// An input that differs, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// Relative to the inputs folder.
    pub path: String,
    /// How it differs.
    pub change: Change,
}

/// One published figure that differs when recomputed.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    /// The published quarter.
    pub period: String,
    /// The figure's key in the manifest (`activities.by_status.completed`).
    pub key: String,
    /// The figure in words.
    pub figure: Text,
    /// The published value, in words.
    pub published: Text,
    /// The recomputed value, in words.
    pub now: Text,
    /// The inputs that differ since publication.
    pub files: Vec<FileChange>,
    /// The rows of those files that moved the figure, where known.
    pub rows: Vec<crate::findings::Location>,
}

/// What the progress report says about published quarters.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Revisions {
    /// The published quarters, oldest first.
    pub published: Vec<String>,
    /// Every figure that differs, quarter by quarter.
    pub list: Vec<Revision>,
}
