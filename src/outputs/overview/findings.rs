//! The page's findings: how many of each severity, a form that filters them by severity, code
//! and agency (hidden until the page's script shows it; without script every row shows), and
//! the table, each finding with its file, sheet, row and column.
//!
//! At most [`CAP`] findings of each severity are written into the page; the rest are counted
//! and the page links to the findings CSV, which holds them all. Every total the page gives
//! (the severities, the filter's options) comes from the report's figures, never from what
//! was written into the page.

use super::html::Html;
use super::page::{end_table, section, table, Page};
use crate::findings::{Finding, Severity};
use crate::i18n::tr;

/// The most findings of one severity written into the page.
pub(super) const CAP: usize = 500;

/// The value of the agency filter for a finding about no agency.
const NO_AGENCY: &str = "-";

/// How many findings of severity `s` the run has.
fn count_of(figures: &crate::report::FindingFigures, s: Severity) -> usize {
    match s {
        Severity::Error => figures.counts.error,
        Severity::Warning => figures.counts.warning,
        Severity::Info => figures.counts.info,
    }
}

/// The findings by severity: how many, and how many are on the page; then, for each severity
/// the cap cut, how many are left out and the CSV that holds them all.
fn by_severity(h: &mut Html, p: &Page<'_>) {
    let figures = &p.report.findings;
    let headers = [
        p.t("doc.severity"),
        p.t("doc.count"),
        p.t("overview.findings.on-page"),
    ];
    table(h, &p.t("overview.findings.by-severity"), &headers, 1);
    for s in Severity::ALL {
        h.open("tr", &[]).open("th", &[("scope", "row")]);
        h.el(
            "span",
            &[("class", &format!("badge s-{}", s.as_str()))],
            &p.t(s.doc_label_key()),
        );
        h.close("th");
        h.el("td", &[("class", "num")], &p.int(count_of(figures, s)));
        h.el(
            "td",
            &[("class", "num")],
            &p.int(count_of(figures, s).min(CAP)),
        );
        h.close("tr");
    }
    end_table(h);
    let csv = crate::outputs::findings::csv_file_name(p.lang);
    for s in Severity::ALL {
        let more = count_of(figures, s).saturating_sub(CAP);
        if more > 0 {
            h.open("p", &[("class", "more")]);
            h.text(&tr(
                p.lang,
                "overview.findings.more",
                &[
                    ("count", &p.int(more)),
                    ("severity", &p.t(s.doc_label_key())),
                ],
            ));
            h.text(" ");
            h.el("a", &[("href", &csv)], &csv);
            h.close("p");
        }
    }
}

/// Writes the findings section.
pub(super) fn findings(
    h: &mut Html,
    p: &Page<'_>,
    all: &[Finding],
    registry: &crate::plan::Registry,
) {
    let figures = &p.report.findings;
    let heading = p.t("overview.findings");
    section(h, "findings", &heading);
    let total = figures.counts.error + figures.counts.warning + figures.counts.info;
    if total == 0 {
        h.el("p", &[], &p.t("doc.quality.no-findings"));
        h.close("section");
        return;
    }
    by_severity(h, p);

    let labels = crate::i18n::section(p.lang, "doc.finding.");
    let inlined: Vec<&Finding> = Severity::ALL
        .iter()
        .flat_map(|&s| all.iter().filter(move |f| f.severity() == s).take(CAP))
        .collect();
    filter(h, p, registry, &labels, &inlined);
    let on_page = inlined.len();
    h.el(
        "p",
        &[
            ("id", "finding-count"),
            ("role", "status"),
            ("data-template", &p.t("overview.findings.shown")),
        ],
        &tr(
            p.lang,
            "overview.findings.shown",
            &[("shown", &p.int(on_page)), ("total", &p.int(on_page))],
        ),
    );
    let headers = [
        p.t("doc.severity"),
        p.t("doc.finding-code"),
        p.t("doc.reporting.agency"),
        p.t("overview.where"),
        p.t("overview.message"),
    ];
    h.open("div", &[("id", "finding-table")]);
    table(h, &heading, &headers, headers.len());
    for f in &inlined {
        row(h, p, f, registry, &labels);
    }
    end_table(h);
    h.close("div");
    h.close("section");
}

/// One finding's row, with what the filter matches in its `data-` attributes.
fn row(
    h: &mut Html,
    p: &Page<'_>,
    f: &Finding,
    registry: &crate::plan::Registry,
    labels: &std::collections::BTreeMap<String, String>,
) {
    let severity = f.severity();
    let agency = f.agency.as_deref().unwrap_or(NO_AGENCY);
    h.open(
        "tr",
        &[
            ("data-severity", severity.as_str()),
            ("data-code", f.code.as_str()),
            ("data-agency", agency),
        ],
    );
    h.open("td", &[]);
    h.el(
        "span",
        &[("class", &format!("badge s-{}", severity.as_str()))],
        &p.t(severity.doc_label_key()),
    );
    h.close("td");
    h.open("td", &[]);
    h.el("code", &[], f.code.as_str());
    if let Some(label) = labels.get(f.code.as_str()) {
        h.el("span", &[("class", "code-label")], label);
    }
    h.close("td");
    h.el(
        "td",
        &[],
        &f.agency
            .as_deref()
            .map(|a| registry.agency_label(a, p.lang))
            .unwrap_or_default(),
    );
    where_cell(h, p, &f.location);
    h.open("td", &[("class", "message")]);
    h.quoted(f.message.get(p.lang));
    h.close("td");
    h.close("tr");
}

