//! The page's charts: bars drawn as inline SVG, in the status colours of
//! [`crate::outputs::palette`]. A chart never carries a figure alone: the table beside it
//! holds every number, and a chart that stands for itself has a title giving them all.

use std::fmt::Write as _;

use super::html::escape;

/// One part of a bar: how many, in which colour.
pub(super) struct Segment {
    /// What it counts (the title's words).
    pub(super) label: String,
    /// How many.
    pub(super) count: usize,
    /// Its colour, `0xRRGGBB`.
    pub(super) colour: u32,
}

/// Width of the drawing, in its own units; it is stretched to the width of its box.
const WIDTH: usize = 1000;

/// Returns one bar of `segments` side by side in proportion to their counts, out of `whole`
/// (a bar of several rows shares one scale). With `title`, the bar is an image named by it
/// (its text equivalent, every figure); without, it is a decoration of a table row that holds
/// the figures, hidden from screen readers.
pub(super) fn bar(
    segments: &[Segment],
    whole: usize,
    height: usize,
    title: Option<&str>,
) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"bar\" viewBox=\"0 0 {WIDTH} {height}\" preserveAspectRatio=\"none\" \
         width=\"100%\" height=\"{height}\" focusable=\"false\""
    );
    match title {
        Some(t) => {
            let _ = write!(svg, " role=\"img\"><title>{}</title>", escape(t));
        }
        None => svg.push_str(" aria-hidden=\"true\">"),
    }
    let _ = write!(
        svg,
        "<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#EEF1F4\"/>"
    );
    let mut x = 0usize;
    let mut done = 0usize;
    for s in segments.iter().filter(|s| s.count > 0) {
        done += s.count;
        // Each edge is placed from the running total, so the widths add up to the whole.
        let end = (done * WIDTH)
            .checked_div(whole.max(1))
            .unwrap_or(0)
            .min(WIDTH);
        if end > x {
            let _ = write!(
                svg,
                "<rect x=\"{x}\" width=\"{}\" height=\"{height}\" fill=\"#{:06X}\"/>",
                end - x,
                s.colour
            );
        }
        x = end;
    }
    svg.push_str("</svg>");
    svg
}

/// Returns the words of a bar's title: `label: count` for each segment, joined, with the
/// page language's `colon`.
pub(super) fn describe(heading: &str, segments: &[Segment], colon: &str) -> String {
    let parts: Vec<String> = segments
        .iter()
        .map(|s| format!("{}{colon} {}", s.label, s.count))
        .collect();
    format!("{heading}. {}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(label: &str, count: usize) -> Segment {
        Segment {
            label: label.into(),
            count,
            colour: 0x2A7F50,
        }
    }

    #[test]
    fn segments_fill_the_bar_in_proportion_and_to_the_end() {
        let svg = bar(&[seg("a", 1), seg("b", 0), seg("c", 2)], 3, 20, None);
        assert!(svg.contains("x=\"0\" width=\"333\""), "{svg}");
        assert!(svg.contains("x=\"333\" width=\"667\""), "{svg}");
        assert!(svg.contains("aria-hidden=\"true\""));
    }

    #[test]
    fn a_titled_bar_is_an_image_named_by_its_figures_escaped() {
        let segs = [seg("<b>", 2)];
        let svg = bar(&segs, 2, 20, Some(&describe("Status", &segs, ":")));
        assert!(svg.contains("role=\"img\"><title>Status. &lt;b&gt;: 2</title>"));
        let empty = bar(&[], 0, 20, None);
        assert_eq!(empty.matches("<rect").count(), 1, "only the background");
    }
}
