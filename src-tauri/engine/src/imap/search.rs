//! UID SEARCH: which messages of the selected folder match.

use std::collections::HashSet;

use super::{protocol_error, ImapSession};
use crate::Result;

/// Every UID of the selected folder.
pub async fn all_uids(session: &mut ImapSession) -> Result<HashSet<u32>> {
    uid_search(session, "ALL").await
}

/// The messages of the selected folder with this Message-ID (without angle brackets).
pub(super) async fn by_message_id(session: &mut ImapSession, message_id: &str) -> Result<HashSet<u32>> {
    uid_search(session, &format!("HEADER Message-ID \"{}\"", quoted(message_id))).await
}

pub(super) async fn uid_search(session: &mut ImapSession, query: &str) -> Result<HashSet<u32>> {
    session.uid_search(query).await.map_err(protocol_error)
}

/// Text fit for a quoted IMAP search string: a quote, a backslash or a line break would
/// end the string or the command.
pub(super) fn quoted(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '"' | '\\' | '\r' | '\n')).collect()
}
