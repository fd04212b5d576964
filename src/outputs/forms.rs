//! The forms output: the collection workbooks for a month, pre-filled from what is known
//! (`seguimiento forms` writes them; the follow-up messages attach the status forms).
//!
//! Each agency that leads or co-leads an activity gets a status workbook listing those
//! activities (code, title, calendar, the last report received), and one pledge workbook lists
//! every known pledge for its quarterly update. The forms exist so that what comes back reads
//! without a single finding: the header row carries exactly the Spanish headers ingest
//! recognises ([`Field::header`]), the title block above it names no field, the reference
//! columns have their headers above the header row (so they are not unknown columns), and
//! dropdowns and rules keep statuses, progress and dates to what ingest accepts. The sheet is
//! protected, without a password, except the cells to fill.
//!
//! The module must never write a cell that ingest would reject as it stands once filled, nor
//! any formula; and the bytes depend only on the inputs, the as-of date and the month.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, Format,
    FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::calendar::YearMonth;
use crate::config::RunConfig;
use crate::i18n::{format_date, format_month, format_percent, tr, Lang};
use crate::ingest::forms::{Field, FormKind};
use crate::model::{EntityType, PledgeStatus, Status};
use crate::report::{ActivityData, PledgeData};
use crate::tracker::{clip, creation_time, xlsx_error};
use crate::{reference, Checked, Result};

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
    let acronym = agency_in_file_name(agency);
    let file_name = tr(
        Lang::Es,
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

/// Builds every form of `month`: one status workbook per lead agency, then the pledge workbook.
pub fn build_all(checked: &Checked, month: YearMonth) -> Result<Vec<Form>> {
    let mut out = Vec::new();
    for agency in form_agencies(checked) {
        out.extend(agency_status_form(checked, agency, month)?);
    }
    let file_name = tr(Lang::Es, "forms.file.pledges", &[("month", &iso(month))]);
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

/// Returns a string-table text in Spanish, then in English, on one line.
fn both(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    format!("{} / {}", tr(Lang::Es, key, args), tr(Lang::En, key, args))
}

/// Returns the bilingual text when it fits `limit` UTF-16 units, else the Spanish one.
fn both_within(key: &str, args: &[(&str, &dyn std::fmt::Display)], limit: usize) -> String {
    let b = both(key, args);
    if b.encode_utf16().count() <= limit {
        b
    } else {
        tr(Lang::Es, key, args)
    }
}

/// The cell formats of a form.
struct Formats {
    title: Format,
    line: Format,
    hint: Format,
    group: Format,
    header: Format,
    reference_header: Format,
    reference_foot: Format,
    fixed: Format,
    fixed_wrap: Format,
    fill: Format,
    fill_wrap: Format,
    fill_number: Format,
    fill_date: Format,
    help_title: Format,
    help_header: Format,
    help: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
                .set_align(FormatAlign::Top)
        };
        let fixed = cell().set_background_color(Color::RGB(0xEDEDED));
        let fill = cell().set_unlocked().set_background_color(Color::White);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            line: Format::new(),
            hint: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            group: Format::new()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xFFF2CC))
                .set_border(FormatBorder::Thin),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin),
            reference_header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9D9D9))
                .set_border_top(FormatBorder::Thin)
                .set_border_left(FormatBorder::Thin)
                .set_border_right(FormatBorder::Thin),
            reference_foot: Format::new()
                .set_background_color(Color::RGB(0xD9D9D9))
                .set_border_bottom(FormatBorder::Thin)
                .set_border_left(FormatBorder::Thin)
                .set_border_right(FormatBorder::Thin),
            fixed_wrap: fixed.clone().set_text_wrap(),
            fixed,
            fill_wrap: fill.clone().set_text_wrap(),
            fill_number: fill.clone().set_num_format("0.##"),
            fill_date: fill.clone().set_num_format("dd/mm/yyyy"),
            fill,
            help_title: Format::new().set_bold().set_font_size(14),
            help_header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin),
            help: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF)),
        }
    }
}

