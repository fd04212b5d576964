//! Reads one cell as one field: codes, months, dates, percentages, statuses, agencies,
//! objectives, countries. Each reader returns the value or the finding code and the words
//! that explain what is wrong; the caller adds the location.

use chrono::{Datelike, NaiveDate};

use crate::activity_code::ParsedCode;
use crate::calendar::{self, YearMonth};
use crate::findings::Code;
use crate::model::{EntityType, PledgeStatus, Status};
use crate::plan::join_words;
use crate::plan::Plan;
use crate::reference;
use crate::sheets::Cell;

/// Why a cell could not be read as its field.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The finding code.
    pub code: Code,
    /// The cell as a person reads it, quoted in the message (cut to an excerpt).
    pub value: String,
    /// Further message arguments, in both languages (the plan's codes to write instead).
    pub args: Vec<(&'static str, crate::i18n::Text)>,
}

/// Returns a cell as a message quotes it: as [`Cell::display`] shows it, cut after
/// [`crate::findings::QUOTE_CHARS`] characters.
pub fn quoted(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => crate::findings::excerpt(s),
        Cell::Error(e) => crate::findings::excerpt(e),
        other => other.display(),
    }
}

impl Problem {
    fn new(code: Code, cell: &Cell) -> Problem {
        Problem {
            code,
            value: quoted(cell),
            args: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, text: crate::i18n::Text) -> Problem {
        self.args.push((name, text));
        self
    }

    /// Adds the month and the date of `as_of` as the examples of how to write a month and a
    /// date, so a message never quotes a year of another plan.
    pub fn with_examples(self, as_of: NaiveDate) -> Problem {
        let month = YearMonth::from_date(as_of);
        let words = crate::i18n::Text::from_fn(|l| crate::i18n::format_month(l, month));
        self.with("month_iso", crate::i18n::Text::same(month.to_string()))
            .with("month_words", words)
            .with(
                "date_example",
                crate::i18n::Text::same(as_of.format("%d/%m/%Y").to_string()),
            )
    }
}

/// Returns the text of a cell, trimmed, or none when it is blank.
pub fn text(cell: &Cell) -> Option<String> {
    if let Cell::Text(s) = cell {
        let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{200B}');
        return (!s.is_empty()).then(|| s.to_string());
    }
    if cell.is_blank() {
        return None;
    }
    let s = cell.display();
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{200B}');
    (!s.is_empty()).then(|| s.to_string())
}

/// Reads an activity code that must exist in the plan.
pub fn activity(cell: &Cell, plan: &Plan) -> Result<String, Problem> {
    let written = cell.display();
    match plan.read_code(&written) {
        ParsedCode::Code(code) => Ok(code),
        ParsedCode::Unknown => Err(Problem::new(Code::UnknownActivity, cell)
            .with("plan", plan.meta.short.clone())
            .with(
                "ranges",
                crate::i18n::Text::from_fn(&|l| plan.code_ranges_text(l)),
            )),
        ParsedCode::Ambiguous(candidates) => Err(Problem::new(Code::AmbiguousActivity, cell).with(
            "candidates",
            crate::i18n::Text::from_fn(&|l| join_words(l, &candidates, "word.or")),
        )),
        ParsedCode::Invalid => Err(Problem::new(Code::InvalidActivity, cell).with(
            "examples",
            crate::i18n::Text::from_fn(&|l| plan.code_examples_text(l)),
        )),
    }
}

/// Largest Excel serial number read as a date (year 2099).
const SERIAL_MAX: f64 = 73_050.0;
/// Smallest Excel serial number read as a date (year 1982).
const SERIAL_MIN: f64 = 30_000.0;

fn serial_to_date(n: f64) -> Option<NaiveDate> {
    if !(SERIAL_MIN..=SERIAL_MAX).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n.floor() as u64))
}

/// Reads a reporting month: `2024-03`, a date cell or text, `marzo 2024`, `mar-24`.
pub fn period(cell: &Cell) -> Result<YearMonth, Problem> {
    let month = match cell {
        Cell::Date(d) => Some(YearMonth::from_date(d.date())),
        Cell::Number(n) => serial_to_date(*n).map(YearMonth::from_date),
        Cell::Text(s) => calendar::parse_month_text(s.trim()),
        _ => None,
    };
    month
        .filter(|m| (1990..=2100).contains(&m.year))
        .ok_or_else(|| Problem::new(Code::InvalidPeriod, cell))
}

