//! Delivery and read reports (`multipart/report`): RFC 3464 delivery status notifications
//! (DSN) and RFC 8098 message disposition notifications (MDN), read into what the timeline
//! of a sent message needs.
//!
//! Reports come from many servers and clients, some of them sloppy: like [`super::parse`],
//! reading never panics and never fails outright. What cannot be read is left out; a report
//! with nothing usable is `None`.

use super::FlatDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};

use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{Encoding, MessageParser, MessagePart, MimeHeaders};

/// Far more recipients than a message may have (the seed allows 40); a hostile report
/// cannot make the store record thousands of lines.
const MAX_RECIPIENTS: usize = 200;
/// Field values beyond this are cut: a diagnostic is one server reply, not a document.
const FIELD_CAP: usize = 2048;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    Delivery(DeliveryReport),
    Disposition(DispositionReport),
}

/// RFC 3464: one report about some or all recipients of one message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// `Original-Envelope-Id`: the ENVID given at submission (`medimail-<outbox id>`).
    pub envelope_id: Option<String>,
    /// `Arrival-Date`, Unix seconds.
    pub arrival_date: Option<i64>,
    /// The original's Message-ID (without angle brackets), from the returned headers or
    /// message; absent when the server returned neither.
    pub original_message_id: Option<String>,
    pub recipients: Vec<RecipientStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientStatus {
    /// Addresses only, the `rfc822;` type removed.
    pub final_recipient: Option<String>,
    pub original_recipient: Option<String>,
    pub action: DeliveryAction,
    /// e.g. `5.1.1`.
    pub status: Option<String>,
    /// The remote server's reply, unfolded, without its `smtp;` type.
    pub diagnostic: Option<String>,
    /// `Last-Attempt-Date`, Unix seconds.
    pub last_attempt: Option<i64>,
}

