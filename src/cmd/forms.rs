//! `seguimiento forms`: writes the collection workbooks of a month (the output
//! [`crate::outputs::Forms`]) into their own folder, whole or not at all.

use crate::calendar::YearMonth;
use crate::config::RunConfig;
use crate::i18n::{counted, tr};
use crate::outputs::staging::OutputSet;
use crate::outputs::{forms::next_month, write_each, Forms, Run};
use crate::Result;

/// Writes the forms of `month` (default: the month after the as-of month); returns the exit
/// status.
pub fn run(config: &RunConfig, month: Option<YearMonth>) -> Result<u8> {
    run_with(config, month, &super::Terminal::plain())
}

/// Runs [`run`], saying what it wrote unless `terminal` is quiet.
pub fn run_with(
    config: &RunConfig,
    month: Option<YearMonth>,
    terminal: &super::Terminal<'_>,
) -> Result<u8> {
    let forms = Forms {
        month: month.unwrap_or_else(|| next_month(config)),
    };
    let checked = crate::check_with(config, terminal.progress)?;
    // Forms are written in the run's languages: a plan text missing in one would show in another.
    checked.plan.require_languages(config.languages())?;
    let mut set = OutputSet::new(&config.outputs, &forms.folder())?;
    let run = Run {
        config,
        checked: &checked,
        reopen: None,
    };
    let staged = write_each(&[&forms], &run, &mut set, terminal.progress);
    let written = staged.and_then(|_| set.commit());
    terminal.progress.end();
    let written = written?;
    if terminal.says() {
        let lang = config.lang();
        let (one, other) = ("count.forms-written.one", "count.forms-written.other");
        let files = counted(lang, written.len() as u64, one, other);
        let folder = config.outputs.join(forms.folder());
        let args: [(&str, &dyn std::fmt::Display); 2] =
            [("files", &files), ("folder", &folder.display())];
        anstream::eprintln!("{}", tr(lang, "forms.summary", &args));
    }
    Ok(0)
}
