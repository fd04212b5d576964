//! Writes the collection forms for a month, fills them in as an agency would (reading each
//! form with calamine and writing a filled copy: an xlsx for the status forms, a CSV for the
//! pledge form), puts them back in the inputs folder and checks that ingest finds nothing to
//! say about them.

use crate::common;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};
use seguimiento::calendar::YearMonth;
use seguimiento::i18n::Lang;
use seguimiento::ingest::forms::{Field, FormKind};
use seguimiento::report::ReportData;

const AS_OF: &str = "2024-06-30";
const MONTH: YearMonth = YearMonth {
    year: 2024,
    month: 7,
};

/// A form as calamine reads it: every cell by absolute (row, column).
struct Sheet {
    name: String,
    cells: BTreeMap<(u32, u32), Data>,
}

fn read_form(path: &Path) -> Vec<Sheet> {
    let bytes = std::fs::read(path).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cells = range
            .cells()
            .filter(|(_, _, d)| !matches!(d, Data::Empty))
            .map(|(r, c, d)| ((r0 + r as u32, c0 + c as u32), d.clone()))
            .collect();
        out.push(Sheet { name, cells });
    }
    out
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Finds the header row of a form sheet and the column of each field, by the headers ingest
/// reads (the Spanish ones).
fn header(sheet: &Sheet, form: FormKind) -> Option<(u32, BTreeMap<Field, u32>)> {
    let mut by_row: BTreeMap<u32, BTreeMap<Field, u32>> = BTreeMap::new();
    for (&(r, c), d) in &sheet.cells {
        let t = text(d);
        if let Some(f) = form.fields().iter().find(|f| f.header(form, Lang::Es) == t) {
            by_row.entry(r).or_default().insert(*f, c);
        }
    }
    // A form of a Spanish and English run has a narrative column for each of them.
    let written = |f: &Field| match f {
        Field::NarrativeIn(l) => Lang::RUN_DEFAULT.contains(l),
        _ => true,
    };
    let want = form.fields().iter().filter(|f| written(f)).count();
    by_row.into_iter().find(|(_, cols)| cols.len() == want)
}

/// The values an agency writes in one status row.
fn status_fill(report: &ReportData, code: &str) -> BTreeMap<Field, Data> {
    let done = report
        .activities
        .list
        .iter()
        .any(|a| a.code == code && a.status.as_str() == "completed");
    let (status, progress) = if done {
        ("completada", 100.0)
    } else {
        ("en curso", 50.0)
    };
    BTreeMap::from([
        (Field::Status, Data::String(status.into())),
        (Field::Progress, Data::Float(progress)),
        (
            Field::NarrativeIn(Lang::Es),
            Data::String(format!("Avance de julio en {code}.")),
        ),
        (
            Field::NarrativeIn(Lang::En),
            Data::String(format!("July progress on {code}.")),
        ),
        (Field::NextSteps, Data::String("Seguir con el plan.".into())),
        (
            Field::Evidence,
            Data::String(format!("https://example.org/{code}")),
        ),
    ])
}

/// Writes a filled copy of a status form: every cell as read, plus the filled ones.
fn fill_status_form(path: &Path, report: &ReportData, target: &Path) -> usize {
    let sheets = read_form(path);
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let mut filled = 0;
    for sheet in &sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        for (&(r, c), d) in &sheet.cells {
            match d {
                Data::Float(n) => ws.write_number(r, c as u16, *n).unwrap(),
                other => ws.write_string(r, c as u16, text(other)).unwrap(),
            };
        }
        let Some((head, cols)) = header(sheet, FormKind::Status) else {
            continue;
        };
        let code_col = cols[&Field::Activity];
        let rows: Vec<(u32, String)> = sheet
            .cells
            .iter()
            .filter(|(&(r, c), _)| r > head && c == code_col)
            .map(|(&(r, _), d)| (r, text(d)))
            .collect();
        for (r, code) in rows {
            for (field, value) in status_fill(report, &code) {
                let c = cols[&field] as u16;
                match value {
                    Data::Float(n) => ws.write_number(r, c, n).unwrap(),
                    v => ws.write_string(r, c, text(&v)).unwrap(),
                };
            }
            // The completion date as a date cell, as a spreadsheet program writes it.
            let d = NaiveDate::from_ymd_opt(2024, 7, 15).unwrap();
            ws.write_date_with_format(r, cols[&Field::Date] as u16, d, &date)
                .unwrap();
            filled += 1;
        }
    }
    wb.save(target).unwrap();
    filled
}

