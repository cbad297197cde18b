//! Push: IDLE on the INBOX between passes.

use std::time::Duration;

use super::Connection;
use crate::imap::{self, Capabilities, Woken};
use crate::store::{self, SharedStore};
use crate::Result;

/// How long to wait between passes when the server has no IDLE.
const POLL: Duration = Duration::from_secs(120);

/// Returns when the INBOX has news (or after `timeout`). News that arrived since the last
/// pass returns at once, so nothing waits for the timeout.
pub async fn watch_inbox(store: &SharedStore, conn: &Connection, timeout: Duration) -> Result<Woken> {
    let mut session = imap::connect(&conn.account.imap, &conn.tls, &conn.login).await?;
    let caps = Capabilities::negotiate(&mut session).await?;
    if !caps.idle {
        imap::logout(session).await;
        tokio::time::sleep(POLL.min(timeout)).await;
        return Ok(Woken::Timeout);
    }
    let selected = imap::select(&mut session, "INBOX", caps).await?;
    let known = {
        let store = store::lock(store)?;
        store.find_folder(conn.account.id, "INBOX").ok()
    };
    let behind = match known {
        Some(folder) => {
            // The count too: Courier-IMAP's SELECT gives no UIDNEXT, so a message that came
            // between the pass and this SELECT would otherwise wait for the IDLE timeout.
            folder.uidvalidity != Some(selected.uidvalidity)
                || folder.uidnext != selected.uidnext
                || folder.server_count != Some(selected.exists)
                || (caps.condstore && folder.highestmodseq != selected.highestmodseq)
        }
        None => true,
    };
    if behind {
        imap::logout(session).await;
        return Ok(Woken::News);
    }
    let (session, woken) = imap::wait_for_news(session, timeout).await?;
    imap::logout(session).await;
    Ok(woken)
}
