//! A draft as a file: Word (`.docx`, with the reference document's styles, its figures a
//! custom document property) or Markdown (its figures a comment line), and the writing of the
//! quarter's drafts into the inputs folder, never over a file the secretariat has.

use std::path::{Path, PathBuf};

use crate::config::RunConfig;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::narrative::{encode, FIGURES_PROPERTY, FOLDER};
use crate::outputs::documents::word::{docx, reference, Block, Inline};
use crate::report::ReportData;

use super::Draft;

/// The format of a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Word (`.docx`).
    Docx,
    /// Markdown (`.md`).
    Markdown,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Markdown => "md",
        }
    }
}

/// The draft's file name (`progress-report-es.docx`), as the reading expects it.
pub fn file_name(draft: &Draft, format: Format) -> String {
    format!(
        "{}-{}.{}",
        draft.document,
        draft.lang.code(),
        format.extension()
    )
}

/// Escapes text for Markdown: every character Markdown could read as markup is written
/// with a backslash, so the text reads back as written.
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#' | '!'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// The draft in Markdown: a comment line recording its figures, a comment saying what the
/// file is, the title, and each section under a second-level heading.
pub fn markdown(draft: &Draft) -> String {
    let lang = draft.lang;
    let mut out = format!(
        "<!-- {FIGURES_PROPERTY}: {} -->\n<!-- {} -->\n\n# {}\n",
        encode(&draft.figures).replace("--", "- -"),
        tr(lang, "narrative.draft.note", &[("name", &FIGURES_PROPERTY)]).replace("--", "- -"),
        md_escape(&draft.title)
    );
    for (heading, paragraphs) in &draft.sections {
        out.push_str(&format!("\n## {}\n", md_escape(heading)));
        for p in paragraphs {
            out.push_str(&format!("\n{}\n", md_escape(p)));
        }
    }
    out
}

/// The draft in Word, with the styles of `reference` and its figures as a custom property.
pub fn word(draft: &Draft, reference: &[u8], report: &ReportData) -> Result<Vec<u8>> {
    let lang = draft.lang;
    let text = |s: &str| {
        vec![Inline {
            text: s.to_string(),
            ..Inline::default()
        }]
    };
    let mut blocks = vec![Block::Title(text(&draft.title))];
    for (heading, paragraphs) in &draft.sections {
        blocks.push(Block::Heading(1, text(heading)));
        blocks.extend(paragraphs.iter().map(|p| Block::Paragraph(None, text(p))));
    }
    let network = report.meta.network.get(lang).to_string();
    let props = docx::Properties {
        title: draft.title.clone(),
        author: network.clone(),
        keywords: String::new(),
        lang: lang.row().typst.to_string(),
        as_of: report.meta.as_of,
        header: draft.title.clone(),
        sample: None,
        footer: network,
        page: tr(lang, "doc.page", &[]),
        of: tr(lang, "doc.of", &[]),
        custom: vec![(FIGURES_PROPERTY.to_string(), encode(&draft.figures))],
    };
    docx::write(&blocks, &props, reference)
}

/// What writing the drafts did: the files written and those left as they were.
#[derive(Debug, Default)]
pub struct Written {
    /// The folder written into.
    pub folder: PathBuf,
    /// The drafts written.
    pub written: Vec<PathBuf>,
    /// The narrative files already there, left as they were (one for each draft not written).
    pub kept: Vec<PathBuf>,
}

/// Writes each draft into the quarter's narrative folder, unless the folder already has a
/// file for its document and language (in any of the formats read); each file whole or not
/// at all.
pub fn save(
    drafts: &[Draft],
    format: Format,
    config: &RunConfig,
    report: &ReportData,
) -> Result<Written> {
    let folder = config.inputs.join(FOLDER).join(&report.meta.period);
    let mut done = Written {
        folder: folder.clone(),
        ..Written::default()
    };
    let existing = names_in(&folder);
    let reference = reference(config.templates.as_deref())?;
    for draft in drafts {
        let stem = format!("{}-{}.", draft.document, draft.lang.code());
        if let Some(name) = existing.iter().find(|n| {
            let lower = n.to_ascii_lowercase();
            lower.starts_with(&stem) && crate::narrative::EXTENSIONS.contains(&&lower[stem.len()..])
        }) {
            done.kept.push(folder.join(name));
            continue;
        }
        let bytes = match format {
            Format::Markdown => markdown(draft).into_bytes(),
            Format::Docx => word(draft, &reference, report)?,
        };
        let target = folder.join(file_name(draft, format));
        create_new(&folder, &target, &bytes)?;
        done.written.push(target);
    }
    Ok(done)
}

/// The names of the files in `folder` (none when there is no folder).
fn names_in(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Writes `bytes` to `target` through a hidden file beside it, never over a file that is
/// there (a file made meanwhile is kept, and writing it is an error).
fn create_new(folder: &Path, target: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(folder)?;
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        // A hard link fails where the name is taken, as a rename would not. A folder that
        // takes no hard links (some network shares) gets a rename once the name is seen free.
        match std::fs::hard_link(&temp, target) {
            Ok(()) => std::fs::remove_file(&temp),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
            Err(_) if target.exists() => Err(std::io::ErrorKind::AlreadyExists.into()),
            Err(_) => std::fs::rename(&temp, target),
        }
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(
            Error::new("narrative.draft.error", &[("file", &target.display())])
                .cause(e)
                .hint("narrative.draft.error-hint", &[]),
        );
    }
    Ok(())
}
