//! Every output of `run`, behind one interface, in one registry walked in manifest order.
//!
//! An [`Output`] says what it is ([`Output::name`]), the manifest kind of its files
//! ([`Output::kind`]), how many progress steps it counts ([`Output::steps`]), and writes its
//! files for every language it is made in into a staging [`Sink`]. [`REGISTRY`] lists them
//! in the order the manifest lists their files: the three documents (each in Spanish, then
//! English), the trackers, the
//! messages, the findings (JSON and CSV), the open-data tables, then the manifest itself.
//!
//! [`write_all`] stages every output but the last side by side (typesetting, the trackers and
//! the messages are the long poles), records what each staged in registry order, whichever
//! finished first, then stages the outputs that list the others ([`Output::lists_the_rest`]:
//! the manifest) and commits the folder whole. A new output is one more type here and one more
//! row in [`REGISTRY`]; nothing in `cmd::run` changes.
//!
//! The forms of next month ([`forms`]) are an output of their own command, `seguimiento
//! forms`, written into their own folder; the messages attach the same bytes.

pub mod forms;

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::RunConfig;
use crate::i18n::Lang;
use crate::output::{OutputSet, Written};
use crate::progress::{Progress, Stage};
use crate::render::DOCUMENTS;
use crate::{Checked, Result};

/// What every output reads: the run's settings and everything `check` computed.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    /// The run's settings (inputs, as-of date, templates, languages).
    pub config: &'a RunConfig,
    /// The plan, the intake, the reconciliation, the findings and the figures.
    pub checked: &'a Checked,
    /// The reason and the day a published quarter is reopened (`run --reopen`), if it is.
    pub reopen: Option<&'a crate::published::Reopen>,
}

/// Where an output writes its files: the staging folder of the run, and the progress it counts
/// its steps into.
pub struct Sink<'a> {
    set: &'a OutputSet,
    progress: &'a dyn Progress,
    /// What was recorded before this output was staged (all the others, for the manifest).
    pub written: &'a [Written],
}

/// A sink stages files as [`OutputSet::stage`] and [`OutputSet::stage_with`] do; it cannot
/// record them (only [`write_all`] does, in registry order).
impl std::ops::Deref for Sink<'_> {
    type Target = OutputSet;

    fn deref(&self) -> &OutputSet {
        self.set
    }
}

impl Sink<'_> {
    /// Counts one step of the writing stage.
    pub fn step(&self) {
        self.progress.step();
    }
}

/// One output of the run.
pub trait Output: Sync {
    /// What it is, for a maintainer (`progress-report`, `trackers`, `manifest`).
    fn name(&self) -> &'static str;

    /// The manifest kinds of its files (docs/outputs.md), most often one.
    fn kinds(&self) -> &'static [&'static str];

    /// How many steps of the writing stage it counts into the progress bar.
    fn steps(&self) -> u64 {
        0
    }

    /// Whether it lists the other outputs, and so is staged after them all.
    fn lists_the_rest(&self) -> bool {
        false
    }

    /// Writes its files, in every language it is made in, into `sink`; returns what it staged,
    /// in the order the manifest lists it.
    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>>;
}

/// Every output of `run`, in manifest order.
pub static REGISTRY: [&dyn Output; 6] = [
    &Documents, &Trackers, &Messages, &Findings, &OpenData, &Manifest,
];

/// Stages every output of [`REGISTRY`] into `set`, counting the writing stage into
/// `progress`, and records them in registry order (see the module documentation).
/// Returns how long each output took to stage, by [`Output::name`], in registry order.
pub fn write_all(
    run: &Run<'_>,
    set: &mut OutputSet,
    progress: &dyn Progress,
) -> Result<Vec<(&'static str, Duration)>> {
    let steps: u64 = REGISTRY.iter().map(|o| o.steps()).sum();
    progress.begin(Stage::Writing, steps);
    let (last, first): (Vec<&dyn Output>, Vec<&dyn Output>) =
        REGISTRY.iter().copied().partition(|o| o.lists_the_rest());
    let timed = |o: &dyn Output, sink: &Sink<'_>| {
        let started = Instant::now();
        o.write(run, sink).map(|w| (o.name(), w, started.elapsed()))
    };
    let mut timings = Vec::with_capacity(REGISTRY.len());
    let staged: Vec<Result<(&'static str, Vec<Written>, Duration)>> = {
        let sink = Sink {
            set,
            progress,
            written: &[],
        };
        first.par_iter().map(|&o| timed(o, &sink)).collect()
    };
    for staged in staged {
        let (name, written, took) = staged?;
        set.record_all(written);
        timings.push((name, took));
    }
    for output in last {
        let (name, written, took) = timed(
            output,
            &Sink {
                set,
                progress,
                written: &set.written,
            },
        )?;
        set.record_all(written);
        timings.push((name, took));
    }
    Ok(timings)
}