/// What a column of a form holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A form field written in advance and protected.
    Fixed(Field),
    /// A form field the agency fills in.
    Fill(Field),
    /// A reference column, outside the form, with its header above the header row.
    Reference(&'static str),
}

/// One column of a form and its width.
struct Column(Kind, f64);

fn status_columns() -> Vec<Column> {
    use Field::*;
    use Kind::*;
    vec![
        Column(Fixed(Activity), 9.0),
        Column(Reference("forms.ref.title"), 46.0),
        Column(Reference("forms.ref.calendar"), 22.0),
        Column(Reference("forms.ref.last"), 28.0),
        Column(Fixed(Period), 10.0),
        Column(Fixed(Agency), 11.0),
        Column(Fill(Status), 14.0),
        Column(Fill(Progress), 9.0),
        Column(Fill(Date), 13.0),
        Column(Fill(NarrativeEs), 36.0),
        Column(Fill(NarrativeEn), 36.0),
        Column(Fill(NextSteps), 28.0),
        Column(Fill(Evidence), 26.0),
    ]
}

fn pledge_columns() -> Vec<Column> {
    use Field::*;
    use Kind::*;
    vec![
        Column(Fixed(Pledge), 14.0),
        Column(Fixed(Title), 42.0),
        Column(Fixed(Entity), 26.0),
        Column(Fill(EntityType), 17.0),
        Column(Fill(Countries), 22.0),
        Column(Fill(Objectives), 12.0),
        Column(Fill(Status), 15.0),
        Column(Fill(UpdateDate), 13.0),
        Column(Fill(Narrative), 45.0),
        Column(Reference("forms.ref.last-status"), 16.0),
        Column(Reference("forms.ref.last-update"), 22.0),
    ]
}

fn col_of(cols: &[Column], field: Field) -> u16 {
    cols.iter()
        .position(|c| matches!(c.0, Kind::Fixed(f) | Kind::Fill(f) if f == field))
        .unwrap_or(0) as u16
}

/// Writes the title block lines, the group row and the header row; returns the header row.
fn write_head(
    ws: &mut Worksheet,
    form: FormKind,
    cols: &[Column],
    lines: &[String],
    f: &Formats,
) -> std::result::Result<u32, XlsxError> {
    for (i, c) in cols.iter().enumerate() {
        ws.set_column_width(i as u16, c.1)?;
    }
    ws.write_string_with_format(0, 0, clip(&lines[0]), &f.title)?;
    for (i, line) in lines.iter().enumerate().skip(1) {
        let fmt = if i + 1 == lines.len() {
            &f.hint
        } else {
            &f.line
        };
        ws.write_string_with_format(i as u32, 0, clip(line), fmt)?;
    }
    let group_row = lines.len() as u32 + 1;
    let header_row = group_row + 1;
    // The group label spans the columns to fill, which are contiguous.
    let fill: Vec<u16> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.0, Kind::Fill(_)))
        .map(|(i, _)| i as u16)
        .collect();
    if let (Some(&first), Some(&last)) = (fill.first(), fill.last()) {
        ws.merge_range(
            group_row,
            first,
            group_row,
            last,
            &both("forms.group.fill", &[]),
            &f.group,
        )?;
    }
    for (i, c) in cols.iter().enumerate() {
        let i = i as u16;
        match c.0 {
            Kind::Fixed(field) | Kind::Fill(field) => {
                ws.write_string_with_format(
                    header_row,
                    i,
                    field.header(form, Lang::Es),
                    &f.header,
                )?;
            }
            Kind::Reference(key) => {
                // Above the header row, so ingest never sees it as a column header; not a
                // merged cell either, since readers copy a merged value into every cell it
                // covers. The blank cell below continues it visually.
                ws.write_string_with_format(group_row, i, both(key, &[]), &f.reference_header)?;
                ws.write_blank(header_row, i, &f.reference_foot)?;
            }
        }
    }
    ws.set_row_height(group_row, 42)?;
    ws.set_row_height(header_row, 30)?;
    ws.set_freeze_panes(header_row + 1, 1)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(group_row, header_row)?;
    Ok(header_row)
}

