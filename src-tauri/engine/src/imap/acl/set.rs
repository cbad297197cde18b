//! SETACL (RFC 4314 §3.1): gives an identifier its rights on a folder (replacing any).

use super::super::{encode_name, ImapSession};
use super::{exchange, outcome, quote, Outcome};
use crate::{EngineError, Result};

const TAG: &str = "MMACL3";

/// Ok(false) when the server refuses (the user may not administer the folder).
pub async fn set_acl(session: &mut ImapSession, folder: &str, identifier: &str, rights: &str) -> Result<bool> {
    let command = format!("SETACL {} {} {}", quote(&encode_name(folder))?, quote(identifier)?, quote(rights)?);
    let answer = exchange(session, TAG, &command).await?;
    match outcome(&answer, TAG) {
        Outcome::Ok => Ok(true),
        Outcome::No => Ok(false),
        Outcome::Bad => Err(EngineError::Unsupported("IMAP ACL (SETACL)".into())),
    }
}
