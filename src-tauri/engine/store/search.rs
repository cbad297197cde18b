//! Turning what the user types into an FTS5 query. Every word is quoted, so FTS5 syntax
//! in the input (AND, NEAR, column filters, stray quotes) is searched as text, never
//! interpreted; a trailing `*` asks for a prefix.

pub(super) fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split_whitespace()
        .filter_map(|word| {
            let (word, prefix) = match word.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (word, false),
            };
            // Punctuation alone matches nothing in unicode61 and would make FTS5 fail.
            if !word.chars().any(char::is_alphanumeric) {
                return None;
            }
            let quoted = format!("\"{}\"", word.replace('"', "\"\""));
            Some(if prefix { format!("{quoted}*") } else { quoted })
        })
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn quotes_every_word() {
        assert_eq!(fts_query("compte rendu").as_deref(), Some("\"compte\" \"rendu\""));
        assert_eq!(fts_query("écho*").as_deref(), Some("\"écho\"*"));
        assert_eq!(fts_query("a\"b OR c").as_deref(), Some("\"a\"\"b\" \"OR\" \"c\""));
        assert_eq!(fts_query("  * -- "), None);
        assert_eq!(fts_query(""), None);
    }
}
