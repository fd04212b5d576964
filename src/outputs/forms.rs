//! The forms output: the collection workbooks for a month, pre-filled from what is known
//! (`seguimiento forms` writes them; the follow-up messages attach the status forms).
//!
//! Each agency that leads or co-leads an activity gets a status workbook listing those
//! activities (code, title, calendar, the last report received), and one pledge workbook lists
//! every known pledge for its quarterly update. The forms exist so that what comes back reads
//! without a single finding: the header row carries exactly the headers ingest
//! recognises ([`Field::header`]), the title block above it names no field, the reference
//! columns have their headers above the header row (so they are not unknown columns), and
//! dropdowns and rules keep statuses, progress and dates to what ingest accepts. The sheet is
//! protected, without a password, except the cells to fill.
//!
//! A form speaks the run's languages: its title lines, instructions and rules are written in
//! each, its headers, words, values and file name in the first, the one agencies answer in.
//!
//! Each form is declared here as data, a table of columns and the rows they are filled from;
//! `sheet` is the one builder that writes any such declaration. The module must never write
//! a cell that ingest would reject as it stands once filled, nor any formula; and the bytes
//! depend only on the inputs, the as-of date and the month.

use chrono::NaiveDate;

use crate::calendar::YearMonth;
use crate::config::RunConfig;
use crate::i18n::{format_month, format_percent, tr, Lang};
use crate::ingest::forms::{Field, FormKind};
use crate::model::{EntityType, PledgeStatus, Status};
use crate::report::{ActivityData, PledgeData};
use crate::sheets::write::error as xlsx_error;
use crate::{reference, Checked, Result};

mod sheet;

use sheet::{Column, FormSpec, Look, Rows, Rule, Speaks, XlsxResult};

/// Blank rows left at the end of a status form for activities not listed.
pub const STATUS_SPARE_ROWS: u32 = 5;

/// Blank rows left at the end of the pledge form for new pledges.
pub const PLEDGE_SPARE_ROWS: u32 = 10;

/// Manifest-style kind of a form.
pub const KIND: &str = "form";

/// A form workbook, ready to write.
pub struct Form {
    /// The agency it is for (status forms), by registry id.
    pub agency: Option<String>,
    /// File name (`formulario-estado-oim-2024-07.xlsx`).
    pub file_name: String,
    /// The workbook's bytes.
    pub bytes: Vec<u8>,
}

/// Returns the month `seguimiento forms` collects by default: the one after the as-of month.
pub fn next_month(config: &RunConfig) -> YearMonth {
    config.as_of_month().next()
}

/// Returns the agencies that get a status form: every lead or co-lead of an activity, by id.
fn form_agencies(checked: &Checked) -> Vec<&str> {
    let mut agencies: Vec<&str> = checked
        .plan
        .activities
        .iter()
        .flat_map(|a| a.lead.iter().map(String::as_str))
        .collect();
    agencies.sort_unstable();
    agencies.dedup();
    agencies
}

/// Builds one agency's status form for `month`, named and made exactly as `seguimiento forms`
/// writes it (the follow-up messages attach it); none when the agency leads no activity and
/// so has no form.
pub fn agency_status_form(
    checked: &Checked,
    agency: &str,
    month: YearMonth,
) -> Result<Option<Form>> {
    if !form_agencies(checked).contains(&agency) {
        return Ok(None);
    }
    let lang = Speaks::of(checked).first();
    let acronym = agency_in_file_name(checked.plan.registry(), agency, lang);
    let file_name = tr(
        lang,
        "forms.file.status",
        &[("agency", &acronym), ("month", &iso(month))],
    );
    let bytes = status_form(checked, agency, month).map_err(|e| xlsx_error(&file_name, e))?;
    Ok(Some(Form {
        agency: Some(agency.to_string()),
        file_name,
        bytes,
    }))
}

/// Returns the language the forms of `checked`'s run are written in: the first of the run's.
pub fn form_language(checked: &Checked) -> Lang {
    sheet::form_language(&checked.languages)
}

/// Builds every form of `month`: one status workbook per lead agency, then the pledge workbook.
pub fn build_all(checked: &Checked, month: YearMonth) -> Result<Vec<Form>> {
    let mut out = Vec::new();
    for agency in form_agencies(checked) {
        out.extend(agency_status_form(checked, agency, month)?);
    }
    let file_name = tr(
        Speaks::of(checked).first(),
        "forms.file.pledges",
        &[("month", &iso(month))],
    );
    let bytes = pledge_form(checked, month).map_err(|e| xlsx_error(&file_name, e))?;
    out.push(Form {
        agency: None,
        file_name,
        bytes,
    });
    Ok(out)
}

