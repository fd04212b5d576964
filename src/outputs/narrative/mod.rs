//! The narrative's drafts (`seguimiento narrative`): for each document and language of the
//! run, a file the secretariat edits into its own words, with every section heading the
//! document takes and, under each, the quarter's facts written as sentences. The draft records
//! the figures it states ([`crate::report::facts`]); a later run compares them.
//!
//! A draft is written only where the quarter's folder has no file for its document and
//! language, in Word (`.docx`, the look of the reference document) or Markdown ([`write`]).

pub mod write;

use std::fmt::Display;

use crate::i18n::{counted, format_date, format_int, format_percent, tr, Lang};
use crate::model::{ActivityStatus, PledgeStatus, Status, Term};
use crate::narrative::{section_name, Figures, Section, DOCUMENTS};
use crate::report::facts::{self, Served};
use crate::report::ReportData;

/// One draft: a document's narrative in one language.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The document (`progress-report`).
    pub document: &'static str,
    /// Its language.
    pub lang: Lang,
    /// Its title (a title, not a section: the reading passes over it).
    pub title: String,
    /// Its sections in the document's order: the heading, then the paragraphs under it.
    pub sections: Vec<(String, Vec<String>)>,
    /// The figures its sentences state.
    pub figures: Figures,
}

/// The drafts of every document, in each of `langs`.
pub fn drafts(report: &ReportData, langs: &[Lang]) -> Vec<Draft> {
    let mut out = Vec::new();
    for document in DOCUMENTS {
        for &lang in langs {
            out.push(draft(report, document, lang));
        }
    }
    out
}

fn draft(report: &ReportData, document: &'static str, lang: Lang) -> Draft {
    let say = Say { lang, report };
    let named = |key: &'static str| section_name(lang, &Section::Named(key).key());
    let mut sections = Vec::new();
    match document {
        "progress-report" => {
            sections.push((
                named("doc.narrative.key-messages"),
                say.progress_key_messages(),
            ));
            for p in &report.priorities {
                let heading = format!(
                    "{}{} {}",
                    section_name(lang, &Section::Priority(p.code.clone()).key()),
                    lang.row().colon,
                    p.short.get(lang)
                );
                sections.push((heading, say.priority(p)));
            }
            sections.push((named("doc.narrative.challenges"), say.challenges()));
            sections.push((named("doc.narrative.next-steps"), say.next_steps()));
        }
        "pledge-summary" => {
            sections.push((named("doc.narrative.key-messages"), say.pledges()));
        }
        _ => {
            sections.push((named("doc.narrative.introduction"), say.introduction()));
            let tables = facts::round_tables(report);
            if report.meta.group_by_round_table {
                for (n, members) in &tables {
                    let heading = section_name(lang, &Section::RoundTable(*n).key());
                    let numbers: Vec<String> =
                        members.iter().map(|o| o.number.to_string()).collect();
                    let served = facts::served(report, members);
                    sections.push((heading, vec![say.round_table(&numbers, served)]));
                }
            } else {
                for o in &report.objectives {
                    let heading = format!(
                        "{}{} {}",
                        section_name(lang, &Section::Objective(o.number).key()),
                        lang.row().colon,
                        o.short.get(lang)
                    );
                    let served = facts::served(report, &[o]);
                    sections.push((heading, vec![say.objective(served)]));
                }
            }
            let mut challenges = vec![say.overdue()];
            challenges.extend(say.not_updated());
            sections.push((named("doc.narrative.challenges"), challenges));
            sections.push((
                named("doc.narrative.recommendations"),
                vec![say.objectives_without()],
            ));
        }
    }
    Draft {
        document,
        lang,
        title: tr(
            lang,
            "narrative.draft.title",
            &[
                ("document", &crate::narrative::document_name(lang, document)),
                ("period", &report.meta.period_text.get(lang)),
            ],
        ),
        sections,
        figures: facts::figures(report, document),
    }
}

/// The sentences of the drafts, in one language.
struct Say<'a> {
    lang: Lang,
    report: &'a ReportData,
}

