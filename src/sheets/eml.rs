//! Reads an RFC 5322 message (`.eml`, and a `message/rfc822` part of another message) with
//! `mail-parser`: the outer message's sender, subject and date, and every attachment, those of
//! forwarded messages included, into [`Found`].
//!
//! The parser is best effort (it reads what headers it can and never panics on a message), and
//! it decodes base64 and quoted-printable bodies and RFC 2047/2231 names itself. A text
//! attachment (`text/csv`) is taken as the bytes sent, before any charset is applied, since the
//! CSV reader recognises its encoding by itself and a declared charset may lie.

use mail_parser::decoders::{base64::base64_decode, quoted_printable::quoted_printable_decode};
use mail_parser::{Encoding, Message, MessageParser, MessagePart, MimeHeaders, PartType};

use super::grid::ReadError;
use super::mail::{extension, Found, Nested};

/// Reads a message at `depth` (0 for the e-mail itself, whose headers are kept).
pub(super) fn read(bytes: &[u8], depth: u32, found: &mut Found) -> Result<(), ReadError> {
    let Some(message) = MessageParser::default().parse(bytes) else {
        return Err(ReadError::Corrupt("no e-mail headers".into()));
    };
    if depth == 0 {
        headers(&message, found);
    }
    walk(&message, depth, found);
    Ok(())
}

/// Reads the headers of the e-mail itself: the first sender's address, the subject, the date.
/// A date that cannot be read leaves `date` empty and its text in `date_written`.
pub(super) fn headers(message: &Message<'_>, found: &mut Found) {
    let mail = &mut found.mail;
    mail.from = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty());
    mail.subject = message
        .subject()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    mail.date_written = message
        .header_raw("Date")
        .map(|d| d.trim().chars().take(80).collect::<String>());
    mail.date = message.date().and_then(day_written);
}

/// The calendar day of a date as its header writes it, in its own offset from UTC.
pub(super) fn day_written(d: &mail_parser::DateTime) -> Option<chrono::NaiveDate> {
    let offset_ok = d.tz_hour <= 14 && d.tz_minute < 60;
    let time_ok = d.hour < 24 && d.minute < 60 && d.second <= 60;
    if !(offset_ok && time_ok) {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
}

/// Walks a message's attachments, opening forwarded messages up to the depth limit.
fn walk(message: &Message<'_>, depth: u32, found: &mut Found) {
    for &id in &message.attachments {
        let Some(part) = message.parts.get(id as usize) else {
            continue;
        };
        match &part.body {
            PartType::Message(inner) => {
                if found.may_open(depth + 1) {
                    walk(inner, depth + 1, found);
                }
            }
            PartType::Multipart(_) => {}
            body => leaf(message, part, body, depth, found),
        }
    }
}

/// One attached part that is not a parsed message: a file, or a message in a form the parser
/// left as bytes (nested deeper than it opens, or an Outlook `.msg`).
fn leaf(
    message: &Message<'_>,
    part: &MessagePart<'_>,
    body: &PartType<'_>,
    depth: u32,
    found: &mut Found,
) {
    let content_type = part.content_type().map(|ct| match ct.subtype() {
        Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
        None => ct.ctype().to_ascii_lowercase(),
    });
    let ct = content_type.as_deref().unwrap_or("");
    let name = part.attachment_name();
    let ext = name.map(extension).unwrap_or_default();
    let disposition = part.content_disposition();
    let is_text = matches!(body, PartType::Text(_) | PartType::Html(_));
    if is_text && name.is_none() && !disposition.is_some_and(|d| d.is_attachment()) {
        // A body in another form (the plain text beside the HTML), not a file.
        return;
    }
    if matches!(ct, "message/rfc822" | "message/global") || ext == "eml" {
        if found.may_open(depth + 1) {
            let bytes = raw_body(message, part, body);
            // A message that cannot be read is a file of its own, listed as not a form.
            if read(&bytes, depth + 1, found).is_err() {
                found.attach(name, content_type.as_deref(), false, Vec::new);
            }
        }
        return;
    }
    if ext == "msg" || ct == "application/vnd.ms-outlook" {
        if found.may_open(depth + 1) {
            found.nested.push(Nested {
                outlook: true,
                bytes: raw_body(message, part, body),
                depth: depth + 1,
            });
        }
        return;
    }
    let inline = match disposition {
        Some(d) => d.is_inline(),
        None => matches!(body, PartType::InlineBinary(_)),
    };
    found.attach(name, content_type.as_deref(), inline, || {
        raw_body(message, part, body)
    });
}

/// A part's bytes as sent, with only the transfer encoding undone: binary parts as the parser
/// decoded them, text parts decoded again from the message's own bytes (so that no charset,
/// declared truly or not, is applied).
fn raw_body(message: &Message<'_>, part: &MessagePart<'_>, body: &PartType<'_>) -> Vec<u8> {
    match body {
        PartType::Binary(b) | PartType::InlineBinary(b) => b.to_vec(),
        PartType::Message(m) => m.raw_message().to_vec(),
        _ => {
            let raw = message.raw_message();
            let (start, end) = (part.offset_body as usize, part.offset_end as usize);
            let Some(bytes) = raw.get(start..end.max(start)) else {
                return part.contents().to_vec();
            };
            let decoded = match part.encoding {
                Encoding::Base64 => base64_decode(bytes),
                Encoding::QuotedPrintable => quoted_printable_decode(bytes),
                Encoding::None => Some(bytes.to_vec()),
            };
            decoded.unwrap_or_else(|| part.contents().to_vec())
        }
    }
}
