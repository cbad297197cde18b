//! Sending: checked, built, queued in the outbox, sent exactly once.

use super::*;

impl Engine {
    /// Checks, builds and queues a message, then tries to send it at once. Offline, it
    /// stays queued and leaves with the next sync. The entry tells where it stands.
    pub async fn send(&self, account: Option<&str>, composition: Composition) -> Result<OutboxEntry> {
        let account = self.account(account)?;
        let (composition, built) = prepare_outgoing(&account, composition)?;
        let entry = self.store()?.enqueue(&outgoing(&account, &composition, &built))?;
        self.deliver(account, entry.id).await
    }

    /// Tries to hand what is queued to the server now; offline, it stays queued.
    pub(super) async fn deliver(&self, account: AccountRecord, id: i64) -> Result<OutboxEntry> {
        let conn = self.connection(account)?;
        let _lock = sync::acquire_lock(self.profile.dir(), || {}).await?;
        match outbox::send_queued(&self.store, &conn).await {
            Ok(_) => {}
            // Offline or the server unreachable: the message waits, nothing is lost. Only a
            // message still queued says why: one the server accepted, whose copy in Sent could
            // not be filed, stays sent (queuing it again sent it twice; tests/fault_points.rs).
            Err(err @ (EngineError::Connect { .. } | EngineError::ConnectionLost(_) | EngineError::Timeout(_) | EngineError::Tls { .. })) => {
                tracing::info!(code = ?err.code(), "offline: what was not handed over stays in the outbox");
                let mut store = self.store()?;
                if store.outbox_entry(id)?.state == OutboxState::Queued {
                    store.set_outbox_state(id, OutboxState::Queued, Some(&err.to_string()))?;
                }
            }
            Err(other) => return Err(other),
        }
        self.store()?.outbox_entry(id)
    }

    pub fn outbox(&self, account: Option<&str>) -> Result<Vec<OutboxEntry>> {
        let account_id = match account {
            Some(email) => Some(self.store()?.account_by_email(email)?.id),
            None => None,
        };
        self.store()?.outbox(account_id)
    }

    /// The user's decision on an uncertain (or failed) message: send it again.
    pub fn resend(&self, id: i64) -> Result<OutboxEntry> {
        let mut store = self.store()?;
        let entry = store.outbox_entry(id)?;
        if !matches!(entry.state, OutboxState::Uncertain | OutboxState::Failed) {
            return Err(EngineError::InvalidInput(format!("outbox entry #{id} is not waiting for a decision")));
        }
        store.set_outbox_state(id, OutboxState::Queued, None)?;
        store.outbox_entry(id)
    }
}
