//! Reads Word documents (`.docx`: a zip of WordprocessingML) into the model of
//! [`super::document`]: paragraphs with their style's heading level (a `heading N` or `Title`
//! style, or an outline level, followed through `basedOn`), list level, bold, italic and links
//! (their targets from the part's relationships), and tables with `gridSpan` and `vMerge`. A
//! field's shown result and an insertion's text are kept; pictures, fields' codes, deletions,
//! comments, notes, text boxes, equations and objects are counted as left out.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::document::{
    attr, local, tree, Block, Document, Gathered, LeftOut, Node, Package, Paragraph, Run, Table,
    TableCell, MAX_DEPTH,
};
use super::grid::ReadError;
use super::Limits;

/// Reads a Word document's package, already opened and checked.
pub(super) fn read(package: &mut Package<'_>, limits: &Limits) -> Result<Document, ReadError> {
    let main = package.main_part();
    let rels = package.relationships(&main);
    let styles = package
        .part("word/styles.xml")
        .map(|xml| Styles::read(&xml))
        .unwrap_or_default();
    let xml = package
        .part(&main)
        .ok_or_else(|| ReadError::Corrupt(format!("no {main} in the package")))?;
    let mut body = Body {
        rels,
        styles,
        out: Gathered::new(limits),
    };
    body.read(&xml)?;
    if let Some(custom) = package.part("docProps/custom.xml") {
        // Custom document properties: `<property name="…"><vt:lpwstr>…</vt:lpwstr></property>`;
        // a part that does not parse holds none worth keeping.
        if let Ok(root) = tree(&custom) {
            for p in root.child(b"Properties").iter().flat_map(|r| r.nodes()) {
                if let (Some(name), Some(value)) = (p.attr(b"name"), p.nodes().next()) {
                    body.out.property(name, &value.text());
                }
            }
        }
    }
    Ok(body.out.doc)
}

/// What the document's styles say of a paragraph: its name, heading level, list.
#[derive(Default)]
struct Styles {
    by_id: HashMap<String, Style>,
}

#[derive(Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    list: bool,
}

impl Styles {
    fn read(xml: &[u8]) -> Styles {
        let mut by_id = HashMap::new();
        let mut reader = Reader::from_reader(xml);
        let mut buf = Vec::new();
        let mut current: Option<(String, Style)> = None;
        let mut depth = 0usize;
        loop {
            buf.clear();
            let (e, empty) = match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) => (e, false),
                Ok(Event::Empty(e)) => (e, true),
                Ok(Event::End(e)) => {
                    depth = depth.saturating_sub(1);
                    if local(e.name().as_ref()) == b"style" {
                        if let Some((id, s)) = current.take() {
                            by_id.insert(id, s);
                        }
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) | Ok(Event::DocType(_)) => break,
                _ => continue,
            };
            if !empty {
                depth += 1;
                if depth > MAX_DEPTH {
                    break;
                }
            }
            let name = e.name();
            match local(name.as_ref()) {
                b"style" if !empty => {
                    let id = attr(&e, b"styleId").unwrap_or_default();
                    current = Some((id, Style::default()));
                }
                b"name" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.name = attr(&e, b"val").unwrap_or_default();
                    }
                }
                b"basedOn" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.based_on = attr(&e, b"val");
                    }
                }
                b"outlineLvl" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.outline = attr(&e, b"val").and_then(|v| v.parse().ok());
                    }
                }
                b"numPr" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.list = true;
                    }
                }
                _ => {}
            }
        }
        Styles { by_id }
    }

    /// The style's name, heading level and whether it makes a list item, following `basedOn`.
    fn describe(&self, id: &str) -> (String, Option<u8>, bool) {
        let Some(style) = self.by_id.get(id) else {
            return (id.to_string(), heading_of_name(id), false);
        };
        let name = if style.name.is_empty() {
            id.to_string()
        } else {
            style.name.clone()
        };
        let mut heading = heading_of_name(&name);
        let (mut outline, mut list) = (style.outline, style.list);
        let mut next = style.based_on.clone();
        for _ in 0..16 {
            let Some(parent) = next.as_deref().and_then(|id| self.by_id.get(id)) else {
                break;
            };
            outline = outline.or(parent.outline);
            list |= parent.list;
            heading = heading.or_else(|| heading_of_name(&parent.name));
            next = parent.based_on.clone();
        }
        let heading = heading.or_else(|| outline.filter(|&l| l < 9).map(|l| l + 1));
        (name, heading, list)
    }
}

