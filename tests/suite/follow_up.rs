//! The follow-up register's round trip, on `tests/fixtures/follow-up/` (made by
//! `tools/fixtures/make_fixtures.py follow-up`): a register written by `seguimiento follow-up`
//! for OIM's first June form, decided in a spreadsheet program and saved by LibreOffice, read
//! with the form OIM sent again (a row inserted at the top, one row corrected).

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use seguimiento::findings::{Code, Finding};
use seguimiento::i18n::Lang;
use seguimiento::model::Decision;
use seguimiento::outputs::messages;

const AS_OF: &str = "2024-06-30";

fn fixture() -> tempfile::TempDir {
    common::inputs_from(&common::root().join("tests/fixtures/follow-up"), AS_OF)
}

fn seguimiento(inputs: &Path, outputs: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .env_remove("SEGUIMIENTO_LANG")
        .env_remove("SEGUIMIENTO_AS_OF")
        .args(["--color", "never", "--inputs"])
        .arg(inputs)
        .arg("--outputs")
        .arg(outputs)
        .args(args)
        .output()
        .unwrap()
}

fn find<'a>(findings: &'a [Finding], code: Code, activity: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.code == code && f.activity.as_deref() == Some(activity))
        .unwrap_or_else(|| panic!("no {code} on {activity}"))
}

#[test]
fn decisions_made_in_the_register_follow_their_findings_into_the_next_run() {
    let inputs = fixture();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), AS_OF);
    let checked = seguimiento::check(&config).unwrap();
    let f = &checked.findings;

    // The form was sent again with a row inserted above: the decisions still find their rows.
    let explained = find(f, Code::InvalidStatus, "B1.1");
    assert_eq!(explained.decision, Some(Decision::Explained));
    assert_eq!(
        explained.note.as_deref(),
        Some("La agencia confirmó que la actividad sigue en curso.")
    );
    assert_eq!(explained.location.row, Some(7), "the row moved down by one");
    // Typed in English in a Spanish register.
    assert_eq!(
        find(f, Code::ProgressInconsistent, "B1.3").decision,
        Some(Decision::Accepted)
    );
    let overdue = find(f, Code::Overdue, "B1.5");
    assert_eq!(overdue.decision, Some(Decision::FollowUp));
    assert_eq!(
        overdue.open_since.map(|m| m.to_string()).as_deref(),
        Some("2023-09")
    );
    assert_eq!(overdue.age_months, Some(9));
    // "quizás" is no decision: the finding stays undecided, and the cell is a finding.
    assert_eq!(find(f, Code::UnknownAgency, "B2.3").decision, None);
    let invalid = f.iter().find(|x| x.code == Code::InvalidDecision).unwrap();
    assert_eq!(invalid.location.file.as_deref(), Some("follow-up.xlsx"));
    assert_eq!(invalid.location.column.as_deref(), Some("O"));
    // B1.6's progress was corrected: its decision is a note.
    let stale = f.iter().find(|x| x.code == Code::StaleDecision).unwrap();
    assert_eq!(stale.activity.as_deref(), Some("B1.6"));
    assert!(!f.iter().any(|x| x.code == Code::InvalidProgress));

    // Decisions are bookkeeping: the decided error still rejects its row and counts.
    assert_eq!(seguimiento::findings::exit_status(f), 1);
    assert!(checked.intake.status.iter().all(|s| s.activity != "B1.1"));

    // The annex counts the decided findings apart, code by code.
    let figures = &checked.report.findings;
    assert_eq!(figures.decided, 3);
    let row = |code: Code| figures.by_code.iter().find(|c| c.code == code).unwrap();
    assert_eq!(
        (
            row(Code::InvalidStatus).count,
            row(Code::InvalidStatus).decided
        ),
        (1, 1)
    );
    assert_eq!(row(Code::UnknownAgency).decided, 0);
    assert!(row(Code::Overdue).count > row(Code::Overdue).decided);

    // The drafts leave the decided findings out, and keep the others.
    let drafts = messages::build_all(&config, &checked).unwrap();
    let oim = drafts
        .iter()
        .find(|m| m.agency == "iom" && m.lang == Lang::Es)
        .expect("a draft for OIM");
    for decided in [explained, overdue] {
        assert!(
            !oim.text.contains(decided.message.get(Lang::Es)),
            "{} is decided: {}",
            decided.code,
            oim.text
        );
    }
    let undecided = find(f, Code::UnknownAgency, "B2.3");
    assert!(
        oim.text.contains(undecided.message.get(Lang::Es)),
        "{}",
        oim.text
    );
}

