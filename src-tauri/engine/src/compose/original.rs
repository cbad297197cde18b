//! The files of a received message, with their contents (`mime::parse` keeps only their
//! description), for forwarding and for the structured-message archive.

use crate::mime::FlatDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};

use mail_parser::{MessageParser, MimeHeaders, PartType};

pub(super) struct OriginalFile {
    /// Decoded (RFC 2047 and RFC 2231).
    pub name: Option<String>,
    /// Lower case.
    pub mime_type: String,
    pub content: Vec<u8>,
    /// Shown inside the HTML body rather than attached.
    pub inline: bool,
}

impl OriginalFile {
    /// Machine-readable report parts are not files anyone attached.
    pub(super) fn is_report(&self) -> bool {
        crate::mime::is_report_part(&self.mime_type)
    }
}

/// The outer message's files. A message the parser cannot read (or that makes it panic) has
/// none: forwarding it still works, without its files.
pub(super) fn files(raw: &[u8]) -> Vec<OriginalFile> {
    match catch_unwind(AssertUnwindSafe(|| read(raw))) {
        Ok(files) => files,
        Err(_) => {
            tracing::warn!(
                len = raw.len(),
                "MIME parser panicked while reading attachments"
            );
            Vec::new()
        }
    }
}

fn read(raw: &[u8]) -> Vec<OriginalFile> {
    let owner = FlatDrop(MessageParser::default().parse(raw));
    let Some(message) = owner.0.as_ref() else {
        return Vec::new();
    };
    message
        .attachments()
        .filter(|part| !part.is_multipart())
        .map(|part| {
            let mime_type = part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{}", ct.ctype(), sub),
                    None => ct.ctype().to_owned(),
                })
                .unwrap_or_else(|| default_type(&part.body).to_owned())
                .to_ascii_lowercase();
            let explicitly_attached = part
                .content_disposition()
                .is_some_and(|cd| cd.ctype().eq_ignore_ascii_case("attachment"));
            let name = part.attachment_name().map(str::to_owned).or_else(|| {
                part.message()
                    .and_then(|nested| nested.subject())
                    .map(|subject| format!("{subject}.eml"))
            });
            OriginalFile {
                name,
                mime_type,
                content: part.contents().to_vec(),
                inline: part.content_id().is_some() && !explicitly_attached,
            }
        })
        .collect()
}

fn default_type(body: &PartType<'_>) -> &'static str {
    match body {
        PartType::Text(_) => "text/plain",
        PartType::Html(_) => "text/html",
        PartType::Message(_) => "message/rfc822",
        _ => "application/octet-stream",
    }
}

