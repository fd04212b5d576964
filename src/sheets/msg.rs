//! Reads an Outlook message (`.msg`: a Compound File Binary container laid out as MS-OXMSG)
//! into [`Found`], with the `cfb` crate for the container.
//!
//! The layout read: a property is the stream `__substg1.0_<tag>` (the tag: a property id and
//! its type, `001F` UTF-16 text, `001E` 8-bit text, `0102` bytes); fixed-size properties such
//! as dates are 16-byte entries of `__properties_version1.0` after its header (32 bytes for
//! the message itself, 24 for an embedded one). Each attachment is a storage
//! `__attach_version1.0_#XXXXXXXX` holding its data (`37010102`), long and short file names
//! (`3707`, `3704`), content type (`370E`), or, for a forwarded Outlook item, the embedded
//! message as a storage of the same layout (`3701000D`). The sender is the SMTP address
//! (`5D01`, else `0C1F` when it holds one), else the transport headers' `From`; the date is
//! the transport headers' `Date` (`007D`), else the delivery or submission time in UTC.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use cfb::CompoundFile;
use mail_parser::MessageParser;

use super::grid::ReadError;
use super::mail::{extension, Found, Nested};

type Container<'a> = CompoundFile<Cursor<&'a [u8]>>;

/// Reads an Outlook message at `depth` (0 for the e-mail itself, whose headers are kept).
pub(super) fn read(bytes: &[u8], depth: u32, found: &mut Found) -> Result<(), ReadError> {
    let mut cfb = CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("not an Outlook message: {e}")))?;
    let root = PathBuf::from("/");
    if !has_message_properties(&cfb, &root) {
        return Err(ReadError::Corrupt(
            "an OLE file that is not an Outlook message".into(),
        ));
    }
    if depth == 0 {
        headers(&mut cfb, found);
    }
    walk(&mut cfb, &root, depth, found);
    Ok(())
}

/// Whether a storage holds the properties of a message.
fn has_message_properties(cfb: &Container<'_>, storage: &Path) -> bool {
    cfb.read_storage(storage).is_ok_and(|mut entries| {
        entries.any(|e| e.name().starts_with("__substg1.0_") || e.name() == PROPERTIES)
    })
}

const PROPERTIES: &str = "__properties_version1.0";

/// Reads the sender, subject and date of the message itself.
fn headers(cfb: &mut Container<'_>, found: &mut Found) {
    let root = Path::new("/");
    let transport = text(cfb, root, 0x007D);
    let parsed = transport
        .as_deref()
        .and_then(|t| MessageParser::default().parse_headers(t.as_bytes()));
    let header_from = parsed
        .as_ref()
        .and_then(|m| m.from())
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(str::to_string);
    let smtp = text(cfb, root, 0x5D01)
        .or_else(|| text(cfb, root, 0x0C1F).filter(|a| a.contains('@')))
        .or(header_from)
        .or_else(|| text(cfb, root, 0x0065).filter(|a| a.contains('@')));
    let mail = &mut found.mail;
    mail.from = smtp.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
    mail.subject = text(cfb, root, 0x0037)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    if let Some(message) = &parsed {
        mail.date_written = message
            .header_raw("Date")
            .map(|d| d.trim().chars().take(80).collect());
        mail.date = message.date().and_then(super::eml::day_written);
    }
    if mail.date.is_none() && mail.date_written.is_none() {
        // No transport headers (a message saved before it was sent, or written by a tool):
        // when it was delivered, else when it was sent, in UTC.
        let times = fixed_properties(cfb, root, 32);
        mail.date = [0x0E06_0040u32, 0x0039_0040]
            .iter()
            .find_map(|tag| times.iter().find(|(t, _)| t == tag))
            .and_then(|&(_, v)| filetime_day(v));
    }
}

