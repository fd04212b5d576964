//! The checks a plan file goes through before it becomes a [`Plan`]: unique groups, priorities
//! and codes, codes of the plan's shape, agencies a registry knows, calendars that read, months
//! that are declared revisions. A problem stops the plan with every problem listed; what does
//! not stop it becomes a plan note (`plan-note` finding).

use std::collections::BTreeSet;

use super::file::{ActivityFile, PlanFile, RolesFile, PLAN_FILE};
use super::model::{
    irregularity_key, Activity, Change, Group, Plan, PlanAgency, PlanMeta, Priority, Roles,
    ScheduleEntry, IRREGULARITIES,
};
use super::registry::Registry;
use super::revisions::{self, Revision};
use super::schedule::{self, Bound, ParsedSchedule, Schedule, ScheduleError, Window};
use crate::activity_code::{self, CodeKey};
use crate::error::{Error, Result};
use crate::findings::{Code, Finding, Location};
use crate::i18n::{tr, Lang, Text};
use crate::reference;

/// Checks a plan file read from [`PLAN_FILE`] and builds the plan.
pub(super) fn build(file: PlanFile) -> Result<Plan> {
    build_from(file, PLAN_FILE)
}

/// Checks the plan file read from `source` and builds the plan.
pub(super) fn build_from(file: PlanFile, source: &'static str) -> Result<Plan> {
    let mut review = Review::default();
    let file_texts = file.clone();
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
    let missing_texts = missing_in_each_language(&file_texts);
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
        missing_texts,
    })
}

/// The texts missing in each language the code knows.
fn missing_in_each_language(file: &PlanFile) -> Vec<(Lang, Vec<String>)> {
    Lang::ALL
        .into_iter()
        .map(|lang| (lang, missing_texts(file, lang)))
        .filter(|(_, places)| !places.is_empty())
        .collect()
}

impl Plan {
    /// Adds a plan note for each of `langs`, the languages of a run, in which some of the
    /// plan's texts are missing: `plan` says so, and a run that writes in it stops
    /// ([`Plan::require_languages`]). A language no run asks for is no note.
    pub fn note_missing_languages(&mut self, langs: &[Lang]) {
        for (lang, places) in &self.missing_texts {
            if !langs.contains(lang) {
                continue;
            }
            // Not about one activity: the message is the note's whole text.
            let mut note = Finding::new(Code::PlanNote, Location::file(self.source), &[]);
            note.message = Text::tr(
                "plan.texts-missing",
                &[
                    ("language", &lang.code()),
                    ("count", &places.len()),
                    ("places", &shorten(places)),
                ],
            );
            self.notes.push(note);
        }
    }
}

/// Lists at most eight places, then how many more.
pub(super) fn shorten(places: &[String]) -> String {
    let mut shown: Vec<&str> = places.iter().take(8).map(String::as_str).collect();
    let more = places.len().saturating_sub(8);
    let rest = format!("… (+{more})");
    if more > 0 {
        shown.push(&rest);
    }
    shown.join(", ")
}

