//! What a draft is made of: the message, its envelope and its contacts, and the reasons a
//! file is attributed to an agency.

use std::collections::{BTreeMap, BTreeSet};

use crate::calendar::YearMonth;
use crate::config::{Mailbox, RunConfig, PLACEHOLDER_SENDER};
use crate::findings::{Code, Finding};
use crate::i18n::{Lang, Text};
use crate::outputs::forms::{self, Form};
use crate::Checked;

/// Manifest kind of the messages.
pub const KIND: &str = "message";

/// The placeholder sender address (see the module documentation).
pub const SENDER_ADDRESS: &str = PLACEHOLDER_SENDER;

/// The MIME type of an xlsx workbook.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Where the optional contacts table lives inside the inputs folder.
pub const CONTACTS_FILE: &str = "contacts.csv";

/// Activity-level findings that ask a lead agency for information.
pub(super) const ACTIVITY_CODES: [Code; 5] = [
    Code::MissingReport,
    Code::OccurrenceMissing,
    Code::Overdue,
    Code::AgenciesDisagree,
    Code::ProgressStalled,
];

/// A person to address an agency's messages to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Contact {
    /// The agency's registry id.
    pub agency: String,
    /// The person's name.
    pub name: String,
    /// The e-mail address.
    pub email: String,
    /// The language the person reads, when the contacts table says; none means both.
    pub lang: Option<Lang>,
    /// What the person is for: the agency's drafts, or copies when it is escalated.
    pub role: crate::model::ContactRole,
}

/// One follow-up message in one language.
#[derive(Debug, Clone)]
pub struct Message {
    /// The agency's registry id.
    pub agency: String,
    /// The language.
    pub lang: Lang,
    /// File name (`iom-es.eml`).
    pub file_name: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body.
    pub html: String,
    /// Whom it is addressed to (none when the contacts table has no one for the agency).
    pub recipients: Vec<Contact>,
    /// The file name of the form it carries, if any.
    pub attachment: Option<String>,
    /// The `.eml` draft.
    pub eml: Vec<u8>,
}

/// Why a file was attributed to an agency, in the order the evidence is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// The Agency cell of the rejected row names it.
    AgencyCell,
    /// The file's accepted rows all name it.
    AcceptedRows,
    /// The file's name or folder names it.
    FileName,
}

impl Reason {
    pub(super) fn key(self) -> &'static str {
        match self {
            Reason::AgencyCell => "msg.why.agency-cell",
            Reason::AcceptedRows => "msg.why.accepted-rows",
            Reason::FileName => "msg.why.file-name",
        }
    }
}

/// What every draft of a run shares: sender, reply-to, copies, the month of the forms.
pub(super) struct Envelope {
    pub(super) from: Option<Mailbox>,
    /// The sender's name in each language.
    pub(super) names: Text,
    pub(super) reply_to: Option<Mailbox>,
    pub(super) cc: Vec<Mailbox>,
    pub(super) bcc: Vec<Mailbox>,
    pub(super) month: YearMonth,
}

impl Envelope {
    pub(super) fn from_settings(config: &RunConfig, checked: &Checked) -> Envelope {
        let m = &config.settings.messages;
        // The settings' network name, else the plan's.
        let network = &checked.report.meta.network;
        Envelope {
            from: m.sender(),
            names: Text::from_fn(|l| m.sender_name(l, network)),
            reply_to: m.reply_to(),
            cc: m.cc(),
            bcc: m.bcc(),
            month: forms::next_month(config),
        }
    }
}

/// One draft to compose: for whom, about what, in which language, carrying which form.
pub(super) struct Draft<'a> {
    /// What the draft is, in its Message-ID and MIME boundaries (the run's period for the
    /// follow-up drafts, `reminder-2024-04` for a reminder), so no two drafts share them.
    pub(super) thread: &'a str,
    pub(super) agency: &'a str,
    pub(super) acts: &'a Actions<'a>,
    pub(super) to: &'a [Contact],
    /// Contacts copied besides the settings' copies (the escalation contacts of a reminder).
    pub(super) cc: &'a [Contact],
    pub(super) form: Option<&'a Form>,
    pub(super) lang: Lang,
}

/// Returns the languages an agency's drafts are written in, each with the recipients that
/// read it: every language of the run its recipients read (all of them when the contacts
/// table does not say, has no one for the agency, or names a language the run is not written
/// in). A language none of its recipients reads gets no draft.
pub(super) fn addressed(recipients: &[&Contact], langs: &[Lang]) -> Vec<(Lang, Vec<Contact>)> {
    langs
        .iter()
        .filter_map(|&lang| {
            let to: Vec<Contact> = recipients
                .iter()
                .filter(|c| c.lang.is_none_or(|l| l == lang || !langs.contains(&l)))
                .map(|c| (*c).clone())
                .collect();
            // Every recipient of the agency reads another of the run's languages.
            (!to.is_empty() || recipients.is_empty()).then_some((lang, to))
        })
        .collect()
}

/// What one agency has to act on.
#[derive(Debug, Default)]
pub(super) struct Actions<'a> {
    /// Activity-level findings by (plan position, code).
    pub(super) activities: BTreeMap<(usize, String), Vec<&'a Finding>>,
    /// Rejected rows by file, with the reasons the file was attributed to the agency.
    pub(super) files: BTreeMap<String, (BTreeSet<Reason>, Vec<&'a Finding>)>,
    /// The months whose status form has not arrived (`form-not-received`), oldest first.
    pub(super) forms: Vec<&'a Finding>,
}
