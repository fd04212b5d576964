//! The tracker's list sheets, each one [`ListSheet`] declaration: activities, history,
//! pledges, pledge history, findings and the plan, with the column functions they share.

use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::kit::*;
use crate::findings::{Finding, Severity};
use crate::i18n::{tr, Lang};
use crate::ingest::{PledgeRecord, StatusRecord};
use crate::model::{ActivityStatus, PledgeStatus, Source};
use crate::plan::Activity;
use crate::reference;
use crate::report::{ActivityData, PledgeData};

/// A record read from a file, whose source closes its row (file, sheet, row).
pub(super) trait Sourced {
    fn source(&self) -> Option<&Source>;
}

impl Sourced for ActivityData {
    fn source(&self) -> Option<&Source> {
        self.source.as_ref()
    }
}

impl Sourced for StatusRecord {
    fn source(&self) -> Option<&Source> {
        Some(&self.source)
    }
}

impl Sourced for PledgeData {
    fn source(&self) -> Option<&Source> {
        Some(&self.source)
    }
}

impl Sourced for PledgeRecord {
    fn source(&self) -> Option<&Source> {
        Some(&self.source)
    }
}

pub(super) fn source_file<'a, R: Sourced>(r: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(r.source().map_or("", |s| &s.file))
}

pub(super) fn source_sheet<'a, R: Sourced>(r: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(
        r.source()
            .and_then(|s| s.sheet.as_deref())
            .unwrap_or_default(),
    )
}

pub(super) fn source_row<'a, R: Sourced>(r: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::number(r.source().map(|s| f64::from(s.row)))
}

/// What both pledge sheets show of a pledge, the latest record or one update.
pub(super) trait Pledge: Sourced {
    fn id(&self) -> &str;
    fn title(&self) -> &str;
    fn entity(&self) -> &str;
    fn objectives(&self) -> &[u8];
    fn status(&self) -> PledgeStatus;
    fn update_date(&self) -> NaiveDate;
    fn narrative(&self) -> Option<&str>;
}

macro_rules! pledge_fields {
    ($record:ty) => {
        impl Pledge for $record {
            fn id(&self) -> &str {
                &self.id
            }
            fn title(&self) -> &str {
                &self.title
            }
            fn entity(&self) -> &str {
                &self.entity
            }
            fn objectives(&self) -> &[u8] {
                &self.objectives
            }
            fn status(&self) -> PledgeStatus {
                self.status
            }
            fn update_date(&self) -> NaiveDate {
                self.update_date
            }
            fn narrative(&self) -> Option<&str> {
                self.narrative.as_deref()
            }
        }
    };
}

pledge_fields!(PledgeData);
pledge_fields!(PledgeRecord);

pub(super) fn pledge_id<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(p.id())
}

pub(super) fn pledge_title<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(p.title())
}

pub(super) fn pledge_entity<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(p.entity())
}

pub(super) fn pledge_objectives<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::owned(objectives_text(p.objectives()))
}

pub(super) fn pledge_status<'a, R: Pledge>(p: &'a R, c: &Ctx<'a>) -> Cell<'a> {
    Cell::owned(pledge_status_label(c.lang, p.status()))
}

pub(super) fn pledge_update_date<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::Date(p.update_date())
}

pub(super) fn pledge_narrative<'a, R: Pledge>(p: &'a R, _: &Ctx<'a>) -> Cell<'a> {
    Cell::text(p.narrative().unwrap_or_default())
}

