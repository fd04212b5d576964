//! Render: the PDFs, typeset by Typst embedded as a library.
//!
//! One [`Engine`] holds the standard library and the fonts, built once per process and shared
//! by every document; each document gets a small [`DocWorld`] that serves its template and its
//! data. The report data reaches a template only as `/data.json`, read with `json()`: no cell
//! text is ever spliced into Typst markup, so `#read("/etc/passwd")` in a cell prints as
//! those characters. The world serves nothing but the embedded templates, fonts and that
//! JSON file: no file system, no packages, no clock.

pub mod word;

use std::path::Path;
use std::sync::LazyLock;

use rayon::prelude::*;
use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::error::{Error, Result};
use crate::i18n::{self, Lang};
use crate::report::ReportData;

/// The documents `run` typesets, each in both languages.
pub const DOCUMENTS: [DocKind; 3] = [
    DocKind::ProgressReport,
    DocKind::PledgeSummary,
    DocKind::RegionalReview,
];

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    /// The quarterly progress report on the work plan.
    ProgressReport,
    /// The summary of GCM pledges.
    PledgeSummary,
    /// The Network's input to the GCM Regional Review.
    RegionalReview,
}

impl DocKind {
    /// Returns the manifest kind (`progress-report`).
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::ProgressReport => "progress-report",
            DocKind::PledgeSummary => "pledge-summary",
            DocKind::RegionalReview => "regional-review",
        }
    }

    /// Returns its manifest kind as the one kind of an output's files.
    pub fn kinds(self) -> &'static [&'static str] {
        match self {
            DocKind::ProgressReport => &["progress-report"],
            DocKind::PledgeSummary => &["pledge-summary"],
            DocKind::RegionalReview => &["regional-review"],
        }
    }

    /// The string-table key of its file name's stem, in each language.
    fn file_key(self) -> &'static str {
        match self {
            DocKind::ProgressReport => "file.progress-report",
            DocKind::PledgeSummary => "file.pledge-summary",
            DocKind::RegionalReview => "file.regional-review",
        }
    }

    /// The manifest kind of its Word version (`progress-report-docx`).
    pub fn word_kinds(self) -> &'static [&'static str] {
        match self {
            DocKind::ProgressReport => &["progress-report-docx"],
            DocKind::PledgeSummary => &["pledge-summary-docx"],
            DocKind::RegionalReview => &["regional-review-docx"],
        }
    }

    fn template(self) -> &'static str {
        match self {
            DocKind::ProgressReport => "progress-report.typ",
            DocKind::PledgeSummary => "pledge-summary.typ",
            DocKind::RegionalReview => "regional-review.typ",
        }
    }
}

/// The body fonts embedded in the binary (Noto Sans; licence in `fonts/`).
const BODY_FONTS: &[&[u8]] = &[
    include_bytes!("../../../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../../fonts/NotoSans-Italic.ttf"),
    include_bytes!("../../../fonts/NotoSans-BoldItalic.ttf"),
];

