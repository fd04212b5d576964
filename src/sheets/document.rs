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
}

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

/// Reads a document's bytes in this process, a panic of a dependency caught as a damaged file.
/// `ext` is the file's extension (lowercase, no dot): `.docx`, or `.odt` (an OpenDocument
/// package is known by its `mimetype` entry whatever its name).
pub fn read(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Document, ReadError> {
    std::panic::catch_unwind(|| read_unguarded(bytes, ext, limits)).unwrap_or_else(|_| {
        Err(ReadError::Corrupt(
            "the document reader failed on this file".into(),
        ))
    })
}

fn read_unguarded(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Document, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // A legacy `.doc`, or an encrypted `.docx` (which Word wraps in the same container).
        return Err(if ext == "docx" {
            ReadError::Encrypted
        } else {
            ReadError::NotASpreadsheet("Word 97-2003")
        });
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(ReadError::Corrupt("not a zip container".into()));
    }
    let mut package = Package::open(bytes, limits)?;
    let odt = package
        .part("mimetype")
        .is_some_and(|m| m.starts_with(b"application/vnd.oasis.opendocument.text"));
    if odt || (ext == "odt" && package.part("content.xml").is_some()) {
        return super::odt::read(&mut package, limits);
    }
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
        doc: Document::default(),
        max_blocks: limits.max_rows as usize,
        count: 0,
    };
    body.read(&xml)?;
    Ok(body.doc)
}

/// A document's zip package, its entries checked before any is unpacked.
pub(super) struct Package<'b> {
    zip: zip::ZipArchive<Cursor<&'b [u8]>>,
    limit: u64,
}

impl<'b> Package<'b> {
    fn open(bytes: &'b [u8], limits: &Limits) -> Result<Package<'b>, ReadError> {
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
    fn main_part(&mut self) -> String {
        let found = self.part("_rels/.rels").and_then(|xml| {
            relationships(&xml)
                .into_iter()
                .find(|r| r.kind.ends_with("/officeDocument"))
                .map(|r| r.target.trim_start_matches('/').to_string())
        });
        found.unwrap_or_else(|| "word/document.xml".into())
    }

    /// The relationships of a part, by id: link targets.
    fn relationships(&mut self, part: &str) -> HashMap<String, String> {
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

struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn relationships(xml: &[u8]) -> Vec<Relationship> {
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
    doc: Document,
    max_blocks: usize,
    count: usize,
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

    fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                Child::Text(t) => Some(t.as_str()),
                Child::Node(_) => None,
            })
            .collect()
    }

    /// Whether a toggle property (`w:b`, `w:i`) is on: present, and not `0`/`false`/`off`.
    fn toggle(&self, name: &[u8]) -> bool {
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
fn local(name: &str) -> &[u8] {
    let name = name.as_bytes();
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
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
        self.doc.blocks = blocks;
        Ok(())
    }

    fn note(&mut self, what: LeftOut) {
        *self.doc.left_out.entry(what).or_insert(0) += 1;
    }

    /// Counts a block against the limit; false once it is reached.
    fn room(&mut self) -> bool {
        if self.count >= self.max_blocks {
            self.doc.truncated = true;
            return false;
        }
        self.count += 1;
        true
    }

    /// Reads the blocks of a container (the body, a content control, a cell).
    fn blocks(&mut self, parent: &Node, out: &mut Vec<Block>) {
        for n in parent.nodes() {
            match n.name.as_slice() {
                b"p" if self.room() => out.push(Block::Paragraph(self.paragraph(n))),
                b"tbl" if self.room() => out.push(Block::Table(self.table(n))),
                b"sdt" => {
                    if let Some(content) = n.child(b"sdtContent") {
                        self.blocks(content, out);
                    }
                }
                b"customXml" | b"ins" | b"moveTo" => {
                    if n.name != b"customXml" {
                        self.note(LeftOut::TrackedChange);
                    }
                    self.blocks(n, out);
                }
                b"del" | b"moveFrom" => self.note(LeftOut::TrackedChange),
                b"AlternateContent" => self.note(LeftOut::Object),
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
                self.note(LeftOut::TrackedChange);
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
                    self.note(LeftOut::Field);
                    self.inline(n, ctx, field, out);
                }
                b"ins" | b"moveTo" => {
                    self.note(LeftOut::TrackedChange);
                    self.inline(n, ctx, field, out);
                }
                b"del" | b"moveFrom" => self.note(LeftOut::TrackedChange),
                b"smartTag" | b"customXml" | b"dir" | b"bdo" => self.inline(n, ctx, field, out),
                b"sdt" => {
                    if let Some(content) = n.child(b"sdtContent") {
                        self.inline(content, ctx, field, out);
                    }
                }
                b"oMath" | b"oMathPara" => self.note(LeftOut::Equation),
                b"AlternateContent" => self.note(LeftOut::TextBox),
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
                        self.note(LeftOut::Field);
                        field.in_code = true;
                    }
                    Some("separate") | Some("end") => field.in_code = false,
                    _ => {}
                },
                b"instrText" | b"delInstrText" => {}
                b"delText" => self.note(LeftOut::TrackedChange),
                b"drawing" | b"pict" => {
                    if contains(n, b"txbxContent") {
                        self.note(LeftOut::TextBox);
                    } else {
                        self.note(LeftOut::Image);
                    }
                }
                b"object" => self.note(LeftOut::Object),
                b"AlternateContent" => {
                    if contains(n, b"txbxContent") {
                        self.note(LeftOut::TextBox);
                    } else {
                        self.note(LeftOut::Image);
                    }
                }
                b"footnoteReference" | b"endnoteReference" => self.note(LeftOut::Note),
                b"commentReference" => self.note(LeftOut::Comment),
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
            if !self.room() {
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
        let mut buf = Cursor::new(Vec::new());
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
        read(&docx(body), "docx", &Limits::default())
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
            read(&bytes, "docx", &Limits::default()),
            Err(ReadError::Corrupt(_))
        ));
        let undeclared = docx("<w:p><w:r><w:t>&lol;</w:t></w:r></w:p>");
        assert!(matches!(
            read(&undeclared, "docx", &Limits::default()),
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
            read(&bytes, "docx", &Limits::default()),
            Err(ReadError::Unzipped { .. })
        ));
        // Lying files: not a zip, a cut zip, a zip with no document.
        assert!(read(b"PK\x03\x04garbage", "docx", &Limits::default()).is_err());
        let whole = docx("<w:p/>");
        assert!(read(&whole[..whole.len() / 2], "docx", &Limits::default()).is_err());
        assert!(read(&package(&[("a.txt", "x")]), "docx", &Limits::default()).is_err());
        assert_eq!(
            read(b"  ", "docx", &Limits::default()),
            Err(ReadError::Empty)
        );
        // Too many blocks: the reading stops at the limit and says so.
        let limits = Limits {
            max_rows: 3,
            ..Limits::default()
        };
        let doc = read(
            &docx(&"<w:p><w:r><w:t>x</w:t></w:r></w:p>".repeat(10)),
            "docx",
            &limits,
        )
        .unwrap();
        assert_eq!(doc.blocks.len(), 3);
        assert!(doc.truncated);
    }
}
