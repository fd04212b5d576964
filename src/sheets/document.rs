//! Reads word-processing documents (`.docx`; `.odt` through [`super::odt`]) into a small model
//! of their body: paragraphs and tables in order, as a reader sees them, with what was left out
//! listed apart.
//!
//! A document is the other kind of file that comes from outside (a plan written in Word, a
//! secretariat's narrative), so it is read like a workbook: in a reading worker
//! (`super::worker::read_document`), behind the same limits (file size, unpacked size and
//! ratio, entries of the package), plus a bound on the XML's nesting and on the count of
//! blocks. It never panics on a file's contents and never expands an entity a file declares:
//! a document type declaration is refused, since Word never writes one.
//!
//! The model keeps what a plan or a narrative needs (heading levels, list items, bold and
//! italic, links with their targets, tables with merged cells as the file marks them) and
//! nothing of the layout; what it does not keep (pictures, fields' codes, tracked changes,
//! comments, notes, text boxes, equations, embedded objects) is counted in
//! [`Document::left_out`] for the caller to turn into findings. A field's shown result and the
//! text of an insertion are kept, since they are what the page shows.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::grid::ReadError;
use super::Limits;

/// Deepest nesting of XML elements read; real documents stay under 40.
pub const MAX_DEPTH: usize = 256;

/// Most entries a document's package may hold.
pub const MAX_ENTRIES: usize = 10_000;

/// A document's body in reading order, and what was left out of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Paragraphs and tables, in order.
    pub blocks: Vec<Block>,
    /// What the model does not keep, with how many of each.
    pub left_out: BTreeMap<LeftOut, u32>,
    /// Whether reading stopped at the limit of blocks.
    pub truncated: bool,
    /// The document's own named properties, as text: Word's custom document properties,
    /// OpenDocument's user-defined fields, a Markdown comment line `<!-- name: value -->`.
    /// A program records what it wrote a document from there (see [`MAX_PROPERTIES`]).
    pub properties: BTreeMap<String, String>,
}

/// Most properties kept of a document, and the longest name and value: what is beyond is
/// not kept (a document is no place for data).
pub const MAX_PROPERTIES: usize = 64;
/// See [`MAX_PROPERTIES`].
pub const MAX_PROPERTY_NAME: usize = 128;
/// See [`MAX_PROPERTIES`].
pub const MAX_PROPERTY_VALUE: usize = 16 * 1024;

/// A paragraph or a table of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// One paragraph: its style, what the style makes of it, and its runs of text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// The style's name as the document names it (`heading 2`, `Title`), empty for none.
    pub style: String,
    /// Its heading level, 1 for the highest; 0 for a title; none for body text.
    pub heading: Option<u8>,
    /// Its level as a list item, 0 for the outermost; none when it is not one.
    pub list: Option<u8>,
    /// Its runs, each of one formatting.
    pub runs: Vec<Run>,
}

impl Paragraph {
    /// Returns the paragraph's text, its runs joined.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// Returns whether every run holding visible text is bold (and there is one).
    pub fn all_bold(&self) -> bool {
        let mut seen = false;
        for r in self.runs.iter().filter(|r| !r.text.trim().is_empty()) {
            if !r.bold {
                return false;
            }
            seen = true;
        }
        seen
    }
}

/// A run of text of one formatting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    /// Its text; a tab is `\t`, a line break `\n`.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// The target of the link it is part of (a URL, or `#name` for a place in the document).
    pub link: Option<String>,
}

/// A table: rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Its rows, in order.
    pub rows: Vec<Vec<TableCell>>,
}

/// One cell of a table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableCell {
    /// Its paragraphs (those of a table inside it included, in order).
    pub paragraphs: Vec<Paragraph>,
    /// How many grid columns it spans (1 unless merged across).
    pub span: u32,
    /// Whether it continues the cell above (merged down): its own paragraphs are empty.
    pub merged_above: bool,
}

