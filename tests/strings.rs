//! The string tables and the templates cannot drift from the code: every key the code or a
//! template names is in both tables, every label key of every value of the vocabulary is in
//! both tables, no key is assembled with `format!` at run time, every key a run of the sample
//! and of a second plan asks for is found, and every status and entity type Rust knows has its
//! label and colour in the templates.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use seguimiento::findings::Severity;
use seguimiento::i18n::{self, table, Lang};
use seguimiento::model::{
    ActivityStatus, EntityType, PledgeEntityType, PledgeStatus, PreviousPledgeStatus, Status, Term,
};

/// The as-of date the second plan's tests use.
const SECOND_PLAN_AS_OF: &str = "2025-07-31";

/// The first segments of the tables' keys (`finding`, `xlsx`, `doc` …).
fn prefixes() -> BTreeSet<String> {
    table(Lang::Es)
        .keys()
        .filter_map(|k| k.split_once('.').map(|(p, _)| p.to_string()))
        .collect()
}

/// Returns the contents of the string literals of Rust or Typst source (escapes left as they
/// are; good enough for keys, which have none).
fn literals(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' => {
                // A char literal ('"') or a lifetime: skip the quote and what a char holds.
                if bytes.get(i + 2) == Some(&b'\'') {
                    i += 2;
                } else if bytes.get(i + 1) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'\'') {
                    i += 3;
                }
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                out.push((start, source[start..i.min(source.len())].to_string()));
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn is_key_shaped(s: &str) -> bool {
    s.contains('.')
        && !s.ends_with('.')
        && s.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

fn rust_sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every Rust source file of the library, with its text.
fn library_sources() -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    rust_sources(&common::root().join("src"), &mut files);
    files
        .into_iter()
        .map(|f| {
            let source = std::fs::read_to_string(&f).unwrap();
            (f, source)
        })
        .collect()
}

#[test]
fn no_key_is_assembled_at_run_time() {
    let prefixes = prefixes();
    let mut assembled = Vec::new();
    for (file, source) in library_sources() {
        for (at, lit) in literals(&source) {
            // A `format!` whose text starts as a key does (`"csv.{k}"`, `"{key}.title"`).
            if !source[..at - 1].trim_end().ends_with("format!(") {
                continue;
            }
            let Some(open) = lit.find('{') else {
                continue;
            };
            let (stem, rest) = lit.split_at(open);
            let completes_a_stem = stem.is_empty()
                && rest
                    .split_once('}')
                    .is_some_and(|(_, after)| after.starts_with('.') && is_key_shaped(&after[1..]));
            let starts_a_key = stem.ends_with('.')
                && is_key_shaped(&stem[..stem.len() - 1])
                && stem.split('.').next().is_some_and(|p| prefixes.contains(p));
            if starts_a_key || completes_a_stem {
                let line = source[..at].lines().count();
                assembled.push(format!("{}:{line}: \"{lit}\"", file.display()));
            }
        }
    }
    assert!(
        assembled.is_empty(),
        "keys assembled at run time (write each key out, so that a test sees it):\n{}",
        assembled.join("\n")
    );
}

