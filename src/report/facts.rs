//! The figures a narrative stands on: for each document, the facts of the quarter that its
//! draft (`seguimiento narrative`) writes as sentences, each by a name. The draft records them
//! (a document property in Word, a comment line in Markdown); a later run computes them again,
//! and a figure that changed is a `narrative-figures-changed` warning, so that a paragraph
//! never contradicts the table beside it unnoticed (docs/inputs.md, "Narrative").
//!
//! A figure is a count or a list of codes, written as text. Names are stable across versions;
//! a name recorded that a run no longer computes (a priority dropped) is named as such.

use std::collections::BTreeSet;

use crate::findings::{Code, Finding, Location};
use crate::i18n::{tr, Lang};
use crate::model::{ActivityStatus, PledgeStatus, Status, Term};
use crate::narrative::FIGURES_PROPERTY;

use super::{ObjectiveData, ReportData};

pub use crate::narrative::Figures;

/// The figures `document`'s draft states (`progress-report`, `pledge-summary`,
/// `regional-review`).
pub fn figures(report: &ReportData, document: &str) -> Figures {
    let mut out = Figures::new();
    match document {
        "progress-report" => progress(report, &mut out),
        "pledge-summary" => pledges(report, &mut out),
        _ => review(report, &mut out),
    }
    out
}

fn put(out: &mut Figures, name: impl Into<String>, value: impl ToString) {
    out.push((name.into(), value.to_string()));
}

fn list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    items
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The activities completed this quarter (completed now, not at the end of the last one).
pub fn completed_this_quarter(report: &ReportData) -> Vec<&str> {
    let completed = ActivityStatus::from(Status::Completed);
    report
        .activities
        .list
        .iter()
        .filter(|a| a.status == completed && a.previous_status != completed)
        .map(|a| a.code.as_str())
        .collect()
}

/// The activities still to finish: neither completed nor cancelled.
pub fn open(report: &ReportData) -> Vec<&str> {
    report
        .activities
        .list
        .iter()
        .filter(|a| !a.status.0.is_some_and(Status::is_closed))
        .map(|a| a.code.as_str())
        .collect()
}

/// The activities whose status or progress changed since the previous quarter.
pub fn changed(report: &ReportData, codes: Option<&[String]>) -> Vec<String> {
    report
        .activities
        .list
        .iter()
        .filter(|a| a.changed && codes.is_none_or(|c| c.contains(&a.code)))
        .map(|a| a.code.clone())
        .collect()
}

fn progress(report: &ReportData, out: &mut Figures) {
    let a = &report.activities;
    put(out, "activities", a.total);
    for (status, n) in &a.by_status {
        put(out, format!("status.{}", status.key()), n);
    }
    put(
        out,
        "completed-this-quarter",
        list(completed_this_quarter(report)),
    );
    put(out, "changed", list(changed(report, None)));
    put(out, "overdue", list(&a.overdue));
    put(out, "missing-reports", list(&a.missing_reports));
    put(out, "occurrences-missing", a.missing_occurrences.len());
    put(out, "open", list(open(report)));
    for p in &report.priorities {
        let at = format!("priority.{}", p.code);
        put(out, format!("{at}.activities"), p.activities.len());
        for (status, n) in &p.by_status {
            put(out, format!("{at}.status.{}", status.key()), n);
        }
        put(
            out,
            format!("{at}.changed"),
            list(changed(report, Some(&p.activities))),
        );
    }
}

/// The objectives no pledge names.
pub fn objectives_without_pledges(report: &ReportData) -> Vec<u8> {
    report
        .objectives
        .iter()
        .filter(|o| o.pledges_total == 0)
        .map(|o| o.number)
        .collect()
}

/// The objectives neither an activity nor a pledge serves.
pub fn objectives_without(report: &ReportData) -> Vec<u8> {
    report
        .objectives
        .iter()
        .filter(|o| o.pledges_total == 0 && o.activities.is_empty())
        .map(|o| o.number)
        .collect()
}

fn pledges(report: &ReportData, out: &mut Figures) {
    let p = &report.pledges;
    put(out, "pledges", p.total);
    for (status, n) in &p.by_status {
        put(out, format!("pledge-status.{}", status.key()), n);
    }
    put(out, "updated", p.updated_this_quarter);
    put(out, "new", p.new_this_quarter);
    put(out, "status-changed", p.changed);
    put(
        out,
        "objectives-without-pledges",
        list(objectives_without_pledges(report).iter().map(u8::to_string)),
    );
}

/// What serves a set of objectives: its activities, its pledges, and those fulfilled, each
/// counted once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    /// Plan activities serving any of them.
    pub activities: usize,
    /// Pledges naming any of them.
    pub pledges: usize,
    /// Of those pledges, the fulfilled ones.
    pub fulfilled: usize,
}

