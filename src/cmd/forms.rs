//! `seguimiento forms`: writes the collection workbooks of a month (see [`crate::outputs::forms`]).

use crate::calendar::YearMonth;
use crate::config::RunConfig;
use crate::i18n::{tr, Lang};
use crate::output::OutputSet;
use crate::outputs::forms::{build_all, iso, next_month, KIND};
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
    let month = month.unwrap_or_else(|| next_month(config));
    let checked = crate::check_with(config, terminal.progress)?;
    let forms = build_all(&checked, month)?;
    let folder = format!("forms/{}", iso(month));
    let mut out = OutputSet::new(&config.outputs, &folder)?;
    for form in &forms {
        out.write(&form.file_name, KIND, Some(Lang::Es), &form.bytes)?;
    }
    out.commit()?;
    if terminal.says() {
        anstream::eprintln!(
            "{}",
            tr(
                config.lang(),
                "forms.summary",
                &[
                    (
                        "files",
                        &super::counted(
                            config.lang(),
                            forms.len() as u64,
                            "count.forms-written.one",
                            "count.forms-written.other"
                        )
                    ),
                    ("folder", &config.outputs.join(&folder).display()),
                ]
            )
        );
    }
    Ok(0)
}
