//! What the documents say of themselves: the plan, the network, the period, the review and the plan's revisions in force.

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::YearMonth;
use crate::config::RunConfig;
use crate::i18n::{format_date, format_month, Text};
use crate::ingest::Intake;
use crate::plan::Plan;
use crate::reconcile::Reconciled;

/// About the run and the plan.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// The as-of date (`2024-03-31`).
    pub as_of: NaiveDate,
    /// The as-of date in words.
    pub as_of_text: Text,
    /// The quarter (`2024-Q1`).
    pub period: String,
    /// The quarter in words ("primer trimestre de 2024").
    pub period_text: Text,
    /// The quarter's first day, in words.
    pub quarter_start_text: Text,
    /// True when the inputs are sample data.
    pub sample: bool,
    /// The network's name.
    pub network: Text,
    /// The plan's title.
    pub plan_title: Text,
    /// The plan's period in words ("mayo de 2023 a diciembre de 2024").
    pub plan_period: Text,
    /// The plan's mid-term review note.
    pub review_note: Text,
    /// The review cycle.
    pub review_cycle: Text,
    /// The regional meeting's dates and place, in words.
    pub review_meeting: Text,
    /// Group objectives by IMRF round table in the Regional Review document.
    pub group_by_round_table: bool,
    /// A fingerprint of the inputs (SHA-256 over the file hashes), for document ids.
    pub inputs_digest: String,
    /// When the as-of date is after the plan's last month: the note every output shows.
    pub plan_closed: Option<Text>,
    /// The sentence naming the Network's co-leads.
    pub co_leads: Text,
    /// The plan's revisions in force at the as-of date, oldest first.
    pub revisions: Vec<RevisionLine>,
}

/// A revision of the plan, as the documents list it.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionLine {
    /// The month it took effect, in words.
    pub month: Text,
    /// Its title.
    pub title: Text,
    /// Its note.
    pub note: Text,
    /// What it changed ("Agregadas: T3.3. Quitadas: T3.2.").
    pub changes: Text,
}

/// About the run and the plan.
pub(super) fn meta(
    config: &RunConfig,
    plan: &Plan,
    intake: &Intake,
    reconciled: &Reconciled,
    quarter_start: NaiveDate,
) -> Meta {
    let as_of = config.as_of;
    let mut digest_input = String::new();
    for f in &intake.files {
        digest_input.push_str(&f.path);
        digest_input.push_str(&f.sha256);
    }
    let settings = &config.settings;
    let review = &settings.review;
    Meta {
        as_of,
        as_of_text: Text::from_fn(|l| format_date(l, as_of)),
        period: config.period(),
        period_text: Text::from_fn(|l| crate::reconcile::quarter_words(l, as_of)),
        quarter_start_text: Text::from_fn(|l| format_date(l, quarter_start)),
        sample: settings.sample,
        network: settings
            .network
            .clone()
            .unwrap_or_else(|| plan.meta.network.clone()),
        plan_title: plan.meta.title.clone(),
        plan_period: Text::from_fn(|l| {
            crate::i18n::tr(
                l,
                "word.month-range",
                &[
                    ("start", &format_month(l, plan.meta.start)),
                    ("end", &format_month(l, plan.meta.end)),
                ],
            )
        }),
        review_note: plan.meta.review_note.clone(),
        review_cycle: review.cycle.clone(),
        review_meeting: review_meeting(review),
        group_by_round_table: review.group_by_round_table,
        inputs_digest: crate::ingest::sha256_hex(digest_input.as_bytes()),
        co_leads: co_leads(plan),
        revisions: plan
            .revisions_by(YearMonth::from_date(as_of))
            .into_iter()
            .map(|r| RevisionLine {
                month: Text::from_fn(|l| format_month(l, r.month)),
                title: r.title.clone(),
                note: r.note.clone(),
                changes: Text::from_fn(|l| crate::plan::revisions::summary_text(r, l)),
            })
            .collect(),
        plan_closed: reconciled.plan_closed.then(|| {
            Text::from_fn(|l| {
                crate::i18n::tr(
                    l,
                    "report.plan-closed",
                    &[
                        ("plan", &plan.meta.short.get(l)),
                        ("end", &format_month(l, plan.meta.end)),
                        ("as_of", &format_date(l, as_of)),
                    ],
                )
            })
        }),
    }
}

/// The review meeting's days and place, in words: whichever of them the settings give, or
/// nothing when they give neither.
pub(super) fn review_meeting(review: &crate::config::Review) -> Text {
    Text::from_fn(|l| {
        let days = match (review.meeting_start, review.meeting_end) {
            (Some(s), Some(e)) => crate::i18n::format_date_range(l, s, e),
            (Some(d), None) | (None, Some(d)) => crate::i18n::format_date(l, d),
            (None, None) => String::new(),
        };
        let place = review.place.get(l);
        match (days.is_empty(), place.is_empty()) {
            (false, false) => format!("{days}, {place}"),
            (false, true) => days,
            (true, _) => place.to_string(),
        }
    })
}

/// The co-leads in words: the plan's own wording, or their names from the registry.
pub(super) fn co_leads(plan: &Plan) -> Text {
    let r = plan.registry();
    if plan.meta.co_leads_text.is_empty() {
        Text::from_fn(|l| {
            let names: Vec<String> = plan
                .meta
                .co_leads
                .iter()
                .map(|c| {
                    r.agency(c).map_or_else(
                        || c.clone(),
                        |a| format!("{} ({})", a.name.get(l), a.acronym.get(l)),
                    )
                })
                .collect();
            crate::i18n::tr(
                l,
                "report.co-leads",
                &[("names", &crate::plan::join_words(l, &names, "word.and"))],
            )
        })
    } else {
        plan.meta.co_leads_text.clone()
    }
}
