//! `seguimiento publish`: records the quarter of the as-of date as published
//! ([`crate::record::published::publish`]).

use super::Terminal;
use crate::config::RunConfig;
use crate::error::Result;

/// Records the as-of quarter in `inputs/published/<period>.json` and says so; returns the
/// exit status.
pub fn run(config: &RunConfig, terminal: &Terminal<'_>) -> Result<u8> {
    let checked = crate::check_with(config, terminal.progress)?;
    let done = crate::record::published::publish(config, &checked)?;
    if terminal.says() {
        anstream::eprintln!("{}", crate::cmd::text::published(config, &done));
    }
    Ok(0)
}
