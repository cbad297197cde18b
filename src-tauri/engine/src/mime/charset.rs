//! Last-resort byte decoding for text that is not the UTF-8 it should be.

use std::borrow::Cow;

/// windows-1252 for 0x80..=0x9F; the rest of the upper half is latin-1. French mail that is
/// not UTF-8 is nearly always one of the two, and 1252 is the superset that carries `’`,
/// `œ` and `€`. The five holes of 1252 keep their latin-1 (C1 control) value.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

fn cp1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => CP1252_HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Valid UTF-8 stays as it is; every byte that is not part of a valid sequence is read as
/// windows-1252. Mixed headers (a UTF-8 name beside a latin-1 subject) come out readable.
pub(crate) fn lenient_utf8(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|&b| cp1252_char(b)));
    }
    Cow::Owned(out)
}

pub(crate) fn is_utf8_label(charset: &str) -> bool {
    let label = charset.trim().trim_matches('"').to_ascii_lowercase();
    matches!(
        label.as_str(),
        "utf-8"
            | "utf8"
            | "unicode-1-1-utf-8"
            | "unicode11utf8"
            | "unicode20utf8"
            | "x-unicode20utf8"
    )
}

/// A charset label neither UTF-8 nor known to mail-parser (which then decodes lossily).
pub(crate) fn is_unknown_label(charset: &str) -> bool {
    let label = charset.trim().trim_matches('"');
    !is_utf8_label(label)
        && mail_parser::decoders::charsets::map::charset_decoder(label.as_bytes()).is_none()
}

/// Control characters (NUL, BEL, escape sequences…) have no place in a subject or a name
/// and upset the list and the database; line breaks and tabs become spaces.
pub(crate) fn clean_header_text(text: &str) -> (String, bool) {
    let mut had_controls = false;
    let cleaned = text
        .chars()
        .filter_map(|c| match c {
            '\t' | '\r' | '\n' => Some(' '),
            c if c.is_control() => {
                had_controls = true;
                None
            }
            c => Some(c),
        })
        .collect::<String>();
    (cleaned.trim().to_owned(), had_controls)
}

/// The longest prefix of `text` that fits in `max` bytes without splitting a character.
pub(crate) fn truncate_at_char(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_are_read_as_windows_1252() {
        assert_eq!(lenient_utf8(b"R\xe9sultats \x80 \x92"), "Résultats € ’");
        assert_eq!(lenient_utf8("déjà UTF-8".as_bytes()), "déjà UTF-8");
        assert_eq!(
            lenient_utf8(b"\xc3\x89lodie / H\xe9l\xe8ne"),
            "Élodie / Hélène"
        );
        assert_eq!(lenient_utf8(b"\xc3\xa9t\xe9"), "été");
    }

    #[test]
    fn charset_labels() {
        assert!(is_utf8_label("\"UTF-8\""));
        assert!(!is_unknown_label("iso-8859-1"));
        assert!(!is_unknown_label("utf-8"));
        assert!(is_unknown_label("x-inconnu"));
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate_at_char("été", 1), "");
        assert_eq!(truncate_at_char("été", 2), "é");
        assert_eq!(truncate_at_char("abc", 10), "abc");
    }
}
