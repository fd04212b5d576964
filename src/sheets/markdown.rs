//! Reads Markdown text (`.md`) into the same model as a Word document ([`super::document`]), so
//! that a secretariat may write its narrative in either and the caller sees one shape.
//!
//! The part of Markdown read is what people write in prose: headings (`#`, or a line underlined
//! with `===`/`---`), paragraphs, bulleted and numbered lists (nested by indentation), block
//! quotes (read as their text), **bold**, *italic*, links (`[text](url)`, `<https://…>`),
//! code spans (as text), backslash escapes, and pipe tables (a table block). A picture
//! (`![alt](url)`) is left out and counted; an HTML comment is dropped; other HTML is text as
//! written. Text is never interpreted further: whatever the file holds is the runs' text.

use super::document::{Block, Document, Gathered, LeftOut, Paragraph, Run, Table, TableCell};
use super::grid::ReadError;
use super::Limits;

/// Reads Markdown bytes (UTF-8, with or without a byte-order mark) into a document.
pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(ReadError::NotASpreadsheet("binary"));
    }
    let text = String::from_utf8_lossy(bytes);
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let mut reader = Reader {
        out: Gathered::new(limits),
        lines: Vec::new(),
        list: None,
    };
    let (text, comments) = strip_comments(&text);
    for (name, value) in comments.iter().filter_map(|c| property(c)) {
        reader.out.property(name, value);
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() && !reader.out.doc.truncated {
        i = reader.line(&lines, i);
    }
    reader.flush();
    Ok(reader.out.doc)
}

