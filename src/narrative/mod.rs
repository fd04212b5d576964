//! The secretariat's own words: the narrative it writes each quarter for each document and
//! language (`inputs/narrative/<period>/<document>-<lang>.docx|.odt|.md`), read into sections the
//! documents place where they belong (docs/inputs.md, "Narrative").
//!
//! A file is read in a reading worker ([`crate::sheets::worker::read_document`]) into the
//! model of a document (paragraphs, lists, runs of bold, italic and links), whatever it was
//! written in. Its sections are found by their headings, whose words are the documents' own
//! (`doc.narrative.*` in the string tables, in the file's language). What a section may hold
//! is paragraphs and list items of runs; everything else, and links other than `http(s)` and
//! `mailto`, is left out with a finding that says what. The text reaches the documents as data
//! ([`Prose`]), never as markup.

mod sections;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::findings::{Code, Finding, Location};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::sheets::document::{Block, Document, LeftOut, Paragraph};
use crate::sheets::{worker, Limits};
pub use sections::{document_name, section_name, Section, DOCUMENTS};

/// The folder, inside the inputs folder, that holds the narrative, one subfolder a quarter.
pub const FOLDER: &str = "narrative";

/// The extensions a narrative file may have.
pub const EXTENSIONS: &[&str] = &["docx", "odt", "md"];

/// The name of the document property that holds the figures a draft was written from.
pub const FIGURES_PROPERTY: &str = "seguimiento-figures";

/// Figures by name, in the order a draft states them (`crate::report::facts`).
pub type Figures = Vec<(String, String)>;

/// The figures a narrative file records it was written from.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The file, relative to the inputs folder.
    pub file: String,
    /// Its document.
    pub document: &'static str,
    /// The figures, as recorded.
    pub figures: Figures,
}

/// The figures as a document property holds them: `name=value; name=value`.
pub fn encode(figures: &Figures) -> String {
    figures
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Reads figures written by [`encode`]; a part that is not `name=value` is passed over.
pub fn decode(text: &str) -> Figures {
    text.split(';')
        .filter_map(|part| {
            let (k, v) = part.split_once('=')?;
            let k = k.trim();
            (!k.is_empty()).then(|| (k.to_string(), v.trim().to_string()))
        })
        .collect()
}

/// The narrative of a quarter: for each document, its sections, each in the languages it was
/// written in.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Narrative {
    /// Document (`progress-report`) → section key (`key-messages`, `priority:B1`) → language
    /// code → the section's text.
    pub documents: BTreeMap<String, BTreeMap<String, BTreeMap<String, Vec<Prose>>>>,
    /// The narrative files read (relative to the inputs folder), in path order.
    #[serde(skip)]
    pub files: Vec<String>,
    /// The figures each file that records them was written from, in path order.
    #[serde(skip)]
    pub recorded: Vec<Recorded>,
}

/// A paragraph or list item of a narrative section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prose {
    /// Its level as a list item, 0 for the outermost; none for a paragraph.
    pub list: Option<u8>,
    /// Its runs of text.
    pub runs: Vec<ProseRun>,
}

/// A run of text of a narrative paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProseRun {
    /// Its text (a line break is `\n`).
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// The `http(s)` or `mailto` address it links to.
    pub link: Option<String>,
}

