//! The integration tests that share nothing process-wide, in one binary so that Typst is
//! linked once for all of them (as mdBook's `tests/testsuite/`). Each module is one theme;
//! run one with `cargo test --release --test suite <module>::`.
//!
//! Binaries of their own are kept for the tests that rely on process-wide state: the faked
//! workers of `hostile_workers` (which program reads), the key counter of `strings` (which
//! keys a run asked for), and the fuzz runs (`fuzz`, `fuzz_workers`: their iteration counts).

#[path = "../common/mod.rs"]
mod common;

mod checks;
mod cli;
mod figures;
mod fixtures;
mod follow_up;
mod forms;
mod hostile;
mod hostile_large;
mod house;
mod import;
mod init;
mod languages;
mod mail;
mod messages;
mod narrative;
mod open_data;
mod overview;
mod plan;
mod plan_book;
mod plan_dates;
mod progress;
mod published;
mod remind;
mod reporting;
mod render;
mod revisions;
mod second_plan;
mod snapshots;
mod texts;
mod tracker;
mod word;
