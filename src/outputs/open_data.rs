//! Open data: the activities, the status reports and the pledges as HXL-tagged CSV.
//!
//! The Network's members share data on the Humanitarian Data Exchange, whose tools read HXL
//! (the Humanitarian Exchange Language): an ordinary CSV whose second row carries a hashtag
//! under each header (`#activity+code`, `#status+name`). The module exists so those files
//! come out of the same run as the documents, with the same figures, and read in HXL tools as
//! they are. Every activity status carries its IATI ActivityStatus code (`#status+code`),
//! the codelist UN agencies publish to IATI with.
//!
//! Each file is a table: a list of columns (header key, hashtag, value), so the header row,
//! the hashtag row and the values are written from one list and cannot drift. Only hashtags
//! and attributes of the HXL core schema are used, plus the language attributes `+i_es` and
//! `+i_en` on text written in one language. Values are for machines: dates ISO (`2024-03-31`,
//! months `2024-03`), numbers with a decimal point, several values in one cell separated by
//! `; `. Headers and words (statuses, entity types, agency acronyms) are in the file's
//! language; codes and hashtags are the same in both. Text is neutralised as in every CSV
//! ([`crate::outputs::staging::csv_safe`]), so no cell becomes a formula.
//!
//! The module never computes a figure: every value comes from `ReportData`, the plan, or the
//! accepted rows as ingest read them.

use crate::i18n::{tr, Lang};
use crate::outputs::csv::csv_safe;
use crate::report::{ActivityData, PledgeData};
use crate::Checked;

/// Manifest kind of the open-data files.
pub const KIND: &str = "open-data";

/// Folder of the open-data files inside the period's outputs.
pub const FOLDER: &str = "open-data";

/// Separator of several values in one cell.
const LIST: &str = "; ";

/// The three tables, in the order they are written and listed.
pub const TABLES: [Table; 3] = [Table::Activities, Table::Reports, Table::Pledges];

/// One of the open-data tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// One row per activity of the plan: its latest status.
    Activities,
    /// One row per accepted status report.
    Reports,
    /// One row per known pledge: its latest record.
    Pledges,
}

impl Table {
    /// Returns the table's name (`activities`).
    pub fn key(self) -> &'static str {
        match self {
            Table::Activities => "activities",
            Table::Reports => "reports",
            Table::Pledges => "pledges",
        }
    }

    /// Returns the string-table key of the stem of its file names, in each language.
    pub fn file_key(self) -> &'static str {
        match self {
            Table::Activities => "hxl.file.activities",
            Table::Reports => "hxl.file.reports",
            Table::Pledges => "hxl.file.pledges",
        }
    }
}

/// One open-data file, ready to write.
#[derive(Debug, Clone)]
pub struct Export {
    /// Which table.
    pub table: Table,
    /// The language of its headers and words.
    pub lang: Lang,
    /// Path inside the period's folder (`open-data/actividades-2024-Q2-es.csv`).
    pub file_name: String,
    /// The CSV.
    pub bytes: Vec<u8>,
}

/// A column: its header's string-table key (`hxl.col.code`), its HXL hashtag, and how a row gives its value.
struct Column<'a, T> {
    key: &'static str,
    /// The language a text column holds, when not the file's: its code fills the header's
    /// `{code}`.
    written_in: Option<Lang>,
    tag: String,
    value: Box<dyn Fn(&T) -> String + 'a>,
}

fn col<'a, T>(
    key: &'static str,
    tag: impl Into<String>,
    value: impl Fn(&T) -> String + 'a,
) -> Column<'a, T> {
    Column {
        key,
        written_in: None,
        tag: tag.into(),
        value: Box::new(value),
    }
}

/// Returns the file name of a table in a language (`open-data/actividades-2024-Q2-es.csv`).
pub fn file_name(table: Table, lang: Lang, period: &str) -> String {
    let stem = tr(lang, table.file_key(), &[]);
    crate::outputs::staging::lang_file_name(&format!("{FOLDER}/{stem}-{period}"), lang, "csv")
}

