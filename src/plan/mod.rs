//! The work plan as data: priorities, activities, agencies and calendars.
//!
//! The plan lives in `inputs/plan/plan.toml`, written so a secretariat officer can revise it at
//! mid-term: each calendar is kept as the phrase typed in the document, and its structure is
//! derived here by [`schedule::parse`]. Loading resolves agencies against the registry and
//! checks the plan; problems that make reconciliation meaningless (a duplicate code, an unknown
//! agency, an unreadable calendar) stop the run, the rest become findings.

pub mod schedule;

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::findings::{Code, Finding, Location};
use crate::i18n::Text;
use crate::reference;

pub use schedule::Schedule;

/// Where the plan lives inside the inputs folder.
pub const PLAN_FILE: &str = "plan/plan.toml";

/// The plan file as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    plan: PlanMeta,
    priorities: Vec<Priority>,
    activities: Vec<ActivityFile>,
}

/// What the plan says about itself.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    /// The plan's title.
    pub title: Text,
    /// Its subtitle.
    pub subtitle: Text,
    /// The network whose plan it is.
    pub network: Text,
    /// The month the plan is dated.
    pub date: YearMonth,
    /// First month of the period the plan covers.
    pub start: YearMonth,
    /// Last month of the period the plan covers.
    pub end: YearMonth,
    /// The agencies that co-lead the Network, as written.
    pub co_leads: Vec<String>,
    /// The note on the mid-term review.
    pub review_note: Text,
    /// The narrative sections of the document.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The document's footnotes.
    #[serde(default)]
    pub footnotes: Vec<Footnote>,
    /// The documents the plan cites.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// A narrative section of the plan document.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// A stable key (`introduction`).
    pub key: String,
    /// The section heading.
    pub heading: Text,
    /// Its paragraphs.
    pub paragraphs: Vec<Text>,
}

/// A footnote of the plan document.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// Its number in the document.
    pub number: u32,
    /// Its text.
    pub text: Text,
}

/// A document the plan cites.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Its title.
    pub title: Text,
}

/// Whether a priority is core (básica) or thematic (temática).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PriorityKind {
    /// A core priority, coded `B1`…`B4`.
    Core,
    /// A thematic priority, coded `T1`…`T3`.
    Thematic,
}

/// A priority of the plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    /// `B1`…`B4`, `T1`…`T3`.
    pub code: String,
    /// Core or thematic.
    pub kind: PriorityKind,
    /// The full title.
    pub title: Text,
    /// A short label for charts and tables.
    pub short: Text,
    /// The GCM objectives it serves (thematic priorities only).
    #[serde(default)]
    pub objectives: Vec<u8>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ActivityFile {
    code: String,
    title: Text,
    #[serde(default)]
    details: Vec<Text>,
    #[serde(default)]
    references: Vec<Text>,
    #[serde(default)]
    lead: Vec<String>,
    lead_text: Text,
    #[serde(default)]
    support: Vec<String>,
    #[serde(default)]
    support_text: Text,
    #[serde(default)]
    calendar: String,
    #[serde(default)]
    calendar_en: String,
    #[serde(default)]
    irregularities: Vec<String>,
    #[serde(default)]
    notes: Vec<Text>,
}

/// An activity of the plan, with its agencies resolved and its calendar parsed.
#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    /// `B1.1`…`T3.2`.
    pub code: String,
    /// The code of its priority (`B1`).
    pub priority: String,
    /// What the activity is.
    pub title: Text,
    /// Sub-items of the activity text.
    pub details: Vec<Text>,
    /// Its references in the Global Network's plan and elsewhere.
    pub references: Vec<Text>,
    /// Lead agencies (registry ids).
    pub lead: Vec<String>,
    /// The plan's wording of the lead.
    pub lead_text: Text,
    /// Accompanying agencies (registry ids; `network` = the whole Network).
    pub support: Vec<String>,
    /// The plan's wording of the accompanying agencies.
    pub support_text: Text,
    /// The calendar: the phrase as written and its parsed form.
    pub schedule: ScheduleEntry,
    /// GCM objectives, from its priority.
    pub objectives: Vec<u8>,
    /// Irregularities of the plan text, kept and flagged.
    pub irregularities: Vec<String>,
    /// Remarks on the activity.
    pub notes: Vec<Text>,
}

