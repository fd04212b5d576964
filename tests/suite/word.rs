//! The Word versions, read back as a reader's software reads them: the XML of each `.docx`.
//! Every figure the PDF shows is there, the headings are the PDF's in its order, every
//! picture has alternative text, every table marks its header row, every run is in the
//! document's language (but an agency's own words quoted in the other, as in the PDF), no
//! layout text of the other language appears, and the same inputs give the same bytes. Where
//! LibreOffice is installed, each `.docx` also converts to PDF without an error.

use std::io::Read as _;

use quick_xml::events::Event;

use crate::common;
use seguimiento::i18n::{self, Lang, Text};
use seguimiento::model::{ActivityStatus, Status};
use seguimiento::outputs::documents::{self, word, DocKind, DOCUMENTS};
use seguimiento::report::ReportData;

fn sample_report() -> ReportData {
    let inputs = common::root().join("inputs");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(&inputs, out.path(), "2024-06-30");
    seguimiento::check(&config).unwrap().report
}

fn docx(report: &ReportData, kind: DocKind, lang: Lang) -> Vec<u8> {
    let templates = documents::templates(None).unwrap();
    let reference = word::reference(None).unwrap();
    word::render(&templates, &reference, kind, lang, report)
        .unwrap()
        .bytes
}

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

/// What a reader finds in `word/document.xml`.
#[derive(Default, Debug)]
struct Read {
    /// Each paragraph: its style and text.
    paragraphs: Vec<(Option<String>, String)>,
    /// Each run: its language and text.
    runs: Vec<(String, String)>,
    /// Each table: whether its first row is a header row.
    tables: Vec<bool>,
    /// Each picture's alternative text.
    alts: Vec<String>,
}

impl Read {
    fn text(&self) -> String {
        let texts: Vec<&str> = self.paragraphs.iter().map(|(_, t)| t.as_str()).collect();
        texts.join("\n")
    }

    fn headings(&self) -> Vec<String> {
        self.paragraphs
            .iter()
            .filter(|(s, _)| s.as_deref().is_some_and(|s| s.starts_with("Heading")))
            .map(|(_, t)| t.clone())
            .collect()
    }
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| AsRef::<str>::as_ref(&a.key) == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .unwrap()
                .into_owned()
        })
}

