//! The colours of the statuses: one table for the PDFs and the workbooks.
//!
//! Each activity status (with `not-reported`, for an activity no one has reported on) and each
//! pledge status (with `none`) has one colour. The PDFs draw badges, bars and charts in it,
//! with white or dark text as the colour asks; the trackers draw their charts in it and tint
//! a status cell with a pale version of it and a dark version for its text, so a status looks
//! the same in a report and in its spreadsheet. The templates read the table from `data.json`
//! (`colours`); they hold no colour of a status of their own.

use serde::Serialize;

/// The dark ink of the documents, for text on a light colour.
pub const INK: u32 = 0x1F2933;

/// White, for text on a dark colour.
pub const WHITE: u32 = 0xFFFFFF;

/// How a status is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Swatch {
    /// The status's canonical key (`in-progress`).
    pub key: &'static str,
    /// Its colour, as `0xRRGGBB`.
    pub colour: u32,
    /// Whether the colour is light, so that text on it is dark.
    pub light: bool,
}

impl Swatch {
    /// The colour of text on [`Swatch::colour`].
    pub fn ink(&self) -> u32 {
        if self.light {
            INK
        } else {
            WHITE
        }
    }

    /// The pale fill of a spreadsheet cell holding the status.
    pub fn cell_fill(&self) -> u32 {
        mix(self.colour, WHITE, 0.25)
    }

    /// The text colour of a spreadsheet cell holding the status: the colour, darkened until it
    /// reads on the pale fill.
    pub fn cell_ink(&self) -> u32 {
        mix(self.colour, 0, if self.light { 0.35 } else { 0.7 })
    }
}

/// The activity statuses, in the order of `report::ACTIVITY_STATUSES`.
pub const ACTIVITY: [Swatch; 6] = [
    swatch("not-reported", 0x98A3AE, false),
    swatch("not-started", 0xC9D8E8, true),
    swatch("in-progress", 0x2F7FC1, false),
    swatch("completed", 0x2E8B57, false),
    swatch("postponed", 0xE3A21A, true),
    swatch("cancelled", 0xB5332A, false),
];

/// The pledge statuses, with `none` for a pledge without one.
pub const PLEDGE: [Swatch; 5] = [
    swatch("none", 0x98A3AE, false),
    swatch("planning", 0xC9D8E8, true),
    swatch("in-progress", 0x2F7FC1, false),
    swatch("fulfilled", 0x2E8B57, false),
    swatch("withdrawn", 0xB5332A, false),
];

const fn swatch(key: &'static str, colour: u32, light: bool) -> Swatch {
    Swatch { key, colour, light }
}

/// Returns the swatch of an activity status (that of `not-reported` for a key it does not
/// know).
pub fn activity(key: &str) -> &'static Swatch {
    ACTIVITY
        .iter()
        .find(|s| s.key == key)
        .unwrap_or(&ACTIVITY[0])
}

/// Returns the swatch of a pledge status (that of `none` for a key it does not know).
pub fn pledge(key: &str) -> &'static Swatch {
    PLEDGE.iter().find(|s| s.key == key).unwrap_or(&PLEDGE[0])
}

/// Mixes `share` of colour `a` with the rest of colour `b`, channel by channel.
fn mix(a: u32, b: u32, share: f64) -> u32 {
    let channel = |c: u32, shift: u32| f64::from((c >> shift) & 0xFF);
    [16, 8, 0].iter().fold(0, |out, &shift| {
        let v = channel(a, shift) * share + channel(b, shift) * (1.0 - share);
        out | ((v.round().clamp(0.0, 255.0) as u32) << shift)
    })
}

/// One colour as the templates read it.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateColour {
    /// `#RRGGBB`.
    pub fill: String,
    /// Whether it is light, so that text on it is dark.
    pub light: bool,
}

/// The table as `data.json` carries it: activity statuses, then pledge statuses, by key (a
/// key both have, `in-progress`, has the same colour in both).
pub fn for_templates() -> std::collections::BTreeMap<&'static str, TemplateColour> {
    let hex = |c: u32| format!("#{c:06X}");
    ACTIVITY
        .iter()
        .chain(PLEDGE.iter())
        .map(|s| {
            (
                s.key,
                TemplateColour {
                    fill: hex(s.colour),
                    light: s.light,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PledgeStatus, Status};

    #[test]
    fn every_status_rust_knows_has_its_colour() {
        for s in Status::ALL {
            assert!(ACTIVITY.iter().any(|w| w.key == s.as_str()), "{s:?}");
        }
        for s in PledgeStatus::ALL {
            assert!(PLEDGE.iter().any(|w| w.key == s.as_str()), "{s:?}");
        }
        for key in crate::report::ACTIVITY_STATUSES {
            assert!(ACTIVITY.iter().any(|w| w.key == key), "{key}");
        }
    }

    #[test]
    fn a_key_both_tables_hold_has_one_colour() {
        for a in ACTIVITY {
            if let Some(p) = PLEDGE.iter().find(|p| p.key == a.key) {
                assert_eq!(a, *p);
            }
        }
    }

    #[test]
    fn cells_are_pale_and_their_text_dark() {
        let w = activity("in-progress");
        assert_eq!(w.cell_fill(), mix(0x2F7FC1, WHITE, 0.25));
        let luma = |c: u32| ((c >> 16) & 0xFF) + ((c >> 8) & 0xFF) + (c & 0xFF);
        for s in ACTIVITY.iter().chain(PLEDGE.iter()) {
            assert!(luma(s.cell_fill()) > luma(s.cell_ink()) + 300, "{}", s.key);
        }
    }
}