impl Say<'_> {
    /// The sentence of `keys` (none, one, other) for `n`, by the language's plural rule.
    fn count(&self, keys: [&str; 3], n: usize, args: &[(&str, &dyn Display)]) -> String {
        let [none, one, other] = keys;
        let key = match n {
            0 => none,
            _ if self.lang.row().plural.is_singular(n as u64) => one,
            _ => other,
        };
        let shown = format_int(self.lang, n as i64);
        let mut all: Vec<(&str, &dyn Display)> = vec![("n", &shown)];
        all.extend_from_slice(args);
        tr(self.lang, key, &all)
    }

    /// `n` with the words of `keys` (one, other): "3 actividades".
    fn counted(&self, keys: [&str; 2], n: usize) -> String {
        counted(self.lang, n as u64, keys[0], keys[1])
    }

    /// Items joined as a sentence lists them: "a, b y c".
    fn and<S: AsRef<str>>(&self, items: &[S]) -> String {
        match items {
            [] => String::new(),
            [one] => one.as_ref().to_string(),
            [rest @ .., last] => {
                let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
                let and = tr(self.lang, "narrative.draft.and", &[]);
                format!("{} {and} {}", rest.join(", "), last.as_ref())
            }
        }
    }

    fn date(&self) -> String {
        format_date(self.lang, self.report.meta.as_of)
    }

    /// The activities by status, each counted in words ("4 completadas, 12 en curso y …").
    fn by_status(&self, counts: &crate::report::Counts<ActivityStatus>) -> String {
        let parts: Vec<String> = counts
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(s, n)| self.counted(status_words(*s), *n))
            .collect();
        self.and(&parts)
    }

    fn progress_key_messages(&self) -> Vec<String> {
        let a = &self.report.activities;
        let total = self.counted(
            [
                "narrative.draft.activities.one",
                "narrative.draft.activities.other",
            ],
            a.total,
        );
        let status = tr(
            self.lang,
            "narrative.draft.progress.status",
            &[
                ("date", &self.date()),
                ("total", &total),
                ("statuses", &self.by_status(&a.by_status)),
                ("share", &format_percent(self.lang, a.completed_share)),
            ],
        );
        let completed = facts::completed_this_quarter(self.report);
        let changed = facts::changed(self.report, None);
        vec![
            status,
            self.count(
                [
                    "narrative.draft.progress.completed.none",
                    "narrative.draft.progress.completed.one",
                    "narrative.draft.progress.completed.other",
                ],
                completed.len(),
                &[("codes", &self.and(&completed))],
            ),
            self.count(
                [
                    "narrative.draft.progress.changed.none",
                    "narrative.draft.progress.changed.one",
                    "narrative.draft.progress.changed.other",
                ],
                changed.len(),
                &[("codes", &self.and(&changed))],
            ),
        ]
    }

    fn priority(&self, p: &crate::report::PriorityData) -> Vec<String> {
        let total = self.counted(
            [
                "narrative.draft.activities.one",
                "narrative.draft.activities.other",
            ],
            p.activities.len(),
        );
        let mut out = vec![tr(
            self.lang,
            "narrative.draft.priority.status",
            &[
                ("code", &p.code),
                ("total", &total),
                ("statuses", &self.by_status(&p.by_status)),
            ],
        )];
        if p.activities.is_empty() {
            return out;
        }
        let changed = facts::changed(self.report, Some(&p.activities));
        out.push(self.count(
            [
                "narrative.draft.priority.changed.none",
                "narrative.draft.priority.changed.one",
                "narrative.draft.priority.changed.other",
            ],
            changed.len(),
            &[("codes", &self.and(&changed))],
        ));
        let overdue: Vec<&String> = self
            .report
            .activities
            .overdue
            .iter()
            .filter(|c| p.activities.contains(c))
            .collect();
        if !overdue.is_empty() {
            out.push(self.count(
                [
                    "narrative.draft.overdue.none",
                    "narrative.draft.overdue.one",
                    "narrative.draft.overdue.other",
                ],
                overdue.len(),
                &[("codes", &self.and(&overdue))],
            ));
        }
        out
    }

    fn overdue(&self) -> String {
        let overdue = &self.report.activities.overdue;
        self.count(
            [
                "narrative.draft.overdue.none",
                "narrative.draft.overdue.one",
                "narrative.draft.overdue.other",
            ],
            overdue.len(),
            &[("codes", &self.and(overdue))],
        )
    }

    fn challenges(&self) -> Vec<String> {
        let a = &self.report.activities;
        let mut out = vec![self.overdue()];
        out.push(self.count(
            [
                "narrative.draft.missing-reports.none",
                "narrative.draft.missing-reports.one",
                "narrative.draft.missing-reports.other",
            ],
            a.missing_reports.len(),
            &[("codes", &self.and(&a.missing_reports))],
        ));
        if !a.missing_occurrences.is_empty() {
            out.push(self.count(
                [
                    "narrative.draft.occurrences-missing.one",
                    "narrative.draft.occurrences-missing.one",
                    "narrative.draft.occurrences-missing.other",
                ],
                a.missing_occurrences.len(),
                &[],
            ));
        }
        out
    }

    fn next_steps(&self) -> Vec<String> {
        let open = facts::open(self.report);
        vec![self.count(
            [
                "narrative.draft.open.none",
                "narrative.draft.open.one",
                "narrative.draft.open.other",
            ],
            open.len(),
            &[("codes", &self.and(&open))],
        )]
    }

    fn pledges(&self) -> Vec<String> {
        let p = &self.report.pledges;
        let statuses: Vec<String> = PledgeStatus::all()
            .iter()
            .filter_map(|s| p.by_status.get(s).filter(|n| **n > 0).map(|n| (s, *n)))
            .map(|(s, n)| self.counted(pledge_status_words(*s), n))
            .collect();
        let mut out = vec![self.count(
            [
                "narrative.draft.pledges.status.none",
                "narrative.draft.pledges.status.one",
                "narrative.draft.pledges.status.other",
            ],
            p.total,
            &[("date", &self.date()), ("statuses", &self.and(&statuses))],
        )];
        if p.total > 0 {
            let new = self.counted(
                [
                    "narrative.draft.pledges.new.one",
                    "narrative.draft.pledges.new.other",
                ],
                p.new_this_quarter,
            );
            let changed = self.counted(
                [
                    "narrative.draft.pledges.changed.one",
                    "narrative.draft.pledges.changed.other",
                ],
                p.changed,
            );
            out.push(self.count(
                [
                    "narrative.draft.pledges.updated.none",
                    "narrative.draft.pledges.updated.one",
                    "narrative.draft.pledges.updated.other",
                ],
                p.updated_this_quarter,
                &[
                    ("total", &format_int(self.lang, p.total as i64)),
                    ("share", &format_percent(self.lang, p.updated_share)),
                    ("new", &new),
                    ("changed", &changed),
                ],
            ));
        }
        let without = facts::objectives_without_pledges(self.report);
        let numbers: Vec<String> = without.iter().map(u8::to_string).collect();
        out.push(self.count(
            [
                "narrative.draft.pledges.objectives-without.none",
                "narrative.draft.pledges.objectives-without.one",
                "narrative.draft.pledges.objectives-without.other",
            ],
            without.len(),
            &[("objectives", &self.and(&numbers))],
        ));
        out
    }

    fn introduction(&self) -> Vec<String> {
        let r = self.report;
        let activities = self.counted(
            [
                "narrative.draft.activities.one",
                "narrative.draft.activities.other",
            ],
            r.activities.total,
        );
        let pledges = self.counted(
            [
                "narrative.draft.pledges.one",
                "narrative.draft.pledges.other",
            ],
            r.pledges.total,
        );
        let completed = r.activities.by_status[&ActivityStatus::from(Status::Completed)];
        let fulfilled = r.pledges.by_status[&PledgeStatus::Fulfilled];
        vec![
            tr(
                self.lang,
                "narrative.draft.review.scope",
                &[
                    ("date", &self.date()),
                    ("activities", &activities),
                    ("pledges", &pledges),
                    (
                        "completed",
                        &self.counted(
                            [
                                "narrative.draft.status.completed.one",
                                "narrative.draft.status.completed.other",
                            ],
                            completed,
                        ),
                    ),
                    (
                        "fulfilled",
                        &self.counted(
                            [
                                "narrative.draft.pledge-status.fulfilled.one",
                                "narrative.draft.pledge-status.fulfilled.other",
                            ],
                            fulfilled,
                        ),
                    ),
                ],
            ),
            self.count(
                [
                    "narrative.draft.review.covered.none",
                    "narrative.draft.review.covered.one",
                    "narrative.draft.review.covered.other",
                ],
                r.objectives_covered,
                &[("all", &format_int(self.lang, r.objectives.len() as i64))],
            ),
        ]
    }

    fn served(&self, s: Served) -> [String; 3] {
        [
            self.counted(
                [
                    "narrative.draft.activities.one",
                    "narrative.draft.activities.other",
                ],
                s.activities,
            ),
            self.counted(
                [
                    "narrative.draft.pledges.one",
                    "narrative.draft.pledges.other",
                ],
                s.pledges,
            ),
            self.counted(
                [
                    "narrative.draft.pledge-status.fulfilled.one",
                    "narrative.draft.pledge-status.fulfilled.other",
                ],
                s.fulfilled,
            ),
        ]
    }

    fn round_table(&self, objectives: &[String], s: Served) -> String {
        let [activities, pledges, fulfilled] = self.served(s);
        tr(
            self.lang,
            "narrative.draft.review.round-table",
            &[
                ("objectives", &self.and(objectives)),
                ("activities", &activities),
                ("pledges", &pledges),
                ("fulfilled", &fulfilled),
            ],
        )
    }

    fn objective(&self, s: Served) -> String {
        let [activities, pledges, fulfilled] = self.served(s);
        tr(
            self.lang,
            "narrative.draft.review.objective",
            &[
                ("activities", &activities),
                ("pledges", &pledges),
                ("fulfilled", &fulfilled),
            ],
        )
    }

    fn not_updated(&self) -> Option<String> {
        let n = self.report.pledges.not_updated;
        (n > 0).then(|| {
            self.count(
                [
                    "narrative.draft.pledges.not-updated.one",
                    "narrative.draft.pledges.not-updated.one",
                    "narrative.draft.pledges.not-updated.other",
                ],
                n,
                &[],
            )
        })
    }

    fn objectives_without(&self) -> String {
        let without = facts::objectives_without(self.report);
        let numbers: Vec<String> = without.iter().map(u8::to_string).collect();
        self.count(
            [
                "narrative.draft.review.objectives-without.none",
                "narrative.draft.review.objectives-without.one",
                "narrative.draft.review.objectives-without.other",
            ],
            without.len(),
            &[("objectives", &self.and(&numbers))],
        )
    }
}

