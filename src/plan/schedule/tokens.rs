//! The words of a calendar phrase: the tokenizer that cuts a phrase into words, numbers,
//! dashes, list marks and parentheses, and the lookups on tokens both readers share (the
//! "to be defined" phrases among them). Keeping them apart lets the reader of dates and the
//! reader of periods see a phrase the same way.

use super::error::ScheduleError;
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

/// Splits a phrase into tokens. A dot is dropped after a word (`Dic.`) and at the end;
/// anywhere else, and any other punctuation, is an error.
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
            tokens.push(Token::Word(&rest[..end], word_key(&rest[..end])));
            end
        } else {
            match c {
                c if c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}') => {}
                c if is_dash(c) => tokens.push(Token::Dash),
                ',' | ';' | '&' => tokens.push(Token::Comma),
                '(' | '[' => tokens.push(Token::Open),
                ')' | ']' => tokens.push(Token::Close),
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

/// Phrases, folded, that mark a calendar as still to be confirmed.
pub(super) const TENTATIVE: &[&[&str]] = &[
    &["por", "definir"],
    &["por", "confirmar"],
    &["por", "determinar"],
    &["a", "definir"],
    &["a", "confirmar"],
    &["a", "determinar"],
    &["tbd"],
    &["tbc"],
    &["to", "be", "defined"],
    &["to", "be", "determined"],
    &["to", "be", "confirmed"],
    &["tentativo"],
    &["tentativa"],
    &["tentativamente"],
    &["tentative"],
    &["tentatively"],
];

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
pub(super) fn phrase_at(tokens: &[Token<'_>], at: usize, phrases: &[&[&str]]) -> Option<usize> {
    phrases
        .iter()
        .filter(|phrase| {
            tokens.len() >= at + phrase.len()
                && phrase
                    .iter()
                    .zip(&tokens[at..])
                    .all(|(want, token)| matches!(token, Token::Word(_, key) if key == want))
        })
        .map(|phrase| phrase.len())
        .max()
}
