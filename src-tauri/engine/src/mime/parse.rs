//! Raw RFC 5322 bytes into the fields the store and the message list need.
//!
//! Mail at scale is often broken, and one unreadable message must never stop a sync: `parse`
//! always returns something, and notes the damage in `problems`.

use super::FlatDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};

use mail_parser::MessageParser;

use super::{body, fallback, headers};

/// Searchable text beyond this is dropped; no letter or report comes near it.
pub const BODY_TEXT_CAP: usize = 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedMessage {
    /// Without angle brackets; `None` when absent or empty.
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// Unix seconds from the Date header; `None` when missing or unparseable.
    pub date: Option<i64>,
    /// The first From address.
    pub from: Option<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub reply_to: Vec<Address>,
    /// Decoded, as shown: without the `XDM/1.0/DDM+` prefix of a structured message.
    /// Empty when missing.
    pub subject: String,
    /// Readable text for search: the text/plain parts, or the HTML as text when there is no
    /// plain part. At most [`BODY_TEXT_CAP`] bytes.
    pub body_text: String,
    pub attachments: Vec<AttachmentInfo>,
    /// A non-inline attachment exists (images shown in the body and report parts don't count).
    pub has_attachments: bool,
    pub disposition_notification_to: Option<Address>,
    pub is_report: Option<ReportKind>,
    /// Short technical notes on what was malformed; never message content.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub name: Option<String>,
    pub email: String,
}

impl Address {
    pub fn display(&self) -> String {
        match &self.name {
            Some(name) => format!("{name} <{}>", self.email),
            None => self.email.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    /// Decoded (RFC 2047 and RFC 2231); for a forwarded message, its subject.
    pub name: Option<String>,
    /// Lower case, e.g. `application/pdf`.
    pub mime_type: String,
    /// Decoded size in bytes.
    pub size: u64,
    /// Shown inside the HTML body through its Content-ID rather than offered as a file.
    pub is_inline: bool,
    /// Without angle brackets.
    pub content_id: Option<String>,
}

/// `multipart/report` kinds; later work reads their machine-readable parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    DeliveryStatus,
    DispositionNotification,
}

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


/// Damage notes, deduplicated and bounded so that a hostile message cannot grow them.
#[derive(Default)]
pub(crate) struct Problems(Vec<String>);

impl Problems {
    const MAX: usize = 32;

    pub(crate) fn note(&mut self, problem: impl Into<String>) {
        let problem = problem.into();
        if self.0.len() < Self::MAX && !self.0.contains(&problem) {
            self.0.push(problem);
        }
    }

    pub(crate) fn into_vec(self) -> Vec<String> {
        self.0
    }
}
