//! The two forms agencies fill in, and how their header rows are recognised.
//!
//! A header row may be anywhere in a sheet's first 20 rows, in any language that has a words
//! file (`data/words/`, where each field's headers are listed by form), in any column order,
//! with stray case, accents, spaces or a trailing unit such as `(%)`.

use crate::text::fold;

/// How many rows from the top of a sheet are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = crate::sheets::HEADER_ROWS;

/// Which form a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormKind {
    /// The monthly activity status form.
    Status,
    /// The quarterly pledge tracking form.
    Pledges,
}

impl FormKind {
    /// Returns the manifest's name of the kind (`status`, `pledges`).
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Status => "status",
            FormKind::Pledges => "pledges",
        }
    }

    /// Returns the string-table key of the form's name in words ("formulario de estado de
    /// actividades").
    pub fn name_key(self) -> &'static str {
        match self {
            FormKind::Status => "form.status",
            FormKind::Pledges => "form.pledges",
        }
    }

    /// Returns the fields of the form, in the order forms show them.
    pub fn fields(self) -> &'static [Field] {
        match self {
            FormKind::Status => &STATUS_FIELDS,
            FormKind::Pledges => PLEDGE_FIELDS,
        }
    }
}

/// A column of one of the forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Activity code.
    Activity,
    /// Reporting month.
    Period,
    /// Reporting agency.
    Agency,
    /// Activity or pledge status.
    Status,
    /// Progress, 0-100.
    Progress,
    /// When the activity or occurrence took place.
    Date,
    /// Narrative in a language: the status form has a column per language.
    NarrativeIn(crate::i18n::Lang),
    /// Next steps.
    NextSteps,
    /// Evidence link.
    Evidence,
    /// Pledge id.
    Pledge,
    /// Pledge title.
    Title,
    /// Pledging entity.
    Entity,
    /// Entity type.
    EntityType,
    /// Countries.
    Countries,
    /// GCM objectives.
    Objectives,
    /// Date of the pledge update.
    UpdateDate,
    /// Pledge narrative.
    Narrative,
}

/// The status form's fields: a narrative column for each language the code knows.
static STATUS_FIELDS: std::sync::LazyLock<Vec<Field>> = std::sync::LazyLock::new(|| {
    let mut fields = vec![
        Field::Activity,
        Field::Period,
        Field::Agency,
        Field::Status,
        Field::Progress,
        Field::Date,
    ];
    fields.extend(crate::i18n::Lang::ALL.map(Field::NarrativeIn));
    fields.extend([Field::NextSteps, Field::Evidence]);
    fields
});

/// The key of each language's narrative column in the words files (`narrative-es`), in the
/// order of [`crate::i18n::Lang`].
static NARRATIVE_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    crate::i18n::LANGUAGES
        .iter()
        .map(|l| format!("narrative-{}", l.code))
        .collect()
});

const PLEDGE_FIELDS: &[Field] = &[
    Field::Pledge,
    Field::Title,
    Field::Entity,
    Field::EntityType,
    Field::Countries,
    Field::Objectives,
    Field::Status,
    Field::UpdateDate,
    Field::Narrative,
];

impl Field {
    /// Returns whether the form cannot be read without this column.
    pub fn required(self, form: FormKind) -> bool {
        match form {
            FormKind::Status => matches!(
                self,
                Field::Activity | Field::Period | Field::Agency | Field::Status
            ),
            FormKind::Pledges => matches!(
                self,
                Field::Pledge
                    | Field::Title
                    | Field::Entity
                    | Field::Objectives
                    | Field::Status
                    | Field::UpdateDate
            ),
        }
    }

    /// Returns the key of the field in the words files' headers (`activity`, `narrative-es`).
    pub fn key(self) -> &'static str {
        match self {
            Field::Activity => "activity",
            Field::Period => "period",
            Field::Agency => "agency",
            Field::Status => "status",
            Field::Progress => "progress",
            Field::Date => "date",
            Field::NarrativeIn(lang) => NARRATIVE_KEYS[lang as usize].as_str(),
            Field::NextSteps => "next-steps",
            Field::Evidence => "evidence",
            Field::Pledge => "pledge",
            Field::Title => "title",
            Field::Entity => "entity",
            Field::EntityType => "entity-type",
            Field::Countries => "countries",
            Field::Objectives => "objectives",
            Field::UpdateDate => "update-date",
            Field::Narrative => "narrative",
        }
    }

    /// Returns the headers that name this field in `form` in `lang` (the first is the one
    /// forms are written with); none for a field the form does not have, or a language without
    /// a words file.
    pub fn headers(self, form: FormKind, lang: crate::i18n::Lang) -> &'static [String] {
        crate::words::of(lang.code()).map_or(&[], |w| w.header(form.as_str(), self.key()))
    }

    /// Returns the header this field is written with in a form in `lang`.
    pub fn header(self, form: FormKind, lang: crate::i18n::Lang) -> &'static str {
        self.headers(form, lang).first().map_or("", String::as_str)
    }
}

