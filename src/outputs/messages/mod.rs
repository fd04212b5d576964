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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use handlebars::Handlebars;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::text::Text as HeaderText;
use mail_builder::mime::MimePart;
use mail_builder::MessageBuilder;
use serde::Serialize;

use crate::calendar::YearMonth;
use crate::config::{Limits, Mailbox, RunConfig, PLACEHOLDER_SENDER};
use crate::error::{Error, Result};
use crate::findings::{Code, Finding, Location, Severity};
use crate::i18n::{tr, Lang, Text};
use crate::ingest::forms::HEADER_SEARCH_ROWS;
use crate::outputs::forms::{self, Form};
use crate::sheets::{self, grid, Grid};
use crate::{reference, Checked};

/// Manifest kind of the messages.
pub const KIND: &str = "message";

/// The placeholder sender address (see the module documentation).
pub const SENDER_ADDRESS: &str = PLACEHOLDER_SENDER;

/// The MIME type of an xlsx workbook.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Where the optional contacts table lives inside the inputs folder.
pub const CONTACTS_FILE: &str = "contacts.csv";

/// Activity-level findings that ask a lead agency for information.
const ACTIVITY_CODES: [Code; 3] = [Code::MissingReport, Code::OccurrenceMissing, Code::Overdue];

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
    fn key(self) -> &'static str {
        match self {
            Reason::AgencyCell => "msg.why.agency-cell",
            Reason::AcceptedRows => "msg.why.accepted-rows",
            Reason::FileName => "msg.why.file-name",
        }
    }
}

/// What one agency has to act on.
#[derive(Debug, Default)]
struct Actions<'a> {
    /// Activity-level findings by (plan position, code).
    activities: BTreeMap<(usize, String), Vec<&'a Finding>>,
    /// Rejected rows by file, with the reasons the file was attributed to the agency.
    files: BTreeMap<String, (BTreeSet<Reason>, Vec<&'a Finding>)>,
}

/// Builds the messages of every agency with something to act on: one per language its
/// contacts read (both when the contacts table does not say, or has no one for the agency).
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
        let theirs: Vec<&Contact> = contacts.iter().filter(|c| &c.agency == agency).collect();
        let form = if config.settings.messages.attach_forms {
            forms::agency_status_form(checked, agency, envelope.month)?
        } else {
            None
        };
        for lang in Lang::ALL {
            let to: Vec<Contact> = theirs
                .iter()
                .filter(|c| c.lang.is_none_or(|l| l == lang))
                .map(|c| (*c).clone())
                .collect();
            if to.is_empty() && !theirs.is_empty() {
                // Every contact of the agency reads the other language.
                continue;
            }
            let draft = Draft {
                agency,
                acts,
                to: &to,
                form: form.as_ref(),
                lang,
            };
            out.push(compose(checked, &draft, &envelope, &templates)?);
        }
    }
    Ok(out)
}

/// What every draft of a run shares: sender, reply-to, copies, the month of the forms.
struct Envelope {
    from: Option<Mailbox>,
    /// The sender's name in each language.
    names: Text,
    reply_to: Option<Mailbox>,
    cc: Vec<Mailbox>,
    bcc: Vec<Mailbox>,
    month: YearMonth,
}

impl Envelope {
    fn from_settings(config: &RunConfig, checked: &Checked) -> Envelope {
        let m = &config.settings.messages;
        // The settings' network name, else the plan's.
        let network = &checked.report.meta.network;
        Envelope {
            from: m.sender(),
            names: Text::new(
                m.sender_name(Lang::Es, network),
                m.sender_name(Lang::En, network),
            ),
            reply_to: m.reply_to(),
            cc: m.cc(),
            bcc: m.bcc(),
            month: forms::next_month(config),
        }
    }
}

/// One draft to compose: for whom, about what, in which language, carrying which form.
struct Draft<'a> {
    agency: &'a str,
    acts: &'a Actions<'a>,
    to: &'a [Contact],
    form: Option<&'a Form>,
    lang: Lang,
}