#[test]
fn run_writes_the_decisions_and_follow_up_keeps_them() {
    let inputs = fixture();
    let out = tempfile::tempdir().unwrap();
    let run = seguimiento(inputs.path(), out.path(), &["--lang", "en", "run", "-q"]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let folder = out.path().join("2024-Q2");
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("findings.json")).unwrap()).unwrap();
    let list = doc["findings"].as_array().unwrap();
    let explained = list
        .iter()
        .find(|f| f["code"] == "invalid-status" && f["activity"] == "B1.1")
        .unwrap();
    assert_eq!(explained["decision"], "explained");
    assert_eq!(explained["open_since"], "2024-06");
    assert_eq!(explained["age_months"], 0);
    assert_eq!(explained["id"].as_str().unwrap().len(), 12);
    let undecided = list.iter().find(|f| f["code"] == "unknown-agency").unwrap();
    assert!(undecided["decision"].is_null() && undecided["note"].is_null());
    let missing = list.iter().find(|f| f["code"] == "missing-report").unwrap();
    assert_eq!(missing["open_since"], "2024-04");
    let file_level = list
        .iter()
        .find(|f| f["code"] == "invalid-decision")
        .unwrap();
    assert!(file_level["open_since"].is_null() && file_level["age_months"].is_null());
    // The register is an input of the run.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    assert!(manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["path"] == "follow-up.xlsx" && i["kind"] == "follow-up"));
    // The CSV carries the decision in its language.
    let csv = String::from_utf8(std::fs::read(folder.join("findings-es.csv")).unwrap()).unwrap();
    assert!(csv.contains(";explicado;La agencia confirmó"), "{csv}");

    // Written again, the register keeps every decision, the stale one too.
    let again = seguimiento(inputs.path(), out.path(), &["--lang", "es", "follow-up"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("follow-up.xlsx")
            && said.contains("3 con decisión")
            && said.contains("conservadas: 1"),
        "{said}"
    );
    let register = inputs.path().join("follow-up.xlsx");
    let first = std::fs::read(&register).unwrap();
    // One sheet in the terminal's language: a frozen header under the title, a filter, the
    // decisions of that language in a dropdown.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&first)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(sheet.contains(r#"ySplit="2""#), "frozen under the header");
    assert!(
        sheet.contains("<autoFilter ref=\"A2:P"),
        "a filter on the header"
    );
    assert!(
        sheet.contains("explicado,aceptado tal cual,en seguimiento"),
        "the dropdown"
    );
    let config = common::config(inputs.path(), out.path(), AS_OF);
    let checked = seguimiento::check(&config).unwrap();
    let decided: Vec<(&str, Option<Decision>)> = checked
        .register
        .iter()
        .filter(|e| e.decision.is_some())
        .map(|e| (e.cell(seguimiento::register::Column::Code), e.decision))
        .collect();
    assert_eq!(decided.len(), 4, "{decided:?}");
    let stale = checked
        .register
        .iter()
        .find(|e| e.cell(seguimiento::register::Column::Code) == "invalid-progress")
        .unwrap();
    assert_eq!(stale.cell(seguimiento::register::Column::StillOccurs), "no");
    assert_eq!(stale.decision, Some(Decision::FollowUp));
    let quizas = checked
        .register
        .iter()
        .find(|e| e.unread_decision.is_some())
        .unwrap();
    assert_eq!(quizas.unread_decision.as_deref(), Some("quizás"));
    // The same inputs, in two folders, give the same bytes.
    let copy = tempfile::tempdir().unwrap();
    common::copy_tree(inputs.path(), copy.path());
    for dir in [inputs.path(), copy.path()] {
        let o = seguimiento(dir, out.path(), &["--lang", "es", "follow-up", "-q"]);
        assert_eq!(o.status.code(), Some(0));
    }
    let (a, b) = (
        std::fs::read(&register).unwrap(),
        std::fs::read(copy.path().join("follow-up.xlsx")).unwrap(),
    );
    assert!(a == b, "same inputs, same bytes");
    assert!(first.len() > 1000);
}

#[test]
fn a_register_that_cannot_be_read_is_a_finding_and_is_never_written_over() {
    let inputs = fixture();
    let register = inputs.path().join("follow-up.xlsx");
    std::fs::write(&register, b"not a workbook at all").unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), AS_OF);
    let checked = seguimiento::check(&config).unwrap();
    assert!(checked
        .findings
        .iter()
        .any(|f| f.code == Code::UnreadableFile
            && f.location.file.as_deref() == Some("follow-up.xlsx")));
    assert!(checked.findings.iter().all(|f| f.decision.is_none()));
    let o = seguimiento(inputs.path(), out.path(), &["--lang", "en", "follow-up"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("would lose its decisions"));
    assert_eq!(std::fs::read(&register).unwrap(), b"not a workbook at all");
}
