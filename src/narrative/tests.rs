use std::path::{Path, PathBuf};

use super::*;

fn plan() -> Plan {
    Plan::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs")).expect("the sample plan")
}

const LANGS: [Lang; 2] = [Lang::Es, Lang::En];

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()
}

fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let quarter = dir.path().join("narrative/2024-Q2");
    std::fs::create_dir_all(&quarter).unwrap();
    for (name, text) in files {
        std::fs::write(quarter.join(name), text).unwrap();
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn read_folder(files: &[(&str, &str)]) -> (Narrative, Vec<Finding>) {
    let (_dir, path) = folder(files);
    read(&path, as_of(), &plan(), &LANGS, &Limits::default())
}

fn codes(findings: &[Finding]) -> Vec<Code> {
    findings.iter().map(|f| f.code).collect()
}

fn text_of(prose: &[Prose]) -> String {
    prose
        .iter()
        .map(|p| p.runs.iter().map(|r| r.text.as_str()).collect::<String>())
        .collect::<Vec<_>>()
        .join("|")
}

const ES: &str = "\
# Informe de avance: texto de la secretaría

## Mensajes clave

La Red **avanzó** en *casi todas* sus prioridades. Más en [el sitio](https://example.org).

- Primer mensaje
- Segundo mensaje

## Prioridad B1

Texto de la prioridad B1 con #read(\"/etc/passwd\") y un [enlace](javascript:alert(1)).

## Otra cosa

Este texto no debe aparecer.

## Desafíos

Financiamiento.
";

const EN: &str = "\
Key messages
============

The Network **made progress**.

## Challenges

Funding.
";

#[test]
fn sections_are_found_by_their_headings_in_the_files_language() {
    let (n, findings) =
        read_folder(&[("progress-report-es.md", ES), ("progress-report-en.md", EN)]);
    let doc = &n.documents["progress-report"];
    let key = &doc["key-messages"];
    assert_eq!(
        text_of(&key["es"]),
        "La Red avanzó en casi todas sus prioridades. Más en el sitio.|Primer mensaje|Segundo mensaje"
    );
    assert_eq!(key["es"][1].list, Some(0));
    let runs = &key["es"][0].runs;
    assert!(runs.iter().any(|r| r.bold && r.text == "avanzó"));
    assert!(runs.iter().any(|r| r.italic && r.text == "casi todas"));
    assert!(runs
        .iter()
        .any(|r| r.link.as_deref() == Some("https://example.org")));
    assert_eq!(text_of(&key["en"]), "The Network made progress.");
    // The priority's text is data: the markup prints as written, the script link is dropped.
    let b1 = &doc["priority:B1"]["es"];
    assert!(text_of(b1).contains("#read(\"/etc/passwd\")"));
    assert!(b1[0].runs.iter().all(|r| r.link.is_none()));
    assert_eq!(text_of(&doc["challenges"]["es"]), "Financiamiento.");
    assert_eq!(text_of(&doc["challenges"]["en"]), "Funding.");
    assert!(!doc.contains_key("next-steps"));
    // The unknown heading's text is left out, with a warning naming it.
    assert!(!format!("{doc:?}").contains("no debe aparecer"));
    let unknown: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code == Code::NarrativeUnknownHeading)
        .collect();
    assert_eq!(unknown.len(), 1);
    assert!(unknown[0].message.get(Lang::Es).contains("«Otra cosa»"));
    assert!(codes(&findings).contains(&Code::NarrativeLeftOut));
    // B1 is written in Spanish only.
    let one: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code == Code::NarrativeOneLanguage)
        .collect();
    assert_eq!(one.len(), 1, "{one:?}");
    assert!(one
        .iter()
        .any(|f| f.message.get(Lang::En).contains("Priority B1")));
    // The two other documents have none.
    assert_eq!(
        codes(&findings)
            .iter()
            .filter(|c| **c == Code::NarrativeMissing)
            .count(),
        2
    );
    assert_eq!(
        n.files,
        [
            "narrative/2024-Q2/progress-report-en.md",
            "narrative/2024-Q2/progress-report-es.md"
        ]
    );
}

#[test]
fn the_review_takes_round_tables_and_objectives() {
    let text = "# Introducción\n\nHola.\n\n# Mesa redonda 2\n\nComentario.\n\n# Objetivo 23: cooperación\n\nMás.\n\n# Objetivo 24\n\nNo.\n\n# Recomendaciones\n\n1. Una.\n";
    let (n, findings) = read_folder(&[("regional-review-es.md", text)]);
    let doc = &n.documents["regional-review"];
    let keys: Vec<&str> = doc.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "introduction",
            "objective:23",
            "recommendations",
            "round-table:2"
        ]
    );
    assert_eq!(
        findings
            .iter()
            .filter(|f| f.code == Code::NarrativeUnknownHeading)
            .count(),
        1,
        "objective 24 does not exist"
    );
}

#[test]
fn text_before_the_first_heading_and_bold_headings() {
    let text = "Un texto suelto.\n\n**Mensajes clave**\n\nLo que importa.\n";
    let (n, findings) = read_folder(&[("pledge-summary-es.md", text)]);
    assert_eq!(
        text_of(&n.documents["pledge-summary"]["key-messages"]["es"]),
        "Lo que importa."
    );
    let f = findings
        .iter()
        .find(|f| f.code == Code::NarrativeUnknownHeading)
        .expect("the loose text is a finding");
    assert!(f
        .message
        .get(Lang::Es)
        .contains("antes del primer encabezado"));
}

#[test]
fn two_files_for_one_document_an_old_word_file_and_a_stray_file() {
    let (n, findings) = read_folder(&[
        ("progress-report-es.md", "# Mensajes clave\n\nUno.\n"),
        ("progress-report-es.docx", "not really"),
        ("regional-review-es.doc", "old"),
        ("notas.txt", "x"),
    ]);
    assert!(!n.documents.contains_key("progress-report"));
    let c = codes(&findings);
    assert_eq!(
        c.iter().filter(|c| **c == Code::NarrativeDuplicate).count(),
        2
    );
    assert!(c.contains(&Code::NarrativeOldFormat));
    assert!(c.contains(&Code::IgnoredFile));
    assert_eq!(
        c.iter().filter(|c| **c == Code::NarrativeMissing).count(),
        3
    );
}

#[test]
fn a_file_that_cannot_be_read_is_a_finding() {
    let (n, findings) = read_folder(&[("progress-report-es.docx", "PK\u{3}\u{4}broken")]);
    assert!(n.documents.is_empty());
    assert!(codes(&findings).contains(&Code::UnreadableFile));
}

#[test]
fn no_folder_means_no_narrative_and_a_note_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let (n, findings) = read(dir.path(), as_of(), &plan(), &LANGS, &Limits::default());
    assert!(n.documents.is_empty() && n.files.is_empty());
    assert_eq!(codes(&findings), [Code::NarrativeMissing; 3]);
}

#[test]
fn only_web_and_mail_links_are_kept() {
    assert!(allowed_link("https://www.un.org/es"));
    assert!(allowed_link("mailto:red@example.org"));
    assert!(!allowed_link("javascript:alert(1)"));
    assert!(!allowed_link("file:///etc/passwd"));
    assert!(!allowed_link("#bookmark"));
}
