//! What a Word version holds, and how it is read from the template's HTML tree.
//!
//! The tree is Typst's own (`typst_html`), never HTML text: nothing is parsed, so no text of
//! an input can become structure. The template marks what has no HTML element of its own
//! with `data-` attributes: `data-style` (a paragraph style of the reference document),
//! `data-chart` (a chart, its alternative text), `data-toc` (the table of contents, its
//! title), `data-fill` and `data-ink` (a status label's colours); `lang` marks a text in the
//! other language.

use typst::layout::Frame;
use typst_html::{HtmlElement, HtmlNode};

/// A run of text with one look.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inline {
    /// The text (empty for a line break).
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// A language other than the document's (an agency's words quoted in the other one).
    pub lang: Option<String>,
    /// A shading, as `RRGGBB` (a status label).
    pub fill: Option<String>,
    /// A text colour, as `RRGGBB`.
    pub ink: Option<String>,
    /// The address the run links to.
    pub link: Option<String>,
    /// A line break rather than text.
    pub line_break: bool,
}

/// A block of a Word document, in reading order.
#[derive(Debug, Clone)]
pub enum Block {
    /// The document's title.
    Title(Vec<Inline>),
    /// A heading, level 1 to 3 (the PDF's outline levels).
    Heading(u8, Vec<Inline>),
    /// A paragraph, of a style of the reference document or of the normal one.
    Paragraph(Option<String>, Vec<Inline>),
    /// A bulleted list, one item a paragraph.
    List(Vec<Vec<Inline>>),
    /// A table: its header rows (repeated on every page), then its body rows; each cell a
    /// list of blocks.
    Table {
        /// How many of the first rows are header rows.
        header_rows: usize,
        /// The rows, each a list of cells.
        rows: Vec<Vec<Vec<Block>>>,
    },
    /// A chart, laid out by Typst, and its alternative text.
    Chart(Box<Frame>, String),
    /// The table of contents, with its title.
    Contents(String),
}

/// The look the enclosing elements give to the text inside them.
#[derive(Clone, Default)]
struct Look {
    run: Inline,
    style: Option<String>,
}

/// Reads the blocks of a document from its HTML tree.
pub fn read(root: &HtmlElement) -> Vec<Block> {
    let mut flow = Flow::default();
    flow.element(root, &Look::default());
    flow.finish()
}

/// The blocks read so far and the paragraph being gathered.
#[derive(Default)]
struct Flow {
    blocks: Vec<Block>,
    runs: Vec<Inline>,
    style: Option<String>,
}

fn attr<'a>(elem: &'a HtmlElement, name: &str) -> Option<&'a str> {
    elem.attrs
        .0
        .iter()
        .find(|(key, _)| key.resolve().as_str() == name)
        .map(|(_, value)| value.as_str())
}

