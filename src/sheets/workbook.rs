//! Reads workbooks through calamine (`.xls`, `.xlsb`, `.ods`, and the xlsx packages the
//! one-pass reader hands back), into the shared grids.

use std::io::Cursor;

use calamine::{Data, Reader, Sheets};

use super::grid::{convert, fill_merges, Cell, Grid, ReadError, Region};
use super::Limits;

pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| classify(e.to_string()))?;
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let max_columns = limits.max_columns;
    // Percent cells whatever their value: xlsx cells by their style, as they are read; ods
    // cells say their type themselves; xls cells by the workbook's own records. Only for
    // .xlsb is the progress column judged as a whole (`fraction_column`).
    let formats = match book {
        Sheets::Ods(_) => super::ods::percent_cells(bytes, limits),
        Sheets::Xls(_) => super::xls::percent_cells(bytes, limits),
        _ => Default::default(),
    };
    let mut grids = Vec::new();
    for name in names {
        let (mut rows, first_row, first_col, (truncated, columns_cut), percent) = match &mut book {
            Sheets::Xlsx(x) => stream_xlsx(x, &name, limits)?,
            _ => {
                let range = book
                    .worksheet_range(&name)
                    .map_err(|e| classify(e.to_string()))?;
                let (first_row, first_col) = range.start().unwrap_or((0, 0));
                let width = range.width().min(max_columns as usize);
                // One pass: each row's cells up to the limit, and whether any past it holds
                // something.
                let mut cut = false;
                let rows: Vec<Vec<Cell>> = range
                    .rows()
                    .map(|r| {
                        cut |= r
                            .iter()
                            .skip(width)
                            .any(|d| !matches!(d, calamine::Data::Empty));
                        r.iter().take(width).map(convert).collect()
                    })
                    .collect();
                (rows, first_row, first_col, (false, cut), None)
            }
        };
        // Reading an xlsx sheet's merged areas is a second pass over it: only pay for it when
        // some row has gaps a merged cell could fill.
        if !matches!(book, Sheets::Xlsx(_)) || has_gaps(&rows) {
            let merges = merges(&mut book, &name);
            fill_merges(&mut rows, first_row, first_col, &merges);
        }
        let percent_cells =
            percent.unwrap_or_else(|| formats.get(&name).cloned().unwrap_or_default());
        grids.push(Grid {
            sheet: Some(name),
            rows,
            first_row: first_row + 1,
            first_col,
            percent_cells,
            formats_known: matches!(book, Sheets::Xlsx(_) | Sheets::Ods(_) | Sheets::Xls(_)),
            truncated,
            columns_cut,
        });
    }
    Ok(grids)
}

/// A grid from a sheet read in one pass: merged areas filled, percentages marked.
pub(super) fn xlsx_grid(sheet: super::xlsx::Sheet) -> Grid {
    let mut rows = sheet.rows;
    if !sheet.merges.is_empty() {
        fill_merges(&mut rows, 0, 0, &sheet.merges);
    }
    let percent_cells = sheet.percent;
    Grid {
        sheet: Some(sheet.name),
        rows,
        first_row: 1,
        first_col: 0,
        percent_cells,
        formats_known: true,
        truncated: sheet.truncated,
        columns_cut: sheet.columns_cut,
    }
}

/// A sheet read cell by cell: its rows, first row and column, whether rows and columns were
/// cut at the limits, and its percent cells.
type Streamed = (
    Vec<Vec<Cell>>,
    u32,
    u32,
    (bool, bool),
    Option<Vec<(u32, u32)>>,
);

/// Reads an xlsx sheet cell by cell, placing each cell itself: calamine's own range would
/// allocate the whole rectangle a sheet claims (`A1:XFD1048576` is 17 billion cells).
/// Columns past `max_columns` are dropped; reading stops after `max_rows` rows (plus the
/// title block), and the grid says it was truncated.
fn stream_xlsx(
    x: &mut calamine::Xlsx<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Streamed, ReadError> {
    let max_row = limits
        .max_rows
        .saturating_add(super::HEADER_ROWS as u32 + 1);
    let mut reader = x
        .worksheet_cells_reader(name)
        .map_err(|e| classify(e.to_string()))?;
    // Cells arrive row by row with their style; rows are indexed from row 1 so no second pass
    // is needed, for values or for percentages.
    let percent_styles: Vec<bool> = reader
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|f| f.format_code.contains('%'))
        })
        .collect();
    let mut percent = Vec::new();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let (mut truncated, mut columns_cut) = (false, false);
    while let Some((cell, style)) = reader
        .next_cell_with_style_id()
        .map_err(|e| classify(e.to_string()))?
    {
        let (r, c) = cell.get_position();
        if c >= limits.max_columns {
            columns_cut |= !matches!(cell.get_value(), calamine::DataRef::Empty);
            continue;
        }
        if r >= max_row {
            truncated = true;
            break;
        }
        let value = convert_ref(cell.get_value());
        if value == Cell::Empty {
            continue;
        }
        if matches!(value, Cell::Number(_)) && percent_styles.get(style) == Some(&true) {
            percent.push((r, c));
        }
        let (r, c) = (r as usize, c as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, Cell::Empty);
        }
        row[c] = value;
    }
    drop(reader);
    percent.sort_unstable();
    Ok((rows, 0, 0, (truncated, columns_cut), Some(percent)))
}

fn convert_ref(d: &calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef;
    match d {
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => convert(&Data::DateTime(*dt)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn classify(message: String) -> ReadError {
    let lower = message.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadError::Encrypted
    } else {
        ReadError::Corrupt(message)
    }
}

pub(super) fn merges(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Vec<Region> {
    let dims = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    dims.into_iter().map(|d| (d.start, d.end)).collect()
}

/// Returns whether a row with data is narrower than the sheet or has blank cells inside it.
fn has_gaps(rows: &[Vec<Cell>]) -> bool {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    rows.iter().any(|row| {
        let filled = row.iter().filter(|c| !c.is_blank()).count();
        filled >= 2 && filled < width
    })
}
