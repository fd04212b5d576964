//! One module per command; each returns the exit status or an error that stops the run.
//!
//! Commands are the one part of the library that writes to the terminal: what a command
//! prints is its output (stdout), and what it says about its work goes to stderr, as much as
//! [`Terminal::verbosity`] allows. Text may carry ANSI styles; it is printed through
//! `anstream`, which drops them when stdout or stderr is not a terminal, when `NO_COLOR` is
//! set, or under `--color never`.

use crate::i18n::{format_int, tr, Lang};
use crate::progress::{Progress, Silent};

pub mod check;
pub mod diff;
pub mod forms;
pub mod init;
pub mod plan;
pub mod publish;
pub mod run;

/// How much a command says on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Verbosity {
    /// Errors only (`-q`).
    Quiet,
    /// A summary line, notes about the plan.
    #[default]
    Normal,
    /// Also timings and every file read or written (`-v`).
    Verbose,
}

/// How a command talks to the person running it.
#[derive(Clone, Copy)]
pub struct Terminal<'a> {
    /// How much to say on stderr.
    pub verbosity: Verbosity,
    /// Told the steps of the long stages, to draw a progress bar.
    pub progress: &'a dyn Progress,
}

impl Terminal<'static> {
    /// Says what the command did, with no progress bar.
    pub fn plain() -> Terminal<'static> {
        Terminal {
            verbosity: Verbosity::Normal,
            progress: &Silent,
        }
    }
}

impl Terminal<'_> {
    /// Returns true unless `-q` was given.
    pub fn says(&self) -> bool {
        self.verbosity > Verbosity::Quiet
    }

    /// Returns true when `-v` was given.
    pub fn is_verbose(&self) -> bool {
        self.verbosity == Verbosity::Verbose
    }
}

/// Wraps `text` in an ANSI style (see the module documentation on how it reaches the screen).
pub fn styled(style: anstyle::Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// Wraps `text` to `width` columns, each line after the first indented by `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if line_len > 0 && line_len + 1 + w > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line_len = indent;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        } else {
            line_len = indent;
        }
        out.push_str(word);
        line_len += w;
    }
    out
}

/// Returns `n` with its words in `lang`: string-table key `one` for 1, `other` for any other
/// number ("1 archivo leído", "3 archivos leídos").
pub fn counted(lang: Lang, n: impl Into<u64>, one: &str, other: &str) -> String {
    let n: u64 = n.into();
    let key = if n == 1 { one } else { other };
    let shown = format_int(lang, i64::try_from(n).unwrap_or(i64::MAX));
    tr(lang, key, &[("n", &shown)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_singular_for_one_only() {
        let files =
            |lang, n: u64| counted(lang, n, "count.files-read.one", "count.files-read.other");
        assert_eq!(files(Lang::Es, 1), "1 archivo leído");
        assert_eq!(files(Lang::Es, 0), "0 archivos leídos");
        assert_eq!(files(Lang::Es, 12_000), "12.000 archivos leídos");
        assert_eq!(files(Lang::En, 1), "1 file read");
        assert_eq!(files(Lang::En, 12_000), "12,000 files read");
    }
}
