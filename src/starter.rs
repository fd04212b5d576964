//! The starter inputs folder that `seguimiento init` writes: the settings with every setting
//! present and explained, the plan (the one the program ships, or a blank one), the two form
//! folders, the contacts table's header and a short README in both languages.
//!
//! The files are kept in `data/starter/` and embedded, so a new machine needs nothing else.
//! The blank plan's period starts in January of the year of the date given (the run's as-of
//! date, else today) and covers two years, as work plans commonly do; its texts are
//! placeholders to be written over.
//!
//! [`write`] never overwrites: when any file or folder it would write is already there, it
//! writes nothing and names what is in the way. A new folder is written whole or not at all
//! (built beside it under a hidden name, then renamed into place); in an existing,
//! empty-enough folder each file is created only if absent, and what was created is removed
//! again if a later file cannot be written.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};
use crate::i18n::{tr, Lang, Text};

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
            path: crate::outputs::messages::CONTACTS_FILE,
            text: CONTACTS.to_string(),
        },
        StarterFile {
            path: "README.md",
            text: README.replace("{dir}", shown),
        },
    ]
}

/// What `init` writes, and where.
pub struct InitOptions<'a> {
    /// The folder to write (created if missing).
    pub dir: &'a Path,
    /// An empty plan instead of the shipped one.
    pub blank: bool,
    /// The date the blank plan's period is taken from.
    pub today: NaiveDate,
    /// The language of the settings' `language` and of what is printed.
    pub lang: Lang,
}

/// Writes `files` and the empty form folders into `dir`, or nothing if anything is in the way.
pub fn write(dir: &Path, files: &[StarterFile]) -> Result<()> {
    let shown = dir.display().to_string();
    if dir.exists() && !dir.is_dir() {
        return Err(
            Error::new("error.init-not-folder", &[("path", &shown)]).hint("hint.init-exists", &[])
        );
    }
    let mut in_the_way: Vec<PathBuf> = files
        .iter()
        .map(|f| f.under(dir))
        .chain(FOLDERS.iter().map(|f| dir.join(f)))
        .chain(std::iter::once(
            dir.join(crate::plan::PLAN_FILE).with_extension("xlsx"),
        ))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    in_the_way.sort();
    if !in_the_way.is_empty() {
        let mut e =
            Error::new("error.init-exists", &[("path", &shown)]).hint("hint.init-exists", &[]);
        e.details = in_the_way
            .iter()
            .map(|p| Text::same(p.display().to_string()))
            .collect();
        return Err(e);
    }
    let failed = |path: &Path, cause: std::io::Error| {
        Error::new("error.init-write", &[("path", &path.display())])
            .cause(cause)
            .hint("hint.init-write", &[])
    };
    if !dir.exists() {
        // Built whole under a hidden name beside it, then renamed into place.
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| failed(&parent, e))?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "inputs".to_string());
        let staging = parent.join(format!(".{name}.init-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        let built = fill(&staging, files)
            .and_then(|()| std::fs::rename(&staging, dir).map_err(|e| (dir.to_path_buf(), e)));
        if let Err((path, e)) = built {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(failed(&path, e));
        }
        return Ok(());
    }
    let mut made: Vec<PathBuf> = Vec::new();
    let result = fill_into(dir, files, &mut made);
    if let Err((path, e)) = result {
        for p in made.iter().rev() {
            let _ = std::fs::remove_file(p).or_else(|_| std::fs::remove_dir(p));
        }
        return Err(failed(&path, e));
    }
    Ok(())
}

type Failure = (PathBuf, std::io::Error);

/// Writes everything into `dir`, a new folder.
fn fill(dir: &Path, files: &[StarterFile]) -> std::result::Result<(), Failure> {
    std::fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
    fill_into(dir, files, &mut Vec::new())
}

/// Creates each folder and file in `dir`, never over one that exists, recording what it made.
fn fill_into(
    dir: &Path,
    files: &[StarterFile],
    made: &mut Vec<PathBuf>,
) -> std::result::Result<(), Failure> {
    use std::io::Write;
    let mut folders: Vec<PathBuf> = FOLDERS.iter().map(|f| dir.join(f)).collect();
    folders.extend(
        files
            .iter()
            .filter_map(|f| f.under(dir).parent().map(Path::to_path_buf))
            .filter(|p| p != dir),
    );
    for folder in folders {
        if !folder.is_dir() {
            std::fs::create_dir(&folder).map_err(|e| (folder.clone(), e))?;
            made.push(folder);
        }
    }
    for f in files {
        let path = f.under(dir);
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| (path.clone(), e))?;
        made.push(path.clone());
        out.write_all(f.text.as_bytes())
            .and_then(|()| out.sync_all())
            .map_err(|e| (path.clone(), e))?;
    }
    Ok(())
}

