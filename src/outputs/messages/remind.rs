//! Reminders (`seguimiento remind`): a draft to each agency whose status form for the month
//! under collection (the month before the as-of month) has not arrived, carrying that month's
//! pre-filled form.
//!
//! Who is reminded comes from the reporting grid ([`crate::reconcile::reporting`]), never
//! from a count of its own: an agency is reminded when the grid expects its form for the month
//! and holds none. Before the month's due day the draft is a friendly reminder of the coming
//! deadline; on and after it, the form is overdue. An agency that has missed
//! `[reporting] escalate_after` months in a row (counted back from the month under collection
//! over the months its form was expected: a late form is not a missed one, and a month not yet
//! due neither counts nor breaks the run) is escalated: its draft names the months missed and
//! copies its escalation contacts (`role` = escalation in `contacts.csv`). A month whose
//! `form-not-received` finding the secretariat has decided in its follow-up register is
//! passed over like a month not expected: it is neither reminded nor counted.
//!
//! The drafts are the follow-up drafts' kind: the same templates, the same `.eml` writing,
//! the same languages chosen by the contacts; the attached form is the one `seguimiento forms
//! --month` writes, built by the same code. Their bytes depend only on the inputs and the
//! as-of date.

use chrono::NaiveDate;

use crate::calendar::YearMonth;
use crate::config::RunConfig;
use crate::error::Result;
use crate::findings::Code;
use crate::i18n::{counted, format_date, format_month, tr, Lang};
use crate::model::ContactRole;
use crate::outputs::forms;
use crate::reconcile::reporting::{due_date, FormState};
use crate::Checked;

use super::compose::{write_out, Section, Templates, View};
use super::draft::{addressed, Actions, Contact, Draft, Envelope, Message};
use super::load_contacts;

/// Manifest-style kind of the reminders.
pub const KIND: &str = "reminder";

/// The reminders of one month: whom, and in which words.
#[derive(Debug, Clone)]
pub struct Collection {
    /// The month under collection.
    pub month: YearMonth,
    /// The day its forms are due.
    pub due: NaiveDate,
    /// Whether the as-of date is on or after the due day.
    pub overdue: bool,
    /// How many months in a row missed escalate an agency (`[reporting] escalate_after`).
    pub escalate_after: u32,
    /// Whether the month is one of the plan's, up to its end (else no form is expected).
    pub in_plan: bool,
    /// Each agency to remind, by id.
    pub agencies: Vec<Reminder>,
}

/// One agency to remind.
#[derive(Debug, Clone)]
pub struct Reminder {
    /// The agency's registry id.
    pub agency: String,
    /// The months it has missed in a row up to the month under collection, oldest first.
    pub missed: Vec<YearMonth>,
    /// Whether it has missed enough of them to be escalated.
    pub escalated: bool,
    /// Its ordinary contacts, to address the drafts to.
    pub recipients: Vec<Contact>,
    /// Its escalation contacts, copied when it is escalated.
    pub escalation: Vec<Contact>,
}

/// Returns the month `seguimiento remind` collects: the one before the as-of month.
pub fn month_under_collection(config: &RunConfig) -> YearMonth {
    config.as_of_month().prev()
}