/// Returns, for each agency, what it has to act on; agencies with nothing are absent.
fn gather<'a>(checked: &'a Checked) -> BTreeMap<String, Actions<'a>> {
    let mut out: BTreeMap<String, Actions<'a>> = BTreeMap::new();
    let position: HashMap<&str, usize> = checked
        .plan
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.code.as_str(), i))
        .collect();
    let attributor = Attributor::new(checked);
    for f in &checked.findings {
        if ACTIVITY_CODES.contains(&f.code) && f.location.file.is_none() {
            let Some(code) = &f.activity else { continue };
            let Some(activity) = checked.plan.activity(code) else {
                continue;
            };
            let pos = position.get(code.as_str()).copied().unwrap_or(usize::MAX);
            for lead in &activity.lead {
                out.entry(lead.clone())
                    .or_default()
                    .activities
                    .entry((pos, code.clone()))
                    .or_default()
                    .push(f);
            }
        } else if f.severity() == Severity::Error {
            let Some(file) = &f.location.file else {
                continue;
            };
            let Some((agency, reason)) = attributor.attribute(f) else {
                continue;
            };
            let entry = out
                .entry(agency)
                .or_default()
                .files
                .entry(file.clone())
                .or_default();
            entry.0.insert(reason);
            entry.1.push(f);
        }
    }
    for acts in out.values_mut() {
        for findings in acts.activities.values_mut() {
            findings.sort_by_key(|f| activity_order(f));
        }
    }
    out
}

/// Orders an activity's findings as a reader expects them: overdue, then the missing report,
/// then missing occurrences from the earliest month (each finding carries its month).
fn activity_order(f: &Finding) -> (u8, bool, Option<YearMonth>) {
    match f.code {
        Code::Overdue => (0, false, None),
        Code::MissingReport => (1, false, None),
        _ => (2, f.month.is_none(), f.month),
    }
}

/// Finds the agency that sent a file, from the best evidence the run holds (never by reading
/// the file again): the Agency cell of the finding's row, which ingest puts on the finding;
/// else the one agency every accepted row of the file names; else the file's name or folder.
struct Attributor<'a> {
    checked: &'a Checked,
}

