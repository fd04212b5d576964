//! Findings: what is wrong with the data, and where.
//!
//! A finding is about the data (a bad cell, a late activity). It is collected, counted and
//! reported, and the run goes on. It is never an error that stops the run: those live in
//! [`crate::Error`]. Every finding carries its message in both languages, built from the
//! string tables, so the same finding reads right in the Spanish and the English outputs.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::i18n::{Lang, Text};

mod identity;
pub use identity::{assign_ids, months_between, open_since, quarter_start, Opens};

/// How serious a finding is. Ordered most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The row was rejected, or the file could not be used.
    Error,
    /// The data was used, but something in it deserves a look.
    Warning,
    /// For information; nothing to correct.
    Info,
}

impl Severity {
    /// All severities, most severe first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// Returns the contract's name of the severity.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Returns the string key of its label in running text, the workbooks and the CSV
    /// (`severity.error`).
    pub fn label_key(self) -> &'static str {
        match self {
            Severity::Error => "severity.error",
            Severity::Warning => "severity.warning",
            Severity::Info => "severity.info",
        }
    }

    /// Returns the string key of its label in the documents (`doc.severity.error`).
    pub fn doc_label_key(self) -> &'static str {
        match self {
            Severity::Error => "doc.severity.error",
            Severity::Warning => "doc.severity.warning",
            Severity::Info => "doc.severity.info",
        }
    }
}

impl crate::model::Term for Severity {
    fn all() -> &'static [Self] {
        &Severity::ALL
    }
    fn key(self) -> &'static str {
        self.as_str()
    }
    fn label_key(self) -> &'static str {
        Severity::label_key(self)
    }
    fn doc_label_key(self) -> &'static str {
        Severity::doc_label_key(self)
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $key:literal;)*) => {
        /// The kind of a finding (docs/findings.md).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $(
            #[doc = concat!("`", $name, "`")]
            $variant,
        )* }

        impl Code {
            /// Every code, in the contract's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// Returns the code as written in the contract (`unknown-activity`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name),* }
            }

            /// Returns the code's severity, unless the network's settings set another for a
            /// check ([`crate::config::Checks`]).
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),* }
            }

            /// Returns the string-table key of the code's message (`finding.unknown-activity`),
            /// written out in the table below so that a test can see every one.
            pub fn message_key(self) -> &'static str {
                match self { $(Code::$variant => $key),* }
            }
        }
    };
}

