//! `seguimiento run`: the driver above the outputs, as zola's `Site::build` stands above its
//! feeds and sitemap. It checks the inputs, stages every output of [`REGISTRY`] into one
//! staging folder, puts it in place whole, records a reopening of a published quarter and
//! compares the run with the one it replaced. The commands only call it and print.

use std::time::{Duration, Instant};

use crate::config::{Reopen, RunConfig};
use crate::outputs::documents::DocKind;
use crate::outputs::staging::{OutputSet, Written};
use crate::outputs::{
    write_each, Document, Findings, Messages, OpenData, Output, Run, Trackers, WordDocument,
};
use crate::progress::Progress;
use crate::record::manifest::{self, Manifest};
use crate::record::{diff, published};
use crate::{Checked, Result};

/// Every output of `run`, in manifest order.
pub static REGISTRY: [&dyn Output; 12] = [
    &Document(DocKind::ProgressReport),
    &Document(DocKind::PledgeSummary),
    &Document(DocKind::RegionalReview),
    &WordDocument(DocKind::ProgressReport),
    &WordDocument(DocKind::PledgeSummary),
    &WordDocument(DocKind::RegionalReview),
    &Trackers,
    &Messages,
    &Findings,
    &OpenData,
    &crate::outputs::overview::Overview,
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
    pub since: Option<diff::Diff>,
    /// The exit status the findings give (1 with an error among them, else 0).
    pub status: u8,
    /// How long each stage took, for `-v`: check, each output by [`Output::name`], the
    /// writing into place.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Runs the whole pipeline for the quarter of the as-of date: checks, stages every output of
/// [`REGISTRY`], puts them in place whole, records a reopening (given by
/// [`published::guard`]) and compares the run with the one it replaced.
pub fn run(config: &RunConfig, reopen: Option<&Reopen>, progress: &dyn Progress) -> Result<Done> {
    let started = Instant::now();
    let period = config.period();
    let checked = crate::check_with(config, progress)?;
    // Every output is written in each language of the run: a plan text missing in one of them
    // (an imported plan before its translation) stops the run, listing them.
    checked.plan.require_languages(config.languages())?;
    let mut timings = vec![("check", started.elapsed())];
    let folder = config.outputs.join(&period);
    let previous = diff::Run::load(&folder).ok();
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
        published::record_reopen(config, &period, r)?;
    }
    // The run just written, read back as `diff` reads any run, against the one it replaced.
    let since = previous.and_then(|p| {
        diff::Run::load(&folder)
            .ok()
            .map(|now| diff::compare(&p, &now))
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

/// Returns what `run --format json` prints: the manifest without its inputs, plus the folder
/// written and the exit status.
pub fn run_summary(
    run: &Run<'_>,
    written: &[Written],
    folder: &std::path::Path,
    exit_status: u8,
) -> serde_json::Value {
    let manifest = manifest::build(run.config, run.checked, written, run.reopen);
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
                "progress-report-docx",
                "pledge-summary-docx",
                "regional-review-docx",
                crate::outputs::tracker::KIND,
                crate::outputs::messages::KIND,
                "findings",
                crate::outputs::open_data::KIND,
                crate::outputs::overview::KIND,
                "manifest"
            ]
        );
        let names: std::collections::BTreeSet<&str> = REGISTRY.iter().map(|o| o.name()).collect();
        assert_eq!(
            names.len(),
            REGISTRY.len(),
            "each output has a name of its own"
        );
        let last: Vec<&str> = REGISTRY
            .iter()
            .filter(|o| o.lists_the_rest())
            .map(|o| o.name())
            .collect();
        assert_eq!(
            last,
            ["overview", "manifest"],
            "the overview page lists the others, and the manifest lists the page"
        );
    }
}
