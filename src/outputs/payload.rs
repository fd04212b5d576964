//! The payload a template reads: one shape for every output that has templates. It holds the
//! language, what the templates need of its row (`locale`: Typst tag, decimal mark,
//! percentage), its strings under one prefix, the colours of the vocabulary, the vocabulary in
//! report order and the report data; an output adds fields of its own (the documents their
//! kind) in front of them, flattened into the same object.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::i18n::{self, Lang};
use crate::model::{ActivityStatus, EntityType, PledgeStatus};
use crate::outputs::palette::{self, TemplateColour};
use crate::report::ReportData;

/// The shared payload, with an output's own fields (`extra`) first.
#[derive(Serialize)]
struct Payload<'a, X: Serialize> {
    #[serde(flatten)]
    extra: X,
    lang: Lang,
    other: Lang,
    locale: Locale,
    strings: BTreeMap<String, String>,
    colours: BTreeMap<&'static str, TemplateColour>,
    severity_colours: BTreeMap<&'static str, String>,
    vocabulary: Vocabulary,
    report: &'a ReportData,
}

/// What a template needs of the language's row: its Typst tag, and how it writes numbers.
#[derive(Serialize)]
struct Locale {
    typst: &'static str,
    /// The region of the language, for Typst's `text(region: ..)`; none for most.
    region: Option<&'static str>,
    /// The Typst tag of each language by its code, for the agencies' words quoted in another.
    typst_of: std::collections::BTreeMap<&'static str, &'static str>,
    decimal: char,
    percent: &'static str,
    /// The colon after a label, with the space French puts before it.
    colon: &'static str,
}

/// The canonical keys, in report order: the templates hold no list of their own.
#[derive(Serialize)]
struct Vocabulary {
    activity_statuses: &'static [ActivityStatus],
    pledge_statuses: &'static [PledgeStatus],
    entity_types: &'static [EntityType],
}

/// Returns the payload as JSON: `extra`'s fields, then the language, the strings of `lang`
/// whose keys start with `strings` (the prefix taken off), the colours, the vocabulary and
/// the report.
pub fn json<X: Serialize>(extra: X, lang: Lang, strings: &str, report: &ReportData) -> Vec<u8> {
    serde_json::to_vec(&Payload {
        extra,
        lang,
        other: lang.fallback(),
        locale: Locale {
            typst: lang.row().typst,
            region: lang.row().region,
            typst_of: i18n::LANGUAGES.iter().map(|l| (l.code, l.typst)).collect(),
            decimal: lang.row().decimal,
            percent: lang.row().percent,
            colon: lang.row().colon,
        },
        strings: i18n::section(lang, strings),
        colours: palette::for_templates(),
        severity_colours: palette::severities_for_templates(),
        vocabulary: Vocabulary {
            activity_statuses: &ActivityStatus::ALL,
            pledge_statuses: PledgeStatus::ALL,
            entity_types: EntityType::ALL,
        },
        report,
    })
    .unwrap_or_default()
}
