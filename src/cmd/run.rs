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

    // Typesetting is the long pole; trackers and messages are built beside it.
    let timed = |f: &dyn Fn() -> Result<Vec<Output>>| {
        let t = Instant::now();
        f().map(|v| (v, t.elapsed()))
    };
    let (documents, (trackers, messages)) = rayon::join(
        || {
            timed(&|| {
                Ok(crate::render::render_all(config, &checked.report)?
                    .into_iter()
                    .map(Output::from)
                    .collect())
            })
        },
        || {
            rayon::join(
                || {
                    timed(&|| {
                        Ok(crate::tracker::build_all(&checked)?
                            .into_iter()
                            .map(Output::from)
                            .collect())
                    })
                },
                || {
                    timed(&|| {
                        Ok(crate::messages::build_all(config, &checked)?
                            .into_iter()
                            .map(Output::from)
                            .collect())
                    })
                },
            )
        },
    );
    let (documents, rendered_in) = documents?;
    let (trackers, trackers_in) = trackers?;
    let (messages, messages_in) = messages?;
    let write_started = Instant::now();
    for o in documents.iter().chain(&trackers).chain(&messages) {
        out.write(&o.name, o.kind, Some(o.lang), &o.bytes)?;
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
    let written_in = write_started.elapsed();

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
                ("trackers", &format!("{:.2}", trackers_in.as_secs_f64())),
                ("messages", &format!("{:.2}", messages_in.as_secs_f64())),
                ("write", &format!("{:.2}", written_in.as_secs_f64())),
                ("total", &format!("{:.2}", started.elapsed().as_secs_f64())),
            ]
        )
    );
    Ok(super::check::exit_status(&checked.findings))
}

/// One file to write, whatever produced it.
struct Output {
    name: String,
    kind: &'static str,
    lang: Lang,
    bytes: Vec<u8>,
}

impl From<crate::render::Document> for Output {
    fn from(d: crate::render::Document) -> Output {
        Output {
            name: d.file_name,
            kind: d.kind,
            lang: d.lang,
            bytes: d.pdf,
        }
    }
}

impl From<crate::tracker::Tracker> for Output {
    fn from(t: crate::tracker::Tracker) -> Output {
        Output {
            name: t.file_name,
            kind: crate::tracker::KIND,
            lang: t.lang,
            bytes: t.bytes,
        }
    }
}

impl From<crate::messages::Message> for Output {
    fn from(m: crate::messages::Message) -> Output {
        Output {
            name: format!("messages/{}", m.file_name),
            kind: crate::messages::KIND,
            lang: m.lang,
            bytes: m.eml,
        }
    }
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}
