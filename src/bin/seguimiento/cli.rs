//! The command tree (clap's derive), and what is settled before it is parsed: the language and
//! colour among the raw arguments, `help` as a flag, and the `SEGUIMIENTO_*` fallbacks of the
//! flags. This file and `main.rs` are the only places that read the environment.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{ArgAction, ColorChoice, Parser, Subcommand, ValueEnum};

use seguimiento::calendar::YearMonth;
use seguimiento::config::Settings;
use seguimiento::i18n::Lang;

/// Monthly follow-up of a network's work plan on migration, against the plan in inputs/plan/.
#[derive(Parser)]
#[command(
    name = "seguimiento",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    arg_required_else_help = true
)]
pub(crate) struct Cli {
    /// The inputs folder (else `SEGUIMIENTO_INPUTS`, else `inputs`).
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) inputs: Option<PathBuf>,
    /// Where outputs are written (else `SEGUIMIENTO_OUTPUTS`, else `outputs`).
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) outputs: Option<PathBuf>,
    /// The date the run reports on (else `SEGUIMIENTO_AS_OF`, else the settings, else today).
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub(crate) as_of: Option<NaiveDate>,
    /// The language of the terminal and of findings.json (else `SEGUIMIENTO_LANG`, else the
    /// settings, else Spanish).
    #[arg(long, global = true, value_name = "es|en|pt|fr", value_parser = parse_lang)]
    pub(crate) lang: Option<Lang>,
    /// A folder of templates that override the built-in ones file by file.
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) templates: Option<PathBuf>,
    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,
    /// Says nothing on stderr but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Also says timings and every file written.
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
    /// Prints the help.
    #[arg(short, long, global = true, action = ArgAction::Help)]
    pub(crate) help: Option<bool>,
    /// Prints the version.
    #[arg(short = 'V', long, action = ArgAction::Version)]
    pub(crate) version: Option<bool>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Loads and checks the work plan, and prints it.
    Plan {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
        format: Format,
        /// Writes the plan to FILE.xlsx or FILE.toml instead of printing it (the file's
        /// extension chooses its format, so `--format` is refused beside it).
        #[arg(long, value_name = "FILE", conflicts_with = "format")]
        export: Option<PathBuf>,
        /// Proposes a plan file from the plan's document (.docx or .odt, or one table of activities
        /// in .xlsx, .ods or .csv) and writes it to plan/plan.toml under the inputs folder,
        /// or to `--out`; prints what to check.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["format", "export"])]
        import: Option<PathBuf>,
        /// Where `--import` writes the plan file (required when the inputs folder has a plan).
        #[arg(long, value_name = "FILE", requires = "import")]
        out: Option<PathBuf>,
        /// The period of the imported plan (else proposed from its title and calendars).
        #[arg(long, value_name = "YYYY-MM..YYYY-MM", requires = "import", value_parser = parse_period)]
        period: Option<(YearMonth, YearMonth)>,
    },
    /// Reads every form, reconciles it against the plan, and prints the findings.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
        format: Format,
    },
    /// Checks, then writes every output for the quarter of the as-of date.
    Run {
        /// What to print on stdout.
        #[arg(long, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
        format: Format,
        /// Replaces the outputs of a published quarter, for this reason.
        #[arg(long, value_name = "REASON")]
        reopen: Option<String>,
    },
    /// Records the quarter of the as-of date as published.
    Publish,
    /// Says what changed between two runs (two manifest.json, or two outputs folders).
    Diff {
        /// The earlier run.
        #[arg(value_name = "A")]
        a: PathBuf,
        /// The later run.
        #[arg(value_name = "B")]
        b: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
        format: Format,
    },
    /// Writes pre-filled collection workbooks: one status form per lead agency, one pledge form.
    Forms {
        /// The month the forms collect.
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<seguimiento::calendar::YearMonth>,
    },
    /// Writes reminders for the month before the as-of month: a draft to each agency whose
    /// status form has not arrived, with its form attached; escalated after months missed.
    Remind,
    /// Writes the quarter's narrative drafts into inputs/narrative/<period>/, one per document
    /// and language, never over a file already there.
    Narrative {
        /// The drafts' format.
        #[arg(long, value_enum, default_value_t = DraftFormat::Docx, value_name = "FORMAT")]
        format: DraftFormat,
    },
    /// Writes or updates the follow-up register, inputs/follow-up.xlsx: the open findings,
    /// with a decision and a note for each.
    #[command(name = "follow-up")]
    FollowUp,
    /// Writes a starter inputs folder: the settings explained, the plan, the form folders.
    Init {
        /// The folder to write (else the inputs folder).
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Writes a blank plan instead of the shipped one.
        #[arg(long)]
        blank: bool,
    },
    /// Prints a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Prints the manual page (roff).
    Man {
        /// The command whose page to print; none for the main page.
        #[arg(value_name = "COMMAND")]
        page: Option<String>,
    },
}

/// The format of the narrative drafts.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DraftFormat {
    Docx,
    Md,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

/// The values a flag gives, else its environment variable (set and not empty).
pub(crate) struct Fallbacks {
    pub(crate) inputs: PathBuf,
    pub(crate) outputs: PathBuf,
    pub(crate) as_of: Option<NaiveDate>,
    pub(crate) lang: Option<Lang>,
}

