//! The plan as a workbook, through the binary: exported both ways, read as the plan, edited in
//! LibreOffice, and its errors pointing at cells.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

fn seguimiento(args: &[&str], inputs: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .arg("--inputs")
        .arg(inputs)
        .args(args)
        .output()
        .unwrap()
}

fn plan_json(inputs: &Path) -> serde_json::Value {
    let out = seguimiento(&["plan", "--format", "json"], inputs);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The plan's JSON with the file its notes name taken out, after checking it is `file`.
fn without_source(mut plan: serde_json::Value, file: &str) -> serde_json::Value {
    for note in plan["notes"].as_array_mut().unwrap() {
        assert_eq!(note["file"], file);
        note["file"] = serde_json::Value::Null;
    }
    plan
}

/// Exports the plan of `from` as `file` of a new inputs folder `to`, which it returns.
fn export_into(from: &Path, to: &Path, file: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(to.join("plan")).unwrap();
    let target = to.join(file);
    let out = seguimiento(&["plan", "--export", target.to_str().unwrap()], from);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    to.to_path_buf()
}

#[test]
fn both_test_plans_round_trip_through_the_workbook() {
    for plan in ["inputs", "tests/plans/southern-corridor"] {
        let inputs = common::root().join(plan);
        let want = without_source(plan_json(&inputs), "plan/plan.toml");
        let dir = tempfile::tempdir().unwrap();
        let book_inputs = export_into(&inputs, &dir.path().join("book"), "plan/plan.xlsx");
        let book = book_inputs.join("plan/plan.xlsx");
        assert_eq!(
            without_source(plan_json(&book_inputs), "plan/plan.xlsx"),
            want,
            "{plan} through the workbook"
        );

        // And back to TOML, from the workbook.
        let toml_inputs = export_into(&book_inputs, &dir.path().join("toml"), "plan/plan.toml");
        let toml = toml_inputs.join("plan/plan.toml");
        assert_eq!(
            without_source(plan_json(&toml_inputs), "plan/plan.toml"),
            want,
            "{plan} back to TOML"
        );

        // Never over an existing file.
        let before = std::fs::read(&toml).unwrap();
        let out = seguimiento(&["plan", "--export", toml.to_str().unwrap()], &inputs);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(std::fs::read(&toml).unwrap(), before);

        // Both plans at once: an error that says so.
        std::fs::copy(&book, toml_inputs.join("plan/plan.xlsx")).unwrap();
        let out = seguimiento(&["--lang", "en", "plan"], &toml_inputs);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("plan.toml and plan.xlsx"), "{err}");
    }
}

#[test]
fn a_workbook_edited_in_libreoffice_loads() {
    let plan = plan_json(&common::root().join("tests/fixtures/plan-book/edited"));
    let activities = plan["activities"].as_array().unwrap();
    assert_eq!(activities.len(), 27);
    let find = |code: &str| activities.iter().find(|a| a["code"] == code).unwrap();
    let added = find("T3.3");
    assert_eq!(added["lead"], serde_json::json!(["iom", "eclac"]));
    assert_eq!(added["schedule"]["text"], "Noviembre 2024");
    assert_eq!(added["priority"], "T3");
    let moved = find("T3.2");
    assert_eq!(moved["schedule"]["text"], "Octubre 2024");
    assert_eq!(moved["schedule"]["window"]["start"], "2024-10-01");
    // The plan's notes and the manifest name the workbook.
    let out = seguimiento(
        &["--as-of", "2024-06-30", "check", "--format", "json"],
        &common::root().join("tests/fixtures/plan-book/edited"),
    );
    let checked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes: Vec<_> = checked["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "plan-note")
        .collect();
    assert!(!notes.is_empty());
    assert!(
        notes.iter().all(|f| f["file"] == "plan/plan.xlsx"),
        "{notes:?}"
    );
    // The rest is the shipped plan as it is.
    let shipped = plan_json(&common::root().join("inputs"));
    assert_eq!(plan["activities"][0], shipped["activities"][0]);
    assert_eq!(plan["plan"], shipped["plan"]);
}

#[test]
fn a_broken_workbook_names_each_cell_in_either_language() {
    let inputs = common::root().join("tests/fixtures/plan-book/broken");
    for (lang, words) in [
        (
            "es",
            [
                "hoja «Documento · Document», fila 7, columna C",
                "hoja «Prioridades · Priorities», fila 3, columna G",
                "hoja «Notas al pie · Footnotes», fila 2, columna A",
            ],
        ),
        (
            "en",
            [
                "sheet “Documento · Document”, row 7, column C",
                "sheet “Prioridades · Priorities”, row 3, column G",
                "sheet “Notas al pie · Footnotes”, row 2, column A",
            ],
        ),
    ] {
        let out = seguimiento(&["--lang", lang, "check"], &inputs);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        for w in words {
            assert!(err.contains(w), "{w} not in {err}");
        }
        assert!(
            err.contains("2023-13") && err.contains("uno, 2") && err.contains("primera"),
            "{err}"
        );
    }
}
