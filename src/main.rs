//! The `seguimiento` command: parses arguments and hands over to the library.
//!
//! The help speaks the user's language, so the language is settled before the arguments are
//! parsed: `--lang` among the raw arguments, else `SEGUIMIENTO_LANG`, else `language` in the
//! settings file of the inputs folder (`--inputs`, else `SEGUIMIENTO_INPUTS`, else `inputs`),
//! else Spanish. `--color` is looked up the same way, so that the help obeys it too. Every
//! help line comes from the string tables ([`HELP`]), defaults and environment variables
//! written into it; clap's own words ("Usage", "Options", "[default: …]") are replaced or
//! hidden, and clap's usage errors are retold in Spanish.
//!
//! This file is the only place that reads the environment (`SEGUIMIENTO_*`; `NO_COLOR` and
//! `CLICOLOR_FORCE` through anstream), as `config` is the only one that reads the clock; the
//! trackers' temporary files follow `TMPDIR` through the standard library.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use anstyle::Style;
use chrono::NaiveDate;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, ColorChoice, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use seguimiento::cmd::{self, Terminal, Verbosity};
use seguimiento::config::{RunConfig, Settings};
use seguimiento::i18n::{tr, Lang};
use seguimiento::progress::{Progress, Stage};

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
struct Cli {
    /// The inputs folder (else `SEGUIMIENTO_INPUTS`, else `inputs`).
    #[arg(long, global = true, value_name = "DIR")]
    inputs: Option<PathBuf>,
    /// Where outputs are written (else `SEGUIMIENTO_OUTPUTS`, else `outputs`).
    #[arg(long, global = true, value_name = "DIR")]
    outputs: Option<PathBuf>,
    /// The date the run reports on (else `SEGUIMIENTO_AS_OF`, else the settings, else today).
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
    /// The language of the terminal and of findings.json (else `SEGUIMIENTO_LANG`, else the
    /// settings, else Spanish).
    #[arg(long, global = true, value_name = "es|en", value_parser = parse_lang)]
    lang: Option<Lang>,
    /// A folder of templates that override the built-in ones file by file.
    #[arg(long, global = true, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    /// Says nothing on stderr but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also says timings and every file written.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Prints the help.
    #[arg(short, long, global = true, action = ArgAction::Help)]
    help: Option<bool>,
    /// Prints the version.
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Loads and checks the work plan, and prints it.
    Plan {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
        format: Format,
        /// Writes the plan to FILE.xlsx or FILE.toml instead of printing it.
        #[arg(long, value_name = "FILE")]
        export: Option<PathBuf>,
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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The help of every argument and command: (command, argument id or "" for the command
/// itself, string-table key). A test checks that every argument is here.
const HELP: &[(&str, &str, &str)] = &[
    ("seguimiento", "", "cli.about"),
    ("seguimiento", "inputs", "cli.arg.inputs"),
    ("seguimiento", "outputs", "cli.arg.outputs"),
    ("seguimiento", "as_of", "cli.arg.as-of"),
    ("seguimiento", "lang", "cli.arg.lang"),
    ("seguimiento", "templates", "cli.arg.templates"),
    ("seguimiento", "color", "cli.arg.color"),
    ("seguimiento", "quiet", "cli.arg.quiet"),
    ("seguimiento", "verbose", "cli.arg.verbose"),
    ("seguimiento", "help", "cli.arg.help"),
    ("seguimiento", "version", "cli.arg.version"),
    ("plan", "", "cli.cmd.plan"),
    ("plan", "format", "cli.arg.format"),
    ("plan", "export", "cli.arg.export"),
    ("check", "", "cli.cmd.check"),
    ("check", "format", "cli.arg.format"),
    ("run", "", "cli.cmd.run"),
    ("run", "format", "cli.arg.run-format"),
    ("run", "reopen", "cli.arg.reopen"),
    ("publish", "", "cli.cmd.publish"),
    ("diff", "", "cli.cmd.diff"),
    ("diff", "a", "cli.arg.diff-a"),
    ("diff", "b", "cli.arg.diff-b"),
    ("diff", "format", "cli.arg.format"),
    ("forms", "", "cli.cmd.forms"),
    ("forms", "month", "cli.arg.month"),
    ("init", "", "cli.cmd.init"),
    ("init", "dir", "cli.arg.init-dir"),
    ("init", "blank", "cli.arg.blank"),
    ("completions", "", "cli.cmd.completions"),
    ("completions", "shell", "cli.arg.shell"),
    ("man", "", "cli.cmd.man"),
    ("man", "page", "cli.arg.man-page"),
];

/// Value names as the help shows them, per language: (English, string-table key).
const VALUE_NAMES: &[(&str, &str)] = &[
    ("DIR", "cli.value.dir"),
    ("FILE", "cli.value.file"),
    ("YYYY-MM-DD", "cli.value.date"),
    ("YYYY-MM", "cli.value.month"),
    ("WHEN", "cli.value.when"),
    ("FORMAT", "cli.value.format"),
    ("SHELL", "cli.value.shell"),
    ("COMMAND", "cli.value.command"),
    ("REASON", "cli.value.reason"),
];

/// Lets a reading worker that runs out of memory end with a status its parent recognises.
#[global_allocator]
static ALLOCATOR: seguimiento::sheets::worker::Allocator = seguimiento::sheets::worker::Allocator;

fn main() -> ExitCode {
    quiet_reader_panics();
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if raw.get(1).and_then(|a| a.to_str()) == Some(seguimiento::sheets::worker::SUBCOMMAND) {
        // A reading worker: bytes in, grids out, nothing else (see sheets::worker).
        let rest: Vec<String> = raw[2..]
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let code = seguimiento::sheets::worker::serve(&rest, seguimiento::ingest::forms::is_header);
        return ExitCode::from(code as u8);
    }
    // Untrusted files are read in workers of this same program.
    if let Ok(program) = std::env::current_exe() {
        seguimiento::sheets::worker::use_program(Some(program));
    }
    let args = help_as_flag(raw);
    let lang = early_lang(&args);
    let color = early_flag(&args, "color")
        .and_then(|c| ColorChoice::from_str(&c, true).ok())
        .unwrap_or(ColorChoice::Auto);
    anstream::ColorChoice::write_global(match color {
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
        ColorChoice::Auto => anstream::ColorChoice::Auto,
    });

    let command = localized(Cli::command(), lang).color(color);
    let cli = match command
        .clone()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return usage_error(e, &command, lang),
    };

    match cli.command {
        Command::Completions { shell } => {
            let mut command = command;
            clap_complete::generate(shell, &mut command, "seguimiento", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
        Command::Man { page } => return man_page(command, page.as_deref(), lang),
        _ => {}
    }

    let fallbacks = match Fallbacks::read(&cli) {
        Ok(f) => f,
        Err(e) => {
            anstream::eprintln!("{}", e.render_styled(lang));
            return ExitCode::from(2);
        }
    };
    let lang = fallbacks.lang.unwrap_or(lang);
    // Comparing two runs needs no inputs folder.
    if let Command::Diff { a, b, format } = &cli.command {
        return match cmd::diff::run(a, b, *format == Format::Json, lang) {
            Ok(code) => ExitCode::from(code),
            Err(e) => {
                anstream::eprintln!("{}", e.render_styled(lang));
                ExitCode::from(2)
            }
        };
    }
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    if let Command::Init { dir, blank } = &cli.command {
        // Before any settings are read: the folder is not there yet.
        let dir = dir.clone().unwrap_or_else(|| fallbacks.inputs.clone());
        let options = cmd::init::InitOptions {
            dir: &dir,
            blank: *blank,
            today: seguimiento::config::as_of_or_today(fallbacks.as_of),
            lang,
        };
        let terminal = Terminal {
            verbosity,
            progress: &seguimiento::progress::Silent,
        };
        return match cmd::init::run(&options, &terminal) {
            Ok(code) => ExitCode::from(code),
            Err(e) => {
                anstream::eprintln!("{}", e.render_styled(lang));
                ExitCode::from(2)
            }
        };
    }
    let mut config = match RunConfig::new(
        fallbacks.inputs,
        fallbacks.outputs,
        fallbacks.as_of,
        cli.templates,
    ) {
        Ok(c) => c,
        Err(e) => {
            anstream::eprintln!("{}", e.render_styled(lang));
            return ExitCode::from(2);
        }
    };
    if let Some(lang) = fallbacks.lang {
        config.settings.language = lang;
    }
    let lang = config.lang();
    let bar = Bar::new(
        lang,
        verbosity > Verbosity::Quiet && std::io::stderr().is_terminal(),
    );
    let terminal = Terminal {
        verbosity,
        progress: &bar,
    };
    let result = match cli.command {
        Command::Plan {
            export: Some(target),
            ..
        } => cmd::plan::export(&config, &target, &terminal),
        Command::Plan { format, .. } => cmd::plan::run(&config, format == Format::Json, &terminal),
        Command::Check { format } => cmd::check::run(&config, format == Format::Json, &terminal),
        Command::Run { format, reopen } => cmd::run::run_reopening(
            &config,
            format == Format::Json,
            &terminal,
            reopen.as_deref(),
        ),
        Command::Publish => cmd::publish::run(&config, &terminal),
        Command::Forms { month } => cmd::forms::run_with(&config, month, &terminal),
        // Done above, before any input is read.
        Command::Init { .. }
        | Command::Completions { .. }
        | Command::Man { .. }
        | Command::Diff { .. } => Ok(0),
    };
    bar.end();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            anstream::eprintln!("{}", e.render_styled(lang));
            ExitCode::from(2)
        }
    }
}

/// The values a flag gives, else its environment variable (set and not empty).
struct Fallbacks {
    inputs: PathBuf,
    outputs: PathBuf,
    as_of: Option<NaiveDate>,
    lang: Option<Lang>,
}

impl Fallbacks {
    /// Reads the `SEGUIMIENTO_*` variables for the flags not given; a variable that cannot be
    /// read is an error naming it, rather than being passed over.
    fn read(cli: &Cli) -> seguimiento::Result<Fallbacks> {
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
fn help_as_flag(mut args: Vec<OsString>) -> Vec<OsString> {
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
fn early_flag(args: &[OsString], name: &str) -> Option<String> {
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
fn early_lang(args: &[OsString]) -> Lang {
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

/// Gives the command tree its help in `lang`, from [`HELP`] and [`VALUE_NAMES`].
fn localized(command: clap::Command, lang: Lang) -> clap::Command {
    let template = {
        let header = Style::new().bold().underline();
        let usage = tr(lang, "cli.usage-heading", &[]);
        format!("{{about-with-newline}}\n{header}{usage}:{header:#} {{usage}}\n\n{{all-args}}{{after-help}}")
    };
    let options = tr(lang, "cli.options-heading", &[]);
    let arguments = tr(lang, "cli.arguments-heading", &[]);
    let localize_args = |mut c: clap::Command, name: &str| {
        let ids: Vec<String> = c.get_arguments().map(|a| a.get_id().to_string()).collect();
        for id in ids {
            let key = HELP
                .iter()
                .find(|(cmd, arg, _)| *cmd == name && *arg == id)
                .map(|(_, _, key)| *key);
            let options = options.clone();
            let arguments = arguments.clone();
            c = c.mut_arg(id, |a| {
                let heading = if a.is_positional() {
                    arguments
                } else {
                    options
                };
                let value_names: Vec<String> = a
                    .get_value_names()
                    .unwrap_or_default()
                    .iter()
                    .map(|v| {
                        VALUE_NAMES
                            .iter()
                            .find(|(en, _)| *en == v.as_str())
                            .map_or_else(|| v.to_string(), |(_, key)| tr(lang, key, &[]))
                    })
                    .collect();
                let a = a
                    .help_heading(heading)
                    .hide_default_value(true)
                    .hide_possible_values(true);
                let a = match key {
                    Some(key) => a.help(tr(lang, key, &[])),
                    None => a,
                };
                if value_names.is_empty() {
                    a
                } else {
                    a.value_names(value_names)
                }
            });
        }
        c
    };
    let mut command = localize_args(command, "seguimiento")
        .about(tr(lang, "cli.about", &[]))
        .long_about(tr(lang, "cli.long-about", &[]))
        .after_help(tr(lang, "cli.after-help", &[]))
        .help_template(template.clone())
        .max_term_width(100)
        .subcommand_help_heading(tr(lang, "cli.commands-heading", &[]))
        .subcommand_value_name(tr(lang, "cli.value.command", &[]));
    if lang == Lang::Es {
        command = command.override_usage("seguimiento [OPCIONES] <ORDEN>");
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let about = HELP
            .iter()
            .find(|(cmd, arg, _)| *cmd == name && arg.is_empty())
            .map(|(_, _, key)| tr(lang, key, &[]));
        let template = template.clone();
        let localize_args = &localize_args;
        command = command.mut_subcommand(&name, |s| {
            let positionals: Vec<String> = s
                .get_positionals()
                .map(|p| {
                    let names: Vec<String> = p
                        .get_value_names()
                        .unwrap_or_default()
                        .iter()
                        .map(ToString::to_string)
                        .collect();
                    format!(" <{}>", names.join(" "))
                })
                .collect();
            let mut s = localize_args(s, &name).help_template(template);
            if let Some(about) = about {
                s = s.about(about);
            }
            if lang == Lang::Es {
                let positionals: String = positionals
                    .iter()
                    .map(|p| {
                        VALUE_NAMES.iter().fold(p.clone(), |p, (en, key)| {
                            p.replace(&format!("<{en}>"), &format!("<{}>", tr(lang, key, &[])))
                        })
                    })
                    .collect();
                s = s.override_usage(format!("seguimiento {name} [OPCIONES]{positionals}"));
            }
            s
        });
    }
    command
}

/// Prints a usage error (exit 2) or the help or version (exit 0). clap's own text is English;
/// in Spanish the common errors are retold, each with a hint.
fn usage_error(e: clap::Error, command: &clap::Command, lang: Lang) -> ExitCode {
    let code = if e.use_stderr() { 2 } else { 0 };
    let shown = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::En || shown {
        let _ = e.print();
        return ExitCode::from(code);
    }
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let (message, hint) = match e.kind() {
        ErrorKind::UnknownArgument => (
            tr(lang, "cli.usage.unknown-argument", &[("arg", &arg)]),
            context(ContextKind::SuggestedArg)
                .map(|s| tr(lang, "cli.usage.did-you-mean", &[("suggestion", &s)])),
        ),
        ErrorKind::InvalidSubcommand => {
            let sub = context(ContextKind::InvalidSubcommand).unwrap_or_default();
            let commands: Vec<&str> = command.get_subcommands().map(|s| s.get_name()).collect();
            let hint = match context(ContextKind::SuggestedSubcommand) {
                Some(s) => tr(lang, "cli.usage.did-you-mean", &[("suggestion", &s)]),
                None => tr(
                    lang,
                    "cli.usage.commands",
                    &[("commands", &commands.join(", "))],
                ),
            };
            (
                tr(lang, "cli.usage.unknown-command", &[("command", &sub)]),
                Some(hint),
            )
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => (
            tr(
                lang,
                "cli.usage.invalid-value",
                &[("value", &value), ("arg", &arg)],
            ),
            context(ContextKind::ValidValue)
                .map(|v| tr(lang, "cli.usage.accepted", &[("values", &v)]))
                .or_else(|| argument_help(command, &arg, lang)),
        ),
        ErrorKind::MissingRequiredArgument => (
            tr(lang, "cli.usage.missing-argument", &[("arg", &arg)]),
            None,
        ),
        ErrorKind::ArgumentConflict => {
            let other = context(ContextKind::PriorArg).unwrap_or_default();
            (
                tr(
                    lang,
                    "cli.usage.conflict",
                    &[("arg", &arg), ("other", &other)],
                ),
                None,
            )
        }
        _ if arg.is_empty() => (tr(lang, "cli.usage.unreadable", &[]), None),
        _ => (tr(lang, "cli.usage.other", &[("arg", &arg)]), None),
    };
    let mut error = seguimiento::Error {
        message: seguimiento::i18n::Text::same(message),
        details: Vec::new(),
        causes: Vec::new(),
        hints: hint
            .into_iter()
            .map(seguimiento::i18n::Text::same)
            .collect(),
    };
    error.hints.push(seguimiento::i18n::Text::same(tr(
        lang,
        "cli.usage.help",
        &[],
    )));
    anstream::eprintln!("{}", error.render_styled(lang));
    ExitCode::from(code)
}

/// Returns "`--as-of`: its help" for the argument shown as `arg` (`--as-of <AAAA-MM-DD>`).
fn argument_help(command: &clap::Command, arg: &str, lang: Lang) -> Option<String> {
    let long = arg
        .trim_start_matches('-')
        .split([' ', '='])
        .next()
        .unwrap_or_default();
    let mut all = command
        .get_arguments()
        .chain(command.get_subcommands().flat_map(|s| s.get_arguments()));
    let found = all.find(|a| a.get_long() == Some(long))?;
    let help = found.get_help()?.to_string();
    Some(tr(
        lang,
        "cli.usage.about-argument",
        &[("arg", &format!("--{long}")), ("help", &help)],
    ))
}

/// Prints the manual page of the program, or of one of its commands (`seguimiento-check`),
/// with its section names in `lang`.
fn man_page(mut command: clap::Command, page: Option<&str>, lang: Lang) -> ExitCode {
    command.build();
    let command = match page {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = command.get_subcommands().map(|s| s.get_name()).collect();
                let error =
                    seguimiento::Error::new("cli.usage.unknown-command", &[("command", &name)])
                        .hint("cli.usage.commands", &[("commands", &names.join(", "))]);
                anstream::eprintln!("{}", error.render_styled(lang));
                return ExitCode::from(2);
            }
        },
    };
    let mut roff = Vec::new();
    let man = clap_mangen::Man::new(command)
        .source(format!("seguimiento {}", env!("CARGO_PKG_VERSION")))
        .manual(tr(lang, "cli.man.manual", &[]));
    if man.render(&mut roff).is_err() {
        return ExitCode::from(2);
    }
    let sections = [
        ("NAME", "cli.man.name"),
        ("SYNOPSIS", "cli.man.synopsis"),
        ("DESCRIPTION", "cli.man.description"),
        ("OPTIONS", "cli.man.options"),
        ("SUBCOMMANDS", "cli.man.commands"),
        ("EXTRA", "cli.man.extra"),
        ("VERSION", "cli.man.version"),
    ];
    let page: String = String::from_utf8_lossy(&roff)
        .lines()
        .map(|line| match line.strip_prefix(".SH ") {
            // Section names as man pages write them: upper case, in the page's language.
            Some(name) => {
                let name = sections
                    .iter()
                    .find(|(english, _)| *english == name)
                    .map_or_else(|| name.to_string(), |(_, key)| tr(lang, key, &[]));
                format!(".SH {}\n", name.to_uppercase())
            }
            None => format!("{line}\n"),
        })
        .collect();
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(page.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

/// A progress bar on stderr, shown only on a terminal and only for a stage that has lasted a
/// second.
struct Bar {
    lang: Lang,
    enabled: bool,
    current: Mutex<Option<indicatif::ProgressBar>>,
}

impl Bar {
    fn new(lang: Lang, enabled: bool) -> Bar {
        Bar {
            lang,
            enabled,
            current: Mutex::new(None),
        }
    }
}

impl Progress for Bar {
    fn begin(&self, stage: Stage, steps: u64) {
        if !self.enabled {
            return;
        }
        self.end();
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(steps),
            indicatif::ProgressDrawTarget::hidden(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg:.bold} [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(tr(
            self.lang,
            match stage {
                Stage::Reading => "progress.reading",
                Stage::Writing => "progress.writing",
            },
            &[],
        ));
        let later = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !later.is_finished() {
                later.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                later.enable_steady_tick(Duration::from_millis(150));
            }
        });
        if let Ok(mut current) = self.current.lock() {
            *current = Some(bar);
        }
    }

    fn step(&self) {
        if let Ok(current) = self.current.lock() {
            if let Some(bar) = current.as_ref() {
                bar.inc(1);
            }
        }
    }

    fn end(&self) {
        if let Ok(mut current) = self.current.lock() {
            if let Some(bar) = current.take() {
                bar.finish_and_clear();
            }
        }
    }
}

/// Keeps a panic inside a spreadsheet-reading dependency from printing a backtrace at the
/// user: ingest catches it and reports the file as unreadable. Panics in our own code still
/// print as usual.
fn quiet_reader_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_dependency = info
            .location()
            .is_some_and(|l| l.file().contains(".cargo/registry") || l.file().contains("/rustc/"));
        if !in_dependency {
            default(info);
        }
    }));
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("“{s}” is not a language: use es or en"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_argument_and_command_has_its_help_in_both_languages() {
        let mut command = Cli::command();
        command.build();
        let mut missing = Vec::new();
        let mut check =
            |cmd: &str, arg: &str| match HELP.iter().find(|(c, a, _)| *c == cmd && *a == arg) {
                Some((_, _, key)) => {
                    for lang in Lang::ALL {
                        if tr(lang, key, &[]) == *key {
                            missing.push(format!("{key} ({lang})"));
                        }
                    }
                }
                None => missing.push(format!("{cmd} {arg}")),
            };
        check("seguimiento", "");
        for a in command.get_arguments() {
            check("seguimiento", a.get_id().as_str());
        }
        for s in command.get_subcommands() {
            check(s.get_name(), "");
            for a in s.get_arguments().filter(|a| !a.is_global_set()) {
                check(s.get_name(), a.get_id().as_str());
            }
        }
        assert!(missing.is_empty(), "no help for: {missing:?}");
    }

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
