//! The body of a parsed message: searchable text, attachments, report kind, and the MIME
//! damage worth noting. Only the outer message is read; a forwarded message is one
//! attachment.

use std::borrow::Cow;

use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::html::html_to_text;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{Encoding, Message, MessagePart, MimeHeaders, PartType};

use super::charset::{clean_header_text, is_unknown_label, lenient_utf8, truncate_at_char};
use super::parsed::{AttachmentInfo, Problems, ReportKind, BODY_TEXT_CAP};

/// Real mail nests five or six levels (signed, mixed, alternative, related); anything far
/// deeper is hostile and its inner parts are ignored.
const MAX_DEPTH: usize = 32;
/// HTML shrinks when made text; converting more than this cannot fill the cap anyway.
const TEXT_INPUT_CAP: usize = 4 * BODY_TEXT_CAP;
/// A closing delimiter sits at the end of its multipart, before at most a short epilogue.
const CLOSING_DELIMITER_WINDOW: usize = 64 * 1024;
/// Bounds on what a hostile header can put into the store (RFC 6838 allows 127 + 1 + 127).
const NAME_CAP: usize = 1024;
const MIME_TYPE_CAP: usize = 255;

const REPORT_PARTS: [&str; 6] = [
    "message/delivery-status",
    "message/global-delivery-status",
    "message/disposition-notification",
    "message/global-disposition-notification",
    "text/rfc822-headers",
    "message/global-headers",
];

pub(crate) struct BodyFields {
    pub text: String,
    pub attachments: Vec<AttachmentInfo>,
    pub report: Option<ReportKind>,
}

/// Machine-readable report parts are not what the paperclip in the list is about.
pub(crate) fn counts_as_attachment(attachment: &AttachmentInfo) -> bool {
    !attachment.is_inline && !is_report_part(&attachment.mime_type)
}

/// A part of a delivery or read report (`mime_type` in lower case), not a file.
pub fn is_report_part(mime_type: &str) -> bool {
    REPORT_PARTS.contains(&mime_type)
}

pub(crate) fn read(message: &Message<'_>, raw: &[u8], problems: &mut Problems) -> BodyFields {
    let tree = Tree::of(message);
    if tree.too_deep {
        problems.note(format!(
            "MIME nesting deeper than {MAX_DEPTH} levels; deeper parts ignored"
        ));
    }
    let usable = |id: u32| tree.usable(message, id);
    for (id, part) in message.parts.iter().enumerate() {
        if tree.depth.get(id).copied().flatten().is_some() {
            check_part(id, part, raw, problems);
        }
    }

    // Text is read at any depth: the nesting limit bounds the structure walked (checks,
    // attachments), not the words a reader and search need, which mail-parser has found.
    let mut text = CappedText::default();
    for part in message.text_body.iter().filter_map(|&id| message.parts.get(id as usize)) {
        if text.is_full() {
            break;
        }
        match &part.body {
            PartType::Text(plain) => text.push(&readable(part, plain, raw)),
            PartType::Html(html) => {
                text.push(&html_to_text(truncate_at_char(html, TEXT_INPUT_CAP)))
            }
            _ => {}
        }
    }

    let mut attachments = Vec::new();
    for &id in &message.attachments {
        let Some(part) = usable(id) else { continue };
        if is_boundaryless_multipart(part) {
            // Not a file the sender attached: a body whose structure broke.
            if text.is_empty() {
                text.push(&lenient_utf8(truncate_bytes(
                    part.contents(),
                    TEXT_INPUT_CAP,
                )));
            }
            continue;
        }
        if is_stray_body_text(part) {
            text.push(&stray_text(part, raw));
            continue;
        }
        let in_related = tree.in_related(message, id);
        attachments.push(attachment(part, in_related, raw, problems));
    }

    BodyFields {
        text: text.0,
        attachments,
        report: report_kind(message, &tree),
    }
}

/// Where each part sits: mail-parser keeps the parts flat, children listed by id.
struct Tree {
    depth: Vec<Option<usize>>,
    parent: Vec<Option<usize>>,
    too_deep: bool,
}

