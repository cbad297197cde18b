//! Everything that speaks IMAP. One file per operation; the sync module drives them.

pub mod acl;
mod append;
mod apply;
pub(crate) mod changes;
mod connect;
mod fetch;
pub(crate) mod flags;
pub(crate) mod folders;
mod idle;
mod line;
mod logout;
pub(crate) mod metadata;
pub mod mutf7;
pub(crate) mod namespace;
pub(crate) mod raw;
mod search;
pub(crate) mod select;
pub(crate) mod shared;

pub use append::{file_copy, Filed};
pub use apply::{apply_action, Applied, Selection};
pub use changes::{all_flags, changes_since, FlagChanges};
pub use connect::{connect, ImapSession};
pub use fetch::{fetch_messages, list_new, sizes_of, NewOnServer, RawFetched};
pub use folders::{list_folders, role_folder};
pub use idle::{wait_for_news, Woken};
pub use logout::logout;
pub use metadata::{read_tree as read_annotations, write as write_annotations, write_long as write_long_annotations};
pub use namespace::personal_namespace;
pub use search::all_uids;
pub use shared::shared_mailboxes;
pub use select::{select, status, Capabilities, Selected};

use connect::protocol_error;
use crate::{EngineError, Result};

/// IMAP mailbox names travel in modified UTF-7 ("Résultats" is "R&AOk-sultats").
pub fn encode_name(name: &str) -> String {
    mutf7::encode(name)
}

/// A name as the server sent it, decoded; one that is not valid modified UTF-7 is shown
/// as received rather than refused, so its folder and messages stay reachable.
pub fn decode_name(name: &str) -> String {
    mutf7::decode(name).unwrap_or_else(|err| {
        tracing::warn!(position = err.position, "a folder name from the server is not valid modified UTF-7");
        name.to_owned()
    })
}

/// Compact UID set syntax ("1:5,9,12:14") for commands.
pub(crate) fn uid_set(uids: &[u32]) -> String {
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = String::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

/// The next response read by the library, its parser's panics made an error: imap-proto
/// unwraps a METADATA value's UTF-8, so a server's non-UTF-8 value panicked inside
/// `read_response` (found by fuzzing). What the parser left in the stream's buffer is then
/// unknown: the caller gives the session up with the error.
pub(crate) async fn next_response<R>(read: impl std::future::Future<Output = std::io::Result<Option<R>>>) -> Result<Option<R>> {
    use futures::FutureExt;
    match std::panic::AssertUnwindSafe(read).catch_unwind().await {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(e)) => Err(EngineError::ConnectionLost(e.to_string())),
        Err(_) => {
            tracing::warn!("the IMAP library failed on a server's answer");
            Err(EngineError::Server("the IMAP server's answer could not be read".into()))
        }
    }
}

/// Runs IMAP work with the library's panics made an error. The parser's unwrap above
/// (`next_response`) also fires inside async-imap's own commands, on an unsolicited METADATA
/// the server sends during any of them: every use of a session outside the sync pass's own
/// guard goes through here (or `Connection::guarded`), so that a server's answer can never
/// end the process or leave a window command unanswered.
pub async fn shielded<T>(work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    use futures::FutureExt;
    match std::panic::AssertUnwindSafe(work).catch_unwind().await {
        Ok(done) => done,
        Err(_) => {
            tracing::warn!("an IMAP operation stopped on an internal fault");
            Err(EngineError::Internal("an IMAP operation stopped on an internal fault".into()))
        }
    }
}

/// Drops whatever unsolicited responses queued up, so the next command's arrive alone.
pub(crate) fn drain_unsolicited(session: &ImapSession) -> Vec<async_imap::types::UnsolicitedResponse> {
    let mut out = Vec::new();
    while let Ok(response) = session.unsolicited_responses.try_recv() {
        out.push(response);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacts_uid_sets() {
        assert_eq!(uid_set(&[5, 1, 2, 3, 9, 12, 13, 14, 3]), "1:3,5,9,12:14");
        assert_eq!(uid_set(&[7]), "7");
        assert_eq!(uid_set(&[]), "");
    }

    #[test]
    fn folder_names_round_trip() {
        assert_eq!(encode_name("Résultats"), "R&AOk-sultats");
        assert_eq!(decode_name("R&AOk-sultats"), "Résultats");
        let nested = "Patients/Suivi diabète";
        assert_eq!(decode_name(&encode_name(nested)), nested);
    }
}
