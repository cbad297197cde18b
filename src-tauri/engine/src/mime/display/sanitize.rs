//! The sanitiser's set-up (ammonia): what it keeps, and what goes with all its content.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::css::{written_style, CSS_PROPERTIES};
use super::urls::{classify, UrlKind};
use super::links::text_to_html;
use super::rewrite::{Counters, Counts, Rewrite};
use super::DisplayOptions;

/// Elements removed with everything inside them (not just their tags): their content is
/// code, metadata or another document, never text the reader should see.
const REMOVED_WITH_CONTENT: [&str; 17] = [
    "script", "style", "title", "svg", "math", "iframe", "frame", "frameset", "object", "embed", "applet",
    "noscript", "noembed", "noframes", "template", "textarea", "select",
];

/// Real mail nests tables and blocks a few dozen levels deep. The HTML parser's work grows
/// with the square of the nesting (its scope checks walk the open elements), so a hostile
/// body of 50,000 nested `<div>` would hold the view for minutes: such a body is shown as
/// its text instead.
pub(super) const MAX_HTML_NESTING: usize = 1000;

pub(super) fn sanitize(html: &str, options: &DisplayOptions<'_>) -> (String, Counts) {
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

/// HTML the user wrote to be sent (the auto-reply's message): the same elements, attributes
/// and styles as mail shown in the reader keeps, links and images with an absolute address
/// only, nothing rewritten for the reader's view.
pub(crate) fn sanitize_written(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_clean_content_tags(REMOVED_WITH_CONTENT)
        .add_tags(["font", "center"])
        .add_generic_attributes(["style", "dir", "align"])
        .add_tag_attributes("font", ["color", "face", "size"])
        .url_schemes(HashSet::from(["http", "https", "mailto", "data"]))
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .filter_style_properties(HashSet::from(CSS_PROPERTIES))
        // ammonia keeps an allowed property whatever its value (`width: expression(…)`).
        .attribute_filter(|_, attribute, value| match attribute {
            "style" => written_style(value).map(Cow::Owned),
            // `data:` stays for inline images only: never a link, nor another kind of
            // document behind an image.
            _ if value.trim_start().get(..5).is_some_and(|s| s.eq_ignore_ascii_case("data:")) => {
                (attribute == "src" && classify(value) == UrlKind::DataImage).then_some(Cow::Borrowed(value))
            }
            // `http:host/x` (no `//`) is absolute to the URL standard, which reads it as
            // `http://host/x`: a web address that does not look like one. Only addresses that
            // say what they are stay (found by fuzzing).
            "href" | "src" | "background" if web_scheme_without_slashes(value) => None,
            _ => Some(Cow::Borrowed(value)),
        });
    builder.clean(html).to_string()
}

fn web_scheme_without_slashes(value: &str) -> bool {
    let lower = value.trim_start().to_ascii_lowercase();
    ["http:", "https:"].iter().any(|scheme| lower.strip_prefix(scheme).is_some_and(|rest| !rest.starts_with("//")))
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
pub(super) fn nesting_depth(html: &str) -> usize {
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
