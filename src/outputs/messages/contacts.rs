//! The contacts table (`contacts.csv`): who at each agency gets the drafts, and in which
//! languages; read through the reading workers like any input.

use std::collections::BTreeSet;
use std::path::Path;

use crate::config::{Limits, Mailbox};
use crate::error::Result;
use crate::i18n::{tr, Lang, Text};
use crate::ingest::forms::HEADER_SEARCH_ROWS;
use crate::model::ContactRole;
use crate::sheets::{self, grid, Grid};

use super::draft::*;

/// Reads `inputs/contacts.csv` (columns agency, name, email, and optionally language and role;
/// the agency under any of its names in `r`, the plan's registry). A missing file means no
/// contacts; rows naming no known agency or no address are left out ([`contact_notes`] says
/// which and why).
pub fn load_contacts(
    inputs: &Path,
    limits: &Limits,
    r: &crate::plan::Registry,
) -> Result<Vec<Contact>> {
    read_contacts(inputs, limits, r).map(|(contacts, _)| contacts)
}

/// Says, in both languages, each row of `inputs/contacts.csv` left out or read only in part,
/// and what to write instead, for the terminal: the table is not a form, so its rows are not
/// findings, but a contact missing from the drafts must not go unnoticed.
pub fn contact_notes(
    inputs: &Path,
    limits: &Limits,
    r: &crate::plan::Registry,
) -> Result<Vec<Text>> {
    read_contacts(inputs, limits, r).map(|(_, notes)| notes)
}

pub(super) fn read_contacts(
    inputs: &Path,
    limits: &Limits,
    r: &crate::plan::Registry,
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
        Ok((Vec::new(), vec![Text::from_fn(note)]))
    };
    let size = match std::fs::metadata(&path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(_) => return unreadable(Text::tr("msg.contact.io", &[])),
    };
    if size > limits.max_file_bytes {
        let detail = crate::findings::over_limit(size, limits.max_file_bytes);
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
        let Some((header, cols, optional)) = contacts_header(g) else {
            notes.push(Text::tr(
                "msg.contact.no-header",
                &[("file", &CONTACTS_FILE)],
            ));
            continue;
        };
        contact_rows(g, header, (cols, optional), r, &mut out, &mut notes);
    }
    Ok((out.into_iter().collect(), notes))
}

/// Reads the contacts of one table below its header row; a row left out, or a cell read only
/// in part, is a note.
pub(super) fn contact_rows(
    g: &grid::Grid,
    header: usize,
    (cols, [lang_col, role_col]): ([u32; 3], [Option<u32>; 2]),
    r: &crate::plan::Registry,
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
        let written = role_col.map(text).unwrap_or_default();
        let role = ContactRole::parse(&written);
        if role.is_none() && !written.trim().is_empty() {
            notes.push(note("msg.contact.bad-role", &written));
        }
        out.insert(Contact {
            agency: agency.id.clone(),
            name: text(cols[1]),
            email,
            lang,
            role: role.unwrap_or(ContactRole::Recipient),
        });
    }
}

/// Says in plain words why the contacts table could not be read.
pub(super) fn unreadable_reason(e: &grid::ReadError) -> Text {
    match e {
        grid::ReadError::Empty => Text::tr("reason.empty", &[]),
        grid::ReadError::Encrypted => Text::tr("reason.encrypted", &[]),
        grid::ReadError::NotASpreadsheet(what) => Text::tr("reason.foreign", &[("detail", what)]),
        // The reader's own detail is in English: the plain reason says it all.
        grid::ReadError::Corrupt(_) => Text::tr("reason.damaged", &[]),
        grid::ReadError::Unzipped { size, limit } | grid::ReadError::TooLarge { size, limit } => {
            let detail = crate::findings::over_limit(*size, *limit);
            Text::tr("reason.too-large", &[("detail", &detail)])
        }
        grid::ReadError::Limit { .. } | grid::ReadError::ReaderStopped { .. } => {
            Text::tr("reason.damaged", &[])
        }
    }
}

/// Reads the language of a contact (`es`, `español`, `Spanish`, `en`, `inglés`…); none
/// when the cell is empty or names no language, and the contact then gets every language of
/// the run. The words are each language's own (`Language::names`).
pub(super) fn contact_lang(cell: &str) -> Option<Lang> {
    Lang::parse(cell)
}

/// Finds the header row of a contacts table: its index, the agency, name and email columns,
/// and the optional language and role columns.
pub(super) fn contacts_header(g: &Grid) -> Option<(usize, [u32; 3], [Option<u32>; 2])> {
    // The fields, as the words files name them (`[headers.contacts]`).
    const NAMES: [&str; 5] = ["agency", "name", "email", "language", "role"];
    for (r, row) in g.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let mut cols = [None; 5];
        for (i, cell) in row.iter().enumerate() {
            let text = cell.display();
            for (k, field) in NAMES.iter().enumerate() {
                if cols[k].is_none() && crate::words::names("contacts", field, &text) {
                    cols[k] = Some(g.first_col + i as u32);
                }
            }
        }
        if let [Some(a), Some(n), Some(e), lang, role] = cols {
            return Some((r, [a, n, e], [lang, role]));
        }
    }
    None
}
