//! Published quarters (docs/outputs.md, "Publication records"): what `publish` records, and
//! the revisions `check` and `run` find when they recompute a published quarter.
//!
//! A record lives in the inputs folder (`published/<period>.json`), since the inputs are the
//! record and the outputs can be rebuilt. It holds the as-of date, every input's path and
//! SHA-256, the manifest's `figures`, each activity's and pledge's latest status (so that a
//! revision can be traced to the rows that moved it), the outputs' SHA-256, the tool's version
//! and the plan's digest. Every check recomputes each published quarter from today's inputs
//! as of the record's date and compares figure by figure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{figure_label, flatten, value_text, Digest};
use crate::config::{Reopen, RunConfig};
use crate::error::{Error, Result};
use crate::findings::{Code, Finding, Location};
use crate::i18n::{format_int, tr, Lang, Text};
use crate::report::{Change, FileChange, Revision, Revisions};
use crate::Checked;

/// The folder of the records, inside the inputs folder.
pub const FOLDER: &str = "published";

/// How many rows a revision finding names before it says how many more there are.
const ROWS_NAMED: usize = 12;

/// The latest status of each activity and pledge when the quarter was published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statuses {
    /// Activity code → latest status (`not-reported` when none).
    pub activities: BTreeMap<String, String>,
    /// Pledge id → latest status.
    pub pledges: BTreeMap<String, String>,
}

/// `inputs/published/<period>.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// The as-of date the quarter was published with.
    pub as_of: NaiveDate,
    /// `2024-Q1`.
    pub period: String,
    /// The date of publication: the as-of date, so that the record depends on the inputs only.
    pub published_at: NaiveDate,
    /// The version of seguimiento that published it.
    pub version: String,
    /// The plan file and its digest.
    pub plan: Option<Digest>,
    /// Every input read (plan, settings, forms).
    pub inputs: Vec<Digest>,
    /// The manifest's `figures`.
    pub figures: Value,
    /// Each activity's and pledge's latest status.
    #[serde(default)]
    pub statuses: Statuses,
    /// The outputs published (relative to the outputs folder).
    #[serde(default)]
    pub outputs: Vec<Digest>,
    /// Every time the quarter was reopened, oldest first.
    #[serde(default)]
    pub reopened: Vec<Reopen>,
}

/// Returns the record's place for `period`.
pub fn record_path(inputs: &Path, period: &str) -> PathBuf {
    inputs.join(FOLDER).join(format!("{period}.json"))
}

/// Returns the record's name relative to the inputs folder (`published/2024-Q1.json`).
pub fn record_name(period: &str) -> String {
    format!("{FOLDER}/{period}.json")
}

/// Reads the record of `period`, if the quarter was published.
pub fn load(inputs: &Path, period: &str) -> Result<Option<Record>> {
    let path = record_path(inputs, period);
    if !path.exists() {
        return Ok(None);
    }
    read_record(&path).map(Some).map_err(|detail| {
        Error::new(
            "error.published-record",
            &[("path", &record_name(period)), ("detail", &detail)],
        )
        .hint("hint.published-record", &[])
    })
}

fn read_record(path: &Path) -> std::result::Result<Record, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

/// Writes `record` in its place, whole or not at all.
pub fn save(inputs: &Path, record: &Record) -> Result<()> {
    let mut text = serde_json::to_string_pretty(record).unwrap_or_default();
    text.push('\n');
    crate::outputs::staging::write_atomic(&record_path(inputs, &record.period), text.as_bytes())
}

