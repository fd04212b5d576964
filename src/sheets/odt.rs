//! Reads OpenDocument text (`.odt`, as LibreOffice saves it) into the same model as a Word
//! document ([`super::document`]): headings by their outline level, list items by their depth,
//! bold and italic from the spans' and paragraphs' styles, links, tables with their spanned and
//! covered cells. It shares the Word reader's guards (the package's checks, the XML tree that
//! refuses a document type declaration and absurd nesting, the count of blocks); what it does
//! not keep (pictures, frames, notes, tracked changes, fields' codes) is counted as there.

use std::collections::HashMap;

use super::document::{
    tree, Block, Document, Gathered, LeftOut, Node, Package, Paragraph, Run, Table, TableCell,
};
use super::grid::ReadError;
use super::Limits;

/// Reads an OpenDocument text package already opened.
pub(super) fn read(package: &mut Package<'_>, limits: &Limits) -> Result<Document, ReadError> {
    let content = package
        .part("content.xml")
        .ok_or_else(|| ReadError::Corrupt("no content.xml in the package".into()))?;
    let mut styles = Styles::default();
    if let Some(xml) = package.part("styles.xml") {
        if let Ok(root) = tree(&xml) {
            styles.gather(&root);
        }
    }
    let root = tree(&content)?;
    styles.gather(&root);
    let text = root
        .child(b"document-content")
        .and_then(|d| d.child(b"body"))
        .and_then(|b| b.child(b"text"))
        .ok_or_else(|| ReadError::Corrupt("no text body in content.xml".into()))?;
    let mut reader = Reader {
        styles,
        out: Gathered::new(limits),
    };
    let mut blocks = Vec::new();
    reader.blocks(text, 0, &mut blocks);
    reader.out.doc.blocks = blocks;
    if let Some(Ok(meta)) = package.part("meta.xml").map(|xml| tree(&xml)) {
        // User-defined fields: `<meta:user-defined meta:name="…">…</meta:user-defined>`.
        let fields = meta
            .child(b"document-meta")
            .and_then(|d| d.child(b"meta"))
            .into_iter()
            .flat_map(|m| m.nodes())
            .filter(|n| n.name == b"user-defined");
        for field in fields {
            if let Some(name) = field.attr(b"name") {
                reader.out.property(name, &field.text());
            }
        }
    }
    Ok(reader.out.doc)
}

/// What a style says: its display name, parent, bold, italic, outline level.
#[derive(Default, Clone)]
struct Style {
    name: String,
    parent: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    outline: Option<u8>,
}

#[derive(Default)]
struct Styles {
    by_name: HashMap<String, Style>,
}

impl Styles {
    /// Gathers every `style:style` under a part's root, at any depth (common and automatic).
    fn gather(&mut self, node: &Node) {
        for n in node.nodes() {
            if n.name == b"style" {
                if let Some(name) = n.attr(b"name") {
                    let text = n.child(b"text-properties");
                    let weight = text.and_then(|t| t.attr(b"font-weight"));
                    let style = text.and_then(|t| t.attr(b"font-style"));
                    self.by_name.insert(
                        name.to_string(),
                        Style {
                            name: n.attr(b"display-name").unwrap_or(name).to_string(),
                            parent: n.attr(b"parent-style-name").map(str::to_string),
                            bold: weight
                                .map(|w| w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600)),
                            italic: style.map(|s| s == "italic" || s == "oblique"),
                            outline: n
                                .attr(b"default-outline-level")
                                .and_then(|l| l.parse().ok()),
                        },
                    );
                }
            } else {
                self.gather(n);
            }
        }
    }

    /// A property of a style, followed through its parents.
    fn find<T>(&self, name: Option<&str>, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut next = name.map(str::to_string);
        for _ in 0..16 {
            let style = self.by_name.get(next.as_deref()?)?;
            if let Some(v) = get(style) {
                return Some(v);
            }
            next = style.parent.clone();
        }
        None
    }
}