/// The texts of a plan file written in some language but not in `lang`, each by its place in
/// the file (`activities[B1.1].title`), in file order. A text empty in every language it has
/// is not missing.
pub(super) fn missing_texts(file: &PlanFile, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut see = |place: String, t: &Text| {
        if t.own(lang).is_none() && t.versions().any(|(_, s)| !s.trim().is_empty()) {
            out.push(place);
        }
    };
    let m = &file.plan;
    for (field, t) in [
        ("title", &m.title),
        ("subtitle", &m.subtitle),
        ("short", &m.short),
        ("network", &m.network),
        ("co_leads_text", &m.co_leads_text),
        ("review_note", &m.review_note),
    ] {
        see(format!("plan.{field}"), t);
    }
    for s in &m.sections {
        see(format!("plan.sections[{}].heading", s.key), &s.heading);
        for (i, p) in s.paragraphs.iter().enumerate() {
            see(format!("plan.sections[{}].paragraphs[{}]", s.key, i + 1), p);
        }
    }
    for f in &m.footnotes {
        see(format!("plan.footnotes[{}].text", f.number), &f.text);
    }
    for (i, src) in m.sources.iter().enumerate() {
        see(format!("plan.sources[{}].title", i + 1), &src.title);
    }
    for g in &file.groups {
        see(format!("groups[{}].name", g.key), &g.name);
        see(format!("groups[{}].intro", g.key), &g.intro);
    }
    if let Some(r) = &file.roles.review_support {
        see("roles.review_support.heading".into(), &r.heading);
        see("roles.review_support.intro".into(), &r.intro);
    }
    for p in &file.priorities {
        see(format!("priorities[{}].title", p.code), &p.title);
        see(format!("priorities[{}].short", p.code), &p.short);
    }
    for a in &file.activities {
        let at = |field: &str| format!("activities[{}].{field}", a.code);
        see(at("title"), &a.title);
        for (i, t) in a.details.iter().enumerate() {
            see(at(&format!("details[{}]", i + 1)), t);
        }
        for (i, t) in a.references.iter().enumerate() {
            see(at(&format!("references[{}]", i + 1)), t);
        }
        see(at("lead_text"), &a.lead_text);
        see(at("support_text"), &a.support_text);
        for (i, t) in a.notes.iter().enumerate() {
            see(at(&format!("notes[{}]", i + 1)), t);
        }
        // The calendar is written in the working language, its English version beside it:
        // seen as one text whose English version is `calendar_en`.
        if lang == Lang::En && a.calendar_en.trim().is_empty() {
            see(
                at("calendar_en"),
                &Text::of(&[(Lang::WORKING, a.calendar.as_str())]),
            );
        }
    }
    out
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
        let names = a
            .acronym
            .versions()
            .chain(a.name.versions())
            .map(|(_, n)| n);
        let clash = std::iter::once(a.id.as_str())
            .chain(names)
            .chain(a.aliases.iter().map(String::as_str))
            .find(|n| base.agency(n).is_some() || base.agency_by_id(n).is_some());
        if let Some(name) = clash {
            problems.push(Text::tr(
                "plan.agency-known",
                &[("id", &a.id), ("name", &name)],
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

/// Returns the numbers of a priority code as the code pattern writes them (`1`, `1.2`).
fn numbers_text(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
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
    /// Records a problem from string-table key `key`.
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
    revisions: &'a [Revision],
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

    /// Reads a calendar; one that cannot be read is a problem, one read with an assumption (a
    /// fuzzy time, the plan's year) a note.
    fn calendar(&self, code: &str, text: &str, review: &mut Review) -> Option<ParsedSchedule> {
        let plan = schedule::Context {
            start: self.meta.start,
            end: self.meta.end,
        };
        match schedule::parse(text, &plan) {
            Ok(p) => {
                for reading in &p.readings {
                    review.notes.push(plan_note_text(code, reading.text(text)));
                }
                Some(p)
            }
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
            // Its readings are the Spanish calendar's, noted once.
            let mut own = Review::default();
            self.calendar(code, text, &mut own);
            review.problems.extend(own.problems);
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
        for name in a
            .irregularities
            .iter()
            .filter(|i| irregularity_key(i).is_none())
        {
            let known: Vec<&str> = IRREGULARITIES.iter().map(|(n, _)| *n).collect();
            review.problem(
                "plan.irregularity-unknown",
                &[
                    ("code", &a.code),
                    ("name", name),
                    ("known", &known.join(", ")),
                ],
            );
        }
        if lead.is_empty() {
            let key = if a.irregularities.iter().any(|i| i == "lead-per-message") {
                "plan.lead-per-message"
            } else if a.lead_text.get(Lang::WORKING).trim().is_empty() {
                "plan.no-lead-named"
            } else {
                "plan.no-lead"
            };
            review.notes.push(plan_note(
                &a.code,
                key,
                &[("text", &a.lead_text.get(Lang::WORKING))],
            ));
        }
        let parsed = self.calendar(&a.code, &a.calendar, review);
        self.calendar_en(&a.code, &a.calendar_en, review);
        let dates = self.dates(&a.code, a.start.as_deref(), a.end.as_deref(), review);
        let (parsed, (start, end)) = (parsed?, dates?);
        let changes = self.changes(&a, change_leads, review);
        self.revision_months(&a, review);
        let schedule = self.entry(
            &a.code,
            a.calendar,
            a.calendar_en,
            parsed,
            (start, end),
            review,
        );
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
            schedule,
            added: a.added,
            dropped: a.dropped,
            changes,
            irregularities: a.irregularities,
            notes: a.notes,
        })
    }

    /// Reads an activity's start and end, given as written; one that cannot be read, or a
    /// start after the end, is a problem (then `None`), a date outside the plan's period a note.
    fn dates(
        &self,
        code: &str,
        start: Option<&str>,
        end: Option<&str>,
        review: &mut Review,
    ) -> Option<(Option<Bound>, Option<Bound>)> {
        let order = self.meta.date_order.unwrap_or_default();
        let mut ok = true;
        let mut read = |text: Option<&str>, key: &str, review: &mut Review| {
            let text = text.filter(|t| !t.trim().is_empty())?;
            match schedule::bounds::read(text, order) {
                Ok(b) => Some(b),
                Err(e) => {
                    let reason = e.text(text, order);
                    review.problems.push(Text::from_fn(|lang| {
                        tr(lang, key, &[("code", &code), ("reason", &reason.get(lang))])
                    }));
                    ok = false;
                    None
                }
            }
        };
        let start = read(start, "plan.bad-start", review);
        let end = read(end, "plan.bad-end", review);
        if !ok {
            return None;
        }
        if let (Some(s), Some(e)) = (start, end) {
            if s.first_day() > e.last_day() {
                review.problems.push(Text::from_fn(|lang| {
                    tr(
                        lang,
                        "plan.dates.backwards",
                        &[
                            ("code", &code),
                            ("start", &s.text(lang)),
                            ("end", &e.text(lang)),
                        ],
                    )
                }));
                return None;
            }
        }
        let (first, last) = (self.meta.start.first_day(), self.meta.end.last_day());
        for (bound, key) in [
            (start, "plan.dates.start-outside"),
            (end, "plan.dates.end-outside"),
        ] {
            let Some(b) = bound else { continue };
            if b.last_day() < first || b.first_day() > last {
                let period = Window {
                    start: first,
                    end: last,
                };
                review.notes.push(plan_note_text(
                    code,
                    Text::from_fn(|lang| {
                        tr(
                            lang,
                            key,
                            &[("date", &b.text(lang)), ("period", &period.text(lang))],
                        )
                    }),
                ));
            }
        }
        Some((start, end))
    }

    /// Builds a calendar entry from its phrase and its dates; when the phrase's window and the
    /// dates' differ, a note names both.
    fn entry(
        &self,
        code: &str,
        text: String,
        text_en: String,
        parsed: ParsedSchedule,
        (start, end): (Option<Bound>, Option<Bound>),
        review: &mut Review,
    ) -> ScheduleEntry {
        let entry = schedule_entry(text, text_en, parsed, start, end, self.meta);
        let phrase = &entry.phrase;
        if (start.is_some() || end.is_some()) && *phrase != Schedule::None {
            let (s, e) = phrase.window(self.meta.start, self.meta.end);
            let said = Window { start: s, end: e };
            let dates = Window {
                start: entry.window_start,
                end: entry.window_end,
            };
            if said != dates {
                // The phrase in the note's language, as `Activity::calendar` gives it.
                let calendar = |lang: Lang| match lang {
                    Lang::En if !entry.text_en.trim().is_empty() => entry.text_en.as_str(),
                    _ => entry.text.as_str(),
                };
                review.notes.push(plan_note_text(
                    code,
                    Text::from_fn(|lang| {
                        tr(
                            lang,
                            "plan.dates.differ",
                            &[
                                ("calendar", &calendar(lang)),
                                ("phrase", &said.text(lang)),
                                ("dates", &dates.text(lang)),
                            ],
                        )
                    }),
                ));
            }
        }
        entry
    }

    /// Builds an activity's mid-term changes, with the leads already resolved. A change that
    /// gives a calendar gives the whole of it: the phrase, its English, and the dates it names
    /// (none when it names none); a change that gives only dates keeps the phrase in force and
    /// the date it does not name (`""` removes one).
    fn changes(
        &self,
        a: &ActivityFile,
        leads: Vec<Option<Vec<String>>>,
        review: &mut Review,
    ) -> Vec<Change> {
        let mut phrase = (a.calendar.clone(), a.calendar_en.clone());
        let mut dates = (a.start.clone(), a.end.clone());
        a.changes
            .iter()
            .zip(leads)
            .map(|(c, lead)| {
                let dated = c.start.is_some() || c.end.is_some();
                let schedule = if c.calendar.is_some() || dated {
                    // What the change carries over was checked with the activity or an earlier
                    // change: its problems and notes are not raised again.
                    let mut carried = Review::default();
                    let parsed = match &c.calendar {
                        Some(text) => {
                            phrase = (text.clone(), c.calendar_en.clone().unwrap_or_default());
                            dates = (None, None);
                            let parsed = self.calendar(&a.code, text, review);
                            self.calendar_en(&a.code, &phrase.1, review);
                            parsed
                        }
                        None => self.calendar(&a.code, &phrase.0, &mut carried),
                    };
                    if let Some(s) = &c.start {
                        dates.0 = Some(s.clone());
                    }
                    if let Some(e) = &c.end {
                        dates.1 = Some(e.clone());
                    }
                    let read = self.dates(
                        &a.code,
                        dates.0.as_deref(),
                        dates.1.as_deref(),
                        if dated { &mut *review } else { &mut carried },
                    );
                    match (parsed, read) {
                        (Some(parsed), Some(bounds)) => Some(self.entry(
                            &a.code,
                            phrase.0.clone(),
                            phrase.1.clone(),
                            parsed,
                            bounds,
                            review,
                        )),
                        _ => None,
                    }
                } else {
                    None
                };
                review.objectives(&a.code, c.objectives.as_deref().unwrap_or_default());
                Change {
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

/// A calendar as written, with its dates, and what it means over the plan's period: the dates
/// govern the windows when there are any (`schedule::bounds::govern`).
fn schedule_entry(
    text: String,
    text_en: String,
    parsed: ParsedSchedule,
    start: Option<Bound>,
    end: Option<Bound>,
    meta: &PlanMeta,
) -> ScheduleEntry {
    let governed = schedule::bounds::govern(&parsed.schedule, start, end, meta.start, meta.end);
    ScheduleEntry {
        text,
        text_en,
        written_in: meta.language(),
        continuous: governed.schedule.is_continuous(),
        tentative: parsed.tentative,
        parsed: governed.schedule,
        phrase: parsed.schedule,
        note: parsed.note,
        window_start: governed.window.start,
        window_end: governed.window.end,
        occurrences: governed.occurrences,
        start,
        end,
    }
}

/// The plan's error for a calendar it cannot read: the phrase, what stopped it, the forms read
/// (their examples in the plan's own years).
fn bad_calendar(code: &str, calendar: &str, e: &ScheduleError, meta: &PlanMeta) -> Text {
    let reason = e.text();
    let (y1, y2) = (meta.start.year, meta.start.year + 1);
    // The second year in two digits, as in "2025-26".
    let y2s = format!("{:02}", y2.rem_euclid(100));
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
                    &tr(
                        lang,
                        "schedule.forms",
                        &[("y1", &y1), ("y2", &y2), ("y2s", &y2s)],
                    ),
                ),
            ],
        )
    };
    Text::from_fn(msg)
}

/// Builds an info finding about the plan with its detail in both languages.
fn plan_note_text(code: &str, detail: Text) -> Finding {
    let mut f = Finding::new(Code::PlanNote, Location::file(PLAN_FILE), &[]).with_activity(code);
    let msg = |lang| {
        tr(
            lang,
            "finding.plan-note",
            &[("activity", &code), ("detail", &detail.get(lang))],
        )
    };
    f.message = Text::from_fn(msg);
    f
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
    f.message = Text::from_fn(msg);
    f
}
