//! `seguimiento run`: check, then write every output for the quarter of the as-of date.

use std::time::{Duration, Instant};

use super::text;
use super::Terminal;
use crate::config::RunConfig;
use crate::i18n::tr;
use crate::outputs::messages::contact_notes;
use crate::outputs::Run;
use crate::Result;

/// Runs the whole pipeline, saying what it wrote on stderr; returns the exit status.
pub fn run(config: &RunConfig) -> Result<u8> {
    run_with(config, false, &Terminal::plain())
}

/// Runs the whole pipeline; returns the exit status. With `json`, prints the run's summary
/// (the manifest without its inputs, plus the folder and the exit status) on stdout.
pub fn run_with(config: &RunConfig, json: bool, terminal: &Terminal<'_>) -> Result<u8> {
    run_reopening(config, json, terminal, None)
}

/// Runs the whole pipeline; returns the exit status. A published quarter whose outputs are
/// there is not replaced unless `reopen` gives the reason, which goes into the manifest and the
/// publication record.
pub fn run_reopening(
    config: &RunConfig,
    json: bool,
    terminal: &Terminal<'_>,
    reopen: Option<&str>,
) -> Result<u8> {
    let lang = config.lang();
    let started = Instant::now();
    let period = config.period();
    let reopening = reopen.is_some();
    let reopen = crate::record::published::guard(config, &period, reopen)?;
    if reopening && reopen.is_none() && terminal.says() {
        anstream::eprintln!(
            "{}",
            tr(lang, "run.reopen-unpublished", &[("period", &period)])
        );
    }
    let done = crate::run::run(config, reopen.as_ref(), terminal.progress)?;
    let (checked, written, folder) = (&done.checked, &done.written, &done.folder);

    // Contacts left out of the drafts, said once the run is done, like the summary.
    // (The drafts read the same table already, so it reads; no error can come this late.)
    if terminal.says() {
        let registry = checked.plan.registry();
        let notes = contact_notes(&config.inputs, &config.settings.limits, registry);
        for note in notes.unwrap_or_default() {
            anstream::eprintln!("{}", note.get(lang));
        }
    }
    if json {
        let run = Run {
            config,
            checked,
            reopen: reopen.as_ref(),
        };
        let mut summary = crate::run::run_summary(&run, written, folder, done.status);
        summary["since_previous"] =
            serde_json::json!(done.since.as_ref().map(crate::record::diff::Diff::to_json));
        let text = serde_json::to_string_pretty(&summary).unwrap_or_default();
        anstream::println!("{text}");
    }
    if terminal.is_verbose() {
        for w in written {
            anstream::eprintln!("  {}", w.path);
        }
    }
    if terminal.says() {
        let counts = &checked.report.findings.counts;
        let line = text::run_summary(lang, written.len(), folder, counts);
        anstream::eprintln!("{line}");
        if let Some(d) = &done.since {
            anstream::eprintln!("{}", d.summary(lang));
        }
    }
    if terminal.is_verbose() {
        let took = |name: &str| {
            let t = done.timings.iter().find(|(n, _)| *n == name);
            t.map_or(Duration::ZERO, |&(_, d)| d)
        };
        // Every output of the registry by its name, between the check and the writing into
        // place; the outputs are made side by side, so they overlap.
        let mut stages = vec![(tr(lang, "run.stage.check", &[]), took("check"))];
        stages.extend(
            crate::run::REGISTRY
                .iter()
                .map(|o| (tr(lang, o.label_key(), &[]), took(o.name()))),
        );
        stages.push((tr(lang, "run.stage.write", &[]), took("write")));
        anstream::eprintln!("{}", text::run_timings(lang, &stages, started.elapsed()));
    }
    Ok(done.status)
}
