//! Builds the follow-up messages of a small fixture (a few status files with bad rows, sent by
//! agencies identified in different ways, and a contacts table) and reads them as text in both
//! languages.

mod common;

use std::path::Path;

use seguimiento::findings::Severity;
use seguimiento::i18n::{tr, Lang};
use seguimiento::messages::{self, Message};
use seguimiento::Checked;

const AS_OF: &str = "2024-06-30";

/// The fixture: who sent what, and the contacts table.
fn fixture() -> tempfile::TempDir {
    let inputs = common::inputs_from(Path::new("/nonexistent"), AS_OF);
    let status = inputs.path().join("status/2024-06");
    std::fs::create_dir_all(&status).unwrap();
    let header = "Código,Periodo,Agencia,Estado,Avance\n";
    // Identified by the Agency cell of its rows; row 3 has a bad status with markup in it.
    std::fs::write(
        status.join("oim.csv"),
        format!("{header}B1.1,2024-06,OIM,en curso,50\nB1.2,2024-06,OIM,<b>mal</b>,10\n"),
    )
    .unwrap();
    // Identified by the Agency cell only (the file name says nothing).
    std::fs::write(
        status.join("informe-junio.csv"),
        format!("{header}B1.3,2024-06,CEPAL,retrasada,10\n"),
    )
    .unwrap();
    // Identified by the file name only (the agency cell is unknown).
    std::fs::write(
        status.join("acnur_junio.csv"),
        format!("{header}B1.1,2024-06,Agencia X,en curso,10\n"),
    )
    .unwrap();
    // Identified by nothing: no message can be addressed for it.
    std::fs::write(
        status.join("sin-nombre.csv"),
        format!("{header}B1.1,2024-06,Agencia Y,en curso,10\n"),
    )
    .unwrap();
    std::fs::write(
        inputs.path().join("contacts.csv"),
        "agency,name,email\n\
         IOM,Ana Pérez,ana@example.org\n\
         CEPAL,Luis Gómez,luis@example.org\n\
         XYZ,Nadie,nadie@example.org\n",
    )
    .unwrap();
    inputs
}

fn build(inputs: &Path) -> (Checked, Vec<Message>) {
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs, out.path(), AS_OF);
    let checked = seguimiento::check(&config).unwrap();
    let messages = messages::build_all(&config, &checked).unwrap();
    (checked, messages)
}

fn message<'a>(messages: &'a [Message], agency: &str, lang: Lang) -> &'a Message {
    messages
        .iter()
        .find(|m| m.agency == agency && m.lang == lang)
        .unwrap_or_else(|| panic!("no {lang} message for {agency}"))
}

#[test]
fn rejected_rows_reach_the_agency_that_sent_them_with_cell_and_fix() {
    let inputs = fixture();
    let (checked, messages) = build(inputs.path());
    let bad = checked
        .findings
        .iter()
        .find(|f| f.location.file.as_deref() == Some("status/2024-06/oim.csv"))
        .expect("the bad status row is a finding");
    assert_eq!(bad.code.as_str(), "invalid-status");

    let es = message(&messages, "iom", Lang::Es);
    assert!(es.text.contains("status/2024-06/oim.csv"), "{}", es.text);
    assert!(
        es.text.contains("fila 3, columna D (celda D3)"),
        "{}",
        es.text
    );
    assert!(es.text.contains(&bad.message.es), "{}", es.text);
    assert!(es
        .text
        .contains(&tr(Lang::Es, "msg.why.agency-cell", &[("agency", &"OIM")])));
    assert!(es.text.starts_with("Estimado equipo de OIM:"));
    assert!(es.subject.contains("OIM") && es.subject.contains("2024-Q2"));

    let en = message(&messages, "iom", Lang::En);
    assert!(en.text.contains("row 3, column D (cell D3)"), "{}", en.text);
    assert!(en.text.contains(&bad.message.en), "{}", en.text);
    assert!(en.text.starts_with("Dear IOM team,"));
    // The finding's message already says how to fix it: it lists the words to use.
    assert!(en.text.contains("in progress"));

    // Markup from a cell is escaped in HTML, and left as written in the text.
    assert!(es.text.contains("<b>mal</b>"));
    assert!(!es.html.contains("<b>mal</b>"));
    assert!(es.html.contains("&lt;b&gt;mal&lt;/b&gt;"), "{}", es.html);
}

