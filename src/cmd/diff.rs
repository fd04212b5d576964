//! `seguimiento diff A B`: what changed from one run to another.

use std::path::Path;

use crate::i18n::Lang;
use crate::record::diff::{compare, Run};
use crate::Result;

/// Compares the runs at `a` and `b` (each a `manifest.json` or the outputs folder holding
/// one) and prints the difference, in `lang` or as JSON; returns the exit status.
pub fn run(a: &Path, b: &Path, json: bool, lang: Lang) -> Result<u8> {
    let d = compare(&Run::load(a)?, &Run::load(b)?);
    if json {
        anstream::println!(
            "{}",
            serde_json::to_string_pretty(&d.to_json()).unwrap_or_default()
        );
    } else {
        anstream::print!("{}", d.text(lang));
    }
    Ok(0)
}
