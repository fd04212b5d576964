//! The secretariat's narrative (docs/inputs.md, "The secretariat's narrative"): a quarter's
//! text written in Word (saved by LibreOffice) and in Markdown reaches every document in its
//! language, in the PDF and in the Word version, as data; what it cannot carry is a finding;
//! without it the documents are as before.

use std::io::Read as _;
use std::path::Path;

use seguimiento::findings::{Code, Finding};
use seguimiento::i18n::Lang;
use seguimiento::outputs::documents::{self, word, DocKind, DOCUMENTS};
use seguimiento::report::ReportData;

use crate::common;

/// The sample inputs with the fixture's narrative for 2024-Q2 in place of the sample's (or
/// none).
fn inputs(narrative: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join("inputs"), dir.path());
    // The sample's own narrative gives way to the fixture's, or to none.
    std::fs::remove_dir_all(dir.path().join("narrative")).unwrap();
    if narrative {
        let to = dir.path().join("narrative/2024-Q2");
        common::copy_tree(&common::root().join("tests/fixtures/narrative"), &to);
        std::fs::remove_file(to.join("README.md")).unwrap();
        std::fs::remove_dir_all(to.join("writer")).unwrap();
    }
    dir
}

fn check(inputs: &Path) -> seguimiento::Checked {
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs, out.path(), "2024-06-30");
    seguimiento::check(&config).unwrap()
}

fn pdf_text(report: &ReportData, kind: DocKind, lang: Lang) -> String {
    let templates = documents::templates(None).unwrap();
    let doc = documents::render(&templates, kind, lang, report).unwrap();
    documents::plain_text(&doc.document).join("\n")
}

fn docx_part(report: &ReportData, kind: DocKind, lang: Lang, part: &str) -> String {
    let templates = documents::templates(None).unwrap();
    let reference = word::reference(None).unwrap();
    let bytes = word::render(&templates, &reference, kind, lang, report)
        .unwrap()
        .bytes;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut out).unwrap();
    out
}

fn of(findings: &[Finding], code: Code) -> Vec<&Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

