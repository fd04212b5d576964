//! Whole files through the worker path: generated workbooks that lie about their counts and
//! sizes, and pathological text, read by the binary in batches. No file may end the run, and
//! every file ends with an account or a finding.
//!
//! The lies are those that made readers reserve what a file claims: shared-string counts,
//! dimension references, row and column spans, merged areas, style and number-format ids, zip
//! entry sizes, nesting depth. `cargo test` runs a short round; `make fuzz` runs long
//! (`SEGUIMIENTO_FUZZ_ITERATIONS` files in all, 100 to a run).

mod common;

use std::io::{Cursor, Read, Write};

use common::{iterations, Rng};

const HUGE: &[&str] = &[
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "2147483648",
    "-1",
    "99999999999999999999999",
    "1048576",
    "16384",
];

/// Entries of a seed workbook (a real producer's xlsx).
fn seed_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// Replaces the value of every `attr="…"` in `xml` by `value`, or adds the attribute to the
/// first `tag` element when there is none.
fn lie(xml: &str, tag: &str, attr: &str, value: &str) -> String {
    let key = format!(" {attr}=\"");
    if xml.contains(&key) {
        let mut out = String::with_capacity(xml.len());
        let mut rest = xml;
        while let Some(at) = rest.find(&key) {
            out.push_str(&rest[..at + key.len()]);
            out.push_str(value);
            let after = &rest[at + key.len()..];
            rest = &after[after.find('"').unwrap_or(after.len())..];
        }
        out.push_str(rest);
        out
    } else {
        xml.replacen(&format!("<{tag}"), &format!("<{tag} {attr}=\"{value}\""), 1)
    }
}

fn lying_workbook(rng: &mut Rng, seed: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut entries = seed.to_vec();
    let huge = HUGE[rng.below(HUGE.len())];
    for _ in 0..1 + rng.below(3) {
        let (file, tag, attr) = match rng.below(8) {
            0 => ("sharedStrings", "sst", "uniqueCount"),
            1 => ("sharedStrings", "sst", "count"),
            2 => ("sheet", "dimension", "ref"),
            3 => ("sheet", "row", "spans"),
            4 => ("sheet", "c", "s"),
            5 => ("styles", "numFmt", "numFmtId"),
            6 => ("styles", "cellXfs", "count"),
            _ => ("sheet", "row", "r"),
        };
        let value = match attr {
            "ref" => format!("A1:XFD{huge}"),
            "spans" => format!("1:{huge}"),
            _ => huge.to_string(),
        };
        for (name, data) in &mut entries {
            if name.contains(file) && name.ends_with(".xml") {
                let text = String::from_utf8_lossy(data).into_owned();
                *data = lie(&text, tag, attr, &value).into_bytes();
            }
        }
    }
    if rng.below(3) == 0 {
        // Column spans and merged areas claiming the whole sheet, or more.
        let claim = match rng.below(3) {
            0 => format!("<cols><col min=\"1\" max=\"{huge}\" width=\"9\"/></cols>"),
            1 => format!("<cols><col min=\"{huge}\" max=\"1\"/></cols>"),
            _ => String::new(),
        };
        let merge =
            format!("<mergeCells count=\"{huge}\"><mergeCell ref=\"A1:XFD{huge}\"/></mergeCells>");
        for (name, data) in &mut entries {
            if name.contains("sheet") && name.ends_with(".xml") {
                let text = String::from_utf8_lossy(data)
                    .replacen("<sheetData", &format!("{claim}<sheetData"), 1)
                    .replacen("</sheetData>", &format!("</sheetData>{merge}"), 1);
                *data = text.into_bytes();
            }
        }
    }
    if rng.below(4) == 0 {
        // Deep nesting inside the sheet.
        let depth = 1 + rng.below(200_000);
        for (name, data) in &mut entries {
            if name.contains("sheet") && name.ends_with(".xml") {
                let at = data.len() / 2;
                let open: Vec<u8> = b"<x>".repeat(depth);
                data.splice(at..at, open);
            }
        }
    }
    let mut bytes = Vec::new();
    {
        let mut w = zip::ZipWriter::new(Cursor::new(&mut bytes));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, data) in &entries {
            w.start_file(name.as_str(), options).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }
    if rng.below(3) == 0 {
        // A lying entry size, in the local header or the central directory.
        let sig: &[u8] = if rng.below(2) == 0 {
            b"PK\x01\x02"
        } else {
            b"PK\x03\x04"
        };
        let offset = if sig == b"PK\x01\x02" { 24 } else { 22 };
        let starts: Vec<usize> = bytes
            .windows(4)
            .enumerate()
            .filter(|(_, w)| *w == sig)
            .map(|(i, _)| i)
            .collect();
        if !starts.is_empty() {
            let at = starts[rng.below(starts.len())] + offset;
            if at + 4 <= bytes.len() {
                let size = [u32::MAX, 1 << 31, 0, 1][rng.below(4)];
                bytes[at..at + 4].copy_from_slice(&size.to_le_bytes());
            }
        }
    }
    bytes
}

