//! The message's parts as files: the attachments, and the images shown in the body.

use std::panic::{catch_unwind, AssertUnwindSafe};

use mail_parser::{Message, MessageParser, MessagePart, MimeHeaders, PartType};

use super::PartData;
use crate::mime::charset::truncate_at_char;
use crate::mime::FlatDrop;

/// Same bound as `body.rs`: deeper MIME nesting is hostile and ignored.
const MAX_DEPTH: usize = 32;

pub(super) struct Part {
    pub(super) inline: bool,
    pub(super) data: PartData,
}

pub(super) fn with_parts<T>(raw: &[u8], pick: impl FnOnce(Vec<Part>) -> Option<T>) -> Option<T> {
    let parts = match catch_unwind(AssertUnwindSafe(|| read_parts(raw))) {
        Ok(parts) => parts,
        Err(_) => {
            tracing::warn!(len = raw.len(), "MIME parser panicked while reading a part");
            return None;
        }
    };
    pick(parts)
}

/// The message's attachments in `body.rs`'s order and with its inline rule, so that an
/// index into `MessageDetail.attachments` names the same file here.
fn read_parts(raw: &[u8]) -> Vec<Part> {
    let Some(message) = MessageParser::default().parse(raw) else {
        return Vec::new();
    };
    let owner = FlatDrop(Some(message));
    let Some(message) = owner.0.as_ref() else {
        return Vec::new();
    };
    let (depth, parent) = tree(message);
    let reachable = |id: usize| depth.get(id).copied().flatten().is_some();
    let mut parts = Vec::new();
    for &id in &message.attachments {
        let id = id as usize;
        let Some(part) = message.parts.get(id).filter(|_| reachable(id)) else { continue };
        if crate::mime::body::is_body_not_file(part) {
            // Body text whose structure broke, not a file (body.rs reads it as text).
            continue;
        }
        let in_related = parent
            .get(id)
            .copied()
            .flatten()
            .and_then(|p| message.parts.get(p))
            .is_some_and(|p| mime_type(p) == "multipart/related");
        let content_id = part.content_id().and_then(clean_content_id);
        let disposition = part.content_disposition().map(|d| d.ctype().to_ascii_lowercase());
        let inline = content_id.is_some()
            && disposition.as_deref() != Some("attachment")
            && (in_related || disposition.as_deref() == Some("inline"));
        parts.push(Part {
            inline,
            data: PartData {
                name: part.attachment_name().map(str::to_owned),
                mime_type: mime_type(part),
                content_id,
                bytes: part.contents().to_vec(),
            },
        });
    }
    parts
}

/// Depth and parent of each part; parts deeper than [`MAX_DEPTH`] or not reachable from
/// the root have no depth (as in `body.rs`).
fn tree(message: &Message<'_>) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let count = message.parts.len();
    let mut depth = vec![None; count];
    let mut parent = vec![None; count];
    if let Some(root) = depth.first_mut() {
        *root = Some(0);
    }
    for (id, part) in message.parts.iter().enumerate() {
        let (Some(d), PartType::Multipart(children)) = (depth[id], &part.body) else { continue };
        if d >= MAX_DEPTH {
            continue;
        }
        for child in children.iter().map(|&c| c as usize).filter(|&c| c > id && c < count) {
            depth[child] = Some(d + 1);
            parent[child] = Some(id);
        }
    }
    (depth, parent)
}

fn mime_type(part: &MessagePart<'_>) -> String {
    match part.content_type() {
        Some(ct) => truncate_at_char(&format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("octet-stream")), 255).to_ascii_lowercase(),
        None if part.is_message() => "message/rfc822".into(),
        None => "text/plain".into(),
    }
}

pub(super) fn clean_content_id(id: &str) -> Option<String> {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>').trim();
    (!id.is_empty() && id.len() <= 998).then(|| id.to_owned())
}