impl RecipientStatus {
    /// The address the message was sent to, as the sender wrote it when the report says.
    pub fn recipient(&self) -> Option<&str> {
        self.original_recipient.as_deref().or(self.final_recipient.as_deref())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryAction {
    Delivered,
    Failed,
    Delayed,
    /// Handed to a system that gives no further report (Postfix says so after LMTP too).
    Relayed,
    /// Delivered to a list or alias that forwarded it on.
    Expanded,
}

impl DeliveryAction {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryAction::Delivered => "delivered",
            DeliveryAction::Failed => "failed",
            DeliveryAction::Delayed => "delayed",
            DeliveryAction::Relayed => "relayed",
            DeliveryAction::Expanded => "expanded",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryAction> {
        match s.trim().to_ascii_lowercase().as_str() {
            "delivered" => Some(DeliveryAction::Delivered),
            "failed" => Some(DeliveryAction::Failed),
            "delayed" => Some(DeliveryAction::Delayed),
            "relayed" => Some(DeliveryAction::Relayed),
            "expanded" => Some(DeliveryAction::Expanded),
            _ => None,
        }
    }
}

/// RFC 8098: what one recipient's mail program did with the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispositionReport {
    /// Without angle brackets.
    pub original_message_id: Option<String>,
    pub final_recipient: Option<String>,
    pub original_recipient: Option<String>,
    pub disposition: Disposition,
    /// The field as sent, unfolded: `manual-action/MDN-sent-manually; displayed`.
    pub disposition_text: String,
    /// `Error` fields, for `processed/error` and the like.
    pub error: Option<String>,
}

impl DispositionReport {
    pub fn recipient(&self) -> Option<&str> {
        self.original_recipient.as_deref().or(self.final_recipient.as_deref())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disposition {
    pub kind: DispositionKind,
    /// `automatic-action`: no person was involved (a robot processed it).
    pub automatic_action: bool,
    /// `MDN-sent-automatically`: sent by configuration, without asking.
    pub sent_automatically: bool,
    /// The `/error` modifier.
    pub error: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DispositionKind {
    Displayed,
    Deleted,
    Dispatched,
    Processed,
    /// RFC 3798's `denied` and `failed`, still sent by old clients.
    Denied,
    Failed,
}

impl DispositionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DispositionKind::Displayed => "displayed",
            DispositionKind::Deleted => "deleted",
            DispositionKind::Dispatched => "dispatched",
            DispositionKind::Processed => "processed",
            DispositionKind::Denied => "denied",
            DispositionKind::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DispositionKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "displayed" => Some(DispositionKind::Displayed),
            "deleted" => Some(DispositionKind::Deleted),
            "dispatched" => Some(DispositionKind::Dispatched),
            "processed" => Some(DispositionKind::Processed),
            "denied" => Some(DispositionKind::Denied),
            "failed" => Some(DispositionKind::Failed),
            _ => None,
        }
    }
}

/// Reads the machine-readable part of a `multipart/report`. `None` for anything else, or a
/// report with nothing usable in it.
pub fn parse_report(raw: &[u8]) -> Option<Report> {
    match catch_unwind(AssertUnwindSafe(|| read(raw))) {
        Ok(report) => report,
        Err(_) => {
            tracing::warn!(len = raw.len(), "report parser panicked; report ignored");
            None
        }
    }
}

/// The top-level `Return-Path`, without angle brackets (empty for a null sender).
pub fn return_path(raw: &[u8]) -> Option<String> {
    top_field(raw, "return-path").map(|v| strip_brackets(&v).to_owned())
}

/// The top-level `Original-Recipient` (RFC 3461, added by some servers), address only.
pub fn original_recipient(raw: &[u8]) -> Option<String> {
    top_field(raw, "original-recipient").and_then(|v| address(&v))
}

fn top_field(raw: &[u8], name: &str) -> Option<String> {
    let end = header_end(raw);
    let fields = field_groups(&String::from_utf8_lossy(&raw[..end])).into_iter().next()?;
    fields.get(name).map(str::to_owned)
}

fn read(raw: &[u8]) -> Option<Report> {
    let owner = FlatDrop(Some(MessageParser::default().parse(raw)?));
    let message = owner.0.as_ref()?;
    let mut status: Option<(bool, String)> = None;
    let mut returned: Option<String> = None;
    for part in &message.parts {
        match mime_type(part).as_str() {
            "message/delivery-status" | "message/global-delivery-status" if status.is_none() => {
                status = Some((true, decoded(part, raw)));
            }
            "message/disposition-notification" | "message/global-disposition-notification" if status.is_none() => {
                status = Some((false, decoded(part, raw)));
            }
            "text/rfc822-headers" | "message/global-headers" | "message/rfc822" | "message/global"
                if returned.is_none() =>
            {
                returned = Some(decoded(part, raw));
            }
            _ => {}
        }
    }
    let returned_id = returned.as_deref().and_then(|text| {
        let head = field_groups(text).into_iter().next()?;
        head.get("message-id").and_then(message_id)
    });
    match status? {
        (true, text) => delivery(&text, returned_id).map(Report::Delivery),
        (false, text) => disposition(&text).map(Report::Disposition),
    }
}

fn delivery(text: &str, original_message_id: Option<String>) -> Option<DeliveryReport> {
    let mut groups = field_groups(text).into_iter();
    let per_message = groups.next()?;
    let recipients: Vec<RecipientStatus> = groups
        .filter_map(|fields| recipient_status(&fields))
        .take(MAX_RECIPIENTS)
        .collect();
    if recipients.is_empty() {
        return None;
    }
    Some(DeliveryReport {
        envelope_id: per_message.get("original-envelope-id").map(|v| unxtext(v.trim())).filter(|v| !v.is_empty()),
        arrival_date: per_message.get("arrival-date").and_then(date),
        original_message_id,
        recipients,
    })
}

fn recipient_status(fields: &Fields) -> Option<RecipientStatus> {
    let status = fields.get("status").and_then(|v| v.split_whitespace().next()).map(str::to_owned);
    // An action we do not know still tells success or failure through its status class.
    let action = fields.get("action").and_then(DeliveryAction::parse).or_else(|| {
        match status.as_deref()?.chars().next()? {
            '2' => Some(DeliveryAction::Delivered),
            '4' => Some(DeliveryAction::Delayed),
            '5' => Some(DeliveryAction::Failed),
            _ => None,
        }
    })?;
    let final_recipient = fields.get("final-recipient").and_then(address);
    let original_recipient = fields.get("original-recipient").and_then(address);
    if final_recipient.is_none() && original_recipient.is_none() {
        return None;
    }
    Some(RecipientStatus {
        final_recipient,
        original_recipient,
        action,
        status,
        diagnostic: fields.get("diagnostic-code").map(|v| without_type(v).to_owned()).filter(|v| !v.is_empty()),
        last_attempt: fields.get("last-attempt-date").and_then(date),
    })
}

fn disposition(text: &str) -> Option<DispositionReport> {
    // RFC 8098 has one group; tolerate senders that put blank lines between fields.
    let mut fields = Fields::default();
    for group in field_groups(text) {
        fields.0.extend(group.0);
    }
    let disposition_text = fields.get("disposition")?.to_owned();
    let disposition = parse_disposition(&disposition_text)?;
    let errors: Vec<&str> = fields.all("error").collect();
    Some(DispositionReport {
        original_message_id: fields.get("original-message-id").and_then(message_id),
        final_recipient: fields.get("final-recipient").and_then(address),
        original_recipient: fields.get("original-recipient").and_then(address),
        disposition,
        disposition_text,
        error: (!errors.is_empty()).then(|| cap(&errors.join(" "))),
    })
}

/// `action-mode/sending-mode; type[/modifier,…]`. The modes are optional in practice.
fn parse_disposition(value: &str) -> Option<Disposition> {
    let (modes, rest) = value.split_once(';').unwrap_or(("", value));
    let (kind, modifiers) = rest.split_once('/').unwrap_or((rest, ""));
    let kind = DispositionKind::parse(kind)?;
    let (action_mode, sending_mode) = modes.split_once('/').unwrap_or((modes, ""));
    Some(Disposition {
        kind,
        automatic_action: action_mode.trim().eq_ignore_ascii_case("automatic-action"),
        sent_automatically: sending_mode.trim().eq_ignore_ascii_case("MDN-sent-automatically"),
        error: modifiers.split(',').any(|m| m.trim().eq_ignore_ascii_case("error")),
    })
}

/// RFC 822-style field groups separated by blank lines, names lower-cased, values unfolded.
#[derive(Debug, Default)]
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn field_groups(text: &str) -> Vec<Fields> {
    let mut groups = Vec::new();
    let mut current = Fields::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.0.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = current.0.last_mut() {
                if value.len() < FIELD_CAP {
                    value.push(' ');
                    value.push_str(line.trim());
                }
            }
            continue;
        }
        // A line without a colon is noise (a broken report); it is skipped.
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            if !name.is_empty() && !name.contains(char::is_whitespace) {
                current.0.push((name, value.trim().to_owned()));
            }
        }
    }
    if !current.0.is_empty() {
        groups.push(current);
    }
    for group in &mut groups {
        for (_, value) in &mut group.0 {
            *value = cap(value);
        }
    }
    groups
}

