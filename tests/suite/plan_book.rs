//! The plan as a workbook, through the binary: exported both ways, read as the plan, edited in
//! LibreOffice, and its errors pointing at cells.

use crate::common;
use seguimiento::i18n::Lang;
use seguimiento::plan::workbook::without_empty_texts;

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

/// A plan's JSON with each text kept in Spanish and English alone.
fn in_spanish_and_english(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let is_text = !map.is_empty()
                && map
                    .keys()
                    .all(|k| Lang::ALL.iter().any(|l| l.code() == k.as_str()));
            Value::Object(
                map.into_iter()
                    .filter(|(k, _)| !is_text || k == "es" || k == "en")
                    .map(|(k, v)| (k, in_spanish_and_english(v)))
                    .collect(),
            )
        }
        Value::Array(items) => {
            Value::Array(items.into_iter().map(in_spanish_and_english).collect())
        }
        other => other,
    }
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
    // The rest is the shipped plan as it is, in the two languages the workbook was written in.
    let shipped = in_spanish_and_english(plan_json(&common::root().join("inputs")));
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

/// Every string a workbook in `lang` alone may show as a sheet's name or a column's header.
fn words_of(lang: Lang) -> Vec<String> {
    let mut words: Vec<String> = ["plan-book.sheet.", "plan-book.col.", "plan-book.doc."]
        .iter()
        .flat_map(|prefix| seguimiento::i18n::section(lang, prefix).into_values())
        .collect();
    words.push(seguimiento::i18n::tr(lang, "plan-book.lists.agency", &[]));
    words.push(seguimiento::i18n::tr(lang, "plan-book.help.title", &[]));
    let name = seguimiento::i18n::tr(lang, lang.row().name_key, &[]);
    let mut chars = name.chars();
    words.extend(
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect::<String>()),
    );
    words
}

#[test]
fn plans_in_one_language_round_trip_through_a_workbook_in_their_language() {
    use calamine::Reader;
    for (plan, lang) in [
        ("tests/plans/rede-nacional-pt", Lang::Pt),
        ("tests/plans/reseau-national-fr", Lang::Fr),
    ] {
        let inputs = common::root().join(plan);
        let want = without_source(plan_json(&inputs), "plan/plan.toml");
        let dir = tempfile::tempdir().unwrap();
        let to = dir.path().join("book");
        std::fs::create_dir_all(&to).unwrap();
        std::fs::copy(inputs.join("seguimiento.toml"), to.join("seguimiento.toml")).unwrap();
        let book_inputs = export_into(&inputs, &to, "plan/plan.xlsx");
        let got = without_source(plan_json(&book_inputs), "plan/plan.xlsx");
        assert_eq!(
            without_empty_texts(&got),
            without_empty_texts(&want),
            "{plan} through the workbook"
        );

        // Its sheets and headers are in the plan's language alone: no Spanish, no English.
        let words = words_of(lang);
        let mark = format!("({})", lang.code().to_uppercase());
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook(book_inputs.join("plan/plan.xlsx")).unwrap();
        let sheets = book.sheet_names();
        assert_eq!(sheets.len(), 12, "{plan}");
        for sheet in sheets {
            assert!(words.contains(&sheet), "{plan}: sheet {sheet}");
            let range = book.worksheet_range(&sheet).unwrap();
            let Some(first) = range.rows().next() else {
                continue;
            };
            for cell in first
                .iter()
                .map(|c| c.to_string())
                .filter(|c| !c.is_empty())
            {
                let label = cell
                    .strip_suffix(&mark)
                    .map_or(cell.as_str(), str::trim_end);
                assert!(
                    words.iter().any(|w| w == label),
                    "{plan}: sheet {sheet}, header {cell}"
                );
            }
        }
    }
}

#[test]
fn a_workbook_written_for_spanish_and_english_loads_in_a_portuguese_run() {
    // A plan in Spanish and English alone.
    let inputs = common::root().join("tests/plans/southern-corridor");
    let want = without_source(plan_json(&inputs), "plan/plan.toml");
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("book");
    std::fs::create_dir_all(&to).unwrap();
    std::fs::write(
        to.join("seguimiento.toml"),
        "language = \"pt\"\nlanguages = [\"pt\"]\n",
    )
    .unwrap();
    let book_inputs = export_into(&inputs, &to, "plan/plan.xlsx");
    let got = plan_json(&book_inputs);
    assert_eq!(got["activities"], want["activities"]);
    // Its texts in Portuguese are missing, and said to be, in Portuguese.
    let out = seguimiento(&["plan"], &book_inputs);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("não têm versão “pt”") && err.contains("plan.title"),
        "{err}"
    );
}
