//! The sections of the overview page, each from `ReportData`: the headline figures, the
//! activities by status and by priority, what changed, what is overdue, who reported, the
//! pledges and the revisions to published quarters. The findings and the files of the run
//! have rooms of their own ([`super::findings`], [`super::files`]).

use std::collections::HashMap;

use super::chart::{self, Segment};
use super::html::Html;
use crate::i18n::{format_int, format_percent, tr, Lang};
use crate::model::{ActivityStatus, PledgeStatus, PreviousPledgeStatus};
use crate::outputs::palette;
use crate::report::{ActivityData, ReportData};

/// How many ids a list of pledges names before it says how many more.
const IDS_SHOWN: usize = 20;

/// What every section reads: the figures and the page's language.
pub(super) struct Page<'a> {
    /// The quarter's figures.
    pub(super) report: &'a ReportData,
    /// The language of the page.
    pub(super) lang: Lang,
    /// The activities by code.
    activities: HashMap<&'a str, &'a ActivityData>,
}

impl<'a> Page<'a> {
    /// Prepares the sections of `report` in `lang`.
    pub(super) fn new(report: &'a ReportData, lang: Lang) -> Page<'a> {
        let activities = report
            .activities
            .list
            .iter()
            .map(|a| (a.code.as_str(), a))
            .collect();
        Page {
            report,
            lang,
            activities,
        }
    }

    /// Returns the text of `key` in the page's language.
    pub(super) fn t(&self, key: &str) -> String {
        tr(self.lang, key, &[])
    }

    /// Returns a whole number as the page's language writes it.
    pub(super) fn int(&self, n: usize) -> String {
        format_int(self.lang, n as i64)
    }
}

/// Opens a section with its heading (`<section aria-labelledby>` and an `<h2>`).
pub(super) fn section(h: &mut Html, id: &str, heading: &str) {
    let heading_id = format!("h-{id}");
    h.open("section", &[("id", id), ("aria-labelledby", &heading_id)]);
    h.el("h2", &[("id", &heading_id)], heading);
}

/// Opens a table that scrolls sideways on a narrow screen, with its caption and its header row.
/// Columns from `numeric_from` on hold figures (aligned right).
pub(super) fn table(h: &mut Html, caption: &str, headers: &[String], numeric_from: usize) {
    h.open(
        "div",
        &[
            ("class", "scroll"),
            ("role", "region"),
            ("aria-label", caption),
            ("tabindex", "0"),
        ],
    );
    h.open("table", &[]);
    h.el("caption", &[], caption);
    h.open("thead", &[]).open("tr", &[]);
    for (i, head) in headers.iter().enumerate() {
        let class = if i >= numeric_from { "num" } else { "" };
        h.el("th", &[("scope", "col"), ("class", class)], head);
    }
    h.close("tr").close("thead").open("tbody", &[]);
}

/// Closes a table opened by [`table`].
pub(super) fn end_table(h: &mut Html) {
    h.close("tbody").close("table").close("div");
}

/// Writes a figure cell.
fn num(h: &mut Html, text: &str) {
    h.el("td", &[("class", "num")], text);
}

/// Writes a status label: its words on its colour (the words carry it; the colour repeats it).
fn badge(h: &mut Html, class: &str, text: &str) {
    h.el("span", &[("class", &format!("badge {class}"))], text);
}

/// The CSS class of an activity status's colour.
pub(super) fn activity_class(status: ActivityStatus) -> String {
    format!("a-{}", status.as_str())
}

/// The CSS class of a pledge status's colour.
pub(super) fn pledge_class(status: PreviousPledgeStatus) -> String {
    format!("p-{}", status.as_str())
}

/// The headline figures, as a list of cards.
pub(super) fn headline(h: &mut Html, p: &Page<'_>) {
    let r = p.report;
    let a = &r.activities;
    section(h, "figures", &p.t("overview.figures"));
    h.open("ul", &[("class", "cards")]);
    let completed = a
        .by_status
        .get(&ActivityStatus::from(crate::model::Status::Completed))
        .copied()
        .unwrap_or(0);
    let cards = [
        (p.int(a.total), p.t("doc.card.activities")),
        (
            format!(
                "{} ({})",
                p.int(completed),
                format_percent(p.lang, a.completed_share)
            ),
            p.t("doc.card.completed"),
        ),
        (p.int(a.overdue.len()), p.t("doc.card.overdue")),
        (
            p.int(a.missing_reports.len()),
            p.t("doc.card.missing-reports"),
        ),
        (p.int(r.pledges.total), p.t("doc.card.pledges")),
        (
            p.int(r.pledges.updated_this_quarter),
            p.t("doc.card.updated"),
        ),
        (
            format!("{} / {}", p.int(r.objectives_covered), r.objectives.len()),
            p.t("doc.card.objectives-covered"),
        ),
        (p.int(r.findings.counts.error), p.t("doc.quality.errors")),
    ];
    for (figure, label) in cards {
        h.open("li", &[]);
        h.el("span", &[("class", "figure")], &figure);
        h.text(" ");
        h.el("span", &[("class", "label")], &label);
        h.close("li");
    }
    h.close("ul").close("section");
}

/// One status of a breakdown: its colour's class, its words, how many and their share.
struct StatusRow {
    class: String,
    label: String,
    count: usize,
    share: f64,
    colour: u32,
}

/// A breakdown by status: a bar named by its figures, then its table, the total last.
/// `what` heads the column of counts.
fn by_status(
    h: &mut Html,
    p: &Page<'_>,
    (heading, what): (&str, &str),
    rows: &[StatusRow],
    total: usize,
) {
    let segments: Vec<Segment> = rows
        .iter()
        .map(|r| Segment {
            label: r.label.clone(),
            count: r.count,
            colour: r.colour,
        })
        .collect();
    h.open("figure", &[]);
    h.trusted(&chart::bar(
        &segments,
        total,
        28,
        Some(&chart::describe(heading, &segments, p.lang.row().colon)),
    ));
    h.close("figure");
    let headers = [p.t("doc.status"), what.to_string(), p.t("doc.share")];
    table(h, heading, &headers, 1);
    for r in rows {
        h.open("tr", &[]).open("th", &[("scope", "row")]);
        badge(h, &r.class, &r.label);
        h.close("th");
        num(h, &p.int(r.count));
        num(h, &format_percent(p.lang, r.share));
        h.close("tr");
    }
    h.open("tr", &[("class", "total")]);
    h.el("th", &[("scope", "row")], &p.t("doc.total"));
    num(h, &p.int(total));
    num(h, &format_percent(p.lang, 100.0));
    h.close("tr");
    end_table(h);
}

/// The activities by status (a bar and its table), then by priority (a table with a bar per
/// row).
pub(super) fn activities(h: &mut Html, p: &Page<'_>) {
    let a = &p.report.activities;
    let heading = p.t("doc.table.by-status");
    section(h, "activities", &heading);
    let rows: Vec<StatusRow> = ActivityStatus::ALL
        .iter()
        .map(|&s| StatusRow {
            class: activity_class(s),
            label: p.t(s.doc_label_key()),
            count: a.by_status.get(&s).copied().unwrap_or(0),
            share: a.by_status_share.get(&s).copied().unwrap_or(0.0),
            colour: palette::activity(s).colour,
        })
        .collect();
    by_status(h, p, (&heading, &p.t("doc.activities")), &rows, a.total);
    by_priority(h, p);
    h.close("section");
}

/// The activities of each priority by status, a bar per row on one scale.
fn by_priority(h: &mut Html, p: &Page<'_>) {
    let heading = p.t("doc.chart.status-by-priority");
    h.el("h3", &[], &heading);
    let mut headers = vec![p.t("doc.narrative.priority")];
    headers.extend(ActivityStatus::ALL.iter().map(|s| p.t(s.doc_label_key())));
    headers.push(p.t("doc.total"));
    headers.push(p.t("overview.bar"));
    table(h, &heading, &headers, 1);
    let widest = p
        .report
        .priorities
        .iter()
        .map(|pr| pr.activities.len())
        .max()
        .unwrap_or(0);
    for pr in &p.report.priorities {
        h.open("tr", &[]).open("th", &[("scope", "row")]);
        h.el("span", &[("class", "code")], &pr.code);
        h.text(" ");
        h.text(pr.short.get(p.lang));
        h.close("th");
        let segments: Vec<Segment> = ActivityStatus::ALL
            .iter()
            .map(|&s| Segment {
                label: String::new(),
                count: pr.by_status.get(&s).copied().unwrap_or(0),
                colour: palette::activity(s).colour,
            })
            .collect();
        for s in &segments {
            num(h, &p.int(s.count));
        }
        num(h, &p.int(pr.activities.len()));
        h.open("td", &[("class", "chart")]);
        h.trusted(&chart::bar(&segments, widest, 14, None));
        h.close("td").close("tr");
    }
    end_table(h);
}

/// What changed since the previous quarter: the activities whose status or progress changed,
/// and the pledges whose status did.
pub(super) fn changes(h: &mut Html, p: &Page<'_>) {
    let heading = p.t("doc.table.changes");
    section(h, "changes", &heading);
    activity_changes(h, p, &heading);
    pledge_changes(h, p);
    h.close("section");
}

/// The activities whose status or progress changed since the previous quarter.
fn activity_changes(h: &mut Html, p: &Page<'_>, heading: &str) {
    let changed: Vec<&ActivityData> = p
        .report
        .activities
        .list
        .iter()
        .filter(|a| a.changed)
        .collect();
    if changed.is_empty() {
        h.el("p", &[], &p.t("doc.change.none-at-all"));
    } else {
        let headers = [
            p.t("doc.code"),
            p.t("doc.activity"),
            p.t("doc.status-change"),
            p.t("doc.progress"),
        ];
        table(h, heading, &headers, 3);
        for a in changed {
            h.open("tr", &[]);
            h.el("th", &[("scope", "row"), ("class", "code")], &a.code);
            h.el("td", &[], a.title.get(p.lang));
            h.open("td", &[]);
            badge(
                h,
                &activity_class(a.previous_status),
                &p.t(a.previous_status.doc_label_key()),
            );
            h.text(" → ");
            badge(h, &activity_class(a.status), &p.t(a.status.doc_label_key()));
            h.close("td");
            let progress =
                |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format_percent(p.lang, v));
            num(
                h,
                &format!(
                    "{} → {}",
                    progress(a.previous_progress),
                    progress(a.progress)
                ),
            );
            h.close("tr");
        }
        end_table(h);
    }
}

