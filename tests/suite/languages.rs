//! A run writes its outputs in its own languages, and only in those: a run configured with one
//! language writes each per-language file once, in it, with the same bytes as the default run;
//! plans written in Portuguese or in French alone go through in that language alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::{common, texts};
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
fn the_sample_in_four_languages_writes_each_file_four_times_with_the_spanish_and_english_bytes() {
    let default_out = tempfile::tempdir().unwrap();
    let default = run_in(&Lang::RUN_DEFAULT, default_out.path());
    let four_out = tempfile::tempdir().unwrap();
    let four = run_in(&Lang::ALL, four_out.path());
    // Each per-language document, workbook, table and page once in each language.
    let per_language = |outputs: &[(String, Option<String>)], code: &str| {
        let mut files: Vec<String> = outputs
            .iter()
            .filter(|(path, lang)| lang.as_deref() == Some(code) && !path.ends_with(".eml"))
            .map(|(path, _)| path.rsplit('.').next().unwrap().to_string())
            .collect();
        files.sort();
        files
    };
    let spanish = per_language(&four, "es");
    assert!(spanish.len() >= 10, "{spanish:?}");
    for lang in Lang::ALL {
        assert_eq!(per_language(&four, lang.code()), spanish, "{lang}");
    }
    assert_eq!(per_language(&default, "es"), spanish);
    // The Spanish and English documents are the default run's, byte for byte.
    let mut compared = 0;
    for (path, lang) in &default {
        let documents = path.ends_with(".pdf") || path.ends_with(".docx");
        if !documents || lang.is_none() {
            continue;
        }
        let a = std::fs::read(default_out.path().join(path)).unwrap();
        let b = std::fs::read(four_out.path().join(path)).unwrap();
        assert!(a == b, "{path} differs from the default run's");
        compared += 1;
    }
    assert_eq!(compared, 12);
    // An agency's words quoted in French: "only" where it wrote in one language (ECLAC in
    // Spanish), "original" where it wrote in two others (IOM in Spanish and English).
    let french = texts::docx_text(
        &std::fs::read(
            four_out
                .path()
                .join("2024-Q2/rapport-d-avancement-2024-Q2-fr.docx"),
        )
        .unwrap(),
    );
    for label in [
        "texte disponible uniquement en espagnol",
        "texte original en anglais",
    ] {
        assert!(french.contains(label), "no ({label}) in French");
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
    // The texts keep their shape: one key per language the plan gives, in order.
    let title = &json["report"]["meta"]["plan_title"];
    let keys: Vec<&String> = title.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["es", "en", "pt", "fr"]);
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

/// A status form written in Portuguese (as a Brazilian-locale spreadsheet saves a CSV: `;`,
/// decimal comma) and one in French, added to the sample's May forms.
fn forms_in_portuguese_and_french() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join("inputs"), dir.path());
    let pt = "Código;Período;Agência;Situação;Progresso (%);Data de conclusão;Próximos passos\r\n\
              B3.5;maio de 2024;OIM;Em andamento;45,5;;Reunião em junho\r\n\
              B1.3;maio de 2024;Organização Internacional para as Migrações;Concluída;100;20/05/2024;\r\n";
    let fr = "Code;Période;Agence;Statut;Avancement;Date de réalisation;Description\r\n\
              B3.5;mai 2024;Organisation internationale pour les migrations;En cours;50;;Ateliers à Port-au-Prince\r\n\
              B1.3;mai 2024;OIM;Terminée;100 %;21/05/2024;\r\n";
    // A Spanish form with an English description: "Description" is no Spanish word, so it
    // stays the English one.
    let es = "Código;Periodo;Agencia;Estado;Avance;Description\r\n\
              B3.4;2024-05;OIM;En curso;60;Workshops in Lima\r\n";
    let folder = dir.path().join("status/2024-05");
    std::fs::write(folder.join("oim-es-en.csv"), es).unwrap();
    std::fs::write(folder.join("oim-pt.csv"), pt).unwrap();
    std::fs::write(folder.join("oim-fr.csv"), fr).unwrap();
    dir
}

