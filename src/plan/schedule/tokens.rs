//! The words of a calendar phrase: the tokenizer that cuts a phrase into words, numbers,
//! dashes, list marks and parentheses, the words both readers know (every language's, from
//! the words files, folded once: [`WORDS`]) and the lookups on tokens they share. Keeping them
//! apart lets the reader of dates and the reader of periods see a phrase the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use super::error::ScheduleError;
use super::meaning::Period;
use crate::text::fold;

/// A piece of a calendar phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// A run of letters: as written, and folded for lookup.
    Word(&'a str, String),
    /// A run of ASCII digits.
    Number(&'a str),
    /// A dash of any length: a range.
    Dash,
    /// A comma, semicolon or ampersand: a list.
    Comma,
    /// `(` or `[`.
    Open,
    /// `)` or `]`.
    Close,
    /// Letters written right after a number, as written and folded ("1st", "2do", "1°").
    Suffix(&'a str, String),
    /// A month put in place of other words (the months of "mid-2027").
    Month(u32),
    /// A year put in place of other words (the plan's year, "year 2" of the plan).
    Year(i32),
    /// An open end or a span put in place of other words ("continues until").
    Mark(Mark),
}

/// What a put-in-place mark means to the reader of periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// A calendar running throughout a span.
    Throughout,
}

/// Returns true for the hyphens and dashes people put between the ends of a range.
pub(super) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−')
}

/// Returns true for a character of a word (letters, and combining accents of decomposed text).
fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Folds a word for lookup, also dropping combining accents.
fn word_key(word: &str) -> String {
    fold(word)
        .chars()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .collect()
}

/// Splits a phrase into tokens. A dot is dropped after a word (`Dic.`) and at the end; an
/// apostrophe between two words (French elision: `d'ici`, `jusqu'en`, `l'année`) parts them,
/// as a space would; anywhere else, and any other punctuation, is an error.
pub(super) fn tokenize(text: &str) -> Result<Vec<Token<'_>>, ScheduleError> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            tokens.push(Token::Number(&rest[..end]));
            end
        } else if is_word_char(c) {
            let end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
            let (written, key) = (&rest[..end], word_key(&rest[..end]));
            let glued = text[..text.len() - rest.len()].ends_with(|c: char| c.is_ascii_digit());
            tokens.push(if glued && WORDS.suffixes.contains(&key) {
                Token::Suffix(written, key)
            } else {
                Token::Word(written, key)
            });
            end
        } else {
            match c {
                '°' if matches!(tokens.last(), Some(Token::Number(_))) => {
                    tokens.push(Token::Suffix("°", "º".to_string()))
                }
                // "Mar/2027", "15/Mar/2027": a slash beside a word parts a date.
                '/' if matches!(tokens.last(), Some(Token::Word(..)))
                    || rest[1..].starts_with(is_word_char) => {}
                c if c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}') => {}
                c if is_dash(c) => tokens.push(Token::Dash),
                ',' | ';' | '&' => tokens.push(Token::Comma),
                '(' | '[' => tokens.push(Token::Open),
                ')' | ']' => tokens.push(Token::Close),
                '\'' | '’'
                    if matches!(tokens.last(), Some(Token::Word(..)))
                        && rest[c.len_utf8()..].starts_with(is_word_char) => {}
                '.' if matches!(tokens.last(), Some(Token::Word(..)))
                    || rest[1..].chars().all(|c| c == '.' || c.is_whitespace()) => {}
                _ => return Err(ScheduleError::UnexpectedCharacter(c)),
            }
            c.len_utf8()
        };
        rest = &rest[len..];
    }
    Ok(tokens)
}

/// A phrase, folded, word by word.
pub(super) type Phrase = Vec<String>;

