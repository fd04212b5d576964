//! The `seguimiento` command: parses arguments and hands over to the library.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use seguimiento::cmd;
use seguimiento::config::RunConfig;
use seguimiento::i18n::Lang;

/// Monthly follow-up of the Regional UN Network on Migration's 2023-2024 work plan.
#[derive(Parser)]
#[command(name = "seguimiento", version, about, long_about = None)]
struct Cli {
    /// The inputs folder.
    #[arg(long, global = true, default_value = "inputs", value_name = "DIR")]
    inputs: PathBuf,
    /// Where outputs are written.
    #[arg(long, global = true, default_value = "outputs", value_name = "DIR")]
    outputs: PathBuf,
    /// The date the run reports on (YYYY-MM-DD); default: `as_of` in seguimiento.toml, else today.
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
    /// The language of messages on the terminal and in findings.json (`es` or `en`);
    /// default: `language` in seguimiento.toml, else Spanish.
    #[arg(long, global = true, value_name = "es|en", value_parser = parse_lang)]
    lang: Option<Lang>,
    /// A folder of templates that override the built-in ones file by file.
    #[arg(long, global = true, value_name = "DIR")]
    templates: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Loads and checks the work plan, and prints it.
    Plan {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Reads every form, reconciles it against the plan, and prints the findings.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Checks, then writes every output for the quarter of the as-of date.
    Run,
    /// Writes pre-filled collection workbooks: one status form per lead agency, one pledge form.
    Forms {
        /// The month the forms collect (YYYY-MM); default: the month after the as-of month.
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<seguimiento::calendar::YearMonth>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Lets a reading worker that runs out of memory end with a status its parent recognises.
#[global_allocator]
static ALLOCATOR: seguimiento::ingest::worker::Allocator = seguimiento::ingest::worker::Allocator;

fn main() -> ExitCode {
    quiet_reader_panics();
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(seguimiento::ingest::worker::SUBCOMMAND) {
        // A reading worker: bytes in, grids out, nothing else (see ingest::worker).
        let code = seguimiento::ingest::worker::serve(&args[2..]);
        return ExitCode::from(code as u8);
    }
    // Untrusted files are read in workers of this same program.
    if let Ok(program) = std::env::current_exe() {
        seguimiento::ingest::worker::use_program(Some(program));
    }
    let cli = Cli::parse();
    let mut config = match RunConfig::new(cli.inputs, cli.outputs, cli.as_of, cli.templates) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", e.render(cli.lang.unwrap_or(Lang::Es)));
            return ExitCode::from(2);
        }
    };
    if let Some(lang) = cli.lang {
        config.settings.language = lang;
    }
    let lang = config.lang();
    let result = match cli.command {
        Command::Plan { format } => cmd::plan::run(&config, matches!(format, Format::Json)),
        Command::Check { format } => cmd::check::run(&config, matches!(format, Format::Json)),
        Command::Run => cmd::run::run(&config),
        Command::Forms { month } => cmd::forms::run(&config, month),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{}", e.render(lang));
            ExitCode::from(2)
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
