//! `seguimiento check`: ingests every input, reconciles it against the plan, prints findings.

use anstyle::{AnsiColor, Style};

use super::{counted, styled, Terminal};
use crate::config::RunConfig;
use crate::findings::{Finding, Severity, SeverityCounts};
use crate::i18n::{tr, Lang};
use crate::ingest::FileAccount;
use crate::Result;

/// Prints the findings as text or JSON; returns the exit status (1 when any is an error).
pub fn run(config: &RunConfig, json: bool, terminal: &Terminal<'_>) -> Result<u8> {
    let checked = crate::check_with(config, terminal.progress)?;
    if json {
        let doc = findings_json(config, &checked.findings, &checked.intake.files);
        let bytes = crate::findings::document_bytes(&doc);
        anstream::print!("{}", String::from_utf8_lossy(&bytes));
    } else {
        anstream::print!(
            "{}",
            to_text(
                &checked.findings,
                &checked.intake.files,
                config.lang(),
                terminal.is_verbose()
            )
        );
    }
    Ok(exit_status(&checked.findings))
}

/// Returns 1 when any finding is an error, else 0.
pub fn exit_status(findings: &[Finding]) -> u8 {
    u8::from(SeverityCounts::of(findings).error > 0)
}

/// Returns the findings document (docs/outputs.md), with the per-file accounting.
pub fn findings_json(
    config: &RunConfig,
    findings: &[Finding],
    files: &[FileAccount],
) -> serde_json::Value {
    let lang = config.lang();
    serde_json::json!({
        "as_of": config.as_of,
        "period": config.period(),
        "summary": SeverityCounts::of(findings),
        "findings": findings.iter().map(|f| f.to_json(lang)).collect::<Vec<_>>(),
        "inputs": files,
    })
}

/// Returns the findings as text for an 80-column terminal: grouped by file, most severe first,
/// then a one-line summary. `all_files` also lists the files read without a finding. Severities
/// and file names carry ANSI styles (see [`super`]).
pub fn to_text(findings: &[Finding], files: &[FileAccount], lang: Lang, all_files: bool) -> String {
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
        out.push_str(&format!(
            "  {} {}  [{}]\n",
            styled(Style::new().bold().fg_color(Some(color.into())), &label),
            place.join(", "),
            f.code
        ));
        out.push_str("           ");
        out.push_str(&super::wrap(f.message.get(lang), 78, 11));
        out.push('\n');
    }
    for path in quiet {
        heading(&mut out, path);
    }
    let counts = SeverityCounts::of(findings);
    let rows: u32 = files.iter().map(|a| a.rows).sum();
    let accepted: u32 = files.iter().map(|a| a.accepted).sum();
    let rejected: u32 = files.iter().map(|a| a.rejected).sum();
    let blank: u32 = files.iter().map(|a| a.blank).sum();
    let [errors, warnings, infos] = findings_counts(lang, &counts);
    let summary = tr(
        lang,
        "check.summary",
        &[
            ("errors", &errors),
            ("warnings", &warnings),
            ("infos", &infos),
            (
                "files",
                &counted(
                    lang,
                    files.len() as u64,
                    "count.files-read.one",
                    "count.files-read.other",
                ),
            ),
            (
                "rows",
                &counted(lang, rows, "count.rows.one", "count.rows.other"),
            ),
            (
                "accepted",
                &counted(lang, accepted, "count.accepted.one", "count.accepted.other"),
            ),
            (
                "rejected",
                &counted(lang, rejected, "count.rejected.one", "count.rejected.other"),
            ),
            (
                "blank",
                &counted(lang, blank, "count.blank.one", "count.blank.other"),
            ),
        ],
    );
    out.push('\n');
    out.push_str(&super::wrap(&summary, 78, 0));
    out.push('\n');
    out
}

/// Returns a file's account in words ("7 filas: 3 aceptadas, 4 rechazadas, 0 en blanco").
fn account(lang: Lang, acc: &FileAccount) -> String {
    tr(
        lang,
        "check.account",
        &[
            (
                "rows",
                &counted(lang, acc.rows, "count.rows.one", "count.rows.other"),
            ),
            (
                "accepted",
                &counted(
                    lang,
                    acc.accepted,
                    "count.accepted.one",
                    "count.accepted.other",
                ),
            ),
            (
                "rejected",
                &counted(
                    lang,
                    acc.rejected,
                    "count.rejected.one",
                    "count.rejected.other",
                ),
            ),
            (
                "blank",
                &counted(lang, acc.blank, "count.blank.one", "count.blank.other"),
            ),
        ],
    )
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
