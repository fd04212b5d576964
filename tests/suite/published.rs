//! Published quarters, revisions and diff, through the binary, on a copy of the sample inputs.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// The sample inputs and an empty outputs folder, in a temporary folder.
fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join("inputs"), &dir.path().join("inputs"));
    dir
}

fn seguimiento(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .current_dir(dir)
        .env_remove("SEGUIMIENTO_LANG")
        .env_remove("SEGUIMIENTO_AS_OF")
        .env_remove("SEGUIMIENTO_INPUTS")
        .env_remove("SEGUIMIENTO_OUTPUTS")
        .args(["--lang", lang, "--color", "never"])
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_file(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every file under `dir`, by path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A late March report for an activity nobody had reported (T2.3), and one cell of a
/// published file changed (CEPAL's B3.3, `en curso` → `finalizada`).
fn revise(inputs: &Path) {
    std::fs::write(
        inputs.join("status/2024-03/acnur-tardio.csv"),
        "Agencia,Periodo,Código,Estado,Avance\nACNUR,2024-03,T2.3,en curso,30\n",
    )
    .unwrap();
    let path = inputs.join("status/2024-03/cepal.csv");
    let bytes = std::fs::read(&path).unwrap();
    let from: &[u8] = b"Cepal;marzo 2024;B3.3;en curso;47,5;";
    let at = bytes.windows(from.len()).position(|w| w == from).unwrap();
    let mut changed = bytes[..at].to_vec();
    changed.extend_from_slice(b"Cepal;marzo 2024;B3.3;finalizada;100;");
    changed.extend_from_slice(&bytes[at + from.len()..]);
    std::fs::write(&path, changed).unwrap();
}

fn revisions(check: &Output) -> Vec<Value> {
    let json: Value = serde_json::from_slice(&check.stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "published-figures-changed")
        .cloned()
        .collect()
}

#[test]
fn a_published_quarter_stays_published() {
    let dir = sample();
    let d = dir.path();
    let q1 = ["--as-of", "2024-03-31"];
    let run = |extra: &[&str]| seguimiento(d, "en", &[&q1[..], &["run"], extra].concat());

    // Publishing needs the quarter's outputs first.
    let early = seguimiento(d, "en", &[&q1[..], &["publish"]].concat());
    assert_eq!(early.status.code(), Some(2), "{}", stderr(&early));
    assert!(stderr(&early).contains("first run seguimiento run --as-of 2024-03-31"));

    assert_eq!(run(&[]).status.code(), Some(1));
    let published = seguimiento(d, "en", &[&q1[..], &["publish"]].concat());
    assert_eq!(published.status.code(), Some(0), "{}", stderr(&published));
    assert!(stderr(&published).contains("Quarter 2024-Q1 published as of 31 March 2024"));
    let record = json_file(&d.join("inputs/published/2024-Q1.json"));
    let manifest = json_file(&d.join("outputs/2024-Q1/manifest.json"));
    assert_eq!(record["as_of"], "2024-03-31");
    assert_eq!(record["published_at"], "2024-03-31");
    assert_eq!(record["figures"], manifest["figures"]);
    assert_eq!(record["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(record["plan"]["sha256"], manifest["plan"]["sha256"]);
    assert_eq!(
        record["outputs"].as_array().unwrap().len(),
        manifest["outputs"].as_array().unwrap().len()
    );
    for input in manifest["inputs"].as_array().unwrap() {
        assert!(record["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["path"] == input["path"] && i["sha256"] == input["sha256"]));
    }
    // Nothing has changed yet: no revision, and publishing again changes nothing.
    let check = seguimiento(
        d,
        "en",
        &["--as-of", "2024-06-30", "check", "--format", "json"],
    );
    assert!(revisions(&check).is_empty());
    let again = seguimiento(d, "en", &[&q1[..], &["publish"]].concat());
    assert_eq!(again.status.code(), Some(0));
    assert!(stderr(&again).contains("already published"));

    revise(&d.join("inputs"));

    // Today's check (the next quarter) names both files and the figures they move.
    let check = seguimiento(
        d,
        "en",
        &["--as-of", "2024-06-30", "check", "--format", "json"],
    );
    let found = revisions(&check);
    let messages: Vec<&str> = found
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    let about = |figure: &str| {
        messages
            .iter()
            .find(|m| m.contains(figure))
            .unwrap_or_else(|| panic!("no revision of {figure}: {messages:#?}"))
    };
    let completed = about("“activities with status Completed” was published as 13 and is now 14");
    assert!(completed.contains("added status/2024-03/acnur-tardio.csv"));
    assert!(completed.contains("changed status/2024-03/cepal.csv"));
    assert!(completed.contains("Rows that move the figure: status/2024-03/cepal.csv, row 9."));
    let not_reported =
        about("“activities with status Not reported” was published as 2 and is now 1");
    assert!(not_reported.contains("status/2024-03/acnur-tardio.csv, row 2."));
    assert!(!not_reported.contains("cepal.csv, row"));
    about("“activities with no report this quarter” was published as B4.1, T2.3 and is now B4.1");
    about("“share of activities completed” was published as 50.0 and is now 53.8");
    // The same revisions, in Spanish.
    let check_es = seguimiento(
        d,
        "es",
        &["--as-of", "2024-06-30", "check", "--format", "json"],
    );
    let found_es = revisions(&check_es);
    assert_eq!(found_es.len(), found.len());
    for f in &found_es {
        assert_eq!(f["severity"], "warning");
        assert_eq!(f["file"], "published/2024-Q1.json");
        let es = f["message"].as_str().unwrap();
        assert!(
            es.starts_with("Cifra publicada del 2024-Q1 revisada"),
            "{es}"
        );
        assert!(!es.contains(" was published"), "{es}");
    }
    // In progress went 10 → 10 (one left, one came): not a revision; the other three are.
    assert_eq!(found.len(), 4, "{messages:#?}");

    // The quarter's outputs are not replaced without a reason.
    let before = files(&d.join("outputs"));
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(2));
    let said = stderr(&refused);
    assert!(
        said.contains("quarter 2024-Q1 was published on 31 March 2024"),
        "{said}"
    );
    assert!(said.contains("--reopen"), "{said}");
    assert_eq!(files(&d.join("outputs")), before);
    let blank = run(&["--reopen", "  "]);
    assert_eq!(blank.status.code(), Some(2));
    assert_eq!(files(&d.join("outputs")), before);

    // With a reason it writes, says what changed, and records why.
    let reopened = run(&["--reopen", "UNHCR's March report arrived late"]);
    assert_eq!(reopened.status.code(), Some(1), "{}", stderr(&reopened));
    assert!(
        stderr(&reopened).contains("Since the previous run: inputs 1 added, 1 changed, 0 removed"),
        "{}",
        stderr(&reopened)
    );
    let manifest = json_file(&d.join("outputs/2024-Q1/manifest.json"));
    assert_eq!(
        manifest["reopened"]["reason"],
        "UNHCR's March report arrived late"
    );
    assert!(manifest["reopened"]["date"].is_string());
    let record = json_file(&d.join("inputs/published/2024-Q1.json"));
    assert_eq!(
        record["reopened"][0]["reason"],
        "UNHCR's March report arrived late"
    );
    // Published again, the revisions are settled and the reason stays on record.
    let republished = seguimiento(d, "es", &[&q1[..], &["publish"]].concat());
    assert_eq!(
        republished.status.code(),
        Some(0),
        "{}",
        stderr(&republished)
    );
    let record = json_file(&d.join("inputs/published/2024-Q1.json"));
    assert_eq!(
        record["figures"]["activities"]["by_status"]["completed"],
        14
    );
    assert_eq!(
        record["reopened"][0]["reason"],
        "UNHCR's March report arrived late"
    );
    let check = seguimiento(
        d,
        "en",
        &["--as-of", "2024-06-30", "check", "--format", "json"],
    );
    assert!(revisions(&check).is_empty());
}

#[test]
fn a_quarter_published_twice_needs_a_reopened_run() {
    let dir = sample();
    let d = dir.path();
    let q1 = ["--as-of", "2024-03-31"];
    seguimiento(d, "es", &[&q1[..], &["run"]].concat());
    assert_eq!(
        seguimiento(d, "es", &[&q1[..], &["publish"]].concat())
            .status
            .code(),
        Some(0)
    );
    revise(&d.join("inputs"));
    // Outputs rebuilt elsewhere are not a rewrite: the inputs are the record.
    let elsewhere = d.join("elsewhere");
    let rebuilt = seguimiento(
        d,
        "es",
        &[&q1[..], &["--outputs", elsewhere.to_str().unwrap(), "run"]].concat(),
    );
    assert_eq!(rebuilt.status.code(), Some(1), "{}", stderr(&rebuilt));
    let again = seguimiento(
        d,
        "es",
        &[
            &q1[..],
            &["--outputs", elsewhere.to_str().unwrap(), "publish"],
        ]
        .concat(),
    );
    assert_eq!(again.status.code(), Some(2));
    let said = stderr(&again);
    assert!(
        said.contains("ya se publicó el 31 de marzo de 2024 con otras cifras"),
        "{said}"
    );
    assert!(said.contains("--reopen"), "{said}");
}

/// Runs the sample as of the end of June without its June forms, then with them.
fn two_runs(d: &Path) -> (Output, Output) {
    let june = d.join("june");
    std::fs::rename(d.join("inputs/status/2024-06"), &june).unwrap();
    let first = seguimiento(d, "es", &["--as-of", "2024-06-30", "run"]);
    common::copy_tree(&d.join("outputs/2024-Q2"), &d.join("before"));
    std::fs::rename(&june, d.join("inputs/status/2024-06")).unwrap();
    let second = seguimiento(d, "es", &["--as-of", "2024-06-30", "run"]);
    (first, second)
}

#[test]
fn diff_lists_exactly_what_a_month_of_forms_changed() {
    let dir = sample();
    let d = dir.path();
    let (first, second) = two_runs(d);
    assert!(!stderr(&first).contains("Desde la ejecución anterior"));
    let said = stderr(&second);
    assert!(
        said.contains(
            "Desde la ejecución anterior: entradas 6 añadidas, 0 cambiadas, 0 eliminadas;"
        ),
        "{said}"
    );

    let out = seguimiento(
        d,
        "es",
        &[
            "diff",
            "before",
            "outputs/2024-Q2/manifest.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = json_file(&d.join("before/manifest.json"));
    let b = json_file(&d.join("outputs/2024-Q2/manifest.json"));

    // Inputs: the June files, added; nothing else.
    let june: BTreeSet<String> = std::fs::read_dir(d.join("inputs/status/2024-06"))
        .unwrap()
        .map(|e| {
            format!(
                "status/2024-06/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    let listed = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(listed(&diff["inputs_added"]), june);
    assert!(listed(&diff["inputs_changed"]).is_empty());
    assert!(listed(&diff["inputs_removed"]).is_empty());

    // Figures: exactly those whose value differs between the two manifests.
    fn leaves(prefix: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    leaves(&key, v, out);
                }
            }
            _ => {
                out.insert(prefix.to_string(), v.clone());
            }
        }
    }
    let (mut fa, mut fb) = (BTreeMap::new(), BTreeMap::new());
    leaves("", &a["figures"], &mut fa);
    leaves("", &b["figures"], &mut fb);
    let expected: BTreeSet<String> = fa
        .keys()
        .filter(|k| fa.get(*k) != fb.get(*k))
        .cloned()
        .collect();
    assert!(!expected.is_empty());
    let figures: BTreeSet<String> = diff["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["before"], fa[f["figure"].as_str().unwrap()]);
            assert_eq!(f["after"], fb[f["figure"].as_str().unwrap()]);
            f["figure"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(figures, expected);

    // Outputs: exactly those whose bytes differ.
    let outputs = |m: &Value| -> BTreeMap<String, String> {
        m["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["path"]
                        .as_str()
                        .unwrap()
                        .trim_start_matches("2024-Q2/")
                        .to_string(),
                    o["sha256"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (oa, ob) = (outputs(&a), outputs(&b));
    let changed: BTreeSet<String> = ob
        .iter()
        .filter(|(p, s)| oa.get(*p).is_some_and(|o| o != *s))
        .map(|(p, _)| p.clone())
        .collect();
    assert_eq!(listed(&diff["outputs_changed"]), changed);
    let added: BTreeSet<String> = ob
        .keys()
        .filter(|p| !oa.contains_key(*p))
        .cloned()
        .collect();
    assert_eq!(listed(&diff["outputs_added"]), added);

    // Findings: new and resolved as the two findings.json say, counted as the manifests count.
    let count = |m: &Value| {
        ["error", "warning", "info"]
            .iter()
            .map(|s| m["findings"][s].as_i64().unwrap())
            .sum::<i64>()
    };
    let new = diff["findings_new"].as_array().unwrap().len() as i64;
    let resolved = diff["findings_resolved"].as_array().unwrap().len() as i64;
    assert_eq!(count(&a) + new - resolved, count(&b));
    assert!(diff["findings_new"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["file"]
            .as_str()
            .is_some_and(|p| p.starts_with("status/2024-06/"))));

    // The same in words, in the language asked for.
    let text = seguimiento(d, "en", &["diff", "before", "outputs/2024-Q2"]);
    assert_eq!(text.status.code(), Some(0));
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with("Changes from 2024-Q2 as of 2024-06-30 to 2024-Q2 as of 2024-06-30"),
        "{text}"
    );
    for f in &june {
        assert!(text.contains(&format!("+ {f}")), "{text}");
    }
    assert!(
        text.contains(&format!("Inputs ({}):", june.len())),
        "{text}"
    );
    let texto = seguimiento(d, "es", &["diff", "before", "outputs/2024-Q2"]);
    let texto = String::from_utf8(texto.stdout).unwrap();
    assert!(
        texto.contains(&format!("Entradas ({}):", june.len())),
        "{texto}"
    );
    assert!(!texto.contains("Inputs"), "{texto}");

    // A run compared with itself: nothing changed.
    let same = seguimiento(d, "en", &["diff", "outputs/2024-Q2", "outputs/2024-Q2"]);
    assert!(String::from_utf8(same.stdout)
        .unwrap()
        .contains("Nothing changed"));
    // Something that is not a run is an error that says what to give.
    let bad = seguimiento(d, "en", &["diff", "inputs", "outputs/2024-Q2"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("give a manifest.json written by seguimiento run"));
}

#[test]
fn a_run_clears_the_staging_folders_of_killed_runs_only() {
    let dir = sample();
    let d = dir.path();
    let outputs = d.join("outputs");
    // No process has an id this high (Linux caps them at 4194304).
    let dead = outputs.join(".2024-Q2.staging-2147483000");
    let dead_swap = outputs.join(".2024-Q1.staging-2147483001.old");
    // This test's own process is alive.
    let alive = outputs.join(format!(".2024-Q2.staging-{}", std::process::id()));
    for f in [&dead, &dead_swap, &alive] {
        std::fs::create_dir_all(f).unwrap();
        std::fs::write(f.join("half.pdf"), b"%PDF-").unwrap();
    }
    let out = seguimiento(d, "es", &["--as-of", "2024-06-30", "run"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!dead.exists());
    assert!(!dead_swap.exists());
    assert!(alive.exists());
    assert!(outputs.join("2024-Q2/manifest.json").exists());
}

fn progress_report_text(inputs: &Path, lang: seguimiento::i18n::Lang) -> String {
    use seguimiento::outputs::documents::{self, DocKind};
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs, out.path(), "2024-06-30");
    let report = seguimiento::check(&config).unwrap().report;
    let templates = documents::templates(None).unwrap();
    let doc = documents::render(&templates, DocKind::ProgressReport, lang, &report).unwrap();
    documents::plain_text(&doc.document)
        .join("\n")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn the_progress_report_lists_revisions_to_published_quarters() {
    use seguimiento::i18n::{tr, Lang};
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let dir = sample();
    let d = dir.path();
    let inputs = d.join("inputs");
    for lang in Lang::RUN_DEFAULT {
        let text = progress_report_text(&inputs, lang);
        assert!(text.contains(&squash(&tr(lang, "doc.revisions.title", &[]))));
        assert!(text.contains(&squash(&tr(lang, "doc.revisions.none-published", &[]))));
    }
    seguimiento(d, "es", &["--as-of", "2024-03-31", "run"]);
    seguimiento(d, "es", &["--as-of", "2024-03-31", "publish"]);
    let text = progress_report_text(&inputs, Lang::En);
    assert!(text.contains(&squash(
        "No published figure has changed. Published quarters: 2024-Q1."
    )));
    revise(&inputs);
    for (lang, figure, file) in [
        (
            Lang::Es,
            "actividades en estado Completada",
            "añadido status/2024-03/acnur-tardio.csv",
        ),
        (
            Lang::En,
            "activities with status Completed",
            "changed status/2024-03/cepal.csv",
        ),
    ] {
        let text = progress_report_text(&inputs, lang);
        assert!(text.contains(&squash(figure)), "{lang}: {figure}");
        assert!(text.contains(&squash(file)), "{lang}: {file}");
    }
}

#[test]
fn a_record_that_cannot_be_read_is_a_finding_not_a_stop() {
    let dir = sample();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir_all(inputs.join("published")).unwrap();
    std::fs::write(inputs.join("published/2024-Q1.json"), b"{ not a record").unwrap();
    let out = dir.path().join("outputs");
    let config = common::config(&inputs, &out, "2024-06-30");
    let checked = seguimiento::check(&config).unwrap();
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.code == seguimiento::findings::Code::PublishedRecordUnreadable)
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].location.file.as_deref(),
        Some("published/2024-Q1.json")
    );
    assert!(checked.report.revisions.list.is_empty());
}

#[test]
fn every_input_that_changes_an_output_is_recorded_and_compared() {
    // The contacts table decides which drafts are written; a template override decides how a
    // document looks. Both are inputs: a changed one is an input changed since the last run.
    let dir = sample();
    let inputs = dir.path().join("inputs");
    let run = || {
        seguimiento(
            dir.path(),
            "en",
            &[
                "--inputs",
                "inputs",
                "--outputs",
                "outputs",
                "run",
                "--format",
                "json",
            ],
        )
    };
    let first = run();
    assert!(
        matches!(first.status.code(), Some(0 | 1)),
        "{}",
        stderr(&first)
    );
    let manifest = json_file(&dir.path().join("outputs/2024-Q2/manifest.json"));
    let kinds: Vec<(&str, &str)> = manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["path"].as_str().unwrap(), i["kind"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&("contacts.csv", "contacts")), "{kinds:?}");

    let contacts = std::fs::read_to_string(inputs.join("contacts.csv")).unwrap();
    std::fs::write(inputs.join("contacts.csv"), format!("{contacts}\n")).unwrap();
    std::fs::create_dir_all(inputs.join("templates")).unwrap();
    std::fs::write(
        inputs.join("templates/common.typ"),
        std::str::from_utf8(seguimiento::outputs::templates::EMBEDDED[0].1).unwrap(),
    )
    .unwrap();
    let second = run();
    assert!(
        matches!(second.status.code(), Some(0 | 1)),
        "{}",
        stderr(&second)
    );
    let summary: Value = serde_json::from_slice(&second.stdout).unwrap();
    let since = &summary["since_previous"];
    let changed: Vec<&str> = since["inputs_changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let added: Vec<&str> = since["inputs_added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(changed, ["contacts.csv"], "{since}");
    assert_eq!(added, ["templates/common.typ"], "{since}");
}
