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
pub use crate::sheets::Limits;

mod checks;
pub use checks::{CheckSeverity, Checks};

/// Where the settings live inside the inputs folder.
pub const SETTINGS_FILE: &str = "seguimiento.toml";

/// The contents of `seguimiento.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The network's name, shown on every document; by default the one the plan names.
    #[serde(default)]
    pub network: Option<Text>,
    /// The date the run reports on, when `--as-of` is not given.
    #[serde(default, deserialize_with = "date_or_string")]
    pub as_of: Option<NaiveDate>,
    /// The language of terminal messages and of `message` in findings.json.
    #[serde(default = "default_language")]
    pub language: Lang,
    /// The languages the documents, trackers, drafts and open data are written in, in order,
    /// by code (`["es", "en"]`); see [`Settings::run_languages`].
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    /// True when the inputs are sample data; every document then says so.
    #[serde(default)]
    pub sample: bool,
    /// The GCM review cycle the Regional Review document feeds.
    #[serde(default)]
    pub review: Review,
    /// Safety limits on input files.
    #[serde(default)]
    pub limits: Limits,
    /// How the follow-up e-mail drafts are addressed and what they carry.
    #[serde(default)]
    pub messages: MessageSettings,
    /// The plausibility checks the network sets.
    #[serde(default)]
    pub checks: Checks,
    /// When the agencies' monthly forms are due.
    #[serde(default)]
    pub reporting: ReportingSettings,
}

/// `[reporting]`: when a month's status form is due, and when a missing one is escalated.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingSettings {
    /// The day of the next month by which a month's form is due (1-28).
    #[serde(default = "default_due_day")]
    pub due_day: u32,
    /// How many months in a row an agency's form may be missed before `remind` copies its
    /// escalation contacts (1-12).
    #[serde(default = "default_escalate_after")]
    pub escalate_after: u32,
}

impl Default for ReportingSettings {
    fn default() -> ReportingSettings {
        ReportingSettings {
            due_day: default_due_day(),
            escalate_after: default_escalate_after(),
        }
    }
}

fn default_due_day() -> u32 {
    10
}

fn default_escalate_after() -> u32 {
    2
}

/// The sender address the drafts carry when `[messages] from` is not set: the reserved
/// `.invalid` domain (RFC 2606) makes the placeholder obvious and undeliverable until the
/// secretariat sets its own account.
pub const PLACEHOLDER_SENDER: &str = "secretariat@invalid";

/// `[messages]`: the addresses of the follow-up drafts, and whether they carry the forms.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MessageSettings {
    /// The sender, `Name <address>` or a bare address (then named after the network).
    #[serde(default)]
    pub from: Option<String>,
    /// The sender's name in each language, over the one written in `from`.
    #[serde(default)]
    pub from_name: Option<Text>,
    /// Where replies go, when not to the sender.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// Who gets a copy of every draft (one address or a list).
    #[serde(default, deserialize_with = "one_or_many")]
    pub cc: Vec<String>,
    /// Who gets a blind copy of every draft (one address or a list).
    #[serde(default, deserialize_with = "one_or_many")]
    pub bcc: Vec<String>,
    /// Attach to each agency's draft its pre-filled status form for next month.
    #[serde(default = "yes")]
    pub attach_forms: bool,
}

impl Default for MessageSettings {
    fn default() -> MessageSettings {
        MessageSettings {
            from: None,
            from_name: None,
            reply_to: None,
            cc: Vec::new(),
            bcc: Vec::new(),
            attach_forms: true,
        }
    }
}

/// An e-mail address with an optional display name, as written in the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The display name (`Secretaría de la Red`), if one was written.
    pub name: Option<String>,
    /// The address (`secretaria@example.org`).
    pub address: String,
}

impl Mailbox {
    /// Reads `Name <address>`, `"Name" <address>`, `<address>` or a bare address; none when
    /// the address is not one a mail program accepts.
    pub fn parse(text: &str) -> Option<Mailbox> {
        let text = text.trim();
        if text.chars().any(char::is_control) {
            return None;
        }
        let (name, address) = match text.rsplit_once('<') {
            Some((name, rest)) => {
                let address = rest.strip_suffix('>')?;
                let name = name.trim().trim_matches('"').trim();
                ((!name.is_empty()).then(|| name.to_string()), address.trim())
            }
            None => (None, text),
        };
        valid_address(address).then(|| Mailbox {
            name,
            address: address.to_string(),
        })
    }
}