impl Fallbacks {
    /// Reads the `SEGUIMIENTO_*` variables for the flags not given; a variable that cannot be
    /// read is an error naming it, rather than being passed over.
    pub(crate) fn read(cli: &Cli) -> seguimiento::Result<Fallbacks> {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let bad = |name: &str, value: &str, key: &str| {
            seguimiento::Error::new(key, &[("name", &name), ("value", &value)])
                .hint("cli.env.hint", &[("name", &name)])
        };
        let as_of = match (cli.as_of, var("SEGUIMIENTO_AS_OF")) {
            (Some(d), _) => Some(d),
            (None, Some(v)) => Some(
                NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                    .map_err(|_| bad("SEGUIMIENTO_AS_OF", &v, "cli.env.bad-date"))?,
            ),
            (None, None) => None,
        };
        let lang = match (cli.lang, var("SEGUIMIENTO_LANG")) {
            (Some(l), _) => Some(l),
            (None, Some(v)) => Some(
                Lang::parse(&v).ok_or_else(|| bad("SEGUIMIENTO_LANG", &v, "cli.env.bad-lang"))?,
            ),
            (None, None) => None,
        };
        Ok(Fallbacks {
            inputs: cli
                .inputs
                .clone()
                .or_else(|| var("SEGUIMIENTO_INPUTS").map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from("inputs")),
            outputs: cli
                .outputs
                .clone()
                .or_else(|| var("SEGUIMIENTO_OUTPUTS").map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from("outputs")),
            as_of,
            lang,
        })
    }
}

/// Reads `seguimiento help [COMMAND]` (or `ayuda`) as `seguimiento [COMMAND] --help`, as cargo
/// and git take it, wherever the global options stand.
pub(crate) fn help_as_flag(mut args: Vec<OsString>) -> Vec<OsString> {
    const TAKE_VALUES: [&str; 6] = [
        "--inputs",
        "--outputs",
        "--as-of",
        "--lang",
        "--templates",
        "--color",
    ];
    let mut i = 1;
    while i < args.len() {
        let arg = args[i].to_string_lossy();
        if TAKE_VALUES.contains(&arg.as_ref()) {
            i += 2;
        } else if arg.starts_with('-') {
            i += 1;
        } else {
            if arg == "help" || arg == "ayuda" {
                args.remove(i);
                args.push(OsString::from("--help"));
            }
            break;
        }
    }
    args
}

/// Returns the value of `--name VALUE` or `--name=VALUE` among the raw arguments.
pub(crate) fn early_flag(args: &[OsString], name: &str) -> Option<String> {
    let long = format!("--{name}");
    let with_value = format!("--{name}=");
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == long {
            return args.next().map(|v| v.into_owned());
        }
        if let Some(value) = arg.strip_prefix(&with_value) {
            return Some(value.to_string());
        }
    }
    None
}

/// Settles the language of the help and of clap's messages (see the module documentation).
pub(crate) fn early_lang(args: &[OsString]) -> Lang {
    if let Some(lang) = early_flag(args, "lang").and_then(|l| Lang::parse(&l)) {
        return lang;
    }
    if let Some(lang) = std::env::var("SEGUIMIENTO_LANG")
        .ok()
        .and_then(|l| Lang::parse(&l))
    {
        return lang;
    }
    let inputs = early_flag(args, "inputs")
        .or_else(|| std::env::var("SEGUIMIENTO_INPUTS").ok())
        .filter(|i| !i.trim().is_empty())
        .unwrap_or_else(|| "inputs".to_string());
    // A missing or broken settings file is reported once the arguments are parsed.
    Settings::load(Path::new(&inputs))
        .map(|s| s.language)
        .unwrap_or(Lang::Es)
}

/// Reads a period, `2027-01..2028-12`: two months, the first not after the second.
pub(crate) fn parse_period(s: &str) -> Result<(YearMonth, YearMonth), String> {
    let refused = || format!("“{s}” is not a period: write it as 2027-01..2028-12");
    let (a, b) = s.split_once("..").ok_or_else(refused)?;
    let a = YearMonth::parse_iso(a.trim()).ok_or_else(refused)?;
    let b = YearMonth::parse_iso(b.trim()).ok_or_else(refused)?;
    if b < a {
        return Err(refused());
    }
    Ok((a, b))
}

pub(crate) fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| {
        let codes: Vec<&str> = seguimiento::i18n::LANGUAGES
            .iter()
            .map(|l| l.code)
            .collect();
        format!("“{s}” is not a language: use {}", codes.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flags_before_parsing() {
        let args: Vec<OsString> = ["seguimiento", "--lang", "en", "check", "--color=never"]
            .iter()
            .map(OsString::from)
            .collect();
        assert_eq!(early_flag(&args, "lang").as_deref(), Some("en"));
        assert_eq!(early_flag(&args, "color").as_deref(), Some("never"));
        assert_eq!(early_flag(&args, "inputs"), None);
        assert_eq!(early_lang(&args), Lang::En);
        let args = help_as_flag(["seguimiento", "ayuda", "run"].map(OsString::from).to_vec());
        assert_eq!(args, ["seguimiento", "run", "--help"].map(OsString::from));
        let args = help_as_flag(
            ["seguimiento", "--lang", "en", "help"]
                .map(OsString::from)
                .to_vec(),
        );
        assert_eq!(
            args,
            ["seguimiento", "--lang", "en", "--help"].map(OsString::from)
        );
        let args = ["seguimiento", "check", "help"]
            .map(OsString::from)
            .to_vec();
        assert_eq!(help_as_flag(args.clone()), args);
    }
}
