//! The `.docx` package: WordprocessingML written by hand with the zip crate, its look taken
//! from the reference document.
//!
//! The parts are few and their elements are written in the order the schema asks (Word
//! refuses a file whose elements are out of order). From the reference document come
//! `word/styles.xml` and, when it has them, its theme and font table: an office that gives its
//! own `reference.docx` gets its own fonts, colours and heading looks. The numbering (the
//! bullets), the settings, the running header and footer and the section (A4, the PDF's
//! margins) are the program's. Every entry of the zip carries the as-of date, so the same
//! inputs give the same bytes.

use std::fmt::Write as _;
use std::io::{Cursor, Read as _, Write as _};

use super::model::{Block, Inline};
use super::picture;
use crate::error::{Error, Result};

/// What the package says of the document, and the words of its running header and footer.
pub struct Properties {
    /// The title (as the PDF's).
    pub title: String,
    /// The author (the network).
    pub author: String,
    /// The keywords, separated by `; `.
    pub keywords: String,
    /// The document's language tag (`es`, `en`).
    pub lang: String,
    /// The as-of date: the package's creation and modification date.
    pub as_of: chrono::NaiveDate,
    /// The short title of the running header.
    pub header: String,
    /// The sample-data mark of the running header, when the inputs are sample data.
    pub sample: Option<String>,
    /// The running footer's text (the network).
    pub footer: String,
    /// "Page" and "of", around the page numbers.
    pub page: String,
    /// See `page`.
    pub of: String,
    /// Custom document properties (name, text), as Word's File > Properties > Custom shows
    /// them: what a narrative draft was written from.
    pub custom: Vec<(String, String)>,
}

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const DRAWING_NS: &str = r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;
const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
/// The text width of an A4 page with the PDF's margins, in twentieths of a point.
const TEXT_WIDTH: usize = 9298;

/// Escapes text for XML, dropping the characters XML 1.0 cannot hold (controls but tab and
/// line ends, non-characters), so that no input's text is ever markup or breaks the file.
pub fn esc(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        })
        .collect();
    quick_xml::escape::escape(kept.as_str()).into_owned()
}

/// The relationships, pictures and numbers of the document being written.
#[derive(Default)]
struct Package {
    /// (id, type, target, external).
    rels: Vec<(String, &'static str, String, bool)>,
    media: Vec<(String, Vec<u8>)>,
    drawings: usize,
}

impl Package {
    fn rel(&mut self, kind: &'static str, target: String, external: bool) -> String {
        let id = format!("rId{}", self.rels.len() + 1);
        self.rels.push((id.clone(), kind, target, external));
        id
    }
}

/// Writes a `.docx` of `blocks`, with the styles of `reference`.
pub fn write(blocks: &[Block], props: &Properties, reference: &[u8]) -> Result<Vec<u8>> {
    let reference = Reference::read(reference)?;
    let mut package = Package::default();
    for (kind, target) in [
        ("styles", "styles.xml"),
        ("numbering", "numbering.xml"),
        ("settings", "settings.xml"),
        ("header", "header1.xml"),
        ("footer", "footer1.xml"),
    ] {
        package.rel(rel_kind(kind), target.to_string(), false);
    }
    if reference.theme.is_some() {
        package.rel(rel_kind("theme"), "theme/theme1.xml".into(), false);
    }
    if reference.fonts.is_some() {
        package.rel(rel_kind("fontTable"), "fontTable.xml".into(), false);
    }
    let document = document_xml(blocks, props, &mut package);
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            content_types(&reference, !props.custom.is_empty()).into_bytes(),
        ),
        (
            "_rels/.rels".into(),
            root_rels(!props.custom.is_empty()).into_bytes(),
        ),
        ("docProps/core.xml".into(), core_xml(props).into_bytes()),
        ("docProps/app.xml".into(), APP_XML.as_bytes().to_vec()),
        ("word/document.xml".into(), document.into_bytes()),
        (
            "word/_rels/document.xml.rels".into(),
            rels_xml(&package).into_bytes(),
        ),
        ("word/styles.xml".into(), reference.styles),
        (
            "word/numbering.xml".into(),
            NUMBERING_XML.as_bytes().to_vec(),
        ),
        ("word/settings.xml".into(), settings_xml(props).into_bytes()),
        ("word/header1.xml".into(), header_xml(props).into_bytes()),
        ("word/footer1.xml".into(), footer_xml(props).into_bytes()),
    ];
    if !props.custom.is_empty() {
        parts.push(("docProps/custom.xml".into(), custom_xml(props).into_bytes()));
    }
    if let Some(theme) = reference.theme {
        parts.push(("word/theme/theme1.xml".into(), theme));
    }
    if let Some(fonts) = reference.fonts {
        parts.push(("word/fontTable.xml".into(), fonts));
    }
    for (name, png) in package.media {
        parts.push((format!("word/media/{name}"), png));
    }
    zip_parts(&parts, props.as_of)
}

