//! The server copy of a draft: the message as it would be sent, marked as ours.
//!
//! A draft is often unfinished (no recipient yet, an address half typed, an INS with a
//! typo). Its copy is still made: what cannot be built is left out of the copy (never out of
//! the local draft), and a message without any recipient gets no To header at all.

use std::time::SystemTime;

use lettre::message::Mailbox;

use crate::compose::{self, BuildError, BuiltMessage, ComposeMode, Composition};

/// Written in every copy: finds all of a draft's copies whatever their Message-ID.
pub(super) const KEY_HEADER: &str = "X-Medimail-Draft";
/// Stands for "no recipient yet" while building; its To header is then removed.
const NOBODY: &str = "brouillon@medimail.invalid";

/// `None` when not even a lenient copy can be built; the draft is then kept locally only.
pub(super) fn build(composition: &Composition, key: &str, domain: &str) -> Option<BuiltMessage> {
    let now = SystemTime::now();
    let (built, strip_to) = match compose::build(composition, now, domain) {
        Ok(built) => (built, false),
        Err(BuildError::Invalid(_)) => {
            let (lenient, placeholder) = lenient(composition);
            match compose::build(&lenient, now, domain) {
                Ok(built) => (built, placeholder),
                Err(_) => return kept_locally(),
            }
        }
        Err(_) => return kept_locally(),
    };
    let raw = marked(&built.raw, key, strip_to);
    Some(BuiltMessage { size: raw.len() as u64, raw, ..built })
}

/// The error itself is not logged: it may name an address.
fn kept_locally() -> Option<BuiltMessage> {
    tracing::warn!("no server copy could be made for a draft; it is kept locally");
    None
}

/// The composition with only what can be built: readable addresses, a Pro message when the
/// patient's INS is not valid yet.
fn lenient(composition: &Composition) -> (Composition, bool) {
    let mut lenient = composition.clone();
    if composition.mode == ComposeMode::Patient {
        lenient.mode = ComposeMode::Pro;
        lenient.patient_ins = None;
        lenient.close_exchange = false;
    }
    lenient.to = readable(&composition.to);
    lenient.cc = readable(&composition.cc);
    let placeholder = lenient.to.is_empty();
    if placeholder {
        lenient.to = vec![NOBODY.to_owned()];
    }
    (lenient, placeholder)
}

fn readable(entries: &[String]) -> Vec<String> {
    entries
        .iter()
        .flat_map(|entry| entry.split([',', ';']))
        .map(str::trim)
        .filter(|item| {
            item.parse::<Mailbox>()
                .is_ok_and(|mailbox| mailbox.email.domain().contains('.'))
        })
        .map(str::to_owned)
        .collect()
}

/// Adds the key header in front; removes the To header of a copy without recipient.
fn marked(raw: &[u8], key: &str, strip_to: bool) -> Vec<u8> {
    let mut out = format!("{KEY_HEADER}: {key}\r\n").into_bytes();
    let body_start = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(raw.len(), |at| at + 2);
    let (head, body) = raw.split_at(body_start);
    let mut skipping = false;
    for line in head.split_inclusive(|&b| b == b'\n') {
        let continuation = line.first().is_some_and(|b| *b == b' ' || *b == b'\t');
        if !continuation {
            skipping = strip_to && line.len() >= 3 && line[..3].eq_ignore_ascii_case(b"to:");
        }
        if !skipping {
            out.extend_from_slice(line);
        }
    }
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{Attachment, Sender};

    fn base() -> Composition {
        Composition {
            from: Sender { address: "dr.martin@test.mssante.fr".into(), name: None },
            subject: "Compte rendu".into(),
            body_text: "Bonjour".into(),
            ..Composition::default()
        }
    }

    fn headers(raw: &[u8]) -> String {
        let text = String::from_utf8_lossy(raw).into_owned();
        text.split("\r\n\r\n").next().unwrap_or_default().to_owned()
    }

    #[test]
    fn a_complete_draft_is_the_message_it_will_be_plus_its_key() {
        let mut c = base();
        c.to = vec!["secretariat@test.mssante.fr".into()];
        c.attachments = vec![Attachment {
            file_name: "résultat.pdf".into(),
            mime_type: "application/pdf".into(),
            content: b"%PDF".to_vec(),
            inline_content_id: None,
        }];
        let built = build(&c, "k-1", "test.mssante.fr").unwrap();
        let head = headers(&built.raw);
        assert!(head.starts_with("X-Medimail-Draft: k-1\r\n"), "{head}");
        assert!(head.contains("To: secretariat@test.mssante.fr"));
        let parsed = crate::mime::parse(&built.raw);
        assert_eq!(parsed.message_id.as_deref(), Some(built.message_id.as_str()));
        assert_eq!(parsed.attachments.len(), 1);
        assert_eq!(built.size, built.raw.len() as u64);
    }

    #[test]
    fn an_unfinished_draft_still_gets_a_copy() {
        let mut c = base();
        c.to = vec!["dr.dur".into(), "ok@test.mssante.fr, pas-fini@".into()];
        let built = build(&c, "k-2", "test.mssante.fr").unwrap();
        let parsed = crate::mime::parse(&built.raw);
        let to: Vec<&str> = parsed.to.iter().map(|a| a.email.as_str()).collect();
        assert_eq!(to, vec!["ok@test.mssante.fr"]);

        let nobody = build(&base(), "k-3", "test.mssante.fr").unwrap();
        let head = headers(&nobody.raw);
        assert!(!head.to_ascii_lowercase().contains("\nto:"), "{head}");
        assert!(!head.contains(NOBODY));
        assert_eq!(crate::mime::parse(&nobody.raw).subject, "Compte rendu");

        let mut patient = base();
        patient.mode = ComposeMode::Patient;
        patient.patient_ins = Some("2 55 08 2A 004".into());
        let built = build(&patient, "k-4", "test.mssante.fr").unwrap();
        assert!(!headers(&built.raw).contains(NOBODY));
    }
}
