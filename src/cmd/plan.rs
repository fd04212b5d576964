//! `seguimiento plan`: loads and checks the work plan, and prints it.

use super::text;
use crate::config::RunConfig;
use crate::i18n::tr;
use crate::plan::Plan;
use crate::Result;

/// Prints the plan as text or JSON, and its notes on stderr unless quiet; returns the exit
/// status.
pub fn run(config: &RunConfig, json: bool, terminal: &super::Terminal<'_>) -> Result<u8> {
    let plan = Plan::load(&config.inputs)?;
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
    Plan::export(&config.inputs, target)?;
    if terminal.says() {
        let path = target.display();
        anstream::eprintln!("{}", tr(config.lang(), "plan.exported", &[("path", &path)]));
    }
    Ok(0)
}