impl<'a> Attributor<'a> {
    fn new(checked: &'a Checked) -> Attributor<'a> {
        Attributor { checked }
    }

    /// Returns the agency a finding's file (or row) belongs to, and why.
    fn attribute(&self, f: &Finding) -> Option<(String, Reason)> {
        let file = f.location.file.as_deref()?;
        if let Some(a) = &f.agency {
            return Some((a.clone(), Reason::AgencyCell));
        }
        if let Some(a) = self.accepted_rows(file) {
            return Some((a, Reason::AcceptedRows));
        }
        agency_in_path(file).map(|a| (a, Reason::FileName))
    }

    /// Returns the one agency every accepted row of a file names, if there is one.
    fn accepted_rows(&self, file: &str) -> Option<String> {
        let agencies: BTreeSet<&str> = self
            .checked
            .intake
            .status
            .iter()
            .filter(|s| &*s.source.file == file)
            .map(|s| s.agency.as_str())
            .collect();
        match agencies.len() {
            1 => agencies.into_iter().next().map(str::to_string),
            _ => None,
        }
    }
}

/// Finds an agency named by a file's name or one of its folders (`status/2024-03/oim.xlsx`).
pub fn agency_in_path(file: &str) -> Option<String> {
    let r = reference::get();
    let parts: Vec<&str> = file.split('/').collect();
    let (name, folders) = parts.split_last()?;
    let stem = name.rsplit_once('.').map_or(*name, |(s, _)| s);
    let mut candidates: Vec<&str> = vec![stem];
    candidates.extend(stem.split(['_', '-', '.', ' ']));
    for folder in folders.iter().rev() {
        candidates.push(folder);
        candidates.extend(folder.split(['_', '-', '.', ' ']));
    }
    candidates
        .into_iter()
        .filter(|c| c.chars().any(char::is_alphabetic))
        .find_map(|c| r.agency(c).filter(|a| !a.pseudo).map(|a| a.id.clone()))
}

/// Reads `inputs/contacts.csv` (columns agency, name, email, and optionally language; the
/// agency under any of its names in `r`, the plan's registry). A missing file means no
/// contacts; rows naming no known agency or no address are left out ([`contact_notes`] says
/// which and why).
pub fn load_contacts(
    inputs: &Path,
    limits: &Limits,
    r: &reference::Reference,
) -> Result<Vec<Contact>> {
    read_contacts(inputs, limits, r).map(|(contacts, _)| contacts)
}

/// Says, in both languages, each row of `inputs/contacts.csv` left out or read only in part,
/// and what to write instead, for the terminal: the table is not a form, so its rows are not
/// findings, but a contact missing from the drafts must not go unnoticed.
pub fn contact_notes(
    inputs: &Path,
    limits: &Limits,
    r: &reference::Reference,
) -> Result<Vec<Text>> {
    read_contacts(inputs, limits, r).map(|(_, notes)| notes)
}

fn read_contacts(
    inputs: &Path,
    limits: &Limits,
    r: &reference::Reference,
) -> Result<(Vec<Contact>, Vec<Text>)> {
    let path = inputs.join(CONTACTS_FILE);
    // A table that cannot be read does not stop the run: the drafts go out unaddressed, and
    // the note says why.
    let unreadable = |reason: Text| {
        let note = |lang| {
            tr(
                lang,
                "msg.contact.unreadable",
                &[("file", &CONTACTS_FILE), ("reason", &reason.get(lang))],
            )
        };
        Ok((Vec::new(), vec![Text::new(note(Lang::Es), note(Lang::En))]))
    };
    let size = match std::fs::metadata(&path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(_) => return unreadable(Text::tr("msg.contact.io", &[])),
    };
    let mb = |n: u64| n / 1_048_576;
    if size > limits.max_file_bytes {
        let detail = format!("{} MB > {} MB", mb(size), mb(limits.max_file_bytes));
        return unreadable(Text::tr("reason.too-large", &[("detail", &detail)]));
    }
    let Ok(bytes) = std::fs::read(&path) else {
        return unreadable(Text::tr("msg.contact.io", &[]));
    };
    let grids = match sheets::worker::read(&bytes, "csv", limits, crate::ingest::forms::is_header) {
        Ok(g) => g,
        Err(e) => return unreadable(unreadable_reason(&e)),
    };
    let mut out = BTreeSet::new();
    let mut notes = Vec::new();
    for g in &grids {
        let Some((header, cols, lang_col)) = contacts_header(g) else {
            notes.push(Text::tr(
                "msg.contact.no-header",
                &[("file", &CONTACTS_FILE)],
            ));
            continue;
        };
        contact_rows(g, header, (cols, lang_col), r, &mut out, &mut notes);
    }
    Ok((out.into_iter().collect(), notes))
}

/// Reads the contacts of one table below its header row; a row left out is a note.
fn contact_rows(
    g: &grid::Grid,
    header: usize,
    (cols, lang_col): ([u32; 3], Option<u32>),
    r: &reference::Reference,
    out: &mut BTreeSet<Contact>,
    notes: &mut Vec<Text>,
) {
    for (i, row) in g.rows.iter().enumerate().skip(header + 1) {
        if row.iter().all(|c| c.display().trim().is_empty()) {
            continue;
        }
        let text = |c: u32| g.cell(i, c).display();
        let note = |key: &str, value: &str| {
            Text::tr(
                key,
                &[
                    ("file", &CONTACTS_FILE),
                    ("row", &g.row_number(i)),
                    ("value", &value),
                ],
            )
        };
        let Some(agency) = r.agency(&text(cols[0])) else {
            notes.push(note("msg.contact.unknown-agency", &text(cols[0])));
            continue;
        };
        // The address as mail programs accept it (`Name <address>` gives the address).
        let Some(email) = Mailbox::parse(&text(cols[2])).map(|m| m.address) else {
            notes.push(note("msg.contact.bad-email", &text(cols[2])));
            continue;
        };
        let written = lang_col.map(text).unwrap_or_default();
        let lang = contact_lang(&written);
        if lang.is_none() && !written.trim().is_empty() {
            notes.push(note("msg.contact.bad-language", &written));
        }
        out.insert(Contact {
            agency: agency.id.clone(),
            name: text(cols[1]),
            email,
            lang,
        });
    }
}

/// Says in plain words why the contacts table could not be read.
fn unreadable_reason(e: &grid::ReadError) -> Text {
    let mb = |n: u64| n / 1_048_576;
    match e {
        grid::ReadError::Empty => Text::tr("reason.empty", &[]),
        grid::ReadError::Encrypted => Text::tr("reason.encrypted", &[]),
        grid::ReadError::NotASpreadsheet(what) => Text::tr("reason.foreign", &[("detail", what)]),
        // The reader's own detail is in English: the plain reason says it all.
        grid::ReadError::Corrupt(_) => Text::tr("reason.damaged", &[]),
        grid::ReadError::Unzipped { size, limit } | grid::ReadError::TooLarge { size, limit } => {
            let detail = format!("{} MB > {} MB", mb(*size), mb(*limit));
            Text::tr("reason.too-large", &[("detail", &detail)])
        }
        grid::ReadError::Limit { .. } | grid::ReadError::ReaderStopped { .. } => {
            Text::tr("reason.damaged", &[])
        }
    }
}

/// Reads the language of a contact (`es`, `español`, `Spanish`, `en`, `inglés`…); none
/// when the cell is empty or names neither language, and the contact then gets both.
fn contact_lang(cell: &str) -> Option<Lang> {
    match crate::text::fold(cell).trim() {
        "es" | "esp" | "spa" | "espanol" | "castellano" | "spanish" => Some(Lang::Es),
        "en" | "eng" | "ingles" | "english" => Some(Lang::En),
        _ => None,
    }
}

/// Finds the header row of a contacts table: its index, the agency, name and email columns,
/// and the optional language column.
fn contacts_header(g: &Grid) -> Option<(usize, [u32; 3], Option<u32>)> {
    const NAMES: [&[&str]; 4] = [
        &["agency", "agencia"],
        &["name", "nombre"],
        &["email", "e-mail", "correo", "correo electronico", "mail"],
        &["language", "idioma", "lengua", "lang"],
    ];
    for (r, row) in g.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let mut cols = [None; 4];
        for (i, cell) in row.iter().enumerate() {
            let folded = crate::text::fold(&cell.display());
            for (k, names) in NAMES.iter().enumerate() {
                if cols[k].is_none() && names.contains(&folded.trim()) {
                    cols[k] = Some(g.first_col + i as u32);
                }
            }
        }
        if let [Some(a), Some(n), Some(e), lang] = cols {
            return Some((r, [a, n, e], lang));
        }
    }
    None
}

