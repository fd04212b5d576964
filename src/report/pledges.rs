//! The pledges' figures: by status, objective, entity type and country, the changes of the quarter, and the objectives' figures.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::counts::*;
use crate::i18n::{format_date, Text};
use crate::ingest::{Intake, PledgeRecord};
use crate::model::{PledgeEntityType, PledgeStatus, PreviousPledgeStatus, Source};
use crate::plan::Plan;
use crate::reconcile::{PledgeState, Reconciled};
use crate::reference;

/// Pledge figures.
#[derive(Debug, Clone, Serialize)]
pub struct PledgeFigures {
    /// Pledges known.
    pub total: usize,
    /// By latest status, every status listed.
    pub by_status: Counts<PledgeStatus>,
    /// The same, each as a share of all pledges, in percent.
    pub by_status_share: Shares<PledgeStatus>,
    /// By GCM objective `"1"`…`"23"`, every objective listed; a pledge counts under each it names.
    pub by_objective: BTreeMap<u8, usize>,
    /// By entity type, every type listed (plus `unspecified`).
    pub by_entity_type: Counts<PledgeEntityType>,
    /// The same, each as a share of all pledges, in percent.
    pub by_entity_type_share: Shares<PledgeEntityType>,
    /// By country (ISO alpha-3), most pledges first.
    pub by_country: Vec<CountryCount>,
    /// Pledges updated in the as-of quarter.
    pub updated_this_quarter: usize,
    /// The same, as a share of all pledges, in percent.
    pub updated_share: f64,
    /// Pledges not updated in the as-of quarter.
    pub not_updated: usize,
    /// Pledges whose status changed since the previous quarter.
    pub changed: usize,
    /// New pledges this quarter (no record before it).
    pub new_this_quarter: usize,
    /// Pledges by status at the end of the previous quarter (`none` when new) and now:
    /// `transitions[previous][current]`, every status listed.
    pub transitions: indexmap::IndexMap<PreviousPledgeStatus, Counts<PledgeStatus>>,
    /// The pledges of each row of `transitions`: by status at the end of the previous quarter.
    pub transition_totals: Counts<PreviousPledgeStatus>,
    /// The pledges whose status changed this quarter, grouped by the change.
    pub changes: Vec<PledgeChange>,
    /// The countries after the first [`COUNTRIES_NAMED`] of `by_country`, as one row.
    pub other_countries: OtherCountries,
    /// Every pledge, by id.
    pub list: Vec<PledgeData>,
}

/// The pledges that went from one status to another this quarter.
#[derive(Debug, Clone, Serialize)]
pub struct PledgeChange {
    /// The status at the end of the previous quarter.
    pub from: PledgeStatus,
    /// The status now.
    pub to: PledgeStatus,
    /// The pledges, by id.
    pub ids: Vec<String>,
}

/// The countries the pledge summary does not name one by one.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct OtherCountries {
    /// How many.
    pub countries: usize,
    /// The pledges that name them, added up.
    pub pledges: usize,
}

/// Pledges naming one country.
#[derive(Debug, Clone, Serialize)]
pub struct CountryCount {
    /// ISO alpha-3, or the name as written when unknown.
    pub iso3: String,
    /// Its name.
    pub name: Text,
    /// Pledges naming it.
    pub count: usize,
}