/// The activities as the reports show them, one row each.
pub(super) const ACTIVITIES: ListSheet<ActivityData> = ListSheet {
    name: "xlsx.sheet.activities",
    table: "xlsx.table.activities",
    freeze_cols: 1,
    columns: &[
        col("xlsx.col.code", 8.0, Kind::Text, |a, _| Cell::text(&a.code)),
        col("xlsx.col.priority", 9.0, Kind::Text, |a, _| {
            Cell::text(&a.priority)
        }),
        col("xlsx.col.title", 50.0, Kind::Wrap, |a, c| {
            Cell::text(a.title.get(c.lang))
        }),
        col("xlsx.col.lead", 16.0, Kind::Wrap, |a, c| {
            Cell::text(a.lead.get(c.lang))
        }),
        col("xlsx.col.support", 18.0, Kind::Wrap, |a, c| {
            Cell::text(a.support.get(c.lang))
        }),
        col("xlsx.col.calendar", 24.0, Kind::Wrap, |a, c| {
            Cell::text(a.calendar.get(c.lang))
        }),
        col("xlsx.col.window-end", 12.0, Kind::Date, |a, c| {
            Cell::date(
                c.checked
                    .plan
                    .activity(&a.code)
                    .map(|p| p.schedule.window_end),
            )
        }),
        col("xlsx.col.recurring", 11.0, Kind::Text, |a, c| {
            Cell::owned(yes_no(c.lang, a.recurring))
        }),
        col("xlsx.col.status", 13.0, Kind::Text, |a, c| {
            Cell::owned(status_label(c.lang, a.status))
        }),
        col("xlsx.col.iati-status", 9.0, Kind::Int, |a, _| {
            iati(a.status)
        }),
        col("xlsx.col.progress", 10.0, Kind::Percent, |a, _| {
            Cell::number(a.progress)
        }),
        col("xlsx.col.overdue", 11.0, Kind::Text, |a, c| {
            Cell::owned(yes_no(c.lang, a.overdue))
        }),
        col("xlsx.col.missing-report", 13.0, Kind::Text, |a, c| {
            Cell::owned(yes_no(c.lang, a.missing_report))
        }),
        col("xlsx.col.occurrences-expected", 13.0, Kind::Int, |a, _| {
            Cell::count(a.occurrences_expected)
        }),
        col("xlsx.col.occurrences-met", 13.0, Kind::Int, |a, _| {
            Cell::count(a.occurrences_met)
        }),
        col("xlsx.col.last-report", 11.0, Kind::Month, |a, _| {
            Cell::month(a.last_period_iso)
        }),
        col("xlsx.col.reported-by", 14.0, Kind::Text, |a, c| {
            Cell::text(a.reported_by.as_ref().map_or("", |t| t.get(c.lang)))
        }),
        col("xlsx.col.reports", 10.0, Kind::Int, |a, _| {
            Cell::count(a.reports)
        }),
        col("xlsx.col.previous-status", 14.0, Kind::Text, |a, c| {
            Cell::owned(status_label(c.lang, a.previous_status))
        }),
        col("xlsx.col.previous-iati-status", 9.0, Kind::Int, |a, _| {
            iati(a.previous_status)
        }),
        col("xlsx.col.changed", 11.0, Kind::Text, |a, c| {
            Cell::owned(yes_no(c.lang, a.changed))
        }),
        col("xlsx.col.narrative", 50.0, Kind::Wrap, |a, c| {
            Cell::text(a.narrative.as_ref().map_or("", |t| t.get(c.lang)))
        }),
        col("xlsx.col.next-steps", 36.0, Kind::Wrap, |a, _| {
            Cell::text(a.next_steps.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.evidence", 30.0, Kind::Link, |a, _| {
            Cell::link(a.evidence.as_deref())
        }),
        col("xlsx.col.file", 30.0, Kind::Text, source_file),
        col("xlsx.col.sheet", 12.0, Kind::Text, source_sheet),
        col("xlsx.col.row", 7.0, Kind::Int, source_row),
    ],
};

pub(super) fn activities(
    wb: &mut Workbook,
    ctx: &Ctx,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let sheet = &ACTIVITIES;
    let list = &ctx.checked.report.activities.list;
    let n = list.len();
    let mut ws = list_sheet(wb, sheet, list, ctx, f)?;
    status_conditions(&mut ws, sheet.col("xlsx.col.status", ctx), n, ctx.lang)?;
    status_conditions(
        &mut ws,
        sheet.col("xlsx.col.previous-status", ctx),
        n,
        ctx.lang,
    )?;
    let yes = tr(ctx.lang, "xlsx.yes", &[]);
    for header in ["xlsx.col.overdue", "xlsx.col.missing-report"] {
        colour_values(
            &mut ws,
            sheet.col(header, ctx),
            n,
            &[(yes.clone(), 0xFFC7CE, 0x9C0006)],
        )?;
    }
    Ok(ws)
}

pub(super) fn status_conditions(
    ws: &mut Worksheet,
    col: u16,
    rows: usize,
    lang: Lang,
) -> std::result::Result<(), XlsxError> {
    let values: Vec<(String, u32, u32)> = ActivityStatus::ALL
        .into_iter()
        .map(|s| {
            let (fill, font, _) = status_colours(s);
            (status_label(lang, s), fill, font)
        })
        .collect();
    colour_values(ws, col, rows, &values)
}

/// Every accepted status report, as read.
pub(super) const HISTORY: ListSheet<StatusRecord> = ListSheet {
    name: "xlsx.sheet.history",
    table: "xlsx.table.history",
    freeze_cols: 1,
    columns: &[
        col("xlsx.col.code", 8.0, Kind::Text, |s, _| {
            Cell::text(&s.activity)
        }),
        col("xlsx.col.period", 10.0, Kind::Month, |s, _| {
            Cell::month(Some(s.period))
        }),
        col("xlsx.col.agency", 12.0, Kind::Text, |s, c| {
            Cell::owned(c.checked.plan.registry().agency_label(&s.agency, c.lang))
        }),
        col("xlsx.col.status", 13.0, Kind::Text, |s, c| {
            Cell::owned(status_label(c.lang, s.status))
        }),
        col("xlsx.col.iati-status", 9.0, Kind::Int, |s, _| {
            Cell::Number(f64::from(s.status.iati()))
        }),
        col("xlsx.col.progress", 10.0, Kind::Percent, |s, _| {
            Cell::number(s.progress)
        }),
        col("xlsx.col.date", 12.0, Kind::Date, |s, _| Cell::date(s.date)),
        col_each_language("xlsx.col.narrative-in", 45.0, Kind::Wrap, |s, c| {
            Cell::text(s.narrative(c.lang).unwrap_or_default())
        }),
        col("xlsx.col.next-steps", 32.0, Kind::Wrap, |s, _| {
            Cell::text(s.next_steps.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.evidence", 30.0, Kind::Link, |s, _| {
            Cell::link(s.evidence.as_deref())
        }),
        col("xlsx.col.file", 30.0, Kind::Text, source_file),
        col("xlsx.col.sheet", 12.0, Kind::Text, source_sheet),
        col("xlsx.col.row", 7.0, Kind::Int, source_row),
    ],
};

pub(super) fn history(
    wb: &mut Workbook,
    ctx: &Ctx,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let sheet = &HISTORY;
    let list = &ctx.checked.intake.status;
    let mut ws = list_sheet(wb, sheet, list, ctx, f)?;
    status_conditions(
        &mut ws,
        sheet.col("xlsx.col.status", ctx),
        list.len(),
        ctx.lang,
    )?;
    Ok(ws)
}

pub(super) fn pledge_status_conditions(
    ws: &mut Worksheet,
    col: u16,
    rows: usize,
    lang: Lang,
) -> std::result::Result<(), XlsxError> {
    let values: Vec<(String, u32, u32)> = PledgeStatus::ALL
        .iter()
        .map(|&s| {
            let w = crate::outputs::palette::pledge(s);
            (pledge_status_label(lang, s), w.cell_fill(), w.cell_ink())
        })
        .collect();
    colour_values(ws, col, rows, &values)
}

/// Each pledge's latest record, one row each.
pub(super) const PLEDGES: ListSheet<PledgeData> = ListSheet {
    name: "xlsx.sheet.pledges",
    table: "xlsx.table.pledges",
    freeze_cols: 1,
    columns: &[
        col("xlsx.col.pledge", 14.0, Kind::Text, pledge_id),
        col("xlsx.col.pledge-title", 45.0, Kind::Wrap, pledge_title),
        col("xlsx.col.entity", 28.0, Kind::Wrap, pledge_entity),
        col("xlsx.col.entity-type", 16.0, Kind::Text, |p, c| {
            Cell::owned(entity_label(c.lang, p.entity_type))
        }),
        col("xlsx.col.countries", 24.0, Kind::Wrap, |p, c| {
            Cell::text(p.country_names.get(c.lang))
        }),
        col("xlsx.col.objectives", 14.0, Kind::Text, pledge_objectives),
        col("xlsx.col.status", 14.0, Kind::Text, pledge_status),
        col("xlsx.col.previous-status", 14.0, Kind::Text, |p, c| {
            Cell::owned(pledge_status_label(c.lang, p.previous_status))
        }),
        col("xlsx.col.changed", 11.0, Kind::Text, |p, c| {
            Cell::owned(yes_no(c.lang, p.changed))
        }),
        col("xlsx.col.update-date", 12.0, Kind::Date, pledge_update_date),
        col("xlsx.col.updated", 12.0, Kind::Text, |p, c| {
            Cell::owned(yes_no(c.lang, p.updated_this_quarter))
        }),
        col("xlsx.col.records", 10.0, Kind::Int, |p, _| {
            Cell::count(p.records)
        }),
        col(
            "xlsx.col.pledge-narrative",
            45.0,
            Kind::Wrap,
            pledge_narrative,
        ),
        col("xlsx.col.file", 30.0, Kind::Text, source_file),
        col("xlsx.col.sheet", 12.0, Kind::Text, source_sheet),
        col("xlsx.col.row", 7.0, Kind::Int, source_row),
    ],
};

pub(super) fn pledges(
    wb: &mut Workbook,
    ctx: &Ctx,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let sheet = &PLEDGES;
    let list = &ctx.checked.report.pledges.list;
    let n = list.len();
    let mut ws = list_sheet(wb, sheet, list, ctx, f)?;
    pledge_status_conditions(&mut ws, sheet.col("xlsx.col.status", ctx), n, ctx.lang)?;
    let no = tr(ctx.lang, "xlsx.no", &[]);
    colour_values(
        &mut ws,
        sheet.col("xlsx.col.updated", ctx),
        n,
        &[(no, 0xFFEB9C, 0x9C5700)],
    )?;
    Ok(ws)
}

/// The names of a pledge record's countries in `lang` (the code as written when unknown).
pub(super) fn country_names(p: &PledgeRecord, lang: Lang) -> String {
    let r = reference::get();
    p.countries
        .iter()
        .map(|c| {
            r.country_by_iso(c)
                .map_or(c.clone(), |k| k.name.get(lang).to_string())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every accepted pledge update, as read.
pub(super) const PLEDGE_HISTORY: ListSheet<PledgeRecord> = ListSheet {
    name: "xlsx.sheet.pledge-history",
    table: "xlsx.table.pledge-history",
    freeze_cols: 1,
    columns: &[
        col("xlsx.col.pledge", 14.0, Kind::Text, pledge_id),
        col("xlsx.col.pledge-title", 45.0, Kind::Wrap, pledge_title),
        col("xlsx.col.entity", 28.0, Kind::Wrap, pledge_entity),
        col("xlsx.col.entity-type", 16.0, Kind::Text, |p, c| {
            Cell::owned(entity_label(c.lang, p.entity_type))
        }),
        col("xlsx.col.countries", 24.0, Kind::Wrap, |p, c| {
            Cell::owned(country_names(p, c.lang))
        }),
        col("xlsx.col.objectives", 14.0, Kind::Text, pledge_objectives),
        col("xlsx.col.status", 14.0, Kind::Text, pledge_status),
        col("xlsx.col.update-date", 12.0, Kind::Date, pledge_update_date),
        col(
            "xlsx.col.pledge-narrative",
            45.0,
            Kind::Wrap,
            pledge_narrative,
        ),
        col("xlsx.col.file", 30.0, Kind::Text, source_file),
        col("xlsx.col.sheet", 12.0, Kind::Text, source_sheet),
        col("xlsx.col.row", 7.0, Kind::Int, source_row),
    ],
};

pub(super) fn pledge_history(
    wb: &mut Workbook,
    ctx: &Ctx,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let sheet = &PLEDGE_HISTORY;
    let list = &ctx.checked.intake.pledges;
    let mut ws = list_sheet(wb, sheet, list, ctx, f)?;
    pledge_status_conditions(
        &mut ws,
        sheet.col("xlsx.col.status", ctx),
        list.len(),
        ctx.lang,
    )?;
    Ok(ws)
}

/// Every finding of the run.
pub(super) const FINDINGS: ListSheet<Finding> = ListSheet {
    name: "xlsx.sheet.findings",
    table: "xlsx.table.findings",
    freeze_cols: 0,
    columns: &[
        col("xlsx.col.finding-id", 15.0, Kind::Text, |x, _| {
            Cell::text(&x.id)
        }),
        col("xlsx.col.severity", 11.0, Kind::Text, |x, c| {
            Cell::owned(severity_label(c.lang, x.severity()))
        }),
        col("xlsx.col.finding-code", 22.0, Kind::Text, |x, _| {
            Cell::text(x.code.as_str())
        }),
        col("xlsx.col.file", 30.0, Kind::Text, |x, _| {
            Cell::text(x.location.file.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.sheet", 12.0, Kind::Text, |x, _| {
            Cell::text(x.location.sheet.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.row", 7.0, Kind::Int, |x, _| {
            Cell::number(x.location.row.map(f64::from))
        }),
        col("xlsx.col.column", 9.0, Kind::Text, |x, _| {
            Cell::text(x.location.column.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.activity", 10.0, Kind::Text, |x, _| {
            Cell::text(x.activity.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.pledge", 14.0, Kind::Text, |x, _| {
            Cell::text(x.pledge.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.agency", 12.0, Kind::Text, |x, c| {
            let registry = c.checked.plan.registry();
            Cell::owned(
                x.agency
                    .as_deref()
                    .map(|a| registry.agency_label(a, c.lang))
                    .unwrap_or_default(),
            )
        }),
        col("xlsx.col.open-since", 10.0, Kind::Month, |x, _| {
            Cell::month(x.open_since)
        }),
        col("xlsx.col.age", 9.0, Kind::Int, |x, _| {
            Cell::number(x.age_months.map(f64::from))
        }),
        col("xlsx.col.message", 80.0, Kind::Wrap, |x, c| {
            Cell::text(x.message.get(c.lang))
        }),
        col("xlsx.col.decision", 16.0, Kind::Text, |x, c| {
            Cell::owned(
                x.decision
                    .map(|d| tr(c.lang, d.label_key(), &[]))
                    .unwrap_or_default(),
            )
        }),
        col("xlsx.col.note", 40.0, Kind::Wrap, |x, _| {
            Cell::text(x.note.as_deref().unwrap_or_default())
        }),
    ],
};

pub(super) fn findings(
    wb: &mut Workbook,
    ctx: &Ctx,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    let list = &ctx.checked.findings;
    let mut ws = list_sheet(wb, &FINDINGS, list, ctx, f)?;
    let values: Vec<(String, u32, u32)> = Severity::ALL
        .iter()
        .map(|&s| {
            let (fill, font) = crate::outputs::palette::severity_cell(s);
            (severity_label(ctx.lang, s), fill, font)
        })
        .collect();
    colour_values(
        &mut ws,
        FINDINGS.col("xlsx.col.severity", ctx),
        list.len(),
        &values,
    )?;
    Ok(ws)
}

/// Texts in `lang`, one a line.
pub(super) fn lines_of(texts: &[crate::i18n::Text], lang: Lang) -> String {
    texts
        .iter()
        .map(|t| t.get(lang).to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// An activity's notes in `lang`, then the irregularities the plan flags it with, in words.
pub(super) fn plan_notes(a: &Activity, lang: Lang) -> String {
    let mut notes = lines_of(&a.notes, lang);
    for i in &a.irregularities {
        if !notes.is_empty() {
            notes.push('\n');
        }
        match crate::plan::irregularity_key(i) {
            Some(key) => notes.push_str(&tr(lang, key, &[])),
            None => notes.push_str(i),
        }
    }
    notes
}

/// How the tracker reads an activity's calendar, marked when it is tentative.
pub(super) fn schedule_reading(a: &Activity, lang: Lang) -> String {
    crate::plan::schedule::words::reading(lang, &a.schedule.parsed, a.schedule.tentative)
}

/// The plan as it was read, one row per activity.
pub(super) const PLAN: ListSheet<Activity> = ListSheet {
    name: "xlsx.sheet.plan",
    table: "xlsx.table.plan",
    freeze_cols: 1,
    columns: &[
        col("xlsx.col.code", 8.0, Kind::Text, |a, _| Cell::text(&a.code)),
        col("xlsx.col.priority", 9.0, Kind::Text, |a, _| {
            Cell::text(&a.priority)
        }),
        col("xlsx.col.title", 50.0, Kind::Wrap, |a, c| {
            Cell::text(a.title.get(c.lang))
        }),
        col("xlsx.col.details", 40.0, Kind::Wrap, |a, c| {
            Cell::owned(lines_of(&a.details, c.lang))
        }),
        col("xlsx.col.lead", 20.0, Kind::Wrap, |a, c| {
            Cell::text(a.lead_text.get(c.lang))
        }),
        col("xlsx.col.lead-agencies", 14.0, Kind::Text, |a, c| {
            let registry = c.checked.plan.registry();
            let leads: Vec<String> = a
                .lead
                .iter()
                .map(|id| registry.agency_label(id, c.lang))
                .collect();
            Cell::owned(leads.join(", "))
        }),
        col("xlsx.col.support", 22.0, Kind::Wrap, |a, c| {
            Cell::text(a.support_text.get(c.lang))
        }),
        col("xlsx.col.calendar", 24.0, Kind::Wrap, |a, c| {
            Cell::owned(a.calendar(c.lang))
        }),
        col("xlsx.col.calendar-original", 24.0, Kind::Wrap, |a, _| {
            Cell::text(&a.schedule.text)
        }),
        col("xlsx.col.schedule", 30.0, Kind::Wrap, |a, c| {
            Cell::owned(schedule_reading(a, c.lang))
        }),
        col("xlsx.col.schedule-note", 24.0, Kind::Wrap, |a, _| {
            Cell::text(a.schedule.note.as_deref().unwrap_or_default())
        }),
        col("xlsx.col.window-start", 12.0, Kind::Date, |a, _| {
            Cell::Date(a.schedule.window_start)
        }),
        col("xlsx.col.window-end", 12.0, Kind::Date, |a, _| {
            Cell::Date(a.schedule.window_end)
        }),
        col("xlsx.col.objectives", 14.0, Kind::Text, |a, _| {
            Cell::owned(objectives_text(&a.objectives))
        }),
        col("xlsx.col.notes", 36.0, Kind::Wrap, |a, c| {
            Cell::owned(plan_notes(a, c.lang))
        }),
        col("xlsx.col.revisions", 30.0, Kind::Wrap, |a, c| {
            Cell::owned(crate::plan::revisions::activity_text(a, c.lang))
        }),
    ],
};

pub(super) fn plan(
    wb: &mut Workbook,
    ctx: &Ctx,
    f: &Formats,
) -> std::result::Result<Worksheet, XlsxError> {
    list_sheet(wb, &PLAN, &ctx.checked.plan.activities, ctx, f)
}
