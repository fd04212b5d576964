//! The consolidated trackers: one Excel workbook per language with every activity, report,
//! pledge, finding and plan entry, for the secretariat to sort and filter.
//!
//! The tracker exists because a PDF cannot be filtered: the same figures as the reports, laid
//! out as Excel tables with their sources (file, sheet, row) so any number can be traced back
//! to the cell it came from. It never computes a figure: every count, share and status comes
//! from [`ReportData`] (the lists from the intake and the plan as they are), and the few
//! formulas it writes carry that figure as their cached result. It never lets a cell of input
//! become a formula: text is always written as a string. Its bytes depend only on the inputs
//! and the as-of date (the creation time is derived from the latter), so two runs match.
//!
//! A tracker holds every row the run read (100,000 reports make a History sheet of 1.3 million
//! cells), so it is never built in memory: the list sheets are "constant memory" worksheets
//! that write each row, as it is made, to an unnamed temporary file in the system's temporary
//! folder (gone when the workbook is dropped, even after a crash), with their text inline
//! rather than in a shared string table; rows are made from the records one at a time; and
//! [`write`] streams the finished workbook into the writer it is given. Only the summary, whose
//! charts read back its cells, is an ordinary in-memory worksheet.

use std::io::Write;
use std::panic::AssertUnwindSafe;

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use crate::error::{Error, Result};
use crate::i18n::{tr, Lang};
use crate::report::ReportData;
use crate::sheets::write::Properties;
use crate::Checked;

mod kit;
pub(crate) mod reporting;
mod sheets;
mod summary;

use kit::{Ctx, Formats};
use sheets::{activities, findings, history, plan, pledge_history, pledges};
use summary::summary;

/// Manifest kind of the trackers.
pub const KIND: &str = "tracker";

/// A tracker workbook, ready to write.
pub struct Tracker {
    /// Its language.
    pub lang: Lang,
    /// File name from the string table (`seguimiento-2024-Q2-es.xlsx`).
    pub file_name: String,
    /// The workbook's bytes.
    pub bytes: Vec<u8>,
}

/// Builds the tracker in each of `langs`, in memory. `run` streams them to disk with [`write`]
/// instead.
pub fn build_all(checked: &Checked, langs: &[Lang]) -> Result<Vec<Tracker>> {
    langs
        .iter()
        .map(|&lang| {
            let mut bytes = Vec::new();
            write(checked, lang, &mut bytes)?;
            Ok(Tracker {
                lang,
                file_name: file_name(lang, &checked.report.meta.period),
                bytes,
            })
        })
        .collect()
}

/// Builds the tracker in `lang` and streams the workbook into `writer`.
///
/// The workbook library panics when it cannot write a list sheet's temporary file (a full
/// temporary folder); that panic is caught here and becomes an error of the run, like any
/// other failure to build the workbook.
pub fn write<W: Write + Send>(checked: &Checked, lang: Lang, writer: W) -> Result<()> {
    let file = file_name(lang, &checked.report.meta.period);
    match std::panic::catch_unwind(AssertUnwindSafe(|| write_to(checked, lang, writer))) {
        Ok(result) => result.map_err(|e| crate::sheets::write::error(&file, e)),
        Err(panic) => {
            let cause = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_default();
            Err(Error::new("xlsx.error", &[("file", &file)])
                .cause(cause)
                .hint("hint.tempdir", &[("dir", &std::env::temp_dir().display())]))
        }
    }
}

/// Returns the tracker's file name in `lang` for a period (`2024-Q2`).
pub fn file_name(lang: Lang, period: &str) -> String {
    let stem = tr(lang, "xlsx.file", &[("period", &period)]);
    crate::outputs::staging::lang_file_name(&stem, lang, "xlsx")
}

/// Builds the tracker workbook in `lang`, in memory.
pub fn build(checked: &Checked, lang: Lang) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut bytes = Vec::new();
    write_to(checked, lang, &mut bytes)?;
    Ok(bytes)
}

/// Builds the tracker workbook in `lang` and writes it into `writer`.
fn write_to<W: Write + Send>(
    checked: &Checked,
    lang: Lang,
    writer: W,
) -> std::result::Result<(), XlsxError> {
    let report = &checked.report;
    let f = Formats::new(lang);
    let narratives = checked.narrative_languages();
    let ctx = Ctx {
        lang,
        checked,
        languages: &narratives,
    };
    let mut wb = Workbook::new();
    wb.set_properties(&properties(report, lang));
    // Sheets are made one after the other, in their order in the workbook: the list sheets
    // number their formats in the workbook as they write them, so the order fixes the bytes.
    wb.push_worksheet(summary(report, lang, &f)?);
    wb.push_worksheet(reporting::reporting(checked, lang, &f)?);
    let list_sheets = [activities, history, pledges, pledge_history, findings, plan];
    for sheet in list_sheets {
        let ws = sheet(&mut wb, &ctx, &f)?;
        wb.push_worksheet(ws);
    }
    wb.save_to_writer(writer)
}

fn properties(report: &ReportData, lang: Lang) -> DocProperties {
    let meta = &report.meta;
    let period = meta.period.as_str();
    let title = tr(
        lang,
        "xlsx.title",
        &[("plan", &meta.plan_title.get(lang)), ("period", &period)],
    );
    let subject = tr(
        lang,
        "xlsx.subject",
        &[("date", &meta.as_of_text.get(lang))],
    );
    let category = tr(lang, "xlsx.category", &[]);
    let keywords = tr(lang, "xlsx.keywords", &[("period", &period)]);
    let comment = tr(lang, "xlsx.comment", &[]);
    Properties {
        title: &title,
        author: meta.network.get(lang),
        company: Some(meta.network.get(lang)),
        subject: Some(&subject),
        category: Some(&category),
        keywords: Some(&keywords),
        comment: Some(&comment),
    }
    .build(meta.as_of)
}