/// One pledge's latest record.
#[derive(Debug, Clone, Serialize)]
pub struct PledgeData {
    /// Id as written.
    pub id: String,
    /// Title.
    pub title: String,
    /// Pledging entity.
    pub entity: String,
    /// Entity type (serialised as its canonical key, `member-state`, or `unspecified`).
    pub entity_type: PledgeEntityType,
    /// Countries, ISO alpha-3.
    pub countries: Vec<String>,
    /// Country names.
    pub country_names: Text,
    /// GCM objectives.
    pub objectives: Vec<u8>,
    /// Latest status (serialised as its canonical key).
    pub status: PledgeStatus,
    /// Status at the end of the previous quarter (`none` when new).
    pub previous_status: PreviousPledgeStatus,
    /// Whether the status changed since the previous quarter.
    pub changed: bool,
    /// Date of the latest update.
    pub update_date: NaiveDate,
    /// Date of the latest update, in words.
    pub update_text: Text,
    /// Whether it was updated this quarter.
    pub updated_this_quarter: bool,
    /// Whether it is new this quarter (no record before it).
    pub new_this_quarter: bool,
    /// Latest narrative.
    pub narrative: Option<String>,
    /// Where the latest record was read.
    pub source: Source,
    /// Accepted records on the pledge.
    pub records: usize,
}

/// A GCM objective with what contributes to it.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveData {
    /// 1-23.
    pub number: u8,
    /// Short label.
    pub short: Text,
    /// Full title.
    pub title: Text,
    /// IMRF round table.
    pub round_table: Option<u8>,
    /// Codes of plan activities serving it (through the thematic priorities).
    pub activities: Vec<String>,
    /// Pledges naming it, by latest status, every status listed.
    pub pledges_by_status: Counts<PledgeStatus>,
    /// Pledges naming it.
    pub pledges_total: usize,
    /// Ids of pledges naming it.
    pub pledge_ids: Vec<String>,
}

/// The GCM objectives with the activities and pledges that serve each.
pub(super) fn objective_data(plan: &Plan, pledges: &PledgeFigures) -> Vec<ObjectiveData> {
    reference::get()
        .objectives
        .iter()
        .map(|o| {
            let mut pledges_by_status = zeroed::<PledgeStatus>();
            let mut pledge_ids = Vec::new();
            for p in pledges
                .list
                .iter()
                .filter(|p| p.objectives.contains(&o.number))
            {
                *pledges_by_status.entry(p.status).or_default() += 1;
                pledge_ids.push(p.id.clone());
            }
            ObjectiveData {
                number: o.number,
                short: o.short.clone(),
                title: o.title.clone(),
                round_table: o.round_table,
                activities: plan
                    .activities
                    .iter()
                    .filter(|a| a.objectives.contains(&o.number))
                    .map(|a| a.code.clone())
                    .collect(),
                pledges_total: pledge_ids.len(),
                pledges_by_status,
                pledge_ids,
            }
        })
        .collect()
}

/// How many countries the pledge summary names one by one; the rest are one row.
pub const COUNTRIES_NAMED: usize = 15;

/// The pledges whose status changed this quarter, grouped by the change, in report order
/// of the status before and then after; only changes that happened are listed.
pub(super) fn pledge_changes(list: &[PledgeData]) -> Vec<PledgeChange> {
    let mut out = Vec::new();
    for &from in PledgeStatus::ALL {
        for &to in PledgeStatus::ALL {
            let ids: Vec<String> = list
                .iter()
                .filter(|p| p.changed && p.previous_status.0 == Some(from) && p.status == to)
                .map(|p| p.id.clone())
                .collect();
            if !ids.is_empty() {
                out.push(PledgeChange { from, to, ids });
            }
        }
    }
    out
}

