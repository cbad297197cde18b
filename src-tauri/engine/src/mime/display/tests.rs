use super::sanitize::{nesting_depth, sanitize, MAX_HTML_NESTING};
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

/// Found by the html_sanitize fuzz target: ammonia keeps an allowed property whatever its
/// value, so HTML written to be sent kept `width: expression(…)` and `url(javascript:…)`.
#[test]
fn written_html_loses_hostile_css_too() {
    let out = sanitize_written(
        "<p style=\"width: expression(alert(1)); color: red\">a</p><div style=\"background: url(javascript:x)\">b</div>\
         <span style=\"background-image: url('https://exemple.fr/logo.png')\">c</span>",
    );
    let lower = out.to_ascii_lowercase();
    assert!(!lower.contains("expression") && !lower.contains("javascript"), "{out}");
    assert!(lower.contains("color") && lower.contains("https://exemple.fr/logo.png"), "{out}");
}

/// Found by the html_sanitize fuzz target: `http:image/png;…` (no `//`), which the URL
/// standard reads as a web address on the host `image`, stayed in HTML written to be sent.
#[test]
fn written_html_keeps_only_web_addresses_that_look_like_one() {
    let out = sanitize_written(
        "<img src=\"http:image/png;base64,iVBORw0KGgo=\"><a href=\"HTTPS:exemple.fr\">x</a>\
         <img src=\"https://exemple.fr/logo.png\"><a href=\" http://exemple.fr/\">y</a>",
    );
    assert!(!out.contains("http:image") && !out.contains("HTTPS:exemple"), "{out}");
    assert!(out.contains("https://exemple.fr/logo.png") && out.contains("http://exemple.fr/"), "{out}");
}

/// Found by the html_sanitize fuzz target: HTML written to be sent kept any `data:` address
/// (`<img src="data:…">` of no image type, `<a href="data:text/html,…">`).
#[test]
fn written_html_keeps_data_addresses_for_images_only() {
    let out = sanitize_written(
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a><img src=\"data:iKGgo=\">\
         <img src=\"DATA:text/html;base64,PHNjcmlwdD4=\"><img src=\"data:image/png;base64,iVBORw0KGgo=\">",
    );
    assert!(!out.contains("data:text") && !out.contains("data:iK") && !out.contains("DATA:"), "{out}");
    assert!(out.contains("data:image/png;base64,iVBORw0KGgo="), "{out}");
}
