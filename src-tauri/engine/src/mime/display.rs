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

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use mail_parser::{Message, MessageParser, MessagePart, MimeHeaders, PartType};

use super::charset::truncate_at_char;
use super::FlatDrop;

/// Where the isolated view lives: WebView2 (Windows) only serves custom protocols as
/// `http://<scheme>.localhost`; WebKit (Linux, macOS) uses the scheme itself.
pub const VIEW_BASE: &str = if cfg!(windows) { "http://mailview.localhost" } else { "mailview://localhost" };

/// HTML beyond this is not shown: no real letter comes near it, and the sanitiser's time
/// grows with the input.
const HTML_CAP: usize = 8 * 1024 * 1024;
/// Same bound as `body.rs`: deeper MIME nesting is hostile and ignored.
const MAX_DEPTH: usize = 32;

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
            let text = super::parse(raw).body_text;
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

// ---- reading the MIME tree ------------------------------------------------------------

struct BodySource {
    html: String,
    has_html: bool,
}

fn body_source(raw: &[u8]) -> BodySource {
    match catch_unwind(AssertUnwindSafe(|| read_body(raw))) {
        Ok(Some(source)) => source,
        Ok(None) | Err(_) => {
            // `parse` has its own fallback for what mail-parser cannot read or panics on.
            let text = super::parse(raw).body_text;
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
        html = text_to_html(&super::parse(raw).body_text);
    }
    Some(BodySource { html, has_html })
}

struct Part {
    inline: bool,
    data: PartData,
}

fn with_parts<T>(raw: &[u8], pick: impl FnOnce(Vec<Part>) -> Option<T>) -> Option<T> {
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
        if super::body::is_body_not_file(part) {
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

fn clean_content_id(id: &str) -> Option<String> {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>').trim();
    (!id.is_empty() && id.len() <= 998).then(|| id.to_owned())
}

// ---- text to HTML ---------------------------------------------------------------------

/// Plain text as escaped HTML, its web and mail addresses made links (which the sanitiser
/// then turns into requests the app intercepts, like any other link).
pub fn text_to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str("<div class=\"plain\">");
    let mut rest = text;
    while let Some(start) = find_link_start(rest) {
        out.push_str(&escape_html(&rest[..start]));
        let candidate = &rest[start..];
        let end = candidate.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"')).unwrap_or(candidate.len());
        let link = trim_link_end(&candidate[..end]);
        let href = if link.to_ascii_lowercase().starts_with("www.") { format!("https://{link}") } else { link.to_owned() };
        let _ = write!(out, "<a href=\"{}\">{}</a>", escape_html(&href), escape_html(link));
        rest = &candidate[link.len()..];
    }
    out.push_str(&escape_html(rest));
    out.push_str("</div>");
    out
}

fn find_link_start(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    ["https://", "http://", "mailto:", "www."]
        .iter()
        .filter_map(|prefix| {
            let mut from = 0;
            // A prefix in the middle of a word ("awww.", "xhttp://") is not a link start.
            while let Some(pos) = lower[from..].find(prefix) {
                let at = from + pos;
                let boundary = lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let has_more = lower[at + prefix.len()..].chars().next().is_some_and(|c| !c.is_whitespace());
                if boundary && has_more {
                    return Some(at);
                }
                from = at + prefix.len();
            }
            None
        })
        .min()
}

/// Sentence punctuation after an address is not part of it.
fn trim_link_end(link: &str) -> &str {
    let mut link = link;
    loop {
        let Some(last) = link.chars().next_back() else { return link };
        let unbalanced_paren = last == ')' && link.matches('(').count() < link.matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ']' | '}') || unbalanced_paren {
            link = &link[..link.len() - last.len_utf8()];
        } else {
            return link;
        }
    }
}

pub fn escape_html(text: &str) -> String {
    // & < > " and ' all escaped: safe in element text and in quoted attributes alike.
    html_escape::encode_quoted_attribute(text).into_owned()
}

// ---- sanitising -----------------------------------------------------------------------

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    remote_total: u32,
    remote_blocked: u32,
    inline_images: u32,
}

#[derive(Default)]
struct Counters {
    remote_total: AtomicU32,
    remote_blocked: AtomicU32,
    inline_images: AtomicU32,
}

