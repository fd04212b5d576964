//! Composing: a draft's sections laid out by the handlebars templates, and the `.eml` bytes
//! (fixed Date, Message-ID and MIME boundary).

use std::path::Path;

use handlebars::Handlebars;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::text::Text as HeaderText;
use mail_builder::mime::MimePart;
use mail_builder::MessageBuilder;
use serde::Serialize;

use crate::config::Mailbox;
use crate::error::{Error, Result};
use crate::findings::{Code, Finding, Location};
use crate::i18n::{tr, Lang};
use crate::sheets::mail::mail_name;
use crate::Checked;

use super::draft::*;

/// The message templates in force.
pub(super) struct Templates {
    pub(super) text: Handlebars<'static>,
    pub(super) html: Handlebars<'static>,
}

impl Templates {
    /// Loads the embedded templates, each replaced by `<dir>/messages/<name>` when present.
    pub(super) fn load(overrides: Option<&Path>) -> Result<Templates> {
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
pub(super) struct View {
    pub(super) lang: &'static str,
    /// The colon after a label, in the draft's language.
    pub(super) colon: &'static str,
    pub(super) subject: String,
    pub(super) greeting: String,
    pub(super) intro: String,
    pub(super) forms: Option<Section<String>>,
    pub(super) activities: Option<Section<ActivityItem>>,
    pub(super) files: Option<Section<FileGroup>>,
    pub(super) attachment: Option<String>,
    pub(super) outro: String,
    pub(super) closing: String,
    pub(super) signature: String,
    pub(super) sample: Option<String>,
    pub(super) plan_closed: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Section<T> {
    pub(super) heading: String,
    pub(super) intro: String,
    pub(super) items: Vec<T>,
}

#[derive(Serialize)]
pub(super) struct ActivityItem {
    pub(super) code: String,
    pub(super) title: String,
    pub(super) state: String,
    pub(super) problems: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct FileGroup {
    pub(super) file: String,
    pub(super) why: String,
    pub(super) items: Vec<Item>,
}

#[derive(Serialize)]
pub(super) struct Item {
    pub(super) place: String,
    pub(super) message: String,
}

/// Describes where in a file a finding points, without the file: sheet, row, column, cell.
pub(super) fn place(loc: &Location, lang: Lang) -> String {
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
pub(super) fn unreadable_problem(f: &Finding) -> &'static str {
    match f.reason {
        Some("reason.encrypted") => "msg.problem.unreadable-encrypted",
        _ => "msg.problem.unreadable-file",
    }
}

/// Says a finding to the agency the draft goes to. Most findings already say what to write
/// instead; those whose message speaks to the secretariat (ask the agency, adjust a setting,
/// put the file back in the folder) are said again here, to the agency, from the same data.
pub(super) fn to_agency(report: &crate::report::ReportData, f: &Finding, lang: Lang) -> String {
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
        Code::LimitExceeded if f.location.file.as_deref().is_some_and(mail_name) => {
            tr(lang, "msg.problem.mail-limit", &[])
        }
        Code::LimitExceeded => tr(lang, "msg.problem.limit-exceeded", &[]),
        _ => f.message.get(lang).to_string(),
    }
}

/// What a draft's templates lay out: its sections and sentences in the draft's language.
fn view(
    checked: &Checked,
    draft: &Draft<'_>,
    envelope: &Envelope,
    subject: String,
    label: &str,
) -> View {
    let Draft {
        acts, form, lang, ..
    } = *draft;
    let report = &checked.report;
    let meta = &report.meta;
    let forms = forms_section(report, acts, lang);
    let activities = activities_section(report, acts, label, lang);
    let files = files_section(report, acts, label, lang);
    View {
        lang: lang.code(),
        colon: lang.row().colon,
        subject,
        greeting: tr(lang, "msg.greeting", &[("agency", &label)]),
        intro: tr(
            lang,
            "msg.intro",
            &[
                ("as_of", &meta.as_of_text.get(lang)),
                ("period", &meta.period_text.get(lang)),
            ],
        ),
        forms,
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
    }
}

pub(super) fn compose(
    checked: &Checked,
    draft: &Draft<'_>,
    envelope: &Envelope,
    templates: &Templates,
) -> Result<Message> {
    let Draft { agency, lang, .. } = *draft;
    let r = checked.plan.registry();
    let meta = &checked.report.meta;
    let label = r.agency_label(agency, lang);
    let subject = tr(
        lang,
        "msg.subject",
        &[("agency", &label), ("period", &meta.period)],
    );
    let view = view(checked, draft, envelope, subject, &label);
    write_out(checked, draft, envelope, templates, &view)
}

/// Lays a draft's view out with the templates and writes its `.eml`.
pub(super) fn write_out(
    checked: &Checked,
    draft: &Draft<'_>,
    envelope: &Envelope,
    templates: &Templates,
    view: &View,
) -> Result<Message> {
    let Draft {
        agency,
        to,
        form,
        lang,
        ..
    } = *draft;
    let render = |hb: &Handlebars<'static>, name: &str| {
        hb.render(name, view)
            .map_err(|e| Error::new("msg.error.template", &[("name", &name)]).cause(e))
    };
    let text = render(&templates.text, "message.txt.hbs")?;
    let html = render(&templates.html, "message.html.hbs")?;
    let subject = view.subject.clone();
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
        file_name: crate::outputs::staging::lang_file_name(agency, lang, "eml"),
        subject,
        text,
        html,
        recipients: to.to_vec(),
        attachment: form.map(|f| f.file_name.clone()),
        eml,
    })
}

