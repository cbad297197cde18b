//! A message as the reader gets it: parsed for the list and search, its body prepared for the
//! isolated view, its attachments and inline images served by index and Content-ID.

use super::html_check::{assert_inert, Allowed};
use crate::mime::display::{attachment_part, body_facts, display, inline_part, DisplayOptions};
use crate::mime::{parse, BODY_TEXT_CAP};
use crate::reading::{is_risky_to_open, safe_file_name};

const BASE: &str = "mailview://localhost";
/// The attachments looked up by index: enough to cover real mail, bounded for speed.
const MOST_PARTS: usize = 8;

pub fn mime_display(data: &[u8]) {
    let parsed = parse(data);
    assert!(parsed.body_text.len() <= BODY_TEXT_CAP, "searchable text beyond its cap");
    assert!(parsed.problems.len() <= 32, "damage notes beyond their bound");

    for allow_remote in [false, true] {
        let view = display(data, &DisplayOptions { message_id: 42, base: BASE, allow_remote });
        assert!(view.remote_blocked <= view.remote_total, "more remote references blocked than found");
        if !allow_remote {
            assert_eq!(view.remote_blocked, view.remote_total, "a remote reference kept with remote content off");
        }
        assert_inert(body_of(&view.document), Allowed { base: Some(BASE), remote: allow_remote });
    }
    let facts = body_facts(data);
    let _ = facts.has_html || facts.remote_content;

    // The files the reader lists are served by the same index (`reading.rs`).
    let listed: Vec<_> = parsed.attachments.iter().filter(|a| !a.is_inline).collect();
    for (index, info) in listed.iter().enumerate().take(MOST_PARTS) {
        let part = attachment_part(data, index);
        let part = part.unwrap_or_else(|| panic!("attachment {index} is listed but cannot be opened"));
        assert_eq!(part.mime_type, info.mime_type, "attachment {index} is served as another file");
        let name = safe_file_name(info.name.as_deref(), index, &info.mime_type);
        assert!(!name.is_empty() && !name.contains(['/', '\\']) && !name.starts_with('.'), "unsafe file name {name:?}");
        let _ = is_risky_to_open(&name);
    }
    for info in parsed.attachments.iter().filter(|a| a.is_inline).take(MOST_PARTS) {
        if let Some(id) = &info.content_id {
            let _ = inline_part(data, id);
        }
    }
}

/// The sanitised body inside the document `display` makes (its own head and style aside).
fn body_of(document: &str) -> &str {
    let start = document.find("<div class=\"mail\">").map_or(0, |at| at + "<div class=\"mail\">".len());
    let end = document.rfind("</div></body></html>").unwrap_or(document.len()).max(start);
    &document[start..end]
}