/// The words counting activities of a status ("4 completadas").
fn status_words(status: ActivityStatus) -> [&'static str; 2] {
    match status.0 {
        None => [
            "narrative.draft.status.not-reported.one",
            "narrative.draft.status.not-reported.other",
        ],
        Some(Status::NotStarted) => [
            "narrative.draft.status.not-started.one",
            "narrative.draft.status.not-started.other",
        ],
        Some(Status::InProgress) => [
            "narrative.draft.status.in-progress.one",
            "narrative.draft.status.in-progress.other",
        ],
        Some(Status::Completed) => [
            "narrative.draft.status.completed.one",
            "narrative.draft.status.completed.other",
        ],
        Some(Status::Postponed) => [
            "narrative.draft.status.postponed.one",
            "narrative.draft.status.postponed.other",
        ],
        Some(Status::Cancelled) => [
            "narrative.draft.status.cancelled.one",
            "narrative.draft.status.cancelled.other",
        ],
    }
}

/// The words counting pledges of a status ("3 cumplidos").
fn pledge_status_words(status: PledgeStatus) -> [&'static str; 2] {
    match status {
        PledgeStatus::Planning => [
            "narrative.draft.pledge-status.planning.one",
            "narrative.draft.pledge-status.planning.other",
        ],
        PledgeStatus::InProgress => [
            "narrative.draft.pledge-status.in-progress.one",
            "narrative.draft.pledge-status.in-progress.other",
        ],
        PledgeStatus::Fulfilled => [
            "narrative.draft.pledge-status.fulfilled.one",
            "narrative.draft.pledge-status.fulfilled.other",
        ],
        PledgeStatus::Withdrawn => [
            "narrative.draft.pledge-status.withdrawn.one",
            "narrative.draft.pledge-status.withdrawn.other",
        ],
    }
}
