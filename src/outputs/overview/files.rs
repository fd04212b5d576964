//! The page's list of the run's files: every file written before it, each linked relatively
//! from the page with what it is for and its language, then the overview pages themselves and
//! the manifest, which is written after them.

use super::html::Html;
use super::page::{end_table, section, table, Page};
use crate::i18n::Lang;
use crate::outputs::staging::Written;

/// The string key of what a file of manifest kind `kind` is for.
fn purpose_key(kind: &str) -> &'static str {
    match kind {
        "progress-report" => "overview.kind.progress-report",
        "pledge-summary" => "overview.kind.pledge-summary",
        "regional-review" => "overview.kind.regional-review",
        "progress-report-docx" => "overview.kind.progress-report-docx",
        "pledge-summary-docx" => "overview.kind.pledge-summary-docx",
        "regional-review-docx" => "overview.kind.regional-review-docx",
        "tracker" => "overview.kind.tracker",
        "message" => "overview.kind.message",
        "findings" => "overview.kind.findings",
        "open-data" => "overview.kind.open-data",
        "overview" => "overview.kind.overview",
        "manifest" => "overview.kind.manifest",
        _ => "overview.kind.other",
    }
}

/// The string key of a language's name.
pub(super) fn language_key(lang: Lang) -> &'static str {
    lang.row().name_key
}

/// Writes the list. `written` are the files staged before the page, with paths relative to
/// the outputs folder; `folder` is the run's folder among them (`2024-Q2`); `pages` are the
/// overview pages of the run, by language, with their names.
pub(super) fn files(
    h: &mut Html,
    p: &Page<'_>,
    written: &[Written],
    folder: &str,
    pages: &[(Lang, String)],
) {
    let heading = p.t("overview.files");
    section(h, "files", &heading);
    h.el("p", &[], &p.t("overview.files.intro"));
    let headers = [
        p.t("doc.file"),
        p.t("overview.files.purpose"),
        p.t("overview.files.language"),
    ];
    table(h, &heading, &headers, 3);
    let prefix = format!("{folder}/");
    let listed = written
        .iter()
        .map(|w| {
            let path = w.path.strip_prefix(&prefix).unwrap_or(&w.path);
            (path.to_string(), w.kind.as_str(), w.lang)
        })
        .chain(
            pages
                .iter()
                .map(|(lang, name)| (name.clone(), "overview", Some(*lang))),
        )
        .chain(std::iter::once((
            "manifest.json".to_string(),
            "manifest",
            None,
        )));
    for (path, kind, lang) in listed {
        h.open("tr", &[])
            .open("th", &[("scope", "row"), ("class", "file")]);
        h.open("a", &[("href", &href(&path))]);
        h.quoted(&path);
        h.close("a").close("th");
        h.el("td", &[], &p.t(purpose_key(kind)));
        let language = lang.map(|l| p.t(language_key(l))).unwrap_or_default();
        h.el("td", &[], &language);
        h.close("tr");
    }
    end_table(h);
    h.close("section");
}

/// Returns a relative link to `path` (with `/`): each segment percent-encoded but for the
/// characters a path keeps as they are.
pub(super) fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_encodes_what_a_path_would_not_keep() {
        assert_eq!(href("messages/oim-es.eml"), "messages/oim-es.eml");
        assert_eq!(href("a b/ñ?#.csv"), "a%20b/%C3%B1%3F%23.csv");
        // A name starting with a scheme stays relative, its colon encoded.
        assert_eq!(href("javascript:x"), "javascript%3Ax");
    }
}
