//! Builds the follow-up messages of a small fixture (a few status files with bad rows, sent by
//! agencies identified in different ways, and a contacts table) and reads them as text in both
//! languages.

use crate::common;

use std::path::Path;

use mail_parser::MimeHeaders;
use seguimiento::findings::Severity;
use seguimiento::i18n::{tr, Lang};
use seguimiento::outputs::messages::{self, Message};
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
    assert!(es.text.contains(bad.message.get(Lang::Es)), "{}", es.text);
    assert!(es
        .text
        .contains(&tr(Lang::Es, "msg.why.agency-cell", &[("agency", &"OIM")])));
    assert!(es.text.starts_with("Estimado equipo de OIM:"));
    assert!(es.subject.contains("OIM") && es.subject.contains("2024-Q2"));

    let en = message(&messages, "iom", Lang::En);
    assert!(en.text.contains("row 3, column D (cell D3)"), "{}", en.text);
    assert!(en.text.contains(bad.message.get(Lang::En)), "{}", en.text);
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
fn a_rejected_row_carries_its_agency_and_the_drafts_do_not_read_the_files_again() {
    let inputs = fixture();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), AS_OF);
    let checked = seguimiento::check(&config).unwrap();
    let bad_status = checked
        .findings
        .iter()
        .find(|f| f.location.file.as_deref() == Some("status/2024-06/oim.csv"))
        .expect("the bad status of oim.csv is a finding");
    assert_eq!(bad_status.agency.as_deref(), Some("iom"));
    let before = messages::build_all(&config, &checked).unwrap();
    // The forms are gone once read: the drafts come from the findings alone.
    std::fs::remove_dir_all(inputs.path().join("status")).unwrap();
    let after = messages::build_all(&config, &checked).unwrap();
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.file_name, a.file_name);
        assert_eq!(b.eml, a.eml, "{}", b.file_name);
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
            for lang in Lang::RUN_DEFAULT {
                let m = message(&messages, lead, lang);
                assert!(m.text.contains(code), "{lead} {lang}: {code}");
                if f.code.as_str() == "missing-report" {
                    // Said to the agency, not to the secretariat.
                    assert!(!m.text.contains(f.message.get(lang)), "{lead} {lang}");
                } else {
                    assert!(m.text.contains(f.message.get(lang)), "{lead} {lang}");
                }
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
        for lang in Lang::RUN_DEFAULT {
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
            f.message.get(Lang::En)
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
    // The text and HTML alternatives, in a mixed part beside the attached form.
    assert!(headers.contains("multipart/mixed"), "{headers}");
    assert!(eml.contains("multipart/alternative"));
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

/// What a draft says to an agency never asks it to ask itself, nor names the settings file or
/// the inputs folder, which only the secretariat sees.
#[test]
fn drafts_speak_to_the_agency() {
    let inputs = fixture();
    let status = inputs.path().join("status/2024-06");
    // A file that cannot be read, attributed by its name.
    std::fs::write(status.join("oim-roto.xlsx"), b"PK\x03\x04 not a workbook").unwrap();
    let (checked, messages) = build(inputs.path());
    assert!(checked
        .findings
        .iter()
        .any(|f| f.code.as_str() == "unreadable-file"));
    let secretariat_only = [
        "Ask the lead agency",
        "Pida a la agencia responsable",
        "seguimiento.toml",
        "put it back in the folder",
        "vuelva a ponerlo en la carpeta",
        "limits.",
    ];
    for m in &messages {
        for words in secretariat_only {
            assert!(
                !m.text.contains(words),
                "{}: “{words}” is for the secretariat\n{}",
                m.file_name,
                m.text
            );
        }
    }
    let iom = message(&messages, "iom", Lang::En);
    assert!(
        iom.text.contains("status/2024-06/oim-roto.xlsx"),
        "{}",
        iom.text
    );
    assert!(iom
        .text
        .contains(&tr(Lang::En, "msg.problem.unreadable-file", &[])));
    let missing = checked
        .findings
        .iter()
        .find(|f| f.code.as_str() == "missing-report")
        .expect("the fixture leaves activities without a report");
    let lead = &checked
        .plan
        .activity(missing.activity.as_deref().unwrap())
        .unwrap()
        .lead[0];
    for lang in Lang::RUN_DEFAULT {
        let m = message(&messages, lead, lang);
        let heading = tr(lang, "msg.activities.heading", &[]);
        assert!(m.text.contains(&heading), "{}", m.text);
        let said = tr(
            lang,
            "msg.problem.missing-report",
            &[("quarter", &"\u{0}"), ("last", &"\u{0}")],
        );
        let opening = said.split('\u{0}').next().unwrap();
        assert!(m.text.contains(opening), "{lang}: {}", m.text);
    }
}

fn settings(inputs: &Path, messages: &str) {
    std::fs::write(
        inputs.join("seguimiento.toml"),
        format!("as_of = {AS_OF}\n\n[messages]\n{messages}"),
    )
    .unwrap();
}

#[test]
fn drafts_come_from_the_settings_and_open_in_a_mail_program() {
    let inputs = fixture();
    settings(
        inputs.path(),
        "from = \"Secretaría de la Red <secretaria@red.example.org>\"\n\
         reply_to = \"seguimiento@red.example.org\"\n\
         cc = [\"coordinacion@red.example.org\", \"Copia <copia@red.example.org>\"]\n\
         bcc = \"archivo@red.example.org\"\n",
    );
    let (_, messages) = build(inputs.path());
    let m = message(&messages, "iom", Lang::Es);
    let parsed = mail_parser::MessageParser::default()
        .parse(&m.eml)
        .expect("the draft parses as a message");
    let from = parsed.from().and_then(|a| a.first()).unwrap();
    assert_eq!(from.address(), Some("secretaria@red.example.org"));
    assert_eq!(from.name(), Some("Secretaría de la Red"));
    let reply = parsed.reply_to().and_then(|a| a.first()).unwrap();
    assert_eq!(reply.address(), Some("seguimiento@red.example.org"));
    let cc: Vec<_> = parsed
        .cc()
        .unwrap()
        .iter()
        .filter_map(|a| a.address())
        .collect();
    assert_eq!(
        cc,
        ["coordinacion@red.example.org", "copia@red.example.org"]
    );
    let bcc: Vec<_> = parsed
        .bcc()
        .unwrap()
        .iter()
        .filter_map(|a| a.address())
        .collect();
    assert_eq!(bcc, ["archivo@red.example.org"]);
    let to = parsed.to().and_then(|a| a.first()).unwrap();
    assert_eq!(to.address(), Some("ana@example.org"));
    assert_eq!(parsed.subject(), Some(m.subject.as_str()));
    assert_eq!(
        parsed
            .body_text(0)
            .unwrap()
            .replace("\r\n", "\n")
            .trim_end(),
        m.text.trim_end()
    );
    assert!(parsed.body_html(0).unwrap().contains("<html lang=\"es\">"));

    // A name per language wins over the one written in `from`.
    settings(
        inputs.path(),
        "from = \"Secretaría de la Red <secretaria@red.example.org>\"\n\
         from_name = { es = \"Secretaría de la Red\", en = \"Network Secretariat\" }\n",
    );
    let (_, messages) = build(inputs.path());
    for (lang, name) in [
        (Lang::Es, "Secretaría de la Red"),
        (Lang::En, "Network Secretariat"),
    ] {
        let m = message(&messages, "iom", lang);
        let parsed = mail_parser::MessageParser::default().parse(&m.eml).unwrap();
        let from = parsed.from().and_then(|a| a.first()).unwrap();
        assert_eq!(from.name(), Some(name), "{lang}");
        assert_eq!(from.address(), Some("secretaria@red.example.org"));
    }

    // A bare sender address takes the network's name.
    settings(inputs.path(), "from = \"secretaria@red.example.org\"\n");
    let (checked, messages) = build(inputs.path());
    let m = message(&messages, "iom", Lang::En);
    let parsed = mail_parser::MessageParser::default().parse(&m.eml).unwrap();
    let from = parsed.from().and_then(|a| a.first()).unwrap();
    assert_eq!(from.address(), Some("secretaria@red.example.org"));
    assert_eq!(from.name(), Some(checked.report.meta.network.get(Lang::En)));
    assert!(parsed.reply_to().is_none() && parsed.cc().is_none());

    // An invalid address stops the run before any work, saying which setting and why.
    settings(
        inputs.path(),
        "cc = [\"coordinacion@red.example.org\", \"copia en red.example.org\"]\n",
    );
    let e = seguimiento::config::RunConfig::new(
        inputs.path().to_path_buf(),
        inputs.path().join("out"),
        None,
        None,
    )
    .unwrap_err();
    let es = e.render(Lang::Es);
    assert!(
        es.contains("messages.cc") && es.contains("copia en red.example.org"),
        "{es}"
    );
    assert!(es.contains("sugerencia:"), "{es}");
}

#[test]
fn each_draft_carries_the_agencys_form_for_next_month() {
    let inputs = fixture();
    let (checked, messages) = build(inputs.path());
    let month = seguimiento::calendar::YearMonth {
        year: 2024,
        month: 7,
    };
    let forms = seguimiento::outputs::forms::build_all(&checked, month).unwrap();
    for m in &messages {
        let parsed = mail_parser::MessageParser::default().parse(&m.eml).unwrap();
        let form = forms
            .iter()
            .find(|f| f.agency.as_deref() == Some(m.agency.as_str()));
        let attachments: Vec<_> = parsed.attachments().collect();
        let Some(form) = form else {
            // An agency that leads no activity has no status form to carry.
            assert!(attachments.is_empty(), "{}", m.file_name);
            assert!(m.attachment.is_none());
            continue;
        };
        assert_eq!(attachments.len(), 1, "{}", m.file_name);
        let part = attachments[0];
        assert_eq!(part.attachment_name(), Some(form.file_name.as_str()));
        assert_eq!(m.attachment.as_deref(), Some(form.file_name.as_str()));
        let ct = part.content_type().unwrap();
        assert_eq!(
            format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()),
            messages::XLSX_MIME
        );
        // The bytes `seguimiento forms` writes for that month, to the byte.
        assert!(part.contents() == form.bytes.as_slice(), "{}", m.file_name);
        assert!(m.text.contains(&form.file_name), "{}", m.text);
        assert!(m.html.contains(&form.file_name));
    }
    assert!(messages.iter().any(|m| m.attachment.is_some()));

    // The attachment opens as a workbook, and ingest reads everything written in it: sent back
    // untouched, the only findings are the empty status cells left for the agency to fill.
    let m = message(&messages, "iom", Lang::Es);
    let parsed = mail_parser::MessageParser::default().parse(&m.eml).unwrap();
    let bytes = parsed.attachments().next().unwrap().contents().to_vec();
    let wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    use calamine::Reader;
    assert!(!wb.sheet_names().is_empty());
    let name = m.attachment.clone().unwrap();
    let back = common::inputs_from(Path::new("/nonexistent"), "2024-07-31");
    std::fs::create_dir_all(back.path().join("status/2024-07")).unwrap();
    std::fs::write(back.path().join("status/2024-07").join(&name), &bytes).unwrap();
    let out = tempfile::tempdir().unwrap();
    let later = seguimiento::check(&common::config(back.path(), out.path(), "2024-07-31")).unwrap();
    let rel = format!("status/2024-07/{name}");
    let account = later.intake.files.iter().find(|f| f.path == rel).unwrap();
    assert!(account.rows > 0);
    for f in later
        .findings
        .iter()
        .filter(|f| f.location.file.as_deref() == Some(rel.as_str()))
    {
        assert_eq!(
            f.code.as_str(),
            "missing-value",
            "{}",
            f.message.get(Lang::En)
        );
    }

    // Filled in as the agency would (a status and a progress on every row, in a copy saved
    // by a spreadsheet writer), it reads with no finding at all.
    let filled = fill_status_rows(&bytes, &checked);
    assert!(filled.1 > 0, "the form lists the agency's activities");
    std::fs::write(back.path().join("status/2024-07").join(&name), &filled.0).unwrap();
    let later = seguimiento::check(&common::config(back.path(), out.path(), "2024-07-31")).unwrap();
    let about: Vec<_> = later
        .findings
        .iter()
        .filter(|f| f.location.file.as_deref() == Some(rel.as_str()))
        .map(|f| f.message.get(Lang::En).to_string())
        .collect();
    assert!(about.is_empty(), "{about:#?}");
    let account = later.intake.files.iter().find(|f| f.path == rel).unwrap();
    assert_eq!(account.accepted as usize, filled.1);
    assert_eq!(account.rejected, 0);

    // With attach_forms = false, no draft carries a form.
    settings(inputs.path(), "attach_forms = false\n");
    let (_, messages) = build(inputs.path());
    assert!(messages.iter().all(|m| m.attachment.is_none()));
    for m in &messages {
        let parsed = mail_parser::MessageParser::default().parse(&m.eml).unwrap();
        assert_eq!(parsed.attachments().count(), 0);
    }
}

#[test]
fn drafts_are_in_the_languages_the_contacts_read() {
    let inputs = fixture();
    std::fs::write(
        inputs.path().join("contacts.csv"),
        "agencia;nombre;correo;idioma\n\
         OIM;Ana Pérez;ana@example.org;español\n\
         CEPAL;Luis Gómez;luis@example.org;English\n\
         CEPAL;Lucía Díaz;lucia@example.org;\n\
         ACNUR;Marta Ruiz;marta@example.org;EN\n",
    )
    .unwrap();
    let (_, messages) = build(inputs.path());
    let langs = |agency: &str| -> Vec<Lang> {
        messages
            .iter()
            .filter(|m| m.agency == agency)
            .map(|m| m.lang)
            .collect()
    };
    assert_eq!(langs("iom"), [Lang::Es]);
    assert_eq!(langs("unhcr"), [Lang::En]);
    // One contact reads English, the other did not say: both drafts, each to whom reads it.
    assert_eq!(langs("eclac"), [Lang::Es, Lang::En]);
    let es: Vec<_> = message(&messages, "eclac", Lang::Es)
        .recipients
        .iter()
        .map(|c| c.email.as_str())
        .collect();
    assert_eq!(es, ["lucia@example.org"]);
    let en: Vec<_> = message(&messages, "eclac", Lang::En)
        .recipients
        .iter()
        .map(|c| c.email.as_str())
        .collect();
    assert_eq!(en, ["lucia@example.org", "luis@example.org"]);
}

#[test]
fn a_hostile_contacts_table_cannot_add_headers_or_recipients() {
    let inputs = fixture();
    std::fs::write(
        inputs.path().join("contacts.csv"),
        "agency,name,email\n\
         OIM,\"Ana\r\nBcc: robo@example.net\",ana@example.org\n\
         OIM,Luis,\"luis@example.org>, robo@example.net\"\n\
         OIM,Eva,eva@example.org\r\nBcc: robo@example.net\n",
    )
    .unwrap();
    let (_, messages) = build(inputs.path());
    let m = message(&messages, "iom", Lang::Es);
    let parsed = mail_parser::MessageParser::default().parse(&m.eml).unwrap();
    assert!(parsed.bcc().is_none());
    let to: Vec<_> = parsed
        .to()
        .unwrap()
        .iter()
        .filter_map(|a| a.address())
        .collect();
    assert_eq!(to, ["ana@example.org", "eva@example.org"]);
    let eml = String::from_utf8_lossy(&m.eml);
    let headers = eml.split("\r\n\r\n").next().unwrap();
    assert!(!headers.contains("\r\nBcc:"), "{headers}");
}

#[test]
fn a_contacts_table_saved_by_a_spanish_spreadsheet_reads_with_its_languages() {
    let inputs = fixture();
    std::fs::copy(
        common::root().join("tests/contacts/contactos-es-cp1252.csv"),
        inputs.path().join("contacts.csv"),
    )
    .unwrap();
    let contacts = messages::load_contacts(
        inputs.path(),
        &Default::default(),
        common::shipped_plan().registry(),
    )
    .unwrap();
    let read: Vec<(&str, &str, &str, Option<Lang>)> = contacts
        .iter()
        .map(|c| (c.agency.as_str(), c.name.as_str(), c.email.as_str(), c.lang))
        .collect();
    assert_eq!(
        read,
        [
            (
                "eclac",
                "Tomás Aguirre Beltrán",
                "taguirre@example.org",
                None
            ),
            (
                "iom",
                "Lucía Ferreyra Ocampo",
                "lferreyra@example.org",
                Some(Lang::Es)
            ),
            (
                "unhcr",
                "Andrés Peñaloza Ibarra",
                "apenaloza@example.org",
                Some(Lang::En)
            ),
        ]
    );
    let (_, messages) = build(inputs.path());
    let langs = |agency: &str| -> Vec<Lang> {
        messages
            .iter()
            .filter(|m| m.agency == agency)
            .map(|m| m.lang)
            .collect()
    };
    assert_eq!(langs("iom"), [Lang::Es]);
    assert_eq!(langs("eclac"), [Lang::Es, Lang::En]);
    assert_eq!(langs("unhcr"), [Lang::En]);
}

/// Fills in a status form as an agency would: every sheet copied cell by cell, and on each
/// activity row a status (the one on record if completed, else in progress) and a progress.
/// Returns the workbook and the rows filled.
fn fill_status_rows(form: &[u8], checked: &Checked) -> (Vec<u8>, usize) {
    use calamine::{Data, Reader};
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(form.to_vec())).unwrap();
    let es = |f: seguimiento::ingest::forms::Field| {
        f.header(seguimiento::ingest::forms::FormKind::Status, Lang::Es)
            .to_string()
    };
    use seguimiento::ingest::forms::Field;
    let mut out = rust_xlsxwriter::Workbook::new();
    let mut filled = 0;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let ws = out.add_worksheet();
        ws.set_name(&name).unwrap();
        let mut header: Option<(u32, std::collections::BTreeMap<String, u16>)> = None;
        for (r, row) in range.rows().enumerate() {
            let r = r0 + r as u32;
            for (c, d) in row.iter().enumerate() {
                let c = (c0 as usize + c) as u16;
                match d {
                    Data::Empty => {}
                    Data::Float(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    other => {
                        ws.write_string(r, c, other.to_string()).unwrap();
                    }
                }
            }
            let cells: std::collections::BTreeMap<String, u16> = row
                .iter()
                .enumerate()
                .map(|(c, d)| (d.to_string(), (c0 as usize + c) as u16))
                .collect();
            if header.is_none() && cells.contains_key(&es(Field::Status)) {
                header = Some((r, cells));
                continue;
            }
            let Some((_, cols)) = &header else { continue };
            let code_col = cols[&es(Field::Activity)] as usize - c0 as usize;
            let Some(code) = row
                .get(code_col)
                .map(|d| d.to_string())
                .filter(|c| !c.is_empty())
            else {
                continue;
            };
            let done = checked
                .report
                .activities
                .list
                .iter()
                .any(|a| a.code == code && a.status.as_str() == "completed");
            let (status, progress) = if done {
                ("completada", 100.0)
            } else {
                ("en curso", 50.0)
            };
            ws.write_string(r, cols[&es(Field::Status)], status)
                .unwrap();
            ws.write_number(r, cols[&es(Field::Progress)], progress)
                .unwrap();
            filled += 1;
        }
    }
    (out.save_to_buffer().unwrap(), filled)
}

