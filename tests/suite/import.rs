//! `seguimiento plan --import`, through the binary: the 2023-2024 plan's Word document
//! (written by LibreOffice, `tests/fixtures/plan-import/`) gives the shipped plan; a table of
//! activities in a spreadsheet imports too; a plan in one language loads, and refuses outputs
//! in the other; hostile documents end as an error, never a crash.

use crate::common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

use seguimiento::i18n::Lang;
use seguimiento::plan::Plan;

fn seguimiento(args: &[&str], inputs: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .arg("--inputs")
        .arg(inputs)
        .args(["--lang", "es"])
        .args(args)
        .output()
        .unwrap()
}

fn fixture(name: &str) -> std::path::PathBuf {
    common::root().join("tests/fixtures/plan-import").join(name)
}

/// Imports `file` into a new inputs folder, checks the exit status, and loads the plan.
fn import(file: &Path, extra: &[&str], status: i32) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["plan", "--import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = seguimiento(&args, dir.path());
    assert_eq!(
        out.status.code(),
        Some(status),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, out)
}

/// A code without its group's prefix, with its group's place: `B1.2` in the first group is
/// (0, "1.2").
fn unprefixed(plan: &Plan, code: &str) -> (usize, String) {
    let priority = plan
        .priorities
        .iter()
        .find(|p| code.starts_with(&p.code) && code[p.code.len()..].starts_with('.'))
        .unwrap_or_else(|| panic!("{code}: no priority"));
    let group = plan
        .groups
        .iter()
        .position(|g| g.key == priority.group)
        .unwrap();
    let prefix = &plan.groups[group].prefix;
    (group, code[prefix.len()..].to_string())
}

