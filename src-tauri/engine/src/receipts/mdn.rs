//! Read receipts we send (RFC 8098): whether opening a message sends one, and the message
//! itself, `multipart/report; report-type=disposition-notification`.

use std::time::{Duration, UNIX_EPOCH};

use chrono::TimeZone;
use lettre::message::header::ContentType;
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use sha2::{Digest, Sha256};

use super::{MdnDecision, MdnPolicy};
use crate::catalogue::say_plain;
use crate::compose::MAIL_LANG;
use crate::{EngineError, Result, Text};

/// What is known of a received message when it is opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MdnFacts {
    /// The Disposition-Notification-To address, when the message asks for a receipt.
    pub requested_by: Option<String>,
    pub is_report: bool,
    /// Our own message (Sent, Drafts, or From the account): nobody to answer.
    pub ours: bool,
    pub already_sent: bool,
    /// The envelope sender the server recorded, when it did.
    pub return_path: Option<String>,
}

/// What opening the message should do, before anything is sent: `Sent` means "send one".
pub fn decide(policy: MdnPolicy, facts: &MdnFacts) -> MdnDecision {
    let Some(requested_by) = facts.requested_by.as_deref() else {
        return MdnDecision::NotRequested;
    };
    // RFC 8098 §2.1: never answer a report (loops), and nothing to answer on our own mail.
    if facts.is_report || facts.ours {
        return MdnDecision::NotRequested;
    }
    if facts.already_sent {
        return MdnDecision::AlreadySent;
    }
    match policy {
        MdnPolicy::Never => MdnDecision::Never,
        MdnPolicy::Ask => MdnDecision::AskUser,
        // RFC 8098 §2.1: a receipt asked for another address than the envelope sender
        // could tell a third party that the message was read; the user decides then.
        MdnPolicy::Always => match facts.return_path.as_deref() {
            Some(sender) if !sender.eq_ignore_ascii_case(requested_by) => MdnDecision::AskUser,
            _ => MdnDecision::Sent,
        },
    }
}

/// The receipt's Message-ID, derived from the account and the original so that a second
/// receipt for the same message is refused by the outbox's unique Message-ID.
pub fn mdn_message_id(account_email: &str, original_key: &str) -> String {
    let digest = Sha256::digest(format!("{}\n{original_key}", account_email.to_lowercase()));
    let domain = account_email.rsplit_once('@').map_or("localhost", |(_, d)| d);
    format!("mdn-{}@{domain}", hex::encode(&digest[..16]))
}

/// Everything a receipt says.
#[derive(Debug, Clone)]
pub struct MdnRequest<'a> {
    pub account_email: &'a str,
    pub account_name: Option<&'a str>,
    /// Where the receipt goes: the Disposition-Notification-To address.
    pub to: &'a str,
    pub original_message_id: Option<&'a str>,
    pub original_subject: &'a str,
    pub original_date: Option<i64>,
    /// The message's Original-Recipient header, when the server added one.
    pub original_recipient: Option<&'a str>,
    pub opened_at: i64,
    /// `MDN-sent-automatically` (policy "always") or `MDN-sent-manually` (the user said yes).
    pub sent_automatically: bool,
    pub mdn_message_id: &'a str,
}

#[derive(Debug, Clone)]
pub struct BuiltMdn {
    pub raw: Vec<u8>,
    pub subject: String,
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
}

