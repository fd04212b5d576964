//! The work plan as data: priorities, activities, agencies and calendars.
//!
//! The plan lives in `inputs/plan/plan.toml`, written so a secretariat officer can revise it at
//! mid-term: each calendar is kept as the phrase typed in the document, and its structure is
//! derived here by [`schedule::parse`]. Loading resolves agencies against the registry and
//! checks the plan; problems that make reconciliation meaningless (a duplicate code, an unknown
//! agency, an unreadable calendar) stop the run, the rest become findings.
//!
//! The plan file's shape is `file`, the plan the other stages use is `model`, and the checks
//! between them are `checks`; this file reads the plan from the inputs folder and writes it out.
//! `import` proposes a plan file from the plan's own document (Word, or a spreadsheet).

mod checks;
mod file;
pub mod import;
mod model;
pub mod registry;
pub mod revisions;
pub mod schedule;
pub mod workbook;

use std::path::Path;

use crate::error::{Error, Result};

pub use file::{CodesFile, PLAN_FILE};
pub use model::{
    irregularity_key, join_words, Activity, Footnote, Group, Plan, PlanAgency, PlanMeta, Priority,
    ReviewSupport, Roles, ScheduleEntry, Section, Source, IRREGULARITIES,
};
pub use registry::Registry;
pub use schedule::Schedule;

use checks::{build, build_from};
use file::{parse_file, to_toml, PlanFile};

impl Plan {
    /// Reads and checks the plan in `inputs`: `plan/plan.toml` or `plan/plan.xlsx`, exactly one.
    pub fn load(inputs: &Path) -> Result<Plan> {
        let source = if inputs
            .join(workbook::PLAN_WORKBOOK)
            .symlink_metadata()
            .is_ok()
        {
            workbook::PLAN_WORKBOOK
        } else {
            PLAN_FILE
        };
        build_from(read_file(inputs)?, source)
    }

    /// Writes the plan of `inputs`, as it is written there, to `target`: a workbook in `langs`
    /// (the run's languages) when its name ends in `.xlsx`, a plan file when it ends in
    /// `.toml`. An existing file is never replaced; the file appears whole or not at all.
    pub fn export(inputs: &Path, target: &Path, langs: &[crate::i18n::Lang]) -> Result<()> {
        let file = read_file(inputs)?;
        // Checked first, so that a plan that cannot load is not exported.
        build(file.clone())?;
        let shown = target.display();
        let ext = target
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let bytes = match ext.as_str() {
            "xlsx" => workbook::write(&file, langs)?,
            "toml" => to_toml(&file)?.into_bytes(),
            _ => {
                return Err(Error::new("error.export-kind", &[("path", &shown)])
                    .hint("hint.export-kind", &[]))
            }
        };
        write_new(target, &bytes)
    }

    /// Proposes a plan file from a plan's document (`.docx`, or one table of activities in a
    /// `.xlsx`, `.ods` or `.csv`), read in a reading worker, and writes it to `out`, else to
    /// `plan/plan.toml` under `inputs` when the folder has no plan. An existing file is never
    /// replaced. Returns where it was written and what a person must check.
    pub fn import(
        source: &Path,
        inputs: &Path,
        out: Option<&Path>,
        period: Option<(crate::calendar::YearMonth, crate::calendar::YearMonth)>,
        lang: crate::i18n::Lang,
    ) -> Result<(std::path::PathBuf, import::Imported)> {
        let shown = source.display().to_string();
        let target = match out {
            Some(p) => p.to_path_buf(),
            None => {
                let has_plan = inputs.join(PLAN_FILE).symlink_metadata().is_ok()
                    || inputs
                        .join(workbook::PLAN_WORKBOOK)
                        .symlink_metadata()
                        .is_ok();
                if has_plan {
                    let dir = inputs.join("plan").display().to_string();
                    return Err(Error::new("error.import-plan-exists", &[("dir", &dir)])
                        .hint("hint.import-plan-exists", &[]));
                }
                inputs.join(PLAN_FILE)
            }
        };
        let ext = source
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let unreadable = |cause: String| {
            Error::new("error.import-unreadable", &[("path", &shown)])
                .cause(cause)
                .hint("hint.import-unreadable", &[])
        };
        let limits = crate::sheets::Limits::default();
        let imported = match ext.as_str() {
            "docx" | "odt" => {
                let bytes = read_source(source, &limits)?;
                let doc = crate::sheets::worker::read_document(&bytes, &ext, &limits)
                    .map_err(|e| unreadable(format!("{e:?}")))?;
                import::from_document(&doc, &shown, period)?
            }
            "xlsx" | "xlsm" | "ods" | "xls" | "csv" | "txt" => {
                let bytes = read_source(source, &limits)?;
                let grids = crate::sheets::worker::read(&bytes, &ext, &limits, import::is_header)
                    .map_err(|e| unreadable(format!("{e:?}")))?;
                import::from_grids(&grids, &shown, period)?
            }
            _ => {
                return Err(Error::new("error.import-kind", &[("path", &shown)])
                    .hint("hint.import-kind", &[]))
            }
        };
        let text = format!(
            "{}{}",
            import::heading(&shown, &imported, lang),
            imported.toml
        );
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::new("error.export-write", &[("path", &target.display())])
                    .cause(e)
                    .hint("hint.export-write", &[])
            })?;
        }
        write_new(&target, text.as_bytes())?;
        Ok((target, imported))
    }

    /// Parses and checks a plan from the text of a plan file.
    pub fn parse(src: &str) -> Result<Plan> {
        build(parse_file(src)?)
    }
}

