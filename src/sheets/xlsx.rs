//! Reads an xlsx workbook's sheets in one pass each: values, number formats and merged areas
//! together, straight from the zip.
//!
//! A general workbook reader answers each question with its own pass over a sheet's XML
//! (values, then styles, then merged areas), and the XML is most of the cost of ingestion. This
//! reader answers the three questions ingestion asks in a single pass, with the same rules
//! calamine applies (date formats, shared and inline strings, `_xHHHH_` escapes, the 1904
//! date system), so a sheet reads the same whichever reader reads it. It reads only what the
//! forms need; a package it does not understand is handed back to calamine (`None`), which
//! reads it or says why it cannot.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor};

use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use super::grid::{convert, Cell, Region};
use super::Limits;

/// One sheet as read: its cells, the numeric cells formatted as percentages, its merged areas.
pub(super) struct Sheet {
    /// The sheet's name, as its tab shows it.
    pub name: String,
    /// `rows[r][c]` is the cell at 0-based row `r`, column `c`.
    pub rows: Vec<Vec<Cell>>,
    /// Numeric cells whose number format shows a percentage, sorted.
    pub percent: Vec<(u32, u32)>,
    /// Merged areas, 0-based and inclusive.
    pub merges: Vec<Region>,
    /// Whether reading stopped at the row limit.
    pub truncated: bool,
    /// Whether a cell past the column limit held something (it was left out).
    pub columns_cut: bool,
}

/// What a cell's style says about its number: a date, a duration, a percentage, or neither.
#[derive(Clone, Copy, Default, PartialEq)]
struct Style {
    kind: Kind,
    percent: bool,
}

#[derive(Clone, Copy, Default, PartialEq)]
enum Kind {
    #[default]
    Other,
    Date,
    Duration,
}

/// Why a package was handed back: calamine reads it, or reports it in its own words.
#[derive(Debug)]
pub(super) struct Unsupported;

type Xml<'z, 'b> = Reader<BufReader<zip::read::ZipFile<'z, Cursor<&'b [u8]>>>>;
type Zip<'b> = zip::ZipArchive<Cursor<&'b [u8]>>;

/// Reads every worksheet of an xlsx package, or hands the package back.
pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, Unsupported> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Unsupported)?;
    let names = entry_names(&zip);
    let (xl, workbook) = office_document(&mut zip, &names)?;
    let rels = relationships(&mut zip, &names, &format!("{xl}_rels/{workbook}.rels"))?;
    let (sheets, is_1904) =
        workbook_sheets(&mut zip, &names, &format!("{xl}{workbook}"), &rels, &xl)?;
    let strings = shared_strings(&mut zip, &names, &format!("{xl}sharedStrings.xml"))?;
    let styles = styles(&mut zip, &names, &format!("{xl}styles.xml"))?;
    let book = Book {
        strings: &strings,
        styles: &styles,
        is_1904,
    };
    sheets
        .into_iter()
        .map(|(name, path)| {
            let mut sheet = match in_memory(&mut zip, &names, &path)? {
                Some(xml) => read_sheet(&mut Slice(reader(&xml[..])), &book, limits)?,
                None => {
                    let xml = open(&mut zip, &names, &path).ok_or(Unsupported)??;
                    read_sheet(&mut Stream(xml), &book, limits)?
                }
            };
            sheet.name = name;
            Ok(sheet)
        })
        .collect()
}

/// Sheets up to this size (unpacked) are read from memory, the rest as a stream.
const IN_MEMORY: u64 = 32 * 1024 * 1024;

/// Unpacks a sheet into memory when it is small enough to be parsed in place; none for a
/// larger one (or one whose declared size is wrong), which is streamed instead.
fn in_memory(
    zip: &mut Zip<'_>,
    names: &HashMap<String, String>,
    path: &str,
) -> Result<Option<Vec<u8>>, Unsupported> {
    let name = names.get(&path.to_ascii_lowercase()).ok_or(Unsupported)?;
    let file = zip.by_name(name).map_err(|_| Unsupported)?;
    let size = file.size();
    if size > IN_MEMORY {
        return Ok(None);
    }
    let mut xml = Vec::with_capacity(size as usize);
    let read = std::io::Read::read_to_end(&mut std::io::Read::take(file, size + 1), &mut xml);
    match read {
        Ok(n) if n as u64 <= size => Ok(Some(xml)),
        Ok(_) => Ok(None),
        Err(_) => Err(Unsupported),
    }
}