/// Reads the narrative of the quarter of `as_of` (`narrative/2024-Q2/`) for the run's
/// languages.
pub fn read(
    inputs: &Path,
    as_of: chrono::NaiveDate,
    plan: &Plan,
    langs: &[Lang],
    limits: &Limits,
) -> (Narrative, Vec<Finding>) {
    let mut narrative = Narrative::default();
    let mut findings = Vec::new();
    let period = crate::config::period_of(as_of);
    let folder = format!("{FOLDER}/{period}");
    let files = list(&inputs.join(&folder), &folder, &mut findings);
    let mut by_doc: BTreeMap<(&str, Lang), Vec<(String, String)>> = BTreeMap::new();
    // The file read for each document and language, to name in messages.
    let mut used: BTreeMap<(&str, Lang), String> = BTreeMap::new();
    for (name, rel) in files {
        match file_role(&name) {
            Role::Narrative {
                document,
                lang,
                ext,
            } => {
                by_doc.entry((document, lang)).or_default().push((rel, ext));
            }
            Role::OldWord => findings.push(Finding::new(
                Code::NarrativeOldFormat,
                Location::file(&rel),
                &[],
            )),
            Role::Other => findings.push(ignored(&rel)),
        }
    }
    for ((document, lang), found) in by_doc {
        if found.len() > 1 {
            let names: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
            for (rel, _) in &found {
                narrative.files.push(rel.clone());
                findings.push(Finding::new(
                    Code::NarrativeDuplicate,
                    Location::file(rel),
                    &[("files", &names.join(", "))],
                ));
            }
            continue;
        }
        let (rel, ext) = &found[0];
        narrative.files.push(rel.clone());
        used.insert((document, lang), rel.clone());
        let Some(doc) = read_file(inputs, rel, ext, limits, &mut findings) else {
            continue;
        };
        if let Some(figures) = doc.properties.get(FIGURES_PROPERTY) {
            narrative.recorded.push(Recorded {
                file: rel.clone(),
                document,
                figures: decode(figures),
            });
        }
        let read = sections::split(&doc, document, lang, plan, rel, &mut findings);
        for (key, prose) in read {
            narrative
                .documents
                .entry(document.to_string())
                .or_default()
                .entry(key)
                .or_default()
                .insert(lang.code().to_string(), prose);
        }
    }
    narrative.files.sort();
    narrative.recorded.sort_by(|a, b| a.file.cmp(&b.file));
    findings.extend(missing(&narrative, &used, langs, as_of));
    (narrative, findings)
}

/// The files of the quarter's folder: (file name, path relative to the inputs), in name order.
fn list(dir: &Path, rel: &str, findings: &mut Vec<Finding>) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if crate::ingest::passed_over(&name) {
            continue;
        }
        let path = format!("{rel}/{name}");
        if entry.path().is_file() {
            files.push((name, path));
        } else {
            findings.push(ignored(&path));
        }
    }
    files.sort();
    files
}

fn ignored(rel: &str) -> Finding {
    Finding::localized_with(
        Code::IgnoredFile,
        "finding.narrative-ignored",
        Location::file(rel),
        |_| vec![("names", sections::file_names())],
    )
}

/// What a file of the narrative folder is, by its name.
enum Role {
    Narrative {
        document: &'static str,
        lang: Lang,
        ext: String,
    },
    OldWord,
    Other,
}

fn file_role(name: &str) -> Role {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return Role::Other;
    };
    let ext = ext.to_ascii_lowercase();
    if ext == "doc" {
        return Role::OldWord;
    }
    if !EXTENSIONS.contains(&ext.as_str()) {
        return Role::Other;
    }
    let Some((document, lang)) = stem.rsplit_once('-') else {
        return Role::Other;
    };
    let (Some(document), Some(lang)) = (
        DOCUMENTS.iter().find(|d| d.eq_ignore_ascii_case(document)),
        Lang::parse(&lang.to_ascii_lowercase()),
    ) else {
        return Role::Other;
    };
    Role::Narrative {
        document,
        lang,
        ext,
    }
}

/// Reads one narrative file in a reading worker; a file that cannot be read is a finding.
fn read_file(
    inputs: &Path,
    rel: &str,
    ext: &str,
    limits: &Limits,
    findings: &mut Vec<Finding>,
) -> Option<Document> {
    let path = inputs.join(rel);
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    let result = if size > limits.max_file_bytes {
        Err(crate::sheets::ReadError::TooLarge {
            size,
            limit: limits.max_file_bytes,
        })
    } else {
        match std::fs::read(&path) {
            Ok(bytes) => worker::read_document(&bytes, ext, limits),
            Err(e) => Err(crate::sheets::ReadError::Corrupt(e.to_string())),
        }
    };
    match result {
        Ok(doc) => Some(doc),
        Err(e) => {
            findings.push(crate::ingest::unreadable(rel, &e));
            None
        }
    }
}

