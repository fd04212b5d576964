//! Reads the data rows of a recognised sheet, field by field, into records and findings, and
//! counts every row: accepted, rejected or blank.

use rayon::prelude::*;

use super::fields;
use super::forms::{Field, FormKind};
use super::header::Header;
use super::records::{Context, FastMap, FileAccount, FileIntake, PledgeRecord, StatusRecord};
use crate::calendar::YearMonth;
use crate::findings::{Code, Finding, Location};
use crate::model::{EntityType, Source, Status};
use crate::sheets::write::column_letter;
use crate::sheets::{Cell, Grid};

/// Reads the data rows of sheet `g` of file `rel` under its recognised `header` into `out`.
pub(super) fn read_sheet(
    g: &Grid,
    header: &Header,
    rel: &str,
    ctx: &Context<'_>,
    out: &mut FileIntake,
) {
    let at = |col: Option<u32>, row: u32| Location {
        file: Some(rel.to_string()),
        sheet: g.sheet.clone(),
        row: Some(row),
        column: col.map(|c| column_letter(c as usize)),
    };
    let missing = header_findings(g, header, ctx, &at, out);
    let data = &g.rows[header.row + 1..];
    // Trailing blank rows are formatting, not data.
    let last = data
        .iter()
        .rposition(|r| !r.iter().all(Cell::is_blank))
        .map_or(0, |i| i + 1);
    let data = &data[..last];
    let fractions = fraction_column(g, header, data.len());
    let origin = Source {
        file: rel.into(),
        sheet: g.sheet.as_deref().map(Into::into),
        row: 0,
    };
    let rows = Rows {
        g,
        header,
        rel,
        ctx,
        fractions,
        missing,
        origin: &origin,
        at: &at,
    };
    // A long sheet is read in blocks side by side; the blocks are put back in row order.
    const BLOCK: usize = 32_768;
    let parts: Vec<FileIntake> = if data.len() > 2 * BLOCK {
        (0..data.len())
            .step_by(BLOCK)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|start| rows.read(data, start..(start + BLOCK).min(data.len())))
            .collect()
    } else {
        vec![rows.read(data, 0..data.len())]
    };
    for part in parts {
        out.status.extend(part.status);
        out.pledges.extend(part.pledges);
        out.findings.extend(part.findings);
        let (a, p) = (&mut out.account, part.account);
        a.rows += p.rows;
        a.blank += p.blank;
        a.accepted += p.accepted;
        a.rejected += p.rejected;
    }
}

/// Reports what the header row says about the whole sheet (unknown columns, missing required
/// ones, rows and columns beyond the limits) and returns whether a required column is missing.
fn header_findings(
    g: &Grid,
    header: &Header,
    ctx: &Context<'_>,
    at: &dyn Fn(Option<u32>, u32) -> Location,
    out: &mut FileIntake,
) -> bool {
    let form = header.form;
    let header_row = g.row_number(header.row);
    for (col, text) in &header.unknown {
        let text = crate::findings::excerpt(text);
        out.findings.push(Finding::new(
            Code::UnknownColumn,
            at(Some(*col), header_row),
            &[("header", &text)],
        ));
    }
    let missing: Vec<Field> = form
        .fields()
        .iter()
        .copied()
        .filter(|f| f.required(form) && !header.columns.contains_key(f))
        .collect();
    for f in &missing {
        let f = *f;
        out.findings.push(Finding::localized(
            Code::MissingColumn,
            at(None, header_row),
            |lang| {
                vec![
                    ("column", f.header(form, lang).to_string()),
                    ("form", crate::i18n::tr(lang, form.name_key(), &[])),
                ]
            },
        ));
    }
    if g.truncated {
        let last = g.row_number(g.rows.len().saturating_sub(1));
        out.findings.push(Finding::new(
            Code::LimitExceeded,
            at(None, last),
            &[("limit", &"max_rows"), ("value", &ctx.limits.max_rows)],
        ));
    }
    if g.columns_cut {
        // Said at the header row: what is left out is the columns past the limit.
        let value = ctx.limits.max_columns;
        out.findings.push(Finding::localized_with(
            Code::LimitExceeded,
            "finding.limit-exceeded-columns",
            at(None, header_row),
            move |_| {
                vec![
                    ("limit", "max_columns".to_string()),
                    ("value", value.to_string()),
                ]
            },
        ));
    }
    !missing.is_empty()
}

