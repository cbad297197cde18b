//! Downloading new messages: first their UIDs and sizes, then the bytes in chunks.

use futures::TryStreamExt;

use super::flags::flag_state;
use super::{drain_unsolicited, protocol_error, uid_set, ImapSession};
use crate::store::FlagState;
use crate::Result;

#[derive(Debug, Clone, Copy)]
pub struct NewOnServer {
    pub uid: u32,
    pub size: u32,
}

#[derive(Debug)]
pub struct RawFetched {
    pub uid: u32,
    pub flags: FlagState,
    pub modseq: Option<u64>,
    pub internal_date: Option<i64>,
    pub raw: Vec<u8>,
}

/// UIDs above `after` with their sizes, ascending.
pub async fn list_new(session: &mut ImapSession, after: u32) -> Result<Vec<NewOnServer>> {
    drain_unsolicited(session);
    let from = after.saturating_add(1);
    let mut stream = session
        .uid_fetch(format!("{from}:*"), "(UID RFC822.SIZE)")
        .await
        .map_err(protocol_error)?;
    // Each reply holds a whole read buffer: keep only UID and size as they come, or a
    // 50,000-message folder pins hundreds of megabytes.
    let mut new = Vec::new();
    while let Some(fetch) = stream.try_next().await.map_err(protocol_error)? {
        // "n:*" also returns the last message when n is beyond it: keep only what is new.
        if let Some(uid) = fetch.uid.filter(|uid| *uid > after) {
            new.push(NewOnServer { uid, size: fetch.size.unwrap_or(0) });
        }
    }
    new.sort_by_key(|m| m.uid);
    new.dedup_by_key(|m| m.uid);
    Ok(new)
}

/// These UIDs with their sizes, ascending; those the server no longer has are left out.
pub async fn sizes_of(session: &mut ImapSession, uids: &[u32]) -> Result<Vec<NewOnServer>> {
    if uids.is_empty() {
        return Ok(Vec::new());
    }
    drain_unsolicited(session);
    let wanted: std::collections::HashSet<u32> = uids.iter().copied().collect();
    let mut stream = session.uid_fetch(uid_set(uids), "(UID RFC822.SIZE)").await.map_err(protocol_error)?;
    let mut found = Vec::new();
    while let Some(fetch) = stream.try_next().await.map_err(protocol_error)? {
        if let Some(uid) = fetch.uid.filter(|uid| wanted.contains(uid)) {
            found.push(NewOnServer { uid, size: fetch.size.unwrap_or(0) });
        }
    }
    found.sort_by_key(|m| m.uid);
    found.dedup_by_key(|m| m.uid);
    Ok(found)
}

/// The full bytes of these messages. A message the server no longer has is simply absent
/// from the result.
pub async fn fetch_messages(session: &mut ImapSession, uids: &[u32], condstore: bool) -> Result<Vec<RawFetched>> {
    if uids.is_empty() {
        return Ok(Vec::new());
    }
    drain_unsolicited(session);
    let items = if condstore {
        "(UID FLAGS INTERNALDATE MODSEQ BODY.PEEK[])"
    } else {
        "(UID FLAGS INTERNALDATE BODY.PEEK[])"
    };
    let mut stream = session.uid_fetch(uid_set(uids), items).await.map_err(protocol_error)?;
    let mut out = Vec::with_capacity(uids.len());
    while let Some(fetch) = stream.try_next().await.map_err(protocol_error)? {
        let (Some(uid), Some(body)) = (fetch.uid, fetch.body()) else {
            // A flag update for another message, interleaved by the server.
            continue;
        };
        out.push(RawFetched {
            uid,
            flags: flag_state(&fetch),
            modseq: fetch.modseq,
            internal_date: fetch.internal_date().map(|d| d.timestamp()),
            raw: body.to_vec(),
        });
    }
    Ok(out)
}