/// Adds a dropdown of `words` to a column's data rows.
fn dropdown(
    ws: &mut Worksheet,
    col: u16,
    rows: (u32, u32),
    words: &[&str],
    key: &str,
) -> std::result::Result<(), XlsxError> {
    let v = DataValidation::new()
        .allow_list_strings(words)?
        .set_input_title(both_within(&format!("{key}.title"), &[], 32))?
        .set_input_message(both_within(&format!("{key}.message"), &[], 255))?
        .set_error_title(both_within("forms.valid.error", &[], 32))?
        .set_error_message(both_within(&format!("{key}.message"), &[], 255))?;
    ws.add_data_validation(rows.0, col, rows.1, col, &v)?;
    Ok(())
}

/// Adds the 0-100 rule to a progress column.
fn progress_rule(
    ws: &mut Worksheet,
    col: u16,
    rows: (u32, u32),
) -> std::result::Result<(), XlsxError> {
    let key = "forms.valid.progress";
    let v = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
        .set_input_title(both_within(&format!("{key}.title"), &[], 32))?
        .set_input_message(both_within(&format!("{key}.message"), &[], 255))?
        .set_error_title(both_within("forms.valid.error", &[], 32))?
        .set_error_message(both_within(&format!("{key}.message"), &[], 255))?;
    ws.add_data_validation(rows.0, col, rows.1, col, &v)?;
    Ok(())
}

/// Adds a date rule (between two days) to a column.
fn date_rule(
    ws: &mut Worksheet,
    col: u16,
    rows: (u32, u32),
    start: NaiveDate,
    end: NaiveDate,
) -> std::result::Result<(), XlsxError> {
    let key = "forms.valid.date";
    let text = |lang| {
        tr(
            lang,
            &format!("{key}.message"),
            &[
                ("start", &format_date(lang, start)),
                ("end", &format_date(lang, end)),
            ],
        )
    };
    let joined = format!("{} / {}", text(Lang::Es), text(Lang::En));
    let message = if joined.encode_utf16().count() <= 255 {
        joined
    } else {
        text(Lang::Es)
    };
    let v = DataValidation::new()
        .allow_date(DataValidationRule::Between(start, end))
        .set_input_title(both_within(&format!("{key}.title"), &[], 32))?
        .set_input_message(message.clone())?
        .set_error_title(both_within("forms.valid.error", &[], 32))?
        .set_error_message(message)?
        .set_error_style(DataValidationErrorStyle::Stop);
    ws.add_data_validation(rows.0, col, rows.1, col, &v)?;
    Ok(())
}

fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

fn properties(checked: &Checked, title: &str) -> DocProperties {
    let meta = &checked.report.meta;
    DocProperties::new()
        .set_title(title)
        .set_subject(both("forms.subject", &[]))
        .set_author(meta.network.get(Lang::Es))
        .set_company(meta.network.get(Lang::Es))
        .set_category(both("forms.category", &[]))
        .set_creation_datetime(&creation_time(meta.as_of))
}

