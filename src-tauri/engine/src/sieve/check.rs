//! CHECKSCRIPT: the server compiles a script without storing it, so that a script it
//! would refuse never replaces the one in force.

use tokio::io::{AsyncRead, AsyncWrite};

use super::client::{append_string, Response, Session, Status};
use crate::{EngineError, Result};

pub async fn check<S: AsyncRead + AsyncWrite + Unpin>(session: &mut Session<S>, script: &[u8]) -> Result<()> {
    let mut command = b"CHECKSCRIPT ".to_vec();
    append_string(&mut command, script);
    command.extend_from_slice(b"\r\n");
    refused_unless_ok(session.command(&command).await?)
}

/// A refusal as `sieve_script_refused`, with the response code only: the server's text
/// quotes the script (addresses, the auto-reply's words) and is never kept.
pub(super) fn refused_unless_ok(response: Response) -> Result<()> {
    match response.status {
        Status::Ok => Ok(()),
        _ => Err(EngineError::SieveScriptRefused(response.code.unwrap_or_else(|| "NO".into()))),
    }
}
