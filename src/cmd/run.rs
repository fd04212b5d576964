//! `seguimiento run`: check, then write every output for the quarter of the as-of date.

use std::time::Instant;

use super::check::findings_counted;
use super::Terminal;
use crate::config::RunConfig;
use crate::i18n::tr;
use crate::output::OutputSet;
use crate::outputs::Run;
use crate::Result;

/// Runs the whole pipeline, saying what it wrote on stderr; returns the exit status.
pub fn run(config: &RunConfig) -> Result<u8> {
    run_with(config, false, &Terminal::plain())
}

/// Runs the whole pipeline; returns the exit status. With `json`, prints the run's summary
/// (the manifest without its inputs, plus the folder and the exit status) on stdout.
pub fn run_with(config: &RunConfig, json: bool, terminal: &Terminal<'_>) -> Result<u8> {
    let lang = config.lang();
    let progress = terminal.progress;
    let started = Instant::now();
    let checked = crate::check_with(config, progress)?;
    let checked_in = started.elapsed();
    let period = config.period();
    let mut out = OutputSet::new(&config.outputs, &period)?;
    let run = Run {
        config,
        checked: &checked,
    };
    let timings = crate::outputs::write_all(&run, &mut out, progress)?;
    let took = |name: &str| {
        let t = timings.iter().find(|(n, _)| *n == name);
        t.map_or(0.0, |(_, d)| d.as_secs_f64())
    };
    let write_started = Instant::now();
    let written = out.commit();
    progress.end();
    let written = written?;
    let written_in = write_started.elapsed();
    let status = super::check::exit_status(&checked.findings);
    let folder = config.outputs.join(&period);

    // Contacts left out of the drafts, said once the run is done, like the summary.
    // (The drafts read the same table already, so it reads; no error can come this late.)
    if terminal.says() {
        let notes = crate::messages::contact_notes(
            &config.inputs,
            &config.settings.limits,
            checked.plan.registry(),
        );
        for note in notes.unwrap_or_default() {
            anstream::eprintln!("{}", note.get(lang));
        }
    }
    if json {
        let manifest = crate::manifest::build(config, &checked, &written);
        let summary = serde_json::json!({
            "as_of": config.as_of,
            "period": period,
            "folder": folder.display().to_string(),
            "exit_status": status,
            "findings": manifest["findings"],
            "figures": manifest["figures"],
            "outputs": written,
        });
        anstream::println!(
            "{}",
            serde_json::to_string_pretty(&summary).unwrap_or_default()
        );
    }
    if terminal.is_verbose() {
        for w in &written {
            anstream::eprintln!("  {}", w.path);
        }
    }
    let counts = checked.report.findings.counts;
    if terminal.says() {
        anstream::eprintln!(
            "{}",
            tr(
                lang,
                "run.summary",
                &[
                    (
                        "files",
                        &super::counted(
                            lang,
                            written.len() as u64,
                            "count.files-written.one",
                            "count.files-written.other"
                        )
                    ),
                    ("folder", &folder.display()),
                    (
                        "errors",
                        &findings_counted(
                            lang,
                            counts.error,
                            "count.errors.one",
                            "count.errors.other"
                        )
                    ),
                    (
                        "warnings",
                        &findings_counted(
                            lang,
                            counts.warning,
                            "count.warnings.one",
                            "count.warnings.other"
                        )
                    ),
                    (
                        "infos",
                        &findings_counted(
                            lang,
                            counts.info,
                            "count.notes.one",
                            "count.notes.other"
                        )
                    ),
                ]
            )
        );
    }
    if terminal.is_verbose() {
        anstream::eprintln!(
            "{}",
            tr(
                lang,
                "run.timing",
                &[
                    ("check", &format!("{:.2}", checked_in.as_secs_f64())),
                    ("render", &format!("{:.2}", took("documents"))),
                    ("trackers", &format!("{:.2}", took("trackers"))),
                    ("messages", &format!("{:.2}", took("messages"))),
                    ("write", &format!("{:.2}", written_in.as_secs_f64())),
                    ("total", &format!("{:.2}", started.elapsed().as_secs_f64())),
                ]
            )
        );
    }
    Ok(status)
}
