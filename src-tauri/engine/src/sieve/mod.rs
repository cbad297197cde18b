//! Server-side rules through ManageSieve (RFC 5804): the auto-reply ("Réponse
//! automatique", Sieve `vacation`) and automatic forwarding ("Transferts automatiques",
//! `redirect :copy`). The app writes one marked section of the user's active script
//! (`section`) and keeps every other rule as it found it; the server checks a script
//! (CHECKSCRIPT) before it replaces the one in force.

mod activate;
mod check;
mod client;
mod get;
mod list;
mod put;
pub mod rules;
pub mod section;

pub use client::{connect, SieveSession};
pub use list::ScriptName;
pub use rules::{AutoReply, SieveSettings};

use tokio::io::{AsyncRead, AsyncWrite};

use crate::Result;

/// ManageSieve's registered port (RFC 5804 §1.8), where an account names no other.
pub const DEFAULT_PORT: u16 = 4190;
/// The script the app creates when the user has none active.
const OWN_SCRIPT: &str = "medimail";

/// The active script: its name and text; none active, none.
pub async fn active_script<S: AsyncRead + AsyncWrite + Unpin>(session: &mut client::Session<S>) -> Result<Option<(String, Vec<u8>)>> {
    let scripts = list::list(session).await?;
    match scripts.into_iter().find(|s| s.active) {
        Some(active) => {
            let text = get::get(session, &active.name).await?;
            Ok(Some((active.name, text)))
        }
        None => Ok(None),
    }
}

/// The app's settings as the active script holds them.
pub async fn read_settings<S: AsyncRead + AsyncWrite + Unpin>(session: &mut client::Session<S>) -> Result<SieveSettings> {
    let script = active_script(session).await?.map(|(_, text)| text).unwrap_or_default();
    Ok(rules::settings_of(section::body(&script)?.as_deref()))
}

/// Writes `settings` into the active script's section (creating the app's own script when
/// none is active): checked by the server, stored, made active when it was not.
pub async fn write_settings<S: AsyncRead + AsyncWrite + Unpin>(session: &mut client::Session<S>, settings: &SieveSettings) -> Result<()> {
    let body = rules::section_of(settings)?;
    let (name, script, active) = match active_script(session).await? {
        Some((name, text)) => (name, text, true),
        None if body.is_none() => return Ok(()),
        None => (OWN_SCRIPT.to_owned(), Vec::new(), false),
    };
    let updated = section::replace(&script, body.as_deref())?;
    if active && updated == script {
        return Ok(());
    }
    check::check(session, &updated).await?;
    put::put(session, &name, &updated).await?;
    if !active {
        activate::activate(session, &name).await?;
    }
    tracing::info!(bytes = updated.len(), "Sieve script written");
    Ok(())
}

/// Raw script operations, for the tests that set up a foreign script or a broken one.
pub mod raw {
    pub use super::activate::activate;
    pub use super::check::check;
    pub use super::get::get;
    pub use super::list::list;
    pub use super::put::put;
}