/// The message templates in force.
struct Templates {
    text: Handlebars<'static>,
    html: Handlebars<'static>,
}

impl Templates {
    /// Loads the embedded templates, each replaced by `<dir>/messages/<name>` when present.
    fn load(overrides: Option<&Path>) -> Result<Templates> {
        let mut text = Handlebars::new();
        text.set_strict_mode(true);
        // The plain-text body is not HTML: nothing to escape.
        text.register_escape_fn(handlebars::no_escape);
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        for (path, source) in crate::outputs::templates::load_text(overrides, "messages")? {
            let name = path.strip_prefix("messages/").unwrap_or(&path);
            let registry = if name.ends_with(".html.hbs") {
                &mut html
            } else {
                &mut text
            };
            registry
                .register_template_string(name, source)
                .map_err(|e| Error::new("msg.error.template", &[("name", &name)]).cause(e))?;
        }
        Ok(Templates { text, html })
    }
}

/// What the templates receive: every text already in the message's language.
#[derive(Serialize)]
struct View {
    lang: &'static str,
    subject: String,
    greeting: String,
    intro: String,
    activities: Option<Section<ActivityItem>>,
    files: Option<Section<FileGroup>>,
    attachment: Option<String>,
    outro: String,
    closing: String,
    signature: String,
    sample: Option<String>,
    plan_closed: Option<String>,
}

#[derive(Serialize)]
struct Section<T> {
    heading: String,
    intro: String,
    items: Vec<T>,
}

#[derive(Serialize)]
struct ActivityItem {
    code: String,
    title: String,
    state: String,
    problems: Vec<String>,
}

#[derive(Serialize)]
struct FileGroup {
    file: String,
    why: String,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct Item {
    place: String,
    message: String,
}

/// Describes where in a file a finding points, without the file: sheet, row, column, cell.
fn place(loc: &Location, lang: Lang) -> String {
    let inner = Location {
        file: None,
        ..loc.clone()
    };
    let words = inner.describe(lang);
    match (&loc.column, loc.row) {
        (Some(c), Some(r)) => tr(
            lang,
            "msg.place-cell",
            &[("place", &words), ("cell", &format!("{c}{r}"))],
        ),
        _ if words.is_empty() => tr(lang, "msg.whole-file", &[]),
        _ => words,
    }
}

/// What a draft asks of an agency about a file that could not be read: to save it again
/// without its password, or to send it again.
fn unreadable_problem(f: &Finding) -> &'static str {
    match f.reason {
        Some("reason.encrypted") => "msg.problem.unreadable-encrypted",
        _ => "msg.problem.unreadable-file",
    }
}

