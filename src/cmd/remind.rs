//! `seguimiento remind`: writes the reminders of the month under collection (the output
//! [`crate::outputs::Reminders`]) into their own folder, whole or not at all, and says whom
//! it reminded, whom it escalated, and whom it could not address.

use crate::config::RunConfig;
use crate::i18n::{counted, format_date, format_month, tr, Lang};
use crate::outputs::messages::remind::{collection, Reminder};
use crate::outputs::messages::{contact_notes, CONTACTS_FILE};
use crate::outputs::staging::OutputSet;
use crate::outputs::{write_each, Reminders, Run};
use crate::Result;

/// Writes the reminders; returns the exit status (0: written).
pub fn run(config: &RunConfig) -> Result<u8> {
    run_with(config, &super::Terminal::plain())
}

/// Runs [`run`], saying what it wrote unless `terminal` is quiet.
pub fn run_with(config: &RunConfig, terminal: &super::Terminal<'_>) -> Result<u8> {
    let checked = crate::check_with(config, terminal.progress)?;
    let reminders = Reminders {
        collection: collection(config, &checked)?,
    };
    let mut set = OutputSet::new(&config.outputs, &reminders.folder())?;
    let run = Run {
        config,
        checked: &checked,
        reopen: None,
    };
    let staged = write_each(&[&reminders], &run, &mut set, terminal.progress);
    let written = staged.and_then(|_| set.commit());
    terminal.progress.end();
    let written = written?;
    if terminal.says() {
        summary(config, &checked, &reminders, &written, terminal)?;
    }
    Ok(0)
}

/// Says on stderr what was written: how many drafts and where, whom it reminded and in which
/// words, whom it escalated, and whom it could not address and what to do about it.
fn summary(
    config: &RunConfig,
    checked: &crate::Checked,
    reminders: &Reminders,
    written: &[crate::outputs::staging::Written],
    terminal: &super::Terminal<'_>,
) -> Result<()> {
    let lang = config.lang();
    let registry = checked.plan.registry();
    for note in contact_notes(&config.inputs, &config.settings.limits, registry)? {
        anstream::eprintln!("{}", note.get(lang));
    }
    if terminal.is_verbose() {
        for w in written {
            anstream::eprintln!("  {}", w.path);
        }
    }
    let folder = config.outputs.join(reminders.folder());
    let c = &reminders.collection;
    let month = format_month(lang, c.month);
    let due = format_date(lang, c.due);
    let names = |list: &[&Reminder]| -> String {
        let names: Vec<String> = list
            .iter()
            .map(|r| registry.agency_label(&r.agency, lang))
            .collect();
        names.join(", ")
    };
    let drafts = counted(
        lang,
        written.len() as u64,
        "count.reminders-written.one",
        "count.reminders-written.other",
    );
    let args: [(&str, &dyn std::fmt::Display); 2] =
        [("files", &drafts), ("folder", &folder.display())];
    anstream::eprintln!("{}", tr(lang, "remind.summary", &args));
    if c.agencies.is_empty() {
        let period = &checked.report.meta.plan_period;
        let args: [(&str, &dyn std::fmt::Display); 2] =
            [("month", &month), ("period", &period.get(lang))];
        let key = if c.in_plan {
            "remind.summary.none"
        } else {
            "remind.summary.outside"
        };
        anstream::eprintln!("{}", tr(lang, key, &args));
        return Ok(());
    }
    let all: Vec<&Reminder> = c.agencies.iter().collect();
    let agencies = counted(
        lang,
        all.len() as u64,
        "count.agencies.one",
        "count.agencies.other",
    );
    let key = if c.overdue {
        "remind.summary.overdue"
    } else {
        "remind.summary.before"
    };
    let list = names(&all);
    let args: [(&str, &dyn std::fmt::Display); 4] = [
        ("agencies", &agencies),
        ("month", &month),
        ("due", &due),
        ("names", &list),
    ];
    anstream::eprintln!("{}", tr(lang, key, &args));
    for r in all.iter().filter(|r| r.escalated) {
        anstream::eprintln!("{}", escalated(lang, registry, r));
    }
    let unaddressed: Vec<&Reminder> = all
        .iter()
        .copied()
        .filter(|r| r.recipients.is_empty())
        .collect();
    if !unaddressed.is_empty() {
        let file = config.inputs.join(CONTACTS_FILE);
        let list = names(&unaddressed);
        let args: [(&str, &dyn std::fmt::Display); 2] =
            [("names", &list), ("file", &file.display())];
        anstream::eprintln!("{}", tr(lang, "remind.summary.no-contact", &args));
    }
    Ok(())
}

/// Says an escalated agency: the months it missed, and whom its drafts copy, or that they
/// copy no one and how to name someone.
fn escalated(lang: Lang, registry: &crate::plan::Registry, r: &Reminder) -> String {
    let agency = registry.agency_label(&r.agency, lang);
    let months: Vec<String> = r.missed.iter().map(|&m| format_month(lang, m)).collect();
    let months = months.join(", ");
    let count = counted(
        lang,
        r.missed.len() as u64,
        "remind.months.one",
        "remind.months.other",
    );
    if r.escalation.is_empty() {
        let args: [(&str, &dyn std::fmt::Display); 4] = [
            ("agency", &agency),
            ("count", &count),
            ("months", &months),
            ("file", &CONTACTS_FILE),
        ];
        return tr(lang, "remind.summary.no-escalation-contact", &args);
    }
    let copied: Vec<String> = r
        .escalation
        .iter()
        .map(|c| format!("{} <{}>", c.name, c.email))
        .collect();
    let copied = copied.join(", ");
    let args: [(&str, &dyn std::fmt::Display); 4] = [
        ("agency", &agency),
        ("count", &count),
        ("months", &months),
        ("names", &copied),
    ];
    tr(lang, "remind.summary.escalated", &args)
}