/// The formatting a run inherits from where it is.
#[derive(Clone, Default)]
struct Format {
    bold: bool,
    italic: bool,
    link: Option<String>,
}

struct Reader {
    styles: Styles,
    out: Gathered,
}

impl Reader {
    /// Reads the blocks of a container; `list` is the depth of the lists it is inside.
    fn blocks(&mut self, parent: &Node, list: u8, out: &mut Vec<Block>) {
        for n in parent.nodes() {
            match n.name.as_slice() {
                b"p" | b"h" if self.out.room() => {
                    let para = self.paragraph(n, list);
                    out.push(Block::Paragraph(para));
                }
                b"list" => {
                    for item in n.nodes() {
                        if matches!(item.name.as_slice(), b"list-item" | b"list-header") {
                            self.blocks(item, list.saturating_add(1), out);
                        }
                    }
                }
                b"table" if self.out.room() => {
                    let table = self.table(n);
                    out.push(Block::Table(table));
                }
                b"section" | b"index-body" => self.blocks(n, list, out),
                b"tracked-changes" => self.out.note(LeftOut::TrackedChange),
                b"frame" => self.frame(n),
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: &Node, list: u8) -> Paragraph {
        let style = p.attr(b"style-name");
        let mut para = Paragraph {
            style: self
                .styles
                .by_name
                .get(style.unwrap_or_default())
                .map_or_else(|| style.unwrap_or_default().to_string(), |s| s.name.clone()),
            list: list.checked_sub(1),
            ..Paragraph::default()
        };
        // LibreOffice's title style (or one based on it, as the automatic style of a `.docx`
        // title it opened is) is the document's title, whether a paragraph or a heading.
        let title = self
            .styles
            .find(style, |s| {
                s.name.eq_ignore_ascii_case("title").then_some(())
            })
            .is_some();
        if title {
            para.heading = Some(0);
        } else if p.name == b"h" {
            let level = p
                .attr(b"outline-level")
                .and_then(|l| l.parse::<u8>().ok())
                .or_else(|| self.styles.find(style, |s| s.outline))
                .unwrap_or(1);
            para.heading = Some(level.min(9));
        }
        let format = Format {
            bold: self.styles.find(style, |s| s.bold).unwrap_or(false),
            italic: self.styles.find(style, |s| s.italic).unwrap_or(false),
            link: None,
        };
        self.inline(p, &format, &mut para.runs);
        para
    }

    fn inline(&mut self, parent: &Node, format: &Format, out: &mut Vec<Run>) {
        for child in &parent.children {
            let n = match child {
                super::document::Child::Text(t) => {
                    // OpenDocument text collapses white space as HTML does; `text:s` holds
                    // the spaces beyond one.
                    let mut text = String::new();
                    for (i, piece) in t.split([' ', '\t', '\n', '\r']).enumerate() {
                        if i > 0 && !text.ends_with(' ') {
                            text.push(' ');
                        }
                        text.push_str(piece);
                    }
                    push(out, &text, format);
                    continue;
                }
                super::document::Child::Node(n) => n,
            };
            match n.name.as_slice() {
                b"span" => {
                    let style = n.attr(b"style-name");
                    let inner = Format {
                        bold: self.styles.find(style, |s| s.bold).unwrap_or(format.bold),
                        italic: self
                            .styles
                            .find(style, |s| s.italic)
                            .unwrap_or(format.italic),
                        link: format.link.clone(),
                    };
                    self.inline(n, &inner, out);
                }
                b"a" => {
                    let inner = Format {
                        link: n.attr(b"href").map(str::to_string),
                        ..format.clone()
                    };
                    self.inline(n, &inner, out);
                }
                b"s" => {
                    let count = n
                        .attr(b"c")
                        .and_then(|c| c.parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, 1000);
                    push(out, &" ".repeat(count), format);
                }
                b"tab" => push(out, "\t", format),
                b"line-break" => push(out, "\n", format),
                b"note" => self.out.note(LeftOut::Note),
                b"annotation" => self.out.note(LeftOut::Comment),
                b"change-start" | b"change" | b"change-end" => {
                    self.out.note(LeftOut::TrackedChange)
                }
                b"frame" => self.frame(n),
                b"meta" | b"ruby-base" => self.inline(n, format, out),
                b"bookmark" | b"bookmark-start" | b"bookmark-end" | b"soft-page-break" => {}
                // A field (a date, a page number, a reference) shows its text: kept.
                _ if !n.children.is_empty() => {
                    self.out.note(LeftOut::Field);
                    self.inline(n, format, out);
                }
                _ => {}
            }
        }
    }

    /// A frame holds a picture, a text box or an object.
    fn frame(&mut self, n: &Node) {
        let kind = if n.child(b"text-box").is_some() {
            LeftOut::TextBox
        } else if n.child(b"object").is_some() {
            LeftOut::Object
        } else {
            LeftOut::Image
        };
        self.out.note(kind);
    }

    fn table(&mut self, t: &Node) -> Table {
        let mut table = Table::default();
        let mut rows = Vec::new();
        rows_of(t, &mut rows);
        for row in rows {
            if !self.out.room() {
                break;
            }
            let mut cells = Vec::new();
            // Covered cells that stand for a cell spanning columns to their left.
            let mut spanned = 0u32;
            for c in row.nodes() {
                match c.name.as_slice() {
                    b"table-cell" => {
                        let span = c
                            .attr(b"number-columns-spanned")
                            .and_then(|v| v.parse::<u32>().ok())
                            .unwrap_or(1)
                            .clamp(1, 1000);
                        let repeat = c
                            .attr(b"number-columns-repeated")
                            .and_then(|v| v.parse::<u32>().ok())
                            .unwrap_or(1)
                            .clamp(1, 64);
                        let paragraphs = self.cell_paragraphs(c);
                        for _ in 0..repeat {
                            cells.push(TableCell {
                                paragraphs: paragraphs.clone(),
                                span,
                                merged_above: false,
                            });
                        }
                        spanned = span - 1;
                    }
                    b"covered-table-cell" => {
                        if spanned > 0 {
                            spanned -= 1;
                        } else {
                            cells.push(TableCell {
                                paragraphs: Vec::new(),
                                span: 1,
                                merged_above: true,
                            });
                        }
                    }
                    _ => {}
                }
            }
            table.rows.push(cells);
        }
        table
    }

    fn cell_paragraphs(&mut self, c: &Node) -> Vec<Paragraph> {
        let mut blocks = Vec::new();
        self.blocks(c, 0, &mut blocks);
        self.out.cell(blocks)
    }
}

/// The rows of a table, through its header rows and row groups.
fn rows_of<'n>(t: &'n Node, out: &mut Vec<&'n Node>) {
    for n in t.nodes() {
        match n.name.as_slice() {
            b"table-row" => out.push(n),
            b"table-header-rows" | b"table-rows" | b"table-row-group" => rows_of(n, out),
            _ => {}
        }
    }
}

/// Adds text to the last run when its formatting is the same, else as a new run.
fn push(out: &mut Vec<Run>, text: &str, format: &Format) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut() {
        if last.bold == format.bold && last.italic == format.italic && last.link == format.link {
            last.text.push_str(text);
            return;
        }
    }
    out.push(Run {
        text: text.to_string(),
        bold: format.bold,
        italic: format.italic,
        link: format.link.clone(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn odt(body: &str) -> Vec<u8> {
        let content = format!(
            "<?xml version=\"1.0\"?><office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
             xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
             xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" \
             xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" \
             xmlns:xlink=\"http://www.w3.org/1999/xlink\"><office:automatic-styles>\
             <style:style style:name=\"B\" style:family=\"text\"><style:text-properties fo:font-weight=\"bold\"/></style:style>\
             <style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Strong\"/>\
             <style:style style:name=\"Strong\" style:family=\"paragraph\"><style:text-properties fo:font-style=\"italic\"/></style:style>\
             <style:style style:name=\"P2\" style:family=\"paragraph\" style:parent-style-name=\"Title\"/>\
             <style:style style:name=\"Title\" style:family=\"paragraph\"/>\
             </office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"
        );
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default();
        let meta = "<?xml version=\"1.0\"?><office:document-meta \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\"><office:meta>\
             <meta:generator>LibreOffice</meta:generator>\
             <meta:user-defined meta:name=\"cifras\">a=1; b=2</meta:user-defined>\
             </office:meta></office:document-meta>";
        for (name, text) in [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", content.as_str()),
            ("meta.xml", meta),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn a_paragraph_in_a_style_based_on_the_title_is_the_title_and_user_fields_are_properties() {
        let bytes = odt("<text:p text:style-name=\"P2\">Narrativa</text:p><text:p>Texto</text:p>");
        let doc = crate::sheets::read::read_document(&bytes, "odt", &Limits::default()).unwrap();
        let Block::Paragraph(title) = &doc.blocks[0] else {
            panic!("a paragraph")
        };
        assert_eq!(title.heading, Some(0));
        assert_eq!(
            doc.properties.get("cifras").map(String::as_str),
            Some("a=1; b=2")
        );
    }

    #[test]
    fn opendocument_text_reads_into_the_same_model() {
        let bytes = odt(
            "<text:h text:outline-level=\"2\">Prioridades</text:h>\
             <text:p text:style-name=\"P1\">Mayo<text:s text:c=\"2\"/>Noviembre <text:span text:style-name=\"B\">fuerte</text:span> \
             <text:a xlink:href=\"https://example.org\">enlace</text:a><text:note><text:note-body/></text:note></text:p>\
             <text:list><text:list-item><text:list><text:list-item><text:p>dentro</text:p></text:list-item></text:list></text:list-item></text:list>\
             <table:table><table:table-row><table:table-cell table:number-columns-spanned=\"2\"><text:p>A</text:p></table:table-cell>\
             <table:covered-table-cell/></table:table-row>\
             <table:table-row><table:table-cell table:number-rows-spanned=\"2\"><text:p>B</text:p></table:table-cell>\
             <table:table-cell><text:p>C</text:p></table:table-cell></table:table-row>\
             <table:table-row><table:covered-table-cell/><table:table-cell><text:p>D</text:p>\
             <draw:frame><draw:image/></draw:frame></table:table-cell></table:table-row></table:table>",
        );
        let doc = crate::sheets::read::read_document(&bytes, "odt", &Limits::default()).unwrap();
        let Block::Paragraph(h) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!((h.heading, h.text().as_str()), (Some(2), "Prioridades"));
        let Block::Paragraph(p) = &doc.blocks[1] else {
            panic!()
        };
        assert_eq!(p.text(), "Mayo  Noviembre fuerte enlace");
        assert!(
            p.runs[0].italic,
            "the paragraph's style, through its parent"
        );
        assert!(p.runs.iter().any(|r| r.bold && r.text == "fuerte"));
        assert!(p
            .runs
            .iter()
            .any(|r| r.link.as_deref() == Some("https://example.org")));
        let Block::Paragraph(item) = &doc.blocks[2] else {
            panic!()
        };
        assert_eq!((item.list, item.text().as_str()), (Some(1), "dentro"));
        let Block::Table(t) = &doc.blocks[3] else {
            panic!()
        };
        assert_eq!(t.rows[0].len(), 1);
        assert_eq!(t.rows[0][0].span, 2);
        assert!(t.rows[2][0].merged_above);
        assert_eq!(t.rows[2][1].text(), "D");
        assert_eq!(doc.left_out.get(&LeftOut::Note), Some(&1));
        assert_eq!(doc.left_out.get(&LeftOut::Image), Some(&1));
    }
}