fn pathological_text(rng: &mut Rng) -> Vec<u8> {
    let header = "Código;Periodo;Agencia;Estado\n";
    match rng.below(6) {
        // A quote that never closes, over many lines.
        0 => format!(
            "{header}B1.3;2024-03;OIM;\"{}",
            "x;y\n".repeat(1 + rng.below(50_000))
        )
        .into_bytes(),
        // A line of a hundred thousand separators.
        1 => format!("{header}{}\n", ";".repeat(1 + rng.below(100_000))).into_bytes(),
        // UTF-16 of odd length, and invalid UTF-8 with NULs.
        2 => {
            let mut b = vec![0xFF, 0xFE];
            b.extend(header.encode_utf16().flat_map(u16::to_le_bytes));
            b.push(0x42);
            b
        }
        3 => {
            let mut b = header.as_bytes().to_vec();
            for _ in 0..1 + rng.below(10_000) {
                b.push(rng.next() as u8);
            }
            b
        }
        // Lone carriage returns and mixed line ends.
        4 => format!(
            "{header}{}",
            "B1.3;2024-03;OIM;en curso\r\r\n\n\r".repeat(1 + rng.below(1000))
        )
        .into_bytes(),
        // One cell of a megabyte of combining marks.
        _ => format!(
            "{header}B1.3;2024-03;OIM;e{}\n",
            "\u{301}".repeat(1 + rng.below(500_000))
        )
        .into_bytes(),
    }
}

#[test]
fn lying_counts_and_pathological_text_never_end_the_run() {
    // LibreOffice's xlsx: shared strings, styles, a dimension, row spans.
    let seed_path =
        common::root().join("tests/fixtures/producer-libreoffice-xlsx/status/pnud.xlsx");
    let seed = seed_entries(&std::fs::read(seed_path).unwrap());
    let total = iterations(60);
    let mut rng = Rng(0x11E5);
    let mut done = 0;
    while done < total {
        let batch = (total - done).min(100);
        let inputs =
            common::inputs_from(&common::root().join("tests/fixtures/clean"), "2024-03-31");
        let status = inputs.path().join("status/fuzz");
        std::fs::create_dir_all(&status).unwrap();
        let mut names = Vec::new();
        for i in 0..batch {
            let (name, bytes) = if rng.below(3) == 0 {
                (format!("t{i:03}.csv"), pathological_text(&mut rng))
            } else {
                (format!("w{i:03}.xlsx"), lying_workbook(&mut rng, &seed))
            };
            std::fs::write(status.join(&name), bytes).unwrap();
            names.push(format!("status/fuzz/{name}"));
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_seguimiento"))
            .arg("--inputs")
            .arg(inputs.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        if let Some(keep) = std::env::var_os("SEGUIMIENTO_FUZZ_DUMP") {
            // Keeps the batch, so a run that ends can be replayed.
            let _ = std::fs::remove_dir_all(&keep);
            common::copy_tree(&status, std::path::Path::new(&keep));
        }
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "the run ended: {:?}",
            out.status
        );
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let accounts = doc["inputs"].as_array().unwrap();
        for name in &names {
            let a = accounts
                .iter()
                .find(|a| a["path"] == name.as_str())
                .unwrap_or_else(|| panic!("{name}: no account"));
            let n = |k: &str| a[k].as_u64().unwrap();
            assert_eq!(n("rows"), n("accepted") + n("rejected") + n("blank"), "{a}");
            let said = doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["file"] == name.as_str());
            assert!(said || n("accepted") > 0 || n("rows") == 0, "{name}: {a}");
        }
        done += batch;
    }
    eprintln!("{done} generated files read through workers");
}
