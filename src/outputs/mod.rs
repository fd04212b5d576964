//! Every output of `run`, behind one interface, in one registry walked in manifest order.
//!
//! An [`Output`] says what it is ([`Output::name`]), the manifest kind of its files
//! ([`Output::kinds`]), how many progress steps it counts ([`Output::steps`]), and writes its
//! files for every language it is made in into a staging [`Sink`]. [`REGISTRY`] lists them
//! in the order the manifest lists their files: the three documents (each its own output, in
//! Spanish, then English), the trackers, the messages, the findings (JSON and CSV), the
//! open-data tables, then the manifest itself.
//!
//! [`write_all`] stages every output but the last side by side, each on a thread of its own
//! (typesetting, the trackers and the messages are the long poles; their own parallel work
//! goes to rayon's pool), records what each staged in registry order, whichever finished
//! first, then stages the outputs that list the others ([`Output::lists_the_rest`]: the
//! manifest). The caller commits the folder whole. A new output is one more type here and
//! one more row in [`REGISTRY`]; nothing in `cmd::run` changes.
//!
//! The forms of next month ([`Forms`], built by [`forms`]) are the output of their own
//! command, `seguimiento forms`, staged through [`write_each`] into their own folder in the
//! same way; the messages attach the same bytes. [`text`] holds what `check` and `plan` print.

pub mod forms;
pub mod text;

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::calendar::YearMonth;
use crate::config::RunConfig;
use crate::i18n::Lang;
use crate::output::{OutputSet, Written};
use crate::progress::{Progress, Stage};
use crate::render::DocKind;
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
pub static REGISTRY: [&dyn Output; 8] = [
    &Document(DocKind::ProgressReport),
    &Document(DocKind::PledgeSummary),
    &Document(DocKind::RegionalReview),
    &Trackers,
    &Messages,
    &Findings,
    &OpenData,
    &Manifest,
];

