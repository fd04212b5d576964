//! The plan as the other stages see it: its metadata, groups, priorities, activities with
//! their calendars, and the questions they ask of it (an activity by code, a code as typed, the
//! agencies and codes to quote as examples).
//!
//! Most of these types are read straight from the plan file; the ones built by checking it
//! ([`Plan`], [`Activity`], [`ScheduleEntry`], [`Change`]) carry what the checks resolved.

use serde::{Deserialize, Serialize};

use super::registry::Registry;
use super::schedule::{Bound, DateOrder, Schedule, Window};
use crate::activity_code::{self, CodeKey, ParsedCode};
use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::findings::Finding;
use crate::i18n::{tr, Lang, Text};

/// The oddities of a plan's text an activity may be flagged with (`irregularities`), each with
/// the string key of its description. The list is fixed: a plan naming another is an error.
pub const IRREGULARITIES: [(&str, &str); 8] = [
    ("lead-per-message", "plan.irregularity.lead-per-message"),
    (
        "support-per-workstream",
        "plan.irregularity.support-per-workstream",
    ),
    ("no-lead", "plan.irregularity.no-lead"),
    ("no-support", "plan.irregularity.no-support"),
    ("mixed-acronyms", "plan.irregularity.mixed-acronyms"),
    ("non-member-lead", "plan.irregularity.non-member-lead"),
    ("no-calendar", "plan.irregularity.no-calendar"),
    ("singular-plural", "plan.irregularity.singular-plural"),
];

/// Returns the string key that describes irregularity `name`, if the list has it.
pub fn irregularity_key(name: &str) -> Option<&'static str> {
    IRREGULARITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, key)| *key)
}

/// An agency the plan names that the built-in registry (`data/agencies.toml`) does not know:
/// a national partner, a network of another region.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanAgency {
    /// A stable lowercase id (`ombudsman`).
    pub id: String,
    /// Its acronym in each language.
    pub acronym: Text,
    /// Its full name in each language.
    pub name: Text,
    /// Other ways forms write it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Whether it is a member of the network (a lead that is not is noted).
    #[serde(default = "yes")]
    pub member: bool,
}

/// Returns true: an agency the plan declares is a member unless it says otherwise.
fn yes() -> bool {
    true
}

/// A group of priorities (`core`: prioridades básicas, coded `B`): how the plan sorts its
/// priorities, in the order the documents list them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// A stable key the priorities name (`core`).
    pub key: String,
    /// The group's heading in the documents ("Prioridades básicas").
    pub name: Text,
    /// A paragraph that opens the group's section in the progress report.
    #[serde(default)]
    pub intro: Text,
    /// The letters that open its codes (`B`); empty when its codes have none.
    #[serde(default)]
    pub prefix: String,
}

/// The activities and groups the outputs single out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Roles {
    /// The activity whose completed reports are the good practices of the Regional Review input.
    pub good_practices: Option<String>,
    /// The activity that monitors the pledges, shown in the pledge summary.
    pub pledge_monitoring: Option<String>,
    /// The group whose activities the Regional Review input presents as support to the review.
    pub review_support: Option<ReviewSupport>,
}

/// The section of the Regional Review input on a group's support to the review process.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSupport {
    /// The group's key.
    pub group: String,
    /// The section heading.
    pub heading: Text,
    /// The paragraph that opens it.
    #[serde(default)]
    pub intro: Text,
}

/// What the plan says about itself.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    /// The plan's title.
    pub title: Text,
    /// Its subtitle.
    pub subtitle: Text,
    /// The plan's name as a sentence names it after "del" / "of the" ("plan 2023-2024",
    /// "2023-2024 plan").
    pub short: Text,
    /// The network whose plan it is.
    pub network: Text,
    /// The month the plan is dated.
    pub date: YearMonth,
    /// First month of the period the plan covers.
    pub start: YearMonth,
    /// Last month of the period the plan covers.
    pub end: YearMonth,
    /// The order in which the plan writes day and month in dates of numbers (`dmy` unless it
    /// says `mdy`), for the activities' `start` and `end`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<DateOrder>,
    /// The agencies that co-lead the Network, as written.
    pub co_leads: Vec<String>,
    /// The sentence that names the co-leads on the documents' covers; by default their names
    /// from the agency registry.
    #[serde(default)]
    pub co_leads_text: Text,
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

