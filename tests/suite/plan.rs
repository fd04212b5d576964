//! The shipped work plan loads whole, and a broken plan stops the run with a clear message.

use crate::common;

use seguimiento::i18n::Lang;
use seguimiento::plan::{Plan, Schedule};

fn shipped() -> String {
    std::fs::read_to_string(common::root().join("inputs/plan/plan.toml")).unwrap()
}

#[test]
fn the_shipped_plan_has_26_activities_with_both_titles_agencies_and_calendars() {
    let plan = Plan::parse(&shipped()).unwrap();
    let codes: Vec<&str> = plan.activities.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes.len(), 26);
    assert_eq!(codes.first(), Some(&"B1.1"));
    assert_eq!(codes.last(), Some(&"T3.2"));
    assert_eq!(plan.priorities.len(), 7);
    for a in &plan.activities {
        assert!(
            !a.title.get(Lang::Es).is_empty() && !a.title.get(Lang::En).is_empty(),
            "{}",
            a.code
        );
    }
    let t1 = plan.priority("T1").unwrap();
    assert_eq!(t1.objectives, vec![1, 8, 23]);
    assert_eq!(
        plan.priority("T2").unwrap().objectives,
        vec![5, 6, 9, 10, 16, 17, 19, 22, 23]
    );
    assert_eq!(
        plan.priority("T3").unwrap().objectives,
        vec![7, 15, 16, 21, 23]
    );
    let b12 = plan.activity("B1.2").unwrap();
    assert_eq!(b12.lead, vec!["iom", "eclac"]);
    assert_eq!(b12.support, vec!["network"]);
    assert_eq!(
        b12.schedule.parsed,
        Schedule::Recurring {
            months: vec![5, 8, 11, 2]
        }
    );
    // The plan's irregularities are kept: T1.1 mixes English and Spanish acronyms.
    assert_eq!(
        plan.activity("T1.1").unwrap().lead,
        vec!["ohchr", "icrc", "iom", "unhcr"]
    );
    assert_eq!(
        plan.activity("B2.1").unwrap().schedule.text,
        "Mayo  Noviembre"
    );
    assert!(plan.activity("T1.2").unwrap().lead.is_empty());
    // Missing leads and non-members are notes, not errors.
    let noted: Vec<_> = plan
        .notes
        .iter()
        .filter_map(|n| n.activity.clone())
        .collect();
    for code in ["B2.2", "B4.1", "B4.2", "T1.1", "T1.2", "T3.1", "T3.2"] {
        assert!(noted.iter().any(|c| c == code), "no note on {code}");
    }
}

