//! One module per command; each returns the exit status or an error that stops the run.
//!
//! Commands are the one part of the library that writes to the terminal: what a command
//! prints is its output (stdout), and what it says about its work goes to stderr, as much as
//! [`Terminal::verbosity`] allows. Text may carry ANSI styles; it is printed through
//! `anstream`, which drops them when stdout or stderr is not a terminal, when `NO_COLOR` is
//! set, or under `--color never`.

use crate::progress::{Progress, Silent};

pub mod check;
pub mod diff;
pub mod follow_up;
pub mod forms;
pub mod init;
pub mod narrative;
pub mod plan;
pub mod publish;
pub mod remind;
pub mod run;
pub mod text;

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