/// What every data row of a sheet is read against.
struct Rows<'a> {
    g: &'a Grid,
    header: &'a Header,
    rel: &'a str,
    ctx: &'a Context<'a>,
    fractions: bool,
    missing: bool,
    origin: &'a Source,
    at: &'a (dyn Fn(Option<u32>, u32) -> Location + Sync),
}

impl<'a> Rows<'a> {
    /// Returns the context row `r` of the sheet is read in.
    fn row(&self, r: usize) -> RowContext<'a> {
        RowContext {
            g: self.g,
            r,
            header: self.header,
            rel: self.rel,
            origin: self.origin,
            ctx: self.ctx,
            fractions: self.fractions,
        }
    }

    /// Reads the data rows `range` (indexes into `data`): records, findings and counts.
    fn read(&self, data: &[Vec<Cell>], range: std::ops::Range<usize>) -> FileIntake {
        let (g, header, ctx) = (self.g, self.header, self.ctx);
        let max_rows = ctx.limits.max_rows as usize;
        let mut out = FileIntake {
            status: Vec::new(),
            pledges: Vec::new(),
            findings: Vec::new(),
            account: FileAccount::default(),
        };
        let mut memos = Memo::default();
        for i in range {
            let row = &data[i];
            let r = header.row + 1 + i;
            let row_number = g.row_number(r);
            out.account.rows += 1;
            if row.iter().all(Cell::is_blank) {
                out.account.blank += 1;
                continue;
            }
            if i >= max_rows {
                if i == max_rows {
                    out.findings.push(Finding::new(
                        Code::LimitExceeded,
                        (self.at)(None, row_number),
                        &[("limit", &"max_rows"), ("value", &max_rows)],
                    ));
                }
                out.account.rejected += 1;
                continue;
            }
            if self.missing {
                out.account.rejected += 1;
                continue;
            }
            let mut row_findings = Vec::new();
            let row = self.row(r);
            let accepted = match header.form {
                FormKind::Status => status_row(&row, &mut memos, &mut row_findings)
                    .map(|rec| out.status.push(rec))
                    .is_some(),
                FormKind::Pledges => pledge_row(&row, &mut row_findings)
                    .map(|rec| out.pledges.push(rec))
                    .is_some(),
            };
            if accepted {
                out.account.accepted += 1;
            } else {
                out.account.rejected += 1;
            }
            out.findings.extend(row_findings);
        }
        out
    }
}

/// One data row of a sheet, and what it is read against.
struct RowContext<'a> {
    /// The sheet.
    g: &'a Grid,
    /// The row's index in the sheet.
    r: usize,
    /// The sheet's header: its form and where each field's column is.
    header: &'a Header,
    /// The file, as named in findings.
    rel: &'a str,
    /// Where the sheet's records come from; each record adds its row number.
    origin: &'a Source,
    /// The plan, the as-of date and the limits.
    ctx: &'a Context<'a>,
    /// Whether the progress column holds fractions of one.
    fractions: bool,
}

/// For a workbook whose number formats are unknown (ods, xls), decides whether the progress
/// column holds fractions of one (a percent-formatted column: 0.45 shows as 45 %). It does
/// when every number in it lies between 0 and 1.
fn fraction_column(g: &Grid, header: &Header, rows: usize) -> bool {
    let Some(&col) = header.columns.get(&Field::Progress) else {
        return false;
    };
    if g.formats_known {
        return false;
    }
    let numbers: Vec<f64> = (header.row + 1..header.row + 1 + rows)
        .filter_map(|r| match g.cell(r, col) {
            Cell::Number(n) => Some(*n),
            _ => None,
        })
        .collect();
    !numbers.is_empty() && numbers.iter().all(|n| (0.0..=1.0).contains(n))
}

/// Reads the cells of one data row, field by field, collecting findings.
struct RowReader<'a> {
    g: &'a Grid,
    r: usize,
    header: &'a Header,
    rel: &'a str,
    findings: &'a mut Vec<Finding>,
    activity: Option<String>,
    pledge: Option<String>,
    failed: bool,
}

