//! MYRIGHTS (RFC 4314 §3.5): what the signed-in user may do on a folder.

use super::super::raw::Answer;
use super::super::{encode_name, ImapSession};
use super::{astrings, exchange, outcome, quote, Outcome};
use crate::{EngineError, Result};

pub(crate) const TAG: &str = "MMACL1";

/// The rights' letters ("lrwstipekxa"); empty when the server refuses to say (no `l`).
pub async fn my_rights(session: &mut ImapSession, folder: &str) -> Result<String> {
    let answer = exchange(session, TAG, &format!("MYRIGHTS {}", quote(&encode_name(folder))?)).await?;
    match outcome(&answer, TAG) {
        Outcome::Ok => Ok(read_rights(&answer)),
        Outcome::No => Ok(String::new()),
        Outcome::Bad => Err(EngineError::Unsupported("IMAP ACL (MYRIGHTS)".into())),
    }
}

/// The rights' letters of an answer to MYRIGHTS.
pub(crate) fn read_rights(answer: &Answer) -> String {
    answer.untagged("MYRIGHTS").filter_map(astrings).find_map(|a| a.get(1).cloned()).unwrap_or_default()
}
