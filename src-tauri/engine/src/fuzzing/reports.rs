//! Delivery and read reports (DSN, MDN) as the receipts read them, and the read receipt the
//! app would send in answer to the message: built from its hostile fields, it must still be
//! one report to one recipient that our own reader reads back.

use crate::mime::{self, parse, parse_report, DispositionKind, Report};
use crate::receipts::{build_mdn, mdn_message_id, received_report, MdnRequest};

const ACCOUNT: &str = "jean.dupont@medimail.test";

pub fn reports(data: &[u8]) {
    let parsed = parse(data);
    if let Some(report) = parse_report(data) {
        match &report {
            Report::Delivery(dsn) => assert!(!dsn.recipients.is_empty(), "a delivery report without a recipient"),
            Report::Disposition(_) => {}
        }
        let received = received_report(report, &parsed, Some(0));
        assert!(received.lines.iter().all(|line| line.recipient == line.recipient.to_lowercase()));
    }
    let _ = mime::return_path(data);
    let original_recipient = mime::original_recipient(data);

    // The read receipt for this message, as `read_receipt.rs` asks for it.
    let Some(to) = parsed.disposition_notification_to.as_ref().map(|a| a.email.clone()) else { return };
    let key = parsed.message_id.clone().unwrap_or_else(|| "sha256:00".into());
    let mdn_id = mdn_message_id(ACCOUNT, &key);
    let request = MdnRequest {
        account_email: ACCOUNT,
        account_name: Some("Dr Jean Dupont"),
        to: &to,
        original_message_id: parsed.message_id.as_deref(),
        original_subject: &parsed.subject,
        original_date: parsed.date,
        original_recipient: original_recipient.as_deref(),
        opened_at: 1_700_000_000,
        sent_automatically: true,
        mdn_message_id: &mdn_id,
    };
    // An address lettre refuses is an error the app reports, not a receipt.
    let Ok(built) = build_mdn(&request, &chrono::Utc) else { return };
    let sent = parse(&built.raw);
    assert_eq!(sent.to.len(), 1, "a read receipt to {} recipients", sent.to.len());
    assert!(sent.cc.is_empty(), "a read receipt with copies");
    match parse_report(&built.raw) {
        Some(Report::Disposition(mdn)) => {
            assert_eq!(mdn.disposition.kind, DispositionKind::Displayed);
            assert_eq!(mdn.final_recipient.as_deref(), Some(ACCOUNT));
            if let Some(id) = parsed.message_id.as_deref().filter(|id| plain_id(id)) {
                assert_eq!(mdn.original_message_id.as_deref(), Some(id), "the receipt names another message");
            }
        }
        other => panic!("our own read receipt does not read back as one: {other:?}"),
    }
}

/// A Message-ID with nothing a header would fold or quote.
fn plain_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'"' | b'(' | b')' | b'\\'))
}