#[test]
fn the_narrative_reaches_every_document_in_its_language_as_data() {
    let dir = inputs(true);
    let checked = check(dir.path());
    let report = &checked.report;

    // (document, a sentence of the Spanish narrative, one of the English)
    let expected = [
        (
            DocKind::ProgressReport,
            vec![
                "la mayoría de sus prioridades",
                "#read(\"/etc/passwd\")",
                "Reunión de la Red en agosto",
                "Desafíos y próximos pasos",
            ],
            vec![
                "most of its priorities",
                "Progress on B1 depends",
                "Network meeting in August",
                "Challenges and next steps",
            ],
        ),
        (
            DocKind::PledgeSummary,
            vec!["Los compromisos avanzan"],
            vec!["Pledges are moving"],
        ),
        (
            DocKind::RegionalReview,
            vec![
                "La Red presenta su aporte",
                "Comentario sobre la mesa redonda 1",
                "Comentario sobre el objetivo 2",
                "Reforzar la cooperación regional",
                "Desafíos y recomendaciones",
            ],
            vec![
                "The Network presents its input",
                "Commentary on round table 1",
                "Commentary on objective 2",
                "Strengthen regional cooperation",
                "Challenges and recommendations",
            ],
        ),
    ];
    for (kind, es, en) in &expected {
        for (lang, mine, theirs) in [(Lang::Es, es, en), (Lang::En, en, es)] {
            let pdf = pdf_text(report, *kind, lang);
            let docx = docx_part(report, *kind, lang, "word/document.xml");
            for sentence in mine.iter() {
                let flat = pdf.replace('\n', " ");
                assert!(
                    flat.contains(sentence),
                    "{kind:?} {lang} PDF lacks «{sentence}»"
                );
                let xml = sentence.replace('"', "&quot;");
                assert!(
                    docx.contains(sentence) || docx.contains(&xml),
                    "{kind:?} {lang} .docx lacks «{sentence}»"
                );
            }
            for sentence in theirs.iter() {
                assert!(
                    !pdf.replace('\n', " ").contains(sentence),
                    "{kind:?} {lang} PDF holds «{sentence}»"
                );
                assert!(
                    !docx.contains(sentence),
                    "{kind:?} {lang} .docx holds «{sentence}»"
                );
            }
        }
    }

    // The Word narrative's formatting and links survive; the `file:` link does not.
    let docx = docx_part(
        report,
        DocKind::ProgressReport,
        Lang::Es,
        "word/document.xml",
    );
    let rels = docx_part(
        report,
        DocKind::ProgressReport,
        Lang::Es,
        "word/_rels/document.xml.rels",
    );
    assert!(rels.contains("https://www.migrationnetwork.un.org/"));
    assert!(rels.contains("mailto:red@example.org"));
    assert!(!rels.contains("file:"));
    let bold = docx
        .split("<w:r>")
        .any(|run| run.contains("<w:b/>") && run.contains("la mayoría de sus prioridades"));
    assert!(bold, "the bold run stays bold");

    // What the Word file held that a narrative does not carry is named.
    let left = of(&checked.findings, Code::NarrativeLeftOut);
    assert_eq!(left.len(), 1, "{left:?}");
    let message = left[0].message.get(Lang::En);
    assert_eq!(
        left[0].location.file.as_deref(),
        Some("narrative/2024-Q2/progress-report-es.docx")
    );
    for what in ["pictures (1)", "tables (1)", "links that are not"] {
        assert!(message.contains(what), "{message}");
    }
    assert!(of(&checked.findings, Code::NarrativeMissing).is_empty());
    assert!(of(&checked.findings, Code::NarrativeUnknownHeading).is_empty());
    assert!(of(&checked.findings, Code::NarrativeOneLanguage).is_empty());

    // The files are inputs of the run.
    let out = tempfile::tempdir().unwrap();
    let config = common::config(dir.path(), out.path(), "2024-06-30");
    let listed: Vec<String> = seguimiento::record::inputs(&config, &checked)
        .iter()
        .filter(|i| i["kind"] == "narrative")
        .map(|i| i["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed.len(), 6, "{listed:?}");
    assert!(listed.contains(&"narrative/2024-Q2/progress-report-es.docx".to_string()));
}

#[test]
fn without_a_narrative_the_documents_are_as_before_and_each_has_a_note() {
    let dir = inputs(false);
    let checked = check(dir.path());
    let missing = of(&checked.findings, Code::NarrativeMissing);
    assert_eq!(missing.len(), DOCUMENTS.len());
    // One id each, none a counter of another: each is about its own document.
    assert!(missing.iter().all(|f| !f.id.contains('-')), "{missing:?}");
    assert!(missing[0]
        .message
        .get(Lang::Es)
        .contains("narrative/2024-Q2/"));
    for lang in [Lang::Es, Lang::En] {
        let pdf = pdf_text(&checked.report, DocKind::ProgressReport, lang);
        for heading in [
            "Mensajes clave",
            "Key messages",
            "Desafíos y",
            "Challenges and",
        ] {
            assert!(!pdf.contains(heading), "{lang}: an empty «{heading}»");
        }
    }
}

#[test]
fn a_section_in_one_language_and_broken_files_are_findings_and_the_run_goes_on() {
    let dir = inputs(true);
    let folder = dir.path().join("narrative/2024-Q2");
    // The English progress report loses its challenges; the Spanish pledge summary is a file
    // that starts as a password-protected Word package does; the review is also in `.doc`.
    let en = std::fs::read_to_string(folder.join("progress-report-en.md")).unwrap();
    let cut = en.split("## Challenges").next().unwrap().to_string()
        + "## Next steps\n\n1. Network meeting in August.\n";
    std::fs::write(folder.join("progress-report-en.md"), cut).unwrap();
    std::fs::remove_file(folder.join("pledge-summary-es.md")).unwrap();
    // The container Word wraps a password-protected package in, with its EncryptionInfo
    // stream named in the directory (as UTF-16).
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(1024, 0);
    cfb.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    cfb.resize(4096, 0);
    std::fs::write(folder.join("pledge-summary-es.docx"), cfb).unwrap();
    std::fs::write(folder.join("regional-review-fr.doc"), b"old").unwrap();

    let checked = check(dir.path());
    let one = of(&checked.findings, Code::NarrativeOneLanguage);
    assert_eq!(one.len(), 2, "{one:?}"); // the challenges, and the pledge summary's key messages
    assert!(one
        .iter()
        .any(|f| f.message.get(Lang::Es).contains("«Desafíos»")));
    let unreadable: Vec<&Finding> = of(&checked.findings, Code::UnreadableFile)
        .into_iter()
        .filter(|f| f.location.file.as_deref() == Some("narrative/2024-Q2/pledge-summary-es.docx"))
        .collect();
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0].reason, Some("reason.encrypted"));
    assert_eq!(of(&checked.findings, Code::NarrativeOldFormat).len(), 1);
    // The Spanish document leaves the challenges the English one lacks; the English one goes
    // without them, and nothing of one language is in the other.
    let es = pdf_text(&checked.report, DocKind::ProgressReport, Lang::Es);
    let en = pdf_text(&checked.report, DocKind::ProgressReport, Lang::En);
    assert!(es.contains("sigue pendiente"));
    assert!(!en.contains("still pending") && !en.contains("sigue pendiente"));
    assert!(en.contains("Network meeting in August"));
}

