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

mod checks;
mod file;
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

    /// Writes the plan of `inputs`, as it is written there, to `target`: a workbook when its
    /// name ends in `.xlsx`, a plan file when it ends in `.toml`. An existing file is never
    /// replaced; the file appears whole or not at all.
    pub fn export(inputs: &Path, target: &Path) -> Result<()> {
        let file = read_file(inputs)?;
        // Checked first, so that a plan that cannot load is not exported.
        build(file.clone())?;
        let shown = target.display();
        let ext = target
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let bytes = match ext.as_str() {
            "xlsx" => workbook::write(&file)?,
            "toml" => to_toml(&file)?.into_bytes(),
            _ => {
                return Err(Error::new("error.export-kind", &[("path", &shown)])
                    .hint("hint.export-kind", &[]))
            }
        };
        if target.symlink_metadata().is_ok() {
            return Err(Error::new("error.export-exists", &[("path", &shown)])
                .hint("hint.export-exists", &[]));
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
        std::fs::write(&staging, &bytes).map_err(failed)?;
        // A hard link never replaces an existing file, unlike a rename.
        let linked = std::fs::hard_link(&staging, target);
        let _ = std::fs::remove_file(&staging);
        linked.map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::new("error.export-exists", &[("path", &shown)])
                    .hint("hint.export-exists", &[])
            } else {
                failed(e)
            }
        })
    }

    /// Parses and checks a plan from the text of a plan file.
    pub fn parse(src: &str) -> Result<Plan> {
        build(parse_file(src)?)
    }
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
