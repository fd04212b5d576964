//! The agencies known under a plan: the built-in table (`data/agencies.toml`, embedded) and
//! the agencies the plan declares (`[[agencies]]`). The built-in table is private to this
//! module and a [`Registry`] is made only by the plan, so every stage that names an agency
//! (plan leads, the agency cell of a form, contacts, file names, labels in the outputs) reads
//! it through [`crate::plan::Plan::registry`]: the compiler keeps that rule.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::i18n::Lang;
use crate::reference::{parse, Agency};
use crate::text::fold_compact;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyFile {
    agencies: Vec<Agency>,
}

static BUILTIN: LazyLock<Registry> = LazyLock::new(|| {
    let file: AgencyFile = parse(include_str!("../../data/agencies.toml"), "agencies.toml");
    Registry::new(file.agencies)
});

/// Agencies in registry order, with their lookup index.
#[derive(Debug)]
pub struct Registry {
    agencies: Vec<Agency>,
    index: HashMap<String, usize>,
}

impl Registry {
    fn new(agencies: Vec<Agency>) -> Registry {
        let mut index = HashMap::new();
        for (i, a) in agencies.iter().enumerate() {
            let names = a
                .acronym
                .versions()
                .chain(a.name.versions())
                .map(|(_, n)| n);
            let aliases = a.aliases.iter().map(String::as_str);
            for name in std::iter::once(a.id.as_str()).chain(names).chain(aliases) {
                index.entry(fold_compact(name)).or_insert(i);
            }
        }
        Registry { agencies, index }
    }

    /// Returns the built-in registry, for a plan that declares no agency of its own.
    pub(super) fn builtin() -> &'static Registry {
        &BUILTIN
    }

    /// Returns this registry with `extra` agencies after its own (those a plan declares). The
    /// registry's names win over an extra agency's on a clash; the plan checks for clashes
    /// before it asks.
    pub(super) fn with_agencies(&self, extra: Vec<Agency>) -> Registry {
        let mut agencies = self.agencies.clone();
        agencies.extend(extra);
        Registry::new(agencies)
    }

    /// Returns every agency, in registry order.
    pub fn agencies(&self) -> &[Agency] {
        &self.agencies
    }

    /// Finds an agency by any acronym, name or alias, in either language.
    pub fn agency(&self, name: &str) -> Option<&Agency> {
        let key = fold_compact(name);
        if key.is_empty() {
            return None;
        }
        self.index.get(&key).map(|&i| &self.agencies[i])
    }

    /// Finds an agency by its id.
    pub fn agency_by_id(&self, id: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.id == id)
    }

    /// Returns the acronym of agency `id` in `lang`, or the id itself when unknown.
    pub fn agency_label(&self, id: &str, lang: Lang) -> String {
        self.agency_by_id(id)
            .map(|a| a.acronym.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_has_19_members_and_3_named_non_members() {
        let r = Registry::builtin();
        let members = r.agencies().iter().filter(|a| a.member).count();
        let others = r
            .agencies()
            .iter()
            .filter(|a| !a.member && !a.pseudo)
            .count();
        assert_eq!(members, 19);
        assert_eq!(others, 3);
    }

    #[test]
    fn agencies_resolve_under_every_spelling() {
        let r = Registry::builtin();
        for (written, id) in [
            ("OIM", "iom"),
            ("iom", "iom"),
            ("O.I.M.", "iom"),
            ("Cepal", "eclac"),
            ("ECLAC", "eclac"),
            ("ONU-Hábitat", "un-habitat"),
            ("UN Habitat", "un-habitat"),
            ("UNHABITAT", "un-habitat"),
            ("ONU Mujeres", "un-women"),
            ("UN-Women", "un-women"),
            ("OPS", "who-paho"),
            ("WHO/PAHO", "who-paho"),
            ("OMS/OPS", "who-paho"),
            ("CICR", "icrc"),
            ("ICRC", "icrc"),
            ("OHCHR", "ohchr"),
            ("ACNUDH", "ohchr"),
            ("Organización Internacional del Trabajo", "ilo"),
            ("Organizacion internacional del trabajo", "ilo"),
            ("Red", "network"),
        ] {
            assert_eq!(
                r.agency(written).map(|a| a.id.as_str()),
                Some(id),
                "{written}"
            );
        }
        assert!(r.agency("UNHRC").is_none());
        assert!(r.agency("").is_none());
    }
}
