//! `[checks]`: the plausibility checks a network sets for itself.
//!
//! Each check can be switched off, given the severity `warning` or `info` (a check never
//! rejects a row, so never `error`), and, where it has one, a threshold. A check left out of
//! the settings keeps its defaults (docs/settings.md#checks).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::findings::{Code, Finding, Severity};

/// The severity a check may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckSeverity {
    /// Something probably wrong, or calling for follow-up.
    Warning,
    /// For information.
    Info,
}

impl From<CheckSeverity> for Severity {
    fn from(s: CheckSeverity) -> Severity {
        match s {
            CheckSeverity::Warning => Severity::Warning,
            CheckSeverity::Info => Severity::Info,
        }
    }
}

/// A check with no threshold: on or off, and its severity.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Switch {
    /// Whether the check runs (default: it does).
    pub enabled: Option<bool>,
    /// Its severity, over the code's own.
    pub severity: Option<CheckSeverity>,
}

/// A check with a threshold in points of progress.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WithPoints {
    /// Whether the check runs (default: it does).
    pub enabled: Option<bool>,
    /// Its severity, over the code's own.
    pub severity: Option<CheckSeverity>,
    /// The threshold, in points of progress (0-100).
    pub points: Option<f64>,
}

/// A check with a threshold in months.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WithMonths {
    /// Whether the check runs (default: it does).
    pub enabled: Option<bool>,
    /// Its severity, over the code's own.
    pub severity: Option<CheckSeverity>,
    /// The threshold, in months.
    pub months: Option<u32>,
}

/// `[checks]`: every plausibility check, each its own table (`[checks.progress-drop]`).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Checks {
    /// Agencies reporting one activity and month differently.
    #[serde(default)]
    pub agencies_disagree: WithPoints,
    /// Progress falling from one month's report to the next.
    #[serde(default)]
    pub progress_drop: WithPoints,
    /// Progress unchanged while the window closes.
    #[serde(default)]
    pub progress_stalled: WithMonths,
    /// `completed` with no date.
    #[serde(default)]
    pub completed_without_date: Switch,
    /// A completion date outside the activity's window or after the month reported.
    #[serde(default)]
    pub implausible_date: Switch,
    /// A report from an agency the activity does not name.
    #[serde(default)]
    pub agency_not_involved: Switch,
    /// A status its progress contradicts.
    #[serde(default)]
    pub progress_inconsistent: Switch,
    /// Back from `completed`.
    #[serde(default)]
    pub status_regression: Switch,
}

/// The default tolerance of `agencies-disagree`, in points of progress.
const DISAGREE_POINTS: f64 = 10.0;
/// The default fall of `progress-drop`, in points of progress.
const DROP_POINTS: f64 = 20.0;
/// The default months of `progress-stalled`.
const STALLED_MONTHS: u32 = 6;

impl Checks {
    /// Every check's code with its switch, in the contract's order.
    fn switches(&self) -> [(Code, Option<bool>, Option<CheckSeverity>); 8] {
        [
            (
                Code::AgenciesDisagree,
                self.agencies_disagree.enabled,
                self.agencies_disagree.severity,
            ),
            (
                Code::ProgressDrop,
                self.progress_drop.enabled,
                self.progress_drop.severity,
            ),
            (
                Code::ProgressStalled,
                self.progress_stalled.enabled,
                self.progress_stalled.severity,
            ),
            (
                Code::CompletedWithoutDate,
                self.completed_without_date.enabled,
                self.completed_without_date.severity,
            ),
            (
                Code::ImplausibleDate,
                self.implausible_date.enabled,
                self.implausible_date.severity,
            ),
            (
                Code::AgencyNotInvolved,
                self.agency_not_involved.enabled,
                self.agency_not_involved.severity,
            ),
            (
                Code::ProgressInconsistent,
                self.progress_inconsistent.enabled,
                self.progress_inconsistent.severity,
            ),
            (
                Code::StatusRegression,
                self.status_regression.enabled,
                self.status_regression.severity,
            ),
        ]
    }