/// Says a finding to the agency the draft goes to. Most findings already say what to write
/// instead; those whose message speaks to the secretariat (ask the agency, adjust a setting,
/// put the file back in the folder) are said again here, to the agency, from the same data.
fn to_agency(report: &crate::report::ReportData, f: &Finding, lang: Lang) -> String {
    match f.code {
        Code::MissingReport => {
            let last = report
                .activities
                .list
                .iter()
                .find(|a| f.activity.as_deref() == Some(a.code.as_str()))
                .and_then(|a| a.last_period.as_ref())
                .map_or_else(|| tr(lang, "word.never", &[]), |t| t.get(lang).to_string());
            tr(
                lang,
                "msg.problem.missing-report",
                &[
                    ("quarter", &report.meta.period_text.get(lang)),
                    ("last", &last),
                ],
            )
        }
        Code::UnreadableFile => tr(lang, unreadable_problem(f), &[]),
        Code::LimitExceeded => tr(lang, "msg.problem.limit-exceeded", &[]),
        _ => f.message.get(lang).to_string(),
    }
}

fn compose(
    checked: &Checked,
    draft: &Draft<'_>,
    envelope: &Envelope,
    templates: &Templates,
) -> Result<Message> {
    let Draft {
        agency,
        acts,
        to,
        form,
        lang,
    } = *draft;
    let r = checked.plan.registry();
    let report = &checked.report;
    let meta = &report.meta;
    let label = r.agency_label(agency, lang);
    let period = meta.period.clone();
    let activities = activities_section(report, acts, &label, lang);
    let files = files_section(report, acts, &label, lang);
    let subject = tr(
        lang,
        "msg.subject",
        &[("agency", &label), ("period", &period)],
    );
    let view = View {
        lang: lang.code(),
        subject: subject.clone(),
        greeting: tr(lang, "msg.greeting", &[("agency", &label)]),
        intro: tr(
            lang,
            "msg.intro",
            &[
                ("as_of", &meta.as_of_text.get(lang)),
                ("period", &meta.period_text.get(lang)),
            ],
        ),
        activities,
        files,
        attachment: form.map(|f| {
            tr(
                lang,
                "msg.attachment",
                &[
                    ("file", &f.file_name),
                    ("month", &crate::i18n::format_month(lang, envelope.month)),
                ],
            )
        }),
        outro: tr(
            lang,
            match form {
                Some(_) => "msg.outro.form",
                None => "msg.outro",
            },
            &[],
        ),
        closing: tr(lang, "msg.closing", &[]),
        signature: tr(
            lang,
            "msg.signature",
            &[("network", &meta.network.get(lang))],
        ),
        sample: meta.sample.then(|| tr(lang, "msg.sample", &[])),
        plan_closed: meta.plan_closed.as_ref().map(|t| t.get(lang).to_string()),
    };
    let render = |hb: &Handlebars<'static>, name: &str| {
        hb.render(name, &view)
            .map_err(|e| Error::new("msg.error.template", &[("name", &name)]).cause(e))
    };
    let text = render(&templates.text, "message.txt.hbs")?;
    let html = render(&templates.html, "message.html.hbs")?;
    let eml = eml(
        checked,
        draft,
        envelope,
        &Bodies {
            subject: &subject,
            text: &text,
            html: &html,
        },
    );
    Ok(Message {
        agency: agency.to_string(),
        lang,
        file_name: format!("{agency}-{lang}.eml"),
        subject,
        text,
        html,
        recipients: to.to_vec(),
        attachment: form.map(|f| f.file_name.clone()),
        eml,
    })
}

/// The section on the agency's activities: each with where it stands and what to look at.
fn activities_section(
    report: &crate::report::ReportData,
    acts: &Actions<'_>,
    label: &str,
    lang: Lang,
) -> Option<Section<ActivityItem>> {
    (!acts.activities.is_empty()).then(|| Section {
        heading: tr(lang, "msg.activities.heading", &[]),
        intro: tr(lang, "msg.activities.intro", &[("agency", &label)]),
        items: acts
            .activities
            .iter()
            .map(|((_, code), findings)| {
                let data = report.activities.list.iter().find(|a| &a.code == code);
                let state = match data {
                    Some(a) => tr(
                        lang,
                        "msg.activity.state",
                        &[
                            ("status", &tr(lang, a.status.label_key(), &[])),
                            (
                                "last",
                                &a.last_period.as_ref().map_or_else(
                                    || tr(lang, "word.never", &[]),
                                    |t| t.get(lang).to_string(),
                                ),
                            ),
                        ],
                    ),
                    None => String::new(),
                };
                ActivityItem {
                    code: code.clone(),
                    title: data.map_or_else(String::new, |a| a.title.get(lang).to_string()),
                    state,
                    problems: findings
                        .iter()
                        .map(|f| to_agency(report, f, lang))
                        .collect(),
                }
            })
            .collect(),
    })
}

