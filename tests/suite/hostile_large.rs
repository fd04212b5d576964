//! A workbook of 120,000 rows whose status cells hold 3,000 characters each (about 400 MB of
//! cell text once unpacked), generated here, never committed: every row is rejected with a
//! finding, and memory and findings stay proportional to the data, not to the cells' length.
//! It runs the binary, which reads the file in a worker; the peak memory asserted is that of
//! the largest process (the run or its worker), as the operating system counts it.

use crate::common;

use std::process::Command;

const ROWS: u32 = 120_000;
const CELL: usize = 3_000;

fn generate(path: &std::path::Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().unwrap();
    ws.set_name("Estado").unwrap();
    for (c, h) in ["Código", "Periodo", "Agencia", "Estado"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let words = [
        "coordinación ",
        "reuniones ",
        "con las redes nacionales ",
        "y la sociedad civil, ",
        "en el marco del plan ",
    ];
    for r in 1..=ROWS {
        // Every cell its own text, so the file compresses as real narratives do.
        let mut text = format!("Fila {r}: ");
        let mut k = r as usize;
        while text.len() < CELL {
            k = k
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(words[(k >> 33) % words.len()]);
        }
        text.truncate(text.floor_char_boundary(CELL));
        ws.write_string(r, 0, "B1.3").unwrap();
        ws.write_string(r, 1, "2024-03").unwrap();
        ws.write_string(r, 2, "OIM").unwrap();
        ws.write_string(r, 3, &text).unwrap();
    }
    wb.save(path).unwrap();
}

/// Peak resident memory of the largest child process waited for, in MB.
fn children_peak_mb() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss as f64 / 1024.0
}

#[test]
fn a_workbook_of_huge_cells_costs_memory_and_findings_in_proportion() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
    std::fs::remove_dir_all(inputs.path().join("status")).unwrap();
    std::fs::create_dir_all(inputs.path().join("status")).unwrap();
    let file = inputs.path().join("status/huge-cells.xlsx");
    generate(&file);
    let findings = dir.path().join("findings.json");
    let status = Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .arg("--inputs")
        .arg(inputs.path())
        .args(["--as-of", "2024-03-31", "check", "--format", "json"])
        .stdout(std::fs::File::create(&findings).unwrap())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "{status:?}");
    let peak = children_peak_mb();
    let size = std::fs::metadata(&findings).unwrap().len();
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&findings).unwrap()).unwrap();
    let account = doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["path"] == "status/huge-cells.xlsx")
        .unwrap()
        .clone();
    assert_eq!(account["rows"], ROWS);
    assert_eq!(account["rejected"], ROWS);
    assert_eq!(account["accepted"], 0);
    let list = doc["findings"].as_array().unwrap();
    let invalid = list
        .iter()
        .filter(|f| f["code"] == "invalid-status")
        .count();
    assert_eq!(invalid, ROWS as usize);
    // Each message quotes at most 80 characters of its cell.
    let longest = list
        .iter()
        .map(|f| f["message"].as_str().unwrap().chars().count())
        .max()
        .unwrap();
    assert!(longest < 400, "a message of {longest} characters");
    eprintln!(
        "{ROWS} rows of {CELL} characters: findings.json {:.1} MB ({} bytes a finding), peak {peak:.0} MB",
        size as f64 / 1e6,
        size / u64::from(ROWS)
    );
    // About 470 bytes a finding, of which some 100 are its id, open-since month, age, decision
    // and note.
    assert!(size < 60_000_000, "findings.json of {size} bytes");
    assert!(peak < 1_500.0, "peak {peak:.0} MB");
}
