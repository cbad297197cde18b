//! Which body the view shows: the HTML parts when there are any, else the text parts made
//! HTML, with the images of a mixed body in reading order.

use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};

use mail_parser::{MessageParser, MimeHeaders, PartType};

use super::links::{escape_html, text_to_html};
use super::parts::clean_content_id;
use crate::mime::charset::truncate_at_char;
use crate::mime::FlatDrop;

/// HTML beyond this is not shown: no real letter comes near it, and the sanitiser's time
/// grows with the input.
const HTML_CAP: usize = 8 * 1024 * 1024;

pub(super) struct BodySource {
    pub(super) html: String,
    pub(super) has_html: bool,
}

pub(super) fn body_source(raw: &[u8]) -> BodySource {
    match catch_unwind(AssertUnwindSafe(|| read_body(raw))) {
        Ok(Some(source)) => source,
        Ok(None) | Err(_) => {
            // `parse` has its own fallback for what mail-parser cannot read or panics on.
            let text = crate::mime::parse(raw).body_text;
            BodySource { html: text_to_html(&text), has_html: false }
        }
    }
}

fn read_body(raw: &[u8]) -> Option<BodySource> {
    let owner = FlatDrop(Some(MessageParser::default().parse(raw)?));
    let message = owner.0.as_ref()?;
    let has_html = message
        .html_body
        .iter()
        .filter_map(|&id| message.parts.get(id as usize))
        .any(|part| matches!(part.body, PartType::Html(_)));
    let ids = if has_html { &message.html_body } else { &message.text_body };
    let mut html = String::new();
    for part in ids.iter().filter_map(|&id| message.parts.get(id as usize)) {
        if html.len() >= HTML_CAP {
            break;
        }
        match &part.body {
            PartType::Html(text) => html.push_str(truncate_at_char(text, HTML_CAP - html.len())),
            PartType::Text(text) => html.push_str(&text_to_html(truncate_at_char(text, HTML_CAP - html.len()))),
            // mail-parser lists the images of a multipart/mixed body in reading order.
            _ if part.content_type().is_some_and(|ct| ct.ctype().eq_ignore_ascii_case("image")) => {
                // Shown once: the HTML may already point at it.
                if let Some(cid) = part.content_id().and_then(clean_content_id).filter(|cid| !html.contains(cid.as_str())) {
                    let _ = write!(html, "<p><img src=\"cid:{}\" alt=\"\"></p>", escape_html(&cid));
                }
            }
            _ => {}
        }
    }
    if html.trim().is_empty() && !has_html {
        // A message whose text mail-parser did not place in text_body (a broken structure):
        // the searchable text is the best there is.
        html = text_to_html(&crate::mime::parse(raw).body_text);
    }
    Some(BodySource { html, has_html })
}
