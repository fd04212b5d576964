//! `seguimiento run`: check, then write every output for the quarter of the as-of date.

use std::time::Instant;

use crate::config::RunConfig;
use crate::i18n::{tr, Lang};
use crate::output::OutputSet;
use crate::Result;

/// Runs the whole pipeline; returns the exit status.
pub fn run(config: &RunConfig) -> Result<u8> {
    let lang = config.lang();
    let started = Instant::now();
    let checked = crate::check(config)?;
    let checked_in = started.elapsed();
    let period = config.period();
    let mut out = OutputSet::new(&config.outputs, &period)?;

    let render_started = Instant::now();
    let documents = crate::render::render_all(config, &checked.report)?;
    for doc in &documents {
        out.write(&doc.file_name, doc.kind, Some(doc.lang), &doc.pdf)?;
    }
    let rendered_in = render_started.elapsed();

    for tracker in crate::tracker::build_all(&checked)? {
        out.write(
            &tracker.file_name,
            crate::tracker::KIND,
            Some(tracker.lang),
            &tracker.bytes,
        )?;
    }
    for message in crate::messages::build_all(config, &checked)? {
        out.write(
            &format!("messages/{}", message.file_name),
            crate::messages::KIND,
            Some(message.lang),
            &message.eml,
        )?;
    }

    let findings = super::check::findings_json(config, &checked.findings, &checked.intake.files);
    out.write("findings.json", "findings", None, &pretty(&findings))?;
    for l in Lang::ALL {
        out.write(
            &format!("findings-{l}.csv"),
            "findings",
            Some(l),
            &crate::output::findings_csv(&checked.findings, l),
        )?;
    }

    let manifest = crate::manifest::build(config, &checked, &out.written);
    out.write("manifest.json", "manifest", None, &pretty(&manifest))?;
    let written = out.commit()?;

    let counts = checked.report.findings.counts;
    eprintln!(
        "{}",
        tr(
            lang,
            "run.summary",
            &[
                ("files", &written.len()),
                ("folder", &config.outputs.join(&period).display()),
                ("errors", &counts.error),
                ("warnings", &counts.warning),
                ("infos", &counts.info),
            ]
        )
    );
    eprintln!(
        "{}",
        tr(
            lang,
            "run.timing",
            &[
                ("check", &format!("{:.2}", checked_in.as_secs_f64())),
                ("render", &format!("{:.2}", rendered_in.as_secs_f64())),
                ("total", &format!("{:.2}", started.elapsed().as_secs_f64())),
            ]
        )
    );
    Ok(super::check::exit_status(&checked.findings))
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}
