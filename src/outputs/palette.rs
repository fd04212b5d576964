//! The colours of the statuses: one table for the PDFs and the workbooks.
//!
//! Each activity status (with `not-reported`, for an activity no one has reported on) and each
//! pledge status (with `none`) has one colour. The PDFs draw badges, bars and charts in it,
//! with white or dark text as the colour asks; the trackers draw their charts in it and tint
//! a status cell with a pale version of it and a dark version for its text, so a status looks
//! the same in a report and in its spreadsheet. The templates read the table from `data.json`
//! (`colours`); they hold no colour of a status of their own.
//!
//! The colours are keyed by the statuses themselves (`model::ActivityStatus`,
//! `model::PreviousPledgeStatus`), one `match` each, so a status added to the vocabulary does
//! not build until it has its colour. The tints of a finding's severity in the trackers'
//! findings sheet live here too.
//!
//! Every text drawn on a colour of this table reads at a contrast of at least 4.5:1 (WCAG 2.1
//! AA, as a test checks): a label on its status colour, a status cell's text on its fill, a
//! severity's text on its tint or on white.

use serde::Serialize;

use crate::findings::Severity;
use crate::model::{ActivityStatus, PledgeStatus, PreviousPledgeStatus, Status};

/// The dark ink of the documents, for text on a light colour.
pub const INK: u32 = 0x1F2933;

/// White, for text on a dark colour.
pub const WHITE: u32 = 0xFFFFFF;

/// How a status is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Swatch {
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

/// No status: not reported, or a new pledge.
const GREY: Swatch = swatch(0x687480, false);
/// Not begun: not started, or in planning.
const PALE_BLUE: Swatch = swatch(0xC9D8E8, true);
/// Under way.
const BLUE: Swatch = swatch(0x2B75B2, false);
/// Done: completed, or fulfilled.
const GREEN: Swatch = swatch(0x2A7F50, false);
/// Put off.
const AMBER: Swatch = swatch(0xE3A21A, true);
/// Ended without being done: cancelled, or withdrawn.
const RED: Swatch = swatch(0xB5332A, false);

const fn swatch(colour: u32, light: bool) -> Swatch {
    Swatch { colour, light }
}

/// Returns the swatch of an activity status.
pub fn activity(status: impl Into<ActivityStatus>) -> Swatch {
    match status.into().0 {
        None => GREY,
        Some(Status::NotStarted) => PALE_BLUE,
        Some(Status::InProgress) => BLUE,
        Some(Status::Completed) => GREEN,
        Some(Status::Postponed) => AMBER,
        Some(Status::Cancelled) => RED,
    }
}

/// Returns the swatch of a pledge status (`none` for a new pledge).
pub fn pledge(status: impl Into<PreviousPledgeStatus>) -> Swatch {
    match status.into().0 {
        None => GREY,
        Some(PledgeStatus::Planning) => PALE_BLUE,
        Some(PledgeStatus::InProgress) => BLUE,
        Some(PledgeStatus::Fulfilled) => GREEN,
        Some(PledgeStatus::Withdrawn) => RED,
    }
}

/// Returns the swatch of a month's status form in the reporting grid: on time in the colour of
/// done, late in that of put off, missing in that of ended undone, received on a day not known
/// in that of under way, not yet due in that of not begun, not expected in that of no status.
pub fn form(state: crate::reconcile::reporting::FormState) -> Swatch {
    use crate::reconcile::reporting::FormState;
    match state {
        FormState::OnTime => GREEN,
        FormState::Late => AMBER,
        FormState::Missing => RED,
        FormState::Received => BLUE,
        FormState::NotDue => PALE_BLUE,
        FormState::NotExpected => GREY,
    }
}

/// The fill and the text colour of a spreadsheet cell holding a finding's severity.
pub fn severity_cell(severity: Severity) -> (u32, u32) {
    match severity {
        Severity::Error => (0xFFC7CE, 0x9C0006),
        Severity::Warning => (0xFFEB9C, 0x9C5700),
        Severity::Info => (0xDDEBF7, 0x1F4E78),
    }
}

/// The colour of a finding's severity named in a document's text.
pub fn severity_ink(severity: Severity) -> u32 {
    match severity {
        Severity::Error => 0xB5332A,
        Severity::Warning => 0x9A6A00,
        Severity::Info => 0x5B6770,
    }
}

