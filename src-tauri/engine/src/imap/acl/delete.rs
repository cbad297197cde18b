//! DELETEACL (RFC 4314 §3.2): takes an identifier's rights on a folder away.

use super::super::{encode_name, ImapSession};
use super::{exchange, outcome, quote, Outcome};
use crate::{EngineError, Result};

const TAG: &str = "MMACL4";

/// Ok(false) when the server refuses (the user may not administer the folder).
pub async fn delete_acl(session: &mut ImapSession, folder: &str, identifier: &str) -> Result<bool> {
    let command = format!("DELETEACL {} {}", quote(&encode_name(folder))?, quote(identifier)?);
    let answer = exchange(session, TAG, &command).await?;
    match outcome(&answer, TAG) {
        Outcome::Ok => Ok(true),
        Outcome::No => Ok(false),
        Outcome::Bad => Err(EngineError::Unsupported("IMAP ACL (DELETEACL)".into())),
    }
}