#[test]
fn forms_in_portuguese_and_french_are_read_as_the_spanish_and_english_ones() {
    use seguimiento::model::Status;
    let inputs = forms_in_portuguese_and_french();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), AS_OF);
    let checked = seguimiento::check(&config).unwrap();
    for file in ["status/2024-05/oim-pt.csv", "status/2024-05/oim-fr.csv"] {
        let account = checked
            .intake
            .files
            .iter()
            .find(|f| f.path == file)
            .unwrap();
        assert_eq!(
            (account.rows, account.accepted, account.rejected),
            (2, 2, 0),
            "{file}"
        );
        let rows: Vec<_> = checked
            .intake
            .status
            .iter()
            .filter(|r| &*r.source.file == file)
            .collect();
        assert!(rows
            .iter()
            .all(|r| r.agency == "iom" && r.period.month == 5));
        assert_eq!(rows[0].status, Status::InProgress, "{file}");
        assert_eq!(rows[1].status, Status::Completed, "{file}");
        // A description goes to its own language's slot: in a row written in French,
        // "Description" is the French description, never the English one.
        assert!(rows
            .iter()
            .all(|r| r.narrative_in.keys().all(|&l| l == Lang::Fr)));
    }
    let pt: Vec<_> = checked
        .intake
        .status
        .iter()
        .filter(|r| r.source.file.ends_with("-pt.csv"))
        .collect();
    assert_eq!(pt[0].progress, Some(45.5));
    assert_eq!(pt[0].next_steps.as_deref(), Some("Reunião em junho"));
    assert_eq!(
        pt[1].date,
        chrono::NaiveDate::from_ymd_opt(2024, 5, 20),
        "a date as a Brazilian spreadsheet writes it"
    );
    let from = |suffix: &str| {
        checked
            .intake
            .status
            .iter()
            .find(|r| r.source.file.ends_with(suffix))
            .unwrap()
    };
    assert_eq!(
        from("-fr.csv").narrative(Lang::Fr),
        Some("Ateliers à Port-au-Prince")
    );
    // Read in its own slot, it raises nothing.
    assert!(checked
        .findings
        .iter()
        .all(|f| f.location.file.as_deref() != Some("status/2024-05/oim-fr.csv")));
    assert_eq!(
        from("oim-es-en.csv").narrative(Lang::En),
        Some("Workshops in Lima")
    );
}

#[test]
fn a_pledge_form_in_french_names_its_countries_and_entities_in_french() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join("inputs"), dir.path());
    let fr = "ID engagement;Titre;Entité;Type d'entité;Pays;Objectifs;Statut;Date de mise à jour;Avancement\r\n\
              FR-001;Guichet unique pour les migrants;Gouvernement d'Haïti;État membre;Haïti, Brésil;7, 23;En cours;15/05/2024;Deux guichets ouverts\r\n\
              FR-002;Recensement des compétences;Réseau national;Société civile;Costa do Marfim;18;Prévu;20/05/2024;\r\n";
    std::fs::write(dir.path().join("pledges/engagements.csv"), fr).unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(dir.path(), out.path(), AS_OF);
    let checked = seguimiento::check(&config).unwrap();
    let file = "pledges/engagements.csv";
    let account = checked
        .intake
        .files
        .iter()
        .find(|f| f.path == file)
        .unwrap();
    assert_eq!((account.rows, account.accepted), (2, 2));
    let rows: Vec<_> = checked
        .intake
        .pledges
        .iter()
        .filter(|r| &*r.source.file == file)
        .collect();
    assert_eq!(rows[0].countries, ["HTI", "BRA"]);
    assert_eq!(rows[1].countries, ["CIV"], "a Portuguese name too");
    assert_eq!(
        rows[0].entity_type,
        Some(seguimiento::model::EntityType::MemberState)
    );
    let about_it: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.location.file.as_deref() == Some(file))
        .map(|f| f.code.as_str())
        .collect();
    assert!(about_it.is_empty(), "{about_it:?}");
}

