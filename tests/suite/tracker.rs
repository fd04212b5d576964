//! Builds the trackers from the sample inputs and reads them back with calamine: every
//! activity, report, pledge, finding and plan entry is there, formulas carry ReportData's
//! figures, no text became a formula, and two builds give the same bytes.

use crate::common;

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
use seguimiento::i18n::{tr, Lang};
use seguimiento::model::ActivityStatus;
use seguimiento::Checked;

fn sample() -> Checked {
    let inputs = common::root().join("inputs");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(&inputs, out.path(), "2024-06-30");
    seguimiento::check(&config).unwrap()
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

/// Returns a sheet's rows as calamine sees them (cached values for formulas).
fn rows(wb: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<Data>> {
    let range = wb.worksheet_range(sheet).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn sheet_name(lang: Lang, key: &str) -> String {
    tr(lang, &format!("xlsx.sheet.{key}"), &[])
}

/// Returns the column of a header (`xlsx.col.<key>`) in a list sheet's first row.
fn column(rows: &[Vec<Data>], lang: Lang, key: &str) -> usize {
    let header = tr(lang, &format!("xlsx.col.{key}"), &[]);
    rows[0]
        .iter()
        .position(|d| text(d) == header)
        .unwrap_or_else(|| panic!("{lang}: no column {header}"))
}

/// Returns the column of the narrative written in `written_in` in a list sheet's first row.
fn narrative_column(rows: &[Vec<Data>], lang: Lang, written_in: Lang) -> usize {
    let code = written_in.code().to_uppercase();
    let header = tr(lang, "xlsx.col.narrative-in", &[("code", &code)]);
    rows[0]
        .iter()
        .position(|d| text(d) == header)
        .unwrap_or_else(|| panic!("{lang}: no column {header}"))
}

fn build(checked: &Checked, lang: Lang) -> Vec<u8> {
    seguimiento::outputs::tracker::build(checked, lang).unwrap()
}

#[test]
fn every_activity_pledge_finding_and_report_is_in_the_tracker() {
    let checked = sample();
    let report = &checked.report;
    for lang in Lang::RUN_DEFAULT {
        let mut wb = open(&build(&checked, lang));
        let names = wb.sheet_names();
        for key in [
            "summary",
            "activities",
            "history",
            "pledges",
            "pledge-history",
            "findings",
            "plan",
        ] {
            assert!(names.contains(&sheet_name(lang, key)), "{lang}: no {key}");
        }

        let act = rows(&mut wb, &sheet_name(lang, "activities"));
        let (code, status, overdue) = (
            column(&act, lang, "code"),
            column(&act, lang, "status"),
            column(&act, lang, "overdue"),
        );
        assert_eq!(act.len() - 1, report.activities.list.len());
        for (row, a) in act[1..].iter().zip(&report.activities.list) {
            assert_eq!(text(&row[code]), a.code);
            assert_eq!(text(&row[status]), tr(lang, a.status.label_key(), &[]));
            let yes = tr(lang, "xlsx.yes", &[]);
            assert_eq!(text(&row[overdue]) == yes, a.overdue, "{}", a.code);
        }
        // Beside every activity status, its IATI ActivityStatus code (blank when not reported).
        for (status, iati) in [
            ("status", "iati-status"),
            ("previous-status", "previous-iati-status"),
        ] {
            let (s, c) = (column(&act, lang, status), column(&act, lang, iati));
            assert_eq!(c, s + 1, "{lang}: {iati} beside {status}");
            for (row, a) in act[1..].iter().zip(&report.activities.list) {
                let name = if status == "status" {
                    &a.status
                } else {
                    &a.previous_status
                };
                let expected = match name.iati() {
                    Some(code) => Data::Float(f64::from(code)),
                    None => Data::Empty,
                };
                assert_eq!(row[c], expected, "{lang} {}: {iati}", a.code);
            }
        }

        let pl = rows(&mut wb, &sheet_name(lang, "pledges"));
        let id = column(&pl, lang, "pledge");
        let ids: Vec<String> = pl[1..].iter().map(|r| text(&r[id])).collect();
        let expected: Vec<String> = report.pledges.list.iter().map(|p| p.id.clone()).collect();
        assert_eq!(ids, expected, "{lang}: pledges");

        let fi = rows(&mut wb, &sheet_name(lang, "findings"));
        let (msg, kind, id, age) = (
            column(&fi, lang, "message"),
            column(&fi, lang, "finding-code"),
            column(&fi, lang, "finding-id"),
            column(&fi, lang, "age"),
        );
        assert_eq!(fi.len() - 1, checked.findings.len());
        for (row, f) in fi[1..].iter().zip(&checked.findings) {
            assert_eq!(text(&row[msg]), f.message.get(lang));
            assert_eq!(text(&row[kind]), f.code.as_str());
            assert_eq!(text(&row[id]), f.id);
            assert!(!f.id.is_empty());
            let expected = f
                .age_months
                .map_or(Data::Empty, |a| Data::Float(f64::from(a)));
            assert_eq!(row[age], expected, "{lang} {}: age", f.id);
        }

        let hist = rows(&mut wb, &sheet_name(lang, "history"));
        let (file, row_col) = (column(&hist, lang, "file"), column(&hist, lang, "row"));
        assert_eq!(hist.len() - 1, checked.intake.status.len());
        let iati = column(&hist, lang, "iati-status");
        assert_eq!(iati, column(&hist, lang, "status") + 1);
        for (row, s) in hist[1..].iter().zip(&checked.intake.status) {
            assert_eq!(row[iati], Data::Float(f64::from(s.status.iati())));
            assert_eq!(text(&row[file]), &*s.source.file);
            assert_eq!(row[row_col], Data::Float(f64::from(s.source.row)));
        }
        let ph = rows(&mut wb, &sheet_name(lang, "pledge-history"));
        assert_eq!(ph.len() - 1, checked.intake.pledges.len());

        let plan = rows(&mut wb, &sheet_name(lang, "plan"));
        let (code, start) = (
            column(&plan, lang, "code"),
            column(&plan, lang, "window-start"),
        );
        assert_eq!(plan.len() - 1, checked.plan.activities.len());
        for (row, a) in plan[1..].iter().zip(&checked.plan.activities) {
            assert_eq!(text(&row[code]), a.code);
            // A date cell, read back as the plan's window start.
            let d = row[start].as_date().unwrap();
            assert_eq!(d, a.schedule.window_start, "{}", a.code);
        }
    }
}

#[test]
fn summary_shows_report_figures_and_formulas_carry_them() {
    let checked = sample();
    let report = &checked.report;
    for lang in Lang::RUN_DEFAULT {
        let mut wb = open(&build(&checked, lang));
        let name = sheet_name(lang, "summary");
        let summary = rows(&mut wb, &name);
        let find = |label: &str| {
            summary
                .iter()
                .find(|r| r.first().map(text).as_deref() == Some(label))
                .unwrap_or_else(|| panic!("{lang}: no row {label}"))
                .clone()
        };
        let total = find(&tr(lang, "xlsx.fig.activities", &[]));
        assert_eq!(total[1], Data::Float(report.activities.total as f64));
        let pledges = find(&tr(lang, "xlsx.fig.pledges", &[]));
        assert_eq!(pledges[1], Data::Float(report.pledges.total as f64));
        let share = find(&tr(lang, "xlsx.fig.completed-share", &[]));
        assert_eq!(
            share[1],
            Data::Float(report.activities.completed_share / 100.0)
        );

        // The totals row holds formulas whose cached results are ReportData's figures.
        let totals = find(&tr(lang, "xlsx.summary.total", &[]));
        for (i, s) in ActivityStatus::ALL.iter().enumerate() {
            assert_eq!(
                totals[i + 1],
                Data::Float(report.activities.by_status[s] as f64),
                "{lang}: total {s}"
            );
        }
        assert_eq!(
            totals[ActivityStatus::ALL.len() + 1],
            Data::Float(report.activities.total as f64)
        );
        let formulas = wb.worksheet_formula(&name).unwrap();
        let count = formulas
            .used_cells()
            .filter(|(_, _, f)| !f.is_empty())
            .count();
        assert!(count > report.priorities.len(), "{lang}: {count} formulas");

        for o in &report.objectives {
            let label = tr(
                lang,
                "xlsx.summary.objective-label",
                &[("n", &o.number), ("short", &o.short.get(lang))],
            );
            let row = find(&label);
            let n = report.pledges.by_objective[&o.number];
            assert_eq!(
                row[1],
                Data::Float(n as f64),
                "{lang}: objective {}",
                o.number
            );
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let checked = sample();
    for lang in Lang::RUN_DEFAULT {
        assert_eq!(build(&checked, lang), build(&checked, lang), "{lang}");
    }
    let again = sample();
    let a =
        seguimiento::outputs::tracker::build_all(&checked, &seguimiento::i18n::Lang::RUN_DEFAULT)
            .unwrap();
    let b = seguimiento::outputs::tracker::build_all(&again, &seguimiento::i18n::Lang::RUN_DEFAULT)
        .unwrap();
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.file_name, y.file_name);
        assert!(x.bytes == y.bytes, "{} differs between runs", x.file_name);
    }
    assert_eq!(
        a.iter().map(|t| t.file_name.clone()).collect::<Vec<_>>(),
        vec![
            "seguimiento-2024-Q2-es.xlsx".to_string(),
            "tracker-2024-Q2-en.xlsx".to_string(),
        ]
    );
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let mut checked = sample();
    let first = &mut checked.intake.status[0];
    first
        .narrative_in
        .insert(Lang::Es, "=HYPERLINK(\"https://example.org\",\"x\")".into());
    first.next_steps = Some("+1+1".into());
    first.evidence = Some("javascript:alert(1)".into());
    let lang = Lang::Es;
    let bytes = build(&checked, lang);
    let mut wb = open(&bytes);
    let name = sheet_name(lang, "history");
    let hist = rows(&mut wb, &name);
    let row = &hist[1];
    assert_eq!(
        row[narrative_column(&hist, lang, Lang::Es)],
        Data::String("=HYPERLINK(\"https://example.org\",\"x\")".into())
    );
    assert_eq!(
        row[column(&hist, lang, "next-steps")],
        Data::String("+1+1".into())
    );
    assert_eq!(
        row[column(&hist, lang, "evidence")],
        Data::String("javascript:alert(1)".into())
    );
    let formulas = wb.worksheet_formula(&name).unwrap();
    assert_eq!(
        formulas
            .used_cells()
            .filter(|(_, _, f)| !f.is_empty())
            .count(),
        0,
        "no list sheet holds a formula"
    );
}

/// Returns a part of an xlsx file as text.
fn part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn list_sheets_written_row_by_row_keep_their_table_header_and_heights() {
    // List sheets are constant-memory worksheets: a row is on disk once the next one starts,
    // so a height or a table header set after its row would be lost without an error.
    let checked = sample();
    let lang = Lang::Es;
    let bytes = build(&checked, lang);
    let history = part(&bytes, "xl/worksheets/sheet3.xml");
    let first_row = &history[history.find("<row r=\"1\"").unwrap()..];
    let first_row = &first_row[..first_row.find("</row>").unwrap()];
    assert!(first_row.contains(r#"ht="30""#), "{first_row}");
    assert!(history.contains(r#"ySplit="1""#), "frozen header row");
    assert!(
        history.contains("<tablePart "),
        "the history is an Excel table"
    );
    let tall = history
        .match_indices("<row r=")
        .filter(|(i, _)| history[*i..].split('>').next().unwrap().contains("ht="))
        .count();
    assert!(tall > 1, "wrapped narratives get taller rows");
    // Text goes inline, never as a formula.
    assert!(history.contains(r#"t="inlineStr""#));
    let table = part(&bytes, "xl/tables/table2.xml");
    let header = tr(lang, "xlsx.col.narrative-in", &[("code", &"ES")]);
    assert!(table.contains(&header), "{table}");
    let rows = checked.intake.status.len() + 1;
    // 14 columns: the status with its IATI code beside it, then the rest.
    assert!(table.contains(&format!(r#"ref="A1:N{rows}""#)), "{table}");
}

#[test]
fn a_destination_that_fails_is_an_error_naming_the_tracker() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("no space left"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let checked = sample();
    let e = seguimiento::outputs::tracker::write(&checked, Lang::En, Full).unwrap_err();
    let file = seguimiento::outputs::tracker::file_name(Lang::En, &checked.report.meta.period);
    assert!(e.render(Lang::En).contains(&file), "{}", e.render(Lang::En));
}

#[test]
fn the_plan_sheet_tells_irregularities_in_words_of_its_language() {
    let checked = sample();
    let flagged = checked
        .plan
        .activities
        .iter()
        .find(|a| a.irregularities.iter().any(|i| i == "singular-plural"))
        .expect("the shipped plan flags an activity singular-plural");
    for lang in Lang::RUN_DEFAULT {
        let mut wb = open(&build(&checked, lang));
        let rows = rows(&mut wb, &sheet_name(lang, "plan"));
        let notes = column(&rows, lang, "notes");
        let row = rows
            .iter()
            .find(|r| text(&r[0]) == flagged.code)
            .expect("the activity's row");
        let cell = text(&row[notes]);
        assert!(
            cell.contains(&tr(lang, "plan.irregularity.singular-plural", &[])),
            "{lang}: {cell}"
        );
        assert!(
            !cell.contains("singular-plural"),
            "{lang}: the key shows: {cell}"
        );
    }
}
