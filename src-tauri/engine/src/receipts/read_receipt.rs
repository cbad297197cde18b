//! The read receipts we send: when a message asking for one is opened, the policy or the
//! user decides, and the receipt is queued in the outbox (exactly once, offline too) and
//! sent at once when the server is reachable.

use std::path::Path;

use super::{build_mdn, decide, mdn_message_id, MdnDecision, MdnFacts, MdnPolicy, MdnRequest};
use crate::mime;
use crate::outbox;
use crate::store::{self, AccountRecord, OutboxState, Outgoing, SharedStore, Store};
use crate::sync::{self, Connection};
use crate::{EngineError, Result};

/// What sending a read receipt needs of the engine: its store, its profile (for the sync
/// lock) and a way to reach the account's servers, asked only once the receipt is queued.
pub struct Sender<'a, C: Fn(AccountRecord) -> Result<Connection>> {
    pub store: &'a SharedStore,
    pub profile_dir: &'a Path,
    pub connect: C,
}

/// A read receipt about to be sent: what it answers and from which account.
struct PendingMdn {
    account: AccountRecord,
    to: String,
    original_message_id: Option<String>,
    original_subject: String,
    original_date: Option<i64>,
    original_recipient: Option<String>,
    original_key: String,
    mdn_message_id: String,
}

impl<C: Fn(AccountRecord) -> Result<Connection>> Sender<'_, C> {
    /// The message was just opened (and marked read): the policy decides.
    pub async fn after_opening(&self, id: i64) -> Result<MdnDecision> {
        let (policy, (facts, request)) = {
            let store = store::lock(self.store)?;
            (store.mdn_policy()?, request(&store, id)?)
        };
        match decide(policy, &facts) {
            MdnDecision::Sent => self.send(request, true).await,
            other => Ok(other),
        }
    }

    /// The user said yes. Still never twice.
    pub async fn on_request(&self, id: i64) -> Result<MdnDecision> {
        let (facts, request) = request(&*store::lock(self.store)?, id)?;
        // The user's explicit yes stands in for the policy, not for the other rules.
        match decide(MdnPolicy::Always, &MdnFacts { return_path: None, ..facts }) {
            MdnDecision::Sent => self.send(request, false).await,
            other => Ok(other),
        }
    }

    /// Queues the receipt through the outbox (exactly once, offline too) and tries to send it.
    async fn send(&self, pending: PendingMdn, automatically: bool) -> Result<MdnDecision> {
        let account_id = pending.account.id;
        if !store::lock(self.store)?.reserve_mdn(account_id, &pending.original_key, &pending.mdn_message_id)? {
            return Ok(MdnDecision::AlreadySent);
        }
        let built = build_mdn(
            &MdnRequest {
                account_email: &pending.account.email,
                account_name: pending.account.display_name.as_deref(),
                to: &pending.to,
                original_message_id: pending.original_message_id.as_deref(),
                original_subject: &pending.original_subject,
                original_date: pending.original_date,
                original_recipient: pending.original_recipient.as_deref(),
                opened_at: store::now(),
                sent_automatically: automatically,
                mdn_message_id: &pending.mdn_message_id,
            },
            &chrono::Local,
        )?;
        let queued = store::lock(self.store)?.enqueue(&Outgoing {
            account_id,
            message_id: &pending.mdn_message_id,
            envelope_from: &built.envelope_from,
            envelope_to: &built.envelope_to,
            subject: &built.subject,
            raw: &built.raw,
        });
        let entry = match queued {
            Ok(entry) => entry,
            // Another process queued the same receipt a moment ago (same derived Message-ID).
            Err(err) if store::lock(self.store)?.mdn_already_sent(&pending.mdn_message_id)? => {
                tracing::debug!(code = ?err.code(), "read receipt already queued");
                return Ok(MdnDecision::AlreadySent);
            }
            Err(err) => return Err(err),
        };
        // No mail program files read receipts in Sent; marking it filed skips that step.
        store::lock(self.store)?.set_outbox_filed(entry.id)?;
        let conn = (self.connect)(pending.account)?;
        let _lock = sync::acquire_lock(self.profile_dir, || {}).await?;
        match outbox::send_queued(self.store, &conn).await {
            Ok(_) => {}
            Err(err @ (EngineError::Connect { .. } | EngineError::Timeout(_) | EngineError::Tls { .. })) => {
                tracing::info!(code = ?err.code(), "offline: the read receipt stays in the outbox");
                store::lock(self.store)?.set_outbox_state(entry.id, OutboxState::Queued, Some(&err.to_string()))?;
            }
            Err(other) => return Err(other),
        }
        tracing::info!(automatically, "read receipt queued and sent");
        Ok(MdnDecision::Sent)
    }
}

fn request(store: &Store, id: i64) -> Result<(MdnFacts, PendingMdn)> {
    let place = store.message_place(id)?;
    let account = store.account_by_id(place.account_id)?;
    let raw = store.raw_message(id)?;
    let parsed = mime::parse(&raw);
    let original_key = parsed.message_id.clone().unwrap_or_else(|| format!("sha256:{}", place.hash_hex));
    let mdn_message_id = mdn_message_id(&account.email, &original_key);
    let facts = MdnFacts {
        requested_by: parsed.disposition_notification_to.as_ref().map(|a| a.email.clone()),
        is_report: parsed.is_report.is_some(),
        ours: place.is_ours(),
        already_sent: store.mdn_already_sent(&mdn_message_id)?,
        return_path: mime::return_path(&raw),
    };
    let request = PendingMdn {
        to: facts.requested_by.clone().unwrap_or_default(),
        original_message_id: parsed.message_id,
        original_subject: parsed.subject,
        original_date: parsed.date,
        original_recipient: mime::original_recipient(&raw),
        original_key,
        mdn_message_id,
        account,
    };
    Ok((facts, request))
}
