//! The revisions to published quarters, as the progress report lists them (filled in by the record of runs).

use serde::Serialize;

use crate::i18n::Text;

/// How an input differs since publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Not there at publication.
    Added,
    /// Other bytes than at publication.
    Changed,
    /// There at publication, gone now.
    Removed,
}

impl Change {
    pub(crate) fn key(self) -> &'static str {
        match self {
            Change::Added => "published.file.added",
            Change::Changed => "published.file.changed",
            Change::Removed => "published.file.removed",
        }
    }
}

/// An input that differs, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// Relative to the inputs folder.
    pub path: String,
    /// How it differs.
    pub change: Change,
}

/// One published figure that differs when recomputed.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    /// The published quarter.
    pub period: String,
    /// The figure's key in the manifest (`activities.by_status.completed`).
    pub key: String,
    /// The figure in words.
    pub figure: Text,
    /// The published value, in words.
    pub published: Text,
    /// The recomputed value, in words.
    pub now: Text,
    /// The inputs that differ since publication.
    pub files: Vec<FileChange>,
    /// The rows of those files that moved the figure, where known.
    pub rows: Vec<crate::findings::Location>,
}

/// What the progress report says about published quarters.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Revisions {
    /// The published quarters, oldest first.
    pub published: Vec<String>,
    /// Every figure that differs, quarter by quarter.
    pub list: Vec<Revision>,
}