fn read(xml: &str) -> Read {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Read::default();
    let (mut para, mut style, mut run, mut lang) = (String::new(), None, String::new(), None);
    let (mut in_t, mut rows_in_table, mut first_row_header) = (false, 0usize, false);
    loop {
        match reader
            .read_event()
            .expect("document.xml is well-formed XML")
        {
            Event::Start(e) | Event::Empty(e) => match AsRef::<str>::as_ref(&e.name()) {
                "w:p" => (para, style) = (String::new(), None),
                "w:pStyle" => style = attr(&e, "w:val"),
                "w:r" => (run, lang) = (String::new(), None),
                "w:lang" => lang = attr(&e, "w:val"),
                "w:t" => in_t = true,
                "w:tbl" => (rows_in_table, first_row_header) = (0, false),
                "w:tr" => rows_in_table += 1,
                "w:tblHeader" if rows_in_table == 1 => first_row_header = true,
                "wp:docPr" => out.alts.push(attr(&e, "descr").unwrap_or_default()),
                _ => {}
            },
            Event::Text(t) if in_t => {
                let text = t.xml10_content();
                run.push_str(&text);
                para.push_str(&text);
            }
            Event::GeneralRef(r) if in_t => {
                let c = match AsRef::<str>::as_ref(&*r) {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    _ => "'",
                };
                run.push_str(c);
                para.push_str(c);
            }
            Event::End(e) => match AsRef::<str>::as_ref(&e.name()) {
                "w:t" => in_t = false,
                "w:r" => out
                    .runs
                    .push((lang.take().unwrap_or_default(), std::mem::take(&mut run))),
                "w:p" => out
                    .paragraphs
                    .push((style.take(), std::mem::take(&mut para))),
                "w:tbl" => out.tables.push(first_row_header),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Without white space (no-break spaces included), as the figures are compared.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{00A0}')
        .collect()
}

/// The numbers of a text, each as written ("53.8", "26", "2024").
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_ascii_digit() || (!current.is_empty() && (c == '.' || c == ',')) {
            current.push(c);
        } else if !current.is_empty() {
            out.push(current.trim_end_matches(['.', ',']).to_string());
            current.clear();
        }
    }
    out
}

/// The PDF's headings, as Typst's outline has them.
fn pdf_headings(report: &ReportData, kind: DocKind, lang: Lang) -> (Vec<String>, String) {
    use typst::foundations::{Element, Selector};
    use typst::introspection::Introspector as _;
    let templates = documents::templates(None).unwrap();
    let doc = documents::render(&templates, kind, lang, report).unwrap();
    let selector = Selector::Elem(Element::of::<typst::model::HeadingElem>(), None);
    let headings = doc
        .document
        .introspector()
        .query(&selector)
        .iter()
        .map(|h| {
            let heading = h.to_packed::<typst::model::HeadingElem>().unwrap();
            heading.body.plain_text().to_string()
        })
        .collect();
    // The running header and footer are Word's own (with fields for the page numbers).
    let pages = documents::plain_text(&doc.document);
    (
        headings,
        pages.iter().skip(1).cloned().collect::<Vec<_>>().join("\n"),
    )
}

#[test]
fn every_word_version_shows_what_its_pdf_shows_in_its_language() {
    let report = sample_report();
    for kind in DOCUMENTS {
        for lang in Lang::RUN_DEFAULT {
            let bytes = docx(&report, kind, lang);
            let doc = read(&part(&bytes, "word/document.xml"));
            let text = doc.text();
            let (headings, pdf_text) = pdf_headings(&report, kind, lang);

            // The PDF's headings, in its order, as Word heading styles.
            let words = doc.headings();
            assert_eq!(
                words.len(),
                headings.len(),
                "{kind:?} {lang}: {words:?} against {headings:?}"
            );
            for (w, p) in words.iter().zip(&headings) {
                assert!(
                    squash(w).ends_with(&squash(p)),
                    "{kind:?} {lang}: heading {w} against {p}"
                );
            }
            // Every number the PDF shows, in the text or in a chart's alternative text.
            let shown = squash(&format!("{text}\n{}", doc.alts.join("\n")));
            let page_line = |n: &str| {
                let page = format!("{} {n}", i18n::tr(lang, "doc.page", &[]));
                pdf_text.contains(&page)
                    || pdf_text.contains(&format!("{} {n}", i18n::tr(lang, "doc.of", &[])))
            };
            for n in numbers(&pdf_text) {
                assert!(
                    shown.contains(&n) || page_line(&n),
                    "{kind:?} {lang}: {n} is not in the Word version"
                );
            }
            // Pictures with alternative text, tables with header rows.
            assert!(
                doc.alts.iter().all(|a| a.len() > 20),
                "{kind:?} {lang}: {:?}",
                doc.alts
            );
            if kind != DocKind::RegionalReview {
                assert!(!doc.alts.is_empty(), "{kind:?} {lang}: no chart");
            }
            assert!(!doc.tables.is_empty());
            assert!(
                doc.tables.iter().all(|h| *h),
                "{kind:?} {lang}: a table without a header row"
            );
            // The document's language, and the title, author and language of the package.
            let tag = lang.row().typst;
            for (run_lang, run_text) in &doc.runs {
                if run_lang != tag {
                    let theirs = |n: &Text| n.get(lang.fallback()).contains(run_text.trim());
                    let quoted = report.activities.list.iter().any(|a| {
                        a.narrative.as_ref().is_some_and(theirs)
                            || a.next_steps
                                .as_deref()
                                .is_some_and(|n| n.contains(run_text.trim()))
                    }) || report.good_practices.iter().any(|g| theirs(&g.narrative));
                    assert!(quoted, "{kind:?} {lang}: {run_text:?} in {run_lang}");
                }
            }
            let core = part(&bytes, "docProps/core.xml");
            assert!(core.contains(&format!("<dc:language>{tag}</dc:language>")));
            assert!(
                core.contains(&seguimiento::outputs::documents::word::docx::esc(
                    report.meta.network.get(lang)
                ))
            );
            assert!(doc
                .paragraphs
                .iter()
                .any(|(s, _)| s.as_deref() == Some("Title")));
            // No layout text of the other language.
            let own = i18n::table(lang);
            let mine: String = doc
                .runs
                .iter()
                .filter(|(l, _)| l == tag)
                .map(|(_, t)| t.as_str())
                .collect();
            for (key, theirs) in i18n::table(lang.fallback()) {
                let ours = own.get(key).map(String::as_str).unwrap_or_default();
                if key.starts_with("doc.")
                    && theirs.len() >= 14
                    && !theirs.contains('{')
                    && theirs != ours
                    && !ours.contains(theirs.as_str())
                {
                    assert!(
                        !mine.contains(theirs.as_str()),
                        "{kind:?} {lang}: {key} in the other language"
                    );
                }
            }
        }
    }
}

/// One next-steps column serves every language: the words of an agency that wrote its
/// description in one language only are quoted in that language, and labelled, in the others.
#[test]
fn next_steps_in_another_language_are_quoted_as_such() {
    let report = sample_report();
    for lang in [Lang::Es, Lang::En] {
        let doc = read(&part(
            &docx(&report, DocKind::ProgressReport, lang),
            "word/document.xml",
        ));
        let quoted: Vec<_> = report
            .activities
            .list
            .iter()
            .filter_map(|a| Some((a, a.next_steps.as_deref()?, a.next_steps_in?)))
            .filter(|(_, _, from)| *from != lang)
            .collect();
        // The sample's agencies fill in Spanish forms, so their next steps are Spanish, also
        // where an agency wrote its description in English as well (known then by the
        // language of the sheet's headers).
        assert_eq!(quoted.is_empty(), lang == Lang::Es, "{lang}: {quoted:?}");
        if lang == Lang::En {
            assert!(
                quoted
                    .iter()
                    .any(|(a, _, _)| !a.narrative_fallback.contains_key(&lang)),
                "no English description beside Spanish next steps"
            );
        }
        for (_, next, from) in quoted {
            let runs: String = doc
                .runs
                .iter()
                .filter(|(l, _)| l == from.row().typst)
                .map(|(_, t)| t.as_str())
                .collect();
            assert!(
                squash(&runs).contains(&squash(next)),
                "{lang}: {next:?} not quoted in {from}"
            );
            let label = i18n::tr(lang, &format!("doc.fallback.{from}"), &[]);
            assert!(doc.text().contains(&label), "{lang}: no {label:?}");
        }
    }
}

#[test]
fn the_sample_mark_is_on_the_cover_and_every_page() {
    let report = sample_report();
    assert!(
        report.meta.sample,
        "the sample's settings say sample = true"
    );
    let bytes = docx(&report, DocKind::PledgeSummary, Lang::Es);
    let band = i18n::tr(Lang::Es, "doc.sample.band", &[]);
    let doc = read(&part(&bytes, "word/document.xml"));
    assert!(doc
        .paragraphs
        .iter()
        .any(|(s, t)| s.as_deref() == Some("SampleMark") && *t == band));
    assert!(part(&bytes, "word/header1.xml").contains(&band));
}

#[test]
fn agency_text_reaches_the_xml_as_text_never_as_markup() {
    let mut report = sample_report();
    let hostile =
        "</w:t></w:r><w:r><w:t>x</w:t> & <script> \u{0001}\u{000B}]]> #read(\"/etc/passwd\")";
    let a = &mut report.activities.list[0];
    a.status = ActivityStatus(Some(Status::InProgress));
    a.narrative = Some(Text::same(hostile));
    a.title = Text::same(format!("{} {hostile}", a.title.get(Lang::Es)));
    for lang in Lang::RUN_DEFAULT {
        let doc = read(&part(
            &docx(&report, DocKind::ProgressReport, lang),
            "word/document.xml",
        ));
        let printed = "</w:t></w:r><w:r><w:t>x</w:t> & <script> ]]> #read(\"/etc/passwd\")";
        assert!(
            doc.text().contains(printed),
            "{lang}: the text was not printed as written"
        );
    }
}

#[test]
fn same_inputs_give_the_same_docx_bytes() {
    let a = docx(&sample_report(), DocKind::ProgressReport, Lang::En);
    let b = docx(&sample_report(), DocKind::ProgressReport, Lang::En);
    assert!(a == b, "two renders differ");
}

#[test]
fn a_reference_document_in_the_templates_folder_gives_its_styles() {
    let dir = tempfile::tempdir().unwrap();
    let mut styles = part(&word::reference(None).unwrap(), "word/styles.xml");
    styles = styles.replace("1A4E8A", "7F0000");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/styles.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, styles.as_bytes()).unwrap();
    let custom = zip.finish().unwrap().into_inner();
    std::fs::write(dir.path().join("reference.docx"), custom).unwrap();

    let report = sample_report();
    let templates = documents::templates(Some(dir.path())).unwrap();
    let reference = word::reference(Some(dir.path())).unwrap();
    let bytes = word::render(
        &templates,
        &reference,
        DocKind::RegionalReview,
        Lang::En,
        &report,
    )
    .unwrap()
    .bytes;
    assert!(part(&bytes, "word/styles.xml").contains("7F0000"));
    // Not a reference document at all: an error naming it, not a broken file.
    std::fs::write(dir.path().join("reference.docx"), b"not a zip").unwrap();
    let reference = word::reference(Some(dir.path())).unwrap();
    assert!(word::render(
        &templates,
        &reference,
        DocKind::RegionalReview,
        Lang::En,
        &report
    )
    .is_err());
}

/// Converts each Word version to PDF with LibreOffice, where it is installed: a file Word's
/// rival cannot open fails here. Passes with a message on a machine without it.
#[test]
fn libreoffice_converts_every_word_version_without_an_error() {
    let Ok(soffice) = which("soffice") else {
        eprintln!("skipped: soffice (LibreOffice) is not installed");
        return;
    };
    let report = sample_report();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for kind in DOCUMENTS {
        for lang in Lang::RUN_DEFAULT {
            let path = dir.path().join(format!("{}-{lang}.docx", kind.as_str()));
            std::fs::write(&path, docx(&report, kind, lang)).unwrap();
            files.push(path);
        }
    }
    let profile = dir.path().join("profile");
    let status = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .args(&files)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    for file in files {
        let pdf = std::fs::read(file.with_extension("pdf")).unwrap_or_default();
        assert!(
            pdf.starts_with(b"%PDF-") && pdf.len() > 20_000,
            "{} did not convert",
            file.display()
        );
    }
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(program))
        .find(|p| p.is_file())
        .ok_or(())
}
