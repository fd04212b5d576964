//! `seguimiento follow-up`: writes or updates the follow-up register, `inputs/follow-up.xlsx`
//! ([`crate::register`]): the findings of a check, one a row, with the decisions already
//! taken kept as the secretariat left them.

use crate::config::RunConfig;
use crate::i18n::{counted, tr};
use crate::register::write::{save, workbook};
use crate::Result;

/// Checks, then writes the register; returns the exit status (0: written).
pub fn run(config: &RunConfig, terminal: &super::Terminal<'_>) -> Result<u8> {
    let checked = crate::check_with(config, terminal.progress)?;
    terminal.progress.end();
    let target = config.inputs.join(crate::register::FOLLOW_UP_FILE);
    let file = target.display().to_string();
    // A register that could not be read holds decisions this run does not know: writing over
    // it would lose them.
    let unread = checked.findings.iter().any(|f| {
        f.code == crate::findings::Code::UnreadableFile
            && f.location.file.as_deref() == Some(crate::register::FOLLOW_UP_FILE)
    });
    if unread {
        return Err(crate::Error::new("register.unreadable", &[("file", &file)])
            .hint("register.unreadable-hint", &[]));
    }
    let (bytes, written) = workbook(config, &checked, &checked.register)
        .map_err(|e| crate::sheets::write::error(&file, e))?;
    let path = save(&config.inputs, &bytes)?;
    if terminal.says() {
        let lang = config.lang();
        let rows = counted(
            lang,
            written.open as u64,
            "count.register-rows.one",
            "count.register-rows.other",
        );
        let args: [(&str, &dyn std::fmt::Display); 4] = [
            ("file", &path.display()),
            ("rows", &rows),
            ("decided", &written.decided),
            ("kept", &written.kept),
        ];
        anstream::eprintln!("{}", tr(lang, "register.summary", &args));
    }
    Ok(0)
}