/// Removes HTML comments (`<!-- … -->`), which a writer uses for notes to itself; returns the
/// text without them, and what each held.
fn strip_comments(text: &str) -> (String, Vec<&str>) {
    let mut out = String::with_capacity(text.len());
    let mut comments = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let inner = &rest[start + 4..];
        match inner.find("-->") {
            Some(end) => {
                comments.push(&inner[..end]);
                rest = &inner[end + 3..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    (out, comments)
}

/// A comment of one line `name: value`, with a name of letters, digits, `-`, `_` and `.`: a
/// property of the document. Any other comment is a note, and only dropped.
fn property(comment: &str) -> Option<(&str, &str)> {
    let comment = comment.trim();
    if comment.contains('\n') {
        return None;
    }
    let (name, value) = comment.split_once(':')?;
    let named = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    named.then_some((name, value))
}

struct Reader {
    out: Gathered,
    /// The lines of the paragraph being gathered.
    lines: Vec<String>,
    /// The list level of the paragraph being gathered, when it is a list item.
    list: Option<u8>,
}

impl Reader {
    /// Reads the line at `i` (and any it takes with it); returns the index of the next.
    fn line(&mut self, lines: &[&str], i: usize) -> usize {
        let raw = lines[i];
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            self.flush();
            return i + 1;
        }
        if let Some(fence) = fence(trimmed) {
            self.flush();
            let mut j = i + 1;
            while j < lines.len() && !lines[j].trim_start().starts_with(fence) {
                if !lines[j].trim().is_empty() {
                    self.push(plain(lines[j].trim(), None));
                }
                j += 1;
            }
            return j + 1;
        }
        if let Some((level, text)) = atx_heading(trimmed) {
            self.flush();
            self.heading(level, text);
            return i + 1;
        }
        if is_rule(trimmed) && self.lines.is_empty() {
            return i + 1;
        }
        if let Some(level) = lines.get(i + 1).and_then(|next| setext(next)) {
            if self.lines.is_empty() && self.list.is_none() && !trimmed.starts_with('|') {
                self.heading(level, trimmed);
                return i + 2;
            }
        }
        if trimmed.starts_with('|') {
            self.flush();
            let mut j = i;
            let mut rows = Vec::new();
            while j < lines.len() && lines[j].trim_start().starts_with('|') {
                rows.push(lines[j].trim());
                j += 1;
            }
            self.table(&rows);
            return j;
        }
        let quoted = trimmed.trim_start_matches('>').trim_start();
        if let Some((level, text)) = list_item(line) {
            self.flush();
            self.list = Some(level);
            self.lines.push(text.to_string());
        } else {
            self.lines.push(quoted.to_string());
        }
        i + 1
    }

    fn heading(&mut self, level: u8, text: &str) {
        let mut p = inline(text, &mut self.out.doc);
        p.heading = Some(level);
        p.style = format!("heading {level}");
        self.push(p);
    }

    fn table(&mut self, rows: &[&str]) {
        let mut table = Table::default();
        for row in rows {
            let inner = row.trim_start_matches('|').trim_end_matches('|');
            let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
            if cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')))
            {
                continue; // the line under the header
            }
            table.rows.push(
                cells
                    .iter()
                    .map(|c| TableCell {
                        paragraphs: vec![inline(c, &mut self.out.doc)],
                        span: 1,
                        merged_above: false,
                    })
                    .collect(),
            );
        }
        self.push_block(Block::Table(table));
    }

    /// Ends the paragraph being gathered, if any.
    fn flush(&mut self) {
        if self.lines.is_empty() {
            self.list = None;
            return;
        }
        let text = self.lines.join(" ");
        self.lines.clear();
        let mut p = inline(&text, &mut self.out.doc);
        p.list = self.list.take();
        self.push(p);
    }

    fn push(&mut self, p: Paragraph) {
        self.push_block(Block::Paragraph(p));
    }

    fn push_block(&mut self, block: Block) {
        if self.out.room() {
            self.out.doc.blocks.push(block);
        }
    }
}

/// A paragraph of one run of plain text.
fn plain(text: &str, list: Option<u8>) -> Paragraph {
    Paragraph {
        list,
        runs: vec![Run {
            text: text.to_string(),
            ..Run::default()
        }],
        ..Paragraph::default()
    }
}

/// The fence that opens a code block (```` ``` ```` or `~~~`), if the line is one.
fn fence(line: &str) -> Option<&'static str> {
    if line.starts_with("```") {
        Some("```")
    } else if line.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// An ATX heading: `## Text ##` gives (2, "Text").
fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some((hashes as u8, text))
}

/// The level of a setext underline (`===` 1, `---` 2), if the line is one.
fn setext(line: &str) -> Option<u8> {
    let t = line.trim();
    if t.len() >= 2 && t.bytes().all(|b| b == b'=') {
        Some(1)
    } else if t.len() >= 2 && t.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

/// A thematic break (`---`, `***`, `___`, spaces allowed).
fn is_rule(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && ['-', '*', '_'].iter().any(|m| marks.iter().all(|c| c == m))
}

/// A list item: its level (by indentation, two spaces a level) and its text.
fn list_item(line: &str) -> Option<(u8, &str)> {
    let indent = line.len() - line.trim_start().len();
    let t = line.trim_start();
    let after = if let Some(rest) = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| t.strip_prefix("+ "))
    {
        rest
    } else {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        t[digits..]
            .strip_prefix(". ")
            .or_else(|| t[digits..].strip_prefix(") "))?
    };
    Some(((indent / 2).min(8) as u8, after.trim()))
}

/// Reads a paragraph's inline text into runs: emphasis, links, code spans, escapes.
fn inline(text: &str, doc: &mut Document) -> Paragraph {
    let chars: Vec<char> = text.chars().collect();
    let mut runs = Runs::default();
    let (mut bold, mut italic) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                runs.push(chars[i + 1], bold, italic, None);
                i += 2;
            }
            '`' => i = code_span(&chars, i, &mut runs, bold, italic),
            '!' if chars.get(i + 1) == Some(&'[') => match link_at(&chars, i + 1) {
                Some((_, _, end)) => {
                    *doc.left_out.entry(LeftOut::Image).or_insert(0) += 1;
                    i = end;
                }
                None => {
                    runs.push('!', bold, italic, None);
                    i += 1;
                }
            },
            '[' => match link_at(&chars, i) {
                Some((label, target, end)) => {
                    let inner = inline(&label, doc);
                    for r in inner.runs {
                        for ch in r.text.chars() {
                            runs.push(ch, bold || r.bold, italic || r.italic, Some(&target));
                        }
                    }
                    i = end;
                }
                None => {
                    runs.push('[', bold, italic, None);
                    i += 1;
                }
            },
            '<' => match autolink(&chars, i) {
                Some((target, end)) => {
                    let shown = target
                        .strip_prefix("mailto:")
                        .unwrap_or(&target)
                        .to_string();
                    for ch in shown.chars() {
                        runs.push(ch, bold, italic, Some(&target));
                    }
                    i = end;
                }
                None => {
                    runs.push('<', bold, italic, None);
                    i += 1;
                }
            },
            '*' | '_' => i = emphasis(&chars, i, &mut runs, &mut bold, &mut italic),
            _ => {
                runs.push(c, bold, italic, None);
                i += 1;
            }
        }
    }
    Paragraph {
        runs: runs.0,
        ..Paragraph::default()
    }
}