impl Tree {
    fn of(message: &Message<'_>) -> Tree {
        let count = message.parts.len();
        let mut tree = Tree {
            depth: vec![None; count],
            parent: vec![None; count],
            too_deep: false,
        };
        if let Some(root) = tree.depth.first_mut() {
            *root = Some(0);
        }
        for (id, part) in message.parts.iter().enumerate() {
            let (Some(depth), PartType::Multipart(children)) = (tree.depth[id], &part.body) else {
                continue;
            };
            if depth >= MAX_DEPTH {
                tree.too_deep = true;
                continue;
            }
            // Children always come after their parent; anything else is not trusted.
            for child in children
                .iter()
                .map(|&c| c as usize)
                .filter(|&c| c > id && c < count)
            {
                tree.depth[child] = Some(depth + 1);
                tree.parent[child] = Some(id);
            }
        }
        tree
    }

    fn usable<'m, 'x>(&self, message: &'m Message<'x>, id: u32) -> Option<&'m MessagePart<'x>> {
        let id = id as usize;
        self.depth.get(id).copied().flatten()?;
        message.parts.get(id)
    }

    fn in_related(&self, message: &Message<'_>, id: u32) -> bool {
        self.parent
            .get(id as usize)
            .copied()
            .flatten()
            .and_then(|parent| message.parts.get(parent))
            .is_some_and(|parent| mime_type(parent) == "multipart/related")
    }
}

fn check_part(id: usize, part: &MessagePart<'_>, raw: &[u8], problems: &mut Problems) {
    let body = raw
        .get(part.offset_body as usize..part.offset_end as usize)
        .unwrap_or_default();
    // A message that is all headers is legal; mail-parser flags it all the same.
    let headers_only = id == 0 && body.is_empty();
    if part.is_encoding_problem && !headers_only {
        problems.note(format!("part {id}: content could not be decoded"));
    }
    if is_boundaryless_multipart(part) {
        problems.note(format!("part {id}: multipart without a usable boundary"));
    }
    if let Some(boundary) = part.is_multipart().then(|| boundary(part)).flatten() {
        let closing = [b"--", boundary.as_bytes(), b"--"].concat();
        let tail = &body[body.len().saturating_sub(CLOSING_DELIMITER_WINDOW)..];
        if !tail.windows(closing.len()).any(|w| w == closing.as_slice()) {
            problems.note(format!(
                "part {id}: multipart closing delimiter missing (truncated?)"
            ));
        }
    }
    if part.encoding == Encoding::QuotedPrintable && !quoted_printable_is_clean(body) {
        problems.note(format!("part {id}: invalid quoted-printable"));
    }
    if part.is_text() && charset(part).is_some_and(is_unknown_label) {
        problems.note(format!("part {id}: unknown charset"));
    }
}

/// mail-parser decodes an unknown charset as lossy UTF-8; French text in such parts is
/// nearly always latin-1 or windows-1252, so the raw bytes are decoded again that way.
fn readable<'a>(part: &MessagePart<'_>, decoded: &'a str, raw: &[u8]) -> Cow<'a, str> {
    if !decoded.contains('\u{FFFD}') || !charset(part).is_some_and(is_unknown_label) {
        return Cow::Borrowed(decoded);
    }
    let Some(body) = raw.get(part.offset_body as usize..part.offset_end as usize) else {
        return Cow::Borrowed(decoded);
    };
    let body = truncate_bytes(body, TEXT_INPUT_CAP);
    let bytes = match part.encoding {
        Encoding::None => Some(Cow::Borrowed(body)),
        Encoding::QuotedPrintable => quoted_printable_decode(body).map(Cow::Owned),
        Encoding::Base64 => base64_decode(body).map(Cow::Owned),
    };
    match bytes {
        Some(bytes) => Cow::Owned(lenient_utf8(&bytes).into_owned()),
        None => Cow::Borrowed(decoded),
    }
}