/// The standard library and fonts, shared by every document of the process.
pub struct Engine {
    library: LazyHash<Library>,
    /// The same library with HTML export on, for the Word versions ([`word`]).
    html_library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static ENGINE: LazyLock<Engine> = LazyLock::new(Engine::new);

impl Engine {
    fn new() -> Engine {
        let fonts: Vec<Font> = BODY_FONTS
            .iter()
            .copied()
            .chain(typst_assets::fonts())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Engine {
            library: LazyHash::new(Library::default()),
            html_library: LazyHash::new(
                Library::builder()
                    .with_features([typst::Feature::Html].into_iter().collect())
                    .build(),
            ),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    }

    /// Returns the process's engine.
    pub fn get() -> &'static Engine {
        &ENGINE
    }
}

/// One document's world: the engine, its template set and its data.
pub struct DocWorld {
    engine: &'static Engine,
    main: FileId,
    sources: Vec<(FileId, Source)>,
    data_id: FileId,
    data: Bytes,
    today: Datetime,
    html: bool,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path)
        .unwrap_or_else(|_| VirtualPath::new("/invalid").expect("valid path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl DocWorld {
    /// Builds the world for `main` (a template file name), with `data` as `/data.json`.
    pub fn new(
        templates: &[(String, String)],
        main: &str,
        data: Vec<u8>,
        today: chrono::NaiveDate,
    ) -> DocWorld {
        use chrono::Datelike;
        let sources = templates
            .iter()
            .map(|(name, text)| {
                let id = file_id(&format!("/{name}"));
                (id, parsed(id, text))
            })
            .collect();
        DocWorld {
            engine: Engine::get(),
            main: file_id(&format!("/{main}")),
            sources,
            data_id: file_id("/data.json"),
            data: Bytes::new(data),
            today: Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8)
                .unwrap_or_else(|| Datetime::from_ymd(2000, 1, 1).expect("valid date")),
            html: false,
        }
    }

    /// The same world, compiled for HTML (the Word versions) rather than for pages.
    pub fn for_html(self) -> DocWorld {
        DocWorld { html: true, ..self }
    }
}

/// The templates parsed so far in the process, the newest last.
static PARSED: std::sync::Mutex<Vec<Source>> = std::sync::Mutex::new(Vec::new());

/// How many parsed templates [`PARSED`] keeps: the four of a run, and those of a few template
/// folders more (the tests try several).
const PARSED_KEPT: usize = 32;

/// Returns the template `text` parsed as file `id`, parsed once for every world of the process
/// that serves the same text: parsing the four templates anew for each document took as long
/// as writing a Word version's package.
fn parsed(id: FileId, text: &str) -> Source {
    let mut kept = PARSED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(source) = kept.iter().find(|s| s.id() == id && s.text() == text) {
        return source.clone();
    }
    let source = Source::new(id, text.to_string());
    if kept.len() >= PARSED_KEPT {
        kept.remove(0);
    }
    kept.push(source.clone());
    source
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        if self.html {
            &self.engine.html_library
        } else {
            &self.engine.library
        }
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, s)| s.clone())
            .ok_or_else(|| FileError::AccessDenied)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        match self.sources.iter().find(|(i, _)| *i == id) {
            Some((_, s)) => Ok(Bytes::from_string(s.text().to_string())),
            None => Err(FileError::AccessDenied),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// The Typst templates in force: the embedded ones, each replaced by a file of the same name
/// in the override folder when there is one (see [`crate::outputs::templates`]). The Word
/// reference document beside them is [`word::reference`]'s.
pub fn templates(overrides: Option<&Path>) -> Result<Vec<(String, String)>> {
    crate::outputs::templates::load_text_where(overrides, "", |name| name.ends_with(".typ"))
}

/// A typeset document.
pub struct Document {
    /// Which document.
    pub kind: &'static str,
    /// Its language.
    pub lang: Lang,
    /// The file name (`informe-de-avance-2024-Q1-es.pdf`).
    pub file_name: String,
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// The laid-out document, for tests that read its text.
    pub document: PagedDocument,
}

/// Returns the JSON a document's template reads: the shared payload
/// ([`crate::outputs::payload`]) with the document's kind, and the `doc.*` strings.
pub fn data_json(kind: DocKind, lang: Lang, report: &ReportData) -> Vec<u8> {
    data_json_for(kind, lang, report, false)
}

/// Returns the JSON a template reads, with `word` telling it whether it is written for Word
/// ([`word`]) rather than typeset.
fn data_json_for(kind: DocKind, lang: Lang, report: &ReportData, word: bool) -> Vec<u8> {
    #[derive(Serialize)]
    struct Kind {
        kind: DocKind,
        word: bool,
    }
    crate::outputs::payload::json(Kind { kind, word }, lang, "doc.", report)
}

/// Typesets one document in one language.
pub fn render(
    templates: &[(String, String)],
    kind: DocKind,
    lang: Lang,
    report: &ReportData,
) -> Result<Document> {
    let document = typeset(templates, kind, lang, report)?;
    let pdf = export(&document, kind, lang, report)?;
    Ok(Document {
        kind: kind.as_str(),
        lang,
        file_name: file_name(kind, lang, &report.meta.period),
        pdf,
        document,
    })
}

/// Lays out one document: the Typst compilation, without the PDF export.
pub fn typeset(
    templates: &[(String, String)],
    kind: DocKind,
    lang: Lang,
    report: &ReportData,
) -> Result<PagedDocument> {
    let world = DocWorld::new(
        templates,
        kind.template(),
        data_json(kind, lang, report),
        report.meta.as_of,
    );
    typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|diags| diagnostics_error(kind, lang, &diags))
}

/// Compiles one document for HTML, as its Word version is made of ([`word`]).
pub fn compile_html(
    templates: &[(String, String)],
    kind: DocKind,
    lang: Lang,
    report: &ReportData,
) -> Result<typst_html::HtmlDocument> {
    let world = DocWorld::new(
        templates,
        kind.template(),
        data_json_for(kind, lang, report, true),
        report.meta.as_of,
    )
    .for_html();
    typst::compile::<typst_html::HtmlDocument>(&world)
        .output
        .map_err(|diags| diagnostics_error(kind, lang, &diags))
}

