//! Helpers shared by the integration tests: build an inputs folder from a fixture and run the
//! pipeline on it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use seguimiento::config::RunConfig;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let ft = entry.file_type().unwrap();
        if ft.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if ft.is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Builds an inputs folder in a temporary directory: the fixture's files (and its follow-up
/// register, if it has one), the shipped plan, and settings with `as_of`.
pub fn inputs_from(fixture: &Path, as_of: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["status", "pledges"] {
        let from = fixture.join(sub);
        if from.is_dir() {
            copy_tree(&from, &dir.path().join(sub));
        }
    }
    let register = fixture.join("follow-up.xlsx");
    if register.is_file() {
        std::fs::copy(&register, dir.path().join("follow-up.xlsx")).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("plan")).unwrap();
    std::fs::copy(
        root().join("inputs/plan/plan.toml"),
        dir.path().join("plan/plan.toml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("seguimiento.toml"),
        format!("as_of = {as_of}\n"),
    )
    .unwrap();
    dir
}

/// Returns a run configuration over `inputs`, writing to `outputs`.
pub fn config(inputs: &Path, outputs: &Path, as_of: &str) -> RunConfig {
    RunConfig::new(
        inputs.to_path_buf(),
        outputs.to_path_buf(),
        Some(NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap()),
        None,
    )
    .unwrap()
}

/// A small deterministic random source (xorshift) for the property runs: the same seed gives
/// the same inputs on every machine.
pub struct Rng(pub u64);

impl Rng {
    /// Returns the next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Returns a number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// How many iterations a property run makes: `SEGUIMIENTO_FUZZ_ITERATIONS`, else `default`.
pub fn iterations(default: usize) -> usize {
    std::env::var("SEGUIMIENTO_FUZZ_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// The shipped plan (`inputs/plan/`), loaded once: its registry names agencies as a run of
/// the sample does.
pub fn shipped_plan() -> &'static seguimiento::plan::Plan {
    static PLAN: std::sync::OnceLock<seguimiento::plan::Plan> = std::sync::OnceLock::new();
    PLAN.get_or_init(|| seguimiento::plan::Plan::load(&root().join("inputs")).unwrap())
}
