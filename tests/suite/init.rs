//! `seguimiento init` through the binary: a starter folder that `run` takes as it is, and a
//! folder that is never written over.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary in `cwd` with nothing of this machine's environment but its `PATH`, as on
/// a fresh machine.
fn seguimiento(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", cwd)
        .env("TMPDIR", cwd)
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn init_then_run_works_and_init_again_refuses() {
    let root = tempfile::tempdir().unwrap();
    let out = seguimiento(root.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("Próximos pasos"), "{said}");
    assert!(said.contains("seguimiento run --inputs inputs"), "{said}");
    let inputs = root.path().join("inputs");
    for file in [
        "seguimiento.toml",
        "plan/plan.toml",
        "contacts.csv",
        "README.md",
    ] {
        assert!(inputs.join(file).is_file(), "{file} missing");
    }
    for folder in ["status", "pledges"] {
        assert_eq!(std::fs::read_dir(inputs.join(folder)).unwrap().count(), 0);
    }
    assert_eq!(
        std::fs::read_to_string(inputs.join("contacts.csv")).unwrap(),
        "agency,name,email,language,role\n"
    );

    let out = seguimiento(root.path(), &["plan"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // The plan's own period: an as-of date inside it, no form received yet.
    let out = seguimiento(
        root.path(),
        &["--as-of", "2024-06-30", "run", "--format", "json"],
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        text(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let outputs = root.path().join("outputs/2024-Q2");
    assert!(outputs.join("manifest.json").is_file(), "{summary}");
    assert!(outputs.join("informe-de-avance-2024-Q2-es.pdf").is_file());
    assert!(outputs.join("progress-report-2024-Q2-en.pdf").is_file());
    let findings: serde_json::Value =
        serde_json::from_slice(&std::fs::read(outputs.join("findings.json")).unwrap()).unwrap();
    let errors = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .count();
    assert_eq!(errors, 0, "{findings}");

    // Again over the same folder: refused, nothing changed, in the user's language.
    std::fs::write(
        inputs.join("contacts.csv"),
        "agency,name,email,language\nOIM,Ana,ana@example.org,es\n",
    )
    .unwrap();
    let before = std::fs::read(inputs.join("seguimiento.toml")).unwrap();
    for (lang, word) in [("es", "no se escribió nada"), ("en", "nothing was written")] {
        let out = seguimiento(root.path(), &["--lang", lang, "init", "--blank"]);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(err.contains(word), "{err}");
        assert!(err.contains("contacts.csv"), "{err}");
    }
    assert_eq!(
        std::fs::read(inputs.join("seguimiento.toml")).unwrap(),
        before
    );
    assert!(std::fs::read_to_string(inputs.join("contacts.csv"))
        .unwrap()
        .contains("Ana"));
}

#[test]
fn a_blank_plan_in_english_loads_and_runs() {
    let root = tempfile::tempdir().unwrap();
    let out = seguimiento(
        root.path(),
        &[
            "--lang",
            "en",
            "--as-of",
            "2026-03-31",
            "init",
            "--blank",
            "new network",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("Next steps"), "{said}");
    assert!(
        said.contains("seguimiento plan --inputs 'new network'"),
        "{said}"
    );
    let dir = root.path().join("new network");
    let settings = std::fs::read_to_string(dir.join("seguimiento.toml")).unwrap();
    assert!(settings.contains("language = \"en\""));

    let out = seguimiento(
        root.path(),
        &["--inputs", "new network", "plan", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["plan"]["start"], "2026-01");
    assert_eq!(plan["plan"]["end"], "2027-12");
    assert_eq!(plan["activities"].as_array().unwrap().len(), 0);

    let out = seguimiento(
        root.path(),
        &[
            "--inputs",
            "new network",
            "--outputs",
            "out",
            "--as-of",
            "2026-03-31",
            "run",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(root.path().join("out/2026-Q1/manifest.json").is_file());
}

#[test]
fn a_folder_started_in_portuguese_or_french_runs_in_that_language_alone() {
    for (lang, report, next) in [
        (
            "pt",
            "relatorio-de-avanco-2026-Q1-pt.pdf",
            "Próximos passos",
        ),
        (
            "fr",
            "rapport-d-avancement-2026-Q1-fr.pdf",
            "Prochaines étapes",
        ),
    ] {
        let root = tempfile::tempdir().unwrap();
        // The shipped plan speaks every language: the folder gets it unless asked for a blank.
        let shipped = tempfile::tempdir().unwrap();
        let out = seguimiento(shipped.path(), &["--lang", lang, "init"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let plan = std::fs::read_to_string(shipped.path().join("inputs/plan/plan.toml")).unwrap();
        assert!(
            plan.contains(&format!("{lang} = \"")),
            "{lang}: the shipped plan"
        );

        let out = seguimiento(
            root.path(),
            &["--lang", lang, "--as-of", "2026-03-31", "init", "--blank"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let said = text(&out.stdout);
        assert!(said.contains(next), "{said}");
        let inputs = root.path().join("inputs");
        let settings = std::fs::read_to_string(inputs.join("seguimiento.toml")).unwrap();
        assert!(
            settings.contains(&format!("language = \"{lang}\"")),
            "{settings}"
        );
        assert!(
            settings.contains(&format!("languages = [\"{lang}\"]")),
            "{settings}"
        );
        // The blank plan's texts are in the folder's language alone.
        let plan = std::fs::read_to_string(inputs.join("plan/plan.toml")).unwrap();
        assert!(plan.contains(&format!("title = {{ {lang} = ")), "{plan}");
        assert!(
            !plan.contains("es = \"") && !plan.contains("en = \""),
            "{plan}"
        );

        let out = seguimiento(
            root.path(),
            &["--as-of", "2026-03-31", "run", "--format", "json"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let outputs = root.path().join("outputs/2026-Q1");
        assert!(outputs.join(report).is_file(), "{report}");
        for entry in std::fs::read_dir(&outputs).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                !name.ends_with("-es.pdf") && !name.ends_with("-en.pdf"),
                "{lang}: {name}"
            );
        }
    }
}
