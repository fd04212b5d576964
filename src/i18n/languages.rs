//! The languages the code knows, each one row of facts.
//!
//! Everything that differs from one language to another and is not a string of its table
//! lives in its row here: its code and Typst tag, how it counts, how it writes numbers,
//! percentages and dates, the separator its spreadsheets expect in a CSV file, the words
//! that name it in `contacts.csv` and on the command line, and the language a missing text
//! falls back to. Code elsewhere reads the row and never names a language: adding one is its
//! variant and row here, its string table, and the words and names the data reads in it.

use serde::{Deserialize, Serialize};

/// A language the documents and messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Spanish, the Network's working language.
    Es,
    /// English.
    En,
    /// Portuguese, as written in Brazil.
    Pt,
    /// French.
    Fr,
}

/// How a language picks between the singular and the plural of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    /// One is singular, every other number plural (`0 archivos`, `1 archivo`).
    OneOnly,
    /// Zero and one are singular, every other number plural (`0 fichier`, `1 fichier`).
    ZeroAndOne,
}

impl Plural {
    /// Returns true when `n` takes the singular.
    pub fn is_singular(self, n: u64) -> bool {
        match self {
            Plural::OneOnly => n == 1,
            Plural::ZeroAndOne => n <= 1,
        }
    }
}

/// The facts of one language. Patterns fill `{day}`, `{month}`, `{year}`, `{start}`,
/// `{end}` and `{n}`.
#[derive(Debug)]
pub struct Language {
    /// The language the row describes.
    pub lang: Lang,
    /// Its ISO 639-1 code, the key of its texts in every file (`es`).
    pub code: &'static str,
    /// Its tag for Typst's `text(lang: ..)`, which picks hyphenation and quotes.
    pub typst: &'static str,
    /// The region its documents are written for, when it has one (ISO 3166-1 alpha-2): Typst's
    /// `text(region: ..)`, and the region of the language tag of the Word versions and pages.
    pub region: Option<&'static str>,
    /// Its string table (TOML, `key = "text"`), embedded in the binary.
    pub strings: &'static str,
    /// The string key of its name, as written inside a sentence (`language.es`: "español").
    pub name_key: &'static str,
    /// The words, folded, that name it in `contacts.csv`, the settings and `--lang`.
    pub names: &'static [&'static str],
    /// The language a text missing in this one is shown in.
    pub fallback: Lang,
    /// How it counts.
    pub plural: Plural,
    /// Its decimal mark.
    pub decimal: char,
    /// Its thousands separator.
    pub thousands: &'static str,
    /// The fewest digits a whole number needs to be grouped in thousands.
    pub group_from_digits: usize,
    /// A percentage (`{n}` the number, written with [`Language::decimal`]).
    pub percent: &'static str,
    /// The colon that joins a label to what it names ("Fuente: …"), with the space that goes
    /// before it in French ("Source : …", a no-break space).
    pub colon: &'static str,
    /// The field separator its spreadsheet programs expect in a CSV file.
    pub csv_separator: u8,
    /// The names of the months, January first, as written inside a sentence.
    pub months: [&'static str; 12],
    /// A date in words (`{day}`, `{month}`, `{year}`).
    pub long_date: &'static str,
    /// Days of one month (`{start}`, `{end}`, `{month}`, `{year}`).
    pub day_range: &'static str,
    /// A month and its year (`{month}`, `{year}`).
    pub month_year: &'static str,
    /// The names of the months shortened for tables, January first, as the language
    /// abbreviates them (`mar.`, `Mar`, `juil.`).
    pub short_months: [&'static str; 12],
    /// A shortened month and its year, for tables (`{month}` one of
    /// [`Language::short_months`], `{year}`).
    pub short_month_year: &'static str,
    /// The number format of a date cell in its spreadsheets.
    pub excel_date: &'static str,
    /// A joining word that changes before a sound: the joiner's key, the folded beginnings
    /// of the next word that change it, and the word written instead.
    pub joiner_changes: &'static [(&'static str, &'static [&'static str], &'static str)],
}

