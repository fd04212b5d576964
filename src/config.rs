//! Settings and the run's configuration, checked once before any work starts.
//!
//! This is the only place that reads the clock or the environment: the as-of date comes from
//! `--as-of`, else `as_of` in `seguimiento.toml`, else today, and flows from here to every
//! stage. Settings use `deny_unknown_fields`, so a typo is an error, not a silent default.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::i18n::{Lang, Text};

/// Where the settings live inside the inputs folder.
pub const SETTINGS_FILE: &str = "seguimiento.toml";

/// The contents of `seguimiento.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The network's name, shown on every document.
    #[serde(default = "default_network")]
    pub network: Text,
    /// The date the run reports on, when `--as-of` is not given.
    #[serde(default, deserialize_with = "date_or_string")]
    pub as_of: Option<NaiveDate>,
    /// The language of terminal messages and of `message` in findings.json.
    #[serde(default = "default_language")]
    pub language: Lang,
    /// True when the inputs are sample data; every document then says so.
    #[serde(default)]
    pub sample: bool,
    /// The GCM review cycle the Regional Review document feeds.
    #[serde(default)]
    pub review: Review,
    /// Safety limits on input files.
    #[serde(default)]
    pub limits: Limits,
}

/// The GCM regional review the input document is prepared for.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The review cycle's name.
    pub cycle: Text,
    /// The first day of the regional meeting.
    #[serde(default, deserialize_with = "date_or_string")]
    pub meeting_start: Option<NaiveDate>,
    /// The last day of the regional meeting.
    #[serde(default, deserialize_with = "date_or_string")]
    pub meeting_end: Option<NaiveDate>,
    /// Where the meeting takes place.
    #[serde(default)]
    pub place: Text,
    /// Group objectives by the IMRF round tables in the Regional Review document.
    #[serde(default = "yes")]
    pub group_by_round_table: bool,
}

impl Default for Review {
    fn default() -> Review {
        Review {
            cycle: Text::new("Revisiones Regionales 2024", "Regional Reviews 2024"),
            meeting_start: NaiveDate::from_ymd_opt(2025, 3, 18),
            meeting_end: NaiveDate::from_ymd_opt(2025, 3, 20),
            place: Text::new("Santiago de Chile", "Santiago, Chile"),
            group_by_round_table: true,
        }
    }
}

/// Limits that keep a hostile or broken file from exhausting the machine.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest input file read, in bytes.
    #[serde(default = "default_max_file_bytes")]
    pub max_file_bytes: u64,
    /// Largest uncompressed size of a workbook's contents, in bytes (stops zip bombs).
    #[serde(default = "default_max_unzipped_bytes")]
    pub max_unzipped_bytes: u64,
    /// Most data rows read from one sheet.
    #[serde(default = "default_max_rows")]
    pub max_rows: u32,
    /// Most columns read from one sheet.
    #[serde(default = "default_max_columns")]
    pub max_columns: u32,
    /// Most memory (address space) a reading worker may use for one file, in bytes.
    #[serde(default = "default_max_reader_memory_bytes")]
    pub max_reader_memory_bytes: u64,
    /// Longest a reading worker may take over one file, in seconds.
    #[serde(default = "default_max_reader_seconds")]
    pub max_reader_seconds: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: default_max_file_bytes(),
            max_unzipped_bytes: default_max_unzipped_bytes(),
            max_rows: default_max_rows(),
            max_columns: default_max_columns(),
            max_reader_memory_bytes: default_max_reader_memory_bytes(),
            max_reader_seconds: default_max_reader_seconds(),
        }
    }
}

/// Reads a date written as a TOML date (`as_of = 2024-03-31`) or as a string.
fn date_or_string<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Date(toml::value::Datetime),
        Text(String),
    }
    let text = match Written::deserialize(d)? {
        Written::Date(dt) => dt.to_string(),
        Written::Text(s) => s,
    };
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("“{text}” is not a date YYYY-MM-DD")))
}