/// What serves `objectives`.
pub fn served(report: &ReportData, objectives: &[&ObjectiveData]) -> Served {
    let activities: BTreeSet<&str> = objectives
        .iter()
        .flat_map(|o| o.activities.iter().map(String::as_str))
        .collect();
    let pledges: BTreeSet<&str> = objectives
        .iter()
        .flat_map(|o| o.pledge_ids.iter().map(String::as_str))
        .collect();
    let fulfilled = report
        .pledges
        .list
        .iter()
        .filter(|p| p.status == PledgeStatus::Fulfilled && pledges.contains(p.id.as_str()))
        .count();
    Served {
        activities: activities.len(),
        pledges: pledges.len(),
        fulfilled,
    }
}

/// The round tables the Regional Review input groups objectives under, in its order (1 to 4,
/// then any other), each with its objectives; none when it lists objectives one by one.
pub fn round_tables(report: &ReportData) -> Vec<(u8, Vec<&ObjectiveData>)> {
    if !report.meta.group_by_round_table {
        return Vec::new();
    }
    let mut numbers: Vec<u8> = vec![1, 2, 3, 4];
    let mut extra: Vec<u8> = report
        .objectives
        .iter()
        .filter_map(|o| o.round_table)
        .filter(|n| !numbers.contains(n))
        .collect();
    extra.sort_unstable();
    extra.dedup();
    numbers.extend(extra);
    numbers
        .into_iter()
        .map(|n| {
            let members: Vec<&ObjectiveData> = report
                .objectives
                .iter()
                .filter(|o| o.round_table == Some(n))
                .collect();
            (n, members)
        })
        .filter(|(_, members)| !members.is_empty())
        .collect()
}

fn review(report: &ReportData, out: &mut Figures) {
    let by = |s: Status| report.activities.by_status[&ActivityStatus::from(s)];
    put(out, "activities", report.activities.total);
    put(out, "status.completed", by(Status::Completed));
    put(out, "pledges", report.pledges.total);
    put(
        out,
        "pledge-status.fulfilled",
        report.pledges.by_status[&PledgeStatus::Fulfilled],
    );
    put(out, "objectives-covered", report.objectives_covered);
    put(
        out,
        "objectives-without",
        list(objectives_without(report).iter().map(u8::to_string)),
    );
    put(out, "overdue", list(&report.activities.overdue));
    put(out, "not-updated", report.pledges.not_updated);
    let mut scoped = |at: String, s: Served| {
        put(out, format!("{at}.activities"), s.activities);
        put(out, format!("{at}.pledges"), s.pledges);
        put(out, format!("{at}.fulfilled"), s.fulfilled);
    };
    let tables = round_tables(report);
    if report.meta.group_by_round_table {
        for (n, members) in &tables {
            scoped(format!("round-table.{n}"), served(report, members));
        }
    } else {
        for o in &report.objectives {
            scoped(format!("objective.{}", o.number), served(report, &[o]));
        }
    }
}

/// The figures recorded that a run computes otherwise: (name, recorded, now), in the order
/// they were recorded. A figure the run no longer computes (a priority dropped) is `now`
/// empty; one it did not record is passed over.
pub fn compare(recorded: &Figures, now: &Figures) -> Vec<(String, String, Option<String>)> {
    recorded
        .iter()
        .filter_map(|(k, old)| {
            let new = now.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
            (new.as_deref() != Some(old.as_str())).then(|| (k.clone(), old.clone(), new))
        })
        .collect()
}

/// A figure's name in `lang`, for messages ("actividades vencidas", "Prioridad B1:
/// actividades con estado «Completada»").
pub fn label(lang: Lang, name: &str) -> String {
    let scoped = |scope: String, rest: &str| {
        let figure = match rest {
            "activities" => tr(lang, "narrative.figure.scoped-activities", &[]),
            "pledges" => tr(lang, "narrative.figure.scoped-pledges", &[]),
            "fulfilled" => status_label(lang, "pledge-status.fulfilled"),
            _ => plain(lang, rest),
        };
        tr(
            lang,
            "narrative.figure.in-section",
            &[("section", &scope), ("figure", &figure)],
        )
    };
    for (prefix, key) in [
        ("priority.", "doc.narrative.priority"),
        ("round-table.", "doc.round-table"),
        ("objective.", "doc.objective"),
    ] {
        let Some(rest) = name.strip_prefix(prefix) else {
            continue;
        };
        let at = ["activities", "status.", "changed", "pledges", "fulfilled"]
            .iter()
            .filter_map(|s| rest.find(&format!(".{s}")))
            .min();
        if let Some(at) = at {
            let scope = format!("{} {}", tr(lang, key, &[]), &rest[..at]);
            return scoped(scope, &rest[at + 1..]);
        }
    }
    plain(lang, name)
}

