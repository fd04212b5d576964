//! A chart's picture: the frame Typst laid out with the PDF's own drawing, exported to SVG by
//! `typst-svg` and rasterised to PNG by `resvg` (both already under Typst).
//!
//! PNG rather than SVG: every version of Word, LibreOffice and the converters between them
//! show a PNG, while Word shows an SVG only from 2016 on and only beside a PNG fallback, so
//! the PNG is needed in any case. At 150 dots per inch the charts print sharply on an office
//! printer and cost half the pixels of 200 (the drawing and the encoding were a quarter of a
//! Word version's time). The picture is opaque (drawn on white), so it is written as RGB,
//! with the `png` crate's fast compression: as small as the default's for flat charts, at a
//! fraction of the time.

use typst::foundations::{Content, Smart};
use typst::layout::{Abs, Frame, Sides};
use typst_layout::Page;

/// Dots per inch of a chart's picture.
const DPI: f32 = 150.0;

/// A chart's PNG and its size in points.
pub(super) struct Picture {
    /// The PNG bytes.
    pub png: Vec<u8>,
    /// Width in points.
    pub width_pt: f64,
    /// Height in points.
    pub height_pt: f64,
}

/// Renders a laid-out frame as a PNG on white.
pub(super) fn render(frame: &Frame) -> Option<Picture> {
    let page = Page {
        frame: frame.clone(),
        bleed: Sides::splat(Abs::zero()),
        fill: Smart::Auto,
        numbering: None,
        supplement: Content::empty(),
        number: 1,
    };
    let svg = typst_svg::svg(&page, &typst_svg::SvgOptions::default());
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).ok()?;
    let size = tree.size();
    let scale = DPI / 96.0;
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width.max(1), height.max(1))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Some(Picture {
        png: encode(&pixmap)?,
        width_pt: frame.width().to_pt(),
        height_pt: frame.height().to_pt(),
    })
}

/// Encodes an opaque pixmap as an RGB PNG, with fast compression.
fn encode(pixmap: &resvg::tiny_skia::Pixmap) -> Option<Vec<u8>> {
    // On white every pixel is opaque, so the premultiplied colour is the colour itself.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let mut png = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut png, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&rgb).ok()?;
    writer.finish().ok()?;
    Some(png)
}
