//! A narrative file's sections, found by their headings: which sections each document takes,
//! the words that name them (the documents' own headings, in the file's language), and what a
//! section keeps of the file.

use crate::findings::{Code, Finding, Location};
use crate::i18n::{tr, Lang};
use crate::plan::Plan;
use crate::sheets::document::{Block, Document, Paragraph};

use super::{is_blank, prose, Prose};

/// The documents that take a narrative, as their files are named.
pub const DOCUMENTS: &[&str] = &["progress-report", "pledge-summary", "regional-review"];

/// A section of a narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// Named by the string-table key of its heading (`doc.narrative.key-messages`).
    Named(&'static str),
    /// A priority of the plan, by its code.
    Priority(String),
    /// A round table of the Regional Review, by its number.
    RoundTable(u8),
    /// A GCM objective, by its number.
    Objective(u8),
}

impl Section {
    /// The section's key in the report data (`key-messages`, `priority:B1`, `round-table:2`).
    pub fn key(&self) -> String {
        match self {
            Section::Named(k) => k.trim_start_matches("doc.narrative.").to_string(),
            Section::Priority(code) => format!("priority:{code}"),
            Section::RoundTable(n) => format!("round-table:{n}"),
            Section::Objective(n) => format!("objective:{n}"),
        }
    }
}

/// The named sections each document takes, by the string key of their heading.
fn named(document: &str) -> &'static [&'static str] {
    match document {
        "progress-report" => &[
            "doc.narrative.key-messages",
            "doc.narrative.challenges",
            "doc.narrative.next-steps",
        ],
        "pledge-summary" => &["doc.narrative.key-messages"],
        _ => &[
            "doc.narrative.introduction",
            "doc.narrative.challenges",
            "doc.narrative.recommendations",
        ],
    }
}

/// Folds a heading for comparison: lowercase, without accents, spaces and end punctuation.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([':', '.', ';'])
        .trim()
        .to_string()
}

/// Recognises a heading of `document`, written in `lang`.
pub(super) fn recognise(heading: &str, document: &str, lang: Lang, plan: &Plan) -> Option<Section> {
    let h = fold(heading);
    if h.is_empty() {
        return None;
    }
    if let Some(key) = named(document)
        .iter()
        .find(|k| fold(&tr(lang, k, &[])) == h)
    {
        return Some(Section::Named(key));
    }
    match document {
        "progress-report" => {
            let rest = strip_word(&h, &fold(&tr(lang, "doc.narrative.priority", &[])))
                .unwrap_or(h.as_str());
            // The longest code the heading starts with, so that `G.1` is not `G` and `B10`
            // is not `B1`.
            plan.priorities
                .iter()
                .filter(|p| starts_with_code(rest, &fold(&p.code)))
                .max_by_key(|p| p.code.len())
                .map(|p| Section::Priority(p.code.clone()))
        }
        "regional-review" => {
            if let Some(rest) = strip_word(&h, &fold(&tr(lang, "doc.round-table", &[]))) {
                let n: u8 = leading_token(rest).parse().ok()?;
                return (1..=99).contains(&n).then_some(Section::RoundTable(n));
            }
            let rest = strip_word(&h, &fold(&tr(lang, "doc.objective", &[])))?;
            let n: u8 = leading_token(rest).parse().ok()?;
            (1..=23).contains(&n).then_some(Section::Objective(n))
        }
        _ => None,
    }
}

/// `text` without the leading `word` and the space after it.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    text.strip_prefix(word)
        .filter(|rest| rest.starts_with(' '))
        .map(str::trim_start)
}

/// Whether a separator ends a heading's code or number here: a space, or punctuation.
fn separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | ':' | ',' | ';' | '—' | '–' | '-' | ')')
}

/// The first token of `text`: up to a space or a separator (`12. Título` gives `12`).
fn leading_token(text: &str) -> &str {
    let end = text.find(separator).unwrap_or(text.len());
    &text[..end]
}