#[test]
fn a_narrative_over_the_size_limit_is_a_finding() {
    let dir = inputs(true);
    let big = "## Key messages\n\n".to_string() + &"Lorem ipsum dolor sit amet. ".repeat(80_000);
    std::fs::write(
        dir.path().join("narrative/2024-Q2/pledge-summary-en.md"),
        big,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("seguimiento.toml"),
        std::fs::read_to_string(dir.path().join("seguimiento.toml")).unwrap()
            + "\n[limits]\nmax_file_bytes = 1000000\n",
    )
    .unwrap();
    let checked = check(dir.path());
    let f: Vec<&Finding> = of(&checked.findings, Code::UnreadableFile)
        .into_iter()
        .filter(|f| f.location.file.as_deref() == Some("narrative/2024-Q2/pledge-summary-en.md"))
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].reason, Some("reason.too-large"));
}

#[test]
fn two_files_for_one_document_and_language_are_both_set_aside() {
    let dir = inputs(true);
    let folder = dir.path().join("narrative/2024-Q2");
    std::fs::write(
        folder.join("pledge-summary-en.docx"),
        std::fs::read(folder.join("progress-report-es.docx")).unwrap(),
    )
    .unwrap();
    let checked = check(dir.path());
    let twice = of(&checked.findings, Code::NarrativeDuplicate);
    assert_eq!(twice.len(), 2, "one on each file");
    assert!(twice[0]
        .message
        .get(Lang::En)
        .contains("pledge-summary-en.md"));
    let en = pdf_text(&checked.report, DocKind::PledgeSummary, Lang::En);
    assert!(!en.contains("Pledges are moving"), "neither file is used");
    assert!(!en.contains("La Red avanzó"));
}

#[test]
fn a_narrative_saved_by_writer_reads_as_its_word_version() {
    let dir = inputs(true);
    let folder = dir.path().join("narrative/2024-Q2");
    std::fs::remove_file(folder.join("progress-report-es.docx")).unwrap();
    std::fs::copy(
        common::root().join("tests/fixtures/narrative/writer/progress-report-es.odt"),
        folder.join("progress-report-es.odt"),
    )
    .unwrap();
    let checked = check(dir.path());
    let pdf = pdf_text(&checked.report, DocKind::ProgressReport, Lang::Es).replace('\n', " ");
    for sentence in [
        "la mayoría de sus prioridades",
        "Reunión de la Red en agosto",
    ] {
        assert!(pdf.contains(sentence), "«{sentence}»");
    }
    assert!(of(&checked.findings, Code::NarrativeOneLanguage).is_empty());
}

#[test]
fn the_sample_carries_a_narrative_in_every_language() {
    let checked = check(&common::root().join("inputs"));
    let codes: Vec<Code> = checked.findings.iter().map(|f| f.code).collect();
    assert!(
        !codes.iter().any(|c| c.as_str().starts_with("narrative-")),
        "{codes:?}"
    );
    let docs = &checked.report.narrative.documents;
    assert_eq!(docs.len(), DOCUMENTS.len());
    for sections in docs.values() {
        for versions in sections.values() {
            assert_eq!(
                versions.len(),
                seguimiento::i18n::Lang::ALL.len(),
                "each section in every language"
            );
        }
    }
}