fn status_label(lang: Lang, name: &str) -> String {
    let doc = if let Some(s) = name.strip_prefix("status.") {
        ActivityStatus::from_key(s).map(ActivityStatus::doc_label_key)
    } else {
        name.strip_prefix("pledge-status.")
            .and_then(PledgeStatus::from_key)
            .map(PledgeStatus::doc_label_key)
    };
    let key = if name.starts_with("status.") {
        "narrative.figure.status"
    } else {
        "narrative.figure.pledge-status"
    };
    match doc {
        Some(doc) => tr(lang, key, &[("status", &tr(lang, doc, &[]))]),
        None => name.to_string(),
    }
}

fn plain(lang: Lang, name: &str) -> String {
    if name.starts_with("status.") || name.starts_with("pledge-status.") {
        return status_label(lang, name);
    }
    let key = match name {
        "activities" => "narrative.figure.activities",
        "completed-this-quarter" => "narrative.figure.completed-this-quarter",
        "changed" => "narrative.figure.changed",
        "overdue" => "narrative.figure.overdue",
        "missing-reports" => "narrative.figure.missing-reports",
        "occurrences-missing" => "narrative.figure.occurrences-missing",
        "open" => "narrative.figure.open",
        "pledges" => "narrative.figure.pledges",
        "updated" => "narrative.figure.updated",
        "new" => "narrative.figure.new",
        "status-changed" => "narrative.figure.status-changed",
        "not-updated" => "narrative.figure.not-updated",
        "objectives-without-pledges" => "narrative.figure.objectives-without-pledges",
        "objectives-covered" => "narrative.figure.objectives-covered",
        "objectives-without" => "narrative.figure.objectives-without",
        _ => return name.to_string(),
    };
    tr(lang, key, &[])
}

/// `narrative-figures-changed` on each narrative file that records figures this run computes
/// otherwise, naming each (recorded → now). Its identity carries the figures now, so a
/// further change is a finding of its own.
pub fn check(narrative: &crate::narrative::Narrative, report: &ReportData) -> Vec<Finding> {
    narrative
        .recorded
        .iter()
        .filter_map(|r| {
            let changed = compare(&r.figures, &figures(report, r.document));
            if changed.is_empty() {
                return None;
            }
            let subject = changed
                .iter()
                .map(|(k, _, now)| format!("{k}={}", now.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
                .join("; ");
            let md = r.file.to_ascii_lowercase().ends_with(".md");
            let finding = Finding::localized(
                Code::NarrativeFiguresChanged,
                Location::file(&r.file),
                move |lang| {
                    let shown = |v: &str| {
                        if v.is_empty() {
                            "—".to_string()
                        } else {
                            v.to_string()
                        }
                    };
                    let figures = changed
                        .iter()
                        .map(|(k, old, now)| {
                            let now = now
                                .as_deref()
                                .map_or_else(|| tr(lang, "narrative.figure.gone", &[]), shown);
                            format!("{} {} → {now}", label(lang, k), shown(old))
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    let hint = if md {
                        "narrative.figures-hint.md"
                    } else {
                        "narrative.figures-hint.word"
                    };
                    vec![
                        ("figures", figures),
                        ("hint", tr(lang, hint, &[("name", &FIGURES_PROPERTY)])),
                    ]
                },
            );
            Some(finding.with_subject(subject))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_named_in_each_language_with_their_scope() {
        assert_eq!(
            label(Lang::Es, "priority.B1.status.completed"),
            "Prioridad B1, actividades «Completada»"
        );
        assert_eq!(
            label(Lang::En, "round-table.2.fulfilled"),
            "Round table 2, pledges “Fulfilled”"
        );
        assert_eq!(
            label(Lang::En, "objective.7.activities"),
            "Objective 7, activities"
        );
        assert_eq!(label(Lang::Es, "overdue"), "actividades vencidas");
        // A name no version computes is shown as written.
        assert_eq!(label(Lang::Es, "otra"), "otra");
    }

    #[test]
    fn only_figures_recorded_and_computed_otherwise_are_changes() {
        let f = |s: &str| crate::narrative::decode(s);
        let recorded = f("activities=31; overdue=B1.2; priority.X.activities=2; junk; =3");
        let now = f("activities=31; overdue=B1.2, C3.1; new=4");
        assert_eq!(
            compare(&recorded, &now),
            vec![
                ("overdue".into(), "B1.2".into(), Some("B1.2, C3.1".into())),
                ("priority.X.activities".into(), "2".into(), None),
            ]
        );
    }
}
