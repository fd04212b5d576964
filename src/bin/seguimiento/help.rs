//! The help in the user's language: every help line from the string tables ([`HELP`]), with
//! defaults and environment variables written into it; clap's own words replaced or hidden,
//! its usage errors retold in the user's language, and the manual page.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use anstyle::Style;
use seguimiento::i18n::{tr, Lang};

/// The help of every argument and command: (command, argument id or "" for the command
/// itself, string-table key). A test checks that every argument is here.
pub(crate) const HELP: &[(&str, &str, &str)] = &[
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
    ("plan", "import", "cli.arg.import"),
    ("plan", "out", "cli.arg.import-out"),
    ("plan", "period", "cli.arg.import-period"),
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
    ("remind", "", "cli.cmd.remind"),
    ("narrative", "", "cli.cmd.narrative"),
    ("narrative", "format", "cli.arg.narrative-format"),
    ("follow-up", "", "cli.cmd.follow-up"),
    ("init", "", "cli.cmd.init"),
    ("init", "dir", "cli.arg.init-dir"),
    ("init", "blank", "cli.arg.blank"),
    ("completions", "", "cli.cmd.completions"),
    ("completions", "shell", "cli.arg.shell"),
    ("man", "", "cli.cmd.man"),
    ("man", "page", "cli.arg.man-page"),
];

/// Value names as the help shows them, per language: (English, string-table key).
pub(crate) const VALUE_NAMES: &[(&str, &str)] = &[
    ("DIR", "cli.value.dir"),
    ("FILE", "cli.value.file"),
    ("YYYY-MM-DD", "cli.value.date"),
    ("YYYY-MM", "cli.value.month"),
    ("YYYY-MM..YYYY-MM", "cli.value.period"),
    ("WHEN", "cli.value.when"),
    ("FORMAT", "cli.value.format"),
    ("SHELL", "cli.value.shell"),
    ("COMMAND", "cli.value.command"),
    ("REASON", "cli.value.reason"),
];

/// Gives the command tree its help in `lang`, from [`HELP`] and [`VALUE_NAMES`].
pub(crate) fn localized(command: clap::Command, lang: Lang) -> clap::Command {
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
    // clap writes its usage line in English: every language writes its own.
    let options = tr(lang, "cli.man.options", &[]);
    command = command.override_usage(format!(
        "seguimiento [{options}] <{}>",
        tr(lang, "cli.value.command", &[])
    ));
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
            let positionals: String = positionals
                .iter()
                .map(|p| {
                    VALUE_NAMES.iter().fold(p.clone(), |p, (en, key)| {
                        p.replace(&format!("<{en}>"), &format!("<{}>", tr(lang, key, &[])))
                    })
                })
                .collect();
            s.override_usage(format!("seguimiento {name} [{options}]{positionals}"))
        });
    }
    command
}

/// Prints a usage error (exit 2) or the help or version (exit 0). clap's own text is English;
/// in Spanish the common errors are retold, each with a hint.
pub(crate) fn usage_error(e: clap::Error, command: &clap::Command, lang: Lang) -> ExitCode {
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
        message: Box::new(seguimiento::i18n::Text::same(message)),
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
pub(crate) fn argument_help(command: &clap::Command, arg: &str, lang: Lang) -> Option<String> {
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
/// Prints the manual page of the program, or of one command, in `lang`.
pub(crate) fn man_page(
    mut command: clap::Command,
    page: Option<&str>,
    lang: Lang,
) -> seguimiento::Result<u8> {
    command.build();
    let command = match page {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = command.get_subcommands().map(|s| s.get_name()).collect();
                return Err(seguimiento::Error::new(
                    "cli.usage.unknown-command",
                    &[("command", &name)],
                )
                .hint("cli.usage.commands", &[("commands", &names.join(", "))]));
            }
        },
    };
    let mut roff = Vec::new();
    let man = clap_mangen::Man::new(command)
        .source(format!("seguimiento {}", env!("CARGO_PKG_VERSION")))
        .manual(tr(lang, "cli.man.manual", &[]));
    man.render(&mut roff)
        .map_err(|e| seguimiento::Error::new("cli.man.failed", &[]).cause(e))?;
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
    out.write_all(page.as_bytes())
        .map_err(|e| seguimiento::Error::new("cli.man.failed", &[]).cause(e))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;

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
}