fn cap(value: &str) -> String {
    let mut end = value.len().min(FIELD_CAP);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    value[..end].to_owned()
}

/// `rfc822; someone@example.org` → `someone@example.org`.
fn address(value: &str) -> Option<String> {
    let address = strip_brackets(without_type(value));
    (!address.is_empty() && !address.contains(char::is_whitespace)).then(|| address.to_owned())
}

fn without_type(value: &str) -> &str {
    value.split_once(';').map_or(value, |(_, rest)| rest).trim()
}

fn strip_brackets(value: &str) -> &str {
    value.trim().trim_start_matches('<').trim_end_matches('>').trim()
}

fn message_id(value: &str) -> Option<String> {
    let id = match (value.find('<'), value.find('>')) {
        (Some(start), Some(end)) if start < end => &value[start + 1..end],
        _ => value,
    };
    let id = id.trim();
    (!id.is_empty() && !id.contains(char::is_whitespace)).then(|| id.to_owned())
}

fn date(value: &str) -> Option<i64> {
    mail_parser::DateTime::parse_rfc822(value)
        .filter(|d| d.is_valid())
        .map(|d| d.to_timestamp())
}

/// RFC 3461 xtext, as ENVID travels: `+HH` back to the byte.
fn unxtext(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'+', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where the header block of a raw message ends.
fn header_end(raw: &[u8]) -> usize {
    let lf = raw.windows(2).position(|w| w == b"\n\n");
    let crlf = raw.windows(3).position(|w| w == b"\n\r\n");
    match (lf, crlf) {
        (Some(a), Some(b)) => a.min(b) + 1,
        (Some(p), None) | (None, Some(p)) => p + 1,
        (None, None) => raw.len(),
    }
}

fn decoded(part: &MessagePart<'_>, raw: &[u8]) -> String {
    let body = raw.get(part.offset_body as usize..part.offset_end as usize).unwrap_or_default();
    let bytes = match part.encoding {
        Encoding::Base64 => base64_decode(body),
        Encoding::QuotedPrintable => quoted_printable_decode(body),
        Encoding::None => None,
    };
    match bytes {
        Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        None => String::from_utf8_lossy(body).into_owned(),
    }
}

fn mime_type(part: &MessagePart<'_>) -> String {
    match part.content_type() {
        Some(ct) => format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")).to_ascii_lowercase(),
        None => String::new(),
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::receipts::samples;

    fn delivery(raw: &str) -> DeliveryReport {
        match parse_report(raw.as_bytes()) {
            Some(Report::Delivery(d)) => d,
            other => panic!("expected a DSN, got {other:?}"),
        }
    }

    fn disposition(raw: &str) -> DispositionReport {
        match parse_report(raw.as_bytes()) {
            Some(Report::Disposition(d)) => d,
            other => panic!("expected an MDN, got {other:?}"),
        }
    }

    #[test]
    fn reads_postfix_bounce() {
        let d = delivery(samples::POSTFIX_BOUNCE);
        assert_eq!(d.envelope_id.as_deref(), Some("medimail-42"));
        assert_eq!(d.original_message_id.as_deref(), Some("orig-123@medimail.test"));
        assert!(d.arrival_date.is_some());
        assert_eq!(d.recipients.len(), 1);
        let r = &d.recipients[0];
        assert_eq!(r.action, DeliveryAction::Failed);
        assert_eq!(r.status.as_deref(), Some("5.1.1"));
        assert_eq!(r.recipient(), Some("nobody@medimail.test"));
        assert_eq!(
            r.diagnostic.as_deref(),
            Some("550 5.1.1 <nobody@medimail.test> User doesn't exist: nobody@medimail.test")
        );
    }

    #[test]
    fn reads_postfix_success_over_lmtp() {
        let d = delivery(samples::POSTFIX_SUCCESS);
        let r = &d.recipients[0];
        assert_eq!(r.action, DeliveryAction::Relayed);
        assert_eq!(r.status.as_deref(), Some("2.0.0"));
        assert_eq!(r.final_recipient.as_deref(), Some("nathalie.girard@medimail.test"));
        assert_eq!(d.original_message_id.as_deref(), Some("orig-123@medimail.test"));
    }

    #[test]
    fn the_report_kind_agrees_with_the_main_parser() {
        assert_eq!(super::super::parse(samples::POSTFIX_BOUNCE.as_bytes()).is_report, Some(super::super::ReportKind::DeliveryStatus));
        assert_eq!(
            super::super::parse(samples::THUNDERBIRD_MDN.as_bytes()).is_report,
            Some(super::super::ReportKind::DispositionNotification)
        );
    }

    #[test]
    fn reads_a_displayed_mdn() {
        let d = disposition(samples::THUNDERBIRD_MDN);
        assert_eq!(d.original_message_id.as_deref(), Some("orig-123@medimail.test"));
        assert_eq!(d.recipient(), Some("nathalie.girard@medimail.test"));
        assert_eq!(d.disposition.kind, DispositionKind::Displayed);
        assert!(!d.disposition.automatic_action && !d.disposition.sent_automatically && !d.disposition.error);
        assert_eq!(d.disposition_text, "manual-action/MDN-sent-manually; displayed");
    }

    #[test]
    fn reads_a_folded_base64_processed_error_mdn() {
        let d = disposition(&samples::processed_error_mdn());
        assert_eq!(d.original_message_id.as_deref(), Some("orig-9@medimail.test"));
        assert_eq!(d.recipient(), Some("secretariat@example.org"));
        assert_eq!(d.final_recipient.as_deref(), Some("Secretariat@Example.ORG"));
        assert_eq!(d.disposition.kind, DispositionKind::Processed);
        assert!(d.disposition.automatic_action && d.disposition.sent_automatically && d.disposition.error);
        assert_eq!(d.error.as_deref(), Some("mailbox full"));
    }

    #[test]
    fn reads_the_seed_corpus_reports() {
        let dsn = delivery(include_str!("../../../../tests/corpus/wellformed/dsn.eml"));
        assert_eq!(dsn.recipients[0].action, DeliveryAction::Failed);
        assert_eq!(dsn.recipients[0].recipient(), Some("inconnu@ch-exemple.mssante.fr"));
        // Its returned headers have no Message-ID.
        assert_eq!(dsn.original_message_id, None);
        let mdn = disposition(include_str!("../../../../tests/corpus/wellformed/mdn.eml"));
        assert_eq!(mdn.original_message_id.as_deref(), Some("cr-123456@labo.mssante.fr"));
    }

    #[test]
    fn a_returned_full_message_names_the_original() {
        let raw = "From: MAILER-DAEMON@x.test\r\nMessage-ID: <r@x.test>\r\nMIME-Version: 1.0\r\n\
                   Content-Type: multipart/report; report-type=delivery-status; boundary=z\r\n\r\n\
                   --z\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x.test\r\n\
                   Original-Envelope-Id: medimail+2D7\r\n\r\nFinal-Recipient: rfc822; a@b.test\r\nAction: delayed\r\n\
                   Status: 4.4.1\r\nLast-Attempt-Date: Fri, 27 Nov 2026 08:00:00 +0100\r\n\r\n\
                   --z\r\nContent-Type: message/rfc822\r\n\r\nFrom: me@x.test\r\nMessage-ID: <full-1@x.test>\r\n\
                   Subject: s\r\n\r\nbody\r\n--z--\r\n";
        let d = delivery(raw);
        assert_eq!(d.original_message_id.as_deref(), Some("full-1@x.test"));
        assert_eq!(d.envelope_id.as_deref(), Some("medimail-7"));
        assert_eq!(d.recipients[0].action, DeliveryAction::Delayed);
        assert_eq!(d.recipients[0].last_attempt, Some(1_795_762_800));
    }

    #[test]
    fn an_unknown_action_falls_back_on_the_status_class() {
        let raw = "From: m@x.test\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=z\r\n\r\n\
                   --z\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n\r\n\
                   Final-Recipient: rfc822; a@b.test\r\nAction: bounced-ish\r\nStatus: 5.0.0 (nope)\r\n\r\n\
                   Final-Recipient: rfc822; c@b.test\r\nAction: weird\r\n\r\n\
                   Action: failed\r\nStatus: 5.1.1\r\n--z--\r\n";
        let d = delivery(raw);
        // The second names no usable outcome, the third no recipient: both left out.
        assert_eq!(d.recipients.len(), 1);
        assert_eq!(d.recipients[0].action, DeliveryAction::Failed);
        assert_eq!(d.recipients[0].status.as_deref(), Some("5.0.0"));
    }

    #[test]
    fn malformed_reports_never_panic() {
        let cases: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"garbage".to_vec(),
            b"Content-Type: multipart/report; boundary=z\r\n\r\n--z\r\nContent-Type: message/delivery-status\r\n\r\n".to_vec(),
            b"Content-Type: multipart/report; boundary=z\r\n\r\n--z\r\nContent-Type: message/disposition-notification\r\n\r\nDisposition: ;\r\n".to_vec(),
            b"Content-Type: multipart/report; boundary=z\r\n\r\n--z\r\nContent-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!\r\n--z".to_vec(),
            samples::POSTFIX_BOUNCE.as_bytes()[..700].to_vec(),
            samples::POSTFIX_BOUNCE.as_bytes()[..1900].to_vec(),
            [b"Content-Type: multipart/report; boundary=z\r\n\r\n--z\r\nContent-Type: message/delivery-status\r\n\r\n".as_slice(), &[0xff, 0xfe, b':', b'\n'].repeat(5000)].concat(),
        ];
        for raw in cases {
            let _ = parse_report(&raw);
        }
        // Recipients are bounded however many a report lists.
        let many: String = (0..1000).map(|i| format!("Final-Recipient: rfc822; r{i}@x.test\r\nAction: failed\r\n\r\n")).collect();
        let raw = format!(
            "Content-Type: multipart/report; boundary=z\r\n\r\n--z\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n\r\n{many}--z--\r\n"
        );
        assert_eq!(delivery(&raw).recipients.len(), MAX_RECIPIENTS);
    }

    #[test]
    fn reads_return_path_and_original_recipient() {
        assert_eq!(return_path(samples::POSTFIX_BOUNCE.as_bytes()).as_deref(), Some(""));
        let raw = b"Return-Path: <Jean.Dupont@medimail.test>\r\nOriginal-Recipient: rfc822;secretariat@medimail.test\r\nSubject: x\r\n\r\nReturn-Path: <other@x>\r\n";
        assert_eq!(return_path(raw).as_deref(), Some("Jean.Dupont@medimail.test"));
        assert_eq!(original_recipient(raw).as_deref(), Some("secretariat@medimail.test"));
        assert_eq!(return_path(b"Subject: none\r\n\r\nbody"), None);
    }
}
