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
//! same way; the messages attach the same bytes. The reminders of the month under collection
//! ([`Reminders`]) are the output of `seguimiento remind`, staged the same way into
//! `reminders/<month>`. [`text`] holds what `check` and `plan` print.

pub mod csv;
pub mod documents;
pub mod findings;
pub mod forms;
pub mod messages;
pub mod narrative;
pub mod open_data;
pub mod overview;
pub mod palette;
pub mod payload;
pub mod staging;
pub mod templates;
pub mod tracker;

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::calendar::YearMonth;
use crate::config::RunConfig;
use crate::progress::{Progress, Stage};
use crate::{Checked, Result};
use documents::DocKind;
pub use findings::Findings;
use staging::{OutputSet, Written};

/// What every output reads: the run's settings and everything `check` computed.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    /// The run's settings (inputs, as-of date, templates, languages).
    pub config: &'a RunConfig,
    /// The plan, the intake, the reconciliation, the findings and the figures.
    pub checked: &'a Checked,
    /// The reason and the day a published quarter is reopened (`run --reopen`), if it is.
    pub reopen: Option<&'a crate::config::Reopen>,
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

    /// The string key of how the terminal names it (`-v`'s timings).
    fn label_key(&self) -> &'static str;

    /// The manifest kinds of its files (docs/outputs.md), most often one.
    fn kinds(&self) -> &'static [&'static str];

    /// How many steps of the writing stage it counts into the progress bar in `run`.
    fn steps(&self, _run: &Run<'_>) -> u64 {
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

/// Stages `outputs` into `set` as [`write_all`] stages the registry: all but those that list
/// the rest side by side, each on a thread of its own, recorded in the order given; then
/// those that list the rest. Returns how long each took, by [`Output::name`], in that order.
///
/// Each output has a thread rather than a task of rayon's pool because the documents wait
/// for one another at the typesetting gate (see [`crate::outputs::documents::render_languages`]), and
/// a task of the pool must never wait on another: it may hold that other's work lower on its
/// own stack.
pub fn write_each(
    outputs: &[&dyn Output],
    run: &Run<'_>,
    set: &mut OutputSet,
    progress: &dyn Progress,
) -> Result<Vec<(&'static str, Duration)>> {
    let steps: u64 = outputs.iter().map(|o| o.steps(run)).sum();
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

/// One PDF document in each of the run's languages, typeset as [`crate::outputs::documents::render_languages`] says.
pub struct Document(pub DocKind);

impl Output for Document {
    fn name(&self) -> &'static str {
        self.0.as_str()
    }

    fn label_key(&self) -> &'static str {
        match self.0 {
            DocKind::ProgressReport => "run.output.progress-report",
            DocKind::PledgeSummary => "run.output.pledge-summary",
            DocKind::RegionalReview => "run.output.regional-review",
        }
    }

    fn kinds(&self) -> &'static [&'static str] {
        self.0.kinds()
    }

    fn steps(&self, run: &Run<'_>) -> u64 {
        run.config.languages().len() as u64
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let templates = crate::outputs::documents::templates(run.config.templates.as_deref())?;
        let langs = run.config.languages();
        let report = &run.checked.report;
        crate::outputs::documents::render_languages(&templates, self.0, report, langs, |d| {
            let written = sink.stage(&d.file_name, d.kind, Some(d.lang), &d.pdf);
            sink.step();
            written
        })
    }
}

/// A document's Word version in each of the run's languages, made from the same template as
/// its PDF (see [`crate::outputs::documents::word`]), beside it in the outputs folder.
pub struct WordDocument(pub DocKind);

impl Output for WordDocument {
    fn name(&self) -> &'static str {
        self.0.word_kinds()[0]
    }

    fn label_key(&self) -> &'static str {
        match self.0 {
            DocKind::ProgressReport => "run.output.progress-report-docx",
            DocKind::PledgeSummary => "run.output.pledge-summary-docx",
            DocKind::RegionalReview => "run.output.regional-review-docx",
        }
    }

    fn kinds(&self) -> &'static [&'static str] {
        self.0.word_kinds()
    }

    fn steps(&self, run: &Run<'_>) -> u64 {
        run.config.languages().len() as u64
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        use crate::outputs::documents::{self, word};
        let overrides = run.config.templates.as_deref();
        let templates = documents::templates(overrides)?;
        let reference = word::reference(overrides)?;
        let report = &run.checked.report;
        documents::each_language(
            report,
            run.config.languages(),
            |lang| word::render(&templates, &reference, self.0, lang, report),
            |d| {
                let written = sink.stage(&d.file_name, d.kind, Some(d.lang), &d.bytes);
                sink.step();
                written
            },
        )
    }
}

