//! Searching the directory as the person types: every typed word is a prefix, accents and
//! case do not count (the index folds them: `unicode61 remove_diacritics 2`), each field
//! searches its own index column. Entries whose surname is exactly a typed word (or all of
//! them together: "le goff") come first, then the others; each group in name order.

use super::{surname_word, DirectoryEntry, DirectoryQuery};
use crate::store::{folded_like_the_index, is_token_char, quoted, Store, MOST_WORDS_FOR_A_PREFIX};
use crate::Result;

/// The FTS5 expressions for a query: all its words, and the same restricted to an exact
/// surname. None when nothing searchable was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expressions {
    pub exact_surname: Option<String>,
    pub all: String,
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !is_token_char(c)).filter(|w| !w.is_empty()).collect()
}

/// What may follow the first letter of an indexed word: the index folds case and accents,
/// so French names need no more (a word with a rarer second letter is found from its second
/// letter typed on).
const SECOND_CHARACTERS: &str = "abcdefghijklmnopqrstuvwxyz0123456789æœß";

/// A typed word as a prefix of the index's words. The index keeps 2-letter prefixes only
/// (migration 0016): FTS5 answers a 1-letter prefix by merging the lists of every word that
/// starts with it before the first row comes back (39 ms and more for "a"), whereas an OR of
/// 2-letter prefixes is walked lazily in row order and stops at the search's limit. So the
/// first letter typed is asked as itself or one of its 2-letter prefixes.
///
/// Likewise a prefix longer than the index's 2 letters is asked as the words it stands for,
/// when they are few (`directory_word` lists them, migration 0024): "cardio" as `cardio OR
/// cardiologie OR cardiologue`, read lazily, where `cardio*` merged every list first. That
/// list holds words with a letter only: a number typed ("974", "3500") stays a prefix.
fn prefix(store: &Store, word: &str) -> Result<String> {
    let folded = super::fold(word);
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (Some(first), None) if first.is_alphanumeric() => {
            let mut any = vec![quoted(&folded)];
            any.extend(SECOND_CHARACTERS.chars().map(|second| format!("{}*", quoted(&format!("{first}{second}")))));
            return Ok(format!("({})", any.join(" OR ")));
        }
        (Some(_), Some(_)) if folded.chars().count() > INDEXED_PREFIX => {
            if let Some(stem) = folded_like_the_index(word).filter(|s| s.bytes().any(|b| b.is_ascii_alphabetic())) {
                let words = store.directory_words_with_prefix(&stem, MOST_WORDS_FOR_A_PREFIX)?;
                // None: let FTS5 say so itself (in case our folding and its own ever differ).
                if !words.is_empty() && words.len() <= MOST_WORDS_FOR_A_PREFIX {
                    return Ok(format!("({})", words.iter().map(|w| quoted(w)).collect::<Vec<_>>().join(" OR ")));
                }
            }
        }
        _ => {}
    }
    Ok(format!("{}*", quoted(word)))
}

/// The longest prefix the index keeps a list for (`prefix = '2'`, migration 0016).
const INDEXED_PREFIX: usize = 2;

pub fn expressions(store: &Store, query: &DirectoryQuery) -> Result<Option<Expressions>> {
    let fields = [("who", &query.who), ("activity", &query.activity), ("place", &query.place), ("structure", &query.structure)];
    let mut parts = Vec::new();
    for (column, text) in fields {
        for word in words(text) {
            parts.push(format!("{column} : {}", prefix(store, word)?));
        }
    }
    if parts.is_empty() {
        return Ok(None);
    }
    let all = parts.join(" AND ");
    let who = words(&query.who);
    let mut candidates: Vec<String> = who.iter().map(|w| surname_word(w)).collect();
    if who.len() > 1 {
        candidates.push(surname_word(&who.concat()));
    }
    // A single letter is the start of a name being typed, not a surname: asking for it
    // exactly would only run the whole (costly, one-letter) query a second time.
    candidates.retain(|c| c.chars().count() > 1);
    candidates.dedup();
    let exact_surname = (!candidates.is_empty()).then(|| {
        let any = candidates.iter().map(|c| format!("surname : {}", quoted(c))).collect::<Vec<_>>().join(" OR ");
        format!("({any}) AND {all}")
    });
    Ok(Some(Expressions { exact_surname, all }))
}

/// At most `limit` entries for `query`, ranked.
pub fn search(store: &Store, query: &DirectoryQuery, limit: usize) -> Result<Vec<DirectoryEntry>> {
    let Some(expressions) = expressions(store, query)? else {
        return Ok(Vec::new());
    };
    let mut found = match &expressions.exact_surname {
        Some(exact) => store.search_directory(exact, limit)?,
        None => Vec::new(),
    };
    if found.len() < limit {
        // The exact ones come back in this list too: asked for as many more, and passed over.
        let exact: std::collections::HashSet<String> = found.iter().map(|e| e.address.clone()).collect();
        let rest = store.search_directory(&expressions.all, limit + exact.len())?;
        found.extend(rest.into_iter().filter(|e| !exact.contains(&e.address)).take(limit - exact.len()));
    }
    Ok(found)
}