fn reader<R: BufRead>(source: R) -> Reader<R> {
    let mut r = Reader::from_reader(source);
    // As calamine reads: `<c r="B2" s="1"/>` is a cell (it moves the column on) like any other.
    r.config_mut().check_end_names = false;
    r.config_mut().trim_text(false);
    r.config_mut().expand_empty_elements = true;
    r
}

/// Where a sheet's XML events come from: a stream, copied event by event into a buffer, or a
/// slice in memory, read in place.
trait Events {
    fn next<'b>(&'b mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, Unsupported>;
}

struct Stream<R>(Reader<R>);

impl<R: BufRead> Events for Stream<R> {
    fn next<'b>(&'b mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, Unsupported> {
        buf.clear();
        self.0.read_event_into(buf).map_err(|_| Unsupported)
    }
}

struct Slice<'i>(Reader<&'i [u8]>);

impl Events for Slice<'_> {
    fn next<'b>(&'b mut self, _: &'b mut Vec<u8>) -> Result<Event<'b>, Unsupported> {
        self.0.read_event().map_err(|_| Unsupported)
    }
}

/// The package's entries by lowercase name with forward slashes, as Excel finds them.
fn entry_names(zip: &Zip<'_>) -> HashMap<String, String> {
    zip.file_names()
        .flatten()
        .map(|n| (n.replace('\\', "/").to_ascii_lowercase(), n.into_owned()))
        .collect()
}

fn open<'z, 'b>(
    zip: &'z mut Zip<'b>,
    names: &HashMap<String, String>,
    path: &str,
) -> Option<Result<Xml<'z, 'b>, Unsupported>> {
    let name = names.get(&path.to_ascii_lowercase())?;
    Some(
        zip.by_name(name)
            .map(|f| reader(BufReader::with_capacity(64 * 1024, f)))
            .map_err(|_| Unsupported),
    )
}

/// Where the workbook part lives: `("xl/", "workbook.xml")` in every package seen so far.
fn office_document(
    zip: &mut Zip<'_>,
    names: &HashMap<String, String>,
) -> Result<(String, String), Unsupported> {
    let rels = relationships(zip, names, "_rels/.rels")?;
    let target = rels
        .values()
        .find(|(_, typ)| typ.ends_with("/officeDocument"))
        .map(|(t, _)| t.trim_start_matches('/').to_string())
        .ok_or(Unsupported)?;
    let (dir, file) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    if file.is_empty() {
        return Err(Unsupported);
    }
    Ok((dir.to_string(), file.to_string()))
}

