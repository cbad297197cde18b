//! Sending what waits in the outbox, exactly once.
//!
//! The message is built once and stored with its Message-ID before anything goes out. The
//! state becomes `handing_over` only once the server has accepted every recipient, just
//! before the bytes themselves are sent; a process that dies in that window leaves the
//! entry `uncertain`, and an uncertain message is never resent without the user's say. A
//! failure anywhere before leaves it `queued` for the next attempt; nothing is lost.

use crate::imap::{self, Capabilities, Filed};
use crate::smtp::{Handover, SmtpSession};
use crate::store::{self, OutboxEntry, OutboxState, SharedStore};
use crate::sync::Connection;
use crate::types::FolderRole;
use crate::{EngineError, Result};

/// Hands every queued message of the account to the server, then files copies in Sent.
/// Returns the entries it dealt with, in their new state. Runs under the profile lock.
pub async fn send_queued(store: &SharedStore, conn: &Connection) -> Result<Vec<OutboxEntry>> {
    crate::failpoint::crash("queued");
    let account_id = conn.account.id;
    store::lock(store)?.outbox_mark_interrupted(account_id)?;
    let queued = store::lock(store)?.outbox_in_state(account_id, OutboxState::Queued)?;
    if !queued.is_empty() {
        let mut session = SmtpSession::open(&conn.account.smtp, &conn.tls, &conn.login).await?;
        for entry in &queued {
            hand_over(store, &mut session, entry).await?;
        }
        session.close().await;
    }
    imap::shielded(file_sent_copies(store, conn)).await?;
    let ids: Vec<i64> = queued.iter().map(|e| e.id).collect();
    let store = store::lock(store)?;
    ids.iter().map(|id| store.outbox_entry(*id)).collect()
}

async fn hand_over(store: &SharedStore, session: &mut SmtpSession, entry: &OutboxEntry) -> Result<()> {
    let (from, raw) = store::lock(store)?.outbox_message(entry.id)?;
    if let Some(limit) = session.features.size_limit {
        if raw.len() as u64 > limit {
            let reason = format!(
                "the message is {:.1} MB, over the server's limit of {:.1} MB",
                raw.len() as f64 / 1e6,
                limit as f64 / 1e6
            );
            return store::lock(store)?.set_outbox_state(entry.id, OutboxState::Failed, Some(&reason));
        }
    }
    let envid = format!("medimail-{}", entry.id);
    let handover = session
        .submit(&from, &entry.to, &raw, true, &envid, || {
            store::lock(store)?.set_outbox_state(entry.id, OutboxState::HandingOver, None)?;
            crate::failpoint::crash("before_data");
            Ok(())
        })
        .await?;
    if matches!(handover, Handover::Accepted) {
        crate::failpoint::crash("after_accept");
    }
    let mut store = store::lock(store)?;
    match handover {
        Handover::Accepted => {
            tracing::info!(size = raw.len(), "message handed to the server");
            store.set_outbox_state(entry.id, OutboxState::Sent, None)
        }
        Handover::Refused(err) => store.set_outbox_state(entry.id, OutboxState::Failed, Some(&err.to_string())),
        Handover::NotYet(err) => store.set_outbox_state(entry.id, OutboxState::Queued, Some(&err.to_string())),
        Handover::Uncertain(err) => store.set_outbox_state(entry.id, OutboxState::Uncertain, Some(&err.to_string())),
    }
}

/// "A copy goes to the Sent folder", unless the server already filed one.
async fn file_sent_copies(store: &SharedStore, conn: &Connection) -> Result<()> {
    let unfiled: Vec<OutboxEntry> = store::lock(store)?
        .outbox_in_state(conn.account.id, OutboxState::Sent)?
        .into_iter()
        .filter(|e| !e.filed)
        .collect();
    if unfiled.is_empty() {
        return Ok(());
    }
    crate::failpoint::crash("after_sent");
    let mut session = imap::connect(&conn.account.imap, &conn.tls, &conn.login).await?;
    let caps = Capabilities::negotiate(&mut session).await?;
    let known = store::lock(store)?.find_folder(conn.account.id, FolderRole::Sent.as_str());
    let sent = match known {
        Ok(folder) => folder.name,
        Err(EngineError::NotFound(_)) => {
            // Not synced yet, or the server has none: ask it, and create it if need be.
            // Nothing is selected yet, as NAMESPACE needs (imap/namespace.rs).
            let namespace = imap::personal_namespace(&mut session, caps).await?;
            imap::role_folder(&mut session, &namespace, FolderRole::Sent).await?
        }
        Err(other) => return Err(other),
    };
    for entry in unfiled {
        let (_, raw) = store::lock(store)?.outbox_message(entry.id)?;
        let filed = imap::file_copy(&mut session, caps, &sent, &entry.message_id, &raw).await?;
        crate::failpoint::crash("after_append");
        if filed == Filed::AlreadyThere {
            tracing::info!("the server already files sent messages: no second copy");
        }
        store::lock(store)?.set_outbox_filed(entry.id)?;
    }
    imap::logout(session).await;
    Ok(())
}
