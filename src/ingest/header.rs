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
    /// The language whose words name most of the row's headers, when one does.
    pub language: Option<crate::i18n::Lang>,
}

/// Reads each description column in the header row's language: the row's language is the one
/// whose words name the most of its headers. "Description" is the English description of the
/// status form and the French one: in a status form written in French it is the French
/// description, never the English one, while in a row written in Spanish or English it stays
/// English. Returns that language, when one language's words name more of the row than any
/// other's.
fn in_the_rows_language(
    g: &Grid,
    row: usize,
    form: FormKind,
    columns: &mut BTreeMap<Field, u32>,
) -> Option<crate::i18n::Lang> {
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
    let narratives = crate::i18n::Lang::ALL.map(Field::NarrativeIn);
    for field in narratives {
        let Some(&col) = columns.get(&field) else {
            continue;
        };
        let key = texts.get(&col).map_or("", String::as_str);
        if dominant.iter().any(|w| claims(w, key, Some(field))) {
            continue;
        }
        // The row's language names another language's narrative so: the column is that one.
        let own = narratives.into_iter().find(|&other| {
            !columns.contains_key(&other) && dominant.iter().any(|w| claims(w, key, Some(other)))
        });
        if let Some(other) = own {
            columns.remove(&field);
            columns.insert(other, col);
        }
    }
    match dominant[..] {
        [only] if most > 0 => crate::i18n::Lang::ALL
            .into_iter()
            .find(|l| l.code() == only.code),
        _ => None,
    }
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
    let language = in_the_rows_language(g, row, form, &mut columns);
    let unknown = g.rows[row]
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| {
            let col = g.first_col + i as u32;
            match cell {
                Cell::Text(text)
                    if !text.trim().is_empty() && !columns.values().any(|&c| c == col) =>
                {
                    forms::match_header(text, form)
                        .is_none()
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
        language,
    })
}
