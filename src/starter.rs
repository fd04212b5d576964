//! The starter inputs folder that `seguimiento init` writes: the settings with every setting
//! present and explained, the plan (the one the program ships, or a blank one), the two form
//! folders, the contacts table's header and a short README in Spanish and English.
//!
//! The files are kept in `data/starter/` and embedded, so a new machine needs nothing else.
//! The folder is written for the languages of the command: the settings' `language` and
//! `languages`, and the blank plan's texts and notes in each of those languages. The shipped
//! plan is in every language the program writes; a folder in a language it lacked would get the
//! blank plan, so that `run` works on it as it is. The blank plan's period starts in January of the year of the
//! date given (the run's as-of date, else today) and covers two years, as work plans commonly
//! do; its texts are placeholders to be written over.
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

/// Returns the languages a starter folder for a command in `lang` writes in: the default ones
/// when they include it, else that language alone.
pub fn languages_for(lang: Lang) -> Vec<Lang> {
    if Lang::RUN_DEFAULT.contains(&lang) {
        Lang::RUN_DEFAULT.to_vec()
    } else {
        vec![lang]
    }
}

/// Returns true when the shipped plan has its texts in each of `langs`.
fn shipped_plan_speaks(langs: &[Lang]) -> bool {
    crate::plan::Plan::parse(SHIPPED_PLAN).is_ok_and(|plan| plan.require_languages(langs).is_ok())
}