/// A code span at `i` (its text as written), or its backticks as text when it is not closed;
/// returns the index after it.
fn code_span(chars: &[char], i: usize, runs: &mut Runs, bold: bool, italic: bool) -> usize {
    let ticks = chars[i..].iter().take_while(|&&c| c == '`').count();
    match find_seq(chars, i + ticks, &vec!['`'; ticks]) {
        Some(end) => {
            for &ch in &chars[i + ticks..end] {
                runs.push(ch, bold, italic, None);
            }
            end + ticks
        }
        None => {
            for _ in 0..ticks {
                runs.push('`', bold, italic, None);
            }
            i + ticks
        }
    }
}

/// A run of `*` or `_` at `i`: it turns bold or italics on or off when it marks emphasis, and
/// is text otherwise (an unclosed marker, `2 * 3`, snake_case); returns the index after it.
fn emphasis(
    chars: &[char],
    i: usize,
    runs: &mut Runs,
    bold: &mut bool,
    italic: &mut bool,
) -> usize {
    let c = chars[i];
    let n = chars[i..].iter().take_while(|&&ch| ch == c).count();
    let opening = match n {
        1 => !*italic,
        2 => !*bold,
        _ => !*bold && !*italic,
    };
    // `_` marks emphasis only at a word's edge (snake_case stays as written).
    let edge = c == '*'
        || if opening {
            i == 0 || !chars[i - 1].is_alphanumeric()
        } else {
            chars.get(i + n).is_none_or(|ch| !ch.is_alphanumeric())
        };
    let closes_later = !opening || find_seq(chars, i + n, &vec![c; n]).is_some();
    let next_is_space = chars.get(i + n).is_none_or(|ch| ch.is_whitespace());
    if edge && closes_later && !(opening && next_is_space) && n <= 3 {
        if n != 2 {
            *italic = !*italic;
        }
        if n >= 2 {
            *bold = !*bold;
        }
    } else {
        for _ in 0..n {
            runs.push(c, *bold, *italic, None);
        }
    }
    i + n
}

/// Runs being built, a new one at each change of formatting.
#[derive(Default)]
struct Runs(Vec<Run>);

impl Runs {
    fn push(&mut self, ch: char, bold: bool, italic: bool, link: Option<&str>) {
        if let Some(last) = self.0.last_mut() {
            if last.bold == bold && last.italic == italic && last.link.as_deref() == link {
                last.text.push(ch);
                return;
            }
        }
        self.0.push(Run {
            text: ch.to_string(),
            bold,
            italic,
            link: link.map(str::to_string),
        });
    }
}

/// The index of the next occurrence of `seq` in `chars` from `from`.
fn find_seq(chars: &[char], from: usize, seq: &[char]) -> Option<usize> {
    (from..chars.len().saturating_sub(seq.len() - 1)).find(|&k| chars[k..].starts_with(seq))
}

/// A link `[label](target)` starting at `start` (the `[`): its label, target and the index
/// after it.
fn link_at(chars: &[char], start: usize) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut k = start;
    let close = loop {
        match chars.get(k)? {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break k;
                }
            }
            _ => {}
        }
        k += 1;
    };
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = (close + 2..chars.len()).find(|&k| chars[k] == ')')?;
    let inside: String = chars[close + 2..end].iter().collect();
    // A title after the target (`[a](url "title")`) is not kept.
    let target = inside
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    let label: String = chars[start + 1..close].iter().collect();
    Some((label, target, end + 1))
}