/// Writes a filled copy of the pledge form as CSV (the form sheet only).
fn fill_pledge_form(path: &Path, target: &Path) -> usize {
    let sheets = read_form(path);
    let sheet = sheets
        .iter()
        .find(|s| header(s, FormKind::Pledges).is_some())
        .unwrap();
    let (head, cols) = header(sheet, FormKind::Pledges).unwrap();
    let last_row = sheet.cells.keys().map(|k| k.0).max().unwrap();
    let last_col = sheet.cells.keys().map(|k| k.1).max().unwrap();
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut filled = 0;
    for r in 0..=last_row {
        let mut record: Vec<String> = (0..=last_col)
            .map(|c| sheet.cells.get(&(r, c)).map(text).unwrap_or_default())
            .collect();
        let is_pledge = r > head && !record[cols[&Field::Pledge] as usize].is_empty();
        if is_pledge {
            record[cols[&Field::Status] as usize] = "en curso".into();
            record[cols[&Field::UpdateDate] as usize] = "15/07/2024".into();
            record[cols[&Field::Narrative] as usize] = "Actualización de julio.".into();
            filled += 1;
        }
        w.write_record(&record).unwrap();
    }
    std::fs::write(target, w.into_inner().unwrap()).unwrap();
    filled
}

fn forms_of(outputs: &Path) -> Vec<PathBuf> {
    let dir = outputs.join("forms/2024-07");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn filled_forms_ingest_with_no_findings() {
    let inputs = common::inputs_from(&common::root().join("inputs"), AS_OF);
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), AS_OF);
    assert_eq!(
        seguimiento::cmd::forms::run(&config, Some(MONTH)).unwrap(),
        0
    );
    let checked = seguimiento::check(&config).unwrap();
    let report = &checked.report;
    let files = forms_of(out.path());

    // One status form per lead agency, and the pledge form.
    let mut leads: Vec<&str> = checked
        .plan
        .activities
        .iter()
        .flat_map(|a| a.lead.iter().map(String::as_str))
        .collect();
    leads.sort_unstable();
    leads.dedup();
    assert_eq!(files.len(), leads.len() + 1, "{files:?}");

    // The filled forms go back into an inputs folder of their own, so that nothing else in
    // it can be the reason for (or hide) a finding about them.
    let back = common::inputs_from(&out.path().join("nothing-else"), "2024-07-31");
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let sheets = read_form(path);
        if header(&sheets[0], FormKind::Pledges).is_some() {
            let rel = format!("pledges/2024-Q3/{}", name.replace(".xlsx", ".csv"));
            let target = back.path().join(&rel);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            let n = fill_pledge_form(path, &target);
            assert_eq!(n, report.pledges.list.len());
            expected.insert(rel, n);
        } else {
            let rel = format!("status/2024-07/{name}");
            let target = back.path().join(&rel);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            let n = fill_status_form(path, report, &target);
            let agency = leads
                .iter()
                .find(|a| {
                    let written = seguimiento::outputs::forms::agency_in_file_name(
                        checked.plan.registry(),
                        a,
                        Lang::Es,
                    );
                    name.contains(&format!("-{written}-"))
                })
                .unwrap();
            let led = checked
                .plan
                .activities
                .iter()
                .filter(|a| a.lead.iter().any(|l| l == agency))
                .count();
            assert_eq!(n, led, "{name}: one row per activity led");
            expected.insert(rel, n);
        }
    }

    let later = common::config(back.path(), out.path(), "2024-07-31");
    let refilled = seguimiento::check(&later).unwrap();
    let about_forms: Vec<_> = refilled
        .findings
        .iter()
        .filter(|f| {
            f.location
                .file
                .as_ref()
                .is_some_and(|p| expected.contains_key(p))
        })
        .map(|f| {
            format!(
                "{}: {}",
                f.location.describe(Lang::En),
                f.message.get(Lang::En)
            )
        })
        .collect();
    assert!(about_forms.is_empty(), "{about_forms:#?}");
    for (rel, n) in &expected {
        let account = refilled
            .intake
            .files
            .iter()
            .find(|a| &a.path == rel)
            .unwrap_or_else(|| panic!("{rel} not read"));
        assert_eq!(account.accepted as usize, *n, "{rel}: {account:?}");
        assert_eq!(account.rejected, 0, "{rel}");
    }
}

