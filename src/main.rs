//! The `seguimiento` command: parses arguments and hands over to the library.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use seguimiento::cmd;
use seguimiento::config::RunConfig;

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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match RunConfig::new(cli.inputs, cli.outputs, cli.as_of, cli.templates) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", e.render(seguimiento::i18n::Lang::Es));
            return ExitCode::from(2);
        }
    };
    let lang = config.lang();
    let result = match cli.command {
        Command::Plan { format } => cmd::plan::run(&config, matches!(format, Format::Json)),
        Command::Check { format } => cmd::check::run(&config, matches!(format, Format::Json)),
        Command::Run => cmd::run::run(&config),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{}", e.render(lang));
            ExitCode::from(2)
        }
    }
}
