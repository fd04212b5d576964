//! Comparing two runs (`seguimiento diff A B`, and the line `run` prints about the previous run
//! of the same quarter): inputs added, changed and removed; figures changed; findings new and
//! resolved; outputs changed.
//!
//! A run is its `manifest.json` and, when it is beside it, its `findings.json`. Findings are
//! matched by what they are about (code, file, sheet, row, column, activity, pledge, agency),
//! not by their wording, so a message reworded between versions is not a new finding.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{json, Value};

use super::{figure_label, flatten, value_text};
use crate::error::{Error, Result};
use crate::i18n::{tr, Lang};
use crate::report::Change;

/// One run as its outputs folder holds it.
#[derive(Debug, Clone)]
pub struct Run {
    /// Where its manifest was read.
    pub manifest_path: PathBuf,
    /// The manifest.
    pub manifest: Value,
    /// The findings, when `findings.json` is beside the manifest.
    pub findings: Option<Value>,
}

impl Run {
    /// Reads a run from a `manifest.json` or from the outputs folder that holds one.
    pub fn load(path: &Path) -> Result<Run> {
        let manifest_path = if path.is_dir() {
            path.join("manifest.json")
        } else {
            path.to_path_buf()
        };
        let fail = |detail: String| {
            Error::new("error.diff-manifest", &[("path", &manifest_path.display())])
                .cause(detail)
                .hint("hint.diff-manifest", &[])
        };
        let bytes = std::fs::read(&manifest_path).map_err(|e| fail(e.to_string()))?;
        let manifest: Value = serde_json::from_slice(&bytes).map_err(|e| fail(e.to_string()))?;
        if !manifest.is_object() || manifest.get("figures").is_none() {
            return Err(fail(String::from("no figures")));
        }
        let folder = manifest_path.parent();
        let mut findings: Option<Value> = folder
            .and_then(|d| std::fs::read(d.join("findings.json")).ok())
            .and_then(|b| serde_json::from_slice(&b).ok());
        if let (Some(doc), Some(folder)) = (findings.as_mut(), folder) {
            add_messages(doc, folder);
        }
        Ok(Run {
            manifest_path,
            manifest,
            findings,
        })
    }
}

/// Gives each finding of `doc` its message in every language: findings.json holds the run's
/// language only, and each `findings-<lang>.csv` beside it lists the same findings in the same
/// order, with the message in its last column. A CSV that does not list as many findings is
/// left unused.
fn add_messages(doc: &mut Value, folder: &Path) {
    let Some(list) = doc.get_mut("findings").and_then(Value::as_array_mut) else {
        return;
    };
    for lang in crate::i18n::Lang::ALL {
        let name = crate::outputs::findings::csv_file_name(lang);
        let Ok(bytes) = std::fs::read(folder.join(name)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let separator = match text.lines().next() {
            Some(header) if header.matches(';').count() > header.matches(',').count() => b';',
            _ => b',',
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator)
            .flexible(true)
            .from_reader(text.as_bytes());
        let messages: Vec<String> = reader
            .records()
            .filter_map(|r| r.ok()?.iter().next_back().map(str::to_string))
            .collect();
        if messages.len() != list.len() {
            continue;
        }
        for (f, m) in list.iter_mut().zip(messages) {
            if let Some(obj) = f.as_object_mut() {
                let entry = obj
                    .entry("messages")
                    .or_insert_with(|| Value::Object(Default::default()));
                if let Some(map) = entry.as_object_mut() {
                    map.insert(lang.to_string(), Value::String(m));
                }
            }
        }
    }
}

/// A figure that differs between two runs.
#[derive(Debug, Clone, Serialize)]
pub struct FigureChange {
    /// Its key in the manifest (`pledges.by_status.fulfilled`).
    pub figure: String,
    /// Its value in the first run.
    pub before: Value,
    /// Its value in the second run.
    pub after: Value,
}

/// A finding of one run that the other does not have.
#[derive(Debug, Clone, Serialize)]
pub struct FindingRef {
    /// Its code.
    pub code: String,
    /// Its file, if any.
    pub file: Option<String>,
    /// Its row, if any.
    pub row: Option<u64>,
    /// Its activity, if any.
    pub activity: Option<String>,
    /// Its pledge, if any.
    pub pledge: Option<String>,
    /// Its message in the run's language.
    pub message: String,
    /// Its message in each language, when the run wrote both (`es`, `en`).
    pub messages: BTreeMap<String, String>,
}

/// What changed from one run to the next.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diff {
    /// The first run's as-of date and quarter.
    pub before: Value,
    /// The second run's.
    pub after: Value,
    /// Inputs in the second run only.
    pub inputs_added: Vec<String>,
    /// Inputs whose digest differs.
    pub inputs_changed: Vec<String>,
    /// Inputs in the first run only.
    pub inputs_removed: Vec<String>,
    /// Figures that differ.
    pub figures: Vec<FigureChange>,
    /// Findings in the second run only (none listed when either run has no findings.json).
    pub findings_new: Vec<FindingRef>,
    /// Findings in the first run only.
    pub findings_resolved: Vec<FindingRef>,
    /// Outputs in the second run only (paths inside the quarter's folder).
    pub outputs_added: Vec<String>,
    /// Outputs whose bytes differ.
    pub outputs_changed: Vec<String>,
    /// Outputs in the first run only.
    pub outputs_removed: Vec<String>,
}