impl PlanMeta {
    /// The language the plan's calendars are written in: the first of [`Lang::ALL`] its title
    /// is written in (Spanish when it has Spanish, as the Regional Network's plans do).
    pub fn language(&self) -> Lang {
        Lang::ALL
            .into_iter()
            .find(|&l| self.title.own(l).is_some_and(|t| !t.trim().is_empty()))
            .unwrap_or(Lang::WORKING)
    }
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

/// A priority of the plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    /// Its code: its group's prefix and its number (`B1`).
    pub code: String,
    /// The key of its group.
    pub group: String,
    /// The full title.
    pub title: Text,
    /// A short label for charts and tables.
    pub short: Text,
    /// The GCM objectives it serves, when the plan names them.
    #[serde(default)]
    pub objectives: Vec<u8>,
}

/// An activity of the plan, with its agencies resolved and its calendar parsed.
#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    /// Its code, as the plan writes it.
    pub code: String,
    /// The code of its priority.
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
    /// The month a revision added it, when it was not in the plan from the start.
    pub added: Option<YearMonth>,
    /// The month a revision dropped it from: it is not in the plan from then on.
    pub dropped: Option<YearMonth>,
    /// Its calendar, leads or objectives changed by revisions, each from a month.
    pub changes: Vec<Change>,
}

/// An activity's calendar as written, and what it means.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleEntry {
    /// The phrase in the plan, in the plan's own language, exactly as written.
    pub text: String,
    /// The same calendar in English.
    pub text_en: String,
    /// The language the phrase is written in ([`PlanMeta::language`]).
    #[serde(skip)]
    pub written_in: crate::i18n::Lang,
    /// What the calendar means: the phrase's reading, or, when the activity gives dates, the
    /// reading the dates make of it (see `schedule::bounds::govern`).
    pub parsed: Schedule,
    /// What the phrase alone says.
    #[serde(skip)]
    pub phrase: Schedule,
    /// Words around the date that are not part of it ("Santiago de Chile").
    pub note: Option<String>,
    /// First day of the planned window.
    pub window_start: chrono::NaiveDate,
    /// Last day of the planned window.
    pub window_end: chrono::NaiveDate,
    /// Whether the activity is an ongoing process (never overdue, no occurrences).
    pub continuous: bool,
    /// Whether the plan marks the calendar as still to be confirmed.
    pub tentative: bool,
    /// Every expected occurrence: the windows of a recurring calendar, the planned window of a
    /// one-off, none for a continuous or empty calendar.
    pub occurrences: Vec<Window>,
    /// The first day or month the plan gives beside the phrase; with `end`, it governs the
    /// windows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Bound>,
    /// The last day or month the plan gives beside the phrase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Bound>,
}

impl Activity {
    /// Returns the calendar phrase in `lang`, falling back to the Spanish one; with no phrase,
    /// the activity's dates in words.
    ///
    /// The phrase is shown as written in the plan's language, and the plan's English one in
    /// English; in any other language, what the calendar means is written in its words, so
    /// that no document shows a phrase of another language.
    pub fn calendar(&self, lang: crate::i18n::Lang) -> String {
        let s = &self.schedule;
        if s.text.trim().is_empty() {
            return super::schedule::bounds::dates_text(s.start, s.end, lang);
        }
        if lang == s.written_in {
            return s.text.clone();
        }
        if lang == crate::i18n::Lang::En && !s.text_en.is_empty() {
            return s.text_en.clone();
        }
        super::schedule::words::reading(lang, &s.parsed, s.tentative)
    }
}

/// A change to an activity from a month, checked.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The first month it is in force.
    pub from: YearMonth,
    /// The new calendar, parsed.
    pub schedule: Option<ScheduleEntry>,
    /// The new lead agencies (registry ids).
    pub lead: Option<Vec<String>>,
    /// The plan's new wording of the lead.
    pub lead_text: Option<Text>,
    /// The new GCM objectives.
    pub objectives: Option<Vec<u8>>,
}