/// Finds the agencies to remind for the month under collection, with their contacts and
/// the months they have missed in a row.
pub fn collection(config: &RunConfig, checked: &Checked) -> Result<Collection> {
    let month = month_under_collection(config);
    let grid = &checked.report.reporting;
    let due = due_date(month, grid.due_day);
    let escalate_after = config.settings.reporting.escalate_after;
    let contacts = load_contacts(
        &config.inputs,
        &config.settings.limits,
        checked.plan.registry(),
    )?;
    // The months of an agency the secretariat has decided about (its finding explained,
    // accepted or in follow-up): no longer asked for.
    let decided = |agency: &str, m: YearMonth| {
        checked.findings.iter().any(|f| {
            f.code == Code::FormNotReceived
                && f.decision.is_some()
                && f.agency.as_deref() == Some(agency)
                && f.month == Some(m)
        })
    };
    let mut agencies = Vec::new();
    let at = grid.months.iter().position(|&m| m == month);
    if let Some(at) = at {
        for row in &grid.agencies {
            let cell = row.months[at];
            let waiting = matches!(cell.state, FormState::NotDue | FormState::Missing);
            if !cell.expected || !waiting || decided(&row.agency, month) {
                continue;
            }
            let mut missed = Vec::new();
            for (i, cell) in row.months[..=at].iter().enumerate().rev() {
                let m = grid.months[i];
                if !cell.expected || decided(&row.agency, m) {
                    continue;
                }
                match cell.state {
                    FormState::Missing => missed.push(m),
                    FormState::NotDue | FormState::NotExpected => {}
                    FormState::OnTime | FormState::Late | FormState::Received => break,
                }
            }
            missed.reverse();
            let of_role = |role: ContactRole| -> Vec<Contact> {
                contacts
                    .iter()
                    .filter(|c| c.agency == row.agency && c.role == role)
                    .cloned()
                    .collect()
            };
            agencies.push(Reminder {
                agency: row.agency.clone(),
                escalated: missed.len() >= escalate_after as usize,
                missed,
                recipients: of_role(ContactRole::Recipient),
                escalation: of_role(ContactRole::Escalation),
            });
        }
    }
    Ok(Collection {
        month,
        due,
        overdue: config.as_of >= due,
        escalate_after,
        in_plan: at.is_some(),
        agencies,
    })
}

/// Writes the drafts of a collection: for each agency, one per language its contacts read,
/// each carrying its form for the month.
pub fn drafts(config: &RunConfig, checked: &Checked, c: &Collection) -> Result<Vec<Message>> {
    let templates = Templates::load(config.templates.as_deref())?;
    let envelope = Envelope {
        month: c.month,
        ..Envelope::from_settings(config, checked)
    };
    let thread = format!("reminder-{}", forms::iso(c.month));
    let acts = Actions::default();
    let langs = config.languages();
    let mut out = Vec::new();
    for r in &c.agencies {
        let form = forms::agency_status_form(checked, &r.agency, c.month)?;
        let recipients: Vec<&Contact> = r.recipients.iter().collect();
        let by_lang = addressed(&recipients, langs);
        for (lang, to) in &by_lang {
            let cc = if r.escalated {
                copies(&r.escalation, *lang, &by_lang, langs)
            } else {
                Vec::new()
            };
            let draft = Draft {
                thread: &thread,
                agency: &r.agency,
                acts: &acts,
                to,
                cc: &cc,
                form: form.as_ref(),
                lang: *lang,
            };
            let view = view(checked, c, r, &draft, &envelope);
            out.push(write_out(checked, &draft, &envelope, &templates, &view)?);
        }
    }
    Ok(out)
}

/// The escalation contacts copied on the draft in `lang`: those who read it (or every
/// language); one who reads none of the languages the drafts are written in is copied on
/// them all rather than on none.
fn copies(
    escalation: &[Contact],
    lang: Lang,
    addressed: &[(Lang, Vec<Contact>)],
    langs: &[Lang],
) -> Vec<Contact> {
    escalation
        .iter()
        .filter(|c| match c.lang {
            None => true,
            Some(l) if l == lang => true,
            Some(l) => !langs.contains(&l) || !addressed.iter().any(|(a, _)| *a == l),
        })
        .cloned()
        .collect()
}

