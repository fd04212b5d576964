//! A plan imported from its document: `seguimiento plan --import FILE`.
//!
//! A network's plan is written as a Word document (a table of activities per priority, under
//! group and priority headings) or kept as one table of activities in a spreadsheet. This
//! module reads either through the reading workers (`sheets::worker`), as every file from
//! outside, and proposes the plan file: groups with a code prefix from their initial, the
//! priorities with their objectives, and each activity with its number and title, references,
//! lead and accompanying agencies (split inside one cell by their labels), calendar. The
//! columns are found by their header words (`data/words/<lang>.toml`, `[headers.plan]`), so
//! nothing here knows a particular plan. Whatever a person must decide or look at (the
//! proposed prefixes and period, names that are no agency, calendars that do not read,
//! activities with no lead, texts in one language only) comes back as [`Check`]s.
//!
//! It never writes a file itself: [`super::Plan::import`] writes what [`import`] proposes.

use std::collections::BTreeSet;

use super::file::{to_toml, ActivityFile, CodesFile, PlanFile, RolesFile};
use super::model::{Group, PlanMeta, Priority};
use super::registry::Registry;
use super::schedule::{self, Context, DateOrder};
use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::i18n::{tr, Lang, Text};
use crate::sheets::document::{Block, Document, LeftOut, Paragraph};
use crate::sheets::{Cell, Grid};
use crate::text::fold;

/// The fields of an activity table a header may name, as `[headers.plan]` keys them.
pub const FIELDS: [&str; 12] = [
    "activity",
    "code",
    "references",
    "responsible",
    "lead",
    "support",
    "calendar",
    "start",
    "end",
    "priority",
    "group",
    "objectives",
];

/// Something a person must look at in an imported plan before relying on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// A group's code prefix, proposed from its name.
    Prefix {
        /// The group's name.
        group: String,
        /// The prefix proposed.
        prefix: String,
    },
    /// The plan's period, when it was not given.
    Period {
        /// First month.
        start: YearMonth,
        /// Last month.
        end: YearMonth,
    },
    /// A name in a lead or accompanying cell that no agency of the registry has.
    UnknownAgency {
        /// The activity's code.
        code: String,
        /// The name as written.
        name: String,
    },
    /// A calendar the plan's reader does not read; kept as written.
    Calendar {
        /// The activity's code.
        code: String,
        /// The calendar as written.
        text: String,
        /// Why it does not read, in each language.
        reason: Text,
    },
    /// An activity naming no lead agency.
    NoLead {
        /// The activity's code.
        code: String,
    },
    /// An activity row with no number, numbered in its priority's order.
    Numbered {
        /// The code given.
        code: String,
    },
    /// A start or end date the plan's reader does not read; kept as written.
    Dates {
        /// The activity's code.
        code: String,
        /// Why, in each language.
        reason: Text,
    },
    /// Content of the document the import does not read (pictures, comments…).
    LeftOut {
        /// What kind.
        kind: LeftOut,
        /// How many.
        count: u32,
    },
    /// Texts written in the document's language only.
    OtherLanguage {
        /// The language they are missing in.
        lang: Lang,
        /// How many.
        count: usize,
    },
}

impl Check {
    /// What to check, as one sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Check::Prefix { group, prefix } => tr(
                lang,
                "import.check.prefix",
                &[("group", group), ("prefix", prefix)],
            ),
            Check::Period { start, end } => tr(
                lang,
                "import.check.period",
                &[("start", start), ("end", end)],
            ),
            Check::UnknownAgency { code, name } => tr(
                lang,
                "import.check.unknown-agency",
                &[("code", code), ("name", name)],
            ),
            Check::Calendar { code, text, reason } => tr(
                lang,
                "import.check.calendar",
                &[
                    ("code", code),
                    ("calendar", text),
                    ("reason", &reason.get(lang)),
                ],
            ),
            Check::NoLead { code } => tr(lang, "import.check.no-lead", &[("code", code)]),
            Check::Numbered { code } => tr(lang, "import.check.numbered", &[("code", code)]),
            Check::Dates { code, reason } => tr(
                lang,
                "import.check.dates",
                &[("code", code), ("reason", &reason.get(lang))],
            ),
            Check::LeftOut { kind, count } => {
                let what = tr(lang, left_out_key(*kind), &[]);
                tr(
                    lang,
                    "import.check.left-out",
                    &[("what", &what), ("count", count)],
                )
            }
            Check::OtherLanguage {
                lang: missing,
                count,
            } => tr(
                lang,
                "import.check.other-language",
                &[("count", count), ("language", &missing.code())],
            ),
        }
    }
}

/// The string-table key naming a kind of content the import leaves out.
fn left_out_key(kind: LeftOut) -> &'static str {
    match kind {
        LeftOut::Image => "import.left-out.image",
        LeftOut::Field => "import.left-out.field",
        LeftOut::TrackedChange => "import.left-out.tracked-change",
        LeftOut::Comment => "import.left-out.comment",
        LeftOut::Note => "import.left-out.note",
        LeftOut::TextBox => "import.left-out.text-box",
        LeftOut::Equation => "import.left-out.equation",
        LeftOut::Object => "import.left-out.object",
        LeftOut::NestedTable => "import.left-out.nested-table",
    }
}

/// A plan proposed from a document: the plan file's text, and what to check in it.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The plan file, as TOML.
    pub toml: String,
    /// How many activities were read.
    pub activities: usize,
    /// What a person must look at.
    pub checks: Vec<Check>,
}

/// Tells whether a cell's text is a header of a plan's activity table (the readers of CSV
/// weigh candidate separators by it).
pub fn is_header(text: &str) -> bool {
    header_field(text).is_some()
}