/// What a revision did, activity by activity: for the documents and the trackers.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionSummary {
    /// The month it takes effect.
    pub month: YearMonth,
    /// Its title.
    pub title: Text,
    /// Its note.
    pub note: Text,
    /// The activities it added.
    pub added: Vec<String>,
    /// The activities it dropped.
    pub dropped: Vec<String>,
    /// The activities whose calendar it changed.
    pub calendar: Vec<String>,
    /// The activities whose leads it changed.
    pub leads: Vec<String>,
    /// The activities whose objectives it changed.
    pub objectives: Vec<String>,
}

/// The whole plan, checked.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// What the plan says about itself.
    pub meta: PlanMeta,
    /// Agencies the plan declares, beyond the built-in registry.
    pub agencies: Vec<PlanAgency>,
    /// Its groups of priorities, in document order.
    pub groups: Vec<Group>,
    /// The activities and groups the outputs single out.
    pub roles: Roles,
    /// Codes quoted as examples in messages and forms.
    pub code_examples: Vec<String>,
    /// Its priorities, in document order.
    pub priorities: Vec<Priority>,
    /// Its activities, in plan order.
    pub activities: Vec<Activity>,
    /// Findings about the plan itself (missing lead, non-member agency…); the run goes on.
    #[serde(skip)]
    pub notes: Vec<Finding>,
    /// Each activity's code key, for reading codes as people type them.
    #[serde(skip)]
    pub(super) keys: std::collections::BTreeMap<CodeKey, usize>,
    /// The registry with the plan's own agencies, when it declares any.
    #[serde(skip)]
    pub(super) registry: Option<std::sync::Arc<Registry>>,
    /// Where the plan was read from inside the inputs folder: [`crate::plan::PLAN_FILE`] or
    /// [`crate::plan::workbook::PLAN_WORKBOOK`].
    #[serde(skip)]
    pub source: &'static str,
    /// Its revisions and what each changed, in the order of their months.
    pub revisions: Vec<RevisionSummary>,
    /// Activities dropped by the month the plan is in force for, and the month each was
    /// dropped from (see [`Plan::in_force`]).
    #[serde(skip)]
    pub(super) retired: Vec<(String, YearMonth)>,
    /// The texts written in some language but not in another, by that language: each by its
    /// place in the plan file (an imported plan has its document's language only).
    #[serde(skip)]
    pub missing_texts: Vec<(Lang, Vec<String>)>,
}