impl Counters {
    fn remote(&self, blocked: bool) {
        self.remote_total.fetch_add(1, Ordering::Relaxed);
        if blocked {
            self.remote_blocked.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Elements removed with everything inside them (not just their tags): their content is
/// code, metadata or another document, never text the reader should see.
const REMOVED_WITH_CONTENT: [&str; 17] = [
    "script", "style", "title", "svg", "math", "iframe", "frame", "frameset", "object", "embed", "applet",
    "noscript", "noembed", "noframes", "template", "textarea", "select",
];

/// Properties kept in `style` attributes: typography, colour, box and table layout. Not
/// `position`, `content`, `cursor`, `behavior`, `-moz-binding`, `filter`, animations…
const CSS_PROPERTIES: [&str; 77] = [
    "color", "background", "background-color", "background-image", "background-position", "background-repeat",
    "background-size", "font", "font-family", "font-size", "font-style", "font-variant", "font-weight",
    "line-height", "letter-spacing", "word-spacing", "text-align", "text-decoration", "text-decoration-line",
    "text-decoration-color", "text-decoration-style", "text-indent", "text-transform", "text-overflow", "white-space",
    "word-break", "word-wrap", "overflow-wrap", "vertical-align", "direction", "unicode-bidi", "margin",
    "margin-top", "margin-right", "margin-bottom", "margin-left", "padding", "padding-top", "padding-right",
    "padding-bottom", "padding-left", "border", "border-top", "border-right", "border-bottom", "border-left",
    "border-color", "border-style", "border-width", "border-radius", "border-collapse", "border-spacing",
    "border-top-color", "border-bottom-color", "border-left-color", "border-right-color", "border-top-style",
    "border-bottom-style", "border-left-style", "border-right-style", "border-top-width", "border-bottom-width",
    "border-left-width", "border-right-width", "width", "height", "min-width", "max-width", "min-height",
    "max-height", "display", "float", "clear", "list-style-type", "table-layout", "caption-side", "empty-cells",
];

/// Real mail nests tables and blocks a few dozen levels deep. The HTML parser's work grows
/// with the square of the nesting (its scope checks walk the open elements), so a hostile
/// body of 50,000 nested `<div>` would hold the view for minutes: such a body is shown as
/// its text instead.
const MAX_HTML_NESTING: usize = 1000;

fn sanitize(html: &str, options: &DisplayOptions<'_>) -> (String, Counts) {
    let text;
    let html = if nesting_depth(html) > MAX_HTML_NESTING {
        tracing::debug!(len = html.len(), "HTML nested too deep; shown as text");
        text = text_to_html(&mail_parser::decoders::html::html_to_text(html));
        &text
    } else {
        html
    };
    let counters = Arc::new(Counters::default());
    let rewrite = Rewrite {
        base: options.base.to_owned(),
        message_id: options.message_id,
        allow_remote: options.allow_remote,
        counters: Arc::clone(&counters),
    };
    let mut builder = ammonia::Builder::default();
    builder
        .add_clean_content_tags(REMOVED_WITH_CONTENT)
        .add_tags(["font", "center"])
        .add_generic_attributes(["style", "dir", "align"])
        .add_tag_attributes("img", ["srcset", "border", "hspace", "vspace"])
        .add_tag_attributes("table", ["width", "border", "cellpadding", "cellspacing", "bgcolor", "background"])
        .add_tag_attributes("td", ["width", "height", "valign", "bgcolor", "background", "nowrap"])
        .add_tag_attributes("th", ["width", "height", "valign", "bgcolor", "background", "nowrap"])
        .add_tag_attributes("tr", ["valign", "bgcolor", "background"])
        .add_tag_attributes("div", ["background"])
        .add_tag_attributes("font", ["color", "face", "size"])
        .add_tag_attributes("col", ["width"])
        // Our own wrapper of plain-text bodies: it keeps their line breaks (BASE_STYLE).
        .add_allowed_classes("div", ["plain"])
        // Checked again, per attribute, by `Rewrite::attribute`; this is only the first sieve.
        .url_schemes(HashSet::from(["http", "https", "mailto", "cid", "data", "mailview"]))
        // Relative addresses have no base to resolve against (base tags are removed), but
        // they must reach `Rewrite` so that protocol-relative images (`//host/x.png`) are
        // counted as remote; whatever relative address is left after it is dropped.
        .url_relative(ammonia::UrlRelative::Custom(Box::new(DropRelative)))
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .filter_style_properties(HashSet::from(CSS_PROPERTIES))
        .attribute_filter(move |element, attribute, value| rewrite.attribute(element, attribute, value));
    let body = builder.clean(html).to_string();
    let counts = Counts {
        remote_total: counters.remote_total.load(Ordering::Relaxed),
        remote_blocked: counters.remote_blocked.load(Ordering::Relaxed),
        inline_images: counters.inline_images.load(Ordering::Relaxed),
    };
    (body, counts)
}

/// Relative addresses that `Rewrite` left in place have nothing to resolve against.
struct DropRelative;

impl ammonia::UrlRelativeEvaluate<'static> for DropRelative {
    fn evaluate<'url>(&self, _: &'url str) -> Option<Cow<'url, str>> {
        None
    }
}

