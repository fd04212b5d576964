//! Reads spreadsheet files into plain grids of cells, whatever program wrote them: a reading
//! library in calamine's shape, with nothing above it that it imports.
//!
//! [`grid`] holds the types every reader shares, [`read`] is the one dispatch (by what the bytes
//! are), one module per format ([`xlsx`]'s one pass, [`workbook`] over calamine, [`ods`], [`xls`],
//! [`delimited`]), [`mail`] with its two readers (`eml`, `msg`) for the e-mails that carry
//! forms, and [`worker`] is the wall: untrusted bytes are parsed in a child process that
//! the operating system bounds. What a caller knows of its own forms (which words make a header)
//! is passed in as [`Headers`], never imported. [`write`] is the writing side's small kit, shared
//! by every workbook the outputs write. [`document`] is the model of a word-processing document (paragraphs and tables), which
//! `docx` (Word) and `odt` (OpenDocument text) fill, dispatched by [`read::read_document`]
//! and read behind the same wall ([`worker::read_document`]).

mod delimited;
pub mod document;
mod docx;
mod eml;
mod markdown;
pub mod grid;
pub mod mail;
mod msg;
mod ods;
mod odt;
pub mod read;
mod workbook;
pub mod worker;
pub mod write;
mod xls;
mod xlsx;

use serde::{Deserialize, Serialize};

pub use grid::{Cell, Grid, ReadError};
pub use mail::{Attachment, Mail};

/// Rows above the data a reader keeps beyond `max_rows`: a form's title block and header may
/// sit anywhere in them.
pub const HEADER_ROWS: usize = 20;

/// Tells whether a cell's text names a column of one of the caller's forms: the readers of
/// delimited text weigh candidate separators by how many header words each one splits out.
pub type Headers = fn(&str) -> bool;

/// Recognises no header: delimited text is then split by its most consistent separator alone.
pub fn no_headers(_: &str) -> bool {
    false
}

/// Limits that keep a hostile or broken file from exhausting the machine.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest input file read, in bytes.
    #[serde(default = "default_max_file_bytes")]
    pub max_file_bytes: u64,
    /// Largest uncompressed size of a workbook's contents, in bytes (stops zip bombs).
    #[serde(default = "default_max_unzipped_bytes")]
    pub max_unzipped_bytes: u64,
    /// Most data rows read from one sheet.
    #[serde(default = "default_max_rows")]
    pub max_rows: u32,
    /// Most columns read from one sheet.
    #[serde(default = "default_max_columns")]
    pub max_columns: u32,
    /// Most memory (address space) a reading worker may use for one file, in bytes.
    #[serde(default = "default_max_reader_memory_bytes")]
    pub max_reader_memory_bytes: u64,
    /// Longest a reading worker may take over one file, in seconds.
    #[serde(default = "default_max_reader_seconds")]
    pub max_reader_seconds: u64,
    /// Most files read from one e-mail (those of the messages it forwards included).
    #[serde(default = "default_max_attachments")]
    pub max_attachments: u32,
    /// Deepest a forwarded message is opened inside an e-mail (1: the e-mail's own
    /// attachments and those of a message it forwards).
    #[serde(default = "default_max_mail_depth")]
    pub max_mail_depth: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: default_max_file_bytes(),
            max_unzipped_bytes: default_max_unzipped_bytes(),
            max_rows: default_max_rows(),
            max_columns: default_max_columns(),
            max_reader_memory_bytes: default_max_reader_memory_bytes(),
            max_reader_seconds: default_max_reader_seconds(),
            max_attachments: default_max_attachments(),
            max_mail_depth: default_max_mail_depth(),
        }
    }
}

fn default_max_file_bytes() -> u64 {
    200 * 1024 * 1024
}
fn default_max_unzipped_bytes() -> u64 {
    1024 * 1024 * 1024
}
fn default_max_rows() -> u32 {
    2_000_000
}
fn default_max_columns() -> u32 {
    200
}
fn default_max_reader_memory_bytes() -> u64 {
    // A workbook of 200 MB (the file limit) unpacks to a few GB of cells at most.
    4 * 1024 * 1024 * 1024
}
fn default_max_reader_seconds() -> u64 {
    300
}
fn default_max_attachments() -> u32 {
    100
}
fn default_max_mail_depth() -> u32 {
    10
}
