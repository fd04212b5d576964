//! Errors that stop a run (exit 2): no plan, an invalid plan, an unreadable inputs folder,
//! an outputs folder that cannot be written.
//!
//! Problems with the data are not errors: they are [`crate::findings::Finding`]s and the run
//! goes on. Every error carries its message and hints in both languages, because the people
//! who run the tool read one or the other; only the causes reported by the system (an
//! operating-system message, a parser's position) read the same in both.

use std::fmt;

use anstyle::{AnsiColor, Style};

use crate::i18n::{tr, Lang, Text};

/// An error that stops the run.
#[derive(Debug, Clone)]
pub struct Error {
    /// What went wrong, in each language (boxed: an error stays small beside what a function
    /// returns when it succeeds).
    pub message: Box<Text>,
    /// The particulars, one per line under the message (each problem of an invalid plan).
    pub details: Vec<Text>,
    /// What the system said, innermost last (`No such file or directory (os error 2)`).
    pub causes: Vec<String>,
    /// What to do next.
    pub hints: Vec<Text>,
}

impl Error {
    /// Builds an error from string-table key `key`.
    pub fn new(key: &str, args: &[(&str, &dyn fmt::Display)]) -> Error {
        Error {
            message: Box::new(Text::tr(key, args)),
            details: Vec::new(),
            causes: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// Adds a hint from string-table key `key`.
    pub fn hint(mut self, key: &str, args: &[(&str, &dyn fmt::Display)]) -> Error {
        self.hints.push(Text::tr(key, args));
        self
    }

    /// Adds what the system reported as the cause.
    pub fn cause(mut self, cause: impl fmt::Display) -> Error {
        self.causes.push(cause.to_string());
        self
    }

    /// Renders the error for a terminal in `lang`, without colour:
    ///
    /// ```text
    /// error: no se pudo escribir outputs/2024-Q2
    /// causa: Permission denied (os error 13)
    /// sugerencia: compruebe que la carpeta de resultados existe, …
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        self.render_with(lang, false)
    }

    /// Renders the error as [`Error::render`] does, with the labels in colour (ANSI escapes,
    /// which `anstream` removes when the terminal or `--color` does not want them).
    pub fn render_styled(&self, lang: Lang) -> String {
        self.render_with(lang, true)
    }

    fn render_with(&self, lang: Lang, styled: bool) -> String {
        let label = |key: &str, color: AnsiColor| {
            let text = tr(lang, key, &[]);
            if styled {
                let style = Style::new().bold().fg_color(Some(color.into()));
                format!("{style}{text}:{style:#}")
            } else {
                format!("{text}:")
            }
        };
        let mut out = format!(
            "{} {}",
            label("cli.error", AnsiColor::Red),
            self.message.get(lang)
        );
        for d in &self.details {
            out.push_str("\n  ");
            out.push_str(d.get(lang));
        }
        for c in &self.causes {
            out.push('\n');
            out.push_str(&label("cli.caused-by", AnsiColor::Yellow));
            out.push(' ');
            // A parser's cause may span lines (a quoted line and a caret): indent the rest.
            out.push_str(&c.trim_end().replace('\n', "\n  "));
        }
        for h in &self.hints {
            out.push('\n');
            out.push_str(&label("cli.hint", AnsiColor::Cyan));
            out.push(' ');
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_message_details_causes_and_hints_in_that_order() {
        let mut e = Error::new("error.write", &[("path", &"outputs/2024-Q2")])
            .cause("Permission denied (os error 13)")
            .hint("hint.write", &[]);
        e.details
            .push(Text::of(&[(Lang::Es, "detalle"), (Lang::En, "detail")]));
        let es = e.render(Lang::Es);
        let lines: Vec<&str> = es.lines().collect();
        assert_eq!(lines[0], "error: no se pudo escribir outputs/2024-Q2");
        assert_eq!(lines[1], "  detalle");
        assert_eq!(lines[2], "causa: Permission denied (os error 13)");
        assert!(lines[3].starts_with("sugerencia: compruebe"), "{es}");
        let en = e.render(Lang::En);
        assert!(en.contains("\ncaused by: Permission"), "{en}");
        assert!(en.contains("\nhint: check that"), "{en}");
        assert!(e.render_styled(Lang::En).contains("\u{1b}["));
    }
}
