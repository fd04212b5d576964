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

/// Words a mutation splices into a phrase: calendar words of both languages, small words,
/// numbers, marks and words of notes.
const PHRASE_WORDS: &[&str] = &[
    "by",
    "hasta",
    "para",
    "al",
    "end",
    "of",
    "the",
    "de",
    "en",
    "in",
    "fines",
    "finales",
    "early",
    "mid",
    "late",
    "mediados",
    "principios",
    "from",
    "desde",
    "a partir de",
    "until",
    "throughout",
    "entre",
    "y",
    "and",
    "o",
    "or",
    "tbc",
    "por confirmar",
    "planned for",
    "previsto",
    "year",
    "año",
    "months",
    "meses",
    "first",
    "primeros",
    "plan",
    "Q2",
    "2Q",
    "T3",
    "H1",
    "trimestre",
    "semestre",
    "quarter",
    "half",
    "trimestral",
    "quarterly",
    "anual",
    "cada año",
    "junio",
    "June",
    "dic",
    "Sept",
    "set",
    "2023",
    "2024",
    "24",
    "28",
    "07",
    "9",
    "15",
    "1ro",
    "1st",
    "1°",
    "-",
    "–",
    ",",
    "/",
    "(",
    ")",
    "Foro",
    "Santiago",
    "Evento",
    "Report",
    "continues",
    "sigue en curso",
    "within",
    "no later than",
];

/// Mutates a phrase word by word: a word spliced in, dropped, doubled or swapped.
fn mutate_words(rng: &mut Rng, s: &str) -> String {
    let mut words: Vec<String> = s.split(' ').map(str::to_string).collect();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(words.len() + 1);
        match rng.below(4) {
            0 => words.insert(at, PHRASE_WORDS[rng.below(PHRASE_WORDS.len())].to_string()),
            1 if words.len() > 1 => {
                words.remove(at.min(words.len() - 1));
            }
            2 if !words.is_empty() => {
                let w = words[at.min(words.len() - 1)].clone();
                words.insert(at.min(words.len() - 1), w);
            }
            _ if words.len() > 1 => {
                let (a, b) = (at.min(words.len() - 1), rng.below(words.len()));
                words.swap(a, b);
            }
            _ => words.push(PHRASE_WORDS[rng.below(PHRASE_WORDS.len())].to_string()),
        }
    }
    words.join(" ")
}

/// Returns a word of `note` that belongs to a calendar (a number, a month, an open end), if
/// any: the reader must never leave one in a note. A word a language lists as an ordinary word
/// of its own (`marco`, March in Portuguese once folded) may stay.
fn calendar_word_in(note: &str) -> Option<String> {
    let ordinary: Vec<String> = seguimiento::words::every()
        .flat_map(|w| {
            w.calendar
                .ordinary
                .iter()
                .map(|o| seguimiento::text::fold(o))
        })
        .collect();
    let ends: Vec<String> = seguimiento::words::every()
        .flat_map(|w| {
            let c = &w.calendar;
            c.until
                .iter()
                .chain(&c.from)
                .chain(&c.throughout)
                .chain(&c.tentative)
                .filter(|p| !p.contains(' ') && p.chars().count() > 1)
                .map(|p| seguimiento::text::fold(p))
                .collect::<Vec<_>>()
        })
        .collect();
    note.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .find(|w| {
            let key = seguimiento::text::fold(w);
            w.chars().any(|c| c.is_ascii_digit())
                || (seguimiento::calendar::month_from_name(&key).is_some()
                    && !ordinary.contains(&key))
                || ends.contains(&key)
        })
        .map(str::to_string)
}

#[test]
fn no_accepted_phrase_leaves_a_calendar_word_unread() {
    let seeds = corpus("schedules.txt");
    let mut rng = Rng(0x0DD5);
    let plans = [(2023, 5, 2024, 12), (2024, 1, 2024, 12)].map(|(y1, m1, y2, m2)| {
        seguimiento::plan::schedule::Context {
            start: seguimiento::calendar::YearMonth::new(y1, m1).unwrap(),
            end: seguimiento::calendar::YearMonth::new(y2, m2).unwrap(),
        }
    });
    for i in 0..iterations(20_000) {
        let text = mutate_words(&mut rng, &seeds[i % seeds.len()]);
        let plan = &plans[i % plans.len()];
        let Ok(parsed) = seguimiento::plan::schedule::parse(&text, plan) else {
            continue;
        };
        if let Some(word) = parsed.note.as_deref().and_then(calendar_word_in) {
            panic!(
                "{text:?} is read as {:?}, leaving {word:?} in its note",
                parsed.schedule
            );
        }
        let (a, b) = parsed.schedule.window(plan.start, plan.end);
        assert!(a <= b, "{text:?} gives a window ending before it starts");
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