/// The Excel trackers, one per language of the run, streamed as they are built (see [`crate::outputs::tracker`]).
pub struct Trackers;

impl Output for Trackers {
    fn name(&self) -> &'static str {
        "trackers"
    }

    fn label_key(&self) -> &'static str {
        "run.output.trackers"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &[crate::outputs::tracker::KIND]
    }

    fn steps(&self, run: &Run<'_>) -> u64 {
        run.config.languages().len() as u64
    }

    /// The run's languages are built side by side when there are cores for it (measured at
    /// the M size of `make bench`: 2.0 s instead of 3.2 s one after the other for two).
    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        run.config
            .languages()
            .par_iter()
            .map(|&lang| {
                let name =
                    crate::outputs::tracker::file_name(lang, &run.checked.report.meta.period);
                let written = sink.stage_with(&name, self.kinds()[0], Some(lang), |w| {
                    crate::outputs::tracker::write(run.checked, lang, w)
                });
                sink.step();
                written
            })
            .collect()
    }
}

/// The follow-up e-mail drafts, one per agency with something to act on and language its
/// contacts read (see [`crate::outputs::messages`]).
pub struct Messages;

impl Output for Messages {
    fn name(&self) -> &'static str {
        "messages"
    }

    fn label_key(&self) -> &'static str {
        "run.output.messages"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &[crate::outputs::messages::KIND]
    }

    fn steps(&self, _run: &Run<'_>) -> u64 {
        1
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let written = crate::outputs::messages::build_all(run.config, run.checked)?
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

/// The HXL-tagged open-data tables (see [`crate::outputs::open_data`]).
pub struct OpenData;

impl Output for OpenData {
    fn name(&self) -> &'static str {
        "open-data"
    }

    fn label_key(&self) -> &'static str {
        "run.output.open-data"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &[crate::outputs::open_data::KIND]
    }

    /// Each file is staged as soon as it is made and dropped before the next is built, so
    /// that no more than one table is held at a time (the reports run to tens of megabytes
    /// at a hundred thousand rows, while the trackers and the documents are being made).
    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        use crate::outputs::open_data::{build, file_name, TABLES};
        let period = &run.checked.report.meta.period;
        let langs = run.config.languages();
        let mut out = Vec::with_capacity(TABLES.len() * langs.len());
        for table in TABLES {
            for &lang in langs {
                let bytes = build(run.checked, table, lang);
                let name = file_name(table, lang, period);
                out.push(sink.stage(&name, self.kinds()[0], Some(lang), &bytes)?);
            }
        }
        Ok(out)
    }
}

/// The collection workbooks of a month (see [`forms`]): one status form per lead agency, then
/// the pledge form, all in the run's first language ([`forms::form_language`]).
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

    fn label_key(&self) -> &'static str {
        "run.output.forms"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &[forms::KIND]
    }

    fn steps(&self, _run: &Run<'_>) -> u64 {
        1
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let written = forms::build_all(run.checked, self.month)?
            .iter()
            .map(|f| {
                let lang = forms::form_language(run.checked);
                sink.stage(&f.file_name, self.kinds()[0], Some(lang), &f.bytes)
            })
            .collect();
        sink.step();
        written
    }
}

/// The reminders of the month under collection (see [`messages::remind`]): a draft to each
/// agency whose form has not arrived, in the languages its contacts read, each carrying the
/// agency's form for the month.
pub struct Reminders {
    /// Whom to remind, worked out before anything is written.
    pub collection: messages::remind::Collection,
}

impl Reminders {
    /// Returns the folder they are written into, under the outputs folder (`reminders/2024-06`).
    pub fn folder(&self) -> String {
        format!("reminders/{}", forms::iso(self.collection.month))
    }
}

impl Output for Reminders {
    fn name(&self) -> &'static str {
        "reminders"
    }

    fn label_key(&self) -> &'static str {
        "run.output.reminders"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &[messages::remind::KIND]
    }

    fn steps(&self, _run: &Run<'_>) -> u64 {
        1
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let drafts = messages::remind::drafts(run.config, run.checked, &self.collection)?;
        let written = drafts
            .iter()
            .map(|m| sink.stage(&m.file_name, self.kinds()[0], Some(m.lang), &m.eml))
            .collect();
        sink.step();
        written
    }
}

/// Returns a JSON document as the outputs write it: pretty, with a final newline.
pub fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}
