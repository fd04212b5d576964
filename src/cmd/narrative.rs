//! `seguimiento narrative`: writes the quarter's narrative drafts into
//! `inputs/narrative/<period>/` (the output [`crate::outputs::narrative`]), one per document
//! and language of the run, never over a file already there, and says what it wrote and what
//! it left as it was.

use crate::config::RunConfig;
use crate::i18n::{counted, tr};
use crate::outputs::narrative::drafts;
use crate::outputs::narrative::write::{save, Format};
use crate::Result;

/// Writes the drafts in `format`; returns the exit status (0: written, or nothing to write).
pub fn run(config: &RunConfig, format: Format, terminal: &super::Terminal<'_>) -> Result<u8> {
    let checked = crate::check_with(config, terminal.progress)?;
    terminal.progress.end();
    // Drafts are written in the run's languages: a plan text missing in one would show in another.
    checked.plan.require_languages(config.languages())?;
    let drafts = drafts(&checked.report, config.languages());
    let done = save(&drafts, format, config, &checked.report)?;
    if terminal.says() {
        let lang = config.lang();
        if terminal.is_verbose() {
            for path in &done.written {
                anstream::eprintln!("  {}", path.display());
            }
        }
        let folder = done.folder.display();
        if done.written.is_empty() {
            anstream::eprintln!(
                "{}",
                tr(lang, "narrative.draft.none", &[("folder", &folder)])
            );
        } else {
            let files = counted(
                lang,
                done.written.len() as u64,
                "count.drafts-written.one",
                "count.drafts-written.other",
            );
            let args: [(&str, &dyn std::fmt::Display); 2] =
                [("files", &files), ("folder", &folder)];
            anstream::eprintln!("{}", tr(lang, "narrative.draft.summary", &args));
        }
        if !done.kept.is_empty() {
            let names: Vec<String> = done
                .kept
                .iter()
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect();
            let names = names.join(", ");
            anstream::eprintln!("{}", tr(lang, "narrative.draft.kept", &[("names", &names)]));
        }
        if !done.written.is_empty() {
            anstream::eprintln!("{}", tr(lang, "narrative.draft.next", &[]));
        }
    }
    Ok(0)
}
