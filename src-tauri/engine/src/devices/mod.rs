//! "Appareils" (seed part 2 §8): the installations of this app that use an account, and
//! "Révoquer".
//!
//! IMAP servers tell a client nothing about the other clients of an account, so each
//! installation keeps its own private server annotation (RFC 5464 METADATA) with its name
//! and last activity, rewritten at most every few minutes when it syncs. "Révoquer" marks
//! an installation's entry as revoked; at its next contact that installation forgets the
//! account's secrets here and stops connecting until the user signs in to it again. It
//! cannot stop a copy of the app someone altered, nor a stolen password: the screen says
//! to change the password for that. A server without METADATA keeps no list: the screen
//! says so, and nothing is made up.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::imap::{self, Capabilities, ImapSession};
use crate::{EngineError, Result};

const ROOT: &str = "/private/vendor/medimail";
const DEVICES: &str = "/private/vendor/medimail/devices/";
const REVOKED: &str = "/private/vendor/medimail/revoked/";
/// An installation's entry is rewritten when older than this: a pass after each new
/// message would otherwise write it many times an hour for nothing.
const REFRESH_AFTER_SECS: i64 = 10 * 60;

/// One installation of the app that holds a connection to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Device {
    pub id: String,
    /// The computer's name, as the installation gave it.
    pub name: String,
    /// "linux", "windows", "macos"…
    pub system: String,
    /// Its last contact with the server (Unix seconds).
    #[ts(type = "number")]
    pub last_activity: i64,
    /// This installation.
    pub this_one: bool,
}

/// The account's installations, or that its server keeps no such list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Devices {
    /// False when the server offers no annotations (METADATA): no list can exist.
    pub supported: bool,
    /// The most recently active first.
    pub devices: Vec<Device>,
}

/// What this installation says of itself.
#[derive(Debug, Clone)]
pub struct ThisDevice {
    pub id: String,
    pub name: String,
    pub system: String,
}

impl ThisDevice {
    /// This computer, under the account's installation id.
    pub fn here(id: String) -> Self {
        let name = hostname::get().ok().and_then(|n| n.into_string().ok()).filter(|n| !n.trim().is_empty());
        ThisDevice { id, name: name.unwrap_or_else(|| "Medimail Desktop".to_owned()), system: std::env::consts::OS.to_owned() }
    }
}

/// What a contact with the server found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckIn {
    Fine,
    /// Another installation revoked this one: its entries are gone from the server now.
    Revoked,
}

/// The annotation's value: JSON, in base64url so that it travels as a plain quoted string
/// whatever the computer's name holds.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    name: String,
    system: String,
    seen: i64,
}

fn encode(entry: &Entry) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(entry).unwrap_or_default())
}

fn decode(value: &str) -> Option<Entry> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(value.trim()).ok()?).ok()
}

/// At each contact: whether this installation was revoked (then its entries are removed),
/// else its entry is written when missing or stale. A server that announces METADATA but
/// refuses our entries (a quota, a policy) never stops the mail: the list just lacks us.
pub async fn check_in(session: &mut ImapSession, caps: Capabilities, this: &ThisDevice, now: i64) -> Result<CheckIn> {
    if !caps.metadata {
        return Ok(CheckIn::Fine);
    }
    match check(session, this, now).await {
        Err(EngineError::Server(_)) => {
            tracing::info!("the server refused this device's annotation; mail goes on");
            Ok(CheckIn::Fine)
        }
        other => other,
    }
}

async fn check(session: &mut ImapSession, this: &ThisDevice, now: i64) -> Result<CheckIn> {
    let tree = imap::read_annotations(session, ROOT).await?;
    let device = format!("{DEVICES}{}", this.id);
    let revoked = format!("{REVOKED}{}", this.id);
    if tree.iter().any(|(name, _)| *name == revoked) {
        imap::write_annotations(session, &[(&device, None), (&revoked, None)]).await?;
        return Ok(CheckIn::Revoked);
    }
    let mine = tree.iter().find(|(name, _)| *name == device).and_then(|(_, value)| decode(value));
    let stale = mine.is_none_or(|m| now - m.seen >= REFRESH_AFTER_SECS || now < m.seen || m.name != this.name);
    if stale {
        let value = encode(&Entry { name: this.name.clone(), system: this.system.clone(), seen: now });
        imap::write_annotations(session, &[(&device, Some(&value))]).await?;
    }
    Ok(CheckIn::Fine)
}

/// The installations the server knows, this one marked; revoked ones are left out.
pub async fn list(session: &mut ImapSession, caps: Capabilities, this_id: &str) -> Result<Devices> {
    if !caps.metadata {
        return Ok(Devices { supported: false, devices: Vec::new() });
    }
    let tree = imap::read_annotations(session, ROOT).await?;
    let revoked: Vec<&str> = tree.iter().filter_map(|(name, _)| name.strip_prefix(REVOKED)).collect();
    let mut devices: Vec<Device> = tree
        .iter()
        .filter_map(|(name, value)| {
            let id = name.strip_prefix(DEVICES)?;
            if revoked.contains(&id) {
                return None;
            }
            let entry = decode(value)?;
            Some(Device { id: id.to_owned(), name: entry.name, system: entry.system, last_activity: entry.seen, this_one: id == this_id })
        })
        .collect();
    devices.sort_by(|a, b| b.last_activity.cmp(&a.last_activity).then_with(|| a.id.cmp(&b.id)));
    Ok(Devices { supported: true, devices })
}

/// Marks another installation as revoked. This one is not revoked from here: "Se
/// déconnecter" and removing the account do that.
pub async fn revoke(session: &mut ImapSession, caps: Capabilities, this_id: &str, id: &str, now: i64) -> Result<()> {
    if !caps.metadata {
        return Err(EngineError::Unsupported("a list of devices on this server".into()));
    }
    if id == this_id {
        return Err(EngineError::InvalidInput("this device cannot revoke itself".into()));
    }
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(EngineError::NotFound("device".into()));
    }
    let device = format!("{DEVICES}{id}");
    let known = imap::read_annotations(session, ROOT).await?.iter().any(|(name, _)| *name == device);
    if !known {
        return Err(EngineError::NotFound("device".into()));
    }
    let revoked = format!("{REVOKED}{id}");
    let at = now.to_string();
    imap::write_annotations(session, &[(&revoked, Some(&at)), (&device, None)]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_travels_as_plain_ascii_and_comes_back() {
        let entry = Entry { name: "Poste d’accueil \"Dr Dupont\"".into(), system: "linux".into(), seen: 1_800_000_000 };
        let value = encode(&entry);
        assert!(value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        let back = decode(&value).unwrap();
        assert_eq!(back.name, entry.name);
        assert_eq!(back.seen, entry.seen);
        assert!(decode("not base64 !").is_none());
        assert!(decode(&URL_SAFE_NO_PAD.encode(b"{\"name\":1}")).is_none());
    }
}
