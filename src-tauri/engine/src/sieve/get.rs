//! GETSCRIPT: a script's text, byte for byte.

use tokio::io::{AsyncRead, AsyncWrite};

use super::client::{append_string, Session, Status, Token};
use crate::{EngineError, Result};

pub async fn get<S: AsyncRead + AsyncWrite + Unpin>(session: &mut Session<S>, name: &str) -> Result<Vec<u8>> {
    let mut command = b"GETSCRIPT ".to_vec();
    append_string(&mut command, name.as_bytes());
    command.extend_from_slice(b"\r\n");
    let response = session.command(&command).await?;
    if response.status != Status::Ok {
        return Err(EngineError::NotFound("Sieve script".into()));
    }
    match response.lines.first().and_then(|line| line.first()) {
        Some(Token::Str(bytes)) => Ok(bytes.clone()),
        _ => Err(EngineError::Server("the ManageSieve server sent no script".into())),
    }
}