/// Before `run` writes `period`: when the quarter is published and its outputs are there,
/// refuses unless `reopen` gives a reason, and returns the reopening to record. Outputs that
/// are not there are rebuilt without asking (the inputs are the record).
pub fn guard(config: &RunConfig, period: &str, reopen: Option<&str>) -> Result<Option<Reopen>> {
    let Some(record) = load(&config.inputs, period)? else {
        return Ok(None);
    };
    let reason = reopen.map(str::trim).filter(|r| !r.is_empty());
    match reason {
        Some(reason) => Ok(Some(Reopen {
            reason: reason.to_string(),
            date: crate::config::today(),
        })),
        None if reopen.is_some() => Err(Error::new("error.reopen-reason", &[])
            .hint("hint.reopen-reason", &[("period", &period)])),
        None if !config.outputs.join(period).exists() => Ok(None),
        None => Err(Error::new(
            "error.published",
            &[
                ("period", &period),
                (
                    "date",
                    &crate::i18n::format_date(config.lang(), record.published_at),
                ),
                ("folder", &config.outputs.join(period).display()),
            ],
        )
        .hint("hint.published", &[("period", &period)])),
    }
}

/// Adds a reopening to the record of `period`.
pub fn record_reopen(config: &RunConfig, period: &str, reopen: &Reopen) -> Result<()> {
    if let Some(mut record) = load(&config.inputs, period)? {
        record.reopened.push(reopen.clone());
        save(&config.inputs, &record)?;
    }
    Ok(())
}