/// The pledges whose status changed since the previous quarter, and how many are new or not
/// updated.
fn pledge_changes(h: &mut Html, p: &Page<'_>) {
    let pledges = &p.report.pledges;
    let heading = p.t("doc.pledges.changes");
    h.el("h3", &[], &heading);
    if pledges.changes.is_empty() {
        h.el("p", &[], &p.t("doc.pledges.no-changes"));
    } else {
        let headers = [
            p.t("doc.status-change"),
            p.t("doc.pledges"),
            p.t("doc.pledge-id"),
        ];
        table(h, &heading, &headers, 1);
        for c in &pledges.changes {
            h.open("tr", &[]).open("th", &[("scope", "row")]);
            badge(
                h,
                &pledge_class(c.from.into()),
                &p.t(c.from.doc_label_key()),
            );
            h.text(" → ");
            badge(h, &pledge_class(c.to.into()), &p.t(c.to.doc_label_key()));
            h.close("th");
            num(h, &p.int(c.ids.len()));
            h.open("td", &[]);
            ids(h, p, &c.ids);
            h.close("td").close("tr");
        }
        end_table(h);
    }
    h.el(
        "p",
        &[],
        &tr(
            p.lang,
            "overview.pledges.new-and-not-updated",
            &[
                ("new", &p.int(pledges.new_this_quarter)),
                ("not_updated", &p.int(pledges.not_updated)),
            ],
        ),
    );
}