/// Walks the attachments of the message in `storage`, in the order of their storages' names.
fn walk(cfb: &mut Container<'_>, storage: &Path, depth: u32, found: &mut Found) {
    let Ok(entries) = cfb.read_storage(storage) else {
        return;
    };
    let mut attachments: Vec<PathBuf> = entries
        .filter(|e| e.is_storage() && e.name().starts_with("__attach_version1.0_#"))
        .map(|e| e.path().to_path_buf())
        .collect();
    attachments.sort();
    for att in attachments {
        let embedded = att.join("__substg1.0_3701000D");
        if cfb.is_storage(&embedded) {
            if found.may_open(depth + 1) {
                walk(cfb, &embedded, depth + 1, found);
            }
            continue;
        }
        let name = text(cfb, &att, 0x3707)
            .or_else(|| text(cfb, &att, 0x3704))
            .or_else(|| text(cfb, &att, 0x3001));
        let mime = text(cfb, &att, 0x370E);
        let ext = name.as_deref().map(extension).unwrap_or_default();
        let data = att.join("__substg1.0_37010102");
        let max = found.limits.max_file_bytes;
        let ct = mime.as_deref().unwrap_or("").to_ascii_lowercase();
        if ext == "eml" || ct == "message/rfc822" || ext == "msg" {
            if found.may_open(depth + 1) {
                found.nested.push(Nested {
                    outlook: ext == "msg",
                    bytes: stream(cfb, &data, max),
                    depth: depth + 1,
                });
            }
            continue;
        }
        // A content id (`3712`) marks a picture shown in the body.
        let inline = text(cfb, &att, 0x3712).is_some();
        found.attach(name.as_deref(), mime.as_deref(), inline, || {
            stream(cfb, &data, max)
        });
    }
}

/// A text property of a storage: UTF-16 (`001F`), else 8-bit (`001E`, UTF-8 when it reads
/// as such, else Windows-1252), at most 64 KB of it.
fn text(cfb: &mut Container<'_>, storage: &Path, id: u16) -> Option<String> {
    let wide = storage.join(format!("__substg1.0_{id:04X}001F"));
    if cfb.is_stream(&wide) {
        let bytes = stream(cfb, &wide, 1 << 16);
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let s = String::from_utf16_lossy(&units);
        return Some(s.trim_end_matches('\0').to_string());
    }
    let narrow = storage.join(format!("__substg1.0_{id:04X}001E"));
    if cfb.is_stream(&narrow) {
        let bytes = stream(cfb, &narrow, 1 << 16);
        let bytes = bytes.strip_suffix(&[0]).unwrap_or(&bytes);
        let s = match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
        };
        return Some(s.trim_end_matches('\0').to_string());
    }
    None
}

/// A stream's bytes, at most `max` of them (a stream claiming more is cut: the claim is never
/// used to reserve memory).
fn stream(cfb: &mut Container<'_>, path: &Path, max: u64) -> Vec<u8> {
    let Ok(s) = cfb.open_stream(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let _ = s.take(max.saturating_add(1)).read_to_end(&mut out);
    out
}

/// The fixed-size properties of a storage: (tag, 8-byte value), after a header of `header`
/// bytes.
fn fixed_properties(cfb: &mut Container<'_>, storage: &Path, header: usize) -> Vec<(u32, u64)> {
    let bytes = stream(cfb, &storage.join(PROPERTIES), 1 << 20);
    bytes
        .get(header..)
        .unwrap_or_default()
        .chunks_exact(16)
        .map(|e| {
            let tag = u32::from_le_bytes([e[0], e[1], e[2], e[3]]);
            let mut v = [0; 8];
            v.copy_from_slice(&e[8..16]);
            (tag, u64::from_le_bytes(v))
        })
        .collect()
}

/// The UTC day of a FILETIME (100-nanosecond intervals since 1601-01-01).
fn filetime_day(v: u64) -> Option<chrono::NaiveDate> {
    const TO_UNIX: i64 = 11_644_473_600;
    let secs = i64::try_from(v / 10_000_000).ok()? - TO_UNIX;
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive())
}