#[test]
fn a_form_sent_back_untouched_names_each_empty_status_cell() {
    let inputs = common::inputs_from(&common::root().join("inputs"), AS_OF);
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), AS_OF);
    seguimiento::cmd::forms::run(&config, Some(MONTH)).unwrap();
    let checked = seguimiento::check(&config).unwrap();
    let form = forms_of(out.path())
        .into_iter()
        .find(|p| p.to_string_lossy().contains("estado"))
        .unwrap();
    let name = form.file_name().unwrap().to_string_lossy().to_string();
    let rel = format!("status/2024-07/{name}");
    let back = common::inputs_from(&out.path().join("nothing-else"), "2024-07-31");
    std::fs::create_dir_all(back.path().join("status/2024-07")).unwrap();
    std::fs::copy(&form, back.path().join(&rel)).unwrap();
    let later = common::config(back.path(), out.path(), "2024-07-31");
    let again = seguimiento::check(&later).unwrap();
    let sheet = read_form(&form);
    let (head, cols) = header(&sheet[0], FormKind::Status).unwrap();
    let rows = sheet[0]
        .cells
        .keys()
        .filter(|&&(r, c)| r > head && c == cols[&Field::Activity])
        .count();
    assert!(rows > 0);
    let missing: Vec<_> = again
        .findings
        .iter()
        .filter(|f| f.location.file.as_deref() == Some(rel.as_str()))
        .collect();
    // Only the status cell is required and empty; everything written in advance reads.
    assert_eq!(missing.len(), rows, "{missing:#?}");
    let status_col = seguimiento::sheets::write::column_letter(cols[&Field::Status] as usize);
    for f in missing {
        assert_eq!(f.code.as_str(), "missing-value");
        assert_eq!(f.location.column.as_deref(), Some(status_col.as_str()));
    }
    assert!(checked.report.activities.total > 0);
}

/// Returns the dropdowns of a workbook's form sheet, each as the list it offers.
fn dropdowns(bytes: &[u8]) -> Vec<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<dataValidation ")
        .skip(1)
        .filter(|v| v.contains("type=\"list\""))
        .filter_map(|v| v.split("<formula1>").nth(1)?.split("</formula1>").next())
        .map(String::from)
        .collect()
}