/// An autolink `<https://…>` or `<mailto:…>` (or `<name@host>`) at `start`.
fn autolink(chars: &[char], start: usize) -> Option<(String, usize)> {
    let end = (start + 1..chars.len()).find(|&k| chars[k] == '>')?;
    let inside: String = chars[start + 1..end].iter().collect();
    if inside.contains(char::is_whitespace) || inside.is_empty() {
        return None;
    }
    let lower = inside.to_lowercase();
    let target = if lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
    {
        inside
    } else if inside.contains('@') && !inside.contains(':') {
        format!("mailto:{inside}")
    } else {
        return None;
    };
    Some((target, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        read(text.as_bytes(), &Limits::default()).unwrap()
    }

    fn paragraphs(d: &Document) -> Vec<&Paragraph> {
        d.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_lists() {
        let d = doc("# Mensajes clave\n\nPrimera línea\nsigue aquí.\n\n- uno\n- dos\n  - dentro\n1. primero\n\nDesafíos\n--------\n\nTexto.\n");
        let p = paragraphs(&d);
        assert_eq!(p[0].heading, Some(1));
        assert_eq!(p[0].text(), "Mensajes clave");
        assert_eq!(p[1].text(), "Primera línea sigue aquí.");
        assert_eq!(p[1].list, None);
        assert_eq!((p[2].text(), p[2].list), ("uno".into(), Some(0)));
        assert_eq!((p[3].text(), p[3].list), ("dos".into(), Some(0)));
        assert_eq!((p[4].text(), p[4].list), ("dentro".into(), Some(1)));
        assert_eq!((p[5].text(), p[5].list), ("primero".into(), Some(0)));
        assert_eq!((p[6].text(), p[6].heading), ("Desafíos".into(), Some(2)));
        assert_eq!(p[7].text(), "Texto.");
    }

    #[test]
    fn emphasis_links_and_what_stays_text() {
        let d = doc("Un **avance** *real* en [la Red](https://example.org/red) y <info@example.org>; snake_case, 2 * 3, \\*no\\*, `#read(\"/etc/passwd\")`, <b>no</b>.");
        let p = paragraphs(&d);
        let runs = &p[0].runs;
        let find = |t: &str| runs.iter().find(|r| r.text == t).unwrap();
        assert!(find("avance").bold);
        assert!(find("real").italic);
        assert_eq!(
            find("la Red").link.as_deref(),
            Some("https://example.org/red")
        );
        assert_eq!(
            find("info@example.org").link.as_deref(),
            Some("mailto:info@example.org")
        );
        let text = p[0].text();
        assert!(
            text.contains("snake_case, 2 * 3, *no*, #read(\"/etc/passwd\"), <b>no</b>."),
            "{text}"
        );
    }

    #[test]
    fn pictures_are_counted_tables_kept_as_tables_and_comments_dropped() {
        let d = doc("<!-- cifras: 12 -->\nTexto ![logo](logo.png) final.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(d.left_out.get(&LeftOut::Image), Some(&1));
        assert_eq!(paragraphs(&d)[0].text(), "Texto  final.");
        let Block::Table(t) = &d.blocks[1] else {
            panic!("a table")
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1][1].text(), "2");
    }

    #[test]
    fn a_comment_line_naming_a_value_is_a_property_and_other_comments_are_notes() {
        let d = doc("<!-- cifras: a=1; b=2 -->\n<!-- Nota: para mí\nen dos líneas -->\n<!-- otra nota, sin nombre: x -->\n# Título\n\nTexto.\n");
        assert_eq!(
            d.properties.into_iter().collect::<Vec<_>>(),
            vec![("cifras".to_string(), "a=1; b=2".to_string())]
        );
    }

    #[test]
    fn an_unclosed_marker_prints_as_written() {
        let d = doc("Meta **sin cerrar y _otra.");
        assert_eq!(paragraphs(&d)[0].text(), "Meta **sin cerrar y _otra.");
        assert!(paragraphs(&d)[0].runs.iter().all(|r| !r.bold && !r.italic));
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert!(matches!(
            read(b"  \n", &Limits::default()),
            Err(ReadError::Empty)
        ));
        assert!(read(b"PK\x03\x04\0\0", &Limits::default()).is_err());
    }
}
