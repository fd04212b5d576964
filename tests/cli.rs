//! The binary as a user runs it: exit statuses and what it writes.

mod common;

use std::process::Command;

fn seguimiento() -> Command {
    Command::new(env!("CARGO_BIN_EXE_seguimiento"))
}

#[test]
fn plan_prints_and_exits_0() {
    let out = seguimiento()
        .args(["--inputs"])
        .arg(common::root().join("inputs"))
        .args(["plan", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["activities"].as_array().unwrap().len(), 26);
}

#[test]
fn check_exits_1_on_error_findings_and_prints_the_contract_json() {
    let out = seguimiento()
        .arg("--inputs")
        .arg(common::root().join("inputs"))
        .args(["--as-of", "2024-06-30", "check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["as_of"], "2024-06-30");
    let first = &json["findings"][0];
    for key in [
        "code", "severity", "file", "sheet", "row", "column", "activity", "pledge", "message",
    ] {
        assert!(first.get(key).is_some(), "finding lacks {key}");
    }
}

#[test]
fn a_missing_plan_exits_2_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let out = seguimiento()
        .arg("--inputs")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("plan.toml"), "{err}");
}

#[test]
fn a_missing_inputs_folder_exits_2() {
    let out = seguimiento()
        .args(["--inputs", "/nonexistent/inputs", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_typo_in_settings_exits_2() {
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    std::fs::write(
        inputs.path().join("seguimiento.toml"),
        "as_off = 2024-03-31\n",
    )
    .unwrap();
    let out = seguimiento()
        .arg("--inputs")
        .arg(inputs.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("as_off"));
}

#[cfg(unix)]
#[test]
fn a_read_only_outputs_folder_exits_2_and_leaves_previous_outputs_intact() {
    use std::os::unix::fs::PermissionsExt;
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    let outputs = tempfile::tempdir().unwrap();
    let run = || {
        seguimiento()
            .arg("--inputs")
            .arg(inputs.path())
            .arg("--outputs")
            .arg(outputs.path())
            .arg("run")
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        matches!(first.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let manifest = outputs.path().join("2024-Q1/manifest.json");
    let before = std::fs::read(&manifest).unwrap();
    std::fs::set_permissions(outputs.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let second = run();
    std::fs::set_permissions(outputs.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    // Root ignores permission bits; the test only holds where the folder really is read-only.
    if std::fs::File::create(outputs.path().join("probe")).is_err()
        || second.status.code() == Some(2)
    {
        assert_eq!(second.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&second.stderr).contains("2024-Q1"));
    }
    assert_eq!(std::fs::read(&manifest).unwrap(), before);
}

#[test]
fn an_outputs_folder_that_cannot_be_made_exits_2() {
    // Works as root too: a file stands where the outputs folder must be created.
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("outputs");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let out = seguimiento()
        .arg("--inputs")
        .arg(inputs.path())
        .arg("--outputs")
        .arg(&blocker)
        .arg("run")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&blocker).unwrap(), b"not a folder");
}

/// Returns every file under `dir`, relative to it, with its bytes.
fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn two_runs_write_the_same_files_byte_for_byte() {
    // Outputs are written as they are made, by threads that finish in any order; the files
    // and the manifest that lists them must not show it.
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let outputs = tempfile::tempdir().unwrap();
            let out = seguimiento()
                .arg("--inputs")
                .arg(inputs.path())
                .arg("--outputs")
                .arg(outputs.path())
                .arg("run")
                .output()
                .unwrap();
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            files(outputs.path())
        })
        .collect();
    let names: Vec<_> = runs[0].iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.iter().any(|n| n.ends_with(".xlsx")), "{names:?}");
    assert!(
        names.iter().any(|n| n.ends_with("manifest.json")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
    assert_eq!(runs[0].len(), runs[1].len());
    for ((a, x), (b, y)) in runs[0].iter().zip(&runs[1]) {
        assert_eq!(a, b);
        assert!(x == y, "{a} differs between runs");
    }
}