fn default_max_file_bytes() -> u64 {
    200 * 1024 * 1024
}
fn default_max_unzipped_bytes() -> u64 {
    1024 * 1024 * 1024
}
fn default_max_rows() -> u32 {
    2_000_000
}
fn default_max_columns() -> u32 {
    200
}
fn default_max_reader_memory_bytes() -> u64 {
    // A workbook of 200 MB (the file limit) unpacks to a few GB of cells at most.
    4 * 1024 * 1024 * 1024
}
fn default_max_reader_seconds() -> u64 {
    300
}
fn yes() -> bool {
    true
}
fn default_language() -> Lang {
    Lang::Es
}
fn default_network() -> Text {
    Text::new(
        "Red Regional de las Naciones Unidas sobre la Migración para América Latina y el Caribe",
        "Regional United Nations Network on Migration for Latin America and the Caribbean",
    )
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            network: default_network(),
            as_of: None,
            language: default_language(),
            sample: false,
            review: Review::default(),
            limits: Limits::default(),
        }
    }
}

impl Settings {
    /// Reads `seguimiento.toml` from `inputs`; a missing file means the defaults.
    pub fn load(inputs: &Path) -> Result<Settings> {
        let path = inputs.join(SETTINGS_FILE);
        match std::fs::read_to_string(&path) {
            Ok(src) => toml::from_str(&src).map_err(|e| {
                Error::new("error.settings-invalid", &[("path", &path.display())])
                    .cause(e.to_string().trim())
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(e) => {
                Err(Error::new("error.settings-unreadable", &[("path", &path.display())]).cause(e))
            }
        }
    }
}

/// Everything a command needs to know, checked.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// The inputs folder.
    pub inputs: PathBuf,
    /// The outputs folder.
    pub outputs: PathBuf,
    /// The date the run reports on.
    pub as_of: NaiveDate,
    /// The settings from `seguimiento.toml`.
    pub settings: Settings,
    /// A folder of templates overriding the embedded ones file by file.
    pub templates: Option<PathBuf>,
}

impl RunConfig {
    /// Builds the configuration from the command-line values.
    pub fn new(
        inputs: PathBuf,
        outputs: PathBuf,
        as_of: Option<NaiveDate>,
        templates: Option<PathBuf>,
    ) -> Result<RunConfig> {
        if !inputs.is_dir() {
            return Err(
                Error::new("error.inputs-missing", &[("path", &inputs.display())])
                    .hint("hint.inputs-missing", &[]),
            );
        }
        let settings = Settings::load(&inputs)?;
        let as_of = as_of.or(settings.as_of).unwrap_or_else(today);
        let templates = templates.or_else(|| {
            let beside = inputs.join("templates");
            beside.is_dir().then_some(beside)
        });
        Ok(RunConfig {
            inputs,
            outputs,
            as_of,
            settings,
            templates,
        })
    }

    /// Returns the as-of month.
    pub fn as_of_month(&self) -> YearMonth {
        YearMonth::from_date(self.as_of)
    }

    /// Returns the calendar quarter holding the as-of date (`2024-Q1`).
    pub fn period(&self) -> String {
        period_of(self.as_of)
    }

    /// Returns the language of terminal messages.
    pub fn lang(&self) -> Lang {
        self.settings.language
    }
}

/// Returns the calendar quarter holding `date` (`2024-Q1`).
pub fn period_of(date: NaiveDate) -> String {
    let m = YearMonth::from_date(date);
    format!("{}-Q{}", m.year, m.quarter())
}

/// Reads today's date from the clock: the one place that does.
#[allow(clippy::disallowed_methods)]
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_dates_either_way_and_refuse_typos() {
        let s: Settings = toml::from_str("as_of = 2024-03-31\nsample = true").unwrap();
        assert_eq!(s.as_of, NaiveDate::from_ymd_opt(2024, 3, 31));
        let s: Settings = toml::from_str("as_of = \"2024-03-31\"").unwrap();
        assert_eq!(s.as_of, NaiveDate::from_ymd_opt(2024, 3, 31));
        assert!(toml::from_str::<Settings>("as_off = 2024-03-31").is_err());
        let s: Settings = toml::from_str("[review]\ncycle = { es = \"a\", en = \"b\" }\nmeeting_start = 2025-03-18\nmeeting_end = 2025-03-20").unwrap();
        assert_eq!(s.review.meeting_end, NaiveDate::from_ymd_opt(2025, 3, 20));
        assert_eq!(
            period_of(NaiveDate::from_ymd_opt(2024, 3, 31).unwrap()),
            "2024-Q1"
        );
    }
}
