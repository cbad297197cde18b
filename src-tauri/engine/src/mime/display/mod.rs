//! A message body prepared for the reading pane's isolated view.
//!
//! The view (custom protocol `mailview`, sandboxed iframe, strict CSP, no script) is the
//! real barrier; this sanitising is defence in depth and the place where the body is made
//! quiet: no script, no form, no frame, no SVG, CSS kept only inline and without remote
//! loads, `cid:` images pointed at the protocol, every link turned into a request the app
//! intercepts (so a click never navigates), remote images removed until the user asks.
//!
//! Like `parse`, nothing here may panic on hostile input: every pass runs under
//! `catch_unwind`, and a failure falls back to the searchable text, escaped.

mod css;
mod document;
mod links;
mod parts;
mod rewrite;
mod sanitize;
pub(crate) use sanitize::sanitize_written;
mod source;
#[cfg(test)]
mod tests;
mod urls;

use std::panic::{catch_unwind, AssertUnwindSafe};

use document::document;
use parts::{clean_content_id, with_parts};
use rewrite::Counts;
use sanitize::sanitize;
use source::body_source;

pub use links::{escape_html, text_to_html};
pub use urls::{is_openable_link, percent_decode, percent_encode};

/// Where the isolated view lives: WebView2 (Windows) only serves custom protocols as
/// `http://<scheme>.localhost`; WebKit (Linux, macOS) uses the scheme itself.
pub const VIEW_BASE: &str = if cfg!(windows) { "http://mailview.localhost" } else { "mailview://localhost" };

/// What the isolated view shows, with what was held back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisplayHtml {
    /// A complete HTML document (base stylesheet included).
    pub document: String,
    /// The message had an HTML part (otherwise the text part was turned into HTML).
    pub has_html: bool,
    /// Remote references (images, backgrounds, CSS) found in the body.
    pub remote_total: u32,
    /// Of those, how many were removed because remote content was not allowed.
    pub remote_blocked: u32,
    /// `cid:` references pointed at the protocol.
    pub inline_images: u32,
}

/// What the message list and the header need to know about the body without showing it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BodyFacts {
    pub has_html: bool,
    pub remote_content: bool,
}

/// One part's decoded bytes (an attachment, or an image shown in the body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartData {
    pub name: Option<String>,
    /// Lower case, e.g. `application/pdf`.
    pub mime_type: String,
    pub content_id: Option<String>,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Copy)]
pub struct DisplayOptions<'a> {
    /// The store's id, used in the `cid:` addresses the protocol serves.
    pub message_id: i64,
    /// [`VIEW_BASE`] in the app; tests may pass anything.
    pub base: &'a str,
    pub allow_remote: bool,
}

/// The body as a sanitised HTML document for the isolated view.
pub fn display(raw: &[u8], options: &DisplayOptions<'_>) -> DisplayHtml {
    let source = body_source(raw);
    let (body, counts) = match catch_unwind(AssertUnwindSafe(|| sanitize(&source.html, options))) {
        Ok(result) => result,
        Err(_) => {
            tracing::warn!(len = raw.len(), "HTML sanitiser panicked; showing the text instead");
            let text = crate::mime::parse(raw).body_text;
            (format!("<div class=\"plain\">{}</div>", escape_html(&text)), Counts::default())
        }
    };
    DisplayHtml {
        document: document(&body),
        has_html: source.has_html,
        remote_total: counts.remote_total,
        remote_blocked: counts.remote_blocked,
        inline_images: counts.inline_images,
    }
}

/// The sanitiser alone, on an HTML body: what it lets through is checked by the fuzzing
/// targets, which need it without the document around it.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn sanitized_body(html: &str, options: &DisplayOptions<'_>) -> String {
    sanitize(html, options).0
}

/// Whether the body is HTML and asks for remote content (which is blocked until the user
/// chooses "Afficher les images").
pub fn body_facts(raw: &[u8]) -> BodyFacts {
    let view = display(raw, &DisplayOptions { message_id: 0, base: VIEW_BASE, allow_remote: false });
    BodyFacts { has_html: view.has_html, remote_content: view.remote_blocked > 0 }
}

/// The `index`-th attachment as `MessageDetail.attachments` lists them (the files the
/// sender attached, not the images shown in the body), with its decoded bytes.
pub fn attachment_part(raw: &[u8], index: usize) -> Option<PartData> {
    with_parts(raw, |parts| parts.into_iter().filter(|p| !p.inline).nth(index).map(|p| p.data))
}

/// The part whose Content-ID is `content_id` (angle brackets optional).
pub fn inline_part(raw: &[u8], content_id: &str) -> Option<PartData> {
    let wanted = clean_content_id(content_id)?;
    with_parts(raw, |parts| {
        parts
            .into_iter()
            .find(|p| p.data.content_id.as_deref().is_some_and(|id| id.eq_ignore_ascii_case(&wanted)))
            .map(|p| p.data)
    })
}
