//! The work plan as data: priorities, activities, agencies and calendars.
//!
//! The plan lives in `inputs/plan/plan.toml`, written so a secretariat officer can revise it at
//! mid-term: each calendar is kept as the phrase typed in the document, and its structure is
//! derived here by [`schedule::parse`]. Loading resolves agencies against the registry and
//! checks the plan; problems that make reconciliation meaningless (a duplicate code, an unknown
//! agency, an unreadable calendar) stop the run, the rest become findings.

pub mod registry;
pub mod revisions;
pub mod schedule;
pub mod workbook;

pub use registry::Registry;

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::activity_code::{self, CodeKey, ParsedCode};
use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::findings::{Code, Finding, Location};
use crate::i18n::{tr, Lang, Text};
use crate::reference;

pub use schedule::Schedule;

/// Where the plan lives inside the inputs folder.
pub const PLAN_FILE: &str = "plan/plan.toml";

/// The plan file as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    plan: PlanMeta,
    #[serde(default)]
    agencies: Vec<PlanAgency>,
    groups: Vec<Group>,
    #[serde(default)]
    roles: RolesFile,
    #[serde(default)]
    codes: CodesFile,
    #[serde(default)]
    priorities: Vec<Priority>,
    #[serde(default)]
    activities: Vec<ActivityFile>,
    #[serde(default)]
    revisions: Vec<revisions::Revision>,
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

/// The activities and groups the outputs single out, as written in the plan file.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    #[serde(default)]
    good_practices: Option<String>,
    #[serde(default)]
    pledge_monitoring: Option<String>,
    #[serde(default)]
    review_support: Option<ReviewSupport>,
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

/// How the plan writes its activity codes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CodesFile {
    /// The shape of a code: `{prefix}`, `{priority}` and `{activity}` between fixed characters
    /// (`"{prefix}{priority}.{activity}"`). Every activity code must have it.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Codes quoted as examples in messages and forms; by default the plan's first and last.
    #[serde(default)]
    pub examples: Vec<String>,
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
    #[serde(default)]
    added: Option<YearMonth>,
    #[serde(default)]
    dropped: Option<YearMonth>,
    #[serde(default)]
    changes: Vec<revisions::ChangeFile>,
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
    pub changes: Vec<revisions::Change>,
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
    /// Whether the activity is an ongoing process (never overdue, no occurrences).
    pub continuous: bool,
    /// Whether the plan marks the calendar as still to be confirmed.
    pub tentative: bool,
    /// Every expected occurrence: the windows of a recurring calendar, the planned window of a
    /// one-off, none for a continuous or empty calendar.
    pub occurrences: Vec<schedule::Window>,
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
    keys: std::collections::BTreeMap<CodeKey, usize>,
    /// The registry with the plan's own agencies, when it declares any.
    #[serde(skip)]
    registry: Option<std::sync::Arc<Registry>>,
    /// Where the plan was read from inside the inputs folder: [`PLAN_FILE`] or
    /// [`workbook::PLAN_WORKBOOK`].
    #[serde(skip)]
    pub source: &'static str,
    /// Its revisions and what each changed, in the order of their months.
    pub revisions: Vec<revisions::RevisionSummary>,
    /// Activities dropped by the month the plan is in force for, and the month each was
    /// dropped from (see [`Plan::in_force`]).
    #[serde(skip)]
    retired: Vec<(String, YearMonth)>,
}

impl Plan {
    /// Reads and checks the plan in `inputs`: `plan/plan.toml` or `plan/plan.xlsx`, exactly one.
    pub fn load(inputs: &Path) -> Result<Plan> {
        let source = if inputs
            .join(workbook::PLAN_WORKBOOK)
            .symlink_metadata()
            .is_ok()
        {
            workbook::PLAN_WORKBOOK
        } else {
            PLAN_FILE
        };
        build_from(read_file(inputs)?, source)
    }