/// Builds every open-data file: each table in each of `langs`, in order.
pub fn build_all(checked: &Checked, langs: &[Lang]) -> Vec<Export> {
    let period = &checked.report.meta.period;
    TABLES
        .iter()
        .flat_map(|&table| {
            langs.iter().map(move |&lang| Export {
                table,
                lang,
                file_name: file_name(table, lang, period),
                bytes: build(checked, table, lang),
            })
        })
        .collect()
}

/// Builds one table in one language.
pub fn build(checked: &Checked, table: Table, lang: Lang) -> Vec<u8> {
    match table {
        Table::Activities => write(
            &activity_columns(checked, lang),
            &checked.report.activities.list,
            lang,
        ),
        Table::Reports => write(&report_columns(checked, lang), &checked.intake.status, lang),
        Table::Pledges => write(&pledge_columns(lang), &checked.report.pledges.list, lang),
    }
}

/// Writes a table: the header row, the hashtag row, then one row per item.
fn write<T>(columns: &[Column<'_, T>], rows: &[T], lang: Lang) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(columns.iter().map(|c| {
        let code = c
            .written_in
            .map(|l| l.code().to_uppercase())
            .unwrap_or_default();
        tr(lang, c.key, &[("code", &code)])
    }));
    let _ = w.write_record(columns.iter().map(|c| c.tag.as_str()));
    for row in rows {
        let _ = w.write_record(columns.iter().map(|c| csv_safe(&(c.value)(row))));
    }
    w.into_inner().unwrap_or_default()
}

/// The hashtag of a text in the file's language (`#description+i_es`).
fn in_lang(tag: &str, lang: Lang) -> String {
    format!("{tag}+i_{lang}")
}

fn number(n: Option<f64>) -> String {
    n.map(|v| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    })
    .unwrap_or_default()
}

fn objectives(list: &[u8]) -> String {
    list.iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(LIST)
}

#[allow(
    clippy::too_many_lines,
    reason = "a declarative table: one entry a column"
)]
fn activity_columns(checked: &Checked, lang: Lang) -> Vec<Column<'_, ActivityData>> {
    let plan = &checked.plan;
    let window = move |a: &ActivityData, end: bool| {
        plan.activity(&a.code)
            .map(|p| {
                let s = &p.schedule;
                if end { s.window_end } else { s.window_start }.to_string()
            })
            .unwrap_or_default()
    };
    let agencies = move |ids: &[String]| {
        let r = plan.registry();
        ids.iter()
            .map(|id| r.agency_label(id, lang))
            .collect::<Vec<_>>()
            .join(LIST)
    };
    vec![
        col("hxl.col.code", "#activity+code", |a: &ActivityData| {
            a.code.clone()
        }),
        col(
            "hxl.col.priority",
            "#activity+programme+code",
            |a: &ActivityData| a.priority.clone(),
        ),
        col(
            "hxl.col.title",
            in_lang("#activity+name", lang),
            move |a: &ActivityData| a.title.get(lang).to_string(),
        ),
        col("hxl.col.lead", "#org+prog+name", move |a: &ActivityData| {
            agencies(&a.lead_ids)
        }),
        col(
            "hxl.col.support",
            "#org+impl+name",
            move |a: &ActivityData| a.support.get(lang).to_string(),
        ),
        col(
            "hxl.col.window-start",
            "#date+start",
            move |a: &ActivityData| window(a, false),
        ),
        col(
            "hxl.col.window-end",
            "#date+end",
            move |a: &ActivityData| window(a, true),
        ),
        col("hxl.col.status", "#status+name", move |a: &ActivityData| {
            tr(lang, a.status.label_key(), &[])
        }),
        col("hxl.col.iati-status", "#status+code", |a: &ActivityData| {
            a.status.iati().map(|c| c.to_string()).unwrap_or_default()
        }),
        col("hxl.col.progress", "#indicator+pct", |a: &ActivityData| {
            number(a.progress)
        }),
        col(
            "hxl.col.last-report",
            "#date+reported",
            |a: &ActivityData| a.last_period_iso.map(|m| m.to_string()).unwrap_or_default(),
        ),
        col("hxl.col.objectives", "#sector+code", |a: &ActivityData| {
            objectives(&a.objectives)
        }),
        col(
            "hxl.col.narrative",
            in_lang("#description", lang),
            move |a: &ActivityData| {
                a.narrative
                    .as_ref()
                    .map(|t| t.get(lang).to_string())
                    .unwrap_or_default()
            },
        ),
        col("hxl.col.evidence", "#activity+url", |a: &ActivityData| {
            a.evidence.clone().unwrap_or_default()
        }),
        col("hxl.col.source", "#meta+source", |a: &ActivityData| {
            a.source.as_ref().map(|s| s.to_string()).unwrap_or_default()
        }),
    ]
}