/// Whether `text` starts with `code` (both folded), followed by a separator or nothing:
/// `g.1 : pilotage` starts with `g.1`, `b10 titulo` does not start with `b1`.
fn starts_with_code(text: &str, code: &str) -> bool {
    !code.is_empty()
        && text
            .strip_prefix(code)
            .is_some_and(|after| after.chars().next().is_none_or(separator))
}

/// Splits a file's blocks into its sections, in the order they first appear, each with its
/// prose; adds the findings of what was left out.
pub(super) fn split(
    doc: &Document,
    document: &'static str,
    lang: Lang,
    plan: &Plan,
    rel: &str,
    findings: &mut Vec<Finding>,
) -> Vec<(String, Vec<Prose>)> {
    let mut sections: Vec<(String, Vec<Prose>)> = Vec::new();
    // The section being read; `None` before the first heading or under an unknown one.
    let mut current: Option<usize> = None;
    let mut before_first = false;
    // An unknown heading whose text has not been reached yet, and whether one was seen.
    let mut unknown: Option<String> = None;
    let mut under_unknown = false;
    let (mut tables, mut links) = (0u32, 0u32);
    for block in &doc.blocks {
        let p = match block {
            Block::Table(_) => {
                tables += 1;
                continue;
            }
            Block::Paragraph(p) => p,
        };
        if let Some(heading) = heading_text(p, document, lang, plan) {
            if heading.is_empty() {
                continue; // the document's title
            }
            match recognise(&heading, document, lang, plan) {
                Some(section) => {
                    unknown = None;
                    let key = section.key();
                    current = Some(match sections.iter().position(|(k, _)| *k == key) {
                        Some(i) => i,
                        None => {
                            sections.push((key, Vec::new()));
                            sections.len() - 1
                        }
                    });
                }
                None => {
                    // Reported once text is found under it: a heading with nothing under
                    // it (a title) leaves nothing out.
                    current = None;
                    under_unknown = true;
                    unknown = Some(heading);
                }
            }
            continue;
        }
        if is_blank(block) {
            continue;
        }
        if let Some(heading) = unknown.take() {
            findings.push(unknown_heading(rel, &heading, document));
        }
        match current {
            Some(i) => {
                let (prose, dropped) = prose(p);
                links += dropped;
                sections[i].1.push(prose);
            }
            None if sections.is_empty() && !before_first && !under_unknown => before_first = true,
            None => {}
        }
    }
    if before_first {
        findings.push(Finding::localized_with(
            Code::NarrativeUnknownHeading,
            "finding.narrative-before-heading",
            Location::file(rel),
            move |lang| vec![("headings", headings(lang, document))],
        ));
    }
    let mut counts = super::left_out(doc);
    if tables > 0 {
        counts.push(("table", tables));
    }
    if links > 0 {
        counts.push(("link", links));
    }
    if !counts.is_empty() {
        findings.push(left_out_finding(rel, &counts));
    }
    sections.retain(|(_, prose)| !prose.is_empty());
    sections
}

/// A paragraph's text when it is a heading: one of the file's heading styles, or a paragraph
/// all in bold that names a section (as people mark headings by hand). A title is `""`.
fn heading_text(p: &Paragraph, document: &str, lang: Lang, plan: &Plan) -> Option<String> {
    let text = p.text().trim().to_string();
    match p.heading {
        Some(0) => Some(String::new()),
        Some(_) => Some(text),
        None if p.list.is_none()
            && p.all_bold()
            && recognise(&text, document, lang, plan).is_some() =>
        {
            Some(text)
        }
        None => None,
    }
}

fn unknown_heading(rel: &str, heading: &str, document: &'static str) -> Finding {
    let heading = crate::findings::excerpt(heading);
    Finding::localized(
        Code::NarrativeUnknownHeading,
        Location::file(rel),
        move |lang| {
            vec![
                ("heading", heading.clone()),
                ("headings", headings(lang, document)),
            ]
        },
    )
}

