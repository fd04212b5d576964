//! The plan file as written: the shape of `plan/plan.toml` (and of the workbook, which holds
//! the same fields), read from and written to text without checking it, so that a plan can be
//! exported exactly as it was written. Checking it is `checks`' job; the parts the plan keeps as
//! written (its metadata, groups, priorities) are model types, read here as they are.

use serde::{Deserialize, Serialize};

use super::model::{Group, PlanAgency, PlanMeta, Priority, ReviewSupport};
use super::revisions::{ChangeFile, Revision};
use super::schedule::bounds::written_date;
use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::i18n::Text;

/// Where the plan lives inside the inputs folder.
pub const PLAN_FILE: &str = "plan/plan.toml";

/// The plan file as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PlanFile {
    pub(super) plan: PlanMeta,
    #[serde(default)]
    pub(super) agencies: Vec<PlanAgency>,
    pub(super) groups: Vec<Group>,
    #[serde(default)]
    pub(super) roles: RolesFile,
    #[serde(default)]
    pub(super) codes: CodesFile,
    #[serde(default)]
    pub(super) priorities: Vec<Priority>,
    #[serde(default)]
    pub(super) activities: Vec<ActivityFile>,
    #[serde(default)]
    pub(super) revisions: Vec<Revision>,
}

/// The activities and groups the outputs single out, as written in the plan file.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RolesFile {
    #[serde(default)]
    pub(super) good_practices: Option<String>,
    #[serde(default)]
    pub(super) pledge_monitoring: Option<String>,
    #[serde(default)]
    pub(super) review_support: Option<ReviewSupport>,
}

/// How the plan writes its activity codes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CodesFile {
    /// The shape of a code: `{prefix}`, `{priority}` and `{activity}` between fixed characters
    /// (`"{prefix}{priority}.{activity}"`). Every activity code must have it.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Codes quoted as examples in messages and forms; by default the plan's first and last.
    #[serde(default)]
    pub examples: Vec<String>,
}

/// An activity as written in the plan file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ActivityFile {
    pub(super) code: String,
    pub(super) title: Text,
    #[serde(default)]
    pub(super) details: Vec<Text>,
    #[serde(default)]
    pub(super) references: Vec<Text>,
    #[serde(default)]
    pub(super) lead: Vec<String>,
    pub(super) lead_text: Text,
    #[serde(default)]
    pub(super) support: Vec<String>,
    #[serde(default)]
    pub(super) support_text: Text,
    #[serde(default)]
    pub(super) calendar: String,
    #[serde(default)]
    pub(super) calendar_en: String,
    /// The first day or month, beside or instead of the phrase (`2027-03-15`, `2027-03`).
    #[serde(default, deserialize_with = "written_date")]
    pub(super) start: Option<String>,
    /// The last day or month.
    #[serde(default, deserialize_with = "written_date")]
    pub(super) end: Option<String>,
    #[serde(default)]
    pub(super) irregularities: Vec<String>,
    #[serde(default)]
    pub(super) notes: Vec<Text>,
    #[serde(default)]
    pub(super) added: Option<YearMonth>,
    #[serde(default)]
    pub(super) dropped: Option<YearMonth>,
    #[serde(default)]
    pub(super) changes: Vec<ChangeFile>,
}

/// Parses the text of a plan file, without checking it.
pub(super) fn parse_file(src: &str) -> Result<PlanFile> {
    toml::from_str(src).map_err(|e| {
        Error::new("error.plan-syntax", &[("path", &PLAN_FILE)])
            .cause(e.to_string().trim())
            .hint("hint.plan-syntax", &[])
    })
}

/// Writes a plan file as TOML.
pub(super) fn to_toml(file: &PlanFile) -> Result<String> {
    toml::to_string_pretty(file).map_err(|e| {
        Error::new("error.plan-book-write", &[])
            .cause(e)
            .hint("hint.plan-book-write", &[])
    })
}