    /// Writes the plan of `inputs`, as it is written there, to `target`: a workbook when its
    /// name ends in `.xlsx`, a plan file when it ends in `.toml`. An existing file is never
    /// replaced; the file appears whole or not at all.
    pub fn export(inputs: &Path, target: &Path) -> Result<()> {
        let file = read_file(inputs)?;
        // Checked first, so that a plan that cannot load is not exported.
        build(file.clone())?;
        let shown = target.display();
        let ext = target
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let bytes = match ext.as_str() {
            "xlsx" => workbook::write(&file)?,
            "toml" => to_toml(&file)?.into_bytes(),
            _ => {
                return Err(Error::new("error.export-kind", &[("path", &shown)])
                    .hint("hint.export-kind", &[]))
            }
        };
        if target.symlink_metadata().is_ok() {
            return Err(Error::new("error.export-exists", &[("path", &shown)])
                .hint("hint.export-exists", &[]));
        }
        let failed = |e: std::io::Error| {
            Error::new("error.export-write", &[("path", &shown)])
                .cause(e)
                .hint("hint.export-write", &[])
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let staging = target.with_file_name(format!(".{name}.{}.part", std::process::id()));
        std::fs::write(&staging, &bytes).map_err(failed)?;
        // A hard link never replaces an existing file, unlike a rename.
        let linked = std::fs::hard_link(&staging, target);
        let _ = std::fs::remove_file(&staging);
        linked.map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::new("error.export-exists", &[("path", &shown)])
                    .hint("hint.export-exists", &[])
            } else {
                failed(e)
            }
        })
    }

    /// Parses and checks a plan from the text of a plan file.
    pub fn parse(src: &str) -> Result<Plan> {
        build(parse_file(src)?)
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
            err.message = Text::new(
                tr(
                    Lang::Es,
                    "error.before-plan",
                    &[
                        ("as_of", &crate::i18n::format_date(Lang::Es, as_of)),
                        ("plan", &self.meta.short.es),
                        ("start", &crate::i18n::format_month(Lang::Es, start)),
                    ],
                ),
                tr(
                    Lang::En,
                    "error.before-plan",
                    &[
                        ("as_of", &crate::i18n::format_date(Lang::En, as_of)),
                        ("plan", &self.meta.short.en),
                        ("start", &crate::i18n::format_month(Lang::En, start)),
                    ],
                ),
            );
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

/// Checks the agencies a plan declares and returns the registry with them, or none when the
/// plan declares none. An agency whose id or names the registry already has is a problem: the
/// plan would otherwise change what a name in a form means.
fn declared_agencies(
    declared: &[PlanAgency],
    problems: &mut Vec<Text>,
) -> Option<std::sync::Arc<Registry>> {
    if declared.is_empty() {
        return None;
    }
    let base = Registry::builtin();
    let mut extra = Vec::new();
    let mut ids = BTreeSet::new();
    for a in declared {
        let names = [&a.acronym.es, &a.acronym.en, &a.name.es, &a.name.en];
        let clash = std::iter::once(&a.id)
            .chain(names)
            .chain(&a.aliases)
            .find(|n| base.agency(n).is_some() || base.agency_by_id(n).is_some());
        if let Some(name) = clash {
            problems.push(Text::tr(
                "plan.agency-known",
                &[("id", &a.id), ("name", name)],
            ));
        }
        let id_ok = !a.id.is_empty()
            && a.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok || !ids.insert(a.id.clone()) {
            problems.push(Text::tr("plan.agency-id", &[("id", &a.id)]));
        }
        extra.push(reference::Agency {
            id: a.id.clone(),
            member: a.member,
            acronym: a.acronym.clone(),
            name: a.name.clone(),
            aliases: a.aliases.clone(),
            note: None,
            pseudo: false,
        });
    }
    Some(std::sync::Arc::new(base.with_agencies(extra)))
}

/// Joins words for a sentence: "a", "a o b", "a, b o c" (`joiner` is `word.or` or `word.and`).
pub fn join_words(lang: Lang, items: &[String], joiner: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => {
            // Spanish writes "u" for "o" and "e" for "y" before the same sound ("ACNUR u OIT").
            let folded = crate::text::fold(last);
            let word = match (lang, joiner) {
                (Lang::Es, "word.or") if folded.starts_with('o') || folded.starts_with("ho") => {
                    "u".to_string()
                }
                (Lang::Es, "word.and") if folded.starts_with('i') || folded.starts_with("hi") => {
                    "e".to_string()
                }
                _ => tr(lang, joiner, &[]),
            };
            format!("{} {word} {last}", rest.join(", "))
        }
    }
}

