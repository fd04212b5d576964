//! The plan's revisions: the plan as it stood in any month.
//!
//! A plan is revised part-way (the mid-term review): activities are added from a month,
//! dropped from a month, or have their calendar, leads or objectives changed from a month.
//! The plan file records each revision (`[[revisions]]`: its month, a title, a note) and each
//! activity what changed (`added`, `dropped`, `[[activities.changes]]`). [`Plan::in_force`]
//! gives the plan as it stood in a month, and every stage of a run works on the plan in force
//! at the as-of date: an activity added later is not yet asked for, one dropped earlier is no
//! longer asked for (and a report on it for a month after it was dropped is a
//! `dropped-activity` warning), and a calendar changed from a month keeps, before that month,
//! the occurrences of the calendar it had.

use serde::{Deserialize, Serialize};

use super::model::{Activity, Plan, ScheduleEntry};
use super::schedule::bounds::written_date;

pub use super::model::{Change, RevisionSummary};
use crate::calendar::YearMonth;
use crate::i18n::Text;

/// A revision of the plan, as written in the plan file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// The month it takes effect.
    pub month: YearMonth,
    /// What it is called ("Revisión de mitad de término").
    pub title: Text,
    /// What it changed and why, as the secretariat words it.
    #[serde(default)]
    pub note: Text,
}

/// A change to an activity from a month, as written in the plan file: only what changes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeFile {
    /// The first month the change is in force.
    pub from: YearMonth,
    /// The new calendar, in Spanish as written.
    #[serde(default)]
    pub calendar: Option<String>,
    /// The new calendar in English.
    #[serde(default)]
    pub calendar_en: Option<String>,
    /// The new start (a day or a month); `""` removes it.
    #[serde(default, deserialize_with = "written_date")]
    pub start: Option<String>,
    /// The new end; `""` removes it.
    #[serde(default, deserialize_with = "written_date")]
    pub end: Option<String>,
    /// The new lead agencies.
    #[serde(default)]
    pub lead: Option<Vec<String>>,
    /// The plan's new wording of the lead.
    #[serde(default)]
    pub lead_text: Option<Text>,
    /// The GCM objectives the activity serves from then on.
    #[serde(default)]
    pub objectives: Option<Vec<u8>>,
}

impl Activity {
    /// Returns whether the activity is part of the plan in `month`.
    pub fn in_force(&self, month: YearMonth) -> bool {
        self.added.is_none_or(|a| a <= month) && self.dropped.is_none_or(|d| d > month)
    }

    /// Returns the activity as it stood in `month`: every change from that month or before
    /// applied, in order.
    pub fn as_of(&self, month: YearMonth) -> Activity {
        let mut a = self.clone();
        for change in self.changes.iter().filter(|c| c.from <= month) {
            if let Some(new) = &change.schedule {
                a.schedule = splice(&a.schedule, new, change.from);
            }
            if let Some(lead) = &change.lead {
                a.lead = lead.clone();
            }
            if let Some(text) = &change.lead_text {
                a.lead_text = text.clone();
            }
            if let Some(objectives) = &change.objectives {
                a.objectives = objectives.clone();
            }
        }
        a
    }
}

/// The calendar in force after a change from `from`: the new one, except that a recurring
/// calendar replaced by a recurring one keeps its occurrences that began before `from`.
fn splice(old: &ScheduleEntry, new: &ScheduleEntry, from: YearMonth) -> ScheduleEntry {
    let mut out = new.clone();
    if old.parsed.is_recurring() && new.parsed.is_recurring() {
        let start = from.first_day();
        out.occurrences = old
            .occurrences
            .iter()
            .filter(|w| w.start < start)
            .chain(new.occurrences.iter().filter(|w| w.start >= start))
            .copied()
            .collect();
        out.window_start = old.window_start.min(new.window_start);
    }
    out
}

impl Plan {
    /// Returns the plan as it stood in `month`: only the activities in force then, each with
    /// the changes in force then. Codes of activities dropped by then are still read (their
    /// reports are warned about, not refused as unknown).
    pub fn in_force(&self, month: YearMonth) -> Plan {
        let mut plan = self.clone();
        plan.activities = self
            .activities
            .iter()
            .filter(|a| a.in_force(month))
            .map(|a| a.as_of(month))
            .collect();
        plan.keys = plan
            .activities
            .iter()
            .enumerate()
            .filter_map(|(i, a)| crate::activity_code::key(&a.code).map(|k| (k, i)))
            .collect();
        plan.retired = self
            .activities
            .iter()
            .filter_map(|a| {
                a.dropped
                    .filter(|&d| d <= month)
                    .map(|d| (a.code.clone(), d))
            })
            .collect();
        plan
    }

