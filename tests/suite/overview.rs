//! The overview page (docs/outputs.md, "The overview page"): one self-contained HTML file per
//! language of the run, whose figures are the report's, whose findings beyond the cap are
//! counted and linked, whose text from the inputs stays text, and whose policy allows nothing
//! but its own style and script.

use std::path::Path;

use seguimiento::findings::Severity;
use seguimiento::i18n::Lang;
use seguimiento::outputs::overview::{self, Overview};
use seguimiento::outputs::staging::{OutputSet, Written};
use seguimiento::outputs::{write_each, Findings, OpenData, Run};
use seguimiento::record::manifest::Manifest;

use crate::common;

const AS_OF: &str = "2024-06-30";

/// The sample inputs, with `extra` files (path, bytes) added.
fn sample_with(extra: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join("inputs"), dir.path());
    for (path, bytes) in extra {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// A run of the findings, the open data, the page and the manifest over `inputs` (the
/// outputs the page lists without typesetting anything): the checked run, what was written,
/// and the outputs folder.
struct Pages {
    checked: seguimiento::Checked,
    written: Vec<Written>,
    out: tempfile::TempDir,
}

impl Pages {
    fn of(inputs: &Path) -> Pages {
        let out = tempfile::tempdir().unwrap();
        let config = common::config(inputs, out.path(), AS_OF);
        let checked = seguimiento::check(&config).unwrap();
        let run = Run {
            config: &config,
            checked: &checked,
            reopen: None,
        };
        let mut set = OutputSet::new(out.path(), &config.period()).unwrap();
        write_each(
            &[&Findings, &OpenData, &Overview, &Manifest],
            &run,
            &mut set,
            &seguimiento::progress::Silent,
        )
        .unwrap();
        let written = set.commit().unwrap();
        Pages {
            checked,
            written,
            out,
        }
    }

    fn page(&self, lang: Lang) -> String {
        let name = overview::file_name(lang, "2024-Q2");
        std::fs::read_to_string(self.out.path().join("2024-Q2").join(name)).unwrap()
    }
}

/// Returns the text between `open` (its first occurrence) and the next `close`.
fn between<'a>(s: &'a str, open: &str, close: &str) -> &'a str {
    let start = s.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    let end = s[start..].find(close).unwrap() + start;
    &s[start..end]
}

/// The CSP source of an inline element's content, as a browser computes it.
fn hash_of(content: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(content.as_bytes());
    // Standard base64 by hand, to check the page's own encoder against another.
    let table = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = String::new();
    for b in digest.iter() {
        bits.push_str(&format!("{b:08b}"));
    }
    while !bits.len().is_multiple_of(6) {
        bits.push('0');
    }
    let mut out: String = bits
        .as_bytes()
        .chunks(6)
        .map(|c| table[usize::from_str_radix(std::str::from_utf8(c).unwrap(), 2).unwrap()] as char)
        .collect();
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    format!("'sha256-{out}'")
}