impl TableCell {
    /// Returns the cell's text, one line per paragraph.
    pub fn text(&self) -> String {
        self.paragraphs
            .iter()
            .map(Paragraph::text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A document as a reader fills it: the model, and its blocks counted against the limit. The
/// Word, OpenDocument and Markdown readers all gather into one.
pub(super) struct Gathered {
    /// The model so far.
    pub(super) doc: Document,
    max_blocks: usize,
    count: usize,
}

impl Gathered {
    /// An empty document, to hold at most `limits.max_rows` blocks.
    pub(super) fn new(limits: &Limits) -> Gathered {
        Gathered {
            doc: Document::default(),
            max_blocks: limits.max_rows as usize,
            count: 0,
        }
    }

    /// Counts one more of what the model leaves out.
    pub(super) fn note(&mut self, what: LeftOut) {
        *self.doc.left_out.entry(what).or_insert(0) += 1;
    }

    /// Counts a block against the limit; false (and the document marked cut) once it is
    /// reached.
    pub(super) fn room(&mut self) -> bool {
        if self.count >= self.max_blocks {
            self.doc.truncated = true;
            return false;
        }
        self.count += 1;
        true
    }

    /// A table cell's paragraphs from the blocks read in it: a table inside the cell gives its
    /// paragraphs to the cell, and is counted as left out.
    pub(super) fn cell(&mut self, blocks: Vec<Block>) -> Vec<Paragraph> {
        let mut out = Vec::new();
        for b in blocks {
            match b {
                Block::Paragraph(p) => out.push(p),
                Block::Table(t) => {
                    self.note(LeftOut::NestedTable);
                    for cell in t.rows.into_iter().flatten() {
                        out.extend(cell.paragraphs);
                    }
                }
            }
        }
        out
    }

    /// Keeps a property of the document, within the bounds of [`MAX_PROPERTIES`]; the first
    /// of a name stands.
    pub(super) fn property(&mut self, name: &str, value: &str) {
        let (name, value) = (name.trim(), value.trim());
        let props = &mut self.doc.properties;
        if name.is_empty()
            || name.len() > MAX_PROPERTY_NAME
            || value.len() > MAX_PROPERTY_VALUE
            || props.len() >= MAX_PROPERTIES
            || props.contains_key(name)
        {
            return;
        }
        props.insert(name.to_string(), value.to_string());
    }
}

/// A kind of content the model leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeftOut {
    /// A picture or drawing.
    Image,
    /// A field's code (its shown result is kept).
    Field,
    /// A tracked change: a deletion dropped, an insertion kept as text.
    TrackedChange,
    /// A comment.
    Comment,
    /// A footnote or endnote.
    Note,
    /// A text box or shape holding text.
    TextBox,
    /// An equation.
    Equation,
    /// An embedded object.
    Object,
    /// A table inside a table cell (its paragraphs are kept in the cell).
    NestedTable,
}

impl LeftOut {
    /// Every kind, in order; its index is its tag on the worker's wire.
    pub const ALL: [LeftOut; 9] = [
        LeftOut::Image,
        LeftOut::Field,
        LeftOut::TrackedChange,
        LeftOut::Comment,
        LeftOut::Note,
        LeftOut::TextBox,
        LeftOut::Equation,
        LeftOut::Object,
        LeftOut::NestedTable,
    ];

    /// A stable key for messages and findings (`image`, `tracked-change`).
    pub fn key(self) -> &'static str {
        match self {
            LeftOut::Image => "image",
            LeftOut::Field => "field",
            LeftOut::TrackedChange => "tracked-change",
            LeftOut::Comment => "comment",
            LeftOut::Note => "note",
            LeftOut::TextBox => "text-box",
            LeftOut::Equation => "equation",
            LeftOut::Object => "object",
            LeftOut::NestedTable => "nested-table",
        }
    }
}

/// A document's zip package, its entries checked before any is unpacked.
pub(super) struct Package<'b> {
    zip: zip::ZipArchive<Cursor<&'b [u8]>>,
    limit: u64,
}

impl<'b> Package<'b> {
    pub(super) fn open(bytes: &'b [u8], limits: &Limits) -> Result<Package<'b>, ReadError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ReadError::Corrupt(e.to_string()))?;
        if zip.len() > MAX_ENTRIES {
            return Err(ReadError::Corrupt(format!(
                "the package holds {} entries; a document has a few dozen",
                zip.len()
            )));
        }
        let mut unpacked: u64 = 0;
        for i in 0..zip.len() {
            let entry = zip
                .by_index_raw(i)
                .map_err(|e| ReadError::Corrupt(e.to_string()))?;
            unpacked = unpacked.saturating_add(entry.size());
        }
        let packed = bytes.len() as u64;
        // Document XML compresses about 10:1; 200:1 over 16 MB is whitespace or worse.
        let bomb = unpacked > 16 * 1024 * 1024 && unpacked / packed.max(1) > 200;
        if unpacked > limits.max_unzipped_bytes || bomb {
            return Err(ReadError::Unzipped {
                size: unpacked,
                limit: limits.max_unzipped_bytes,
            });
        }
        Ok(Package {
            zip,
            limit: limits.max_unzipped_bytes,
        })
    }

    /// Returns a part's bytes, no more than the limit whatever its entry claims.
    pub(super) fn part(&mut self, name: &str) -> Option<Vec<u8>> {
        let entry = self.zip.by_name(name).ok()?;
        let mut out = Vec::new();
        entry.take(self.limit).read_to_end(&mut out).ok()?;
        Some(out)
    }

    /// The main document part, as the package's relationships name it.
    pub(super) fn main_part(&mut self) -> String {
        let found = self.part("_rels/.rels").and_then(|xml| {
            relationships(&xml)
                .into_iter()
                .find(|r| r.kind.ends_with("/officeDocument"))
                .map(|r| r.target.trim_start_matches('/').to_string())
        });
        found.unwrap_or_else(|| "word/document.xml".into())
    }

    /// The relationships of a part, by id: link targets.
    pub(super) fn relationships(&mut self, part: &str) -> HashMap<String, String> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        self.part(&name)
            .map(|xml| {
                relationships(&xml)
                    .into_iter()
                    .map(|r| (r.id, r.target))
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub(super) struct Relationship {
    id: String,
    kind: String,
    target: String,
}

pub(super) fn relationships(xml: &[u8]) -> Vec<Relationship> {
    let mut out = Vec::new();
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e))
                if local(e.name().as_ref()) == b"Relationship" =>
            {
                out.push(Relationship {
                    id: attr(&e, b"Id").unwrap_or_default(),
                    kind: attr(&e, b"Type").unwrap_or_default(),
                    target: attr(&e, b"Target").unwrap_or_default(),
                });
            }
            Ok(Event::Eof) | Err(_) => return out,
            Ok(Event::DocType(_)) => return Vec::new(),
            _ => {}
        }
    }
}

