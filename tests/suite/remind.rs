//! `seguimiento remind` on `tests/plans/reporting` as it stood before April's forms came in:
//! OIM's and CEPAL's April forms taken out (OIT's is there), so both are waited on for April.
//! OIM sent every earlier month (March late); CEPAL missed February and March running. Before
//! April's due day (10 May) both get a friendly reminder and CEPAL, two months missed, is
//! escalated; after it, April is overdue and CEPAL has missed three months in a row.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mail_parser::{Address, MimeHeaders};
use seguimiento::findings::Code;
use seguimiento::i18n::{tr, Lang};

/// The reporting fixture without OIM's and CEPAL's April forms, with a contacts table: OIM
/// has no one; CEPAL a recipient reading English and an escalation contact.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join("tests/plans/reporting"), dir.path());
    for agency in ["oim", "cepal"] {
        std::fs::remove_file(dir.path().join(format!("status/2024-04/{agency}.csv"))).unwrap();
    }
    let received = std::fs::read_to_string(dir.path().join("received.csv")).unwrap();
    let kept: Vec<&str> = received
        .lines()
        .filter(|l| !l.starts_with("status/2024-04/oim") && !l.starts_with("status/2024-04/cepal"))
        .collect();
    std::fs::write(dir.path().join("received.csv"), kept.join("\n") + "\n").unwrap();
    std::fs::write(
        dir.path().join("contacts.csv"),
        "agency,name,email,language,role\n\
         CEPAL,Tomás Aguirre,taguirre@example.org,en,\n\
         CEPAL,Marta Ríos,mrios@example.org,,escalation\n",
    )
    .unwrap();
    dir
}

fn seguimiento(inputs: &Path, outputs: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .env_remove("SEGUIMIENTO_LANG")
        .env_remove("SEGUIMIENTO_AS_OF")
        .args(["--color", "never", "--inputs"])
        .arg(inputs)
        .arg("--outputs")
        .arg(outputs)
        .args(args)
        .output()
        .unwrap()
}

