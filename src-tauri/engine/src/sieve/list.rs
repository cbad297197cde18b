//! LISTSCRIPTS: the user's scripts and which one is active.

use tokio::io::{AsyncRead, AsyncWrite};

use super::client::{Session, Status, Token};
use crate::{EngineError, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptName {
    pub name: String,
    pub active: bool,
}

pub async fn list<S: AsyncRead + AsyncWrite + Unpin>(session: &mut Session<S>) -> Result<Vec<ScriptName>> {
    let response = session.command(b"LISTSCRIPTS\r\n").await?;
    if response.status != Status::Ok {
        return Err(EngineError::Server("the ManageSieve server refused to list the scripts".into()));
    }
    Ok(response
        .lines
        .iter()
        .filter_map(|line| {
            let name = match line.first()? {
                Token::Str(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                _ => return None,
            };
            let active = matches!(line.get(1), Some(Token::Atom(a)) if a.eq_ignore_ascii_case("ACTIVE"));
            Some(ScriptName { name, active })
        })
        .collect())
}
