//! Inline CSS: the properties kept, and each declaration checked before ammonia's own
//! filter.

use std::fmt::Write as _;
use std::sync::atomic::Ordering;

use super::rewrite::Rewrite;
use super::urls::{absolute, classify, UrlKind};

/// Properties kept in `style` attributes: typography, colour, box and table layout. Not
/// `position`, `content`, `cursor`, `behavior`, `-moz-binding`, `filter`, animations…
pub(super) const CSS_PROPERTIES: [&str; 77] = [
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

impl Rewrite {
    /// A first pass on inline CSS before ammonia's own (property list, URL schemes):
    /// escapes and comments are where tricks hide, so a style using escapes is dropped and
    /// comments are removed; declarations that load anything are dropped unless they load a
    /// `cid:` image or, when allowed, a remote one.
    pub(super) fn style(&self, value: &str) -> Option<String> {
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
        if declaration.trim().is_empty() || is_hostile(&lower) {
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

/// What no kept declaration may hold: script (old IE's `expression`, `javascript:`), imports,
/// bindings, and the image functions whose addresses `url()` checks would not see.
const HOSTILE: [&str; 13] = [
    "expression", "javascript:", "vbscript:", "@import", "behavior", "binding", "-webkit-", "image-set(", "image(",
    "cross-fade(", "element(", "src(", "paint(",
];

fn is_hostile(lower: &str) -> bool {
    HOSTILE.iter().any(|bad| lower.contains(bad))
}

/// Inline CSS of HTML the user wrote to be sent (`sanitize_written`): the same first pass as
/// mail shown in the reader, with nothing rewritten: escapes and hostile declarations
/// dropped, `url()` kept only for web addresses and inline images.
pub(super) fn written_style(value: &str) -> Option<String> {
    if value.contains('\\') {
        return None;
    }
    let value = strip_css_comments(value);
    let kept: Vec<&str> = split_declarations(&value)
        .into_iter()
        .map(str::trim)
        .filter(|declaration| {
            let lower = declaration.to_ascii_lowercase();
            !declaration.is_empty() && !is_hostile(&lower) && urls_in(declaration).all(|url| matches!(classify(url), UrlKind::Remote | UrlKind::DataImage))
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join("; "))
}

/// The addresses of a declaration's `url()`s (an unclosed one runs to the end).
fn urls_in(declaration: &str) -> impl Iterator<Item = &str> {
    let lower = declaration.to_ascii_lowercase();
    let starts: Vec<usize> = lower.match_indices("url(").map(|(at, _)| at + 4).collect();
    starts.into_iter().map(move |start| {
        let after = &declaration[start..];
        after[..after.find(')').unwrap_or(after.len())].trim().trim_matches(['"', '\'']).trim()
    })
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