/// Whether `a` is an address as mail programs accept it: `local@domain.tld`, with no spaces,
/// quotes or brackets, and a domain of dot-separated labels.
fn valid_address(a: &str) -> bool {
    let Some((local, domain)) = a.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !"<>()[]\\,;:\"@".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

impl MessageSettings {
    /// Returns the sender, or none to use the placeholder.
    pub fn sender(&self) -> Option<Mailbox> {
        self.from.as_deref().and_then(Mailbox::parse)
    }

    /// Returns the sender's name in `lang`: `from_name`, else the name written in `from`,
    /// else `network` (the network's name).
    pub fn sender_name(&self, lang: Lang, network: &Text) -> String {
        self.from_name
            .as_ref()
            .map(|t| t.get(lang).trim().to_string())
            .filter(|n| !n.is_empty())
            .or_else(|| self.sender().and_then(|m| m.name))
            .unwrap_or_else(|| network.get(lang).to_string())
    }

    /// Returns the reply-to address, if set.
    pub fn reply_to(&self) -> Option<Mailbox> {
        self.reply_to.as_deref().and_then(Mailbox::parse)
    }

    /// Returns the copies.
    pub fn cc(&self) -> Vec<Mailbox> {
        self.cc.iter().filter_map(|a| Mailbox::parse(a)).collect()
    }

    /// Returns the blind copies.
    pub fn bcc(&self) -> Vec<Mailbox> {
        self.bcc.iter().filter_map(|a| Mailbox::parse(a)).collect()
    }

    /// Checks every address; the first that is not one is an error naming the setting.
    fn check(&self, path: &Path) -> Result<()> {
        let fields = [("from", &self.from), ("reply_to", &self.reply_to)];
        let single = fields
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (*k, v)));
        let lists = [("cc", &self.cc), ("bcc", &self.bcc)];
        let listed = lists
            .iter()
            .flat_map(|(k, v)| v.iter().map(move |v| (*k, v)));
        if let Some(t) = &self.from_name {
            for (_, value) in t.versions() {
                if value.chars().any(char::is_control) {
                    return Err(Error::new(
                        "error.settings-name",
                        &[("path", &path.display()), ("field", &"from_name")],
                    )
                    .hint("hint.settings-name", &[]));
                }
            }
        }
        for (field, value) in single.chain(listed) {
            if Mailbox::parse(value).is_none() {
                return Err(Error::new(
                    "error.settings-address",
                    &[
                        ("path", &path.display()),
                        ("field", &field),
                        ("value", &value),
                    ],
                )
                .hint("hint.settings-address", &[]));
            }
        }
        Ok(())
    }
}

/// Reads a setting written as one string or as a list of strings.
fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Written::deserialize(d)? {
        Written::One(s) => vec![s],
        Written::Many(v) => v,
    })
}

/// The GCM regional review the input document is prepared for.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The review cycle's name; none by default, and the documents then leave it out.
    #[serde(default)]
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
            cycle: Text::default(),
            meeting_start: None,
            meeting_end: None,
            place: Text::default(),
            group_by_round_table: true,
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

fn yes() -> bool {
    true
}
fn default_language() -> Lang {
    Lang::Es
}

fn default_languages() -> Vec<String> {
    Lang::RUN_DEFAULT
        .iter()
        .map(|l| l.code().to_string())
        .collect()
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            network: None,
            as_of: None,
            language: default_language(),
            languages: default_languages(),
            sample: false,
            review: Review::default(),
            limits: Limits::default(),
            messages: MessageSettings::default(),
            checks: Checks::default(),
            reporting: ReportingSettings::default(),
        }
    }
}

impl Settings {
    /// The languages of the run, in the order the settings give them (checked when read).
    pub fn run_languages(&self) -> Vec<Lang> {
        self.languages
            .iter()
            .filter_map(|code| Lang::parse(code))
            .collect()
    }

    /// Checks `languages`: at least one, each a language the program writes (by its code or
    /// name), none twice, and `language` among them.
    fn check_languages(&self, path: &Path) -> Result<()> {
        let known = crate::i18n::LANGUAGES
            .iter()
            .map(|l| format!("\"{}\"", l.code))
            .collect::<Vec<_>>()
            .join(", ");
        let shown = path.display();
        if self.languages.is_empty() {
            return Err(
                Error::new("error.settings-languages-empty", &[("path", &shown)])
                    .hint("hint.settings-languages", &[("known", &known)]),
            );
        }
        let mut seen = Vec::new();
        for code in &self.languages {
            let Some(lang) = Lang::parse(code) else {
                return Err(Error::new(
                    "error.settings-languages-unknown",
                    &[("path", &shown), ("value", code)],
                )
                .hint("hint.settings-languages", &[("known", &known)]));
            };
            if seen.contains(&lang) {
                return Err(Error::new(
                    "error.settings-languages-twice",
                    &[("path", &shown), ("value", code)],
                )
                .hint("hint.settings-languages", &[("known", &known)]));
            }
            seen.push(lang);
        }
        if !seen.contains(&self.language) {
            let listed = self.languages.join(", ");
            return Err(Error::new(
                "error.settings-language-not-run",
                &[
                    ("path", &shown),
                    ("language", &self.language.code()),
                    ("languages", &listed),
                ],
            )
            .hint("hint.settings-language-not-run", &[]));
        }
        Ok(())
    }

