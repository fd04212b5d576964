//! `seguimiento publish`: records the quarter of the as-of date as published.

use super::Terminal;
use crate::config::RunConfig;
use crate::error::{Error, Result};
use crate::i18n::{counted, format_date, tr};
use crate::published::{self, Digest};

/// Records the as-of quarter in `inputs/published/<period>.json`; returns the exit status.
///
/// The quarter's outputs must be those of today's inputs as of the same date (a run, checked,
/// then published): otherwise the record would name documents that say something else. A
/// quarter already published is published again only after a `run --reopen`, and the record
/// keeps its reopenings.
pub fn run(config: &RunConfig, terminal: &Terminal<'_>) -> Result<u8> {
    let lang = config.lang();
    let period = config.period();
    let checked = crate::check_with(config, terminal.progress)?;
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
    let run = crate::diff::Run::load(&folder).map_err(|_| stale())?;
    let manifest = &run.manifest;
    let inputs = published::input_digests(config, &checked);
    let ran: Vec<Digest> = serde_json::from_value(manifest["inputs"].clone())
        .ok()
        .map(|v: Vec<serde_json::Value>| {
            v.iter()
                .filter_map(|i| {
                    Some(Digest {
                        path: i["path"].as_str()?.to_string(),
                        sha256: i["sha256"].as_str()?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    if manifest["as_of"] != serde_json::json!(config.as_of) || ran != inputs {
        return Err(stale());
    }
    let outputs: Vec<Digest> = serde_json::from_value(manifest["outputs"].clone())
        .ok()
        .map(|v: Vec<serde_json::Value>| {
            v.iter()
                .filter_map(|o| {
                    Some(Digest {
                        path: o["path"].as_str()?.to_string(),
                        sha256: o["sha256"].as_str()?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let mut record = published::record(config, &checked, outputs);
    if let Some(old) = published::load(&config.inputs, &period)? {
        let same = old.as_of == record.as_of
            && old.inputs == record.inputs
            && old.figures == record.figures
            && old.outputs == record.outputs;
        if same {
            if terminal.says() {
                anstream::eprintln!(
                    "{}",
                    tr(
                        lang,
                        "publish.already",
                        &[
                            ("period", &period),
                            ("date", &format_date(lang, old.published_at)),
                        ]
                    )
                );
            }
            return Ok(0);
        }
        if manifest.get("reopened").is_none() {
            return Err(Error::new(
                "error.publish-again",
                &[
                    ("period", &period),
                    ("date", &format_date(lang, old.published_at)),
                ],
            )
            .hint("hint.publish-again", &[("period", &period)]));
        }
        record.reopened = old.reopened;
    }
    published::save(&config.inputs, &record)?;
    if terminal.says() {
        let inputs = record.inputs.len() as u64;
        let inputs = counted(lang, inputs, "count.inputs.one", "count.inputs.other");
        let outputs = record.outputs.len() as u64;
        let outputs = counted(lang, outputs, "count.outputs.one", "count.outputs.other");
        let path = config.inputs.join(published::record_name(&period));
        let args: [(&str, &dyn std::fmt::Display); 5] = [
            ("period", &period),
            ("date", &format_date(lang, record.as_of)),
            ("inputs", &inputs),
            ("outputs", &outputs),
            ("path", &path.display()),
        ];
        anstream::eprintln!("{}", tr(lang, "publish.done", &args));
    }
    Ok(0)
}