/// The deepest element nesting of `html`, estimated from its tags alone: void elements and
/// those whose end tag HTML lets one leave out (`<p>`, `<li>`, `<td>`…) are not counted, so a
/// long list of unclosed paragraphs is not mistaken for depth.
fn nesting_depth(html: &str) -> usize {
    const NOT_COUNTED: [&str; 34] = [
        "br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "param", "source", "track", "wbr",
        "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt",
        "rp", "html", "head", "body", "!doctype",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + offset + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = if closing { start + 1 } else { start };
        let name_len = bytes[name_start.min(bytes.len())..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        i = name_start + name_len;
        if name_len == 0 || name_len > 16 {
            continue;
        }
        let name = html.get(name_start..i).unwrap_or_default().to_ascii_lowercase();
        if NOT_COUNTED.contains(&name.as_str()) {
            continue;
        }
        let self_closing = bytes[i..].iter().position(|&b| b == b'>').is_some_and(|end| end > 0 && bytes[i + end - 1] == b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Rewrites addresses as ammonia visits each attribute it kept.
struct Rewrite {
    base: String,
    message_id: i64,
    allow_remote: bool,
    counters: Arc<Counters>,
}

#[derive(Debug, PartialEq, Eq)]
enum UrlKind {
    Remote,
    Cid(String),
    DataImage,
    Mail,
    Other,
}

/// The addresses the app may open for the user, after asking (the sanitiser only ever
/// leaves these in links): web and mail, nothing that runs or reads local files.
pub fn is_openable_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !url.chars().any(|c| c.is_control())
}

fn classify(url: &str) -> UrlKind {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        UrlKind::Remote
    } else if let Some(id) = lower.strip_prefix("cid:").and_then(|_| url.get(4..)) {
        match clean_content_id(&percent_decode(id)) {
            Some(id) => UrlKind::Cid(id),
            None => UrlKind::Other,
        }
    } else if ["data:image/png", "data:image/jpeg", "data:image/jpg", "data:image/gif", "data:image/webp", "data:image/bmp"]
        .iter()
        .any(|p| lower.starts_with(p) && lower[p.len()..].starts_with([';', ',']))
    {
        UrlKind::DataImage
    } else if lower.starts_with("mailto:") {
        UrlKind::Mail
    } else {
        UrlKind::Other
    }
}

impl Rewrite {
    fn attribute<'u>(&self, element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
        match attribute {
            "href" if element == "a" => self.link(value),
            "href" => None,
            "src" => self.image(value),
            "background" => self.image(value),
            "srcset" => self.srcset(value),
            "style" => self.style(value).map(Cow::Owned),
            "cite" => None,
            _ => Some(Cow::Borrowed(value)),
        }
    }

    /// Every link becomes a request to the protocol: the app is told, asks the user, and
    /// the frame does not navigate. Only web and mail addresses survive.
    fn link<'u>(&self, value: &'u str) -> Option<Cow<'u, str>> {
        match classify(value) {
            // The link names its message (and the remote choice) because the protocol answers
            // it with the same document again: WebKitGTK blanks the frame on 204 No Content.
            UrlKind::Remote | UrlKind::Mail => Some(Cow::Owned(format!(
                "{}/message/{}/link?u={}{}",
                self.base,
                self.message_id,
                percent_encode(&absolute(value)),
                if self.allow_remote { "&remote=1" } else { "" }
            ))),
            _ => None,
        }
    }

    fn image<'u>(&self, value: &'u str) -> Option<Cow<'u, str>> {
        match classify(value) {
            UrlKind::Cid(id) => {
                self.counters.inline_images.fetch_add(1, Ordering::Relaxed);
                Some(Cow::Owned(self.cid_url(&id)))
            }
            UrlKind::DataImage => Some(Cow::Borrowed(value)),
            UrlKind::Remote => {
                self.counters.remote(!self.allow_remote);
                self.allow_remote.then(|| absolute(value))
            }
            UrlKind::Mail | UrlKind::Other => None,
        }
    }

    fn srcset<'u>(&self, value: &'u str) -> Option<Cow<'u, str>> {
        // Candidates are "url descriptor" pairs separated by commas; only remote ones are
        // worth keeping (and only when allowed): cid: in srcset is unheard of.
        let urls: Vec<&str> = value.split(',').filter_map(|c| c.split_whitespace().next()).collect();
        let all_remote = !urls.is_empty() && urls.iter().all(|u| classify(u) == UrlKind::Remote);
        if urls.iter().any(|u| classify(u) == UrlKind::Remote) {
            self.counters.remote(!self.allow_remote);
        }
        (self.allow_remote && all_remote).then_some(Cow::Borrowed(value))
    }

    fn cid_url(&self, id: &str) -> String {
        format!("{}/message/{}/cid/{}", self.base, self.message_id, percent_encode(id))
    }

    /// A first pass on inline CSS before ammonia's own (property list, URL schemes):
    /// escapes and comments are where tricks hide, so a style using escapes is dropped and
    /// comments are removed; declarations that load anything are dropped unless they load a
    /// `cid:` image or, when allowed, a remote one.
    fn style(&self, value: &str) -> Option<String> {
        if value.contains('\\') {
            return None;
        }
        let value = strip_css_comments(value);
        let mut kept = Vec::new();
        for declaration in split_declarations(&value) {
            if let Some(declaration) = self.declaration(declaration) {
                kept.push(declaration);
            }
        }
        (!kept.is_empty()).then(|| kept.join("; "))
    }

    fn declaration(&self, declaration: &str) -> Option<String> {
        let lower = declaration.to_ascii_lowercase();
        if declaration.trim().is_empty()
            || ["expression", "javascript:", "vbscript:", "@import", "behavior", "binding", "-webkit-", "image-set(", "image(", "cross-fade(", "element(", "src(", "paint("]
                .iter()
                .any(|bad| lower.contains(bad))
        {
            if lower.contains("http") {
                self.counters.remote(true);
            }
            return None;
        }
        if !lower.contains("url(") {
            return Some(declaration.trim().to_owned());
        }
        // Rebuild the declaration with every url() checked.
        let mut out = String::new();
        let mut rest = declaration;
        loop {
            let lower_rest = rest.to_ascii_lowercase();
            let Some(start) = lower_rest.find("url(") else {
                out.push_str(rest);
                break;
            };
            out.push_str(&rest[..start]);
            let after = &rest[start + 4..];
            let end = after.find(')')?;
            let url = after[..end].trim().trim_matches(['"', '\'']).trim();
            let replacement = match classify(url) {
                UrlKind::Cid(id) => {
                    self.counters.inline_images.fetch_add(1, Ordering::Relaxed);
                    self.cid_url(&id)
                }
                UrlKind::DataImage => url.to_owned(),
                UrlKind::Remote => {
                    self.counters.remote(!self.allow_remote);
                    if !self.allow_remote {
                        return None;
                    }
                    absolute(url).into_owned()
                }
                UrlKind::Mail | UrlKind::Other => return None,
            };
            if replacement.contains(['"', '\'', '(', ')']) {
                return None;
            }
            let _ = write!(out, "url(\"{replacement}\")");
            rest = &after[end + 1..];
        }
        Some(out.trim().to_owned())
    }
}