#[test]
fn contacts_written_with_portuguese_or_french_headers_are_read() {
    let limits = Default::default();
    for (table, lang) in [
        (
            "Agência;Nome;Correio eletrônico;Língua\nOIM;Ana;ana@example.org;pt\n",
            Lang::Pt,
        ),
        (
            "Agence;Nom;Courriel;Langue\nOIM;Ana;ana@example.org;français\n",
            Lang::Fr,
        ),
    ] {
        let inputs = fixture();
        std::fs::write(inputs.path().join("contacts.csv"), table).unwrap();
        let contacts =
            messages::load_contacts(inputs.path(), &limits, common::shipped_plan().registry())
                .unwrap();
        assert_eq!(contacts.len(), 1, "{table}");
        assert_eq!(contacts[0].email, "ana@example.org");
        assert_eq!(contacts[0].lang, Some(lang), "{table}");
    }
}

#[test]
fn contact_rows_left_out_are_said_with_their_row_and_the_fix() {
    let inputs = fixture();
    std::fs::write(
        inputs.path().join("contacts.csv"),
        "agency,name,email,language\n\
         OIM,Ana,ana@example.org,es\n\
         ,,,\n\
         XYZ,Nadie,nadie@example.org,\n\
         CEPAL,Luis,luis en example.org,\n\
         CEPAL,Eva,eva@example.org,alemán\n",
    )
    .unwrap();
    let limits = Default::default();
    let contacts =
        messages::load_contacts(inputs.path(), &limits, common::shipped_plan().registry()).unwrap();
    let emails: Vec<_> = contacts.iter().map(|c| c.email.as_str()).collect();
    assert_eq!(emails, ["eva@example.org", "ana@example.org"]);
    assert_eq!(contacts[0].lang, None, "an unknown language means both");
    let notes =
        messages::contact_notes(inputs.path(), &limits, common::shipped_plan().registry()).unwrap();
    assert_eq!(notes.len(), 3, "{notes:#?}");
    assert!(
        notes[0].get(Lang::Es).contains("fila 4") && notes[0].get(Lang::Es).contains("«XYZ»"),
        "{}",
        notes[0].get(Lang::Es)
    );
    assert!(
        notes[0].get(Lang::En).contains("row 4") && notes[0].get(Lang::En).contains("IOM"),
        "{}",
        notes[0].get(Lang::En)
    );
    assert!(
        notes[1].get(Lang::En).contains("row 5")
            && notes[1].get(Lang::En).contains("name@domain.org")
    );
    assert!(
        notes[2].get(Lang::Es).contains("fila 6")
            && notes[2]
                .get(Lang::Es)
                .contains("en cada idioma de la corrida")
    );

    std::fs::write(inputs.path().join("contacts.csv"), "ana@example.org\n").unwrap();
    let notes =
        messages::contact_notes(inputs.path(), &limits, common::shipped_plan().registry()).unwrap();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].get(Lang::En).contains("header"),
        "{}",
        notes[0].get(Lang::En)
    );
}