impl<'a> RowReader<'a> {
    /// Starts reading `row`, its findings going to `findings`.
    fn new(row: &RowContext<'a>, findings: &'a mut Vec<Finding>) -> RowReader<'a> {
        RowReader {
            g: row.g,
            r: row.r,
            header: row.header,
            rel: row.rel,
            findings,
            activity: None,
            pledge: None,
            failed: false,
        }
    }

    fn location(&self, field: Field) -> Location {
        Location {
            file: Some(self.rel.to_string()),
            sheet: self.g.sheet.clone(),
            row: Some(self.g.row_number(self.r)),
            column: self
                .header
                .columns
                .get(&field)
                .map(|&c| column_letter(c as usize)),
        }
    }

    fn cell(&self, field: Field) -> &'a Cell {
        match self.header.columns.get(&field) {
            Some(&c) => self.g.cell(self.r, c),
            None => &Cell::Empty,
        }
    }

    /// Records a cell showing a spreadsheet error (`#N/A`, `#DIV/0!`): `cell-error`, whatever
    /// the field, with the message that says to replace the formula by its value.
    fn cell_error(&mut self, field: Field, error: &str) {
        let error = crate::findings::excerpt(error);
        let f = Finding::new(Code::CellError, self.location(field), &[("value", &error)]);
        self.push(f);
    }

    /// Returns the cell of a field that must be filled, or records why it cannot be used.
    fn required(&mut self, field: Field) -> Option<&'a Cell> {
        let cell = self.cell(field);
        if let Cell::Error(e) = cell {
            self.cell_error(field, e);
            return None;
        }
        if cell.is_blank() {
            let form = self.header.form;
            let loc = self.location(field);
            self.push(Finding::localized(Code::MissingValue, loc, |lang| {
                vec![("column", field.header(form, lang).to_string())]
            }));
            return None;
        }
        Some(cell)
    }

    /// Returns the cell of an optional field, or none when blank or an error (reported).
    fn optional(&mut self, field: Field) -> Option<&'a Cell> {
        let cell = self.cell(field);
        if let Cell::Error(e) = cell {
            self.cell_error(field, e);
            return None;
        }
        (!cell.is_blank()).then_some(cell)
    }

    /// Applies a field reader, recording a finding when it fails.
    fn read<T>(
        &mut self,
        field: Field,
        cell: &Cell,
        f: impl FnOnce(&Cell) -> Result<T, fields::Problem>,
    ) -> Option<T> {
        match f(cell) {
            Ok(v) => Some(v),
            Err(p) => {
                let loc = self.location(field);
                self.push(problem_finding(&p, loc));
                None
            }
        }
    }

    fn push(&mut self, mut f: Finding) {
        if f.severity() == crate::findings::Severity::Error {
            self.failed = true;
        }
        if f.activity.is_none() {
            f.activity = self.activity.clone();
        }
        if f.pledge.is_none() {
            f.pledge = self.pledge.clone();
        }
        self.findings.push(f);
    }

    fn text(&mut self, field: Field) -> Option<String> {
        self.optional(field).and_then(fields::text)
    }
}

/// Builds the finding for a cell that could not be read, with the words to write instead.
fn problem_finding(p: &fields::Problem, loc: Location) -> Finding {
    let value = p.value.clone();
    let code = p.code;
    let extra = p.args.clone();
    Finding::localized(code, loc, move |lang| {
        let accepted = match code {
            Code::InvalidStatus => Status::accepted(lang),
            Code::InvalidEntityType => EntityType::accepted(lang),
            _ => String::new(),
        };
        let mut args = vec![("value", value.clone()), ("accepted", accepted)];
        args.extend(extra.iter().map(|(n, t)| (*n, t.get(lang).to_string())));
        args
    })
}

/// Readings of text cells already seen in a sheet: forms repeat the same code, month and agency
/// on row after row, so each distinct text is read once.
#[derive(Default)]
struct Memo {
    activity: FastMap<String, Result<String, fields::Problem>>,
    period: FastMap<String, Result<YearMonth, fields::Problem>>,
    agency: FastMap<String, Result<String, fields::Problem>>,
}

/// Reads `cell` with `f`, or returns the reading of the same text seen before.
fn memo<T: Clone>(
    seen: &mut FastMap<String, Result<T, fields::Problem>>,
    cell: &Cell,
    f: impl FnOnce(&Cell) -> Result<T, fields::Problem>,
) -> Result<T, fields::Problem> {
    let Cell::Text(text) = cell else {
        return f(cell);
    };
    if let Some(v) = seen.get(text.as_str()) {
        return v.clone();
    }
    let v = f(cell);
    if seen.len() < 10_000 {
        seen.insert(text.clone(), v.clone());
    }
    v
}