/// Returns the files of a starter folder: the settings in the options' languages, the
/// shipped plan or a blank one dated `today`, the contacts header and the README, which names
/// the folder as `shown` (the way the user typed it, for the commands it quotes).
pub fn files(options: &InitOptions<'_>, shown: &str) -> Vec<StarterFile> {
    let langs = &options.languages;
    let plan = if options.writes_blank() {
        blank_plan(langs, options.today)
    } else {
        SHIPPED_PLAN.to_string()
    };
    let codes: Vec<String> = langs.iter().map(|l| format!("\"{}\"", l.code())).collect();
    vec![
        StarterFile {
            path: crate::config::SETTINGS_FILE,
            text: SETTINGS
                .replace("{language}", options.lang.code())
                .replace("{languages}", &format!("[{}]", codes.join(", "))),
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

/// The widest line of a note in the blank plan.
const NOTE_WIDTH: usize = 96;

/// Returns the blank plan in `langs`, its period taken from `today`: each text a placeholder
/// in each language, each note in each language.
fn blank_plan(langs: &[Lang], today: NaiveDate) -> String {
    let year = today.year();
    let text = |versions: &dyn Fn(Lang) -> String| -> String {
        let parts: Vec<String> = langs
            .iter()
            .map(|&l| format!("{} = {}", l.code(), toml_string(&versions(l))))
            .collect();
        format!("{{ {} }}", parts.join(", "))
    };
    let key = |k: &'static str| move |l: Lang| tr(l, k, &[]);
    // The model activity's agencies, as the registry writes them in each language.
    let shipped = crate::plan::Plan::parse(SHIPPED_PLAN).ok();
    let acronym = |id: &str| {
        let agency = shipped.as_ref().and_then(|p| p.registry().agency_by_id(id));
        move |l: Lang| {
            agency
                .map(|a| a.acronym.get(l).to_string())
                .unwrap_or_default()
        }
    };
    let first = langs.first().copied().unwrap_or(Lang::WORKING);
    // The calendar is written in the plan's first language, its English beside it when the
    // network writes in English (`calendar_en`).
    let calendar_lang = langs
        .iter()
        .copied()
        .find(|&l| l != Lang::En)
        .unwrap_or(Lang::En);
    let calendars = |field: &str, month: u32| {
        let phrase = |l: Lang| {
            let m = crate::calendar::YearMonth { year: 2025, month };
            capitalised(&crate::i18n::format_month(l, m))
        };
        let mut out = format!("# {field} = {}", toml_string(&phrase(calendar_lang)));
        if langs.contains(&Lang::En) {
            out.push_str(&format!(
                "\n# {field}_en = {}",
                toml_string(&phrase(Lang::En))
            ));
        }
        out
    };
    let example = text(&|_| "…".to_string());
    let mut out = with_notes(BLANK_PLAN, langs);
    let heading = crate::i18n::in_languages(langs, " · ", key("starter.plan.heading"));
    let in_activity = crate::i18n::in_languages(langs, " · ", key("starter.plan.in-activity"));
    // The example is not broken across lines.
    let unbroken = example.replace(' ', "\u{e000}");
    let intro = note(langs, |l| {
        tr(l, "starter.plan.intro", &[("example", &unbroken)])
    })
    .replace('\u{e000}', " ");
    let fills: [(&str, String); 20] = [
        ("heading", format!("# {heading}")),
        ("intro", intro),
        ("title", text(&key("starter.plan.title"))),
        ("subtitle", text(&key("starter.plan.subtitle"))),
        ("short", text(&key("starter.plan.short"))),
        ("network", text(&key("starter.plan.network"))),
        ("empty", text(&|_| String::new())),
        ("group", text(&key("starter.plan.group"))),
        ("dots", example.clone()),
        ("lead_text", text(&acronym("iom"))),
        ("lead", acronym("iom")(first)),
        ("support_text", text(&acronym("network"))),
        ("support", acronym("network")(first)),
        ("calendar-change", calendars("calendar", 10)),
        ("calendar", calendars("calendar", 3)),
        ("midterm", text(&key("starter.plan.midterm"))),
        ("in-activity", in_activity),
        ("date", format!("{year:04}-{:02}", today.month())),
        ("start", format!("{year:04}-01")),
        ("end", format!("{:04}-12", year + 1)),
    ];
    for (name, value) in fills {
        out = out.replace(&format!("{{{name}}}"), &value);
    }
    out
}

/// Returns `plan` with each of its notes (`{about-title}`…) written in `langs`.
fn with_notes(plan: &str, langs: &[Lang]) -> String {
    let mut out = plan.to_string();
    for (name, k) in [
        ("about-title", "starter.plan.about-title"),
        ("about-short", "starter.plan.about-short"),
        ("about-network", "starter.plan.about-network"),
        ("about-dates", "starter.plan.about-dates"),
        ("about-co-leads", "starter.plan.about-co-leads"),
        ("about-review-note", "starter.plan.about-review-note"),
        ("about-groups", "starter.plan.about-groups"),
        ("about-model", "starter.plan.about-model"),
        ("about-revision", "starter.plan.about-revision"),
    ] {
        out = out.replace(&format!("{{{name}}}"), &note(langs, |l| tr(l, k, &[])));
    }
    out
}

/// Returns a note of the blank plan: on one line, each language's version joined by ` · `,
/// when it fits; else each language's version on lines of its own.
fn note(langs: &[Lang], versions: impl Fn(Lang) -> String) -> String {
    let joined = crate::i18n::in_languages(langs, " · ", &versions);
    if joined.chars().count() + 2 <= NOTE_WIDTH {
        return format!("# {joined}");
    }
    let mut lines = Vec::new();
    for &l in langs {
        let mut line = String::from("#");
        for word in versions(l).split(' ') {
            if line.chars().count() + 1 + word.chars().count() > NOTE_WIDTH && line != "#" {
                lines.push(std::mem::replace(&mut line, String::from("#")));
            }
            line.push(' ');
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// Returns `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Returns `s` with its first letter a capital (`Marzo de 2025`).
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
    /// The languages of the settings' `languages` and of the plan's texts.
    pub languages: Vec<Lang>,
}

impl InitOptions<'_> {
    /// Returns true when the plan written is the blank one: asked for, or the shipped plan
    /// lacks a language of the folder.
    pub fn writes_blank(&self) -> bool {
        self.blank || !shipped_plan_speaks(&self.languages)
    }
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
    let plan = if options.writes_blank() {
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
            let o = InitOptions {
                lang,
                languages: languages_for(lang),
                ..options(Path::new("inputs"), false)
            };
            let settings = &files(&o, "inputs")[0];
            let read: Settings = toml::from_str(&settings.text).unwrap();
            assert_eq!(read.language, lang);
            assert_eq!(read.run_languages(), o.languages);
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
        for blank in [false, true] {
            let plan = &files(&options(Path::new("inputs"), blank), "inputs")[1];
            let loaded = crate::plan::Plan::parse(&plan.text).unwrap();
            assert_eq!(loaded.activities.is_empty(), blank);
        }
        let blank =
            crate::plan::Plan::parse(&files(&options(Path::new("x"), true), "x")[1].text).unwrap();
        assert_eq!(blank.meta.start.to_string(), "2026-01");
        assert_eq!(blank.meta.end.to_string(), "2027-12");
    }
    use super::*;

    /// The blank plan with its model priority, activity, revision and change switched on.
    fn with_model(plan: &str) -> String {
        plan.lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with("[[")
                        || rest.split_once(" = ").is_some_and(|(k, _)| {
                            !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        }) =>
                {
                    rest
                }
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_folder_for_another_language_is_written_in_it_and_its_plan_loads() {
        for lang in Lang::ALL {
            let o = InitOptions {
                lang,
                languages: languages_for(lang),
                ..options(Path::new("x"), false)
            };
            assert!(o.languages.contains(&lang));
            let files = files(&o, "x");
            let settings: Settings = toml::from_str(&files[0].text).unwrap();
            assert_eq!(settings.run_languages(), o.languages);
            let plan = &files[1].text;
            let loaded = crate::plan::Plan::parse(plan).unwrap();
            loaded.require_languages(&o.languages).unwrap();
            // The blank plan's model, switched on, loads and has every text in the folder's
            // languages.
            let blank = InitOptions {
                blank: true,
                languages: o.languages.clone(),
                ..options(Path::new("x"), true)
            };
            let model = crate::plan::Plan::parse(&with_model(&super::files(&blank, "x")[1].text))
                .unwrap_or_else(|e| panic!("{lang}: {}", e.render(Lang::En)));
            assert_eq!(model.activities.len(), 1, "{lang}");
            model.require_languages(&o.languages).unwrap();
            // The shipped plan speaks every language: a folder in any gets it.
            assert!(!o.writes_blank(), "{lang}");
            if o.languages == [lang] {
                // A blank plan in that language alone: no text or note in another.
                let plan = &super::files(&blank, "x")[1].text;
                for other in Lang::ALL.into_iter().filter(|&l| l != lang) {
                    assert!(
                        !plan.contains(&format!("{} = \"", other.code())),
                        "{lang}: {plan}"
                    );
                    let heading = tr(other, "starter.plan.heading", &[]);
                    if heading != tr(lang, "starter.plan.heading", &[]) {
                        assert!(!plan.contains(&heading), "{lang}: {plan}");
                    }
                }
                assert!(plan.contains(&tr(lang, "starter.plan.about-groups", &[])[..20]));
            }
        }
    }

    fn options(dir: &Path, blank: bool) -> InitOptions<'_> {
        InitOptions {
            dir,
            blank,
            today: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            lang: Lang::Es,
            languages: Lang::RUN_DEFAULT.to_vec(),
        }
    }

    #[test]
    fn writes_a_new_folder_and_refuses_to_write_over_one() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("entradas");
        let o = options(&dir, true);
        let files = files(&o, "entradas");
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
        let files = files(&o, "x");
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
