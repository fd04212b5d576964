//! manifest.json (docs/outputs.md): what was read, the headline figures, what was written.

use serde_json::{json, Value};

use super::{figures, inputs, plan_sha256, VERSION};
use crate::config::{Reopen, RunConfig};
use crate::outputs::staging::Written;
use crate::outputs::{pretty, Output, Run, Sink};
use crate::{Checked, Result};

/// Builds the manifest from the checked run and the outputs written so far. `reopen` is the
/// reason and the day a published quarter was reopened (`run --reopen`).
pub fn build(
    config: &RunConfig,
    checked: &Checked,
    written: &[Written],
    reopen: Option<&Reopen>,
) -> Value {
    let report = &checked.report;
    let mut manifest = json!({
        "as_of": config.as_of,
        "period": config.period(),
        "version": VERSION,
        "sample": config.settings.sample,
        "plan": {
            "title": checked.plan.meta.title,
            "start": checked.plan.meta.start,
            "end": checked.plan.meta.end,
            "closed": checked.reconciled.plan_closed,
            "note": report.meta.plan_closed,
            "sha256": plan_sha256(config, checked),
        },
        "inputs": inputs(config, checked),
        "figures": figures(checked),
        "findings": report.findings.counts,
        "outputs": written,
    });
    if let Some(r) = reopen {
        manifest["reopened"] = json!(r);
    }
    manifest
}

/// `manifest.json`: what was read, the headline figures, and every other output (see
/// [`build`]).
pub struct Manifest;

impl Output for Manifest {
    fn name(&self) -> &'static str {
        "manifest"
    }

    fn label_key(&self) -> &'static str {
        "run.output.manifest"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &["manifest"]
    }

    fn lists_the_rest(&self) -> bool {
        true
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let manifest = build(run.config, run.checked, sink.written, run.reopen);
        Ok(vec![sink.stage(
            "manifest.json",
            self.kinds()[0],
            None,
            &pretty(&manifest),
        )?])
    }
}