/// Describes the last report on an activity for the reference column.
fn last_report(a: &ActivityData) -> String {
    let lang = Lang::Es;
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

/// Builds the status workbook of one agency for `month`.
pub fn status_form(
    checked: &Checked,
    agency: &str,
    month: YearMonth,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let r = checked.plan.registry();
    let f = Formats::new();
    let report = &checked.report;
    let form = FormKind::Status;
    let cols = status_columns();
    let acronym = r.agency_label(agency, Lang::Es);
    let named = |lang| {
        r.agency_by_id(agency).map_or_else(
            || acronym.clone(),
            |a| format!("{} – {}", a.acronym.get(lang), a.name.get(lang)),
        )
    };
    let month_words = |lang| format_month(lang, month);
    let iso_month = iso(month);
    let lines = vec![
        both("forms.status.title", &[]),
        format!(
            "{} / {}",
            tr(Lang::Es, "forms.agency", &[("agency", &named(Lang::Es))]),
            tr(Lang::En, "forms.agency", &[("agency", &named(Lang::En))])
        ),
        format!(
            "{} / {}",
            tr(
                Lang::Es,
                "forms.month",
                &[("month", &month_words(Lang::Es)), ("iso", &iso_month)]
            ),
            tr(
                Lang::En,
                "forms.month",
                &[("month", &month_words(Lang::En)), ("iso", &iso_month)]
            )
        ),
        format!(
            "{} / {}",
            tr(
                Lang::Es,
                "forms.prepared",
                &[("date", &report.meta.as_of_text.es)]
            ),
            tr(
                Lang::En,
                "forms.prepared",
                &[("date", &report.meta.as_of_text.en)]
            )
        ),
        both("forms.hint", &[]),
    ];
    let mut ws = Worksheet::new();
    ws.set_name(tr(Lang::Es, "forms.sheet.status", &[]))?;
    let header_row = write_head(&mut ws, form, &cols, &lines, &f)?;

    let activities: Vec<&ActivityData> = checked
        .plan
        .activities
        .iter()
        .filter(|a| a.lead.iter().any(|l| l == agency))
        .filter_map(|a| report.activities.list.iter().find(|d| d.code == a.code))
        .collect();
    let mut row = header_row;
    for a in &activities {
        row += 1;
        for (i, c) in cols.iter().enumerate() {
            let i = i as u16;
            match c.0 {
                Kind::Fixed(Field::Activity) => {
                    ws.write_string_with_format(row, i, &a.code, &f.fixed)?;
                }
                Kind::Fixed(Field::Period) => {
                    ws.write_string_with_format(row, i, &iso_month, &f.fixed)?;
                }
                Kind::Fixed(Field::Agency) => {
                    ws.write_string_with_format(row, i, &acronym, &f.fixed)?;
                }
                Kind::Fixed(_) => {
                    ws.write_blank(row, i, &f.fixed)?;
                }
                Kind::Reference(key) => {
                    let text = match key {
                        "forms.ref.title" => a.title.es.clone(),
                        "forms.ref.calendar" => a.calendar.es.clone(),
                        _ => last_report(a),
                    };
                    ws.write_string_with_format(row, i, clip(&text), &f.fixed_wrap)?;
                }
                Kind::Fill(field) => {
                    ws.write_blank(row, i, fill_format(&f, field))?;
                }
            }
        }
        ws.set_row_height(row, 45)?;
    }
    let prefilled_last = row;
    for _ in 0..STATUS_SPARE_ROWS {
        row += 1;
        for (i, c) in cols.iter().enumerate() {
            let i = i as u16;
            match c.0 {
                Kind::Fixed(field) | Kind::Fill(field) => {
                    ws.write_blank(row, i, fill_format(&f, field))?;
                }
                Kind::Reference(_) => {
                    ws.write_blank(row, i, &f.fixed)?;
                }
            }
        }
    }
    let data = (header_row + 1, row);

    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.word(Lang::Es)).collect();
    dropdown(
        &mut ws,
        col_of(&cols, Field::Status),
        data,
        &statuses,
        "forms.valid.status",
    )?;
    progress_rule(&mut ws, col_of(&cols, Field::Progress), data)?;
    // Some activities took place before the plan's first month (a side event in April 2023).
    let plan_start = checked
        .plan
        .activities
        .iter()
        .map(|a| a.schedule.window_start)
        .fold(checked.plan.meta.start.first_day(), NaiveDate::min);
    date_rule(
        &mut ws,
        col_of(&cols, Field::Date),
        data,
        plan_start,
        month.last_day(),
    )?;
    if prefilled_last < row {
        let codes: Vec<&str> = checked
            .plan
            .activities
            .iter()
            .map(|a| a.code.as_str())
            .collect();
        dropdown(
            &mut ws,
            col_of(&cols, Field::Activity),
            (prefilled_last + 1, row),
            &codes,
            "forms.valid.code",
        )?;
    }
    protect(&mut ws);
    ws.set_active(true);

    let mut wb = Workbook::new();
    let title = format!("{} – {}", both("forms.status.title", &[]), acronym);
    wb.set_properties(&properties(checked, &title));
    wb.push_worksheet(ws);
    wb.push_worksheet(instructions(FormKind::Status, &f, checked, month)?);
    wb.save_to_buffer()
}