#[test]
fn each_language_has_its_page_listing_every_file_with_a_policy_that_allows_only_its_own_style_and_script(
) {
    let pages = Pages::of(&common::root().join("inputs"));
    // In the manifest: one page per language, after the files it lists, before the manifest.
    let kinds: Vec<&str> = pages.written.iter().map(|w| w.kind.as_str()).collect();
    let first_page = kinds.iter().position(|k| *k == "overview").unwrap();
    assert!(kinds[..first_page].iter().all(|k| *k != "overview"));
    assert_eq!(&kinds[first_page..], ["overview", "overview", "manifest"]);
    let manifest = std::fs::read_to_string(pages.out.path().join("2024-Q2/manifest.json")).unwrap();
    assert_eq!(manifest.matches("\"kind\": \"overview\"").count(), 2);

    for lang in Lang::RUN_DEFAULT {
        let page = pages.page(lang);
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\""));
        assert!(page.contains(&format!("<html lang=\"{}\">", lang.code())));
        assert!(page.len() < 1_000_000, "{lang}: {} bytes", page.len());
        // One style, one script, both allowed by their hashes and nothing else.
        assert_eq!(page.matches("<style").count(), 1);
        assert_eq!(page.matches("<script").count(), 1);
        let style = between(&page, "<style>", "</style>");
        let script = between(&page, "<script>", "</script>");
        let csp = between(
            &page,
            "http-equiv=\"Content-Security-Policy\" content=\"",
            "\"",
        );
        assert_eq!(
            csp,
            format!(
                "default-src &#39;none&#39;; style-src {}; script-src {}; img-src data:; \
                 base-uri &#39;none&#39;; form-action &#39;none&#39;",
                hash_of(style).replace('\'', "&#39;"),
                hash_of(script).replace('\'', "&#39;")
            )
        );
        assert!(!page.contains(" style=\""), "{lang}: a style attribute");
        assert!(!page.contains("http://") && !page.contains("https://"));
        // Every section docs/outputs.md names, linked from the contents.
        for id in [
            "figures",
            "activities",
            "changes",
            "follow-up",
            "reporting",
            "pledges",
            "findings",
            "revisions",
            "files",
        ] {
            assert!(
                page.contains(&format!("<section id=\"{id}\"")),
                "{lang}: {id}"
            );
            assert!(
                page.contains(&format!("<a href=\"#{id}\">")),
                "{lang}: {id}"
            );
        }
        // On paper, the navigation and the filter are left off.
        let print = between(style, "@media print {", "\n}");
        assert!(print.contains(".skip, nav, .filter { display: none; }"));
        // The status colours come from the one palette.
        assert!(style.contains(".a-completed{background:#2A7F50;color:#FFFFFF"));
        // Every file written before it is linked relatively, the pages and the manifest too.
        for w in &pages.written {
            let name = w.path.strip_prefix("2024-Q2/").unwrap();
            let href = overview_href(name);
            assert!(page.contains(&format!("href=\"{href}\"")), "{lang}: {name}");
        }
        // The other language's page is offered.
        for other in Lang::RUN_DEFAULT.iter().filter(|&&o| o != lang) {
            let name = overview::file_name(*other, "2024-Q2");
            assert!(page.contains(&format!("href=\"{name}\" hreflang=\"{}\"", other.code())));
        }
    }
    // Same inputs, same bytes.
    let again = Pages::of(&common::root().join("inputs"));
    for lang in Lang::RUN_DEFAULT {
        assert!(
            pages.page(lang) == again.page(lang),
            "{lang}: two runs differ"
        );
    }
}

#[test]
fn a_style_and_script_of_the_templates_folder_replace_the_pages_own_and_are_allowed_by_their_hashes(
) {
    let inputs = sample_with(&[
        (
            "templates/overview/overview.css",
            b"body { color: #000; }\n".to_vec(),
        ),
        (
            "templates/overview/overview.js",
            b"document.title += \"!\";\n".to_vec(),
        ),
    ]);
    let pages = Pages::of(inputs.path());
    let page = pages.page(Lang::En);
    let style = between(&page, "<style>", "</style>");
    let script = between(&page, "<script>", "</script>");
    assert!(style.starts_with("body { color: #000; }\n"));
    assert!(
        style.contains(".a-completed{"),
        "the palette's rules follow"
    );
    assert_eq!(script, "document.title += \"!\";\n");
    let csp = between(
        &page,
        "http-equiv=\"Content-Security-Policy\" content=\"",
        "\"",
    );
    assert!(csp.contains(&hash_of(style).replace('\'', "&#39;")));
    assert!(csp.contains(&hash_of(script).replace('\'', "&#39;")));
}

/// A file's link as the page writes it (the sample's names need no encoding).
fn overview_href(name: &str) -> String {
    assert!(name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b)));
    name.to_string()
}

#[test]
fn the_headline_figures_and_the_filters_totals_are_the_reports() {
    let pages = Pages::of(&common::root().join("inputs"));
    let r = &pages.checked.report;
    for lang in Lang::RUN_DEFAULT {
        let page = pages.page(lang);
        let card = |figure: &str, key: &str| {
            let label = seguimiento::i18n::tr(lang, key, &[]);
            format!(
                "<span class=\"figure\">{figure}</span> <span class=\"label\">{}</span>",
                label
            )
        };
        assert!(page.contains(&card(
            &r.activities.total.to_string(),
            "doc.card.activities"
        )));
        assert!(page.contains(&card(
            &r.activities.overdue.len().to_string(),
            "doc.card.overdue"
        )));
        assert!(page.contains(&card(&r.pledges.total.to_string(), "doc.card.pledges")));
        // Each finding is a row; the severity filter counts what the report counts.
        let rows = page.matches("<tr data-severity=").count();
        assert_eq!(rows, pages.checked.findings.len());
        let label = seguimiento::i18n::tr(lang, Severity::Error.doc_label_key(), &[]);
        assert!(page.contains(&format!(
            "<option value=\"error\">{label} ({})</option>",
            r.findings.counts.error
        )));
        // Each priority has its row.
        for p in &r.priorities {
            assert!(page.contains(&format!("<span class=\"code\">{}</span>", p.code)));
        }
    }
}