fn rel_kind(kind: &str) -> &'static str {
    match kind {
        "styles" => "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
        "numbering" => {
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
        }
        "settings" => {
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
        }
        "header" => "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
        "footer" => "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
        "theme" => "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme",
        "fontTable" => {
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
        }
        "image" => "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
        _ => "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
    }
}

/// The parts taken from the reference document.
struct Reference {
    styles: Vec<u8>,
    theme: Option<Vec<u8>>,
    fonts: Option<Vec<u8>>,
}

impl Reference {
    fn read(bytes: &[u8]) -> Result<Reference> {
        let bad = |e: &dyn std::fmt::Display| {
            Error::new("error.reference-docx", &[]).cause(e.to_string())
        };
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
        let mut part = |name: &str| -> Option<Vec<u8>> {
            let mut file = zip.by_name(name).ok()?;
            let mut out = Vec::new();
            file.read_to_end(&mut out).ok()?;
            Some(out)
        };
        let styles = part("word/styles.xml").ok_or_else(|| bad(&"word/styles.xml"))?;
        Ok(Reference {
            styles,
            theme: part("word/theme/theme1.xml"),
            fonts: part("word/fontTable.xml"),
        })
    }
}

fn zip_parts(parts: &[(String, Vec<u8>)], as_of: chrono::NaiveDate) -> Result<Vec<u8>> {
    use chrono::Datelike;
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(as_of.year()).unwrap_or(1980),
        as_of.month() as u8,
        as_of.day() as u8,
        12,
        0,
        0,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let failed =
        |e: &dyn std::fmt::Display| Error::new("error.reference-docx", &[]).cause(e.to_string());
    // A picture is compressed already: deflating it again costs time and saves nothing.
    let stored = options.compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        let options = if name.ends_with(".png") {
            stored
        } else {
            options
        };
        zip.start_file(name.as_str(), options)
            .map_err(|e| failed(&e))?;
        zip.write_all(bytes).map_err(|e| failed(&e))?;
    }
    zip.finish().map_err(|e| failed(&e))?;
    Ok(out.into_inner())
}

fn document_xml(blocks: &[Block], props: &Properties, package: &mut Package) -> String {
    let mut x = String::with_capacity(64 << 10);
    x.push_str(XML_HEAD);
    let _ = write!(x, "<w:document {W_NS} {DRAWING_NS}><w:body>");
    for block in blocks {
        block_xml(&mut x, block, blocks, props, package);
    }
    let _ = write!(
        x,
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId4\"/>\
         <w:footerReference w:type=\"default\" r:id=\"rId5\"/>\
         <w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1531\" w:right=\"1304\" w:bottom=\"1361\" w:left=\"1304\" \
         w:header=\"850\" w:footer=\"680\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>\
         </w:body></w:document>"
    );
    x
}

fn block_xml(x: &mut String, block: &Block, all: &[Block], props: &Properties, p: &mut Package) {
    match block {
        Block::Title(runs) => paragraph(x, Some("Title"), runs, props, p),
        Block::Heading(level, runs) => {
            paragraph(x, Some(&format!("Heading{level}")), runs, props, p);
        }
        Block::Paragraph(style, runs) => paragraph(x, style.as_deref(), runs, props, p),
        Block::List(items) => {
            for item in items {
                x.push_str(
                    "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr>\
                            <w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
                );
                runs_xml(x, item, props, p);
                x.push_str("</w:p>");
            }
        }
        Block::Table { header_rows, rows } => table_xml(x, *header_rows, rows, all, props, p),
        Block::Chart(frame, alt) => chart_xml(x, frame, alt, p),
        Block::Contents(title) => contents_xml(x, title, all, props),
    }
}

