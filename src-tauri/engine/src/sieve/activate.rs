//! SETACTIVE: makes a stored script the one the server runs at delivery.

use tokio::io::{AsyncRead, AsyncWrite};

use super::check::refused_unless_ok;
use super::client::{append_string, Session};
use crate::Result;

pub async fn activate<S: AsyncRead + AsyncWrite + Unpin>(session: &mut Session<S>, name: &str) -> Result<()> {
    let mut command = b"SETACTIVE ".to_vec();
    append_string(&mut command, name.as_bytes());
    command.extend_from_slice(b"\r\n");
    refused_unless_ok(session.command(&command).await?)
}
