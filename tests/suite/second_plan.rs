//! A second, different plan through every command: the Southern Corridor Network's 2025-2026
//! plan (`tests/plans/southern-corridor`), English first, three groups of priorities, codes
//! `GOV-1.1` … `INC-3.5`, periodic, quarter, open-ended and tentative calendars.
//!
//! It runs `plan`, `check`, `run` and `forms` on it, checks what its calendars mean and what the
//! findings say, and reads every output back (the documents' laid-out text, the trackers and
//! forms with calamine, the messages, findings and manifest) to assert that no text of the
//! 2023-2024 plan shipped in `inputs/plan/` appears in any of them.

use crate::common;
use crate::texts::{docx_text, files_under, workbook_text};

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use seguimiento::calendar::YearMonth;
use seguimiento::i18n::Lang;
use seguimiento::ingest::forms::{Field, FormKind};
use seguimiento::outputs::documents::{self, DOCUMENTS};
use seguimiento::plan::Plan;

const AS_OF: &str = "2025-07-31";

fn fixture() -> PathBuf {
    common::root().join("tests/plans/southern-corridor")
}

/// A copy of the second plan's inputs folder.
fn inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&fixture(), dir.path());
    std::fs::remove_file(dir.path().join("README.md")).unwrap();
    dir
}

fn seguimiento(inputs: &Path, outputs: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_seguimiento"));
    c.arg("--inputs")
        .arg(inputs)
        .arg("--outputs")
        .arg(outputs)
        .args(["--as-of", AS_OF]);
    c
}

/// Without white space, so a text broken across lines or cells still matches.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Texts of the 2023-2024 plan that must never show in the second plan's outputs: its codes,
/// its years, its titles, names and calendars, read from the shipped plan itself.
fn texts_of_the_other_plan() -> Vec<String> {
    let other = Plan::load(&common::root().join("inputs")).unwrap();
    let mut texts: Vec<String> = vec!["2023-2024".into(), "2023-24".into(), "2023".into()];
    let mut both = |t: &seguimiento::i18n::Text| {
        for (_, s) in t.versions() {
            if s.chars().count() >= 12 {
                texts.push(s.to_string());
            }
        }
    };
    both(&other.meta.title);
    both(&other.meta.subtitle);
    both(&other.meta.network);
    both(&other.meta.short);
    both(&other.meta.co_leads_text);
    for g in &other.groups {
        both(&g.name);
        both(&g.intro);
    }
    for p in &other.priorities {
        both(&p.title);
    }
    for a in &other.activities {
        both(&a.title);
        both(&a.lead_text);
    }
    if let Some(r) = &other.roles.review_support {
        both(&r.heading);
        both(&r.intro);
    }
    let mut out: Vec<String> = texts.iter().map(|t| squash(t)).collect();
    for a in &other.activities {
        out.push(a.code.clone());
    }
    for p in &other.priorities {
        // A priority code with the dot after it ("B1."), so "B1" inside a word does not count.
        out.push(format!("{}.", p.code));
    }
    out.sort();
    out.dedup();
    out
}

/// Fails with every text of the other plan found in `what`.
fn assert_clean(name: &str, what: &str, forbidden: &[String]) {
    let text = squash(what);
    let found: Vec<&String> = forbidden
        .iter()
        .filter(|f| text.contains(f.as_str()))
        .collect();
    assert!(
        found.is_empty(),
        "{name} shows text of the 2023-2024 plan: {found:?}"
    );
}