/// Reads a row of a status form into a record, its findings naming the row's agency.
fn status_row(
    row: &RowContext<'_>,
    memos: &mut Memo,
    findings: &mut Vec<Finding>,
) -> Option<StatusRecord> {
    let first_finding = findings.len();
    let record = read_status_row(row, memos, findings);
    // The row's findings name the agency its Agency cell reads as, so that the follow-up
    // messages can address them without reading the file again.
    let agency = record.as_ref().map(|s| s.agency.clone()).or_else(|| {
        let col = *row.header.columns.get(&Field::Agency)?;
        fields::agency(row.g.cell(row.r, col), row.ctx.plan).ok()
    });
    if let Some(agency) = agency {
        for f in &mut findings[first_finding..] {
            f.agency.get_or_insert_with(|| agency.clone());
        }
    }
    // And the month the row reports on, when its Period cell reads as one: the month such a
    // finding is open since, part of its id.
    let period = record.as_ref().map(|s| s.period).or_else(|| {
        let col = *row.header.columns.get(&Field::Period)?;
        fields::period(row.g.cell(row.r, col)).ok()
    });
    if let Some(period) = period {
        for f in &mut findings[first_finding..] {
            f.month.get_or_insert(period);
        }
    }
    record
}

/// Reads the cells of a row of a status form, field by field, and checks the record they make.
fn read_status_row(
    row: &RowContext<'_>,
    memos: &mut Memo,
    findings: &mut Vec<Finding>,
) -> Option<StatusRecord> {
    let ctx = row.ctx;
    let mut rr = RowReader::new(row, findings);
    let activity = rr.required(Field::Activity).and_then(|c| {
        rr.read(Field::Activity, c, |c| {
            memo(&mut memos.activity, c, |c| fields::activity(c, ctx.plan))
        })
    });
    rr.activity = activity.clone();
    let period = rr.required(Field::Period).and_then(|c| {
        rr.read(Field::Period, c, |c| {
            memo(&mut memos.period, c, |c| {
                fields::period(c).map_err(|p| p.with_examples(ctx.as_of))
            })
        })
    });
    let agency = rr.required(Field::Agency).and_then(|c| {
        rr.read(Field::Agency, c, |c| {
            memo(&mut memos.agency, c, |c| fields::agency(c, ctx.plan))
        })
    });
    let status = rr
        .required(Field::Status)
        .and_then(|c| rr.read(Field::Status, c, fields::status));
    let progress = progress(&mut rr, row);
    let date = match rr.optional(Field::Date) {
        Some(c) => rr.read(Field::Date, c, |c| {
            fields::date(c).map_err(|p| p.with_examples(ctx.as_of))
        }),
        None => None,
    };
    if let Some(p) = period {
        future_period(&mut rr, p, ctx.as_of);
    }
    let narrative_in: std::collections::BTreeMap<_, _> = crate::i18n::Lang::ALL
        .into_iter()
        .filter_map(|lang| rr.text(Field::NarrativeIn(lang)).map(|t| (lang, t)))
        .collect();
    let next_steps = rr.text(Field::NextSteps);
    // The one language of the description, else the headers'.
    let next_steps_in = match narrative_in.keys().collect::<Vec<_>>()[..] {
        [&only] => Some(only),
        _ => row.header.language,
    }
    .filter(|_| next_steps.is_some());
    let evidence = rr.text(Field::Evidence);
    if rr.failed {
        return None;
    }
    let record = StatusRecord {
        source: Source {
            row: row.g.row_number(row.r),
            ..row.origin.clone()
        },
        activity: activity?,
        period: period?,
        agency: agency?,
        status: status?,
        progress,
        date,
        narrative_in,
        next_steps,
        next_steps_in,
        evidence,
    };
    dropped_activity(&mut rr, &record, ctx);
    inconsistent_progress(&mut rr, &record);
    plausible_date(&mut rr, &record, ctx);
    involved_agency(&mut rr, &record, ctx);
    Some(record)
}

