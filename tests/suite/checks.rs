//! The network's checks (docs/settings.md#checks): for each, a folder whose reports raise it, one
//! whose reports do not, and the first again with the check switched off. Each folder is the
//! five-activity plan of `tests/plans/figures` and one status file written here, as a
//! spreadsheet saves CSV. And the rule of which report counts never depends on file names.

use std::path::Path;

use seguimiento::findings::{Code, Finding, Severity};
use seguimiento::model::Term;

use crate::common;

const HEADER: &str = "Código,Periodo,Agencia,Estado,Avance (%),Fecha de realización";

/// Runs `check` on the figures plan with `rows` as one status file and `settings` after `as_of`.
fn findings(as_of: &str, rows: &[&str], settings: &str) -> Vec<Finding> {
    let dir = tempfile::tempdir().unwrap();
    let plan = common::root().join("tests/plans/figures/plan");
    common::copy_tree(&plan, &dir.path().join("plan"));
    let status = dir.path().join("status");
    std::fs::create_dir_all(&status).unwrap();
    let mut csv = String::from(HEADER);
    for r in rows {
        csv.push('\n');
        csv.push_str(r);
    }
    std::fs::write(status.join("reports.csv"), csv + "\n").unwrap();
    std::fs::write(
        dir.path().join("seguimiento.toml"),
        format!("as_of = {as_of}\n{settings}\n"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(dir.path(), out.path(), as_of);
    seguimiento::check(&config).unwrap().findings
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn of(findings: &[Finding], code: Code) -> Vec<&Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

/// The three folders of a check: raised, not raised, raised but switched off.
fn three(code: Code, as_of: &str, raises: &[&str], clean: &[&str]) -> Vec<Finding> {
    let raised = findings(as_of, raises, "");
    assert!(
        !of(&raised, code).is_empty(),
        "{code} not raised: {:#?}",
        raised.iter().map(|f| f.code).collect::<Vec<_>>()
    );
    assert!(
        of(&findings(as_of, clean, ""), code).is_empty(),
        "{code} raised"
    );
    let off = format!("[checks.{code}]\nenabled = false\n");
    assert!(
        of(&findings(as_of, raises, &off), code).is_empty(),
        "{code} not switched off"
    );
    raised
}

#[test]
fn agencies_that_disagree_on_a_month() {
    let raised = three(
        Code::AgenciesDisagree,
        "2024-05-31",
        &[
            "A1.2,2024-05,CEPAL,En curso,40,",
            "A1.2,2024-05,OIM,No iniciada,0,",
        ],
        &[
            "A1.2,2024-05,CEPAL,En curso,40,",
            "A1.2,2024-05,OIM,En curso,45,",
        ],
    );
    let f = of(&raised, Code::AgenciesDisagree)[0];
    assert_eq!(f.activity.as_deref(), Some("A1.2"));
    assert_eq!(
        f.location.file, None,
        "about the activity, addressed to its leads"
    );
    let message = f.message.get(seguimiento::i18n::Lang::En);
    assert!(
        message.contains("row 2") && message.contains("row 3"),
        "{message}"
    );
    // Progress further apart than the tolerance is a disagreement too, and the tolerance is set.
    let apart = [
        "A1.2,2024-05,CEPAL,En curso,40,",
        "A1.2,2024-05,OIM,En curso,60,",
    ];
    assert_eq!(
        of(&findings("2024-05-31", &apart, ""), Code::AgenciesDisagree).len(),
        1
    );
    let wide = "[checks.agencies-disagree]\npoints = 25\n";
    assert!(of(
        &findings("2024-05-31", &apart, wide),
        Code::AgenciesDisagree
    )
    .is_empty());
}

#[test]
fn progress_that_drops() {
    let raised = three(
        Code::ProgressDrop,
        "2024-05-31",
        &[
            "A1.2,2024-04,CEPAL,En curso,60,",
            "A1.2,2024-05,CEPAL,En curso,30,",
        ],
        &[
            "A1.2,2024-04,CEPAL,En curso,60,",
            "A1.2,2024-05,CEPAL,En curso,50,",
        ],
    );
    let f = of(&raised, Code::ProgressDrop)[0];
    assert_eq!(f.location.row, Some(3), "on the later row");
    let strict = "[checks.progress-drop]\npoints = 5\n";
    let small = [
        "A1.2,2024-04,CEPAL,En curso,60,",
        "A1.2,2024-05,CEPAL,En curso,50,",
    ];
    assert_eq!(
        of(&findings("2024-05-31", &small, strict), Code::ProgressDrop).len(),
        1
    );
}

#[test]
fn progress_that_stalls_as_the_window_closes() {
    let months = |from: u32, to: u32, progress: &dyn Fn(u32) -> u32| -> Vec<String> {
        (from..=to)
            .map(|m| format!("A1.2,2024-{m:02},CEPAL,En curso,{},", progress(m)))
            .collect()
    };
    let stalled = months(5, 12, &|_| 50);
    let moving = months(5, 12, &|m| if m < 9 { 50 } else { 60 });
    // A1.2's window ends on 31 December 2024, within the quarter of 15 December.
    three(
        Code::ProgressStalled,
        "2024-12-15",
        &refs(&stalled),
        &refs(&moving),
    );
    let patient = "[checks.progress-stalled]\nmonths = 9\n";
    assert!(of(
        &findings("2024-12-15", &refs(&stalled), patient),
        Code::ProgressStalled
    )
    .is_empty());
    // In September the window does not end within the quarter.
    assert!(of(
        &findings("2024-09-30", &refs(&months(3, 9, &|_| 50)), ""),
        Code::ProgressStalled
    )
    .is_empty());
}

#[test]
fn completed_with_no_date() {
    three(
        Code::CompletedWithoutDate,
        "2024-03-31",
        &["A1.1,2024-03,OIM,Completada,100,"],
        &["A1.1,2024-03,OIM,Completada,100,20/03/2024"],
    );
}

#[test]
fn a_date_outside_the_window_or_after_the_month() {
    // A1.1 is planned for March 2024.
    three(
        Code::ImplausibleDate,
        "2024-04-30",
        &["A1.1,2024-03,OIM,Completada,100,10/01/2024"],
        &["A1.1,2024-03,OIM,Completada,100,20/03/2024"],
    );
    let after = ["A1.1,2024-03,OIM,Completada,100,05/04/2024"];
    let found = findings("2024-04-30", &after, "");
    let f = of(&found, Code::ImplausibleDate);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].location.column.as_deref(), Some("F"));
}

#[test]
fn an_agency_the_activity_does_not_name() {
    let raised = three(
        Code::AgencyNotInvolved,
        "2024-03-31",
        &["A1.1,2024-03,CEPAL,En curso,50,"],
        &["A1.1,2024-03,OIM,En curso,50,"],
    );
    assert_eq!(
        of(&raised, Code::AgencyNotInvolved)[0].severity(),
        Severity::Info
    );
    // In the sample, T1.2 names no lead and B4.2's lead is chosen for each message: any agency
    // may report them.
    let dir = tempfile::tempdir().unwrap();
    sample(dir.path(), &[]);
    let out = tempfile::tempdir().unwrap();
    let config = common::config(dir.path(), out.path(), "2024-06-30");
    let found = seguimiento::check(&config).unwrap().findings;
    let noted: Vec<Option<&str>> = of(&found, Code::AgencyNotInvolved)
        .iter()
        .map(|f| f.activity.as_deref())
        .collect();
    assert!(
        !noted.contains(&Some("T1.2")) && !noted.contains(&Some("B4.2")),
        "{noted:?}"
    );
}

#[test]
fn the_checks_that_were_fixed_are_switchable_and_take_a_severity() {
    three(
        Code::ProgressInconsistent,
        "2024-03-31",
        &["A1.1,2024-03,OIM,Completada,80,20/03/2024"],
        &["A1.1,2024-03,OIM,Completada,100,20/03/2024"],
    );
    let back = [
        "A1.2,2024-04,CEPAL,Completada,100,20/04/2024",
        "A1.2,2024-05,CEPAL,En curso,90,",
    ];
    let clean = [
        "A1.2,2024-04,CEPAL,En curso,90,",
        "A1.2,2024-05,CEPAL,Completada,100,20/05/2024",
    ];
    three(Code::StatusRegression, "2024-05-31", &back, &clean);
    let note = "[checks.status-regression]\nseverity = \"info\"\n";
    let found = findings("2024-05-31", &back, note);
    assert_eq!(
        of(&found, Code::StatusRegression)[0].severity(),
        Severity::Info
    );
}

/// Copies the sample inputs, renaming files with `rename` (path relative to the inputs).
fn sample(to: &Path, rename: &[(&str, &str)]) {
    common::copy_tree(&common::root().join("inputs"), to);
    for (from, into) in rename {
        std::fs::rename(to.join(from), to.join(into)).unwrap();
    }
}

#[test]
fn which_report_counts_never_depends_on_file_names() {
    // OHCHR reports T1.1 "not started" for July 2023 while IOM, also a lead, reports it "in
    // progress"; renamed, OHCHR's file sorts after IOM's instead of before it.
    let figures = |rename: &[(&str, &str)]| {
        let dir = tempfile::tempdir().unwrap();
        sample(dir.path(), rename);
        let out = tempfile::tempdir().unwrap();
        let config = common::config(dir.path(), out.path(), "2023-07-31");
        let checked = seguimiento::check(&config).unwrap();
        let disagree: Vec<(Option<String>, Option<String>)> =
            of(&checked.findings, Code::AgenciesDisagree)
                .iter()
                .map(|f| (f.activity.clone(), f.month.map(|m| m.to_string())))
                .collect();
        let statuses: Vec<(String, String, Option<f64>)> = checked
            .report
            .activities
            .list
            .iter()
            .map(|a| (a.code.clone(), a.status.key().to_string(), a.progress))
            .collect();
        let by_status = serde_json::to_string(&checked.report.activities.by_status).unwrap();
        (disagree, statuses, by_status)
    };
    let as_named = figures(&[]);
    let renamed = figures(&[("status/2023-07/acnudh.xlsx", "status/2023-07/z-acnudh.xlsx")]);
    assert!(
        as_named
            .0
            .contains(&(Some("T1.1".into()), Some("2023-07".into()))),
        "{:?}",
        as_named.0
    );
    let t11 = as_named.1.iter().find(|(c, _, _)| c == "T1.1").unwrap();
    assert_eq!(t11.1, "in-progress");
    assert_eq!(as_named, renamed);
}

#[test]
fn which_pledge_update_counts_never_depends_on_file_names() {
    let header = "ID compromiso,Título,Entidad,Tipo de entidad,Países,Objetivos,Estado,Fecha de actualización";
    let status = |names: [&str; 2]| {
        let dir = tempfile::tempdir().unwrap();
        let plan = common::root().join("tests/plans/figures/plan");
        common::copy_tree(&plan, &dir.path().join("plan"));
        let pledges = dir.path().join("pledges");
        std::fs::create_dir_all(&pledges).unwrap();
        let rows = [
            "LAC-1,Datos,Gobierno de México,Estado Miembro,MEX,1,En curso,2024-05-15",
            "LAC-1,Datos,Gobierno de México,Estado Miembro,MEX,1,Cumplido,2024-05-15",
        ];
        for (name, row) in names.iter().zip(rows) {
            std::fs::write(pledges.join(name), format!("{header}\n{row}\n")).unwrap();
        }
        let out = tempfile::tempdir().unwrap();
        let config = common::config(dir.path(), out.path(), "2024-06-30");
        let checked = seguimiento::check(&config).unwrap();
        serde_json::to_string(&checked.report.pledges.by_status).unwrap()
    };
    let fulfilled = status(["a.csv", "b.csv"]);
    assert!(fulfilled.contains("\"fulfilled\":1"), "{fulfilled}");
    assert_eq!(fulfilled, status(["b.csv", "a.csv"]));
}
