//! Figures pinned by hand: `tests/plans/figures/expect.toml` gives every figure of a small
//! folder as worked out from docs/figures.md before the program was run on it, and this test
//! holds `ReportData`, the manifest, the trackers and the open data to them. The other tests
//! compare outputs with the `ReportData` of the same code; this one compares the code with a
//! person's reading of the rules.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use serde::Deserialize;
use serde_json::Value;

use crate::common;
use seguimiento::i18n::{tr, Lang};
use seguimiento::model::{ActivityStatus, Term};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    as_of: String,
    period: String,
    activities: Activities,
    pledges: Pledges,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Activities {
    total: usize,
    by_status: BTreeMap<String, usize>,
    completed_share: f64,
    overdue: Vec<String>,
    missing_reports: Vec<String>,
    missing_occurrences: Vec<String>,
    occurrences: BTreeMap<String, (usize, usize)>,
    status: BTreeMap<String, String>,
    changed: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pledges {
    total: usize,
    by_status: BTreeMap<String, usize>,
    by_objective: BTreeMap<String, usize>,
    by_entity_type: BTreeMap<String, usize>,
    by_country: BTreeMap<String, usize>,
    updated_this_quarter: usize,
    not_updated: usize,
    new_this_quarter: usize,
    changed: usize,
    transitions: Vec<(String, String, usize)>,
}

fn folder() -> std::path::PathBuf {
    common::root().join("tests/plans/figures")
}

fn expect() -> Expect {
    toml::from_str(&std::fs::read_to_string(folder().join("expect.toml")).unwrap()).unwrap()
}

/// A count table as written by hand: every key it names, the others zero.
fn nonzero(v: &Value) -> BTreeMap<String, usize> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap() as usize))
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn without_zeros(m: &BTreeMap<String, usize>) -> BTreeMap<String, usize> {
    m.iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| (k.clone(), *n))
        .collect()
}

#[test]
fn the_figures_are_those_worked_out_by_hand_in_every_output() {
    let want = expect();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(&folder(), out.path(), &want.as_of);
    let checked = seguimiento::check(&config).unwrap();
    let report = serde_json::to_value(&checked.report).unwrap();
    let (a, p) = (&report["activities"], &report["pledges"]);

    // ReportData.
    assert_eq!(config.period(), want.period);
    let w = &want.activities;
    assert_eq!(a["total"], w.total);
    assert_eq!(nonzero(&a["by_status"]), without_zeros(&w.by_status));
    assert_eq!(a["by_status"].as_object().unwrap().len(), w.by_status.len());
    assert!((a["completed_share"].as_f64().unwrap() - w.completed_share).abs() < 1e-9);
    assert_eq!(a["overdue"], serde_json::json!(w.overdue));
    assert_eq!(a["missing_reports"], serde_json::json!(w.missing_reports));
    let missed: Vec<&str> = checked
        .report
        .activities
        .missing_occurrences
        .iter()
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(missed, w.missing_occurrences);
    for activity in &checked.report.activities.list {
        assert_eq!(
            activity.status.key(),
            w.status[&activity.code],
            "{}",
            activity.code
        );
        assert_eq!(
            activity.changed,
            w.changed.contains(&activity.code),
            "{} changed",
            activity.code
        );
        if let Some(&(met, expected)) = w.occurrences.get(&activity.code) {
            assert_eq!(
                (activity.occurrences_met, activity.occurrences_expected),
                (met, expected),
                "{} occurrences",
                activity.code
            );
        }
    }
    let w = &want.pledges;
    assert_eq!(p["total"], w.total);
    assert_eq!(nonzero(&p["by_status"]), without_zeros(&w.by_status));
    assert_eq!(nonzero(&p["by_objective"]), without_zeros(&w.by_objective));
    assert_eq!(
        nonzero(&p["by_entity_type"]),
        without_zeros(&w.by_entity_type)
    );
    let countries: BTreeMap<String, usize> = checked
        .report
        .pledges
        .by_country
        .iter()
        .map(|c| (c.iso3.clone(), c.count))
        .collect();
    assert_eq!(countries, w.by_country);
    for (field, n) in [
        ("updated_this_quarter", w.updated_this_quarter),
        ("not_updated", w.not_updated),
        ("new_this_quarter", w.new_this_quarter),
        ("changed", w.changed),
    ] {
        assert_eq!(p[field], n, "pledges.{field}");
    }
    let mut transitions = Vec::new();
    for (from, row) in p["transitions"].as_object().unwrap() {
        for (to, n) in nonzero(row) {
            transitions.push((from.clone(), to, n));
        }
    }
    let mut hand = w.transitions.clone();
    hand.sort();
    transitions.sort();
    assert_eq!(transitions, hand);

    // The manifest, the trackers and the open data of a run.
    let run = seguimiento::cmd::run::run(&config).unwrap();
    assert!(run <= 1);
    let quarter = out.path().join(&want.period);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(quarter.join("manifest.json")).unwrap()).unwrap();
    let figures = &manifest["figures"];
    assert_eq!(figures["activities"]["total"], want.activities.total);
    assert_eq!(
        nonzero(&figures["activities"]["by_status"]),
        without_zeros(&want.activities.by_status)
    );
    assert_eq!(
        figures["activities"]["overdue"],
        serde_json::json!(want.activities.overdue)
    );
    assert_eq!(
        nonzero(&figures["pledges"]["by_status"]),
        without_zeros(&want.pledges.by_status)
    );
    assert_eq!(
        figures["pledges"]["updated_this_quarter"],
        want.pledges.updated_this_quarter
    );
    for &lang in config.languages() {
        let label = |key: &str| {
            let status = ActivityStatus::from_key(key).unwrap();
            tr(lang, status.label_key(), &[])
        };
        // The trackers' Activities sheet: each activity's status in words.
        let tracker = std::fs::read(quarter.join(tracker_name(lang, &want.period))).unwrap();
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(tracker)).unwrap();
        let sheet = tr(lang, "xlsx.sheet.activities", &[]);
        let rows: Vec<Vec<Data>> = wb
            .worksheet_range(&sheet)
            .unwrap()
            .rows()
            .map(<[Data]>::to_vec)
            .collect();
        let col = |key: &str| {
            let header = tr(lang, key, &[]);
            rows[0]
                .iter()
                .position(|d| d.to_string() == header)
                .unwrap()
        };
        let (code, status) = (col("xlsx.col.code"), col("xlsx.col.status"));
        for row in &rows[1..] {
            let c = row[code].to_string();
            assert_eq!(
                row[status].to_string(),
                label(&want.activities.status[&c]),
                "{lang} {c}"
            );
        }
        // The open data's activities: the same, under `#status+name`.
        let name = seguimiento::outputs::open_data::file_name(
            seguimiento::outputs::open_data::Table::Activities,
            lang,
            &want.period,
        );
        let csv = std::fs::read(quarter.join(name)).unwrap();
        let table: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&csv[..])
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let tag = |t: &str| table[1].iter().position(|h| h == t).unwrap();
        let (code, status) = (tag("#activity+code"), tag("#status+name"));
        for row in &table[2..] {
            assert_eq!(
                row[status],
                label(&want.activities.status[&row[code]]),
                "{lang}"
            );
        }
    }
}

/// The tracker's file name in `lang`, as the manifest lists it.
fn tracker_name(lang: Lang, period: &str) -> String {
    seguimiento::outputs::tracker::file_name(lang, period)
}
