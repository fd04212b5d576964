//! The documents in Word: each template compiled a second time, for HTML, and that tree turned
//! into WordprocessingML.
//!
//! The same template makes the PDF and the `.docx`, so the sections, their order, every figure
//! and every word are the PDF's by construction; the template's helpers (`common.typ`, under
//! `word`) give plain structure in that pass (paragraphs, tables with their header rows,
//! lists, status labels as marked spans) and wrap each chart in an `html.frame`, which Typst
//! lays out with the very drawing of the PDF. [`model`] reads that tree into [`Block`]s, a
//! small model of what a Word document holds, and [`docx`] writes them, with the styles of the
//! reference document ([`reference`]). The narrative a secretariat will write is a list of
//! such blocks (paragraphs of runs, bold, italic, links, lists) placed where it belongs.
//!
//! Text reaches the XML only through [`docx::esc`], which escapes markup and drops what XML
//! cannot hold: a cell holding `</w:t>` prints as those characters. Nothing here reads a
//! clock: the package's dates are the as-of date.

pub mod docx;
pub mod model;
mod picture;

use std::path::Path;

use typst::model::Document as _;

use crate::error::Result;
use crate::i18n::{self, Lang};
use crate::outputs::documents::{compile_html, file_name_with, DocKind};
use crate::report::ReportData;

pub use model::{Block, Inline};

/// The reference document embedded in the binary: the styles a Word version takes.
pub const REFERENCE: &str = "reference.docx";

/// Returns the reference document in force: the embedded one, or `reference.docx` in the
/// templates folder when there is one (as pandoc's `reference-doc`).
pub fn reference(overrides: Option<&Path>) -> Result<Vec<u8>> {
    let found = crate::outputs::templates::load(overrides, "")?
        .into_iter()
        .find(|(name, _)| name == REFERENCE);
    Ok(found.map(|(_, bytes)| bytes).unwrap_or_default())
}

/// A document's Word version.
pub struct WordDocument {
    /// Which document.
    pub kind: &'static str,
    /// Its language.
    pub lang: Lang,
    /// The file name (`informe-de-avance-2024-Q1-es.docx`).
    pub file_name: String,
    /// The `.docx` bytes.
    pub bytes: Vec<u8>,
}

/// Writes one document's Word version in one language.
pub fn render(
    templates: &[(String, String)],
    reference: &[u8],
    kind: DocKind,
    lang: Lang,
    report: &ReportData,
) -> Result<WordDocument> {
    let html = compile_html(templates, kind, lang, report)?;
    let blocks = model::read(html.root());
    let info = html.info();
    let props = docx::Properties {
        title: info.title.as_deref().unwrap_or_default().to_string(),
        author: info.author.join("; "),
        keywords: info
            .keywords
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        lang: lang.tag(),
        as_of: report.meta.as_of,
        header: i18n::tr(lang, short_key(kind), &[]),
        sample: report
            .meta
            .sample
            .then(|| i18n::tr(lang, "doc.sample.band", &[])),
        footer: report.meta.network.get(lang).to_string(),
        page: i18n::tr(lang, "doc.page", &[]),
        of: i18n::tr(lang, "doc.of", &[]),
        custom: Vec::new(),
    };
    let bytes = docx::write(&blocks, &props, reference)?;
    Ok(WordDocument {
        kind: kind.word_kinds()[0],
        lang,
        file_name: file_name_with(kind, lang, &report.meta.period, "docx"),
        bytes,
    })
}

/// The string key of a document's short title, for the running header.
fn short_key(kind: DocKind) -> &'static str {
    match kind {
        DocKind::ProgressReport => "doc.progress.short",
        DocKind::PledgeSummary => "doc.pledges.short",
        DocKind::RegionalReview => "doc.review.short",
    }
}