/// Returns the numbers of a priority code as the code pattern writes them (`1`, `1.2`).
fn numbers_text(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// Reads the plan file of `inputs` as written, from the TOML file or the workbook.
fn read_file(inputs: &Path) -> Result<PlanFile> {
    let path = inputs.join(PLAN_FILE);
    let book = inputs.join(workbook::PLAN_WORKBOOK);
    let has_book = book.symlink_metadata().is_ok();
    if has_book && path.symlink_metadata().is_ok() {
        let dir = path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        return Err(Error::new("error.plan-both", &[("dir", &dir)]).hint("hint.plan-both", &[]));
    }
    if has_book {
        let bytes = std::fs::read(&book).map_err(|e| {
            Error::new("error.plan-book-unreadable", &[("path", &book.display())])
                .cause(e)
                .hint("hint.plan-book-unreadable", &[])
        })?;
        return workbook::read(&bytes, &book.display().to_string());
    }
    let src = std::fs::read_to_string(&path).map_err(|e| {
        Error::new("error.plan-missing", &[("path", &path.display())])
            .cause(e)
            .hint("hint.plan-missing", &[])
    })?;
    parse_file(&src)
}

/// Parses the text of a plan file, without checking it.
fn parse_file(src: &str) -> Result<PlanFile> {
    toml::from_str(src).map_err(|e| {
        Error::new("error.plan-syntax", &[("path", &PLAN_FILE)])
            .cause(e.to_string().trim())
            .hint("hint.plan-syntax", &[])
    })
}

/// Writes a plan file as TOML.
fn to_toml(file: &PlanFile) -> Result<String> {
    toml::to_string_pretty(file).map_err(|e| {
        Error::new("error.plan-book-write", &[])
            .cause(e)
            .hint("hint.plan-book-write", &[])
    })
}

fn build(file: PlanFile) -> Result<Plan> {
    build_from(file, PLAN_FILE)
}

/// Checks the plan file read from `source` and builds the plan.
fn build_from(file: PlanFile, source: &'static str) -> Result<Plan> {
    let mut review = Review::default();
    let registry = declared_agencies(&file.agencies, &mut review.problems);
    let reference: &Registry = match registry.as_deref() {
        Some(r) => r,
        None => Registry::builtin(),
    };
    let meta = file.plan;
    if meta.end < meta.start {
        review.problem("plan.end-before-start", &[]);
    }
    let group_keys = review.groups(&file.groups);
    let priority_keys = review.priorities(&file.priorities, &file.groups);

    let mut activities = Vec::new();
    let mut keys = std::collections::BTreeMap::new();
    let mut codes = BTreeSet::new();
    let context = ActivityContext {
        file_priorities: &file.priorities,
        priority_keys: &priority_keys,
        groups: &file.groups,
        pattern: file.codes.pattern.as_deref(),
        revisions: &file.revisions,
        reference,
        meta: &meta,
    };
    for a in file.activities {
        if !codes.insert(a.code.clone()) {
            review.problem("plan.duplicate-activity", &[("code", &a.code)]);
            continue;
        }
        let Some(key) = context.check_code(&a.code, &mut review) else {
            continue;
        };
        if keys.insert(key.0, activities.len()).is_some() {
            review.problem("plan.duplicate-activity", &[("code", &a.code)]);
            continue;
        }
        activities.extend(context.activity(a, key.1, &mut review));
    }

    let roles = review.roles(file.roles, &codes, &group_keys);
    let code_examples = review.code_examples(file.codes.examples, &codes, &activities);
    let Review {
        problems,
        mut notes,
    } = review;
    if !problems.is_empty() {
        let mut err = Error::new("error.plan-invalid", &[("path", &source)]);
        err.details = problems;
        return Err(err.hint("hint.plan-invalid", &[]));
    }
    for n in &mut notes {
        n.location.file = Some(source.to_string());
    }
    let revisions = revisions::summaries(&file.revisions, &activities);
    Ok(Plan {
        meta,
        agencies: file.agencies,
        groups: file.groups,
        roles,
        code_examples,
        priorities: file.priorities,
        activities,
        notes,
        keys,
        registry,
        source,
        revisions,
        retired: Vec::new(),
    })
}

/// What checking a plan file found: the problems that stop it, and the notes it carries.
#[derive(Default)]
struct Review {
    /// Each problem, in the user's words; any one of them stops the plan.
    problems: Vec<Text>,
    /// Plan notes (`plan-note` findings) about activities that load.
    notes: Vec<Finding>,
}

impl Review {
    fn problem(&mut self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) {
        self.problems.push(Text::tr(key, args));
    }

    /// Checks the groups (unique keys and prefixes of letters) and returns their keys.
    fn groups(&mut self, groups: &[Group]) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        let mut prefixes = BTreeSet::new();
        for g in groups {
            if !keys.insert(g.key.clone()) {
                self.problem("plan.duplicate-group", &[("group", &g.key)]);
            }
            if !g.prefix.chars().all(|c| c.is_ascii_alphabetic()) {
                self.problem(
                    "plan.bad-prefix",
                    &[("group", &g.key), ("prefix", &g.prefix)],
                );
            }
            if !prefixes.insert(g.prefix.to_uppercase()) {
                self.problem(
                    "plan.duplicate-prefix",
                    &[("group", &g.key), ("prefix", &g.prefix)],
                );
            }
        }
        if groups.is_empty() {
            self.problem("plan.no-groups", &[]);
        }
        keys
    }

    /// Checks the priorities (unique codes, GCM objectives, a known group whose prefix the
    /// code carries) and returns the key of each priority's code, in order.
    fn priorities(&mut self, priorities: &[Priority], groups: &[Group]) -> Vec<Option<CodeKey>> {
        let mut seen = BTreeSet::new();
        let mut keys = Vec::with_capacity(priorities.len());
        for p in priorities {
            if !seen.insert(p.code.clone()) {
                self.problem("plan.duplicate-priority", &[("code", &p.code)]);
            }
            self.objectives(&p.code, &p.objectives);
            let key = activity_code::key(&p.code);
            match (groups.iter().find(|g| g.key == p.group), &key) {
                (None, _) => self.problem(
                    "plan.unknown-group",
                    &[("code", &p.code), ("group", &p.group)],
                ),
                (Some(g), Some(k)) if k.prefix == g.prefix.to_uppercase() => {}
                (Some(g), _) => self.problem(
                    "plan.priority-prefix",
                    &[("code", &p.code), ("group", &g.key), ("prefix", &g.prefix)],
                ),
            }
            keys.push(key);
        }
        keys
    }

    /// Checks that every GCM objective named is one of the 23.
    fn objectives(&mut self, code: &str, objectives: &[u8]) {
        for o in objectives {
            if !(1..=23).contains(o) {
                self.problem("plan.bad-objective", &[("code", &code), ("n", o)]);
            }
        }
    }

    /// Returns the roles, checking that the activities and the group they name exist.
    fn roles(
        &mut self,
        roles: RolesFile,
        codes: &BTreeSet<String>,
        groups: &BTreeSet<String>,
    ) -> Roles {
        let mut named = |code: Option<String>, role: &str| {
            if let Some(code) = &code {
                if !codes.contains(code) {
                    self.problem(
                        "plan.unknown-role-activity",
                        &[("role", &role), ("code", code)],
                    );
                }
            }
            code
        };
        let roles = Roles {
            good_practices: named(roles.good_practices, "good_practices"),
            pledge_monitoring: named(roles.pledge_monitoring, "pledge_monitoring"),
            review_support: roles.review_support,
        };
        if let Some(support) = &roles.review_support {
            if !groups.contains(&support.group) {
                self.problem(
                    "plan.unknown-role-group",
                    &[("role", &"review_support"), ("group", &support.group)],
                );
            }
        }
        roles
    }

    /// Returns the codes messages quote as examples: the plan's own, which must exist, or
    /// else its first and last activity.
    fn code_examples(
        &mut self,
        examples: Vec<String>,
        codes: &BTreeSet<String>,
        activities: &[Activity],
    ) -> Vec<String> {
        for example in &examples {
            if !codes.contains(example) {
                self.problem(
                    "plan.unknown-role-activity",
                    &[("role", &"codes.examples"), ("code", example)],
                );
            }
        }
        if !examples.is_empty() {
            return examples;
        }
        let mut examples: Vec<String> = [activities.first(), activities.last()]
            .into_iter()
            .flatten()
            .map(|a| a.code.clone())
            .collect();
        examples.dedup();
        examples
    }
}

