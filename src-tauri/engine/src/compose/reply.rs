//! Replies and forwards prepared from a received message's raw bytes.

use std::collections::HashSet;

use chrono::{Local, TimeZone};
use lettre::message::Mailbox;

use super::original;
use super::quote::{attribution, french_date, marked, quote_text, text_as_html, MAIL_LANG};
use crate::catalogue::say_plain;
use crate::Text;
use crate::mime::display::escape_html;
use super::types::{Attachment, ComposeMode, Composition, Sender};
use crate::mime::{self, Address, ParsedMessage};
use crate::patient::patient_address_ins;

/// A reply from `me` (the account's address), quoting the original; dates in local time.
pub fn reply(original_raw: &[u8], me: &str, all: bool) -> Composition {
    reply_in(original_raw, me, all, &Local)
}

/// [`reply`] with the quote's date shown in `tz`.
pub fn reply_in<Tz: TimeZone>(original_raw: &[u8], me: &str, all: bool, tz: &Tz) -> Composition
where
    Tz::Offset: std::fmt::Display,
{
    let original = mime::parse(original_raw);
    let me = me.trim();
    let mut composition = Composition {
        from: Sender {
            address: me.to_owned(),
            name: None,
        },
        subject: marked("RE", &original.subject),
        in_reply_to: original.message_id.clone(),
        references: thread(&original),
        ..Composition::default()
    };

    let mine = |a: &&Address| a.email.eq_ignore_ascii_case(me);
    let sent_by_me = original.from.as_ref().is_some_and(|from| mine(&from));
    // Answering one's own sent message goes to its recipients, as other clients do.
    let targets: Vec<&Address> = if sent_by_me {
        original.to.iter().collect()
    } else if !original.reply_to.is_empty() {
        original.reply_to.iter().collect()
    } else {
        original.from.iter().collect()
    };

    if let Some(ins) = targets.iter().find_map(|a| patient_address_ins(&a.email)) {
        // A patient's message: the answer is a patient message to that one patient, never
        // copied to anyone.
        composition.mode = ComposeMode::Patient;
        composition.patient_ins = Some(ins.to_owned());
        composition.request_read_receipt = true;
    } else {
        let mut seen: HashSet<String> = HashSet::from([me.to_lowercase()]);
        let mut add = |list: &mut Vec<String>, address: &Address| {
            if seen.insert(address.email.to_lowercase()) {
                list.push(mailbox_text(address));
            }
        };
        for address in &targets {
            add(&mut composition.to, address);
        }
        if all {
            for address in &original.to {
                add(&mut composition.to, address);
            }
            for address in &original.cc {
                add(&mut composition.cc, address);
            }
        }
    }

    let who = original
        .from
        .as_ref()
        .map_or_else(String::new, Address::display);
    let header = attribution(original.date.and_then(|date| french_date(date, tz)), &who);
    let body = original.body_text.trim_end();
    composition.body_text = format!("\n\n{header}\n{}\n", quote_text(body));
    composition.body_html = Some(format!(
        "<p><br></p>\n<div class=\"moz-cite-prefix\">{}</div>\n<blockquote type=\"cite\">\n{}\n</blockquote>\n",
        escape_html(&header),
        text_as_html(body)
    ));
    composition
}

/// "-------- Message transféré --------", above a forwarded message's summary.
pub fn forward_title() -> String {
    say_plain(MAIL_LANG, "mail-forward-title")
}

/// A forward of the original, its headers summarised above its text; its attached files
/// (not the images of its HTML body) come along when `include_attachments`.
pub fn forward(original_raw: &[u8], include_attachments: bool) -> Composition {
    forward_in(original_raw, include_attachments, &Local)
}

/// [`forward`] with the summarised date shown in `tz`.
pub fn forward_in<Tz: TimeZone>(
    original_raw: &[u8],
    include_attachments: bool,
    tz: &Tz,
) -> Composition
where
    Tz::Offset: std::fmt::Display,
{
    let original = mime::parse(original_raw);
    let list = |addresses: &[Address]| {
        addresses
            .iter()
            .map(Address::display)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut summary = vec![(
        "mail-forward-from",
        original
            .from
            .as_ref()
            .map_or_else(String::new, Address::display),
    )];
    if let Some(date) = original.date.and_then(|date| french_date(date, tz)) {
        summary.push(("mail-forward-date", date));
    }
    summary.push(("mail-forward-to", list(&original.to)));
    if !original.cc.is_empty() {
        summary.push(("mail-forward-cc", list(&original.cc)));
    }
    summary.push(("mail-forward-subject", original.subject.clone()));

    let title = forward_title();
    let body = original.body_text.trim_end();
    let label = |key: &str| Text::new("mail-forward-label").arg("label", say_plain(MAIL_LANG, key)).say(MAIL_LANG);
    let text_summary: Vec<String> = summary.iter().map(|(key, value)| format!("{} {value}", label(key))).collect();
    let html_summary: Vec<String> =
        summary.iter().map(|(key, value)| format!("<b>{}</b> {}", escape_html(&label(key)), escape_html(value))).collect();

    let attachments = if include_attachments {
        original::files(original_raw)
            .into_iter()
            .filter(|file| !file.inline && !file.is_report())
            .enumerate()
            .map(|(i, file)| Attachment {
                file_name: file
                    .name
                    .unwrap_or_else(|| format!("piece-jointe-{}", i + 1)),
                mime_type: file.mime_type,
                content: file.content,
                inline_content_id: None,
            })
            .collect()
    } else {
        Vec::new()
    };

    Composition {
        subject: marked("TR", &original.subject),
        body_text: format!("\n\n{title}\n{}\n\n{body}\n", text_summary.join("\n")),
        body_html: Some(format!(
            "<p><br></p>\n<div class=\"moz-forward-container\">{}<br>\n{}<br>\n<br>\n{}\n</div>\n",
            escape_html(&title),
            html_summary.join("<br>\n"),
            text_as_html(body)
        )),
        attachments,
        ..Composition::default()
    }
}

/// The original's References (or its In-Reply-To) followed by its own Message-ID.
fn thread(original: &ParsedMessage) -> Vec<String> {
    let mut chain = if original.references.is_empty() {
        original.in_reply_to.clone()
    } else {
        original.references.clone()
    };
    if let Some(id) = &original.message_id {
        chain.retain(|known| known != id);
        chain.push(id.clone());
    }
    chain
}

/// `Name <address>` quoted as RFC 5322 wants (a comma in a name must not split the field).
fn mailbox_text(address: &Address) -> String {
    match (&address.name, address.email.parse()) {
        (Some(name), Ok(email)) => Mailbox::new(Some(name.clone()), email).to_string(),
        _ => address.email.clone(),
    }
}