/// Runs `remind` as of `as_of` in English; returns its folder's files by name, and stderr.
fn remind(inputs: &Path, outputs: &Path, as_of: &str) -> (BTreeMap<String, Vec<u8>>, String) {
    let out = seguimiento(
        inputs,
        outputs,
        &["--lang", "en", "--as-of", as_of, "remind"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    (files(&outputs.join("reminders/2024-04")), stderr)
}

fn files(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The addresses of a header.
fn addresses(a: Option<&Address<'_>>) -> Vec<String> {
    a.map(|a| {
        a.iter()
            .filter_map(|x| x.address().map(str::to_string))
            .collect()
    })
    .unwrap_or_default()
}

/// A draft read back: subject, plain text, To, Cc, and its attachments (name, bytes).
struct Draft {
    subject: String,
    text: String,
    to: Vec<String>,
    cc: Vec<String>,
    attachments: Vec<(String, Vec<u8>)>,
}

fn read(eml: &[u8]) -> Draft {
    let m = mail_parser::MessageParser::default().parse(eml).unwrap();
    Draft {
        subject: m.subject().unwrap_or_default().to_string(),
        text: m.body_text(0).unwrap_or_default().into_owned(),
        to: addresses(m.to()),
        cc: addresses(m.cc()),
        attachments: m
            .attachments()
            .map(|a| {
                (
                    a.attachment_name().unwrap_or_default().to_string(),
                    a.contents().to_vec(),
                )
            })
            .collect(),
    }
}

/// Writes `forms --month 2024-04` and returns the forms by file name.
fn forms_of_april(inputs: &Path, as_of: &str) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let run = seguimiento(
        inputs,
        out.path(),
        &["--as-of", as_of, "forms", "--month", "2024-04", "-q"],
    );
    assert_eq!(run.status.code(), Some(0));
    files(&out.path().join("forms/2024-04"))
}

/// Every draft carries the agency's form for April, byte for byte as `forms --month` writes it.
fn carries_its_form(drafts: &BTreeMap<String, Vec<u8>>, forms: &BTreeMap<String, Vec<u8>>) {
    for (name, eml) in drafts {
        let d = read(eml);
        assert_eq!(d.attachments.len(), 1, "{name}");
        let (file, bytes) = &d.attachments[0];
        let agency = if name.starts_with("iom") {
            "oim"
        } else {
            "cepal"
        };
        assert_eq!(file, &format!("formulario-estado-{agency}-2024-04.xlsx"));
        assert!(
            forms[file] == *bytes,
            "{name}: the form differs from forms --month"
        );
        assert!(d.text.contains(file.as_str()), "{name}");
    }
}

#[test]
fn before_the_due_day_a_friendly_reminder_and_the_escalation_of_two_months_missed() {
    let inputs = fixture();
    let out = tempfile::tempdir().unwrap();
    let (drafts, stderr) = remind(inputs.path(), out.path(), "2024-05-06");
    // OIM has no contact: a draft in each language; CEPAL's recipient reads English.
    let names: Vec<&str> = drafts.keys().map(String::as_str).collect();
    assert_eq!(names, ["eclac-en.eml", "iom-en.eml", "iom-es.eml"]);

    let iom = read(&drafts["iom-en.eml"]);
    assert!(iom.subject.starts_with("Reminder:"), "{}", iom.subject);
    assert!(iom.text.contains("is due on 10 May 2024"), "{}", iom.text);
    assert!(iom.text.contains("April 2024"));
    assert!(!iom.text.contains("overdue") && !iom.text.contains("in a row"));
    assert!(iom.to.is_empty() && iom.cc.is_empty());
    let iom_es = read(&drafts["iom-es.eml"]);
    assert!(
        iom_es.text.contains("vence el 10 de mayo de 2024"),
        "{}",
        iom_es.text
    );
    assert!(!iom_es.text.contains("Reminder"));

    // CEPAL: February and March missed; April not yet due, so it neither counts nor breaks.
    let eclac = read(&drafts["eclac-en.eml"]);
    assert_eq!(eclac.to, ["taguirre@example.org"]);
    assert_eq!(eclac.cc, ["mrios@example.org"]);
    assert!(
        eclac.subject.contains("2 months in a row"),
        "{}",
        eclac.subject
    );
    assert!(
        eclac.text.contains("is due on 10 May 2024"),
        "{}",
        eclac.text
    );
    assert!(eclac
        .text
        .contains("February 2024 (it was due on 10 March 2024)"));
    assert!(eclac
        .text
        .contains("March 2024 (it was due on 10 April 2024)"));
    assert!(eclac.text.contains("Marta Ríos"));

    carries_its_form(&drafts, &forms_of_april(inputs.path(), "2024-05-06"));

    // The summary: whom, that it is before the due day, the escalation, the agency with no
    // contact and what to do about it.
    assert!(stderr.contains("Wrote 3 reminders to"), "{stderr}");
    assert!(
        stderr.contains("2 agencies reminded that the status form for April 2024 is due on 10 May 2024: ECLAC, IOM."),
        "{stderr}"
    );
    assert!(stderr.contains("ECLAC escalated (2 months in a row: February 2024, March 2024); its drafts copy Marta Ríos <mrios@example.org>."), "{stderr}");
    assert!(stderr.contains("No contact for IOM in"), "{stderr}");
    assert!(stderr.contains("run remind again"), "{stderr}");
}

#[test]
fn after_the_due_day_the_form_is_overdue_and_three_months_missed_are_named() {
    let inputs = fixture();
    let out = tempfile::tempdir().unwrap();
    let (drafts, stderr) = remind(inputs.path(), out.path(), "2024-05-20");
    let names: Vec<&str> = drafts.keys().map(String::as_str).collect();
    assert_eq!(names, ["eclac-en.eml", "iom-en.eml", "iom-es.eml"]);

    // OIM: April missed, March late (a late form is not a missed one): not escalated.
    let iom = read(&drafts["iom-en.eml"]);
    assert!(iom.subject.starts_with("Overdue:"), "{}", iom.subject);
    assert!(iom.text.contains("was due on 10 May 2024"), "{}", iom.text);
    assert!(!iom.text.contains("in a row"));
    let iom_es = read(&drafts["iom-es.eml"]);
    assert!(iom_es.subject.starts_with("Vencido:"), "{}", iom_es.subject);
    assert!(iom_es.text.contains("vencía el 10 de mayo de 2024"));

    let eclac = read(&drafts["eclac-en.eml"]);
    assert!(
        eclac.subject.contains("3 months in a row"),
        "{}",
        eclac.subject
    );
    assert!(eclac.text.contains("was due on 10 May 2024"));
    for month in ["February 2024", "March 2024", "April 2024"] {
        assert!(eclac.text.contains(month), "{month}: {}", eclac.text);
    }
    assert_eq!(eclac.cc, ["mrios@example.org"]);
    assert!(stderr.contains("is overdue since 10 May 2024"), "{stderr}");
    carries_its_form(&drafts, &forms_of_april(inputs.path(), "2024-05-20"));

    // With escalate_after = 4, three months are not enough: no copy, no months named.
    std::fs::write(
        inputs.path().join("seguimiento.toml"),
        "as_of = 2024-05-20\n[reporting]\ndue_day = 10\nescalate_after = 4\n",
    )
    .unwrap();
    let (drafts, stderr) = remind(inputs.path(), out.path(), "2024-05-20");
    let eclac = read(&drafts["eclac-en.eml"]);
    assert!(eclac.cc.is_empty());
    assert!(!eclac.text.contains("in a row") && !stderr.contains("escalated"));

    // An escalated agency with no escalation contact: the summary says how to name one.
    std::fs::write(
        inputs.path().join("seguimiento.toml"),
        "as_of = 2024-05-20\n[reporting]\ndue_day = 10\n",
    )
    .unwrap();
    std::fs::write(
        inputs.path().join("contacts.csv"),
        "agency,name,email,role\nCEPAL,Tomás Aguirre,taguirre@example.org,jefatura\n",
    )
    .unwrap();
    let (drafts, stderr) = remind(inputs.path(), out.path(), "2024-05-20");
    assert!(read(&drafts["eclac-en.eml"]).cc.is_empty());
    assert!(
        stderr.contains("ECLAC has missed 3 months in a row (February 2024, March 2024, April 2024) but has no escalation contact"),
        "{stderr}"
    );
    // An unknown role is said with its row, and the contact stays a recipient.
    assert!(
        stderr.contains("row 2: “jefatura” is not a contact role"),
        "{stderr}"
    );
    assert_eq!(read(&drafts["eclac-es.eml"]).to, ["taguirre@example.org"]);
}

/// Writes a follow-up register deciding the findings given, as the secretariat would.
fn decide(inputs: &Path, ids: &[String]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, tr(Lang::Es, "register.col.id", &[]))
        .unwrap();
    ws.write(0, 1, tr(Lang::Es, "register.col.decision", &[]))
        .unwrap();
    for (i, id) in ids.iter().enumerate() {
        ws.write(i as u32 + 1, 0, id.as_str()).unwrap();
        ws.write(i as u32 + 1, 1, "explicado").unwrap();
    }
    wb.save(inputs.join("follow-up.xlsx")).unwrap();
}

#[test]
fn findings_decided_in_the_register_are_in_neither_the_reminders_nor_the_run_drafts() {
    let inputs = fixture();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), "2024-05-20");
    let checked = seguimiento::check(&config).unwrap();
    let id = |agency: &str, month: &str| -> String {
        checked
            .findings
            .iter()
            .find(|f| {
                f.code == Code::FormNotReceived
                    && f.agency.as_deref() == Some(agency)
                    && f.month.map(|m| m.to_string()).as_deref() == Some(month)
            })
            .unwrap_or_else(|| panic!("no form-not-received for {agency} {month}"))
            .id
            .clone()
    };
    // OIM's April explained; CEPAL's February explained.
    decide(
        inputs.path(),
        &[id("iom", "2024-04"), id("eclac", "2024-02")],
    );

    let (drafts, stderr) = remind(inputs.path(), out.path(), "2024-05-20");
    let names: Vec<&str> = drafts.keys().map(String::as_str).collect();
    assert_eq!(names, ["eclac-en.eml"], "{stderr}");
    // February is passed over: March and April make two months in a row, still escalated.
    let eclac = read(&drafts["eclac-en.eml"]);
    assert!(
        eclac.subject.contains("2 months in a row"),
        "{}",
        eclac.subject
    );
    assert!(!eclac.text.contains("February 2024"), "{}", eclac.text);

    // The run's follow-up drafts: CEPAL hears of March and April, not February; OIM of no
    // missing form.
    let config = common::config(inputs.path(), out.path(), "2024-05-20");
    let checked = seguimiento::check(&config).unwrap();
    let messages = seguimiento::outputs::messages::build_all(&config, &checked).unwrap();
    let eclac = messages
        .iter()
        .find(|m| m.agency == "eclac" && m.lang == Lang::En)
        .unwrap();
    let heading = tr(Lang::En, "msg.forms.heading", &[]);
    assert!(eclac.text.contains(&heading), "{}", eclac.text);
    assert!(eclac
        .text
        .contains("March 2024 (it was due on 10 April 2024)"));
    assert!(eclac
        .text
        .contains("April 2024 (it was due on 10 May 2024)"));
    assert!(!eclac.text.contains("February 2024"), "{}", eclac.text);
    // The run's drafts go to the recipients only: escalation contacts are for reminders.
    assert_eq!(
        eclac
            .recipients
            .iter()
            .map(|c| c.email.as_str())
            .collect::<Vec<_>>(),
        ["taguirre@example.org"]
    );
    for m in messages.iter().filter(|m| m.agency == "iom") {
        assert!(!m.text.contains(&heading), "{}", m.text);
    }

    // Every month decided: nothing to send, and the summary says so.
    decide(
        inputs.path(),
        &[
            id("iom", "2024-04"),
            id("eclac", "2024-04"),
            id("eclac", "2024-03"),
        ],
    );
    let (drafts, stderr) = remind(inputs.path(), out.path(), "2024-05-20");
    assert!(drafts.is_empty());
    assert!(stderr.contains("Wrote 0 reminders"), "{stderr}");
    assert!(stderr.contains("Nothing to send"), "{stderr}");
}

