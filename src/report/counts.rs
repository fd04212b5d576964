//! The count tables and shares every section's figures are kept in, and the few helpers the sections share.

use crate::i18n::Text;
use crate::model::Term;

/// Counts by a value of the vocabulary, in report order (every value listed, zeros included),
/// serialised by canonical key.
pub type Counts<K> = indexmap::IndexMap<K, usize>;

/// Shares of a total, in percent, by the same keys as the [`Counts`] they come from.
pub type Shares<K> = indexmap::IndexMap<K, f64>;

/// Returns `part` as a percentage of `whole` (0 when `whole` is 0).
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part * 100) as f64 / whole as f64
    }
}

/// Returns each count as a percentage of `whole`.
pub(super) fn shares<K: Term>(counts: &Counts<K>, whole: usize) -> Shares<K> {
    counts
        .iter()
        .map(|(&k, &n)| (k, percent(n, whole)))
        .collect()
}

/// Returns a count of zero for every value of `K`, in report order.
pub(super) fn zeroed<K: Term>() -> Counts<K> {
    K::all().iter().map(|&k| (k, 0)).collect()
}

pub(super) fn agencies_text(r: &crate::plan::Registry, ids: &[String], fallback: &Text) -> Text {
    if ids.is_empty() {
        // The plan's own wording, without its label ("Agencias que acompañan: …").
        let bare = |s: &str| {
            let rest = s.split_once(':').map_or(s, |(_, rest)| rest).trim();
            if rest.is_empty() {
                "—".to_string()
            } else {
                rest.to_string()
            }
        };
        return fallback.map(|_, s| bare(s));
    }
    Text::from_fn(|lang| {
        ids.iter()
            .map(|id| r.agency_label(id, lang))
            .collect::<Vec<_>>()
            .join(", ")
    })
}
