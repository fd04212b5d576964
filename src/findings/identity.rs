//! A finding's identity and age: the id that lets a decision follow a problem from run to run,
//! and the month the problem has been open since.
//!
//! An id is made from what a finding is about (its code, activity, pledge, month, agency,
//! file, sheet and column), never from its wording or its row number: a file sent again with a
//! row inserted above moves its rows, and a decision must not move with them onto another
//! problem. The month each code is open since is decided here, in [`Code::opens`], and
//! nowhere else (docs/findings.md, "Identity and age").

use sha2::{Digest, Sha256};

use super::{Code, Finding};
use crate::calendar::YearMonth;

/// How many hexadecimal digits of the key's SHA-256 an id keeps.
const ID_DIGITS: usize = 12;

/// Where the month a finding has been open since comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opens {
    /// The month of the row it is about (the period of a status report, the month of a
    /// pledge's update date), or the month its check names.
    Month,
    /// The month the window it concerns ended: an overdue activity's planned window, a
    /// missed occurrence's window.
    WindowEnd,
    /// The first month of the as-of quarter: next quarter's is another finding.
    Quarter,
    /// No month: a finding about a file, a sheet, the plan, a published quarter or the
    /// register itself.
    Never,
}

impl Code {
    /// Returns where a finding of this code is open since (docs/findings.md, "Identity and
    /// age").
    pub fn opens(self) -> Opens {
        match self {
            Code::Overdue | Code::OccurrenceMissing => Opens::WindowEnd,
            Code::MissingReport
            | Code::PledgeNotUpdated
            | Code::NarrativeMissing
            | Code::NarrativeOneLanguage => Opens::Quarter,
            Code::UnreadableFile
            | Code::UnrecognizedForm
            | Code::MissingColumn
            | Code::UnknownColumn
            | Code::IgnoredFile
            | Code::InvalidMailDate
            | Code::UnknownSender
            | Code::SenderOtherAgency
            | Code::MailWithoutForm
            | Code::LimitExceeded
            | Code::PlanNote
            | Code::PublishedFiguresChanged
            | Code::PublishedRecordUnreadable
            | Code::InvalidDecision
            | Code::StaleDecision
            | Code::NarrativeUnknownHeading
            | Code::NarrativeFiguresChanged
            | Code::NarrativeLeftOut
            | Code::NarrativeDuplicate
            | Code::NarrativeOldFormat => Opens::Never,
            _ => Opens::Month,
        }
    }
}

/// Returns the first month of the quarter `month` falls in.
pub fn quarter_start(month: YearMonth) -> YearMonth {
    YearMonth {
        year: month.year,
        month: (month.quarter() - 1) * 3 + 1,
    }
}

/// Returns the month `f` is open since, as of `as_of`.
pub fn open_since(f: &Finding, as_of: YearMonth) -> Option<YearMonth> {
    match f.code.opens() {
        Opens::Month => f.month,
        Opens::WindowEnd => f.window_end,
        Opens::Quarter => Some(quarter_start(as_of)),
        Opens::Never => None,
    }
}

/// Returns the whole months from `since` to `as_of` (0 in the same month; never below 0).
pub fn months_between(since: YearMonth, as_of: YearMonth) -> u32 {
    let months = |m: YearMonth| i64::from(m.year) * 12 + i64::from(m.month);
    u32::try_from((months(as_of) - months(since)).max(0)).unwrap_or(u32::MAX)
}

/// Returns the text an id is the digest of: the code and what the finding is about, with its
/// month, each field on its own, so that no two findings about different things share it.
fn key(f: &Finding, since: Option<YearMonth>) -> String {
    let field = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        f.code.as_str().to_string(),
        field(&f.activity),
        field(&f.pledge),
        since.map(|m| m.to_string()).unwrap_or_default(),
        field(&f.agency),
        field(&f.location.file),
        field(&f.location.sheet),
        field(&f.location.column),
    ]
    .join("\u{1f}")
        // A subject is added only where there is one, so that no other finding's id moves.
        + &f.subject.as_ref().map(|s| format!("\u{1f}{s}")).unwrap_or_default()
}

/// Returns the id of a key: the first [`ID_DIGITS`] hexadecimal digits of its SHA-256.
fn digest(key: &str) -> String {
    let hash = Sha256::digest(key.as_bytes());
    let mut hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    hex.truncate(ID_DIGITS);
    hex
}

