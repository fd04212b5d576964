//! The overview page: the quarter at a glance in a browser, one self-contained HTML file per
//! language of the run (docs/outputs.md#the-overview-page).
//!
//! Everything the page shows comes from `ReportData` and the findings, as in the PDFs. It is
//! one file: its style and script are inline, its charts inline SVG, nothing is fetched. A
//! Content-Security-Policy allows nothing beyond it: the one style and the one script by their
//! hashes, computed as the page is written, and images only as `data:`. Text from the inputs
//! reaches it only through [`html::Html`], escaped. It lists every file of the run, so it is
//! staged after the others and before the manifest, which lists it.
//!
//! The style and the script are templates (`templates/overview/`), replaceable like the
//! others; the status colours are added to the style from [`crate::outputs::palette`], so a
//! status looks the same here as in every other output.

mod chart;
mod files;
mod findings;
mod html;
mod page;

use std::fmt::Write as _;

use super::staging::Written;
use super::{Output, Run, Sink};
use crate::findings::Severity;
use crate::i18n::{tr, Lang};
use crate::model::{ActivityStatus, PreviousPledgeStatus};
use crate::outputs::palette;
use crate::reconcile::reporting::FormState;
use crate::Result;
use html::{csp_hash, Html};
use page::Page;

/// The page's style, by its path in the templates folder.
const STYLE: &str = "overview/overview.css";

/// The page's script, by its path in the templates folder.
const SCRIPT: &str = "overview/overview.js";

/// The version of seguimiento, which the page names.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Manifest kind of the overview pages.
pub const KIND: &str = "overview";

/// The overview page, in each language of the run.
pub struct Overview;

impl Output for Overview {
    fn name(&self) -> &'static str {
        KIND
    }

    fn label_key(&self) -> &'static str {
        "run.output.overview"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &[KIND]
    }

    fn lists_the_rest(&self) -> bool {
        true
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let (style, script) = assets(run.config.templates.as_deref())?;
        let period = &run.checked.report.meta.period;
        let pages: Vec<(Lang, String)> = run
            .config
            .languages()
            .iter()
            .map(|&lang| (lang, file_name(lang, period)))
            .collect();
        pages
            .iter()
            .map(|(lang, name)| {
                let bytes = build(run, *lang, sink.written, &pages, &style, &script);
                sink.stage(name, KIND, Some(*lang), bytes.as_bytes())
            })
            .collect()
    }
}

/// Returns the page's file name in `lang` (`panorama-2024-Q2-es.html`).
pub fn file_name(lang: Lang, period: &str) -> String {
    let stem = tr(lang, "overview.file", &[]);
    super::staging::lang_file_name(&format!("{stem}-{period}"), lang, "html")
}

/// Returns the page's style (the template, then the status colours) and script, from the
/// templates in force.
fn assets(overrides: Option<&std::path::Path>) -> Result<(String, String)> {
    let templates = super::templates::load_text(overrides, "overview")?;
    let find = |name: &str| {
        templates
            .iter()
            .find(|(path, _)| path == name)
            .map(|(_, text)| text.clone())
            .unwrap_or_default()
    };
    let mut style = find(STYLE);
    style.push_str(&colours());
    Ok((style, find(SCRIPT)))
}

/// The CSS rules of the status, form-state and severity labels, from the palette.
fn colours() -> String {
    let mut css = String::from("\n/* The status colours, from the palette of every output. */\n");
    let mut rule = |class: &str, fill: u32, ink: u32| {
        let _ = writeln!(
            css,
            ".{class}{{background:#{fill:06X};color:#{ink:06X};border-color:#{fill:06X}}}"
        );
    };
    for &s in ActivityStatus::ALL.iter() {
        let sw = palette::activity(s);
        rule(&page::activity_class(s), sw.colour, sw.ink());
    }
    for &s in PreviousPledgeStatus::ALL.iter() {
        let sw = palette::pledge(s);
        rule(&page::pledge_class(s), sw.colour, sw.ink());
    }
    for s in FormState::ALL {
        let sw = palette::form(s);
        rule(&format!("f-{}", s.colour_key()), sw.colour, sw.ink());
    }
    for s in Severity::ALL {
        let (fill, ink) = palette::severity_cell(s);
        rule(&format!("s-{}", s.as_str()), fill, ink);
    }
    css
}

