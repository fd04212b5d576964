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
        texts: [Option<&'a str>; 4],
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
    let mut rejected: HashMap<String, u32> = HashMap::new();
    let mut findings = Vec::new();
    let mut first: FastMap<StatusKey<'_>, usize> =
        FastMap::with_capacity_and_hasher(intake.status.len(), Default::default());
    let mut copies: Vec<(usize, usize)> = Vec::new();
    for (i, r) in intake.status.iter().enumerate() {
        let key = StatusKey {
            activity: &r.activity,
            period: r.period,
            agency: &r.agency,
            status: r.status,
            progress: r.progress.map(f64::to_bits),
            date: r.date,
            texts: [
                r.narrative_es.as_deref(),
                r.narrative_en.as_deref(),
                r.next_steps.as_deref(),
                r.evidence.as_deref(),
            ],
        };
        match first.get(&key) {
            Some(&f) => copies.push((i, f)),
            None => {
                first.insert(key, i);
            }
        }
    }
    drop(first);
    for &(i, f) in &copies {
        let r = &intake.status[i];
        findings.push(duplicate(
            &r.source,
            &intake.status[f].source,
            Some(&r.activity),
            None,
        ));
        *rejected.entry(r.source.file.to_string()).or_default() += 1;
    }
    let mut drop_status = vec![false; intake.status.len()];
    for &(i, _) in &copies {
        drop_status[i] = true;
    }

    let mut first: FastMap<PledgeKey<'_>, usize> =
        FastMap::with_capacity_and_hasher(intake.pledges.len(), Default::default());
    let mut copies: Vec<(usize, usize)> = Vec::new();
    for (i, p) in intake.pledges.iter().enumerate() {
        let key = PledgeKey {
            id: &p.id,
            title: &p.title,
            entity: &p.entity,
            entity_type: p.entity_type,
            countries: &p.countries,
            objectives: &p.objectives,
            status: p.status,
            update_date: p.update_date,
            narrative: p.narrative.as_deref(),
        };
        match first.get(&key) {
            Some(&f) => copies.push((i, f)),
            None => {
                first.insert(key, i);
            }
        }
    }
    drop(first);
    for &(i, f) in &copies {
        let p = &intake.pledges[i];
        findings.push(duplicate(
            &p.source,
            &intake.pledges[f].source,
            None,
            Some(&p.id),
        ));
        *rejected.entry(p.source.file.to_string()).or_default() += 1;
    }
    let mut drop_pledges = vec![false; intake.pledges.len()];
    for &(i, _) in &copies {
        drop_pledges[i] = true;
    }

    let mut i = 0;
    intake.status.retain(|_| {
        i += 1;
        !drop_status[i - 1]
    });
    let mut i = 0;
    intake.pledges.retain(|_| {
        i += 1;
        !drop_pledges[i - 1]
    });
    for account in &mut intake.files {
        if let Some(n) = rejected.get(&account.path) {
            account.accepted -= n;
            account.rejected += n;
        }
    }
    intake.findings.extend(findings);
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
