//! What the store and the message itself say about a message we sent: its timeline, and
//! the openings reported since the last look.

use super::{build_timeline, opening_notice, OpeningNotice, SentFacts, Timeline};
use crate::mime;
use crate::store::{self, SharedStore};
use crate::{EngineError, Result};

/// The timeline under a sent message (seed part 1 §3 A), with its opening state.
pub fn timeline(shared: &SharedStore, id: i64) -> Result<Timeline> {
    let store = store::lock(shared)?;
    let place = store.message_place(id)?;
    if !place.is_ours() {
        return Err(EngineError::InvalidInput(format!("message #{id} was not sent from this account")));
    }
    let (summary, raw) = (store.message_summary(id)?, store.raw_message(id)?);
    let parsed = mime::parse(&raw);
    let message_id = parsed.message_id.clone().or(summary.message_id);
    let (sent, found) = match message_id.as_deref() {
        Some(mid) => (store.sent_record(place.account_id, mid)?, store.receipts_for(place.account_id, mid)?),
        None => (None, Vec::new()),
    };
    drop(store);
    // The outbox knows every envelope recipient; a message sent elsewhere has its headers.
    let recipients = match &sent {
        Some(s) if !s.envelope_to.is_empty() => s.envelope_to.clone(),
        _ => parsed.to.iter().chain(&parsed.cc).map(|a| a.email.clone()).collect(),
    };
    let facts = SentFacts {
        id,
        message_id,
        sent_at: sent.and_then(|s| s.sent_at).or(parsed.date).or(summary.date),
        recipients,
        mdn_requested: parsed.disposition_notification_to.is_some(),
    };
    Ok(build_timeline(&facts, &found))
}

/// Openings of our messages reported since the last call, as desktop notices when the
/// user enabled them (seed part 2 §5 B). Each opening is considered once.
pub fn new_openings(shared: &SharedStore) -> Result<Vec<OpeningNotice>> {
    let mut store = store::lock(shared)?;
    let enabled = store.open_notifications()?;
    let rows = store.take_openings()?;
    let now = store::now();
    Ok(rows.iter().filter_map(|row| opening_notice(enabled, now, row)).collect())
}