/// The comment lines that open an imported plan file: where it comes from, and what to check.
pub fn heading(source: &str, imported: &Imported, lang: Lang) -> String {
    let mut out = String::new();
    let mut line = |text: &str| {
        for l in text.lines() {
            out.push_str("# ");
            out.push_str(l);
            out.push('\n');
        }
    };
    line(&tr(
        lang,
        "import.file-heading",
        &[("path", &source), ("count", &imported.activities)],
    ));
    for c in &imported.checks {
        line(&format!("  - {}", c.message(lang)));
    }
    out.push('\n');
    out
}

/// A line of the document as the import sees it: text outside the activity tables (or a row
/// that holds one cell), or a row of a table.
enum Line {
    /// A paragraph, or a row of one cell; `strong` when it is a heading, bold, or a row
    /// spanning its table (how plans set their group and priority headings apart).
    Text {
        text: String,
        strong: bool,
        heading: Option<u8>,
    },
    /// A table row: each cell's paragraphs (text, and whether it is a list item).
    Row(Vec<Vec<(String, bool)>>),
}

/// Reads a document's blocks into lines.
fn document_lines(doc: &Document) -> Vec<Line> {
    let mut out = Vec::new();
    let para = |p: &Paragraph| (p.text().trim().to_string(), p.list.is_some());
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                let text = p.text().trim().to_string();
                if !text.is_empty() {
                    out.push(Line::Text {
                        strong: p.heading.is_some() || p.all_bold(),
                        heading: p.heading,
                        text,
                    });
                }
            }
            Block::Table(t) => {
                for row in &t.rows {
                    let filled: Vec<_> = row
                        .iter()
                        .filter(|c| !c.merged_above && !c.text().trim().is_empty())
                        .collect();
                    if filled.is_empty() {
                        continue;
                    }
                    if filled.len() == 1 && (row.len() == 1 || filled[0].span > 1) {
                        let text = one_line(&filled[0].text());
                        out.push(Line::Text {
                            text,
                            strong: true,
                            heading: None,
                        });
                        continue;
                    }
                    // A cell merged across stands for as many columns as it spans, so that the
                    // columns keep their places.
                    let mut cells = Vec::new();
                    for c in row {
                        let paragraphs: Vec<(String, bool)> = if c.merged_above {
                            Vec::new()
                        } else {
                            c.paragraphs
                                .iter()
                                .map(para)
                                .filter(|(t, _)| !t.is_empty())
                                .collect()
                        };
                        cells.push(paragraphs);
                        for _ in 1..c.span.min(64) {
                            cells.push(Vec::new());
                        }
                    }
                    out.push(Line::Row(cells));
                }
            }
        }
    }
    out
}

/// Reads a spreadsheet's first sheet holding an activity table into lines.
fn grid_lines(grids: &[Grid]) -> Vec<Line> {
    let Some(grid) = grids
        .iter()
        .find(|g| g.rows.iter().any(|r| header_row(&cell_texts(r)).is_some()))
    else {
        return Vec::new();
    };
    grid.rows
        .iter()
        .filter_map(|r| {
            let cells: Vec<Vec<(String, bool)>> = r
                .iter()
                .map(|c| match c {
                    Cell::Date(d) => vec![(d.date().format("%Y-%m-%d").to_string(), false)],
                    c => c
                        .display()
                        .lines()
                        .map(|l| (l.trim().to_string(), false))
                        .filter(|(l, _)| !l.is_empty())
                        .collect(),
                })
                .collect();
            cells
                .iter()
                .any(|c| !c.is_empty())
                .then_some(Line::Row(cells))
        })
        .collect()
}

fn cell_texts(row: &[Cell]) -> Vec<String> {
    row.iter().map(Cell::display).collect()
}

fn cell_texts_of(cells: &[Vec<(String, bool)>]) -> Vec<String> {
    cells.iter().map(|c| joined(c)).collect()
}

/// A cell's paragraphs as one line of text.
fn joined(cell: &[(String, bool)]) -> String {
    cell.iter()
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Folds a header for matching: case, accents, spacing and a closing colon aside.
fn header_key(s: &str) -> String {
    let f = fold(s);
    f.trim_end_matches(':')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The field a header names, and in which language.
fn header_field(text: &str) -> Option<(&'static str, Lang)> {
    let key = header_key(text);
    if key.is_empty() {
        return None;
    }
    for lang in Lang::ALL {
        let Some(words) = crate::words::of(lang.code()) else {
            continue;
        };
        for field in FIELDS {
            if words
                .header("plan", field)
                .iter()
                .any(|h| header_key(h) == key)
            {
                return Some((field, lang));
            }
        }
    }
    None
}

/// The columns of an activity table, by field.
#[derive(Debug, Clone, Default)]
struct Columns {
    fields: Vec<(&'static str, usize)>,
    lang: Option<Lang>,
}

impl Columns {
    fn of(&self, field: &str) -> Option<usize> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, i)| *i)
    }
}

/// Recognises a header row: two fields or more, one of them the activity or its code.
fn header_row(cells: &[String]) -> Option<Columns> {
    let mut columns = Columns::default();
    let mut votes = [0usize; Lang::ALL.len()];
    for (i, c) in cells.iter().enumerate() {
        if let Some((field, lang)) = header_field(c) {
            if columns.of(field).is_none() {
                columns.fields.push((field, i));
                votes[lang as usize] += 1;
            }
        }
    }
    let named = columns.of("activity").is_some() || columns.of("code").is_some();
    if columns.fields.len() < 2 || !named {
        return None;
    }
    let best = Lang::ALL
        .into_iter()
        .max_by_key(|l| (votes[*l as usize], *l == Lang::WORKING))
        .unwrap_or(Lang::WORKING);
    columns.lang = Some(best);
    Some(columns)
}

