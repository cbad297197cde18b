//! PUTSCRIPT: stores a script under a name (checked by the server again as it stores it).

use tokio::io::{AsyncRead, AsyncWrite};

use super::check::refused_unless_ok;
use super::client::{append_string, Session};
use crate::Result;

pub async fn put<S: AsyncRead + AsyncWrite + Unpin>(session: &mut Session<S>, name: &str, script: &[u8]) -> Result<()> {
    let mut command = b"PUTSCRIPT ".to_vec();
    append_string(&mut command, name.as_bytes());
    command.push(b' ');
    append_string(&mut command, script);
    command.extend_from_slice(b"\r\n");
    refused_unless_ok(session.command(&command).await?)
}