/// Returns what was written and what to do next, in the user's language.
pub fn next_steps(options: &InitOptions<'_>, shown: &str) -> String {
    let lang = options.lang;
    let plan = if options.blank {
        "init.plan-blank"
    } else {
        "init.plan-shipped"
    };
    let args: &[(&str, &dyn std::fmt::Display)] = &[("dir", &shown)];
    let mut out = format!("{}\n", tr(lang, "init.written", args));
    for (path, key) in [
        ("seguimiento.toml", "init.file-settings"),
        ("plan/plan.toml", plan),
        ("status/", "init.file-status"),
        ("pledges/", "init.file-pledges"),
        ("contacts.csv", "init.file-contacts"),
        ("README.md", "init.file-readme"),
    ] {
        out.push_str(&format!("  {path:<18} {}\n", tr(lang, key, &[])));
    }
    out.push_str(&format!("\n{}\n", tr(lang, "init.next", &[])));
    let command = |verb: &str| format!("seguimiento {verb} --inputs {shown}");
    let steps = [
        ("init.step-settings", None),
        ("init.step-plan", Some(command("plan"))),
        ("init.step-contacts", None),
        ("init.step-forms", Some(command("forms"))),
        ("init.step-run", Some(command("run"))),
    ];
    for (n, (key, command)) in steps.iter().enumerate() {
        let text = crate::text::wrap(&tr(lang, key, args), 76, 5);
        out.push_str(&format!(
            "  {}. {text}
",
            n + 1
        ));
        if let Some(command) = command {
            out.push_str(&format!(
                "       {command}
"
            ));
        }
    }
    out
}

/// Returns `text` as a shell would need it typed: quoted when it holds anything but letters,
/// digits and `-_./`.
pub fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {

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
            // The checks are written out at their defaults.
            for code in crate::config::Checks::codes() {
                assert!(read.checks.is_on(code));
                assert_eq!(read.checks.severity(code), code.severity(), "{code}");
            }
            assert_eq!(
                read.checks.disagree_points(),
                defaults.checks.disagree_points()
            );
            assert_eq!(read.checks.drop_points(), defaults.checks.drop_points());
            assert_eq!(
                read.checks.stalled_months(),
                defaults.checks.stalled_months()
            );
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
                network: Some(crate::i18n::Text::same("a")),
                as_of: Some(day),
                ..Settings::default()
            };
            known.review.meeting_start = Some(day);
            known.review.meeting_end = Some(day);
            known.messages.from = Some("a@b.org".into());
            known.messages.from_name = Some(crate::i18n::Text::same("a"));
            known.messages.reply_to = Some("a@b.org".into());
            known.checks = read.checks;
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
    use super::*;

    fn options(dir: &Path, blank: bool) -> InitOptions<'_> {
        InitOptions {
            dir,
            blank,
            today: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            lang: Lang::Es,
        }
    }

    #[test]
    fn writes_a_new_folder_and_refuses_to_write_over_one() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("entradas");
        let o = options(&dir, true);
        let files = files(o.lang, o.blank, o.today, "entradas");
        write(&dir, &files).unwrap();
        for f in &files {
            assert_eq!(std::fs::read_to_string(f.under(&dir)).unwrap(), f.text);
        }
        for folder in FOLDERS {
            assert!(dir.join(folder).is_dir());
        }
        // Nothing hidden is left beside it.
        let beside: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(beside.len(), 1);

        std::fs::write(dir.join("contacts.csv"), "mine").unwrap();
        let e = write(&dir, &files).unwrap_err();
        for lang in Lang::ALL {
            let text = e.render(lang);
            assert!(text.contains("contacts.csv"), "{text}");
            assert!(text.contains("seguimiento.toml"), "{text}");
        }
        assert_eq!(
            std::fs::read_to_string(dir.join("contacts.csv")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn fills_an_existing_folder_that_holds_none_of_its_files() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("notas.txt"), "x").unwrap();
        let o = options(root.path(), false);
        let files = files(o.lang, o.blank, o.today, "x");
        write(root.path(), &files).unwrap();
        assert!(root.path().join("plan/plan.toml").is_file());
        assert_eq!(
            std::fs::read_to_string(root.path().join("notas.txt")).unwrap(),
            "x"
        );
    }

    #[test]
    fn says_the_next_steps_in_either_language() {
        let dir = Path::new("mi carpeta");
        for lang in Lang::ALL {
            let o = InitOptions {
                lang,
                ..options(dir, false)
            };
            let text = next_steps(&o, &shell_word("mi carpeta"));
            assert!(
                text.contains("seguimiento run --inputs 'mi carpeta'"),
                "{text}"
            );
            assert!(!text.contains("init."), "{text}");
        }
    }
}
