//! Follow-up messages: for each agency with something to act on, an e-mail draft in Spanish
//! and in English saying what is missing or wrong, where, and how to fix it.
//!
//! The module exists so the secretariat does not have to turn the findings into letters by
//! hand. An agency hears about two things: the activities it leads that lack a report, an
//! occurrence or a closing status (activity-level findings, sent to the activity's lead
//! agencies), and the rows it sent that were rejected (findings of severity error in a file
//! attributed to it; the message says why the file was attributed to it). Each finding's own
//! message already says how to fix it; this module only gathers and addresses them.
//!
//! Texts come from the string tables (`msg.*`) and are laid out by handlebars templates
//! embedded from `templates/messages/`, each overridable by a file of the same name under
//! `messages/` in the templates folder. The HTML template keeps handlebars' escaping, so no
//! cell text becomes markup. The module never sends anything: it writes `.eml` drafts, and
//! their bytes depend only on the inputs and the as-of date (fixed Date, Message-ID and MIME
//! boundary). It never computes a figure: statuses and dates come from `ReportData`.
//!
//! The drafts speak to the agency: what it leads that lacks a report, what it sent that was
//! not counted, and what to send back. Each carries, when the agency leads activities, its
//! pre-filled status form for next month, built by the same code and with the same bytes as
//! `seguimiento forms` writes. An agency gets one draft per language, or only the drafts in
//! the languages its contacts read (the `language` column of `contacts.csv`).
//!
//! Sender, reply-to, copies and blind copies come from `[messages]` in the settings
//! ([`crate::config::MessageSettings`], checked when the settings are read). Without a
//! sender, the From header is the network's name with the placeholder
//! [`crate::config::PLACEHOLDER_SENDER`].

use crate::config::RunConfig;
use crate::error::Result;
use crate::model::ContactRole;
use crate::outputs::forms::{self};
use crate::Checked;

mod compose;
mod contacts;
mod draft;
mod gather;
pub mod remind;

use compose::*;
pub use contacts::{contact_notes, load_contacts};
use draft::{addressed, Draft, Envelope};
pub use draft::{Contact, Message, Reason, CONTACTS_FILE, KIND, SENDER_ADDRESS, XLSX_MIME};
pub use gather::agency_in_path;
use gather::*;

/// Builds the messages of every agency with something to act on: one per language of the run
/// its contacts read (every language of the run when the contacts table does not say, has no
/// one for the agency, or names a language the run is not written in).
pub fn build_all(config: &RunConfig, checked: &Checked) -> Result<Vec<Message>> {
    let contacts = load_contacts(
        &config.inputs,
        &config.settings.limits,
        checked.plan.registry(),
    )?;
    let templates = Templates::load(config.templates.as_deref())?;
    let envelope = Envelope::from_settings(config, checked);
    let actions = gather(checked);
    let mut out = Vec::new();
    for (agency, acts) in &actions {
        let theirs: Vec<&Contact> = contacts
            .iter()
            .filter(|c| &c.agency == agency && c.role == ContactRole::Recipient)
            .collect();
        let form = if config.settings.messages.attach_forms {
            forms::agency_status_form(checked, agency, envelope.month)?
        } else {
            None
        };
        for (lang, to) in addressed(&theirs, config.languages()) {
            let draft = Draft {
                thread: &checked.report.meta.period,
                agency,
                acts,
                to: &to,
                cc: &[],
                form: form.as_ref(),
                lang,
            };
            out.push(compose(checked, &draft, &envelope, &templates)?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Code, Finding};

    #[test]
    fn a_password_protected_file_is_told_by_its_reason_not_its_words() {
        let file = crate::findings::Location::file("status/oim.xlsx");
        let f = Finding::new(Code::UnreadableFile, file, &[("reason", &"")]);
        assert_eq!(unreadable_problem(&f), "msg.problem.unreadable-file");
        let f = f.with_reason("reason.encrypted");
        assert_eq!(unreadable_problem(&f), "msg.problem.unreadable-encrypted");
    }

    #[test]
    fn finds_agencies_in_file_names() {
        let plan = crate::plan::Plan::load(
            &std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("inputs"),
        )
        .unwrap();
        let r = plan.registry();
        assert_eq!(
            agency_in_path(r, "status/2024-03/oim.xlsx").as_deref(),
            Some("iom")
        );
        assert_eq!(
            agency_in_path(r, "status/cepal/informe_marzo.csv").as_deref(),
            Some("eclac")
        );
        assert_eq!(
            agency_in_path(r, "status/2024-03/estado_ACNUR_marzo.xlsx").as_deref(),
            Some("unhcr")
        );
        assert_eq!(agency_in_path(r, "pledges/seguimiento_2024.xlsx"), None);
    }

    #[test]
    fn embedded_templates_compile() {
        assert!(Templates::load(None).is_ok());
    }
}
