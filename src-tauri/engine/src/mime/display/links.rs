//! Plain text as HTML, its web and mail addresses found and made links.

use std::fmt::Write as _;

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