/// Reads the optional progress cell: a percent, or a fraction of one where the cell or the
/// column shows fractions as percents.
fn progress(rr: &mut RowReader<'_>, row: &RowContext<'_>) -> Option<f64> {
    let c = rr.optional(Field::Progress)?;
    let pct = row.fractions
        || row
            .header
            .columns
            .get(&Field::Progress)
            .is_some_and(|&col| row.g.is_percent(row.r, col));
    rr.read(Field::Progress, c, |c| fields::progress(c, pct))
}

/// Reports a period after the month of the as-of date.
fn future_period(rr: &mut RowReader<'_>, p: YearMonth, as_of: chrono::NaiveDate) {
    if p > YearMonth::from_date(as_of) {
        let loc = rr.location(Field::Period);
        rr.push(Finding::localized(Code::FuturePeriod, loc, |lang| {
            vec![
                ("value", crate::i18n::format_month(lang, p)),
                ("as_of", crate::i18n::format_date(lang, as_of)),
            ]
        }));
    }
}

/// Warns about a report on an activity the plan had dropped by the month reported: the row is
/// kept, as the plan in force leaves the activity out of every figure, and the warning says why.
fn dropped_activity(rr: &mut RowReader<'_>, record: &StatusRecord, ctx: &Context<'_>) {
    if let Some(dropped) = ctx
        .plan
        .dropped(&record.activity)
        .filter(|&d| record.period >= d)
    {
        let loc = rr.location(Field::Activity);
        let (code, month) = (record.activity.clone(), record.period);
        rr.push(
            Finding::localized(Code::DroppedActivity, loc, |lang| {
                vec![
                    ("code", code.clone()),
                    ("dropped", crate::i18n::format_month(lang, dropped)),
                    ("month", crate::i18n::format_month(lang, month)),
                ]
            })
            .with_activity(&record.activity),
        );
    }
}

/// Reports a `completed` row with no date, a date before the activity's planned window opens,
/// and a date after the month the row reports on (checks `completed-without-date` and
/// `implausible-date` of the network's settings).
fn plausible_date(rr: &mut RowReader<'_>, record: &StatusRecord, ctx: &Context<'_>) {
    if record.status != Status::Completed {
        return;
    }
    let loc = rr.location(Field::Date);
    let month = record.period;
    let Some(date) = record.date else {
        if ctx.checks.is_on(Code::CompletedWithoutDate) {
            rr.push(Finding::new(Code::CompletedWithoutDate, loc, &[]).with_month(month));
        }
        return;
    };
    if !ctx.checks.is_on(Code::ImplausibleDate) {
        return;
    }
    let start = ctx
        .plan
        .activity(&record.activity)
        .map(|a| a.schedule.window_start)
        .filter(|&start| date < start);
    let finding = match start {
        Some(start) => Finding::localized(Code::ImplausibleDate, loc, |lang| {
            vec![
                ("date", crate::i18n::format_date(lang, date)),
                ("start", crate::i18n::format_date(lang, start)),
            ]
        }),
        None if date > month.last_day() => Finding::localized_with(
            Code::ImplausibleDate,
            "finding.implausible-date-after",
            loc,
            |lang| {
                vec![
                    ("date", crate::i18n::format_date(lang, date)),
                    ("month", crate::i18n::format_month(lang, month)),
                ]
            },
        ),
        None => return,
    };
    rr.push(finding.with_month(month));
}

/// Notes a report from an agency the activity names neither as lead nor as accompanying agency
/// (check `agency-not-involved`). An activity whose plan accepts reports from any agency is left
/// alone: one with no lead, or whose agencies are chosen as the work goes (its irregularities
/// `lead-per-message`, `support-per-workstream`).
fn involved_agency(rr: &mut RowReader<'_>, record: &StatusRecord, ctx: &Context<'_>) {
    let Some(activity) = ctx.plan.activity(&record.activity) else {
        return;
    };
    let open = activity
        .irregularities
        .iter()
        .any(|i| i == "lead-per-message" || i == "support-per-workstream");
    let named = || activity.lead.iter().chain(&activity.support);
    if !ctx.checks.is_on(Code::AgencyNotInvolved)
        || activity.lead.is_empty()
        || open
        || named().any(|a| *a == record.agency)
    {
        return;
    }
    let loc = rr.location(Field::Agency);
    let (registry, agency) = (ctx.plan.registry(), record.agency.clone());
    rr.push(
        Finding::localized(Code::AgencyNotInvolved, loc, |lang| {
            vec![("agency", registry.agency_label(&agency, lang))]
        })
        .with_month(record.period),
    );
}

