//! IDLE: waiting for the server to say something changed (push).

use std::time::Duration;

use async_imap::extensions::idle::IdleResponse;

use super::{protocol_error, ImapSession};
use crate::{EngineError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woken {
    /// The server reported new data (new mail, flags, expunge).
    News,
    /// Nothing in `timeout`: worth a resync anyway (RFC 2177 asks to re-IDLE within 29 min).
    Timeout,
}

/// Idles on the selected folder until news or `timeout`, then hands the session back.
pub async fn wait_for_news(mut session: ImapSession, timeout: Duration) -> Result<(ImapSession, Woken)> {
    // Silence is what IDLE waits for: no stall limit on the stream meanwhile
    // (`wait_with_timeout` bounds the wait). The IDLE command's own answer and DONE's are
    // ordinary answers, bounded here instead: the stream is out of reach inside the handle.
    let limit = crate::net::stall_limit();
    session.get_mut().net().set_stall_limit(None);
    let mut idle = session.idle();
    answered_within(limit, idle.init()).await?;
    let (wait, _interrupt) = idle.wait_with_timeout(timeout);
    let woken = match wait.await.map_err(protocol_error)? {
        IdleResponse::NewData(_) => Woken::News,
        IdleResponse::Timeout | IdleResponse::ManualInterrupt => Woken::Timeout,
    };
    let mut session = answered_within(limit, idle.done()).await?;
    session.get_mut().net().set_stall_limit(Some(limit));
    Ok((session, woken))
}

/// An IMAP answer awaited at most `limit`, as the stream's stall limit would.
async fn answered_within<T>(limit: Duration, answer: impl std::future::Future<Output = async_imap::error::Result<T>>) -> Result<T> {
    tokio::time::timeout(limit, answer)
        .await
        .map_err(|_| EngineError::Timeout(limit.as_secs()))?
        .map_err(protocol_error)
}