#[test]
fn the_plans_word_document_gives_the_shipped_plan() {
    let (dir, out) = import(
        &fixture("plan-2023-2024.docx"),
        &["--period", "2023-05..2024-12"],
        1,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    // What a person must check: the prefixes, the activity with no lead, the English texts.
    assert!(stdout.contains("«B»") && stdout.contains("«T»"), "{stdout}");
    assert!(stdout.contains("T1.2"), "{stdout}");
    assert!(stdout.contains("«en»"), "{stdout}");
    assert!(!stdout.contains("período propuesto"), "{stdout}");
    let written = std::fs::read_to_string(dir.path().join("plan/plan.toml")).unwrap();
    assert!(written.starts_with("# Plan importado de "), "{written}");

    let imported = Plan::load(dir.path()).unwrap();
    let shipped = common::shipped_plan();
    assert_eq!(
        imported.meta.title.get(Lang::Es),
        shipped.meta.title.get(Lang::Es)
    );
    assert_eq!(
        (imported.meta.start, imported.meta.end),
        (shipped.meta.start, shipped.meta.end)
    );
    assert_eq!(imported.groups.len(), shipped.groups.len());
    for (i, s) in imported.groups.iter().zip(&shipped.groups) {
        assert_eq!(i.name.get(Lang::Es), s.name.get(Lang::Es));
    }
    assert_eq!(imported.priorities.len(), shipped.priorities.len());
    for (i, s) in imported.priorities.iter().zip(&shipped.priorities) {
        assert_eq!(i.code, s.code);
        assert_eq!(i.title.get(Lang::Es), s.title.get(Lang::Es), "{}", s.code);
        assert_eq!(i.objectives, s.objectives, "{}", s.code);
    }
    assert_eq!(imported.activities.len(), shipped.activities.len());
    for (i, s) in imported.activities.iter().zip(&shipped.activities) {
        let code = &s.code;
        assert_eq!(
            unprefixed(&imported, &i.code),
            unprefixed(shipped, &s.code),
            "codes"
        );
        assert_eq!(i.title.get(Lang::Es), s.title.get(Lang::Es), "{code} title");
        assert_eq!(
            i.details
                .iter()
                .map(|d| d.get(Lang::Es))
                .collect::<Vec<_>>(),
            s.details
                .iter()
                .map(|d| d.get(Lang::Es))
                .collect::<Vec<_>>(),
            "{code} details"
        );
        assert_eq!(
            i.references
                .iter()
                .map(|d| d.get(Lang::Es))
                .collect::<Vec<_>>(),
            s.references
                .iter()
                .map(|d| d.get(Lang::Es))
                .collect::<Vec<_>>(),
            "{code} references"
        );
        assert_eq!(i.lead, s.lead, "{code} lead");
        assert_eq!(i.support, s.support, "{code} support");
        assert_eq!(
            i.lead_text.get(Lang::Es),
            s.lead_text.get(Lang::Es),
            "{code} lead_text"
        );
        assert_eq!(
            i.support_text.get(Lang::Es),
            s.support_text.get(Lang::Es),
            "{code} support_text"
        );
        assert_eq!(i.schedule.text, s.schedule.text, "{code} calendar");
        assert_eq!(
            (i.schedule.window_start, i.schedule.window_end),
            (s.schedule.window_start, s.schedule.window_end),
            "{code} window"
        );
        assert_eq!(
            format!("{:?}", i.schedule.occurrences),
            format!("{:?}", s.schedule.occurrences),
            "{code} occurrences"
        );
        assert_eq!(
            i.schedule.tentative, s.schedule.tentative,
            "{code} tentative"
        );
    }
    // The shipped plan has every English text; the imported one lists what it lacks.
    assert!(shipped
        .missing_texts
        .iter()
        .all(|(lang, _)| !Lang::RUN_DEFAULT.contains(lang)));
    let (lang, places) = &imported.missing_texts[0];
    assert_eq!(*lang, Lang::En);
    assert!(places.contains(&"activities[B1.1].title".to_string()));
    assert!(imported.require_languages(&[Lang::Es]).is_ok());
    let refused = imported
        .require_languages(&[Lang::Es, Lang::En])
        .unwrap_err();
    assert_eq!(refused.details.len(), places.len());
}

#[test]
fn the_same_document_in_opendocument_gives_the_same_plan() {
    let args = ["--period", "2023-05..2024-12"];
    let (docx, _) = import(&fixture("plan-2023-2024.docx"), &args, 1);
    let (odt, _) = import(&fixture("plan-2023-2024.odt"), &args, 1);
    // The first line names the file imported; the rest is the plan.
    let body = |dir: &tempfile::TempDir| {
        let text = std::fs::read_to_string(dir.path().join("plan/plan.toml")).unwrap();
        text.split_once('\n').unwrap().1.to_string()
    };
    assert_eq!(body(&odt), body(&docx));
}

#[test]
fn without_a_period_it_is_proposed_from_the_title_date_and_calendars() {
    let (dir, out) = import(&fixture("plan-2023-2024.docx"), &[], 1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("período propuesto"), "{stdout}");
    let imported = Plan::load(dir.path()).unwrap();
    let shipped = common::shipped_plan();
    assert_eq!(
        (imported.meta.start, imported.meta.end),
        (shipped.meta.start, shipped.meta.end)
    );
}

#[test]
fn an_imported_plan_in_one_language_loads_for_plan_with_a_note() {
    let (dir, _) = import(
        &fixture("plan-2023-2024.docx"),
        &["--period", "2023-05..2024-12"],
        1,
    );
    let out = seguimiento(&["plan"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no tienen versión «en»"), "{stderr}");
}

#[test]
fn never_over_a_plan_and_out_is_then_required() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::root().join("inputs/plan"),
        &dir.path().join("plan"),
    );
    let docx = fixture("plan-2023-2024.docx");
    let out = seguimiento(&["plan", "--import", docx.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out"));
    let target = dir.path().join("imported.toml");
    let args = [
        "plan",
        "--import",
        docx.to_str().unwrap(),
        "--out",
        target.to_str().unwrap(),
    ];
    assert_eq!(seguimiento(&args, dir.path()).status.code(), Some(1));
    // Never over a file, not even its own.
    let before = std::fs::read(&target).unwrap();
    assert_eq!(seguimiento(&args, dir.path()).status.code(), Some(2));
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

#[test]
fn a_spreadsheet_table_of_activities_imports() {
    let (dir, out) = import(&fixture("activities.csv"), &[], 1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("UNHRC"),
        "an unknown agency is listed: {stdout}"
    );
    let plan = Plan::load(dir.path()).unwrap();
    assert_eq!(plan.meta.start.to_string(), "2027-01");
    assert_eq!(plan.meta.end.to_string(), "2028-12");
    let codes: Vec<&str> = plan.activities.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["P1.1", "P1.2", "P2.1"]);
    assert_eq!(plan.priorities.len(), 2);
    let a = &plan.activities[0];
    assert_eq!(a.lead, ["iom", "eclac"]);
    assert_eq!(a.support, ["network"]);
    assert_eq!(plan.activities[2].lead, ["undp"]);
    assert!(plan.activities[1].schedule.occurrences.len() >= 2);
}

#[test]
fn a_workbook_table_of_activities_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("activities.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["Work plan 2027", "", "", "", "", "", ""],
        [
            "Priority",
            "Activity",
            "Lead agency",
            "Accompanying agencies",
            "Timeline",
            "Start",
            "End",
        ],
        [
            "1. Data",
            "1.1 Publish a data note",
            "IOM",
            "UNICEF",
            "Third quarter",
            "01/07/2027",
            "",
        ],
        [
            "1. Data",
            "1.2 Hold a workshop",
            "ILO and UNDP",
            "",
            "March 2027",
            "",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    // An end as a date cell, as spreadsheets keep dates: a serial number with a date format.
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    sheet
        .write_number_with_format(2, 6, 46660.0, &date)
        .unwrap();
    book.save(&path).unwrap();
    let (inputs, _) = import(&path, &["--period", "2027-01..2027-12"], 1);
    let plan = Plan::load(inputs.path()).unwrap();
    assert_eq!(plan.activities.len(), 2);
    assert_eq!(
        plan.activities[0].title.get(Lang::En),
        "Publish a data note"
    );
    assert_eq!(plan.activities[1].lead, ["ilo", "undp"]);
    // Start and end columns give the dates, which govern the windows.
    let first = &plan.activities[0].schedule;
    assert_eq!(
        (first.window_start.to_string(), first.window_end.to_string()),
        ("2027-07-01".to_string(), "2027-09-30".to_string())
    );
    let written = std::fs::read_to_string(inputs.path().join("plan/plan.toml")).unwrap();
    assert!(written.contains("start = \"01/07/2027\""), "{written}");
    assert!(written.contains("end = \"2027-09-30\""), "{written}");
    // The document was in English: the Spanish texts are the ones missing.
    assert_eq!(plan.missing_texts[0].0, Lang::Es);
}

/// Writes a `.docx` package from its parts.
fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

#[test]
fn hostile_documents_end_as_an_error_never_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">\
                  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>";
    let bomb = vec![b' '; 64 * 1024 * 1024];
    let deep = format!(
        "<w:document xmlns:w=\"w\"><w:body>{}</w:body></w:document>",
        "<w:sdt><w:sdtContent>".repeat(100_000)
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("laughs.docx", package(&[("word/document.xml", laughs.as_bytes())])),
        ("bomb.docx", package(&[("word/document.xml", &bomb)])),
        ("deep.docx", package(&[("word/document.xml", deep.as_bytes())])),
        ("lying.docx", b"PK\x03\x04 this is no zip at all".to_vec()),
        ("empty.docx", Vec::new()),
        ("notable.docx", package(&[("word/document.xml", b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>Hola</w:t></w:r></w:p></w:body></w:document>")])),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let inputs = dir.path().join(format!("in-{name}"));
        let out = seguimiento(&["plan", "--import", path.to_str().unwrap()], &inputs);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(name), "{name}: {stderr}");
        assert!(!inputs.join("plan/plan.toml").exists(), "{name}");
    }
}