    /// The codes of every check, in the contract's order.
    pub fn codes() -> [Code; 8] {
        Checks::default().switches().map(|(code, _, _)| code)
    }

    /// Whether the check of `code` runs; any code that is not a check always does.
    pub fn is_on(&self, code: Code) -> bool {
        self.switches()
            .iter()
            .find(|(c, _, _)| *c == code)
            .is_none_or(|(_, on, _)| on.unwrap_or(true))
    }

    /// The severity of findings of `code`: the one set for its check, else the code's own.
    pub fn severity(&self, code: Code) -> Severity {
        self.switches()
            .iter()
            .find(|(c, _, _)| *c == code)
            .and_then(|(_, _, s)| *s)
            .map_or_else(|| code.severity(), Severity::from)
    }

    /// How far apart two agencies' progress may be before they disagree, in points.
    pub fn disagree_points(&self) -> f64 {
        self.agencies_disagree.points.unwrap_or(DISAGREE_POINTS)
    }

    /// How far progress may fall from one month's report to the next, in points.
    pub fn drop_points(&self) -> f64 {
        self.progress_drop.points.unwrap_or(DROP_POINTS)
    }

    /// How many months progress may stay unchanged as the window closes.
    pub fn stalled_months(&self) -> u32 {
        self.progress_stalled.months.unwrap_or(STALLED_MONTHS)
    }

    /// Leaves out the findings of checks switched off and gives the others their severity.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| self.is_on(f.code));
        for f in findings.iter_mut() {
            f.severity = self.severity(f.code);
        }
    }

    /// Checks the thresholds: points from 0 to 100, months from 1 to 120.
    pub(super) fn check(&self, path: &Path) -> Result<()> {
        let points = [
            ("agencies-disagree", self.agencies_disagree.points),
            ("progress-drop", self.progress_drop.points),
        ];
        for (check, value) in points {
            if let Some(v) = value.filter(|v| !(0.0..=100.0).contains(v)) {
                return Err(threshold_error(path, check, "points", &v));
            }
        }
        if let Some(m) = self
            .progress_stalled
            .months
            .filter(|m| !(1..=120).contains(m))
        {
            return Err(threshold_error(path, "progress-stalled", "months", &m));
        }
        Ok(())
    }
}

fn threshold_error(path: &Path, check: &str, field: &str, value: &dyn std::fmt::Display) -> Error {
    Error::new(
        "error.settings-threshold",
        &[
            ("path", &path.display()),
            ("check", &check),
            ("field", &field),
            ("value", value),
        ],
    )
    .hint(
        match field {
            "points" => "hint.settings-points",
            _ => "hint.settings-months",
        },
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_left_out_keeps_its_defaults() {
        let c = Checks::default();
        assert!(Checks::codes().iter().all(|&code| c.is_on(code)));
        assert_eq!(c.severity(Code::AgencyNotInvolved), Severity::Info);
        assert_eq!(c.severity(Code::ProgressDrop), Severity::Warning);
        assert_eq!(c.disagree_points(), DISAGREE_POINTS);
        assert_eq!(c.stalled_months(), STALLED_MONTHS);
        assert!(c.is_on(Code::Overdue));
    }

    #[test]
    fn a_check_is_switched_off_or_given_a_severity() {
        let c: Checks = toml::from_str(
            "[progress-drop]\nenabled = false\n[status-regression]\nseverity = \"info\"\n",
        )
        .unwrap();
        assert!(!c.is_on(Code::ProgressDrop));
        assert_eq!(c.severity(Code::StatusRegression), Severity::Info);
        assert!(toml::from_str::<Checks>("[progress-drop]\nseverity = \"error\"\n").is_err());
        assert!(toml::from_str::<Checks>("[progress-drop]\nmonths = 3\n").is_err());
        assert!(toml::from_str::<Checks>("[overdue]\nenabled = false\n").is_err());
    }
}
