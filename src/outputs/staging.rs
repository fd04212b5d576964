//! Writing outputs: whole files or none, and the manifest that lists them.
//!
//! Every file is written under a temporary name in its final folder, flushed to disk, then
//! renamed into place, so a reader never sees half a file and a failed run leaves the previous
//! outputs as they were. A file can be streamed to disk as it is produced
//! ([`OutputSet::stage_with`]) instead of being held whole in memory first. Text written to
//! CSV is neutralised so that no cell can become a spreadsheet formula.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::i18n::Lang;

/// Returns the name of a file written in one language: its stem, a hyphen, the language's
/// code and the extension (`informe-de-avance-2024-Q2-es.pdf`, `messages/oim-en.eml`). Every
/// output that writes a file in each of the run's languages names it so.
pub fn lang_file_name(stem: &str, lang: Lang, extension: &str) -> String {
    format!("{stem}-{}.{extension}", lang.code())
}

/// One written output, as the manifest lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// Relative to the outputs folder, with `/`.
    pub path: String,
    /// `progress-report`, `pledge-summary`, `regional-review`, `tracker`, `message`,
    /// `findings`, `open-data`, `manifest`.
    pub kind: String,
    /// `es`, `en`, or none.
    pub lang: Option<Lang>,
    /// SHA-256 of the bytes written.
    pub sha256: String,
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    stream_atomic(path, |w| {
        w.write_all(bytes).map_err(|e| write_error(path, e))
    })
    .map(|_| ())
}

/// The writer [`OutputSet::stage_with`] hands out: buffered, and hashing what goes through it.
pub struct HashingWriter {
    file: BufWriter<std::fs::File>,
    hasher: Sha256,
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

fn write_error(path: &Path, e: std::io::Error) -> Error {
    Error::new("error.write", &[("path", &path.display())])
        .cause(e)
        .hint("hint.write", &[])
}

/// Streams a file to `path` atomically: `produce` writes it into a temporary file beside
/// `path`, which is flushed to disk and renamed into place only if `produce` succeeds.
/// Returns the SHA-256 of what was written.
fn stream_atomic(
    path: &Path,
    produce: impl FnOnce(&mut HashingWriter) -> Result<()>,
) -> Result<String> {
    let fail = |e: std::io::Error| write_error(path, e);
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut w = HashingWriter {
            file: BufWriter::new(std::fs::File::create(&tmp).map_err(fail)?),
            hasher: Sha256::new(),
        };
        produce(&mut w)?;
        let file = w.file.into_inner().map_err(|e| fail(e.into_error()))?;
        file.sync_all().map_err(fail)?;
        std::fs::rename(&tmp, path).map_err(fail)?;
        let digest = w.hasher.finalize();
        Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
        clean_abandoned(&parent);
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
        match self.stage(name, kind, lang, bytes) {
            Ok(written) => {
                self.record(written);
                Ok(())
            }
            Err(e) => {
                self.abandon();
                Err(e)
            }
        }
    }

    /// Writes `bytes` at `name` into the staging folder and returns its record, without
    /// recording it: several threads may stage files at once, and the caller
    /// [`record`](OutputSet::record)s them in a fixed order, so the manifest does not depend
    /// on which finished first.
    pub fn stage(
        &self,
        name: &str,
        kind: &str,
        lang: Option<Lang>,
        bytes: &[u8],
    ) -> Result<Written> {
        self.stage_with(name, kind, lang, |w| {
            w.write_all(bytes)
                .map_err(|e| write_error(&self.staging.join(name), e))
        })
    }

    /// Like [`stage`](OutputSet::stage), for a file that `produce` streams into the writer it
    /// is given instead of holding it whole in memory. The file appears in the staging folder
    /// only if `produce` succeeds.
    pub fn stage_with(
        &self,
        name: &str,
        kind: &str,
        lang: Option<Lang>,
        produce: impl FnOnce(&mut HashingWriter) -> Result<()>,
    ) -> Result<Written> {
        let sha256 = stream_atomic(&self.staging.join(name), produce)?;
        Ok(Written {
            path: format!("{}/{name}", self.folder),
            kind: kind.to_string(),
            lang,
            sha256,
        })
    }

    /// Adds a staged file to the list of what was written.
    pub fn record(&mut self, written: Written) {
        self.written.push(written);
    }

    /// Adds staged files, in order, to the list of what was written.
    pub fn record_all(&mut self, written: impl IntoIterator<Item = Written>) {
        self.written.extend(written);
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

/// Removes the staging folders (`.<name>.staging-<pid>`, and their `.old` swaps) that a run
/// killed before it could commit left in `parent`, when their process no longer exists. A
/// folder of a run still going is left alone.
fn clean_abandoned(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let own = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = staging_pid(&name) else {
            continue;
        };
        if pid != own && !process_exists(pid) && entry.path().is_dir() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The process id in a staging folder's name (`.2024-Q1.staging-4242`, `….staging-4242.old`).
fn staging_pid(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let (_, rest) = name.rsplit_once(".staging-")?;
    let digits = rest.strip_suffix(".old").unwrap_or(rest);
    digits.parse().ok()
}

/// Whether a process with this id exists (a signal 0 reaches it, or would but for permission).
fn process_exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 checks only that the process exists; nothing is sent.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_folders_name_their_process() {
        assert_eq!(staging_pid(".2024-Q1.staging-4242"), Some(4242));
        assert_eq!(staging_pid(".2024-07.staging-17.old"), Some(17));
        assert_eq!(staging_pid("2024-Q1"), None);
        assert_eq!(staging_pid(".2024-Q1.staging-x"), None);
        assert!(process_exists(std::process::id()));
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
    fn staged_files_are_streamed_hashed_and_listed_in_the_callers_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut set = OutputSet::new(dir.path(), "2024-Q1").unwrap();
        let b = set
            .stage_with("b.txt", "tracker", Some(Lang::En), |w| {
                w.write_all(b"stre").unwrap();
                w.write_all(b"amed").unwrap();
                Ok(())
            })
            .unwrap();
        let a = set.stage("a.txt", "findings", None, b"one").unwrap();
        assert_eq!(b.sha256, crate::ingest::sha256_hex(b"streamed"));
        assert_eq!(a.sha256, crate::ingest::sha256_hex(b"one"));
        // A file whose making fails half-way is not left behind, whole or in part.
        let failed = set.stage_with("c.txt", "tracker", None, |w| {
            w.write_all(b"half").unwrap();
            Err(Error::new("error.write", &[("path", &"c.txt")]))
        });
        assert!(failed.is_err());
        set.record(a);
        set.record(b);
        let written = set.commit().unwrap();
        let paths: Vec<_> = written.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(paths, ["2024-Q1/a.txt", "2024-Q1/b.txt"]);
        let mut names: Vec<_> = std::fs::read_dir(dir.path().join("2024-Q1"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["a.txt", "b.txt"]);
        assert_eq!(
            std::fs::read(dir.path().join("2024-Q1/b.txt")).unwrap(),
            b"streamed"
        );
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
