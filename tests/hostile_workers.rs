//! How a worker's end becomes a finding: a worker that never answers is stopped after
//! `max_reader_seconds`, one that dies is reported as stopped, and the next file gets a new
//! worker. Stand-in worker programs (shell scripts) play the misbehaving reader; the real one is
//! exercised by the tests that run the binary (`tests/suite/hostile.rs`).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use seguimiento::config::Limits;
use seguimiento::ingest::forms::is_header;
use seguimiento::sheets::worker;
use seguimiento::sheets::ReadError;

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn a_worker_that_hangs_or_dies_costs_its_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        max_reader_seconds: 1,
        ..Limits::default()
    };
    let bytes = b"C\xc3\xb3digo;Estado\nB1.3;en curso\n";

    // Reads its input, then never answers.
    worker::use_program(Some(script(dir.path(), "hang", "exec sleep 600")));
    match worker::read(bytes, "csv", &limits, is_header) {
        Err(e) => assert_eq!(
            e,
            ReadError::Limit {
                setting: "max_reader_seconds",
                value: 1
            }
        ),
        Ok(_) => panic!("a worker that never answers gave grids"),
    }

    // Dies at once.
    worker::use_program(Some(script(dir.path(), "die", "exit 7")));
    match worker::read(bytes, "csv", &limits, is_header) {
        Err(ReadError::ReaderStopped { status, .. }) => assert_eq!(status, Some(7)),
        other => panic!("{other:?}"),
    }

    // The real binary, after both: a new worker reads the file.
    worker::use_program(Some(PathBuf::from(env!("CARGO_BIN_EXE_seguimiento"))));
    let grids = worker::read(bytes, "csv", &limits, is_header).unwrap();
    assert_eq!(grids[0].rows.len(), 2);
    // And again, from the pool.
    assert_eq!(
        worker::read(bytes, "csv", &limits, is_header).unwrap()[0]
            .rows
            .len(),
        2
    );
    worker::use_program(None);
    // In process once no program is set.
    assert_eq!(
        worker::read(bytes, "csv", &limits, is_header).unwrap()[0]
            .rows
            .len(),
        2
    );
}