/// The section on the agency's activities: each with where it stands and what to look at.
pub(super) fn activities_section(
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

/// The section on the months whose status form has not arrived, each with its due day.
pub(super) fn forms_section(
    report: &crate::report::ReportData,
    acts: &Actions<'_>,
    lang: Lang,
) -> Option<Section<String>> {
    let due_day = report.reporting.due_day;
    (!acts.forms.is_empty()).then(|| Section {
        heading: tr(lang, "msg.forms.heading", &[]),
        intro: tr(lang, "msg.forms.intro", &[]),
        items: acts
            .forms
            .iter()
            .filter_map(|f| f.month)
            .map(|m| {
                let due = crate::reconcile::reporting::due_date(m, due_day);
                tr(
                    lang,
                    "msg.forms.item",
                    &[
                        ("month", &crate::i18n::format_month(lang, m)),
                        ("due", &crate::i18n::format_date(lang, due)),
                    ],
                )
            })
            .collect(),
    })
}

/// The section on the agency's files: why each is theirs, and the rows it rejected.
pub(super) fn files_section(
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
pub(super) struct Bodies<'a> {
    pub(super) subject: &'a str,
    pub(super) text: &'a str,
    pub(super) html: &'a str,
}

pub(super) fn address(m: &Mailbox) -> Address<'static> {
    Address::new_address(m.name.clone(), m.address.clone())
}

/// Builds the `.eml` draft: text and HTML alternatives, then the form when there is one;
/// fixed headers and boundaries, so the bytes depend only on the inputs and the as-of date.
pub(super) fn eml(
    checked: &Checked,
    draft: &Draft<'_>,
    envelope: &Envelope,
    bodies: &Bodies<'_>,
) -> Vec<u8> {
    let Draft {
        thread,
        agency,
        to,
        cc,
        form,
        lang,
        ..
    } = *draft;
    let meta = &checked.report.meta;
    let date = crate::sheets::write::creation_time(meta.as_of)
        .and_utc()
        .timestamp();
    let digest: String = meta.inputs_digest.chars().take(16).collect();
    let id = format!("{thread}.{agency}.{lang}.{digest}@seguimiento.invalid");
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
        .header("Content-Language", HeaderText::new(lang.tag()))
        .header("X-Unsent", HeaderText::new("1"));
    if !to.is_empty() {
        let list: Vec<Address<'_>> = to
            .iter()
            .map(|c| Address::new_address(Some(c.name.clone()), c.email.clone()))
            .collect();
        builder = builder.to(list);
    }
    if !envelope.cc.is_empty() || !cc.is_empty() {
        let list: Vec<Address<'_>> = cc
            .iter()
            .map(|c| Address::new_address(Some(c.name.clone()), c.email.clone()))
            .chain(envelope.cc.iter().map(address))
            .collect();
        builder = builder.cc(list);
    }
    if !envelope.bcc.is_empty() {
        builder = builder.bcc(envelope.bcc.iter().map(address).collect::<Vec<_>>());
    }
    if let Some(m) = &envelope.reply_to {
        builder = builder.reply_to(address(m));
    }
    builder.body(body).write_to_vec().unwrap_or_default()
}
