//! `seguimiento plan`: loads and checks the work plan, and prints it.

use super::text;
use crate::config::RunConfig;
use crate::i18n::tr;
use crate::plan::Plan;
use crate::Result;

/// Prints the plan as text or JSON, and its notes on stderr unless quiet; returns the exit
/// status.
pub fn run(config: &RunConfig, json: bool, terminal: &super::Terminal<'_>) -> Result<u8> {
    let mut plan = Plan::load(&config.inputs)?;
    plan.note_missing_languages(config.languages());
    if json {
        anstream::println!(
            "{}",
            serde_json::to_string_pretty(&text::plan_json_in(&plan, config.lang()))
                .unwrap_or_default()
        );
    } else {
        anstream::print!("{}", text::plan(&plan, config.lang()));
    }
    if terminal.says() {
        for note in &plan.notes {
            anstream::eprintln!("{}", text::wrap(note.message.get(config.lang()), 78, 2));
        }
    }
    Ok(0)
}

/// Writes the plan to `target` (`.xlsx` or `.toml`) and says so on stderr unless quiet;
/// returns the exit status.
pub fn export(
    config: &RunConfig,
    target: &std::path::Path,
    terminal: &super::Terminal<'_>,
) -> Result<u8> {
    Plan::export(&config.inputs, target, config.languages())?;
    if terminal.says() {
        let path = target.display();
        anstream::eprintln!("{}", tr(config.lang(), "plan.exported", &[("path", &path)]));
    }
    Ok(0)
}

/// What `plan --import` is given.
pub struct ImportOptions<'a> {
    /// The plan's document.
    pub source: &'a std::path::Path,
    /// The inputs folder, where `plan/plan.toml` is written when it has no plan.
    pub inputs: &'a std::path::Path,
    /// Where to write instead.
    pub out: Option<&'a std::path::Path>,
    /// The plan's period, when given.
    pub period: Option<(crate::calendar::YearMonth, crate::calendar::YearMonth)>,
    /// The language of what it says.
    pub lang: crate::i18n::Lang,
}

/// Imports a plan from its document, prints what to check on stdout and where it was written
/// on stderr unless quiet; returns 0, or 1 when there is something to check.
pub fn import(options: &ImportOptions<'_>, terminal: &super::Terminal<'_>) -> Result<u8> {
    let lang = options.lang;
    let (path, imported) = Plan::import(
        options.source,
        options.inputs,
        options.out,
        options.period,
        lang,
    )?;
    anstream::print!("{}", text::imported(&imported, lang));
    if terminal.says() {
        let path = path.display();
        anstream::eprintln!(
            "{}",
            tr(
                lang,
                "import.written",
                &[("path", &path), ("count", &imported.activities)]
            )
        );
    }
    Ok(u8::from(!imported.checks.is_empty()))
}
