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
    let fr = checked
        .intake
        .status
        .iter()
        .find(|r| r.source.file.ends_with("-fr.csv"))
        .unwrap();
    assert_eq!(fr.narrative(Lang::Fr), Some("Ateliers à Port-au-Prince"));
    // Read in its own slot, it raises nothing.
    assert!(checked
        .findings
        .iter()
        .all(|f| f.location.file.as_deref() != Some("status/2024-05/oim-fr.csv")));
    let mixed = checked
        .intake
        .status
        .iter()
        .find(|r| r.source.file.ends_with("oim-es-en.csv"))
        .unwrap();
    assert_eq!(mixed.narrative(Lang::En), Some("Workshops in Lima"));
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
