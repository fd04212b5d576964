//! Finds the header row of a sheet: which form it holds and which column holds each field.

use std::collections::BTreeMap;

use super::forms::{self, Field, FormKind};
use crate::sheets::{Cell, Grid};

/// A recognised header row.
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub form: FormKind,
    /// Row index in the grid.
    pub row: usize,
    /// Field → absolute column.
    pub columns: BTreeMap<Field, u32>,
    /// Headers that named no field: (absolute column, text).
    pub unknown: Vec<(u32, String)>,
}

/// Finds the header row in the first rows of a sheet: the row naming the most required
/// fields of either form, if it names at least half of them.
pub(super) fn find_header(g: &Grid) -> Option<Header> {
    let mut best: Option<(usize, usize, FormKind, BTreeMap<Field, u32>)> = None;
    for (r, row) in g.rows.iter().enumerate().take(forms::HEADER_SEARCH_ROWS) {
        // Each cell is folded once for both forms, and only when it could be a header at all.
        let keys: Vec<(u32, String)> = row
            .iter()
            .enumerate()
            .filter_map(|(i, cell)| match cell {
                Cell::Text(text) if forms::could_be_header(text) => {
                    Some((g.first_col + i as u32, forms::header_key(text)))
                }
                _ => None,
            })
            .collect();
        for form in [FormKind::Status, FormKind::Pledges] {
            let mut columns = BTreeMap::new();
            for (col, key) in &keys {
                if let Some(f) = forms::match_header_key(key, form) {
                    columns.entry(f).or_insert(*col);
                }
            }
            let required = form.fields().iter().filter(|f| f.required(form)).count();
            let found = columns.keys().filter(|f| f.required(form)).count();
            if found * 2 >= required && found >= 2 && best.as_ref().is_none_or(|(n, ..)| found > *n)
            {
                best = Some((found, r, form, columns));
            }
        }
    }
    let (_, row, form, columns) = best?;
    let unknown = g.rows[row]
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| {
            let col = g.first_col + i as u32;
            match cell {
                Cell::Text(text)
                    if !text.trim().is_empty() && !columns.values().any(|&c| c == col) =>
                {
                    (forms::match_header(text, form).is_none())
                        .then(|| (col, text.trim().to_string()))
                }
                _ => None,
            }
        })
        .collect();
    Some(Header {
        form,
        row,
        columns,
        unknown,
    })
}
