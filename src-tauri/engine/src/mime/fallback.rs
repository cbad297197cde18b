//! Last resort when the MIME parser failed: Subject, From, Message-ID and Date read by hand
//! from the raw header block, with no decoding beyond bytes to text. Nothing here may panic:
//! it runs outside any panic guard.

use super::charset::{clean_header_text, lenient_utf8, truncate_at_char};
use super::headers::SUBJECT_CAP;
use super::parsed::{Address, ParsedMessage};

/// A real header block is a few kilobytes; junk without a blank line is not read to its end.
const HEADER_SCAN_CAP: usize = 256 * 1024;

pub(crate) fn scan(raw: &[u8], reason: &str) -> ParsedMessage {
    let mut parsed = ParsedMessage {
        problems: vec![reason.to_owned()],
        ..ParsedMessage::default()
    };
    for (name, value) in header_fields(&raw[..raw.len().min(HEADER_SCAN_CAP)]) {
        let (value, _) = clean_header_text(&lenient_utf8(&value));
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.eq_ignore_ascii_case(b"subject") && parsed.subject.is_empty() {
            parsed.subject = truncate_at_char(&value, SUBJECT_CAP).to_owned();
        } else if name.eq_ignore_ascii_case(b"from") && parsed.from.is_none() {
            parsed.from = address(&value);
        } else if name.eq_ignore_ascii_case(b"message-id") && parsed.message_id.is_none() {
            let id = value.trim_start_matches('<').trim_end_matches('>').trim();
            parsed.message_id = (!id.is_empty()).then(|| id.to_owned());
        } else if name.eq_ignore_ascii_case(b"date") && parsed.date.is_none() {
            parsed.date = date(&value);
        }
    }
    parsed
}

/// Unfolded `(name, value)` pairs up to the first empty line.
fn header_fields(block: &[u8]) -> Vec<(&[u8], Vec<u8>)> {
    let mut fields: Vec<(&[u8], Vec<u8>)> = Vec::new();
    for line in block.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if matches!(line.first(), Some(b' ' | b'\t')) {
            if let Some((_, value)) = fields.last_mut() {
                value.extend_from_slice(line);
            }
            continue;
        }
        if let Some(colon) = line.iter().position(|&b| b == b':') {
            let name = line[..colon].trim_ascii();
            if !name.is_empty() && !name.contains(&b' ') {
                fields.push((name, line[colon + 1..].to_vec()));
            }
        }
    }
    fields
}

fn address(value: &str) -> Option<Address> {
    let (name, email) = match (value.find('<'), value.rfind('>')) {
        (Some(open), Some(close)) if open < close => (
            value[..open].trim().trim_matches('"').trim(),
            &value[open + 1..close],
        ),
        _ => (
            "",
            value
                .split_whitespace()
                .find(|word| word.contains('@'))
                .unwrap_or(value),
        ),
    };
    let email = email.trim();
    (!email.is_empty()).then(|| Address {
        name: (!name.is_empty()).then(|| name.to_owned()),
        email: email.to_owned(),
    })
}

/// RFC 5322 dates as chrono reads them (day name and seconds optional, obsolete zones
/// such as `GMT` or `EST`, two-digit years); anything else is no date.
pub(crate) fn date(value: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc2822(value.trim()).ok().map(|date| date.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_main_headers_by_hand() {
        let raw = b"Received: x\r\nSubject: R\xe9sultats\r\n  du jour\r\n\
From: \"Dr Martin\" <c.martin@medecin.mssante.fr>\r\nMessage-ID: <abc@x>\r\n\
Date: Tue, 12 Mar 2024 09:15:00 +0100\r\n\r\nSubject: body, not a header\r\n";
        let parsed = scan(raw, "test");
        assert_eq!(parsed.subject, "Résultats du jour");
        assert_eq!(
            parsed.from.as_ref().map(Address::display).as_deref(),
            Some("Dr Martin <c.martin@medecin.mssante.fr>")
        );
        assert_eq!(parsed.message_id.as_deref(), Some("abc@x"));
        assert_eq!(parsed.date, Some(1_710_231_300));
        assert_eq!(parsed.problems, ["test"]);
    }

    #[test]
    fn dates_by_hand() {
        assert_eq!(date("12 Mar 2024 08:15 GMT"), Some(1_710_231_300));
        assert_eq!(date("Thu, 1 Jan 1970 00:00:00 -0130"), Some(5400));
        assert_eq!(date("29 Feb 2024 00:00:00 +0000"), Some(1_709_164_800));
        assert_eq!(date("lundi 32 fevrier"), None);
        assert_eq!(date(""), None);
    }
}
