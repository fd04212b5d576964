//! Runs `check` on every fixture folder and asserts on its findings and accounting.
//!
//! Each folder under `tests/fixtures/` holds `status/` and/or `pledges/` files made by a real
//! producer and an `expect.toml` naming the findings that must be there, the per-file
//! accounting, and findings that must not be there.

use crate::common;

use std::path::Path;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    producer: String,
    as_of: String,
    #[serde(default)]
    findings: Vec<ExpectedFinding>,
    #[serde(default)]
    accounting: Vec<ExpectedAccount>,
    #[serde(default)]
    absent: Vec<Absent>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ExpectedFinding {
    code: String,
    file: Option<String>,
    sheet: Option<String>,
    row: Option<u32>,
    column: Option<String>,
    activity: Option<String>,
    pledge: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ExpectedAccount {
    file: String,
    rows: u32,
    accepted: u32,
    rejected: u32,
    blank: u32,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Absent {
    code: String,
    file: Option<String>,
}

fn fixture_dirs() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(common::root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expect.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn check_fixture(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let expect: Expect = toml::from_str(&std::fs::read_to_string(dir.join("expect.toml")).unwrap())
        .unwrap_or_else(|e| panic!("{name}/expect.toml: {e}"));
    assert!(
        !expect.producer.is_empty(),
        "{name}: say who produced the files"
    );
    let inputs = common::inputs_from(dir, &expect.as_of);
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), &expect.as_of);
    let checked = seguimiento::check(&config).unwrap();
    let mut failures = Vec::new();

    for f in &checked.intake.files {
        if f.rows != f.accepted + f.rejected + f.blank {
            failures.push(format!("{name}: {} does not add up: {f:?}", f.path));
        }
    }
    for e in &expect.findings {
        let found = checked.findings.iter().any(|f| {
            f.code.as_str() == e.code
                && (e.file.is_none() || f.location.file == e.file)
                && (e.sheet.is_none() || f.location.sheet == e.sheet)
                && (e.row.is_none() || f.location.row == e.row)
                && (e.column.is_none() || f.location.column == e.column)
                && (e.activity.is_none() || f.activity == e.activity)
                && (e.pledge.is_none() || f.pledge == e.pledge)
        });
        if !found {
            let near: Vec<String> = checked
                .findings
                .iter()
                .filter(|f| f.location.file == e.file || f.code.as_str() == e.code)
                .take(12)
                .map(|f| {
                    format!(
                        "{} {:?} {:?} {:?} {:?} {:?}",
                        f.code,
                        f.location.file,
                        f.location.sheet,
                        f.location.row,
                        f.location.column,
                        f.activity
                    )
                })
                .collect();
            failures.push(format!(
                "{name}: expected {e:?}\n    found instead: {near:#?}"
            ));
        }
    }
    for a in &expect.accounting {
        match checked.intake.files.iter().find(|f| f.path == a.file) {
            Some(f)
                if (f.rows, f.accepted, f.rejected, f.blank)
                    == (a.rows, a.accepted, a.rejected, a.blank) => {}
            Some(f) => failures.push(format!(
                "{name}: accounting of {} is {f:?}, expected {a:?}",
                a.file
            )),
            None => failures.push(format!("{name}: no account for {}", a.file)),
        }
    }
    for a in &expect.absent {
        if let Some(f) = checked
            .findings
            .iter()
            .find(|f| f.code.as_str() == a.code && (a.file.is_none() || f.location.file == a.file))
        {
            failures.push(format!("{name}: unexpected {} at {:?}", f.code, f.location));
        }
    }
    failures
}

#[test]
fn every_fixture_gives_its_findings_and_accounting() {
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no fixtures found");
    let failures: Vec<String> = dirs.iter().flat_map(|d| check_fixture(d)).collect();
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_finding_code_of_the_contract_has_a_fixture() {
    let mut covered = std::collections::BTreeSet::new();
    for d in fixture_dirs() {
        let expect: Expect =
            toml::from_str(&std::fs::read_to_string(d.join("expect.toml")).unwrap()).unwrap();
        covered.extend(expect.findings.into_iter().map(|f| f.code));
    }
    // Codes no fixture folder can raise, each raised by a test of its own: a limit needs a
    // hostile file (`hostile`), four need a plan revision or a published quarter, and the
    // network's checks are raised, and not raised, and switched off, by folders `checks.rs`
    // writes for each; the reporting findings need a plan whose agencies are expected to report
    // (`reporting.rs`); the narrative's findings need a narrative folder of the sample's quarter
    // (`narrative.rs`); the e-mail findings need e-mails, which `mail.rs` writes or copies.
    let elsewhere = [
        ("limit-exceeded", "hostile.rs"),
        ("agencies-disagree", "checks.rs"),
        ("progress-drop", "checks.rs"),
        ("progress-stalled", "checks.rs"),
        ("completed-without-date", "checks.rs"),
        ("implausible-date", "checks.rs"),
        ("agency-not-involved", "checks.rs"),
        ("form-not-received", "reporting.rs"),
        ("form-late", "reporting.rs"),
        ("invalid-receipt", "reporting.rs"),
        ("invalid-mail-date", "mail.rs"),
        ("unknown-sender", "mail.rs"),
        ("sender-other-agency", "mail.rs"),
        ("mail-without-form", "mail.rs"),
        ("dropped-activity", "revisions.rs"),
        ("plan-note", "plan_book.rs"),
        ("published-figures-changed", "published.rs"),
        ("published-record-unreadable", "published.rs"),
        ("narrative-missing", "narrative.rs"),
        ("narrative-one-language", "narrative.rs"),
        ("narrative-unknown-heading", "narrative.rs"),
        ("narrative-left-out", "narrative.rs"),
        ("narrative-duplicate", "narrative.rs"),
        ("narrative-old-format", "narrative.rs"),
        ("narrative-figures-changed", "narrative.rs"),
    ];
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite");
    for (code, file) in elsewhere {
        let text = std::fs::read_to_string(here.join(file)).unwrap();
        let variant: String = code
            .split('-')
            .map(|w| w[..1].to_uppercase() + &w[1..])
            .collect();
        assert!(
            text.contains(&format!("\"{code}\"")) || text.contains(&format!("Code::{variant}")),
            "{code}: {file} does not name it"
        );
    }
    let missing: Vec<&str> = seguimiento::findings::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !covered.contains(*c) && !elsewhere.iter().any(|(e, _)| e == c))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

#[test]
fn all_fixtures_together_never_panic_and_always_add_up() {
    // Every fixture's files in one inputs folder: the run finishes and accounts for each file.
    let all = tempfile::tempdir().unwrap();
    for d in fixture_dirs() {
        let name = d.file_name().unwrap().to_owned();
        for sub in ["status", "pledges"] {
            if d.join(sub).is_dir() {
                common::copy_tree(&d.join(sub), &all.path().join(sub).join(&name));
            }
        }
    }
    let inputs = common::inputs_from(all.path(), "2024-06-30");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), "2024-06-30");
    let checked = seguimiento::check(&config).unwrap();
    assert!(checked.intake.files.len() > 10);
    for f in &checked.intake.files {
        assert_eq!(f.rows, f.accepted + f.rejected + f.blank, "{f:?}");
    }
}

#[test]
fn the_sample_inputs_add_up() {
    let inputs = common::root().join("inputs");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(&inputs, out.path(), "2024-06-30");
    let checked = seguimiento::check(&config).unwrap();
    assert!(
        checked.intake.files.len() >= 20,
        "sample has {} files",
        checked.intake.files.len()
    );
    for f in &checked.intake.files {
        assert_eq!(f.rows, f.accepted + f.rejected + f.blank, "{f:?}");
    }
    assert_eq!(checked.report.activities.total, 26);
    assert!(checked.report.pledges.total >= 50);
}