codes! {
    UnreadableFile = "unreadable-file", Error, "finding.unreadable-file";
    UnrecognizedForm = "unrecognized-form", Error, "finding.unrecognized-form";
    MissingColumn = "missing-column", Error, "finding.missing-column";
    UnknownColumn = "unknown-column", Info, "finding.unknown-column";
    MissingValue = "missing-value", Error, "finding.missing-value";
    InvalidActivity = "invalid-activity", Error, "finding.invalid-activity";
    UnknownActivity = "unknown-activity", Error, "finding.unknown-activity";
    AmbiguousActivity = "ambiguous-activity", Error, "finding.ambiguous-activity";
    InvalidPeriod = "invalid-period", Error, "finding.invalid-period";
    InvalidDate = "invalid-date", Error, "finding.invalid-date";
    FuturePeriod = "future-period", Error, "finding.future-period";
    InvalidStatus = "invalid-status", Error, "finding.invalid-status";
    InvalidProgress = "invalid-progress", Error, "finding.invalid-progress";
    UnknownAgency = "unknown-agency", Error, "finding.unknown-agency";
    InvalidObjective = "invalid-objective", Error, "finding.invalid-objective";
    InvalidEntityType = "invalid-entity-type", Warning, "finding.invalid-entity-type";
    UnknownCountry = "unknown-country", Warning, "finding.unknown-country";
    CellError = "cell-error", Error, "finding.cell-error";
    IgnoredFile = "ignored-file", Info, "finding.ignored-file";
    LimitExceeded = "limit-exceeded", Error, "finding.limit-exceeded";
    DuplicateRow = "duplicate-row", Warning, "finding.duplicate-row";
    ConflictingReport = "conflicting-report", Warning, "finding.conflicting-report";
    AgenciesDisagree = "agencies-disagree", Warning, "finding.agencies-disagree";
    ProgressDrop = "progress-drop", Warning, "finding.progress-drop";
    ProgressStalled = "progress-stalled", Warning, "finding.progress-stalled";
    CompletedWithoutDate = "completed-without-date", Info, "finding.completed-without-date";
    ImplausibleDate = "implausible-date", Warning, "finding.implausible-date";
    AgencyNotInvolved = "agency-not-involved", Info, "finding.agency-not-involved";
    FormNotReceived = "form-not-received", Warning, "finding.form-not-received";
    FormLate = "form-late", Info, "finding.form-late";
    InvalidReceipt = "invalid-receipt", Warning, "finding.invalid-receipt";
    InvalidMailDate = "invalid-mail-date", Warning, "finding.invalid-mail-date";
    UnknownSender = "unknown-sender", Info, "finding.unknown-sender";
    SenderOtherAgency = "sender-other-agency", Warning, "finding.sender-other-agency";
    MailWithoutForm = "mail-without-form", Info, "finding.mail-without-form";
    ProgressInconsistent = "progress-inconsistent", Warning, "finding.progress-inconsistent";
    StatusRegression = "status-regression", Warning, "finding.status-regression";
    Overdue = "overdue", Warning, "finding.overdue";
    OccurrenceMissing = "occurrence-missing", Warning, "finding.occurrence-missing";
    MissingReport = "missing-report", Warning, "finding.missing-report";
    DroppedActivity = "dropped-activity", Warning, "finding.dropped-activity";
    PledgeNotUpdated = "pledge-not-updated", Info, "finding.pledge-not-updated";
    PlanNote = "plan-note", Info, "finding.plan-note";
    PublishedFiguresChanged = "published-figures-changed", Warning, "finding.published-figures-changed";
    PublishedRecordUnreadable = "published-record-unreadable", Warning, "finding.published-record-unreadable";
    InvalidDecision = "invalid-decision", Warning, "finding.invalid-decision";
    StaleDecision = "stale-decision", Info, "finding.stale-decision";
    NarrativeMissing = "narrative-missing", Info, "finding.narrative-missing";
    NarrativeOneLanguage = "narrative-one-language", Warning, "finding.narrative-one-language";
    NarrativeUnknownHeading = "narrative-unknown-heading", Warning, "finding.narrative-unknown-heading";
    NarrativeLeftOut = "narrative-left-out", Info, "finding.narrative-left-out";
    NarrativeDuplicate = "narrative-duplicate", Error, "finding.narrative-duplicate";
    NarrativeOldFormat = "narrative-old-format", Error, "finding.narrative-old-format";
    NarrativeFiguresChanged = "narrative-figures-changed", Warning, "finding.narrative-figures-changed";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Returns the exit status findings give a command: 1 when any is an error, else 0.
pub fn exit_status(findings: &[Finding]) -> u8 {
    u8::from(SeverityCounts::of(findings).error > 0)
}

/// Where in the inputs a finding points.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The file, relative to the inputs folder, with `/`.
    pub file: Option<String>,
    /// The sheet name (none for CSV).
    pub sheet: Option<String>,
    /// The row a spreadsheet program shows (1-based), or the CSV line number.
    pub row: Option<u32>,
    /// The column letter (`A`, `AB`).
    pub column: Option<String>,
}

impl Location {
    /// Points at a whole file.
    pub fn file(file: &str) -> Location {
        Location {
            file: Some(file.to_string()),
            ..Location::default()
        }
    }

    /// Describes the location in plain words (`status/oim.xlsx, hoja Estado, fila 7, columna D`).
    pub fn describe(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if let Some(f) = &self.file {
            parts.push(f.clone());
        }
        if let Some(s) = &self.sheet {
            parts.push(crate::i18n::tr(lang, "loc.sheet", &[("sheet", s)]));
        }
        if let Some(r) = self.row {
            parts.push(crate::i18n::tr(lang, "loc.row", &[("row", &r)]));
        }
        if let Some(c) = &self.column {
            parts.push(crate::i18n::tr(lang, "loc.column", &[("column", c)]));
        }
        parts.join(", ")
    }
}

/// How many characters of a cell a message quotes.
pub const QUOTE_CHARS: usize = 80;

/// Returns text as a message quotes it: trimmed, and cut after [`QUOTE_CHARS`] characters with
/// `…`, so a finding costs the same whatever the cell holds. Text that holds a direction mark
/// is isolated ([`isolate`]), so that a right-to-left override in a cell cannot turn the rest of
/// the message around in any output.
pub fn excerpt(text: &str) -> String {
    let text = text.trim();
    let cut = match text.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_string(),
    };
    isolate(cut)
}

