//! `seguimiento check`: ingests every input, reconciles it against the plan, prints findings.

use anstyle::{AnsiColor, Style};

use super::{styled, Terminal};
use crate::config::RunConfig;
use crate::findings::{Finding, Severity, SeverityCounts};
use crate::i18n::{format_int, tr, Lang};
use crate::ingest::FileAccount;
use crate::Result;

/// Prints the findings as text or JSON; returns the exit status (1 when any is an error).
pub fn run(config: &RunConfig, json: bool, terminal: &Terminal<'_>) -> Result<u8> {
    let checked = crate::check_with(config, terminal.progress)?;
    if json {
        let doc = findings_json(config, &checked.findings, &checked.intake.files);
        anstream::println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
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
            out.push_str(&format!(
                "  ({})",
                tr(
                    lang,
                    "check.account",
                    &[
                        ("rows", &acc.rows),
                        ("accepted", &acc.accepted),
                        ("rejected", &acc.rejected),
                        ("blank", &acc.blank),
                    ]
                )
            ));
        }
        out.push('\n');
    };
    let mut current: Option<Option<&String>> = None;
    for f in findings {
        let file = f.location.file.as_ref();
        if current != Some(file) {
            current = Some(file);
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
        let label = format!(
            "{:<8}",
            tr(lang, &format!("severity.{}", severity.as_str()), &[])
        );
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
    if all_files {
        for acc in files {
            let listed = findings
                .iter()
                .any(|f| f.location.file.as_deref() == Some(acc.path.as_str()));
            if !listed {
                heading(&mut out, &acc.path);
            }
        }
    }
    let counts = SeverityCounts::of(findings);
    let rows: u32 = files.iter().map(|a| a.rows).sum();
    let accepted: u32 = files.iter().map(|a| a.accepted).sum();
    let rejected: u32 = files.iter().map(|a| a.rejected).sum();
    let blank: u32 = files.iter().map(|a| a.blank).sum();
    out.push('\n');
    out.push_str(&super::wrap(
        &tr(
            lang,
            "check.summary",
            &[
                ("errors", &counts.error),
                ("warnings", &counts.warning),
                ("infos", &counts.info),
                ("files", &files.len()),
                ("rows", &format_int(lang, rows.into())),
                ("accepted", &format_int(lang, accepted.into())),
                ("rejected", &format_int(lang, rejected.into())),
                ("blank", &format_int(lang, blank.into())),
            ],
        ),
        78,
        0,
    ));
    out.push('\n');
    out
}
