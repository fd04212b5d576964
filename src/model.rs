//! The words of the domain that every stage shares: statuses, entity types, and where a
//! record came from.
//!
//! Every fact about a status or an entity type is declared here, once: its canonical key, the
//! string keys of its labels in each table it is shown in, and its IATI code (its colour is
//! `palette`'s, keyed by these types). The words a form may use for it are data, in each
//! language's words file (`data/words/`, [`crate::words`]), under its family and canonical
//! key, so a language adds its words without touching this file. A stage never spells a status
//! as a string of its own, nor builds a label key from one.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::text::fold;

/// Where a record was read: file, sheet and row, so every figure can be traced to its cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Source {
    /// The file, relative to the inputs folder, with `/` (shared by every row of the file).
    pub file: Arc<str>,
    /// The sheet (none for CSV; shared by every row of the sheet).
    pub sheet: Option<Arc<str>>,
    /// The row a spreadsheet program shows, or the CSV line number.
    pub row: u32,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(s) => write!(f, "{} › {} › {}", self.file, s, self.row),
            None => write!(f, "{} › {}", self.file, self.row),
        }
    }
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])* $name:ident words $family:literal {
            $($(#[$vmeta:meta])* $variant:ident = $canon:literal
                label $label:literal doc $doc:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            /// Every value, in the contract's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The section of the words files (`data/words/`) that holds its words.
            pub const WORDS: &'static str = $family;

            /// Returns the canonical name of the contract (`in-progress`).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $canon),* }
            }

            /// Returns the string key of its label in running text and in the workbooks
            /// (`status.in-progress`).
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }

            /// Returns the string key of its label in the documents (`doc.status.in-progress`).
            pub fn doc_label_key(self) -> &'static str {
                match self { $($name::$variant => $doc),* }
            }

            /// Returns the words in `lang` that mean this value, the preferred one first (none
            /// when the language has no words file).
            pub fn words(self, lang: crate::i18n::Lang) -> &'static [String] {
                crate::words::of(lang.code()).map_or(&[], |w| w.term($family, self.as_str()))
            }

            /// Returns the preferred word for this value in `lang` (its canonical key when the
            /// language has none).
            pub fn word(self, lang: crate::i18n::Lang) -> &'static str {
                self.words(lang).first().map_or(self.as_str(), String::as_str)
            }

            /// Lists the preferred word of each value in `lang`, for a message
            /// ("no iniciada, en curso, completada, …").
            pub fn accepted(lang: crate::i18n::Lang) -> String {
                let mut words: Vec<&str> = $name::ALL.iter().map(|v| v.word(lang)).collect();
                words.dedup();
                words.join(", ")
            }

            /// Reads a value written in any language that has a words file, or as its canonical
            /// key, any case, accents optional.
            pub fn parse(s: &str) -> Option<$name> {
                // Every accepted spelling, folded once per process.
                static TABLE: std::sync::LazyLock<Vec<(String, $name)>> =
                    std::sync::LazyLock::new(|| {
                        let mut t = Vec::new();
                        for &v in $name::ALL {
                            t.push((v.as_str().to_string(), v));
                            t.push((v.as_str().replace('-', " "), v));
                            for words in crate::words::every() {
                                for w in words.term($family, v.as_str()) {
                                    t.push((fold(w), v));
                                }
                            }
                        }
                        t
                    });
                let folded = fold(s);
                let folded = folded.trim_end_matches('.');
                TABLE.iter().find(|(w, _)| w == folded).map(|(_, v)| *v)
            }
        }

        term!($name);
    };
}

/// Implements what every value of the vocabulary shares, from its inherent `ALL`, `as_str`,
/// `label_key` and `doc_label_key`: `Display` and `Serialize` as its canonical key, and
/// [`Term`].
macro_rules! term {
    ($name:ident) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl Term for $name {
            fn all() -> &'static [Self] {
                &$name::ALL
            }
            fn key(self) -> &'static str {
                self.as_str()
            }
            fn label_key(self) -> &'static str {
                $name::label_key(self)
            }
            fn doc_label_key(self) -> &'static str {
                $name::doc_label_key(self)
            }
        }
    };
}

