//! Signatures (seed part 2 §3): what they hold and how one goes into a message.
//!
//! In the HTML body a signature sits in `<div class="medimail-signature" data-signature-id=N>`
//! so that picking another one in the compose window swaps it instead of piling them up; in
//! the text body it follows the usual `-- ` line. Its images, typed in as `data:` URLs by the
//! editor, travel as inline parts (`cid:`): many mail readers block `data:` images.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use mail_parser::decoders::html::html_to_text;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::compose::{Attachment, Composition};
use super::mime::display::escape_html;
use super::{EngineError, Result};

const HTML_CLASS: &str = "medimail-signature";
/// Content-IDs of a signature's images start so: removing the signature removes them.
const CID_PREFIX: &str = "signature-";
/// The usual separator: readers fold or grey what follows.
const TEXT_SEPARATOR: &str = "-- \n";
const MAX_TITLE: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct Signature {
    #[ts(type = "number")]
    pub id: i64,
    pub account: String,
    /// "Intitulé": seen only by the user (or the shared mailbox's users).
    pub title: String,
    /// "Contenu" as the editor made it: bold, colours, images.
    pub html: String,
    /// The same for the text/plain part.
    pub text: String,
    /// Inserted automatically in new messages.
    pub is_default: bool,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
}

/// A signature's content as given: HTML from the editor (its text version is derived), or
/// plain text (its HTML is derived).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SignatureContent {
    Html(String),
    Text(String),
}

/// An edit: what is given changes, the rest stays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct SignatureChange {
    pub title: Option<String>,
    pub content: Option<SignatureContent>,
    /// `Some(false)` leaves the account without a default.
    pub is_default: Option<bool>,
}

/// Both versions of a signature's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureBody {
    pub html: String,
    pub text: String,
}

impl SignatureContent {
    pub fn body(&self) -> Result<SignatureBody> {
        let body = match self {
            SignatureContent::Html(html) => SignatureBody {
                html: html.trim().to_owned(),
                text: tidy_text(&html_to_text(html)),
            },
            SignatureContent::Text(text) => {
                let text = tidy_text(text);
                SignatureBody { html: text_as_html(&text), text }
            }
        };
        if body.text.is_empty() && !body.html.to_ascii_lowercase().contains("<img") {
            return Err(EngineError::InvalidInput("the signature is empty".into()));
        }
        Ok(body)
    }
}

/// A title as stored: one line, not empty.
pub fn clean_title(title: &str) -> Result<String> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(EngineError::InvalidInput("a signature needs a title".into()));
    }
    Ok(title.chars().take(MAX_TITLE).collect())
}

/// Line ends as `\n`, no trailing spaces, no blank lines around.
fn tidy_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

fn text_as_html(text: &str) -> String {
    text.lines().map(escape_html).collect::<Vec<_>>().join("<br>\n")
}

/// Puts `new` in the composition in place of `previous` (either may be absent): above the
/// quoted original of a reply or forward, else at the end.
pub fn apply(composition: &mut Composition, previous: Option<&Signature>, new: Option<&Signature>) {
    if let Some(old) = previous {
        remove_text(&mut composition.body_text, &old.text);
    }
    if let Some(html) = composition.body_html.as_mut() {
        remove_html_block(html);
    }
    let referenced = |a: &Attachment, html: &str| {
        a.inline_content_id.as_deref().is_some_and(|cid| html.contains(&format!("cid:{cid}")))
    };
    let html_now = composition.body_html.clone().unwrap_or_default();
    composition.attachments.retain(|a| {
        !a.inline_content_id.as_deref().is_some_and(|cid| cid.starts_with(CID_PREFIX)) || referenced(a, &html_now)
    });
    let Some(signature) = new else {
        return;
    };

    let block = format!("{TEXT_SEPARATOR}{}", signature.text);
    insert_text(&mut composition.body_text, &block);
    if let Some(html) = composition.body_html.as_mut() {
        let (inner, images) = inline_images(&signature.html);
        let block = format!(
            "<div class=\"{HTML_CLASS}\" data-signature-id=\"{}\">-- <br>\n{inner}\n</div>",
            signature.id
        );
        insert_html(html, &block);
        composition.attachments.extend(images);
    }
}