    /// Returns the month an activity was dropped from the plan, if it was by the month this
    /// plan is in force for.
    pub fn dropped(&self, code: &str) -> Option<YearMonth> {
        self.retired
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, month)| *month)
    }

    /// Returns the revisions in force by `month`: those that took effect then or before.
    pub fn revisions_by(&self, month: YearMonth) -> Vec<&RevisionSummary> {
        self.revisions.iter().filter(|r| r.month <= month).collect()
    }
}

/// Returns what each revision did, in the order of their months, from every activity the plan
/// ever had.
pub fn summaries(revisions: &[Revision], all: &[Activity]) -> Vec<RevisionSummary> {
    let mut out: Vec<RevisionSummary> = revisions
        .iter()
        .map(|r| RevisionSummary {
            month: r.month,
            title: r.title.clone(),
            note: r.note.clone(),
            added: Vec::new(),
            dropped: Vec::new(),
            calendar: Vec::new(),
            leads: Vec::new(),
            objectives: Vec::new(),
        })
        .collect();
    out.sort_by_key(|r| r.month);
    for a in all {
        let find = |out: &mut Vec<RevisionSummary>, month: YearMonth| {
            out.iter().position(|r| r.month == month)
        };
        if let Some(i) = a.added.and_then(|m| find(&mut out, m)) {
            out[i].added.push(a.code.clone());
        }
        if let Some(i) = a.dropped.and_then(|m| find(&mut out, m)) {
            out[i].dropped.push(a.code.clone());
        }
        for c in &a.changes {
            if let Some(i) = find(&mut out, c.from) {
                if c.schedule.is_some() {
                    out[i].calendar.push(a.code.clone());
                }
                if c.lead.is_some() || c.lead_text.is_some() {
                    out[i].leads.push(a.code.clone());
                }
                if c.objectives.is_some() {
                    out[i].objectives.push(a.code.clone());
                }
            }
        }
    }
    out
}

/// Returns what the revisions did to an activity, in words ("Agregada desde marzo de 2024;
/// calendario cambiado desde marzo de 2024"); empty when none did.
pub fn activity_text(a: &Activity, lang: crate::i18n::Lang) -> String {
    use crate::i18n::{format_month, tr};
    let mut parts = Vec::new();
    if let Some(m) = a.added {
        parts.push(tr(
            lang,
            "revision.added-from",
            &[("month", &format_month(lang, m))],
        ));
    }
    if let Some(m) = a.dropped {
        parts.push(tr(
            lang,
            "revision.dropped-from",
            &[("month", &format_month(lang, m))],
        ));
    }
    for c in &a.changes {
        let month = format_month(lang, c.from);
        if c.schedule.is_some() {
            parts.push(tr(lang, "revision.calendar-from", &[("month", &month)]));
        }
        if c.lead.is_some() || c.lead_text.is_some() {
            parts.push(tr(lang, "revision.leads-from", &[("month", &month)]));
        }
        if c.objectives.is_some() {
            parts.push(tr(lang, "revision.objectives-from", &[("month", &month)]));
        }
    }
    parts.join("; ")
}

