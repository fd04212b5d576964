//! Files built to break a reader (`tests/hostile/`, see tools/fixtures/make_hostile.py), plus
//! a symlink loop and a non-ASCII path made here: each ends in findings, never a panic, a
//! hang or an exhausted machine.

mod common;

use seguimiento::findings::Code;

#[test]
fn hostile_inputs_end_in_findings() {
    let fixture = common::root().join("tests/hostile");
    let inputs = common::inputs_from(&fixture, "2024-06-30");
    let status = inputs.path().join("status");
    std::fs::write(status.join("empty.xlsx"), b"").unwrap();
    std::fs::write(
        status.join("report.pdf.xlsx"),
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    )
    .unwrap();
    let odd = status.join("año-2024 ñandú");
    std::fs::create_dir_all(&odd).unwrap();
    std::fs::write(
        odd.join("informe señal.csv"),
        "Código;Periodo;Agencia;Estado\nB1.3;2024-03;OIM;en curso\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", status.join("loop")).unwrap();

    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), "2024-06-30");
    let checked = seguimiento::check(&config).unwrap();

    let finding_for = |file: &str| {
        checked
            .findings
            .iter()
            .filter(|f| f.location.file.as_deref() == Some(file))
            .map(|f| f.code)
            .collect::<Vec<_>>()
    };
    for f in &checked.intake.files {
        assert_eq!(f.rows, f.accepted + f.rejected + f.blank, "{f:?}");
    }
    for file in [
        "empty.xlsx",
        "report.pdf.xlsx",
        "zip-bomb.xlsx",
        "noise.xlsx",
        "huge-xls-dimension.xls",
        "wrapping-xls-dimension.xls",
    ] {
        let codes = finding_for(&format!("status/{file}"));
        assert!(codes.contains(&Code::UnreadableFile), "{file}: {codes:?}");
    }
    for file in ["deep-nesting.xlsx", "billion-laughs.xlsx", "noise.csv"] {
        let path = format!("status/{file}");
        let account = checked.intake.files.iter().find(|f| f.path == path);
        eprintln!("{file}: {account:?} {:?}", finding_for(&path));
        assert!(
            account.is_some() && !finding_for(&path).is_empty(),
            "{file}: no account or no finding"
        );
    }
    // A sheet claiming A1:XFD1048576 is read as what it holds: a header and nothing else.
    let huge = checked
        .intake
        .files
        .iter()
        .find(|f| f.path == "status/huge-dimension.xlsx")
        .unwrap();
    assert_eq!(huge.rows, 0);
    // The long cell is read; the row with a 32,767-character status is rejected.
    let long = checked
        .intake
        .files
        .iter()
        .find(|f| f.path == "status/32767-char-cell.xlsx")
        .unwrap();
    assert_eq!((long.accepted, long.rejected), (1, 1));
    let wide = checked
        .intake
        .files
        .iter()
        .find(|f| f.path == "status/16384-columns.xlsx")
        .unwrap();
    assert_eq!(wide.accepted, 1);
    let csv = checked
        .intake
        .files
        .iter()
        .find(|f| f.path == "status/invalid-utf8-nul.csv")
        .unwrap();
    assert!(csv.accepted >= 1 && csv.rows == csv.accepted + csv.rejected + csv.blank);
    let accented = checked
        .intake
        .files
        .iter()
        .find(|f| f.path == "status/año-2024 ñandú/informe señal.csv")
        .expect("non-ASCII path read");
    assert_eq!(accented.accepted, 1);
    // The symlink loop is walked once: no file is read twice.
    let mut paths: Vec<_> = checked
        .intake
        .files
        .iter()
        .map(|f| f.path.clone())
        .collect();
    let before = paths.len();
    paths.sort();
    paths.dedup();
    assert_eq!(before, paths.len());
}