fn attachment(
    part: &MessagePart<'_>,
    in_related: bool,
    raw: &[u8],
    problems: &mut Problems,
) -> AttachmentInfo {
    let content_id = part
        .content_id()
        .map(|id| {
            id.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .trim()
                .to_owned()
        })
        .filter(|id| !id.is_empty());
    let disposition = part
        .content_disposition()
        .map(|d| d.ctype().to_ascii_lowercase());
    // An image the HTML shows through its cid: — not one the sender attached for download.
    let is_inline = content_id.is_some()
        && disposition.as_deref() != Some("attachment")
        && (in_related || disposition.as_deref() == Some("inline"));
    let size = match &part.body {
        // A nested message's raw_message is the whole outer message; its span is what counts.
        PartType::Message(_) if part.encoding == Encoding::None => {
            part.offset_end.saturating_sub(part.offset_body) as usize
        }
        _ => part.len(),
    };
    AttachmentInfo {
        name: attachment_name(part, raw, problems),
        mime_type: mime_type(part),
        size: size as u64,
        is_inline,
        content_id,
    }
}

fn attachment_name(part: &MessagePart<'_>, raw: &[u8], problems: &mut Problems) -> Option<String> {
    let mut name = part.attachment_name().map(Cow::Borrowed);
    if name.as_deref().is_some_and(|n| n.contains('\u{FFFD}')) {
        if let Some(repaired) = latin1_attachment_name(part, raw) {
            problems.note("raw 8-bit attachment name (read as windows-1252)");
            name = Some(Cow::Owned(repaired));
        }
    }
    if name.is_none() {
        if let PartType::Message(inner) = &part.body {
            name = inner.subject().map(Cow::Borrowed);
        }
    }
    let name = clean_header_text(&name?).0;
    (!name.is_empty()).then(|| truncate_at_char(&name, NAME_CAP).to_owned())
}

/// A raw latin-1 filename, as old Windows clients send: re-read the part's header block.
fn latin1_attachment_name(part: &MessagePart<'_>, raw: &[u8]) -> Option<String> {
    let block = raw.get(part.offset_header as usize..part.offset_body as usize)?;
    if std::str::from_utf8(block).is_ok() {
        return None;
    }
    let repaired = lenient_utf8(block);
    let headers = mail_parser::MessageParser::default().parse_headers(repaired.as_bytes())?;
    headers.attachment_name().map(str::to_owned)
}

fn report_kind(message: &Message<'_>, tree: &Tree) -> Option<ReportKind> {
    let (id, report) = message
        .parts
        .iter()
        .enumerate()
        .filter(|(id, _)| tree.depth.get(*id).copied().flatten().is_some())
        .find(|(_, part)| mime_type(part) == "multipart/report")?;
    let declared = report
        .content_type()
        .and_then(|ct| ct.attribute("report-type"));
    match declared.map(|t| t.trim().to_ascii_lowercase()).as_deref() {
        Some("delivery-status") => return Some(ReportKind::DeliveryStatus),
        Some("disposition-notification") => return Some(ReportKind::DispositionNotification),
        Some(_) => return None,
        None => {}
    }
    // No report-type: go by the machine-readable part it carries.
    report
        .sub_parts()?
        .iter()
        .filter(|&&child| child as usize > id)
        .find_map(
            |&child| match mime_type(message.parts.get(child as usize)?).as_str() {
                "message/delivery-status" | "message/global-delivery-status" => {
                    Some(ReportKind::DeliveryStatus)
                }
                "message/disposition-notification" | "message/global-disposition-notification" => {
                    Some(ReportKind::DispositionNotification)
                }
                _ => None,
            },
        )
}

fn mime_type(part: &MessagePart<'_>) -> String {
    let Some(ct) = part.content_type() else {
        // RFC 2045's default, or RFC 2046's inside a digest.
        let default = if part.is_message() {
            "message/rfc822"
        } else {
            "text/plain"
        };
        return default.into();
    };
    let full = format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("octet-stream"));
    truncate_at_char(&full, MIME_TYPE_CAP).to_ascii_lowercase()
}