/// A plan with more activities than Excel's dropdown of 255 characters can list still gets its
/// forms: the spare rows' code column is then open, and the rest of the form is as usual.
#[test]
fn a_plan_with_many_activities_still_gets_its_forms() {
    let inputs = common::inputs_from(&common::root().join("inputs"), AS_OF);
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), AS_OF);
    let mut checked = seguimiento::check(&config).unwrap();
    let first = checked.plan.activities[0].clone();
    let agency = first.lead[0].clone();
    let form = |checked: &seguimiento::Checked| {
        seguimiento::outputs::forms::agency_status_form(checked, &agency, MONTH)
            .unwrap()
            .unwrap()
    };
    // The shipped plan's codes fit: the spare rows offer them, beside the statuses.
    let lists = dropdowns(&form(&checked).bytes);
    assert_eq!(lists.len(), 2, "{lists:?}");
    assert!(lists.iter().any(|l| l.contains(&first.code)), "{lists:?}");

    for n in 1..=80 {
        let mut more = first.clone();
        more.code = format!("X{n}.{n}");
        checked.plan.activities.push(more);
    }
    let codes: usize = checked
        .plan
        .activities
        .iter()
        .map(|a| a.code.len() + 1)
        .sum();
    assert!(codes > 255);
    let forms = seguimiento::outputs::forms::build_all(&checked, MONTH).unwrap();
    assert!(forms.len() > 1);
    let bytes = form(&checked).bytes;
    // Only the statuses are offered; the code column of the spare rows is open.
    let lists = dropdowns(&bytes);
    assert_eq!(lists.len(), 1, "{lists:?}");
    assert!(!lists[0].contains(&first.code), "{lists:?}");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let first_sheet = wb.sheet_names()[0].clone();
    assert!(wb.worksheet_range(&first_sheet).unwrap().height() > 5);
}

/// An output that stages one file and then fails, as a full disk would.
struct Failing;

impl seguimiento::outputs::Output for Failing {
    fn label_key(&self) -> &'static str {
        "run.output.forms"
    }

    fn name(&self) -> &'static str {
        "failing"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &["form"]
    }

    fn write(
        &self,
        _: &seguimiento::outputs::Run<'_>,
        sink: &seguimiento::outputs::Sink<'_>,
    ) -> seguimiento::Result<Vec<seguimiento::outputs::staging::Written>> {
        sink.stage("half.xlsx", "form", None, b"half")?;
        Err(seguimiento::Error::new(
            "error.write",
            &[("path", &"half.xlsx")],
        ))
    }
}

#[test]
fn forms_are_staged_through_the_outputs_layer_and_a_failure_keeps_the_previous_ones() {
    use seguimiento::outputs::{write_each, Forms, Run};
    let inputs = common::inputs_from(&common::root().join("inputs"), AS_OF);
    let out = tempfile::tempdir().unwrap();
    let config = common::config(inputs.path(), out.path(), AS_OF);
    seguimiento::cmd::forms::run(&config, Some(MONTH)).unwrap();
    let contents = |out: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        forms_of(out)
            .into_iter()
            .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
            .collect()
    };
    let before = contents(out.path());
    assert!(before.len() > 1);

    // The same output, staged by hand beside one that fails: nothing of it is put in place.
    let checked = seguimiento::check(&config).unwrap();
    let run = Run {
        config: &config,
        checked: &checked,
        reopen: None,
    };
    let forms = Forms { month: MONTH };
    assert_eq!(forms.folder(), "forms/2024-07");
    let mut set =
        seguimiento::outputs::staging::OutputSet::new(out.path(), &forms.folder()).unwrap();
    let staged = write_each(
        &[&forms, &Failing],
        &run,
        &mut set,
        &seguimiento::progress::Silent,
    );
    assert!(staged.is_err());
    drop(set);
    assert_eq!(
        before,
        contents(out.path()),
        "the previous forms are left as they were"
    );
    let left: Vec<_> = std::fs::read_dir(out.path().join("forms"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("2024-07")]);

    // Staged whole, they are the bytes `forms` writes.
    let mut set =
        seguimiento::outputs::staging::OutputSet::new(out.path(), &forms.folder()).unwrap();
    write_each(&[&forms], &run, &mut set, &seguimiento::progress::Silent).unwrap();
    let written = set.commit().unwrap();
    assert_eq!(written.len(), before.len());
    assert!(written.iter().all(|w| w.kind == "form"));
    assert_eq!(before, contents(out.path()));
}
