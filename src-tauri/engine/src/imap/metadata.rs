//! Server annotations (RFC 5464 METADATA) under one of the user's private entries.
//!
//! Read through the library's command channel but not its `get_metadata`: that method puts
//! the options after the mailbox name (`GETMETADATA "" (DEPTH infinity) …`), which servers
//! refuse (RFC 5464 §4.2 wants them first), and a subtree cannot be read without DEPTH. So
//! the command is written here and its answer read with the library's own parser.

use async_imap::imap_proto::rfc5464::Metadata;
use async_imap::imap_proto::{MailboxDatum, Response, Status};

use super::{protocol_error, ImapSession};
use crate::{EngineError, Result};

/// A server answering nothing for this long is treated like a lost connection.
const ANSWER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
/// More entries than this under our own root means something else is being read.
const MOST_ENTRIES: usize = 10_000;

/// Every server annotation at or below `root` (an entry name the app chose: ASCII, no
/// spaces), with its value.
pub async fn read_tree(session: &mut ImapSession, root: &str) -> Result<Vec<(String, String)>> {
    check_entry(root)?;
    tokio::time::timeout(ANSWER_TIMEOUT, read(session, root)).await.map_err(|_| EngineError::Timeout(ANSWER_TIMEOUT.as_secs()))?
}

async fn read(session: &mut ImapSession, root: &str) -> Result<Vec<(String, String)>> {
    super::drain_unsolicited(session);
    let tag = session.run_command(format!("GETMETADATA (DEPTH infinity) \"\" {root}")).await.map_err(protocol_error)?;
    let mut found = Vec::new();
    loop {
        let Some(response) = super::next_response(session.read_response()).await? else {
            return Err(EngineError::ConnectionLost("the IMAP server closed the connection".into()));
        };
        match response.parsed() {
            Response::MailboxData(MailboxDatum::MetadataSolicited { values, .. }) => {
                found.extend(entries_of(values));
                if found.len() > MOST_ENTRIES {
                    return Err(EngineError::Server("the IMAP server's annotations could not be read".into()));
                }
            }
            Response::Done { tag: done, status, .. } if *done == tag => {
                return match status {
                    Status::Ok => Ok(found),
                    // The server's text is not passed on: it may echo what was asked.
                    _ => Err(EngineError::Server("the IMAP server refused to read annotations".into())),
                };
            }
            // Anything else (news of the mailbox, other untagged data) is not ours to read.
            _ => {}
        }
    }
}

/// The entries of a GETMETADATA answer that have a value (a removed one is NIL).
pub(crate) fn entries_of(values: &[Metadata]) -> impl Iterator<Item = (String, String)> + '_ {
    values.iter().filter_map(|m| Some((m.entry.clone(), m.value.clone()?)))
}

/// Sets (`Some`) or removes (`None`) server annotations in one command. Values are what
/// the app wrote: printable ASCII without quotes or backslashes (see `check_value`).
pub async fn write(session: &mut ImapSession, entries: &[(&str, Option<&str>)]) -> Result<()> {
    write_entries(session, entries, false).await
}

/// Like `write`, for values that may be long (a signature with its images): with LITERAL+
/// they go as literals, since Dovecot refuses a quoted string near its 64 KiB line limit.
pub async fn write_long(session: &mut ImapSession, literal_plus: bool, entries: &[(&str, Option<&str>)]) -> Result<()> {
    write_entries(session, entries, literal_plus).await
}

/// Quoted strings longer than this risk a server's line limit.
const MOST_QUOTED: usize = 60_000;
/// Nothing the app writes needs more; a server would refuse it anyway (METADATA MAXSIZE).
const MOST_VALUE: usize = 4 * 1024 * 1024;
/// Below this a literal saves nothing.
const LITERAL_FROM: usize = 1024;

async fn write_entries(session: &mut ImapSession, entries: &[(&str, Option<&str>)], literal_plus: bool) -> Result<()> {
    let mut list = Vec::with_capacity(entries.len());
    for (entry, value) in entries {
        check_entry(entry)?;
        match value {
            Some(value) => {
                check_value(value)?;
                list.push(format!("{entry} {}", value_argument(value, literal_plus)?));
            }
            None => list.push(format!("{entry} NIL")),
        }
    }
    let command = format!("SETMETADATA \"\" ({})", list.join(" "));
    tokio::time::timeout(ANSWER_TIMEOUT, session.run_command_and_check_ok(command))
        .await
        .map_err(|_| EngineError::Timeout(ANSWER_TIMEOUT.as_secs()))?
        .map_err(|_| EngineError::Server("the IMAP server refused to write annotations".into()))
}

/// A checked value as the command carries it: quoted, or a non-synchronising literal
/// (RFC 7888), which needs no round trip.
fn value_argument(value: &str, literal_plus: bool) -> Result<String> {
    if value.len() > MOST_VALUE || (!literal_plus && value.len() > MOST_QUOTED) {
        return Err(EngineError::Server("an annotation too long for the IMAP server".into()));
    }
    Ok(if literal_plus && value.len() >= LITERAL_FROM {
        format!("{{{}+}}\r\n{value}", value.len())
    } else {
        format!("\"{value}\"")
    })
}

fn check_entry(entry: &str) -> Result<()> {
    let fine = entry.starts_with("/private/") && entry.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b));
    fine.then_some(()).ok_or_else(|| EngineError::InvalidInput(format!("annotation name {entry:?}")))
}

fn check_value(value: &str) -> Result<()> {
    let fine = value.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    fine.then_some(()).ok_or_else(|| EngineError::InvalidInput("annotation value".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_plain_names_and_values_go_out() {
        assert!(check_entry("/private/vendor/medimail/devices/0a1b").is_ok());
        assert!(check_entry("/shared/comment").is_err());
        assert!(check_entry("/private/x\r\nA1 LOGOUT").is_err());
        assert!(check_entry("/private/a b").is_err());
        assert!(check_value("eyJuYW1lIjoiUEMifQ").is_ok());
        assert!(check_value("a\"b").is_err());
        assert!(check_value("é").is_err());
    }

    #[test]
    fn long_values_go_as_literals_where_the_server_takes_them() {
        assert_eq!(value_argument("abc", true).unwrap(), "\"abc\"");
        let long = "A".repeat(70_000);
        assert_eq!(value_argument(&long, true).unwrap(), format!("{{70000+}}\r\n{long}"));
        assert_eq!(value_argument(&long, false).unwrap_err().code(), crate::ErrorCode::Server);
        assert!(value_argument(&"A".repeat(MOST_QUOTED), false).unwrap().starts_with('"'));
    }
}