vocabulary! {
    /// The status of an activity (docs/statuses.md).
    Status words "status" {
        /// Not started yet.
        NotStarted = "not-started" label "status.not-started" doc "doc.status.not-started",
        /// Under way.
        InProgress = "in-progress" label "status.in-progress" doc "doc.status.in-progress",
        /// Done.
        Completed = "completed" label "status.completed" doc "doc.status.completed",
        /// Put off to a later date.
        Postponed = "postponed" label "status.postponed" doc "doc.status.postponed",
        /// Will not take place.
        Cancelled = "cancelled" label "status.cancelled" doc "doc.status.cancelled",
    }
}

/// A value of the vocabulary as the outputs show it: its canonical key, and the string keys
/// that label it, written out where the value is declared so that no key is assembled at run
/// time. `ReportData`'s count tables are keyed by these types; `data.json` carries them as
/// their canonical keys.
pub trait Term: Copy + Eq + std::hash::Hash + fmt::Debug + Serialize + 'static {
    /// Every value, in report order.
    fn all() -> &'static [Self];
    /// Returns the canonical key (`in-progress`).
    fn key(self) -> &'static str;
    /// Returns the string key of its label in running text and in the workbooks.
    fn label_key(self) -> &'static str;
    /// Returns the string key of its label in the documents (`doc.…`).
    fn doc_label_key(self) -> &'static str;
    /// Returns the value whose canonical key is `key`, if any.
    fn from_key(key: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.key() == key)
    }
}

/// Declares a value of the vocabulary or its absence, which the outputs show as a value of
/// its own (`not-reported`, `none`, `unspecified`), listed first or last.
macro_rules! or_none {
    (
        $(#[$meta:meta])* $name:ident($inner:ident)
            none $at:ident $canon:literal label $label:literal doc $doc:literal
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name(pub Option<$inner>);

        impl $name {
            /// Every value, in report order.
            pub const ALL: [$name; $inner::ALL.len() + 1] = {
                let (none_at, first) = or_none!(@at $at, $inner::ALL.len());
                let mut all = [$name(None); $inner::ALL.len() + 1];
                let mut i = 0;
                while i < $inner::ALL.len() {
                    all[first + i] = $name(Some($inner::ALL[i]));
                    i += 1;
                }
                all[none_at] = $name(None);
                all
            };

            #[doc = concat!("Returns the canonical key (`", $canon, "` for none).")]
            pub fn as_str(self) -> &'static str {
                self.0.map_or($canon, $inner::as_str)
            }

            /// Returns the string key of its label in running text and in the workbooks.
            pub fn label_key(self) -> &'static str {
                self.0.map_or($label, $inner::label_key)
            }

            /// Returns the string key of its label in the documents.
            pub fn doc_label_key(self) -> &'static str {
                self.0.map_or($doc, $inner::doc_label_key)
            }
        }

        impl From<$inner> for $name {
            fn from(v: $inner) -> $name {
                $name(Some(v))
            }
        }

        impl From<Option<$inner>> for $name {
            fn from(v: Option<$inner>) -> $name {
                $name(v)
            }
        }

        term!($name);
    };
    // Where none goes, and where the values start.
    (@at first, $len:expr) => { (0, 1) };
    (@at last, $len:expr) => { ($len, 0) };
}

or_none! {
    /// An activity's status as the outputs show it: the latest [`Status`] reported, or none
    /// (`not-reported`, listed first). Serialised as its canonical key.
    ActivityStatus(Status)
        none first "not-reported" label "status.not-reported" doc "doc.status.not-reported"
}

impl ActivityStatus {
    /// Returns the IATI ActivityStatus code (none for `not-reported`, which has none).
    pub fn iati(self) -> Option<u8> {
        self.0.map(Status::iati)
    }
}

impl Status {
    /// Returns the IATI ActivityStatus code.
    pub fn iati(self) -> u8 {
        match self {
            Status::NotStarted => 1,
            Status::InProgress => 2,
            Status::Completed => 4,
            Status::Postponed => 6,
            Status::Cancelled => 5,
        }
    }

    /// Returns true for a status that ends an activity (completed or cancelled).
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Completed | Status::Cancelled)
    }
}

