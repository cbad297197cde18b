//! The header fields of a parsed message.

use mail_parser::parsers::MessageStream;
use mail_parser::{Addr, Header, HeaderName, HeaderValue, Message, MessageParser};

use super::charset::{clean_header_text, lenient_utf8, truncate_at_char};
use super::parsed::{Address, Problems};

/// Far beyond any real subject; keeps a hostile one-line megabyte out of the list.
pub(crate) const SUBJECT_CAP: usize = 4096;

#[derive(Default)]
pub(crate) struct HeaderFields {
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    pub date: Option<i64>,
    pub from: Option<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub reply_to: Vec<Address>,
    pub subject: String,
    pub disposition_notification_to: Option<Address>,
}

pub(crate) fn read(message: &Message<'_>, raw: &[u8], problems: &mut Problems) -> HeaderFields {
    let Some(root) = message.parts.first() else {
        return HeaderFields::default();
    };
    let block = raw.get(..root.offset_body as usize).unwrap_or(raw);
    check_block(block, problems);
    if std::str::from_utf8(block).is_ok() {
        return fields(&root.headers, raw, problems);
    }
    // mail-parser reads raw 8-bit header bytes as lossy UTF-8; old lab systems still send
    // latin-1, so the block is re-read with those bytes decoded first.
    problems.note("raw 8-bit header bytes that are not UTF-8 (read as windows-1252)");
    let repaired = lenient_utf8(block);
    match MessageParser::default()
        .parse_headers(repaired.as_bytes())
        .as_ref()
        .and_then(|m| m.parts.first())
    {
        Some(part) => fields(&part.headers, repaired.as_bytes(), problems),
        None => fields(&root.headers, raw, problems),
    }
}

fn check_block(block: &[u8], problems: &mut Problems) {
    if block.starts_with(b"From ") {
        problems.note("mbox \"From \" line before the headers");
    }
    // RFC 5322's hard limit; longer lines break some servers and hint at a hostile message.
    let too_long = |line: &[u8]| line.strip_suffix(b"\r").unwrap_or(line).len() > 998;
    if block.split(|&b| b == b'\n').any(too_long) {
        problems.note("header line longer than 998 characters");
    }
}

/// `bytes` is the buffer the headers' offsets point into.
fn fields(headers: &[Header<'_>], bytes: &[u8], problems: &mut Problems) -> HeaderFields {
    for (name, label) in [
        (HeaderName::Subject, "Subject"),
        (HeaderName::From, "From"),
        (HeaderName::Date, "Date"),
        (HeaderName::MessageId, "Message-ID"),
    ] {
        if headers.iter().filter(|h| h.name == name).count() > 1 {
            problems.note(format!("duplicate {label} header"));
        }
    }
    let from = first(headers, HeaderName::From)
        .and_then(|h| h.value.as_address())
        .and_then(|list| list.iter().find_map(address));
    if from.is_none() {
        problems.note("no From address");
    }
    let message_id =
        first(headers, HeaderName::MessageId).and_then(|h| ids(&h.value).into_iter().next());
    if message_id.is_none() {
        problems.note("no Message-ID");
    }
    HeaderFields {
        message_id,
        in_reply_to: first(headers, HeaderName::InReplyTo).map_or_else(Vec::new, |h| ids(&h.value)),
        references: first(headers, HeaderName::References).map_or_else(Vec::new, |h| ids(&h.value)),
        date: date(first(headers, HeaderName::Date), problems),
        from,
        to: all_addresses(headers, HeaderName::To),
        cc: all_addresses(headers, HeaderName::Cc),
        reply_to: all_addresses(headers, HeaderName::ReplyTo),
        subject: subject(first(headers, HeaderName::Subject), problems),
        disposition_notification_to: first(headers, HeaderName::DispositionNotificationTo)
            .and_then(|h| raw_address(h, bytes)),
    }
}

/// The first occurrence: mail-parser's own getters return the last one.
fn first<'a, 'x>(headers: &'a [Header<'x>], name: HeaderName<'_>) -> Option<&'a Header<'x>> {
    headers.iter().find(|h| h.name == name)
}

fn subject(header: Option<&Header<'_>>, problems: &mut Problems) -> String {
    let decoded = header.and_then(|h| h.value.as_text()).unwrap_or("");
    let (mut subject, had_controls) = clean_header_text(decoded);
    if had_controls {
        problems.note("control characters in Subject");
    }
    if subject.contains('\u{FFFD}') {
        problems.note("undecodable characters in Subject");
    }
    if subject.contains("=?") {
        problems.note("malformed encoded word in Subject");
    }
    if subject.len() > SUBJECT_CAP {
        problems.note("Subject longer than 4 KiB, truncated");
        subject.truncate(truncate_at_char(&subject, SUBJECT_CAP).len());
    }
    subject
}

fn date(header: Option<&Header<'_>>, problems: &mut Problems) -> Option<i64> {
    match header.map(|h| &h.value) {
        None => {
            problems.note("no Date header");
            None
        }
        Some(HeaderValue::DateTime(date)) if date.is_valid() => Some(date.to_timestamp()),
        Some(_) => {
            problems.note("unparseable Date header");
            None
        }
    }
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let raw: &[_] = match value {
        HeaderValue::Text(id) => std::slice::from_ref(id),
        HeaderValue::TextList(ids) => ids,
        _ => &[],
    };
    raw.iter()
        .map(|id| {
            id.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .trim()
        })
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

fn all_addresses(headers: &[Header<'_>], name: HeaderName<'_>) -> Vec<Address> {
    headers
        .iter()
        .filter(|h| h.name == name)
        .filter_map(|h| h.value.as_address())
        .flat_map(|list| list.iter().filter_map(address).collect::<Vec<_>>())
        .collect()
}

fn address(addr: &Addr<'_>) -> Option<Address> {
    let (email, _) = clean_header_text(addr.address.as_deref()?);
    if email.is_empty() {
        return None;
    }
    let name = addr
        .name
        .as_deref()
        .map(|name| clean_header_text(name).0)
        .filter(|name| !name.is_empty() && *name != email);
    Some(Address { name, email })
}

/// mail-parser keeps headers it does not know as raw text; this one holds an address.
fn raw_address(header: &Header<'_>, bytes: &[u8]) -> Option<Address> {
    let value = bytes.get(header.offset_start as usize..header.offset_end as usize)?;
    // Its field parsers give up on a value that is not ended by a newline.
    let mut terminated = value.to_vec();
    terminated.push(b'\n');
    let parsed = MessageStream::new(&terminated).parse_address();
    parsed
        .as_address()
        .and_then(|list| list.iter().find_map(address))
}