/// An activity's calendar as written, and what it means.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleEntry {
    /// The phrase in the plan, in Spanish, exactly as written.
    pub text: String,
    /// The same calendar in English.
    pub text_en: String,
    /// The parsed calendar.
    pub parsed: Schedule,
    /// Words around the date that are not part of it ("Santiago de Chile").
    pub note: Option<String>,
    /// First day of the planned window.
    pub window_start: chrono::NaiveDate,
    /// Last day of the planned window.
    pub window_end: chrono::NaiveDate,
}

impl Activity {
    /// Returns the calendar phrase in `lang`, falling back to the Spanish one.
    pub fn calendar(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::En if !self.schedule.text_en.is_empty() => &self.schedule.text_en,
            _ => &self.schedule.text,
        }
    }
}

/// The whole plan, checked.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// What the plan says about itself.
    pub meta: PlanMeta,
    /// Its priorities, core first.
    pub priorities: Vec<Priority>,
    /// Its activities, in plan order.
    pub activities: Vec<Activity>,
    /// Findings about the plan itself (missing lead, non-member agency…); the run goes on.
    #[serde(skip)]
    pub notes: Vec<Finding>,
}

impl Plan {
    /// Reads and checks the plan in `inputs`.
    pub fn load(inputs: &Path) -> Result<Plan> {
        let path = inputs.join(PLAN_FILE);
        let src = std::fs::read_to_string(&path).map_err(|e| {
            Error::new("error.plan-missing", &[("path", &path.display())])
                .cause(e)
                .hint("hint.plan-missing", &[])
        })?;
        Plan::parse(&src)
    }

    /// Parses and checks a plan from the text of a plan file.
    pub fn parse(src: &str) -> Result<Plan> {
        let file: PlanFile = toml::from_str(src).map_err(|e| {
            Error::new("error.plan-syntax", &[("path", &PLAN_FILE)])
                .cause(e.to_string().trim())
                .hint("hint.plan-syntax", &[])
        })?;
        build(file)
    }

    /// Returns the activity with `code`.
    pub fn activity(&self, code: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.code == code)
    }

    /// Returns the priority with `code`.
    pub fn priority(&self, code: &str) -> Option<&Priority> {
        self.priorities.iter().find(|p| p.code == code)
    }

    /// Returns the activities of priority `code`, in plan order.
    pub fn activities_of<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Activity> + 'a {
        self.activities.iter().filter(move |a| a.priority == code)
    }

    /// Returns whether `agency` (a registry id) leads activity `code`.
    pub fn leads(&self, agency: &str, code: &str) -> bool {
        self.activity(code)
            .is_some_and(|a| a.lead.iter().any(|l| l == agency))
    }
}

