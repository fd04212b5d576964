//! Typesets each document in both languages from the sample's ReportData and reads the
//! laid-out text back.

use crate::common;

use seguimiento::i18n::{Lang, Text};
use seguimiento::model::{ActivityStatus, Status};
use seguimiento::outputs::documents::{self, DocKind, DOCUMENTS};
use seguimiento::report::ReportData;

fn sample_report() -> ReportData {
    let inputs = common::root().join("inputs");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(&inputs, out.path(), "2024-06-30");
    seguimiento::check(&config).unwrap().report
}

fn text_of(report: &ReportData, kind: DocKind, lang: Lang) -> (String, Vec<u8>) {
    let templates = documents::templates(None).unwrap();
    let doc = documents::render(&templates, kind, lang, report).unwrap();
    (documents::plain_text(&doc.document).join("\n"), doc.pdf)
}

/// Typst may break text into several runs; compare without white space.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn progress_report_names_every_activity_and_figure_in_both_languages() {
    let report = sample_report();
    for lang in Lang::ALL {
        let (text, pdf) = text_of(&report, DocKind::ProgressReport, lang);
        let text = squash(&text);
        assert!(pdf.starts_with(b"%PDF-"));
        for a in &report.activities.list {
            assert!(text.contains(&a.code), "{lang}: {} missing", a.code);
        }
        let title = squash(&seguimiento::i18n::tr(lang, "doc.progress.title", &[]));
        assert!(text.contains(&title), "{lang}: title {title} missing");
        let completed =
            report.activities.by_status[&ActivityStatus::from(Status::Completed)].to_string();
        assert!(text.contains(&completed));
        let period = squash(report.meta.period_text.get(lang));
        assert!(text.contains(&period), "{lang}: period {period} missing");
    }
}

#[test]
fn every_document_typesets_in_both_languages() {
    let report = sample_report();
    for kind in DOCUMENTS {
        for lang in Lang::ALL {
            let (text, _) = text_of(&report, kind, lang);
            assert!(text.len() > 500, "{kind:?} {lang} is nearly empty");
        }
    }
    let (text, _) = text_of(&report, DocKind::PledgeSummary, Lang::En);
    assert!(squash(&text).contains(&report.pledges.total.to_string()));
}

#[test]
fn cell_text_prints_literally_never_as_markup() {
    let mut report = sample_report();
    let hostile = r#"#read("/etc/passwd") ] $x$ *bold* @x <y> \ #set page(width: 1pt)"#;
    let a = &mut report.activities.list[0];
    a.status = ActivityStatus(Some(Status::InProgress));
    a.narrative = Some(Text::same(hostile));
    a.title = Text::same(format!("{} {hostile}", a.title.get(Lang::Es)));
    for lang in Lang::ALL {
        let (text, _) = text_of(&report, DocKind::ProgressReport, lang);
        assert!(
            squash(&text).contains(&squash(r#"#read("/etc/passwd")]$x$*bold*@x<y>\"#)),
            "{lang}: hostile text was not printed as written"
        );
        assert!(!text.contains("root:x:0:0"));
    }
}

#[test]
fn same_inputs_give_the_same_bytes() {
    let report = sample_report();
    let (_, a) = text_of(&report, DocKind::RegionalReview, Lang::Es);
    let report2 = sample_report();
    let (_, b) = text_of(&report2, DocKind::RegionalReview, Lang::Es);
    assert!(a == b, "two renders differ");
}

#[test]
fn documents_are_typeset_side_by_side_only_while_they_are_small() {
    // The sample's data is some 150 KB: all six at once. At 100,000 reports it is 4.5 MB,
    // and each document's layout takes some 180 MB: one at a time.
    assert_eq!(seguimiento::outputs::documents::side_by_side(150_000), 6);
    assert_eq!(seguimiento::outputs::documents::side_by_side(4_500_000), 1);
    assert!(seguimiento::outputs::documents::side_by_side(usize::MAX / 64) >= 1);
}