/// Exports a laid-out document as PDF/A-2a and PDF/UA-1 (both checked by the exporter), with a timestamp and an id that depend only on
/// the as-of date and the inputs.
pub fn export(
    document: &PagedDocument,
    kind: DocKind,
    lang: Lang,
    report: &ReportData,
) -> Result<Vec<u8>> {
    use chrono::Datelike;
    let as_of = report.meta.as_of;
    let timestamp = Datetime::from_ymd_hms(
        as_of.year(),
        as_of.month() as u8,
        as_of.day() as u8,
        12,
        0,
        0,
    )
    .map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(format!(
            "{}-{}-{}",
            kind.as_str(),
            lang,
            report.meta.inputs_digest
        )),
        creator: Smart::Custom(Some(format!("seguimiento {}", env!("CARGO_PKG_VERSION")))),
        timestamp,
        standards: PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1]).map_err(|e| {
            Error::new("error.pdf", &[("kind", &kind.as_str()), ("lang", &lang)]).cause(e.message())
        })?,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|diags| diagnostics_error(kind, lang, &diags))
}

/// Returns a document's file name, in its language.
pub fn file_name(kind: DocKind, lang: Lang, period: &str) -> String {
    file_name_with(kind, lang, period, "pdf")
}

/// Returns the file name of a document's version with extension `ext` (`pdf`, `docx`).
pub fn file_name_with(kind: DocKind, lang: Lang, period: &str, ext: &str) -> String {
    let stem = i18n::tr(lang, kind.file_key(), &[]);
    crate::outputs::staging::lang_file_name(&format!("{stem}-{period}"), lang, ext)
}

fn diagnostics_error(kind: DocKind, lang: Lang, diags: &[SourceDiagnostic]) -> Error {
    let mut e = Error::new(
        "error.typeset",
        &[("kind", &kind.as_str()), ("lang", &lang)],
    );
    for d in diags.iter().take(8) {
        let mut line = d.message.to_string();
        for h in &d.hints {
            line.push_str("; hint: ");
            line.push_str(h.v.as_str());
        }
        e = e.cause(line);
    }
    e
}

/// Memory that documents typeset side by side may take between them.
///
/// Typst keeps every intermediate result of a compilation in its caches until they are
/// emptied, so a document's layout takes up to about 35 MB plus 32 times the size of its data
/// (measured: 40 to 50 MB for each document of the sample, 150 KB of data; 50 to 180 MB at
/// 100,000 reports, 4.5 MB of data, the Regional Review input being the largest).
const TYPESETTING_BUDGET: usize = 256 << 20;

/// How many documents to typeset side by side for `data_len` bytes of data: all six for a
/// month's inputs, one at a time once the data runs to megabytes.
pub fn side_by_side(data_len: usize) -> usize {
    let per_document = (35usize << 20).saturating_add(data_len.saturating_mul(32));
    (TYPESETTING_BUDGET / per_document).clamp(1, DOCUMENTS.len() * Lang::ALL.len())
}

/// Typesets one document in each of `langs` and hands each to `sink` as soon as it is ready;
/// returns what `sink` returned, in the order of `langs`.
///
/// The languages are typeset side by side as far as [`side_by_side`] allows documents at
/// once, else one after the other. Each of the three documents is its own output
/// ([`crate::run::REGISTRY`]), so the three are typeset at the same time; what they
/// typeset at once passes through one gate ([`Gate`]) that keeps the layouts held in Typst's
/// caches within [`TYPESETTING_BUDGET`] and empties the caches once they are full. `sink` is
/// expected to write the PDF and drop the document, so that nothing of one document is held
/// while the next is typeset.
///
/// Called from a thread of rayon's pool, the gate counts the documents but makes no one wait
/// (a task that waited there could be holding, lower on its stack, the very work it waits
/// for); [`crate::outputs::write_all`] calls it from threads of its own.
pub fn render_languages<T>(
    templates: &[(String, String)],
    kind: DocKind,
    report: &ReportData,
    langs: &[Lang],
    sink: impl FnMut(Document) -> Result<T>,
) -> Result<Vec<T>> {
    each_language(
        report,
        langs,
        |lang| render(templates, kind, lang, report),
        sink,
    )
}

/// Makes one document (`make`) in each of `langs` through the typesetting gate, as
/// [`render_languages`] does, and hands each to `sink` as soon as it is ready; returns what
/// `sink` returned, in the order of `langs`. The Word versions pass through it too, since
/// their compilation fills the same caches.
pub fn each_language<D: Send, T>(
    report: &ReportData,
    langs: &[Lang],
    make: impl Fn(Lang) -> Result<D> + Sync,
    mut sink: impl FnMut(D) -> Result<T>,
) -> Result<Vec<T>> {
    let batch = side_by_side(data_len(report));
    let mut out = Vec::with_capacity(langs.len());
    for langs in langs.chunks(batch.min(langs.len()).max(1)) {
        let documents: Vec<Result<D>> = {
            let _pass = GATE.enter(langs.len(), batch);
            langs.par_iter().map(|&lang| make(lang)).collect()
        };
        for document in documents {
            out.push(sink(document?)?);
        }
    }
    Ok(out)
}