/// Writes up to [`IDS_SHOWN`] ids, then how many more.
fn ids(h: &mut Html, p: &Page<'_>, ids: &[String]) {
    let shown: Vec<&str> = ids.iter().take(IDS_SHOWN).map(String::as_str).collect();
    h.quoted(&shown.join(", "));
    if ids.len() > IDS_SHOWN {
        h.text(" ");
        h.text(&tr(
            p.lang,
            "overview.and-more",
            &[("count", &p.int(ids.len() - IDS_SHOWN))],
        ));
    }
}

/// The activities that call for follow-up: overdue, without a report this quarter, and the
/// missed occurrences of recurring ones.
pub(super) fn follow_up(h: &mut Html, p: &Page<'_>) {
    let a = &p.report.activities;
    section(h, "follow-up", &p.t("doc.overdue-section"));
    activity_list(
        h,
        p,
        ("doc.overdue.title", "doc.overdue.none"),
        &a.overdue,
        "doc.window-end",
    );
    activity_list(
        h,
        p,
        ("doc.missing-reports.title", "doc.missing-reports.none"),
        &a.missing_reports,
        "doc.latest-report",
    );
    missed_occurrences(h, p);
    h.close("section");
}

/// A list of activities by code under its title (or the words that say it is empty), each
/// with its lead, its status and, last, its planned end (`doc.window-end`) or its latest
/// report.
fn activity_list(
    h: &mut Html,
    p: &Page<'_>,
    (title, none): (&str, &str),
    codes: &[String],
    last: &str,
) {
    let heading = p.t(title);
    h.el("h3", &[], &heading);
    if codes.is_empty() {
        h.el("p", &[], &p.t(none));
        return;
    }
    let headers = [
        p.t("doc.code"),
        p.t("doc.activity"),
        p.t("doc.lead"),
        p.t("doc.status"),
        p.t(last),
    ];
    table(h, &heading, &headers, 5);
    for act in codes.iter().filter_map(|c| p.activities.get(c.as_str())) {
        h.open("tr", &[]);
        h.el("th", &[("scope", "row"), ("class", "code")], &act.code);
        h.el("td", &[], act.title.get(p.lang));
        h.el("td", &[], act.lead.get(p.lang));
        h.open("td", &[]);
        badge(
            h,
            &activity_class(act.status),
            &p.t(act.status.doc_label_key()),
        );
        h.close("td");
        let when = if last == "doc.window-end" {
            act.window_end.get(p.lang).to_string()
        } else {
            act.last_period
                .as_ref()
                .map_or_else(|| p.t("doc.never"), |t| t.get(p.lang).to_string())
        };
        h.el("td", &[], &when);
        h.close("tr");
    }
    end_table(h);
}