/// The section on the agency's files: why each is theirs, and the rows it rejected.
fn files_section(
    report: &crate::report::ReportData,
    acts: &Actions<'_>,
    label: &str,
    lang: Lang,
) -> Option<Section<FileGroup>> {
    (!acts.files.is_empty()).then(|| Section {
        heading: tr(lang, "msg.files.heading", &[]),
        intro: tr(lang, "msg.files.intro", &[]),
        items: acts
            .files
            .iter()
            .map(|(file, (reasons, findings))| {
                let reasons = reasons
                    .iter()
                    .map(|x| tr(lang, x.key(), &[("agency", &label)]))
                    .collect::<Vec<_>>()
                    .join(tr(lang, "msg.why.and", &[]).as_str());
                FileGroup {
                    file: file.clone(),
                    why: tr(lang, "msg.why", &[("reasons", &reasons)]),
                    items: findings
                        .iter()
                        .map(|f| Item {
                            place: place(&f.location, lang),
                            message: to_agency(report, f, lang),
                        })
                        .collect(),
                }
            })
            .collect(),
    })
}

/// The texts of a draft.
struct Bodies<'a> {
    subject: &'a str,
    text: &'a str,
    html: &'a str,
}

fn address(m: &Mailbox) -> Address<'static> {
    Address::new_address(m.name.clone(), m.address.clone())
}

/// Builds the `.eml` draft: text and HTML alternatives, then the form when there is one;
/// fixed headers and boundaries, so the bytes depend only on the inputs and the as-of date.
fn eml(checked: &Checked, draft: &Draft<'_>, envelope: &Envelope, bodies: &Bodies<'_>) -> Vec<u8> {
    let Draft {
        agency,
        to,
        form,
        lang,
        ..
    } = *draft;
    let meta = &checked.report.meta;
    let date = crate::sheets::write::creation_time(meta.as_of)
        .and_utc()
        .timestamp();
    let digest: String = meta.inputs_digest.chars().take(16).collect();
    let id = format!(
        "{}.{agency}.{lang}.{digest}@seguimiento.invalid",
        meta.period
    );
    let boundary = |part: &str| format!("=_seguimiento_{part}_{agency}_{lang}_{digest}");
    let alternative = MimePart::new(
        ContentType::new("multipart/alternative").attribute("boundary", boundary("alt")),
        vec![
            MimePart::new("text/plain", bodies.text.to_string()),
            MimePart::new("text/html", bodies.html.to_string()),
        ],
    );
    let body = match form {
        Some(f) => MimePart::new(
            ContentType::new("multipart/mixed").attribute("boundary", boundary("mixed")),
            vec![
                alternative,
                MimePart::new(XLSX_MIME, f.bytes.clone()).attachment(f.file_name.clone()),
            ],
        ),
        None => alternative,
    };
    let from = Address::new_address(
        Some(envelope.names.get(lang).to_string()),
        envelope
            .from
            .as_ref()
            .map_or_else(|| SENDER_ADDRESS.to_string(), |m| m.address.clone()),
    );
    let mut builder = MessageBuilder::new()
        .from(from)
        .subject(bodies.subject.to_string())
        .date(date)
        .message_id(id)
        .header("Content-Language", HeaderText::new(lang.code()))
        .header("X-Unsent", HeaderText::new("1"));
    if !to.is_empty() {
        let list: Vec<Address<'_>> = to
            .iter()
            .map(|c| Address::new_address(Some(c.name.clone()), c.email.clone()))
            .collect();
        builder = builder.to(list);
    }
    if !envelope.cc.is_empty() {
        builder = builder.cc(envelope.cc.iter().map(address).collect::<Vec<_>>());
    }
    if !envelope.bcc.is_empty() {
        builder = builder.bcc(envelope.bcc.iter().map(address).collect::<Vec<_>>());
    }
    if let Some(m) = &envelope.reply_to {
        builder = builder.reply_to(address(m));
    }
    builder.body(body).write_to_vec().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            agency_in_path("status/2024-03/oim.xlsx").as_deref(),
            Some("iom")
        );
        assert_eq!(
            agency_in_path("status/cepal/informe_marzo.csv").as_deref(),
            Some("eclac")
        );
        assert_eq!(
            agency_in_path("status/2024-03/estado_ACNUR_marzo.xlsx").as_deref(),
            Some("unhcr")
        );
        assert_eq!(agency_in_path("pledges/seguimiento_2024.xlsx"), None);
    }

    #[test]
    fn embedded_templates_compile() {
        assert!(Templates::load(None).is_ok());
    }
}
