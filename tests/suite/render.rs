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
    for lang in Lang::RUN_DEFAULT {
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
        for lang in Lang::RUN_DEFAULT {
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
    for lang in Lang::RUN_DEFAULT {
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

/// The sample's report with the `[review]` settings replaced by `review`.
fn report_with_review(review: seguimiento::config::Review) -> ReportData {
    let inputs = common::root().join("inputs");
    let out = tempfile::tempdir().unwrap();
    let mut config = common::config(&inputs, out.path(), "2024-06-30");
    config.settings.review = review;
    seguimiento::check(&config).unwrap().report
}

#[test]
fn the_regional_review_heads_every_objective_grouped_by_round_table_or_not() {
    for grouped in [true, false] {
        let report = report_with_review(seguimiento::config::Review {
            group_by_round_table: grouped,
            ..Default::default()
        });
        for lang in Lang::RUN_DEFAULT {
            // Typesetting refuses a document whose headings skip a level (PDF/UA-1): this
            // typesets with the objectives under the section or under their round tables.
            let (text, _) = text_of(&report, DocKind::RegionalReview, lang);
            let text = squash(&text);
            let objective = seguimiento::i18n::tr(lang, "doc.objective", &[]);
            for o in &report.objectives {
                let heading = squash(&format!("{objective} {}. {}", o.number, o.short.get(lang)));
                assert!(text.contains(&heading), "{lang} {grouped}: {heading}");
            }
            let round_table = squash(&seguimiento::i18n::tr(lang, "doc.round-table", &[]));
            for n in 1..=4 {
                assert_eq!(
                    text.contains(&format!("{round_table}{n}")),
                    grouped,
                    "{lang}: round table {n} with grouping {grouped}"
                );
            }
        }
    }
}

#[test]
fn the_regional_review_shows_the_cycle_meeting_and_place_it_is_given_and_no_empty_label() {
    use typst::model::Document as _;
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let cycle = Text::of(&[
        (Lang::Es, "Revisiones Regionales 2024"),
        (Lang::En, "Regional Reviews 2024"),
    ]);
    let place = Text::of(&[
        (Lang::Es, "Santiago de Chile"),
        (Lang::En, "Santiago, Chile"),
    ]);
    let full = seguimiento::config::Review {
        cycle: cycle.clone(),
        meeting_start: date("2025-03-18"),
        meeting_end: date("2025-03-20"),
        place: place.clone(),
        group_by_round_table: true,
    };
    let place_only = seguimiento::config::Review {
        place: place.clone(),
        ..Default::default()
    };
    let days = seguimiento::i18n::format_date_range(
        Lang::Es,
        date("2025-03-18").unwrap(),
        date("2025-03-20").unwrap(),
    );
    let both = squash(&format!("{days}, Santiago de Chile"));
    let expected = [
        (full, Some(both.as_str()), true),
        (place_only, Some("SantiagodeChile"), false),
        (Default::default(), None, false),
    ];
    for (review, meeting_es, has_cycle) in expected {
        let report = report_with_review(review);
        let templates = documents::templates(None).unwrap();
        let doc =
            documents::render(&templates, DocKind::RegionalReview, Lang::Es, &report).unwrap();
        let text = squash(&documents::plain_text(&doc.document).join("\n"));
        let label = |key: &str| squash(&seguimiento::i18n::tr(Lang::Es, key, &[]));
        assert_eq!(
            text.contains(&label("doc.review.cycle")),
            has_cycle,
            "{text}"
        );
        assert_eq!(text.contains(&squash(cycle.get(Lang::Es))), has_cycle);
        match meeting_es {
            Some(m) => assert!(text.contains(m), "meeting {m} missing"),
            None => assert!(!text.contains(&label("doc.review.meeting"))),
        }
        let keywords = &doc.document.info().keywords;
        assert!(
            keywords.iter().all(|k| !k.trim().is_empty()),
            "{keywords:?}"
        );
        assert_eq!(
            keywords.iter().any(|k| k.as_str() == cycle.get(Lang::Es)),
            has_cycle,
            "{keywords:?}"
        );
    }
}

/// Whether the squashed text shows `value` before the label of string key `key`, as a figure
/// card lays them out (a share may stand between them: `14 53,8 % completadas`).
fn card(text: &str, lang: Lang, value: impl std::fmt::Display, key: &str) -> bool {
    let label = squash(&seguimiento::i18n::tr(lang, key, &[]));
    let value = value.to_string();
    text.match_indices(&label).any(|(at, _)| {
        let before = &text[..at];
        let start = before.char_indices().rev().nth(12).map_or(0, |(i, _)| i);
        let near = &before[start..];
        near.find(&value).is_some_and(|i| {
            // The value is the card's, not the tail of a longer number.
            let prev = near[..i].chars().last();
            !prev.is_some_and(|c| c.is_ascii_digit())
                && near[i + value.len()..].chars().all(|c| !c.is_alphabetic())
        })
    })
}

#[test]
fn the_progress_report_labels_each_headline_figure_with_its_value() {
    let report = sample_report();
    let a = &report.activities;
    let completed = a.by_status[&ActivityStatus::from(Status::Completed)];
    let never = a.by_status[&ActivityStatus(None)];
    let f = &report.findings.counts;
    for lang in Lang::RUN_DEFAULT {
        let (text, _) = text_of(&report, DocKind::ProgressReport, lang);
        let text = squash(&text);
        let cards = [
            (a.total, "doc.card.activities"),
            (completed, "doc.card.completed"),
            (a.overdue.len(), "doc.card.overdue"),
            (a.missing_reports.len(), "doc.card.missing-reports"),
            (never, "doc.card.not-reported"),
            (f.error, "doc.quality.errors"),
            (f.warning, "doc.quality.warnings"),
            (f.info, "doc.quality.infos"),
            (report.inputs.len(), "doc.quality.files"),
        ];
        for (value, key) in cards {
            assert!(
                card(&text, lang, value, key),
                "{lang}: {key} is not {value}"
            );
        }
    }
}

#[test]
fn the_pledge_summary_labels_each_headline_figure_with_its_value() {
    let report = sample_report();
    let p = &report.pledges;
    for lang in Lang::RUN_DEFAULT {
        let (text, _) = text_of(&report, DocKind::PledgeSummary, lang);
        let text = squash(&text);
        let cards = [
            (p.total, "doc.card.pledges"),
            (p.updated_this_quarter, "doc.card.updated"),
            (p.not_updated, "doc.card.not-updated"),
            (p.changed, "doc.card.changed"),
            (p.new_this_quarter, "doc.card.new"),
        ];
        for (value, key) in cards {
            assert!(
                card(&text, lang, value, key),
                "{lang}: {key} is not {value}"
            );
        }
    }
}

/// The report of the folder of tests/suite/figures.rs, whose figures are written by hand.
fn figures_report() -> ReportData {
    let inputs = common::root().join("tests/plans/figures");
    let out = tempfile::tempdir().unwrap();
    let config = common::config(&inputs, out.path(), "2024-06-30");
    seguimiento::check(&config).unwrap().report
}

/// Whether the squashed text holds `cells` one after the other, the last not followed by a
/// digit (so `2` is not the start of `25`).
fn row(text: &str, cells: &[&str]) -> bool {
    let joined: String = cells.iter().map(|c| squash(c)).collect();
    text.match_indices(&joined).any(|(at, m)| {
        !text[at + m.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

#[test]
fn the_pledge_summary_tables_show_the_figures_worked_out_by_hand() {
    // Three pledges, their figures written by hand in tests/suite/figures.rs's folder.
    let report = figures_report();
    for lang in Lang::RUN_DEFAULT {
        let (text, _) = text_of(&report, DocKind::PledgeSummary, lang);
        let text = squash(&text);
        let status = |key: &str| seguimiento::i18n::tr(lang, key, &[]);
        // By status: planning 0, in progress 2, fulfilled 1, withdrawn 0; total 3; each with
        // its share of the three.
        let pct = |p: f64| seguimiento::i18n::format_percent(lang, p);
        for (key, n, share) in [
            ("doc.pledge-status.planning", "0", 0.0),
            ("doc.pledge-status.in-progress", "2", 200.0 / 3.0),
            ("doc.pledge-status.fulfilled", "1", 100.0 / 3.0),
            ("doc.pledge-status.withdrawn", "0", 0.0),
            ("doc.total", "3", 100.0),
        ] {
            assert!(
                row(&text, &[&status(key), n, &pct(share)]),
                "{lang}: {key} {n}"
            );
        }
        // By country, most pledges first: Mexico 2, then Colombia and Peru 1 each.
        let name = |iso: &str| {
            seguimiento::reference::get()
                .country_by_iso(iso)
                .unwrap()
                .name
                .get(lang)
                .to_string()
        };
        // Transitions, previous status by current (planning, in progress, fulfilled,
        // withdrawn, total): LAC-1 planning → in progress, LAC-3 in progress → in progress.
        for (key, cells) in [
            ("doc.pledge-status.planning", ["0", "1", "0", "0", "1"]),
            ("doc.pledge-status.in-progress", ["0", "1", "0", "0", "1"]),
        ] {
            let label = status(key);
            let mut all = vec![label.as_str()];
            all.extend(cells);
            assert!(row(&text, &all), "{lang}: transitions from {key}");
        }
        // The rows follow one another, so they are read as one run of cells.
        let (mex, col, per) = (name("MEX"), name("COL"), name("PER"));
        let cells = [
            "1", &mex, "MEX", "2", "2", &col, "COL", "1", "3", &per, "PER", "1",
        ];
        assert!(row(&text, &cells), "{lang}: countries");
    }
}

#[test]
fn the_progress_report_highlights_show_the_figures_worked_out_by_hand() {
    let report = figures_report();
    for lang in Lang::RUN_DEFAULT {
        let (text, _) = text_of(&report, DocKind::ProgressReport, lang);
        let text = squash(&text);
        let label = |key: &str| format!("{}:", seguimiento::i18n::tr(lang, key, &[]));
        let share = seguimiento::i18n::format_percent(lang, 40.0);
        for cells in [
            vec![label("doc.highlight.completed-share"), share],
            vec![label("doc.highlight.overdue"), "A1.1".to_string()],
            vec![label("doc.highlight.missing-reports"), "A1.1".to_string()],
            vec![label("doc.highlight.missing-occurrences"), "0".to_string()],
            vec![label("doc.highlight.changed"), "A1.2,A1.4".to_string()],
        ] {
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            assert!(row(&text, &cells), "{lang}: {cells:?}");
        }
    }
}
