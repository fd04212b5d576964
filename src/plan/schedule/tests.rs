//! The calendar phrases the plans write, read back: one test per phrase of the first plan,
//! then the English shapes, the periodicities, the refusals and the windows each form gives.

use chrono::NaiveDate;

use super::*;
use crate::calendar::YearMonth;

fn ym(year: i32, month: u32) -> YearMonth {
    YearMonth::new(year, month).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The 2023-2024 plan's period, which the tests read phrases in unless they say otherwise.
const PLAN: Context = Context {
    start: PLAN_START,
    end: PLAN_END,
};

fn parse(text: &str) -> Result<ParsedSchedule, ScheduleError> {
    super::parse(text, &PLAN)
}

fn schedule(text: &str) -> Schedule {
    let parsed = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    assert_eq!(parsed.note, None, "{text:?}");
    parsed.schedule
}

fn error(text: &str) -> ScheduleError {
    match parse(text) {
        Ok(p) => panic!("{text:?} read as {p:?}"),
        Err(e) => e,
    }
}

fn recurring(months: &[u32]) -> Schedule {
    Schedule::Recurring {
        months: months.to_vec(),
    }
}

fn dates(start: NaiveDate, end: NaiveDate) -> Schedule {
    Schedule::Dates { start, end }
}

fn month_range(start: YearMonth, end: YearMonth) -> Schedule {
    Schedule::MonthRange { start, end }
}

const PLAN_START: YearMonth = YearMonth {
    year: 2023,
    month: 5,
};
const PLAN_END: YearMonth = YearMonth {
    year: 2024,
    month: 12,
};

// One test per calendar phrase of the 2023-2024 plan, written exactly as there.

#[test]
fn seed_b1_1_proceso_continuo() {
    assert_eq!(schedule("Proceso continuo"), Schedule::Continuous);
}

#[test]
fn seed_b1_2_b3_1_quarterly_months() {
    assert_eq!(
        schedule("Mayo, agosto, noviembre, febrero"),
        recurring(&[5, 8, 11, 2])
    );
}

#[test]
fn seed_b1_3_quarterly_months() {
    assert_eq!(
        schedule("Abril, junio, septiembre, diciembre"),
        recurring(&[4, 6, 9, 12])
    );
}

#[test]
fn seed_b1_4_una_practica_por_mes() {
    assert_eq!(schedule("Una práctica por mes"), Schedule::Monthly);
}

#[test]
fn seed_b1_5_day_range() {
    assert_eq!(
        schedule("27-28 de septiembre 2023"),
        dates(date(2023, 9, 27), date(2023, 9, 28))
    );
}

#[test]
fn seed_b1_6_month_range_with_en_dash() {
    assert_eq!(
        schedule("Mayo – Diciembre 2023"),
        month_range(ym(2023, 5), ym(2023, 12))
    );
}

#[test]
fn seed_b2_1_two_months_two_spaces() {
    assert_eq!(schedule("Mayo  Noviembre"), recurring(&[5, 11]));
}

#[test]
fn seed_b2_2_abbreviated_end() {
    assert_eq!(
        schedule("Junio – Nov 2023"),
        month_range(ym(2023, 6), ym(2023, 11))
    );
}

#[test]
fn seed_b2_3_abbreviated_end() {
    assert_eq!(
        schedule("Junio – Dic 2023"),
        month_range(ym(2023, 6), ym(2023, 12))
    );
}

#[test]
fn seed_b2_4_abbreviated_end() {
    assert_eq!(
        schedule("Julio – Dic 2023"),
        month_range(ym(2023, 7), ym(2023, 12))
    );
}

#[test]
fn seed_b3_2_julio_de_2023() {
    assert_eq!(
        schedule("Julio de 2023"),
        Schedule::Month { month: ym(2023, 7) }
    );
}

#[test]
fn seed_b3_4_hyphenated_range() {
    assert_eq!(
        schedule("Abril-Julio 2023"),
        month_range(ym(2023, 4), ym(2023, 7))
    );
}

#[test]
fn seed_t1_1_tentative_with_candidate_days() {
    assert_eq!(
        schedule("Por definir Agosto 2023 (30 o 31 TBD)"),
        Schedule::Tentative {
            month: ym(2023, 8),
            days: vec![30, 31],
        }
    );
}

#[test]
fn seed_t1_2_tentative_setiembre() {
    assert_eq!(
        schedule("Por definir Setiembre 2023 TBD"),
        Schedule::Tentative {
            month: ym(2023, 9),
            days: vec![],
        }
    );
}

#[test]
fn seed_t2_1_side_event_with_note() {
    let text = "Evento paralelo en el marco del Foro de los países de LAC sobre el Desarrollo \
                Sostenible, 25 de abril 2023, Santiago de Chile";
    let parsed = parse(text).unwrap();
    assert_eq!(parsed.schedule, dates(date(2023, 4, 25), date(2023, 4, 25)));
    assert_eq!(
        parsed.note.as_deref(),
        Some(
            "Evento paralelo en el marco del Foro de los países de LAC sobre el Desarrollo \
             Sostenible, Santiago de Chile"
        )
    );
}

#[test]
fn seed_t3_1_agosto_2023() {
    assert_eq!(
        schedule("Agosto 2023"),
        Schedule::Month { month: ym(2023, 8) }
    );
}

#[test]
fn seed_t3_2_septiembre_2023() {
    assert_eq!(
        schedule("Septiembre 2023"),
        Schedule::Month { month: ym(2023, 9) }
    );
}

#[test]
fn seed_empty_calendars() {
    assert_eq!(schedule(""), Schedule::None);
    assert_eq!(schedule("   "), Schedule::None);
    assert_eq!(schedule("\u{00A0}"), Schedule::None);
    assert_eq!(schedule("—"), Schedule::None);
    assert_eq!(schedule("Por definir"), Schedule::None);
    assert_eq!(schedule("TBD"), Schedule::None);
    assert_eq!(schedule("To be defined"), Schedule::None);
}

#[test]
fn english_shapes() {
    let cases = [
        ("Ongoing", Schedule::Continuous),
        ("Continuous", Schedule::Continuous),
        ("Ongoing process", Schedule::Continuous),
        ("May, August, November, February", recurring(&[5, 8, 11, 2])),
        (
            "April, June, September, December",
            recurring(&[4, 6, 9, 12]),
        ),
        ("One practice per month", Schedule::Monthly),
        ("One per month", Schedule::Monthly),
        ("Once a month", Schedule::Monthly),
        ("Monthly", Schedule::Monthly),
        (
            "27-28 September 2023",
            dates(date(2023, 9, 27), date(2023, 9, 28)),
        ),
        (
            "September 27-28, 2023",
            dates(date(2023, 9, 27), date(2023, 9, 28)),
        ),
        (
            "September 27 – 28, 2023",
            dates(date(2023, 9, 27), date(2023, 9, 28)),
        ),
        (
            "May – December 2023",
            month_range(ym(2023, 5), ym(2023, 12)),
        ),
        ("May - Dec 2023", month_range(ym(2023, 5), ym(2023, 12))),
        ("June – Nov 2023", month_range(ym(2023, 6), ym(2023, 11))),
        (
            "from May to December 2023",
            month_range(ym(2023, 5), ym(2023, 12)),
        ),
        ("July 2023", Schedule::Month { month: ym(2023, 7) }),
        ("August 2023", Schedule::Month { month: ym(2023, 8) }),
        ("April-July 2023", month_range(ym(2023, 4), ym(2023, 7))),
        (
            "To be defined August 2023 (30 or 31 TBD)",
            Schedule::Tentative {
                month: ym(2023, 8),
                days: vec![30, 31],
            },
        ),
        (
            "TBD September 2023",
            Schedule::Tentative {
                month: ym(2023, 9),
                days: vec![],
            },
        ),
        ("May November", recurring(&[5, 11])),
        ("May and November", recurring(&[5, 11])),
        ("25 April 2023", dates(date(2023, 4, 25), date(2023, 4, 25))),
        (
            "April 25, 2023",
            dates(date(2023, 4, 25), date(2023, 4, 25)),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(schedule(text), want, "{text:?}");
    }
}

#[test]
fn more_spanish_shapes() {
    let cases = [
        ("mayo y noviembre", recurring(&[5, 11])),
        ("Mayo y noviembre de cada año", recurring(&[5, 11])),
        ("Mensual", Schedule::Monthly),
        ("Una vez al mes", Schedule::Monthly),
        ("proceso  continuo.", Schedule::Continuous),
        (
            "de mayo a diciembre de 2023",
            month_range(ym(2023, 5), ym(2023, 12)),
        ),
        (
            "Noviembre 2023 – Febrero 2024",
            month_range(ym(2023, 11), ym(2024, 2)),
        ),
        (
            "Dic. 2023 - Feb. 2024",
            month_range(ym(2023, 12), ym(2024, 2)),
        ),
        ("Mayo – Mayo 2023", Schedule::Month { month: ym(2023, 5) }),
        (
            "27 y 28 de septiembre de 2023",
            dates(date(2023, 9, 27), date(2023, 9, 28)),
        ),
        (
            "27 al 28 de septiembre 2023",
            dates(date(2023, 9, 27), date(2023, 9, 28)),
        ),
        (
            "30 de septiembre – 2 de octubre 2023",
            dates(date(2023, 9, 30), date(2023, 10, 2)),
        ),
        (
            "28 de diciembre 2023 – 3 de enero 2024",
            dates(date(2023, 12, 28), date(2024, 1, 3)),
        ),
        (
            "25 de abril 2023",
            dates(date(2023, 4, 25), date(2023, 4, 25)),
        ),
        ("25/04/2023", dates(date(2023, 4, 25), date(2023, 4, 25))),
        ("2023-04-25", dates(date(2023, 4, 25), date(2023, 4, 25))),
        ("2023-07", Schedule::Month { month: ym(2023, 7) }),
        ("julio", recurring(&[7])),
        ("SETIEMBRE 2023", Schedule::Month { month: ym(2023, 9) }),
        (
            "Agosto 2023 (por confirmar)",
            Schedule::Tentative {
                month: ym(2023, 8),
                days: vec![],
            },
        ),
        (
            "Por definir, agosto 2023",
            Schedule::Tentative {
                month: ym(2023, 8),
                days: vec![],
            },
        ),
        (
            "Agosto 2023 (30 o 31)",
            Schedule::Tentative {
                month: ym(2023, 8),
                days: vec![30, 31],
            },
        ),
        (
            "30 o 31 de agosto 2023",
            Schedule::Tentative {
                month: ym(2023, 8),
                days: vec![30, 31],
            },
        ),
        (
            "Por definir 29-31 de agosto 2023",
            Schedule::Tentative {
                month: ym(2023, 8),
                days: vec![29, 30, 31],
            },
        ),
        (
            "Por definir Junio – Julio 2023",
            month_range(ym(2023, 6), ym(2023, 7)),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(schedule(text), want, "{text:?}");
    }
}

#[test]
fn notes_around_a_date() {
    let parsed =
        parse("Side event at the LAC Forum, September 27-28, 2023, Santiago, Chile").unwrap();
    assert_eq!(parsed.schedule, dates(date(2023, 9, 27), date(2023, 9, 28)));
    assert_eq!(
        parsed.note.as_deref(),
        Some("Side event at the LAC Forum, Santiago, Chile")
    );

    let parsed = parse("Agosto 2023, Ciudad de Panamá").unwrap();
    assert_eq!(parsed.schedule, Schedule::Month { month: ym(2023, 8) });
    assert_eq!(parsed.note.as_deref(), Some("Ciudad de Panamá"));
}

#[test]
fn errors_say_what_is_wrong() {
    assert_eq!(
        error("Mayo, agosto, Foo"),
        ScheduleError::UnknownWord("Foo".into())
    );
    assert_eq!(
        error("Quincenal"),
        ScheduleError::UnknownWord("Quincenal".into())
    );
    assert_eq!(
        error("Juli 2023"),
        ScheduleError::UnknownWord("Juli".into())
    );
    assert_eq!(
        error("Diciembre – Mayo 2023"),
        ScheduleError::Backwards {
            start: "2023-12".into(),
            end: "2023-05".into(),
        }
    );
    assert_eq!(
        error("28-27 de septiembre 2023"),
        ScheduleError::Backwards {
            start: "2023-09-28".into(),
            end: "2023-09-27".into(),
        }
    );
    assert_eq!(
        error("Noviembre – Febrero 2024"),
        ScheduleError::Backwards {
            start: "2024-11".into(),
            end: "2024-02".into(),
        }
    );
    assert_eq!(
        error("31 de septiembre 2023"),
        ScheduleError::NoSuchDay {
            day: 31,
            month: ym(2023, 9),
        }
    );
    assert_eq!(
        error("Por definir Septiembre 2023 (30 o 31)"),
        ScheduleError::NoSuchDay {
            day: 31,
            month: ym(2023, 9),
        }
    );
    assert!(matches!(
        error("27-28 de septiembre"),
        ScheduleError::MissingYearIn { .. }
    ));
    assert!(matches!(
        error("Mayo – Diciembre"),
        ScheduleError::MissingYearIn { .. }
    ));
    assert!(matches!(
        error("Por definir agosto"),
        ScheduleError::MissingYearIn { .. }
    ));
    assert_eq!(error("15 2023"), ScheduleError::MissingMonth);
    assert!(matches!(
        error("Septiembre – 5 de octubre 2023"),
        ScheduleError::MixedRange { .. }
    ));
    assert!(matches!(
        error("Mayo – Junio – Julio 2023"),
        ScheduleError::SeveralRanges { .. }
    ));
    assert_eq!(error("5 y 20 de julio 2023"), ScheduleError::SeparateDays);
    assert_eq!(
        error("Mayo, agosto, mayo"),
        ScheduleError::RepeatedMonth("mayo".into())
    );
    assert_eq!(
        error("Agosto 2023 (30 o 31"),
        ScheduleError::UnbalancedParenthesis
    );
    assert_eq!(error("Agosto 2023) "), ScheduleError::UnbalancedParenthesis);
    assert_eq!(
        error("Agosto 2023, Proceso continuo"),
        ScheduleError::SeveralCalendars
    );
    assert_eq!(error("Mayo 2023, agosto"), ScheduleError::SeveralCalendars);
    assert!(matches!(
        error("Mayo 2023 agosto 2023"),
        ScheduleError::Unreadable { .. }
    ));
    assert!(matches!(
        error("Mayo (30 o 31)"),
        ScheduleError::MissingYearIn { .. }
    ));
    assert_eq!(
        error("Mayo – Junio 2023 (30 o 31)"),
        ScheduleError::MisplacedDays
    );
    assert_eq!(error("Agosto 2023 (julio)"), ScheduleError::MisplacedDays);
    assert_eq!(error("30 de agosto 2023 (31)"), ScheduleError::DaysTwice);
    assert_eq!(
        error("Agosto 2023 cada año"),
        ScheduleError::EveryYearWithoutMonths
    );
    assert_eq!(error("Agosto 45"), ScheduleError::BadNumber("45".into()));
    assert_eq!(
        error("Agosto 20233"),
        ScheduleError::BadNumber("20233".into())
    );
    assert_eq!(
        error("Agosto 99999999999999999999999"),
        ScheduleError::BadNumber("99999999999999999999999".into())
    );
    assert_eq!(
        error("Agosto 2023 / 2024"),
        ScheduleError::UnexpectedCharacter('/')
    );
    assert_eq!(error("Mayo: 2023"), ScheduleError::UnexpectedCharacter(':'));
    assert_eq!(
        error("Agosto 2023 💥"),
        ScheduleError::UnexpectedCharacter('💥')
    );
    assert_eq!(
        error("Evento en Santiago"),
        ScheduleError::UnknownWord("Evento".into())
    );
}

#[test]
fn error_messages_read_plainly() {
    assert_eq!(
        error("Juli 2023").to_string(),
        "\"Juli\" is not a month, a date or a calendar word"
    );
    assert_eq!(
        error("Diciembre – Mayo 2023").to_string(),
        "the range ends (2023-05) before it starts (2023-12)"
    );
    assert_eq!(
        error("31 de septiembre 2023").to_string(),
        "2023-09 has no day 31"
    );
}

#[test]
fn odd_input_never_panics() {
    let odd = [
        "((((",
        "))",
        "- - -",
        ",,,,",
        "y y y",
        "a",
        "o",
        "de de de",
        "31",
        "0",
        "00",
        "0000",
        "9999999999999999999999999999999",
        "mayo 0000",
        "٣١ مايو",
        "五月 2023",
        "Mayo\u{0301} 2023",
        ", 25 de abril 2023,",
        "por",
        "una por",
        "30 o",
        "(30 o 31) (1)",
        "Agosto 2023 (30 - )",
        "Agosto 2023 (- 30)",
        "Agosto 2023 (31 - 30)",
        "9999 diciembre",
        "31 diciembre 9999 – 1 enero 9999",
    ];
    for text in odd {
        let _ = parse(text);
    }
    let many_commas = ["x"; 40].join(", ");
    assert!(parse(&many_commas).is_err());
}

#[test]
fn windows_follow_the_contract() {
    let window = |text: &str| schedule(text).window(PLAN_START, PLAN_END);
    assert_eq!(
        window("Junio – Dic 2023"),
        (date(2023, 6, 1), date(2023, 12, 31))
    );
    assert_eq!(
        window("27-28 de septiembre 2023"),
        (date(2023, 9, 27), date(2023, 9, 28))
    );
    assert_eq!(
        window("Por definir Agosto 2023 (30 o 31 TBD)"),
        (date(2023, 8, 1), date(2023, 8, 31))
    );
    assert_eq!(
        window("Por definir Setiembre 2023 TBD"),
        (date(2023, 9, 1), date(2023, 9, 30))
    );
    assert_eq!(
        window("Julio de 2023"),
        (date(2023, 7, 1), date(2023, 7, 31))
    );
    assert_eq!(
        window("Proceso continuo"),
        (date(2023, 5, 1), date(2024, 12, 31))
    );
    assert_eq!(window(""), (date(2023, 5, 1), date(2024, 12, 31)));
    assert_eq!(
        window("Una práctica por mes"),
        (date(2023, 5, 1), date(2024, 12, 31))
    );
    assert_eq!(
        window("Mayo, agosto, noviembre, febrero"),
        (date(2023, 5, 1), date(2024, 12, 31))
    );
    let side_event = parse("Evento paralelo, 25 de abril 2023, Santiago de Chile").unwrap();
    assert_eq!(
        side_event.schedule.window(PLAN_START, PLAN_END),
        (date(2023, 4, 25), date(2023, 4, 25))
    );
}

#[test]
fn one_off_and_recurring_kinds() {
    for text in [
        "27-28 de septiembre 2023",
        "Julio de 2023",
        "Junio – Dic 2023",
        "Por definir Setiembre 2023 TBD",
    ] {
        let s = schedule(text);
        assert!(s.is_one_off() && !s.is_recurring(), "{text:?}");
    }
    for text in [
        "Una práctica por mes",
        "Mayo  Noviembre",
        "Mayo, agosto, noviembre, febrero",
    ] {
        let s = schedule(text);
        assert!(s.is_recurring() && !s.is_one_off(), "{text:?}");
    }
    for text in ["Proceso continuo", ""] {
        let s = schedule(text);
        assert!(!s.is_recurring() && !s.is_one_off(), "{text:?}");
    }
}

#[test]
fn occurrences_over_the_plan() {
    let months = |text: &str| -> Vec<String> {
        schedule(text)
            .occurrences(PLAN_START, PLAN_END)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(
        months("Mayo, agosto, noviembre, febrero"),
        ["2023-05", "2023-08", "2023-11", "2024-02", "2024-05", "2024-08", "2024-11"]
    );
    assert_eq!(
        months("Abril, junio, septiembre, diciembre"),
        ["2023-06", "2023-09", "2023-12", "2024-04", "2024-06", "2024-09", "2024-12"]
    );
    assert_eq!(
        months("Mayo  Noviembre"),
        ["2023-05", "2023-11", "2024-05", "2024-11"]
    );
    let monthly = months("Una práctica por mes");
    assert_eq!(monthly.len(), 20);
    assert_eq!(monthly.first().map(String::as_str), Some("2023-05"));
    assert_eq!(monthly.last().map(String::as_str), Some("2024-12"));
    assert!(months("Proceso continuo").is_empty());
    assert!(months("Julio de 2023").is_empty());
    assert!(months("").is_empty());
}

#[test]
fn serialises_with_a_kind_tag() {
    let json = |text: &str| serde_json::to_string(&parse(text).unwrap()).unwrap();
    assert_eq!(json(""), r#"{"schedule":{"kind":"none"},"note":null}"#);
    assert_eq!(
        json("Mayo  Noviembre"),
        r#"{"schedule":{"kind":"recurring","months":[5,11]},"note":null}"#
    );
    assert_eq!(
        json("27-28 de septiembre 2023"),
        r#"{"schedule":{"kind":"dates","start":"2023-09-27","end":"2023-09-28"},"note":null}"#
    );
    assert_eq!(
        json("Junio – Dic 2023"),
        r#"{"schedule":{"kind":"month-range","start":"2023-06","end":"2023-12"},"note":null}"#
    );
    assert_eq!(
        json("Por definir Agosto 2023 (30 o 31 TBD)"),
        r#"{"schedule":{"kind":"tentative","month":"2023-08","days":[30,31]},"tentative":true,"note":null}"#
    );
    let back: ParsedSchedule =
        serde_json::from_str(&json("Por definir Agosto 2023 (30 o 31 TBD)")).unwrap();
    assert_eq!(
        back,
        parse("Por definir Agosto 2023 (30 o 31 TBD)").unwrap()
    );
}

// The forms of periodic, period and open-ended calendars, each with its windows over a
// 2025-2026 plan.

const NEXT_START: YearMonth = YearMonth {
    year: 2025,
    month: 1,
};
const NEXT_END: YearMonth = YearMonth {
    year: 2026,
    month: 12,
};

/// The planned window and the occurrence windows of a phrase over the 2025-2026 plan, as
/// ISO dates.
fn windows_of(text: &str) -> (String, Vec<String>) {
    let s = schedule_any(text);
    let (a, b) = s.window(NEXT_START, NEXT_END);
    let list = s
        .windows(NEXT_START, NEXT_END)
        .iter()
        .map(|w| format!("{}/{}", w.start, w.end))
        .collect();
    (format!("{a}/{b}"), list)
}

/// Reads a phrase that may be marked tentative.
fn schedule_any(text: &str) -> Schedule {
    let parsed = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    assert_eq!(parsed.note, None, "{text:?}");
    parsed.schedule
}

fn periodic(every: Period, from: Option<YearMonth>, to: Option<YearMonth>) -> Schedule {
    Schedule::Periodic { every, from, to }
}

fn quarters(years: &[i32]) -> Vec<String> {
    let mut out = Vec::new();
    for &y in years {
        for (a, b) in [
            ("01-01", "03-31"),
            ("04-01", "06-30"),
            ("07-01", "09-30"),
            ("10-01", "12-31"),
        ] {
            out.push(format!("{y}-{a}/{y}-{b}"));
        }
    }
    out
}

const WHOLE_PLAN: &str = "2025-01-01/2026-12-31";

#[test]
fn periodicities_spanish_and_english() {
    for text in [
        "Mensual",
        "mensualmente",
        "Monthly",
        "every month",
        "Cada mes",
    ] {
        assert_eq!(schedule_any(text), Schedule::Monthly, "{text:?}");
        let (window, list) = windows_of(text);
        assert_eq!(window, WHOLE_PLAN);
        assert_eq!(list.len(), 24);
        assert_eq!(list[0], "2025-01-01/2025-01-31");
        assert_eq!(list[23], "2026-12-01/2026-12-31");
    }
    for text in [
        "Bimestral",
        "Cada dos meses",
        "every other month",
        "Every two months",
        "bimonthly",
    ] {
        assert_eq!(
            schedule_any(text),
            periodic(Period::TwoMonths, None, None),
            "{text:?}"
        );
        let (window, list) = windows_of(text);
        assert_eq!(window, WHOLE_PLAN);
        assert_eq!(list.len(), 12, "{text:?}");
        assert_eq!(list[0], "2025-01-01/2025-02-28");
        assert_eq!(list[1], "2025-03-01/2025-04-30");
        assert_eq!(list[11], "2026-11-01/2026-12-31");
    }
    for text in [
        "Trimestral",
        "trimestralmente",
        "cada trimestre",
        "Quarterly",
        "every quarter",
    ] {
        assert_eq!(
            schedule_any(text),
            periodic(Period::Quarter, None, None),
            "{text:?}"
        );
        assert_eq!(
            windows_of(text),
            (WHOLE_PLAN.into(), quarters(&[2025, 2026])),
            "{text:?}"
        );
    }
    for text in [
        "Semestral",
        "Dos veces al año",
        "dos veces por año",
        "twice a year",
        "Half-yearly",
        "semi-annual",
        "biannually",
    ] {
        assert_eq!(
            schedule_any(text),
            periodic(Period::Half, None, None),
            "{text:?}"
        );
        let (window, list) = windows_of(text);
        assert_eq!(window, WHOLE_PLAN);
        assert_eq!(
            list,
            [
                "2025-01-01/2025-06-30",
                "2025-07-01/2025-12-31",
                "2026-01-01/2026-06-30",
                "2026-07-01/2026-12-31"
            ],
            "{text:?}"
        );
    }
    for text in [
        "Anual",
        "anualmente",
        "una vez al año",
        "Yearly",
        "annually",
        "once a year",
    ] {
        assert_eq!(
            schedule_any(text),
            periodic(Period::Year, None, None),
            "{text:?}"
        );
        assert_eq!(
            windows_of(text).1,
            ["2025-01-01/2025-12-31", "2026-01-01/2026-12-31"],
            "{text:?}"
        );
    }
}

#[test]
fn periodicities_with_named_months() {
    for text in [
        "Anual (noviembre)",
        "anual, noviembre",
        "annually in November",
        "Yearly (November)",
    ] {
        assert_eq!(schedule_any(text), recurring(&[11]), "{text:?}");
        assert_eq!(
            windows_of(text),
            (
                WHOLE_PLAN.into(),
                vec![
                    "2025-11-01/2025-11-30".to_string(),
                    "2026-11-01/2026-11-30".to_string()
                ]
            ),
            "{text:?}"
        );
    }
    for text in [
        "marzo y septiembre",
        "Semestral (marzo y septiembre)",
        "March and September",
        "twice a year, in March and September",
    ] {
        assert_eq!(schedule_any(text), recurring(&[3, 9]), "{text:?}");
        assert_eq!(windows_of(text).1.len(), 4, "{text:?}");
    }
    for text in [
        "Marzo y septiembre de 2025",
        "marzo y septiembre 2025",
        "March and September 2025",
    ] {
        assert_eq!(
            schedule_any(text),
            Schedule::Months {
                months: vec![ym(2025, 3), ym(2025, 9)]
            },
            "{text:?}"
        );
        assert_eq!(
            windows_of(text),
            (
                "2025-03-01/2025-09-30".into(),
                vec![
                    "2025-03-01/2025-03-31".to_string(),
                    "2025-09-01/2025-09-30".to_string()
                ]
            ),
            "{text:?}"
        );
    }
}

#[test]
fn periodicities_with_years() {
    for text in [
        "Trimestral durante 2026",
        "trimestral en 2026",
        "quarterly in 2026",
        "Quarterly 2026",
    ] {
        assert_eq!(
            schedule_any(text),
            periodic(Period::Quarter, Some(ym(2026, 1)), Some(ym(2026, 12))),
            "{text:?}"
        );
        assert_eq!(
            windows_of(text),
            ("2026-01-01/2026-12-31".into(), quarters(&[2026])),
            "{text:?}"
        );
    }
    assert_eq!(
        windows_of("mensual en 2025").1.len(),
        12,
        "a bounded monthly calendar"
    );
    assert_eq!(
        schedule_any("Semestral a partir de 2026"),
        periodic(Period::Half, Some(ym(2026, 1)), None)
    );
    assert_eq!(
        windows_of("Semestral a partir de 2026").1,
        ["2026-01-01/2026-06-30", "2026-07-01/2026-12-31"]
    );
}

#[test]
fn periodic_windows_are_clipped_to_the_plan() {
    // A plan from May 2023: its first quarter is May-June, its first half May-June, and
    // two-month periods count from May.
    let list = |text: &str| -> Vec<String> {
        schedule_any(text)
            .windows(PLAN_START, PLAN_END)
            .iter()
            .map(|w| format!("{}/{}", w.start, w.end))
            .collect()
    };
    let q = list("Trimestral");
    assert_eq!(q.len(), 7);
    assert_eq!(q[0], "2023-05-01/2023-06-30");
    assert_eq!(q[1], "2023-07-01/2023-09-30");
    let h = list("Semestral");
    assert_eq!(
        h,
        [
            "2023-05-01/2023-06-30",
            "2023-07-01/2023-12-31",
            "2024-01-01/2024-06-30",
            "2024-07-01/2024-12-31"
        ]
    );
    let b = list("Bimestral");
    assert_eq!(b.len(), 10);
    assert_eq!(b[0], "2023-05-01/2023-06-30");
    assert_eq!(b[9], "2024-11-01/2024-12-31");
    assert_eq!(
        list("Anual"),
        ["2023-05-01/2023-12-31", "2024-01-01/2024-12-31"]
    );
}

#[test]
fn quarters_and_halves() {
    for text in [
        "segundo trimestre de 2025",
        "Segundo trimestre 2025",
        "II trimestre 2025",
        "2do trimestre de 2025",
        "2º trimestre 2025",
        "T2 2025",
        "Q2 2025",
        "second quarter of 2025",
        "2nd quarter 2025",
    ] {
        assert_eq!(
            schedule_any(text),
            month_range(ym(2025, 4), ym(2025, 6)),
            "{text:?}"
        );
        assert_eq!(
            windows_of(text),
            (
                "2025-04-01/2025-06-30".into(),
                vec!["2025-04-01/2025-06-30".to_string()]
            ),
            "{text:?}"
        );
    }
    for text in [
        "primer semestre de 2025",
        "I semestre 2025",
        "1er semestre 2025",
        "S1 2025",
        "H1 2025",
        "first half of 2025",
    ] {
        assert_eq!(
            schedule_any(text),
            month_range(ym(2025, 1), ym(2025, 6)),
            "{text:?}"
        );
    }
    for text in [
        "H2 2025",
        "segundo semestre de 2025",
        "second half of 2025",
        "2nd half 2025",
    ] {
        assert_eq!(
            schedule_any(text),
            month_range(ym(2025, 7), ym(2025, 12)),
            "{text:?}"
        );
    }
    assert_eq!(
        schedule_any("first half of 2026"),
        month_range(ym(2026, 1), ym(2026, 6))
    );
    assert_eq!(
        schedule_any("Q2 – Q3 2025"),
        month_range(ym(2025, 4), ym(2025, 9))
    );
    assert!(schedule_any("Q2 2025").is_one_off());
}

#[test]
fn years_and_the_whole_plan() {
    for text in ["2025", "durante 2025", "en 2025", "during 2025", "in 2025"] {
        assert_eq!(
            schedule_any(text),
            month_range(ym(2025, 1), ym(2025, 12)),
            "{text:?}"
        );
        assert_eq!(
            windows_of(text),
            (
                "2025-01-01/2025-12-31".into(),
                vec!["2025-01-01/2025-12-31".to_string()]
            ),
            "{text:?}"
        );
    }
    for text in [
        "2025-2026",
        "2025 – 2026",
        "durante 2025-2026",
        "2025 to 2026",
    ] {
        let s = schedule_any(text);
        assert_eq!(
            s,
            Schedule::ContinuousWithin {
                start: ym(2025, 1),
                end: Some(ym(2026, 12))
            },
            "{text:?}"
        );
        assert!(s.is_continuous());
        assert_eq!(windows_of(text), (WHOLE_PLAN.into(), vec![]), "{text:?}");
    }
    for text in [
        "Permanente",
        "Proceso permanente",
        "a lo largo del bienio",
        "durante todo el bienio",
        "Ongoing",
        "throughout the biennium",
        "throughout the plan",
    ] {
        assert_eq!(schedule_any(text), Schedule::Continuous, "{text:?}");
        assert_eq!(windows_of(text), (WHOLE_PLAN.into(), vec![]), "{text:?}");
    }
    for text in ["a lo largo de 2026", "throughout 2026"] {
        assert_eq!(
            schedule_any(text),
            Schedule::ContinuousWithin {
                start: ym(2026, 1),
                end: Some(ym(2026, 12))
            },
            "{text:?}"
        );
        assert_eq!(
            windows_of(text),
            ("2026-01-01/2026-12-31".into(), vec![]),
            "{text:?}"
        );
    }
}

#[test]
fn open_ends() {
    for text in [
        "hasta junio de 2025",
        "Hasta junio 2025",
        "by June 2025",
        "until June 2025",
        "antes de junio de 2025",
    ] {
        let s = schedule_any(text);
        assert_eq!(
            s,
            Schedule::Until {
                end: date(2025, 6, 30)
            },
            "{text:?}"
        );
        assert!(s.is_one_off());
        assert_eq!(
            windows_of(text),
            (
                "2025-01-01/2025-06-30".into(),
                vec!["2025-01-01/2025-06-30".to_string()]
            ),
            "{text:?}"
        );
    }
    assert_eq!(
        schedule_any("hasta el 15 de junio de 2025"),
        Schedule::Until {
            end: date(2025, 6, 15)
        }
    );
    assert_eq!(
        schedule_any("by Q3 2025"),
        Schedule::Until {
            end: date(2025, 9, 30)
        }
    );
    for text in [
        "a partir de marzo de 2025",
        "A partir de marzo 2025",
        "desde marzo de 2025",
        "de marzo de 2025 en adelante",
        "from March 2025",
        "starting March 2025",
        "March 2025 onwards",
    ] {
        let s = schedule_any(text);
        assert_eq!(
            s,
            Schedule::ContinuousWithin {
                start: ym(2025, 3),
                end: None
            },
            "{text:?}"
        );
        assert!(s.is_continuous() && !s.is_one_off());
        assert_eq!(
            windows_of(text),
            ("2025-03-01/2026-12-31".into(), vec![]),
            "{text:?}"
        );
    }
    // A range keeps reading as a range.
    assert_eq!(
        schedule_any("from May to December 2025"),
        month_range(ym(2025, 5), ym(2025, 12))
    );
    assert_eq!(
        schedule_any("desde mayo hasta diciembre de 2025"),
        month_range(ym(2025, 5), ym(2025, 12))
    );
}

#[test]
fn day_ranges_and_lists() {
    for text in [
        "del 3 al 5 de junio de 2025",
        "3-5 June 2025",
        "3 al 5 de junio 2025",
        "June 3-5, 2025",
    ] {
        assert_eq!(
            schedule_any(text),
            dates(date(2025, 6, 3), date(2025, 6, 5)),
            "{text:?}"
        );
        assert_eq!(
            windows_of(text),
            (
                "2025-06-03/2025-06-05".into(),
                vec!["2025-06-03/2025-06-05".to_string()]
            ),
            "{text:?}"
        );
    }
    for text in [
        "mayo 2025 y mayo 2026",
        "Mayo de 2025 y mayo de 2026",
        "May 2025 and May 2026",
        "mayo 2025, mayo 2026",
    ] {
        assert_eq!(
            schedule_any(text),
            Schedule::Months {
                months: vec![ym(2025, 5), ym(2026, 5)]
            },
            "{text:?}"
        );
        assert_eq!(
            windows_of(text).1,
            ["2025-05-01/2025-05-31", "2026-05-01/2026-05-31"],
            "{text:?}"
        );
    }
}

#[test]
fn tentative_marks_on_any_form() {
    for (text, want) in [
        (
            "Trimestral (por confirmar)",
            periodic(Period::Quarter, None, None),
        ),
        ("Quarterly (TBD)", periodic(Period::Quarter, None, None)),
        (
            "Por definir (segundo semestre de 2025)",
            month_range(ym(2025, 7), ym(2025, 12)),
        ),
        ("TBD Q3 2025", month_range(ym(2025, 7), ym(2025, 9))),
        (
            "hasta junio de 2025 (por confirmar)",
            Schedule::Until {
                end: date(2025, 6, 30),
            },
        ),
        (
            "a partir de marzo de 2025, por definir",
            Schedule::ContinuousWithin {
                start: ym(2025, 3),
                end: None,
            },
        ),
        ("Anual (noviembre, por confirmar)", recurring(&[11])),
        (
            "Por definir (junio 2025)",
            Schedule::Tentative {
                month: ym(2025, 6),
                days: vec![],
            },
        ),
        ("2026 (TBC)", month_range(ym(2026, 1), ym(2026, 12))),
        (
            "Por definir Agosto 2023 (30 o 31 TBD)",
            Schedule::Tentative {
                month: ym(2023, 8),
                days: vec![30, 31],
            },
        ),
    ] {
        let parsed = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(parsed.schedule, want, "{text:?}");
        assert!(parsed.tentative, "{text:?} is tentative");
    }
    assert!(!parse("Trimestral").unwrap().tentative);
    assert!(!parse("Julio de 2023").unwrap().tentative);
}

#[test]
fn refused_forms_say_why() {
    assert_eq!(
        error("Quincenal"),
        ScheduleError::UnknownWord("Quincenal".into())
    );
    assert_eq!(
        error("fortnightly"),
        ScheduleError::UnknownWord("fortnightly".into())
    );
    assert_eq!(error("Q5 2025"), ScheduleError::BadNumber("5".into()));
    assert!(matches!(
        error("segundo trimestre"),
        ScheduleError::MissingYearIn { .. }
    ));
    assert!(matches!(
        error("hasta junio"),
        ScheduleError::MissingYearIn { .. }
    ));
    assert_eq!(error("Trimestral y anual"), ScheduleError::SeveralCalendars);
    assert_eq!(
        error("2026-2025"),
        ScheduleError::Backwards {
            start: "2026-01".into(),
            end: "2025-12".into()
        }
    );
    assert_eq!(
        error("Trimestral cada mes xyz"),
        ScheduleError::UnknownWord("xyz".into())
    );
    assert_eq!(
        error("trimestral (marzo"),
        ScheduleError::UnbalancedParenthesis
    );
}

#[test]
fn errors_read_in_both_languages() {
    use crate::i18n::Lang;
    let text = ScheduleError::UnknownWord("Quincenal".into()).text();
    assert!(
        text.get(Lang::Es).contains("«Quincenal»"),
        "{}",
        text.get(Lang::Es)
    );
    assert!(
        text.get(Lang::Es).contains("palabra"),
        "{}",
        text.get(Lang::Es)
    );
    assert!(
        text.get(Lang::En).contains("“Quincenal”"),
        "{}",
        text.get(Lang::En)
    );
    let missing = ScheduleError::MissingYear.text();
    assert!(
        missing.get(Lang::Es).starts_with("falta el año"),
        "{}",
        missing.get(Lang::Es)
    );
    assert!(
        missing.get(Lang::En).starts_with("no year"),
        "{}",
        missing.get(Lang::En)
    );
}
#[test]
fn windows_in_words() {
    use crate::i18n::Lang;
    let w = |a: (i32, u32, u32), b: (i32, u32, u32)| Window {
        start: date(a.0, a.1, a.2),
        end: date(b.0, b.1, b.2),
    };
    assert_eq!(
        w((2024, 5, 1), (2024, 5, 31)).text(Lang::Es),
        "mayo de 2024"
    );
    assert_eq!(w((2024, 5, 1), (2024, 5, 31)).text(Lang::En), "May 2024");
    assert_eq!(
        w((2025, 4, 1), (2025, 6, 30)).text(Lang::En),
        "the second quarter of 2025"
    );
    assert_eq!(
        w((2025, 7, 1), (2025, 12, 31)).text(Lang::Es),
        "el segundo semestre de 2025"
    );
    assert_eq!(w((2025, 1, 1), (2025, 12, 31)).text(Lang::En), "2025");
    assert_eq!(
        w((2025, 1, 1), (2025, 2, 28)).text(Lang::Es),
        "enero–febrero de 2025"
    );
    assert_eq!(
        w((2025, 6, 3), (2025, 6, 5)).text(Lang::En),
        "3-5 June 2025"
    );
}

/// Every calendar of the three plans the tests ship, in both languages, as windows: what each
/// phrase means must not move when the reader learns new forms.
#[test]
fn the_shipped_calendars_keep_their_windows() {
    let mut text = String::new();
    for dir in [
        "inputs",
        "tests/plans/southern-corridor",
        "tests/plans/mid-term",
    ] {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let plan = crate::plan::Plan::load(&root.join(dir)).unwrap();
        text.push_str(&format!("# {dir}\n"));
        for a in &plan.activities {
            let changes = a.changes.iter().filter_map(|c| c.schedule.as_ref());
            for entry in std::iter::once(&a.schedule).chain(changes) {
                let windows: Vec<String> = entry
                    .occurrences
                    .iter()
                    .map(|w| format!("{}..{}", w.start, w.end))
                    .collect();
                text.push_str(&format!(
                    "{} {:?} / {:?}: {:?}, window {}..{}, continuous {}, tentative {}, note {:?}, \
                     occurrences [{}]\n",
                    a.code,
                    entry.text,
                    entry.text_en,
                    entry.parsed,
                    entry.window_start,
                    entry.window_end,
                    entry.continuous,
                    entry.tentative,
                    entry.note,
                    windows.join(", ")
                ));
            }
        }
    }
    insta::assert_snapshot!("calendar-windows", text);
}

// The forms of other plans (issue 23), read in a plan of 2026-2028 unless a test says otherwise.

const LONG: Context = Context {
    start: YearMonth {
        year: 2026,
        month: 1,
    },
    end: YearMonth {
        year: 2028,
        month: 12,
    },
};

const ONE_YEAR: Context = Context {
    start: YearMonth {
        year: 2027,
        month: 1,
    },
    end: YearMonth {
        year: 2027,
        month: 12,
    },
};

/// Reads a phrase in a plan and gives its windows as text, and whether it is tentative.
fn read_in(plan: &Context, text: &str) -> (Vec<String>, bool) {
    let parsed = super::parse(text, plan).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    assert_eq!(parsed.note, None, "{text:?}");
    let (a, b) = parsed.schedule.window(plan.start, plan.end);
    let mut out = vec![format!("{a}..{b}")];
    if parsed.schedule.is_continuous() {
        out.push("continuous".to_string());
    }
    (out, parsed.tentative)
}

fn refused_in(plan: &Context, text: &str) -> ScheduleError {
    match super::parse(text, plan) {
        Ok(p) => panic!("{text:?} read as {p:?}"),
        Err(e) => e,
    }
}

#[track_caller]
fn reads(plan: &Context, cases: &[(&str, &str, bool)]) {
    for (text, want, tentative) in cases {
        let (got, t) = read_in(plan, text);
        assert_eq!(got.join(" "), *want, "{text:?}");
        assert_eq!(t, *tentative, "{text:?} tentative");
    }
}

#[test]
fn deadlines_with_end() {
    reads(
        &LONG,
        &[
            ("by the end of 2027", "2026-01-01..2027-12-31", false),
            ("by end of Q3 2027", "2026-01-01..2027-09-30", false),
            (
                "no later than 30 June 2027",
                "2026-01-01..2027-06-30",
                false,
            ),
            ("at the end of March 2027", "2026-01-01..2027-03-31", false),
            ("by June, 2027", "2026-01-01..2027-06-30", false),
            ("al 2027", "2026-01-01..2027-12-31", false),
            ("para 2027", "2026-01-01..2027-12-31", false),
            ("a fines de 2027", "2026-01-01..2027-12-31", false),
            (
                "a más tardar en junio de 2027",
                "2026-01-01..2027-06-30",
                false,
            ),
            ("hasta junio, 2027", "2026-01-01..2027-06-30", false),
        ],
    );
}

#[test]
fn two_digit_end_years_and_loose_spacing() {
    let span = "2027-01-01..2028-12-31 continuous";
    reads(
        &LONG,
        &[
            ("2027-28", span, false),
            ("2027 – 28", span, false),
            ("2027 -2028", span, false),
            ("2027- 2028", span, false),
            ("2027—2028", span, false),
            ("2027-07", "2027-07-01..2027-07-31", false),
        ],
    );
    assert!(matches!(
        refused_in(&LONG, "2027-13"),
        ScheduleError::NoSuchMonth { month: 13, .. }
    ));
}

#[test]
fn hedges_mark_the_calendar_tentative() {
    reads(
        &LONG,
        &[
            ("planned for 2027", "2027-01-01..2027-12-31", true),
            ("expected in 2027", "2027-01-01..2027-12-31", true),
            ("tentatively Q2 2027", "2027-04-01..2027-06-30", true),
            ("June 2027 - tbc", "2027-06-01..2027-06-30", true),
            ("previsto para 2027", "2027-01-01..2027-12-31", true),
            ("junio de 2027, a confirmar", "2027-06-01..2027-06-30", true),
            ("2027 (a confirmar)", "2027-01-01..2027-12-31", true),
        ],
    );
}

#[test]
fn spans_in_words_are_continuous() {
    let span = "2027-01-01..2028-12-31 continuous";
    reads(
        &LONG,
        &[
            ("throughout 2027-28", span, false),
            ("during 2027 - 2028", span, false),
            ("entre 2027 y 2028", span, false),
            ("between 2027 and 2028", span, false),
            ("de 2027 a 2028", span, false),
            (
                "continues until 2028",
                "2026-01-01..2028-12-31 continuous",
                false,
            ),
            (
                "sigue en curso en 2027",
                "2027-01-01..2027-12-31 continuous",
                false,
            ),
            (
                "continúa hasta junio de 2027",
                "2026-01-01..2027-06-30 continuous",
                false,
            ),
        ],
    );
}

#[test]
fn dates_as_offices_type_them() {
    reads(
        &LONG,
        &[
            ("Mar/2027", "2027-03-01..2027-03-31", false),
            ("15/Mar/2027", "2027-03-15..2027-03-15", false),
            ("Set/2027", "2027-09-01..2027-09-30", false),
            ("15-mar-2027", "2027-03-15..2027-03-15", false),
            ("1ro de marzo de 2027", "2027-03-01..2027-03-01", false),
            ("1° de marzo de 2027", "2027-03-01..2027-03-01", false),
            ("1st March 2027", "2027-03-01..2027-03-01", false),
            ("Qtr 2 2027", "2027-04-01..2027-06-30", false),
            ("2Q 2027", "2027-04-01..2027-06-30", false),
            ("1er trim. 2027", "2027-01-01..2027-03-31", false),
            ("2do trimestre 2027", "2027-04-01..2027-06-30", false),
        ],
    );
    reads(
        &ONE_YEAR,
        &[
            ("1ro de marzo", "2027-03-01..2027-03-01", false),
            ("1° de marzo", "2027-03-01..2027-03-01", false),
        ],
    );
}

#[test]
fn a_month_without_a_year_takes_the_year_of_a_one_year_plan() {
    reads(
        &ONE_YEAR,
        &[
            ("by end of August", "2027-01-01..2027-08-31", false),
            ("in October", "2027-10-01..2027-10-31", false),
            ("en octubre", "2027-10-01..2027-10-31", false),
            (
                "through March and April",
                "2027-03-01..2027-04-30 continuous",
                false,
            ),
            ("hasta junio", "2027-01-01..2027-06-30", false),
            ("Mayo – Diciembre", "2027-05-01..2027-12-31", false),
            ("segundo trimestre", "2027-04-01..2027-06-30", false),
            ("Por definir agosto", "2027-08-01..2027-08-31", true),
        ],
    );
    let parsed = super::parse("in October", &ONE_YEAR).unwrap();
    assert_eq!(parsed.readings, vec![Reading::PlanYear { year: 2027 }]);
    // Bare month lists stay recurring, in any plan.
    assert_eq!(
        super::parse("Mayo, agosto, noviembre, febrero", &ONE_YEAR)
            .unwrap()
            .schedule,
        recurring(&[5, 8, 11, 2])
    );
    assert_eq!(
        super::parse("October", &ONE_YEAR).unwrap().schedule,
        recurring(&[10])
    );
    // In a plan of several years the year is asked for, with the years it could be.
    for text in [
        "by end of August",
        "in October",
        "hasta junio",
        "1° de marzo",
    ] {
        match refused_in(&LONG, text) {
            ScheduleError::MissingYearIn {
                first: 2026,
                last: 2028,
                example,
            } => assert_eq!(example, format!("{text} 2026")),
            e => panic!("{text:?}: {e:?}"),
        }
        let message = refused_in(&LONG, text).text();
        let (es, en) = (
            message.get(crate::i18n::Lang::Es),
            message.get(crate::i18n::Lang::En),
        );
        assert!(es.contains("2026") && es.contains("2028"), "{es}");
        assert!(en.contains(&format!("“{text} 2026”")), "{en}");
    }
}

#[test]
fn fuzzy_times_read_by_the_parts_of_a_year() {
    reads(
        &LONG,
        &[
            ("early 2027", "2027-01-01..2027-03-31", true),
            ("mid-2027", "2027-04-01..2027-09-30", true),
            ("late 2027", "2027-10-01..2027-12-31", true),
            ("principios de 2027", "2027-01-01..2027-03-31", true),
            ("a mediados de 2027", "2027-04-01..2027-09-30", true),
            ("finales de 2027", "2027-10-01..2027-12-31", true),
            ("by early 2027", "2026-01-01..2027-03-31", true),
            ("by mid-2027", "2026-01-01..2027-06-30", true),
            ("by late 2027", "2026-01-01..2027-12-31", true),
            ("para mediados de 2027", "2026-01-01..2027-06-30", true),
            (
                "a partir de mediados de 2027",
                "2027-04-01..2028-12-31 continuous",
                true,
            ),
        ],
    );
    let parsed = super::parse("mid-2027", &LONG).unwrap();
    assert_eq!(
        parsed.readings,
        vec![Reading::Fuzzy {
            read: Read::Window(Window::months(ym(2027, 4), ym(2027, 9)))
        }]
    );
    let note = parsed.readings[0].text("mid-2027");
    assert!(
        note.get(crate::i18n::Lang::Es).contains("abril"),
        "{note:?}"
    );
    assert!(
        note.get(crate::i18n::Lang::En).contains("April"),
        "{note:?}"
    );
    assert!(matches!(
        refused_in(&LONG, "early March 2027"),
        ScheduleError::FuzzyWithoutYear(_)
    ));
}

#[test]
fn relative_times_count_from_the_plan_when_they_say_so() {
    reads(
        &LONG,
        &[
            ("within the first 9 months", "2026-01-01..2026-09-30", false),
            (
                "within the first 9 months of the plan",
                "2026-01-01..2026-09-30",
                false,
            ),
            (
                "dentro de los primeros 9 meses del plan",
                "2026-01-01..2026-09-30",
                false,
            ),
            ("by the end of year 2", "2026-01-01..2027-12-31", false),
            ("al final del año 2", "2026-01-01..2027-12-31", false),
            ("in year 2", "2027-01-01..2027-12-31", false),
        ],
    );
    let e = refused_in(&LONG, "within 9 months");
    assert!(matches!(e, ScheduleError::CountFromWhen { months: 9, .. }));
    assert!(e
        .text()
        .get(crate::i18n::Lang::En)
        .contains("by September 2026"));
}

#[test]
fn a_note_holds_no_calendar_word() {
    // The comma-year misreading: the month was dropped into the note.
    for text in [
        "Informe hasta junio, 2027",
        "Report by June, 2027",
        "Reunión regional de junio, 2027",
        "Foro para el cierre, 2027",
        "Workshop, end of the year, 2027",
        "Taller 3, 25 de abril 2027",
    ] {
        assert!(
            matches!(refused_in(&LONG, text), ScheduleError::WordInNote { .. }),
            "{text:?}: {:?}",
            super::parse(text, &LONG)
        );
    }
    // A comma before the year no longer parts a deadline: the whole of it is the calendar.
    let parsed = super::parse("Informe, hasta junio, 2027", &LONG).unwrap();
    assert_eq!(
        parsed.schedule,
        Schedule::Until {
            end: date(2027, 6, 30)
        }
    );
    assert_eq!(parsed.note.as_deref(), Some("Informe"));
    // The shipped plan's note still reads.
    let side_event =
        parse("Evento paralelo en el marco del Foro, 25 de abril 2023, Santiago de Chile").unwrap();
    assert_eq!(
        side_event.note.as_deref(),
        Some("Evento paralelo en el marco del Foro, Santiago de Chile")
    );
}

#[test]
fn refusals_name_the_word_and_propose_the_nearest() {
    let e = refused_in(&LONG, "Juli 2027");
    assert_eq!(e, ScheduleError::UnknownWord("Juli".to_string()));
    assert!(e.text().get(crate::i18n::Lang::Es).contains("«julio»"));
    assert!(e.text().get(crate::i18n::Lang::En).contains("“july”"));
    let e = refused_in(&LONG, "Trimestrall");
    assert!(e.text().get(crate::i18n::Lang::Es).contains("«trimestral»"));
    let e = refused_in(&LONG, "Evento en Santiago");
    assert!(!e.text().get(crate::i18n::Lang::Es).contains('?'));
}

/// Asserts that the refusal of `text` quotes `word` and proposes `near` in both languages,
/// and that `near` is read.
#[track_caller]
fn teaches(text: &str, word: &str, near: &str) {
    use crate::i18n::Lang;
    let e = refused_in(&LONG, text);
    let t = e.text();
    let (es, en) = (t.get(Lang::Es), t.get(Lang::En));
    assert!(es.contains(&format!("«{word}»")), "{text:?}: {es}");
    assert!(en.contains(&format!("“{word}”")), "{text:?}: {en}");
    assert!(es.contains(&format!("«{near}»")), "{text:?}: {es}");
    assert!(en.contains(&format!("“{near}”")), "{text:?}: {en}");
    assert!(super::parse(near, &LONG).is_ok(), "{near:?} is not read");
}

#[test]
fn refusals_name_the_word_and_propose_a_form_that_reads() {
    // Unreadable: the word out of place, and the phrase without it.
    teaches("Agosto 2027 5", "5", "Agosto 2027");
    teaches("June 2027 3", "3", "June 2027");
    // Mixed range: the day, and the run of months without it.
    teaches("5 de mayo – junio 2027", "5", "mayo – junio 2027");
    teaches("3 June – July 2027", "3", "June – July 2027");
    // Several ranges: the second, and one range from the first end to the last.
    teaches("Mayo – Junio – Julio 2027", "– Julio", "Mayo – Julio 2027");
    teaches("May – June – July 2027", "– July", "May – July 2027");
    // A month 13: the number, and December or the two years.
    teaches("2027-13", "2027-12", "2027-2028");
    let e = refused_in(&LONG, "2027-13");
    assert!(e.text().get(crate::i18n::Lang::Es).contains("mes 13"));
    assert!(e.text().get(crate::i18n::Lang::En).contains("month 13"));
    assert!(super::parse("2027-12", &LONG).is_ok());
    // No word is left unnamed when nothing one word away reads.
    let e = refused_in(&LONG, "Mayo 2027 agosto 2027");
    assert!(e.text().get(crate::i18n::Lang::Es).contains("«agosto»"));
    assert!(e.text().get(crate::i18n::Lang::En).contains("“agosto”"));
    for example in [
        "25 de abril de 2025",
        "agosto de 2025",
        "mayo – diciembre de 2025",
        "25 April 2025",
        "August 2025",
        "May – December 2025",
    ] {
        assert!(super::parse(example, &LONG).is_ok(), "{example:?}");
    }
}

#[test]
fn portuguese_and_french_calendars_read_as_the_spanish_and_english_ones() {
    for text in [
        "Trimestral",
        "trimestralmente",
        "a cada trimestre",
        "trimestriel",
        "Trimestrielle",
        "chaque trimestre",
    ] {
        assert_eq!(
            schedule_any(text),
            periodic(Period::Quarter, None, None),
            "{text:?}"
        );
    }
    for text in [
        "1º trimestre de 2025",
        "primeiro trimestre de 2025",
        "T1 2025",
        "premier trimestre 2025",
        "1er trimestre 2025",
    ] {
        assert_eq!(
            schedule_any(text),
            month_range(ym(2025, 1), ym(2025, 3)),
            "{text:?}"
        );
    }
    for text in [
        "1º semestre de 2025",
        "primeiro semestre de 2025",
        "premier semestre 2025",
        "S1 2025",
    ] {
        assert_eq!(
            schedule_any(text),
            month_range(ym(2025, 1), ym(2025, 6)),
            "{text:?}"
        );
    }
    for text in [
        "até junho de 2025",
        "d'ici juin 2025",
        "d’ici juin 2025",
        "jusqu'en juin 2025",
        "avant juin 2025",
    ] {
        assert_eq!(
            schedule_any(text),
            Schedule::Until {
                end: date(2025, 6, 30)
            },
            "{text:?}"
        );
    }
    for text in [
        "a partir de março de 2025",
        "à partir de mars 2025",
        "dès mars 2025",
    ] {
        assert_eq!(
            schedule_any(text),
            Schedule::ContinuousWithin {
                start: ym(2025, 3),
                end: None
            },
            "{text:?}"
        );
    }
    for text in ["en continu", "processus continu", "processo contínuo"] {
        assert_eq!(schedule_any(text), Schedule::Continuous, "{text:?}");
    }
    // A note may hold the ordinary words of Spanish and English that Portuguese and French
    // calendars use.
    for (text, day) in [
        ("Taller de datos en el marco del Foro, 25 de abril 2023", 25),
        ("Evento de inicio, 24 de abril 2023, Lima", 24),
        ("Data workshop, 26 April 2023, Permanent Forum", 26),
        ("Save the date, 27 April 2023, sold out", 27),
    ] {
        let parsed = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(
            parsed.schedule,
            dates(date(2023, 4, day), date(2023, 4, day)),
            "{text:?}"
        );
        assert!(parsed.note.is_some(), "{text:?}");
    }
    // An apostrophe anywhere but between two words is still refused.
    assert_eq!(
        error("juin' 2025"),
        ScheduleError::UnexpectedCharacter('\'')
    );
}
