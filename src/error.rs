//! Errors that stop a run (exit 2): no plan, an invalid plan, an unreadable inputs folder,
//! an outputs folder that cannot be written.
//!
//! Problems with the data are not errors: they are [`crate::findings::Finding`]s and the run
//! goes on. Every error carries its message and hints in both languages, because the people
//! who run the tool read one or the other.

use std::fmt;

use crate::i18n::{Lang, Text};

/// An error that stops the run.
#[derive(Debug, Clone)]
pub struct Error {
    /// What went wrong, in both languages.
    pub message: Text,
    /// Further lines: the cause and what to do next.
    pub hints: Vec<Text>,
}

impl Error {
    /// Builds an error from string-table key `key`.
    pub fn new(key: &str, args: &[(&str, &dyn fmt::Display)]) -> Error {
        Error {
            message: Text::tr(key, args),
            hints: Vec::new(),
        }
    }

    /// Adds a hint from string-table key `key`.
    pub fn hint(mut self, key: &str, args: &[(&str, &dyn fmt::Display)]) -> Error {
        self.hints.push(Text::tr(key, args));
        self
    }

    /// Adds a line that reads the same in both languages (a cause from the system).
    pub fn cause(mut self, cause: impl fmt::Display) -> Error {
        self.hints.push(Text::same(cause.to_string()));
        self
    }

    /// Renders the error for a terminal in `lang`: the message, then one indented line per hint.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = format!(
            "{}: {}",
            crate::i18n::tr(lang, "cli.error", &[]),
            self.message.get(lang)
        );
        for h in &self.hints {
            out.push_str("\n  ");
            out.push_str(h.get(lang));
        }
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for Error {}

/// The result of an operation that can stop the run.
pub type Result<T> = std::result::Result<T, Error>;
