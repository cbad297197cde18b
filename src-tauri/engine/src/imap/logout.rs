//! Ending a session.

use super::ImapSession;

/// Says goodbye to the server. Nothing depends on its answer: a server already gone, or
/// one that answers badly, leaves the caller's work done.
pub async fn logout(mut session: ImapSession) {
    let _ = session.logout().await;
}