pub(super) fn pledge_figures(
    intake: &Intake,
    reconciled: &Reconciled,
    quarter_start: NaiveDate,
) -> PledgeFigures {
    let mut by_status = zeroed::<PledgeStatus>();
    let mut by_objective: BTreeMap<u8, usize> = (1..=23).map(|n| (n, 0)).collect();
    let mut by_entity_type = zeroed::<PledgeEntityType>();
    let mut countries: BTreeMap<String, usize> = BTreeMap::new();
    let mut list = Vec::new();
    for state in &reconciled.pledges {
        let p = &intake.pledges[state.latest];
        let previous = state.previous.map(|i| &intake.pledges[i]);
        *by_status.entry(p.status).or_default() += 1;
        for o in &p.objectives {
            *by_objective.entry(*o).or_default() += 1;
        }
        *by_entity_type
            .entry(PledgeEntityType(p.entity_type))
            .or_default() += 1;
        for c in &p.countries {
            *countries.entry(c.clone()).or_default() += 1;
        }
        list.push(pledge_data(p, previous, state, quarter_start));
    }
    let by_country = by_country(countries);
    let transitions = transitions(&list);
    let updated = list.iter().filter(|p| p.updated_this_quarter).count();
    let changes = pledge_changes(&list);
    let rest = by_country.get(COUNTRIES_NAMED..).unwrap_or_default();
    let other_countries = OtherCountries {
        countries: rest.len(),
        pledges: rest.iter().map(|c| c.count).sum(),
    };
    PledgeFigures {
        changes,
        other_countries,
        total: list.len(),
        by_status_share: shares(&by_status, list.len()),
        by_status,
        by_objective,
        by_entity_type_share: shares(&by_entity_type, list.len()),
        by_entity_type,
        by_country,
        updated_this_quarter: updated,
        updated_share: percent(updated, list.len()),
        not_updated: list.len() - updated,
        changed: list.iter().filter(|p| p.changed).count(),
        transition_totals: transitions
            .iter()
            .map(|(&from, row)| (from, row.values().sum()))
            .collect(),
        transitions,
        new_this_quarter: list.iter().filter(|p| p.new_this_quarter).count(),
        list,
    }
}

/// One pledge as the outputs show it: its latest record, and how it stands against the one
/// before.
fn pledge_data(
    p: &PledgeRecord,
    previous: Option<&PledgeRecord>,
    state: &PledgeState,
    quarter_start: NaiveDate,
) -> PledgeData {
    let r = reference::get();
    let country_names = Text::from_fn(|l| {
        p.countries
            .iter()
            .map(|c| {
                r.country_by_iso(c)
                    .map_or(c.clone(), |k| k.name.get(l).to_string())
            })
            .collect::<Vec<_>>()
            .join(", ")
    });
    PledgeData {
        id: p.id.clone(),
        title: p.title.clone(),
        entity: p.entity.clone(),
        entity_type: PledgeEntityType(p.entity_type),
        countries: p.countries.clone(),
        country_names,
        objectives: p.objectives.clone(),
        status: p.status,
        changed: previous.is_some_and(|x| x.status != p.status),
        previous_status: PreviousPledgeStatus(previous.map(|x| x.status)),
        update_date: p.update_date,
        update_text: Text::from_fn(|l| format_date(l, p.update_date)),
        updated_this_quarter: state.updated_this_quarter,
        new_this_quarter: previous.is_none() && p.update_date >= quarter_start,
        narrative: p.narrative.clone(),
        source: p.source.clone(),
        records: state.records,
    }
}

/// The countries named by pledges, most pledges first, then by code.
fn by_country(countries: BTreeMap<String, usize>) -> Vec<CountryCount> {
    let r = reference::get();
    let mut by_country: Vec<CountryCount> = countries
        .into_iter()
        .map(|(iso3, count)| CountryCount {
            name: r
                .country_by_iso(&iso3)
                .map_or_else(|| Text::same(iso3.clone()), |c| c.name.clone()),
            iso3,
            count,
        })
        .collect();
    by_country.sort_by(|a, b| b.count.cmp(&a.count).then(a.iso3.cmp(&b.iso3)));
    by_country
}

/// The pledges by their status before and after, every pair of statuses present.
fn transitions(
    list: &[PledgeData],
) -> indexmap::IndexMap<PreviousPledgeStatus, Counts<PledgeStatus>> {
    let mut t: indexmap::IndexMap<_, _> = PreviousPledgeStatus::ALL
        .iter()
        .map(|&from| (from, zeroed::<PledgeStatus>()))
        .collect();
    for p in list {
        if let Some(row) = t.get_mut(&p.previous_status) {
            *row.entry(p.status).or_default() += 1;
        }
    }
    t
}