fn paragraph(
    x: &mut String,
    style: Option<&str>,
    runs: &[Inline],
    props: &Properties,
    p: &mut Package,
) {
    x.push_str("<w:p>");
    if let Some(style) = style {
        let _ = write!(x, "<w:pPr><w:pStyle w:val=\"{}\"/></w:pPr>", esc(style));
    }
    runs_xml(x, runs, props, p);
    x.push_str("</w:p>");
}

fn runs_xml(x: &mut String, runs: &[Inline], props: &Properties, p: &mut Package) {
    for run in runs {
        let link = run.link.as_deref().filter(|l| {
            l.starts_with("https://") || l.starts_with("http://") || l.starts_with("mailto:")
        });
        if let Some(link) = link {
            let id = p.rel(rel_kind("hyperlink"), link.to_string(), true);
            let _ = write!(x, "<w:hyperlink r:id=\"{id}\">");
        }
        x.push_str("<w:r>");
        run_props(x, run, props, link.is_some());
        if run.line_break {
            x.push_str("<w:br/>");
        } else {
            let _ = write!(x, "<w:t xml:space=\"preserve\">{}</w:t>", esc(&run.text));
        }
        x.push_str("</w:r>");
        if link.is_some() {
            x.push_str("</w:hyperlink>");
        }
    }
}

fn run_props(x: &mut String, run: &Inline, props: &Properties, link: bool) {
    x.push_str("<w:rPr>");
    if link {
        x.push_str("<w:rStyle w:val=\"Hyperlink\"/>");
    }
    if run.bold {
        x.push_str("<w:b/>");
    }
    if run.italic {
        x.push_str("<w:i/>");
    }
    if let Some(ink) = &run.ink {
        let _ = write!(x, "<w:color w:val=\"{}\"/>", esc(ink));
    }
    if let Some(fill) = &run.fill {
        let _ = write!(
            x,
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/>",
            esc(fill)
        );
    }
    let lang = run.lang.as_deref().unwrap_or(&props.lang);
    let _ = write!(x, "<w:lang w:val=\"{}\"/></w:rPr>", esc(lang));
}