/// Gives every finding its id, the month it is open since and its age as of `as_of`. The
/// findings must be in their sorted order: findings about the same thing (true duplicates,
/// rows repeating a problem) share a digest and are told apart by `-2`, `-3`… in that order.
pub fn assign_ids(findings: &mut [Finding], as_of: YearMonth) {
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for f in findings {
        let since = open_since(f, as_of);
        let base = digest(&key(f, since));
        let n = seen.entry(base.clone()).or_default();
        *n += 1;
        f.id = if *n == 1 { base } else { format!("{base}-{n}") };
        f.open_since = since;
        f.age_months = since.map(|m| months_between(m, as_of));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Location;

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse_iso(s).unwrap()
    }

    fn at_row(code: Code, row: u32, value: &str) -> Finding {
        Finding::new(
            code,
            Location {
                file: Some("status/2024-05/oim.xlsx".into()),
                sheet: Some("Estado".into()),
                row: Some(row),
                column: Some("D".into()),
            },
            &[("value", &value), ("accepted", &"")],
        )
        .with_activity("B1.2")
        .with_agency("oim")
        .with_month(ym("2024-05"))
    }

    #[test]
    fn a_row_inserted_above_keeps_the_ids_of_the_other_findings() {
        let as_of = ym("2024-06");
        let mut before = vec![
            at_row(Code::InvalidStatus, 7, "retrasada"),
            at_row(Code::InvalidProgress, 9, "mucho").with_activity("T2.1"),
        ];
        assign_ids(&mut before, as_of);
        // The same file sent again with a row inserted above both: every row moves down.
        let mut after = vec![
            at_row(Code::MissingValue, 3, ""),
            at_row(Code::InvalidStatus, 8, "retrasada"),
            at_row(Code::InvalidProgress, 10, "mucho").with_activity("T2.1"),
        ];
        assign_ids(&mut after, as_of);
        assert_eq!(after[1].id, before[0].id);
        assert_eq!(after[2].id, before[1].id);
        assert_ne!(after[0].id, before[0].id);
        assert_ne!(before[0].id, before[1].id);
        assert_eq!(before[0].id.len(), ID_DIGITS);
    }

    #[test]
    fn wording_does_not_change_an_id() {
        let as_of = ym("2024-06");
        let mut a = vec![at_row(Code::InvalidStatus, 7, "retrasada")];
        let mut b = vec![at_row(Code::InvalidStatus, 7, "atrasadísima")];
        b[0].message = crate::i18n::Text::tr("finding.missing-value", &[("column", &"x")]);
        assign_ids(&mut a, as_of);
        assign_ids(&mut b, as_of);
        assert_eq!(a[0].id, b[0].id);
    }

    #[test]
    fn a_form_sent_again_under_another_name_gives_new_ids() {
        let as_of = ym("2024-06");
        let mut a = vec![at_row(Code::InvalidStatus, 7, "retrasada")];
        let mut b = a.clone();
        b[0].location.file = Some("status/2024-05/oim-corregido.xlsx".into());
        assign_ids(&mut a, as_of);
        assign_ids(&mut b, as_of);
        assert_ne!(a[0].id, b[0].id);
    }

    #[test]
    fn findings_about_the_same_thing_are_counted_apart() {
        let mut f = vec![
            at_row(Code::InvalidStatus, 7, "a"),
            at_row(Code::InvalidStatus, 8, "b"),
            at_row(Code::InvalidStatus, 9, "c"),
        ];
        assign_ids(&mut f, ym("2024-06"));
        assert_eq!(f[1].id, format!("{}-2", f[0].id));
        assert_eq!(f[2].id, format!("{}-3", f[0].id));
    }

    #[test]
    fn each_code_is_open_since_its_month_and_ages_in_whole_months() {
        let as_of = ym("2024-05");
        let row = at_row(Code::InvalidStatus, 7, "x").with_month(ym("2024-02"));
        let overdue = Finding::new(Code::Overdue, Location::default(), &[])
            .with_activity("B1.5")
            .with_window_end(ym("2023-12"));
        let missing = Finding::new(Code::MissingReport, Location::default(), &[]);
        let file = Finding::new(Code::UnreadableFile, Location::file("status/x.xlsx"), &[])
            .with_month(ym("2024-01"));
        let mut all = vec![row, overdue, missing, file];
        assign_ids(&mut all, as_of);
        let got: Vec<(Option<String>, Option<u32>)> = all
            .iter()
            .map(|f| (f.open_since.map(|m| m.to_string()), f.age_months))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("2024-02".into()), Some(3)),
                (Some("2023-12".into()), Some(5)),
                (Some("2024-04".into()), Some(1)),
                (None, None),
            ]
        );
        // Next quarter's missing report is another finding.
        let mut next = vec![Finding::new(Code::MissingReport, Location::default(), &[])];
        assign_ids(&mut next, ym("2024-07"));
        assert_ne!(next[0].id, all[2].id);
    }

    #[test]
    fn the_rule_of_each_code_is_the_one_docs_findings_md_gives() {
        let doc = include_str!("../../docs/findings.md");
        let section = doc
            .split("## Identity and age")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .unwrap();
        let mut listed = std::collections::BTreeMap::new();
        for line in section.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = line.split(" | ").collect();
            let rule = cells[1];
            let opens = if rule.starts_with("the month of the row") {
                Opens::Month
            } else if rule.contains("window ended") {
                Opens::WindowEnd
            } else if rule.starts_with("the first month of the as-of quarter") {
                Opens::Quarter
            } else {
                assert!(rule.starts_with("none"), "{rule}");
                Opens::Never
            };
            for code in cells[0].split('`').skip(1).step_by(2) {
                listed.insert(code.to_string(), opens);
            }
        }
        for &code in Code::ALL {
            match listed.get(code.as_str()) {
                Some(&opens) => assert_eq!(code.opens(), opens, "{code}"),
                // Codes not named are the findings of a row, open since its month.
                None => assert_eq!(code.opens(), Opens::Month, "{code} is not in the table"),
            }
        }
    }
}