#[test]
fn the_same_inputs_give_the_same_bytes_and_a_failure_keeps_the_previous_reminders() {
    let inputs = fixture();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (first, _) = remind(inputs.path(), a.path(), "2024-05-20");
    let (second, _) = remind(inputs.path(), b.path(), "2024-05-20");
    assert_eq!(first, second);
    // Copied elsewhere, its files touched: the same bytes.
    let moved = tempfile::tempdir().unwrap();
    common::copy_tree(inputs.path(), moved.path());
    let c = tempfile::tempdir().unwrap();
    let (third, _) = remind(moved.path(), c.path(), "2024-05-20");
    assert_eq!(first, third);

    // A template that cannot be used stops the command: the reminders written before stay
    // as they were, and nothing is left half written.
    let templates = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(templates.path().join("messages")).unwrap();
    std::fs::write(
        templates.path().join("messages/message.txt.hbs"),
        "{{#if greeting}}\n{{greeting}}\n",
    )
    .unwrap();
    let failed = seguimiento(
        inputs.path(),
        a.path(),
        &[
            "--lang",
            "en",
            "--as-of",
            "2024-05-20",
            "--templates",
            templates.path().to_str().unwrap(),
            "remind",
        ],
    );
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(files(&a.path().join("reminders/2024-04")), first);
    let left: Vec<PathBuf> = std::fs::read_dir(a.path().join("reminders"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(left, [a.path().join("reminders/2024-04")]);
}

#[test]
fn a_month_outside_the_plan_has_nothing_to_remind_and_says_why() {
    let inputs = fixture();
    let out = tempfile::tempdir().unwrap();
    let run = seguimiento(
        inputs.path(),
        out.path(),
        &["--lang", "en", "--as-of", "2024-01-20", "remind"],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(files(&out.path().join("reminders/2023-12")).is_empty());
    assert!(
        stderr.contains("December 2023 is outside the plan's period"),
        "{stderr}"
    );
}

#[test]
fn a_spanish_contacts_table_with_a_role_column_copies_its_escalation_contact() {
    let inputs = fixture();
    // As a Spanish-locale spreadsheet saves it: `;`, every field quoted, Windows-1252.
    let table = "\"Agencia\";\"Nombre\";\"Correo electrónico\";\"Idioma\";\"Rol\"\r\n\
                 \"CEPAL\";\"Tomás Aguirre\";\"taguirre@example.org\";\"Español\";\r\n\
                 \"CEPAL\";\"Marta Ríos\";\"mrios@example.org\";\"Español\";\"Escalamiento\"\r\n";
    let bytes: Vec<u8> = table
        .chars()
        .map(|c| match c {
            'á' => 0xE1,
            'é' => 0xE9,
            'í' => 0xED,
            'ó' => 0xF3,
            'ñ' => 0xF1,
            c => c as u8,
        })
        .collect();
    std::fs::write(inputs.path().join("contacts.csv"), bytes).unwrap();
    let out = tempfile::tempdir().unwrap();
    let (drafts, stderr) = remind(inputs.path(), out.path(), "2024-05-20");
    assert!(drafts.contains_key("eclac-es.eml") && !drafts.contains_key("eclac-en.eml"));
    let eclac = read(&drafts["eclac-es.eml"]);
    assert_eq!(eclac.to, ["taguirre@example.org"]);
    assert_eq!(eclac.cc, ["mrios@example.org"]);
    assert!(
        eclac.subject.contains("3 meses seguidos"),
        "{}",
        eclac.subject
    );
    assert!(eclac.text.contains("Marta Ríos"), "{}", eclac.text);
    assert!(!stderr.contains("role"), "{stderr}");
}
