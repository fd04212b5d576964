//! A run writes its outputs in its own languages, and only in those: a run configured with one
//! language writes each per-language file once, in it, with the same bytes as the default run.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common;
use seguimiento::i18n::Lang;

const AS_OF: &str = "2024-06-30";

/// Runs the sample in `langs` into `out`; returns the manifest's outputs as (path, lang).
fn run_in(langs: &[Lang], out: &Path) -> Vec<(String, Option<String>)> {
    let inputs = common::root().join("inputs");
    let mut config = common::config(&inputs, out, AS_OF);
    config.languages = langs.to_vec();
    assert!(seguimiento::cmd::run::run(&config).unwrap() <= 1);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("2024-Q2/manifest.json")).unwrap()).unwrap();
    manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let path = o["path"].as_str().unwrap().to_string();
            (path, o["lang"].as_str().map(str::to_string))
        })
        .collect()
}

fn kinds(outputs: &[(String, Option<String>)]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (path, _) in outputs {
        let name = path.rsplit('/').next().unwrap();
        let ext = name.rsplit('.').next().unwrap().to_string();
        *out.entry(ext).or_default() += 1;
    }
    out
}

#[test]
fn a_run_in_one_language_writes_each_file_once_in_it_with_the_default_runs_bytes() {
    assert_eq!(Lang::RUN_DEFAULT.to_vec(), vec![Lang::Es, Lang::En]);
    let default_out = tempfile::tempdir().unwrap();
    let default = run_in(&Lang::RUN_DEFAULT, default_out.path());
    let one_out = tempfile::tempdir().unwrap();
    let one = run_in(&[Lang::En], one_out.path());

    // Every file in a language is in English, and named so.
    for (path, lang) in &one {
        if let Some(lang) = lang {
            assert_eq!(lang, "en", "{path}");
            assert!(path.ends_with(&format!("-en.{}", path.rsplit('.').next().unwrap())));
        }
    }
    // Each per-language file once: half the default run's PDFs, trackers and CSVs.
    let (all, en) = (kinds(&default), kinds(&one));
    for ext in ["pdf", "docx", "xlsx", "csv"] {
        assert_eq!(en[ext] * 2, all[ext], "{ext}: {en:?} against {all:?}");
    }
    assert_eq!(en["pdf"], 3);
    assert_eq!(en["docx"], 3);
    assert_eq!(en["xlsx"], 1);
    assert_eq!(en["csv"], 4, "findings and three open-data tables");
    assert!(en["eml"] >= 1);

    // The files both runs write are the same bytes (the documents, their data, the trackers,
    // the tables); only the manifest and the overview page, which list the run's files (and
    // the page its other languages), differ.
    let default_paths: Vec<&String> = default.iter().map(|(p, _)| p).collect();
    for (path, _) in &one {
        if path.ends_with("manifest.json") || path.ends_with(".eml") || path.ends_with(".html") {
            continue;
        }
        assert!(
            default_paths.contains(&path),
            "{path} not in the default run"
        );
        let a = std::fs::read(default_out.path().join(path)).unwrap();
        let b = std::fs::read(one_out.path().join(path)).unwrap();
        assert!(a == b, "{path} differs from the default run's");
    }
}

#[test]
fn a_documents_data_is_the_same_whatever_the_runs_languages() {
    use seguimiento::outputs::documents::{data_json, DocKind};
    let inputs = common::root().join("inputs");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(&inputs, out.path(), AS_OF);
    let checked = seguimiento::check(&config).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&data_json(
        DocKind::ProgressReport,
        Lang::Es,
        &checked.report,
    ))
    .unwrap();
    // The texts keep their shape: one key per language, in order.
    let title = &json["report"]["meta"]["plan_title"];
    let keys: Vec<&String> = title.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["es", "en"]);
    assert_eq!(json["locale"]["decimal"], ",");
    assert_eq!(json["locale"]["typst"], "es");
}

/// `RunConfig::new` on an inputs folder whose settings are `settings`.
fn configured(settings: &str) -> seguimiento::Result<seguimiento::config::RunConfig> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("seguimiento.toml"), settings).unwrap();
    seguimiento::config::RunConfig::new(dir.path().to_path_buf(), "unused".into(), None, None)
}

#[test]
fn the_runs_languages_are_a_setting_in_the_networks_order() {
    let langs = |s: &str| configured(s).unwrap().languages().to_vec();
    assert_eq!(langs(""), Lang::RUN_DEFAULT.to_vec());
    assert_eq!(
        langs("language = \"en\"\nlanguages = [\"en\", \"es\"]\n"),
        vec![Lang::En, Lang::Es]
    );
    // Without a `language`, the terminal speaks the run's first language.
    let english = configured("languages = [\"en\"]\n").unwrap();
    assert_eq!(
        (english.languages(), english.lang()),
        (&[Lang::En][..], Lang::En)
    );
    // A language may be named by its name too, as in contacts.csv.
    assert_eq!(langs("languages = [\"Español\"]\n"), vec![Lang::Es]);

    // What cannot be a run's languages stops with a message naming it and what to write.
    for (settings, named) in [
        ("languages = []\n", "languages"),
        ("languages = [\"xx\", \"es\"]\n", "«xx»"),
        ("languages = [\"es\", \"es\"]\n", "«es» aparece dos veces"),
        (
            "language = \"es\"\nlanguages = [\"en\"]\n",
            "language = \"es\"",
        ),
    ] {
        let e = configured(settings).unwrap_err().render(Lang::Es);
        assert!(e.contains(named), "{settings}: {e}");
        assert!(e.contains("languages"), "{settings}: {e}");
    }
}
