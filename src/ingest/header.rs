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
    /// Description headers set aside as written in a language the outputs have no place for:
    /// (absolute column, text, the code of the row's language).
    pub foreign: Vec<(u32, String, &'static str)>,
}

/// Sets a description column aside when the header row is written in a language whose own word
/// it is, for something else: the row's language is the one whose words name the most of its
/// headers. "Description" is the English description of the status form, and in French the
/// description of a pledge; in a status form written in French it is a French description, so
/// it goes to no language's slot (a column no field takes), never to the English one. In a
/// Spanish row, where it is no Spanish word, it stays English. Returns the columns set aside,
/// each with the code of the row's language.
fn in_the_rows_language(
    g: &Grid,
    row: usize,
    form: FormKind,
    columns: &mut BTreeMap<Field, u32>,
) -> Vec<(u32, &'static str)> {
    let texts: BTreeMap<u32, String> = g.rows[row]
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| match cell {
            Cell::Text(t) => Some((g.first_col + i as u32, forms::header_key(t))),
            _ => None,
        })
        .collect();
    let claims = |words: &crate::words::Words, key: &str, field: Option<Field>| {
        form.fields().iter().any(|&f| {
            field.is_none_or(|want| want == f)
                && words
                    .header(form.as_str(), f.key())
                    .iter()
                    .any(|h| forms::header_key(h) == key)
        })
    };
    let named = |words: &crate::words::Words| {
        texts
            .values()
            .filter(|key| claims(words, key, None))
            .count()
    };
    let most = crate::words::every().map(named).max().unwrap_or(0);
    let dominant: Vec<&crate::words::Words> =
        crate::words::every().filter(|w| named(w) == most).collect();
    let mut foreign = Vec::new();
    for field in [Field::NarrativeEs, Field::NarrativeEn] {
        let Some(&col) = columns.get(&field) else {
            continue;
        };
        let key = texts.get(&col).map_or("", String::as_str);
        let its_own_word = |w: &crate::words::Words| {
            [FormKind::Status, FormKind::Pledges].iter().any(|&other| {
                other.fields().iter().any(|f| {
                    w.header(other.as_str(), f.key())
                        .iter()
                        .any(|h| forms::header_key(h) == key)
                })
            })
        };
        if dominant.iter().any(|w| claims(w, key, Some(field))) {
            continue;
        }
        if let Some(language) = dominant.iter().find(|w| its_own_word(w)) {
            columns.remove(&field);
            foreign.push((col, language.code));
        }
    }
    foreign
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
    let (_, row, form, mut columns) = best?;
    let foreign = in_the_rows_language(g, row, form, &mut columns);
    let unknown = g.rows[row]
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| {
            let col = g.first_col + i as u32;
            match cell {
                Cell::Text(text)
                    if !text.trim().is_empty()
                        && !columns.values().any(|&c| c == col)
                        && !foreign.iter().any(|&(c, _)| c == col) =>
                {
                    forms::match_header(text, form)
                        .is_none()
                        .then(|| (col, text.trim().to_string()))
                }
                _ => None,
            }
        })
        .collect();
    let text_at = |col: u32| match g.rows[row].get((col - g.first_col) as usize) {
        Some(Cell::Text(t)) => t.trim().to_string(),
        _ => String::new(),
    };
    let foreign = foreign
        .into_iter()
        .map(|(col, code)| (col, text_at(col), code))
        .collect();
    Some(Header {
        form,
        row,
        columns,
        unknown,
        foreign,
    })
}
