//! manifest.json (docs/outputs.md): what was read, the headline figures, what was written.

use serde_json::{json, Value};

use crate::config::{RunConfig, SETTINGS_FILE};
use crate::output::Written;
use crate::Checked;

/// Builds the manifest from the checked run and the outputs written so far.
pub fn build(config: &RunConfig, checked: &Checked, written: &[Written]) -> Value {
    let report = &checked.report;
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
    json!({
        "as_of": config.as_of,
        "period": config.period(),
        "sample": config.settings.sample,
        "plan": {
            "title": checked.plan.meta.title,
            "start": checked.plan.meta.start,
            "end": checked.plan.meta.end,
            "closed": checked.reconciled.plan_closed,
            "note": report.meta.plan_closed,
        },
        "inputs": inputs,
        "figures": {
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
        },
        "findings": report.findings.counts,
        "outputs": written,
    })
}