/// Returns a month as ingest reads it best (`2024-07`), as the forms' folder and names use it.
pub fn iso(m: YearMonth) -> String {
    format!("{:04}-{:02}", m.year, m.month)
}

/// Returns the key of the name of quarter `q` (`quarter.3`: "third quarter of {year}").
fn quarter_key(q: u32) -> &'static str {
    match q {
        1 => "quarter.1",
        2 => "quarter.2",
        3 => "quarter.3",
        _ => "quarter.4",
    }
}

/// Returns the words of a vocabulary as the forms offer them: in the form's language, as
/// ingest reads them.
fn words_in<T: Copy>(lang: Lang, all: &[T], word: fn(T, Lang) -> &'static str) -> Vec<String> {
    all.iter().map(|&t| word(t, lang).to_string()).collect()
}

/// One pre-filled row of a status form: an activity the agency leads, for the month.
struct StatusRow<'a> {
    activity: &'a ActivityData,
    /// The month reported (`2024-07`).
    period: &'a str,
    /// The agency as it reports itself (its acronym in the form's language).
    agency: &'a str,
    /// The form's language.
    lang: Lang,
}

type StatusColumn<'a> = Column<StatusRow<'a>>;

/// The columns of a status form; `codes` are the plan's activity codes, offered in the spare
/// rows. The agency's description has a column for each language the form speaks.
fn status_columns<'a>(codes: Vec<String>, speaks: &Speaks) -> Vec<StatusColumn<'a>> {
    use Look::*;
    let lang = speaks.first();
    let mut columns = vec![
        StatusColumn::fixed(Field::Activity, "forms.help.field.activity", 9.0, Text)
            .value(|r| r.activity.code.clone())
            .rule(Rule::List {
                words: codes,
                rows: Rows::Spare,
                title: "forms.valid.code.title",
                message: "forms.valid.code.message",
            }),
        StatusColumn::reference("forms.ref.title", 46.0, Wrap)
            .value(|r| r.activity.title.get(r.lang).to_string()),
        StatusColumn::reference("forms.ref.calendar", 22.0, Wrap)
            .value(|r| r.activity.calendar.get(r.lang).to_string()),
        StatusColumn::reference("forms.ref.last", 28.0, Wrap)
            .value(|r| last_report(r.activity, r.lang)),
        StatusColumn::fixed(Field::Period, "forms.help.field.period", 10.0, Text)
            .value(|r| r.period.to_string()),
        StatusColumn::fixed(Field::Agency, "forms.help.field.agency", 11.0, Text)
            .value(|r| r.agency.to_string()),
        StatusColumn::fill(Field::Status, "forms.help.field.status", 14.0, Text).rule(Rule::List {
            words: words_in(lang, Status::ALL, Status::word),
            rows: Rows::All,
            title: "forms.valid.status.title",
            message: "forms.valid.status.message",
        }),
        StatusColumn::fill(Field::Progress, "forms.help.field.progress", 9.0, Number).rule(
            Rule::Percent {
                title: "forms.valid.progress.title",
                message: "forms.valid.progress.message",
            },
        ),
        StatusColumn::fill(Field::Date, "forms.help.field.date", 13.0, Date).rule(Rule::Date {
            title: "forms.valid.date.title",
            message: "forms.valid.date.message",
        }),
    ];
    columns.extend(speaks.0.iter().enumerate().map(|(i, &l)| {
        let help = if i == 0 {
            "forms.help.field.narrative-first"
        } else {
            "forms.help.field.narrative-other"
        };
        StatusColumn::fill(Field::NarrativeIn(l), help, 36.0, Wrap)
    }));
    columns.extend([
        StatusColumn::fill(Field::NextSteps, "forms.help.field.next-steps", 28.0, Wrap),
        StatusColumn::fill(Field::Evidence, "forms.help.field.evidence", 26.0, Text),
    ]);
    columns
}

/// One pre-filled row of the pledge form: a known pledge, in the form's language.
struct PledgeRow<'a> {
    pledge: &'a PledgeData,
    lang: Lang,
}

type PledgeColumn<'a> = Column<PledgeRow<'a>>;