fn build(file: PlanFile) -> Result<Plan> {
    let reference = reference::get();
    let mut problems: Vec<Text> = Vec::new();
    let mut notes = Vec::new();
    let meta = file.plan;
    if meta.end < meta.start {
        problems.push(Text::tr("plan.end-before-start", &[]));
    }

    let mut seen = BTreeSet::new();
    for p in &file.priorities {
        if !seen.insert(p.code.clone()) {
            problems.push(Text::tr("plan.duplicate-priority", &[("code", &p.code)]));
        }
        for o in &p.objectives {
            if !(1..=23).contains(o) {
                problems.push(Text::tr(
                    "plan.bad-objective",
                    &[("code", &p.code), ("n", o)],
                ));
            }
        }
    }

    let mut activities = Vec::new();
    let mut codes = BTreeSet::new();
    for a in file.activities {
        if !codes.insert(a.code.clone()) {
            problems.push(Text::tr("plan.duplicate-activity", &[("code", &a.code)]));
            continue;
        }
        let Some(priority_code) = crate::activity_code::priority_of(&a.code) else {
            problems.push(Text::tr("plan.bad-code", &[("code", &a.code)]));
            continue;
        };
        let Some(priority) = file.priorities.iter().find(|p| p.code == priority_code) else {
            problems.push(Text::tr(
                "plan.no-priority",
                &[("code", &a.code), ("priority", &priority_code)],
            ));
            continue;
        };
        let mut resolve = |names: &[String], role: &str| -> Vec<String> {
            let mut ids = Vec::new();
            for name in names {
                match reference.agency(name) {
                    Some(agency) => {
                        if !agency.member && !agency.pseudo {
                            notes.push(plan_note(&a.code, role, &[("agency", name)]));
                        }
                        if !ids.contains(&agency.id) {
                            ids.push(agency.id.clone());
                        }
                    }
                    None => problems.push(Text::tr(
                        "plan.unknown-agency",
                        &[("code", &a.code), ("agency", name)],
                    )),
                }
            }
            ids
        };
        let lead = resolve(&a.lead, "plan.non-member-lead");
        let support = resolve(&a.support, "plan.non-member-support");
        if lead.is_empty() {
            let key = if a.irregularities.iter().any(|i| i == "lead-per-message") {
                "plan.lead-per-message"
            } else if a.lead_text.es.trim().is_empty() {
                "plan.no-lead-named"
            } else {
                "plan.no-lead"
            };
            notes.push(plan_note(&a.code, key, &[("text", &a.lead_text.es)]));
        }
        let parsed = match schedule::parse(&a.calendar) {
            Ok(p) => p,
            Err(e) => {
                problems.push(Text::tr(
                    "plan.bad-calendar",
                    &[("code", &a.code), ("calendar", &a.calendar), ("reason", &e)],
                ));
                continue;
            }
        };
        if !a.calendar_en.trim().is_empty() {
            if let Err(e) = schedule::parse(&a.calendar_en) {
                problems.push(Text::tr(
                    "plan.bad-calendar",
                    &[
                        ("code", &a.code),
                        ("calendar", &a.calendar_en),
                        ("reason", &e),
                    ],
                ));
            }
        }
        let (window_start, window_end) = parsed.schedule.window(meta.start, meta.end);
        activities.push(Activity {
            priority: priority.code.clone(),
            objectives: priority.objectives.clone(),
            code: a.code,
            title: a.title,
            details: a.details,
            references: a.references,
            lead,
            lead_text: a.lead_text,
            support,
            support_text: a.support_text,
            schedule: ScheduleEntry {
                text: a.calendar,
                text_en: a.calendar_en,
                parsed: parsed.schedule,
                note: parsed.note,
                window_start,
                window_end,
            },
            irregularities: a.irregularities,
            notes: a.notes,
        });
    }

    if !problems.is_empty() {
        let mut err = Error::new("error.plan-invalid", &[("path", &PLAN_FILE)]);
        err.details = problems;
        return Err(err.hint("hint.plan-invalid", &[]));
    }

    Ok(Plan {
        meta,
        priorities: file.priorities,
        activities,
        notes,
    })
}

/// Builds an info finding about the plan, its detail from string-table key `key`.
fn plan_note(code: &str, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> Finding {
    use crate::i18n::{tr, Lang};
    let mut f = Finding::new(Code::PlanNote, Location::file(PLAN_FILE), &[]).with_activity(code);
    let msg = |lang| {
        tr(
            lang,
            "finding.plan-note",
            &[("activity", &code), ("detail", &tr(lang, key, args))],
        )
    };
    f.message = Text::new(msg(Lang::Es), msg(Lang::En));
    f
}