    /// Checks that each text the settings give has a version in every language of the run,
    /// and lists every one missing.
    fn check_texts(&self, path: &Path) -> Result<()> {
        let texts = [
            ("network", self.network.as_ref()),
            ("messages.from_name", self.messages.from_name.as_ref()),
            ("review.cycle", Some(&self.review.cycle)),
            ("review.place", Some(&self.review.place)),
        ];
        let mut details = Vec::new();
        for (place, text) in texts {
            let Some(text) = text.filter(|t| !t.is_empty()) else {
                continue;
            };
            for lang in self.run_languages() {
                if text.own(lang).is_none_or(|s| s.trim().is_empty()) {
                    details.push(Text::tr(
                        "error.plan-text-missing",
                        &[("place", &place), ("language", &lang.code())],
                    ));
                }
            }
        }
        if details.is_empty() {
            return Ok(());
        }
        let count = details.len();
        let mut e = Error::new(
            "error.settings-texts-missing",
            &[("count", &count), ("path", &path.display())],
        );
        e.details = details;
        Err(e.hint("hint.settings-texts-missing", &[]))
    }

    /// Reads `seguimiento.toml` from `inputs`; a missing file means the defaults.
    pub fn load(inputs: &Path) -> Result<Settings> {
        let path = inputs.join(SETTINGS_FILE);
        match std::fs::read_to_string(&path) {
            Ok(src) => {
                let mut settings: Settings =
                    toml::from_str(&src).map_err(|e| settings_error(&path, &src, &e))?;
                // Without a `language`, the terminal speaks the run's first language.
                let language_given = src
                    .parse::<toml::Table>()
                    .map_or(true, |t| t.contains_key("language"));
                if !language_given {
                    if let Some(first) = settings.run_languages().first() {
                        settings.language = *first;
                    }
                }
                settings.messages.check(&path)?;
                settings.checks.check(&path)?;
                settings.check_languages(&path)?;
                settings.check_texts(&path)?;
                if !(1..=28).contains(&settings.reporting.due_day) {
                    return Err(Error::new(
                        "error.settings-due-day",
                        &[
                            ("path", &path.display()),
                            ("value", &settings.reporting.due_day),
                        ],
                    )
                    .hint("hint.settings-due-day", &[]));
                }
                if !(1..=12).contains(&settings.reporting.escalate_after) {
                    return Err(Error::new(
                        "error.settings-escalate-after",
                        &[
                            ("path", &path.display()),
                            ("value", &settings.reporting.escalate_after),
                        ],
                    )
                    .hint("hint.settings-escalate-after", &[]));
                }
                Ok(settings)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(e) => {
                Err(Error::new("error.settings-unreadable", &[("path", &path.display())]).cause(e))
            }
        }
    }
}

/// Describes settings that cannot be read in the user's words: the line, and for the commonest
/// mistake, a misspelt setting, its name and the settings that exist there. Other mistakes keep
/// the parser's own account as the cause.
fn settings_error(path: &Path, src: &str, e: &toml::de::Error) -> Error {
    let line = e
        .span()
        .and_then(|s| src.get(..s.start))
        .map(|before| before.matches('\n').count() + 1);
    let unknown = e
        .message()
        .strip_prefix("unknown field `")
        .and_then(|rest| {
            let (name, rest) = rest.split_once('`')?;
            let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
            Some((name.to_string(), expected.join(", ")))
        });
    let shown = path.display();
    let error = match (unknown, line) {
        (Some((name, expected)), Some(line)) => {
            return Error::new(
                "error.settings-unknown",
                &[
                    ("path", &shown),
                    ("line", &line),
                    ("name", &name),
                    ("expected", &expected),
                ],
            )
            .hint("hint.settings-invalid", &[]);
        }
        (_, Some(line)) => Error::new("error.settings-line", &[("path", &shown), ("line", &line)]),
        (_, None) => Error::new("error.settings-invalid", &[("path", &shown)]),
    };
    error
        .cause(e.to_string().trim())
        .hint("hint.settings-invalid", &[])
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
    /// The languages the outputs are written in, in order (see [`RunConfig::languages`]).
    pub languages: Vec<Lang>,
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
            templates,
            languages: settings.run_languages(),
            settings,
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

    /// Returns the languages the outputs are written in, in order: each per-language output
    /// writes one file in each, and only in these.
    pub fn languages(&self) -> &[Lang] {
        &self.languages
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

/// Returns `as_of` when given, else today's date (for commands that need a date without an
/// inputs folder, such as `init`).
pub fn as_of_or_today(as_of: Option<NaiveDate>) -> NaiveDate {
    as_of.unwrap_or_else(today)
}

/// Reads today's date from the clock: the one place that does.
#[allow(clippy::disallowed_methods)]
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Why and when a published quarter was reopened (`run --reopen`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reopen {
    /// The reason, as given.
    pub reason: String,
    /// The day it was reopened.
    pub date: NaiveDate,
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

    #[test]
    fn message_addresses_are_read_as_mail_programs_write_them() {
        let m = Mailbox::parse("Secretaría de la Red <secretaria@example.org>").unwrap();
        assert_eq!(m.name.as_deref(), Some("Secretaría de la Red"));
        assert_eq!(m.address, "secretaria@example.org");
        let m = Mailbox::parse("\"Red, secretaría\" <red@oim.int>").unwrap();
        assert_eq!(m.name.as_deref(), Some("Red, secretaría"));
        let m = Mailbox::parse(" ana.perez+red@cepal.org ").unwrap();
        assert_eq!(
            (m.name, m.address.as_str()),
            (None, "ana.perez+red@cepal.org")
        );
        for bad in [
            "secretaria",
            "secretaria@",
            "@example.org",
            "secretaria@example",
            "secretaria @example.org",
            "Red <secretaria@example.org",
            "a@b..org",
            "Red\r\nBcc: x@y.org <a@b.org>",
        ] {
            assert!(Mailbox::parse(bad).is_none(), "{bad:?} accepted");
        }
    }

    #[test]
    fn message_settings_default_sensibly_and_refuse_a_bad_address() {
        let s: Settings = toml::from_str("").unwrap();
        assert!(s.messages.attach_forms);
        assert!(s.messages.sender().is_none());
        let s: Settings = toml::from_str(
            "[messages]\nfrom = \"Red <red@example.org>\"\ncc = \"copia@example.org\"\nbcc = [\"a@example.org\", \"b@example.org\"]",
        )
        .unwrap();
        assert_eq!(s.messages.cc().len(), 1);
        assert_eq!(s.messages.bcc().len(), 2);
        assert!(toml::from_str::<Settings>("[messages]\nsender = \"a@b.org\"").is_err());
        let network = Text::of(&[(Lang::Es, "Red"), (Lang::En, "Network")]);
        let s: Settings = toml::from_str(
            "[messages]\nfrom = \"Secretaría <s@example.org>\"\nfrom_name = { es = \"Secretaría de la Red\", en = \"Network Secretariat\" }",
        )
        .unwrap();
        assert_eq!(
            s.messages.sender_name(Lang::En, &network),
            "Network Secretariat"
        );
        assert_eq!(
            s.messages.sender_name(Lang::Es, &network),
            "Secretaría de la Red"
        );
        let s: Settings =
            toml::from_str("[messages]\nfrom = \"Secretaría <s@example.org>\"").unwrap();
        assert_eq!(s.messages.sender_name(Lang::En, &network), "Secretaría");
        let s: Settings = toml::from_str("[messages]\nfrom = \"s@example.org\"").unwrap();
        assert_eq!(s.messages.sender_name(Lang::En, &network), "Network");

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            "[messages]\nreply_to = \"secretaria.example.org\"\n",
        )
        .unwrap();
        let e = Settings::load(dir.path()).unwrap_err();
        for lang in Lang::ALL {
            let text = e.render(lang);
            assert!(text.contains("reply_to"), "{text}");
            assert!(text.contains("secretaria.example.org"), "{text}");
        }
    }

    #[test]
    fn a_text_of_the_settings_missing_in_a_language_of_the_run_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            "languages = [\"es\", \"pt\", \"fr\"]\n\
             network = { es = \"Red\", pt = \"Rede\" }\n\
             [review]\nplace = { es = \"Santiago\" }\n",
        )
        .unwrap();
        let e = Settings::load(dir.path()).unwrap_err();
        let details: Vec<&str> = e.details.iter().map(|d| d.get(Lang::En)).collect();
        assert_eq!(
            details,
            [
                "network: the “fr” version is missing",
                "review.place: the “pt” version is missing",
                "review.place: the “fr” version is missing",
            ]
        );
        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            "languages = [\"pt\"]\nnetwork = { pt = \"Rede\" }\n",
        )
        .unwrap();
        let settings = Settings::load(dir.path()).unwrap();
        assert_eq!(settings.run_languages(), [Lang::Pt]);
        assert_eq!(settings.language, Lang::Pt);
    }
}