/// The columns of the pledge form, in the form's language `lang`.
fn pledge_columns<'a>(lang: Lang) -> Vec<PledgeColumn<'a>> {
    use Look::*;
    vec![
        PledgeColumn::fixed(Field::Pledge, "forms.help.field.pledge", 14.0, Text)
            .value(|r| r.pledge.id.clone()),
        PledgeColumn::fixed(Field::Title, "forms.help.field.title", 42.0, Wrap)
            .value(|r| r.pledge.title.clone()),
        PledgeColumn::fixed(Field::Entity, "forms.help.field.entity", 26.0, Wrap)
            .value(|r| r.pledge.entity.clone()),
        PledgeColumn::fill(
            Field::EntityType,
            "forms.help.field.entity-type",
            17.0,
            Text,
        )
        .value(|r| {
            r.pledge
                .entity_type
                .0
                .map(|t| t.word(r.lang).to_string())
                .unwrap_or_default()
        })
        .rule(Rule::List {
            words: words_in(lang, EntityType::ALL, EntityType::word),
            rows: Rows::All,
            title: "forms.valid.entity-type.title",
            message: "forms.valid.entity-type.message",
        }),
        PledgeColumn::fill(Field::Countries, "forms.help.field.countries", 22.0, Wrap)
            .value(|r| countries_text(r.pledge, r.lang)),
        PledgeColumn::fill(Field::Objectives, "forms.help.field.objectives", 12.0, Text).value(
            |r| {
                let numbers: Vec<String> = r.pledge.objectives.iter().map(u8::to_string).collect();
                numbers.join(", ")
            },
        ),
        PledgeColumn::fill(Field::Status, "forms.help.field.pledge-status", 15.0, Text).rule(
            Rule::List {
                words: words_in(lang, PledgeStatus::ALL, PledgeStatus::word),
                rows: Rows::All,
                title: "forms.valid.pledge-status.title",
                message: "forms.valid.pledge-status.message",
            },
        ),
        PledgeColumn::fill(
            Field::UpdateDate,
            "forms.help.field.update-date",
            13.0,
            Date,
        )
        .rule(Rule::Date {
            title: "forms.valid.date.title",
            message: "forms.valid.date.message",
        }),
        PledgeColumn::fill(Field::Narrative, "forms.help.field.narrative", 45.0, Wrap),
        PledgeColumn::reference("forms.ref.last-status", 16.0, Text)
            .value(|r| r.pledge.status.word(r.lang).to_string()),
        PledgeColumn::reference("forms.ref.last-update", 22.0, Text)
            .value(|r| r.pledge.update_text.get(r.lang).to_string()),
    ]
}

/// Describes the last report on an activity for the reference column, in `lang`.
fn last_report(a: &ActivityData, lang: Lang) -> String {
    let Some(month) = &a.last_period else {
        return tr(lang, "forms.ref.none", &[]);
    };
    let status = tr(lang, a.status.label_key(), &[]);
    let by = a
        .reported_by
        .as_ref()
        .map(|t| t.get(lang).to_string())
        .unwrap_or_default();
    match a.progress {
        Some(p) => tr(
            lang,
            "forms.ref.last-progress",
            &[
                ("status", &status),
                ("progress", &format_percent(lang, p)),
                ("month", &month.get(lang)),
                ("agency", &by),
            ],
        ),
        None => tr(
            lang,
            "forms.ref.last-value",
            &[
                ("status", &status),
                ("month", &month.get(lang)),
                ("agency", &by),
            ],
        ),
    }
}

/// Builds the status workbook of one agency for `month`: a row for each activity it leads.
fn status_form(checked: &Checked, agency: &str, month: YearMonth) -> XlsxResult<Vec<u8>> {
    let r = checked.plan.registry();
    let speaks = Speaks::of(checked);
    let lang = speaks.first();
    let acronym = r.agency_label(agency, lang);
    let named = |lang| {
        r.agency_by_id(agency).map_or_else(
            || acronym.clone(),
            |a| format!("{} – {}", a.acronym.get(lang), a.name.get(lang)),
        )
    };
    let period = iso(month);
    let activities = &checked.plan.activities;
    let rows = activities
        .iter()
        .filter(|a| a.lead.iter().any(|l| l == agency))
        .filter_map(|a| {
            checked
                .report
                .activities
                .list
                .iter()
                .find(|d| d.code == a.code)
        })
        .map(|activity| StatusRow {
            activity,
            period: &period,
            agency: &acronym,
            lang,
        })
        .collect();
    // Some activities took place before the plan's first month (a side event in April 2023).
    let first_day = activities
        .iter()
        .map(|a| a.schedule.window_start)
        .fold(checked.plan.meta.start.first_day(), NaiveDate::min);
    // The day the form is due comes from the settings, as the reporting figures count it.
    let due_day = checked.report.reporting.due_day;
    let spec = FormSpec {
        kind: FormKind::Status,
        sheet: "forms.sheet.status",
        title: "forms.status.title",
        about: vec![
            speaks.each(|lang| tr(lang, "forms.agency", &[("agency", &named(lang))])),
            speaks.each(|lang| {
                let words = format_month(lang, month);
                tr(lang, "forms.month", &[("month", &words), ("iso", &period)])
            }),
            speaks.each(|lang| {
                let due = crate::reconcile::reporting::due_date(month, due_day);
                tr(
                    lang,
                    "forms.due",
                    &[("date", &crate::i18n::format_date(lang, due))],
                )
            }),
        ],
        doc_title: format!("{} – {}", speaks.both("forms.status.title"), acronym),
        columns: status_columns(activities.iter().map(|a| a.code.clone()).collect(), &speaks),
        rows,
        row_height: 45.0,
        spare_rows: STATUS_SPARE_ROWS,
        dates: (first_day, month.last_day()),
        help: [
            "forms.help.status.intro",
            "forms.help.status.rows",
            "forms.help.status.extra",
        ],
        speaks,
    };
    sheet::write(checked, &spec, month)
}

