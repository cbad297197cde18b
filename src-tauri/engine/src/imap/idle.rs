//! IDLE: waiting for the server to say something changed (push).

use std::time::Duration;

use async_imap::extensions::idle::IdleResponse;

use super::{protocol_error, ImapSession};
use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woken {
    /// The server reported new data (new mail, flags, expunge).
    News,
    /// Nothing in `timeout`: worth a resync anyway (RFC 2177 asks to re-IDLE within 29 min).
    Timeout,
}

/// Idles on the selected folder until news or `timeout`, then hands the session back.
pub async fn wait_for_news(mut session: ImapSession, timeout: Duration) -> Result<(ImapSession, Woken)> {
    // Silence is what IDLE waits for: no stall limit meanwhile (`wait_with_timeout` bounds it).
    session.get_mut().get_mut().get_mut().0.set_stall_limit(None);
    let mut idle = session.idle();
    idle.init().await.map_err(protocol_error)?;
    let (wait, _interrupt) = idle.wait_with_timeout(timeout);
    let woken = match wait.await.map_err(protocol_error)? {
        IdleResponse::NewData(_) => Woken::News,
        IdleResponse::Timeout | IdleResponse::ManualInterrupt => Woken::Timeout,
    };
    let mut session = idle.done().await.map_err(protocol_error)?;
    session.get_mut().get_mut().get_mut().0.set_stall_limit(Some(crate::net::STALL_LIMIT));
    Ok((session, woken))
}
