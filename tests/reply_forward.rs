//! `medimail reply` and `medimail forward` over the engine calls the window uses: the
//! recipients, subject, thread and quoted or forwarded original come from the engine; the
//! writer's text goes above; the message reaches its recipient through the operator.

mod support;

use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};
use support::cli::Cli;
use support::probe::ImapProbe;
use support::{eventually, Operator};

/// The one message in `key`'s INBOX whose subject is `subject`, once delivered.
fn delivered(op: &Operator, key: &str, subject: &str) -> Vec<u8> {
    let mut probe = ImapProbe::connect(op, key);
    let mut found = None;
    eventually(&format!("{subject:?} delivered to {key}"), Duration::from_secs(30), || {
        for message in probe.messages("INBOX") {
            let raw = probe.raw("INBOX", message.uid);
            let parsed = MessageParser::default().parse(&raw[..]).map(|m| m.subject().unwrap_or_default().to_owned());
            if parsed.as_deref() == Some(subject) {
                found = Some(raw);
                return true;
            }
        }
        false
    });
    found.unwrap_or_default()
}

#[test]
fn reply_and_forward_from_the_command_line() {
    let op = Operator::start();
    let physician = op.account("physician").email.clone();
    let secretary = op.account("secretary").email.clone();
    let cli = Cli::new();
    cli.add_account(&op, "physician");

    // A question from the secretary, with a file, in the physician's INBOX.
    let original = format!(
        "From: Secrétariat <{secretary}>\r\nTo: {physician}\r\nSubject: Demande d'avis\r\n\
         Message-ID: <avis-1@medimail.test>\r\nDate: Tue, 12 Mar 2024 09:15:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Pouvez-vous voir Mme Faure demain ?\r\n--b\r\nContent-Type: application/pdf; name=\"ecg.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"ecg.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n"
    );
    ImapProbe::connect(&op, "physician").append("INBOX", original.as_bytes());
    cli.sync();
    let id = cli.list("inbox").into_iter().find(|m| m.subject == "Demande d'avis").expect("the question is stored").id;
    let words = cli.profile.with_file_name("reponse.txt");
    std::fs::write(&words, "Oui, je la vois demain à 9 h.\n").unwrap();

    // Reply: to the sender, in the thread, the writer's words above the quote.
    let replied = cli.output(&["reply", &id.to_string(), "--body-file", words.to_str().unwrap()]);
    assert!(replied.status.success(), "reply: {}", String::from_utf8_lossy(&replied.stderr));
    let raw = delivered(&op, "secretary", "RE: Demande d'avis");
    let reply = MessageParser::default().parse(&raw[..]).unwrap();
    assert_eq!(reply.in_reply_to().as_text(), Some("avis-1@medimail.test"));
    let text = reply.body_text(0).unwrap_or_default().into_owned();
    let (above, quote) = (text.find("Oui, je la vois demain").unwrap(), text.find("> Pouvez-vous voir Mme Faure").unwrap());
    assert!(above < quote, "the words above the quote:\n{text}");
    assert!(reply.body_html(0).is_some_and(|html| html.find("Oui, je la vois demain") < html.find("Pouvez-vous")));

    // Forward: to whom the writer says, with the original's file.
    let forwarded = cli.output(&["forward", &id.to_string(), "--to", &secretary, "--body-file", words.to_str().unwrap()]);
    assert!(forwarded.status.success(), "forward: {}", String::from_utf8_lossy(&forwarded.stderr));
    let raw = delivered(&op, "secretary", "TR: Demande d'avis");
    let forward = MessageParser::default().parse(&raw[..]).unwrap();
    let files: Vec<_> = forward.attachments().filter_map(|a| a.attachment_name().map(str::to_owned)).collect();
    assert_eq!(files, ["ecg.pdf"]);
    assert!(forward.body_text(0).unwrap_or_default().contains("Message transféré"));

    // A forward needs a recipient; --all is a reply's.
    assert!(!cli.output(&["forward", &id.to_string()]).status.success());
    assert!(!cli.output(&["forward", &id.to_string(), "--all", "--to", &secretary]).status.success());
}