fn report_columns(checked: &Checked, lang: Lang) -> Vec<Column<'_, crate::ingest::StatusRecord>> {
    let registry = checked.plan.registry();
    use crate::ingest::StatusRecord as R;
    let mut columns = vec![
        col("hxl.col.code", "#activity+code", |s: &R| s.activity.clone()),
        col("hxl.col.period", "#date+reported", |s: &R| {
            s.period.to_string()
        }),
        col("hxl.col.agency", "#org+name", move |s: &R| {
            registry.agency_label(&s.agency, lang)
        }),
        col("hxl.col.agency-id", "#org+code", |s: &R| s.agency.clone()),
        col("hxl.col.status", "#status+name", move |s: &R| {
            tr(lang, s.status.label_key(), &[])
        }),
        col("hxl.col.iati-status", "#status+code", |s: &R| {
            s.status.iati().to_string()
        }),
        col("hxl.col.progress", "#indicator+pct", |s: &R| {
            number(s.progress)
        }),
        col("hxl.col.date", "#date+occurred", |s: &R| {
            s.date.map(|d| d.to_string()).unwrap_or_default()
        }),
    ];
    // The agencies' own words, a column for each language of the run or of a report.
    columns.extend(
        checked
            .narrative_languages()
            .into_iter()
            .map(|written_in| Column {
                written_in: Some(written_in),
                ..col(
                    "hxl.col.narrative-in",
                    in_lang("#description", written_in),
                    move |s: &R| s.narrative(written_in).unwrap_or_default().to_string(),
                )
            }),
    );
    columns.extend([
        col("hxl.col.evidence", "#activity+url", |s: &R| {
            s.evidence.clone().unwrap_or_default()
        }),
        col("hxl.col.source", "#meta+source", |s: &R| {
            s.source.to_string()
        }),
    ]);
    columns
}

fn pledge_columns<'a>(lang: Lang) -> Vec<Column<'a, PledgeData>> {
    vec![
        col("hxl.col.pledge", "#activity+code", |p: &PledgeData| {
            p.id.clone()
        }),
        col(
            "hxl.col.pledge-title",
            "#activity+name",
            |p: &PledgeData| p.title.clone(),
        ),
        col("hxl.col.entity", "#org+name", |p: &PledgeData| {
            p.entity.clone()
        }),
        col("hxl.col.entity-type", "#org+type", move |p: &PledgeData| {
            tr(lang, p.entity_type.label_key(), &[])
        }),
        col("hxl.col.countries", "#country+code", |p: &PledgeData| {
            p.countries.join(LIST)
        }),
        col(
            "hxl.col.country-names",
            in_lang("#country+name", lang),
            move |p: &PledgeData| p.country_names.get(lang).to_string(),
        ),
        col("hxl.col.objectives", "#sector+code", |p: &PledgeData| {
            objectives(&p.objectives)
        }),
        col("hxl.col.status", "#status+name", move |p: &PledgeData| {
            tr(lang, p.status.label_key(), &[])
        }),
        col("hxl.col.pledge-status", "#status+code", |p: &PledgeData| {
            p.status.as_str().to_string()
        }),
        col("hxl.col.update-date", "#date+reported", |p: &PledgeData| {
            p.update_date.to_string()
        }),
        col(
            "hxl.col.pledge-narrative",
            "#description",
            |p: &PledgeData| p.narrative.clone().unwrap_or_default(),
        ),
        col("hxl.col.source", "#meta+source", |p: &PledgeData| {
            p.source.to_string()
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_for_machines() {
        assert_eq!(number(Some(45.0)), "45");
        assert_eq!(number(Some(45.5)), "45.5");
        assert_eq!(number(None), "");
    }
}