vocabulary! {
    /// The status of a GCM pledge (docs/statuses.md).
    PledgeStatus words "pledge-status" {
        /// Being planned.
        Planning = "planning" label "xlsx.pledge-status.planning" doc "doc.pledge-status.planning",
        /// Being carried out.
        InProgress = "in-progress" label "xlsx.pledge-status.in-progress" doc "doc.pledge-status.in-progress",
        /// Fulfilled.
        Fulfilled = "fulfilled" label "xlsx.pledge-status.fulfilled" doc "doc.pledge-status.fulfilled",
        /// Withdrawn.
        Withdrawn = "withdrawn" label "xlsx.pledge-status.withdrawn" doc "doc.pledge-status.withdrawn",
    }
}

vocabulary! {
    /// Who made a pledge.
    EntityType words "entity-type" {
        /// A Member State.
        MemberState = "member-state" label "xlsx.entity.member-state" doc "doc.entity.member-state",
        /// A UN entity.
        UnEntity = "un-entity" label "xlsx.entity.un-entity" doc "doc.entity.un-entity",
        /// A civil-society organisation.
        CivilSociety = "civil-society" label "xlsx.entity.civil-society" doc "doc.entity.civil-society",
        /// A local or subnational government.
        LocalGovernment = "local-government" label "xlsx.entity.local-government" doc "doc.entity.local-government",
        /// A private company or business association.
        PrivateSector = "private-sector" label "xlsx.entity.private-sector" doc "doc.entity.private-sector",
        /// A university or research centre.
        Academia = "academia" label "xlsx.entity.academia" doc "doc.entity.academia",
        /// Anyone else.
        Other = "other" label "xlsx.entity.other" doc "doc.entity.other",
    }
}

or_none! {
    /// A pledge's status at the end of the previous quarter: a [`PledgeStatus`], or none when
    /// the pledge is new (`none`, listed first). Serialised as its canonical key.
    PreviousPledgeStatus(PledgeStatus)
        none first "none" label "xlsx.pledge-status.none" doc "doc.pledge-status.none"
}

or_none! {
    /// Who made a pledge, as the outputs show it: an [`EntityType`], or none when the form
    /// gives none (`unspecified`, listed last). Serialised as its canonical key.
    PledgeEntityType(EntityType)
        none last "unspecified" label "xlsx.entity.unspecified" doc "doc.entity.unspecified"
}

vocabulary! {
    /// What the secretariat decided about a finding in the follow-up register
    /// (docs/findings.md, "Decisions").
    Decision words "decision" {
        /// Looked into, and explained: nothing to correct.
        Explained = "explained" label "decision.explained" doc "doc.decision.explained",
        /// Accepted as it is.
        Accepted = "accepted" label "decision.accepted" doc "doc.decision.accepted",
        /// Being followed up with the agency.
        FollowUp = "follow-up" label "decision.follow-up" doc "doc.decision.follow-up",
    }
}