/// A status CSV as a Spanish-locale spreadsheet saves it, with `rows` below the header.
fn status_csv(rows: &[[&str; 6]]) -> Vec<u8> {
    let mut s = String::from("Código;Periodo;Agencia;Estado;Avance;Descripción\r\n");
    for r in rows {
        s.push_str(&r.join(";"));
        s.push_str("\r\n");
    }
    s.into_bytes()
}

#[test]
fn text_from_the_inputs_shows_as_text() {
    let long = format!("\u{202E}{}\u{200F}", "x".repeat(3_000));
    let csv = status_csv(&[
        [
            "B1.1",
            "2024-05",
            "OIM",
            "<script>alert(1)</script>",
            "50",
            "a",
        ],
        [
            "B1.1",
            "2024-05",
            "<img src=x onerror=alert(1)>",
            "En curso",
            "50",
            "b",
        ],
        ["B1.1", "2024-05", &long, "En curso", "50", "c"],
    ]);
    let inputs = sample_with(&[("status/2024-05/<b>hostil</b> \"x\".csv", csv)]);
    let pages = Pages::of(inputs.path());
    for lang in Lang::RUN_DEFAULT {
        let page = pages.page(lang);
        assert_eq!(page.matches("<script").count(), 1, "{lang}");
        assert!(!page.contains("<img"), "{lang}");
        assert!(!page.contains("<b>hostil"), "{lang}");
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{lang}"
        );
        assert!(
            page.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{lang}"
        );
        assert!(
            page.contains("<bdi>status/2024-05/&lt;b&gt;hostil&lt;/b&gt; &quot;x&quot;.csv</bdi>"),
            "{lang}: the file named as text, isolated"
        );
        // The long text is quoted as every message quotes a cell (its first characters), with
        // its right-to-left mark, inside an isolate that keeps the mark from what follows.
        let quoted = format!(
            "\u{202E}{}…",
            "x".repeat(seguimiento::findings::QUOTE_CHARS - 1)
        );
        let at = page.find(&quoted).expect("the long text, quoted");
        let isolate = page[..at].rfind("<bdi>").unwrap();
        assert!(!page[isolate..at].contains("</bdi>"));
        assert!(page[at..].find("</bdi>").unwrap() < page[at..].find("<td").unwrap());
    }
}

#[test]
fn findings_beyond_the_cap_are_counted_and_linked_to_the_csv() {
    // Each row its own (a repeated row would be a duplicate, not another finding).
    let texts: Vec<String> = (0..520).map(|i| format!("fila {i}")).collect();
    let rows: Vec<[&str; 6]> = texts
        .iter()
        .map(|t| ["B1.1", "2024-05", "OIM", "no sé", "50", t.as_str()])
        .collect();
    let inputs = sample_with(&[("status/2024-05/muchos.csv", status_csv(&rows))]);
    let pages = Pages::of(inputs.path());
    let counts = &pages.checked.report.findings.counts;
    assert!(counts.error > 520, "{counts:?}");
    for lang in Lang::RUN_DEFAULT {
        let page = pages.page(lang);
        assert_eq!(page.matches("<tr data-severity=\"error\"").count(), 500);
        assert_eq!(
            page.matches("<tr data-severity=\"info\"").count(),
            counts.info.min(500)
        );
        let more = seguimiento::i18n::tr(
            lang,
            "overview.findings.more",
            &[
                ("count", &(counts.error - 500)),
                (
                    "severity",
                    &seguimiento::i18n::tr(lang, Severity::Error.doc_label_key(), &[]),
                ),
            ],
        );
        let csv = seguimiento::outputs::findings::csv_file_name(lang);
        let escaped = more
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        assert!(
            page.contains(&format!("{escaped} <a href=\"{csv}\">{csv}</a>")),
            "{lang}: the count beyond the cap and the link to the CSV"
        );
        // The filter's totals are the report's, with what the page holds beside them.
        let label = seguimiento::i18n::tr(lang, Severity::Error.doc_label_key(), &[]);
        let partial = seguimiento::i18n::tr(
            lang,
            "overview.filter.partial",
            &[
                ("shown", &500),
                (
                    "total",
                    &seguimiento::i18n::format_int(lang, counts.error as i64),
                ),
            ],
        );
        assert!(page.contains(&format!(
            "<option value=\"error\">{label} ({partial})</option>"
        )));
    }
}