fn charset<'p>(part: &'p MessagePart<'_>) -> Option<&'p str> {
    part.content_type().and_then(|ct| ct.attribute("charset"))
}

fn boundary<'p>(part: &'p MessagePart<'_>) -> Option<&'p str> {
    part.content_type().and_then(|ct| ct.attribute("boundary"))
}

/// A part that is body, not a file, although mail-parser lists it with the attachments:
/// the reading pane and the attachment list leave it out alike (display/parts.rs).
pub(crate) fn is_body_not_file(part: &MessagePart<'_>) -> bool {
    is_boundaryless_multipart(part) || is_stray_body_text(part)
}

/// Text the sender wrote that mail-parser could not place in the body: a text/plain or
/// text/html part with no file name and no "attachment" disposition, left as an opaque
/// part when its multipart never closes. Thunderbird shows such a part as text; so do we.
fn is_stray_body_text(part: &MessagePart<'_>) -> bool {
    let Some(ct) = part.content_type() else { return false };
    let text_kind = ct.ctype().eq_ignore_ascii_case("text")
        && ct.subtype().is_some_and(|sub| sub.eq_ignore_ascii_case("plain") || sub.eq_ignore_ascii_case("html"));
    text_kind
        && part.attachment_name().is_none()
        && !part.content_disposition().is_some_and(|d| d.ctype().eq_ignore_ascii_case("attachment"))
}

fn stray_text<'a>(part: &'a MessagePart<'_>, raw: &[u8]) -> Cow<'a, str> {
    match &part.body {
        PartType::Text(plain) => readable(part, plain, raw),
        PartType::Html(html) => Cow::Owned(html_to_text(truncate_at_char(html, TEXT_INPUT_CAP))),
        _ => {
            let bytes = lenient_utf8(truncate_bytes(part.contents(), TEXT_INPUT_CAP));
            if part.content_type().and_then(|ct| ct.subtype()).is_some_and(|sub| sub.eq_ignore_ascii_case("html")) {
                Cow::Owned(html_to_text(&bytes))
            } else {
                Cow::Owned(bytes.into_owned())
            }
        }
    }
}

/// mail-parser keeps a multipart whose boundary is missing or never found as one opaque part.
fn is_boundaryless_multipart(part: &MessagePart<'_>) -> bool {
    !part.is_multipart()
        && part
            .content_type()
            .is_some_and(|ct| ct.ctype().eq_ignore_ascii_case("multipart"))
}

/// mail-parser decodes bad quoted-printable leniently and silently.
fn quoted_printable_is_clean(body: &[u8]) -> bool {
    let mut rest = body;
    while let Some(pos) = rest.iter().position(|&b| b == b'=') {
        let after = &rest[pos + 1..];
        let soft_break = {
            let trimmed = after
                .iter()
                .position(|&b| b != b' ' && b != b'\t')
                .map_or(&[][..], |i| &after[i..]);
            trimmed.is_empty() || trimmed.starts_with(b"\n") || trimmed.starts_with(b"\r\n")
        };
        let escape = matches!(after, [a, b, ..] if a.is_ascii_hexdigit() && b.is_ascii_hexdigit());
        if !soft_break && !escape {
            return false;
        }
        rest = after;
    }
    true
}

fn truncate_bytes(bytes: &[u8], max: usize) -> &[u8] {
    &bytes[..bytes.len().min(max)]
}

/// Body text up to [`BODY_TEXT_CAP`], parts separated by a blank line.
#[derive(Default)]
struct CappedText(String);

impl CappedText {
    fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }

    fn is_full(&self) -> bool {
        self.0.len() >= BODY_TEXT_CAP
    }

    fn push(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if !self.0.is_empty() {
            self.push_capped("\n\n");
        }
        self.push_capped(text);
    }

    fn push_capped(&mut self, text: &str) {
        let room = BODY_TEXT_CAP.saturating_sub(self.0.len());
        self.0.push_str(truncate_at_char(text, room));
    }
}