/// The most documents a run can typeset: [`DOCUMENTS`], each in every language the code
/// knows. Only a bound: from it on, [`Gate`] counts nothing.
const ALL_DOCUMENTS: usize = DOCUMENTS.len() * Lang::ALL.len();

/// What is typeset at once, counted across the process, since Typst's caches are the
/// process's: the documents being typeset, and those typeset since the caches were last
/// emptied.
///
/// While the data is small ([`side_by_side`] allows every document at once) nothing is
/// counted and the caches are left be: freeing the caches of six small documents takes longer
/// than typesetting one. Otherwise a document waits until its batch has room, and the caches
/// are emptied each time the last document being typeset is done, so that no more layouts
/// than a batch are ever held in them.
struct Gate {
    state: std::sync::Mutex<GateState>,
    freed: std::sync::Condvar,
}

struct GateState {
    running: usize,
    since_emptied: usize,
}

static GATE: Gate = Gate::new();

/// Leave to typeset `n` documents; given back when dropped.
struct Pass {
    gate: &'static Gate,
    n: usize,
}

impl Gate {
    const fn new() -> Gate {
        Gate {
            state: std::sync::Mutex::new(GateState {
                running: 0,
                since_emptied: 0,
            }),
            freed: std::sync::Condvar::new(),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits until `n` more documents fit in a batch of `batch` (see [`Gate`]).
    fn enter(&'static self, n: usize, batch: usize) -> Option<Pass> {
        if batch >= ALL_DOCUMENTS {
            return None;
        }
        let may_wait = rayon::current_thread_index().is_none();
        let mut state = self.state();
        while may_wait && state.running > 0 && state.since_emptied + n > batch {
            state = self
                .freed
                .wait(state)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        if state.running == 0 && state.since_emptied + n > batch {
            typst::comemo::evict(0);
            state.since_emptied = 0;
        }
        state.running += n;
        state.since_emptied += n;
        Some(Pass { gate: self, n })
    }
}

impl Drop for Pass {
    fn drop(&mut self) {
        let mut state = self.gate.state();
        state.running -= self.n;
        if state.running == 0 {
            typst::comemo::evict(0);
            state.since_emptied = 0;
        }
        drop(state);
        self.gate.freed.notify_all();
    }
}

/// Returns the size of the report data as a template reads it, without making it.
fn data_len(report: &ReportData) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = serde_json::to_writer(&mut count, report);
    count.0
}

/// Returns the text of a laid-out document, page by page, for tests and checks.
pub fn plain_text(document: &PagedDocument) -> Vec<String> {
    use typst::layout::FrameItem;
    fn walk(frame: &typst::layout::Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, out),
                FrameItem::Text(t) => {
                    out.push_str(t.text.as_str());
                    out.push(' ');
                }
                _ => {}
            }
        }
    }
    document
        .pages()
        .iter()
        .map(|p| {
            let mut s = String::new();
            walk(&p.frame, &mut s);
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_holds_no_more_than_a_batch_and_lets_everyone_through() {
        let gate: &'static Gate = Box::leak(Box::new(Gate::new()));
        let most = std::sync::atomic::AtomicUsize::new(0);
        let now = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for n in [1, 1, 2, 1, 2, 1] {
                let (most, now) = (&most, &now);
                scope.spawn(move || {
                    let pass = gate.enter(n, 2);
                    assert!(pass.is_some());
                    let at_once = now.fetch_add(n, std::sync::atomic::Ordering::SeqCst) + n;
                    most.fetch_max(at_once, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    now.fetch_sub(n, std::sync::atomic::Ordering::SeqCst);
                });
            }
        });
        assert!(most.into_inner() <= 2);
        let state = gate.state();
        assert_eq!((state.running, state.since_emptied), (0, 0));
        // With room for every document, nothing is counted.
        drop(state);
        assert!(gate.enter(2, ALL_DOCUMENTS).is_none());
    }

    #[test]
    fn a_month_of_data_typesets_every_document_at_once() {
        assert!(side_by_side(150 << 10) >= DOCUMENTS.len() * Lang::RUN_DEFAULT.len());
        assert_eq!(side_by_side(4_500 << 10), 1);
    }
}