vocabulary! {
    /// What a person of the contacts table (`contacts.csv`, its `role` column) is for
    /// (docs/inputs.md, "Contacts").
    ContactRole words "contact-role" {
        /// Gets the agency's drafts (an empty cell says the same).
        Recipient = "recipient" label "contact-role.recipient" doc "doc.contact-role.recipient",
        /// Copied on the reminders of an agency that has missed its form months in a row.
        Escalation = "escalation" label "contact-role.escalation" doc "doc.contact-role.escalation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_activity_status_has_its_iati_code() {
        let code = |key| ActivityStatus::from_key(key).map(ActivityStatus::iati);
        assert_eq!(code("not-started"), Some(Some(1)));
        assert_eq!(code("in-progress"), Some(Some(2)));
        assert_eq!(code("completed"), Some(Some(4)));
        assert_eq!(code("cancelled"), Some(Some(5)));
        assert_eq!(code("postponed"), Some(Some(6)));
        assert_eq!(code("not-reported"), Some(None));
    }

    #[test]
    fn the_absent_value_is_listed_first_or_last() {
        let keys = |all: &[&str]| all.join(" ");
        assert_eq!(
            keys(&ActivityStatus::ALL.map(ActivityStatus::as_str)),
            "not-reported not-started in-progress completed postponed cancelled"
        );
        assert_eq!(
            keys(&PreviousPledgeStatus::ALL.map(PreviousPledgeStatus::as_str)),
            "none planning in-progress fulfilled withdrawn"
        );
        assert_eq!(
            keys(&PledgeEntityType::ALL.map(PledgeEntityType::as_str)),
            "member-state un-entity civil-society local-government private-sector academia \
             other unspecified"
        );
    }

    #[test]
    fn labels_are_keys_of_their_family() {
        // Each family as the stem its keys start with (`status.`).
        fn check<T: Term>(families: (&str, &str)) {
            for &v in T::all() {
                assert_eq!(v.label_key(), format!("{}{}", families.0, v.key()));
                assert_eq!(v.doc_label_key(), format!("{}{}", families.1, v.key()));
                assert_eq!(T::from_key(v.key()), Some(v));
            }
        }
        check::<ActivityStatus>(("status.", "doc.status."));
        check::<PledgeStatus>(("xlsx.pledge-status.", "doc.pledge-status."));
        check::<PreviousPledgeStatus>(("xlsx.pledge-status.", "doc.pledge-status."));
        check::<PledgeEntityType>(("xlsx.entity.", "doc.entity."));
        check::<crate::findings::Severity>(("severity.", "doc.severity."));
        check::<Decision>(("decision.", "doc.decision."));
        check::<ContactRole>(("contact-role.", "doc.contact-role."));
        assert_eq!(Status::InProgress.label_key(), "status.in-progress");
    }

    #[test]
    fn statuses_in_both_languages() {
        assert_eq!(Status::parse("En Ejecucion"), Some(Status::InProgress));
        assert_eq!(Status::parse(" COMPLETADA "), Some(Status::Completed));
        assert_eq!(Status::parse("not-started"), Some(Status::NotStarted));
        assert_eq!(Status::parse("On hold"), Some(Status::Postponed));
        assert_eq!(Status::parse("canceled"), Some(Status::Cancelled));
        assert_eq!(Status::parse("retrasada"), None);
        assert_eq!(
            PledgeStatus::parse("En planificación"),
            Some(PledgeStatus::Planning)
        );
        assert_eq!(
            PledgeStatus::parse("cumplido"),
            Some(PledgeStatus::Fulfilled)
        );
        assert_eq!(
            EntityType::parse("Sociedad civil"),
            Some(EntityType::CivilSociety)
        );
        assert_eq!(
            EntityType::parse("member-state"),
            Some(EntityType::MemberState)
        );
    }

    #[test]
    fn decisions_read_in_either_language_as_their_labels_say() {
        for lang in crate::i18n::Lang::ALL {
            for &d in Decision::ALL {
                let label = crate::i18n::tr(lang, d.label_key(), &[]);
                assert_eq!(Decision::parse(&label), Some(d), "{lang}: {label}");
                assert_eq!(Decision::parse(&label.to_uppercase()), Some(d));
                assert_eq!(d.word(lang), label, "{lang}: the words file's first word");
            }
        }
        assert_eq!(Decision::parse("Explicado"), Some(Decision::Explained));
        assert_eq!(
            Decision::parse("aceptado tal cual"),
            Some(Decision::Accepted)
        );
        assert_eq!(Decision::parse("follow-up"), Some(Decision::FollowUp));
        assert_eq!(Decision::parse("en Seguimiento"), Some(Decision::FollowUp));
        assert_eq!(Decision::parse("quizás"), None);
    }

    #[test]
    fn contact_roles_read_in_either_language() {
        for lang in crate::i18n::Lang::ALL {
            for &r in ContactRole::ALL {
                let label = crate::i18n::tr(lang, r.label_key(), &[]);
                assert_eq!(ContactRole::parse(&label), Some(r), "{lang}: {label}");
                assert_eq!(r.word(lang), label, "{lang}: the words file's first word");
            }
        }
        assert_eq!(
            ContactRole::parse("Escalamiento"),
            Some(ContactRole::Escalation)
        );
        assert_eq!(
            ContactRole::parse("escalation"),
            Some(ContactRole::Escalation)
        );
        assert_eq!(
            ContactRole::parse("punto focal"),
            Some(ContactRole::Recipient)
        );
        assert_eq!(ContactRole::parse("jefe"), None);
    }
}