pub fn build_mdn<Tz: TimeZone>(request: &MdnRequest<'_>, tz: &Tz) -> Result<BuiltMdn>
where
    Tz::Offset: std::fmt::Display,
{
    let invalid = |what: &str| EngineError::InvalidInput(format!("read receipt: invalid {what} address"));
    let from = Mailbox::new(
        request.account_name.map(one_line).filter(|n| !n.is_empty()),
        request.account_email.parse().map_err(|_| invalid("sender"))?,
    );
    let to: Mailbox = Mailbox::new(None, request.to.trim().parse().map_err(|_| invalid("recipient"))?);
    let subject = Text::new("mail-receipt-subject").arg("subject", one_line(request.original_subject)).say(MAIL_LANG);
    let opened_at = UNIX_EPOCH + Duration::from_secs(request.opened_at.max(0) as u64);

    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(subject.clone())
        .date(opened_at)
        .message_id(Some(format!("<{}>", request.mdn_message_id)));
    if let Some(id) = request.original_message_id {
        builder = builder.in_reply_to(format!("<{id}>")).references(format!("<{id}>"));
    }
    let human = human_text(request, tz);
    let machine = machine_fields(request);
    let report_type = ContentType::parse(&format!(
        "multipart/report; report-type=disposition-notification; boundary=\"{}\"",
        boundary(request.mdn_message_id, &[&human, &machine])
    ))
    .map_err(|e| EngineError::Internal(format!("read receipt content type: {e}")))?;
    let fields = ContentType::parse("message/disposition-notification")
        .map_err(|e| EngineError::Internal(format!("read receipt content type: {e}")))?;
    let report = MultiPart::builder()
        .header(report_type)
        .build()
        .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(Body::new(human)))
        .singlepart(SinglePart::builder().header(fields).body(Body::new(machine)));
    let message = builder
        .multipart(report)
        .map_err(|e| EngineError::Internal(format!("read receipt could not be built: {e}")))?;
    Ok(BuiltMdn {
        raw: message.formatted(),
        subject,
        // RFC 8098 §3: a null return path, so a receipt never causes a bounce loop.
        envelope_from: String::new(),
        envelope_to: vec![request.to.trim().to_owned()],
    })
}

/// The part a person reads, in French as the seed's users expect.
fn human_text<Tz: TimeZone>(request: &MdnRequest<'_>, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let when = |secs: i64| {
        tz.timestamp_opt(secs, 0).single().map(|d| {
            Text::new("mail-attribution-date")
                .arg("day", d.format("%d/%m/%Y").to_string())
                .arg("time", d.format("%H:%M").to_string())
                .say(MAIL_LANG)
        })
    };
    let subject = one_line(request.original_subject);
    let mut parts = vec![say_plain(MAIL_LANG, "mail-receipt-message")];
    if !subject.is_empty() {
        parts.push(Text::new("mail-receipt-about").arg("subject", subject).say(MAIL_LANG));
    }
    if let Some(sent) = request.original_date.and_then(when) {
        parts.push(Text::new("mail-receipt-sent").arg("sent", sent).say(MAIL_LANG));
    }
    parts.push(Text::new("mail-receipt-reader").arg("reader", request.account_email).say(MAIL_LANG));
    if let Some(opened) = when(request.opened_at) {
        parts.push(Text::new("mail-receipt-when").arg("opened", opened).say(MAIL_LANG));
    }
    format!("{}.\n\n{}\n", parts.join(" "), say_plain(MAIL_LANG, "mail-receipt-caveat"))
}

/// The machine-readable part (RFC 8098 §3).
fn machine_fields(request: &MdnRequest<'_>) -> String {
    let domain = request.account_email.rsplit_once('@').map_or("localhost", |(_, d)| d);
    let sending_mode = if request.sent_automatically { "MDN-sent-automatically" } else { "MDN-sent-manually" };
    let original_recipient = request.original_recipient.unwrap_or(request.account_email);
    let mut fields = format!(
        "Reporting-UA: {domain}; Medimail Desktop {}\r\nOriginal-Recipient: rfc822;{}\r\nFinal-Recipient: rfc822;{}\r\n",
        env!("CARGO_PKG_VERSION"),
        one_line(original_recipient),
        request.account_email,
    );
    if let Some(id) = request.original_message_id {
        fields.push_str(&format!("Original-Message-ID: <{}>\r\n", one_line(id)));
    }
    fields.push_str(&format!("Disposition: manual-action/{sending_mode}; displayed\r\n"));
    fields
}

/// The parts' boundary: from the receipt's Message-ID, so the same receipt is the same bytes,
/// and found in none of its parts. The text quotes the original's subject, and its sender
/// can work the Message-ID out, so a subject holding the boundary ended the report early
/// and our receipt lost its machine-readable part (found by the reports fuzz target).
fn boundary(seed: &str, parts: &[&str]) -> String {
    let mut attempt = 0u32;
    loop {
        let input = if attempt == 0 { seed.to_owned() } else { format!("{seed}\n{attempt}") };
        let candidate = format!("mdn-{}", hex::encode(&Sha256::digest(input.as_bytes())[..12]));
        if parts.iter().all(|part| !part.contains(&candidate)) {
            return candidate;
        }
        attempt += 1;
    }
}

/// Header text on one line: a folded or hostile value must not add header fields.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ").trim().to_owned()
}