/// The severities' text colours as `data.json` carries them: `#RRGGBB` by severity.
pub fn severities_for_templates() -> std::collections::BTreeMap<&'static str, String> {
    Severity::ALL
        .iter()
        .map(|&s| (s.as_str(), format!("#{:06X}", severity_ink(s))))
        .collect()
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
/// key both have, `in-progress`, has the same colour in both), then the reporting grid's
/// states (`form-on-time`…).
pub fn for_templates() -> std::collections::BTreeMap<&'static str, TemplateColour> {
    let colour = |s: Swatch| TemplateColour {
        fill: format!("#{:06X}", s.colour),
        light: s.light,
    };
    use crate::reconcile::reporting::FormState;
    let activities = ActivityStatus::ALL.map(|s| (s.as_str(), colour(activity(s))));
    let pledges = PreviousPledgeStatus::ALL.map(|s| (s.as_str(), colour(pledge(s))));
    // The reporting grid's states, prefixed so that no key meets a status's.
    let forms = FormState::ALL.map(|f| (f.colour_key(), colour(form(f))));
    activities.into_iter().chain(pledges).chain(forms).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contrast ratio of two colours (WCAG 2.1's relative luminance).
    fn contrast(a: u32, b: u32) -> f64 {
        let luminance = |c: u32| {
            let channel = |shift: u32| {
                let v = f64::from((c >> shift) & 0xFF) / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
        };
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_text_on_a_colour_reads_at_four_and_a_half_to_one() {
        use crate::reconcile::reporting::FormState;
        let mut swatches: Vec<(String, Swatch)> = ActivityStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), activity(*s)))
            .collect();
        swatches.extend(
            PreviousPledgeStatus::ALL
                .iter()
                .map(|s| (format!("pledge {}", s.as_str()), pledge(*s))),
        );
        swatches.extend(
            [
                FormState::OnTime,
                FormState::Late,
                FormState::Missing,
                FormState::Received,
                FormState::NotDue,
                FormState::NotExpected,
            ]
            .iter()
            .map(|s| (format!("form {s:?}"), form(*s))),
        );
        for (name, w) in swatches {
            let label = contrast(w.ink(), w.colour);
            assert!(label >= 4.5, "{name}: a label on its colour, {label:.2}:1");
            let cell = contrast(w.cell_ink(), w.cell_fill());
            assert!(
                cell >= 4.5,
                "{name}: a cell's text on its fill, {cell:.2}:1"
            );
        }
        for s in Severity::ALL {
            let (fill, ink) = severity_cell(s);
            assert!(contrast(ink, fill) >= 4.5, "{s:?} cell");
            assert!(contrast(severity_ink(s), WHITE) >= 4.5, "{s:?} text");
        }
    }

    #[test]
    fn a_key_both_tables_hold_has_one_colour() {
        for a in ActivityStatus::ALL {
            if let Some(p) = PreviousPledgeStatus::ALL
                .into_iter()
                .find(|p| p.as_str() == a.as_str())
            {
                assert_eq!(activity(a), pledge(p), "{a}");
            }
        }
    }

    #[test]
    fn cells_are_pale_and_their_text_dark() {
        let w = activity(Status::InProgress);
        assert_eq!(w.cell_fill(), mix(0x2B75B2, WHITE, 0.25));
        let luma = |c: u32| ((c >> 16) & 0xFF) + ((c >> 8) & 0xFF) + (c & 0xFF);
        let swatches = ActivityStatus::ALL
            .map(activity)
            .into_iter()
            .chain(PreviousPledgeStatus::ALL.map(pledge));
        for s in swatches {
            assert!(luma(s.cell_fill()) > luma(s.cell_ink()) + 300, "{s:?}");
        }
    }

    #[test]
    fn the_templates_get_every_status_once() {
        let table = for_templates();
        for s in ActivityStatus::ALL {
            assert!(table.contains_key(s.as_str()), "{s}");
        }
        for s in PreviousPledgeStatus::ALL {
            assert!(table.contains_key(s.as_str()), "{s}");
        }
        assert_eq!(table["in-progress"].fill, "#2B75B2");
    }
}