/// What checking one activity of a plan file reads besides the activity itself.
struct ActivityContext<'a> {
    file_priorities: &'a [Priority],
    priority_keys: &'a [Option<CodeKey>],
    groups: &'a [Group],
    pattern: Option<&'a str>,
    revisions: &'a [revisions::Revision],
    reference: &'a Registry,
    meta: &'a PlanMeta,
}

impl<'a> ActivityContext<'a> {
    /// Checks an activity's code: its shape, a priority it belongs to, and the plan's code
    /// pattern. Returns its key and its priority.
    fn check_code(&self, code: &str, review: &mut Review) -> Option<(CodeKey, &'a Priority)> {
        let Some(key) = activity_code::key(code).filter(|k| k.numbers.len() >= 2) else {
            review.problem("plan.bad-code", &[("code", &code)]);
            return None;
        };
        let parent = CodeKey {
            prefix: key.prefix.clone(),
            numbers: key.numbers[..key.numbers.len() - 1].to_vec(),
        };
        let Some(priority) = self
            .file_priorities
            .iter()
            .zip(self.priority_keys)
            .find(|(_, k)| k.as_ref() == Some(&parent))
            .map(|(p, _)| p)
        else {
            review.problem("plan.no-priority", &[("code", &code)]);
            return None;
        };
        if let (Some(pattern), Some(group)) = (
            self.pattern,
            self.groups.iter().find(|g| g.key == priority.group),
        ) {
            let want = pattern
                .replace("{prefix}", &group.prefix)
                .replace("{priority}", &numbers_text(&parent.numbers))
                .replace(
                    "{activity}",
                    &key.numbers[key.numbers.len() - 1].to_string(),
                );
            if want != code {
                review.problem(
                    "plan.code-pattern",
                    &[("code", &code), ("pattern", &pattern), ("want", &want)],
                );
            }
        }
        Some((key, priority))
    }