#[test]
fn a_contacts_table_that_cannot_be_read_leaves_the_drafts_unaddressed_and_says_why() {
    let inputs = fixture();
    std::fs::write(inputs.path().join("contacts.csv"), b"").unwrap();
    let (_, messages) = build(inputs.path());
    assert!(!messages.is_empty());
    assert!(messages.iter().all(|m| m.recipients.is_empty()));
    let notes = messages::contact_notes(
        inputs.path(),
        &Default::default(),
        common::shipped_plan().registry(),
    )
    .unwrap();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0]
            .get(Lang::Es)
            .contains(&tr(Lang::Es, "reason.empty", &[])),
        "{}",
        notes[0].get(Lang::Es)
    );
    assert!(
        notes[0].get(Lang::En).contains("no recipient"),
        "{}",
        notes[0].get(Lang::En)
    );

    let limits = seguimiento::config::Limits {
        max_file_bytes: 10,
        ..Default::default()
    };
    std::fs::write(
        inputs.path().join("contacts.csv"),
        "agency,name,email\nOIM,Ana,ana@example.org\n",
    )
    .unwrap();
    assert!(
        messages::load_contacts(inputs.path(), &limits, common::shipped_plan().registry())
            .unwrap()
            .is_empty()
    );
    let notes =
        messages::contact_notes(inputs.path(), &limits, common::shipped_plan().registry()).unwrap();
    assert!(
        notes[0].get(Lang::En).contains("limit"),
        "{}",
        notes[0].get(Lang::En)
    );
}
