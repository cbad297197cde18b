//! Raw RFC 5322 bytes into the fields the store and the message list need.
//!
//! Mail at scale is often broken, and one unreadable message must never stop a sync: `parse`
//! always returns something, and notes the damage in `problems`.

use super::FlatDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};

use mail_parser::MessageParser;

use super::{body, fallback, headers};
use super::parsed::{ParsedMessage, Problems};

pub fn parse(raw: &[u8]) -> ParsedMessage {
    parse_with(raw, parse_full)
}

pub(crate) type Parser = fn(&[u8]) -> Option<ParsedMessage>;

/// `parser` is a parameter so that tests can prove a panicking parser is contained.
pub(crate) fn parse_with(raw: &[u8], parser: Parser) -> ParsedMessage {
    let mut parsed = parse_contained(raw, parser);
    // A structured message (DMP feeding) is shown, listed, notified and searched by its
    // label, never by the technical `XDM/1.0/DDM+` prefix; the raw bytes keep it.
    if let Some(shown) = super::structured_subject(&parsed.subject) {
        parsed.subject = shown.trim_start().to_owned();
    }
    parsed
}

fn parse_contained(raw: &[u8], parser: Parser) -> ParsedMessage {
    match catch_unwind(AssertUnwindSafe(|| parser(raw))) {
        Ok(Some(parsed)) => parsed,
        Ok(None) if raw.is_empty() => fallback::scan(raw, "empty message"),
        Ok(None) => {
            tracing::debug!(len = raw.len(), "no MIME header found; scanning by hand");
            fallback::scan(raw, "no parseable header")
        }
        Err(_) => {
            tracing::warn!(
                len = raw.len(),
                "MIME parser panicked; scanning the headers by hand"
            );
            fallback::scan(raw, "MIME parser failed; only the main headers were read")
        }
    }
}

fn parse_full(raw: &[u8]) -> Option<ParsedMessage> {
    // mail-parser drops a last header that has no line ending; that only matters when the
    // message is all headers, so the copy stays small in practice.
    let terminated;
    let raw = if needs_final_newline(raw) {
        terminated = [raw, b"\r\n"].concat();
        &terminated[..]
    } else {
        raw
    };
    let owner = FlatDrop(Some(MessageParser::default().parse(raw)?));
    let message = owner.0.as_ref()?;
    let mut problems = Problems::default();
    let head = headers::read(message, raw, &mut problems);
    let body = body::read(message, raw, &mut problems);
    let has_attachments = body.attachments.iter().any(body::counts_as_attachment);
    let problems = problems.into_vec();
    tracing::debug!(
        len = raw.len(),
        attachments = body.attachments.len(),
        problems = problems.len(),
        "message parsed"
    );
    Some(ParsedMessage {
        message_id: head.message_id,
        in_reply_to: head.in_reply_to,
        references: head.references,
        date: head.date,
        from: head.from,
        to: head.to,
        cc: head.cc,
        reply_to: head.reply_to,
        subject: head.subject,
        body_text: body.text,
        attachments: body.attachments,
        has_attachments,
        disposition_notification_to: head.disposition_notification_to,
        is_report: body.report,
        problems,
    })
}

fn needs_final_newline(raw: &[u8]) -> bool {
    !raw.is_empty()
        && !raw.ends_with(b"\n")
        && !raw.windows(2).any(|w| w == b"\n\n")
        && !raw.windows(3).any(|w| w == b"\n\r\n")
}
