//! The findings output: `findings.json` in the run's language (for scripts), then the findings
//! as CSV in each language (for a spreadsheet in the reader's locale). `check --format json`
//! prints the same document.

use super::csv::{csv_safe, spreadsheet_csv};
use super::staging::Written;
use super::{Output, Run, Sink};
use crate::config::RunConfig;
use crate::findings::{Finding, SeverityCounts};
use crate::i18n::Lang;
use crate::ingest::FileAccount;
use crate::Result;

/// `findings.json` in the run's language, then the findings as CSV in each language.
pub struct Findings;

impl Output for Findings {
    fn name(&self) -> &'static str {
        "findings"
    }

    fn label_key(&self) -> &'static str {
        "run.output.findings"
    }

    fn kinds(&self) -> &'static [&'static str] {
        &["findings"]
    }

    fn write(&self, run: &Run<'_>, sink: &Sink<'_>) -> Result<Vec<Written>> {
        let checked = run.checked;
        let json = json(run.config, &checked.findings, &checked.intake.files);
        let bytes = document_bytes(&json);
        let mut out = vec![sink.stage("findings.json", self.kinds()[0], None, &bytes)?];
        for &lang in run.config.languages() {
            out.push(sink.stage(
                &csv_file_name(lang),
                self.kinds()[0],
                Some(lang),
                &csv(&checked.findings, lang),
            )?);
        }
        Ok(out)
    }
}

/// Returns the name of the findings CSV in `lang` (`findings-es.csv`).
pub fn csv_file_name(lang: Lang) -> String {
    super::staging::lang_file_name("findings", lang, "csv")
}

/// Returns the findings document (docs/outputs.md), with the per-file accounting.
pub fn json(config: &RunConfig, findings: &[Finding], files: &[FileAccount]) -> serde_json::Value {
    let lang = config.lang();
    serde_json::json!({
        "as_of": config.as_of,
        "period": config.period(),
        "summary": SeverityCounts::of(findings),
        "findings": findings.iter().map(|f| f.to_json(lang)).collect::<Vec<_>>(),
        "inputs": files,
    })
}

/// Writes a findings document as scripts and people both read it: the top-level fields one per
/// line, and each element of its lists (findings, file accounts) on a line of its own. A
/// document of 100,000 findings stays a few tens of megabytes, where indenting every field
/// would double it.
pub fn document_bytes(doc: &serde_json::Value) -> Vec<u8> {
    let compact = |v: &serde_json::Value| serde_json::to_string(v).unwrap_or_default();
    let Some(fields) = doc.as_object() else {
        return format!("{}\n", compact(doc)).into_bytes();
    };
    let mut out = String::from("{");
    for (i, (key, value)) in fields.iter().enumerate() {
        out.push_str(if i == 0 { "\n  " } else { ",\n  " });
        out.push_str(&compact(&serde_json::Value::String(key.clone())));
        out.push_str(": ");
        match value.as_array() {
            Some(items) if !items.is_empty() => {
                out.push('[');
                for (j, item) in items.iter().enumerate() {
                    out.push_str(if j == 0 { "\n    " } else { ",\n    " });
                    out.push_str(&compact(item));
                }
                out.push_str("\n  ]");
            }
            _ => out.push_str(&compact(value)),
        }
    }
    out.push_str("\n}\n");
    out.into_bytes()
}

