//! What HTML the sanitiser gives may hold: its tags and attributes read back from its output
//! (html5ever's serialisation: text has `<` escaped, attribute values are double-quoted with
//! `"` escaped, comments are removed), and checked against what must never run or load.

/// Elements that run, load, submit or hold another document.
const FORBIDDEN_TAGS: [&str; 24] = [
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "form", "input",
    "button", "textarea", "select", "base", "meta", "link", "template", "noscript", "portal", "video", "audio",
    "source",
];

/// Attributes that run script or redirect a load, beyond every `on…` handler.
const FORBIDDEN_ATTRIBUTES: [&str; 6] = ["srcdoc", "formaction", "action", "xlink:href", "http-equiv", "ping"];

/// One start tag: its name and attributes, values with `&quot;` and `&amp;` undone.
#[derive(Debug)]
pub(super) struct Tag {
    pub(super) name: String,
    pub(super) attributes: Vec<(String, String)>,
}

/// The start tags of serialised HTML, in order.
pub(super) fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        if bytes.get(i) == Some(&b'/') {
            continue;
        }
        let name_len = bytes[i..].iter().take_while(|b| !b.is_ascii_whitespace() && **b != b'>' && **b != b'/').count();
        let name = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let mut attributes = Vec::new();
        loop {
            while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace() || *b == b'/') {
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(_) => {}
            }
            let attr_len =
                bytes[i..].iter().take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/')).count().max(1);
            let attr = html[i..i + attr_len].to_ascii_lowercase();
            i += attr_len;
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') && bytes.get(i + 1) == Some(&b'"') {
                let start = i + 2;
                let len = bytes[start..].iter().position(|&b| b == b'"').unwrap_or(bytes.len() - start);
                value = html[start..start + len].replace("&quot;", "\"").replace("&nbsp;", "\u{a0}").replace("&amp;", "&");
                i = (start + len + 1).min(bytes.len());
            }
            attributes.push((attr, value));
        }
        tags.push(Tag { name, attributes });
    }
    tags
}

/// Where the sanitised body may point: the app's own protocol under `base`, inline images,
/// and remote addresses only when the user allowed them (`None` for HTML written to be sent,
/// whose links stay absolute web or mail addresses).
#[derive(Clone, Copy)]
pub(super) struct Allowed<'a> {
    pub(super) base: Option<&'a str>,
    pub(super) remote: bool,
}

/// Panics, naming the offending tag, when `html` holds anything that runs or loads what it
/// must not.
pub(super) fn assert_inert(html: &str, allowed: Allowed<'_>) {
    for tag in start_tags(html) {
        assert!(!FORBIDDEN_TAGS.contains(&tag.name.as_str()), "<{}> survived sanitising: {html:?}", tag.name);
        for (attribute, value) in &tag.attributes {
            assert!(
                !attribute.starts_with("on") && !FORBIDDEN_ATTRIBUTES.contains(&attribute.as_str()),
                "{attribute}= survived sanitising on <{}>: {html:?}",
                tag.name
            );
            match attribute.as_str() {
                "href" => assert!(link_allowed(value, allowed), "<{} href={value:?}> survived sanitising", tag.name),
                "src" | "background" => {
                    assert!(image_allowed(value, allowed), "<{} {attribute}={value:?}> survived sanitising", tag.name)
                }
                "srcset" => assert!(allowed.remote || allowed.base.is_none(), "srcset={value:?} kept with remote content off"),
                "style" => assert_style_inert(value, allowed),
                _ => {}
            }
        }
    }
}

fn link_allowed(value: &str, allowed: Allowed<'_>) -> bool {
    match allowed.base {
        // The reader's links are requests to the app, which asks before opening anything.
        Some(base) => value.starts_with(&format!("{base}/message/")),
        None => {
            let lower = url_trimmed(value).to_ascii_lowercase();
            ["http://", "https://", "mailto:"].iter().any(|scheme| lower.starts_with(scheme))
        }
    }
}

/// What a browser reads of an address: the URL standard strips C0 controls and spaces at
/// both ends ("\u{12}mailto:…" is a mailto link).
fn url_trimmed(value: &str) -> &str {
    value.trim_matches(|c: char| c <= ' ')
}

fn image_allowed(value: &str, allowed: Allowed<'_>) -> bool {
    let lower = url_trimmed(value).to_ascii_lowercase();
    let remote = lower.starts_with("http://") || lower.starts_with("https://");
    let inline = lower.starts_with("data:image/");
    match allowed.base {
        Some(base) => value.starts_with(&format!("{base}/message/")) || inline || (allowed.remote && remote),
        None => remote || inline,
    }
}

fn assert_style_inert(style: &str, allowed: Allowed<'_>) {
    let lower = style.to_ascii_lowercase();
    // Backslashes may appear: ammonia's serialiser escapes control characters (`\7f `) that
    // were in the text, after the checks ran on it.
    for bad in ["expression", "javascript:", "vbscript:", "@import", "behavior", "-moz-binding"] {
        assert!(!lower.contains(bad), "style={style:?} survived sanitising");
    }
    for at in url_calls(&lower) {
        let target = lower[at..].trim_start().trim_start_matches(['"', '\'']);
        assert!(css_load_allowed(target, allowed), "style={style:?} loads what it must not");
    }
}

/// Whether a `url()` argument may stay: a remote one only when allowed, another scheme only
/// the app's protocol or an inline image. What has no scheme (relative, or junk the CSS
/// serialiser left, like `url( ;`) resolves against the view's own protocol at most.
fn css_load_allowed(target: &str, allowed: Allowed<'_>) -> bool {
    if target.starts_with("http://") || target.starts_with("https://") || target.starts_with("//") {
        return allowed.remote;
    }
    let scheme = target
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')));
    match scheme {
        None => true,
        Some("data") => target.starts_with("data:image/"),
        Some(_) => allowed.base.is_some_and(|base| target.starts_with(&base.to_ascii_lowercase())),
    }
}

/// Where each `url(` argument starts, outside CSS strings (`"a url(x)"` loads nothing).
fn url_calls(css: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let (mut quote, mut escaped) = (None, false);
    for (i, c) in css.char_indices() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            // `formurl(` is another function, which loads nothing.
            None if css[i..].starts_with("url(")
                && !css[..i].chars().next_back().is_some_and(|p| p.is_alphanumeric() || p == '-' || p == '_') =>
            {
                found.push(i + 4)
            }
            None => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_and_attributes_back() {
        let tags = start_tags("<p>a &lt;b&gt;</p><a href=\"x&amp;y\" title=\"a &quot;>b\">t</a><br>");
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["p", "a", "br"]);
        assert_eq!(tags[1].attributes, [("href".to_owned(), "x&y".to_owned()), ("title".to_owned(), "a \">b".to_owned())]);
    }

    #[test]
    fn urls_inside_css_strings_load_nothing() {
        assert_eq!(url_calls("a: url(x); b: \"url(y) \\\" url(z)\"; c: url('w')"), [7, 41]);
        assert_eq!(url_calls("a: formurl(x) -url(y)"), Vec::<usize>::new());
    }

    #[test]
    #[should_panic(expected = "onclick")]
    fn an_event_handler_is_caught() {
        assert_inert("<p onclick=\"x()\">a</p>", Allowed { base: Some("mailview://localhost"), remote: false });
    }

    #[test]
    #[should_panic(expected = "<script>")]
    fn a_script_is_caught() {
        assert_inert("<div><script>x()</script></div>", Allowed { base: None, remote: false });
    }
}