fn fill_format(f: &Formats, field: Field) -> &Format {
    match field {
        Field::Progress => &f.fill_number,
        Field::Date | Field::UpdateDate => &f.fill_date,
        Field::NarrativeEs
        | Field::NarrativeEn
        | Field::NextSteps
        | Field::Narrative
        | Field::Title => &f.fill_wrap,
        _ => &f.fill,
    }
}

/// Writes a pledge's countries so ingest reads them back: Spanish names, or the code as
/// written when the name could be misread (it holds a separator) or is unknown.
fn countries_text(p: &PledgeData) -> String {
    let r = reference::get();
    p.countries
        .iter()
        .map(|c| match r.country_by_iso(c) {
            Some(k) if !k.name.es.contains([',', ';']) => k.name.es.clone(),
            _ => c.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Builds the pledge workbook listing every known pledge for its update in `month`'s quarter.
pub fn pledge_form(checked: &Checked, month: YearMonth) -> std::result::Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let report = &checked.report;
    let form = FormKind::Pledges;
    let cols = pledge_columns();
    let quarter = |lang| {
        tr(
            lang,
            &format!("quarter.{}", month.quarter()),
            &[("year", &month.year)],
        )
    };
    let lines = vec![
        both("forms.pledges.title", &[]),
        format!(
            "{} / {}",
            tr(
                Lang::Es,
                "forms.quarter",
                &[("quarter", &quarter(Lang::Es))]
            ),
            tr(
                Lang::En,
                "forms.quarter",
                &[("quarter", &quarter(Lang::En))]
            )
        ),
        format!(
            "{} / {}",
            tr(
                Lang::Es,
                "forms.prepared",
                &[("date", &report.meta.as_of_text.es)]
            ),
            tr(
                Lang::En,
                "forms.prepared",
                &[("date", &report.meta.as_of_text.en)]
            )
        ),
        both("forms.hint", &[]),
    ];
    let mut ws = Worksheet::new();
    ws.set_name(tr(Lang::Es, "forms.sheet.pledges", &[]))?;
    let header_row = write_head(&mut ws, form, &cols, &lines, &f)?;
    let mut row = header_row;
    for p in &report.pledges.list {
        row += 1;
        for (i, c) in cols.iter().enumerate() {
            let i = i as u16;
            match c.0 {
                Kind::Fixed(Field::Pledge) => {
                    ws.write_string_with_format(row, i, clip(&p.id), &f.fixed)?;
                }
                Kind::Fixed(Field::Title) => {
                    ws.write_string_with_format(row, i, clip(&p.title), &f.fixed_wrap)?;
                }
                Kind::Fixed(Field::Entity) => {
                    ws.write_string_with_format(row, i, clip(&p.entity), &f.fixed_wrap)?;
                }
                Kind::Fixed(_) => {
                    ws.write_blank(row, i, &f.fixed)?;
                }
                Kind::Fill(Field::EntityType) => {
                    match p.entity_type.0 {
                        Some(t) => {
                            ws.write_string_with_format(row, i, t.word(Lang::Es), &f.fill)?
                        }
                        None => ws.write_blank(row, i, &f.fill)?,
                    };
                }
                Kind::Fill(Field::Countries) => {
                    ws.write_string_with_format(row, i, clip(&countries_text(p)), &f.fill_wrap)?;
                }
                Kind::Fill(Field::Objectives) => {
                    let text = p
                        .objectives
                        .iter()
                        .map(u8::to_string)
                        .collect::<Vec<_>>()
                        .join(", ");
                    ws.write_string_with_format(row, i, &text, &f.fill)?;
                }
                Kind::Fill(field) => {
                    ws.write_blank(row, i, fill_format(&f, field))?;
                }
                Kind::Reference("forms.ref.last-status") => {
                    let status = p.status.word(Lang::Es);
                    ws.write_string_with_format(row, i, status, &f.fixed)?;
                }
                Kind::Reference(_) => {
                    ws.write_string_with_format(row, i, &p.update_text.es, &f.fixed)?;
                }
            }
        }
        ws.set_row_height(row, 30)?;
    }
    for _ in 0..PLEDGE_SPARE_ROWS {
        row += 1;
        for (i, c) in cols.iter().enumerate() {
            let i = i as u16;
            match c.0 {
                Kind::Fixed(field) | Kind::Fill(field) => {
                    ws.write_blank(row, i, fill_format(&f, field))?;
                }
                Kind::Reference(_) => {
                    ws.write_blank(row, i, &f.fixed)?;
                }
            }
        }
    }
    // New pledges go in the spare rows: their id, title and entity are open there.
    let data = (header_row + 1, row);
    let statuses: Vec<&str> = PledgeStatus::ALL.iter().map(|s| s.word(Lang::Es)).collect();
    dropdown(
        &mut ws,
        col_of(&cols, Field::Status),
        data,
        &statuses,
        "forms.valid.pledge-status",
    )?;
    let types: Vec<&str> = EntityType::ALL.iter().map(|t| t.word(Lang::Es)).collect();
    dropdown(
        &mut ws,
        col_of(&cols, Field::EntityType),
        data,
        &types,
        "forms.valid.entity-type",
    )?;
    let plan_start = checked.plan.meta.start.first_day();
    date_rule(
        &mut ws,
        col_of(&cols, Field::UpdateDate),
        data,
        plan_start.min(
            report
                .pledges
                .list
                .iter()
                .map(|p| p.update_date)
                .min()
                .unwrap_or(plan_start),
        ),
        month.last_day(),
    )?;
    protect(&mut ws);
    ws.set_active(true);

    let mut wb = Workbook::new();
    wb.set_properties(&properties(checked, &both("forms.pledges.title", &[])));
    wb.push_worksheet(ws);
    wb.push_worksheet(instructions(FormKind::Pledges, &f, checked, month)?);
    wb.save_to_buffer()
}

/// Builds the instructions sheet of a form, Spanish beside English, its examples taken from the
/// plan in force and the form's month.
fn instructions(
    form: FormKind,
    f: &Formats,
    checked: &Checked,
    month: YearMonth,
) -> std::result::Result<Worksheet, XlsxError> {
    let plan = &checked.plan;
    let mut ws = Worksheet::new();
    ws.set_name(tr(Lang::Es, "forms.sheet.instructions", &[]))?;
    ws.set_column_width(0, 80)?;
    ws.set_column_width(1, 80)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.write_string_with_format(0, 0, both("forms.help.title", &[]), &f.help_title)?;
    for (i, lang) in Lang::ALL.iter().enumerate() {
        ws.write_string_with_format(
            2,
            i as u16,
            tr(*lang, "forms.help.language", &[]),
            &f.help_header,
        )?;
    }
    let prefix = match form {
        FormKind::Status => "status",
        FormKind::Pledges => "pledges",
    };
    let mut keys: Vec<(String, Option<Field>)> = ["intro", "rows", "extra"]
        .iter()
        .map(|k| (format!("forms.help.{prefix}.{k}"), None))
        .collect();
    for field in form.fields() {
        keys.push((
            format!("forms.help.field.{}", field_key(form, *field)),
            Some(*field),
        ));
    }
    keys.push(("forms.help.send".to_string(), None));
    keys.push(("forms.help.protection".to_string(), None));
    let statuses = Status::ALL
        .iter()
        .map(|s| s.word(Lang::Es))
        .collect::<Vec<_>>()
        .join(", ");
    let pledge_statuses = PledgeStatus::ALL
        .iter()
        .map(|s| s.word(Lang::Es))
        .collect::<Vec<_>>()
        .join(", ");
    let types = EntityType::ALL
        .iter()
        .map(|t| t.word(Lang::Es))
        .collect::<Vec<_>>()
        .join(", ");
    let mut row = 2;
    for (key, field) in &keys {
        row += 1;
        let header = field.map(|x| x.header(form, Lang::Es)).unwrap_or_default();
        let words = match field {
            Some(Field::Status) if form == FormKind::Status => statuses.as_str(),
            Some(Field::Status) => pledge_statuses.as_str(),
            Some(Field::EntityType) => types.as_str(),
            _ => "",
        };
        for (i, lang) in Lang::ALL.iter().enumerate() {
            let examples = plan.code_examples_text(*lang);
            let lead = plan
                .meta
                .co_leads
                .iter()
                .chain(plan.activities.iter().flat_map(|a| &a.lead))
                .find_map(|name| plan.registry().agency(name))
                .map(|a| (a.acronym.es.clone(), a.acronym.en.clone()))
                .unwrap_or_default();
            let text = tr(
                *lang,
                key,
                &[
                    ("header", &header),
                    ("words", &words),
                    ("examples", &examples),
                    ("agency_es", &lead.0),
                    ("agency_en", &lead.1),
                    ("month", &iso(month)),
                ],
            );
            ws.write_string_with_format(row, i as u16, &text, &f.help)?;
        }
    }
    if let Some(closed) = &checked.report.meta.plan_closed {
        row += 2;
        for (i, lang) in Lang::ALL.iter().enumerate() {
            ws.write_string_with_format(row, i as u16, closed.get(*lang), &f.help)?;
        }
    }
    ws.protect();
    Ok(ws)
}

/// Returns the instruction key of a field (`status`, `pledge-status`, `narrative-es`).
fn field_key(form: FormKind, field: Field) -> &'static str {
    match (form, field) {
        (_, Field::Activity) => "activity",
        (_, Field::Period) => "period",
        (_, Field::Agency) => "agency",
        (FormKind::Status, Field::Status) => "status",
        (FormKind::Pledges, Field::Status) => "pledge-status",
        (_, Field::Progress) => "progress",
        (_, Field::Date) => "date",
        (_, Field::NarrativeEs) => "narrative-es",
        (_, Field::NarrativeEn) => "narrative-en",
        (_, Field::NextSteps) => "next-steps",
        (_, Field::Evidence) => "evidence",
        (_, Field::Pledge) => "pledge",
        (_, Field::Title) => "title",
        (_, Field::Entity) => "entity",
        (_, Field::EntityType) => "entity-type",
        (_, Field::Countries) => "countries",
        (_, Field::Objectives) => "objectives",
        (_, Field::UpdateDate) => "update-date",
        (_, Field::Narrative) => "narrative",
    }
}

/// Returns an agency as its form's file name writes it: the Spanish acronym, folded
/// (`oim`, `onu-habitat`), so the secretariat finds `formulario-estado-oim-2024-07.xlsx`.
pub fn agency_in_file_name(agency_id: &str) -> String {
    crate::reference::get()
        .agency_by_id(agency_id)
        .map(|a| crate::text::fold(&a.acronym.es).replace([' ', '/'], "-"))
        .unwrap_or_else(|| agency_id.to_string())
}
