//! Filing a copy of a sent message (APPEND), unless the server already did.

use super::search::by_message_id;
use super::select::{select, Capabilities};
use super::{encode_name, protocol_error, ImapSession};
use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filed {
    /// The server (or an earlier attempt) had already put it there.
    AlreadyThere,
    Appended,
}

/// Puts `raw` in `folder` as a read message, once: a copy with the same Message-ID
/// already there is not filed twice.
pub async fn file_copy(session: &mut ImapSession, caps: Capabilities, folder: &str, message_id: &str, raw: &[u8]) -> Result<Filed> {
    select(session, folder, caps).await?;
    let found = by_message_id(session, message_id).await?;
    if !found.is_empty() {
        return Ok(Filed::AlreadyThere);
    }
    session
        .append(encode_name(folder), Some("(\\Seen)"), None, raw)
        .await
        .map_err(protocol_error)?;
    Ok(Filed::Appended)
}