/// Splits a leading number (`1.2.`, `3.`, `2)`) from a title: its parts and the rest.
fn leading_number(text: &str) -> Option<(Vec<u32>, String)> {
    let t = text.trim_start();
    let digits_end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(t.len(), |(i, _)| i);
    let number = &t[..digits_end];
    let parts: Vec<u32> = number
        .split('.')
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    if parts.is_empty() || parts.iter().any(|&n| n == 0 || n > 999) {
        return None;
    }
    let rest = t[digits_end..].trim_start_matches([')', '-', '–']);
    // "2023 plan" is a year, not a number: a number is followed by a space or closed by a dot.
    if !(number.ends_with('.') || rest.starts_with(' ') || t[digits_end..].starts_with(')')) {
        return None;
    }
    let rest = rest.trim();
    if rest.is_empty() {
        return None;
    }
    Some((parts, rest.to_string()))
}

/// The GCM objectives a line names after its label ("Objetivos del Pacto: 1, 8, 23").
fn objectives_line(text: &str) -> Option<Vec<u8>> {
    let (label, rest) = text.split_once(':')?;
    if header_field(label).map(|(f, _)| f) != Some("objectives") {
        return None;
    }
    let mut out = Vec::new();
    for part in rest.split(|c: char| !c.is_ascii_digit()) {
        if let Ok(n) = part.parse::<u8>() {
            if (1..=23).contains(&n) && !out.contains(&n) {
                out.push(n);
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Whether a line is written in capitals (letters only counted).
fn all_caps(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3 && letters.iter().all(|c| !c.is_lowercase())
}

/// A heading in capitals as a sentence writes it ("PRIORIDADES BÁSICAS" → "Prioridades
/// básicas").
fn sentence_case(text: &str) -> String {
    if !all_caps(text) {
        return text.to_string();
    }
    let lower = text.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A stable key from a name: ASCII letters and digits, hyphens between words.
fn slug(text: &str) -> String {
    let folded = fold(text);
    let words: Vec<String> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    words.join("-")
}

/// A short label from a title: its first words, up to about forty characters.
fn short_label(title: &str) -> String {
    let mut out = String::new();
    for word in title.split_whitespace() {
        if !out.is_empty() && out.chars().count() + word.chars().count() > 40 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim_end_matches([',', ';', ':', '.']).to_string()
}

/// A group being read.
struct GroupDraft {
    name: String,
}

/// A priority being read.
struct PriorityDraft {
    group: usize,
    number: u32,
    title: String,
    objectives: Vec<u8>,
}

/// An activity being read.
struct ActivityDraft {
    priority: usize,
    number: Option<u32>,
    title: String,
    details: Vec<String>,
    references: Vec<String>,
    lead_text: String,
    support_text: String,
    lead: Vec<String>,
    support: Vec<String>,
    unknown: Vec<String>,
    calendar: String,
    start: Option<String>,
    end: Option<String>,
}

/// What the reading gathered before the plan file is written.
#[derive(Default)]
struct Draft {
    title: String,
    subtitle: String,
    date: Option<YearMonth>,
    lang: Option<Lang>,
    groups: Vec<GroupDraft>,
    priorities: Vec<PriorityDraft>,
    activities: Vec<ActivityDraft>,
}

/// Proposes a plan from a document's model.
pub fn from_document(
    doc: &Document,
    name: &str,
    period: Option<(YearMonth, YearMonth)>,
) -> Result<Imported> {
    let mut imported = propose(&document_lines(doc), name, period)?;
    // What the document holds that no field of the plan takes: said, so nothing goes unseen.
    let left_out = doc
        .left_out
        .iter()
        .map(|(&kind, &count)| Check::LeftOut { kind, count });
    imported.checks.extend(left_out);
    Ok(imported)
}

/// Proposes a plan from a spreadsheet's grids (one table of activities).
pub fn from_grids(
    grids: &[Grid],
    name: &str,
    period: Option<(YearMonth, YearMonth)>,
) -> Result<Imported> {
    propose(&grid_lines(grids), name, period)
}

fn propose(lines: &[Line], name: &str, period: Option<(YearMonth, YearMonth)>) -> Result<Imported> {
    let mut draft = Draft::default();
    read_lines(lines, &mut draft);
    if draft.activities.is_empty() {
        return Err(Error::new("error.import-no-table", &[("path", &name)])
            .hint("hint.import-no-table", &[]));
    }
    if draft.title.is_empty() {
        draft.title = name
            .rsplit('/')
            .next()
            .and_then(|f| f.rsplit_once('.').map(|(stem, _)| stem))
            .unwrap_or(name)
            .to_string();
    }
    Ok(write(draft, period))
}

/// Reads the lines in order: the title, then the headings and rows of the activity tables.
fn read_lines(lines: &[Line], draft: &mut Draft) {
    let mut columns: Option<Columns> = None;
    let mut pending: Vec<(String, bool)> = Vec::new();
    let mut after_title = 0usize;
    for line in lines {
        match line {
            Line::Text {
                text,
                strong,
                heading,
            } => {
                if draft.title.is_empty() && matches!(heading, Some(0 | 1)) {
                    draft.title = text.clone();
                    after_title = 3;
                    continue;
                }
                if after_title > 0 && heading.is_none() {
                    after_title -= 1;
                    if draft.date.is_none() {
                        if let Some(month) = crate::calendar::parse_month_text(text) {
                            draft.date = Some(month);
                            continue;
                        }
                    }
                    if draft.subtitle.is_empty() && text.chars().count() <= 160 {
                        draft.subtitle = text.clone();
                        continue;
                    }
                } else if heading.is_some() {
                    after_title = 0;
                }
                pending.push((text.clone(), *strong));
            }
            Line::Row(cells) => {
                let texts = cell_texts_of(cells);
                if let Some(found) = header_row(&texts) {
                    if draft.lang.is_none() {
                        draft.lang = found.lang;
                    }
                    columns = Some(found);
                    continue;
                }
                let Some(cols) = columns.as_ref() else {
                    continue;
                };
                let activity_col = cols.of("activity").or(cols.of("code")).unwrap_or(0);
                let filled = cells.iter().filter(|c| !c.is_empty()).count();
                let activity_text = cells
                    .get(activity_col)
                    .map(|c| joined(c))
                    .unwrap_or_default();
                if filled == 1
                    && !activity_text.is_empty()
                    && leading_number(&activity_text).is_none_or(|(n, _)| n.len() < 2)
                {
                    // One cell, not a numbered activity: a heading inside the table.
                    pending.push((one_line(&activity_text), true));
                    continue;
                }
                if !pending.is_empty() {
                    settle_headings(std::mem::take(&mut pending), draft);
                }
                read_spreadsheet_headings(cells, cols, draft);
                activity(cells, cols, draft);
            }
        }
    }
}

/// Settles the lines between two tables (or two parts of one) into a group and a priority:
/// the last numbered line is the priority, the last line set apart before it its group, a
/// line of objectives after it the priority's objectives.
fn settle_headings(lines: Vec<(String, bool)>, draft: &mut Draft) {
    let numbered = lines.iter().rposition(|(t, strong)| {
        leading_number(t).is_some_and(|(n, _)| n.len() == 1)
            && (*strong || objectives_line(t).is_none())
    });
    let strong_title = || {
        lines.iter().rposition(|(t, strong)| {
            *strong && objectives_line(t).is_none() && !is_group_name(t, draft)
        })
    };
    let priority_at = numbered.or_else(strong_title);
    let group_end = priority_at.unwrap_or(lines.len());
    let group = lines[..group_end]
        .iter()
        .rev()
        .find(|(t, strong)| *strong && leading_number(t).is_none() && objectives_line(t).is_none())
        .map(|(t, _)| t.clone());
    if let Some(name) = group {
        let key = header_key(&name);
        let found = draft.groups.iter().position(|g| header_key(&g.name) == key);
        if found.is_none() {
            draft.groups.push(GroupDraft { name });
        }
        let at = found.unwrap_or(draft.groups.len() - 1);
        // A group heading repeated before each table keeps the group.
        if draft.priorities.last().is_none_or(|p| p.group != at) || found.is_none() {
            draft.priorities.push(PriorityDraft {
                group: at,
                number: 0,
                title: String::new(),
                objectives: Vec::new(),
            });
        }
    }
    let Some(at) = priority_at else {
        return;
    };
    let text = &lines[at].0;
    let (number, title) = match leading_number(text) {
        Some((n, rest)) => (Some(n[0]), rest),
        None => (None, text.clone()),
    };
    let objectives = lines[at + 1..]
        .iter()
        .find_map(|(t, _)| objectives_line(t))
        .unwrap_or_default();
    let group = current_group(draft);
    // A placeholder opened by the group heading takes the priority.
    if let Some(p) = draft.priorities.last_mut() {
        if p.title.is_empty() && p.number == 0 && p.group == group {
            p.title = title;
            p.number = number.unwrap_or(0);
            p.objectives = objectives;
            return;
        }
    }
    draft.priorities.push(PriorityDraft {
        group,
        number: number.unwrap_or(0),
        title,
        objectives,
    });
}

fn is_group_name(text: &str, draft: &Draft) -> bool {
    let key = header_key(text);
    all_caps(text) || draft.groups.iter().any(|g| header_key(&g.name) == key)
}

/// The group new priorities go to: the last one read, else one made for the whole plan.
fn current_group(draft: &mut Draft) -> usize {
    if draft.groups.is_empty() {
        let lang = draft.lang.unwrap_or(Lang::WORKING);
        draft.groups.push(GroupDraft {
            name: tr(lang, "import.default-group", &[]),
        });
    }
    draft
        .priorities
        .last()
        .map_or(draft.groups.len() - 1, |p| p.group)
        .min(draft.groups.len() - 1)
}

/// In one table of activities, a group or priority column opens a new one when it changes.
fn read_spreadsheet_headings(cells: &[Vec<(String, bool)>], cols: &Columns, draft: &mut Draft) {
    let cell = |field: &str| {
        cols.of(field)
            .and_then(|i| cells.get(i))
            .map(|c| joined(c))
            .unwrap_or_default()
    };
    let group = cell("group");
    let mut lines = Vec::new();
    if !group.is_empty() {
        let key = header_key(&group);
        let current = draft.priorities.last().map(|p| p.group);
        let same = current.is_some_and(|g| header_key(&draft.groups[g].name) == key);
        if !same {
            lines.push((group, true));
        }
    }
    let priority = cell("priority");
    if !priority.is_empty() {
        let same = draft.priorities.last().is_some_and(|p| {
            let (n, t) = leading_number(&priority)
                .map_or((None, priority.clone()), |(n, t)| (Some(n[0]), t));
            header_key(&p.title) == header_key(&t) && n.is_none_or(|n| n == p.number)
        });
        if !same || !lines.is_empty() {
            lines.push((priority, true));
        }
    }
    if !lines.is_empty() {
        settle_headings(lines, draft);
    }
}

/// Reads one activity row.
fn activity(cells: &[Vec<(String, bool)>], cols: &Columns, draft: &mut Draft) {
    let cell = |field: &str| column(cells, cols, field);
    if draft.priorities.is_empty() {
        let group = current_group(draft);
        draft.priorities.push(PriorityDraft {
            group,
            number: 0,
            title: String::new(),
            objectives: Vec::new(),
        });
    }
    let priority = draft.priorities.len() - 1;
    let (title, details, parts) = title_and_number(cells, cols);
    let number = parts.last().copied();
    let p = &mut draft.priorities[priority];
    if p.number == 0 && parts.len() >= 2 {
        p.number = parts[parts.len() - 2];
    }
    if title.is_empty() && number.is_none() {
        // A row that goes on from the one above (a table broken across pages).
        if let Some(last) = draft.activities.last_mut() {
            let more = joined(cell("calendar"));
            if !more.is_empty() && last.calendar.is_empty() {
                last.calendar = more;
            }
        }
        return;
    }
    let references: Vec<String> = cell("references")
        .iter()
        .map(|(t, _)| t.trim().to_string())
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .collect();
    let date = |field: &str| {
        let text = joined(cell(field));
        let text = text.trim();
        (!text.is_empty()).then(|| serial_date(text).unwrap_or_else(|| text.to_string()))
    };
    let mut draft_activity = ActivityDraft {
        start: date("start"),
        end: date("end"),
        priority,
        number,
        title,
        details,
        references,
        lead_text: String::new(),
        support_text: String::new(),
        lead: Vec::new(),
        support: Vec::new(),
        unknown: Vec::new(),
        calendar: cell("calendar")
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    };
    draft_activity.read_agencies(cells, cols);
    draft.activities.push(draft_activity);
}

/// An activity cell's title and the sub-items listed under it, and its number's parts (from
/// the code column when there is one, else from the title's start).
fn title_and_number(
    cells: &[Vec<(String, bool)>],
    cols: &Columns,
) -> (String, Vec<String>, Vec<u32>) {
    let mut title_parts = Vec::new();
    let mut details = Vec::new();
    for (text, list) in column(cells, cols, "activity") {
        if *list && !title_parts.is_empty() {
            details.push(text.clone());
        } else {
            title_parts.push(text.clone());
        }
    }
    let title = title_parts.join(" ");
    let code_text = joined(column(cells, cols, "code"));
    if !code_text.is_empty() {
        let digits: Vec<u32> = code_text
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|p| p.parse().ok())
            .collect();
        return (title, details, digits);
    }
    match leading_number(&title) {
        Some((parts, rest)) => (rest, details, parts),
        None => (title, details, Vec::new()),
    }
}

impl ActivityDraft {
    /// Reads the lead and accompanying agencies from the responsible, lead and support
    /// columns, each part split by its label and kept as written.
    fn read_agencies(&mut self, cells: &[Vec<(String, bool)>], cols: &Columns) {
        for (field, default) in [
            ("responsible", Side::Lead),
            ("lead", Side::Lead),
            ("support", Side::Support),
        ] {
            let text = column(cells, cols, field)
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            for (side, segment, value) in split_by_labels(&text, default) {
                let (agencies, unknown) = agencies(&value);
                let (out_text, out) = match side {
                    Side::Lead => (&mut self.lead_text, &mut self.lead),
                    Side::Support => (&mut self.support_text, &mut self.support),
                };
                if !out_text.is_empty() {
                    out_text.push(' ');
                }
                out_text.push_str(&segment);
                for a in agencies {
                    if !out.contains(&a) {
                        out.push(a);
                    }
                }
                self.unknown.extend(unknown);
            }
        }
    }
}

/// The paragraphs of a row's cell in the column of `field`; none when the table has no such
/// column.
fn column<'a>(
    cells: &'a [Vec<(String, bool)>],
    cols: &Columns,
    field: &str,
) -> &'a [(String, bool)] {
    cols.of(field)
        .and_then(|i| cells.get(i))
        .map_or(&[][..], Vec::as_slice)
}

/// A spreadsheet's serial day number (UN INFO exports dates so) as an ISO date; none for
/// anything else.
fn serial_date(text: &str) -> Option<String> {
    let n: i64 = text.parse().ok()?;
    // 1954 to 2119 in the 1900 date system: no plan's number of anything else looks so.
    if !(20_000..=80_000).contains(&n) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let day = epoch.checked_add_signed(chrono::Duration::days(n))?;
    Some(day.format("%Y-%m-%d").to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Lead,
    Support,
}

/// Splits a cell holding the lead and accompanying agencies by their labels
/// ("Agencias responsables de la implementación: OIM y CEPAL Agencias que acompañan: Red"):
/// each part with its side, its text as written (one line), and the text after its label.
/// Text before any label goes to `default`'s side.
fn split_by_labels(text: &str, default: Side) -> Vec<(Side, String, String)> {
    let line = one_line(text);
    if line.is_empty() {
        return Vec::new();
    }
    let mut labels: Vec<(Side, String)> = Vec::new();
    for words in crate::words::every() {
        for (field, side) in [
            ("responsible", Side::Lead),
            ("lead", Side::Lead),
            ("support", Side::Support),
        ] {
            for w in words.header("plan", field) {
                labels.push((side, header_key(w)));
            }
        }
    }
    // The longest label first, so that "agencias responsables de la implementación" wins over
    // "agencias responsables".
    labels.sort_by_key(|(_, l)| std::cmp::Reverse(l.len()));
    // Each char's folded form, with its byte offset in the line.
    let mut folded = String::new();
    let mut origin = Vec::new();
    for (i, c) in line.char_indices() {
        let f = fold(&c.to_string());
        let f = if f.is_empty() && c.is_whitespace() {
            " ".to_string()
        } else {
            f
        };
        for _ in 0..f.len() {
            origin.push(i);
        }
        folded.push_str(&f);
    }
    origin.push(line.len());
    let mut marks: Vec<(usize, usize, Side)> = Vec::new();
    let mut at = 0;
    while at < folded.len() {
        let boundary = at == 0 || folded[..at].ends_with([' ', '.', ';', ',']);
        if boundary && folded.is_char_boundary(at) {
            let rest = &folded[at..];
            if let Some((side, label)) = labels.iter().find(|(_, l)| {
                rest.starts_with(l.as_str()) && rest[l.len()..].trim_start().starts_with(':')
            }) {
                let after = at + label.len();
                let colon = after + rest[label.len()..].find(':').unwrap_or(0) + 1;
                marks.push((origin[at], origin[colon.min(origin.len() - 1)], *side));
                at = colon;
                continue;
            }
        }
        at += folded[at..].chars().next().map_or(1, char::len_utf8);
    }
    let mut out = Vec::new();
    let first = marks.first().map_or(line.len(), |m| m.0);
    let before = line[..first].trim();
    if !before.is_empty() {
        out.push((default, before.to_string(), before.to_string()));
    }
    for (k, &(start, value_start, side)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(line.len(), |m| m.0);
        let segment = line[start..end].trim().to_string();
        let value = line[value_start..end].trim().to_string();
        out.push((side, segment, value));
    }
    out
}

/// The agencies a part of a cell names, as written, and the short names no agency has. A
/// phrase ("Agencia que corresponda de acuerdo con el mensaje") names none.
fn agencies(value: &str) -> (Vec<String>, Vec<String>) {
    let registry = Registry::builtin();
    // Remarks in parentheses ("(rotativo)") are not names.
    let mut plain = String::new();
    let mut depth = 0u32;
    for c in value.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let and_words: BTreeSet<String> = crate::words::every()
        .flat_map(|w| w.calendar.and.iter().map(|a| fold(a)))
        .collect();
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for part in plain.split([',', ';', '\n', '&']) {
        let mut names = vec![String::new()];
        for word in part.split_whitespace() {
            if and_words.contains(&fold(word)) {
                names.push(String::new());
            } else {
                let last = names.last_mut().expect("one name at least");
                if !last.is_empty() {
                    last.push(' ');
                }
                last.push_str(word);
            }
        }
        for name in names {
            let name = name.trim().trim_end_matches(['.', ':']).trim().to_string();
            if name.is_empty() {
                continue;
            }
            if registry.agency(&name).is_some() {
                found.push(name);
            } else if name.split_whitespace().count() <= 3 {
                unknown.push(name);
            }
        }
    }
    // A phrase with some agency name inside it is still a phrase: only whole names count.
    if found.is_empty() && !unknown.is_empty() && plain.split_whitespace().count() > 6 {
        unknown.clear();
    }
    (found, unknown)
}

/// The prefix of each group: the initial of the first word its name does not share with every
/// other group's ("PRIORIDADES BÁSICAS", "PRIORIDADES TEMÁTICAS" → B, T), unique.
fn prefixes(names: &[String]) -> Vec<String> {
    let words: Vec<Vec<String>> = names
        .iter()
        .map(|n| {
            fold(n)
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    for (i, ws) in words.iter().enumerate() {
        let distinct = ws.iter().find(|w| {
            names.len() == 1
                || words
                    .iter()
                    .enumerate()
                    .any(|(j, other)| j != i && !other.contains(w))
        });
        let word = distinct.or(ws.first()).cloned().unwrap_or_default();
        let letters: Vec<char> = word
            .chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let mut prefix = letters
            .first()
            .map(char::to_string)
            .unwrap_or_else(|| "G".into());
        let mut k = 1;
        while out.contains(&prefix) {
            prefix = match letters.get(k) {
                Some(c) => format!("{}{}", &prefix[..1], c),
                None => format!("{}{}", &prefix[..1], "X".repeat(k)),
            };
            k += 1;
        }
        out.push(prefix);
    }
    out
}

/// Years written in a text (four digits, 1990 to 2100).
fn years(text: &str) -> Vec<i32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|p| p.len() == 4)
        .filter_map(|p| p.parse::<i32>().ok())
        .filter(|y| (1990..=2100).contains(y))
        .collect()
}

/// The plan's period as a document gives it: from January (or the document's month, in the
/// first year) of the first year its title, calendars or dates name, to December of the last.
fn proposed_period(draft: &Draft) -> (YearMonth, YearMonth) {
    let mut all: Vec<i32> = years(&draft.title);
    for a in &draft.activities {
        all.extend(years(&a.calendar));
        for d in [&a.start, &a.end].into_iter().flatten() {
            all.extend(years(d));
        }
    }
    let first = all
        .iter()
        .min()
        .copied()
        .or(draft.date.map(|d| d.year))
        .unwrap_or(2000);
    let last = all.iter().max().copied().unwrap_or(first).max(first);
    let start = match draft.date {
        Some(d) if d.year == first => d,
        _ => YearMonth::new(first, 1).expect("January"),
    };
    (start, YearMonth::new(last, 12).expect("December"))
}

/// The groups, each with its name as a sentence writes it, a key and a proposed prefix.
fn groups(draft: &Draft, lang: Lang, checks: &mut Vec<Check>) -> Vec<Group> {
    let names: Vec<String> = draft
        .groups
        .iter()
        .map(|g| sentence_case(&g.name))
        .collect();
    let mut keys: Vec<String> = Vec::new();
    let mut groups = Vec::new();
    for (name, prefix) in names.iter().zip(prefixes(&names)) {
        let mut key = slug(name);
        if key.is_empty() {
            key = "group".into();
        }
        while keys.contains(&key) {
            key.push_str("-2");
        }
        keys.push(key.clone());
        checks.push(Check::Prefix {
            group: name.clone(),
            prefix: prefix.clone(),
        });
        groups.push(Group {
            key,
            name: Text::of(&[(lang, name.as_str())]),
            intro: Text::default(),
            prefix,
        });
    }
    groups
}

/// The priorities, numbered in their group as the document numbers them, else in order.
fn priorities(draft: &Draft, groups: &[Group], lang: Lang) -> Vec<Priority> {
    let one = |s: &str| Text::of(&[(lang, s)]);
    let mut priorities: Vec<Priority> = Vec::new();
    let mut count_in_group = vec![0u32; groups.len()];
    for p in &draft.priorities {
        count_in_group[p.group] += 1;
        let prefix = &groups[p.group].prefix;
        let mut n = if p.number > 0 {
            p.number
        } else {
            count_in_group[p.group]
        };
        while priorities.iter().any(|q| q.code == format!("{prefix}{n}")) {
            n += 1;
        }
        priorities.push(Priority {
            code: format!("{prefix}{n}"),
            group: groups[p.group].key.clone(),
            title: one(&p.title),
            short: one(&short_label(&p.title)),
            objectives: p.objectives.clone(),
        });
    }
    priorities
}

/// Lists what to check in one activity: its number, names, lead, calendar and dates.
fn check_activity(a: &ActivityDraft, code: &str, context: &Context, checks: &mut Vec<Check>) {
    let code = code.to_string();
    if a.number.is_none() {
        checks.push(Check::Numbered { code: code.clone() });
    }
    for name in &a.unknown {
        checks.push(Check::UnknownAgency {
            code: code.clone(),
            name: name.clone(),
        });
    }
    if a.lead.is_empty() {
        checks.push(Check::NoLead { code: code.clone() });
    }
    if !a.calendar.trim().is_empty() {
        if let Err(e) = schedule::parse(&a.calendar, context) {
            checks.push(Check::Calendar {
                code: code.clone(),
                text: a.calendar.clone(),
                reason: e.text(),
            });
        }
    }
    for written in [&a.start, &a.end].into_iter().flatten() {
        if let Err(e) = schedule::bounds::read(written, DateOrder::default()) {
            checks.push(Check::Dates {
                code: code.clone(),
                reason: e.text(written, DateOrder::default()),
            });
        }
    }
}

/// The activities, coded by their priority and number (the next free number when a row had
/// none, or repeated one).
fn activities(
    draft: &Draft,
    priorities: &[Priority],
    lang: Lang,
    context: &Context,
    checks: &mut Vec<Check>,
) -> Vec<ActivityFile> {
    let one = |s: &str| Text::of(&[(lang, s)]);
    let mut activities: Vec<ActivityFile> = Vec::new();
    let mut next_in = vec![0u32; priorities.len()];
    for a in &draft.activities {
        let pc = &priorities[a.priority].code;
        let mut n = a.number.unwrap_or(next_in[a.priority] + 1);
        while activities.iter().any(|b| b.code == format!("{pc}.{n}")) {
            n += 1;
        }
        next_in[a.priority] = next_in[a.priority].max(n);
        let code = format!("{pc}.{n}");
        check_activity(a, &code, context, checks);
        activities.push(ActivityFile {
            code,
            title: one(&a.title),
            details: a.details.iter().map(|d| one(d)).collect(),
            references: a.references.iter().map(|r| one(r)).collect(),
            lead: a.lead.clone(),
            lead_text: one(&a.lead_text),
            support: a.support.clone(),
            support_text: one(&a.support_text),
            calendar: a.calendar.clone(),
            // The phrase is the working language's; an English document's is its English too.
            calendar_en: if lang == Lang::En {
                a.calendar.clone()
            } else {
                String::new()
            },
            start: a.start.clone(),
            end: a.end.clone(),
            irregularities: Vec::new(),
            notes: Vec::new(),
            added: None,
            dropped: None,
            changes: Vec::new(),
        });
    }
    activities
}

/// Writes the plan file from what was read.
fn write(draft: Draft, period: Option<(YearMonth, YearMonth)>) -> Imported {
    let lang = draft.lang.unwrap_or(Lang::WORKING);
    let one = |s: &str| Text::of(&[(lang, s)]);
    let mut checks = Vec::new();
    let (start, end) = period.unwrap_or_else(|| {
        let (start, end) = proposed_period(&draft);
        checks.push(Check::Period { start, end });
        (start, end)
    });
    let groups = groups(&draft, lang, &mut checks);
    let priorities = priorities(&draft, &groups, lang);
    let context = Context { start, end };
    let activities = activities(&draft, &priorities, lang, &context, &mut checks);
    let years_text = if start.year == end.year {
        start.year.to_string()
    } else {
        format!("{}-{}", start.year, end.year)
    };
    let meta = PlanMeta {
        title: one(&draft.title),
        subtitle: one(&draft.subtitle),
        short: Text::from_fn(|l| tr(l, "import.short", &[("years", &years_text)])),
        network: Text::default(),
        date: draft.date.unwrap_or(start),
        start,
        end,
        date_order: None,
        co_leads: Vec::new(),
        co_leads_text: Text::default(),
        review_note: Text::default(),
        sections: Vec::new(),
        footnotes: Vec::new(),
        sources: Vec::new(),
    };
    let pattern = if groups.iter().all(|g| g.prefix.is_empty()) {
        "{priority}.{activity}"
    } else {
        "{prefix}{priority}.{activity}"
    };
    let file = PlanFile {
        plan: meta,
        agencies: Vec::new(),
        groups,
        roles: RolesFile::default(),
        codes: CodesFile {
            pattern: Some(pattern.to_string()),
            examples: Vec::new(),
        },
        priorities,
        activities,
        revisions: Vec::new(),
    };
    for other in Lang::ALL.into_iter().filter(|l| *l != lang) {
        let count = super::checks::missing_texts(&file, other).len();
        if count > 0 {
            checks.push(Check::OtherLanguage { lang: other, count });
        }
    }
    Imported {
        toml: to_toml(&file).unwrap_or_default(),
        activities: file.activities.len(),
        checks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_responsible_cell_splits_by_its_labels() {
        let parts = split_by_labels(
            "Agencia responsable de la implementación: CEPAL y OIM Agencias que acompañan: Red",
            Side::Lead,
        );
        assert_eq!(
            parts,
            [
                (
                    Side::Lead,
                    "Agencia responsable de la implementación: CEPAL y OIM".to_string(),
                    "CEPAL y OIM".to_string()
                ),
                (
                    Side::Support,
                    "Agencias que acompañan: Red".to_string(),
                    "Red".to_string()
                ),
            ]
        );
        // In English, on lines of their own; an empty part is kept as written.
        let parts = split_by_labels("Lead agencies: IOM\nAccompanying agencies:", Side::Lead);
        assert_eq!(parts[0].2, "IOM");
        assert_eq!(
            (parts[1].0, parts[1].1.as_str()),
            (Side::Support, "Accompanying agencies:")
        );
        // No label: the column says which side.
        assert_eq!(split_by_labels("UNICEF", Side::Support)[0].0, Side::Support);
        assert!(split_by_labels("  ", Side::Lead).is_empty());
    }

    #[test]
    fn agencies_are_names_the_registry_knows_and_phrases_name_none() {
        let (found, unknown) = agencies("OIT, PNUD (rotativo)");
        assert_eq!(
            (found, unknown.len()),
            (vec!["OIT".to_string(), "PNUD".into()], 0)
        );
        let (found, _) = agencies("OIM, MPI, UNICEF, ACNUR y PMA");
        assert_eq!(found, ["OIM", "MPI", "UNICEF", "ACNUR", "PMA"]);
        let (found, _) = agencies("IOM and ILO.");
        assert_eq!(found, ["IOM", "ILO"]);
        let (found, unknown) = agencies("OIM, UNHRC");
        assert_eq!(
            (found, unknown),
            (vec!["OIM".to_string()], vec!["UNHRC".to_string()])
        );
        let (found, unknown) =
            agencies("Agencia que corresponda de acuerdo con el mensaje a difundir");
        assert!(found.is_empty() && unknown.is_empty());
        let (found, unknown) = agencies("Según participación en los workstreams globales");
        assert!(found.is_empty() && unknown.is_empty());
    }

    #[test]
    fn prefixes_come_from_the_word_that_sets_a_group_apart() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            prefixes(&names(&["Prioridades básicas", "Prioridades temáticas"])),
            ["B", "T"]
        );
        assert_eq!(prefixes(&names(&["Prioridades"])), ["P"]);
        assert_eq!(
            prefixes(&names(&["Governance", "Grants", "Inclusion"])),
            ["G", "GR", "I"]
        );
    }

    #[test]
    fn numbers_objectives_and_headings_are_read_as_plans_write_them() {
        assert_eq!(
            leading_number("1.2. Organizar"),
            Some((vec![1, 2], "Organizar".into()))
        );
        assert_eq!(
            leading_number("3 Garantizar"),
            Some((vec![3], "Garantizar".into()))
        );
        assert_eq!(
            leading_number("2) Inclusión"),
            Some((vec![2], "Inclusión".into()))
        );
        // A year is no number of a priority.
        assert_eq!(leading_number("2023 en cifras"), None);
        assert_eq!(leading_number("2023-2024"), None);
        assert_eq!(leading_number("Actividad"), None);
        assert_eq!(
            objectives_line("Objetivos del Pacto: 1, 8, 23"),
            Some(vec![1, 8, 23])
        );
        assert_eq!(
            objectives_line("GCM objectives: 7, 15 and 16."),
            Some(vec![7, 15, 16])
        );
        assert_eq!(objectives_line("Nota: 1, 2"), None);
        assert_eq!(sentence_case("PRIORIDADES BÁSICAS"), "Prioridades básicas");
        assert_eq!(sentence_case("Core priorities"), "Core priorities");
        assert_eq!(slug("Prioridades temáticas"), "prioridades-tematicas");
        assert_eq!(
            short_label("Salvar vidas, emprender acciones sobre personas migrantes desaparecidas"),
            "Salvar vidas, emprender acciones sobre"
        );
    }

    #[test]
    fn what_a_document_holds_beyond_the_plan_is_listed_to_check() {
        let cell = |text: &str| crate::sheets::document::TableCell {
            paragraphs: vec![Paragraph {
                runs: vec![crate::sheets::document::Run {
                    text: text.into(),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            span: 1,
            merged_above: false,
        };
        let table = crate::sheets::document::Table {
            rows: vec![
                vec![cell("Activity"), cell("Lead"), cell("Timeline")],
                vec![cell("1.1 Map the routes"), cell("IOM"), cell("March 2027")],
            ],
        };
        let mut doc = Document {
            blocks: vec![Block::Table(table)],
            ..Document::default()
        };
        doc.left_out.insert(LeftOut::Image, 2);
        let period = YearMonth::new(2027, 1).zip(YearMonth::new(2027, 12));
        let imported = from_document(&doc, "x.docx", period).unwrap();
        assert!(imported.checks.contains(&Check::LeftOut {
            kind: LeftOut::Image,
            count: 2
        }));
        for lang in Lang::ALL {
            for kind in LeftOut::ALL {
                assert!(!tr(lang, left_out_key(kind), &[]).is_empty(), "{kind:?}");
            }
        }
        // A document with no activity table is refused.
        assert!(from_document(&Document::default(), "x.docx", period).is_err());
    }

    #[test]
    fn a_header_row_names_the_activity_and_another_field_in_either_language() {
        let row = |cells: &[&str]| cells.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cols = header_row(&row(&["Actividad", "Responsable", "CALENDARIZACIÓN:"])).unwrap();
        assert_eq!((cols.of("calendar"), cols.lang), (Some(2), Some(Lang::Es)));
        let cols = header_row(&row(&["Activity", "Lead agency", "Timeline"])).unwrap();
        assert_eq!((cols.of("lead"), cols.lang), (Some(1), Some(Lang::En)));
        assert!(header_row(&row(&["Actividad", "Otra cosa"])).is_none());
        assert!(header_row(&row(&["Responsable", "Calendario"])).is_none());
    }
}
