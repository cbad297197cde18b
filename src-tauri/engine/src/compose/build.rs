//! A composition into RFC 5322 bytes, with lettre's MIME builder.
//!
//! Structure: `multipart/mixed` (only with attachments) around `multipart/alternative`
//! (text, then HTML) whose HTML sits in `multipart/related` with its inline images.

use std::collections::HashSet;
use std::time::SystemTime;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::MessageBuilder;
use lettre::message::{Attachment as MimeAttachment, Body, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use mail_parser::decoders::html::html_to_text;
use uuid::Uuid;

use super::problems::ComposeProblem;
use super::recipients::{self, parse_mailbox, Recipient};
use super::types::{Attachment, BuiltMessage, ComposeMode, Composition};
use crate::EngineError;

/// RFC 5322 allows trimming a long References chain; the root and the latest matter.
const MAX_REFERENCES: usize = 20;
const OCTET_STREAM: &str = "application/octet-stream";
const UNNAMED_FILE: &str = "piece-jointe";

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Something [`super::validate`] would have refused.
    #[error("{}", .0.text().say(crate::Lang::En))]
    Invalid(ComposeProblem),
    #[error("the MIME message could not be made: {0}")]
    Mime(String),
}

impl From<BuildError> for EngineError {
    fn from(err: BuildError) -> Self {
        match err {
            BuildError::Invalid(problem) => EngineError::Refused(vec![problem.text()]),
            BuildError::Mime(detail) => EngineError::Internal(detail),
        }
    }
}

/// Builds the message to send. Run [`super::validate`] first: this only refuses what it cannot
/// build (no recipient, an unreadable address or INS), not the rules about who may send what.
/// `message_id_domain` is the right-hand side of the new Message-ID; when empty or unusable the
/// sender's domain is used.
pub fn build(
    composition: &Composition,
    now: SystemTime,
    message_id_domain: &str,
) -> Result<BuiltMessage, BuildError> {
    let sender_text = composition.from.address.trim();
    let sender = parse_mailbox(sender_text).ok_or_else(|| {
        BuildError::Invalid(ComposeProblem::InvalidSender {
            address: sender_text.to_owned(),
        })
    })?;
    let from = Mailbox::new(
        display_name(composition.from.name.as_deref()),
        sender.email.clone(),
    );
    let (to, cc) = addressees(composition)?;
    let message_id = format!(
        "{}@{}",
        Uuid::new_v4(),
        id_domain(message_id_domain, sender.email.domain())
    );

    let mut builder = Message::builder()
        .from(from)
        .subject(one_line(&composition.subject))
        .date(now)
        .message_id(Some(format!("<{message_id}>")));
    for mailbox in &to {
        builder = builder.to(mailbox.clone());
    }
    for mailbox in &cc {
        builder = builder.cc(mailbox.clone());
    }
    if let Some(parent) = composition.in_reply_to.as_deref().and_then(clean_id) {
        builder = builder.in_reply_to(format!("<{parent}>"));
    }
    let chain = references(composition);
    if !chain.is_empty() {
        let ids: Vec<String> = chain.iter().map(|id| format!("<{id}>")).collect();
        builder = builder.references(ids.join(" "));
    }
    let patient = composition.mode == ComposeMode::Patient;
    // The patient cannot refuse the receipt, and it is how the sender learns the message was read.
    if patient || composition.request_read_receipt {
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Disposition-Notification-To"),
            format!("<{}>", sender.email),
        ));
    }
    if patient && composition.close_exchange {
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("X-MSS-MES"),
            "FIN".to_owned(),
        ));
    }

    let message = with_body(builder, composition)?;
    let raw = message.formatted();
    let mut seen = HashSet::new();
    let envelope_to = to
        .iter()
        .chain(&cc)
        .map(|mailbox| mailbox.email.to_string())
        .filter(|email| seen.insert(email.to_lowercase()))
        .collect();
    tracing::debug!(
        size = raw.len(),
        attachments = composition.attachments.len(),
        patient,
        "message built"
    );
    Ok(BuiltMessage {
        message_id,
        size: raw.len() as u64,
        raw,
        envelope_from: sender.email.to_string(),
        envelope_to,
    })
}

fn addressees(composition: &Composition) -> Result<(Vec<Mailbox>, Vec<Mailbox>), BuildError> {
    if composition.mode == ComposeMode::Patient {
        let ins = recipients::patient(composition).map_err(BuildError::Invalid)?;
        let patient = ins.patient_address();
        let mailbox =
            parse_mailbox(&patient).ok_or(BuildError::Invalid(ComposeProblem::InvalidAddress {
                address: patient,
            }))?;
        return Ok((vec![mailbox], Vec::new()));
    }
    let valid = |entries: &[String]| -> Result<Vec<Mailbox>, BuildError> {
        recipients::recipients(entries)
            .into_iter()
            .map(|recipient| match recipient {
                Recipient::Valid(mailbox) => Ok(mailbox),
                Recipient::Invalid(address) => {
                    Err(BuildError::Invalid(ComposeProblem::InvalidAddress {
                        address,
                    }))
                }
            })
            .collect()
    };
    let to = valid(&composition.to)?;
    if to.is_empty() {
        return Err(BuildError::Invalid(ComposeProblem::MissingTo));
    }
    Ok((to, valid(&composition.cc)?))
}

enum Part {
    Single(SinglePart),
    Multi(MultiPart),
}

