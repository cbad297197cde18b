//! IMAP ACL (RFC 4314): who may open an organisational mailbox, and changing it.
//!
//! Written by hand, one file per command: async-imap has no ACL commands, and its parser
//! (imap-proto) does not read the ACL and MYRIGHTS responses; its reader stops at a response
//! it cannot parse. So each command goes out and its answer is read on the bare stream
//! (`raw.rs`), on a session where no folder is selected and nothing else is in flight.

mod delete;
pub(crate) mod get;
pub(crate) mod my_rights;
mod set;

pub use delete::delete_acl;
pub use get::get_acl;
pub use my_rights::my_rights;
pub use set::set_acl;

use crate::{EngineError, Result};

/// An ACL answer is a few lines; more means something else is being read.
const LIMIT: usize = 256 * 1024;
const ANSWER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The rights a member gets, as the operator grants them: everything but administering
/// (`a`): look up, read, write flags, seen, insert, post, expunge, create, delete folders.
pub const MEMBER_RIGHTS: &str = "lrwstipekx";

/// How a server's refusal reads: NO for "not allowed", BAD for a command it cannot take.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    No,
    Bad,
}

/// Sends one command and reads its answer, bounded in time.
async fn exchange(session: &mut super::ImapSession, tag: &str, command: &str) -> Result<super::raw::Answer> {
    tokio::time::timeout(ANSWER_TIMEOUT, super::raw::exchange(session.get_mut(), tag, command, LIMIT))
        .await
        .map_err(|_| EngineError::Timeout(ANSWER_TIMEOUT.as_secs()))?
}

pub(crate) fn outcome(answer: &super::raw::Answer, tag: &str) -> Outcome {
    if answer.ok() {
        return Outcome::Ok;
    }
    let bad = answer.lines().any(|l| l.strip_prefix(tag).is_some_and(|r| r.trim_start().to_ascii_uppercase().starts_with("BAD")));
    if bad {
        Outcome::Bad
    } else {
        Outcome::No
    }
}

/// An IMAP quoted string. Identifiers and (modified UTF-7) mailbox names are ASCII; a line
/// break or a non-ASCII character cannot be quoted and is refused.
fn quote(s: &str) -> Result<String> {
    if s.chars().any(|c| c == '\r' || c == '\n' || c == '\0' || !c.is_ascii()) {
        return Err(EngineError::InvalidInput("an ACL identifier holds a character IMAP cannot carry".into()));
    }
    Ok(format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")))
}

/// The astrings of a response's data (atoms or quoted strings); None at a literal.
pub(crate) fn astrings(data: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = data.trim_start();
    while !rest.is_empty() {
        if rest.starts_with('"') {
            let (s, after) = super::namespace::quoted(rest)?;
            out.push(s);
            rest = after.trim_start();
        } else if rest.starts_with('{') {
            return None;
        } else {
            let end = rest.find(' ').unwrap_or(rest.len());
            out.push(rest[..end].to_owned());
            rest = rest[end..].trim_start();
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_reads_astrings() {
        assert_eq!(quote("a\"b\\c").unwrap(), "\"a\\\"b\\\\c\"");
        assert!(quote("a\r\nb").is_err());
        assert_eq!(
            astrings("INBOX \"a b@x.test\" lrwstipekxa owner lr").unwrap(),
            ["INBOX", "a b@x.test", "lrwstipekxa", "owner", "lr"]
        );
        assert_eq!(astrings("{5}"), None);
    }
}
