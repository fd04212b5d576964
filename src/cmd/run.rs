//! `seguimiento run`: check, then write every output for the quarter of the as-of date.

use std::time::Instant;

use super::check::findings_counted;
use super::Terminal;
use crate::config::RunConfig;
use crate::i18n::{tr, Lang};
use crate::output::{OutputSet, Written};
use crate::progress::Stage;
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
    let progress = terminal.progress;
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
    let checked = crate::check_with(config, progress)?;
    let checked_in = started.elapsed();
    let previous = crate::diff::Run::load(&config.outputs.join(&period)).ok();
    let mut out = OutputSet::new(&config.outputs, &period)?;
    // One step per document, one per tracker, one for the messages together.
    let steps = crate::render::DOCUMENTS.len() * Lang::ALL.len() + Lang::ALL.len() + 1;
    progress.begin(Stage::Writing, steps as u64);

    // Typesetting and the trackers are the long poles; they run beside each other, with the
    // messages. Every output goes to the staging folder as soon as it is made (the trackers
    // stream there as they are built), so none is held whole in memory; what was staged is
    // recorded afterwards in a fixed order, whichever finished first.
    let staging = &out;
    let timed = |f: &dyn Fn() -> Result<Vec<Written>>| {
        let t = Instant::now();
        f().map(|v| (v, t.elapsed()))
    };
    let (documents, (trackers, messages)) = rayon::join(
        || {
            timed(&|| {
                crate::render::render_all(config, &checked.report, |d| {
                    let written = staging.stage(&d.file_name, d.kind, Some(d.lang), &d.pdf);
                    progress.step();
                    written
                })
            })
        },
        || {
            rayon::join(
                || {
                    timed(&|| {
                        Lang::ALL
                            .iter()
                            .map(|&l| {
                                let name =
                                    crate::tracker::file_name(l, &checked.report.meta.period);
                                let written =
                                    staging.stage_with(&name, crate::tracker::KIND, Some(l), |w| {
                                        crate::tracker::write(&checked, l, w)
                                    });
                                progress.step();
                                written
                            })
                            .collect()
                    })
                },
                || {
                    timed(&|| {
                        let written = crate::messages::build_all(config, &checked)?
                            .iter()
                            .map(|m| {
                                staging.stage(
                                    &format!("messages/{}", m.file_name),
                                    crate::messages::KIND,
                                    Some(m.lang),
                                    &m.eml,
                                )
                            })
                            .collect();
                        progress.step();
                        written
                    })
                },
            )
        },
    );
    let (documents, rendered_in) = documents?;
    let (trackers, trackers_in) = trackers?;
    let (messages, messages_in) = messages?;
    let write_started = Instant::now();
    for w in documents.into_iter().chain(trackers).chain(messages) {
        out.record(w);
    }

    let findings = super::check::findings_json(config, &checked.findings, &checked.intake.files);
    out.write(
        "findings.json",
        "findings",
        None,
        &crate::findings::document_bytes(&findings),
    )?;
    for l in Lang::ALL {
        out.write(
            &format!("findings-{l}.csv"),
            "findings",
            Some(l),
            &crate::output::findings_csv(&checked.findings, l),
        )?;
    }
    for e in crate::open_data::build_all(&checked) {
        out.write(&e.file_name, crate::open_data::KIND, Some(e.lang), &e.bytes)?;
    }

    let manifest = crate::manifest::build(config, &checked, &out.written, reopen.as_ref());
    out.write("manifest.json", "manifest", None, &pretty(&manifest))?;
    let written = out.commit();
    progress.end();
    let written = written?;
    if let Some(r) = &reopen {
        crate::published::record_reopen(config, &period, r)?;
    }
    let since = previous.map(|p| {
        crate::diff::compare(
            &p,
            &crate::diff::Run {
                manifest_path: config.outputs.join(&period).join("manifest.json"),
                manifest: manifest.clone(),
                findings: Some(findings.clone()),
            },
        )
    });
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
        let summary = serde_json::json!({
            "as_of": config.as_of,
            "period": period,
            "folder": folder.display().to_string(),
            "exit_status": status,
            "findings": manifest["findings"],
            "figures": manifest["figures"],
            "outputs": written,
            "since_previous": since.as_ref().map(crate::diff::Diff::to_json),
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
    if let (Some(d), true) = (&since, terminal.says()) {
        anstream::eprintln!("{}", d.summary(lang));
    }
    if terminal.is_verbose() {
        anstream::eprintln!(
            "{}",
            tr(
                lang,
                "run.timing",
                &[
                    ("check", &format!("{:.2}", checked_in.as_secs_f64())),
                    ("render", &format!("{:.2}", rendered_in.as_secs_f64())),
                    ("trackers", &format!("{:.2}", trackers_in.as_secs_f64())),
                    ("messages", &format!("{:.2}", messages_in.as_secs_f64())),
                    ("write", &format!("{:.2}", written_in.as_secs_f64())),
                    ("total", &format!("{:.2}", started.elapsed().as_secs_f64())),
                ]
            )
        );
    }
    Ok(status)
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}
