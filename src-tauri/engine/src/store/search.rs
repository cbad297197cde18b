//! Turning what the user types into an FTS5 query. Every word is quoted, so FTS5 syntax
//! in the input (AND, NEAR, column filters, stray quotes) is searched as text, never
//! interpreted; a trailing `*` asks for a prefix.
//!
//! The index keeps no positions (`detail = none`, migration 0007), so a quoted string must
//! be one word of the tokenizer's: a typed word is cut where `unicode61` cuts it
//! ("compte-rendu" searches "compte" and "rendu"), and the parts are ANDed.

use rusqlite::Connection;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::Result;

/// The longest prefix with an index of its own (`prefix = '2 3 4'` in migration 0007).
const LONGEST_INDEXED_PREFIX: usize = 4;

/// A longer prefix is searched as the words it stands for when there are at most this many:
/// FTS5 reads such an OR lazily, newest first, where it would merge the whole of every
/// matching word's list for the prefix itself (12 ms against 2 ms for `consult*` over
/// 200,000 messages).
pub(crate) const MOST_WORDS_FOR_A_PREFIX: usize = 64;

/// The FTS5 expression for `input`, or None when it holds nothing searchable.
pub(super) fn match_expression(conn: &Connection, input: &str) -> Result<Option<String>> {
    let mut parts = Vec::new();
    for word in input.split_whitespace() {
        let (word, prefix) = match word.strip_suffix('*') {
            Some(stem) => (stem.trim_end_matches('*'), true),
            None => (word, false),
        };
        let pieces: Vec<&str> = word.split(|c: char| !is_token_char(c)).filter(|p| !p.is_empty()).collect();
        let Some((last, whole)) = pieces.split_last() else {
            // Punctuation alone matches nothing in unicode61 and would make FTS5 fail.
            continue;
        };
        parts.extend(whole.iter().map(|p| quoted(p)));
        parts.push(if prefix { prefix_expression(conn, last)? } else { quoted(last) });
    }
    Ok(if parts.is_empty() { None } else { Some(parts.join(" AND ")) })
}

pub(crate) fn quoted(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

fn prefix_expression(conn: &Connection, stem: &str) -> Result<String> {
    let plain = format!("{}*", quoted(stem));
    let Some(folded) = folded_like_the_index(stem) else {
        return Ok(plain);
    };
    if folded.len() <= LONGEST_INDEXED_PREFIX {
        return Ok(plain);
    }
    // The folded stem is ASCII letters and digits: one past its last byte bounds the range.
    let mut end = folded.clone().into_bytes();
    if let Some(last) = end.last_mut() {
        *last += 1;
    }
    let end = String::from_utf8(end).unwrap_or_default();
    let words = conn
        .prepare_cached("SELECT term FROM message_terms WHERE term >= ?1 AND term < ?2 LIMIT ?3")?
        .query_map(rusqlite::params![folded, end, MOST_WORDS_FOR_A_PREFIX as i64 + 1], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // None found: let FTS5 say so itself (in case our folding and its own ever differ).
    if words.is_empty() || words.len() > MOST_WORDS_FOR_A_PREFIX {
        return Ok(plain);
    }
    Ok(format!("({})", words.iter().map(|w| quoted(w)).collect::<Vec<_>>().join(" OR ")))
}

/// The stem as `unicode61 remove_diacritics 2` stores it (lower case, accents dropped),
/// when that is sure: only if the result is plain ASCII letters and digits.
pub(crate) fn folded_like_the_index(stem: &str) -> Option<String> {
    let folded: String = stem.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect();
    folded.bytes().all(|b| b.is_ascii_alphanumeric()).then_some(folded)
}

/// unicode61's word characters: the categories L*, N* and Co. Rust's `is_alphanumeric`
/// also says yes to marks and to a few circled or squared letters (Other_Alphabetic), which
/// unicode61 treats as separators; a quoted string holding one would be a phrase, which an
/// index without positions refuses.
pub(crate) fn is_token_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let private_use = matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}');
    let enclosed_letter = matches!(c, '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F189}');
    private_use || (c.is_alphanumeric() && !is_combining_mark(c) && !enclosed_letter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::open_temp;

    fn expression(input: &str) -> Option<String> {
        let (_dir, store) = open_temp();
        match_expression(store.conn(), input).unwrap()
    }

    #[test]
    fn quotes_every_word() {
        assert_eq!(expression("compte rendu").as_deref(), Some("\"compte\" AND \"rendu\""));
        assert_eq!(expression("écho*").as_deref(), Some("\"écho\"*"));
        assert_eq!(expression("a\"b OR c").as_deref(), Some("\"a\" AND \"b\" AND \"OR\" AND \"c\""));
        assert_eq!(expression("  * -- "), None);
        assert_eq!(expression(""), None);
    }

    #[test]
    fn cuts_words_where_the_tokenizer_does() {
        assert_eq!(expression("compte-rendu").as_deref(), Some("\"compte\" AND \"rendu\""));
        assert_eq!(expression("l'équipe").as_deref(), Some("\"l\" AND \"équipe\""));
        assert_eq!(expression("Jean-Pier*").as_deref(), Some("\"Jean\" AND \"Pier\"*"));
        // A decomposed accent is a separator for unicode61 too.
        assert_eq!(expression("e\u{301}quipe").as_deref(), Some("\"e\" AND \"quipe\""));
        assert_eq!(expression("Ⓐb").as_deref(), Some("\"b\""));
    }

    #[test]
    fn folds_like_the_index_only_when_sure() {
        assert_eq!(folded_like_the_index("ÉchoG").as_deref(), Some("echog"));
        assert_eq!(folded_like_the_index("Cœur"), None);
        assert_eq!(folded_like_the_index("straße"), None);
    }
}
