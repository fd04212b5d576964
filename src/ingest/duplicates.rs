//! Rejects rows that repeat an earlier row of any file, the first kept, each with a finding.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::records::{FastMap, Intake};
use crate::calendar::YearMonth;
use crate::findings::{Code, Finding, Location};
use crate::i18n::Lang;
use crate::model::{EntityType, PledgeStatus, Source, Status};

/// Rejects rows whose content repeats an earlier row; the first is kept.
pub(super) fn reject_duplicates(intake: &mut Intake) {
    #[derive(PartialEq, Eq, Hash)]
    struct StatusKey<'a> {
        activity: &'a str,
        period: YearMonth,
        agency: &'a str,
        status: Status,
        progress: Option<u64>,
        date: Option<NaiveDate>,
        narrative: &'a std::collections::BTreeMap<crate::i18n::Lang, String>,
        texts: [Option<&'a str>; 2],
    }
    #[derive(PartialEq, Eq, Hash)]
    struct PledgeKey<'a> {
        id: &'a str,
        title: &'a str,
        entity: &'a str,
        entity_type: Option<EntityType>,
        countries: &'a [String],
        objectives: &'a [u8],
        status: PledgeStatus,
        update_date: NaiveDate,
        narrative: Option<&'a str>,
    }
    let status_copies = copies(&intake.status, |r| StatusKey {
        activity: &r.activity,
        period: r.period,
        agency: &r.agency,
        status: r.status,
        progress: r.progress.map(f64::to_bits),
        date: r.date,
        narrative: &r.narrative_in,
        texts: [r.next_steps.as_deref(), r.evidence.as_deref()],
    });
    let pledge_copies = copies(&intake.pledges, |p| PledgeKey {
        id: &p.id,
        title: &p.title,
        entity: &p.entity,
        entity_type: p.entity_type,
        countries: &p.countries,
        objectives: &p.objectives,
        status: p.status,
        update_date: p.update_date,
        narrative: p.narrative.as_deref(),
    });
    let mut rejected: HashMap<String, u32> = HashMap::new();
    let mut findings = Vec::new();
    for &(i, f) in &status_copies {
        let r = &intake.status[i];
        let first = &intake.status[f].source;
        findings.push(
            duplicate(&r.source, first, Some(&r.activity), None)
                .with_agency(&r.agency)
                .with_month(r.period),
        );
        *rejected.entry(r.source.file.to_string()).or_default() += 1;
    }
    for &(i, f) in &pledge_copies {
        let p = &intake.pledges[i];
        let first = &intake.pledges[f].source;
        findings.push(
            duplicate(&p.source, first, None, Some(&p.id))
                .with_month(YearMonth::from_date(p.update_date)),
        );
        *rejected.entry(p.source.file.to_string()).or_default() += 1;
    }
    drop_copies(&mut intake.status, &status_copies);
    drop_copies(&mut intake.pledges, &pledge_copies);
    for account in &mut intake.files {
        if let Some(n) = rejected.get(&account.path) {
            account.accepted -= n;
            account.rejected += n;
        }
    }
    intake.findings.extend(findings);
}

/// Returns the rows whose key repeats an earlier row's, each with that first row: (copy,
/// first), in row order.
fn copies<'a, T, K: Eq + std::hash::Hash>(
    rows: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Vec<(usize, usize)> {
    let mut first: FastMap<K, usize> =
        FastMap::with_capacity_and_hasher(rows.len(), Default::default());
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match first.entry(key(row)) {
            std::collections::hash_map::Entry::Occupied(e) => out.push((i, *e.get())),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
            }
        }
    }
    out
}

/// Removes the copies from `rows`, keeping the order of the rest.
fn drop_copies<T>(rows: &mut Vec<T>, copies: &[(usize, usize)]) {
    let mut dropped = vec![false; rows.len()];
    for &(i, _) in copies {
        dropped[i] = true;
    }
    let mut i = 0;
    rows.retain(|_| {
        i += 1;
        !dropped[i - 1]
    });
}

/// The finding on a row that repeats an earlier one.
fn duplicate(
    copy: &Source,
    first: &Source,
    activity: Option<&String>,
    pledge: Option<&String>,
) -> Finding {
    let at = |s: &Source| Location {
        file: Some(s.file.to_string()),
        sheet: s.sheet.as_deref().map(str::to_string),
        row: Some(s.row),
        column: None,
    };
    let first_loc = at(first);
    let mut f = Finding::localized(Code::DuplicateRow, at(copy), |lang: Lang| {
        vec![("first", first_loc.describe(lang))]
    });
    f.activity = activity.cloned();
    f.pledge = pledge.cloned();
    f
}
