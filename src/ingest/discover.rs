//! Finds the form files under the inputs folder, in a fixed order, and says what it cannot
//! open. It reads no file's contents.

use std::path::{Path, PathBuf};

use crate::findings::{Code, Finding, Location};
use crate::sheets::mail::MAIL;

/// File extensions read as spreadsheets (e-mails, `.eml` and `.msg`, are read for theirs).
pub const EXTENSIONS: &[&str] = crate::sheets::mail::READABLE;

/// The folders, inside the inputs folder, that hold forms.
pub const FORM_FOLDERS: &[&str] = &["status", "pledges"];

/// Lists the form files under `inputs`, skipping hidden and office lock files, in path order.
/// Files of other kinds in the form folders are reported as info findings; a file or folder
/// that cannot be opened (permissions, a dangling link, a name that is not valid text, a
/// device or pipe) is reported as unreadable: nothing under the form folders is skipped
/// without a word.
pub fn discover(inputs: &Path) -> (Vec<PathBuf>, Vec<Finding>) {
    let mut files = Vec::new();
    let mut findings = Vec::new();
    for folder in FORM_FOLDERS {
        let dir = inputs.join(folder);
        if !dir.exists() && dir.symlink_metadata().is_err() {
            continue; // a folder the inputs do not have
        }
        let mut visited = Vec::new();
        let mut walk = Walk {
            inputs,
            files: &mut files,
            findings: &mut findings,
            visited: &mut visited,
        };
        walk.dir(&dir, 0);
    }
    files.sort();
    (files, findings)
}

/// Whether a file is passed over without a word: hidden files (`.name`, LibreOffice's
/// `.~lock.name#`) and the lock files of office programs (`~$name.xlsx`).
pub fn passed_over(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

/// Why a path under the form folders cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PathProblem {
    /// The operating system refuses access.
    Permission,
    /// A symbolic link to something that does not exist.
    DanglingLink,
    /// The name is not valid text (UTF-8).
    BadName,
    /// Neither a file nor a folder (a device, a pipe, a socket).
    NotRegular,
    /// Any other error of the operating system.
    Other,
}

impl PathProblem {
    pub(super) fn of(e: &std::io::Error) -> PathProblem {
        match e.kind() {
            std::io::ErrorKind::PermissionDenied => PathProblem::Permission,
            std::io::ErrorKind::NotFound => PathProblem::DanglingLink,
            _ => PathProblem::Other,
        }
    }

    fn key(self) -> &'static str {
        match self {
            PathProblem::Permission => "reason.permission",
            PathProblem::DanglingLink => "reason.dangling-link",
            PathProblem::BadName => "reason.bad-name",
            PathProblem::NotRegular => "reason.not-regular",
            PathProblem::Other => "reason.io",
        }
    }
}

/// The finding on a file or folder that cannot be opened.
pub(super) fn unreadable_path(rel: &str, problem: PathProblem) -> Finding {
    Finding::localized_with(
        Code::UnreadableFile,
        "finding.unreadable-path",
        Location::file(rel),
        |lang| vec![("reason", crate::i18n::tr(lang, problem.key(), &[]))],
    )
}

struct Walk<'a> {
    inputs: &'a Path,
    files: &'a mut Vec<PathBuf>,
    findings: &'a mut Vec<Finding>,
    visited: &'a mut Vec<PathBuf>,
}

impl Walk<'_> {
    fn problem(&mut self, path: &Path, problem: PathProblem) {
        let rel = relative(path, self.inputs);
        self.findings.push(unreadable_path(&rel, problem));
    }

    fn dir(&mut self, dir: &Path, depth: usize) {
        // Symlink loops and absurd depths end here, whatever the folder holds.
        let canonical = match dir.canonicalize() {
            Ok(c) => c,
            Err(e) => return self.problem(dir, PathProblem::of(&e)),
        };
        if depth > 32 || self.visited.contains(&canonical) {
            return;
        }
        self.visited.push(canonical);
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.problem(dir, PathProblem::of(&e)),
        };
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Ok(e) => paths.push(e.path()),
                Err(e) => self.problem(dir, PathProblem::of(&e)),
            }
        }
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap_or_default();
            let lossy = name.to_string_lossy();
            if passed_over(&lossy) {
                continue;
            }
            if name.to_str().is_none() {
                self.problem(&path, PathProblem::BadName);
                continue;
            }
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
                    let problem = match PathProblem::of(&e) {
                        PathProblem::DanglingLink if !is_link => PathProblem::Other,
                        p => p,
                    };
                    self.problem(&path, problem);
                    continue;
                }
            };
            if meta.is_dir() {
                self.dir(&path, depth + 1);
                continue;
            }
            let ext = extension(&path);
            let read = EXTENSIONS.contains(&ext.as_str()) || MAIL.contains(&ext.as_str());
            if !meta.is_file() {
                if read {
                    self.problem(&path, PathProblem::NotRegular);
                }
                continue;
            }
            if read {
                self.files.push(path);
            } else {
                let rel = relative(&path, self.inputs);
                self.findings
                    .push(Finding::new(Code::IgnoredFile, Location::file(&rel), &[]));
            }
        }
    }
}

pub(super) fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Returns `path` relative to `inputs`, with `/`.
pub fn relative(path: &Path, inputs: &Path) -> String {
    let rel = path.strip_prefix(inputs).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
