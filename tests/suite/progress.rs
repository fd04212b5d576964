//! The long stages report their steps through `progress::Progress`, which the binary turns into
//! a progress bar; here a counter stands in for the bar.

use crate::common;

use std::sync::Mutex;

use seguimiento::cmd::{Terminal, Verbosity};
use seguimiento::progress::{Progress, Stage};

/// Records every report: (stage, steps announced, steps done, ended).
#[derive(Default)]
struct Counter(Mutex<Vec<(Stage, u64, u64, bool)>>);

impl Progress for Counter {
    fn begin(&self, stage: Stage, steps: u64) {
        self.0.lock().unwrap().push((stage, steps, 0, false));
    }
    fn step(&self) {
        let mut stages = self.0.lock().unwrap();
        let current = stages.last_mut().expect("a step before any stage began");
        assert!(!current.3, "a step after the stage ended");
        current.2 += 1;
    }
    fn end(&self) {
        if let Some(current) = self.0.lock().unwrap().last_mut() {
            current.3 = true;
        }
    }
}

#[test]
fn reading_counts_each_file_and_writing_each_output() {
    let inputs = common::inputs_from(
        &common::root().join("tests/fixtures/several-sheets"),
        "2024-03-31",
    );
    let outputs = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), outputs.path(), "2024-03-31");
    let counter = Counter::default();
    let terminal = Terminal {
        verbosity: Verbosity::Quiet,
        progress: &counter,
    };
    let status = seguimiento::cmd::run::run_with(&config, false, &terminal).unwrap();
    assert!(status <= 1);
    let stages = counter.0.into_inner().unwrap();
    let files = seguimiento::check(&config).unwrap().intake.files.len() as u64;
    assert_eq!(
        stages,
        vec![
            (Stage::Reading, files, files, true),
            (Stage::Writing, 15, 15, true)
        ]
    );
}