/// Writes a pledge's countries so ingest reads them back: their names in `lang`, or the code
/// as written when the name could be misread (it holds a separator) or is unknown.
fn countries_text(p: &PledgeData, lang: Lang) -> String {
    let r = reference::get();
    p.countries
        .iter()
        .map(|c| match r.country_by_iso(c) {
            Some(k) if !k.name.get(lang).contains([',', ';']) => k.name.get(lang).to_string(),
            _ => c.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Builds the pledge workbook listing every known pledge for its update in `month`'s quarter.
fn pledge_form(checked: &Checked, month: YearMonth) -> XlsxResult<Vec<u8>> {
    let pledges = &checked.report.pledges.list;
    let speaks = Speaks::of(checked);
    let lang = speaks.first();
    let quarter = |lang| tr(lang, quarter_key(month.quarter()), &[("year", &month.year)]);
    let plan_start = checked.plan.meta.start.first_day();
    let first_day = pledges
        .iter()
        .map(|p| p.update_date)
        .fold(plan_start, NaiveDate::min);
    let spec = FormSpec {
        kind: FormKind::Pledges,
        sheet: "forms.sheet.pledges",
        title: "forms.pledges.title",
        about: vec![speaks.each(|lang| tr(lang, "forms.quarter", &[("quarter", &quarter(lang))]))],
        doc_title: speaks.both("forms.pledges.title"),
        columns: pledge_columns(lang),
        rows: pledges
            .iter()
            .map(|pledge| PledgeRow { pledge, lang })
            .collect(),
        row_height: 30.0,
        // New pledges go in the spare rows: their id, title and entity are open there.
        spare_rows: PLEDGE_SPARE_ROWS,
        dates: (first_day, month.last_day()),
        help: [
            "forms.help.pledges.intro",
            "forms.help.pledges.rows",
            "forms.help.pledges.extra",
        ],
        speaks,
    };
    sheet::write(checked, &spec, month)
}

/// Returns an agency as its form's file name in `lang` writes it: its acronym in that
/// language, folded (`oim`, `onu-habitat`), so the secretariat finds
/// `formulario-estado-oim-2024-07.xlsx`.
pub fn agency_in_file_name(
    registry: &crate::plan::Registry,
    agency_id: &str,
    lang: Lang,
) -> String {
    registry
        .agency_by_id(agency_id)
        .map(|a| crate::text::fold(a.acronym.get(lang)).replace([' ', '/'], "-"))
        .unwrap_or_else(|| agency_id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The forms hold every field ingest reads, in its order, so an instruction or a header
    /// cannot be missing from a form.
    #[test]
    fn each_form_declares_the_fields_ingest_reads_in_order() {
        // A form that speaks every language has every narrative column.
        let every = Speaks(Lang::ALL.to_vec());
        assert_eq!(
            sheet::fields(&status_columns(Vec::new(), &every)),
            FormKind::Status.fields()
        );
        assert_eq!(
            sheet::fields(&pledge_columns(Lang::WORKING)),
            FormKind::Pledges.fields()
        );
    }

    #[test]
    fn names_each_quarter_by_its_own_key() {
        let keys: Vec<&str> = (1..=4).map(quarter_key).collect();
        assert_eq!(keys, ["quarter.1", "quarter.2", "quarter.3", "quarter.4"]);
    }
}