#[test]
fn every_key_the_code_names_is_in_both_tables() {
    let prefixes = prefixes();
    let mut missing = Vec::new();
    for (file, source) in library_sources() {
        for (at, lit) in literals(&source) {
            // The plan workbook's document sheet names the plan file's fields by their path
            // (`("plan.title", Kind::Text, …)`): those are field paths, not string keys.
            if source[at + lit.len()..].starts_with("\", Kind::") {
                continue;
            }
            let Some((first, _)) = lit.split_once('.') else {
                continue;
            };
            // File names (`plan.toml`) and extensions share the shape; keys start with a
            // segment the tables use and are not file names.
            if !is_key_shaped(&lit)
                || !prefixes.contains(first)
                || lit.ends_with(".toml")
                || lit.ends_with(".json")
                || lit.ends_with(".xlsx")
            {
                continue;
            }
            for lang in Lang::ALL {
                // Every key is written out whole, so each literal must be a key of its own.
                if !table(lang).contains_key(&lit) {
                    missing.push(format!("{}: {lang}: {lit}", file.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys named in the code but missing from a table:\n{}",
        missing.join("\n")
    );
}

/// The `t("…")` calls of the templates, as keys of the `doc.` section.
fn template_keys(source: &str) -> Vec<String> {
    literals(source)
        .into_iter()
        .filter(|&(start, _)| {
            let before = &source[..start - 1];
            before.ends_with("t(")
                && !before[..before.len() - 2]
                    .ends_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
        })
        .map(|(_, lit)| lit)
        .filter(|lit| lit.chars().any(|c| c.is_ascii_lowercase()))
        .filter(|lit| !lit.ends_with('.'))
        .collect()
}

fn templates() -> Vec<(String, String)> {
    let dir = common::root().join("templates");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "typ"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A value's key, the key of its label, and the key of its label in the documents.
type Labels = (&'static str, &'static str, &'static str);

/// The labels of every value of `T`.
fn labels<T: Term>() -> Vec<Labels> {
    T::all()
        .iter()
        .map(|v| (v.key(), v.label_key(), v.doc_label_key()))
        .collect()
}

/// The families of labels the templates complete with a value's key (`t("status." + st)`
/// asks for `doc.status.<key>`), with the labels of the values they are completed with.
fn template_families() -> Vec<(&'static str, Vec<Labels>)> {
    vec![
        ("status.", labels::<ActivityStatus>()),
        ("pledge-status.", labels::<PreviousPledgeStatus>()),
        ("entity.", labels::<PledgeEntityType>()),
        ("severity.", labels::<Severity>()),
    ]
}

#[test]
fn every_label_of_every_value_is_in_both_tables() {
    let mut missing = Vec::new();
    let all = [
        labels::<Status>(),
        labels::<ActivityStatus>(),
        labels::<PledgeStatus>(),
        labels::<PreviousPledgeStatus>(),
        labels::<EntityType>(),
        labels::<PledgeEntityType>(),
        labels::<Severity>(),
    ];
    // A value shown with and without its absent one (`PledgeStatus`, `PreviousPledgeStatus`)
    // is checked once.
    let all: BTreeSet<Labels> = all.concat().into_iter().collect();
    for (value, label, doc) in all {
        for key in [label, doc] {
            for lang in Lang::ALL {
                match table(lang).get(key) {
                    Some(text) if !text.trim().is_empty() => {}
                    _ => missing.push(format!("{lang}: {key} (the label of {value})")),
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "labels missing from a table:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_key_a_template_names_is_in_both_tables() {
    let mut missing = Vec::new();
    for (family, values) in template_families() {
        for (value, _, doc) in values {
            let assembled = format!("doc.{family}{value}");
            if doc != assembled {
                missing.push(format!(
                    "the templates ask for {assembled}, the label of {value} is {doc}"
                ));
            }
        }
    }
    for (name, source) in templates() {
        let mut keys = template_keys(&source);
        // The keys the templates assemble from a value (`t("status." + st)`) are the
        // documents' labels the values give.
        keys.extend((1..=12).map(|m| format!("month.{m}")));
        for (_, values) in template_families() {
            keys.extend(
                values
                    .iter()
                    .map(|(_, _, doc)| doc["doc.".len()..].to_string()),
            );
        }
        for key in keys {
            for lang in Lang::ALL {
                if !table(lang).contains_key(&format!("doc.{key}")) {
                    missing.push(format!("{name}: {lang}: doc.{key}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys named in the templates but missing from a table:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_status_and_entity_type_rust_knows_is_known_to_the_templates() {
    let all: String = templates().into_iter().map(|(_, s)| s).collect();
    let mut unknown = Vec::new();
    // The templates read the lists of statuses and entity types from the data, in Rust's order.
    let inputs = common::inputs_from(&common::root().join("inputs"), "2024-06-30");
    let outputs = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), outputs.path(), "2024-06-30");
    let report = seguimiento::check(&config).unwrap().report;
    let data: serde_json::Value =
        serde_json::from_slice(&seguimiento::outputs::documents::data_json(
            seguimiento::outputs::documents::DocKind::ProgressReport,
            Lang::Es,
            &report,
        ))
        .unwrap();
    let listed = |list: &str| -> Vec<String> {
        data["vocabulary"][list]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let activity: Vec<String> = ActivityStatus::ALL.iter().map(|s| s.to_string()).collect();
    assert_eq!(activity[0], "not-reported");
    for s in Status::ALL {
        if !activity.iter().any(|a| a == s.as_str()) {
            unknown.push(format!(
                "activity status {} (not in the report order)",
                s.as_str()
            ));
        }
    }
    let pledge: Vec<String> = PledgeStatus::ALL
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    let entity: Vec<String> = EntityType::ALL
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    for (list, words) in [
        ("activity_statuses", &activity),
        ("pledge_statuses", &pledge),
        ("entity_types", &entity),
    ] {
        if &listed(list) != words {
            unknown.push(format!(
                "vocabulary.{list}: {:?} against {words:?}",
                listed(list)
            ));
        }
    }
    for (name, needle) in [
        ("activity-statuses", "data.vocabulary.activity_statuses"),
        ("pledge-statuses", "data.vocabulary.pledge_statuses"),
    ] {
        if !all.contains(&format!("#let {name} = {needle}")) {
            unknown.push(format!("{name} is not read from the data"));
        }
    }
    // No template holds a list of statuses or entity types of its own: no line quotes two
    // keys of one list.
    let entity_shown: Vec<String> = PledgeEntityType::ALL
        .iter()
        .map(|e| e.to_string())
        .collect();
    let pledge_shown: Vec<String> = PreviousPledgeStatus::ALL
        .iter()
        .map(|s| s.to_string())
        .collect();
    let lists = [
        activity
            .iter()
            .chain(&pledge_shown)
            .collect::<BTreeSet<_>>(),
        entity_shown.iter().collect(),
    ];
    for (name, source) in templates() {
        for line in source.lines() {
            for list in &lists {
                let quoted = list
                    .iter()
                    .filter(|w| line.contains(&format!("\"{w}\"")))
                    .count();
                if quoted >= 2 {
                    unknown.push(format!("{name}: a list of its own: {}", line.trim()));
                }
            }
        }
    }
    // Each status also has its colour in the one table of colours the templates read.
    for word in activity.iter().chain(&pledge) {
        if data["colours"][word]["fill"].as_str().is_none() {
            unknown.push(format!("colour of {word}"));
        }
    }
    assert!(
        !all.contains("rgb(\"#2F7FC1\")"),
        "a template holds a status colour of its own"
    );
    assert!(
        unknown.is_empty(),
        "known to Rust but not to the templates:\n{}",
        unknown.join("\n")
    );
}

#[test]
fn a_run_of_the_sample_and_of_a_second_plan_asks_for_no_missing_key() {
    for (fixture, as_of) in [
        (common::root().join("inputs"), "2024-06-30"),
        (
            common::root().join("tests/plans/southern-corridor"),
            SECOND_PLAN_AS_OF,
        ),
    ] {
        let inputs = tempfile::tempdir().unwrap();
        common::copy_tree(&fixture, inputs.path());
        let outputs = tempfile::tempdir().unwrap();
        for lang in Lang::ALL {
            let mut config = common::config(inputs.path(), outputs.path(), as_of);
            config.settings.language = lang;
            let terminal = seguimiento::cmd::Terminal {
                verbosity: seguimiento::cmd::Verbosity::Quiet,
                progress: &seguimiento::progress::Silent,
            };
            let status = seguimiento::cmd::run::run_with(&config, false, &terminal).unwrap();
            assert!(status <= 1);
            seguimiento::cmd::forms::run_with(&config, None, &terminal).unwrap();
            let checked = seguimiento::check(&config).unwrap();
            let text = seguimiento::cmd::text::findings(
                &checked.findings,
                &checked.intake.files,
                lang,
                true,
            );
            assert!(!text.is_empty());
        }
    }
    assert_eq!(i18n::missing_keys(), Vec::<String>::new());
}

#[test]
fn templates_lay_out_figures_they_do_not_add_them_up() {
    // Totals, shares and counts of a kind are fields of ReportData (ARCHITECTURE.md, "One
    // place computes each figure"); a template that sums or divides would compute its own.
    for (name, source) in templates() {
        for (i, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for made in [
                ".sum(",
                ".fold(",
                "calc.div-euclid",
                " / R.",
                " / P.",
                " / A.",
            ] {
                assert!(
                    !code.contains(made),
                    "{name}:{}: `{made}` computes a figure; add it to ReportData instead",
                    i + 1
                );
            }
        }
    }
}

/// The `{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// The keys of a TOML document, as dotted paths, with each value's placeholders.
fn keys_of(v: &toml::Value, path: &str, out: &mut Vec<(String, BTreeSet<String>)>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let at = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                keys_of(v, &at, out);
            }
        }
        toml::Value::String(s) => out.push((path.to_string(), placeholders(s))),
        _ => out.push((path.to_string(), BTreeSet::new())),
    }
}

fn read_toml(path: &Path) -> Vec<(String, BTreeSet<String>)> {
    let text = std::fs::read_to_string(path).unwrap();
    let value: toml::Value = toml::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()));
    let mut out = Vec::new();
    keys_of(&value, "", &mut out);
    out.sort();
    out
}

#[test]
fn the_four_tables_hold_the_same_keys_with_the_same_placeholders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let strings = read_toml(&root.join("src/i18n/es.toml"));
    for lang in Lang::ALL.into_iter().filter(|&l| l != Lang::Es) {
        let code = lang.code();
        let table = read_toml(&root.join(format!("src/i18n/{code}.toml")));
        assert_eq!(
            table, strings,
            "{code}.toml: every key of es.toml, with its placeholders"
        );
    }
}