/// The heading level a style's name gives: `heading 2` (any case, any spacing) is 2, `Title`
/// is 0.
fn heading_of_name(name: &str) -> Option<u8> {
    let folded: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if folded == "title" {
        return Some(0);
    }
    let level = folded.strip_prefix("heading")?;
    level.parse::<u8>().ok().filter(|l| (1..=9).contains(l))
}

/// The body being read: relationships and styles to resolve, the document being built.
struct Body {
    rels: HashMap<String, String>,
    styles: Styles,
    out: Gathered,
}

/// How a run of text is being read: inside a link, inside a field's code.
#[derive(Clone, Default)]
struct RunContext {
    link: Option<String>,
}

impl Body {
    fn read(&mut self, xml: &[u8]) -> Result<(), ReadError> {
        let root = tree(xml)?;
        let body = root
            .child(b"document")
            .and_then(|d| d.child(b"body"))
            .ok_or_else(|| ReadError::Corrupt("no document body".into()))?;
        let mut blocks = Vec::new();
        self.blocks(body, &mut blocks);
        self.out.doc.blocks = blocks;
        Ok(())
    }

    /// Reads the blocks of a container (the body, a content control, a cell).
    fn blocks(&mut self, parent: &Node, out: &mut Vec<Block>) {
        for n in parent.nodes() {
            match n.name.as_slice() {
                b"p" if self.out.room() => out.push(Block::Paragraph(self.paragraph(n))),
                b"tbl" if self.out.room() => out.push(Block::Table(self.table(n))),
                b"sdt" => {
                    if let Some(content) = n.child(b"sdtContent") {
                        self.blocks(content, out);
                    }
                }
                b"customXml" | b"ins" | b"moveTo" => {
                    if n.name != b"customXml" {
                        self.out.note(LeftOut::TrackedChange);
                    }
                    self.blocks(n, out);
                }
                b"del" | b"moveFrom" => self.out.note(LeftOut::TrackedChange),
                b"AlternateContent" => self.out.note(LeftOut::Object),
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: &Node) -> Paragraph {
        let mut para = Paragraph::default();
        if let Some(props) = p.child(b"pPr") {
            if let Some(id) = props.child(b"pStyle").and_then(|s| s.attr(b"val")) {
                let (name, heading, list) = self.styles.describe(id);
                para.style = name;
                para.heading = heading;
                if list {
                    para.list = Some(0);
                }
            }
            if let Some(level) = props
                .child(b"outlineLvl")
                .and_then(|o| o.attr(b"val"))
                .and_then(|v| v.parse::<u8>().ok())
                .filter(|&l| l < 9)
            {
                para.heading = Some(level + 1);
            }
            if let Some(num) = props.child(b"numPr") {
                let id = num.child(b"numId").and_then(|n| n.attr(b"val"));
                // `numId` 0 removes a list the style would give.
                if id == Some("0") {
                    para.list = None;
                } else {
                    let level = num
                        .child(b"ilvl")
                        .and_then(|l| l.attr(b"val"))
                        .and_then(|v| v.parse::<u8>().ok())
                        .unwrap_or(0);
                    para.list = Some(level.min(8));
                }
            }
            if props
                .child(b"rPr")
                .is_some_and(|r| r.child(b"del").is_some())
            {
                self.out.note(LeftOut::TrackedChange);
            }
        }
        let mut field = FieldState::default();
        self.inline(p, &RunContext::default(), &mut field, &mut para.runs);
        para
    }

    /// Reads the runs inside a paragraph or one of its wrappers (links, insertions, fields).
    fn inline(
        &mut self,
        parent: &Node,
        ctx: &RunContext,
        field: &mut FieldState,
        out: &mut Vec<Run>,
    ) {
        for n in parent.nodes() {
            match n.name.as_slice() {
                b"r" => self.run(n, ctx, field, out),
                b"hyperlink" => {
                    let target = n
                        .attr(b"id")
                        .and_then(|id| self.rels.get(id).cloned())
                        .or_else(|| n.attr(b"anchor").map(|a| format!("#{a}")));
                    let inner = RunContext { link: target };
                    self.inline(n, &inner, field, out);
                }
                b"fldSimple" => {
                    self.out.note(LeftOut::Field);
                    self.inline(n, ctx, field, out);
                }
                b"ins" | b"moveTo" => {
                    self.out.note(LeftOut::TrackedChange);
                    self.inline(n, ctx, field, out);
                }
                b"del" | b"moveFrom" => self.out.note(LeftOut::TrackedChange),
                b"smartTag" | b"customXml" | b"dir" | b"bdo" => self.inline(n, ctx, field, out),
                b"sdt" => {
                    if let Some(content) = n.child(b"sdtContent") {
                        self.inline(content, ctx, field, out);
                    }
                }
                b"oMath" | b"oMathPara" => self.out.note(LeftOut::Equation),
                b"AlternateContent" => self.out.note(LeftOut::TextBox),
                _ => {}
            }
        }
    }

    fn run(&mut self, r: &Node, ctx: &RunContext, field: &mut FieldState, out: &mut Vec<Run>) {
        let props = r.child(b"rPr");
        let bold = props.is_some_and(|p| p.toggle(b"b") || p.toggle(b"bCs"));
        let italic = props.is_some_and(|p| p.toggle(b"i") || p.toggle(b"iCs"));
        let mut text = String::new();
        for n in r.nodes() {
            match n.name.as_slice() {
                b"t" if !field.in_code => text.push_str(&n.text()),
                b"tab" | b"ptab" if !field.in_code => text.push('\t'),
                b"br" | b"cr" if !field.in_code => text.push('\n'),
                b"noBreakHyphen" if !field.in_code => text.push('-'),
                b"softHyphen" => {}
                b"fldChar" => match n.attr(b"fldCharType") {
                    Some("begin") => {
                        self.out.note(LeftOut::Field);
                        field.in_code = true;
                    }
                    Some("separate") | Some("end") => field.in_code = false,
                    _ => {}
                },
                b"instrText" | b"delInstrText" => {}
                b"delText" => self.out.note(LeftOut::TrackedChange),
                b"drawing" | b"pict" => {
                    if contains(n, b"txbxContent") {
                        self.out.note(LeftOut::TextBox);
                    } else {
                        self.out.note(LeftOut::Image);
                    }
                }
                b"object" => self.out.note(LeftOut::Object),
                b"AlternateContent" => {
                    if contains(n, b"txbxContent") {
                        self.out.note(LeftOut::TextBox);
                    } else {
                        self.out.note(LeftOut::Image);
                    }
                }
                b"footnoteReference" | b"endnoteReference" => self.out.note(LeftOut::Note),
                b"commentReference" => self.out.note(LeftOut::Comment),
                _ => {}
            }
        }
        if text.is_empty() {
            return;
        }
        // Runs of one formatting side by side are one run.
        if let Some(last) = out.last_mut() {
            if last.bold == bold && last.italic == italic && last.link == ctx.link {
                last.text.push_str(&text);
                return;
            }
        }
        out.push(Run {
            text,
            bold,
            italic,
            link: ctx.link.clone(),
        });
    }

    fn table(&mut self, t: &Node) -> Table {
        let mut table = Table::default();
        for row in t.nodes().filter(|n| n.name == b"tr") {
            if !self.out.room() {
                break;
            }
            let mut cells = Vec::new();
            for cell in row_cells(row) {
                cells.push(self.cell(cell));
            }
            table.rows.push(cells);
        }
        table
    }

    fn cell(&mut self, c: &Node) -> TableCell {
        let props = c.child(b"tcPr");
        let span = props
            .and_then(|p| p.child(b"gridSpan"))
            .and_then(|s| s.attr(b"val"))
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(1)
            .clamp(1, 1000);
        let merged_above = props
            .and_then(|p| p.child(b"vMerge"))
            .is_some_and(|v| v.attr(b"val") != Some("restart"));
        let mut paragraphs = Vec::new();
        self.cell_paragraphs(c, &mut paragraphs);
        TableCell {
            paragraphs,
            span,
            merged_above,
        }
    }

    fn cell_paragraphs(&mut self, c: &Node, out: &mut Vec<Paragraph>) {
        let mut blocks = Vec::new();
        self.blocks(c, &mut blocks);
        out.extend(self.out.cell(blocks));
    }
}

/// The cells of a row, through the wrappers a row may hold them in.
fn row_cells(row: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    for n in row.nodes() {
        match n.name.as_slice() {
            b"tc" => out.push(n),
            b"sdt" => {
                if let Some(content) = n.child(b"sdtContent") {
                    out.extend(row_cells(content));
                }
            }
            b"customXml" => out.extend(row_cells(n)),
            _ => {}
        }
    }
    out
}

/// Whether an element holds one of the name given, at any depth.
fn contains(n: &Node, name: &[u8]) -> bool {
    n.nodes().any(|c| c.name == name || contains(c, name))
}

/// Where a paragraph's reading is within a complex field.
#[derive(Default)]
struct FieldState {
    in_code: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Builds a `.docx` package from its parts.
    pub(crate) fn package(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        buf.into_inner()
    }

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                     xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

    fn docx(body: &str) -> Vec<u8> {
        let doc =
            format!("<?xml version=\"1.0\"?><w:document {W}><w:body>{body}</w:body></w:document>");
        let styles = format!(
            "<w:styles {W}><w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Mine\"><w:name w:val=\"Mine\"/><w:basedOn w:val=\"Outline\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Outline\"><w:name w:val=\"Outline\"/><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr></w:style></w:styles>"
        );
        let rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                    <Relationship Id=\"rId9\" Type=\"http://x/hyperlink\" Target=\"https://example.org/a?b=1&amp;c=2\" TargetMode=\"External\"/></Relationships>";
        package(&[
            ("word/document.xml", &doc),
            ("word/styles.xml", &styles),
            ("word/_rels/document.xml.rels", rels),
        ])
    }

    fn read_docx(body: &str) -> Result<Document, ReadError> {
        crate::sheets::read::read_document(&docx(body), "docx", &Limits::default())
    }

    #[test]
    fn paragraphs_keep_headings_lists_formatting_and_links() {
        let doc = read_docx(
            "<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>Prioridades</w:t></w:r></w:p>\
             <w:p><w:pPr><w:pStyle w:val=\"Mine\"/></w:pPr><w:r><w:t>Tres</w:t></w:r></w:p>\
             <w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"4\"/></w:numPr></w:pPr>\
               <w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Uno </w:t></w:r>\
               <w:r><w:rPr><w:b w:val=\"0\"/><w:i/></w:rPr><w:t>dos</w:t></w:r>\
               <w:hyperlink r:id=\"rId9\"><w:r><w:t>enlace &amp; más</w:t></w:r></w:hyperlink>\
               <w:r><w:tab/><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p>",
        )
        .unwrap();
        let Block::Paragraph(h) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(
            (h.style.as_str(), h.heading, h.text().as_str()),
            ("heading 2", Some(2), "Prioridades")
        );
        let Block::Paragraph(o) = &doc.blocks[1] else {
            panic!()
        };
        assert_eq!(o.heading, Some(3), "outline level through basedOn");
        let Block::Paragraph(p) = &doc.blocks[2] else {
            panic!()
        };
        assert_eq!(p.list, Some(1));
        assert_eq!(p.heading, None);
        assert_eq!(
            p.runs[0],
            Run {
                text: "Uno ".into(),
                bold: true,
                italic: false,
                link: None
            }
        );
        assert_eq!(
            p.runs[1],
            Run {
                text: "dos".into(),
                bold: false,
                italic: true,
                link: None
            }
        );
        assert_eq!(p.runs[2].text, "enlace & más");
        assert_eq!(
            p.runs[2].link.as_deref(),
            Some("https://example.org/a?b=1&c=2")
        );
        assert_eq!(p.runs[3].text, "\tx\ny");
        assert!(doc.left_out.is_empty());
    }

    #[test]
    fn tables_keep_rows_cells_and_merges() {
        let doc = read_docx(
            "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>B</w:t></w:r></w:p><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc>\
             <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>in</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr>\
             <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>D</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        )
        .unwrap();
        let Block::Table(t) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(t.rows.len(), 3);
        assert_eq!((t.rows[0][0].span, t.rows[0][0].text().as_str()), (2, "A"));
        assert_eq!(t.rows[1][0].text(), "B\nC");
        assert!(!t.rows[1][0].merged_above);
        assert_eq!(t.rows[1][1].text(), "in");
        assert!(t.rows[2][0].merged_above);
        assert_eq!(doc.left_out.get(&LeftOut::NestedTable), Some(&1));
    }

    #[test]
    fn what_is_left_out_is_counted_and_shown_text_kept() {
        let doc = read_docx(
            "<w:p><w:r><w:drawing><x/></w:drawing></w:r>\
             <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>\
             <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
             <w:ins><w:r><w:t>nuevo</w:t></w:r></w:ins><w:del><w:r><w:delText>viejo</w:delText></w:r></w:del>\
             <w:r><w:footnoteReference w:id=\"1\"/></w:r><w:r><w:commentReference w:id=\"0\"/></w:r></w:p>",
        )
        .unwrap();
        let Block::Paragraph(p) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(p.text(), "7nuevo");
        for kind in [
            LeftOut::Image,
            LeftOut::Field,
            LeftOut::Note,
            LeftOut::Comment,
        ] {
            assert_eq!(doc.left_out.get(&kind), Some(&1), "{kind:?}");
        }
        assert_eq!(doc.left_out.get(&LeftOut::TrackedChange), Some(&2));
    }

    #[test]
    fn hostile_documents_are_read_errors() {
        // Entities a file declares are never expanded.
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>\
                    <w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>";
        let bytes = package(&[("word/document.xml", bomb)]);
        assert!(matches!(
            crate::sheets::read::read_document(&bytes, "docx", &Limits::default()),
            Err(ReadError::Corrupt(_))
        ));
        let undeclared = docx("<w:p><w:r><w:t>&lol;</w:t></w:r></w:p>");
        assert!(matches!(
            crate::sheets::read::read_document(&undeclared, "docx", &Limits::default()),
            Err(ReadError::Corrupt(_))
        ));
        // Absurd nesting.
        let deep = format!(
            "{}{}",
            "<w:sdt><w:sdtContent>".repeat(400),
            "</w:sdtContent></w:sdt>".repeat(400)
        );
        assert!(matches!(read_docx(&deep), Err(ReadError::Corrupt(_))));
        // A zip bomb: a part that unpacks far beyond its size.
        let big = " ".repeat(40 * 1024 * 1024);
        let bytes = package(&[("word/document.xml", &big)]);
        assert!(matches!(
            crate::sheets::read::read_document(&bytes, "docx", &Limits::default()),
            Err(ReadError::Unzipped { .. })
        ));
        // Lying files: not a zip, a cut zip, a zip with no document.
        assert!(crate::sheets::read::read_document(
            b"PK\x03\x04garbage",
            "docx",
            &Limits::default()
        )
        .is_err());
        let whole = docx("<w:p/>");
        assert!(crate::sheets::read::read_document(
            &whole[..whole.len() / 2],
            "docx",
            &Limits::default()
        )
        .is_err());
        assert!(crate::sheets::read::read_document(
            &package(&[("a.txt", "x")]),
            "docx",
            &Limits::default()
        )
        .is_err());
        assert_eq!(
            crate::sheets::read::read_document(b"  ", "docx", &Limits::default()),
            Err(ReadError::Empty)
        );
        // Too many blocks: the reading stops at the limit and says so.
        let limits = Limits {
            max_rows: 3,
            ..Limits::default()
        };
        let doc = crate::sheets::read::read_document(
            &docx(&"<w:p><w:r><w:t>x</w:t></w:r></w:p>".repeat(10)),
            "docx",
            &limits,
        )
        .unwrap();
        assert_eq!(doc.blocks.len(), 3);
        assert!(doc.truncated);
    }
}
