//! The starter inputs folder that `seguimiento init` writes: the settings with every setting
//! present and explained, the plan (the one the program ships, or a blank one), the two form
//! folders, the contacts table's header and a short README in both languages.
//!
//! The files are kept in `data/starter/` and embedded, so a new machine needs nothing else.
//! The blank plan's period starts in January of the year of the date given (the run's as-of
//! date, else today) and covers two years, as work plans commonly do; its texts are
//! placeholders to be written over.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use crate::i18n::Lang;

/// The plan the program ships (the sample inputs' plan).
const SHIPPED_PLAN: &str = include_str!("../inputs/plan/plan.toml");
const BLANK_PLAN: &str = include_str!("../data/starter/plan-blank.toml");
const SETTINGS: &str = include_str!("../data/starter/seguimiento.toml");
const CONTACTS: &str = include_str!("../data/starter/contacts.csv");
const README: &str = include_str!("../data/starter/README.md");

/// The folders of a starter inputs folder, empty: the forms go there.
pub const FOLDERS: [&str; 2] = ["status", "pledges"];

/// A file of the starter folder: where it goes (relative to the folder) and its text.
#[derive(Debug, Clone)]
pub struct StarterFile {
    /// Its path inside the inputs folder, `/`-separated.
    pub path: &'static str,
    /// Its contents.
    pub text: String,
}

impl StarterFile {
    /// Returns its path inside `dir`.
    pub fn under(&self, dir: &std::path::Path) -> PathBuf {
        self.path
            .split('/')
            .fold(dir.to_path_buf(), |p, c| p.join(c))
    }
}

/// Returns the files of a starter folder: the settings in `lang`, the shipped plan or a blank
/// one dated `today`, the contacts header and the README, which names the folder as `shown`
/// (the way the user typed it, for the commands it quotes).
pub fn files(lang: Lang, blank: bool, today: NaiveDate, shown: &str) -> Vec<StarterFile> {
    let plan = if blank {
        let year = today.year();
        BLANK_PLAN
            .replace("{date}", &format!("{year:04}-{:02}", today.month()))
            .replace("{start}", &format!("{year:04}-01"))
            .replace("{end}", &format!("{:04}-12", year + 1))
    } else {
        SHIPPED_PLAN.to_string()
    };
    vec![
        StarterFile {
            path: crate::config::SETTINGS_FILE,
            text: SETTINGS.replace("{language}", lang.code()),
        },
        StarterFile {
            path: crate::plan::PLAN_FILE,
            text: plan,
        },
        StarterFile {
            path: crate::messages::CONTACTS_FILE,
            text: CONTACTS.to_string(),
        },
        StarterFile {
            path: "README.md",
            text: README.replace("{dir}", shown),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    /// Every key of `value`, dotted (`review.cycle`), tables included.
    fn keys(value: &toml::Value, prefix: &str, out: &mut Vec<String>) {
        if let toml::Value::Table(t) = value {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                // A text in both languages is one setting.
                let is_text = matches!(v, toml::Value::Table(t) if t.contains_key("es") && t.contains_key("en"));
                if !is_text {
                    keys(v, &key, out);
                }
                out.push(key);
            }
        }
    }

    #[test]
    fn the_settings_file_holds_every_setting_and_reads_as_the_defaults() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for lang in Lang::ALL {
            let settings = &files(lang, false, day, "inputs")[0];
            let read: Settings = toml::from_str(&settings.text).unwrap();
            assert_eq!(read.language, lang);
            let defaults = Settings::default();
            assert_eq!(read.sample, defaults.sample);
            assert_eq!(read.as_of, None);
            assert_eq!(
                format!("{:?}", read.limits),
                format!("{:?}", defaults.limits)
            );
            assert_eq!(read.messages.attach_forms, defaults.messages.attach_forms);
            // Switched on, every commented setting still reads: each name is one that exists.
            let on: String = settings
                .text
                .lines()
                .map(|l| match l.strip_prefix("# ") {
                    Some(rest) if rest.contains(" = ") && !rest.contains('·') => rest,
                    _ => l,
                })
                .collect::<Vec<_>>()
                .join("\n");
            let all: toml::Value = toml::from_str(&on).unwrap();
            let every: Settings = toml::from_str(&on).unwrap();
            assert!(every.as_of.is_some() && every.messages.from.is_some());
            // And every setting the program knows is there.
            let mut known = Settings {
                network: Some(crate::i18n::Text::new("a", "b")),
                as_of: Some(day),
                ..Settings::default()
            };
            known.review.meeting_start = Some(day);
            known.review.meeting_end = Some(day);
            known.messages.from = Some("a@b.org".into());
            known.messages.from_name = Some(crate::i18n::Text::new("a", "b"));
            known.messages.reply_to = Some("a@b.org".into());
            let known = toml::Value::try_from(&known).unwrap();
            let (mut want, mut have) = (Vec::new(), Vec::new());
            keys(&known, "", &mut want);
            keys(&all, "", &mut have);
            want.sort();
            have.sort();
            assert_eq!(have, want);
        }
    }

    #[test]
    fn both_plans_load() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for blank in [false, true] {
            let plan = &files(Lang::Es, blank, day, "inputs")[1];
            let loaded = crate::plan::Plan::parse(&plan.text).unwrap();
            assert_eq!(loaded.activities.is_empty(), blank);
        }
        let blank = crate::plan::Plan::parse(&files(Lang::Es, true, day, "x")[1].text).unwrap();
        assert_eq!(blank.meta.start.to_string(), "2026-01");
        assert_eq!(blank.meta.end.to_string(), "2027-12");
    }
}