/// The missed occurrences of recurring activities.
fn missed_occurrences(h: &mut Html, p: &Page<'_>) {
    let a = &p.report.activities;
    let heading = p.t("doc.missing-occurrences.title");
    h.el("h3", &[], &heading);
    if a.missing_occurrences.is_empty() {
        h.el("p", &[], &p.t("doc.missing-occurrences.none"));
        return;
    }
    let headers = [
        p.t("doc.code"),
        p.t("doc.activity"),
        p.t("doc.missing-months"),
    ];
    table(h, &heading, &headers, 3);
    for m in &a.missing_occurrences {
        h.open("tr", &[]);
        h.el("th", &[("scope", "row"), ("class", "code")], &m.code);
        let title = p
            .activities
            .get(m.code.as_str())
            .map_or("", |act| act.title.get(p.lang));
        h.el("td", &[], title);
        h.el("td", &[], m.month_text.get(p.lang));
        h.close("tr");
    }
    end_table(h);
}

/// Who has reported, and when: each agency's form month by month (the last six months, as in
/// the progress report), with its rates and the Network's.
pub(super) fn reporting(h: &mut Html, p: &Page<'_>) {
    let g = &p.report.reporting;
    if g.agencies.is_empty() {
        return;
    }
    let heading = p.t("doc.reporting.title");
    section(h, "reporting", &heading);
    let n = &g.network;
    h.el(
        "p",
        &[],
        &tr(
            p.lang,
            "doc.reporting.intro",
            &[
                ("day", &g.due_day),
                ("received", &p.int(n.received)),
                ("expected", &p.int(n.expected)),
                ("on_time", &p.int(n.on_time)),
            ],
        ),
    );
    let shown = g.months.len().min(6);
    let first = g.months.len() - shown;
    let mut headers = vec![p.t("doc.reporting.agency")];
    headers.extend(
        g.month_labels[first..]
            .iter()
            .map(|m| m.get(p.lang).to_string()),
    );
    headers.push(p.t("doc.reporting.received"));
    headers.push(p.t("doc.reporting.on-time"));
    headers.push(p.t("doc.reporting.days-since"));
    table(h, &heading, &headers, 1 + shown);
    let rate = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format_percent(p.lang, v));
    for a in &g.agencies {
        h.open("tr", &[]);
        h.el("th", &[("scope", "row")], a.label.get(p.lang));
        for c in &a.months[first..] {
            h.open("td", &[]);
            let state = crate::outputs::tracker::reporting::state_key(c.state);
            badge(h, &format!("f-{}", c.state.colour_key()), &p.t(state));
            h.close("td");
        }
        num(h, &rate(a.rates.received_rate));
        num(h, &rate(a.rates.on_time_rate));
        num(
            h,
            &a.days_since_last
                .map_or_else(|| "–".to_string(), |d| p.int(d.max(0) as usize)),
        );
        h.close("tr");
    }
    h.open("tr", &[("class", "total")]);
    h.el("th", &[("scope", "row")], &p.t("doc.reporting.network"));
    for _ in 0..shown {
        h.el("td", &[], "");
    }
    num(h, &rate(n.received_rate));
    num(h, &rate(n.on_time_rate));
    h.el("td", &[], "");
    h.close("tr");
    end_table(h);
    h.close("section");
}