/// What the model of a file left out (pictures, fields, tracked changes…), with how many of
/// each; the sections add what they leave out themselves.
fn left_out(doc: &Document) -> Vec<(&'static str, u32)> {
    let mut counts: Vec<(&'static str, u32)> = LeftOut::ALL
        .iter()
        .filter_map(|k| doc.left_out.get(k).map(|n| (k.key(), *n)))
        .collect();
    if doc.truncated {
        counts.push(("truncated", 1));
    }
    counts
}

/// `narrative-missing` for each document with no narrative in any language, and
/// `narrative-one-language` for each section written in some of the run's languages only,
/// naming the files it is in and the files to write it in.
fn missing(
    narrative: &Narrative,
    used: &BTreeMap<(&str, Lang), String>,
    langs: &[Lang],
    as_of: chrono::NaiveDate,
) -> Vec<Finding> {
    let period = crate::config::period_of(as_of);
    let path = |document: &str, lang: Lang| {
        used.get(&(document, lang))
            .cloned()
            .unwrap_or_else(|| format!("{FOLDER}/{period}/{document}-{}.docx", lang.code()))
    };
    let mut out = Vec::new();
    for document in DOCUMENTS {
        let Some(sections) = narrative.documents.get(*document) else {
            // Each language's message names that language's file, whatever the run's
            // languages: a run in one language says what the run in two says.
            out.push(
                Finding::localized(Code::NarrativeMissing, Location::default(), |lang| {
                    vec![
                        ("document", sections::document_name(lang, document)),
                        ("period", crate::reconcile::quarter_words(lang, as_of)),
                        ("path", path(document, lang)),
                    ]
                })
                .with_subject(*document),
            );
            continue;
        };
        for (key, versions) in sections {
            let (has, lacking): (Vec<Lang>, Vec<Lang>) =
                langs.iter().partition(|l| versions.contains_key(l.code()));
            if has.is_empty() || lacking.is_empty() {
                continue;
            }
            let written: Vec<String> = has.iter().map(|l| path(document, *l)).collect();
            let to_write: Vec<String> = lacking.iter().map(|l| path(document, *l)).collect();
            let (document, key) = (*document, key.clone());
            let subject = format!("{document}/{key}");
            out.push(
                Finding::localized(
                    Code::NarrativeOneLanguage,
                    Location::default(),
                    move |lang| {
                        vec![
                            ("document", sections::document_name(lang, document)),
                            ("section", sections::section_name(lang, &key)),
                            ("written", written.join(", ")),
                            ("missing", to_write.join(", ")),
                        ]
                    },
                )
                .with_subject(subject),
            );
        }
    }
    out
}

/// Turns a paragraph of the document's model into prose, dropping links of other schemes
/// (their text is kept); returns the prose and how many links were dropped.
fn prose(p: &Paragraph) -> (Prose, u32) {
    let mut dropped = 0;
    let mut runs: Vec<ProseRun> = Vec::new();
    for r in &p.runs {
        let link = match &r.link {
            Some(target) if allowed_link(target) => Some(target.trim().to_string()),
            Some(_) => {
                dropped += 1;
                None
            }
            None => None,
        };
        if let Some(last) = runs.last_mut() {
            if last.bold == r.bold && last.italic == r.italic && last.link == link {
                last.text.push_str(&r.text);
                continue;
            }
        }
        runs.push(ProseRun {
            text: r.text.clone(),
            bold: r.bold,
            italic: r.italic,
            link,
        });
    }
    (Prose { list: p.list, runs }, dropped)
}

/// Whether a link's target is one a document may carry: `http`, `https` or `mailto`.
fn allowed_link(target: &str) -> bool {
    let t = target.trim().to_ascii_lowercase();
    (t.starts_with("https://") || t.starts_with("http://") || t.starts_with("mailto:"))
        && !t.chars().any(|c| c.is_control() || c == ' ')
}

/// Whether a block holds nothing a reader sees.
fn is_blank(block: &Block) -> bool {
    match block {
        Block::Paragraph(p) => p.runs.iter().all(|r| r.text.trim().is_empty()),
        Block::Table(_) => false,
    }
}

#[cfg(test)]
mod tests;