// ---------------------------------------------------------------- drafts (`seguimiento narrative`)

use seguimiento::outputs::narrative::write::Format;
use seguimiento::report::facts;

/// Writes the drafts of 2024-Q2 into `inputs` in `format`.
fn write_drafts(inputs: &Path, format: Format) {
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs, out.path(), "2024-06-30");
    let terminal = seguimiento::cmd::Terminal::plain();
    assert_eq!(
        seguimiento::cmd::narrative::run(&config, format, &terminal).unwrap(),
        0
    );
}

/// The file names in the quarter's narrative folder, sorted.
fn drafts_in(inputs: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(inputs.join("narrative/2024-Q2"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every section key a document takes for the sample's plan and quarter.
fn sections_expected(report: &ReportData, document: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    match document {
        "progress-report" => {
            keys.extend(["key-messages", "challenges", "next-steps"].map(String::from));
            keys.extend(
                report
                    .priorities
                    .iter()
                    .map(|p| format!("priority:{}", p.code)),
            );
        }
        "pledge-summary" => keys.push("key-messages".into()),
        _ => {
            keys.extend(["introduction", "challenges", "recommendations"].map(String::from));
            let tables = facts::round_tables(report);
            assert!(!tables.is_empty(), "the sample groups by round table");
            keys.extend(tables.iter().map(|(n, _)| format!("round-table:{n}")));
        }
    }
    keys.sort();
    keys
}

#[test]
fn drafts_put_back_unchanged_fill_every_section_with_no_finding() {
    for (format, ext) in [(Format::Docx, "docx"), (Format::Markdown, "md")] {
        let dir = inputs(false);
        write_drafts(dir.path(), format);
        let expected: Vec<String> = ["pledge-summary", "progress-report", "regional-review"]
            .iter()
            .flat_map(|d| ["en", "es"].map(|l| format!("{d}-{l}.{ext}")))
            .collect();
        assert_eq!(drafts_in(dir.path()), expected);

        let checked = check(dir.path());
        let about_narrative: Vec<&Finding> = checked
            .findings
            .iter()
            .filter(|f| {
                f.code.as_str().starts_with("narrative-")
                    || f.location
                        .file
                        .as_deref()
                        .is_some_and(|p| p.starts_with("narrative/"))
            })
            .collect();
        assert!(about_narrative.is_empty(), "{ext}: {about_narrative:?}");

        let report = &checked.report;
        let narrative = &report.narrative.documents;
        for document in seguimiento::narrative::DOCUMENTS {
            let sections = &narrative[*document];
            let mut keys: Vec<String> = sections.keys().cloned().collect();
            keys.sort();
            assert_eq!(
                keys,
                sections_expected(report, document),
                "{ext} {document}"
            );
            for (key, versions) in sections {
                for lang in ["es", "en"] {
                    let prose = &versions[lang];
                    assert!(!prose.is_empty(), "{ext} {document} {key} {lang}");
                }
            }
        }
        // The facts are the run's figures, in each language's words and nowhere else.
        let key_messages = |lang: &str| -> String {
            narrative["progress-report"]["key-messages"][lang]
                .iter()
                .flat_map(|p| p.runs.iter().map(|r| r.text.clone()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let total = report.activities.total;
        let (es, en) = (key_messages("es"), key_messages("en"));
        assert!(es.starts_with("Al 30 de junio de 2024"), "{es}");
        assert!(es.contains(&format!("{total} actividades")), "{es}");
        assert!(en.starts_with("As of 30 June 2024"), "{en}");
        assert!(en.contains(&format!("{total} activities")), "{en}");
        assert!(!en.contains("actividades") && !es.contains("activities"));
        // Every figure a draft records has a name in each language.
        for document in seguimiento::narrative::DOCUMENTS {
            for (name, _) in facts::figures(report, document) {
                assert_ne!(facts::label(Lang::Es, &name), name, "{document}: {name}");
                let en = facts::label(Lang::En, &name);
                assert!(!en.contains(['.', '-']), "{document}: {name}: {en}");
            }
        }
        // And they reach the documents.
        let pdf = pdf_text(report, DocKind::ProgressReport, Lang::En);
        let first = &narrative["progress-report"]["key-messages"]["en"][0].runs[0].text;
        assert!(
            pdf.replace('\n', " ").contains(&first[..40]),
            "{ext}: {first}"
        );
    }
}

#[test]
fn drafts_are_the_same_bytes_and_never_written_over_a_file() {
    let (a, b) = (inputs(false), inputs(false));
    let own = "# Mensajes clave\n\nEl texto de la secretaría.\n";
    let folder = a.path().join("narrative/2024-Q2");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("progress-report-es.md"), own).unwrap();
    write_drafts(a.path(), Format::Docx);
    write_drafts(b.path(), Format::Docx);
    // The secretariat's file stays, and no Word draft is made beside it.
    assert_eq!(
        std::fs::read_to_string(folder.join("progress-report-es.md")).unwrap(),
        own
    );
    let names = drafts_in(a.path());
    assert!(!names.contains(&"progress-report-es.docx".to_string()));
    assert_eq!(names.len(), 6);
    for name in names.iter().filter(|n| n.ends_with(".docx")) {
        let read = |d: &Path| std::fs::read(d.join("narrative/2024-Q2").join(name)).unwrap();
        assert_eq!(read(a.path()), read(b.path()), "{name}");
    }
    // Run again: nothing is written over.
    let before: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(folder.join(n)).unwrap())
        .collect();
    write_drafts(a.path(), Format::Markdown);
    assert_eq!(drafts_in(a.path()), names);
    let after: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(folder.join(n)).unwrap())
        .collect();
    assert!(before == after);
}

/// Rewrites the entry `part` of a zip package with `edit` applied to its text.
fn edit_zip(path: &Path, part: &str, edit: impl Fn(&str) -> String) {
    use std::io::Write as _;
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == part {
            data = edit(std::str::from_utf8(&data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn a_figure_that_changed_since_the_draft_was_written_is_a_warning_naming_it() {
    let dir = inputs(false);
    write_drafts(dir.path(), Format::Docx);
    let folder = dir.path().join("narrative/2024-Q2");
    let total = check(dir.path()).report.activities.total;
    // As if written when the plan had one activity fewer, and nothing was overdue.
    edit_zip(
        &folder.join("progress-report-en.docx"),
        "docProps/custom.xml",
        |xml| {
            let xml = xml.replacen(
                &format!(">activities={total};"),
                &format!(">activities={};", total - 1),
                1,
            );
            let at = xml.find("; overdue=").unwrap() + "; overdue=".len();
            let end = at + xml[at..].find(';').unwrap();
            format!("{}{}", &xml[..at], &xml[end..])
        },
    );
    // In Markdown too, the comment line.
    let md = folder.join("pledge-summary-es.docx");
    std::fs::remove_file(&md).unwrap();
    write_drafts(dir.path(), Format::Markdown);
    let md = folder.join("pledge-summary-es.md");
    let text = std::fs::read_to_string(&md).unwrap();
    let text = text.replacen("; new=", "; new=99; ignored=", 1);
    std::fs::write(&md, text).unwrap();

    let checked = check(dir.path());
    let changed = of(&checked.findings, Code::NarrativeFiguresChanged);
    assert_eq!(changed.len(), 2, "{changed:?}");
    let word = changed
        .iter()
        .find(|f| f.location.file.as_deref() == Some("narrative/2024-Q2/progress-report-en.docx"))
        .expect("the Word draft");
    let es = word.message.get(Lang::Es);
    assert!(
        es.contains(&format!("actividades del plan {} → {total}", total - 1)),
        "{es}"
    );
    assert!(es.contains("actividades vencidas — → "), "{es}");
    assert!(es.contains("Propiedades avanzadas"), "{es}");
    let md = changed
        .iter()
        .find(|f| f.location.file.as_deref() == Some("narrative/2024-Q2/pledge-summary-es.md"))
        .expect("the Markdown draft");
    let en = md.message.get(Lang::En);
    assert!(en.contains("new pledges 99 → "), "{en}");
    assert!(en.contains("<!-- seguimiento-figures: … -->"), "{en}");
    // The text is still used: a warning, not a refusal.
    assert!(!checked.report.narrative.documents["pledge-summary"].is_empty());
}