/// An element of the body's XML, kept as a small tree: names without their prefix.
pub(super) struct Node {
    pub(super) name: Vec<u8>,
    attrs: Vec<(Vec<u8>, String)>,
    pub(super) children: Vec<Child>,
}

/// What an element holds: elements and text, in order.
pub(super) enum Child {
    Node(Node),
    Text(String),
}

impl Node {
    pub(super) fn attr(&self, key: &[u8]) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn child(&self, name: &[u8]) -> Option<&Node> {
        self.nodes().find(|n| n.name == name)
    }

    pub(super) fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Child::Node(n) => Some(n),
            Child::Text(_) => None,
        })
    }

    pub(super) fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                Child::Text(t) => Some(t.as_str()),
                Child::Node(_) => None,
            })
            .collect()
    }

    /// Whether a toggle property (`w:b`, `w:i`) is on: present, and not `0`/`false`/`off`.
    pub(super) fn toggle(&self, name: &[u8]) -> bool {
        self.child(name)
            .is_some_and(|n| !matches!(n.attr(b"val"), Some("0" | "false" | "off" | "none")))
    }
}

/// Reads XML into a tree, refusing a document type declaration and nesting past the limit.
pub(super) fn tree(xml: &[u8]) -> Result<Node, ReadError> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let mut stack = vec![Node {
        name: Vec::new(),
        attrs: Vec::new(),
        children: Vec::new(),
    }];
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                if stack.len() > MAX_DEPTH {
                    return Err(ReadError::Corrupt(format!(
                        "the document nests its elements more than {MAX_DEPTH} deep"
                    )));
                }
                stack.push(node(&e));
            }
            Ok(Event::Empty(e)) => {
                let n = node(&e);
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::Node(n));
                }
            }
            Ok(Event::End(_)) => {
                if stack.len() > 1 {
                    let done = stack.pop().expect("more than the root");
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Child::Node(done));
                    }
                }
            }
            Ok(Event::Text(t)) => {
                let text = t.xml10_content().into_owned();
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::Text(text));
                }
            }
            Ok(Event::GeneralRef(r)) => {
                // `&amp;` and the other predefined entities, and character references; any
                // other entity is one the file would have to declare, which it may not.
                let name = r.xml10_content();
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(ReadError::Corrupt(format!(
                                "the document uses an undeclared entity &{name};"
                            )))
                        }
                    },
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::Text(ch));
                }
            }
            Ok(Event::CData(t)) => {
                let text: &str = t.as_ref();
                let text = text.to_string();
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::Text(text));
                }
            }
            Ok(Event::DocType(_)) => {
                return Err(ReadError::Corrupt(
                    "the document declares a document type, which Word never writes".into(),
                ))
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(ReadError::Corrupt(e.to_string())),
            Ok(_) => {}
        }
    }
    // An element left open at the end is closed where the file stops.
    while stack.len() > 1 {
        let done = stack.pop().expect("more than the root");
        if let Some(top) = stack.last_mut() {
            top.children.push(Child::Node(done));
        }
    }
    Ok(stack.pop().expect("the root"))
}

fn node(e: &BytesStart<'_>) -> Node {
    let attrs = e
        .attributes()
        .flatten()
        .map(|a| {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string());
            (local(a.key.as_ref()).to_vec(), value)
        })
        .collect();
    Node {
        name: local(e.name().as_ref()).to_vec(),
        attrs,
        children: Vec::new(),
    }
}

/// A name without its namespace prefix, as bytes.
pub(super) fn local(name: &str) -> &[u8] {
    let name = name.as_bytes();
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

pub(super) fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}
