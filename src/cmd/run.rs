//! `seguimiento run`: check, then write every output for the quarter of the as-of date.

use std::time::{Duration, Instant};

use super::Terminal;
use crate::config::RunConfig;
use crate::i18n::tr;
use crate::messages::contact_notes;
use crate::output::OutputSet;
use crate::outputs::text;
use crate::outputs::Run;
use crate::render::DOCUMENTS;
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
    let reopen = crate::published::guard(config, &period, reopen)?;
    if reopening && reopen.is_none() && terminal.says() {
        anstream::eprintln!(
            "{}",
            tr(lang, "run.reopen-unpublished", &[("period", &period)])
        );
    }
    let checked = crate::check_with(config, terminal.progress)?;
    let checked_in = started.elapsed();
    let folder = config.outputs.join(&period);
    let previous = crate::diff::Run::load(&folder).ok();
    let mut out = OutputSet::new(&config.outputs, &period)?;
    let run = Run {
        config,
        checked: &checked,
        reopen: reopen.as_ref(),
    };
    let timings = crate::outputs::write_all(&run, &mut out, terminal.progress)?;
    let write_started = Instant::now();
    let written = out.commit();
    terminal.progress.end();
    let written = written?;
    if let Some(r) = &reopen {
        crate::published::record_reopen(config, &period, r)?;
    }
    // The run just written, read back as `diff` reads any run, against the one it replaced.
    let since = previous.and_then(|p| {
        crate::diff::Run::load(&folder)
            .ok()
            .map(|now| crate::diff::compare(&p, &now))
    });
    let written_in = write_started.elapsed();
    let status = crate::findings::exit_status(&checked.findings);

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
        let mut summary = crate::outputs::run_summary(&run, &written, &folder, status);
        summary["since_previous"] =
            serde_json::json!(since.as_ref().map(crate::diff::Diff::to_json));
        let text = serde_json::to_string_pretty(&summary).unwrap_or_default();
        anstream::println!("{text}");
    }
    if terminal.is_verbose() {
        for w in &written {
            anstream::eprintln!("  {}", w.path);
        }
    }
    if terminal.says() {
        let counts = &checked.report.findings.counts;
        let line = text::run_summary(lang, written.len(), &folder, counts);
        anstream::eprintln!("{line}");
    }
    if let (Some(d), true) = (&since, terminal.says()) {
        anstream::eprintln!("{}", d.summary(lang));
    }
    if terminal.is_verbose() {
        let took = |name: &str| {
            let t = timings.iter().find(|(n, _)| *n == name);
            t.map_or(Duration::ZERO, |&(_, d)| d)
        };
        // The documents are typeset side by side: their time is the longest of the three.
        let render = DOCUMENTS.iter().map(|k| took(k.as_str())).max();
        let stages = [
            ("check", checked_in),
            ("render", render.unwrap_or_default()),
            ("trackers", took("trackers")),
            ("messages", took("messages")),
            ("write", written_in),
            ("total", started.elapsed()),
        ];
        anstream::eprintln!("{}", text::run_timings(lang, &stages));
    }
    Ok(status)
}