    /// Returns the agency ids of the names an activity gives for a role; a name no registry
    /// knows is a problem, an agency outside the Network a note (`note_key`).
    fn agencies(
        &self,
        code: &str,
        names: &[String],
        note_key: &str,
        review: &mut Review,
    ) -> Vec<String> {
        let mut ids = Vec::new();
        for name in names {
            match self.reference.agency(name) {
                Some(agency) => {
                    if !agency.member && !agency.pseudo {
                        review
                            .notes
                            .push(plan_note(code, note_key, &[("agency", name)]));
                    }
                    if !ids.contains(&agency.id) {
                        ids.push(agency.id.clone());
                    }
                }
                None => review.problem("plan.unknown-agency", &[("code", &code), ("agency", name)]),
            }
        }
        ids
    }

    /// Reads a calendar; one that cannot be read is a problem.
    fn calendar(
        &self,
        code: &str,
        text: &str,
        review: &mut Review,
    ) -> Option<schedule::ParsedSchedule> {
        match schedule::parse(text) {
            Ok(p) => Some(p),
            Err(e) => {
                review
                    .problems
                    .push(bad_calendar(code, text, &e, self.meta));
                None
            }
        }
    }

    /// Checks an English calendar, which must read too when it is given.
    fn calendar_en(&self, code: &str, text: &str, review: &mut Review) {
        if !text.trim().is_empty() {
            self.calendar(code, text, review);
        }
    }