#[test]
fn the_portuguese_and_french_words_the_docs_name_are_read() {
    use seguimiento::model::Status;
    // docs/statuses.md
    for (word, status) in [
        ("não iniciada", Status::NotStarted),
        ("em andamento", Status::InProgress),
        ("concluída", Status::Completed),
        ("adiada", Status::Postponed),
        ("cancelada", Status::Cancelled),
        ("non commencée", Status::NotStarted),
        ("en cours", Status::InProgress),
        ("terminée", Status::Completed),
        ("reportée", Status::Postponed),
        ("annulée", Status::Cancelled),
    ] {
        assert_eq!(Status::parse(word), Some(status), "{word}");
    }
    // docs/inputs.md, "Agencies"
    let registry = common::shipped_plan().registry();
    for (name, id) in [
        ("HCR", "unhcr"),
        ("HCDH", "ohchr"),
        ("CEPALC", "eclac"),
        ("BCAH", "ocha"),
        ("BIT", "ilo"),
        ("FNUAP", "unfpa"),
        ("ONU Femmes", "un-women"),
        ("ONU Mulheres", "un-women"),
        ("PAM", "wfp"),
        ("ONUDC", "unodc"),
        ("OPAS", "who-paho"),
        ("CICV", "icrc"),
        ("Organisation internationale pour les migrations", "iom"),
        ("Organização Internacional para as Migrações", "iom"),
    ] {
        assert_eq!(
            registry.agency(name).map(|a| a.id.as_str()),
            Some(id),
            "{name}"
        );
    }
}

/// The test plans written in one language other than Spanish and English, each with it.
const ONE_LANGUAGE_PLANS: [(&str, Lang); 2] = [
    ("tests/plans/rede-nacional-pt", Lang::Pt),
    ("tests/plans/reseau-national-fr", Lang::Fr),
];

/// The date their forms were filled for.
const ONE_LANGUAGE_AS_OF: &str = "2025-06-30";

/// The pieces of the Spanish and English strings that are not `lang`'s string for the same
/// key: the runs of text between placeholders, long enough to be sentences of the tables
/// rather than names or codes (16 characters or more, a space among them).
fn pieces_of_other_languages(lang: Lang) -> BTreeSet<String> {
    let own = seguimiento::i18n::table(lang);
    let mut out = BTreeSet::new();
    for other in [Lang::Es, Lang::En] {
        for (key, text) in seguimiento::i18n::table(other) {
            let theirs = own.get(key).map_or("", String::as_str);
            for piece in text.split(['{', '}']).step_by(2) {
                let piece = piece.trim();
                if piece.chars().count() >= 16 && piece.contains(' ') && !theirs.contains(piece) {
                    out.insert(piece.to_string());
                }
            }
        }
    }
    out
}

/// What a person reads in a file: the text of a CSV, JSON, HTML or Markdown file; every cell of
/// a workbook; a Word document's text; an e-mail's subject, bodies and attached forms. A PDF is
/// left to its Word version, which says the same.
fn readable(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).unwrap();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    Some(match ext {
        "pdf" => return None,
        "xlsx" => texts::workbook_text(&bytes),
        "docx" => texts::docx_text(&bytes),
        "eml" => {
            let mail = mail_parser::MessageParser::default().parse(&bytes).unwrap();
            let mut text = mail.subject().unwrap_or_default().to_string();
            for i in 0..2 {
                text.push_str(&mail.body_text(i).unwrap_or_default());
                text.push_str(&mail.body_html(i).unwrap_or_default());
            }
            for part in mail.attachments() {
                text.push_str(&texts::workbook_text(part.contents()));
            }
            text
        }
        _ => String::from_utf8_lossy(&bytes).into_owned(),
    })
}

