//! The HTML sanitiser on its own: mail bodies for the reader's view (links and images
//! rewritten, remote content counted and blocked), HTML the user wrote to be sent (the
//! auto-reply), and plain text made HTML.

use super::html_check::{assert_inert, start_tags, Allowed};
use crate::mime::display::{sanitize_written, sanitized_body, text_to_html, DisplayOptions};

const BASE: &str = "mailview://localhost";

pub fn html_sanitize(data: &[u8]) {
    let html = String::from_utf8_lossy(data);
    for allow_remote in [false, true] {
        let body = sanitized_body(&html, &DisplayOptions { message_id: 7, base: BASE, allow_remote });
        assert_inert(&body, Allowed { base: Some(BASE), remote: allow_remote });
    }
    assert_inert(&sanitize_written(&html), Allowed { base: None, remote: true });

    // Text made HTML: only its own wrapper and links, whatever the text holds.
    let text = text_to_html(&html);
    for tag in start_tags(&text) {
        assert!(matches!(tag.name.as_str(), "div" | "a"), "<{}> made from plain text", tag.name);
        assert!(tag.attributes.iter().all(|(name, _)| name == "class" || name == "href"), "an attribute made from plain text");
    }
}