/// The pledges by status (a bar and its table), by GCM objective and by country.
pub(super) fn pledges(h: &mut Html, p: &Page<'_>) {
    let f = &p.report.pledges;
    section(h, "pledges", &p.t("doc.pledges"));
    if f.total == 0 {
        h.el("p", &[], &p.t("doc.pledges.none"));
        h.close("section");
        return;
    }
    let heading = p.t("doc.pledges.by-status");
    h.el("h3", &[], &heading);
    let rows: Vec<StatusRow> = PledgeStatus::ALL
        .iter()
        .map(|&s| StatusRow {
            class: pledge_class(s.into()),
            label: p.t(s.doc_label_key()),
            count: f.by_status.get(&s).copied().unwrap_or(0),
            share: f.by_status_share.get(&s).copied().unwrap_or(0.0),
            colour: palette::pledge(s).colour,
        })
        .collect();
    by_status(h, p, (&heading, &p.t("doc.pledges")), &rows, f.total);
    pledges_by_objective(h, p);
    pledges_by_country(h, p);
    h.close("section");
}

/// The pledges naming each GCM objective, by status.
fn pledges_by_objective(h: &mut Html, p: &Page<'_>) {
    let heading = p.t("doc.table.pledges-by-objective");
    h.el("h3", &[], &p.t("doc.pledges.by-objective"));
    h.el("p", &[], &p.t("doc.pledges.by-objective-intro"));
    let mut headers = vec![p.t("doc.number"), p.t("doc.objective")];
    headers.extend(PledgeStatus::ALL.iter().map(|s| p.t(s.doc_label_key())));
    headers.push(p.t("doc.total"));
    table(h, &heading, &headers, 2);
    for o in &p.report.objectives {
        h.open("tr", &[]);
        h.el(
            "th",
            &[("scope", "row"), ("class", "num")],
            &o.number.to_string(),
        );
        h.el("td", &[], o.short.get(p.lang));
        for s in PledgeStatus::ALL {
            num(h, &p.int(o.pledges_by_status.get(s).copied().unwrap_or(0)));
        }
        num(h, &p.int(o.pledges_total));
        h.close("tr");
    }
    end_table(h);
}

/// The countries named in the most pledges, then the others together.
fn pledges_by_country(h: &mut Html, p: &Page<'_>) {
    let f = &p.report.pledges;
    let heading = p.t("doc.pledges.by-country");
    h.el("h3", &[], &heading);
    if f.by_country.is_empty() {
        h.el("p", &[], &p.t("doc.pledges.no-countries"));
        return;
    }
    h.el("p", &[], &p.t("doc.pledges.by-country-intro"));
    let headers = [p.t("doc.country"), p.t("doc.iso"), p.t("doc.pledges")];
    table(h, &heading, &headers, 2);
    for c in &f.by_country {
        h.open("tr", &[]);
        h.el("th", &[("scope", "row")], c.name.get(p.lang));
        h.el("td", &[("class", "code")], &c.iso3);
        num(h, &p.int(c.count));
        h.close("tr");
    }
    if f.other_countries.countries > 0 {
        h.open("tr", &[]);
        h.el(
            "th",
            &[("scope", "row")],
            &format!(
                "{} ({})",
                p.t("doc.other-countries"),
                p.int(f.other_countries.countries)
            ),
        );
        h.el("td", &[], "");
        num(h, &p.int(f.other_countries.pledges));
        h.close("tr");
    }
    end_table(h);
}

/// The revisions to published quarters: each published figure that today's inputs change.
pub(super) fn revisions(h: &mut Html, p: &Page<'_>) {
    let r = &p.report.revisions;
    let heading = p.t("doc.revisions.title");
    section(h, "revisions", &heading);
    if r.published.is_empty() {
        h.el("p", &[], &p.t("doc.revisions.none-published"));
    } else if r.list.is_empty() {
        h.el(
            "p",
            &[],
            &format!("{} {}", p.t("doc.revisions.none"), r.published.join(", ")),
        );
    } else {
        h.el("p", &[], &p.t("doc.revisions.intro"));
        let headers = [
            p.t("doc.revisions.quarter"),
            p.t("doc.revisions.figure"),
            p.t("doc.revisions.published"),
            p.t("doc.revisions.now"),
        ];
        table(h, &heading, &headers, 2);
        for v in &r.list {
            h.open("tr", &[]);
            h.el("th", &[("scope", "row")], &v.period);
            h.el("td", &[], v.figure.get(p.lang));
            num(h, v.published.get(p.lang));
            num(h, v.now.get(p.lang));
            h.close("tr");
        }
        end_table(h);
    }
    h.close("section");
}
