//! Last resort when the MIME parser failed: Subject, From, Message-ID and Date read by hand
//! from the raw header block, with no decoding beyond bytes to text. Nothing here may panic:
//! it runs outside any panic guard.

use super::charset::{clean_header_text, lenient_utf8, truncate_at_char};
use super::headers::SUBJECT_CAP;
use super::parse::{Address, ParsedMessage};

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

/// RFC 5322 `[day ","] dd mon yyyy hh:mm[:ss] zone`; an unknown zone counts as UTC.
pub(crate) fn date(value: &str) -> Option<i64> {
    let value = value.split_once(',').map_or(value, |(_, rest)| rest);
    let mut words = value.split_whitespace();
    let day: i64 = words.next()?.parse().ok()?;
    let month = month(words.next()?)?;
    let year: i64 = match words.next()?.parse().ok()? {
        y @ 0..=49 => y + 2000,
        y @ 50..=999 => y + 1900,
        y => y,
    };
    let mut clock = words.next()?.split(':').map(|n| n.parse::<i64>().ok());
    let (hour, minute) = (clock.next()??, clock.next()??);
    let second = clock.next().flatten().unwrap_or(0);
    let offset = words.next().and_then(zone_offset).unwrap_or(0);
    let valid = (1..=31).contains(&day)
        && (1970..=9999).contains(&year)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..=60).contains(&second);
    valid.then(|| {
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
    })
}

fn month(word: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = word.get(..3)?;
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(prefix))
        .map(|i| i as i64 + 1)
}

/// Seconds east of UTC for `+hhmm` / `-hhmm`.
fn zone_offset(word: &str) -> Option<i64> {
    let (sign, digits) = match word.as_bytes().first()? {
        b'+' => (1, word.get(1..)?),
        b'-' => (-1, word.get(1..)?),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits.get(..2)?.parse().ok()?;
    let minutes: i64 = digits.get(2..)?.parse().ok()?;
    Some(sign * (hours * 3600 + minutes * 60))
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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