/// Reports a status its progress contradicts: completed below 100 %, not started above 0 %.
fn inconsistent_progress(rr: &mut RowReader<'_>, record: &StatusRecord) {
    let inconsistent = match (record.status, record.progress) {
        (Status::Completed, Some(p)) => p < 100.0,
        (Status::NotStarted, Some(p)) => p > 0.0,
        _ => false,
    };
    if inconsistent {
        let loc = rr.location(Field::Progress);
        let (status, progress) = (record.status, record.progress.unwrap_or_default());
        rr.push(Finding::localized(
            Code::ProgressInconsistent,
            loc,
            |lang| {
                vec![
                    ("status", status.word(lang).to_string()),
                    ("progress", crate::i18n::format_percent(lang, progress)),
                ]
            },
        ));
    }
}

/// Reads a row of a pledge form into a record, its findings naming the month of the row's
/// update date when it reads as one.
fn pledge_row(row: &RowContext<'_>, findings: &mut Vec<Finding>) -> Option<PledgeRecord> {
    let first_finding = findings.len();
    let record = read_pledge_row(row, findings);
    let month = record
        .as_ref()
        .map(|p| YearMonth::from_date(p.update_date))
        .or_else(|| {
            let col = *row.header.columns.get(&Field::UpdateDate)?;
            fields::date(row.g.cell(row.r, col))
                .ok()
                .map(YearMonth::from_date)
        });
    if let Some(month) = month {
        for f in &mut findings[first_finding..] {
            f.month.get_or_insert(month);
        }
    }
    record
}

/// Reads the cells of a row of a pledge form, field by field, into a record.
fn read_pledge_row(row: &RowContext<'_>, findings: &mut Vec<Finding>) -> Option<PledgeRecord> {
    let ctx = row.ctx;
    let mut rr = RowReader::new(row, findings);
    let id = rr.required(Field::Pledge).and_then(fields::text);
    rr.pledge = id.clone();
    let title = rr.required(Field::Title).and_then(fields::text);
    let entity = rr.required(Field::Entity).and_then(fields::text);
    let objectives = rr
        .required(Field::Objectives)
        .and_then(|c| rr.read(Field::Objectives, c, fields::objectives));
    let status = rr
        .required(Field::Status)
        .and_then(|c| rr.read(Field::Status, c, fields::pledge_status));
    let update_date = rr.required(Field::UpdateDate).and_then(|c| {
        rr.read(Field::UpdateDate, c, |c| {
            fields::date(c).map_err(|p| p.with_examples(ctx.as_of))
        })
    });
    let entity_type = rr.optional(Field::EntityType).map(|c| {
        rr.read(Field::EntityType, c, fields::entity_type)
            .unwrap_or(EntityType::Other)
    });
    let mut countries = Vec::new();
    if let Some(c) = rr.optional(Field::Countries) {
        let (found, unknown) = fields::countries(c);
        countries = found;
        for name in unknown {
            let loc = rr.location(Field::Countries);
            let quoted = crate::findings::excerpt(&name);
            rr.push(Finding::new(
                Code::UnknownCountry,
                loc,
                &[("value", &quoted)],
            ));
            countries.push(name);
        }
    }
    if let Some(d) = update_date {
        if d > ctx.as_of {
            let loc = rr.location(Field::UpdateDate);
            rr.push(Finding::localized_with(
                Code::FuturePeriod,
                "finding.future-update",
                loc,
                |lang| {
                    vec![
                        ("value", crate::i18n::format_date(lang, d)),
                        ("as_of", crate::i18n::format_date(lang, ctx.as_of)),
                    ]
                },
            ));
        }
    }
    let narrative = rr.text(Field::Narrative);
    if rr.failed {
        return None;
    }
    Some(PledgeRecord {
        source: Source {
            row: row.g.row_number(row.r),
            ..row.origin.clone()
        },
        id: id?,
        title: title?,
        entity: entity?,
        entity_type,
        countries,
        objectives: objectives?,
        status: status?,
        update_date: update_date?,
        narrative,
    })
}
