//! What an e-mail carries for the readers: its sender, subject and date, and the files attached
//! to it (those of the messages it forwards too), gathered by the format readers ([`super::eml`]
//! for RFC 5322 messages, [`super::msg`] for Outlook's `.msg`) within the limits of one e-mail.
//!
//! An e-mail is untrusted bytes like any workbook: it is parsed in a reading worker, and what
//! crosses back to the caller is this plain data. The attachments are not read here; the
//! caller reads each one as a file of its own. This module knows no form and no agency.

use chrono::NaiveDate;

use super::Limits;

/// The extensions of the files the readers take (the attachments worth sending back).
pub const READABLE: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// The extensions of the e-mail files the mail readers take.
pub const MAIL: &[&str] = &["eml", "msg"];

/// An e-mail as the readers found it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mail {
    /// The sender's address (`From`), as written, when there is one.
    pub from: Option<String>,
    /// The subject, when there is one.
    pub subject: Option<String>,
    /// The calendar day of the message's date, in the offset its `Date` header is written in
    /// (a `.msg` without headers: its delivery or submission time, in UTC).
    pub date: Option<NaiveDate>,
    /// The `Date` header as written, when there is one (for a message that cannot be read).
    pub date_written: Option<String>,
    /// The files attached, those of forwarded messages included, in the order met.
    pub attachments: Vec<Attachment>,
    /// What the limits left out.
    pub left_out: LeftOut,
}

/// One attached file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attachment {
    /// Its file name, cleaned to one path component of at most [`MAX_NAME`] characters.
    pub name: String,
    /// Its bytes, for a file the readers take; empty otherwise.
    pub bytes: Vec<u8>,
    /// Whether the readers take it (by its name's extension, or its content type).
    pub readable: bool,
    /// Whether it is shown inside the message rather than attached (a signature's logo).
    pub inline: bool,
}

/// The parts of an e-mail that its limits left unread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Attachments past `max_attachments`.
    pub beyond_count: u32,
    /// Forwarded messages nested deeper than `max_mail_depth`.
    pub too_deep: u32,
    /// Attachments whose bytes would take the e-mail's attachments past `max_file_bytes`.
    pub beyond_size: u32,
}

/// The longest attachment name kept, in characters.
pub const MAX_NAME: usize = 120;

/// A container met inside a message, in the other format, to be read by its own reader.
pub(super) struct Nested {
    /// Whether it is an Outlook `.msg` (else an RFC 5322 message).
    pub(super) outlook: bool,
    /// Its bytes.
    pub(super) bytes: Vec<u8>,
    /// How deep it sits (the outer message is 0).
    pub(super) depth: u32,
}

/// What the readers gather from one e-mail, within its limits.
pub(super) struct Found {
    pub(super) mail: Mail,
    pub(super) limits: Limits,
    /// Bytes of attachments kept so far.
    kept: u64,
    /// Containers of the other format still to read.
    pub(super) nested: Vec<Nested>,
}

impl Found {
    pub(super) fn new(limits: &Limits) -> Found {
        Found {
            mail: Mail::default(),
            limits: *limits,
            kept: 0,
            nested: Vec::new(),
        }
    }

    /// Whether a message at `depth` may be opened; counts it as left out when not.
    pub(super) fn may_open(&mut self, depth: u32) -> bool {
        if depth > self.limits.max_mail_depth {
            self.mail.left_out.too_deep += 1;
            return false;
        }
        true
    }

    /// Whether one more attachment may be listed; counts it as left out when not.
    fn room(&mut self) -> bool {
        if self.mail.attachments.len() >= self.limits.max_attachments as usize {
            self.mail.left_out.beyond_count += 1;
            return false;
        }
        true
    }

    /// Adds an attachment: `name` as written (none: named from its type), its content type,
    /// and its bytes, taken only when the readers can read it and within the size limit.
    pub(super) fn attach(
        &mut self,
        name: Option<&str>,
        content_type: Option<&str>,
        inline: bool,
        bytes: impl FnOnce() -> Vec<u8>,
    ) {
        let ext_of_type = content_type.and_then(extension_of_type);
        let index = self.mail.attachments.len() + 1;
        let name = clean_name(name, ext_of_type, index);
        let readable = readable_name(&name);
        if inline && !readable {
            // A picture shown in the body (a logo) is part of the message, not a file sent.
            return;
        }
        if !self.room() {
            return;
        }
        let mut attachment = Attachment {
            name,
            bytes: Vec::new(),
            readable,
            inline,
        };
        if readable {
            let data = bytes();
            let total = self.kept.saturating_add(data.len() as u64);
            if total > self.limits.max_file_bytes {
                self.mail.left_out.beyond_size += 1;
                return;
            }
            self.kept = total;
            attachment.bytes = data;
        }
        self.mail.attachments.push(attachment);
    }
}

