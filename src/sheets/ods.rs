//! Reads which cells of an OpenDocument spreadsheet hold percentages.
//!
//! calamine reads an `.ods` cell's value but not its type: a cell typed `percentage` holding
//! 1.5 shows 150 % and arrives as the plain number 1.5. An OpenDocument cell says its type
//! itself (`office:value-type="percentage"`), so this pass over `content.xml` needs no styles.
//! It counts rows and columns as calamine does (repeated and covered cells included) and stops
//! at the limits, whatever a file claims; it never fails: a package it cannot follow gives no
//! percentages, and calamine reports what is wrong with it.

use std::collections::BTreeMap;
use std::io::{BufReader, Cursor};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::Limits;

/// Percent cells (0-based row, column) of each sheet, by sheet name, each list sorted.
pub(super) fn percent_cells(bytes: &[u8], limits: &Limits) -> BTreeMap<String, Vec<(u32, u32)>> {
    let mut out = BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return out;
    };
    let max_row = limits
        .max_rows
        .saturating_add(super::HEADER_ROWS as u32 + 1);
    let mut reader = Reader::from_reader(BufReader::new(content));
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    // Depth of `table:table` (a table inside a cell is not counted), the sheet being read,
    // the next row and column.
    let (mut depth, mut sheet, mut row) = (0u32, None::<String>, 0u32);
    let mut cells: Vec<(u32, u32)> = Vec::new();
    loop {
        buf.clear();
        let (event, empty) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                if e.name().as_ref() == "table:table" {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        if let Some(name) = sheet.take() {
                            cells.sort_unstable();
                            out.insert(name, std::mem::take(&mut cells));
                        }
                    }
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        match event.name().as_ref() {
            "table:table" if !empty => {
                depth += 1;
                if depth == 1 {
                    sheet = Some(attr(&event, "table:name").unwrap_or_default());
                    row = 0;
                }
            }
            "table:table-row" if depth == 1 => {
                let repeated = repeats(&event, "table:number-rows-repeated");
                if !empty && row < max_row {
                    // LibreOffice writes identical rows once, with a repeat count.
                    let percent = row_cells(&mut reader, limits);
                    let last = row.saturating_add(repeated).min(max_row);
                    for r in row..last {
                        cells.extend(percent.iter().map(|&c| (r, c)));
                    }
                }
                row = row.saturating_add(repeated);
            }
            _ => {}
        }
        if row >= max_row {
            if let Some(name) = sheet.take() {
                cells.sort_unstable();
                out.insert(name, std::mem::take(&mut cells));
            }
        }
    }
    out
}

/// Reads the cells of one row and returns the columns holding percentages.
fn row_cells<R: std::io::BufRead>(reader: &mut Reader<R>, limits: &Limits) -> Vec<u32> {
    let mut buf = Vec::new();
    let mut col = 0u32;
    let mut percent = Vec::new();
    let mut depth = 0u32;
    loop {
        buf.clear();
        let (e, empty) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                if depth == 0 && e.name().as_ref() == "table:table-row" {
                    return percent;
                }
                depth = depth.saturating_sub(1);
                continue;
            }
            Ok(Event::Eof) | Err(_) => return percent,
            Ok(_) => continue,
        };
        let cell = matches!(
            e.name().as_ref(),
            "table:table-cell" | "table:covered-table-cell"
        );
        if cell && depth == 0 {
            let repeated = repeats(&e, "table:number-columns-repeated");
            if attr(&e, "office:value-type").as_deref() == Some("percentage") {
                let end = col.saturating_add(repeated).min(limits.max_columns);
                percent.extend(col..end);
            }
            col = col.saturating_add(repeated);
        }
        if !empty {
            depth += 1;
        }
    }
}

fn repeats(e: &BytesStart<'_>, key: &str) -> u32 {
    attr(e, key)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}
