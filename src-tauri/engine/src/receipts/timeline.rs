//! The timeline under a sent message (seed part 1 §3 A): when it left, what each
//! recipient's server and mail program reported, and for whom nothing can be said.

use std::collections::HashSet;

use super::{OpenState, Timeline, TimelineEvent, TimelineKind};
use crate::mime::{DeliveryAction, DispositionKind};
use crate::store::{ReceiptKind, ReceiptRecord};
use crate::Text;

/// What is known of the sent message itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentFacts {
    pub id: i64,
    pub message_id: Option<String>,
    pub sent_at: Option<i64>,
    /// Every address it was sent to, as written.
    pub recipients: Vec<String>,
    pub mdn_requested: bool,
}

pub fn build_timeline(facts: &SentFacts, receipts: &[ReceiptRecord]) -> Timeline {
    let mut events = Vec::with_capacity(receipts.len() + facts.recipients.len() + 1);
    events.push(TimelineEvent {
        at: facts.sent_at,
        recipient: None,
        kind: TimelineKind::Sent,
        text: Text::new("timeline-sent"),
        detail: None,
    });

    let mut reported = Vec::with_capacity(receipts.len());
    for receipt in receipts {
        let Some(kind) = describe(receipt) else { continue };
        reported.push(TimelineEvent {
            at: receipt.event_at,
            recipient: Some(receipt.recipient.clone()),
            kind,
            text: Text::new(format!("timeline-{}", kind.as_str())).arg("who", receipt.recipient.as_str()),
            detail: reason(receipt),
        });
    }
    // Undated lines after dated ones; the sort is stable, so reports keep their order.
    reported.sort_by_key(|e| (e.at.is_none(), e.at));
    events.extend(reported);

    let key = |s: &str| s.trim().to_lowercase();
    let answered: HashSet<String> = receipts.iter().filter(|r| r.kind == ReceiptKind::Mdn).map(|r| key(&r.recipient)).collect();
    let failed: HashSet<String> = receipts
        .iter()
        .filter(|r| r.kind == ReceiptKind::Dsn && DeliveryAction::parse(&r.action) == Some(DeliveryAction::Failed))
        .map(|r| key(&r.recipient))
        .collect();
    let mut listed = HashSet::new();
    for recipient in &facts.recipients {
        let k = key(recipient);
        if !listed.insert(k.clone()) || answered.contains(&k) || failed.contains(&k) {
            continue;
        }
        events.push(TimelineEvent {
            at: None,
            recipient: Some(recipient.trim().to_owned()),
            kind: TimelineKind::OpenUnknown,
            text: Text::new("timeline-open_unknown").arg("who", recipient.trim()),
            detail: None,
        });
    }

    let opened: HashSet<String> = receipts.iter().filter(|r| is_opening(r)).map(|r| key(&r.recipient)).collect();
    let total = (!listed.is_empty()).then_some(listed.len());
    Timeline {
        id: facts.id,
        message_id: facts.message_id.clone(),
        open_state: OpenState::compute(total, opened.len(), facts.mdn_requested),
        events,
    }
}

/// An MDN saying a person displayed the message.
pub(super) fn is_opening(receipt: &ReceiptRecord) -> bool {
    receipt.kind == ReceiptKind::Mdn && !receipt.error && DispositionKind::parse(&receipt.action) == Some(DispositionKind::Displayed)
}

/// What a report says happened; none for one the timeline does not show.
fn describe(receipt: &ReceiptRecord) -> Option<TimelineKind> {
    Some(match receipt.kind {
        ReceiptKind::Dsn => match DeliveryAction::parse(&receipt.action)? {
            DeliveryAction::Delivered => TimelineKind::Delivered,
            DeliveryAction::Relayed => TimelineKind::Relayed,
            DeliveryAction::Expanded => TimelineKind::Expanded,
            DeliveryAction::Delayed => TimelineKind::Delayed,
            DeliveryAction::Failed => TimelineKind::DeliveryFailed,
        },
        ReceiptKind::Mdn => {
            let kind = DispositionKind::parse(&receipt.action)?;
            if receipt.error || matches!(kind, DispositionKind::Denied | DispositionKind::Failed) {
                TimelineKind::ReceiptError
            } else {
                match kind {
                    DispositionKind::Displayed => TimelineKind::Opened,
                    DispositionKind::Deleted => TimelineKind::Deleted,
                    _ => TimelineKind::Processed,
                }
            }
        }
    })
}

/// The server's own words for a delivery problem (its reply, else its status code).
fn reason(receipt: &ReceiptRecord) -> Option<String> {
    let failing = match receipt.kind {
        ReceiptKind::Dsn => matches!(DeliveryAction::parse(&receipt.action), Some(DeliveryAction::Failed | DeliveryAction::Delayed)),
        ReceiptKind::Mdn => receipt.error || receipt.diagnostic.is_some(),
    };
    if !failing {
        return None;
    }
    receipt.diagnostic.clone().or_else(|| receipt.status.clone()).filter(|r| !r.trim().is_empty())
}
