//! The timeline under a sent message (seed part 1 §3 A): when it left, what each
//! recipient's server and mail program reported, and for whom nothing can be said.

use std::collections::HashSet;

use chrono::TimeZone;

use super::{OpenState, Timeline, TimelineEvent, TimelineKind};
use crate::mime::{DeliveryAction, DispositionKind};
use crate::store::{ReceiptKind, ReceiptRecord};

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

pub fn build_timeline<Tz: TimeZone>(facts: &SentFacts, receipts: &[ReceiptRecord], tz: &Tz) -> Timeline
where
    Tz::Offset: std::fmt::Display,
{
    let line = |at: Option<i64>, fr: String, en: String| {
        let when = at.and_then(|secs| tz.timestamp_opt(secs, 0).single());
        match when {
            Some(d) => (format!("{} : {fr}", d.format("%d/%m/%Y %H:%M")), format!("{}: {en}", d.format("%Y-%m-%d %H:%M"))),
            None => (fr, en),
        }
    };
    let mut events = Vec::with_capacity(receipts.len() + facts.recipients.len() + 1);
    let (text_fr, text_en) = line(facts.sent_at, "Envoi du message".into(), "message sent".into());
    events.push(TimelineEvent { at: facts.sent_at, recipient: None, kind: TimelineKind::Sent, text_fr, text_en, detail: None });

    let mut reported = Vec::with_capacity(receipts.len());
    for receipt in receipts {
        let Some((kind, fr, en)) = describe(receipt) else { continue };
        let (text_fr, text_en) = line(receipt.event_at, fr, en);
        reported.push(TimelineEvent {
            at: receipt.event_at,
            recipient: Some(receipt.recipient.clone()),
            kind,
            text_fr,
            text_en,
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
            text_fr: format!("Information sur l'ouverture du message non disponible pour {}", recipient.trim()),
            text_en: format!("No information on whether {} opened the message", recipient.trim()),
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

fn describe(receipt: &ReceiptRecord) -> Option<(TimelineKind, String, String)> {
    let who = receipt.recipient.as_str();
    let because = |fr: String, en: String| match reason(receipt) {
        Some(reason) => (format!("{fr} : {reason}"), format!("{en}: {reason}")),
        None => (fr, en),
    };
    Some(match receipt.kind {
        ReceiptKind::Dsn => match DeliveryAction::parse(&receipt.action)? {
            DeliveryAction::Delivered => (TimelineKind::Delivered, format!("Message remis à {who}"), format!("delivered to {who}")),
            DeliveryAction::Relayed => (
                TimelineKind::Relayed,
                format!("Message transmis au serveur de {who}"),
                format!("handed to the server of {who}"),
            ),
            DeliveryAction::Expanded => (
                TimelineKind::Expanded,
                format!("Message redistribué par {who}"),
                format!("redistributed by {who}"),
            ),
            DeliveryAction::Delayed => {
                let (fr, en) = because(format!("Remise retardée pour {who}"), format!("delivery to {who} delayed"));
                (TimelineKind::Delayed, fr, en)
            }
            DeliveryAction::Failed => {
                let (fr, en) = because(format!("Échec de la remise à {who}"), format!("delivery to {who} failed"));
                (TimelineKind::DeliveryFailed, fr, en)
            }
        },
        ReceiptKind::Mdn => {
            let kind = DispositionKind::parse(&receipt.action)?;
            if receipt.error || matches!(kind, DispositionKind::Denied | DispositionKind::Failed) {
                let (fr, en) = because(
                    format!("La messagerie de {who} n'a pas pu confirmer l'ouverture"),
                    format!("the mail program of {who} could not confirm the opening"),
                );
                (TimelineKind::ReceiptError, fr, en)
            } else {
                match kind {
                    DispositionKind::Displayed => {
                        (TimelineKind::Opened, format!("{who} a ouvert le message"), format!("{who} opened the message"))
                    }
                    DispositionKind::Deleted => (
                        TimelineKind::Deleted,
                        format!("{who} a supprimé le message sans l'ouvrir"),
                        format!("{who} deleted the message without opening it"),
                    ),
                    _ => (
                        TimelineKind::Processed,
                        format!("Message traité par la messagerie de {who} sans être affiché"),
                        format!("processed by the mail program of {who} without being displayed"),
                    ),
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