impl Flow {
    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }

    /// Ends the paragraph being gathered, if it holds any text.
    fn flush(&mut self) {
        let runs = tidy(std::mem::take(&mut self.runs));
        if !runs.is_empty() {
            self.blocks.push(Block::Paragraph(self.style.take(), runs));
        }
        self.style = None;
    }

    fn node(&mut self, node: &HtmlNode, look: &Look) {
        match node {
            HtmlNode::Tag(_) => {}
            HtmlNode::Text(text, _) => {
                if self.runs.is_empty() {
                    self.style.clone_from(&look.style);
                }
                self.runs.push(Inline {
                    text: text.to_string(),
                    ..look.run.clone()
                });
            }
            HtmlNode::Element(elem) => self.element(elem, look),
            HtmlNode::Frame(frame) => {
                self.flush();
                self.blocks
                    .push(Block::Chart(Box::new(frame.inner.clone()), String::new()));
            }
        }
    }

    fn children(&mut self, elem: &HtmlElement, look: &Look) {
        for child in &elem.children {
            self.node(child, look);
        }
    }

    fn element(&mut self, elem: &HtmlElement, look: &Look) {
        let tag = elem.tag.resolve();
        match tag.as_str() {
            "head" | "script" | "style" => {}
            "h1" => self.block(Block::Title(inlines(elem, look))),
            "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = (tag.as_bytes()[1] - b'1').min(3);
                self.block(Block::Heading(level, inlines(elem, look)));
            }
            "ul" | "ol" => {
                let items = elem
                    .children
                    .iter()
                    .filter_map(|c| match c {
                        HtmlNode::Element(li) => Some(inlines(li, look)),
                        _ => None,
                    })
                    .collect();
                self.block(Block::List(items));
            }
            "table" => self.block(table(elem, look)),
            "p" => {
                self.flush();
                self.style.clone_from(&look.style);
                self.children(elem, look);
                self.flush();
            }
            "div" | "section" | "figure" | "nav" | "body" | "html" | "blockquote" => {
                self.container(elem, look);
            }
            _ => self.inline(elem, look),
        }
    }

    fn block(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
    }

    fn container(&mut self, elem: &HtmlElement, look: &Look) {
        if let Some(title) = attr(elem, "data-toc") {
            self.block(Block::Contents(title.to_string()));
            return;
        }
        if let Some(alt) = attr(elem, "data-chart") {
            let frame = elem.children.iter().find_map(|c| match c {
                HtmlNode::Frame(f) => Some(f.inner.clone()),
                _ => None,
            });
            if let Some(frame) = frame {
                self.block(Block::Chart(Box::new(frame), alt.to_string()));
            }
            return;
        }
        self.flush();
        let mut look = look.clone();
        if let Some(style) = attr(elem, "data-style") {
            look.style = Some(style.to_string());
        }
        self.children(elem, &look);
        self.flush();
    }

    fn inline(&mut self, elem: &HtmlElement, look: &Look) {
        let mut look = look.clone();
        match elem.tag.resolve().as_str() {
            "strong" | "b" => look.run.bold = true,
            "em" | "i" => look.run.italic = true,
            "a" => look.run.link = attr(elem, "href").map(str::to_string),
            "br" => {
                self.runs.push(Inline {
                    line_break: true,
                    ..Inline::default()
                });
                return;
            }
            _ => {}
        }
        if let Some(lang) = attr(elem, "lang") {
            look.run.lang = Some(lang.to_string());
        }
        if let Some(fill) = attr(elem, "data-fill") {
            look.run.fill = Some(hex(fill));
            look.run.bold = true;
        }
        if let Some(ink) = attr(elem, "data-ink") {
            look.run.ink = Some(hex(ink));
        }
        self.children(elem, &look);
    }
}

/// `#1a4e8a` as Word writes a colour: `1A4E8A`.
fn hex(colour: &str) -> String {
    colour
        .trim_start_matches('#')
        .chars()
        .take(6)
        .collect::<String>()
        .to_uppercase()
}

/// The runs of an element, whatever blocks it holds, as one paragraph.
fn inlines(elem: &HtmlElement, look: &Look) -> Vec<Inline> {
    let mut flow = Flow::default();
    flow.inline(elem, look);
    let mut runs = Vec::new();
    for block in flow.finish() {
        if let Block::Paragraph(_, r) = block {
            if !runs.is_empty() {
                runs.push(Inline {
                    text: " ".into(),
                    ..Inline::default()
                });
            }
            runs.extend(r);
        }
    }
    tidy(runs)
}

/// A table's rows, its `thead` rows first marked as header rows.
fn table(elem: &HtmlElement, look: &Look) -> Block {
    let mut header_rows = 0;
    let mut rows = Vec::new();
    let row = |tr: &HtmlElement, rows: &mut Vec<Vec<Vec<Block>>>| {
        let cells = tr
            .children
            .iter()
            .filter_map(|c| match c {
                HtmlNode::Element(cell) => {
                    let mut flow = Flow::default();
                    flow.children(cell, look);
                    Some(flow.finish())
                }
                _ => None,
            })
            .collect();
        rows.push(cells);
    };
    for part in &elem.children {
        let HtmlNode::Element(part) = part else {
            continue;
        };
        match part.tag.resolve().as_str() {
            "tr" => row(part, &mut rows),
            section => {
                for tr in &part.children {
                    if let HtmlNode::Element(tr) = tr {
                        row(tr, &mut rows);
                        if section == "thead" {
                            header_rows += 1;
                        }
                    }
                }
            }
        }
    }
    Block::Table { header_rows, rows }
}

/// Collapses the spaces the layout's gaps leave, trims the ends; empty if there is no text.
fn tidy(runs: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(runs.len());
    let mut after_space = true;
    for mut run in runs {
        if run.line_break {
            after_space = true;
            out.push(run);
            continue;
        }
        let mut text = String::with_capacity(run.text.len());
        for c in run.text.chars() {
            let space = c == ' ' || c == '\n' || c == '\t';
            if space && after_space {
                continue;
            }
            text.push(if space { ' ' } else { c });
            after_space = space;
        }
        if !text.is_empty() {
            run.text = text;
            out.push(run);
        }
    }
    if let Some(last) = out.last_mut() {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
    }
    while out
        .last()
        .is_some_and(|r| r.line_break || r.text.is_empty())
    {
        out.pop();
    }
    out
}