/// Reads a date: a date cell (either date system), ISO text, `dd/mm/yyyy`, month names.
pub fn date(cell: &Cell) -> Result<NaiveDate, Problem> {
    let date = match cell {
        Cell::Date(d) => Some(d.date()),
        Cell::Number(n) => serial_to_date(*n),
        Cell::Text(s) => calendar::parse_date_text(s.trim()),
        _ => None,
    };
    date.filter(|d| (1990..=2100).contains(&d.year()))
        .ok_or_else(|| Problem::new(Code::InvalidDate, cell))
}

/// Reads progress as 0-100: `45`, `45%`, `45,5`, or 0.45 in a percent-formatted cell.
pub fn progress(cell: &Cell, percent_format: bool) -> Result<f64, Problem> {
    let value = match cell {
        Cell::Number(n) if percent_format => Some(n * 100.0),
        Cell::Number(n) => Some(*n),
        Cell::Text(s) => {
            let t = s.trim().replace(['\u{a0}', ' '], "");
            let (t, pct) = match t.strip_suffix('%') {
                Some(rest) => (rest.to_string(), true),
                None => (t, false),
            };
            let _ = pct;
            t.replace(',', ".").parse::<f64>().ok()
        }
        _ => None,
    };
    match value {
        Some(v) if v.is_finite() && (0.0..=100.0).contains(&v) => Ok((v * 100.0).round() / 100.0),
        // Quoted as the cell shows it: 1.5 in a percent cell is "150 %".
        Some(v) if percent_format && v.is_finite() => Err(Problem {
            code: Code::InvalidProgress,
            value: format!("{} %", Cell::Number((v * 100.0).round() / 100.0).display()),
            args: Vec::new(),
        }),
        _ => Err(Problem::new(Code::InvalidProgress, cell)),
    }
}

/// Reads an activity status.
pub fn status(cell: &Cell) -> Result<Status, Problem> {
    Status::parse(&cell.display()).ok_or_else(|| Problem::new(Code::InvalidStatus, cell))
}

/// Reads a pledge status.
pub fn pledge_status(cell: &Cell) -> Result<PledgeStatus, Problem> {
    PledgeStatus::parse(&cell.display()).ok_or_else(|| Problem::new(Code::InvalidStatus, cell))
}

/// Reads an agency under any of its names (the registry's and those the plan declares);
/// returns its id.
pub fn agency(cell: &Cell, plan: &Plan) -> Result<String, Problem> {
    plan.registry()
        .agency(&cell.display())
        .map(|a| a.id.clone())
        .ok_or_else(|| {
            let examples = crate::i18n::Text::from_fn(|l| plan.agency_examples_text(l));
            Problem::new(Code::UnknownAgency, cell).with("examples", examples)
        })
}

