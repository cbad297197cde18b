//! A draft made elsewhere (webmail, another computer) back into a composition, from the
//! MIME the server keeps: recipients, subject, both bodies, every file (inline images too),
//! reply headers, patient mode and its options.

use std::panic::{catch_unwind, AssertUnwindSafe};

use lettre::message::Mailbox;
use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

use super::copy::KEY_HEADER;
use crate::compose::{Attachment, ComposeMode, Composition, Sender};
use crate::mime::{self, Address};
use crate::patient::patient_address_ins;

pub(super) struct Imported {
    pub composition: Composition,
    /// The key of a copy another Medimail Desktop made: taking it over keeps it.
    pub key: Option<String>,
}

pub(super) fn composition(raw: &[u8], from: &Sender) -> Imported {
    let parsed = mime::parse(raw);
    let mut composition = Composition {
        from: from.clone(),
        subject: parsed.subject.clone(),
        in_reply_to: parsed.in_reply_to.first().cloned(),
        references: parsed.references.clone(),
        request_read_receipt: parsed.disposition_notification_to.is_some(),
        ..Composition::default()
    };
    let patient = parsed.to.iter().find_map(|a| patient_address_ins(&a.email));
    match patient {
        Some(ins) => {
            composition.mode = ComposeMode::Patient;
            composition.patient_ins = Some(ins.to_owned());
            composition.request_read_receipt = true;
        }
        None => {
            composition.to = parsed.to.iter().map(mailbox_text).collect();
            composition.cc = parsed.cc.iter().map(mailbox_text).collect();
        }
    }
    let key = match catch_unwind(AssertUnwindSafe(|| read_parts(raw, &mut composition))) {
        Ok(key) => key,
        Err(_) => {
            tracing::warn!(len = raw.len(), "MIME parser panicked while reading a draft; its text only is kept");
            composition.body_text = parsed.body_text.clone();
            None
        }
    };
    Imported { composition, key }
}

/// Bodies, files and our own headers; returns the draft key if the message has one.
fn read_parts(raw: &[u8], composition: &mut Composition) -> Option<String> {
    let owner = FlatDrop(MessageParser::default().parse(raw));
    let message = owner.0.as_ref()?;
    let header = |name: &str| message.header_raw(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    composition.close_exchange = composition.mode == ComposeMode::Patient
        && header("X-MSS-MES").is_some_and(|v| v.eq_ignore_ascii_case("FIN"));

    let html = message.html_part(0).and_then(|part| match &part.body {
        PartType::Html(html) => Some(html.to_string()),
        _ => None,
    });
    let text = message.text_part(0).and_then(|part| match &part.body {
        PartType::Text(text) => Some(text.to_string()),
        _ => None,
    });
    composition.body_text = text.map(|t| t.replace("\r\n", "\n")).unwrap_or_default();
    composition.body_html = html.map(|h| h.replace("\r\n", "\n"));
    composition.attachments = message
        .attachments()
        .filter(|part| !part.is_multipart())
        .enumerate()
        .map(|(i, part)| {
            let mime_type = part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{}", ct.ctype(), sub),
                    None => ct.ctype().to_owned(),
                })
                .unwrap_or_else(|| "application/octet-stream".to_owned())
                .to_ascii_lowercase();
            let attached = part
                .content_disposition()
                .is_some_and(|cd| cd.ctype().eq_ignore_ascii_case("attachment"));
            let inline_content_id = part
                .content_id()
                .filter(|_| !attached)
                .map(|id| id.trim().trim_start_matches('<').trim_end_matches('>').to_owned());
            Attachment {
                file_name: part
                    .attachment_name()
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("piece-jointe-{}", i + 1)),
                mime_type,
                content: part.contents().to_vec(),
                inline_content_id,
            }
        })
        .collect();
    header(KEY_HEADER)
}

/// `Name <address>` quoted as RFC 5322 wants, so that a comma in a name does not split it.
fn mailbox_text(address: &Address) -> String {
    match (&address.name, address.email.parse()) {
        (Some(name), Ok(email)) => Mailbox::new(Some(name.clone()), email).to_string(),
        _ => address.email.clone(),
    }
}

/// Deeply nested forwarded messages would overflow the stack when dropped recursively:
/// the levels are taken apart one by one (as `mime::parse` does).
struct FlatDrop<'x>(Option<Message<'x>>);

impl Drop for FlatDrop<'_> {
    fn drop(&mut self) {
        let mut pending: Vec<Message<'_>> = self.0.take().into_iter().collect();
        while let Some(mut message) = pending.pop() {
            for part in &mut message.parts {
                if let PartType::Message(inner) = std::mem::take(&mut part.body) {
                    pending.push(inner);
                }
            }
        }
    }
}
