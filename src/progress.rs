//! How far the long work has got, told to whoever wants to show it.
//!
//! The library never prints: the stages that can take a while (reading the forms, writing the
//! outputs) count their steps into a [`Progress`], and the binary draws a bar from them on a
//! terminal. A report carries counts only, so nothing told here can change an output.

/// A stage that reports its steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the form files: one step per file.
    Reading,
    /// Writing the outputs: one step per document, tracker, and the messages together.
    Writing,
}

/// Receives the steps of the long stages. Called from several threads at once.
pub trait Progress: Sync {
    /// A stage begins, with `steps` steps to go.
    fn begin(&self, stage: Stage, steps: u64);
    /// One more step of the current stage is done.
    fn step(&self);
    /// The current stage is over.
    fn end(&self);
}

/// A [`Progress`] that shows nothing: for tests, scripts and the short commands.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn begin(&self, _: Stage, _: u64) {}
    fn step(&self) {}
    fn end(&self) {}
}