#[test]
fn plan_json_lists_activities_with_titles_agencies_and_parsed_schedules() {
    let plan = Plan::parse(&shipped()).unwrap();
    let json = seguimiento::cmd::text::plan_json(&plan);
    let activities = json["activities"].as_array().unwrap();
    assert_eq!(activities.len(), 26);
    let b15 = activities.iter().find(|a| a["code"] == "B1.5").unwrap();
    assert_eq!(
        b15["title"]["es"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .next(),
        Some("Apoyar")
    );
    assert!(b15["title"]["en"].as_str().unwrap().len() > 20);
    assert_eq!(b15["lead"], serde_json::json!(["iom"]));
    assert_eq!(b15["schedule"]["text"], "27-28 de septiembre 2023");
    assert_eq!(b15["schedule"]["parsed"]["kind"], "dates");
    assert_eq!(b15["schedule"]["window"]["end"], "2023-09-28");
    let t11 = activities.iter().find(|a| a["code"] == "T1.1").unwrap();
    assert_eq!(t11["objectives"], serde_json::json!([1, 8, 23]));
    assert_eq!(t11["schedule"]["parsed"]["kind"], "tentative");
    // Irregularities and notes are shown with the plan (docs/plan.md), by their names.
    assert_eq!(
        t11["irregularities"],
        serde_json::json!(["mixed-acronyms", "non-member-lead", "singular-plural"])
    );
}

#[test]
fn a_duplicate_code_stops_the_run_naming_it() {
    let src = shipped().replacen("code = \"B1.2\"", "code = \"B1.1\"", 1);
    let err = Plan::parse(&src).unwrap_err();
    let text = err.render(Lang::En);
    assert!(text.contains("B1.1") && text.contains("twice"), "{text}");
    assert!(err.render(Lang::Es).contains("dos veces"));
}

#[test]
fn an_unknown_agency_stops_the_run_naming_it() {
    let src = shipped().replacen("lead = [\"OIM\"]", "lead = [\"OIMM\"]", 1);
    let err = Plan::parse(&src).unwrap_err();
    assert!(
        err.render(Lang::En).contains("OIMM"),
        "{}",
        err.render(Lang::En)
    );
}

#[test]
fn an_unreadable_calendar_names_the_activity_and_the_phrase() {
    let src = shipped().replacen(
        "calendar = \"Proceso continuo\"",
        "calendar = \"Cuando se pueda\"",
        1,
    );
    let err = Plan::parse(&src).unwrap_err();
    let text = err.render(Lang::Es);
    assert!(
        text.contains("B1.1") && text.contains("Cuando se pueda"),
        "{text}"
    );
}

#[test]
fn a_typo_in_the_plan_file_is_an_error() {
    let src = shipped().replacen(
        "calendar = \"Proceso continuo\"",
        "calendario = \"Proceso continuo\"",
        1,
    );
    assert!(Plan::parse(&src).is_err());
}

#[test]
fn an_unreadable_calendar_says_in_spanish_which_word_stopped_it_and_the_forms_read() {
    let src = shipped().replacen(
        "calendar = \"Proceso continuo\"",
        "calendar = \"Quincenal\"",
        1,
    );
    let err = Plan::parse(&src).unwrap_err();
    let es = err.render(Lang::Es);
    assert!(es.contains("«Quincenal»"), "{es}");
    assert!(es.contains("la palabra «Quincenal» no es un mes"), "{es}");
    assert!(
        es.contains("Formas que se leen") && es.contains("trimestral"),
        "{es}"
    );
    for english in ["is not", "cannot", "Forms read", "word"] {
        assert!(
            !es.contains(english),
            "English in the Spanish message: {es}"
        );
    }
    let en = err.render(Lang::En);
    assert!(
        en.contains("the word “Quincenal”") && en.contains("Forms read"),
        "{en}"
    );
}

#[test]
fn codes_are_read_against_the_plan_in_force() {
    use seguimiento::activity_code::ParsedCode;
    let plan = Plan::parse(&shipped()).unwrap();
    assert_eq!(plan.read_code("b 1.2"), ParsedCode::Code("B1.2".into()));
    assert_eq!(plan.read_code("T-03.01"), ParsedCode::Code("T3.1".into()));
    assert_eq!(plan.read_code("B9.9"), ParsedCode::Unknown);
    assert_eq!(
        plan.read_code("1.2"),
        ParsedCode::Ambiguous(vec!["B1.2".into(), "T1.2".into()])
    );
    assert_eq!(
        plan.read_code("4.2"),
        ParsedCode::Ambiguous(vec!["B4.2".into()])
    );
    for bad in ["C1.2", "B1", "B1.2.3", "Actividad 3", ""] {
        assert_eq!(plan.read_code(bad), ParsedCode::Invalid, "{bad:?}");
    }
    assert_eq!(plan.code_examples_text(Lang::Es), "B1.2 o T3.1");
    assert_eq!(
        plan.code_ranges_text(Lang::En),
        "from B1.1 to B4.2 and from T1.1 to T3.2"
    );

    // A plan whose codes have no letters: a bare number is a code, not an ambiguity.
    let bare = shipped()
        .replace("prefix = \"T\"", "prefix = \"\"")
        .replace("code = \"T", "code = \"")
        .replace("pattern = \"{prefix}{priority}.{activity}\"", "")
        .replace(
            "examples = [\"B1.2\", \"T3.1\"]",
            "examples = [\"B1.2\", \"3.1\"]",
        );
    let plan = Plan::parse(&bare).unwrap_or_else(|e| panic!("{}", e.render(Lang::En)));
    assert_eq!(plan.read_code("1.2"), ParsedCode::Code("1.2".into()));
    assert_eq!(plan.read_code("B1.2"), ParsedCode::Code("B1.2".into()));
    assert_eq!(plan.read_code("T1.2"), ParsedCode::Invalid);
}

#[test]
fn a_code_of_another_shape_than_the_pattern_stops_the_run() {
    let src = shipped().replacen(
        "pattern = \"{prefix}{priority}.{activity}\"",
        "pattern = \"{prefix}-{priority}.{activity}\"",
        1,
    );
    let err = Plan::parse(&src).unwrap_err();
    let en = err.render(Lang::En);
    assert!(en.contains("B1.1") && en.contains("B-1.1"), "{en}");
}

#[test]
fn roles_name_activities_and_groups_of_the_plan() {
    let plan = Plan::parse(&shipped()).unwrap();
    assert_eq!(plan.roles.good_practices.as_deref(), Some("B1.4"));
    assert_eq!(plan.roles.pledge_monitoring.as_deref(), Some("B1.3"));
    assert_eq!(plan.roles.review_support.as_ref().unwrap().group, "core");
    let src = shipped().replacen("good_practices = \"B1.4\"", "good_practices = \"B1.9\"", 1);
    let err = Plan::parse(&src).unwrap_err();
    assert!(err.render(Lang::Es).contains("B1.9"));
}

#[test]
fn a_plan_declares_the_agencies_the_registry_does_not_know() {
    let declared = "[[agencies]]\nid = \"ombudsman\"\nacronym = { es = \"DP\", en = \"OMB\" }\nname = { es = \"Defensoría del Pueblo\", en = \"Ombudsman's Office\" }\n\n[[groups]]";
    let src = shipped().replacen("[[groups]]", declared, 1).replacen(
        "lead = [\"OIM\"]",
        "lead = [\"OIM\", \"Defensoría del Pueblo\"]",
        1,
    );
    let plan = Plan::parse(&src).unwrap_or_else(|e| panic!("{}", e.render(Lang::En)));
    assert!(plan
        .activities
        .iter()
        .any(|a| a.lead == ["iom", "ombudsman"]));
    assert_eq!(plan.registry().agency_label("ombudsman", Lang::En), "OMB");
    assert!(plan.registry().agency("DP").is_some());
    assert!(Plan::parse(&shipped())
        .unwrap()
        .registry()
        .agency("DP")
        .is_none());

    // Declaring an agency the registry already has is an error: a name in a form would
    // change meaning.
    let clash = shipped().replacen(
        "[[groups]]",
        "[[agencies]]\nid = \"iom2\"\nacronym = { es = \"OIM\", en = \"IOM\" }\nname = { es = \"x\", en = \"y\" }\n\n[[groups]]",
        1,
    );
    let err = Plan::parse(&clash).unwrap_err();
    assert!(
        err.render(Lang::Es)
            .contains("ya es una agencia del registro"),
        "{}",
        err.render(Lang::Es)
    );
}

#[test]
fn an_irregularity_outside_the_fixed_list_stops_the_run_naming_the_list() {
    let src = shipped().replacen(
        "irregularities = [\"singular-plural\"]",
        "irregularities = [\"singular-plurals\"]",
        1,
    );
    let err = Plan::parse(&src).unwrap_err();
    let text = err.render(Lang::En);
    assert!(text.contains("singular-plurals"), "{text}");
    for (name, _) in seguimiento::plan::IRREGULARITIES {
        assert!(text.contains(name), "{name} not listed: {text}");
    }
    assert!(Plan::parse(&shipped()).is_ok());
}
