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

mod bar;
mod cli;
mod help;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{ColorChoice, CommandFactory, FromArgMatches, ValueEnum};

use bar::Bar;
use cli::{early_flag, early_lang, help_as_flag, Cli, Command, DraftFormat, Fallbacks, Format};
use help::{localized, man_page, usage_error};
use seguimiento::cmd::{self, Terminal, Verbosity};
use seguimiento::config::RunConfig;
use seguimiento::i18n::Lang;
use seguimiento::progress::Progress;

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

    let mut lang = lang;
    match dispatch(cli, command, &mut lang) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            anstream::eprintln!("{}", e.render_styled(lang));
            ExitCode::from(2)
        }
    }
}

/// Runs the command the arguments name. `lang` starts as the language settled before parsing
/// and follows the settings once they are read, so the one error `main` prints is in the
/// language of the run.
fn dispatch(cli: Cli, command: clap::Command, lang: &mut Lang) -> seguimiento::Result<u8> {
    match cli.command {
        Command::Completions { shell } => {
            let mut command = command;
            clap_complete::generate(shell, &mut command, "seguimiento", &mut std::io::stdout());
            return Ok(0);
        }
        Command::Man { page } => return man_page(command, page.as_deref(), *lang),
        _ => {}
    }
    let fallbacks = Fallbacks::read(&cli)?;
    *lang = fallbacks.lang.unwrap_or(*lang);
    // Comparing two runs needs no inputs folder.
    if let Command::Diff { a, b, format } = &cli.command {
        return cmd::diff::run(a, b, *format == Format::Json, *lang);
    }
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    if let Command::Plan {
        import: Some(source),
        out,
        period,
        ..
    } = &cli.command
    {
        // Before any settings are read: the plan is what a new inputs folder starts from.
        let terminal = Terminal {
            verbosity,
            progress: &seguimiento::progress::Silent,
        };
        let options = cmd::plan::ImportOptions {
            source,
            inputs: &fallbacks.inputs,
            out: out.as_deref(),
            period: *period,
            lang: *lang,
        };
        return cmd::plan::import(&options, &terminal);
    }
    if let Command::Init { dir, blank } = &cli.command {
        // Before any settings are read: the folder is not there yet.
        let dir = dir.clone().unwrap_or_else(|| fallbacks.inputs.clone());
        let options = cmd::init::InitOptions {
            dir: &dir,
            blank: *blank,
            today: seguimiento::config::as_of_or_today(fallbacks.as_of),
            lang: *lang,
            languages: seguimiento::starter::languages_for(*lang),
        };
        let terminal = Terminal {
            verbosity,
            progress: &seguimiento::progress::Silent,
        };
        return cmd::init::run(&options, &terminal);
    }
    let mut config = RunConfig::new(
        fallbacks.inputs,
        fallbacks.outputs,
        fallbacks.as_of,
        cli.templates,
    )?;
    if let Some(lang) = fallbacks.lang {
        config.settings.language = lang;
    }
    *lang = config.lang();
    let bar = Bar::new(
        *lang,
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
        Command::FollowUp => cmd::follow_up::run(&config, &terminal),
        Command::Remind => cmd::remind::run_with(&config, &terminal),
        Command::Narrative { format } => {
            let format = match format {
                DraftFormat::Docx => seguimiento::outputs::narrative::write::Format::Docx,
                DraftFormat::Md => seguimiento::outputs::narrative::write::Format::Markdown,
            };
            cmd::narrative::run(&config, format, &terminal)
        }
        // Done above, before any input is read.
        Command::Init { .. }
        | Command::Completions { .. }
        | Command::Man { .. }
        | Command::Diff { .. } => Ok(0),
    };
    bar.end();
    result
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