/// Compares two runs.
pub fn compare(a: &Run, b: &Run) -> Diff {
    let mut d = Diff {
        before: json!({ "as_of": a.manifest["as_of"], "period": a.manifest["period"] }),
        after: json!({ "as_of": b.manifest["as_of"], "period": b.manifest["period"] }),
        ..Diff::default()
    };
    let inputs = |r: &Run| digests(&r.manifest["inputs"], false);
    for (path, change) in changes(&inputs(a), &inputs(b)) {
        match change {
            Change::Added => d.inputs_added.push(path),
            Change::Changed => d.inputs_changed.push(path),
            Change::Removed => d.inputs_removed.push(path),
        }
    }
    let outputs = |r: &Run| digests(&r.manifest["outputs"], true);
    for (path, change) in changes(&outputs(a), &outputs(b)) {
        match change {
            Change::Added => d.outputs_added.push(path),
            Change::Changed => d.outputs_changed.push(path),
            Change::Removed => d.outputs_removed.push(path),
        }
    }
    let (fa, fb) = (
        flatten(&a.manifest["figures"]),
        flatten(&b.manifest["figures"]),
    );
    let keys: std::collections::BTreeSet<&String> = fa.keys().chain(fb.keys()).collect();
    for key in keys {
        let (x, y) = (fa.get(key), fb.get(key));
        if x != y {
            d.figures.push(FigureChange {
                figure: key.clone(),
                before: x.cloned().unwrap_or(Value::Null),
                after: y.cloned().unwrap_or(Value::Null),
            });
        }
    }
    if let (Some(x), Some(y)) = (&a.findings, &b.findings) {
        let (x, y) = (findings(x), findings(y));
        d.findings_new = missing_from(&y, &x);
        d.findings_resolved = missing_from(&x, &y);
    }
    d
}

/// `path` → digest; for outputs, the path inside the quarter's folder, so that two quarters
/// compare file by file.
fn digests(list: &Value, strip_folder: bool) -> BTreeMap<String, String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| {
            let path = v["path"].as_str()?;
            let path = if strip_folder {
                path.split_once('/').map_or(path, |(_, rest)| rest)
            } else {
                path
            };
            Some((path.to_string(), v["sha256"].as_str()?.to_string()))
        })
        .collect()
}

