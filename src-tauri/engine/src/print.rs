//! The printed message: the sanitised body as the reading pane shows it (HTML kept, not its
//! text part), under a heading with the sender, recipients, date, subject and files. The
//! window prints it as a document of its own (the reading pane's frame would print only as
//! tall as its box); it goes through the same sanitiser and the same isolated protocol.

use chrono::TimeZone;

use crate::catalogue::{say_plain, Lang};
use crate::mime::display::{self, DisplayOptions, VIEW_BASE};
use crate::reading::MessageDetail;
use crate::{Engine, Result};

/// Only for paper: the heading's look, and page breaks kept out of quoted lines and images.
const PRINT_STYLE: &str = "<style>\
.print-heading{margin:0 0 1.2em;padding-bottom:.6em;border-bottom:1px solid #999}\
.print-heading h1{font-size:1.3em;margin:0 0 .4em}\
.print-heading table{border-collapse:collapse}\
.print-heading th{text-align:left;padding:0 1em 0 0;vertical-align:top;color:#444;font-weight:600}\
.print-heading td{padding:0}\
img,blockquote{break-inside:avoid}\
</style>";

impl Engine {
    /// The message as a document to print, in the reader's language.
    pub fn print_html(&self, id: i64, allow_remote: bool, lang: Lang) -> Result<String> {
        self.readable()?;
        let detail = self.message(id)?;
        let view = display::display(&self.message_bytes(id)?, &DisplayOptions { message_id: id, base: VIEW_BASE, allow_remote });
        Ok(with_heading(&view.document, &heading(&detail, lang, &chrono::Local)))
    }
}

/// The heading, every value escaped: it comes from the message.
fn heading<Tz: TimeZone>(detail: &MessageDetail, lang: Lang, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let escape = |s: &str| html_escape::encode_text(s).into_owned();
    let s = &detail.summary;
    let subject = if s.subject.trim().is_empty() { say_plain(lang, "print-no-subject") } else { s.subject.clone() };
    let from = match (&s.from_name, &s.from) {
        (Some(name), Some(address)) => format!("{name} <{address}>"),
        (None, Some(address)) => address.clone(),
        (Some(name), None) => name.clone(),
        (None, None) => String::new(),
    };
    let date = s.date.and_then(|secs| tz.timestamp_opt(secs, 0).single()).map(|d| match lang {
        Lang::Fr => d.format("%d/%m/%Y %H:%M").to_string(),
        Lang::En => d.format("%Y-%m-%d %H:%M").to_string(),
    });
    let files: Vec<&str> = detail.attachments.iter().filter_map(|a| a.name.as_deref()).collect();
    let rows = [
        ("print-from", Some(from)),
        ("print-to", Some(s.to.join(", "))),
        ("print-cc", Some(s.cc.join(", "))),
        ("print-date", date),
        ("print-attachments", Some(files.join(", "))),
    ];
    let mut out = format!("<header class=\"print-heading\"><h1>{}</h1><table>", escape(&subject));
    for (key, value) in rows {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            out.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>", escape(&say_plain(lang, key)), escape(&value)));
        }
    }
    out.push_str("</table></header>");
    out
}

/// The view's document with the heading first in its body. The document is the sanitiser's
/// own (`display::document`), whose head holds no `<body>`: the first one is the real one.
fn with_heading(document: &str, heading: &str) -> String {
    match document.split_once("<body>") {
        Some((head, body)) => {
            let head = head.replacen("</head>", &format!("{PRINT_STYLE}</head>"), 1);
            format!("{head}<body>{heading}{body}")
        }
        None => format!("{heading}{document}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reading::AttachmentSummary;
    use crate::types::MessageSummary;

    fn detail() -> MessageDetail {
        MessageDetail {
            summary: MessageSummary {
                from: Some("labo@chu.test".into()),
                from_name: Some("Laboratoire <CHU>".into()),
                to: vec!["dr.vives@medimail.test".into(), "Durand, Paul <p@x.test>".into()],
                subject: "Résultats <script>alert(1)</script>".into(),
                date: Some(1_741_790_700),
                ..MessageSummary::default()
            },
            attachments: vec![AttachmentSummary {
                name: Some("bilan.pdf".into()),
                mime_type: "application/pdf".into(),
                size: 10,
                may_open: true,
                archive: None,
                title: None,
                patient: None,
            }],
            ..MessageDetail::default()
        }
    }

    #[test]
    fn the_heading_names_everything_escaped_in_the_readers_language() {
        let tz = chrono::FixedOffset::east_opt(3600).unwrap();
        let fr = heading(&detail(), Lang::Fr, &tz);
        assert!(fr.contains("<h1>Résultats &lt;script&gt;alert(1)&lt;/script&gt;</h1>"), "{fr}");
        assert!(fr.contains("<th>De</th><td>Laboratoire &lt;CHU&gt; &lt;labo@chu.test&gt;</td>"), "{fr}");
        assert!(fr.contains("<th>Date</th><td>12/03/2025 15:45</td>"), "{fr}");
        assert!(fr.contains("<th>Pièces jointes</th><td>bilan.pdf</td>"), "{fr}");
        assert!(fr.contains("<th>À</th><td>dr.vives@medimail.test, Durand, Paul &lt;p@x.test&gt;</td>"), "{fr}");
        assert!(!fr.contains("Copie"), "an empty Cc is left out: {fr}");
        let en = heading(&detail(), Lang::En, &tz);
        assert!(en.contains("<th>From</th>") && en.contains("2025-03-12 15:45"), "{en}");
    }

    #[test]
    fn the_html_body_prints_with_its_formatting_under_the_heading() {
        let raw = b"From: a@b.test\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nTEXT PART\r\n\
--b\r\nContent-Type: text/html\r\n\r\n<p>Cher <b>confr\xc3\xa8re</b>,</p><table><tr><td>Glyc\xc3\xa9mie</td></tr></table><script>x()</script>\r\n--b--\r\n";
        let view = display::display(raw, &DisplayOptions { message_id: 1, base: VIEW_BASE, allow_remote: false });
        let printed = with_heading(&view.document, "<header class=\"print-heading\">H</header>");
        assert!(printed.starts_with("<!DOCTYPE html>"));
        let body = printed.split_once("<body>").unwrap().1;
        assert!(body.starts_with("<header class=\"print-heading\">H</header>"), "{body}");
        assert!(body.contains("<b>confrère</b>") && body.contains("<td>Glycémie</td>"), "{body}");
        assert!(!body.contains("TEXT PART"), "the HTML prints, not the text part: {body}");
        assert!(!printed.contains("<script"), "{printed}");
        assert!(printed.contains(".print-heading{"), "the print style is in the head");
    }
}