/// What a run did: the run checked, the files written, and what changed since the run the
/// outputs replaced.
pub struct Done {
    /// The checked inputs the outputs were made of.
    pub checked: Checked,
    /// The files written, in manifest order.
    pub written: Vec<Written>,
    /// The quarter's outputs folder.
    pub folder: std::path::PathBuf,
    /// What changed since the run replaced, when there was one.
    pub since: Option<crate::diff::Diff>,
    /// The exit status the findings give (1 with an error among them, else 0).
    pub status: u8,
    /// How long each stage took, for `-v`: check, each output by [`Output::name`], the
    /// writing into place.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Runs the whole pipeline for the quarter of the as-of date: checks, stages every output of
/// [`REGISTRY`], puts them in place whole, records a reopening (given by
/// [`crate::published::guard`]) and compares the run with the one it replaced.
pub fn run(
    config: &RunConfig,
    reopen: Option<&crate::published::Reopen>,
    progress: &dyn Progress,
) -> Result<Done> {
    let started = Instant::now();
    let period = config.period();
    let checked = crate::check_with(config, progress)?;
    let mut timings = vec![("check", started.elapsed())];
    let folder = config.outputs.join(&period);
    let previous = crate::diff::Run::load(&folder).ok();
    let mut out = OutputSet::new(&config.outputs, &period)?;
    let run = Run {
        config,
        checked: &checked,
        reopen,
    };
    timings.extend(write_all(&run, &mut out, progress)?);
    let write_started = Instant::now();
    let written = out.commit();
    progress.end();
    let written = written?;
    if let Some(r) = reopen {
        crate::published::record_reopen(config, &period, r)?;
    }
    // The run just written, read back as `diff` reads any run, against the one it replaced.
    let since = previous.and_then(|p| {
        crate::diff::Run::load(&folder)
            .ok()
            .map(|now| crate::diff::compare(&p, &now))
    });
    timings.push(("write", write_started.elapsed()));
    let status = crate::findings::exit_status(&checked.findings);
    Ok(Done {
        checked,
        written,
        folder,
        since,
        status,
        timings,
    })
}

/// Stages every output of [`REGISTRY`] into `set`, counting the writing stage into
/// `progress`, and records them in registry order (see the module documentation).
/// Returns how long each output took to stage, by [`Output::name`], in registry order.
pub fn write_all(
    run: &Run<'_>,
    set: &mut OutputSet,
    progress: &dyn Progress,
) -> Result<Vec<(&'static str, Duration)>> {
    write_each(&REGISTRY, run, set, progress)
}

/// Stages `outputs` into `set` as [`write_all`] stages the registry: all but those that list
/// the rest side by side, each on a thread of its own, recorded in the order given; then
/// those that list the rest. Returns how long each took, by [`Output::name`], in that order.
///
/// Each output has a thread rather than a task of rayon's pool because the documents wait
/// for one another at the typesetting gate (see [`crate::render::render_languages`]), and
/// a task of the pool must never wait on another: it may hold that other's work lower on its
/// own stack.
pub fn write_each(
    outputs: &[&dyn Output],
    run: &Run<'_>,
    set: &mut OutputSet,
    progress: &dyn Progress,
) -> Result<Vec<(&'static str, Duration)>> {
    let steps: u64 = outputs.iter().map(|o| o.steps()).sum();
    progress.begin(Stage::Writing, steps);
    let (last, first): (Vec<&dyn Output>, Vec<&dyn Output>) =
        outputs.iter().copied().partition(|o| o.lists_the_rest());
    let timed = |o: &dyn Output, sink: &Sink<'_>| {
        let started = Instant::now();
        o.write(run, sink).map(|w| (o.name(), w, started.elapsed()))
    };
    let mut timings = Vec::with_capacity(outputs.len());
    let staged: Vec<Result<(&'static str, Vec<Written>, Duration)>> = {
        let sink = Sink {
            set,
            progress,
            written: &[],
        };
        std::thread::scope(|scope| {
            let threads: Vec<_> = first
                .iter()
                .map(|&o| scope.spawn(|| timed(o, &sink)))
                .collect();
            threads
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
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

/// One PDF document in both languages, typeset as [`crate::render::render_languages`] says.
struct Document(DocKind);

impl Output for Document {
    fn name(&self) -> &'static str {
        self.0.as_str()
    }

    fn kinds(&self) -> &'static [&'static str] {
        self.0.kinds()
    }

    fn steps(&self) -> u64 {
        Lang::ALL.len() as u64
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let templates = crate::render::templates(run.config.templates.as_deref())?;
        crate::render::render_languages(&templates, self.0, &run.checked.report, |d| {
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
        let json = text::findings_json(run.config, &checked.findings, &checked.intake.files);
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

    /// Each file is staged as soon as it is made and dropped before the next is built, so
    /// that no more than one table is held at a time (the reports run to tens of megabytes
    /// at a hundred thousand rows, while the trackers and the documents are being made).
    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        use crate::open_data::{build, file_name, TABLES};
        let period = &run.checked.report.meta.period;
        let mut out = Vec::with_capacity(TABLES.len() * Lang::ALL.len());
        for table in TABLES {
            for lang in Lang::ALL {
                let bytes = build(run.checked, table, lang);
                let name = file_name(table, lang, period);
                out.push(sink.stage(&name, self.kinds()[0], Some(lang), &bytes)?);
            }
        }
        Ok(out)
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

/// The collection workbooks of a month (see [`forms`]): one status form per lead agency, then
/// the pledge form, all in Spanish, the language ingest reads their headers in.
pub struct Forms {
    /// The month they collect.
    pub month: YearMonth,
}

impl Forms {
    /// Returns the folder they are written into, under the outputs folder (`forms/2024-07`).
    pub fn folder(&self) -> String {
        format!("forms/{}", forms::iso(self.month))
    }
}

impl Output for Forms {
    fn name(&self) -> &'static str {
        "forms"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &[forms::KIND]
    }

    fn steps(&self) -> u64 {
        1
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let written = forms::build_all(run.checked, self.month)?
            .iter()
            .map(|f| sink.stage(&f.file_name, self.kinds()[0], Some(Lang::Es), &f.bytes))
            .collect();
        sink.step();
        written
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_lists_each_document_then_the_rest_in_manifest_order() {
        let kinds: Vec<&str> = REGISTRY.iter().flat_map(|o| o.kinds()).copied().collect();
        assert_eq!(
            kinds,
            [
                "progress-report",
                "pledge-summary",
                "regional-review",
                crate::tracker::KIND,
                crate::messages::KIND,
                "findings",
                crate::open_data::KIND,
                "manifest"
            ]
        );
        let names: std::collections::BTreeSet<&str> = REGISTRY.iter().map(|o| o.name()).collect();
        assert_eq!(
            names.len(),
            REGISTRY.len(),
            "each output has a name of its own"
        );
        assert_eq!(
            REGISTRY.iter().filter(|o| o.lists_the_rest()).count(),
            1,
            "only the manifest lists the others"
        );
    }
}