#[test]
fn plans_written_in_portuguese_or_in_french_go_through_in_their_language_alone() {
    for (dir, lang) in ONE_LANGUAGE_PLANS {
        let inputs = tempfile::tempdir().unwrap();
        common::copy_tree(&common::root().join(dir), inputs.path());
        let out = tempfile::tempdir().unwrap();
        let mut said = String::new();
        for args in [
            &["plan"][..],
            &["check"],
            &["run"],
            &["forms"],
            &["narrative", "--format", "docx"],
            // The drafts read back: every heading they hold is a section of their document.
            &["run"],
        ] {
            let run = std::process::Command::new(env!("CARGO_BIN_EXE_seguimiento"))
                .env_remove("SEGUIMIENTO_LANG")
                .env_remove("SEGUIMIENTO_AS_OF")
                .args([
                    "--color",
                    "never",
                    "--as-of",
                    ONE_LANGUAGE_AS_OF,
                    "--inputs",
                ])
                .arg(inputs.path())
                .arg("--outputs")
                .arg(out.path())
                .args(args)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&run.stderr);
            // The forms hold mistakes on purpose: error findings end a run with 1.
            assert!(
                matches!(run.status.code(), Some(0 | 1)),
                "{dir} {args:?}: {stderr}"
            );
            said.push_str(&String::from_utf8_lossy(&run.stdout));
            said.push_str(&stderr);
        }
        let folder = out.path().join("2025-Q2");
        // Each form's description column is read as its language's: no column is left unknown;
        // and each heading of the narrative drafts is known.
        let findings: serde_json::Value =
            serde_json::from_slice(&std::fs::read(folder.join("findings.json")).unwrap()).unwrap();
        assert!(
            findings["findings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["code"] != "unknown-column" && f["code"] != "narrative-unknown-heading"),
            "{dir}: {findings}"
        );
        let written: Vec<_> = texts::files_under(out.path())
            .into_iter()
            .chain(texts::files_under(&inputs.path().join("narrative")))
            .collect();
        let code = lang.code();
        for ext in ["pdf", "docx", "xlsx", "csv", "html", "eml"] {
            let named = written.iter().filter(|p| {
                p.starts_with(&folder) && p.to_string_lossy().ends_with(&format!("-{code}.{ext}"))
            });
            assert!(named.count() > 0, "{dir}: no .{ext} in {code}");
        }
        assert!(
            !written.iter().any(|p| {
                let name = p.to_string_lossy();
                name.ends_with("-es.pdf") || name.ends_with("-en.pdf")
            }),
            "{dir}: a document in Spanish or English"
        );
        let pieces = pieces_of_other_languages(lang);
        let mut texts = vec![("what the commands said".to_string(), said)];
        for path in &written {
            if let Some(text) = readable(path) {
                texts.push((path.display().to_string(), text));
            }
        }
        for (name, text) in &texts {
            let found: Vec<&String> = pieces
                .iter()
                .filter(|p| text.contains(p.as_str()))
                .collect();
            assert!(found.is_empty(), "{dir}: {name} holds {found:?}");
        }
        // French sets a no-break space before a colon: in the layout's words as in the tables'.
        if lang == Lang::Fr {
            for (name, text) in texts.iter().filter(|(n, _)| n.ends_with("-fr.docx")) {
                let document = Path::new(name).starts_with(&folder);
                assert!(
                    !document || text.contains("\u{a0}:"),
                    "{name}: no colon after a no-break space"
                );
                let tight: Vec<&str> = text
                    .match_indices(':')
                    .filter(|&(i, _)| {
                        text[..i].ends_with(char::is_alphabetic)
                            && !text[i..].starts_with("://")
                            && !text[..i].ends_with("mailto")
                    })
                    .map(|(i, _)| &text[text.floor_char_boundary(i.saturating_sub(24))..=i])
                    .collect();
                assert!(tight.is_empty(), "{name}: {tight:?}");
            }
        }
        // The page, the Word documents and the PDFs say their language, with its region.
        let tag = lang.tag();
        for path in written.iter().filter(|p| p.starts_with(&folder)) {
            let bytes = std::fs::read(path).unwrap();
            let said = match path.extension().and_then(|e| e.to_str()) {
                Some("html") => {
                    String::from_utf8_lossy(&bytes).contains(&format!("lang=\"{tag}\""))
                }
                Some("docx") => {
                    texts::part(&bytes, "word/document.xml").contains(&format!("w:val=\"{tag}\""))
                }
                Some("pdf") => {
                    let mark = format!("/Lang({tag})");
                    bytes.windows(mark.len()).any(|w| w == mark.as_bytes())
                }
                _ => continue,
            };
            assert!(said, "{}: not marked {tag}", path.display());
        }
    }
}
