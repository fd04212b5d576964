//! A plan revised at mid-term (tests/plans/mid-term): in January 2024 P1.3 is added, P1.2
//! dropped and P1.1 moved from October 2023 to March 2024. Each figure is stated by hand,
//! before and after the revision month.

use crate::common;

use std::path::PathBuf;

use chrono::NaiveDate;
use seguimiento::config::RunConfig;
use seguimiento::model::{ActivityStatus, Status};

fn inputs() -> PathBuf {
    common::root().join("tests/plans/mid-term")
}

fn checked(as_of: &str) -> seguimiento::Checked {
    let date = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
    let config = RunConfig::new(inputs(), PathBuf::from("unused"), Some(date), None).unwrap();
    seguimiento::check(&config).unwrap()
}

fn codes(checked: &seguimiento::Checked, code: &str) -> Vec<String> {
    checked
        .findings
        .iter()
        .filter(|f| f.code.as_str() == code)
        .filter_map(|f| f.activity.clone())
        .collect()
}

#[test]
fn before_the_revision_the_plan_stands_as_first_written() {
    let c = checked("2023-12-31");
    let a = &c.report.activities;
    // P1.1 and P1.2; P1.3 is not in the plan yet.
    assert_eq!(a.total, 2);
    let listed: Vec<&str> = a.list.iter().map(|x| x.code.as_str()).collect();
    assert_eq!(listed, ["P1.1", "P1.2"]);
    // P1.1 was due in October 2023 and is only in progress.
    assert_eq!(a.overdue, ["P1.1"]);
    // Both reported in the fourth quarter (December, November).
    assert!(a.missing_reports.is_empty());
    assert_eq!(a.by_status[&ActivityStatus::from(Status::InProgress)], 2);
    assert!(codes(&c, "dropped-activity").is_empty());
    assert!(c.report.meta.revisions.is_empty());
}

#[test]
fn after_the_revision_the_plan_in_force_judges_every_figure() {
    let c = checked("2024-03-31");
    let a = &c.report.activities;
    // P1.2 dropped, P1.3 added.
    assert_eq!(a.total, 2);
    let listed: Vec<&str> = a.list.iter().map(|x| x.code.as_str()).collect();
    assert_eq!(listed, ["P1.1", "P1.3"]);
    // P1.1 now falls in March 2024: not overdue on the last day of March. P1.3 (February 2024)
    // is, never reported.
    assert_eq!(a.overdue, ["P1.3"]);
    // Neither reported in the first quarter of 2024.
    assert_eq!(a.missing_reports, ["P1.1", "P1.3"]);
    assert_eq!(a.by_status[&ActivityStatus::from(Status::InProgress)], 1);
    assert_eq!(a.by_status[&ActivityStatus(None)], 1);
    // The February report on the dropped P1.2 is a warning, not unknown-activity; its
    // November report, made while it was in the plan, is not.
    assert_eq!(codes(&c, "dropped-activity"), ["P1.2"]);
    assert!(codes(&c, "unknown-activity").is_empty());
    let account = &c.intake.files[0];
    assert_eq!(
        (account.rows, account.accepted, account.rejected),
        (3, 3, 0)
    );
    // The revision is listed.
    let r = &c.report.meta.revisions;
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].month.get(seguimiento::i18n::Lang::En), "January 2024");
    assert_eq!(
        r[0].changes.get(seguimiento::i18n::Lang::En),
        "Added: P1.3. Dropped: P1.2. Calendar changed: P1.1."
    );
    assert_eq!(
        r[0].changes.get(seguimiento::i18n::Lang::Es),
        "Agregadas: P1.3. Quitadas: P1.2. Calendario cambiado: P1.1."
    );

    // A month later the moved meeting is overdue too.
    let c = checked("2024-04-30");
    assert_eq!(c.report.activities.overdue, ["P1.1", "P1.3"]);
}

#[test]
fn the_plan_shows_its_revisions_and_round_trips_through_the_workbook() {
    let run = |args: &[&str], inputs: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_seguimiento"))
            .arg("--inputs")
            .arg(inputs)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["plan", "--format", "json"], &inputs());
    assert_eq!(out.status.code(), Some(0));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["revisions"][0]["month"], "2024-01");
    assert_eq!(plan["revisions"][0]["dropped"], serde_json::json!(["P1.2"]));
    assert_eq!(plan["activities"][0]["changes"][0]["from"], "2024-01");
    assert_eq!(
        plan["activities"][0]["changes"][0]["schedule"]["text"],
        "Marzo 2024"
    );
    assert_eq!(plan["activities"][2]["added"], "2024-01");

    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir_all(book.join("plan")).unwrap();
    let out = run(
        &[
            "plan",
            "--export",
            book.join("plan/plan.xlsx").to_str().unwrap(),
        ],
        &inputs(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["plan", "--format", "json"], &book);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut back: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    back["notes"] = plan["notes"].clone();
    assert_eq!(back, plan);

    // The whole run writes every output with the revision listed.
    let outputs = dir.path().join("out");
    let out = run(
        &[
            "--as-of",
            "2024-03-31",
            "--outputs",
            outputs.to_str().unwrap(),
            "run",
        ],
        &inputs(),
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(outputs.join("2024-Q1/manifest.json").is_file());
}