fn with_body(builder: MessageBuilder, composition: &Composition) -> Result<Message, BuildError> {
    let html = composition
        .body_html
        .as_deref()
        .filter(|html| !html.trim().is_empty());
    let text = match html {
        Some(html) if composition.body_text.trim().is_empty() => html_to_text(html),
        _ => composition.body_text.clone(),
    };
    // Without HTML there is nothing to show an image in: it travels as a plain attachment.
    let (inline, files): (Vec<&Attachment>, Vec<&Attachment>) =
        composition.attachments.iter().partition(|a| {
            html.is_some() && a.inline_content_id.as_deref().and_then(clean_id).is_some()
        });

    let text_part = SinglePart::plain(text);
    let content = match html {
        None => Part::Single(text_part),
        Some(html) => {
            let html_part = SinglePart::html(html.to_owned());
            let alternative = MultiPart::alternative().singlepart(text_part);
            Part::Multi(if inline.is_empty() {
                alternative.singlepart(html_part)
            } else {
                let mut related = MultiPart::related().singlepart(html_part);
                for attachment in &inline {
                    related = related.singlepart(mime_part(attachment)?);
                }
                alternative.multipart(related)
            })
        }
    };
    let built = if files.is_empty() {
        match content {
            Part::Single(part) => builder.singlepart(part),
            Part::Multi(part) => builder.multipart(part),
        }
    } else {
        let mut mixed = match content {
            Part::Single(part) => MultiPart::mixed().singlepart(part),
            Part::Multi(part) => MultiPart::mixed().multipart(part),
        };
        for attachment in &files {
            mixed = mixed.singlepart(mime_part(attachment)?);
        }
        builder.multipart(mixed)
    };
    built.map_err(|e| BuildError::Mime(e.to_string()))
}

/// Always base64, so that the file comes back byte for byte whatever its type (lettre would
/// otherwise rewrite the line ends of a text file).
fn mime_part(attachment: &Attachment) -> Result<SinglePart, BuildError> {
    let name = file_name(&attachment.file_name);
    let content_type = content_type(&attachment.mime_type, &name)?;
    let body = Body::new_with_encoding(attachment.content.clone(), ContentTransferEncoding::Base64)
        .unwrap_or_else(Body::new);
    let kind = match attachment.inline_content_id.as_deref().and_then(clean_id) {
        Some(id) => MimeAttachment::new_inline_with_name(id.to_owned(), name),
        None => MimeAttachment::new(name),
    };
    Ok(kind.body(body, content_type))
}

/// The type with the file name as a `name` parameter too: lettre writes the RFC 2231
/// `filename*` of Content-Disposition, which some hospital clients (older Outlook) ignore; they
/// read `name`, RFC 2047-encoded as Gmail and Outlook themselves send it.
fn content_type(mime_type: &str, name: &str) -> Result<ContentType, BuildError> {
    let essence = mime_type.trim();
    // A file the window could not type (the browser leaves some types empty) is typed by
    // its name, from the engine's one table.
    let essence = match ContentType::parse(essence) {
        Ok(_) if !essence.eq_ignore_ascii_case(OCTET_STREAM) => essence,
        _ => crate::mime::file_type::of_name(name),
    };
    ContentType::parse(&format!("{essence}; name=\"{}\"", encoded_words(name)))
        .or_else(|_| ContentType::parse(essence))
        .map_err(|e| BuildError::Mime(e.to_string()))
}

/// `name` as is when plain ASCII, else RFC 2047 `B` words of at most 75 characters.
fn encoded_words(name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| (c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '?')) || c == ' ');
    if plain && !name.contains("=?") {
        return name.to_owned();
    }
    // 45 bytes make 60 base64 characters, 72 with the `=?utf-8?b?…?=` around them.
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in name.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    words.push(chunk);
    words
        .iter()
        .map(|word| format!("=?utf-8?b?{}?=", BASE64.encode(word)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last path component, without control characters.
fn file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned = one_line(base);
    if cleaned.is_empty() {
        UNNAMED_FILE.to_owned()
    } else {
        cleaned
    }
}

fn display_name(name: Option<&str>) -> Option<String> {
    name.map(one_line).filter(|name| !name.is_empty())
}

/// Header text on one line: a pasted line break must not start a new header.
fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Message-ID or Content-ID without its brackets (or `cid:`), `None` when unusable.
pub(super) fn clean_id(id: &str) -> Option<&str> {
    let id = id.trim();
    let id = id.strip_prefix("cid:").unwrap_or(id);
    let id = id.trim_start_matches('<').trim_end_matches('>').trim();
    let usable = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '<' && c != '>');
    usable.then_some(id)
}

/// The thread: the given chain, ending with the message answered.
fn references(composition: &Composition) -> Vec<String> {
    let parent = composition.in_reply_to.as_deref().and_then(clean_id);
    let mut chain: Vec<String> = Vec::new();
    for id in composition.references.iter().filter_map(|id| clean_id(id)) {
        if Some(id) != parent && !chain.iter().any(|known| known == id) {
            chain.push(id.to_owned());
        }
    }
    chain.extend(parent.map(str::to_owned));
    if chain.len() > MAX_REFERENCES {
        chain.drain(1..chain.len() - (MAX_REFERENCES - 1));
    }
    chain
}

fn id_domain(requested: &str, sender_domain: &str) -> String {
    let usable = |domain: &str| {
        !domain.is_empty()
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    };
    let requested = requested.trim().to_ascii_lowercase();
    if usable(&requested) {
        requested
    } else if usable(sender_domain) {
        sender_domain.to_ascii_lowercase()
    } else {
        "medimail.invalid".to_owned()
    }
}