/// The words of calendar phrases, in every language that has a words file (`data/words/`),
/// folded as the tokenizer folds a word.
pub(super) struct Lexicon {
    /// Phrases that mark a calendar as still to be confirmed.
    pub(super) tentative: Vec<Phrase>,
    /// Whole phrases that mean an ongoing process.
    pub(super) continuous: Vec<Phrase>,
    /// Periodicity phrases, with the period they name.
    pub(super) every: Vec<(Phrase, Period)>,
    /// The yearly ones among them: named months come back every year.
    pub(super) every_year: Vec<Phrase>,
    /// The first word of "one … per month".
    pub(super) one: BTreeSet<String>,
    /// The word before "month" in "one … per month".
    pub(super) per: BTreeSet<String>,
    /// The last word of "one … per month".
    pub(super) month: BTreeSet<String>,
    /// Words between the ends of a range.
    pub(super) range: BTreeSet<String>,
    /// Words between the items of a list.
    pub(super) and: BTreeSet<String>,
    /// Words between alternatives.
    pub(super) or: BTreeSet<String>,
    /// Small words without meaning in a calendar of dates.
    pub(super) fillers: BTreeSet<String>,
    /// Small words without meaning in a calendar of periods.
    pub(super) period_fillers: BTreeSet<String>,
    /// Phrases that close an open end.
    pub(super) until: Vec<Phrase>,
    /// Phrases that open an open end.
    pub(super) from: Vec<Phrase>,
    /// Phrases that make a calendar run throughout a period.
    pub(super) throughout: Vec<Phrase>,
    /// Words that name the plan's whole period.
    pub(super) whole: BTreeSet<String>,
    /// Words for a quarter after an ordinal.
    pub(super) quarter: BTreeSet<String>,
    /// Words for a half after an ordinal.
    pub(super) half: BTreeSet<String>,
    /// The letters of a quarter before its number ("Q2", "T2").
    pub(super) quarter_letters: BTreeSet<String>,
    /// The letters of a half before its number ("H1", "S1").
    pub(super) half_letters: BTreeSet<String>,
    /// Letters written after an ordinal number ("1er", "2nd").
    pub(super) ordinal_suffixes: BTreeSet<String>,
    /// Ordinal words, with their number.
    pub(super) ordinals: BTreeMap<String, u32>,
    /// Letters written right after a day or an ordinal number ("1st", "2do", "1º").
    pub(super) suffixes: BTreeSet<String>,
    /// Phrases that say a process goes on ("continues", "sigue en curso").
    pub(super) continues: Vec<Phrase>,
    /// The word that opens a span joined by "and" ("between", "entre").
    pub(super) between: BTreeSet<String>,
    /// Fuzzy times, with the part of the year they name.
    pub(super) fuzzy: Vec<(Phrase, Part)>,
    /// "first", of "the first 9 months".
    pub(super) first: BTreeSet<String>,
    /// "months", of "9 months".
    pub(super) months_unit: BTreeSet<String>,
    /// "year", of "year 2".
    pub(super) year_unit: BTreeSet<String>,
    /// Single words that belong to calendars, which a note may not hold.
    pub(super) calendar_words: BTreeSet<String>,
    /// Phrases of several words that belong to calendars, which a note may not hold.
    pub(super) calendar_phrases: Vec<Phrase>,
}

/// The part of a year a fuzzy time names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// January-March.
    Early,
    /// April-September.
    Mid,
    /// October-December.
    Late,
}

impl Part {
    /// Returns the first and last month of the part.
    pub(super) fn months(self) -> (u32, u32) {
        match self {
            Part::Early => (1, 3),
            Part::Mid => (4, 9),
            Part::Late => (10, 12),
        }
    }

    /// Returns the month a deadline of the part ends with: March, June, December.
    pub(super) fn deadline(self) -> u32 {
        match self {
            Part::Early => 3,
            Part::Mid => 6,
            Part::Late => 12,
        }
    }
}

