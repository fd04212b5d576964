//! E-mails dropped into the form folders (`.eml`, Outlook's `.msg`): each attachment the readers
//! take is an input of its own, accounted as `<e-mail file>#<attachment name>`; the e-mail
//! gives its attachments their receipt day (its `Date`) and its sender, whom `contacts.csv`
//! ties to an agency (docs/inputs.md#forms-by-e-mail).
//!
//! The e-mail is parsed in a reading worker like any file (`sheets::worker::read_mail`), and
//! each attachment is then read in a worker too; nothing here parses untrusted bytes. The
//! Agency cells of the forms stay authoritative: a sender of another agency is a warning, and
//! no row is rejected for it.

use std::collections::BTreeSet;

use super::records::{Context, FileAccount, FileIntake};
use super::{ingest_bytes, sha256_hex, unreadable};
use crate::findings::{Code, Finding, Location};
use crate::sheets::mail::{extension, unique_names, LeftOut};
use crate::sheets::{worker, Mail};

/// The kind of an e-mail's own account (its attachments have the kinds of their forms).
pub const KIND: &str = "e-mail";

/// Reads an e-mail at `rel` (its bytes already read): its own account first, then one per
/// attachment the readers take.
pub(super) fn ingest_mail(
    bytes: &[u8],
    rel: &str,
    ext: &str,
    ctx: &Context<'_>,
) -> Vec<FileIntake> {
    let mut own = FileIntake::empty(FileAccount {
        path: rel.to_string(),
        kind: KIND.into(),
        sha256: sha256_hex(bytes),
        ..FileAccount::default()
    });
    let mail = match worker::read_mail(bytes, ext, &ctx.limits) {
        Ok(m) => m,
        Err(e) => {
            own.findings.push(unreadable(rel, &e));
            return vec![own];
        }
    };
    own.account.received = receipt_day(&mail, rel, ctx, &mut own.findings);
    let sender = sender_agency(&mail, rel, ctx, &mut own.findings);
    left_out(&mail, rel, ctx, &mut own.findings);
    let names = unique_names(&mail.attachments);
    let mut parts = vec![own];
    let mut forms = 0;
    for (a, name) in mail.attachments.iter().zip(&names) {
        let path = format!("{rel}#{name}");
        if !a.readable {
            if !a.inline {
                let f = Finding::new(Code::IgnoredFile, Location::file(&path), &[]);
                parts[0].findings.push(f);
            }
            continue;
        }
        forms += 1;
        let mut part = FileIntake::empty(FileAccount {
            path: path.clone(),
            kind: "unrecognized".into(),
            sha256: sha256_hex(&a.bytes),
            received: parts[0].account.received,
            ..FileAccount::default()
        });
        ingest_bytes(&a.bytes, &path, &extension(name), ctx, &mut part);
        if let Some((address, agency)) = &sender {
            other_agency(&mut part, address, agency, ctx);
        }
        parts.push(part);
    }
    // An e-mail whose limits left files unread has its limit-exceeded finding instead.
    if forms == 0 && mail.left_out == LeftOut::default() {
        let (from, subject) = (shown_sender(&mail), shown_subject(&mail));
        parts[0].findings.push(Finding::localized(
            Code::MailWithoutForm,
            Location::file(rel),
            move |_| vec![("sender", from.clone()), ("subject", subject.clone())],
        ));
    }
    parts
}

/// The receipt day of the e-mail's attachments: its `Date`, unless missing, unreadable or
/// absurd (before 1990, or more than a year after the as-of date), which is an
/// `invalid-mail-date` finding and an unknown day (which `received.csv` may still give).
fn receipt_day(
    mail: &Mail,
    rel: &str,
    ctx: &Context<'_>,
    findings: &mut Vec<Finding>,
) -> Option<chrono::NaiveDate> {
    let latest = ctx.as_of + chrono::Duration::days(366);
    let earliest = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).expect("a date");
    match (mail.date, &mail.date_written) {
        (Some(d), _) if (earliest..=latest).contains(&d) => return Some(d),
        (Some(d), _) => {
            let shown = d.format("%Y-%m-%d").to_string();
            findings.push(bad_date("mail.date-absurd", rel, &shown));
        }
        (None, Some(written)) => findings.push(bad_date("mail.date-unreadable", rel, written)),
        (None, None) => findings.push(bad_date("finding.invalid-mail-date", rel, "")),
    }
    None
}

fn bad_date(key: &'static str, rel: &str, value: &str) -> Finding {
    let value = crate::findings::excerpt(value);
    Finding::localized_with(Code::InvalidMailDate, key, Location::file(rel), move |_| {
        vec![("value", value.clone())]
    })
}

/// The sender's address and the agency `contacts.csv` ties it to; an unknown sender is an
/// `unknown-sender` note, and then there is none.
fn sender_agency(
    mail: &Mail,
    rel: &str,
    ctx: &Context<'_>,
    findings: &mut Vec<Finding>,
) -> Option<(String, String)> {
    let address = mail.from.as_deref().map(str::to_lowercase);
    let agency = address.as_ref().and_then(|a| ctx.senders.get(a));
    match (address, agency) {
        (Some(address), Some(agency)) => Some((address, agency.clone())),
        _ => {
            let from = shown_sender(mail);
            findings.push(Finding::localized(
                Code::UnknownSender,
                Location::file(rel),
                move |_| vec![("sender", from.clone())],
            ));
            None
        }
    }
}

/// A `sender-other-agency` warning on an attachment for each agency its accepted rows name
/// other than the sender's.
fn other_agency(part: &mut FileIntake, address: &str, sender: &str, ctx: &Context<'_>) {
    let others: BTreeSet<String> = part
        .status
        .iter()
        .filter(|r| r.agency != sender)
        .map(|r| r.agency.clone())
        .collect();
    let registry = ctx.plan.registry();
    for agency in others {
        let labels = |lang| {
            vec![
                ("sender", address.to_string()),
                ("sender_agency", registry.agency_label(sender, lang)),
                ("agency", registry.agency_label(&agency, lang)),
            ]
        };
        let f = Finding::localized(
            Code::SenderOtherAgency,
            Location::file(&part.account.path),
            labels,
        )
        .with_agency(agency.clone());
        part.findings.push(f);
    }
}

/// A `limit-exceeded` finding for each limit of an e-mail that left something unread.
fn left_out(mail: &Mail, rel: &str, ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    let l = &mail.left_out;
    let limits = &ctx.limits;
    let cases = [
        (
            l.beyond_count,
            "mail.beyond-count",
            u64::from(limits.max_attachments),
        ),
        (
            l.too_deep,
            "mail.too-deep",
            u64::from(limits.max_mail_depth),
        ),
        (l.beyond_size, "mail.beyond-size", limits.max_file_bytes),
    ];
    for (count, key, value) in cases {
        if count > 0 {
            findings.push(Finding::localized_with(
                Code::LimitExceeded,
                key,
                Location::file(rel),
                move |_| vec![("count", count.to_string()), ("value", value.to_string())],
            ));
        }
    }
}

/// The sender as a message shows it: the address, or a dash when the e-mail names none.
fn shown_sender(mail: &Mail) -> String {
    mail.from
        .as_deref()
        .map_or_else(|| "–".to_string(), crate::findings::excerpt)
}

/// The subject as a message shows it.
fn shown_subject(mail: &Mail) -> String {
    mail.subject
        .as_deref()
        .map_or_else(String::new, crate::findings::excerpt)
}
