//! manifest.json (docs/outputs.md): what was read, the headline figures, what was written.

use serde_json::{json, Value};

use crate::config::{RunConfig, SETTINGS_FILE};
use crate::output::Written;
use crate::Checked;

/// The tool's version, as the manifest and the publication records carry it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Builds the manifest from the checked run and the outputs written so far. `reopen` is the
/// reason and the day a published quarter was reopened (`run --reopen`).
pub fn build(
    config: &RunConfig,
    checked: &Checked,
    written: &[Written],
    reopen: Option<&crate::published::Reopen>,
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

/// The SHA-256 of the file the plan was read from (`plan/plan.toml` or `plan/plan.xlsx`), when
/// it can be read.
pub fn plan_sha256(config: &RunConfig, checked: &Checked) -> Option<String> {
    std::fs::read(config.inputs.join(checked.plan.source))
        .ok()
        .map(|b| crate::ingest::sha256_hex(&b))
}

/// Every input read: the plan, the settings, then one account per form file.
pub fn inputs(config: &RunConfig, checked: &Checked) -> Vec<Value> {
    let mut inputs: Vec<Value> = Vec::new();
    for (rel, kind) in [(checked.plan.source, "plan"), (SETTINGS_FILE, "settings")] {
        if let Ok(bytes) = std::fs::read(config.inputs.join(rel)) {
            inputs.push(json!({
                "path": rel, "kind": kind, "sha256": crate::ingest::sha256_hex(&bytes),
                "rows": null, "accepted": null, "rejected": null, "blank": null,
            }));
        }
    }
    inputs.extend(
        checked
            .intake
            .files
            .iter()
            .map(|f| serde_json::to_value(f).unwrap_or(Value::Null)),
    );
    inputs
}

/// The headline figures (docs/outputs.md), as the manifest and the publication records hold
/// them.
pub fn figures(checked: &Checked) -> Value {
    let report = &checked.report;
    json!({
        "activities": {
            "total": report.activities.total,
            "by_status": report.activities.by_status,
            "overdue": report.activities.overdue,
            "missing_reports": report.activities.missing_reports,
            "completed_share": report.activities.completed_share,
        },
        "pledges": {
            "total": report.pledges.total,
            "by_status": report.pledges.by_status,
            "by_objective": report.pledges.by_objective,
            "by_entity_type": report.pledges.by_entity_type,
            "updated_this_quarter": report.pledges.updated_this_quarter,
        },
    })
}
