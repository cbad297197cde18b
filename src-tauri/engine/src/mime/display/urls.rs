//! What an address in a message is (remote, `cid:`, an inline image, mail, anything
//! else), and the percent-encoding of the `mailview` addresses.

use std::borrow::Cow;

use super::parts::clean_content_id;

#[derive(Debug, PartialEq, Eq)]
pub(super) enum UrlKind {
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

pub(super) fn classify(url: &str) -> UrlKind {
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

/// A protocol-relative address (`//host/x`) would resolve against the view's own scheme.
pub(super) fn absolute(url: &str) -> Cow<'_, str> {
    let url = url.trim();
    if url.starts_with("//") {
        Cow::Owned(format!("https:{url}"))
    } else {
        Cow::Borrowed(url)
    }
}

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