fn remove_text(body: &mut String, signature_text: &str) {
    let block = format!("{TEXT_SEPARATOR}{signature_text}");
    if let Some(at) = body.rfind(&block) {
        let start = body[..at].trim_end_matches('\n').len();
        let end = at + block.len();
        let rest = body[end..].trim_start_matches('\n').to_owned();
        body.truncate(start);
        if !rest.is_empty() {
            body.push_str("\n\n");
            body.push_str(&rest);
        }
    }
}

/// Where the quoted original starts in a reply or forward made by `compose`.
fn quote_start_text(body: &str) -> Option<usize> {
    let forward_title = crate::compose::forward_title();
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == forward_title || crate::compose::is_attribution(bare) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

fn insert_text(body: &mut String, block: &str) {
    match quote_start_text(body) {
        Some(at) => {
            let head = body[..at].trim_end_matches('\n').to_owned();
            let tail = body[at..].to_owned();
            *body = format!("{head}\n\n{block}\n\n{tail}");
        }
        None => {
            let head = body.trim_end_matches('\n').to_owned();
            *body = format!("{head}\n\n{block}");
        }
    }
}

fn insert_html(html: &mut String, block: &str) {
    let lower = html.to_ascii_lowercase();
    let quote = ["<div class=\"moz-cite-prefix\">", "<div class=\"moz-forward-container\">"]
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min();
    match quote {
        Some(at) => html.insert_str(at, &format!("{block}\n")),
        None => {
            if !html.is_empty() && !html.ends_with('\n') {
                html.push('\n');
            }
            html.push_str(block);
        }
    }
}

/// Removes our signature `<div>` (with whatever divs it contains).
fn remove_html_block(html: &mut String) {
    let marker = format!("<div class=\"{HTML_CLASS}\"");
    let lower = html.to_ascii_lowercase();
    let Some(start) = lower.find(&marker) else {
        return;
    };
    let mut depth = 0usize;
    let mut i = start;
    while i < lower.len() {
        let rest = &lower[i..];
        if rest.starts_with("<div") {
            depth += 1;
            i += 4;
        } else if rest.starts_with("</div>") {
            depth -= 1;
            i += 6;
            if depth == 0 {
                let end = if html[i..].starts_with('\n') { i + 1 } else { i };
                let start = if html[..start].ends_with('\n') { start - 1 } else { start };
                html.replace_range(start..end, "");
                return;
            }
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
}

/// `data:` images of a signature as inline parts: the HTML with `cid:` references, and the
/// parts. Anything unreadable stays as written.
fn inline_images(html: &str) -> (String, Vec<Attachment>) {
    let mut out = String::with_capacity(html.len());
    let mut images = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("data:image/") {
        out.push_str(&rest[..at]);
        let url = &rest[at..];
        let end = url.find(['"', '\'', ')', ' ']).unwrap_or(url.len());
        let (data_url, after) = url.split_at(end);
        match decode_data_url(data_url) {
            Some((mime_type, content)) => {
                let cid = format!("{CID_PREFIX}{}@medimail", uuid::Uuid::new_v4());
                let ext = mime_type.rsplit('/').next().unwrap_or("img").to_owned();
                out.push_str(&format!("cid:{cid}"));
                images.push(Attachment {
                    file_name: format!("signature-{}.{ext}", images.len() + 1),
                    mime_type,
                    content,
                    inline_content_id: Some(cid),
                });
            }
            None => out.push_str(data_url),
        }
        rest = after;
    }
    out.push_str(rest);
    (out, images)
}

fn decode_data_url(url: &str) -> Option<(String, Vec<u8>)> {
    let (head, data) = url.strip_prefix("data:")?.split_once(',')?;
    let mime_type = head.strip_suffix(";base64")?;
    let content = BASE64.decode(data.trim()).ok()?;
    Some((mime_type.to_ascii_lowercase(), content))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(id: i64, text: &str, html: &str) -> Signature {
        Signature {
            id,
            account: "a@test.fr".into(),
            title: "t".into(),
            html: html.into(),
            text: text.into(),
            is_default: false,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn html_content_gets_its_text_version() {
        let body = SignatureContent::Html("<p><b>Nadège VIVES</b><br>Chargée de mission MSS</p>".into()).body().unwrap();
        assert!(body.text.contains("Nadège VIVES"), "{body:?}");
        assert!(body.text.contains("Chargée de mission MSS"));
        assert!(!body.text.contains('<'));
        let text = SignatureContent::Text("Dr <Martin>\nCabinet & co\n".into()).body().unwrap();
        assert_eq!(text.html, "Dr &lt;Martin&gt;<br>\nCabinet &amp; co");
        assert_eq!(text.text, "Dr <Martin>\nCabinet & co");
        assert!(SignatureContent::Html("<p> </p>".into()).body().is_err());
        assert!(clean_title("  ").is_err());
        assert_eq!(clean_title(" Cabinet\n médical ").unwrap(), "Cabinet médical");
    }

    #[test]
    fn inserted_in_a_new_message_then_swapped() {
        let mut c = Composition { body_text: "Bonjour,".into(), body_html: Some("<p>Bonjour,</p>".into()), ..Composition::default() };
        let one = signature(1, "Dr Martin", "<b>Dr Martin</b>");
        let two = signature(2, "Dr Durand\nCabinet", "<i>Dr Durand</i><div>Cabinet</div>");
        apply(&mut c, None, Some(&one));
        assert_eq!(c.body_text, "Bonjour,\n\n-- \nDr Martin");
        assert!(c.body_html.as_deref().unwrap().contains("data-signature-id=\"1\""));
        apply(&mut c, Some(&one), Some(&two));
        assert_eq!(c.body_text, "Bonjour,\n\n-- \nDr Durand\nCabinet");
        let html = c.body_html.clone().unwrap();
        assert!(!html.contains("Dr Martin") && html.contains("Dr Durand"), "{html}");
        assert_eq!(html.matches("medimail-signature").count(), 1);
        apply(&mut c, Some(&two), None);
        assert_eq!(c.body_text, "Bonjour,");
        assert_eq!(c.body_html.as_deref(), Some("<p>Bonjour,</p>"));
    }

    #[test]
    fn goes_above_the_quoted_original() {
        let mut c = Composition {
            body_text: "\n\nLe mer. 12 mars 2025 à 15:44, X a écrit :\n> Bonjour\n".into(),
            body_html: Some("<p><br></p>\n<div class=\"moz-cite-prefix\">Le …</div>\n<blockquote>B</blockquote>".into()),
            ..Composition::default()
        };
        apply(&mut c, None, Some(&signature(3, "Dr M", "Dr M")));
        assert!(c.body_text.starts_with("\n\n-- \nDr M\n\nLe mer."), "{:?}", c.body_text);
        let html = c.body_html.unwrap();
        assert!(html.find("medimail-signature").unwrap() < html.find("moz-cite-prefix").unwrap());
    }

    #[test]
    fn images_travel_as_inline_parts_and_leave_with_the_signature() {
        let png = BASE64.encode(b"\x89PNG fake");
        let sig = signature(4, "Logo", &format!("<img src=\"data:image/png;base64,{png}\" alt=\"logo\">"));
        let mut c = Composition { body_html: Some(String::new()), ..Composition::default() };
        apply(&mut c, None, Some(&sig));
        assert_eq!(c.attachments.len(), 1);
        let cid = c.attachments[0].inline_content_id.clone().unwrap();
        assert!(c.body_html.as_deref().unwrap().contains(&format!("cid:{cid}")));
        assert_eq!(c.attachments[0].content, b"\x89PNG fake");
        apply(&mut c, Some(&sig), None);
        assert!(c.attachments.is_empty());
    }
}