#[test]
fn plan_shows_what_each_calendar_means() {
    let inputs = inputs();
    let out = tempfile::tempdir().unwrap();
    let run = seguimiento(inputs.path(), out.path())
        .args(["plan", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let activities = json["activities"].as_array().unwrap();
    assert_eq!(activities.len(), 11);
    assert_eq!(json["groups"].as_array().unwrap().len(), 3);
    let schedule = |code: &str| {
        activities
            .iter()
            .find(|a| a["code"] == code)
            .unwrap_or_else(|| panic!("{code} missing"))["schedule"]
            .clone()
    };
    let windows = |code: &str| -> Vec<(String, String)> {
        schedule(code)["occurrences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| {
                (
                    w["start"].as_str().unwrap().to_string(),
                    w["end"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let quarterly = schedule("GOV-1.1");
    assert_eq!(quarterly["text_en"], "Quarterly");
    assert_eq!(quarterly["window"]["start"], "2025-01-01");
    assert_eq!(quarterly["window"]["end"], "2026-12-31");
    assert_eq!(quarterly["continuous"], false);
    let q = windows("GOV-1.1");
    assert_eq!(q.len(), 8);
    assert_eq!(q[1], ("2025-04-01".into(), "2025-06-30".into()));
    assert_eq!(
        windows("GOV-1.2"),
        [
            ("2025-11-01".to_string(), "2025-11-30".to_string()),
            ("2026-11-01".to_string(), "2026-11-30".to_string())
        ]
    );
    assert_eq!(windows("GOV-1.3").len(), 4);
    assert_eq!(
        windows("PRT-2.1"),
        [("2025-04-01".to_string(), "2025-06-30".to_string())]
    );
    assert_eq!(
        windows("PRT-2.2"),
        [("2025-01-01".to_string(), "2025-06-30".to_string())]
    );
    let helpline = schedule("PRT-2.3");
    assert_eq!(helpline["continuous"], true);
    assert_eq!(helpline["window"]["start"], "2025-03-01");
    assert!(windows("PRT-2.3").is_empty());
    assert_eq!(windows("INC-3.1").len(), 12);
    assert_eq!(schedule("INC-3.2")["tentative"], true);
    assert_eq!(
        windows("INC-3.2"),
        [("2025-07-01".to_string(), "2025-12-31".to_string())]
    );
    assert!(windows("INC-3.3").is_empty());
    assert_eq!(windows("INC-3.5").len(), 2);
    // The plan's own agency, unknown to the registry, leads with UNICEF.
    assert_eq!(json["agencies"][0]["id"], "ombudsman");
    let prt22 = activities.iter().find(|a| a["code"] == "PRT-2.2").unwrap();
    assert_eq!(prt22["lead"], serde_json::json!(["unicef", "ombudsman"]));

    let text = seguimiento(inputs.path(), out.path())
        .args(["--lang", "en", "plan"])
        .output()
        .unwrap();
    assert_eq!(text.status.code(), Some(0));
    let forbidden = texts_of_the_other_plan();
    assert_clean(
        "plan --format json",
        &String::from_utf8_lossy(&run.stdout),
        &forbidden,
    );
    assert_clean("plan", &String::from_utf8_lossy(&text.stdout), &forbidden);
}

#[test]
fn check_reads_the_codes_of_this_plan_and_its_occurrences() {
    let inputs = inputs();
    let out = tempfile::tempdir().unwrap();
    let run = seguimiento(inputs.path(), out.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let has = |code: &str, activity: Option<&str>| {
        findings
            .iter()
            .any(|f| f["code"] == code && activity.is_none_or(|a| f["activity"] == a))
    };
    let message = |code: &str| -> String {
        findings
            .iter()
            .find(|f| f["code"] == code)
            .map(|f| f["message"].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    assert!(has("unknown-activity", None));
    assert!(message("unknown-activity").contains("GOV-9.9"));
    assert!(
        message("unknown-activity").contains("from GOV-1.1 to GOV-1.3"),
        "{}",
        message("unknown-activity")
    );
    assert!(message("invalid-activity").contains("GOV-1.1 or INC-3.2"));
    assert!(message("ambiguous-activity").contains("GOV-1.1"));
    // The second quarter's meeting and the January-February practice were not reported done.
    assert!(has("occurrence-missing", Some("GOV-1.1")));
    assert!(has("occurrence-missing", Some("INC-3.1")));
    assert!(!findings
        .iter()
        .any(|f| f["code"] == "occurrence-missing" && f["activity"] == "GOV-1.3"));
    // "By June 2025", still in progress at the end of July: overdue. A quarter done in June is not.
    assert!(has("overdue", Some("PRT-2.2")));
    assert!(!has("overdue", Some("PRT-2.1")));
    // An ongoing process is never overdue.
    assert!(!has("overdue", Some("PRT-2.3")));
    assert!(!has("overdue", Some("INC-3.3")));

    let forbidden = texts_of_the_other_plan();
    assert_clean(
        "check --format json",
        &String::from_utf8_lossy(&run.stdout),
        &forbidden,
    );
    let es = seguimiento(inputs.path(), out.path())
        .args(["--lang", "es", "check"])
        .output()
        .unwrap();
    assert_clean("check", &String::from_utf8_lossy(&es.stdout), &forbidden);
}

#[test]
fn run_and_forms_show_nothing_of_the_other_plan() {
    let inputs = inputs();
    let out = tempfile::tempdir().unwrap();
    let run = seguimiento(inputs.path(), out.path())
        .arg("run")
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let forms = seguimiento(inputs.path(), out.path())
        .arg("forms")
        .output()
        .unwrap();
    assert!(
        matches!(forms.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&forms.stderr)
    );
    let forbidden = texts_of_the_other_plan();

    let files = files_under(out.path());
    let kinds = |ext: &str| {
        files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .count()
    };
    assert_eq!(kinds("pdf"), 6);
    assert_eq!(kinds("docx"), 6);
    assert!(kinds("xlsx") >= 3, "{files:?}");
    assert!(kinds("eml") >= 2, "{files:?}");
    for path in &files {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("xlsx") => assert_clean(&name, &workbook_text(&bytes), &forbidden),
            Some("docx") => assert_clean(&name, &docx_text(&bytes), &forbidden),
            Some("json" | "csv") => {
                assert_clean(&name, &String::from_utf8_lossy(&bytes), &forbidden)
            }
            _ => {}
        }
    }

    // The documents' laid-out text, the messages' bodies: as the library makes them.
    let config = common::config(inputs.path(), out.path(), AS_OF);
    let checked = seguimiento::check(&config).unwrap();
    let templates = documents::templates(None).unwrap();
    for kind in DOCUMENTS {
        for lang in [Lang::Es, Lang::En] {
            let doc = documents::render(&templates, kind, lang, &checked.report).unwrap();
            let text = documents::plain_text(&doc.document).join("\n");
            assert!(
                text.contains("GOV-1."),
                "{kind:?} {lang:?} names the plan's codes"
            );
            assert_clean(&format!("{kind:?} {lang:?}"), &text, &forbidden);
        }
    }
    let messages = seguimiento::outputs::messages::build_all(&config, &checked).unwrap();
    assert!(!messages.is_empty());
    for m in &messages {
        let all = format!("{}\n{}\n{}", m.subject, m.text, m.html);
        assert_clean(&m.file_name, &all, &forbidden);
    }
    // The plan's own agency: its report is accepted, its name is on the documents, a draft
    // goes to it from the contacts table.
    assert!(!checked
        .findings
        .iter()
        .any(|f| f.code.as_str() == "unknown-agency"));
    let prt22 = checked
        .report
        .activities
        .list
        .iter()
        .find(|a| a.code == "PRT-2.2")
        .unwrap();
    assert_eq!(prt22.lead.get(Lang::En), "UNICEF, SCO");
    assert_eq!(prt22.lead.get(Lang::Es), "UNICEF, DPCS");
    let to_it = messages
        .iter()
        .find(|m| m.agency == "ombudsman")
        .expect("a draft to the Ombudsman");
    assert_eq!(to_it.recipients.len(), 1);
    // Good practices come from this plan's own activity.
    assert_eq!(checked.report.good_practices.len(), 2);
}

#[test]
fn after_its_end_the_plan_is_reported_closed() {
    let inputs = inputs();
    let out = tempfile::tempdir().unwrap();
    let late = "2027-02-15";
    let run = Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .arg("--inputs")
        .arg(inputs.path())
        .arg("--outputs")
        .arg(out.path())
        .args(["--as-of", late, "check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(
        !findings.iter().any(|f| f["code"] == "missing-report"),
        "no report is asked for a quarter the plan does not cover"
    );
    assert!(findings.iter().any(|f| f["code"] == "plan-note"
        && f["message"]
            .as_str()
            .unwrap_or_default()
            .contains("ended in December 2026")));

    let ran = Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .arg("--inputs")
        .arg(inputs.path())
        .arg("--outputs")
        .arg(out.path())
        .args(["--as-of", late, "run"])
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(1));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("2027-Q1/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["plan"]["closed"], true);
    assert_eq!(manifest["plan"]["end"], "2026-12");
    assert!(manifest["figures"]["activities"]["missing_reports"]
        .as_array()
        .unwrap()
        .is_empty());

    let config = common::config(inputs.path(), out.path(), late);
    let checked = seguimiento::check(&config).unwrap();
    let note = checked
        .report
        .meta
        .plan_closed
        .clone()
        .expect("a closing note");
    assert!(
        note.get(Lang::Es).contains("terminó en diciembre de 2026"),
        "{}",
        note.get(Lang::Es)
    );
    let templates = documents::templates(None).unwrap();
    for kind in DOCUMENTS {
        let doc = documents::render(&templates, kind, Lang::En, &checked.report).unwrap();
        let text = squash(&documents::plain_text(&doc.document).join("\n"));
        assert!(
            text.contains(&squash(note.get(Lang::En))),
            "{kind:?} says the plan is closed"
        );
    }
    let tracker = seguimiento::outputs::tracker::build(&checked, Lang::Es).unwrap();
    assert!(squash(&workbook_text(&tracker)).contains(&squash(note.get(Lang::Es))));
    let messages = seguimiento::outputs::messages::build_all(&config, &checked).unwrap();
    for m in &messages {
        let closed = match m.lang {
            Lang::Es => "terminóendiciembrede2026",
            Lang::En => "endedinDecember2026",
            other => panic!("the second plan runs in Spanish and English, not {other}"),
        };
        assert!(
            squash(&m.text).contains(closed),
            "{} says the plan is closed",
            m.file_name
        );
    }
}

#[test]
fn before_its_start_the_run_stops_and_says_so() {
    let inputs = inputs();
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .arg("--inputs")
        .arg(inputs.path())
        .arg("--outputs")
        .arg(out.path())
        .args(["--as-of", "2024-11-30", "--lang", "es", "check"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("anterior al inicio"), "{err}");
    assert!(err.contains("enero de 2025"), "{err}");
}

/// Fills each status form of the second plan as an agency would (a status and progress on
/// every pre-filled row), sends it back, and checks that ingest reads every row with nothing to
/// say: its codes, in this plan's scheme, round-trip.
#[test]
fn its_status_forms_come_back_with_no_findings() {
    let inputs = inputs();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), AS_OF);
    let month = YearMonth::new(2025, 8).unwrap();
    seguimiento::cmd::forms::run(&config, Some(month)).unwrap();
    let forms = files_under(&out.path().join("forms/2025-08"));
    let back = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(back.path().join("plan")).unwrap();
    std::fs::copy(
        fixture().join("plan/plan.toml"),
        back.path().join("plan/plan.toml"),
    )
    .unwrap();
    std::fs::write(back.path().join("seguimiento.toml"), "as_of = 2025-08-31\n").unwrap();
    std::fs::create_dir_all(back.path().join("status/2025-08")).unwrap();
    let mut sent = 0;
    for form in &forms {
        let bytes = std::fs::read(form).unwrap();
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let first = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&first).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cell = |d: &Data| match d {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            other => other.to_string(),
        };
        let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
        let header_of = |f: Field| f.header(FormKind::Status, Lang::Es).to_string();
        let Some(head) = rows.iter().position(|r| {
            r.contains(&header_of(Field::Activity)) && r.contains(&header_of(Field::Status))
        }) else {
            continue;
        };
        let col = |f: Field| rows[head].iter().position(|h| *h == header_of(f)).unwrap();
        let mut filled = rows.clone();
        let mut n = 0;
        for row in filled.iter_mut().skip(head + 1) {
            if row[col(Field::Activity)].is_empty() {
                continue;
            }
            row[col(Field::Status)] = "en curso".into();
            row[col(Field::Progress)] = "50".into();
            n += 1;
        }
        assert!(n > 0, "{} has pre-filled rows", form.display());
        let mut w = rust_xlsxwriter::Workbook::new();
        let ws = w.add_worksheet();
        for (r, row) in filled.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string((r0 as usize + r) as u32, (c0 as usize + c) as u16, v)
                        .unwrap();
                }
            }
        }
        let name = form.file_name().unwrap().to_string_lossy().to_string();
        w.save(back.path().join("status/2025-08").join(&name))
            .unwrap();
        sent += n;
    }
    assert!(
        sent >= 11,
        "every activity has a lead, so every one is on a form"
    );
    let later = common::config(back.path(), out.path(), "2025-08-31");
    let checked = seguimiento::check(&later).unwrap();
    let about_rows: Vec<String> = checked
        .findings
        .iter()
        .filter(|f| f.location.row.is_some())
        .map(|f| {
            format!(
                "{}: {}",
                f.location.describe(Lang::En),
                f.message.get(Lang::En)
            )
        })
        .collect();
    assert!(about_rows.is_empty(), "{about_rows:#?}");
    let accepted: u32 = checked.intake.files.iter().map(|f| f.accepted).sum();
    assert_eq!(accepted as usize, sent);
}

#[test]
fn an_agency_the_plan_declares_is_named_by_its_acronym_in_every_output() {
    // The plan declares `ombudsman` (DPCS / SCO); every output names agencies through the
    // plan's registry, so none shows the bare id where a name belongs.
    let inputs = inputs();
    let out = tempfile::tempdir().unwrap();
    let run = seguimiento(inputs.path(), out.path())
        .arg("run")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let folder = out.path().join("2025-Q3/open-data");
    let rows = |name: &str| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(folder.join(name))
            .unwrap()
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    for (file, acronym) in [
        ("reports-2025-Q3-en.csv", "SCO"),
        ("informes-2025-Q3-es.csv", "DPCS"),
    ] {
        let rows = rows(file);
        let (name, id) = (
            rows[1].iter().position(|t| t == "#org+name").unwrap(),
            rows[1].iter().position(|t| t == "#org+code").unwrap(),
        );
        let row = rows
            .iter()
            .find(|r| r[0] == "PRT-2.2" && r[1] == "2025-07" && r[id] == "ombudsman")
            .unwrap_or_else(|| panic!("{file}: the ombudsman's July report of PRT-2.2"));
        assert_eq!(row[name], acronym, "{file}: {row:?}");
    }
    for (file, acronym) in [
        ("activities-2025-Q3-en.csv", "UNICEF; SCO"),
        ("actividades-2025-Q3-es.csv", "UNICEF; DPCS"),
    ] {
        let rows = rows(file);
        let row = rows.iter().find(|r| r[0] == "PRT-2.2").unwrap();
        assert!(row.iter().any(|c| c == acronym), "{file}: {row:?}");
    }
}