/// Whether `c` changes the direction of the text around it (Unicode's bidirectional marks,
/// embeddings, overrides and isolates).
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Returns `text` as it is when it holds no direction mark; else between a first-strong
/// isolate (U+2068) and its end (U+2069), every isolate it opens closed before that end, and
/// an end of isolate it holds that closes nothing of its own left out (it would end the
/// enclosing one). Whatever the text holds, what follows it keeps its direction.
pub fn isolate(text: String) -> String {
    if !text.chars().any(is_direction_mark) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 8);
    out.push('\u{2068}');
    let mut open = 0usize;
    for c in text.chars() {
        match c {
            '\u{2066}'..='\u{2068}' => {
                open += 1;
                out.push(c);
            }
            '\u{2069}' if open == 0 => {}
            '\u{2069}' => {
                open -= 1;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.extend(std::iter::repeat_n('\u{2069}', open + 1));
    out
}

/// Returns a size and the limit it is over, in the largest unit (MB, KB, bytes) that tells
/// them apart, so that no message reads "0 MB > 0 MB".
pub fn sizes(size: u64, limit: u64) -> (String, String) {
    for (unit, name) in [(1 << 20, "MB"), (1 << 10, "KB")] {
        if size / unit != limit / unit && limit / unit > 0 {
            return (
                format!("{} {name}", size / unit),
                format!("{} {name}", limit / unit),
            );
        }
    }
    (format!("{size} bytes"), format!("{limit} bytes"))
}

/// Returns "size > limit", in the unit [`sizes`] chooses: the detail of a file over a limit.
pub fn over_limit(size: u64, limit: u64) -> String {
    let (size, limit) = sizes(size, limit);
    format!("{size} > {limit}")
}

/// One problem found in the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind of problem.
    pub code: Code,
    /// How serious it is: the code's, or the one the settings give a check.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// The activity it concerns, when known.
    pub activity: Option<String>,
    /// The pledge it concerns, when known.
    pub pledge: Option<String>,
    /// The agency it concerns, when known (an agency id): for a row, the one its Agency cell
    /// names; used to address follow-up messages.
    pub agency: Option<String>,
    /// The month of a calendar it concerns (a missed occurrence: the first month of its
    /// window), so that an activity's findings can be put in calendar order.
    pub month: Option<crate::calendar::YearMonth>,
    /// The month the window it concerns ended (an overdue activity, a missed occurrence): the
    /// month such a finding is open since ([`Code::opens`]).
    pub window_end: Option<crate::calendar::YearMonth>,
    /// Its identity, the same from run to run while the problem stays ([`assign_ids`]); empty
    /// until the findings of a run are sorted and given their ids.
    pub id: String,
    /// The month it has been open since ([`Code::opens`]), set with its id.
    pub open_since: Option<crate::calendar::YearMonth>,
    /// Whole months from [`Finding::open_since`] to the as-of month (0: this month).
    pub age_months: Option<u32>,
    /// What the secretariat decided about it in the follow-up register, if anything.
    pub decision: Option<crate::model::Decision>,
    /// The note the secretariat wrote beside its decision.
    pub note: Option<String>,
    /// What is wrong and what to write instead, in both languages.
    pub message: Text,
    /// For a file that could not be read, the string key of why (`reason.encrypted`): what
    /// a follow-up asks of the agency depends on it.
    pub reason: Option<&'static str>,
    /// What it is about when nothing above says it (a narrative's document and section): part
    /// of its identity ([`assign_ids`]), not of what the outputs show.
    pub subject: Option<String>,
}

impl Finding {
    /// Builds a finding with the message of string-table key `finding.<code>`.
    pub fn new(code: Code, location: Location, args: &[(&str, &dyn fmt::Display)]) -> Finding {
        Finding {
            code,
            severity: code.severity(),
            location,
            activity: None,
            pledge: None,
            agency: None,
            month: None,
            window_end: None,
            id: String::new(),
            open_since: None,
            age_months: None,
            decision: None,
            note: None,
            message: Text::tr(code.message_key(), args),
            reason: None,
            subject: None,
        }
    }

    /// Builds a finding whose message arguments differ per language (accepted words, field
    /// names).
    pub fn localized(
        code: Code,
        location: Location,
        args: impl Fn(Lang) -> Vec<(&'static str, String)>,
    ) -> Finding {
        Finding::localized_with(code, code.message_key(), location, args)
    }

    /// Builds a finding with the message of string-table key `key` instead of the code's own.
    pub fn localized_with(
        code: Code,
        key: &str,
        location: Location,
        args: impl Fn(Lang) -> Vec<(&'static str, String)>,
    ) -> Finding {
        let render = |lang| {
            let owned = args(lang);
            let refs: Vec<(&str, &dyn fmt::Display)> = owned
                .iter()
                .map(|(k, v)| (*k, v as &dyn fmt::Display))
                .collect();
            crate::i18n::tr(lang, key, &refs)
        };
        Finding {
            code,
            severity: code.severity(),
            location,
            activity: None,
            pledge: None,
            agency: None,
            month: None,
            window_end: None,
            id: String::new(),
            open_since: None,
            age_months: None,
            decision: None,
            note: None,
            message: Text::from_fn(render),
            reason: None,
            subject: None,
        }
    }

    /// Sets the activity the finding concerns.
    pub fn with_activity(mut self, code: impl Into<String>) -> Finding {
        self.activity = Some(code.into());
        self
    }

    /// Sets the pledge the finding concerns.
    pub fn with_pledge(mut self, id: impl Into<String>) -> Finding {
        self.pledge = Some(id.into());
        self
    }

    /// Sets the agency the finding concerns.
    pub fn with_agency(mut self, id: impl Into<String>) -> Finding {
        self.agency = Some(id.into());
        self
    }

    /// Sets the month of a calendar the finding concerns.
    pub fn with_month(mut self, month: crate::calendar::YearMonth) -> Finding {
        self.month = Some(month);
        self
    }

    /// Sets the month the window it concerns ended.
    pub fn with_window_end(mut self, month: crate::calendar::YearMonth) -> Finding {
        self.window_end = Some(month);
        self
    }

    /// Names what it is about when no other field does (a narrative's document).
    pub fn with_subject(mut self, subject: impl Into<String>) -> Finding {
        self.subject = Some(subject.into());
        self
    }

    /// Names why a file could not be read, by its string key (`reason.encrypted`).
    pub fn with_reason(mut self, key: &'static str) -> Finding {
        self.reason = Some(key);
        self
    }

    /// Returns the finding's severity.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The order findings are listed in: file, then most severe first, then position.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.location.file.is_none(),
            &self.location.file,
            self.severity(),
            &self.location.sheet,
            self.location.row,
            &self.location.column,
            &self.activity,
            self.code,
            &self.pledge,
            // What tells apart findings of one code and place, before their words: the order
            // is the same whatever languages the messages are made in.
            (&self.agency, self.month, self.window_end, &self.subject),
            &self.message,
        )
    }

    /// Returns the finding as the contract's JSON object, with the message in `lang`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "code": self.code,
            "severity": self.severity(),
            "file": self.location.file,
            "sheet": self.location.sheet,
            "row": self.location.row,
            "column": self.location.column,
            "activity": self.activity,
            "pledge": self.pledge,
            "agency": self.agency,
            "id": self.id,
            "open_since": self.open_since.map(|m| m.to_string()),
            "age_months": self.age_months,
            "decision": self.decision,
            "note": self.note,
            "message": self.message.get(lang),
        })
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    /// Findings of severity error.
    pub error: usize,
    /// Findings of severity warning.
    pub warning: usize,
    /// Findings of severity info.
    pub info: usize,
}

