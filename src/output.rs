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

/// Collects outputs under one folder and records each for the manifest.
pub struct OutputSet {
    root: PathBuf,
    /// What has been written, in order.
    pub written: Vec<Written>,
}

impl OutputSet {
    /// Starts a set of outputs under `root` (the outputs folder).
    pub fn new(root: &Path) -> OutputSet {
        OutputSet {
            root: root.to_path_buf(),
            written: Vec::new(),
        }
    }

    /// Writes `bytes` at `rel` (relative to the outputs folder) and records it.
    pub fn write(&mut self, rel: &str, kind: &str, lang: Option<Lang>, bytes: &[u8]) -> Result<()> {
        write_atomic(&self.root.join(rel), bytes)?;
        self.written.push(Written {
            path: rel.to_string(),
            kind: kind.to_string(),
            lang,
            sha256: crate::ingest::sha256_hex(bytes),
        });
        Ok(())
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
    fn writes_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b.txt");
        write_atomic(&p, b"hello").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"hello");
        let leftovers: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