/// Every record in the inputs folder, oldest quarter first; a record that cannot be read is a
/// finding instead.
fn load_all(inputs: &Path) -> (Vec<Record>, Vec<Finding>) {
    let mut records = Vec::new();
    let mut findings = Vec::new();
    let Ok(entries) = std::fs::read_dir(inputs.join(FOLDER)) else {
        return (records, findings);
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    for path in paths {
        let name = format!(
            "{FOLDER}/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        match read_record(&path) {
            Ok(r) => records.push(r),
            Err(detail) => findings.push(Finding::new(
                Code::PublishedRecordUnreadable,
                Location::file(&name),
                &[("detail", &crate::findings::excerpt(&detail))],
            )),
        }
    }
    (records, findings)
}

/// What [`publish`] did.
#[derive(Debug)]
pub enum Published {
    /// The quarter was already published with the same inputs, figures and outputs, on
    /// that day: nothing was written.
    Already(NaiveDate),
    /// The record was written.
    Recorded(Box<Record>),
}

/// Records the as-of quarter in `inputs/published/<period>.json`.
///
/// The quarter's outputs must be those of today's inputs as of the same date (a run, checked,
/// then published): otherwise the record would name documents that say something else. A
/// quarter already published is published again only after a `run --reopen`, and the record
/// keeps its reopenings.
pub fn publish(config: &RunConfig, checked: &Checked) -> Result<Published> {
    let lang = config.lang();
    let period = config.period();
    let folder = config.outputs.join(&period);
    let stale = || {
        Error::new(
            "error.publish-stale",
            &[("period", &period), ("folder", &folder.display())],
        )
        .hint(
            "hint.publish-stale",
            &[("as_of", &config.as_of), ("period", &period)],
        )
    };
    let run = crate::record::diff::Run::load(&folder).map_err(|_| stale())?;
    let manifest = &run.manifest;
    if manifest["as_of"] != serde_json::json!(config.as_of)
        || digests(&manifest["inputs"]) != input_digests(config, checked)
    {
        return Err(stale());
    }
    let mut record = record(config, checked, digests(&manifest["outputs"]));
    if let Some(old) = load(&config.inputs, &period)? {
        let same = old.as_of == record.as_of
            && old.inputs == record.inputs
            && old.figures == record.figures
            && old.outputs == record.outputs;
        if same {
            return Ok(Published::Already(old.published_at));
        }
        if manifest.get("reopened").is_none() {
            return Err(Error::new(
                "error.publish-again",
                &[
                    ("period", &period),
                    ("date", &crate::i18n::format_date(lang, old.published_at)),
                ],
            )
            .hint("hint.publish-again", &[("period", &period)]));
        }
        record.reopened = old.reopened;
    }
    save(&config.inputs, &record)?;
    Ok(Published::Recorded(Box::new(record)))
}

/// Reads the files a manifest lists (`inputs` or `outputs`) as digests; an entry without a
/// path or a digest is left out.
fn digests(list: &Value) -> Vec<Digest> {
    list.as_array()
        .map(|v| {
            v.iter()
                .filter_map(|i| {
                    Some(Digest {
                        path: i["path"].as_str()?.to_string(),
                        sha256: i["sha256"].as_str()?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Builds the record of the checked quarter, with the outputs of its run.
pub fn record(config: &RunConfig, checked: &Checked, outputs: Vec<Digest>) -> Record {
    Record {
        as_of: config.as_of,
        period: config.period(),
        published_at: config.as_of,
        version: super::VERSION.to_string(),
        plan: super::plan_sha256(config, checked).map(|sha256| Digest {
            path: checked.plan.source.to_string(),
            sha256,
        }),
        inputs: input_digests(config, checked),
        figures: super::figures(checked),
        statuses: statuses(checked),
        outputs,
        reopened: Vec::new(),
    }
}

/// Every input's path and digest, as the manifest lists them.
pub fn input_digests(config: &RunConfig, checked: &Checked) -> Vec<Digest> {
    super::inputs(config, checked)
        .iter()
        .filter_map(|v| {
            Some(Digest {
                path: v["path"].as_str()?.to_string(),
                sha256: v["sha256"].as_str()?.to_string(),
            })
        })
        .collect()
}

fn statuses(checked: &Checked) -> Statuses {
    Statuses {
        activities: checked
            .report
            .activities
            .list
            .iter()
            .map(|a| (a.code.clone(), a.status.as_str().to_string()))
            .collect(),
        pledges: checked
            .report
            .pledges
            .list
            .iter()
            .map(|p| (p.id.clone(), p.status.as_str().to_string()))
            .collect(),
    }
}

/// Recomputes every published quarter from the inputs of `checked` and adds a
/// `published-figures-changed` finding per figure that differs; returns what the progress
/// report lists. `recheck` runs the stages for another as-of date.
pub fn review(
    config: &RunConfig,
    checked: &Checked,
    recheck: impl Fn(&RunConfig) -> Result<Checked>,
) -> (Revisions, Vec<Finding>) {
    let (records, mut findings) = load_all(&config.inputs);
    let mut revisions = Revisions::default();
    let now_inputs = input_digests(config, checked);
    for record in &records {
        revisions.published.push(record.period.clone());
        // Figures depend only on the inputs, the as-of date and the program: with every input
        // as it was published, by the same version, there is nothing to recompute.
        if record.version == super::VERSION && file_changes(&record.inputs, &now_inputs).is_empty()
        {
            continue;
        }
        let other;
        let current = if record.as_of == config.as_of {
            checked
        } else {
            let mut cfg = config.clone();
            cfg.as_of = record.as_of;
            match recheck(&cfg) {
                Ok(c) => {
                    other = c;
                    &other
                }
                Err(e) => {
                    findings.push(Finding::localized(
                        Code::PublishedRecordUnreadable,
                        Location::file(&record_name(&record.period)),
                        |l| vec![("detail", e.render(l))],
                    ));
                    continue;
                }
            }
        };
        let list = compare(record, &now_inputs, current);
        for r in &list {
            findings.push(finding(r));
        }
        revisions.list.extend(list);
    }
    (revisions, findings)
}

/// The inputs that differ between publication and now.
pub fn file_changes(then: &[Digest], now: &[Digest]) -> Vec<FileChange> {
    let then: BTreeMap<&str, &str> = then
        .iter()
        .map(|d| (d.path.as_str(), d.sha256.as_str()))
        .collect();
    let now: BTreeMap<&str, &str> = now
        .iter()
        .map(|d| (d.path.as_str(), d.sha256.as_str()))
        .collect();
    let mut out = Vec::new();
    for (path, sha) in &now {
        match then.get(path) {
            None => out.push((path, Change::Added)),
            Some(old) if old != sha => out.push((path, Change::Changed)),
            _ => {}
        }
    }
    for path in then.keys() {
        if !now.contains_key(path) {
            out.push((path, Change::Removed));
        }
    }
    out.sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
    out.into_iter()
        .map(|(p, change)| FileChange {
            path: p.to_string(),
            change,
        })
        .collect()
}

fn compare(record: &Record, now_inputs: &[Digest], current: &Checked) -> Vec<Revision> {
    let before = flatten(&record.figures);
    let after = flatten(&super::figures(current));
    let files = file_changes(&record.inputs, now_inputs);
    let touched: BTreeSet<&str> = files
        .iter()
        .filter(|f| f.change != Change::Removed)
        .map(|f| f.path.as_str())
        .collect();
    let now = statuses(current);
    let moved_activities = moved(&record.statuses.activities, &now.activities);
    let moved_pledges = moved(&record.statuses.pledges, &now.pledges);
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (b, a) = (before.get(key), after.get(key));
        // A figure the record does not hold was added to the program after the quarter was
        // published: there is nothing to compare it with.
        if b == a || b.is_none() {
            continue;
        }
        // The activities or pledges that moved this figure: for a status count, those that
        // left or reached the status; for a list, those that joined or left it.
        let parts: Vec<&str> = key.split('.').collect();
        let of_activities = parts.first() == Some(&"activities");
        let (then, now_map, moved) = if of_activities {
            (
                &record.statuses.activities,
                &now.activities,
                &moved_activities,
            )
        } else {
            (&record.statuses.pledges, &now.pledges, &moved_pledges)
        };
        let concerned: BTreeSet<String> = match parts.as_slice() {
            [_, "by_status", status] => moved
                .iter()
                .filter(|k| {
                    then.get(*k).map(String::as_str) == Some(status)
                        || now_map.get(*k).map(String::as_str) == Some(status)
                })
                .cloned()
                .collect(),
            _ => match (b, a) {
                (Some(Value::Array(x)), Some(Value::Array(y))) => x
                    .iter()
                    .filter(|v| !y.contains(v))
                    .chain(y.iter().filter(|v| !x.contains(v)))
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => moved.clone(),
            },
        };
        let rows: Vec<Location> = if of_activities {
            current
                .intake
                .status
                .iter()
                .filter(|r| touched.contains(&*r.source.file) && concerned.contains(&r.activity))
                .map(|r| location(&r.source))
                .collect()
        } else {
            current
                .intake
                .pledges
                .iter()
                .filter(|r| touched.contains(&*r.source.file) && concerned.contains(&r.id))
                .map(|r| location(&r.source))
                .collect()
        };
        out.push(Revision {
            period: record.period.clone(),
            key: key.clone(),
            figure: Text::from_fn(|l| figure_label(l, key)),
            published: Text::from_fn(|l| value_text(l, b)),
            now: Text::from_fn(|l| value_text(l, a)),
            files: files.clone(),
            rows,
        });
    }
    out
}

fn location(source: &crate::model::Source) -> Location {
    Location {
        file: Some(source.file.to_string()),
        sheet: source.sheet.as_deref().map(str::to_string),
        row: Some(source.row),
        column: None,
    }
}

/// The keys whose value differs, or that are on one side only.
fn moved(then: &BTreeMap<String, String>, now: &BTreeMap<String, String>) -> BTreeSet<String> {
    then.keys()
        .chain(now.keys())
        .filter(|k| then.get(*k) != now.get(*k))
        .cloned()
        .collect()
}

fn finding(r: &Revision) -> Finding {
    Finding::localized(
        Code::PublishedFiguresChanged,
        Location::file(&record_name(&r.period)),
        |l| {
            vec![
                ("period", r.period.clone()),
                ("figure", r.figure.get(l).to_string()),
                ("published", r.published.get(l).to_string()),
                ("now", r.now.get(l).to_string()),
                ("files", files_text(l, &r.files)),
                ("rows", rows_text(l, &r.rows)),
            ]
        },
    )
}

/// The inputs that differ, in words (`añadido status/…; cambiado …`).
pub fn files_text(lang: Lang, files: &[FileChange]) -> String {
    if files.is_empty() {
        return tr(lang, "published.files.none", &[]);
    }
    files
        .iter()
        .map(|f| tr(lang, f.change.key(), &[("path", &f.path)]))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The rows that moved a figure, in words, the first few named.
pub fn rows_text(lang: Lang, rows: &[Location]) -> String {
    if rows.is_empty() {
        return tr(lang, "published.rows.none", &[]);
    }
    let mut named: Vec<String> = rows
        .iter()
        .take(ROWS_NAMED)
        .map(|l| l.describe(lang))
        .collect();
    if rows.len() > ROWS_NAMED {
        named.push(tr(
            lang,
            "published.rows.more",
            &[("n", &format_int(lang, (rows.len() - ROWS_NAMED) as i64))],
        ));
    }
    tr(lang, "published.rows", &[("rows", &named.join("; "))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn d(path: &str, sha: &str) -> Digest {
        Digest {
            path: path.into(),
            sha256: sha.into(),
        }
    }

    #[test]
    fn files_are_added_changed_or_removed() {
        let then = [d("a.csv", "1"), d("b.csv", "2"), d("c.csv", "3")];
        let now = [d("a.csv", "1"), d("b.csv", "9"), d("d.csv", "4")];
        let changes: Vec<(String, Change)> = file_changes(&then, &now)
            .into_iter()
            .map(|f| (f.path, f.change))
            .collect();
        assert_eq!(
            changes,
            [
                ("d.csv".into(), Change::Added),
                ("b.csv".into(), Change::Changed),
                ("c.csv".into(), Change::Removed),
            ]
        );
        assert!(file_changes(&then, &then).is_empty());
    }

    #[test]
    fn figures_flatten_to_named_leaves() {
        let f = flatten(&json!({
            "activities": { "total": 26, "by_status": { "completed": 8 }, "overdue": ["B1.5"] }
        }));
        assert_eq!(f["activities.total"], json!(26));
        assert_eq!(f["activities.by_status.completed"], json!(8));
        assert_eq!(f["activities.overdue"], json!(["B1.5"]));
        assert_eq!(f.len(), 3);
    }

    #[test]
    fn figures_and_values_read_in_both_languages() {
        let key = "activities.by_status.completed";
        assert_eq!(
            figure_label(Lang::Es, key),
            "actividades en estado Completada"
        );
        assert_eq!(
            figure_label(Lang::En, key),
            "activities with status Completed"
        );
        assert_eq!(
            figure_label(Lang::En, "pledges.by_objective.8"),
            "pledges under Global Compact objective 8"
        );
        assert_eq!(value_text(Lang::Es, Some(&json!(12345))), "12.345");
        assert_eq!(value_text(Lang::Es, Some(&json!(53.846))), "53,8");
        assert_eq!(value_text(Lang::En, Some(&json!(53.846))), "53.8");
        assert_eq!(value_text(Lang::Es, Some(&json!([]))), "ninguna");
        assert_eq!(
            value_text(Lang::En, Some(&json!(["B1.5", "T1.1"]))),
            "B1.5, T1.1"
        );
        for key in [
            "activities.total",
            "activities.overdue",
            "activities.missing_reports",
            "activities.completed_share",
            "pledges.total",
            "pledges.by_status.fulfilled",
            "pledges.by_entity_type.member-state",
            "pledges.updated_this_quarter",
        ] {
            for lang in Lang::ALL {
                assert_ne!(figure_label(lang, key), key, "{lang}: {key} has no words");
            }
        }
        // A figure or a status this version does not know reads as its key.
        assert_eq!(
            figure_label(Lang::Es, "activities.by_status.delayed"),
            "activities.by_status.delayed"
        );
        assert_eq!(figure_label(Lang::En, "pledges.average"), "pledges.average");
    }
}