/// Every language the code knows, in the order of [`Lang`]'s variants.
pub static LANGUAGES: [Language; 4] = [
    Language {
        lang: Lang::Es,
        code: "es",
        typst: "es",
        region: None,
        strings: include_str!("es.toml"),
        name_key: "language.es",
        names: &["es", "esp", "spa", "espanol", "castellano", "spanish"],
        fallback: Lang::En,
        plural: Plural::OneOnly,
        decimal: ',',
        // Spanish style guides leave four-digit numbers unseparated.
        thousands: ".",
        group_from_digits: 5,
        percent: "{n} %",
        colon: ":",
        csv_separator: b';',
        months: [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        long_date: "{day} de {month} de {year}",
        day_range: "{start}-{end} de {month} de {year}",
        month_year: "{month} de {year}",
        short_months: [
            "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sep.", "oct.", "nov.",
            "dic.",
        ],
        short_month_year: "{month} {year}",
        excel_date: "dd/mm/yyyy",
        // "ACNUR u OIT", "Chile e Italia".
        joiner_changes: &[
            ("word.or", &["o", "ho"], "u"),
            ("word.and", &["i", "hi"], "e"),
        ],
    },
    Language {
        lang: Lang::En,
        code: "en",
        typst: "en",
        region: None,
        strings: include_str!("en.toml"),
        name_key: "language.en",
        names: &["en", "eng", "ingles", "english"],
        fallback: Lang::Es,
        plural: Plural::OneOnly,
        decimal: '.',
        thousands: ",",
        group_from_digits: 4,
        percent: "{n}%",
        colon: ":",
        csv_separator: b',',
        months: [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        long_date: "{day} {month} {year}",
        day_range: "{start}-{end} {month} {year}",
        month_year: "{month} {year}",
        short_months: [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
        short_month_year: "{month} {year}",
        excel_date: "yyyy-mm-dd",
        joiner_changes: &[],
    },
    Language {
        lang: Lang::Pt,
        code: "pt",
        typst: "pt",
        // Portuguese as written in Brazil: its spelling, hyphenation and proofing.
        region: Some("BR"),
        strings: include_str!("pt.toml"),
        name_key: "language.pt",
        names: &["pt", "por", "portugues", "portuguese", "pt-br"],
        // An agency in Brazil that writes in another language most often writes in Spanish.
        fallback: Lang::Es,
        // "0 atividades": Brazilian usage takes the plural for zero.
        plural: Plural::OneOnly,
        decimal: ',',
        thousands: ".",
        group_from_digits: 4,
        percent: "{n}%",
        colon: ":",
        csv_separator: b';',
        months: [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],
        long_date: "{day} de {month} de {year}",
        day_range: "{start} a {end} de {month} de {year}",
        month_year: "{month} de {year}",
        short_months: [
            "jan.", "fev.", "mar.", "abr.", "maio", "jun.", "jul.", "ago.", "set.", "out.", "nov.",
            "dez.",
        ],
        short_month_year: "{month} {year}",
        excel_date: "dd/mm/yyyy",
        joiner_changes: &[],
    },
    Language {
        lang: Lang::Fr,
        code: "fr",
        typst: "fr",
        region: None,
        strings: include_str!("fr.toml"),
        name_key: "language.fr",
        names: &["fr", "fra", "fre", "frances", "francais", "french"],
        fallback: Lang::En,
        // "0 fichier", "1 fichier", "2 fichiers".
        plural: Plural::ZeroAndOne,
        decimal: ',',
        // French groups thousands with a narrow no-break space (Imprimerie nationale).
        thousands: "\u{202f}",
        group_from_digits: 5,
        percent: "{n}\u{a0}%",
        colon: "\u{a0}:",
        csv_separator: b';',
        months: [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        long_date: "{day} {month} {year}",
        day_range: "{start}-{end} {month} {year}",
        month_year: "{month} {year}",
        short_months: [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ],
        short_month_year: "{month} {year}",
        excel_date: "dd/mm/yyyy",
        joiner_changes: &[],
    },
];

impl Lang {
    /// Every language the code knows, in the order of [`LANGUAGES`]. A run writes in its own
    /// languages (`RunConfig::languages`); this is for reading words and checking tables.
    pub const ALL: [Lang; 4] = [Lang::Es, Lang::En, Lang::Pt, Lang::Fr];

    /// The Network's working language: the one its plan is written in first, the one the
    /// collection forms and their file names are written in, and the one a text shows
    /// when nothing else is asked for.
    pub const WORKING: Lang = Lang::Es;

    /// The languages a run writes its outputs in, in order, while no setting chooses them.
    /// It is not [`Lang::ALL`]: adding a language to the code adds none to a run.
    pub const RUN_DEFAULT: [Lang; 2] = [Lang::Es, Lang::En];

    /// Returns the row of facts of the language.
    pub fn row(self) -> &'static Language {
        &LANGUAGES[self as usize]
    }

    /// Returns the ISO 639-1 code (`es`, `en`).
    pub fn code(self) -> &'static str {
        self.row().code
    }

    /// Returns its BCP 47 tag, with its region when it has one (`es`, `pt-BR`): the language of
    /// a page, of a Word document's runs, of a draft.
    pub fn tag(self) -> String {
        let row = self.row();
        match row.region {
            Some(region) => format!("{}-{region}", row.code),
            None => row.code.to_string(),
        }
    }

    /// Returns the language a text missing in this one is shown in.
    pub fn fallback(self) -> Lang {
        self.row().fallback
    }

    /// Returns the language named by `s`, a code or a name in any case and accents.
    pub fn parse(s: &str) -> Option<Lang> {
        let folded = crate::text::fold(s);
        let folded = folded.trim();
        Lang::ALL
            .into_iter()
            .find(|l| l.row().names.contains(&folded))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Fills a row's pattern: each `{name}` of `args` replaced by its value.
pub(super) fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    let mut out = pattern.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_row_and_its_table() {
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            let row = lang.row();
            assert_eq!(row.lang, lang, "row {i} is out of order");
            assert_eq!(LANGUAGES[i].lang as usize, i);
            assert_eq!(row.code.len(), 2, "{lang}: an ISO 639-1 code");
            assert!(!row.typst.is_empty(), "{lang}: Typst tag");
            assert!(row.names.contains(&row.code), "{lang}: its code names it");
            assert_eq!(Lang::parse(row.code), Some(lang));
            assert!(
                row.fallback != lang,
                "{lang}: falls back to another language"
            );
            assert!(!row.decimal.is_ascii_digit(), "{lang}: decimal mark");
            assert!(!row.thousands.is_empty() && row.group_from_digits >= 4);
            assert!(row.percent.contains("{n}"), "{lang}: percent format");
            assert!(matches!(row.csv_separator, b',' | b';' | b'\t'));
            assert!(row.months.iter().all(|m| m.len() >= 3), "{lang}: months");
            for (pattern, names) in [
                (row.long_date, &["{day}", "{month}", "{year}"][..]),
                (row.day_range, &["{start}", "{end}", "{month}", "{year}"]),
                (row.month_year, &["{month}", "{year}"]),
                (row.short_month_year, &["{month}", "{year}"]),
            ] {
                for name in names {
                    assert!(pattern.contains(name), "{lang}: {pattern} lacks {name}");
                }
            }
            assert!(row.excel_date.contains("yyyy"), "{lang}: Excel date");
            assert!(
                !super::super::table(lang).is_empty(),
                "{lang}: no string table"
            );
        }
        for other in &LANGUAGES {
            for name in other.names {
                let named: Vec<_> = LANGUAGES
                    .iter()
                    .filter(|l| l.names.contains(name))
                    .collect();
                assert_eq!(named.len(), 1, "{name} names more than one language");
            }
        }
    }

    #[test]
    fn a_plural_rule_can_count_zero_as_singular() {
        assert!(!Plural::OneOnly.is_singular(0) && Plural::OneOnly.is_singular(1));
        assert!(Plural::ZeroAndOne.is_singular(0) && !Plural::ZeroAndOne.is_singular(2));
    }
}
