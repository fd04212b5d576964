//! What `check` and `plan` print on the terminal, built here so that a test reads it without
//! one: the findings grouped by file with each file's account and a summary, the plan as text
//! or JSON, and the lines `run` ends with. The commands in `cmd` only print what these return.
//!
//! Text may carry ANSI styles ([`styled`]); the commands print it through `anstream`, which
//! drops them when the stream is not a terminal. Nothing here prints or reads the clock.

use anstyle::{AnsiColor, Style};

use crate::config::RunConfig;
use crate::findings::{Finding, Severity, SeverityCounts};
use crate::i18n::{counted, tr, Lang};
use crate::ingest::FileAccount;
use crate::plan::Plan;

/// Wraps `text` in an ANSI style (see the module documentation on how it reaches the screen).
pub fn styled(style: anstyle::Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

pub use crate::text::wrap;

/// Returns the findings as text for an 80-column terminal: grouped by file, most severe first,
/// then a one-line summary. `all_files` also lists the files read without a finding. Severities
/// and file names carry ANSI styles ([`styled`]).
pub fn findings(
    findings: &[Finding],
    files: &[FileAccount],
    lang: Lang,
    all_files: bool,
) -> String {
    let mut out = String::new();
    let heading = |out: &mut String, path: &str| {
        out.push('\n');
        out.push_str(&styled(Style::new().bold(), path));
        if let Some(acc) = files.iter().find(|a| a.path == path) {
            out.push_str(&format!("  ({})", account(lang, acc)));
        }
        out.push('\n');
    };
    // With `all_files`, each file read without a finding is listed in its place, in path order
    // (findings come sorted by file, those with no file last).
    let mut quiet_files: Vec<&str> = if all_files {
        files.iter().map(|a| a.path.as_str()).collect()
    } else {
        Vec::new()
    };
    quiet_files.sort_unstable();
    let mut quiet = quiet_files.into_iter().peekable();
    let mut current: Option<Option<&String>> = None;
    for f in findings {
        let file = f.location.file.as_ref();
        if current != Some(file) {
            current = Some(file);
            while let Some(&path) = quiet.peek() {
                if file.is_some_and(|f| path >= f.as_str()) {
                    break;
                }
                quiet.next();
                heading(&mut out, path);
            }
            if file.is_some_and(|f| quiet.peek() == Some(&f.as_str())) {
                quiet.next();
            }
            match file {
                Some(path) => heading(&mut out, path),
                None => {
                    out.push('\n');
                    out.push_str(&styled(
                        Style::new().bold(),
                        &tr(lang, "check.plan-activities", &[]),
                    ));
                    out.push('\n');
                }
            }
        }
        finding(&mut out, f, lang);
    }
    for path in quiet {
        heading(&mut out, path);
    }
    let summary = summary(findings, files, lang);
    out.push('\n');
    out.push_str(&wrap(&summary, 78, 0));
    out.push('\n');
    out
}

/// Writes one finding: its severity, place and code on a line, then its message, wrapped.
fn finding(out: &mut String, f: &Finding, lang: Lang) {
    let mut place = Vec::new();
    if let Some(s) = &f.location.sheet {
        place.push(s.clone());
    }
    if let Some(r) = f.location.row {
        place.push(tr(lang, "loc.row", &[("row", &r)]));
    }
    if let Some(c) = &f.location.column {
        place.push(tr(lang, "loc.column", &[("column", c)]));
    }
    if let Some(a) = &f.activity {
        place.push(a.clone());
    } else if let Some(p) = &f.pledge {
        place.push(p.clone());
    }
    let severity = f.severity();
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    let label = format!("{:<8}", tr(lang, severity.label_key(), &[]));
    // The id, compactly beside the code, so that the register's row can be found; a decision
    // taken in the register follows it.
    let decided = f
        .decision
        .map(|d| format!(" ({})", tr(lang, d.label_key(), &[])))
        .unwrap_or_default();
    let code = match f.id.as_str() {
        "" => f.code.to_string(),
        id => format!("{} {id}", f.code),
    };
    out.push_str(&format!(
        "  {} {}  [{code}]{decided}\n",
        styled(Style::new().bold().fg_color(Some(color.into())), &label),
        place.join(", "),
    ));
    out.push_str("           ");
    out.push_str(&wrap(f.message.get(lang), 78, 11));
    out.push('\n');
}

/// Returns the line that closes the findings: the counts of findings, files and rows.
fn summary(findings: &[Finding], files: &[FileAccount], lang: Lang) -> String {
    let total = FileAccount {
        rows: files.iter().map(|a| a.rows).sum(),
        accepted: files.iter().map(|a| a.accepted).sum(),
        rejected: files.iter().map(|a| a.rejected).sum(),
        blank: files.iter().map(|a| a.blank).sum(),
        ..FileAccount::default()
    };
    let [rows, accepted, rejected, blank] = row_counts(lang, &total);
    let [errors, warnings, infos] = findings_counts(lang, &SeverityCounts::of(findings));
    let (one, other) = ("count.files-read.one", "count.files-read.other");
    let read = counted(lang, files.len() as u64, one, other);
    tr(
        lang,
        "check.summary",
        &[
            ("errors", &errors),
            ("warnings", &warnings),
            ("infos", &infos),
            ("files", &read),
            ("rows", &rows),
            ("accepted", &accepted),
            ("rejected", &rejected),
            ("blank", &blank),
        ],
    )
}

/// Returns a file's account in words ("7 filas: 3 aceptadas, 4 rechazadas, 0 en blanco").
fn account(lang: Lang, acc: &FileAccount) -> String {
    let [rows, accepted, rejected, blank] = row_counts(lang, acc);
    tr(
        lang,
        "check.account",
        &[
            ("rows", &rows),
            ("accepted", &accepted),
            ("rejected", &rejected),
            ("blank", &blank),
        ],
    )
}

/// Returns an account's rows, accepted, rejected and blank rows in words, in that order.
fn row_counts(lang: Lang, acc: &FileAccount) -> [String; 4] {
    [
        (acc.rows, "count.rows.one", "count.rows.other"),
        (acc.accepted, "count.accepted.one", "count.accepted.other"),
        (acc.rejected, "count.rejected.one", "count.rejected.other"),
        (acc.blank, "count.blank.one", "count.blank.other"),
    ]
    .map(|(n, one, other)| counted(lang, n, one, other))
}

/// Returns a count of findings in words ("1 error", "3 avisos").
pub fn findings_counted(lang: Lang, n: usize, one: &str, other: &str) -> String {
    counted(lang, u64::try_from(n).unwrap_or(u64::MAX), one, other)
}

/// Returns the counts of errors, warnings and notes in words, in that order.
pub fn findings_counts(lang: Lang, counts: &SeverityCounts) -> [String; 3] {
    [
        (counts.error, "count.errors.one", "count.errors.other"),
        (counts.warning, "count.warnings.one", "count.warnings.other"),
        (counts.info, "count.notes.one", "count.notes.other"),
    ]
    .map(|(n, one, other)| findings_counted(lang, n, one, other))
}

/// Returns the line `run` ends with: how many files it wrote and where, and the counts of
/// findings ("Se escribieron 25 archivos en outputs/2024-Q2. Hallazgos: 10 errores, …").
pub fn run_summary(
    lang: Lang,
    written: usize,
    folder: &std::path::Path,
    counts: &SeverityCounts,
) -> String {
    let (one, other) = ("count.files-written.one", "count.files-written.other");
    let files = counted(lang, written as u64, one, other);
    let [errors, warnings, infos] = findings_counts(lang, counts);
    tr(
        lang,
        "run.summary",
        &[
            ("files", &files),
            ("folder", &folder.display()),
            ("errors", &errors),
            ("warnings", &warnings),
            ("infos", &infos),
        ],
    )
}

/// Returns `run -v`'s line of timings: each of `stages` (its name in the run's language and
/// how long it took) in seconds, to the hundredth, then the total.
pub fn run_timings(
    lang: Lang,
    stages: &[(String, std::time::Duration)],
    total: std::time::Duration,
) -> String {
    let secs =
        |d: std::time::Duration| crate::i18n::decimal(lang, &format!("{:.2}", d.as_secs_f64()));
    let shown: Vec<String> = stages
        .iter()
        .map(|(name, took)| {
            tr(
                lang,
                "run.timing.stage",
                &[("stage", name), ("seconds", &secs(*took))],
            )
        })
        .collect();
    tr(
        lang,
        "run.timing",
        &[("stages", &shown.join(", ")), ("total", &secs(total))],
    )
}

/// Returns the plan as the JSON `seguimiento plan --format json` prints, its notes in Spanish.
pub fn plan_json(plan: &Plan) -> serde_json::Value {
    plan_json_in(plan, Lang::Es)
}

/// Returns the plan as the JSON `seguimiento plan --format json` prints, its notes in `lang`
/// (the language of the run, as `message` in findings.json).
pub fn plan_json_in(plan: &Plan, lang: Lang) -> serde_json::Value {
    let activities: Vec<_> = plan
        .activities
        .iter()
        .map(|a| {
            serde_json::json!({
                "code": a.code,
                "priority": a.priority,
                "title": a.title,
                "details": a.details,
                "references": a.references,
                "lead": a.lead,
                "lead_text": a.lead_text,
                "support": a.support,
                "support_text": a.support_text,
                "schedule": {
                    "text": a.schedule.text,
                    "text_en": a.schedule.text_en,
                    "parsed": a.schedule.parsed,
                    "start": a.schedule.start,
                    "end": a.schedule.end,
                    "note": a.schedule.note,
                    "tentative": a.schedule.tentative,
                    "window": { "start": a.schedule.window_start, "end": a.schedule.window_end },
                    "continuous": a.schedule.continuous,
                    "occurrences": if a.schedule.continuous { Vec::new() } else { a.schedule.occurrences.clone() },
                },
                "objectives": a.objectives,
                "irregularities": a.irregularities,
                "notes": a.notes,
                "added": a.added,
                "dropped": a.dropped,
                "changes": a.changes,
            })
        })
        .collect();
    serde_json::json!({
        "plan": plan.meta,
        "agencies": plan.agencies,
        "groups": plan.groups,
        "roles": plan.roles,
        "code_examples": plan.code_examples,
        "priorities": plan.priorities,
        "activities": activities,
        "revisions": plan.revisions,
        "notes": plan.notes.iter().map(|n| n.to_json(lang)).collect::<Vec<_>>(),
    })
}

/// Returns the plan as text for an 80-column terminal.
pub fn plan(plan: &Plan, lang: Lang) -> String {
    let mut out = format!(
        "{}\n{}\n",
        plan.meta.title.get(lang),
        plan.meta.subtitle.get(lang)
    );
    for p in &plan.priorities {
        if let Some(g) = plan.group(&p.group).filter(|g| {
            plan.priorities
                .iter()
                .find(|q| q.group == g.key)
                .map(|q| &q.code)
                == Some(&p.code)
        }) {
            out.push_str(&format!("\n{}\n", g.name.get(lang).to_uppercase()));
        }
        out.push_str(&format!(
            "\n{} {}\n",
            p.code,
            wrap(p.title.get(lang), 78, 3)
        ));
        if !p.objectives.is_empty() {
            let list: Vec<String> = p.objectives.iter().map(u8::to_string).collect();
            out.push_str(&format!(
                "   {}: {}\n",
                tr(lang, "word.objectives", &[]),
                list.join(", ")
            ));
        }
        for a in plan.activities_of(&p.code) {
            activity(&mut out, plan, a, lang);
        }
    }
    out
}

/// Writes one activity of the plan: its code and title, leads, support, calendar, and how the
/// calendar was read.
fn activity(out: &mut String, plan: &Plan, a: &crate::plan::Activity, lang: Lang) {
    let names = |ids: &[String], fallback: &str| {
        if ids.is_empty() && fallback.trim().is_empty() {
            "—".to_string()
        } else if ids.is_empty() {
            fallback.to_string()
        } else {
            ids.iter()
                .map(|id| plan.registry().agency_label(id, lang))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    out.push_str(&format!(
        "  {:<5} {}\n",
        a.code,
        wrap(a.title.get(lang), 78, 8)
    ));
    out.push_str(&format!(
        "        {}: {}\n",
        tr(lang, "word.lead", &[]),
        names(&a.lead, a.lead_text.get(lang))
    ));
    out.push_str(&format!(
        "        {}: {}\n",
        tr(lang, "word.support", &[]),
        names(&a.support, a.support_text.get(lang))
    ));
    let calendar = a.calendar(lang);
    let calendar = if calendar.is_empty() {
        "—"
    } else {
        &calendar
    };
    out.push_str(&format!(
        "        {}: {}\n",
        tr(lang, "word.calendar", &[]),
        wrap(calendar, 78, 10)
    ));
    if !a.schedule.text.trim().is_empty()
        && (a.schedule.start.is_some() || a.schedule.end.is_some())
    {
        let dates =
            crate::plan::schedule::bounds::dates_text(a.schedule.start, a.schedule.end, lang);
        out.push_str(&format!(
            "        {}: {}\n",
            tr(lang, "word.dates", &[]),
            wrap(&dates, 78, 10)
        ));
    }
    let s = &a.schedule;
    let mut reading = crate::plan::schedule::words::describe(lang, &s.parsed);
    if !s.continuous && s.occurrences.len() > 1 {
        reading = tr(
            lang,
            "plan.reading-occurrences",
            &[("reading", &reading), ("n", &s.occurrences.len())],
        );
    }
    out.push_str(&format!(
        "        {}: {}\n",
        tr(lang, "word.reading", &[]),
        wrap(&reading, 78, 10)
    ));
}

/// What `publish` says once it is done: the quarter recorded, or already recorded that day.
pub fn published(config: &RunConfig, done: &crate::record::published::Published) -> String {
    use crate::i18n::format_date;
    let lang = config.lang();
    let period = config.period();
    match done {
        crate::record::published::Published::Already(on) => tr(
            lang,
            "publish.already",
            &[("period", &period), ("date", &format_date(lang, *on))],
        ),
        crate::record::published::Published::Recorded(record) => {
            let inputs = record.inputs.len() as u64;
            let inputs = counted(lang, inputs, "count.inputs.one", "count.inputs.other");
            let outputs = record.outputs.len() as u64;
            let outputs = counted(lang, outputs, "count.outputs.one", "count.outputs.other");
            let path = config
                .inputs
                .join(crate::record::published::record_name(&period));
            let args: [(&str, &dyn std::fmt::Display); 5] = [
                ("period", &period),
                ("date", &format_date(lang, record.as_of)),
                ("inputs", &inputs),
                ("outputs", &outputs),
                ("path", &path.display()),
            ];
            tr(lang, "publish.done", &args)
        }
    }
}

/// What `plan --import` prints: each thing to check, one per line, wrapped; or that there is
/// nothing to check.
pub fn imported(imported: &crate::plan::import::Imported, lang: Lang) -> String {
    let mut out = String::new();
    if imported.checks.is_empty() {
        out.push_str(&tr(lang, "import.nothing-to-check", &[]));
        out.push('\n');
        return out;
    }
    out.push_str(&tr(
        lang,
        "import.to-check",
        &[("count", &imported.checks.len())],
    ));
    out.push('\n');
    for c in &imported.checks {
        out.push_str(&wrap(&format!("- {}", c.message(lang)), 78, 2));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timings_name_every_output_of_the_registry_in_the_runs_language() {
        use std::time::Duration;
        for lang in Lang::ALL {
            let stages: Vec<(String, Duration)> = crate::run::REGISTRY
                .iter()
                .map(|o| (tr(lang, o.label_key(), &[]), Duration::from_millis(1500)))
                .collect();
            let line = run_timings(lang, &stages, Duration::from_secs(3));
            for o in crate::run::REGISTRY {
                let label = tr(lang, o.label_key(), &[]);
                assert!(!label.is_empty(), "{lang}: no label for {}", o.name());
                let secs = crate::i18n::decimal(lang, "1.50");
                assert!(
                    line.contains(&format!("{label} {secs} s")),
                    "{lang}: {line}"
                );
            }
            let total = crate::i18n::decimal(lang, "3.00");
            assert!(line.ends_with(&format!(" {total} s.")), "{lang}: {line}");
        }
    }
    use crate::findings::{Code, Location};

    fn one_file() -> Vec<FileAccount> {
        vec![FileAccount {
            path: "status/oim.xlsx".into(),
            kind: "status".into(),
            rows: 1,
            rejected: 1,
            ..FileAccount::default()
        }]
    }

    fn one_error() -> Vec<Finding> {
        let at = Location {
            file: Some("status/oim.xlsx".into()),
            sheet: Some("Estado".into()),
            row: Some(7),
            column: Some("D".into()),
        };
        vec![Finding::new(
            Code::UnknownActivity,
            at,
            &[("value", &"Z9.9")],
        )]
    }

    /// The text without its ANSI styles, as a pipe receives it.
    fn plain(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn one_of_each_count_reads_in_the_singular_in_both_languages() {
        let es = plain(&findings(&one_error(), &one_file(), Lang::Es, false));
        assert!(
            es.contains("1 error, 0 avisos, 0 notas. 1 archivo leído: 1 fila"),
            "{es}"
        );
        assert!(
            !es.contains("1 errores") && !es.contains("1 archivos"),
            "{es}"
        );
        let en = plain(&findings(&one_error(), &one_file(), Lang::En, false));
        assert!(
            en.contains("1 error, 0 warnings, 0 notes. 1 file read: 1 row"),
            "{en}"
        );
    }

    #[test]
    fn findings_are_listed_under_their_file_with_its_account_and_place() {
        let text = plain(&findings(&one_error(), &one_file(), Lang::En, false));
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.contains(&"status/oim.xlsx  (1 row: 0 accepted, 1 rejected, 0 blank)"));
        assert!(
            lines
                .iter()
                .any(|l| l.contains("Estado, row 7, column D") && l.ends_with("[unknown-activity]")),
            "{text}"
        );
        // With its id, and the register's decision after it.
        let mut decided = one_error();
        decided[0].id = "3f2a9c1b04e2".into();
        decided[0].decision = Some(crate::model::Decision::Accepted);
        let text = plain(&findings(&decided, &one_file(), Lang::En, false));
        assert!(
            text.contains("[unknown-activity 3f2a9c1b04e2] (accepted as is)"),
            "{text}"
        );
        // A file read without a finding is listed only when asked for.
        let quiet = findings(&[], &one_file(), Lang::En, false);
        assert!(!quiet.contains("status/oim.xlsx"));
        assert!(findings(&[], &one_file(), Lang::En, true).contains("status/oim.xlsx"));
    }
}