fn changes(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<(String, Change)> {
    let mut out = Vec::new();
    for (path, sha) in b {
        match a.get(path) {
            None => out.push((path.clone(), Change::Added)),
            Some(old) if old != sha => out.push((path.clone(), Change::Changed)),
            _ => {}
        }
    }
    for path in a.keys() {
        if !b.contains_key(path) {
            out.push((path.clone(), Change::Removed));
        }
    }
    out
}

type FindingKey = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// The findings of a findings.json, by what they are about (with their count, since the same
/// key can come twice).
fn findings(doc: &Value) -> BTreeMap<FindingKey, Vec<FindingRef>> {
    let mut out: BTreeMap<FindingKey, Vec<FindingRef>> = BTreeMap::new();
    let s = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    for f in doc["findings"].as_array().into_iter().flatten() {
        let key = (
            s(&f["code"]),
            s(&f["file"]),
            s(&f["sheet"]),
            s(&f["row"]),
            s(&f["column"]),
            s(&f["activity"]),
            s(&f["pledge"]),
            s(&f["agency"]),
        );
        out.entry(key).or_default().push(FindingRef {
            code: s(&f["code"]),
            file: f["file"].as_str().map(str::to_string),
            row: f["row"].as_u64(),
            activity: f["activity"].as_str().map(str::to_string),
            pledge: f["pledge"].as_str().map(str::to_string),
            message: s(&f["message"]),
            messages: f["messages"]
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect(),
        });
    }
    out
}

/// The findings of `a` that `b` does not have (a key twice in `a` and once in `b` leaves one).
fn missing_from(
    a: &BTreeMap<FindingKey, Vec<FindingRef>>,
    b: &BTreeMap<FindingKey, Vec<FindingRef>>,
) -> Vec<FindingRef> {
    let mut out = Vec::new();
    for (key, list) in a {
        let there = b.get(key).map_or(0, Vec::len);
        out.extend(list.iter().skip(there).cloned());
    }
    out
}

impl Diff {
    /// Returns true when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.inputs_added.is_empty()
            && self.inputs_changed.is_empty()
            && self.inputs_removed.is_empty()
            && self.figures.is_empty()
            && self.findings_new.is_empty()
            && self.findings_resolved.is_empty()
            && self.outputs_added.is_empty()
            && self.outputs_changed.is_empty()
            && self.outputs_removed.is_empty()
    }

    /// The diff as `--format json` prints it.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The one line `run` prints about the previous run of the same quarter.
    pub fn summary(&self, lang: Lang) -> String {
        if self.is_empty() {
            return tr(lang, "diff.summary.same", &[]);
        }
        let n =
            |v: usize, (one, other): (&str, &str)| crate::i18n::counted(lang, v as u64, one, other);
        let added = ("count.diff-added.one", "count.diff-added.other");
        let changed = ("count.diff-changed.one", "count.diff-changed.other");
        let removed = ("count.diff-removed.one", "count.diff-removed.other");
        let figures = ("count.diff-figures.one", "count.diff-figures.other");
        let new = ("count.diff-new.one", "count.diff-new.other");
        let resolved = ("count.diff-resolved.one", "count.diff-resolved.other");
        tr(
            lang,
            "diff.summary",
            &[
                ("added", &n(self.inputs_added.len(), added)),
                ("changed", &n(self.inputs_changed.len(), changed)),
                ("removed", &n(self.inputs_removed.len(), removed)),
                ("figures", &n(self.figures.len(), figures)),
                ("new", &n(self.findings_new.len(), new)),
                ("resolved", &n(self.findings_resolved.len(), resolved)),
            ],
        )
    }

    /// The diff in words, section by section, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        let run = |v: &Value| {
            tr(
                lang,
                "diff.run",
                &[
                    ("period", &v["period"].as_str().unwrap_or("?")),
                    ("as_of", &v["as_of"].as_str().unwrap_or("?")),
                ],
            )
        };
        out.push_str(&tr(
            lang,
            "diff.title",
            &[("before", &run(&self.before)), ("after", &run(&self.after))],
        ));
        out.push('\n');
        if self.is_empty() {
            out.push_str(&tr(lang, "diff.same", &[]));
            out.push('\n');
            return out;
        }
        let mut section = |key: &str, lines: Vec<String>| {
            out.push('\n');
            out.push_str(&tr(
                lang,
                key,
                &[("n", &crate::i18n::format_int(lang, lines.len() as i64))],
            ));
            out.push('\n');
            if lines.is_empty() {
                out.push_str(&format!("  {}\n", tr(lang, "diff.nothing", &[])));
            }
            for l in lines {
                out.push_str(&format!("  {l}\n"));
            }
        };
        section(
            "diff.inputs",
            marked(
                &self.inputs_added,
                &self.inputs_changed,
                &self.inputs_removed,
            ),
        );
        let figures = self
            .figures
            .iter()
            .map(|f| {
                tr(
                    lang,
                    "diff.figure",
                    &[
                        ("figure", &figure_label(lang, &f.figure)),
                        ("before", &value_text(lang, Some(&f.before))),
                        ("after", &value_text(lang, Some(&f.after))),
                    ],
                )
            })
            .collect();
        section("diff.figures", figures);
        let mut found: Vec<String> = self
            .findings_new
            .iter()
            .map(|f| f.line(lang, "+"))
            .collect();
        found.extend(self.findings_resolved.iter().map(|f| f.line(lang, "-")));
        section("diff.findings", found);
        section(
            "diff.outputs",
            marked(
                &self.outputs_added,
                &self.outputs_changed,
                &self.outputs_removed,
            ),
        );
        out.push('\n');
        out.push_str(&tr(lang, "diff.legend", &[]));
        out.push('\n');
        out
    }
}

/// Lists paths added, changed and removed, each after its mark (`+`, `~`, `-`).
fn marked(added: &[String], changed: &[String], removed: &[String]) -> Vec<String> {
    [(added, "+"), (changed, "~"), (removed, "-")]
        .into_iter()
        .flat_map(|(list, mark)| list.iter().map(move |p| format!("{mark} {p}")))
        .collect()
}

impl FindingRef {
    /// One line of the findings section: mark, code, where, and the message in `lang`.
    fn line(&self, lang: Lang, mark: &str) -> String {
        let mut place: Vec<String> = Vec::new();
        if let Some(file) = &self.file {
            place.push(file.clone());
        }
        if let Some(row) = self.row {
            place.push(tr(lang, "loc.row", &[("row", &row)]));
        }
        place.extend(self.activity.iter().chain(&self.pledge).cloned());
        let place = if place.is_empty() {
            String::new()
        } else {
            format!(" ({})", place.join(", "))
        };
        let message = self
            .messages
            .get(&lang.to_string())
            .unwrap_or(&self.message);
        format!("{mark} {}{place}: {message}", self.code)
    }
}
