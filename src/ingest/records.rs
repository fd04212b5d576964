//! What ingest produces: the records of accepted rows, the account of each file, and what it
//! is read against. Plain data, shared by the stages of ingest; this module reads nothing.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::YearMonth;
use crate::config::{Checks, Limits};
use crate::findings::Finding;
use crate::model::{EntityType, PledgeStatus, Source, Status};
use crate::plan::Plan;

/// One accepted row of an activity status form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRecord {
    /// Where it was read.
    pub source: Source,
    /// Activity code (`B1.2`).
    pub activity: String,
    /// The month reported on.
    pub period: YearMonth,
    /// Reporting agency (registry id).
    pub agency: String,
    /// The status reported.
    pub status: Status,
    /// Progress, 0-100.
    pub progress: Option<f64>,
    /// When the activity or occurrence took place.
    pub date: Option<NaiveDate>,
    /// The narrative in each language it was written in, one column of the form each.
    pub narrative_in: std::collections::BTreeMap<crate::i18n::Lang, String>,
    /// Next steps.
    pub next_steps: Option<String>,
    /// The language the next steps are taken to be written in (the form has one next-steps
    /// column for every language): the one the row's description is written in, when it is
    /// written in one only, else the one of the sheet's headers; none when neither tells.
    #[serde(skip)]
    pub next_steps_in: Option<crate::i18n::Lang>,
    /// Evidence link.
    pub evidence: Option<String>,
}

/// One accepted row of a pledge tracking form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PledgeRecord {
    /// Where it was read.
    pub source: Source,
    /// The pledge id, as written (trimmed).
    pub id: String,
    /// The pledge's title.
    pub title: String,
    /// Who made the pledge.
    pub entity: String,
    /// What kind of entity.
    pub entity_type: Option<EntityType>,
    /// Countries (ISO alpha-3, or the name as written when unknown).
    pub countries: Vec<String>,
    /// GCM objectives, 1-23.
    pub objectives: Vec<u8>,
    /// The status at this update.
    pub status: PledgeStatus,
    /// The date of this update.
    pub update_date: NaiveDate,
    /// What was reported.
    pub narrative: Option<String>,
}

/// The account of one input file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileAccount {
    /// Relative to the inputs folder, with `/`.
    pub path: String,
    /// `status`, `pledges`, `unrecognized`, or `e-mail` for an e-mail that carried forms
    /// (each of its attachments has an account of its own).
    pub kind: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Data rows below the header.
    pub rows: u32,
    /// Rows accepted into the figures.
    pub accepted: u32,
    /// Rows left out, each with a finding.
    pub rejected: u32,
    /// Rows with nothing in them.
    pub blank: u32,
    /// The day the file reached the secretariat, when known (the `Date` of the e-mail it was
    /// attached to, or `received.csv`).
    pub received: Option<NaiveDate>,
}

/// Everything ingest produced: accepted records, findings and accounts.
#[derive(Debug, Clone, Default)]
pub struct Intake {
    /// Accepted status rows, in file and row order.
    pub status: Vec<StatusRecord>,
    /// Accepted pledge rows, in file and row order.
    pub pledges: Vec<PledgeRecord>,
    /// Findings about files and rows.
    pub findings: Vec<Finding>,
    /// One account per input file, in path order.
    pub files: Vec<FileAccount>,
}

/// What ingest needs to know besides the files.
pub struct Context<'a> {
    /// The plan, for activity codes.
    pub plan: &'a Plan,
    /// The date the run reports on; later periods and updates are rejected.
    pub as_of: NaiveDate,
    /// Safety limits.
    pub limits: Limits,
    /// The network's checks, for those read with each row.
    pub checks: Checks,
    /// The agency of each sender address of `contacts.csv` (lowercase), for forms that
    /// arrive by e-mail; empty without contacts.
    pub senders: Senders,
}

/// E-mail addresses (lowercase) and the agency (registry id) each belongs to.
pub type Senders = std::collections::BTreeMap<String, String>;

/// What one file gave.
pub(super) struct FileIntake {
    pub status: Vec<StatusRecord>,
    pub pledges: Vec<PledgeRecord>,
    pub findings: Vec<Finding>,
    pub account: FileAccount,
}

impl StatusRecord {
    /// Returns the narrative written in `lang`, if any. The status form has one narrative
    /// column per language it asks for, each read into a field of its own.
    pub fn narrative(&self, lang: crate::i18n::Lang) -> Option<&str> {
        self.narrative_in.get(&lang).map(String::as_str)
    }

    /// Returns the language the narrative shown in `lang` was written in: `lang` itself when
    /// the agency wrote in it, else its fallback, else the first the agency wrote in; none
    /// when no narrative was written.
    pub fn narrative_source(&self, lang: crate::i18n::Lang) -> Option<crate::i18n::Lang> {
        [lang, lang.fallback()]
            .into_iter()
            .find(|l| self.narrative_in.contains_key(l))
            .or_else(|| self.narrative_in.keys().next().copied())
    }

    /// Returns the narrative in every language, each in its own language when written in it,
    /// else in the one [`StatusRecord::narrative_source`] names; none when no narrative was
    /// written.
    pub fn narratives(&self) -> Option<crate::i18n::Text> {
        (!self.narrative_in.is_empty()).then(|| {
            crate::i18n::Text::from_fn(|l| {
                self.narrative_source(l)
                    .and_then(|source| self.narrative(source))
                    .unwrap_or_default()
                    .to_string()
            })
        })
    }
}

impl FileIntake {
    /// Nothing yet, with the account of a file not yet recognised.
    pub(super) fn empty(account: FileAccount) -> FileIntake {
        FileIntake {
            status: Vec::new(),
            pledges: Vec::new(),
            findings: Vec::new(),
            account,
        }
    }
}

/// A hash map for lookups only (never iterated into output), with a fast seeded hasher.
pub(super) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
