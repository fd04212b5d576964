//! `seguimiento check`: ingests every input, reconciles it against the plan, prints findings.

use super::text;
use super::Terminal;
use crate::config::RunConfig;
use crate::Result;

/// Prints the findings as text or JSON; returns the exit status (1 when any is an error).
pub fn run(config: &RunConfig, json: bool, terminal: &Terminal<'_>) -> Result<u8> {
    let checked = crate::check_with(config, terminal.progress)?;
    if json {
        let doc = crate::outputs::findings::json(config, &checked.findings, &checked.intake.files);
        let bytes = crate::outputs::findings::document_bytes(&doc);
        anstream::print!("{}", String::from_utf8_lossy(&bytes));
    } else {
        anstream::print!(
            "{}",
            text::findings(
                &checked.findings,
                &checked.intake.files,
                config.lang(),
                terminal.is_verbose()
            )
        );
    }
    Ok(crate::findings::exit_status(&checked.findings))
}