fn table_xml(
    x: &mut String,
    header_rows: usize,
    rows: &[Vec<Vec<Block>>],
    all: &[Block],
    props: &Properties,
    p: &mut Package,
) {
    let widths = column_widths(rows);
    x.push_str(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"UNTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>\
                <w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" \
                w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
    );
    for width in &widths {
        let _ = write!(x, "<w:gridCol w:w=\"{width}\"/>");
    }
    x.push_str("</w:tblGrid>");
    for (i, row) in rows.iter().enumerate() {
        let header = i < header_rows;
        x.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if header {
            x.push_str("<w:tblHeader/>");
        }
        x.push_str("</w:trPr>");
        for (c, width) in widths.iter().enumerate() {
            let _ = write!(
                x,
                "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>"
            );
            let cell = row.get(c).map(Vec::as_slice).unwrap_or_default();
            let mut wrote = false;
            for block in cell {
                let block = in_cell(block, header);
                block_xml(x, &block, all, props, p);
                wrote = !matches!(block, Block::Table { .. });
            }
            if !wrote {
                x.push_str("<w:p/>");
            }
            x.push_str("</w:tc>");
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl><w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr></w:p>");
}

/// A cell's block: its paragraphs of the table text style, a header cell's in bold.
fn in_cell(block: &Block, header: bool) -> Block {
    match block {
        Block::Paragraph(style, runs) => Block::Paragraph(
            Some(style.clone().unwrap_or_else(|| "TableText".into())),
            runs.iter()
                .map(|r| Inline {
                    bold: r.bold || header,
                    ..r.clone()
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The columns' widths, in twentieths of a point, shared out over the text width by what
/// each column holds, as a browser sizes an automatic table: its longest text (up to 40
/// characters), and never less than its longest word, so that no header breaks inside a word.
fn column_widths(rows: &[Vec<Vec<Block>>]) -> Vec<usize> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut need = vec![3usize; columns];
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            let text: String = cell
                .iter()
                .filter_map(|b| match b {
                    Block::Paragraph(_, runs) => Some(runs.iter().map(|r| r.text.as_str())),
                    _ => None,
                })
                .flatten()
                .collect();
            let longest_word = text
                .split(' ')
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            need[c] = need[c]
                .max(text.chars().count().min(40))
                .max(longest_word + 1);
        }
    }
    // Each cell's margins first (the table style's 85 twips a side), then the text's share.
    const MARGINS: usize = 170;
    let text = TEXT_WIDTH.saturating_sub(MARGINS * columns);
    let total: usize = need.iter().sum();
    need.iter().map(|n| MARGINS + text * n / total).collect()
}

fn chart_xml(x: &mut String, frame: &typst::layout::Frame, alt: &str, p: &mut Package) {
    let Some(picture) = picture::render(frame) else {
        return;
    };
    p.drawings += 1;
    let n = p.drawings;
    let name = format!("chart{n}.png");
    let id = p.rel(rel_kind("image"), format!("media/{name}"), false);
    p.media.push((name.clone(), picture.png));
    // Points to English Metric Units; no wider than the text.
    let scale = (TEXT_WIDTH as f64 / 20.0 / picture.width_pt).min(1.0);
    let cx = (picture.width_pt * scale * 12700.0).round() as u64;
    let cy = (picture.height_pt * scale * 12700.0).round() as u64;
    let alt = esc(alt);
    let _ = write!(
        x,
        "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/><w:keepLines/></w:pPr><w:r><w:drawing>\
         <wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/>\
         <wp:docPr id=\"{n}\" name=\"{name}\" descr=\"{alt}\"/>\
         <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
         <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"{name}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
         <pic:blipFill><a:blip r:embed=\"{id}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
         </a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    );
}

/// The table of contents: a TOC field over headings 1 and 2, which Word refreshes on opening
/// (`updateFields`), filled beforehand with the headings (without pages) for readers that do
/// not refresh fields. A page break before and after it, as in the PDF.
fn contents_xml(x: &mut String, title: &str, all: &[Block], props: &Properties) {
    const BREAK: &str = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
    x.push_str(BREAK);
    let _ = write!(
        x,
        "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/>\
         <w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>\
         <w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/></w:pPr><w:r><w:rPr><w:lang w:val=\"{lang}\"/></w:rPr>\
         <w:t xml:space=\"preserve\">{title}</w:t></w:r></w:p>\
         <w:p><w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>\
         <w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z \\u </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r></w:p>",
        lang = esc(&props.lang),
        title = esc(title)
    );
    for block in all {
        if let Block::Heading(level @ 1..=2, runs) = block {
            let text: String = runs.iter().map(|r| r.text.as_str()).collect();
            let _ = write!(
                x,
                "<w:p><w:pPr><w:pStyle w:val=\"TOC{level}\"/></w:pPr><w:r><w:rPr><w:lang w:val=\"{}\"/></w:rPr>\
                 <w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                esc(&props.lang),
                esc(&text)
            );
        }
    }
    x.push_str("<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:sdtContent></w:sdt>");
    x.push_str(BREAK);
}

fn header_xml(props: &Properties) -> String {
    let mut x = format!("{XML_HEAD}<w:hdr {W_NS}><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>");
    let lang = esc(&props.lang);
    let _ = write!(
        x,
        "<w:r><w:rPr><w:b/><w:lang w:val=\"{lang}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        esc(&props.header)
    );
    if let Some(sample) = &props.sample {
        let _ = write!(
            x,
            "<w:r><w:tab/></w:r><w:r><w:rPr><w:b/><w:color w:val=\"FFFFFF\"/>\
             <w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"B5332A\"/><w:lang w:val=\"{lang}\"/></w:rPr>\
             <w:t xml:space=\"preserve\"> {} </w:t></w:r>",
            esc(sample)
        );
    }
    x.push_str("</w:p></w:hdr>");
    x
}

fn footer_xml(props: &Properties) -> String {
    let lang = esc(&props.lang);
    let field = |instr: &str| {
        format!(
            "<w:fldSimple w:instr=\" {instr} \"><w:r><w:rPr><w:lang w:val=\"{lang}\"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>"
        )
    };
    let text = |t: &str| {
        format!(
            "<w:r><w:rPr><w:lang w:val=\"{lang}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            esc(t)
        )
    };
    format!(
        "{XML_HEAD}<w:ftr {W_NS}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>{}<w:r><w:tab/></w:r>{}{}{}{}</w:p></w:ftr>",
        text(&props.footer),
        text(&format!("{} ", props.page)),
        field("PAGE"),
        text(&format!(" {} ", props.of)),
        field("NUMPAGES"),
    )
}

fn core_xml(props: &Properties) -> String {
    let date = format!("{}T12:00:00Z", props.as_of.format("%Y-%m-%d"));
    format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords>\
         <dc:language>{}</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>",
        esc(&props.title),
        esc(&props.author),
        esc(&props.keywords),
        esc(&props.lang),
    )
}

fn settings_xml(props: &Properties) -> String {
    format!(
        "{XML_HEAD}<w:settings {W_NS}><w:updateFields w:val=\"true\"/><w:defaultTabStop w:val=\"709\"/>\
         <w:characterSpacingControl w:val=\"doNotCompress\"/><w:themeFontLang w:val=\"{}\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         </w:settings>",
        esc(&props.lang)
    )
}

fn rels_xml(package: &Package) -> String {
    let mut x = format!("{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (id, kind, target, external) in &package.rels {
        let mode = if *external {
            " TargetMode=\"External\""
        } else {
            ""
        };
        let _ = write!(
            x,
            "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{}\"{mode}/>",
            esc(target)
        );
    }
    x.push_str("</Relationships>");
    x
}

fn content_types(reference: &Reference, custom: bool) -> String {
    const MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut x = format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Default Extension=\"png\" ContentType=\"image/png\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"{MAIN}.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"{MAIN}.styles+xml\"/>\
         <Override PartName=\"/word/numbering.xml\" ContentType=\"{MAIN}.numbering+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"{MAIN}.settings+xml\"/>\
         <Override PartName=\"/word/header1.xml\" ContentType=\"{MAIN}.header+xml\"/>\
         <Override PartName=\"/word/footer1.xml\" ContentType=\"{MAIN}.footer+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
    );
    if custom {
        x.push_str("<Override PartName=\"/docProps/custom.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.custom-properties+xml\"/>");
    }
    if reference.theme.is_some() {
        x.push_str("<Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>");
    }
    if reference.fonts.is_some() {
        let _ = write!(
            x,
            "<Override PartName=\"/word/fontTable.xml\" ContentType=\"{MAIN}.fontTable+xml\"/>"
        );
    }
    x.push_str("</Types>");
    x
}

/// The package's relationships: the document and its core and extended properties, and its
/// custom properties when it has some.
fn root_rels(custom: bool) -> String {
    let mut x = format!(
        "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
    );
    if custom {
        x.push_str("<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties\" Target=\"docProps/custom.xml\"/>");
    }
    x.push_str("</Relationships>");
    x
}

/// The custom properties, each a text (`vt:lpwstr`), numbered from 2 as Word numbers them.
fn custom_xml(props: &Properties) -> String {
    let mut x = format!(
        "{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
    );
    for (i, (name, value)) in props.custom.iter().enumerate() {
        let _ = write!(
            x,
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{}\" name=\"{}\"><vt:lpwstr>{}</vt:lpwstr></property>",
            i + 2,
            esc(name),
            esc(value)
        );
    }
    x.push_str("</Properties>");
    x
}

const APP_XML: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">",
    "<Application>seguimiento ",
    env!("CARGO_PKG_VERSION"),
    "</Application></Properties>"
);

/// One bulleted list style: a bullet in the PDFs' blue, hanging.
const NUMBERING_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>\
<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u{2022}\"/>\
<w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"360\" w:hanging=\"240\"/></w:pPr>\
<w:rPr><w:color w:val=\"1A4E8A\"/></w:rPr></w:lvl></w:abstractNum>\
<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";
