//! Refusals that teach: for a phrase whose days, months and years are in no order the readers
//! take, or that joins several ranges or a day to a month, this finds the word that stopped the
//! reading and the nearest phrase that is read, so the message can name one and propose the
//! other. A proposal is only ever a phrase the readers accept: each is read before it is
//! offered. It never changes what a phrase means: the plan still stops on it.

use super::error::ScheduleError;
use super::tokens::{Token, WORDS};

/// The most tokens a phrase may have for the search for its nearest form.
const MAX_TOKENS: usize = 40;

/// Names the word that stopped the reading of `tokens` and proposes the nearest phrase that
/// `reads` accepts, for the refusals that say neither; other refusals pass unchanged.
pub(super) fn teach(
    error: ScheduleError,
    tokens: &[Token<'_>],
    reads: impl Fn(&str) -> Result<(), ScheduleError>,
) -> ScheduleError {
    if tokens.len() > MAX_TOKENS {
        return error;
    }
    match error {
        ScheduleError::Unreadable { .. } => {
            let at = stopping_token(tokens, &reads);
            ScheduleError::Unreadable {
                word: at.map(|at| written(&tokens[at])).unwrap_or_default(),
                near: at.and_then(|at| without(tokens, &[at], &reads)),
            }
        }
        ScheduleError::SeveralRanges { .. } => {
            let dashes: Vec<usize> = (0..tokens.len())
                .filter(|&at| is_range(&tokens[at]))
                .collect();
            // The mark that opens the second range, with the word it joins: "– Julio".
            let word = dashes.get(1).or(dashes.first()).map(|&at| {
                let next = tokens.get(at + 1).map(written).unwrap_or_default();
                format!("{} {next}", written(&tokens[at]))
                    .trim()
                    .to_string()
            });
            // The first end of the first range to the last end of the last: "Mayo – Julio 2023".
            let near = match (dashes.first(), dashes.last()) {
                (Some(&a), Some(&b)) if a < b => {
                    without(tokens, &(a + 1..=b).collect::<Vec<_>>(), &reads)
                }
                _ => None,
            };
            ScheduleError::SeveralRanges {
                word: word.unwrap_or_default(),
                near,
            }
        }
        ScheduleError::MixedRange { .. } => {
            let days: Vec<usize> = (0..tokens.len())
                .filter(|&at| matches!(&tokens[at], Token::Number(d) if d.len() <= 2))
                .collect();
            ScheduleError::MixedRange {
                word: days
                    .first()
                    .map(|&at| written(&tokens[at]))
                    .unwrap_or_default(),
                // Without its day, the range is a run of months: "mayo – junio 2023".
                near: without(tokens, &days, &reads),
            }
        }
        other => other,
    }
}

/// Returns true for a token that joins the ends of a range.
fn is_range(token: &Token<'_>) -> bool {
    match token {
        Token::Dash => true,
        Token::Word(_, key) => WORDS.range.contains(key),
        _ => false,
    }
}

/// The first token at which the phrase, read from its start, is in no order the readers
/// take: the word or number that stopped the reading. A token whose removal makes the whole
/// phrase read is preferred, as the nearest form is then one word away.
fn stopping_token(
    tokens: &[Token<'_>],
    reads: &impl Fn(&str) -> Result<(), ScheduleError>,
) -> Option<usize> {
    let words: Vec<usize> = (0..tokens.len())
        .filter(|&at| matches!(tokens[at], Token::Word(..) | Token::Number(_)))
        .collect();
    let unreadable_from = |at: usize| {
        let start: Vec<&Token<'_>> = tokens[..=at].iter().collect();
        phrase(&start).is_some_and(|p| matches!(reads(&p), Err(ScheduleError::Unreadable { .. })))
    };
    words
        .iter()
        .copied()
        .find(|&at| without(tokens, &[at], reads).is_some())
        .or_else(|| words.iter().copied().find(|&at| unreadable_from(at)))
        .or_else(|| words.last().copied())
}

/// The phrase without the tokens at `drop`, if the readers take it.
fn without(
    tokens: &[Token<'_>],
    drop: &[usize],
    reads: &impl Fn(&str) -> Result<(), ScheduleError>,
) -> Option<String> {
    let filler =
        |at: usize| matches!(&tokens[at], Token::Word(_, key) if WORDS.fillers.contains(key));
    // Small words after a dropped day go with it: "5 de mayo" gives "mayo".
    let mut gone = vec![false; tokens.len()];
    for at in 0..tokens.len() {
        gone[at] = drop.contains(&at) || (at > 0 && gone[at - 1] && filler(at));
    }
    let kept: Vec<&Token<'_>> = (0..tokens.len())
        .filter(|&at| !gone[at])
        .map(|at| &tokens[at])
        .collect();
    let phrase = phrase(&kept)?;
    reads(&phrase).is_ok().then_some(phrase)
}

/// A token as written in the phrase.
fn written(token: &Token<'_>) -> String {
    match token {
        Token::Word(w, _) | Token::Suffix(w, _) | Token::Number(w) => w.to_string(),
        Token::Dash => "–".to_string(),
        Token::Comma => ",".to_string(),
        Token::Open => "(".to_string(),
        Token::Close => ")".to_string(),
        Token::Year(y) => y.to_string(),
        Token::Month(_) | Token::Mark(_) => String::new(),
    }
}

/// Writes tokens back as a phrase, spaced as people write them; `None` when one of them was
/// put in place by a rewrite and has no writing of its own.
fn phrase(tokens: &[&Token<'_>]) -> Option<String> {
    let mut out = String::new();
    let mut glue = true;
    for token in tokens {
        let piece = written(token);
        if piece.is_empty() {
            return None;
        }
        let joined = matches!(token, Token::Suffix(..) | Token::Comma | Token::Close);
        if !out.is_empty() && !joined && !glue {
            out.push(' ');
        }
        out.push_str(&piece);
        glue = matches!(token, Token::Open);
    }
    let out = out.trim().to_string();
    (!out.is_empty()).then_some(out)
}
