//! The binary as a user runs it: exit statuses and what it writes.

use crate::common;

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
    // Root ignores permission bits: the folder is then made immutable, which binds root too
    // (ext4 and most Linux file systems). The probe says whether the folder is read-only now.
    let probe = outputs.path().join("probe");
    let mut immutable = false;
    if std::fs::File::create(&probe).is_ok() {
        std::fs::remove_file(&probe).unwrap();
        immutable = std::process::Command::new("chattr")
            .arg("+i")
            .arg(outputs.path())
            .status()
            .is_ok_and(|s| s.success());
    }
    let read_only = std::fs::File::create(&probe).is_err();
    let second = run();
    if immutable {
        std::process::Command::new("chattr")
            .arg("-i")
            .arg(outputs.path())
            .status()
            .unwrap();
    }
    std::fs::set_permissions(outputs.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    if !read_only {
        eprintln!(
            "this system lets the test write into a read-only folder: exit status not checked"
        );
        return;
    }
    assert_eq!(
        second.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    // The error names the folder it could not write into.
    let folder = outputs.path().display().to_string();
    assert!(String::from_utf8_lossy(&second.stderr).contains(&folder));
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

/// The binary with none of the environment fallbacks set, whatever the caller's shell has.
fn clean() -> Command {
    let mut c = seguimiento();
    for var in [
        "SEGUIMIENTO_INPUTS",
        "SEGUIMIENTO_OUTPUTS",
        "SEGUIMIENTO_AS_OF",
        "SEGUIMIENTO_LANG",
        "CLICOLOR_FORCE",
    ] {
        c.env_remove(var);
    }
    c.current_dir(common::root().join("tests"));
    c
}

#[test]
fn the_environment_stands_in_for_the_flags() {
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    let outputs = tempfile::tempdir().unwrap();
    let out = clean()
        .env("SEGUIMIENTO_INPUTS", inputs.path())
        .env("SEGUIMIENTO_OUTPUTS", outputs.path())
        .env("SEGUIMIENTO_AS_OF", "2024-06-30")
        .env("SEGUIMIENTO_LANG", "en")
        .args(["run", "--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{err}");
    assert!(err.contains("Wrote"), "{err}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["as_of"], "2024-06-30");
    assert_eq!(summary["period"], "2024-Q2");
    assert_eq!(summary["exit_status"], out.status.code().unwrap());
    let listed = summary["outputs"].as_array().unwrap();
    assert!(listed.len() > 6, "{summary}");
    for o in listed {
        let path = outputs.path().join(o["path"].as_str().unwrap());
        assert!(path.is_file(), "{} listed but not written", path.display());
    }
    // A flag beats its variable.
    let out = clean()
        .env("SEGUIMIENTO_INPUTS", "/nonexistent/inputs")
        .arg("--inputs")
        .arg(inputs.path())
        .args(["plan", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn quiet_says_nothing_and_verbose_says_more() {
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    let outputs = tempfile::tempdir().unwrap();
    let run = |flag: &str| {
        clean()
            .arg("--inputs")
            .arg(inputs.path())
            .arg("--outputs")
            .arg(outputs.path())
            .args(["run", flag])
            .output()
            .unwrap()
    };
    let quiet = run("-q");
    assert!(matches!(quiet.status.code(), Some(0 | 1)));
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    assert!(quiet.stdout.is_empty());
    let verbose = run("--verbose");
    let err = String::from_utf8_lossy(&verbose.stderr);
    assert!(
        err.contains("manifest.json") && err.contains("Tiempos"),
        "{err}"
    );
    let both = clean().args(["-q", "-v", "plan"]).output().unwrap();
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn help_follows_the_language_of_the_settings() {
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    let settings = inputs.path().join("seguimiento.toml");
    let help = |extra: &[&str]| {
        let out = clean()
            .arg("--inputs")
            .arg(inputs.path())
            .args(extra)
            .arg("--help")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(help(&[]).contains("Opciones:"));
    std::fs::write(&settings, "language = \"en\"\n").unwrap();
    assert!(help(&[]).contains("Options:"));
    assert!(help(&["--lang", "es"]).contains("Opciones:"));
    let out = clean()
        .env("SEGUIMIENTO_LANG", "es")
        .arg("--inputs")
        .arg(inputs.path())
        .arg("--help")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Opciones:"));
}

#[test]
fn command_line_mistakes_are_told_in_the_language_of_the_run() {
    let out = clean().arg("chek").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: no existe la orden «chek»"), "{err}");
    assert!(err.contains("sugerencia: "), "{err}");
    assert!(!err.contains("Usage"), "{err}");

    let out = clean()
        .args(["--as-of", "2024-13-01", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("«2024-13-01» no es un valor válido"), "{err}");
    assert!(err.contains("AAAA-MM-DD") || err.contains("fecha"), "{err}");

    let out = clean()
        .args(["--lang", "en", "check", "--formt", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format"));
}

#[test]
fn errors_say_cause_and_hint_in_the_language_of_the_run() {
    let out = clean()
        .args(["--inputs", "/nonexistent/inputs", "--lang", "en", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: the inputs folder"), "{err}");
    assert!(err.contains("\nhint: name the folder"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let out = clean()
        .arg("--inputs")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\ncausa: ") && err.contains("\nsugerencia: "),
        "{err}"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let inputs = common::inputs_from(
        &common::root().join("tests/fixtures/invalid-status"),
        "2024-03-31",
    );
    let check = |args: &[&str], no_color: bool| {
        let mut c = clean();
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        let out = c
            .arg("--inputs")
            .arg(inputs.path())
            .args(args)
            .arg("check")
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(
        !check(&[], false).contains('\u{1b}'),
        "a pipe is not a terminal"
    );
    assert!(check(&["--color", "always"], false).contains("\u{1b}["));
    assert!(!check(&["--color=never"], false).contains('\u{1b}'));
}

#[test]
fn completions_and_manual_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = clean().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("seguimiento") && script.contains("as-of"),
            "{shell}"
        );
    }
    let out = clean().args(["--lang", "es", "man"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.starts_with(".ie") || page.contains(".TH"), "{page}");
    assert!(
        page.contains(".SH SINOPSIS") && page.contains("Carga y revisa"),
        "{page}"
    );
    assert!(!page.contains(".SH OPTIONS"), "{page}");
    let out = clean().args(["--lang", "en", "man"]).output().unwrap();
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.contains(".SH SYNOPSIS") && page.contains(".SH COMMANDS"),
        "{page}"
    );
    let out = clean()
        .args(["--lang", "en", "man", "check"])
        .output()
        .unwrap();
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.contains("seguimiento\\-check") && page.contains("\\-\\-format"),
        "{page}"
    );
    let out = clean().args(["man", "chek"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unreadable_variable_is_named() {
    let out = clean()
        .env("SEGUIMIENTO_AS_OF", "30/06/2024")
        .args(["--lang", "en", "plan"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("SEGUIMIENTO_AS_OF") && err.contains("30/06/2024"),
        "{err}"
    );
    // Set but empty is the same as unset.
    let out = clean()
        .env("SEGUIMIENTO_AS_OF", "")
        .env("SEGUIMIENTO_INPUTS", "")
        .arg("--inputs")
        .arg(common::root().join("inputs"))
        .arg("plan")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_plan_notes_speak_the_language_of_the_run() {
    let notes = |lang: &str| {
        let out = clean()
            .arg("--inputs")
            .arg(common::root().join("inputs"))
            .args(["--lang", lang, "plan", "--format", "json"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["notes"][0]["message"].as_str().unwrap().to_string()
    };
    assert!(notes("en").starts_with("Plan, activity"), "{}", notes("en"));
    assert!(
        notes("es").starts_with("Plan, actividad"),
        "{}",
        notes("es")
    );
}

#[test]
fn verbose_check_lists_the_files_without_findings_in_their_place() {
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    std::fs::copy(
        common::root().join("tests/fixtures/invalid-status/status/oim.xlsx"),
        inputs.path().join("status/zz-invalid.xlsx"),
    )
    .unwrap();
    let text = |flag: &[&str]| {
        let out = clean()
            .arg("--inputs")
            .arg(inputs.path())
            .args(["--lang", "en", "check"])
            .args(flag)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let (quiet, verbose) = (text(&[]), text(&["-v"]));
    let clean_files: Vec<String> = std::fs::read_dir(inputs.path().join("status/2024-03"))
        .unwrap()
        .map(|e| {
            format!(
                "status/2024-03/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    assert!(!clean_files.is_empty());
    for f in &clean_files {
        let heading = format!("\n{f}  (");
        assert!(!quiet.contains(&heading), "{quiet}");
        let at = verbose
            .find(&heading)
            .unwrap_or_else(|| panic!("{f} not listed: {verbose}"));
        assert!(
            at < verbose.find("status/zz-invalid.xlsx").unwrap(),
            "{verbose}"
        );
    }
}

#[test]
fn a_misspelt_setting_is_named_with_its_line_in_the_language_of_the_run() {
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    std::fs::write(
        inputs.path().join("seguimiento.toml"),
        "sample = true\n\n[limits]\nmax_row = 10\n",
    )
    .unwrap();
    let out = clean()
        .arg("--inputs")
        .arg(inputs.path())
        .args(["--lang", "es", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("línea 4: no existe el ajuste «max_row»"),
        "{err}"
    );
    assert!(
        err.contains("max_rows") && err.contains("\nsugerencia: "),
        "{err}"
    );
    assert!(!err.contains("unknown field"), "{err}");
    // Another mistake keeps the parser's account, under its line.
    std::fs::write(inputs.path().join("seguimiento.toml"), "sample = 3\n").unwrap();
    let out = clean()
        .arg("--inputs")
        .arg(inputs.path())
        .args(["--lang", "en", "check"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error on line 1") && err.contains("\ncaused by: "),
        "{err}"
    );
}

#[test]
fn an_option_that_cannot_apply_is_refused_not_ignored() {
    // `plan --export` writes the format its file name says; `--format` beside it is refused.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("plan.xlsx");
    let out = seguimiento()
        .args(["--lang", "en", "--inputs"])
        .arg(common::root().join("inputs"))
        .args(["plan", "--format", "json", "--export"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--format"), "{stderr}");
    assert!(!target.exists(), "nothing is written");
}

#[test]
fn messages_read_right_a_hint_labelled_once_and_sizes_that_differ() {
    // A date before the plan: the hint is labelled once.
    let out = seguimiento()
        .args(["--lang", "es", "--inputs"])
        .arg(common::root().join("inputs"))
        .args(["--as-of", "2020-01-31", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("sugerencia:").count(), 1, "{stderr}");

    // Files over a small size limit: sizes in a unit that tells them apart.
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    let settings = inputs.path().join("seguimiento.toml");
    let mut text = std::fs::read_to_string(&settings).unwrap_or_default();
    text.push_str("\n[limits]\nmax_file_bytes = 1000\n");
    std::fs::write(&settings, text).unwrap();
    let out = seguimiento()
        .args(["--lang", "en", "--inputs"])
        .arg(inputs.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "unreadable-file")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(!messages.is_empty());
    for m in messages {
        assert!(!m.contains("0 MB > 0 MB"), "{m}");
        assert!(m.contains("> 1000 bytes"), "{m}");
    }
}

#[test]
fn narrative_writes_drafts_says_where_and_never_writes_over_them() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join("inputs"), dir.path());
    std::fs::remove_dir_all(dir.path().join("narrative")).unwrap();
    let run = || {
        seguimiento()
            .arg("--inputs")
            .arg(dir.path())
            .args(["--as-of", "2024-06-30", "narrative", "--format", "md"])
            .output()
            .unwrap()
    };
    let first = run();
    assert_eq!(first.status.code(), Some(0));
    let said = String::from_utf8_lossy(&first.stderr);
    assert!(
        said.contains("Se escribieron 6 borradores de narrativa en"),
        "{said}"
    );
    assert!(said.contains("narrative/2024-Q2"), "{said}");
    let folder = dir.path().join("narrative/2024-Q2");
    let draft = std::fs::read_to_string(folder.join("progress-report-es.md")).unwrap();
    assert!(
        draft.starts_with("<!-- seguimiento-figures: activities=26;"),
        "{draft}"
    );

    // Run again: nothing written, each file named as left as it was.
    std::fs::write(
        folder.join("progress-report-es.md"),
        "# Mensajes clave\n\nPropio.\n",
    )
    .unwrap();
    let second = run();
    assert_eq!(second.status.code(), Some(0));
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(said.contains("No se escribió ningún borrador en"), "{said}");
    assert!(said.contains("progress-report-es.md"), "{said}");
    assert_eq!(
        std::fs::read_to_string(folder.join("progress-report-es.md")).unwrap(),
        "# Mensajes clave\n\nPropio.\n"
    );
}