/// Tells whether a text names a column of either form: what the readers of delimited text weigh
/// separators by ([`crate::sheets::Headers`]).
pub fn is_header(text: &str) -> bool {
    [FormKind::Status, FormKind::Pledges]
        .iter()
        .any(|&form| match_header(text, form).is_some())
}

/// Reads a header cell as a field of `form`, if it names one.
pub fn match_header(text: &str, form: FormKind) -> Option<Field> {
    match_header_key(&header_key(text), form)
}

/// Returns the field a header names, given the header's [`header_key`].
pub fn match_header_key(folded: &str, form: FormKind) -> Option<Field> {
    if folded.is_empty() {
        return None;
    }
    let find = |candidate: &str| {
        FOLDED
            .iter()
            .find(|(k, _, h)| *k == form && h == candidate)
            .map(|(_, f, _)| *f)
    };
    find(folded).or_else(|| {
        // A trailing unit or note in parentheses: "Avance (%)", "Fecha (dd/mm/aaaa)".
        let stripped = folded
            .rfind('(')
            .filter(|_| folded.ends_with(')'))
            .map(|i| folded[..i].trim())?;
        find(stripped)
    })
}

/// Every header of both forms, folded once per process.
static FOLDED: std::sync::LazyLock<Vec<(FormKind, Field, String)>> =
    std::sync::LazyLock::new(|| {
        let mut t = Vec::new();
        for form in [FormKind::Status, FormKind::Pledges] {
            for &f in form.fields() {
                for words in crate::words::every() {
                    for h in words.header(form.as_str(), f.key()) {
                        t.push((form, f, header_key(h)));
                    }
                }
            }
        }
        t
    });

/// How many leading characters of a folded header [`could_be_header`] compares.
const PREFIX: usize = 3;

/// Returns false when a cell cannot be any header of either form, by its first letters alone:
/// the header search looks at every cell of the first rows, and most are data.
pub fn could_be_header(text: &str) -> bool {
    static PREFIXES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        let mut p: Vec<String> = FOLDED
            .iter()
            .map(|(_, _, h)| h.chars().take(PREFIX).collect())
            .collect();
        p.sort();
        p.dedup();
        p
    });
    let head: String = text.trim_start().chars().take(4 * PREFIX).collect();
    let key = header_key(&head);
    let prefix: String = key.chars().take(PREFIX).collect();
    // A short or oddly spaced beginning is settled on the whole text.
    prefix.chars().count() < PREFIX || PREFIXES.binary_search(&prefix).is_ok()
}

/// Folds a header and drops required-field marks and trailing colons.
pub fn header_key(text: &str) -> String {
    let f = fold(text);
    f.trim_matches(|c: char| c == '*' || c == ':' || c.is_whitespace())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn data_cells_are_not_header_candidates() {
        for h in [
            "Código",
            "  CODIGO ",
            "Avance (%)",
            "*Estado*",
            "ID",
            "Periodo",
        ] {
            assert!(could_be_header(h), "{h}");
        }
        for d in [
            "B1.2",
            "2024-05",
            "en curso",
            "Se realizaron reuniones de coordinación",
        ] {
            assert!(!could_be_header(d), "{d}");
        }
        for form in [FormKind::Status, FormKind::Pledges] {
            for &f in form.fields() {
                for h in crate::i18n::Lang::ALL
                    .iter()
                    .flat_map(|&l| f.headers(form, l))
                {
                    assert!(could_be_header(h), "{h}");
                    assert!(could_be_header(&h.to_uppercase()), "{h}");
                }
            }
        }
    }

    #[test]
    fn headers_match_in_both_languages() {
        let s = FormKind::Status;
        assert_eq!(match_header("Código", s), Some(Field::Activity));
        assert_eq!(match_header("  CODIGO ", s), Some(Field::Activity));
        assert_eq!(match_header("Avance (%)", s), Some(Field::Progress));
        assert_eq!(
            match_header("Descripción (EN)", s),
            Some(Field::NarrativeIn(Lang::En))
        );
        assert_eq!(
            match_header("Descripción", s),
            Some(Field::NarrativeIn(Lang::Es))
        );
        assert_eq!(
            match_header("Narrative", s),
            Some(Field::NarrativeIn(Lang::En))
        );
        assert_eq!(
            match_header("narrative (es)", s),
            Some(Field::NarrativeIn(Lang::Es))
        );
        assert_eq!(match_header("Fecha de realización", s), Some(Field::Date));
        assert_eq!(match_header("Estado*", s), Some(Field::Status));
        assert_eq!(match_header("Observaciones", s), None);
        let p = FormKind::Pledges;
        assert_eq!(match_header("ID compromiso", p), Some(Field::Pledge));
        assert_eq!(match_header("Avance", p), Some(Field::Narrative));
        assert_eq!(match_header("GCM objectives", p), Some(Field::Objectives));
        assert_eq!(
            match_header("Fecha de actualización", p),
            Some(Field::UpdateDate)
        );
    }
}
