//! The record of a run: what a run read, figured and wrote, kept so that runs can be compared
//! and quarters published and recomputed. One module owns every format of it: it writes the
//! manifest ([`manifest`]) and the publication records ([`published`]), and reads both back
//! ([`diff`]); the headline figures, their labels and the inputs' digests are here.

pub mod diff;
pub mod manifest;
pub mod published;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::config::{RunConfig, SETTINGS_FILE};
use crate::i18n::{format_int, tr, Lang};
use crate::model::{ActivityStatus, PledgeEntityType, PledgeStatus, Term};
use crate::outputs::messages::CONTACTS_FILE;
use crate::register::FOLLOW_UP_FILE;
use crate::Checked;

/// The tool's version, as the manifest and the publication records carry it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A file and its digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// Relative to the inputs (or outputs) folder, with `/`.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// The SHA-256 of the file the plan was read from (`plan/plan.toml` or `plan/plan.xlsx`), when
/// it can be read.
pub fn plan_sha256(config: &RunConfig, checked: &Checked) -> Option<String> {
    std::fs::read(config.inputs.join(checked.plan.source))
        .ok()
        .map(|b| crate::ingest::sha256_hex(&b))
}

/// Every input read: the plan, the settings, the contacts table, the follow-up register, each
/// template that replaces an embedded one, the quarter's narrative files, then one account per
/// form file. Each of them changes an output, so a
/// change to any of them is a change `diff` and the publication records see.
pub fn inputs(config: &RunConfig, checked: &Checked) -> Vec<Value> {
    let mut inputs: Vec<Value> = Vec::new();
    let digest = |path: &str, kind: &str, bytes: &[u8]| {
        json!({
            "path": path, "kind": kind, "sha256": crate::ingest::sha256_hex(bytes),
            "rows": null, "accepted": null, "rejected": null, "blank": null,
        })
    };
    let fixed = [
        (checked.plan.source, "plan"),
        (SETTINGS_FILE, "settings"),
        (CONTACTS_FILE, "contacts"),
        (FOLLOW_UP_FILE, "follow-up"),
        (crate::ingest::RECEIVED_FILE, "received"),
    ];
    for (rel, kind) in fixed {
        if let Ok(bytes) = std::fs::read(config.inputs.join(rel)) {
            inputs.push(digest(rel, kind, &bytes));
        }
    }
    if let Some(folder) = &config.templates {
        for (name, _) in crate::outputs::templates::EMBEDDED {
            if let Ok(bytes) = std::fs::read(folder.join(name)) {
                inputs.push(digest(
                    &template_path(config, folder, name),
                    "template",
                    &bytes,
                ));
            }
        }
    }
    for rel in &checked.report.narrative.files {
        if let Ok(bytes) = std::fs::read(config.inputs.join(rel)) {
            inputs.push(digest(rel, "narrative", &bytes));
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

/// A template override's path as the record names it: relative to the inputs folder when the
/// templates are in it (`templates/common.typ`), else the folder as given and the name.
fn template_path(config: &RunConfig, folder: &std::path::Path, name: &str) -> String {
    match folder.strip_prefix(&config.inputs) {
        Ok(rel) => rel.join(name),
        Err(_) => folder.join(name),
    }
    .to_string_lossy()
    .replace('\\', "/")
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
        "reporting": {
            "expected": report.reporting.network.expected,
            "received": report.reporting.network.received,
            "clean": report.reporting.network.clean,
            "on_time": report.reporting.network.on_time,
            "late": report.reporting.network.late,
            "unknown_date": report.reporting.network.unknown_date,
        },
    })
}

/// Flattens the figures into `activities.by_status.completed` → value; lists stay whole.
pub fn flatten(figures: &Value) -> BTreeMap<String, Value> {
    fn walk(prefix: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&key, v, out);
                }
            }
            _ => {
                out.insert(prefix.to_string(), v.clone());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk("", figures, &mut out);
    out
}

/// A figure's key in words (`activities.by_status.completed` → "actividades completadas").
/// A key this version does not know (from a record written by another) reads as itself.
pub fn figure_label(lang: Lang, key: &str) -> String {
    /// The label of a value of the vocabulary named by its canonical key.
    fn term<T: Term>(lang: Lang, key: &str) -> Option<String> {
        T::from_key(key).map(|v| tr(lang, v.doc_label_key(), &[]))
    }
    let parts: Vec<&str> = key.split('.').collect();
    let text = match parts.as_slice() {
        ["activities", "by_status", s] => term::<ActivityStatus>(lang, s)
            .map(|status| tr(lang, "figure.activities.by_status", &[("status", &status)])),
        ["pledges", "by_status", s] => term::<PledgeStatus>(lang, s)
            .map(|status| tr(lang, "figure.pledges.by_status", &[("status", &status)])),
        ["pledges", "by_objective", n] => {
            Some(tr(lang, "figure.pledges.by_objective", &[("n", n)]))
        }
        ["pledges", "by_entity_type", t] => term::<PledgeEntityType>(lang, t)
            .map(|kind| tr(lang, "figure.pledges.by_entity_type", &[("type", &kind)])),
        ["activities", "total"] => Some(tr(lang, "figure.activities.total", &[])),
        ["activities", "overdue"] => Some(tr(lang, "figure.activities.overdue", &[])),
        ["activities", "missing_reports"] => {
            Some(tr(lang, "figure.activities.missing_reports", &[]))
        }
        ["activities", "completed_share"] => {
            Some(tr(lang, "figure.activities.completed_share", &[]))
        }
        ["pledges", "total"] => Some(tr(lang, "figure.pledges.total", &[])),
        ["reporting", what] => match *what {
            "expected" => Some(tr(lang, "figure.reporting.expected", &[])),
            "received" => Some(tr(lang, "figure.reporting.received", &[])),
            "clean" => Some(tr(lang, "figure.reporting.clean", &[])),
            "on_time" => Some(tr(lang, "figure.reporting.on_time", &[])),
            "late" => Some(tr(lang, "figure.reporting.late", &[])),
            "unknown_date" => Some(tr(lang, "figure.reporting.unknown_date", &[])),
            _ => None,
        },
        ["pledges", "updated_this_quarter"] => {
            Some(tr(lang, "figure.pledges.updated_this_quarter", &[]))
        }
        _ => None,
    };
    text.unwrap_or_else(|| key.to_string())
}

/// A figure's value in words: a number as the language writes it, a list of codes, or "none".
pub fn value_text(lang: Lang, v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => tr(lang, "published.value.absent", &[]),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) => format_int(lang, i),
            None => {
                let f = n.as_f64().unwrap_or(0.0);
                crate::i18n::decimal(lang, &format!("{f:.1}"))
            }
        },
        Some(Value::Array(items)) if items.is_empty() => tr(lang, "published.value.none", &[]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
