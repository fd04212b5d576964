//! Builds the HXL-tagged open-data files from the sample inputs and reads them back as CSV:
//! the header row, then a hashtag row of the HXL core schema, then one row per activity,
//! report or pledge, with the figures of ReportData; then runs the whole pipeline once and
//! checks what it wrote beside the documents (findings CSV, open data, manifest).

use crate::common;

use std::collections::BTreeMap;

use seguimiento::i18n::{tr, Lang};
use seguimiento::model::{ActivityStatus, Term};
use seguimiento::outputs::open_data::{self, Table, TABLES};
use seguimiento::Checked;

const AS_OF: &str = "2024-06-30";

fn sample() -> Checked {
    let inputs = common::root().join("inputs");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(&inputs, out.path(), AS_OF);
    seguimiento::check(&config).unwrap()
}

fn read(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The hashtags of the HXL core schema (HXL hashtag dictionary 1.1) that the exports may use.
const CORE_HASHTAGS: &[&str] = &[
    "#activity",
    "#org",
    "#status",
    "#date",
    "#country",
    "#sector",
    "#indicator",
    "#description",
    "#meta",
];

/// The attributes of the HXL core schema that the exports may use, beside the language
/// attributes `+i_xx`.
const CORE_ATTRIBUTES: &[&str] = &[
    "code",
    "name",
    "programme",
    "prog",
    "impl",
    "type",
    "start",
    "end",
    "reported",
    "occurred",
    "pct",
    "url",
    "source",
];

/// Returns the column of a hashtag in a hashtag row, asserting it appears once.
fn column(tags: &[String], tag: &str) -> usize {
    let found: Vec<usize> = (0..tags.len()).filter(|&i| tags[i] == tag).collect();
    assert_eq!(found.len(), 1, "{tag} in {tags:?}");
    found[0]
}

#[test]
fn every_hashtag_is_of_the_core_schema_and_the_same_in_both_languages() {
    let checked = sample();
    for table in TABLES {
        let mut rows_by_lang = BTreeMap::new();
        for lang in Lang::RUN_DEFAULT {
            let rows = read(&open_data::build(&checked, table, lang));
            let (header, tags) = (&rows[0], &rows[1]);
            assert_eq!(header.len(), tags.len(), "{table:?} {lang}");
            for tag in tags {
                let mut parts = tag.split('+');
                let hashtag = parts.next().unwrap();
                assert!(
                    CORE_HASHTAGS.contains(&hashtag),
                    "{table:?}: {hashtag} is not a core hashtag"
                );
                for attribute in parts {
                    assert!(
                        CORE_ATTRIBUTES.contains(&attribute)
                            || attribute == format!("i_{}", Lang::Es)
                            || attribute == format!("i_{}", Lang::En),
                        "{table:?}: +{attribute} is not a core attribute"
                    );
                }
            }
            // Every header is a visible string of the file's language, and no two are alike.
            let mut seen = std::collections::BTreeSet::new();
            for h in header {
                assert!(
                    !h.starts_with("hxl."),
                    "{table:?} {lang}: no string for {h}"
                );
                assert!(seen.insert(h.clone()), "{table:?} {lang}: {h} twice");
            }
            rows_by_lang.insert(lang, rows);
        }
        // The hashtags differ only in the language of the texts written in the file's
        // language (`+i_es` in one file, `+i_en` in the other).
        let (es, en) = (&rows_by_lang[&Lang::Es][1], &rows_by_lang[&Lang::En][1]);
        assert_eq!(es.len(), en.len(), "{table:?}");
        for (a, b) in es.iter().zip(en) {
            let same = a == b || (a.ends_with("+i_es") && a.replace("+i_es", "+i_en") == *b);
            assert!(same, "{table:?}: {a} / {b}");
        }
        assert_eq!(rows_by_lang[&Lang::Es].len(), rows_by_lang[&Lang::En].len());
    }
}

#[test]
fn activities_carry_the_reports_figures_and_iati_codes() {
    let checked = sample();
    let report = &checked.report;
    for lang in Lang::RUN_DEFAULT {
        let rows = read(&open_data::build(&checked, Table::Activities, lang));
        let tags = &rows[1];
        let data = &rows[2..];
        assert_eq!(data.len(), report.activities.total);
        let (code, status, iati, reported, start, end) = (
            column(tags, "#activity+code"),
            column(tags, "#status+name"),
            column(tags, "#status+code"),
            column(tags, "#date+reported"),
            column(tags, "#date+start"),
            column(tags, "#date+end"),
        );
        let mut by_iati: BTreeMap<String, usize> = BTreeMap::new();
        for (row, a) in data.iter().zip(&report.activities.list) {
            assert_eq!(row[code], a.code);
            assert_eq!(row[status], tr(lang, a.status.label_key(), &[]));
            let expected = a.status.iati().map_or(String::new(), |c| c.to_string());
            assert_eq!(row[iati], expected, "{}", a.code);
            assert_eq!(
                row[reported],
                a.last_period_iso.map_or(String::new(), |m| m.to_string())
            );
            let plan = checked.plan.activity(&a.code).unwrap();
            assert_eq!(row[start], plan.schedule.window_start.to_string());
            assert_eq!(row[end], plan.schedule.window_end.to_string());
            *by_iati.entry(row[iati].clone()).or_default() += 1;
        }
        // The counts by IATI code are ReportData's counts by status.
        for (name, code) in [
            ("not-reported", ""),
            ("not-started", "1"),
            ("in-progress", "2"),
            ("completed", "4"),
            ("cancelled", "5"),
            ("postponed", "6"),
        ] {
            assert_eq!(
                by_iati.get(code).copied().unwrap_or(0),
                report.activities.by_status[&ActivityStatus::from_key(name).unwrap()],
                "{lang}: {name}"
            );
        }
    }
}

#[test]
fn reports_and_pledges_are_all_there() {
    let checked = sample();
    let report = &checked.report;
    for lang in Lang::RUN_DEFAULT {
        let rows = read(&open_data::build(&checked, Table::Reports, lang));
        let tags = &rows[1];
        assert_eq!(rows.len() - 2, checked.intake.status.len());
        let (code, period, iati, source) = (
            column(tags, "#activity+code"),
            column(tags, "#date+reported"),
            column(tags, "#status+code"),
            column(tags, "#meta+source"),
        );
        for (row, s) in rows[2..].iter().zip(&checked.intake.status) {
            assert_eq!(row[code], s.activity);
            assert_eq!(row[period], s.period.to_string());
            assert_eq!(row[iati], s.status.iati().to_string());
            assert!(row[source].starts_with(&*s.source.file));
        }

        let rows = read(&open_data::build(&checked, Table::Pledges, lang));
        let tags = &rows[1];
        assert_eq!(rows.len() - 2, report.pledges.total);
        let (id, status, countries, objectives) = (
            column(tags, "#activity+code"),
            column(tags, "#status+code"),
            column(tags, "#country+code"),
            column(tags, "#sector+code"),
        );
        let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
        let mut by_objective: BTreeMap<u8, usize> = BTreeMap::new();
        for (row, p) in rows[2..].iter().zip(&report.pledges.list) {
            assert_eq!(row[id].trim_start_matches('\''), p.id);
            assert_eq!(row[countries], p.countries.join("; "));
            *by_status.entry(row[status].clone()).or_default() += 1;
            for o in row[objectives].split("; ").filter(|o| !o.is_empty()) {
                *by_objective.entry(o.parse().unwrap()).or_default() += 1;
            }
        }
        for (name, n) in &report.pledges.by_status {
            assert_eq!(
                by_status.get(name.as_str()).copied().unwrap_or(0),
                *n,
                "{name}"
            );
        }
        for (o, n) in &report.pledges.by_objective {
            assert_eq!(
                by_objective.get(o).copied().unwrap_or(0),
                *n,
                "objective {o}"
            );
        }
    }
}

#[test]
fn a_run_writes_the_spreadsheet_and_open_data_files_and_lists_them_in_order() {
    let inputs = common::root().join("inputs");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(&inputs, out.path(), AS_OF);
    let status = seguimiento::cmd::run::run(&config).unwrap();
    assert!(status <= 1);
    let folder = out.path().join("2024-Q2");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    let outputs = manifest["outputs"].as_array().unwrap();

    // The findings CSV: `;` in Spanish, `,` in English, both with the UTF-8 BOM.
    for (lang, sep) in [(Lang::Es, b';'), (Lang::En, b',')] {
        let bytes = std::fs::read(folder.join(format!("findings-{lang}.csv"))).unwrap();
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM");
        let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(false)
            .from_reader(body)
            .records()
            .map(Result::unwrap)
            .collect();
        assert!(rows.len() > 1);
        assert!(
            rows.iter().all(|r| r.len() == 14),
            "{lang}: 14 columns everywhere"
        );
    }

    // The open-data files, in a fixed order, each with its kind, language and hash.
    let listed: Vec<(String, String)> = outputs
        .iter()
        .filter(|o| o["kind"] == open_data::KIND)
        .map(|o| {
            (
                o["path"].as_str().unwrap().to_string(),
                o["lang"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = TABLES
        .iter()
        .flat_map(|&t| {
            Lang::RUN_DEFAULT.map(|l| {
                (
                    format!("2024-Q2/{}", open_data::file_name(t, l, "2024-Q2")),
                    l.to_string(),
                )
            })
        })
        .collect();
    assert_eq!(listed, expected);
    for o in outputs {
        let path = out.path().join(o["path"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            o["sha256"].as_str().unwrap(),
            seguimiento::ingest::sha256_hex(&bytes),
            "{}",
            path.display()
        );
    }
    assert_eq!(
        open_data::file_name(Table::Activities, Lang::Es, "2024-Q2"),
        "open-data/actividades-2024-Q2-es.csv"
    );
    // Open data follows the findings; only the overview pages, which list it, come after (the
    // manifest does not list itself).
    let kinds: Vec<&str> = outputs
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    let first_open = kinds.iter().position(|k| *k == open_data::KIND).unwrap();
    assert!(kinds[..first_open].contains(&"findings"));
    let first_page = kinds.iter().position(|k| *k == "overview").unwrap();
    assert!(first_page > first_open);
    assert!(kinds[first_open..first_page]
        .iter()
        .all(|k| *k == open_data::KIND));
    assert!(kinds[first_page..].iter().all(|k| *k == "overview"));
}

#[test]
fn no_cell_becomes_a_formula_and_text_stays_whole() {
    let mut checked = sample();
    let first = &mut checked.intake.status[0];
    first
        .narrative_in
        .insert(Lang::Es, "=HYPERLINK(\"http://x\";\"y\")".into());
    first
        .narrative_in
        .insert(Lang::En, "line one\nline two, with \"quotes\"".into());
    first.evidence = Some("@SUM(A1)".into());
    let rows = read(&open_data::build(&checked, Table::Reports, Lang::Es));
    let tags = &rows[1];
    let row = &rows[2];
    assert_eq!(
        row[column(tags, "#description+i_es")],
        "'=HYPERLINK(\"http://x\";\"y\")"
    );
    assert_eq!(
        row[column(tags, "#description+i_en")],
        "line one\nline two, with \"quotes\""
    );
    assert_eq!(row[column(tags, "#activity+url")], "'@SUM(A1)");
    assert_eq!(rows.len() - 2, checked.intake.status.len());
}