/// Reads a document to import, refusing one over the file size limit before reading it.
fn read_source(source: &Path, limits: &crate::sheets::Limits) -> Result<Vec<u8>> {
    let shown = source.display().to_string();
    let failed = |e: std::io::Error| {
        Error::new("error.import-unreadable", &[("path", &shown)])
            .cause(e)
            .hint("hint.import-unreadable", &[])
    };
    let size = std::fs::metadata(source).map_err(failed)?.len();
    if size > limits.max_file_bytes {
        return Err(Error::new("error.import-unreadable", &[("path", &shown)])
            .cause(format!("{size} bytes"))
            .hint("hint.import-unreadable", &[]));
    }
    std::fs::read(source).map_err(failed)
}

/// Writes `bytes` to `target`, never over an existing file: the file appears whole or not at
/// all.
fn write_new(target: &Path, bytes: &[u8]) -> Result<()> {
    let shown = target.display();
    if target.symlink_metadata().is_ok() {
        return Err(
            Error::new("error.export-exists", &[("path", &shown)]).hint("hint.export-exists", &[])
        );
    }
    let failed = |e: std::io::Error| {
        Error::new("error.export-write", &[("path", &shown)])
            .cause(e)
            .hint("hint.export-write", &[])
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = target.with_file_name(format!(".{name}.{}.part", std::process::id()));
    std::fs::write(&staging, bytes).map_err(failed)?;
    // A hard link never replaces an existing file, unlike a rename.
    let linked = std::fs::hard_link(&staging, target);
    let _ = std::fs::remove_file(&staging);
    linked.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::new("error.export-exists", &[("path", &shown)]).hint("hint.export-exists", &[])
        } else {
            failed(e)
        }
    })
}

/// Reads the plan file of `inputs` as written, from the TOML file or the workbook.
fn read_file(inputs: &Path) -> Result<PlanFile> {
    let path = inputs.join(PLAN_FILE);
    let book = inputs.join(workbook::PLAN_WORKBOOK);
    let has_book = book.symlink_metadata().is_ok();
    if has_book && path.symlink_metadata().is_ok() {
        let dir = path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        return Err(Error::new("error.plan-both", &[("dir", &dir)]).hint("hint.plan-both", &[]));
    }
    if has_book {
        let bytes = std::fs::read(&book).map_err(|e| {
            Error::new("error.plan-book-unreadable", &[("path", &book.display())])
                .cause(e)
                .hint("hint.plan-book-unreadable", &[])
        })?;
        return workbook::read(&bytes, &book.display().to_string());
    }
    let src = std::fs::read_to_string(&path).map_err(|e| {
        Error::new("error.plan-missing", &[("path", &path.display())])
            .cause(e)
            .hint("hint.plan-missing", &[])
    })?;
    parse_file(&src)
}