impl SeverityCounts {
    /// Counts `findings` by severity.
    pub fn of(findings: &[Finding]) -> SeverityCounts {
        let mut c = SeverityCounts::default();
        for f in findings {
            match f.severity() {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Info => c.info += 1,
            }
        }
        c
    }
}

/// Sorts findings into the order they are shown in and removes exact repeats.
pub fn sort(findings: &mut Vec<Finding>) {
    use rayon::slice::ParallelSliceMut;
    findings.par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_cell_with_a_direction_mark_is_isolated_and_cannot_turn_the_message_around() {
        assert_eq!(excerpt("  en curso "), "en curso");
        assert_eq!(
            excerpt("\u{202E}adalatelpmoc"),
            "\u{2068}\u{202E}adalatelpmoc\u{2069}"
        );
        // An isolate the cell opens is closed before the quote's own end; an end it holds
        // that closes nothing of its own is left out, so the quote's isolate ends last.
        assert_eq!(
            excerpt("\u{2067}abc"),
            "\u{2068}\u{2067}abc\u{2069}\u{2069}"
        );
        assert_eq!(
            excerpt("\u{2069}\u{202E}abc"),
            "\u{2068}\u{202E}abc\u{2069}"
        );
        let long = format!("\u{200F}{}", "x".repeat(200));
        let quoted = excerpt(&long);
        assert!(quoted.starts_with('\u{2068}') && quoted.ends_with("…\u{2069}"));
    }

    #[test]
    fn sizes_are_shown_in_a_unit_that_tells_them_apart() {
        assert_eq!(
            sizes(300 << 20, 200 << 20),
            ("300 MB".into(), "200 MB".into())
        );
        assert_eq!(
            sizes(600 << 10, 500 << 10),
            ("600 KB".into(), "500 KB".into())
        );
        assert_eq!(
            sizes(2_000, 1_000),
            ("2000 bytes".into(), "1000 bytes".into())
        );
        assert_eq!(
            sizes(1_048_577, 1_048_576),
            ("1048577 bytes".into(), "1048576 bytes".into())
        );
    }

    #[test]
    fn every_code_has_a_message_in_both_languages() {
        for code in Code::ALL {
            assert_eq!(
                code.message_key().strip_prefix("finding."),
                Some(code.as_str()),
                "the message key of {code} is not finding.{code}"
            );
            for lang in Lang::ALL {
                let key = code.message_key();
                assert!(
                    crate::i18n::table(lang).contains_key(key),
                    "no {lang} message for {key}"
                );
            }
        }
    }
}
