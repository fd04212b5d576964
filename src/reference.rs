//! Facts the tool knows without being told: GCM objectives and principles, countries, and the
//! shape of an agency. The built-in table of agencies is not here: it is reached only through
//! the plan's registry ([`crate::plan::registry`]), so that every stage names agencies as the
//! plan in force knows them, the agencies it declares included.
//!
//! The data lives in `data/*.toml` at the repository root and is embedded in the binary, so a
//! run never depends on files outside the inputs. Lookups fold case, accents, spaces and
//! hyphens, because agencies write `ONU-Hábitat`, `UN Habitat` and `UNHABITAT` alike.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::i18n::Text;
use crate::text::fold_compact;

/// One agency of the registry, or the whole Network as a pseudo-agency.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// Stable lowercase id (`iom`, `eclac`, `un-habitat`).
    pub id: String,
    /// Whether it is a member of the Regional Network.
    pub member: bool,
    /// Acronym in each language (`OIM` / `IOM`).
    pub acronym: Text,
    /// Full name in each language.
    pub name: Text,
    /// Every way it is written.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A remark on the agency.
    #[serde(default)]
    pub note: Option<Text>,
    /// True only for the entry that stands for the whole Network ("Red").
    #[serde(default)]
    pub pseudo: bool,
}

/// One of the 23 objectives of the Global Compact for Migration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Its number, 1 to 23.
    pub number: u8,
    /// A short label for charts.
    pub short: Text,
    /// The full title from A/RES/73/195.
    pub title: Text,
    /// Where the Spanish title comes from.
    #[serde(default)]
    pub source_es: String,
    /// The IMRF 2022 round table that treated it.
    #[serde(default)]
    pub round_table: Option<u8>,
}

/// One of the 10 guiding principles of the Global Compact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// Its number, 1 to 10.
    pub number: u8,
    /// Its name.
    pub title: Text,
}

/// A country, or a regional pseudo-entry (`XLA`, `XGL`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// Its common short name.
    pub name: Text,
    /// Other names it goes by.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Whether it is in Latin America and the Caribbean.
    #[serde(default)]
    pub lac: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GcmFile {
    objectives: Vec<Objective>,
    principles: Vec<Principle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountryFile {
    countries: Vec<Country>,
}

/// Everything the reference data holds, with its lookup indexes.
#[derive(Debug)]
pub struct Reference {
    /// The 23 GCM objectives, in order.
    pub objectives: Vec<Objective>,
    /// The 10 guiding principles, in order.
    pub principles: Vec<Principle>,
    /// Countries in file order.
    pub countries: Vec<Country>,
    country_index: HashMap<String, usize>,
}

static REFERENCE: LazyLock<Reference> = LazyLock::new(|| {
    let gcm: GcmFile = parse(include_str!("../data/gcm.toml"), "gcm.toml");
    let countries: CountryFile = parse(include_str!("../data/countries.toml"), "countries.toml");
    Reference::new(gcm.objectives, gcm.principles, countries.countries)
});

pub(crate) fn parse<T: serde::de::DeserializeOwned>(src: &str, name: &str) -> T {
    // Embedded data; the tests load it, so a broken file never ships.
    toml::from_str(src).unwrap_or_else(|e| panic!("embedded reference data {name} is invalid: {e}"))
}

/// Returns the reference data embedded in the binary.
pub fn get() -> &'static Reference {
    &REFERENCE
}

impl Reference {
    fn new(
        objectives: Vec<Objective>,
        principles: Vec<Principle>,
        countries: Vec<Country>,
    ) -> Reference {
        let mut country_index = HashMap::new();
        for (i, c) in countries.iter().enumerate() {
            let names = c.name.versions().map(|(_, n)| n);
            let aliases = c.aliases.iter().map(String::as_str);
            for name in std::iter::once(c.iso3.as_str()).chain(names).chain(aliases) {
                country_index.entry(fold_compact(name)).or_insert(i);
            }
        }
        Reference {
            objectives,
            principles,
            countries,
            country_index,
        }
    }

    /// Returns objective `n` (1-23).
    pub fn objective(&self, n: u8) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.number == n)
    }

    /// Finds a country by name (either language), alias or ISO alpha-3 code.
    pub fn country(&self, name: &str) -> Option<&Country> {
        let key = fold_compact(name);
        if key.is_empty() {
            return None;
        }
        self.country_index.get(&key).map(|&i| &self.countries[i])
    }

    /// Finds a country by its ISO alpha-3 code.
    pub fn country_by_iso(&self, iso3: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.iso3 == iso3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_23_objectives_and_10_principles() {
        let r = get();
        let numbers: Vec<u8> = r.objectives.iter().map(|o| o.number).collect();
        assert_eq!(numbers, (1..=23).collect::<Vec<u8>>());
        assert_eq!(r.principles.len(), 10);
        for o in &r.objectives {
            assert!(
                !o.title.get(crate::i18n::Lang::Es).contains("unconfirmed"),
                "objective {}",
                o.number
            );
        }
    }

    #[test]
    fn countries_resolve() {
        let r = get();
        assert_eq!(r.country("México").map(|c| c.iso3.as_str()), Some("MEX"));
        assert_eq!(r.country("mexico").map(|c| c.iso3.as_str()), Some("MEX"));
        assert_eq!(r.country("COL").map(|c| c.iso3.as_str()), Some("COL"));
        assert_eq!(r.country("Brazil").map(|c| c.iso3.as_str()), Some("BRA"));
        assert_eq!(r.country("Brasil").map(|c| c.iso3.as_str()), Some("BRA"));
    }
}