/// The headings a document's narrative takes, in `lang`, for messages.
fn headings(lang: Lang, document: &str) -> String {
    let mut names: Vec<String> = named(document)
        .iter()
        .map(|k| tr(lang, "narrative.quoted", &[("text", &tr(lang, k, &[]))]))
        .collect();
    match document {
        "progress-report" => names.push(tr(lang, "narrative.heading.priority", &[])),
        "regional-review" => names.push(tr(lang, "narrative.heading.review", &[])),
        _ => {}
    }
    names.join(", ")
}

/// The `narrative-left-out` finding on a file, naming each kind of content with its count.
pub(super) fn left_out_finding(rel: &str, counts: &[(&'static str, u32)]) -> Finding {
    let counts = counts.to_vec();
    Finding::localized(Code::NarrativeLeftOut, Location::file(rel), move |lang| {
        let what = counts
            .iter()
            .map(|(kind, n)| format!("{} ({n})", tr(lang, left_out_key(kind), &[])))
            .collect::<Vec<_>>()
            .join(", ");
        vec![("what", what)]
    })
}

/// The string key naming a kind of content left out.
fn left_out_key(kind: &str) -> &'static str {
    match kind {
        "image" => "narrative.left-out.image",
        "field" => "narrative.left-out.field",
        "tracked-change" => "narrative.left-out.tracked-change",
        "comment" => "narrative.left-out.comment",
        "note" => "narrative.left-out.note",
        "text-box" => "narrative.left-out.text-box",
        "equation" => "narrative.left-out.equation",
        "object" => "narrative.left-out.object",
        "nested-table" | "table" => "narrative.left-out.table",
        "link" => "narrative.left-out.link",
        _ => "narrative.left-out.truncated",
    }
}

/// A document's name in `lang`, for messages.
pub fn document_name(lang: Lang, document: &str) -> String {
    tr(
        lang,
        match document {
            "progress-report" => "narrative.document.progress-report",
            "pledge-summary" => "narrative.document.pledge-summary",
            _ => "narrative.document.regional-review",
        },
        &[],
    )
}

/// A section's name in `lang`, for messages, from its key.
pub fn section_name(lang: Lang, key: &str) -> String {
    if let Some(code) = key.strip_prefix("priority:") {
        return format!("{} {code}", tr(lang, "doc.narrative.priority", &[]));
    }
    if let Some(n) = key.strip_prefix("round-table:") {
        return format!("{} {n}", tr(lang, "doc.round-table", &[]));
    }
    if let Some(n) = key.strip_prefix("objective:") {
        return format!("{} {n}", tr(lang, "doc.objective", &[]));
    }
    let named = [
        "doc.narrative.key-messages",
        "doc.narrative.challenges",
        "doc.narrative.next-steps",
        "doc.narrative.introduction",
        "doc.narrative.recommendations",
    ];
    named
        .iter()
        .find(|k| k.ends_with(key))
        .map_or_else(|| key.to_string(), |k| tr(lang, k, &[]))
}

/// The names a narrative file may have, for the message on a file that has none of them.
pub(super) fn file_names() -> String {
    DOCUMENTS
        .iter()
        .map(|d| format!("{d}-<lang>.docx"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_whole_with_its_dots_and_digits() {
        for (text, code) in [
            ("g.1 : pilotage", "g.1"),
            ("g.1", "g.1"),
            ("b1. titulo", "b1"),
            ("b1: titulo", "b1"),
            ("b1\u{a0}: titre", "b1"),
        ] {
            assert!(starts_with_code(text, code), "{text:?} {code:?}");
        }
        for (text, code) in [
            ("b10 titulo", "b1"),
            ("g.10", "g.1"),
            ("g", "g.1"),
            ("x", ""),
        ] {
            assert!(!starts_with_code(text, code), "{text:?} {code:?}");
        }
    }
}