    /// Builds one activity of its priority, or none when its calendar cannot be read.
    fn activity(
        &self,
        a: ActivityFile,
        priority: &Priority,
        review: &mut Review,
    ) -> Option<Activity> {
        let lead = self.agencies(&a.code, &a.lead, "plan.non-member-lead", review);
        let support = self.agencies(&a.code, &a.support, "plan.non-member-support", review);
        let change_leads: Vec<Option<Vec<String>>> = a
            .changes
            .iter()
            .map(|c| {
                c.lead
                    .as_ref()
                    .map(|l| self.agencies(&a.code, l, "plan.non-member-lead", review))
            })
            .collect();
        if lead.is_empty() {
            let key = if a.irregularities.iter().any(|i| i == "lead-per-message") {
                "plan.lead-per-message"
            } else if a.lead_text.es.trim().is_empty() {
                "plan.no-lead-named"
            } else {
                "plan.no-lead"
            };
            review
                .notes
                .push(plan_note(&a.code, key, &[("text", &a.lead_text.es)]));
        }
        let parsed = self.calendar(&a.code, &a.calendar, review)?;
        self.calendar_en(&a.code, &a.calendar_en, review);
        let changes = self.changes(&a, change_leads, review);
        self.revision_months(&a, review);
        Some(Activity {
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
            schedule: schedule_entry(a.calendar, a.calendar_en, parsed, self.meta),
            added: a.added,
            dropped: a.dropped,
            changes,
            irregularities: a.irregularities,
            notes: a.notes,
        })
    }

    /// Builds an activity's mid-term changes, with the leads already resolved.
    fn changes(
        &self,
        a: &ActivityFile,
        leads: Vec<Option<Vec<String>>>,
        review: &mut Review,
    ) -> Vec<revisions::Change> {
        a.changes
            .iter()
            .zip(leads)
            .map(|(c, lead)| {
                let schedule = c.calendar.as_ref().and_then(|text| {
                    let parsed = self.calendar(&a.code, text, review)?;
                    let en = c.calendar_en.clone().unwrap_or_default();
                    self.calendar_en(&a.code, &en, review);
                    Some(schedule_entry(text.clone(), en, parsed, self.meta))
                });
                review.objectives(&a.code, c.objectives.as_deref().unwrap_or_default());
                revisions::Change {
                    from: c.from,
                    schedule,
                    lead,
                    lead_text: c.lead_text.clone(),
                    objectives: c.objectives.clone(),
                }
            })
            .collect()
    }

    /// Checks that every month an activity is added, dropped or changed is a declared
    /// revision, and that it is not dropped before it is added.
    fn revision_months(&self, a: &ActivityFile, review: &mut Review) {
        let months = a
            .added
            .iter()
            .chain(a.dropped.iter())
            .chain(a.changes.iter().map(|c| &c.from));
        for month in months {
            if !self.revisions.iter().any(|r| r.month == *month) {
                review.problem(
                    "plan.revision-unknown",
                    &[("code", &a.code), ("month", month)],
                );
            }
        }
        if let (Some(added), Some(dropped)) = (a.added, a.dropped) {
            if dropped <= added {
                review.problem("plan.dropped-before-added", &[("code", &a.code)]);
            }
        }
    }
}

/// A calendar as written and what it means over the plan's period.
fn schedule_entry(
    text: String,
    text_en: String,
    parsed: schedule::ParsedSchedule,
    meta: &PlanMeta,
) -> ScheduleEntry {
    let (window_start, window_end) = parsed.schedule.window(meta.start, meta.end);
    let occurrences = parsed.schedule.windows(meta.start, meta.end);
    ScheduleEntry {
        text,
        text_en,
        continuous: parsed.schedule.is_continuous(),
        tentative: parsed.tentative,
        parsed: parsed.schedule,
        note: parsed.note,
        window_start,
        window_end,
        occurrences,
    }
}

/// The plan's error for a calendar it cannot read: the phrase, what stopped it, the forms read
/// (their examples in the plan's own years).
fn bad_calendar(code: &str, calendar: &str, e: &schedule::ScheduleError, meta: &PlanMeta) -> Text {
    let reason = e.text();
    let (y1, y2) = (meta.start.year, meta.start.year + 1);
    let msg = |lang: Lang| {
        tr(
            lang,
            "plan.bad-calendar",
            &[
                ("code", &code),
                ("calendar", &calendar),
                ("reason", &reason.get(lang)),
                (
                    "forms",
                    &tr(lang, "schedule.forms", &[("y1", &y1), ("y2", &y2)]),
                ),
            ],
        )
    };
    Text::new(msg(Lang::Es), msg(Lang::En))
}

/// Builds an info finding about the plan, its detail from string-table key `key`.
fn plan_note(code: &str, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> Finding {
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
