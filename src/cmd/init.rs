//! `seguimiento init [DIR]`: writes a starter inputs folder ([`starter::write`], which never
//! overwrites) and prints the next steps.

use crate::error::Result;
use crate::starter;
pub use crate::starter::InitOptions;

/// Writes the starter folder, prints what was written and the next steps; returns the exit
/// status.
pub fn run(options: &InitOptions<'_>, terminal: &super::Terminal<'_>) -> Result<u8> {
    let shown = starter::shell_word(&options.dir.display().to_string());
    let files = starter::files(options, &shown);
    starter::write(options.dir, &files)?;
    if terminal.says() {
        anstream::print!("{}", starter::next_steps(options, &shown));
    }
    Ok(0)
}
