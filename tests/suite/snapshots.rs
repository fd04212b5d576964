//! What the binary prints, kept as snapshots (`tests/snapshots/`): the help in both languages
//! and `check`'s text on a fixture. A change in wording shows up as a diff to review; accept it
//! with `INSTA_UPDATE=always cargo test --release --test suite snapshots::` (or `cargo insta review`).

use crate::common;

use std::process::Command;

/// The binary, with none of the environment that would change what it prints.
fn seguimiento() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_seguimiento"));
    for var in [
        "SEGUIMIENTO_INPUTS",
        "SEGUIMIENTO_OUTPUTS",
        "SEGUIMIENTO_AS_OF",
        "SEGUIMIENTO_LANG",
        "CLICOLOR_FORCE",
    ] {
        c.env_remove(var);
    }
    c.env("NO_COLOR", "1");
    // The help is wrapped to the terminal, which a pipe is not: COLUMNS stands in for it.
    c.env("COLUMNS", "100");
    // A folder with no inputs/ in it, so no settings file can choose the language.
    c.current_dir(common::root().join("tests"));
    c
}

fn stdout(args: &[&str]) -> String {
    let out = seguimiento().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_in_spanish() {
    insta::assert_snapshot!("help-es", stdout(&["--lang", "es", "--help"]));
    insta::assert_snapshot!(
        "help-check-es",
        stdout(&["--lang", "es", "check", "--help"])
    );
}

#[test]
fn help_in_english() {
    insta::assert_snapshot!("help-en", stdout(&["--lang", "en", "--help"]));
    insta::assert_snapshot!("help-run-en", stdout(&["run", "--lang=en", "--help"]));
}

#[test]
fn check_text_in_both_languages() {
    let inputs = common::inputs_from(
        &common::root().join("tests/fixtures/invalid-status"),
        "2024-03-31",
    );
    for lang in ["es", "en"] {
        let out = seguimiento()
            .arg("--inputs")
            .arg(inputs.path())
            .args(["--lang", lang, "check"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains('\u{1b}'), "colour under NO_COLOR: {text}");
        insta::assert_snapshot!(format!("check-{lang}"), text);
    }
}