/// Returns what a revision changed, in a sentence ("Agregadas: T3.3. Quitadas: T3.2.").
pub fn summary_text(r: &RevisionSummary, lang: crate::i18n::Lang) -> String {
    use crate::i18n::tr;
    [
        ("revision.list.added", &r.added),
        ("revision.list.dropped", &r.dropped),
        ("revision.list.calendar", &r.calendar),
        ("revision.list.leads", &r.leads),
        ("revision.list.objectives", &r.objectives),
    ]
    .iter()
    .filter(|(_, codes)| !codes.is_empty())
    .map(|(key, codes)| tr(lang, key, &[("codes", &codes.join(", "))]))
    .collect::<Vec<_>>()
    .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"
[plan]
title = { es = "P", en = "P" }
subtitle = { es = "", en = "" }
short = { es = "plan", en = "plan" }
network = { es = "Red", en = "Network" }
date = "2023-01"
start = "2023-01"
end = "2023-12"
co_leads = ["OIM"]
review_note = { es = "", en = "" }

[[groups]]
key = "core"
name = { es = "Prioridades", en = "Priorities" }
prefix = "P"

[[priorities]]
code = "P1"
group = "core"
title = { es = "T", en = "T" }
short = { es = "T", en = "T" }
objectives = [1]

[[revisions]]
month = "2023-07"
title = { es = "Revisión", en = "Review" }

[[activities]]
code = "P1.1"
title = { es = "Reunión", en = "Meeting" }
lead = ["OIM"]
lead_text = { es = "OIM", en = "IOM" }
calendar = "Febrero, mayo, agosto, noviembre"

[[activities.changes]]
from = "2023-07"
calendar = "Septiembre, diciembre"
lead = ["CEPAL"]
objectives = [2, 3]
"#;

    fn months(a: &Activity) -> Vec<String> {
        a.schedule
            .occurrences
            .iter()
            .map(|w| YearMonth::from_date(w.start).to_string())
            .collect()
    }

    #[test]
    fn a_recurring_calendar_keeps_its_old_occurrences_before_the_change() {
        let plan = Plan::parse(PLAN).unwrap();
        let month = |s: &str| YearMonth::parse_iso(s).unwrap();
        let before = plan.in_force(month("2023-06"));
        assert_eq!(
            months(&before.activities[0]),
            ["2023-02", "2023-05", "2023-08", "2023-11"]
        );
        assert_eq!(before.activities[0].lead, ["iom"]);
        assert_eq!(before.activities[0].objectives, [1]);
        let after = plan.in_force(month("2023-07"));
        let a = &after.activities[0];
        assert_eq!(months(a), ["2023-02", "2023-05", "2023-09", "2023-12"]);
        assert_eq!(a.lead, ["eclac"]);
        assert_eq!(a.objectives, [2, 3]);
        assert_eq!(
            activity_text(a, crate::i18n::Lang::En),
            "calendar changed from July 2023; leads changed from July 2023; objectives changed from July 2023"
        );
    }

    #[test]
    fn a_change_of_calendar_drops_the_dates_and_a_change_of_dates_keeps_the_phrase() {
        let src = PLAN
            .replace(
                "calendar = \"Febrero, mayo, agosto, noviembre\"",
                "calendar = \"Marzo 2023\"\nstart = \"2023-03-10\"\nend = \"2023-03-20\"",
            )
            .replace(
                "calendar = \"Septiembre, diciembre\"",
                "calendar = \"Septiembre 2023\"",
            );
        let plan = Plan::parse(&src).unwrap();
        let month = |s: &str| YearMonth::parse_iso(s).unwrap();
        let window = |p: &Plan| {
            let s = &p.activities[0].schedule;
            (s.window_start.to_string(), s.window_end.to_string())
        };
        assert_eq!(
            window(&plan.in_force(month("2023-06"))),
            ("2023-03-10".into(), "2023-03-20".into())
        );
        // The new phrase comes without dates: it governs.
        assert_eq!(
            window(&plan.in_force(month("2023-07"))),
            ("2023-09-01".into(), "2023-09-30".into())
        );
        assert_eq!(
            plan.in_force(month("2023-07")).activities[0].schedule.start,
            None
        );

        // A change of the end alone keeps the phrase and the start; "" removes a date.
        let src = PLAN
            .replace(
                "calendar = \"Febrero, mayo, agosto, noviembre\"",
                "calendar = \"Marzo 2023\"\nstart = \"2023-03-10\"\nend = \"2023-03-20\"",
            )
            .replace("calendar = \"Septiembre, diciembre\"", "end = \"2023-08\"");
        let plan = Plan::parse(&src).unwrap();
        let after = plan.in_force(month("2023-07"));
        assert_eq!(window(&after), ("2023-03-10".into(), "2023-08-31".into()));
        assert_eq!(after.activities[0].schedule.text, "Marzo 2023");
        assert_eq!(plan.revisions[0].calendar, ["P1.1"]);
        let src = src.replace("end = \"2023-08\"", "start = \"\"\nend = \"2023-08\"");
        let plan = Plan::parse(&src).unwrap();
        let after = plan.in_force(month("2023-07"));
        // No start: a deadline from the plan's first day.
        assert_eq!(window(&after), ("2023-01-01".into(), "2023-08-31".into()));
    }

    #[test]
    fn a_change_in_a_month_no_revision_has_is_refused() {
        let src = PLAN.replace("from = \"2023-07\"", "from = \"2023-08\"");
        let e = Plan::parse(&src).unwrap_err();
        let text = e.render(crate::i18n::Lang::En);
        assert!(text.contains("P1.1 changes in 2023-08"), "{text}");
    }
}