/// The cell that says where a finding is: its file, then its sheet, row and column, each
/// named; the file's and the sheet's names isolated as text from the inputs.
fn where_cell(h: &mut Html, p: &Page<'_>, loc: &crate::findings::Location) {
    h.open("td", &[("class", "where")]);
    if let Some(file) = &loc.file {
        h.open("span", &[("class", "file")])
            .quoted(file)
            .close("span");
    }
    let mut parts: Vec<(&str, String, bool)> = Vec::new();
    if let Some(sheet) = &loc.sheet {
        parts.push(("overview.where.sheet", sheet.clone(), true));
    }
    if let Some(row) = loc.row {
        parts.push(("overview.where.row", row.to_string(), false));
    }
    if let Some(column) = &loc.column {
        parts.push(("overview.where.column", column.clone(), false));
    }
    if !parts.is_empty() {
        h.open("span", &[("class", "at")]);
        for (i, (key, value, quoted)) in parts.iter().enumerate() {
            if i > 0 {
                h.text(" · ");
            }
            h.text(&p.t(key));
            h.text(" ");
            if *quoted {
                h.quoted(value);
            } else {
                h.text(value);
            }
        }
        h.close("span");
    }
    h.close("td");
}

/// The filter: a select per dimension, each option with its total from the report's figures,
/// and how many of them are on the page when the cap left some out. Hidden until the page's
/// script shows it, since without script it could do nothing.
fn filter(
    h: &mut Html,
    p: &Page<'_>,
    registry: &crate::plan::Registry,
    labels: &std::collections::BTreeMap<String, String>,
    inlined: &[&Finding],
) {
    let figures = &p.report.findings;
    let all = p.t("overview.filter.all");
    let on_page =
        |matches: &dyn Fn(&Finding) -> bool| inlined.iter().filter(|f| matches(f)).count();
    h.open(
        "form",
        &[
            ("id", "finding-filter"),
            ("class", "filter"),
            ("hidden", "hidden"),
        ],
    );
    h.el("h3", &[], &p.t("overview.filter"));
    let counted = |label: &str, total: usize, shown: usize| {
        if shown == total {
            format!("{label} ({})", p.int(total))
        } else {
            let partial = tr(
                p.lang,
                "overview.filter.partial",
                &[("shown", &p.int(shown)), ("total", &p.int(total))],
            );
            format!("{label} ({partial})")
        }
    };

    let severities: Vec<(String, String)> = Severity::ALL
        .iter()
        .map(|&s| {
            let n = count_of(figures, s);
            let shown = on_page(&|f| f.severity() == s);
            (
                s.as_str().to_string(),
                counted(&p.t(s.doc_label_key()), n, shown),
            )
        })
        .collect();
    select(h, "severity", &p.t("doc.severity"), &all, &severities);

    let codes: Vec<(String, String)> = figures
        .by_code
        .iter()
        .map(|c| {
            let code = c.code.as_str();
            let label = labels.get(code).map_or(code, String::as_str);
            let shown = on_page(&|f| f.code == c.code && f.severity() == c.severity);
            (
                code.to_string(),
                counted(
                    &format!("{code}{} {label}", p.lang.row().colon),
                    c.count,
                    shown,
                ),
            )
        })
        .collect();
    select(h, "code", &p.t("doc.finding-code"), &all, &codes);

    let mut agencies: Vec<(String, String)> = figures
        .by_agency
        .iter()
        .map(|(id, n)| {
            let shown = on_page(&|f| f.agency.as_deref() == Some(id.as_str()));
            (
                id.clone(),
                counted(&registry.agency_label(id, p.lang), *n, shown),
            )
        })
        .collect();
    let total = figures.counts.error + figures.counts.warning + figures.counts.info;
    let about_agencies: usize = figures.by_agency.iter().map(|(_, n)| n).sum();
    if total > about_agencies {
        agencies.push((
            NO_AGENCY.to_string(),
            counted(
                &p.t("overview.filter.no-agency"),
                total - about_agencies,
                on_page(&|f| f.agency.is_none()),
            ),
        ));
    }
    select(h, "agency", &p.t("doc.reporting.agency"), &all, &agencies);
    h.close("form");
}

/// One select of the filter, its first option "all".
fn select(h: &mut Html, name: &str, label: &str, all: &str, options: &[(String, String)]) {
    let id = format!("filter-{name}");
    h.open("div", &[("class", "field")]);
    h.el("label", &[("for", &id)], label);
    h.open("select", &[("id", &id), ("name", name)]);
    h.el("option", &[("value", "")], all);
    for (value, text) in options {
        h.el("option", &[("value", value)], text);
    }
    h.close("select").close("div");
}