/// What a reminder's templates lay out, in the draft's language.
fn view(
    checked: &Checked,
    c: &Collection,
    r: &Reminder,
    draft: &Draft<'_>,
    envelope: &Envelope,
) -> View {
    let lang = draft.lang;
    let meta = &checked.report.meta;
    let label = checked.plan.registry().agency_label(&r.agency, lang);
    let month = format_month(lang, c.month);
    let due = format_date(lang, c.due);
    let as_of = meta.as_of_text.get(lang);
    let missed = counted(
        lang,
        r.missed.len() as u64,
        "remind.months.one",
        "remind.months.other",
    );
    let args: [(&str, &dyn std::fmt::Display); 5] = [
        ("agency", &label),
        ("month", &month),
        ("due", &due),
        ("as_of", &as_of),
        ("months", &missed),
    ];
    let (subject, intro) = match (r.escalated, c.overdue) {
        (true, true) => ("remind.subject.escalated-overdue", "remind.intro.overdue"),
        (true, false) => ("remind.subject.escalated-before", "remind.intro.before"),
        (false, true) => ("remind.subject.overdue", "remind.intro.overdue"),
        (false, false) => ("remind.subject.before", "remind.intro.before"),
    };
    let escalated = r
        .escalated
        .then(|| escalated_section(checked, r, draft, &args));
    View {
        lang: lang.code(),
        colon: lang.row().colon,
        subject: tr(lang, subject, &args),
        greeting: tr(lang, "msg.greeting", &[("agency", &label)]),
        intro: tr(lang, intro, &args),
        forms: escalated,
        activities: None,
        files: None,
        attachment: draft.form.map(|f| {
            tr(
                lang,
                "msg.attachment",
                &[
                    ("file", &f.file_name),
                    ("month", &format_month(lang, envelope.month)),
                ],
            )
        }),
        outro: tr(lang, "remind.outro", &[]),
        closing: tr(lang, "msg.closing", &[]),
        signature: tr(
            lang,
            "msg.signature",
            &[("network", &meta.network.get(lang))],
        ),
        sample: meta.sample.then(|| tr(lang, "msg.sample", &[])),
        plan_closed: None,
    }
}

/// The section of an escalated reminder: whom the draft copies, then the months missed in a
/// row, each with the day it was due (the list follows its sentence).
fn escalated_section(
    checked: &Checked,
    r: &Reminder,
    draft: &Draft<'_>,
    args: &[(&str, &dyn std::fmt::Display)],
) -> Section<String> {
    let lang = draft.lang;
    let mut intro = String::new();
    if !draft.cc.is_empty() {
        let names: Vec<&str> = draft.cc.iter().map(|c| c.name.as_str()).collect();
        let key = if lang.row().plural.is_singular(names.len() as u64) {
            "remind.escalated.copied.one"
        } else {
            "remind.escalated.copied.other"
        };
        intro.push_str(&tr(lang, key, &[("names", &names.join(", "))]));
        intro.push(' ');
    }
    intro.push_str(&tr(lang, "remind.escalated.intro", args));
    Section {
        heading: tr(lang, "remind.escalated.heading", args),
        intro,
        items: r
            .missed
            .iter()
            .map(|&m| {
                let due = due_date(m, checked.report.reporting.due_day);
                tr(
                    lang,
                    "msg.forms.item",
                    &[
                        ("month", &format_month(lang, m)),
                        ("due", &format_date(lang, due)),
                    ],
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, lang: Option<Lang>, role: ContactRole) -> Contact {
        Contact {
            agency: "eclac".to_string(),
            name: name.to_string(),
            email: format!("{name}@example.org"),
            lang,
            role,
        }
    }

    #[test]
    fn an_escalation_contact_is_copied_in_its_language_or_on_every_draft_when_none_is_in_it() {
        let langs = [Lang::Es, Lang::En];
        let escalation = [
            contact("ana", Some(Lang::Es), ContactRole::Escalation),
            contact("bob", Some(Lang::En), ContactRole::Escalation),
            contact("eva", None, ContactRole::Escalation),
        ];
        let names = |cc: Vec<Contact>| -> Vec<String> { cc.into_iter().map(|c| c.name).collect() };
        // Drafts in both languages: each contact on the draft of its language.
        let both = addressed(&[], &langs);
        assert_eq!(
            names(copies(&escalation, Lang::Es, &both, &langs)),
            ["ana", "eva"]
        );
        assert_eq!(
            names(copies(&escalation, Lang::En, &both, &langs)),
            ["bob", "eva"]
        );
        // The recipient reads Spanish only: the English reader is copied on the Spanish draft.
        let recipient = contact("tom", Some(Lang::Es), ContactRole::Recipient);
        let spanish = addressed(&[&recipient], &langs);
        assert_eq!(spanish.len(), 1);
        assert_eq!(
            names(copies(&escalation, Lang::Es, &spanish, &langs)),
            ["ana", "bob", "eva"]
        );
    }
}
