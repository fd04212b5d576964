//! The words of the domain that every stage shares: statuses, entity types, and where a
//! record came from.

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
        $(#[$meta:meta])* $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $canon:literal es [$($es:literal),*] en [$($en:literal),*],)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            /// Every value, in the contract's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Returns the canonical name of the contract (`in-progress`).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $canon),* }
            }

            /// Returns the words in `lang` that mean this value, the preferred one first.
            pub fn words(self, lang: crate::i18n::Lang) -> &'static [&'static str] {
                match lang {
                    crate::i18n::Lang::Es => match self { $($name::$variant => &[$($es),*]),* },
                    crate::i18n::Lang::En => match self { $($name::$variant => &[$($en),*]),* },
                }
            }

            /// Returns the preferred word for this value in `lang`.
            pub fn word(self, lang: crate::i18n::Lang) -> &'static str {
                self.words(lang)[0]
            }

            /// Lists the preferred word of each value in `lang`, for a message
            /// ("no iniciada, en curso, completada, …").
            pub fn accepted(lang: crate::i18n::Lang) -> String {
                let mut words: Vec<&str> = $name::ALL.iter().map(|v| v.word(lang)).collect();
                words.dedup();
                words.join(", ")
            }

            /// Reads a value written in Spanish or English, any case, accents optional.
            pub fn parse(s: &str) -> Option<$name> {
                // Every accepted spelling, folded once per process.
                static TABLE: std::sync::LazyLock<Vec<(String, $name)>> =
                    std::sync::LazyLock::new(|| {
                        let mut t = Vec::new();
                        for &v in $name::ALL {
                            t.push((v.as_str().to_string(), v));
                            t.push((v.as_str().replace('-', " "), v));
                            for lang in crate::i18n::Lang::ALL {
                                for w in v.words(lang) {
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
    };
}

vocabulary! {
    /// The status of an activity (docs/statuses.md).
    Status {
        /// Not started yet.
        NotStarted = "not-started" es ["no iniciada", "no iniciado", "pendiente", "planificada", "planificado"] en ["not started", "planned", "pending"],
        /// Under way.
        InProgress = "in-progress" es ["en curso", "en proceso", "en ejecución"] en ["in progress", "ongoing", "underway", "under way"],
        /// Done.
        Completed = "completed" es ["completada", "completado", "finalizada", "finalizado", "realizada", "realizado", "cumplida", "cumplido"] en ["completed", "done", "finished", "held"],
        /// Put off to a later date.
        Postponed = "postponed" es ["pospuesta", "pospuesto", "postergada", "postergado", "aplazada", "aplazado", "suspendida", "suspendido"] en ["postponed", "suspended", "on hold"],
        /// Will not take place.
        Cancelled = "cancelled" es ["cancelada", "cancelado"] en ["cancelled", "canceled"],
    }
}

/// An activity's status as the outputs show it: the latest [`Status`] reported, or none
/// (`not-reported`). Serialised as its canonical key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActivityStatus(pub Option<Status>);

impl ActivityStatus {
    /// Returns the canonical key (`in-progress`, `not-reported`).
    pub fn as_str(self) -> &'static str {
        self.0.map_or("not-reported", Status::as_str)
    }
}

impl fmt::Display for ActivityStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ActivityStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A pledge's status at the end of the previous quarter: a [`PledgeStatus`], or none when the
/// pledge is new (`none`). Serialised as its canonical key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PreviousPledgeStatus(pub Option<PledgeStatus>);

impl PreviousPledgeStatus {
    /// Returns the canonical key (`fulfilled`, `none`).
    pub fn as_str(self) -> &'static str {
        self.0.map_or("none", PledgeStatus::as_str)
    }
}

impl fmt::Display for PreviousPledgeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PreviousPledgeStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
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
    PledgeStatus {
        /// Being planned.
        Planning = "planning" es ["en planificación", "planificado", "planificada"] en ["planning", "planned"],
        /// Being carried out.
        InProgress = "in-progress" es ["en curso", "en ejecución", "en proceso"] en ["in progress", "ongoing"],
        /// Fulfilled.
        Fulfilled = "fulfilled" es ["cumplido", "cumplida", "completado", "completada"] en ["fulfilled", "completed"],
        /// Withdrawn.
        Withdrawn = "withdrawn" es ["retirado", "retirada", "cancelado", "cancelada"] en ["withdrawn", "cancelled", "canceled"],
    }
}

vocabulary! {
    /// Who made a pledge.
    EntityType {
        /// A Member State.
        MemberState = "member-state" es ["estado miembro", "estado", "gobierno", "gobierno nacional"] en ["member state", "government", "state"],
        /// A UN entity.
        UnEntity = "un-entity" es ["sistema onu", "sistema de las naciones unidas", "agencia onu", "entidad onu"] en ["un entity", "un system", "united nations"],
        /// A civil-society organisation.
        CivilSociety = "civil-society" es ["sociedad civil", "osc", "ong"] en ["civil society", "cso", "ngo"],
        /// A local or subnational government.
        LocalGovernment = "local-government" es ["gobierno local", "municipio", "gobierno subnacional"] en ["local government", "municipality", "city"],
        /// A private company or business association.
        PrivateSector = "private-sector" es ["sector privado", "empresa"] en ["private sector", "business"],
        /// A university or research centre.
        Academia = "academia" es ["academia", "universidad"] en ["academia", "university", "academic"],
        /// Anyone else.
        Other = "other" es ["otro", "otra", "otros"] en ["other"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