/// A protocol-relative address (`//host/x`) would resolve against the view's own scheme.
fn absolute(url: &str) -> Cow<'_, str> {
    let url = url.trim();
    if url.starts_with("//") {
        Cow::Owned(format!("https:{url}"))
    } else {
        Cow::Borrowed(url)
    }
}

fn strip_css_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        // A comment hides nothing by ending up joined: keep a space in its place.
        out.push(' ');
        match rest[start + 2..].find("*/") {
            Some(end) => rest = &rest[start + 2 + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// `a: b; c: url("x;y")` into its declarations: semicolons inside quotes or parentheses
/// do not split.
fn split_declarations(css: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None::<char>, 0);
    for (i, c) in css.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, ';') if depth == 0 => {
                parts.push(&css[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&css[start..]);
    parts
}

// ---- the document ---------------------------------------------------------------------

/// Plain mail must read well without any help from the sender: system font, a comfortable
/// measure, long lines and addresses wrapped rather than scrolled.
const BASE_STYLE: &str = "\
:root{color-scheme:light}\
html{background:#fff}\
body{margin:0;padding:16px 20px;color:#1f2328;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Helvetica Neue',Arial,sans-serif;overflow-wrap:anywhere;word-wrap:break-word}\
.mail{max-width:960px}\
.plain{white-space:pre-wrap}\
img{max-width:100%;height:auto}\
table{max-width:100%}\
pre{white-space:pre-wrap}\
a{color:#0b5cad}\
a:not([href]){color:inherit;text-decoration:none}\
blockquote{margin:0 0 0 .5em;padding-left:.8em;border-left:3px solid #d0d7de;color:#57606a}\
@media print{body{padding:0}.mail{max-width:none}}";

fn document(body: &str) -> String {
    let mut doc = String::with_capacity(body.len() + BASE_STYLE.len() + 256);
    doc.push_str("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\"><style>");
    doc.push_str(BASE_STYLE);
    doc.push_str("</style></head><body><div class=\"mail\">");
    doc.push_str(body);
    doc.push_str("</div></body></html>");
    doc
}

// ---- percent-encoding (the `mailview` addresses) ----------------------------------------

/// Everything but RFC 3986's unreserved characters is encoded, so that the value survives
/// as one query parameter or one path segment.
const URL_COMPONENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

pub fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, URL_COMPONENT).to_string()
}