/// The words of every words file, folded once per process.
pub(super) static WORDS: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lex = Lexicon {
        tentative: Vec::new(),
        continuous: Vec::new(),
        every: Vec::new(),
        every_year: Vec::new(),
        one: BTreeSet::new(),
        per: BTreeSet::new(),
        month: BTreeSet::new(),
        range: BTreeSet::new(),
        and: BTreeSet::new(),
        or: BTreeSet::new(),
        fillers: BTreeSet::new(),
        period_fillers: BTreeSet::new(),
        until: Vec::new(),
        from: Vec::new(),
        throughout: Vec::new(),
        whole: BTreeSet::new(),
        quarter: BTreeSet::new(),
        half: BTreeSet::new(),
        quarter_letters: BTreeSet::new(),
        half_letters: BTreeSet::new(),
        ordinal_suffixes: BTreeSet::new(),
        ordinals: BTreeMap::new(),
        suffixes: BTreeSet::new(),
        continues: Vec::new(),
        between: BTreeSet::new(),
        fuzzy: Vec::new(),
        first: BTreeSet::new(),
        months_unit: BTreeSet::new(),
        year_unit: BTreeSet::new(),
        calendar_words: BTreeSet::new(),
        calendar_phrases: Vec::new(),
    };
    for words in crate::words::every() {
        add(&mut lex, &words.calendar);
        add_more(&mut lex, &words.calendar);
        lex.suffixes
            .extend(words.dates.day_suffixes.iter().map(|w| word_key(w)));
        for list in words.months.by_number() {
            lex.calendar_words.extend(list.iter().map(|w| word_key(w)));
        }
    }
    calendar_words(&mut lex);
    lex
});

/// Adds the words of the forms other plans write: suffixes, "continues", "between", fuzzy and
/// relative times.
fn add_more(lex: &mut Lexicon, c: &crate::words::Calendar) {
    let words = |list: &[String]| list.iter().map(|w| word_key(w)).collect::<Vec<_>>();
    lex.suffixes.extend(words(&c.ordinal_suffixes));
    lex.continues.extend(c.continues.iter().map(|p| phrase(p)));
    lex.between.extend(words(&c.between));
    for (list, part) in [
        (&c.fuzzy.early, Part::Early),
        (&c.fuzzy.mid, Part::Mid),
        (&c.fuzzy.late, Part::Late),
    ] {
        lex.fuzzy.extend(list.iter().map(|p| (phrase(p), part)));
    }
    lex.first.extend(words(&c.relative.first));
    lex.months_unit.extend(words(&c.relative.months));
    lex.year_unit.extend(words(&c.relative.year));
    lex.calendar_words.extend(words(&c.words));
    let every = [
        &c.every.month,
        &c.every.two_months,
        &c.every.quarter,
        &c.every.half,
        &c.every.year,
    ];
    let lists = [
        &c.tentative,
        &c.continuous,
        &c.until,
        &c.from,
        &c.throughout,
        &c.quarter,
        &c.half,
        &c.continues,
        &c.between,
        &c.fuzzy.early,
        &c.fuzzy.mid,
        &c.fuzzy.late,
        &c.relative.months,
        &c.relative.year,
    ];
    for p in lists.into_iter().chain(every).flatten().map(|p| phrase(p)) {
        match p.len() {
            1 => lex.calendar_words.extend(p),
            _ => lex.calendar_phrases.push(p),
        }
    }
}

/// Keeps among the calendar words only those that mean something alone: not the small words
/// every sentence has ("de", "en", "and"), nor single letters; open ends always.
fn calendar_words(lex: &mut Lexicon) {
    let small: BTreeSet<String> = lex
        .fillers
        .iter()
        .chain(&lex.period_fillers)
        .chain(&lex.and)
        .chain(&lex.or)
        .cloned()
        .collect();
    // "from" and "desde" are small words to the reader of dates, but open ends all the same.
    let ends: BTreeSet<&String> = lex
        .until
        .iter()
        .chain(&lex.from)
        .chain(&lex.throughout)
        .filter_map(|p| match p.as_slice() {
            [one] => Some(one),
            _ => None,
        })
        .collect();
    // A word one language writes in its notes is not a calendar word there, whatever another
    // language's calendars make of it.
    let ordinary: BTreeSet<String> = crate::words::every()
        .flat_map(|w| &w.calendar.ordinary)
        .map(|w| word_key(w))
        .collect();
    let keep = |w: &String| {
        w.chars().count() > 1 && (!small.contains(w) || ends.contains(w)) && !ordinary.contains(w)
    };
    let words = std::mem::take(&mut lex.calendar_words);
    lex.calendar_words = words.into_iter().filter(|w| keep(w)).collect();
}

