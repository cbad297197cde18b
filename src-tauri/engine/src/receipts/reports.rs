//! A delivery or read report as the store records it: one line a recipient, each with the
//! time it speaks of.

use crate::mime::{ParsedMessage, Report};
use crate::store::{ReceiptKind, ReceivedReport, ReportLine};

/// `p` is the report message itself; `internal_date` its arrival on the server, for a
/// report without a Date.
pub fn received_report(report: Report, p: &ParsedMessage, internal_date: Option<i64>) -> ReceivedReport {
    let received_at = p.date.or(internal_date);
    match report {
        Report::Delivery(dsn) => ReceivedReport {
            kind: ReceiptKind::Dsn,
            // The returned headers name the original; the store falls back on our ENVID.
            original_message_id: dsn.original_message_id,
            envelope_id: dsn.envelope_id,
            lines: dsn
                .recipients
                .into_iter()
                .filter_map(|r| {
                    Some(ReportLine {
                        recipient: r.recipient()?.to_lowercase(),
                        action: r.action.as_str(),
                        disposition: None,
                        error: false,
                        status: r.status,
                        diagnostic: r.diagnostic,
                        event_at: r.last_attempt.or(received_at),
                        final_recipient: r.final_recipient,
                    })
                })
                .collect(),
        },
        Report::Disposition(mdn) => {
            let recipient = mdn
                .recipient()
                .map(str::to_owned)
                .or_else(|| p.from.as_ref().map(|a| a.email.clone()))
                .unwrap_or_default()
                .to_lowercase();
            ReceivedReport {
                kind: ReceiptKind::Mdn,
                // Some programs leave Original-Message-ID out but answer as a reply would.
                original_message_id: mdn.original_message_id.or_else(|| p.in_reply_to.first().cloned()),
                envelope_id: None,
                lines: vec![ReportLine {
                    recipient,
                    action: mdn.disposition.kind.as_str(),
                    disposition: Some(mdn.disposition_text),
                    error: mdn.disposition.error,
                    status: None,
                    diagnostic: mdn.error,
                    event_at: received_at,
                    final_recipient: mdn.final_recipient,
                }],
            }
        }
    }
}