#[test]
fn files_are_attributed_by_agency_cell_or_file_name_and_say_so() {
    let inputs = fixture();
    let (_, messages) = build(inputs.path());
    let eclac = message(&messages, "eclac", Lang::Es);
    assert!(eclac.text.contains("status/2024-06/informe-junio.csv"));
    assert!(eclac.text.contains(&tr(
        Lang::Es,
        "msg.why.agency-cell",
        &[("agency", &"CEPAL")]
    )));
    let unhcr = message(&messages, "unhcr", Lang::En);
    assert!(unhcr.text.contains("status/2024-06/acnur_junio.csv"));
    assert!(unhcr
        .text
        .contains(&tr(Lang::En, "msg.why.file-name", &[("agency", &"UNHCR")])));
    for m in &messages {
        assert!(
            !m.text.contains("sin-nombre.csv"),
            "{}: a file no one can be identified for is addressed to no one",
            m.file_name
        );
    }
}

#[test]
fn lead_agencies_hear_about_their_activities_and_others_get_nothing() {
    let inputs = fixture();
    let (checked, messages) = build(inputs.path());
    let activity_codes = ["missing-report", "occurrence-missing", "overdue"];
    let mut expected = std::collections::BTreeSet::new();
    for f in &checked.findings {
        if !activity_codes.contains(&f.code.as_str()) {
            continue;
        }
        let code = f.activity.as_deref().unwrap();
        for lead in &checked.plan.activity(code).unwrap().lead {
            expected.insert(lead.clone());
            for lang in Lang::ALL {
                let m = message(&messages, lead, lang);
                assert!(m.text.contains(code), "{lead} {lang}: {code}");
                assert!(m.text.contains(f.message.get(lang)), "{lead} {lang}");
                assert!(m.text.contains(&tr(lang, "msg.activities.heading", &[])));
            }
        }
    }
    expected.extend(["iom", "eclac", "unhcr"].map(String::from));
    let got: std::collections::BTreeSet<String> =
        messages.iter().map(|m| m.agency.clone()).collect();
    assert_eq!(
        got, expected,
        "exactly the agencies with something to act on"
    );
    for agency in &got {
        for lang in Lang::ALL {
            let m = message(&messages, agency, lang);
            assert_eq!(m.file_name, format!("{agency}-{lang}.eml"));
        }
    }
    // Every rejected row of a file someone can be identified for is in a message.
    for f in &checked.findings {
        let Some(file) = &f.location.file else {
            continue;
        };
        if f.severity() != Severity::Error || file.contains("sin-nombre") {
            continue;
        }
        assert!(
            messages
                .iter()
                .any(|m| m.text.contains(f.message.get(m.lang))),
            "{file}: {}",
            f.message.en
        );
    }
}

#[test]
fn drafts_are_addressed_from_contacts_and_identical_across_runs() {
    let inputs = fixture();
    let (_, first) = build(inputs.path());
    let (_, second) = build(inputs.path());
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert!(a.eml == b.eml, "{} differs between runs", a.file_name);
    }
    let iom = message(&first, "iom", Lang::Es);
    assert_eq!(iom.recipients.len(), 1);
    assert_eq!(iom.recipients[0].email, "ana@example.org");
    let eml = String::from_utf8(iom.eml.clone()).unwrap();
    let headers = eml.split("\r\n\r\n").next().unwrap();
    assert!(headers.contains("<ana@example.org>"), "{headers}");
    assert!(headers.contains("<secretariat@invalid>"), "{headers}");
    assert!(
        headers.contains("Date: Sun, 30 Jun 2024 12:00:00 +0000"),
        "{headers}"
    );
    assert!(headers.contains("Content-Language: es"));
    assert!(headers.contains("multipart/alternative"));
    assert!(eml.contains("Content-Type: text/plain"));
    assert!(eml.contains("Content-Type: text/html"));
    // No contact for UNHCR: a draft without recipient.
    let unhcr = message(&first, "unhcr", Lang::En);
    assert!(unhcr.recipients.is_empty());
    let eml = String::from_utf8(unhcr.eml.clone()).unwrap();
    assert!(!eml.split("\r\n\r\n").next().unwrap().contains("\r\nTo:"));
}

#[test]
fn a_template_in_the_override_folder_replaces_the_embedded_one() {
    let inputs = fixture();
    let templates = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(templates.path().join("messages")).unwrap();
    std::fs::write(
        templates.path().join("messages/message.txt.hbs"),
        "{{greeting}} // {{subject}}",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut config = common::config(inputs.path(), out.path(), AS_OF);
    config.templates = Some(templates.path().to_path_buf());
    let checked = seguimiento::check(&config).unwrap();
    let messages = messages::build_all(&config, &checked).unwrap();
    let m = message(&messages, "iom", Lang::En);
    assert_eq!(m.text, format!("Dear IOM team, // {}", m.subject));
    assert!(
        m.html.contains("<html lang=\"en\">"),
        "the HTML one is still embedded"
    );
}