/// Writes the page in `lang`: `written` are the files staged before it, `pages` every
/// language's page with its name.
fn build(
    run: &Run<'_>,
    lang: Lang,
    written: &[Written],
    pages: &[(Lang, String)],
    style: &str,
    script: &str,
) -> String {
    let report = &run.checked.report;
    let meta = &report.meta;
    let p = Page::new(report, lang);
    let title = format!(
        "{} · {} · {}",
        p.t("overview.title"),
        meta.period_text.get(lang),
        meta.network.get(lang)
    );
    let csp = format!(
        "default-src 'none'; style-src {}; script-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(style),
        csp_hash(script)
    );
    let mut h = Html::default();
    head(&mut h, lang, &title, &csp, style);
    h.open("body", &[]);
    h.el(
        "a",
        &[("class", "skip"), ("href", "#main")],
        &p.t("overview.skip"),
    );
    header(&mut h, &p, lang, pages);
    nav(&mut h, &p);
    h.open("main", &[("id", "main")]);
    page::headline(&mut h, &p);
    page::activities(&mut h, &p);
    page::changes(&mut h, &p);
    page::follow_up(&mut h, &p);
    page::reporting(&mut h, &p);
    page::pledges(&mut h, &p);
    findings::findings(
        &mut h,
        &p,
        &run.checked.findings,
        run.checked.plan.registry(),
    );
    page::revisions(&mut h, &p);
    let folder = run.config.period();
    files::files(&mut h, &p, written, &folder, pages);
    h.close("main");
    h.open("footer", &[]);
    h.el(
        "p",
        &[],
        &tr(
            lang,
            "overview.footer",
            &[("version", &VERSION), ("date", &meta.as_of_text.get(lang))],
        ),
    );
    h.open("p", &[]);
    h.text(&p.t("overview.digest"));
    h.text(" ");
    h.el("code", &[], &meta.inputs_digest);
    h.close("p");
    h.close("footer");
    h.open("script", &[]).trusted(script).close("script");
    h.close("body").close("html");
    let mut out = h.finish();
    out.push('\n');
    out
}

/// The page's `<head>`: its language, its policy, its title and its style.
fn head(h: &mut Html, lang: Lang, title: &str, csp: &str, style: &str) {
    h.trusted("<!DOCTYPE html>\n");
    h.open("html", &[("lang", &lang.tag())]);
    h.open("head", &[]);
    h.open("meta", &[("charset", "utf-8")]);
    h.open(
        "meta",
        &[("http-equiv", "Content-Security-Policy"), ("content", csp)],
    );
    h.open(
        "meta",
        &[
            ("name", "viewport"),
            ("content", "width=device-width, initial-scale=1"),
        ],
    );
    let generator = format!("seguimiento {VERSION}");
    h.open("meta", &[("name", "generator"), ("content", &generator)]);
    h.el("title", &[], title);
    h.open("style", &[]).trusted(style).close("style");
    h.close("head");
}

/// The page's header: the network, the title, the quarter and its date, the sample mark, and
/// the page in the run's other languages.
fn header(h: &mut Html, p: &Page<'_>, lang: Lang, pages: &[(Lang, String)]) {
    let meta = &p.report.meta;
    h.open("header", &[]);
    if meta.sample {
        h.open("p", &[("class", "sample")]);
        h.el("strong", &[], &p.t("doc.sample.band"));
        h.text(" ");
        h.text(&p.t("doc.sample.note"));
        h.close("p");
    }
    h.el("p", &[("class", "network")], meta.network.get(lang));
    h.el("h1", &[], &p.t("overview.title"));
    h.el(
        "p",
        &[("class", "period")],
        &format!(
            "{} · {} {}",
            meta.period_text.get(lang),
            p.t("doc.as-of"),
            meta.as_of_text.get(lang)
        ),
    );
    h.el("p", &[("class", "plan")], meta.plan_title.get(lang));
    let others: Vec<&(Lang, String)> = pages.iter().filter(|(l, _)| *l != lang).collect();
    if !others.is_empty() {
        h.open("p", &[("class", "languages")]);
        h.text(&p.t("overview.other-languages"));
        for (i, (other, name)) in others.iter().enumerate() {
            h.text(if i == 0 { " " } else { ", " });
            h.el(
                "a",
                &[("href", &files::href(name)), ("hreflang", other.code())],
                &p.t(files::language_key(*other)),
            );
        }
        h.close("p");
    }
    h.close("header");
}

/// The table of contents: a link to each section the page has.
fn nav(h: &mut Html, p: &Page<'_>) {
    let heading = p.t("doc.toc");
    h.open("nav", &[("aria-label", &heading)]);
    h.open("ul", &[]);
    let mut sections = vec![
        ("figures", p.t("overview.figures")),
        ("activities", p.t("doc.table.by-status")),
        ("changes", p.t("doc.table.changes")),
        ("follow-up", p.t("doc.overdue-section")),
    ];
    if !p.report.reporting.agencies.is_empty() {
        sections.push(("reporting", p.t("doc.reporting.title")));
    }
    sections.extend([
        ("pledges", p.t("doc.pledges")),
        ("findings", p.t("overview.findings")),
        ("revisions", p.t("doc.revisions.title")),
        ("files", p.t("overview.files")),
    ]);
    for (id, text) in sections {
        h.open("li", &[]);
        h.el("a", &[("href", &format!("#{id}"))], &text);
        h.close("li");
    }
    h.close("ul").close("nav");
}