/// Reads GCM objectives: `1, 8, 23`, `1;8;23`, `Obj. 8`, `Objetivo 8`, `8 y 23`.
pub fn objectives(cell: &Cell) -> Result<Vec<u8>, Problem> {
    let written = cell.display();
    let folded = crate::text::fold(&written);
    let mut out: Vec<u8> = Vec::new();
    let cleaned = folded
        .replace("objetivos", " ")
        .replace("objetivo", " ")
        .replace("objectives", " ")
        .replace("objective", " ")
        .replace("obj.", " ")
        .replace("obj", " ")
        .replace(" y ", ",")
        .replace(" and ", ",")
        .replace(['#', 'n', 'o', '°', 'º'], " ");
    for part in cleaned.split([',', ';', '/', '|', '\n', '-']) {
        let part = part.trim().trim_end_matches(".0").trim_end_matches('.');
        if part.is_empty() {
            continue;
        }
        match part.parse::<u8>() {
            Ok(n) if (1..=23).contains(&n) => {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
            _ => return Err(Problem::new(Code::InvalidObjective, cell)),
        }
    }
    if out.is_empty() {
        return Err(Problem::new(Code::InvalidObjective, cell));
    }
    out.sort_unstable();
    Ok(out)
}

/// Reads an entity type; unknown words fall back to `other` with a warning.
pub fn entity_type(cell: &Cell) -> Result<EntityType, Problem> {
    EntityType::parse(&cell.display()).ok_or_else(|| Problem::new(Code::InvalidEntityType, cell))
}

/// Reads a list of countries: names in either language or ISO alpha-3, `;` or `,` separated.
/// Returns the ISO codes found and the names that matched no country.
pub fn countries(cell: &Cell) -> (Vec<String>, Vec<String>) {
    let written = cell.display();
    let r = reference::get();
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    // Try `;` first; only split on `,` when the whole does not name one country
    // ("Bolivia, Estado Plurinacional de").
    for chunk in written.split([';', '\n', '|']) {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        if let Some(c) = r.country(chunk) {
            push_unique(&mut found, &c.iso3);
            continue;
        }
        for part in chunk.split([',', '/']).flat_map(|p| p.split(" y ")) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            match r.country(part) {
                Some(c) => push_unique(&mut found, &c.iso3),
                None => unknown.push(part.to_string()),
            }
        }
    }
    (found, unknown)
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn progress_in_every_spelling() {
        assert_eq!(progress(&t("45"), false), Ok(45.0));
        assert_eq!(progress(&t("45%"), false), Ok(45.0));
        assert_eq!(progress(&t("45,5"), false), Ok(45.5));
        assert_eq!(progress(&t(" 45,5 % "), false), Ok(45.5));
        assert_eq!(progress(&Cell::Number(0.45), true), Ok(45.0));
        assert_eq!(progress(&Cell::Number(1.0), true), Ok(100.0));
        let over = progress(&Cell::Number(1.5), true).unwrap_err();
        assert_eq!(
            (over.code, over.value.as_str()),
            (Code::InvalidProgress, "150 %")
        );
        assert_eq!(progress(&Cell::Number(80.0), false), Ok(80.0));
        assert!(progress(&t("120"), false).is_err());
        assert!(progress(&t("mucho"), false).is_err());
        assert!(progress(&Cell::Number(-1.0), false).is_err());
    }

    #[test]
    fn objectives_in_every_spelling() {
        assert_eq!(objectives(&t("1, 8, 23")), Ok(vec![1, 8, 23]));
        assert_eq!(objectives(&t("1;8;23")), Ok(vec![1, 8, 23]));
        assert_eq!(objectives(&t("Obj. 8")), Ok(vec![8]));
        assert_eq!(objectives(&t("Objetivo 8")), Ok(vec![8]));
        assert_eq!(objectives(&t("Objetivos 5 y 6")), Ok(vec![5, 6]));
        assert_eq!(objectives(&Cell::Number(7.0)), Ok(vec![7]));
        assert_eq!(
            objectives(&t("25")).unwrap_err().code,
            Code::InvalidObjective
        );
        assert_eq!(
            objectives(&t("todos")).unwrap_err().code,
            Code::InvalidObjective
        );
    }

    #[test]
    fn periods_and_dates() {
        assert_eq!(
            period(&t("2024-03")),
            Ok(YearMonth {
                year: 2024,
                month: 3
            })
        );
        assert_eq!(
            period(&t("marzo 2024")),
            Ok(YearMonth {
                year: 2024,
                month: 3
            })
        );
        assert_eq!(
            period(&t("15/03/2024")),
            Ok(YearMonth {
                year: 2024,
                month: 3
            })
        );
        assert_eq!(
            period(&Cell::Number(45366.0)),
            Ok(YearMonth {
                year: 2024,
                month: 3
            })
        );
        assert!(period(&t("Q1")).is_err());
        assert_eq!(
            date(&t("28/09/2023")),
            Ok(NaiveDate::from_ymd_opt(2023, 9, 28).unwrap())
        );
        assert!(date(&t("31/02/2024")).is_err());
    }

    #[test]
    fn agencies_and_countries() {
        let plan = Plan::parse(include_str!("../../inputs/plan/plan.toml")).unwrap();
        assert_eq!(agency(&t("O.I.M."), &plan), Ok("iom".to_string()));
        assert_eq!(
            agency(&t("UNHRC"), &plan).unwrap_err().code,
            Code::UnknownAgency
        );
        let (found, unknown) = countries(&t("México; Guatemala, HND"));
        assert_eq!(found, vec!["MEX", "GTM", "HND"]);
        assert!(unknown.is_empty());
        let (_, unknown) = countries(&t("Narnia"));
        assert_eq!(unknown, vec!["Narnia"]);
    }
}
