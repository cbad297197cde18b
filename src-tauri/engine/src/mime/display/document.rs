//! The document around the body, with its base stylesheet.

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

pub(super) fn document(body: &str) -> String {
    let mut doc = String::with_capacity(body.len() + BASE_STYLE.len() + 256);
    doc.push_str("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\"><style>");
    doc.push_str(BASE_STYLE);
    doc.push_str("</style></head><body><div class=\"mail\">");
    doc.push_str(body);
    doc.push_str("</div></body></html>");
    doc
}