/// Returns the findings as CSV for a spreadsheet program in `lang` (see [`spreadsheet_csv`]).
pub fn csv(findings: &[Finding], lang: Lang) -> Vec<u8> {
    let mut w = spreadsheet_csv(lang);
    let header: Vec<String> = [
        "csv.id",
        "csv.severity",
        "csv.code",
        "csv.file",
        "csv.sheet",
        "csv.row",
        "csv.column",
        "csv.activity",
        "csv.pledge",
        "csv.open-since",
        "csv.age",
        "csv.decision",
        "csv.note",
        "csv.message",
    ]
    .iter()
    .map(|k| crate::i18n::tr(lang, k, &[]))
    .collect();
    let _ = w.write_record(&header);
    for f in findings {
        let row = [
            f.id.clone(),
            crate::i18n::tr(lang, f.severity().label_key(), &[]),
            f.code.as_str().to_string(),
            f.location.file.clone().unwrap_or_default(),
            f.location.sheet.clone().unwrap_or_default(),
            f.location.row.map(|r| r.to_string()).unwrap_or_default(),
            f.location.column.clone().unwrap_or_default(),
            f.activity.clone().unwrap_or_default(),
            f.pledge.clone().unwrap_or_default(),
            f.open_since.map(|m| m.to_string()).unwrap_or_default(),
            f.age_months.map(|a| a.to_string()).unwrap_or_default(),
            f.decision
                .map(|d| crate::i18n::tr(lang, d.label_key(), &[]))
                .unwrap_or_default(),
            f.note.clone().unwrap_or_default(),
            // Last, where `diff` reads it in the files of every version.
            f.message.get(lang).to_string(),
        ];
        let _ = w.write_record(row.iter().map(|s| csv_safe(s)));
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::YearMonth;
    use crate::outputs::csv::{csv_separator, UTF8_BOM};

    /// Reads back a spreadsheet CSV: the BOM, then records with `lang`'s separator.
    fn read_back(bytes: &[u8], lang: Lang) -> Vec<Vec<String>> {
        let body = bytes.strip_prefix(UTF8_BOM).expect("a UTF-8 BOM");
        csv::ReaderBuilder::new()
            .delimiter(csv_separator(lang))
            .has_headers(false)
            .from_reader(body)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn findings_csv_opens_as_columns_in_each_languages_spreadsheet() {
        let mut f = Finding::new(
            crate::findings::Code::InvalidStatus,
            crate::findings::Location {
                file: Some("status/2024-03/oim; copia, final.xlsx".into()),
                sheet: Some("Estado".into()),
                row: Some(7),
                column: Some("D".into()),
            },
            &[
                ("value", &"=1+1"),
                ("accepted", &"en curso; completada, \"otra\""),
            ],
        );
        f.activity = Some("B1.2".into());
        f.month = YearMonth::new(2024, 3);
        crate::findings::assign_ids(
            std::slice::from_mut(&mut f),
            YearMonth::new(2024, 4).unwrap(),
        );
        f.decision = Some(crate::model::Decision::Explained);
        f.note = Some("=1 is fine".into());
        for lang in Lang::ALL {
            let bytes = csv(std::slice::from_ref(&f), lang);
            let text = std::str::from_utf8(&bytes).unwrap();
            assert!(text.contains("\r\n"), "CRLF line ends");
            let rows = read_back(&bytes, lang);
            assert_eq!(rows.len(), 2);
            assert_eq!(
                rows[0].len(),
                14,
                "{lang}: header in 14 columns: {:?}",
                rows[0]
            );
            assert_eq!(
                rows[1].len(),
                14,
                "{lang}: row in 14 columns: {:?}",
                rows[1]
            );
            assert_eq!(rows[0][0], crate::i18n::tr(lang, "csv.id", &[]));
            assert_eq!(rows[0][1], crate::i18n::tr(lang, "csv.severity", &[]));
            assert_eq!(rows[1][0], f.id);
            assert_eq!(rows[1][2], "invalid-status");
            assert_eq!(rows[1][3], "status/2024-03/oim; copia, final.xlsx");
            assert_eq!(rows[1][5], "7");
            assert_eq!(rows[1][9], "2024-03");
            assert_eq!(rows[1][10], "1");
            assert_eq!(
                rows[1][11],
                crate::i18n::tr(lang, crate::model::Decision::Explained.label_key(), &[])
            );
            assert_eq!(rows[1][12], "'=1 is fine");
            assert_eq!(rows[1][13], f.message.get(lang));
        }
        // The separator is the one each locale's Excel expects.
        let es = csv(&[], Lang::Es);
        assert_eq!(es.iter().filter(|&&b| b == b';').count(), 13);
        let en = csv(&[], Lang::En);
        assert_eq!(en.iter().filter(|&&b| b == b',').count(), 13);
    }

    #[test]
    fn findings_csv_keeps_formulas_out() {
        let f = Finding::new(
            crate::findings::Code::UnreadableFile,
            crate::findings::Location::file("=cmd|'/c calc'!A1.csv"),
            &[("reason", &"x")],
        );
        for lang in Lang::ALL {
            let rows = read_back(&csv(std::slice::from_ref(&f), lang), lang);
            assert_eq!(rows[1][3], "'=cmd|'/c calc'!A1.csv");
        }
    }
}
