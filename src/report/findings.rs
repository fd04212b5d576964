//! The findings' figures and the inputs' totals.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::findings::{Finding, Severity, SeverityCounts};
use crate::ingest::FileAccount;

/// Findings, for the data-quality annex and the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct FindingFigures {
    /// Counts by severity.
    pub counts: SeverityCounts,
    /// Counts by code, with the code's severity: errors first, then warnings, then notes,
    /// each by code.
    pub by_code: Vec<CodeCount>,
    /// How many of them the secretariat has decided on in the follow-up register (the
    /// annex's "explained"); they stay in every count above.
    pub decided: usize,
    /// Counts by the agency a finding concerns (its id), by id; a finding about no agency is
    /// not among them. The overview page's filter gives them.
    #[serde(skip)]
    pub by_agency: Vec<(String, usize)>,
}

/// How many findings of one code.
#[derive(Debug, Clone, Serialize)]
pub struct CodeCount {
    /// The code (serialised as written in the contract, `unknown-activity`).
    pub code: crate::findings::Code,
    /// Its severity.
    pub severity: Severity,
    /// How many.
    pub count: usize,
    /// How many of them have a decision in the follow-up register.
    pub decided: usize,
}

/// Findings counted by severity and by code.
pub(super) fn finding_figures(findings: &[Finding]) -> FindingFigures {
    // A check's severity is the one the settings give it, the same for all its findings.
    let mut by_code: BTreeMap<(crate::findings::Code, Severity), (usize, usize)> = BTreeMap::new();
    for f in findings {
        let entry = by_code.entry((f.code, f.severity())).or_default();
        entry.0 += 1;
        entry.1 += usize::from(f.decision.is_some());
    }
    let mut by_code: Vec<CodeCount> = by_code
        .into_iter()
        .map(|((code, severity), (count, decided))| CodeCount {
            code,
            severity,
            count,
            decided,
        })
        .collect();
    // The annex lists errors first, then warnings, then notes, each by code.
    by_code.sort_by_key(|c| (c.severity, c.code.as_str()));
    let mut by_agency: BTreeMap<&str, usize> = BTreeMap::new();
    for agency in findings.iter().filter_map(|f| f.agency.as_deref()) {
        *by_agency.entry(agency).or_default() += 1;
    }
    FindingFigures {
        by_agency: by_agency
            .into_iter()
            .map(|(a, n)| (a.to_string(), n))
            .collect(),
        counts: SeverityCounts::of(findings),
        by_code,
        decided: findings.iter().filter(|f| f.decision.is_some()).count(),
    }
}

/// The rows of the input files added up.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct InputTotals {
    /// Data rows read.
    pub rows: u64,
    /// Rows accepted.
    pub accepted: u64,
    /// Rows rejected with a finding.
    pub rejected: u64,
    /// Blank rows.
    pub blank: u64,
}

impl InputTotals {
    /// Adds up the accounts of `files`.
    pub fn of(files: &[FileAccount]) -> InputTotals {
        files
            .iter()
            .fold(InputTotals::default(), |t, f| InputTotals {
                rows: t.rows + u64::from(f.rows),
                accepted: t.accepted + u64::from(f.accepted),
                rejected: t.rejected + u64::from(f.rejected),
                blank: t.blank + u64::from(f.blank),
            })
    }
}
