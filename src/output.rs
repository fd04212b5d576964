//! Writing outputs: whole files or none, and the manifest that lists them.
//!
//! Every file is written under a temporary name in its final folder, flushed to disk, then
//! renamed into place, so a reader never sees half a file and a failed run leaves the previous
//! outputs as they were. Text written to CSV is neutralised so that no cell can become a
//! spreadsheet formula.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::findings::Finding;
use crate::i18n::Lang;

/// One written output, as the manifest lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// Relative to the outputs folder, with `/`.
    pub path: String,
    /// `progress-report`, `pledge-summary`, `regional-review`, `tracker`, `findings`, `message`.
    pub kind: String,
    /// `es`, `en`, or none.
    pub lang: Option<Lang>,
    /// SHA-256 of the bytes written.
    pub sha256: String,
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |e: std::io::Error| {
        Error::new("error.write", &[("path", &path.display())])
            .cause(e)
            .hint("hint.write", &[])
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// Collects one folder of outputs (`2024-Q2`, `forms/2024-07`) and puts it in place whole.
///
/// Files are written into a staging folder beside the target; [`OutputSet::commit`] then swaps
/// the staging folder in for the previous one. A run that fails before the swap (a read-only
/// or full disk, a template error) leaves the previous outputs exactly as they were.
pub struct OutputSet {
    root: PathBuf,
    folder: String,
    staging: PathBuf,
    /// What has been written, in order.
    pub written: Vec<Written>,
}

impl OutputSet {
    /// Starts the outputs of `folder` (relative to the outputs folder `root`, with `/`).
    pub fn new(root: &Path, folder: &str) -> Result<OutputSet> {
        let target = root.join(folder);
        let parent = target.parent().unwrap_or(root).to_path_buf();
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let fail = |e: std::io::Error| {
            Error::new("error.write", &[("path", &parent.display())])
                .cause(e)
                .hint("hint.write", &[])
        };
        std::fs::create_dir_all(&parent).map_err(fail)?;
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(fail)?;
        }
        std::fs::create_dir_all(&staging).map_err(fail)?;
        Ok(OutputSet {
            root: root.to_path_buf(),
            folder: folder.to_string(),
            staging,
            written: Vec::new(),
        })
    }

    /// Writes `bytes` at `name` (relative to the set's folder, with `/`) and records it.
    pub fn write(
        &mut self,
        name: &str,
        kind: &str,
        lang: Option<Lang>,
        bytes: &[u8],
    ) -> Result<()> {
        let result = write_atomic(&self.staging.join(name), bytes);
        if result.is_err() {
            self.abandon();
        }
        result?;
        self.written.push(Written {
            path: format!("{}/{name}", self.folder),
            kind: kind.to_string(),
            lang,
            sha256: crate::ingest::sha256_hex(bytes),
        });
        Ok(())
    }

    /// Puts the written folder in place of the previous one.
    pub fn commit(mut self) -> Result<Vec<Written>> {
        let target = self.root.join(&self.folder);
        let old = self.staging.with_extension("old");
        let fail = |e: std::io::Error| {
            Error::new("error.write", &[("path", &target.display())])
                .cause(e)
                .hint("hint.write", &[])
        };
        if target.exists() {
            if let Err(e) = std::fs::rename(&target, &old) {
                self.abandon();
                return Err(fail(e));
            }
        }
        if let Err(e) = std::fs::rename(&self.staging, &target) {
            let _ = std::fs::rename(&old, &target);
            self.abandon();
            return Err(fail(e));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(std::mem::take(&mut self.written))
    }

    /// Removes the staging folder; the previous outputs stay as they were.
    fn abandon(&self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        // After a commit the staging folder no longer exists; otherwise it is half a set.
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// Makes a text safe for a CSV cell: one that a spreadsheet would read as a formula gets a
/// leading apostrophe.
pub fn csv_safe(s: &str) -> String {
    match s.chars().next() {
        Some(
            '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}',
        ) => {
            format!("'{s}")
        }
        _ => s.to_string(),
    }
}

/// Returns the findings as CSV (UTF-8 with BOM, so spreadsheet programs read the accents).
pub fn findings_csv(findings: &[Finding], lang: Lang) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let header: Vec<String> = [
        "severity", "code", "file", "sheet", "row", "column", "activity", "pledge", "message",
    ]
    .iter()
    .map(|k| crate::i18n::tr(lang, &format!("csv.{k}"), &[]))
    .collect();
    let _ = w.write_record(&header);
    for f in findings {
        let row = [
            crate::i18n::tr(lang, &format!("severity.{}", f.severity().as_str()), &[]),
            f.code.as_str().to_string(),
            f.location.file.clone().unwrap_or_default(),
            f.location.sheet.clone().unwrap_or_default(),
            f.location.row.map(|r| r.to_string()).unwrap_or_default(),
            f.location.column.clone().unwrap_or_default(),
            f.activity.clone().unwrap_or_default(),
            f.pledge.clone().unwrap_or_default(),
            f.message.get(lang).to_string(),
        ];
        let _ = w.write_record(row.iter().map(|s| csv_safe(s)));
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_cannot_reach_a_spreadsheet() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("+1"), "'+1");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("en curso"), "en curso");
    }

    #[test]
    fn a_set_replaces_the_previous_one_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = OutputSet::new(dir.path(), "2024-Q1").unwrap();
        first.write("a.txt", "findings", None, b"one").unwrap();
        first.write("b.txt", "findings", None, b"one").unwrap();
        let written = first.commit().unwrap();
        assert_eq!(written[0].path, "2024-Q1/a.txt");

        // A second run that fails half-way leaves the first run's files untouched.
        let mut second = OutputSet::new(dir.path(), "2024-Q1").unwrap();
        second.write("a.txt", "findings", None, b"two").unwrap();
        drop(second);
        assert_eq!(
            std::fs::read(dir.path().join("2024-Q1/a.txt")).unwrap(),
            b"one"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "staging left behind: {names:?}");

        // A write that fails mid-run (a full disk, here a folder in the file's place) abandons
        // the set and leaves the previous outputs as they were.
        let mut failing = OutputSet::new(dir.path(), "2024-Q1").unwrap();
        failing.write("a.txt", "findings", None, b"two").unwrap();
        std::fs::create_dir_all(failing.staging.join("b.txt")).unwrap();
        assert!(failing.write("b.txt", "findings", None, b"two").is_err());
        drop(failing);
        assert_eq!(
            std::fs::read(dir.path().join("2024-Q1/a.txt")).unwrap(),
            b"one"
        );
        assert_eq!(
            std::fs::read(dir.path().join("2024-Q1/b.txt")).unwrap(),
            b"one"
        );

        let mut third = OutputSet::new(dir.path(), "2024-Q1").unwrap();
        third.write("a.txt", "findings", None, b"three").unwrap();
        third.commit().unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("2024-Q1/a.txt")).unwrap(),
            b"three"
        );
        assert!(!dir.path().join("2024-Q1/b.txt").exists());
    }

    #[test]
    fn writes_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b.txt");
        write_atomic(&p, b"hello").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"hello");
        let leftovers: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
