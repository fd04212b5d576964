//! `seguimiento plan`: loads and checks the work plan, and prints it.

use crate::config::RunConfig;
use crate::i18n::tr;
use crate::plan::Plan;
use crate::Result;

/// Prints the plan as text or JSON, and its notes on stderr unless quiet; returns the exit
/// status.
pub fn run(config: &RunConfig, json: bool, terminal: &super::Terminal<'_>) -> Result<u8> {
    let plan = Plan::load(&config.inputs)?;
    if json {
        anstream::println!(
            "{}",
            serde_json::to_string_pretty(&to_json_in(&plan, config.lang())).unwrap_or_default()
        );
    } else {
        anstream::print!("{}", to_text(&plan, config.lang()));
    }
    if terminal.says() {
        for note in &plan.notes {
            anstream::eprintln!("{}", super::wrap(note.message.get(config.lang()), 78, 2));
        }
    }
    Ok(0)
}

/// Writes the plan to `target` (`.xlsx` or `.toml`) and says so on stderr unless quiet;
/// returns the exit status.
pub fn export(
    config: &RunConfig,
    target: &std::path::Path,
    terminal: &super::Terminal<'_>,
) -> Result<u8> {
    Plan::export(&config.inputs, target)?;
    if terminal.says() {
        anstream::eprintln!(
            "{}",
            tr(
                config.lang(),
                "plan.exported",
                &[("path", &target.display())]
            )
        );
    }
    Ok(0)
}

/// Returns the plan as the JSON `seguimiento plan --format json` prints, its notes in Spanish.
pub fn to_json(plan: &Plan) -> serde_json::Value {
    to_json_in(plan, crate::i18n::Lang::Es)
}

/// Returns the plan as the JSON `seguimiento plan --format json` prints, its notes in `lang`
/// (the language of the run, as `message` in findings.json).
pub fn to_json_in(plan: &Plan, lang: crate::i18n::Lang) -> serde_json::Value {
    let activities: Vec<_> = plan
        .activities
        .iter()
        .map(|a| {
            serde_json::json!({
                "code": a.code,
                "priority": a.priority,
                "title": a.title,
                "details": a.details,
                "references": a.references,
                "lead": a.lead,
                "lead_text": a.lead_text,
                "support": a.support,
                "support_text": a.support_text,
                "schedule": {
                    "text": a.schedule.text,
                    "text_en": a.schedule.text_en,
                    "parsed": a.schedule.parsed,
                    "note": a.schedule.note,
                    "tentative": a.schedule.tentative,
                    "window": { "start": a.schedule.window_start, "end": a.schedule.window_end },
                    "continuous": a.schedule.continuous,
                    "occurrences": if a.schedule.continuous { Vec::new() } else { a.schedule.occurrences.clone() },
                },
                "objectives": a.objectives,
                "irregularities": a.irregularities,
                "notes": a.notes,
                "added": a.added,
                "dropped": a.dropped,
                "changes": a.changes,
            })
        })
        .collect();
    serde_json::json!({
        "plan": plan.meta,
        "agencies": plan.agencies,
        "groups": plan.groups,
        "roles": plan.roles,
        "code_examples": plan.code_examples,
        "priorities": plan.priorities,
        "activities": activities,
        "revisions": plan.revisions,
        "notes": plan.notes.iter().map(|n| n.to_json(lang)).collect::<Vec<_>>(),
    })
}

/// Returns the plan as text for an 80-column terminal.
pub fn to_text(plan: &Plan, lang: crate::i18n::Lang) -> String {
    let r = plan.registry();
    let mut out = format!(
        "{}\n{}\n",
        plan.meta.title.get(lang),
        plan.meta.subtitle.get(lang)
    );
    for p in &plan.priorities {
        if let Some(g) = plan.group(&p.group).filter(|g| {
            plan.priorities
                .iter()
                .find(|q| q.group == g.key)
                .map(|q| &q.code)
                == Some(&p.code)
        }) {
            out.push_str(&format!("\n{}\n", g.name.get(lang).to_uppercase()));
        }
        out.push_str(&format!(
            "\n{} {}\n",
            p.code,
            super::wrap(p.title.get(lang), 78, 3)
        ));
        if !p.objectives.is_empty() {
            let list: Vec<String> = p.objectives.iter().map(u8::to_string).collect();
            out.push_str(&format!(
                "   {}: {}\n",
                tr(lang, "word.objectives", &[]),
                list.join(", ")
            ));
        }
        for a in plan.activities_of(&p.code) {
            let names = |ids: &[String], fallback: &str| {
                if ids.is_empty() && fallback.trim().is_empty() {
                    "—".to_string()
                } else if ids.is_empty() {
                    fallback.to_string()
                } else {
                    ids.iter()
                        .map(|id| r.agency_label(id, lang))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            out.push_str(&format!(
                "  {:<5} {}\n",
                a.code,
                super::wrap(a.title.get(lang), 78, 8)
            ));
            out.push_str(&format!(
                "        {}: {}\n",
                tr(lang, "word.lead", &[]),
                names(&a.lead, a.lead_text.get(lang))
            ));
            out.push_str(&format!(
                "        {}: {}\n",
                tr(lang, "word.support", &[]),
                names(&a.support, a.support_text.get(lang))
            ));
            let calendar = a.calendar(lang);
            let calendar = if calendar.is_empty() { "—" } else { calendar };
            out.push_str(&format!(
                "        {}: {}\n",
                tr(lang, "word.calendar", &[]),
                super::wrap(calendar, 78, 10)
            ));
            let s = &a.schedule;
            let mut reading = crate::tracker::describe_schedule(lang, &s.parsed);
            if !s.continuous && s.occurrences.len() > 1 {
                reading = tr(
                    lang,
                    "plan.reading-occurrences",
                    &[("reading", &reading), ("n", &s.occurrences.len())],
                );
            }
            out.push_str(&format!(
                "        {}: {}\n",
                tr(lang, "word.reading", &[]),
                super::wrap(&reading, 78, 10)
            ));
        }
    }
    out
}
