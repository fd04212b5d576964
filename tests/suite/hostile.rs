//! Files built to break a reader (`tests/hostile/`, see tools/fixtures/make_hostile.py), plus
//! a symlink loop and a non-ASCII path made here: each ends in findings, never a panic, a
//! hang or an exhausted machine.

use crate::common;

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
    // The columns past the limit are left out, and said so once, naming the setting.
    let cut: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.location.file.as_deref() == Some("status/16384-columns.xlsx"))
        .filter(|f| f.code == seguimiento::findings::Code::LimitExceeded)
        .collect();
    assert_eq!(cut.len(), 1, "{cut:#?}");
    assert!(cut[0]
        .message
        .get(seguimiento::i18n::Lang::En)
        .contains("max_columns"));
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

/// Runs `seguimiento check --format json` on `inputs` and returns its findings document: the
/// binary reads every file in worker processes.
fn check_through_workers(inputs: &std::path::Path, as_of: &str) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .arg("--inputs")
        .arg(inputs)
        .args(["--as-of", as_of, "check", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "the run ended: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn codes_for(doc: &serde_json::Value, file: &str) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == file)
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn account<'a>(doc: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["path"] == file)
        .unwrap_or_else(|| panic!("no account for {file}"))
}

/// The hostile files through the binary, without the in-process guards: a file that asks for
/// 80 GB or 1.3 TB ends its worker, not the run, and becomes a finding naming the memory
/// setting; a replaced worker reads the files after it.
#[test]
fn hostile_inputs_end_in_findings_through_workers() {
    let fixture = common::root().join("tests/hostile");
    let inputs = common::inputs_from(&fixture, "2024-06-30");
    let status = inputs.path().join("status");
    std::fs::write(
        status.join("zz-after.csv"),
        "Código;Periodo;Agencia;Estado\nB1.3;2024-03;OIM;en curso\n",
    )
    .unwrap();
    let doc = check_through_workers(inputs.path(), "2024-06-30");
    for a in doc["inputs"].as_array().unwrap() {
        let n = |k: &str| a[k].as_u64().unwrap();
        assert_eq!(n("rows"), n("accepted") + n("rejected") + n("blank"), "{a}");
    }
    for file in ["huge-xls-dimension.xls", "wrapping-xls-dimension.xls"] {
        let codes = codes_for(&doc, &format!("status/{file}"));
        assert!(
            codes
                .iter()
                .any(|c| c == "limit-exceeded" || c == "unreadable-file"),
            "{file}: {codes:?}"
        );
    }
    let memory = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "limit-exceeded" && f["file"] == "status/huge-xls-dimension.xls")
        .expect("the 80 GB workbook ends in limit-exceeded");
    let es = memory["message"].as_str().unwrap();
    assert!(es.contains("limits.max_reader_memory_bytes"), "{es}");
    for file in ["zip-bomb.xlsx", "noise.xlsx"] {
        let codes = codes_for(&doc, &format!("status/{file}"));
        assert!(
            codes.iter().any(|c| c == "unreadable-file"),
            "{file}: {codes:?}"
        );
    }
    assert_eq!(account(&doc, "status/zz-after.csv")["accepted"], 1);
    assert_eq!(account(&doc, "status/32767-char-cell.xlsx")["accepted"], 1);
    assert_eq!(account(&doc, "status/16384-columns.xlsx")["accepted"], 1);
    let codes = codes_for(&doc, "status/16384-columns.xlsx");
    assert_eq!(
        codes.iter().filter(|c| *c == "limit-exceeded").count(),
        1,
        "the column limit through the workers: {codes:?}"
    );
}

