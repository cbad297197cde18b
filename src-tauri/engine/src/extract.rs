//! What the store records of a message, read from its bytes before the store is taken: the
//! list's fields, the search index's words, and what a report says for the receipts. The
//! store only writes what it is given; reading mail is mime's. Each message is parsed once
//! here, on the sync's parser thread, never again by the writer.

use crate::mime::{self, Address, ParsedMessage};
use crate::receipts;
use crate::store::{MessageFields, ReceiptFacts, SearchWords};

/// Everything the store records of a message it does not have yet. `internal_date` (the
/// server's arrival time) dates a report that has no Date of its own.
pub fn message_fields(raw: &[u8], internal_date: Option<i64>) -> MessageFields {
    let mut p = mime::parse(raw);
    let receipts = receipt_facts(raw, &p, internal_date);
    let from = p.from.take();
    let sender = from.as_ref().map(Address::display).unwrap_or_default();
    let (from_name, from_addr) = from.map(|a| (a.name, Some(a.email))).unwrap_or_default();
    MessageFields {
        message_id: p.message_id.take(),
        in_reply_to: std::mem::take(&mut p.in_reply_to).into_iter().next(),
        from_name,
        from_addr,
        date: p.date,
        has_attachments: p.has_attachments,
        problems: p.problems.len(),
        receipts,
        words: words(p, sender),
    }
}

/// The index's words for a stored message indexed again (the index is contentless: they
/// can only come back from the raw bytes).
pub fn search_words(raw: &[u8]) -> SearchWords {
    let p = mime::parse(raw);
    let sender = p.from.as_ref().map(Address::display).unwrap_or_default();
    words(p, sender)
}

fn words(p: ParsedMessage, sender: String) -> SearchWords {
    SearchWords {
        to_list: address_list(&p.to),
        cc_list: address_list(&p.cc),
        attachment_names: p.attachments.iter().filter_map(|a| a.name.as_deref()).collect::<Vec<_>>().join(" "),
        subject: p.subject,
        sender,
        body: p.body_text,
    }
}

/// Addresses as the list shows them and the index reads them: "Name <addr>, …".
pub(crate) fn address_list(list: &[Address]) -> String {
    crate::address_list::join(list.iter().map(|a| (a.name.as_deref(), a.email.as_str())))
}

/// Only a report has its machine part read, and only a message asking for read receipts
/// has its recipients counted.
fn receipt_facts(raw: &[u8], p: &ParsedMessage, internal_date: Option<i64>) -> ReceiptFacts {
    if p.is_report.is_some() {
        return ReceiptFacts::Report(mime::parse_report(raw).map(|report| receipts::received_report(report, p, internal_date)));
    }
    if p.disposition_notification_to.is_none() {
        return ReceiptFacts::None;
    }
    let mut recipients: Vec<String> = p.to.iter().chain(&p.cc).map(|a| a.email.to_lowercase()).collect();
    recipients.sort();
    recipients.dedup();
    ReceiptFacts::AsksReadReceipts { recipients: recipients.len() as u32 }
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::store::{FetchedMessage, FlagState};

    /// A message as a sync hands it to the store: new, unflagged, read from `raw`.
    pub fn fetched(raw: Vec<u8>, uidvalidity: u32, uid: u32) -> FetchedMessage {
        fetched_at(raw, uidvalidity, uid, None)
    }

    /// The same, with the server's arrival time.
    pub fn fetched_at(raw: Vec<u8>, uidvalidity: u32, uid: u32, internal_date: Option<i64>) -> FetchedMessage {
        FetchedMessage {
            uidvalidity,
            uid,
            modseq: None,
            flags: FlagState::default(),
            internal_date,
            hash: crate::mime::content_hash(&raw),
            fields: super::message_fields(&raw, internal_date),
            raw,
        }
    }

    /// Test message number `n` (subject `n{n}`), as the server numbers it.
    pub fn numbered(n: u32, uidvalidity: u32, uid: u32) -> FetchedMessage {
        let raw = format!("From: a@b.test\r\nSubject: n{n}\r\nMessage-ID: <m{n}@t>\r\n\r\nx\r\n").into_bytes();
        fetched(raw, uidvalidity, uid)
    }
}