/// A relationships part: id → (target, type).
fn relationships(
    zip: &mut Zip<'_>,
    names: &HashMap<String, String>,
    path: &str,
) -> Result<HashMap<String, (String, String)>, Unsupported> {
    let mut xml = open(zip, names, path).ok_or(Unsupported)??;
    let mut out = HashMap::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|_| Unsupported)? {
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "Relationship" => {
                let (id, target, typ) = (attr(&e, "Id")?, attr(&e, "Target")?, attr(&e, "Type")?);
                if let Some(id) = id {
                    out.insert(id, (target.unwrap_or_default(), typ.unwrap_or_default()));
                }
            }
            Event::End(e) if local(e.name().as_ref()) == "Relationships" => return Ok(out),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

/// The worksheets in tab order, with their part paths, and the date system.
fn workbook_sheets(
    zip: &mut Zip<'_>,
    names: &HashMap<String, String>,
    path: &str,
    rels: &HashMap<String, (String, String)>,
    xl: &str,
) -> Result<(Vec<(String, String)>, bool), Unsupported> {
    let mut xml = open(zip, names, path).ok_or(Unsupported)??;
    let mut sheets = Vec::new();
    let mut is_1904 = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|_| Unsupported)? {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "sheet" => {
                    let name = attr(&e, "name")?.ok_or(Unsupported)?;
                    let ids: Vec<_> = e
                        .attributes()
                        .flatten()
                        .filter(|a| a.key.local_name().as_ref() == "id")
                        .collect();
                    let [id] = ids.as_slice() else {
                        return Err(Unsupported);
                    };
                    let (target, typ) = rels.get(id.value.as_ref()).ok_or(Unsupported)?;
                    match typ.rsplit('/').next() {
                        Some("worksheet") => {}
                        Some("chartsheet" | "dialogsheet") => continue,
                        _ => return Err(Unsupported),
                    }
                    let path = match target.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("{xl}{target}"),
                    };
                    sheets.push((name, path));
                }
                "workbookPr" => {
                    if let Some(v) = attr(&e, "date1904")? {
                        is_1904 = v == "1" || v == "true";
                    }
                }
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == "workbook" => {
                return Ok((sheets, is_1904))
            }
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

/// The shared strings table; none when the package has no such part.
fn shared_strings(
    zip: &mut Zip<'_>,
    names: &HashMap<String, String>,
    path: &str,
) -> Result<Vec<String>, Unsupported> {
    let Some(xml) = open(zip, names, path) else {
        return Ok(Vec::new());
    };
    let mut xml = Stream(xml?);
    let mut out = Vec::new();
    let (mut buf, mut item, mut text_buf, mut text) =
        (Vec::new(), Vec::new(), Vec::new(), String::new());
    // Items count from the `<sst>` start tag to its end tag.
    let mut started = false;
    loop {
        match xml.next(&mut buf)? {
            Event::Start(e) if local(e.name().as_ref()) == "sst" => started = true,
            Event::Start(e) if started && local(e.name().as_ref()) == "si" => {}
            Event::End(e) if started && local(e.name().as_ref()) == "sst" => return Ok(out),
            Event::Eof => return Err(Unsupported),
            _ => continue,
        }
        out.push(rich_text(
            &mut xml,
            "si",
            &mut item,
            &mut text_buf,
            &mut text,
        )?);
    }
}

/// The number format of each cell style (`cellXfs`), as date, duration or percentage.
fn styles(
    zip: &mut Zip<'_>,
    names: &HashMap<String, String>,
    path: &str,
) -> Result<Vec<Style>, Unsupported> {
    let Some(xml) = open(zip, names, path) else {
        return Ok(Vec::new());
    };
    let mut xml = xml?;
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    let mut in_cell_xfs = false;
    let mut in_num_fmts = false;
    let mut inner = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|_| Unsupported)? {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "numFmts" => in_num_fmts = true,
                // Number formats of conditional formats (`dxfs`) are not cell formats.
                "numFmt" if in_num_fmts => {
                    if let (Some(id), Some(code)) = (attr(&e, "numFmtId")?, attr(&e, "formatCode")?)
                    {
                        custom.insert(id, code);
                    }
                }
                "cellXfs" => in_cell_xfs = true,
                "xf" if in_cell_xfs => {
                    let id = attr(&e, "numFmtId")?.unwrap_or_else(|| "0".into());
                    out.push(match custom.get(&id) {
                        Some(code) => Style {
                            kind: custom_kind(code),
                            percent: code.contains('%'),
                        },
                        None => Style {
                            kind: builtin_kind(&id),
                            percent: matches!(id.as_str(), "9" | "10"),
                        },
                    });
                    // The record's body runs to the first `</xf>`, whatever opens inside it.
                    loop {
                        inner.clear();
                        match xml.read_event_into(&mut inner).map_err(|_| Unsupported)? {
                            Event::End(e) if local(e.name().as_ref()) == "xf" => break,
                            Event::Eof => return Err(Unsupported),
                            _ => {}
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == "cellXfs" => in_cell_xfs = false,
            Event::End(e) if local(e.name().as_ref()) == "numFmts" => in_num_fmts = false,
            Event::End(e) if local(e.name().as_ref()) == "styleSheet" => return Ok(out),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

/// Built-in number formats that show dates or times (ECMA-376 18.8.30, as calamine reads them).
fn builtin_kind(id: &str) -> Kind {
    match id.parse::<u16>() {
        Ok(14..=22 | 27..=36 | 45 | 47 | 50..=58) => Kind::Date,
        Ok(46) => Kind::Duration,
        _ => Kind::Other,
    }
}

/// Whether a custom number format shows a date, a duration or neither: the first section is
/// read for date letters outside quotes, escapes and brackets (calamine's rule, so both
/// readers agree on every cell).
fn custom_kind(format: &str) -> Kind {
    let mut escaped = false;
    let mut quoted = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, quoted, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => quoted = true,
            (';', ..) => return Kind::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Kind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return Kind::Date,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return Kind::Date
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    Kind::Other
}

/// A cell's `t` attribute.
#[derive(Clone, Copy, PartialEq)]
enum Type {
    Shared,
    Inline,
    Bool,
    Date,
    Error,
    Formula,
    Number,
    Unknown,
}

impl Type {
    fn of(t: &str) -> Option<Type> {
        Some(match t {
            "s" => Type::Shared,
            "inlineStr" | "is" => Type::Inline,
            "b" => Type::Bool,
            "d" => Type::Date,
            "e" => Type::Error,
            "str" => Type::Formula,
            "n" => Type::Number,
            _ => Type::Unknown,
        })
    }
}

struct Book<'a> {
    strings: &'a [String],
    styles: &'a [Style],
    is_1904: bool,
}

/// Reads one sheet's cells, number formats and merged areas in a single pass.
fn read_sheet(
    xml: &mut impl Events,
    book: &Book<'_>,
    limits: &Limits,
) -> Result<Sheet, Unsupported> {
    let max_row = limits
        .max_rows
        .saturating_add(super::HEADER_ROWS as u32 + 1);
    let mut sheet = Sheet {
        name: String::new(),
        rows: Vec::new(),
        percent: Vec::new(),
        merges: Vec::new(),
        truncated: false,
        columns_cut: false,
    };
    let (mut row_index, mut col_index) = (0u32, 0u32);
    let mut in_data = false;
    let mut merges = Merges::Before;
    let mut buf = Vec::with_capacity(1024);
    let mut scratch = Scratch::default();
    loop {
        let event = xml.next(&mut buf)?;
        if merges.read(&event, &mut sheet.merges)? {
            continue;
        }
        // A cell's attributes are taken from its start tag; its value is read after.
        let (pos, style, typ) = match event {
            Event::Start(e) if in_data => match local(e.name().as_ref()) {
                "row" => {
                    if let Some(r) = raw_attr(&e, "r") {
                        row_index = row_number(&r).ok_or(Unsupported)?;
                    }
                    continue;
                }
                "c" => cell_attributes(&e)?,
                _ => continue,
            },
            Event::End(e) if in_data => {
                match local(e.name().as_ref()) {
                    "row" => {
                        row_index += 1;
                        col_index = 0;
                    }
                    "sheetData" => in_data = false,
                    _ => {}
                }
                continue;
            }
            Event::Start(e) if local(e.name().as_ref()) == "sheetData" => {
                in_data = true;
                continue;
            }

            Event::Eof => {
                if merges != Merges::Read {
                    sheet.merges.clear();
                }
                break;
            }
            _ => continue,
        };
        let (r, c) = pos.unwrap_or((row_index, col_index));
        col_index = c + 1;
        let value = cell_value(xml, &mut scratch, typ, style, book)?;
        if r >= max_row {
            sheet.truncated = true;
            break;
        }
        if value == Cell::Empty {
            continue;
        }
        if c >= limits.max_columns {
            sheet.columns_cut = true;
            continue;
        }
        let percent = style
            .and_then(|s| book.styles.get(s))
            .is_some_and(|s| s.percent);
        sheet.place((r, c), value, percent, limits);
    }
    sheet.percent.sort_unstable();
    Ok(sheet)
}

/// Where a sheet's reading stands with its merged areas: the first `<mergeCells>` list is
/// read, all or nothing.
#[derive(PartialEq)]
enum Merges {
    Before,
    Reading,
    Read,
    Invalid,
}

impl Merges {
    /// Reads `event` if it belongs to the merged areas, into `out`; returns whether it did.
    fn read(&mut self, event: &Event<'_>, out: &mut Vec<Region>) -> Result<bool, Unsupported> {
        match event {
            Event::Start(e)
                if *self == Merges::Before && local(e.name().as_ref()) == "mergeCells" =>
            {
                *self = Merges::Reading;
            }
            Event::Start(e)
                if *self == Merges::Reading && local(e.name().as_ref()) == "mergeCell" =>
            {
                // A reference it cannot read leaves the sheet without merged areas, as
                // calamine does.
                match merge_area(e)? {
                    Some(Some(a)) => out.push(a),
                    Some(None) => *self = Merges::Invalid,
                    None => {}
                }
            }
            Event::End(e)
                if *self == Merges::Reading && local(e.name().as_ref()) == "mergeCells" =>
            {
                *self = Merges::Read;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Sheet {
    /// Puts a value in its cell, noting a number shown as a percentage.
    fn place(&mut self, (r, c): (u32, u32), value: Cell, percent: bool, limits: &Limits) {
        if let Cell::Number(n) = value {
            if percent && n.is_finite() {
                self.percent.push((r, c));
            }
        }
        let (r, c) = (r as usize, c as usize);
        if self.rows.len() <= r {
            // Rows are about as wide as the one before.
            let width = self.rows.last().map_or(0, Vec::len);
            self.rows.resize_with(r + 1, Vec::new);
            self.rows[r].reserve_exact(width.min(limits.max_columns as usize));
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            row.resize(c + 1, Cell::Empty);
        }
        row[c] = value;
    }
}

/// Reads a `<mergeCell>`'s area: none without a `ref`, `Some(None)` for one it cannot read.
/// Damaged markup is calamine's to read.
fn merge_area(e: &BytesStart<'_>) -> Result<Option<Option<Region>>, Unsupported> {
    let reference: Option<_> = e
        .attributes()
        .with_checks(false)
        .find_map(|a| match a {
            Ok(a) if a.key.as_ref() == "ref" => Some(Ok(a.value)),
            Ok(_) => None,
            Err(_) => Some(Err(Unsupported)),
        })
        .transpose()?;
    Ok(reference.map(|v| area(&v)))
}

/// Reads a cell's position, style and type from its start tag.
#[allow(clippy::type_complexity)]
fn cell_attributes(
    e: &BytesStart<'_>,
) -> Result<(Option<(u32, u32)>, Option<usize>, Option<Type>), Unsupported> {
    let (mut pos, mut style, mut typ) = (None, None, None);
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|_| Unsupported)?;
        // A repeated attribute is no file Excel writes; calamine reads those.
        match a.key.as_ref() {
            "r" if pos.is_none() => pos = Some(cell_ref(&a.value).ok_or(Unsupported)?),
            "s" if style.is_none() => style = Some(a.value.parse().unwrap_or(0)),
            "t" if typ.is_none() => typ = Type::of(&a.value),
            "r" | "s" | "t" => return Err(Unsupported),
            _ => {}
        }
    }
    Ok((pos, style, typ))
}

/// Buffers reused from cell to cell, one per level of nesting.
#[derive(Default)]
struct Scratch {
    cell: Vec<u8>,
    item: Vec<u8>,
    text_events: Vec<u8>,
    text: String,
}

/// Reads what is inside a `<c>` element and returns the cell's value.
fn cell_value(
    xml: &mut impl Events,
    s: &mut Scratch,
    typ: Option<Type>,
    style: Option<usize>,
    book: &Book<'_>,
) -> Result<Cell, Unsupported> {
    let mut value = Cell::Empty;
    loop {
        let what = match xml.next(&mut s.cell)? {
            Event::Start(e) => match local(e.name().as_ref()) {
                "is" => Some(b'i'),
                "v" => Some(b'v'),
                "f" => Some(b'f'),
                // Anything else in a cell is not a workbook Excel wrote: calamine says so.
                _ => return Err(Unsupported),
            },
            Event::End(e) if local(e.name().as_ref()) == "c" => return Ok(value),
            Event::Eof => return Err(Unsupported),
            _ => None,
        };
        match what {
            Some(b'i') => {
                value = Cell::Text(rich_text(
                    xml,
                    "is",
                    &mut s.item,
                    &mut s.text_events,
                    &mut s.text,
                )?)
            }
            Some(b'v') => match typ {
                // The value of an inline string is in its `<is>`.
                Some(Type::Inline) => {
                    skip(xml, "v", &mut s.item)?;
                    value = Cell::Empty;
                }
                // Numbers, indexes, booleans and error codes are plain text: the first text
                // is the value, and anything else inside makes the cell empty.
                None | Some(Type::Number | Type::Shared | Type::Bool | Type::Error) => {
                    if first_text(xml, &mut s.item, &mut s.text)? {
                        value = v_value(&s.text, typ, style, book)?;
                    }
                }
                _ => {
                    // A value's CDATA is no part of it, as calamine reads it.
                    read_text(xml, "v", false, &mut s.item, &mut s.text)?;
                    value = v_value(&s.text, typ, style, book)?;
                }
            },
            // Each element read sets the value, as in calamine: a formula after the value
            // leaves the cell empty (Excel writes the formula first).
            Some(_) => {
                skip(xml, "f", &mut s.item)?;
                value = Cell::Empty;
            }
            None => {}
        }
    }
}

/// Turns a `<v>` text into a cell by the cell's type and style, as calamine does; an error
/// type it does not know (`#SPILL!`, `#CALC!`) stays an error cell rather than failing.
fn v_value(
    v: &str,
    typ: Option<Type>,
    style: Option<usize>,
    book: &Book<'_>,
) -> Result<Cell, Unsupported> {
    Ok(match typ {
        Some(Type::Shared) => {
            if v.is_empty() {
                return Ok(Cell::Empty);
            }
            // As calamine reads an index: anything but digits reads 0.
            let i = v.parse::<usize>().unwrap_or(0);
            Cell::Text(book.strings.get(i).ok_or(Unsupported)?.clone())
        }
        Some(Type::Bool) => match v.trim() {
            "" => Cell::Empty,
            t if t == "0" || t.eq_ignore_ascii_case("false") => Cell::Bool(false),
            t if t == "1" || t.eq_ignore_ascii_case("true") => Cell::Bool(true),
            _ => return Err(Unsupported),
        },
        Some(Type::Date) => Cell::Text(v.to_string()),
        Some(Type::Error) => Cell::Error(v.to_string()),
        Some(Type::Formula) => Cell::Text(unescape_excel(v).into_owned()),
        Some(Type::Number) | None => {
            if v.is_empty() {
                return Ok(Cell::Empty);
            }
            let Ok(n) = v.parse::<f64>() else {
                return match typ {
                    None => Ok(Cell::Text(v.to_string())),
                    _ => Err(Unsupported),
                };
            };
            let kind = match style {
                Some(s) => book.styles.get(s).map_or(Kind::Other, |s| s.kind),
                None => Kind::Other,
            };
            match kind {
                Kind::Other => Cell::Number(n),
                Kind::Date => convert(&Data::DateTime(ExcelDateTime::new(
                    n,
                    ExcelDateTimeType::DateTime,
                    book.is_1904,
                ))),
                Kind::Duration => Cell::Number(n),
            }
        }
        Some(Type::Inline) => Cell::Empty,
        Some(Type::Unknown) => return Err(Unsupported),
    })
}

/// Reads a string item (`<si>` or `<is>`) up to the end tag named `end`: plain or rich text,
/// phonetic runs left out, unpreserved text trimmed of ASCII white space, `_xHHHH_` escapes
/// decoded.
fn rich_text(
    xml: &mut impl Events,
    end: &str,
    buf: &mut Vec<u8>,
    text_buf: &mut Vec<u8>,
    text: &mut String,
) -> Result<String, Unsupported> {
    let mut out: Option<String> = None;
    let mut phonetic = false;
    loop {
        let preserve = match xml.next(buf)? {
            Event::Start(e) if local(e.name().as_ref()) == "rPh" => {
                phonetic = true;
                continue;
            }
            Event::End(e) if local(e.name().as_ref()) == "rPh" => {
                phonetic = false;
                continue;
            }
            Event::Start(e) if local(e.name().as_ref()) == "t" && !phonetic => {
                raw_attr(&e, "xml:space").is_some_and(|v| v.as_ref() == "preserve")
            }
            Event::End(e) if local(e.name().as_ref()) == end => return Ok(out.unwrap_or_default()),
            Event::Eof => return Err(Unsupported),
            _ => continue,
        };
        read_text(xml, "t", true, text_buf, text)?;
        let t = if preserve {
            text.as_str()
        } else {
            trim_xml_space(text)
        };
        let t = unescape_excel(t);
        match &mut out {
            Some(o) => o.push_str(&t),
            None => out = Some(t.into_owned()),
        }
    }
}

/// Trims ASCII white space (space, tab, CR, LF) but not other spaces such as U+00A0.
fn trim_xml_space(s: &str) -> &str {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let b = s.as_bytes();
    let start = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !ws(c)).map_or(start, |i| i + 1);
    // Both ends sit next to ASCII bytes, so they are character boundaries.
    &s[start..end]
}

/// Reads an element's text up to the end tag named `end`, entities and line ends resolved,
/// CDATA sections included when `cdata` says so.
fn read_text(
    xml: &mut impl Events,
    end: &str,
    cdata: bool,
    buf: &mut Vec<u8>,
    text: &mut String,
) -> Result<(), Unsupported> {
    text.clear();
    loop {
        match xml.next(buf)? {
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) if cdata => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => entity(&r, text)?,
            Event::End(e) if local(e.name().as_ref()) == end => return Ok(()),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

/// Skips an element whose content is not needed (a formula), up to its end tag.
fn skip(xml: &mut impl Events, end: &str, buf: &mut Vec<u8>) -> Result<(), Unsupported> {
    // Only elements of the same name nest, as XML readers count them.
    let mut depth = 0u32;
    loop {
        match xml.next(buf)? {
            Event::Start(e) if local(e.name().as_ref()) == end => depth += 1,
            Event::End(e) if local(e.name().as_ref()) == end => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return Ok(()),
            },
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

/// Reads the raw first text of a `<v>` and skips to its end tag; false when the element
/// holds no text first (it is then read as empty).
fn first_text(
    xml: &mut impl Events,
    buf: &mut Vec<u8>,
    text: &mut String,
) -> Result<bool, Unsupported> {
    text.clear();
    match xml.next(buf)? {
        Event::Text(t) => text.push_str(t.as_ref()),
        Event::End(e) if local(e.name().as_ref()) == "v" => return Ok(false),
        Event::Eof => return Err(Unsupported),
        _ => {
            skip(xml, "v", buf)?;
            return Ok(false);
        }
    }
    skip(xml, "v", buf)?;
    Ok(true)
}

fn entity(r: &BytesRef<'_>, text: &mut String) -> Result<(), Unsupported> {
    if let Some(s) = quick_xml::escape::resolve_xml_entity(r) {
        text.push_str(s);
        return Ok(());
    }
    match r.resolve_char_ref() {
        Ok(Some(c)) => {
            text.push(c);
            Ok(())
        }
        _ => Err(Unsupported),
    }
}

/// Decodes Excel's `_xHHHH_` escapes (UTF-16 code units; a lone surrogate reads U+FFFD).
fn unescape_excel(s: &str) -> Cow<'_, str> {
    let unit = |at: usize| -> Option<u16> {
        let b = s.as_bytes().get(at..at + 7)?;
        if b[0] != b'_'
            || b[1] != b'x'
            || b[6] != b'_'
            || !b[2..6].iter().all(u8::is_ascii_hexdigit)
        {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    };
    let find = |from: usize| -> Option<(usize, u16)> {
        let mut start = from;
        while let Some(off) = s[start..].find('_') {
            let i = start + off;
            if let Some(u) = unit(i) {
                return Some((i, u));
            }
            start = i + 1;
        }
        None
    };
    if memchr::memmem::find(s.as_bytes(), b"_x").is_none() {
        return Cow::Borrowed(s);
    }
    let Some((mut i, mut u)) = find(0) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    loop {
        out.push_str(&s[copied..i]);
        i += 7;
        match u {
            0xD800..=0xDBFF => match unit(i) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let cp = 0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER));
                    i += 7;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = i;
        match find(i) {
            Some(next) => (i, u) = next,
            None => break,
        }
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// An element's name without its namespace prefix (`x:c` is `c`). A byte loop: names are a few
/// letters long, and this runs for every tag of every sheet.
fn local(name: &str) -> &str {
    let b = name.as_bytes();
    let mut i = b.len();
    while i > 0 {
        if b[i - 1] == b':' {
            return &name[i..];
        }
        i -= 1;
    }
    name
}

/// An attribute's value, entities resolved.
fn attr(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, Unsupported> {
    // A repeated or damaged attribute is read by calamine, its own way.
    let mut found = None;
    for a in e.attributes() {
        let a = a.map_err(|_| Unsupported)?;
        if found.is_none() && a.key.as_ref() == key {
            let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0);
            found = Some(v.map_err(|_| Unsupported)?.into_owned());
        }
    }
    Ok(found)
}

/// An attribute's raw bytes.
fn raw_attr<'a>(e: &'a BytesStart<'_>, key: &str) -> Option<Cow<'a, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value)
}

/// A row number attribute (`r="12"`), 0-based.
fn row_number(v: &str) -> Option<u32> {
    let mut row: u32 = 0;
    let mut digits = false;
    for &b in v.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' if !digits => {}
            b'0'..=b'9' => {
                digits = true;
                row = row.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
            }
            _ => return None,
        }
    }
    row.checked_sub(1)
}

/// A cell reference (`B12`), 0-based (row, column).
fn cell_ref(v: &str) -> Option<(u32, u32)> {
    let mut col: u32 = 0;
    let mut i = 0;
    while let Some(&b) = v.as_bytes().get(i) {
        let d = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a',
            _ => break,
        };
        col = col.checked_mul(26)?.checked_add(u32::from(d) + 1)?;
        i += 1;
    }
    let row = row_number(&v[i..])?;
    Some((row, col.checked_sub(1)?))
}

/// A merged area (`A1:C2`, or a single cell).
fn area(v: &str) -> Option<Region> {
    let mut parts = v.split(':');
    let start = cell_ref(parts.next()?)?;
    let end = match parts.next() {
        Some(p) => cell_ref(p)?,
        None => start,
    };
    parts.next().is_none().then_some((start, end))
}

/// Reads a part whole (used by tests).
#[cfg(test)]
fn part(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).ok()?, &mut s).ok()?;
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_excel_escapes() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_xD83D__xDCF7_"), "📷");
        assert_eq!(unescape_excel("_xD83D_"), "\u{FFFD}");
        assert_eq!(unescape_excel("x_y_"), "x_y_");
    }

    #[test]
    fn trims_only_ascii_space() {
        assert_eq!(trim_xml_space(" \t a b\r\n"), "a b");
        assert_eq!(trim_xml_space("\u{A0}a\u{A0}"), "\u{A0}a\u{A0}");
        assert_eq!(trim_xml_space("  "), "");
    }

    #[test]
    fn reads_references() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("AB12"), Some((11, 27)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("1"), None);
        assert_eq!(cell_ref("A99999999999"), None);
        assert_eq!(area("B2:C3"), Some(((1, 1), (2, 2))));
    }

    #[test]
    fn reads_format_kinds() {
        assert!(custom_kind("dd/mm/yyyy") == Kind::Date);
        assert!(custom_kind("[h]:mm:ss") == Kind::Duration);
        assert!(custom_kind("0.0%") == Kind::Other);
        assert!(custom_kind("\"d\"0") == Kind::Other);
        assert!(builtin_kind("14") == Kind::Date);
        assert!(builtin_kind("9") == Kind::Other);
    }

    #[test]
    fn finds_the_sheet_part() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write_string(0, 0, "x").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        assert!(part(&bytes, "xl/workbook.xml").is_some());
        let sheets = read(&bytes, &Limits::default()).unwrap();
        assert_eq!(sheets[0].rows[0][0], Cell::Text("x".into()));
    }
}