impl Plan {
    /// Refuses a plan that lacks texts in one of `langs`, the languages an output is about
    /// to be written in, listing where they are missing; a plan with every text in each of
    /// them passes.
    pub fn require_languages(&self, langs: &[Lang]) -> Result<()> {
        let mut details = Vec::new();
        for (lang, places) in &self.missing_texts {
            if !langs.contains(lang) {
                continue;
            }
            details.extend(places.iter().map(|p| {
                Text::from_fn(|l| {
                    tr(
                        l,
                        "error.plan-text-missing",
                        &[("place", p), ("language", &lang.code())],
                    )
                })
            }));
        }
        if details.is_empty() {
            return Ok(());
        }
        let count = details.len();
        let mut e = Error::new(
            "error.plan-texts-missing",
            &[("count", &count), ("path", &self.source)],
        );
        e.details = details;
        Err(e.hint("hint.plan-texts-missing", &[]))
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

    /// Returns the agencies known under this plan: the built-in registry and the agencies the
    /// plan declares. It is the only way any stage reaches the built-in table.
    pub fn registry(&self) -> &Registry {
        match self.registry.as_deref() {
            Some(r) => r,
            None => Registry::builtin(),
        }
    }

    /// Reads a code as typed (`b 1.2`, `T-3.1`) against the plan's codes.
    pub fn read_code(&self, typed: &str) -> ParsedCode {
        let Some(key) = activity_code::key(typed) else {
            return ParsedCode::Invalid;
        };
        if let Some(&i) = self.keys.get(&key) {
            return ParsedCode::Code(self.activities[i].code.clone());
        }
        if let Some((code, _)) = self
            .retired
            .iter()
            .find(|(c, _)| activity_code::key(c).as_ref() == Some(&key))
        {
            return ParsedCode::Code(code.clone());
        }
        // A code with more or fewer numbers than the plan's codes have is not one of its shape.
        if !self
            .keys
            .keys()
            .any(|k| k.numbers.len() == key.numbers.len())
        {
            return ParsedCode::Invalid;
        }
        if !self
            .groups
            .iter()
            .any(|g| g.prefix.to_uppercase() == key.prefix)
        {
            if !key.prefix.is_empty() {
                return ParsedCode::Invalid;
            }
            let candidates: Vec<String> = self
                .keys
                .iter()
                .filter(|(k, _)| k.numbers == key.numbers)
                .map(|(_, &i)| self.activities[i].code.clone())
                .collect();
            if !candidates.is_empty() {
                return ParsedCode::Ambiguous(candidates);
            }
        }
        ParsedCode::Unknown
    }

    /// Checks that `as_of` is not before the plan's first month: there is nothing to report on
    /// yet. A date after its last month is allowed: the plan is reported as closed.
    pub fn check_as_of(&self, as_of: chrono::NaiveDate) -> Result<()> {
        if as_of < self.meta.start.first_day() {
            let start = self.meta.start;
            let mut err = Error::new("error.before-plan", &[]);
            *err.message = Text::from_fn(|lang| {
                tr(
                    lang,
                    "error.before-plan",
                    &[
                        ("as_of", &crate::i18n::format_date(lang, as_of)),
                        ("plan", &self.meta.short.get(lang)),
                        ("start", &crate::i18n::format_month(lang, start)),
                    ],
                )
            });
            return Err(err.hint("hint.before-plan", &[]));
        }
        Ok(())
    }

    /// Returns up to four agencies to quote as examples of how to write an agency: the
    /// co-leads, then the agencies that lead most activities, as acronyms in `lang`.
    pub fn agency_examples_text(&self, lang: Lang) -> String {
        let r = self.registry();
        let mut count: Vec<(String, usize)> = Vec::new();
        for id in self.activities.iter().flat_map(|a| &a.lead) {
            match count.iter_mut().find(|(i, _)| i == id) {
                Some((_, n)) => *n += 1,
                None => count.push((id.clone(), 1)),
            }
        }
        count.sort_by_key(|c| std::cmp::Reverse(c.1));
        let mut ids: Vec<String> = self
            .meta
            .co_leads
            .iter()
            .filter_map(|c| r.agency(c).map(|a| a.id.clone()))
            .collect();
        for (id, _) in count {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let labels: Vec<String> = ids
            .iter()
            .take(4)
            .map(|id| r.agency_label(id, lang))
            .collect();
        join_words(lang, &labels, "word.or")
    }

    /// Returns the example codes joined for a sentence ("B1.2 o T3.1").
    pub fn code_examples_text(&self, lang: Lang) -> String {
        join_words(lang, &self.code_examples, "word.or")
    }

    /// Returns where the codes of each group run, for a sentence ("de B1.1 a B4.2 y de T1.1 a
    /// T3.2").
    pub fn code_ranges_text(&self, lang: Lang) -> String {
        let ranges: Vec<String> = self
            .groups
            .iter()
            .filter_map(|g| {
                let mut codes = self
                    .activities
                    .iter()
                    .filter(|a| self.priority(&a.priority).is_some_and(|p| p.group == g.key))
                    .map(|a| a.code.as_str());
                let first = codes.next()?;
                Some(match codes.next_back() {
                    Some(last) => tr(
                        lang,
                        "plan.code-range",
                        &[("first", &first), ("last", &last)],
                    ),
                    None => first.to_string(),
                })
            })
            .collect();
        join_words(lang, &ranges, "word.and")
    }

    /// Returns the group with `key`.
    pub fn group(&self, key: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.key == key)
    }

    /// Returns whether `agency` (a registry id) leads activity `code`.
    pub fn leads(&self, agency: &str, code: &str) -> bool {
        self.activity(code)
            .is_some_and(|a| a.lead.iter().any(|l| l == agency))
    }
}

/// Joins words for a sentence: "a", "a o b", "a, b o c" (`joiner` is `word.or` or `word.and`).
pub fn join_words(lang: Lang, items: &[String], joiner: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => {
            // A joining word may change before a sound ("ACNUR u OIT"): the language's row says.
            let folded = crate::text::fold(last);
            let word = lang
                .row()
                .joiner_changes
                .iter()
                .find(|(key, starts, _)| {
                    *key == joiner && starts.iter().any(|s| folded.starts_with(s))
                })
                .map_or_else(|| tr(lang, joiner, &[]), |(_, _, word)| (*word).to_string());
            format!("{} {word} {last}", rest.join(", "))
        }
    }
}