/// Legitimate files through the binary read as they do in process: every fixture folder's
/// accounting is the same both ways.
#[test]
fn workers_read_every_fixture_as_the_library_does() {
    let root = common::root().join("tests/fixtures");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expect.toml").is_file())
        .collect();
    dirs.sort();
    let all = tempfile::tempdir().unwrap();
    for d in &dirs {
        let name = d.file_name().unwrap();
        for sub in ["status", "pledges"] {
            if d.join(sub).is_dir() {
                common::copy_tree(&d.join(sub), &all.path().join(sub).join(name));
            }
        }
    }
    let inputs = common::inputs_from(all.path(), "2024-03-31");
    let doc = check_through_workers(inputs.path(), "2024-03-31");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), "2024-03-31");
    let checked = seguimiento::check(&config).unwrap();
    assert!(
        checked.intake.files.len() > 20,
        "{}",
        checked.intake.files.len()
    );
    for f in &checked.intake.files {
        let a = account(&doc, &f.path);
        let got = [&a["rows"], &a["accepted"], &a["rejected"], &a["blank"]].map(|v| v.as_u64());
        let want = [f.rows, f.accepted, f.rejected, f.blank].map(|n| Some(u64::from(n)));
        assert_eq!(got, want, "{}", f.path);
        assert_eq!(a["kind"], f.kind, "{}", f.path);
    }
    let in_process: Vec<_> = checked
        .findings
        .iter()
        .map(|f| {
            (
                f.code.as_str().to_string(),
                f.location.file.clone(),
                f.location.row,
            )
        })
        .collect();
    let through_workers: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["file"].as_str().map(str::to_string),
                f["row"].as_u64().map(|r| r as u32),
            )
        })
        .collect();
    assert_eq!(in_process, through_workers);
}

/// What cannot be opened under the form folders is a finding, not a silence: a dangling
/// link, a name that is not valid UTF-8, a socket named like a form. Hidden and lock files
/// stay skipped.
#[cfg(unix)]
#[test]
fn nothing_under_the_form_folders_is_skipped_without_a_word() {
    use std::os::unix::ffi::OsStrExt;
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    let status = inputs.path().join("status");
    std::os::unix::fs::symlink("gone.xlsx", status.join("link.xlsx")).unwrap();
    std::os::unix::fs::symlink("gone-folder", status.join("link-folder")).unwrap();
    let bad = std::ffi::OsStr::from_bytes(b"informe-\xff.csv");
    std::fs::write(status.join(bad), "Código;Estado\n").unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(status.join("socket.csv")).unwrap();
    std::fs::write(status.join(".oculto.csv"), "x").unwrap();
    std::fs::write(status.join("~$bloqueo.xlsx"), "x").unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), "2024-03-31");
    let checked = seguimiento::check(&config).unwrap();
    let unreadable: Vec<&str> = checked
        .findings
        .iter()
        .filter(|f| f.code == Code::UnreadableFile)
        .filter_map(|f| f.location.file.as_deref())
        .collect();
    for file in [
        "status/link.xlsx",
        "status/link-folder",
        "status/informe-\u{FFFD}.csv",
        "status/socket.csv",
    ] {
        assert!(unreadable.contains(&file), "{file}: {unreadable:?}");
    }
    assert!(!unreadable
        .iter()
        .any(|f| f.contains("oculto") || f.contains("bloqueo")));
    let link = checked
        .findings
        .iter()
        .find(|f| f.location.file.as_deref() == Some("status/link.xlsx"))
        .unwrap();
    assert!(
        link.message
            .get(seguimiento::i18n::Lang::Es)
            .contains("enlace"),
        "{}",
        link.message.get(seguimiento::i18n::Lang::Es)
    );
    assert!(
        link.message
            .get(seguimiento::i18n::Lang::En)
            .contains("link"),
        "{}",
        link.message.get(seguimiento::i18n::Lang::En)
    );
}

#[test]
fn columns_past_the_limit_are_a_finding_naming_max_columns_in_every_format() {
    // With max_columns = 5 the sample's forms (xlsx, ods, csv) lose their later columns: each
    // sheet that had something there says so, naming the setting.
    let inputs = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join("inputs"), inputs.path());
    let settings = inputs.path().join("seguimiento.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("{text}\n[limits]\nmax_columns = 5\n")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), "2024-06-30");
    let checked = seguimiento::check(&config).unwrap();
    let mut formats = std::collections::BTreeSet::new();
    // (An e-mail's own account has no sheet: its attachments have theirs.)
    for file in checked
        .intake
        .files
        .iter()
        .filter(|f| f.kind != seguimiento::ingest::MAIL_KIND)
    {
        let limit: Vec<_> = checked
            .findings
            .iter()
            .filter(|f| f.location.file.as_deref() == Some(file.path.as_str()))
            .filter(|f| f.code == seguimiento::findings::Code::LimitExceeded)
            .collect();
        assert_eq!(limit.len(), 1, "{}: {limit:#?}", file.path);
        assert!(limit[0]
            .message
            .get(seguimiento::i18n::Lang::Es)
            .contains("max_columns"));
        formats.insert(file.path.rsplit('.').next().unwrap().to_string());
    }
    assert!(formats.len() >= 3, "{formats:?}");
}
