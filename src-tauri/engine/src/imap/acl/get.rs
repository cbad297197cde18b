//! GETACL (RFC 4314 §3.3): who may do what on a folder. Needs the administer right (`a`).

use super::super::raw::Answer;
use super::super::{encode_name, ImapSession};
use super::{astrings, exchange, outcome, quote, Outcome};
use crate::{EngineError, Result};

pub(crate) const TAG: &str = "MMACL2";

/// Each identifier with its rights, in the server's order; None when the server refuses
/// (the user may not administer the folder).
pub async fn get_acl(session: &mut ImapSession, folder: &str) -> Result<Option<Vec<(String, String)>>> {
    let answer = exchange(session, TAG, &format!("GETACL {}", quote(&encode_name(folder))?)).await?;
    match outcome(&answer, TAG) {
        Outcome::Ok => read_acl(&answer).map(Some),
        Outcome::No => Ok(None),
        Outcome::Bad => Err(EngineError::Unsupported("IMAP ACL (GETACL)".into())),
    }
}

/// Each identifier with its rights, from the ACL lines of an answer to GETACL.
pub(crate) fn read_acl(answer: &Answer) -> Result<Vec<(String, String)>> {
    let mut entries = Vec::new();
    for data in answer.untagged("ACL") {
        let words = astrings(data).ok_or_else(|| EngineError::Server("the IMAP server's answer could not be read".into()))?;
        // The folder's name first, then identifier / rights pairs.
        for pair in words[1.min(words.len())..].chunks(2) {
            if let [identifier, rights] = pair {
                entries.push((identifier.clone(), rights.clone()));
            }
        }
    }
    Ok(entries)
}
