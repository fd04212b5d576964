//! Who has reported, and when (docs/figures.md#reporting): `tests/plans/reporting` holds three
//! agencies' forms for four months with the days they arrived, and every figure below was worked
//! out by hand from the docs before the program was run on it.

use seguimiento::findings::Code;
use seguimiento::reconcile::reporting::FormState::{self, *};

use crate::common;

#[test]
fn the_reporting_grid_and_rates_are_those_worked_out_by_hand() {
    let folder = common::root().join("tests/plans/reporting");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(&folder, out.path(), "2024-05-20");
    let checked = seguimiento::check(&config).unwrap();
    let r = &checked.report.reporting;
    assert_eq!(r.due_day, 10);
    let months: Vec<String> = r.months.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        months,
        ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]
    );

    let row = |id: &str| r.agencies.iter().find(|a| a.agency == id).unwrap();
    let states = |id: &str| -> Vec<FormState> { row(id).months.iter().map(|c| c.state).collect() };
    assert_eq!(states("iom"), [OnTime, OnTime, Late, OnTime, NotDue]);
    assert_eq!(states("eclac"), [OnTime, Missing, Missing, OnTime, NotDue]);
    assert_eq!(states("ilo"), [OnTime, OnTime, OnTime, Received, NotDue]);
    assert!(
        !row("ilo").months[3].clean,
        "April's form has a rejected row"
    );

    // (expected, received, clean, on time, late, unknown date) over the months due.
    let counts = |id: &str| {
        let x = &row(id).rates;
        (
            x.expected,
            x.received,
            x.clean,
            x.on_time,
            x.late,
            x.unknown_date,
        )
    };
    assert_eq!(counts("iom"), (4, 4, 4, 3, 1, 0));
    assert_eq!(counts("eclac"), (4, 2, 2, 2, 0, 0));
    assert_eq!(counts("ilo"), (4, 4, 3, 3, 0, 1));
    let n = &r.network;
    assert_eq!(
        (n.expected, n.received, n.clean, n.on_time, n.late),
        (12, 10, 9, 8, 1)
    );
    assert_eq!(n.received_rate, Some(83.3));
    assert_eq!(n.on_time_rate, Some(66.7));
    assert_eq!(r.unknown_receipts, 1);
    assert_eq!(row("iom").days_since_last, Some(18));
    assert_eq!(row("eclac").days_since_last, Some(10));
    assert_eq!(row("ilo").days_since_last, Some(48));

    // Forms due in the three months up to the as-of date: February's, March's and April's.
    let of = |code: Code| -> Vec<(String, String)> {
        checked
            .findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| (f.agency.clone().unwrap(), f.month.unwrap().to_string()))
            .collect()
    };
    assert_eq!(
        of(Code::FormNotReceived),
        [
            ("eclac".into(), "2024-02".into()),
            ("eclac".into(), "2024-03".into())
        ]
    );
    assert_eq!(of(Code::FormLate), [("iom".into(), "2024-03".into())]);

    // The manifest carries the Network's figures.
    let figures = seguimiento::record::figures(&checked);
    assert_eq!(figures["reporting"]["expected"], 12);
    assert_eq!(figures["reporting"]["on_time"], 8);
}

#[test]
fn a_receipt_row_that_cannot_be_used_is_a_finding_at_its_row() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join("tests/plans/reporting"), dir.path());
    std::fs::write(
        dir.path().join("received.csv"),
        "file,date\nstatus/2024-01/oim.csv,5 de febrero\nstatus/2024-09/nada.csv,2024-10-01\n\
         status/2024-02/oim.csv,2024-03-08\nstatus/2024-02/oim.csv,2024-03-09\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(dir.path(), out.path(), "2024-05-20");
    let checked = seguimiento::check(&config).unwrap();
    let rows: Vec<(Option<u32>, Option<String>)> = checked
        .findings
        .iter()
        .filter(|f| f.code == Code::InvalidReceipt)
        .map(|f| (f.location.row, f.location.column.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (Some(2), Some("B".into())),
            (Some(3), Some("A".into())),
            (Some(5), Some("B".into()))
        ]
    );
    let iom = checked
        .report
        .reporting
        .agencies
        .iter()
        .find(|a| a.agency == "iom")
        .unwrap();
    // January's date could not be read and February's is given twice: neither is known.
    assert_eq!(
        iom.months[0].state,
        seguimiento::reconcile::reporting::FormState::Received
    );
    assert_eq!(
        iom.months[1].state,
        seguimiento::reconcile::reporting::FormState::Received
    );
}

#[test]
fn a_status_form_announces_the_due_day_of_the_settings() {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join("tests/plans/reporting"), dir.path());
    std::fs::write(
        dir.path().join("seguimiento.toml"),
        "as_of = 2024-05-20\n[reporting]\ndue_day = 15\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(dir.path(), out.path(), "2024-05-20");
    let checked = seguimiento::check(&config).unwrap();
    let month = seguimiento::calendar::YearMonth::parse_iso("2024-05").unwrap();
    let bytes = seguimiento::outputs::forms::agency_status_form(&checked, "iom", month)
        .unwrap()
        .unwrap()
        .bytes;
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let name = wb.sheet_names()[0].clone();
    let text: String = wb
        .worksheet_range(&name)
        .unwrap()
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("15 de junio de 2024"), "{text}");
    assert!(text.contains("15 June 2024"), "{text}");
}

#[test]
fn a_draft_lists_the_forms_an_agency_has_not_sent() {
    let folder = common::root().join("tests/plans/reporting");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(&folder, out.path(), "2024-05-20");
    let checked = seguimiento::check(&config).unwrap();
    let messages = seguimiento::outputs::messages::build_all(&config, &checked).unwrap();
    let draft = |agency: &str, lang| {
        messages
            .iter()
            .find(|m| m.agency == agency && m.lang == lang)
            .map(|m| m.text.clone())
    };
    let es = draft("eclac", seguimiento::i18n::Lang::Es).unwrap();
    assert!(es.contains("Formularios de estado no recibidos"), "{es}");
    assert!(
        es.contains("febrero de 2024 (vencía el 10 de marzo de 2024)"),
        "{es}"
    );
    assert!(
        es.contains("marzo de 2024 (vencía el 10 de abril de 2024)"),
        "{es}"
    );
    let en = draft("eclac", seguimiento::i18n::Lang::En).unwrap();
    assert!(
        en.contains("February 2024 (it was due on 10 March 2024)"),
        "{en}"
    );
    // OIM's late form is a note, not something to ask of it.
    assert!(draft("iom", seguimiento::i18n::Lang::Es)
        .is_none_or(|t| !t.contains("Formularios de estado no recibidos")));
}
