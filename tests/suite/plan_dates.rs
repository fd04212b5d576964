//! Dates beside calendar phrases (tests/plans/dated): each form of a date in `plan.toml`, in a
//! plan workbook saved by LibreOffice whose dates are written month first, and in a revision;
//! the windows they give, the note when the phrase says otherwise, and the refusals.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use seguimiento::calendar::YearMonth;
use seguimiento::config::RunConfig;

fn inputs() -> PathBuf {
    common::root().join("tests/plans/dated")
}

fn seguimiento(args: &[&str], inputs: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .arg("--inputs")
        .arg(inputs)
        .args(args)
        .output()
        .unwrap()
}

fn plan_json(inputs: &Path) -> serde_json::Value {
    let out = seguimiento(&["--lang", "en", "plan", "--format", "json"], inputs);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Each occurrence of an activity as `start..end`.
fn windows(plan: &serde_json::Value, code: &str) -> Vec<String> {
    activity(plan, code)["schedule"]["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "{}..{}",
                w["start"].as_str().unwrap(),
                w["end"].as_str().unwrap()
            )
        })
        .collect()
}

fn activity<'a>(plan: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    plan["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == code)
        .unwrap()
}

/// The plan's notes about `code`.
fn notes(plan: &serde_json::Value, code: &str) -> Vec<String> {
    plan["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["activity"] == code)
        .map(|n| n["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_dates_govern_the_windows_and_the_phrase_is_kept() {
    let plan = plan_json(&inputs());
    // Quarterly, from a TOML date to a month: the quarters that meet the dates, cut to them.
    assert_eq!(
        windows(&plan, "D1.1"),
        [
            "2027-05-15..2027-06-30",
            "2027-07-01..2027-09-30",
            "2027-10-01..2027-12-31"
        ]
    );
    let d11 = &activity(&plan, "D1.1")["schedule"];
    assert_eq!(d11["text"], "Trimestral");
    assert_eq!(d11["start"], "2027-05-15");
    assert_eq!(d11["end"], "2027-12");
    assert_eq!(d11["parsed"]["kind"], "periodic");
    // No phrase, dates day first: one window.
    assert_eq!(windows(&plan, "D1.2"), ["2027-03-15..2027-06-30"]);
    assert_eq!(
        activity(&plan, "D1.2")["schedule"]["parsed"]["kind"],
        "dates"
    );
    // A phrase and dates that agree: no note.
    assert_eq!(windows(&plan, "D1.3"), ["2027-06-01..2027-06-30"]);
    assert!(notes(&plan, "D1.3").is_empty());
    // Continuous from a month to the plan's end.
    let d14 = &activity(&plan, "D1.4")["schedule"];
    assert_eq!(d14["continuous"], true);
    assert_eq!(d14["window"]["start"], "2027-04-01");
    assert_eq!(d14["window"]["end"], "2028-12-31");
    assert!(windows(&plan, "D1.4").is_empty());
    // An end alone is a deadline from the plan's first day.
    assert_eq!(windows(&plan, "D1.5"), ["2027-01-01..2027-10-31"]);
    assert_eq!(
        activity(&plan, "D1.5")["schedule"]["parsed"]["kind"],
        "until"
    );

    // Where the phrase says otherwise, a note names both windows in words.
    let n = notes(&plan, "D1.5");
    assert_eq!(n.len(), 1, "{n:?}");
    assert!(
        n[0].contains("“by September 2027”")
            && n[0].contains("January–September 2027")
            && n[0].contains("January–October 2027")
            && n[0].contains("the dates govern"),
        "{n:?}"
    );
    let n = notes(&plan, "D1.1");
    assert!(
        n.iter()
            .any(|n| n.contains("“Quarterly”") && n.contains("15 May")),
        "{n:?}"
    );
    // The revision's new end differs from "Octubre 2027": noted too.
    let n = notes(&plan, "D1.6");
    assert!(n.iter().any(|n| n.contains("March 2028")), "{n:?}");
}

#[test]
fn the_plan_shows_the_phrase_and_the_dates_in_words() {
    let out = seguimiento(&["--lang", "es", "plan"], &inputs());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Calendarización: Trimestral")
            && text.contains("Fechas: 15 de mayo de 2027 – diciembre de 2027"),
        "{text}"
    );
    // With no phrase, the dates stand for it.
    assert!(
        text.contains("Calendarización: del 15 de marzo de 2027 al 30 de junio de 2027"),
        "{text}"
    );
    let out = seguimiento(&["--lang", "en", "plan"], &inputs());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Calendar: from 15 March 2027 to 30 June 2027"),
        "{text}"
    );
}

#[test]
fn a_revision_moves_the_dates_from_its_month() {
    let plan = seguimiento::plan::Plan::load(&inputs()).unwrap();
    let month = |s: &str| YearMonth::parse_iso(s).unwrap();
    let window = |p: &seguimiento::plan::Plan| {
        let s = &p.activity("D1.6").unwrap().schedule;
        (
            s.window_start.to_string(),
            s.window_end.to_string(),
            s.text.clone(),
        )
    };
    assert_eq!(
        window(&plan.in_force(month("2027-12"))),
        (
            "2027-10-01".into(),
            "2027-10-31".into(),
            "Octubre 2027".into()
        )
    );
    // The change gives only the end: the phrase and the start stay.
    assert_eq!(
        window(&plan.in_force(month("2028-01"))),
        (
            "2027-10-01".into(),
            "2028-03-31".into(),
            "Octubre 2027".into()
        )
    );
    assert_eq!(plan.revisions[0].calendar, ["D1.6"]);

    // Judged by the plan in force: overdue in December 2027, not in February 2028.
    let checked = |as_of: &str| {
        let date = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
        let config = RunConfig::new(inputs(), PathBuf::from("unused"), Some(date), None).unwrap();
        seguimiento::check(&config).unwrap()
    };
    let c = checked("2027-12-31");
    assert!(c.report.activities.overdue.contains(&"D1.6".to_string()));
    // The study of the dates alone (15 March - 30 June 2027) is overdue, in progress.
    assert!(c.report.activities.overdue.contains(&"D1.2".to_string()));
    let c = checked("2028-02-29");
    assert!(!c.report.activities.overdue.contains(&"D1.6".to_string()));
}

#[test]
fn the_dated_plan_round_trips_through_the_workbook() {
    let want = plan_json(&inputs());
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir_all(book.join("plan")).unwrap();
    let out = seguimiento(
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
    let back = dir.path().join("back");
    std::fs::create_dir_all(back.join("plan")).unwrap();
    let out = seguimiento(
        &[
            "plan",
            "--export",
            back.join("plan/plan.toml").to_str().unwrap(),
        ],
        &book,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (got, what) in [(plan_json(&book), "workbook"), (plan_json(&back), "TOML")] {
        assert_eq!(got["activities"], want["activities"], "through the {what}");
        let messages = |p: &serde_json::Value| {
            p["notes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["message"].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(messages(&got), messages(&want), "through the {what}");
    }
}

#[test]
fn a_workbook_saved_by_libreoffice_with_dates_month_first_gives_the_same_windows() {
    let want = plan_json(&inputs());
    let got = plan_json(&inputs().join("book"));
    assert_eq!(got["plan"]["date_order"], "mdy");
    for a in want["activities"].as_array().unwrap() {
        let code = a["code"].as_str().unwrap();
        let mine = activity(&got, code);
        for field in [
            "window",
            "occurrences",
            "parsed",
            "continuous",
            "start",
            "end",
        ] {
            assert_eq!(
                mine["schedule"][field], a["schedule"][field],
                "{code} {field}"
            );
        }
        assert_eq!(mine["changes"], a["changes"], "{code}");
    }
}

#[test]
fn dates_that_cannot_be_read_are_refused_at_their_cells() {
    let inputs = inputs().join("book-broken");
    for (lang, words) in [
        (
            "es",
            [
                "hoja «Actividades · Activities», fila 3",
                "«15/03/2027» no es una fecha leída con el mes primero",
                "«46096» es un número, no una fecha",
                "«31/04/2027» no es una fecha del calendario",
            ],
        ),
        (
            "en",
            [
                "sheet “Actividades · Activities”, row 3",
                "“15/03/2027” is not a date read month first",
                "“46096” is a number, not a date",
                "“31/04/2027” is not a date of the calendar",
            ],
        ),
    ] {
        let out = seguimiento(&["--lang", lang, "plan"], &inputs);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        for w in words {
            assert!(err.contains(w), "{w} not in {err}");
        }
    }
}

#[test]
fn dates_in_toml_that_cannot_be_read_stop_the_plan_with_what_to_write() {
    let src = std::fs::read_to_string(inputs().join("plan/plan.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("plan")).unwrap();
    for (from, to, words) in [
        (
            "start = \"15/03/2027\"",
            "start = \"3/15/2027\"",
            vec![
                "the start date (start) of D1.2 cannot be read",
                "15 March 2027",
                "2027-03-15",
                "date_order = \"mdy\"",
            ],
        ),
        (
            "end = \"30/06/2027\"",
            "end = \"01/03/2027\"",
            vec!["D1.2 starts (15 March 2027) after it ends (1 March 2027)"],
        ),
        (
            "end = \"30/06/2027\"",
            "end = \"pronto\"",
            vec!["“pronto” is not a date or a month", "YYYY-MM-DD"],
        ),
    ] {
        assert!(src.contains(from));
        std::fs::write(dir.path().join("plan/plan.toml"), src.replace(from, to)).unwrap();
        let out = seguimiento(&["--lang", "en", "plan"], dir.path());
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        for w in words {
            assert!(err.contains(w), "{w} not in {err}");
        }
    }
    // A date outside the plan's period is read as written, and noted.
    std::fs::write(
        dir.path().join("plan/plan.toml"),
        src.replace("end = \"30/06/2027\"", "end = \"30/06/2029\""),
    )
    .unwrap();
    let plan = plan_json(dir.path());
    assert_eq!(windows(&plan, "D1.2"), ["2027-03-15..2029-06-30"]);
    let n = notes(&plan, "D1.2");
    assert!(
        n.iter()
            .any(|n| n.contains("30 June 2029") && n.contains("outside the plan's period")),
        "{n:?}"
    );
}

#[test]
fn the_trackers_plan_sheet_and_the_documents_show_the_dates_windows() {
    use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
    use seguimiento::i18n::{tr, Lang};

    let out = tempfile::tempdir().unwrap();
    let config = common::config(&inputs(), out.path(), "2027-12-31");
    let checked = seguimiento::check(&config).unwrap();
    // What the documents print: the phrase, or the dates in words when there is none.
    let list = &checked.report.activities.list;
    let row = |code: &str| list.iter().find(|a| a.code == code).unwrap();
    assert_eq!(
        row("D1.2").calendar.get(Lang::Es),
        "del 15 de marzo de 2027 al 30 de junio de 2027"
    );
    assert_eq!(row("D1.1").calendar.get(Lang::En), "Quarterly");
    for lang in Lang::RUN_DEFAULT {
        let bytes = seguimiento::outputs::tracker::build(&checked, lang).unwrap();
        let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let sheet = tr(lang, "xlsx.sheet.plan", &[]);
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
                .unwrap_or_else(|| panic!("{lang}: no column {header}"))
        };
        let (start, end, calendar) = (
            col("xlsx.col.window-start"),
            col("xlsx.col.window-end"),
            col("xlsx.col.calendar"),
        );
        let find = |code: &str| rows.iter().find(|r| r[0] == code).unwrap();
        let d12 = find("D1.2");
        let day = |d: &Data| d.as_date().map(|d| d.to_string());
        assert_eq!(day(&d12[start]).as_deref(), Some("2027-03-15"), "{lang}");
        assert_eq!(day(&d12[end]).as_deref(), Some("2027-06-30"), "{lang}");
        assert!(!d12[calendar].to_string().is_empty(), "{lang}");
        let d15 = find("D1.5");
        assert_eq!(day(&d15[end]).as_deref(), Some("2027-10-31"), "{lang}");
    }
}
