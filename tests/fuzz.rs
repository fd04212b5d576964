//! Property tests over hostile input: the cell readers, the schedule parser and whole-file
//! ingestion take any input without panicking.
//!
//! Inputs are the committed corpus (`tests/fuzz-corpus/`, and the fixture files) and
//! deterministic mutations of it. `cargo test` runs a short round; `make fuzz` runs long:
//! `SEGUIMIENTO_FUZZ_ITERATIONS` sets the number of mutations per target.

mod common;

use seguimiento::ingest::fields;
use seguimiento::sheets::Cell;

use common::{iterations, Rng};

const SPLICE: &[&str] = &[
    "-",
    "–",
    "/",
    ".",
    ",",
    ";",
    " de ",
    "%",
    "0",
    "9",
    "99999999999999999999",
    "\u{a0}",
    "ñ",
    "é",
    "\u{0}",
    "(",
    ")",
    "TBD",
    "2023",
    "mayo",
    "dic",
    "B",
    "T",
    "#",
    "\u{FEFF}",
    "\n",
    "\"",
];

/// Mutates a string: delete, duplicate, splice in a fragment, or swap characters.
fn mutate(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if !chars.is_empty() => {
                let at = at.min(chars.len() - 1);
                chars.remove(at);
            }
            1 if !chars.is_empty() => {
                let at = at.min(chars.len() - 1);
                let c = chars[at];
                chars.insert(at, c);
            }
            2 => {
                let frag: Vec<char> = SPLICE[rng.below(SPLICE.len())].chars().collect();
                chars.splice(at..at, frag);
            }
            _ if chars.len() > 1 => {
                let b = rng.below(chars.len());
                let a = at.min(chars.len() - 1);
                chars.swap(a, b);
            }
            _ => chars.push(char::from_u32(rng.next() as u32 % 0x2FFFF).unwrap_or('x')),
        }
    }
    chars.into_iter().collect()
}

fn corpus(name: &str) -> Vec<String> {
    std::fs::read_to_string(common::root().join("tests/fuzz-corpus").join(name))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn cell_readers_take_any_text() {
    let inputs = common::root().join("inputs");
    let plan = seguimiento::plan::Plan::load(&inputs).unwrap();
    let seeds = corpus("cells.txt");
    let mut rng = Rng(0x5EED);
    for i in 0..iterations(20_000) {
        let text = mutate(&mut rng, &seeds[i % seeds.len()]);
        let cells = [
            Cell::Text(text.clone()),
            Cell::Number(f64::from_bits(rng.next())),
            Cell::Number((rng.next() % 100_000) as f64 / 7.0),
        ];
        for cell in &cells {
            let _ = fields::activity(cell, &plan);
            let _ = fields::period(cell);
            let _ = fields::date(cell);
            let _ = fields::progress(cell, rng.below(2) == 0);
            let _ = fields::status(cell);
            let _ = fields::pledge_status(cell);
            let _ = fields::agency(cell, &plan);
            let _ = fields::objectives(cell);
            let _ = fields::entity_type(cell);
            let _ = fields::countries(cell);
        }
        let _ = seguimiento::calendar::parse_month_text(&text);
        let _ = seguimiento::calendar::parse_date_text(&text);
        let _ = seguimiento::activity_code::key(&text);
    }
}

#[test]
fn schedule_parser_takes_any_text() {
    let seeds = corpus("schedules.txt");
    let mut rng = Rng(0xCA1E);
    let start = seguimiento::calendar::YearMonth {
        year: 2023,
        month: 5,
    };
    let end = seguimiento::calendar::YearMonth {
        year: 2024,
        month: 12,
    };
    for i in 0..iterations(20_000) {
        let text = mutate(&mut rng, &seeds[i % seeds.len()]);
        let plan = seguimiento::plan::schedule::Context { start, end };
        if let Ok(parsed) = seguimiento::plan::schedule::parse(&text, &plan) {
            let (a, b) = parsed.schedule.window(start, end);
            assert!(a <= b, "{text:?} gives a window ending before it starts");
            let _ = parsed.schedule.occurrences(start, end);
            for w in parsed.schedule.windows(start, end) {
                assert!(
                    w.start <= w.end,
                    "{text:?} gives an occurrence ending before it starts"
                );
            }
        }
    }
}

#[test]
fn whole_files_of_any_bytes_never_panic() {
    // Seeds: every fixture file; mutations flip, insert and cut bytes.
    let mut seeds = Vec::new();
    for dir in ["tests/fixtures", "tests/hostile"] {
        collect(&common::root().join(dir), &mut seeds);
    }
    seeds.retain(|(_, b)| b.len() < 200_000);
    let mut rng = Rng(0xF11E);
    let limits = seguimiento::config::Limits::default();
    for i in 0..iterations(400) {
        let (ext, seed) = &seeds[i % seeds.len()];
        let mut bytes = seed.clone();
        for _ in 0..1 + rng.below(8) {
            if bytes.is_empty() {
                break;
            }
            let at = rng.below(bytes.len());
            match rng.below(3) {
                0 => bytes[at] ^= 1 << rng.below(8),
                1 => bytes.insert(at, rng.next() as u8),
                _ => bytes.truncate(at.max(1)),
            }
        }
        if let Some(dump) = std::env::var_os("SEGUIMIENTO_FUZZ_DUMP") {
            // Keeps the input being read, so a crash that kills the process can be replayed.
            std::fs::write(&dump, &bytes).unwrap();
        }
        let _ = seguimiento::sheets::read::read(
            &bytes,
            ext,
            &limits,
            seguimiento::ingest::forms::is_header,
        );
    }
}

fn collect(dir: &std::path::Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if let Some(ext) = p.extension().map(|e| e.to_string_lossy().to_lowercase()) {
            if ["xlsx", "xls", "ods", "csv"].contains(&ext.as_str()) {
                out.push((ext, std::fs::read(&p).unwrap()));
            }
        }
    }
}