/// Undoes `percent_encode` (and any other percent-encoding); bytes that are not UTF-8
/// become U+FFFD rather than an error.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "mailview://localhost";

    fn show(html: &str, allow_remote: bool) -> (String, Counts) {
        sanitize(html, &DisplayOptions { message_id: 7, base: BASE, allow_remote })
    }

    fn clean(html: &str) -> String {
        show(html, false).0
    }

    /// Nothing in the output may run or load anything: checked on every payload.
    fn assert_inert(out: &str) {
        let lower = out.to_ascii_lowercase();
        for bad in [
            "<script", "javascript:", "vbscript:", "onerror", "onload", "onclick", "onmouseover", "<iframe", "<object",
            "<embed", "<form", "<svg", "<meta", "<base", "<link", "<style", "expression", "@import", "data:text",
            "http://evil", "https://evil", "<input", "<frame", "srcdoc", "formaction", "<math", "xlink",
        ] {
            assert!(!lower.contains(bad), "{bad:?} survived in {out}");
        }
    }

    #[test]
    fn display_removes_scripts_and_event_handlers() {
        let out = clean(
            "<p onclick=\"alert(1)\">Bonjour</p><script>alert(1)</script><img src=x onerror=alert(1)>\
             <body onload=alert(1)><div onmouseover='alert(1)'>x</div><SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        );
        assert_inert(&out);
        assert!(out.contains("Bonjour"));
        assert!(!out.contains("alert"));
    }

    #[test]
    fn display_drops_javascript_and_data_links() {
        for href in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "java\u{0}script:alert(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "mailview://localhost/message/7/link?u=https%3A%2F%2Fevil",
            "/relative/path",
        ] {
            let out = clean(&format!("<a href=\"{href}\">cliquez</a>"));
            assert_inert(&out);
            assert!(!out.contains("href"), "{href:?} kept: {out}");
            assert!(out.contains("cliquez"));
        }
    }

    #[test]
    fn display_rewrites_links_to_the_protocol() {
        let out = clean("<a href=\"https://www.ameli.fr/a?b=1&amp;c=2\" target=\"_blank\">Ameli</a> <a href=\"mailto:dr@example.fr\">écrire</a>");
        assert!(out.contains("href=\"mailview://localhost/message/7/link?u=https%3A%2F%2Fwww.ameli.fr%2Fa%3Fb%3D1%26c%3D2\""), "{out}");
        assert!(out.contains("href=\"mailview://localhost/message/7/link?u=mailto%3Adr%40example.fr\""), "{out}");
        let (remote, _) = show("<a href=\"https://a.fr/\">a</a>", true);
        assert!(remote.contains("href=\"mailview://localhost/message/7/link?u=https%3A%2F%2Fa.fr%2F&amp;remote=1\""), "{remote}");
        assert!(!out.contains("target"));
        assert_eq!(percent_decode("https%3A%2F%2Fwww.ameli.fr%2Fa%3Fb%3D1%26c%3D2"), "https://www.ameli.fr/a?b=1&c=2");
    }

    #[test]
    fn display_removes_svg_with_its_scripts() {
        let out = clean(
            "<svg onload=alert(1)><script>alert(1)</script><a xlink:href=\"javascript:alert(1)\"><text>t</text></a>\
             <animate attributeName=href values=javascript:alert(1) /><foreignObject><iframe src=https://evil.example></iframe></foreignObject></svg>\
             <img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">ok",
        );
        assert_inert(&out);
        assert!(!out.to_ascii_lowercase().contains("svg"), "{out}");
        assert!(out.contains("ok"));
    }

    #[test]
    fn display_removes_frames_objects_forms_meta_and_base() {
        let out = clean(
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"><base href=\"https://evil.example/\">\
             <link rel=stylesheet href=https://evil.example/x.css>\
             <iframe src=\"https://evil.example\"><iframe srcdoc=\"<script>alert(1)</script>\"></iframe></iframe>\
             <object data=\"https://evil.example/x.swf\"><embed src=\"https://evil.example/y\"></object>\
             <form action=\"https://evil.example\"><input name=p><button formaction=\"https://evil.example\">Envoyer</button></form>\
             <frameset><frame src=https://evil.example></frameset><p>reste</p>",
        );
        assert_inert(&out);
        assert!(out.contains("reste"));
    }

    #[test]
    fn display_removes_style_sheets_and_keeps_safe_inline_css() {
        let out = clean(
            "<style>@import url(https://evil.example/a.css); body{background:url(https://evil.example/b)}</style>\
             <p style=\"color: red; position: fixed; top: 0; background: url('https://evil.example/t.png'); width: expression(alert(1)); font-weight: bold\">x</p>",
        );
        assert_inert(&out);
        assert!(out.contains("color:red"), "{out}");
        assert!(out.contains("font-weight:bold"), "{out}");
        assert!(!out.contains("position"), "{out}");
        assert!(!out.contains("url("), "{out}");
    }

    #[test]
    fn display_drops_css_hidden_behind_escapes_and_comments() {
        for style in [
            "background: u\\72l(https://evil.example/x)",
            "background: ur/**/l(https://evil.example/x)",
            "background-image: image-set(\"https://evil.example/x\" 1x)",
            "background: -webkit-image-set(url(https://evil.example/x) 1x)",
            "behavior: url(https://evil.example/x.htc)",
            "-moz-binding: url(https://evil.example/x.xml#x)",
            "background: url(javascript:alert(1))",
            "position: fixed; inset: 0",
        ] {
            let out = clean(&format!("<div style='{style}'>x</div>"));
            assert_inert(&out);
            assert!(!out.contains("url("), "{style}: {out}");
            assert!(!out.contains("fixed"), "{style}: {out}");
        }
    }

    #[test]
    fn display_blocks_remote_images_and_counts_them() {
        let html = "<img src=\"https://tracker.example/p.gif\" alt=\"logo\"><img srcset=\"https://tracker.example/a.png 1x, https://tracker.example/b.png 2x\">\
                    <table background=\"http://tracker.example/bg.png\"><tr><td style=\"background-image:url(https://tracker.example/c.png)\">t</td></tr></table>\
                    <img src=\"//tracker.example/proto-relative.png\">";
        let (out, counts) = show(html, false);
        assert!(!out.contains("tracker.example"), "{out}");
        assert!(out.contains("alt=\"logo\""));
        assert_eq!(counts.remote_blocked, 5);
        assert_eq!(counts.remote_total, 5);

        let (out, counts) = show(html, true);
        assert!(out.contains("src=\"https://tracker.example/p.gif\""), "{out}");
        assert!(out.contains("background=\"http://tracker.example/bg.png\""), "{out}");
        assert!(out.contains("url(&quot;https://tracker.example/c.png&quot;)") || out.contains("url(\"https://tracker.example/c.png\")"), "{out}");
        assert_eq!(counts.remote_blocked, 0);
        assert_eq!(counts.remote_total, 5);
    }

    #[test]
    fn display_points_cid_images_at_the_protocol() {
        let (out, counts) = show("<img src=\"cid:logo@ch-toulouse.fr\"><div style=\"background:url(cid:bg@x)\">x</div>", false);
        assert!(out.contains("src=\"mailview://localhost/message/7/cid/logo%40ch-toulouse.fr\""), "{out}");
        assert!(out.contains("mailview://localhost/message/7/cid/bg%40x"), "{out}");
        assert_eq!(counts.inline_images, 2);
        assert_eq!(counts.remote_blocked, 0);
    }

    #[test]
    fn display_keeps_data_images_but_not_data_documents() {
        let out = clean("<img src=\"data:image/png;base64,iVBORw0KGgo=\"><img src=\"data:text/html,<script>alert(1)</script>\">");
        assert!(out.contains("data:image/png;base64,iVBORw0KGgo="));
        assert_inert(&out);
    }

    #[test]
    fn display_keeps_ordinary_mail_html() {
        let out = clean(
            "<html><head><title>Compte rendu</title></head><body><h1>Compte rendu</h1><p>Cher <b>confrère</b>,</p>\
             <table border=\"1\" cellpadding=\"4\"><tr><td bgcolor=\"#eeeeee\" align=\"center\">Glycémie</td></tr></table>\
             <font color=\"#333\" face=\"Arial\">Cordialement</font><blockquote>cité</blockquote></body></html>",
        );
        assert!(out.contains("<h1>Compte rendu</h1>"));
        assert_eq!(out.matches("Compte rendu").count(), 1, "the title's text is not shown: {out}");
        assert!(out.contains("<b>confrère</b>"));
        assert!(out.contains("bgcolor=\"#eeeeee\""));
        assert!(out.contains("<font color=\"#333\" face=\"Arial\">"));
        assert!(out.contains("<blockquote>"));
    }

    #[test]
    fn display_survives_deep_nesting_and_broken_markup() {
        let started = std::time::Instant::now();
        for deep in [
            "<div>".repeat(50_000) + "fond" + &"</div>".repeat(50_000),
            "<b><i>".repeat(30_000) + "fond",
            "<table><tr><td>".repeat(20_000) + "fond",
            format!("{}<p>fond<script>alert(1)</script>", "<div>".repeat(MAX_HTML_NESTING + 1)),
        ] {
            let out = std::thread::Builder::new()
                .stack_size(2 * 1024 * 1024)
                .spawn(move || clean(&deep))
                .expect("thread")
                .join()
                .expect("no stack overflow");
            assert!(out.contains("fond"));
            assert_inert(&out);
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "hostile nesting took {:?}", started.elapsed());
        let ordinary = "<table><tr><td>".repeat(40) + "<p>a<p>b" + &"<li>x".repeat(5000);
        assert_eq!(nesting_depth(&ordinary), 40);
        assert_eq!(nesting_depth("<div><br/><img src=x><span/></div>"), 1);
        for broken in ["<a href=\"", "<img src=", "<<<>>>", "<p style=\"url(", "</div></div>", "<scr<script>ipt>alert(1)</script>", "\u{0}<b>\u{FFFF}"] {
            assert_inert(&clean(broken));
        }
    }

    #[test]
    fn text_becomes_escaped_html_with_links() {
        let html = text_to_html("Voir https://www.has-sante.fr/x?a=1&b=2. <b>pas gras</b> et www.ameli.fr, écrire à mailto:a@b.fr");
        assert!(html.contains("<a href=\"https://www.has-sante.fr/x?a=1&amp;b=2\">https://www.has-sante.fr/x?a=1&amp;b=2</a>."), "{html}");
        assert!(html.contains("&lt;b&gt;pas gras&lt;/b&gt;"));
        assert!(html.contains("<a href=\"https://www.ameli.fr\">www.ameli.fr</a>,"), "{html}");
        assert!(html.contains("<a href=\"mailto:a@b.fr\">"));
        let (out, _) = show(&html, false);
        assert!(out.contains("mailview://localhost/message/7/link?u=https%3A%2F%2Fwww.ameli.fr"), "{out}");
    }

    fn mail(body: &str) -> Vec<u8> {
        format!("From: a@b.fr\r\nTo: c@d.fr\r\nSubject: s\r\nMIME-Version: 1.0\r\n{body}").into_bytes()
    }

    #[test]
    fn display_of_a_whole_message_html_and_related_images() {
        let raw = mail(
            "Content-Type: multipart/related; boundary=\"R\"\r\n\r\n--R\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
             <p>Bonjour <img src=\"cid:img1\"> <img src=\"https://tracker.example/t.gif\"></p><script>alert(1)</script>\r\n\
             --R\r\nContent-Type: image/png\r\nContent-ID: <img1>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
             --R\r\nContent-Type: application/pdf; name=\"cr.pdf\"\r\nContent-Disposition: attachment; filename=\"cr.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--R--\r\n",
        );
        let view = display(&raw, &DisplayOptions { message_id: 3, base: BASE, allow_remote: false });
        assert!(view.has_html);
        assert_eq!((view.remote_blocked, view.remote_total, view.inline_images), (1, 1, 1));
        assert!(view.document.starts_with("<!DOCTYPE html>"));
        assert!(view.document.contains("mailview://localhost/message/3/cid/img1"));
        let body = view.document.split("<body>").nth(1).unwrap_or_default();
        assert_inert(body);
        assert_eq!(body_facts(&raw), BodyFacts { has_html: true, remote_content: true });

        let image = inline_part(&raw, "<img1>").expect("inline image");
        assert_eq!(image.mime_type, "image/png");
        assert_eq!(image.bytes, b"\x89PNG\r\n\x1a\n");
        let pdf = attachment_part(&raw, 0).expect("the pdf is attachment 0");
        assert_eq!(pdf.name.as_deref(), Some("cr.pdf"));
        assert_eq!(pdf.bytes, b"%PDF-");
        assert!(attachment_part(&raw, 1).is_none());
        // Same list as MessageDetail.attachments.
        let listed: Vec<_> = super::super::parse(&raw).attachments.into_iter().filter(|a| !a.is_inline).collect();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].mime_type, pdf.mime_type);
    }

    #[test]
    fn display_of_a_text_message() {
        let raw = mail("Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour <docteur>\r\nhttps://example.fr/rdv\r\n");
        let view = display(&raw, &DisplayOptions { message_id: 1, base: BASE, allow_remote: false });
        assert!(!view.has_html);
        assert!(view.document.contains("Bonjour &lt;docteur&gt;"), "{}", view.document);
        // Its line breaks stay: the wrapper that keeps them survives the sanitiser.
        assert!(view.document.contains("<div class=\"plain\">Bonjour &lt;docteur&gt;\n"), "{}", view.document);
        assert!(view.document.contains("mailview://localhost/message/1/link?u=https%3A%2F%2Fexample.fr%2Frdv"));
        assert_eq!(body_facts(&raw), BodyFacts { has_html: false, remote_content: false });
    }

    #[test]
    fn display_never_panics_on_garbage() {
        for raw in [&b""[..], b"\x00\x01\x02", b"Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n--", b"<html><script>alert(1)</script>"] {
            let view = display(raw, &DisplayOptions { message_id: 1, base: BASE, allow_remote: false });
            assert!(view.document.contains("<body>"));
            assert!(!view.document.contains("<script"));
            let _ = attachment_part(raw, 0);
            let _ = inline_part(raw, "x");
        }
    }
}