/// Whether the readers take a file by its name.
pub fn readable_name(name: &str) -> bool {
    READABLE.contains(&extension(name).as_str())
}

/// Whether a name is that of an e-mail file.
pub fn mail_name(name: &str) -> bool {
    MAIL.contains(&extension(name).as_str())
}

/// A name's extension, lowercase, without the dot.
pub fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    }
}

/// The extension of a spreadsheet content type.
fn extension_of_type(content_type: &str) -> Option<&'static str> {
    let t = content_type.to_ascii_lowercase();
    Some(match t.split(';').next().unwrap_or("").trim() {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "application/vnd.ms-excel.sheet.macroenabled.12" => "xlsm",
        "application/vnd.ms-excel.sheet.binary.macroenabled.12" => "xlsb",
        "application/vnd.ms-excel" => "xls",
        "application/vnd.oasis.opendocument.spreadsheet" => "ods",
        "text/csv" | "text/comma-separated-values" => "csv",
        _ => return None,
    })
}

/// An attachment's name as it can be shown and stored: its last path component, without
/// control characters or `#` (which separates an e-mail's path from its attachment's), at
/// most [`MAX_NAME`] characters (the extension kept); a missing name is made from the
/// attachment's place and type (`attachment-3.xlsx`).
pub(super) fn clean_name(name: Option<&str>, ext_of_type: Option<&str>, index: usize) -> String {
    let raw = name.unwrap_or("");
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| if c.is_control() || c == '#' { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() {
        let ext = ext_of_type.map(|e| format!(".{e}")).unwrap_or_default();
        return format!("attachment-{index}{ext}");
    }
    if cleaned.chars().count() <= MAX_NAME {
        return cleaned;
    }
    let ext = extension(&cleaned);
    let keep = MAX_NAME.saturating_sub(ext.chars().count() + 2);
    let stem: String = cleaned.chars().take(keep).collect();
    if ext.is_empty() || ext.chars().count() > 10 {
        cleaned.chars().take(MAX_NAME).collect()
    } else {
        format!("{stem}….{ext}")
    }
}

/// The names the caller gives the attachments of one e-mail: their own, `2-<name>` for the
/// second of a name (`3-<name>` for the third…), so that each is an input of its own.
pub fn unique_names(attachments: &[Attachment]) -> Vec<String> {
    let mut seen: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
    let mut taken: std::collections::BTreeSet<String> =
        attachments.iter().map(|a| a.name.to_lowercase()).collect();
    attachments
        .iter()
        .map(|a| {
            let n = seen.entry(a.name.to_lowercase()).or_insert(0);
            *n += 1;
            if *n == 1 {
                return a.name.clone();
            }
            let mut k = *n;
            loop {
                let candidate = format!("{k}-{}", a.name);
                if taken.insert(candidate.to_lowercase()) {
                    return candidate;
                }
                k += 1;
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_made_unique() {
        assert_eq!(clean_name(Some("C:\\x\\oim.xlsx"), None, 1), "oim.xlsx");
        assert_eq!(clean_name(Some("a#b\u{7}.csv"), None, 1), "a_b_.csv");
        assert_eq!(clean_name(None, Some("xlsx"), 3), "attachment-3.xlsx");
        assert_eq!(clean_name(Some("  "), None, 2), "attachment-2");
        let long = format!("{}.xlsx", "a".repeat(500));
        let c = clean_name(Some(&long), None, 1);
        assert!(c.chars().count() <= MAX_NAME && c.ends_with(".xlsx"), "{c}");
        let a = |n: &str| Attachment {
            name: n.into(),
            ..Attachment::default()
        };
        let names = unique_names(&[a("f.xlsx"), a("F.xlsx"), a("g.csv"), a("f.xlsx")]);
        assert_eq!(names, ["f.xlsx", "2-F.xlsx", "g.csv", "3-f.xlsx"]);
    }

    #[test]
    fn attachments_stop_at_their_limits() {
        let limits = Limits {
            max_attachments: 2,
            max_file_bytes: 10,
            ..Limits::default()
        };
        let mut found = Found::new(&limits);
        found.attach(Some("a.csv"), None, false, || vec![0; 6]);
        found.attach(Some("b.csv"), None, false, || vec![0; 6]);
        found.attach(Some("logo.png"), Some("image/png"), true, Vec::new);
        found.attach(Some("c.pdf"), None, false, Vec::new);
        found.attach(Some("d.pdf"), None, false, Vec::new);
        assert_eq!(found.mail.attachments.len(), 2);
        assert_eq!(found.mail.attachments[1].name, "c.pdf");
        assert!(!found.mail.attachments[1].readable);
        assert_eq!(found.mail.left_out.beyond_size, 1);
        assert_eq!(found.mail.left_out.beyond_count, 1);
    }
}