/// Adds the calendar words of one language to the lexicon.
fn add(lex: &mut Lexicon, c: &crate::words::Calendar) {
    let phrases = |list: &[String]| list.iter().map(|p| phrase(p)).collect::<Vec<_>>();
    let words = |list: &[String]| list.iter().map(|w| word_key(w)).collect::<Vec<_>>();
    lex.tentative.extend(phrases(&c.tentative));
    lex.continuous.extend(phrases(&c.continuous));
    let every = [
        (&c.every.month, Period::Month),
        (&c.every.two_months, Period::TwoMonths),
        (&c.every.quarter, Period::Quarter),
        (&c.every.half, Period::Half),
        (&c.every.year, Period::Year),
    ];
    for (list, period) in every {
        lex.every
            .extend(phrases(list).into_iter().map(|p| (p, period)));
    }
    lex.every_year.extend(phrases(&c.every.year));
    lex.one.extend(words(&c.one_per_month.one));
    lex.per.extend(words(&c.one_per_month.per));
    lex.month.extend(words(&c.one_per_month.month));
    lex.range.extend(words(&c.range));
    lex.and.extend(words(&c.and));
    lex.or.extend(words(&c.or));
    lex.fillers.extend(words(&c.fillers));
    lex.period_fillers.extend(words(&c.period_fillers));
    lex.until.extend(phrases(&c.until));
    lex.from.extend(phrases(&c.from));
    lex.throughout.extend(phrases(&c.throughout));
    lex.whole.extend(words(&c.whole));
    lex.quarter.extend(words(&c.quarter));
    lex.half.extend(words(&c.half));
    lex.quarter_letters.extend(words(&c.quarter_letters));
    lex.half_letters.extend(words(&c.half_letters));
    lex.ordinal_suffixes.extend(words(&c.ordinal_suffixes));
    for (n, list) in (1..).zip(c.ordinals.by_number()) {
        for w in words(list) {
            lex.ordinals.entry(w).or_insert(n);
        }
    }
}

/// Folds a phrase of the words files into its words, as the tokenizer reads them.
fn phrase(text: &str) -> Phrase {
    text.split_whitespace().map(word_key).collect()
}

/// Returns true when `words` are exactly one of `phrases`.
pub(super) fn is_one_of<'p>(phrases: impl IntoIterator<Item = &'p Phrase>, words: &[&str]) -> bool {
    phrases
        .into_iter()
        .any(|p| p.iter().map(String::as_str).eq(words.iter().copied()))
}

/// Returns the folded words of a phrase made of words only.
pub(super) fn words_only<'t>(tokens: &'t [Token<'_>]) -> Option<Vec<&'t str>> {
    tokens
        .iter()
        .map(|t| match t {
            Token::Word(_, key) => Some(key.as_str()),
            _ => None,
        })
        .collect()
}

/// Returns the number of tokens the longest of `phrases` found at `at` takes.
pub(super) fn phrase_at(tokens: &[Token<'_>], at: usize, phrases: &[Phrase]) -> Option<usize> {
    phrases
        .iter()
        .filter_map(|phrase| phrase_len(tokens, at, phrase))
        .max()
}

/// Returns the number of tokens `phrase` takes when it is found at `at`.
pub(super) fn phrase_len(tokens: &[Token<'_>], at: usize, phrase: &[String]) -> Option<usize> {
    (tokens.len() >= at + phrase.len()
        && phrase
            .iter()
            .zip(&tokens[at..])
            .all(|(want, token)| matches!(token, Token::Word(_, key) if key == want)))
    .then_some(phrase.len())
}