/// The three PDF documents, each in both languages, typeset in batches that fit the memory
/// budget (see [`crate::render::render_all`]).
struct Documents;

impl Output for Documents {
    fn name(&self) -> &'static str {
        "documents"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &["progress-report", "pledge-summary", "regional-review"]
    }

    fn steps(&self) -> u64 {
        (DOCUMENTS.len() * Lang::ALL.len()) as u64
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        crate::render::render_all(run.config, &run.checked.report, |d| {
            let written = sink.stage(&d.file_name, d.kind, Some(d.lang), &d.pdf);
            sink.step();
            written
        })
    }
}

/// The Excel trackers, one per language, streamed as they are built (see [`crate::tracker`]).
struct Trackers;

impl Output for Trackers {
    fn name(&self) -> &'static str {
        "trackers"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &[crate::tracker::KIND]
    }

    fn steps(&self) -> u64 {
        Lang::ALL.len() as u64
    }

    /// The two languages are built side by side when there are cores for it (measured at
    /// the M size of `make bench`: 2.0 s instead of 3.2 s one after the other).
    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        Lang::ALL
            .par_iter()
            .map(|&lang| {
                let name = crate::tracker::file_name(lang, &run.checked.report.meta.period);
                let written = sink.stage_with(&name, self.kinds()[0], Some(lang), |w| {
                    crate::tracker::write(run.checked, lang, w)
                });
                sink.step();
                written
            })
            .collect()
    }
}

/// The follow-up e-mail drafts, one per agency with something to act on and language its
/// contacts read (see [`crate::messages`]).
struct Messages;

impl Output for Messages {
    fn name(&self) -> &'static str {
        "messages"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &[crate::messages::KIND]
    }

    fn steps(&self) -> u64 {
        1
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let written = crate::messages::build_all(run.config, run.checked)?
            .iter()
            .map(|m| {
                sink.stage(
                    &format!("messages/{}", m.file_name),
                    self.kinds()[0],
                    Some(m.lang),
                    &m.eml,
                )
            })
            .collect();
        sink.step();
        written
    }
}

/// `findings.json` in the run's language, then the findings as CSV in each language.
struct Findings;

impl Output for Findings {
    fn name(&self) -> &'static str {
        "findings"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &["findings"]
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let checked = run.checked;
        let json =
            crate::cmd::check::findings_json(run.config, &checked.findings, &checked.intake.files);
        let bytes = crate::findings::document_bytes(&json);
        let mut out = vec![sink.stage("findings.json", self.kinds()[0], None, &bytes)?];
        for lang in Lang::ALL {
            out.push(sink.stage(
                &format!("findings-{lang}.csv"),
                self.kinds()[0],
                Some(lang),
                &crate::output::findings_csv(&checked.findings, lang),
            )?);
        }
        Ok(out)
    }
}

/// The HXL-tagged open-data tables (see [`crate::open_data`]).
struct OpenData;

impl Output for OpenData {
    fn name(&self) -> &'static str {
        "open-data"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &[crate::open_data::KIND]
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        crate::open_data::build_all(run.checked)
            .iter()
            .map(|e| sink.stage(&e.file_name, self.kinds()[0], Some(e.lang), &e.bytes))
            .collect()
    }
}

/// `manifest.json`: what was read, the headline figures, and every other output (see
/// [`crate::manifest`]).
struct Manifest;

impl Output for Manifest {
    fn name(&self) -> &'static str {
        "manifest"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &["manifest"]
    }

    fn lists_the_rest(&self) -> bool {
        true
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let manifest = crate::manifest::build(run.config, run.checked, sink.written, run.reopen);
        Ok(vec![sink.stage(
            "manifest.json",
            self.kinds()[0],
            None,
            &pretty(&manifest),
        )?])
    }
}

/// Returns what `run --format json` prints: the manifest without its inputs, plus the folder
/// written and the exit status.
pub fn run_summary(
    run: &Run<'_>,
    written: &[Written],
    folder: &std::path::Path,
    exit_status: u8,
) -> serde_json::Value {
    let manifest = crate::manifest::build(run.config, run.checked, written, run.reopen);
    serde_json::json!({
        "as_of": run.config.as_of,
        "period": run.config.period(),
        "folder": folder.display().to_string(),
        "exit_status": exit_status,
        "findings": manifest["findings"],
        "figures": manifest["figures"],
        "outputs": written,
    })
}

/// Returns a JSON document as the outputs write it: pretty, with a final newline.
pub fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}
