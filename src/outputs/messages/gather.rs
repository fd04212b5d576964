//! Gathering: which agency has what to act on, from the findings (activity-level findings to
//! the activity's lead agencies, rejected rows to the agency a file is attributed to). A
//! finding the secretariat has decided on in the follow-up register is no longer asked about.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::calendar::YearMonth;
use crate::findings::{Code, Finding, Severity};
use crate::Checked;

use super::draft::*;

/// Returns, for each agency, what it has to act on; agencies with nothing are absent.
pub(super) fn gather<'a>(checked: &'a Checked) -> BTreeMap<String, Actions<'a>> {
    let mut out: BTreeMap<String, Actions<'a>> = BTreeMap::new();
    let position: HashMap<&str, usize> = checked
        .plan
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.code.as_str(), i))
        .collect();
    let attributor = Attributor::new(checked);
    for f in checked.findings.iter().filter(|f| f.decision.is_none()) {
        if f.code == Code::FormNotReceived {
            if let Some(agency) = &f.agency {
                out.entry(agency.clone()).or_default().forms.push(f);
            }
            continue;
        }
        if ACTIVITY_CODES.contains(&f.code) && f.location.file.is_none() {
            let Some(code) = &f.activity else { continue };
            let Some(activity) = checked.plan.activity(code) else {
                continue;
            };
            let pos = position.get(code.as_str()).copied().unwrap_or(usize::MAX);
            for lead in &activity.lead {
                out.entry(lead.clone())
                    .or_default()
                    .activities
                    .entry((pos, code.clone()))
                    .or_default()
                    .push(f);
            }
        } else if f.severity() == Severity::Error {
            let Some(file) = &f.location.file else {
                continue;
            };
            let Some((agency, reason)) = attributor.attribute(f) else {
                continue;
            };
            let entry = out
                .entry(agency)
                .or_default()
                .files
                .entry(file.clone())
                .or_default();
            entry.0.insert(reason);
            entry.1.push(f);
        }
    }
    for acts in out.values_mut() {
        acts.forms.sort_by_key(|f| f.month);
        for findings in acts.activities.values_mut() {
            findings.sort_by_key(|f| activity_order(f));
        }
    }
    out
}

/// Orders an activity's findings as a reader expects them: overdue, then the missing report,
/// then missing occurrences from the earliest month (each finding carries its month).
pub(super) fn activity_order(f: &Finding) -> (u8, bool, Option<YearMonth>) {
    match f.code {
        Code::Overdue => (0, false, None),
        Code::MissingReport => (1, false, None),
        _ => (2, f.month.is_none(), f.month),
    }
}

/// Finds the agency that sent a file, from the best evidence the run holds (never by reading
/// the file again): the Agency cell of the finding's row, which ingest puts on the finding;
/// else the one agency every accepted row of the file names; else the file's name or folder.
pub(super) struct Attributor<'a> {
    pub(super) checked: &'a Checked,
}

impl<'a> Attributor<'a> {
    pub(super) fn new(checked: &'a Checked) -> Attributor<'a> {
        Attributor { checked }
    }

    /// Returns the agency a finding's file (or row) belongs to, and why.
    pub(super) fn attribute(&self, f: &Finding) -> Option<(String, Reason)> {
        let file = f.location.file.as_deref()?;
        if let Some(a) = &f.agency {
            return Some((a.clone(), Reason::AgencyCell));
        }
        if let Some(a) = self.accepted_rows(file) {
            return Some((a, Reason::AcceptedRows));
        }
        agency_in_path(self.checked.plan.registry(), file).map(|a| (a, Reason::FileName))
    }

    /// Returns the one agency every accepted row of a file names, if there is one.
    pub(super) fn accepted_rows(&self, file: &str) -> Option<String> {
        let agencies: BTreeSet<&str> = self
            .checked
            .intake
            .status
            .iter()
            .filter(|s| &*s.source.file == file)
            .map(|s| s.agency.as_str())
            .collect();
        match agencies.len() {
            1 => agencies.into_iter().next().map(str::to_string),
            _ => None,
        }
    }
}

/// Finds an agency named by a file's name or one of its folders (`status/2024-03/oim.xlsx`).
pub fn agency_in_path(r: &crate::plan::Registry, file: &str) -> Option<String> {
    let parts: Vec<&str> = file.split('/').collect();
    let (name, folders) = parts.split_last()?;
    let stem = name.rsplit_once('.').map_or(*name, |(s, _)| s);
    let mut candidates: Vec<&str> = vec![stem];
    candidates.extend(stem.split(['_', '-', '.', ' ']));
    for folder in folders.iter().rev() {
        candidates.push(folder);
        candidates.extend(folder.split(['_', '-', '.', ' ']));
    }
    candidates
        .into_iter()
        .filter(|c| c.chars().any(char::is_alphabetic))
        .find_map(|c| r.agency(c).filter(|a| !a.pseudo).map(|a| a.id.clone()))
}
