//! Signed updates of the app (issue 16): whether the window looks for them, and at which
//! server. The window does the looking and installing (tauri-plugin-updater checks the
//! minisign signature against the public key built into the app); what both doors share is
//! here: the practice's choices, checked and kept in the profile, and the TLS policy the
//! update requests follow, the same as every other connection's.

use std::sync::Arc;

use serde::Serialize;
use ts_rs::TS;

use super::*;

/// The project's update manifest (`latest.json`, written by `make release`). A practice may
/// point its desktops at its own mirror instead.
pub const DEFAULT_UPDATE_SERVER: &str = "https://mises-a-jour.medimail-desktop.fr/stable/latest.json";

/// Longer addresses are refused: a manifest address is short, and the setting is shown whole.
const MAX_SERVER_LENGTH: usize = 2048;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UpdateSettings {
    /// Off: the window never asks any server, neither at start, nor daily, nor on the button.
    pub enabled: bool,
    /// The manifest's address in force: the practice's, or the project's.
    pub server: String,
    /// True when the practice set its own server.
    pub custom_server: bool,
    pub default_server: String,
}

/// A newer version the update server offers, as the window's notice shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UpdateOffer {
    pub version: String,
    pub current_version: String,
    /// The release notes, in French (`latest.json`'s `notes`, written by `make release`).
    pub notes: Option<String>,
    /// When the version was published (RFC 3339), when the server says.
    pub date: Option<String>,
}

/// Bytes of the update received so far, while it downloads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UpdateProgress {
    #[ts(type = "number")]
    pub downloaded: u64,
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// What the update server announces, as `medimail updates check` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateAnnounced {
    pub server: String,
    pub current_version: String,
    /// None: the server answered that there is nothing to install (204).
    pub version: Option<String>,
    /// Strictly newer than this version: the window would offer it.
    pub newer: bool,
    pub notes: Option<String>,
}

/// A manifest is given up on after this long: a script waits no more.
const LOOK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// What the window needs to look for an update; there is none while checks are off.
pub struct UpdateCheck {
    pub server: reqwest::Url,
    /// The engine's TLS policy (TLS 1.2 minimum, the system's roots), not the updater's own.
    pub tls: Arc<rustls::ClientConfig>,
}

impl std::fmt::Debug for UpdateCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpdateCheck").field("server", &self.server.as_str()).finish_non_exhaustive()
    }
}

impl Engine {
    pub fn update_settings(&self) -> Result<UpdateSettings> {
        let store = self.store()?;
        let custom = store.update_server()?;
        Ok(UpdateSettings {
            enabled: store.updates_enabled()?,
            custom_server: custom.is_some(),
            server: custom.unwrap_or_else(|| DEFAULT_UPDATE_SERVER.to_owned()),
            default_server: DEFAULT_UPDATE_SERVER.to_owned(),
        })
    }

    pub fn set_updates_enabled(&self, enabled: bool) -> Result<UpdateSettings> {
        self.store()?.set_updates_enabled(enabled)?;
        tracing::info!(enabled, "update checks set");
        self.update_settings()
    }

    /// The practice's own update server (an `https://` address of its manifest); None or an
    /// empty address: the project's again.
    pub fn set_update_server(&self, server: Option<&str>) -> Result<UpdateSettings> {
        let server = server.map(str::trim).filter(|s| !s.is_empty());
        let checked = server.map(update_server_url).transpose()?;
        self.store()?.set_update_server(checked.as_ref().map(reqwest::Url::as_str))?;
        tracing::info!(custom = checked.is_some(), "update server set");
        self.update_settings()
    }

    /// What the update server announces now, for practice IT checking its mirror from a
    /// script. Nothing is downloaded or installed, and no signature is checked here: the
    /// window does that before installing. Refused while checks are off (no request then).
    pub async fn look_for_update(&self) -> Result<UpdateAnnounced> {
        #[derive(serde::Deserialize)]
        struct Manifest {
            version: String,
            notes: Option<String>,
        }
        let plan = self.update_check()?;
        let unavailable = |why: String| EngineError::UpdateUnavailable(why);
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured((*plan.tls).clone())
            .timeout(LOOK_TIMEOUT)
            .build()
            .map_err(|e| EngineError::Internal(format!("update client: {e}")))?;
        let response = client
            .get(plan.server.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| unavailable(format!("no answer: {e}")))?;
        let current = env!("CARGO_PKG_VERSION");
        let mut announced = UpdateAnnounced {
            server: plan.server.to_string(),
            current_version: current.to_owned(),
            version: None,
            newer: false,
            notes: None,
        };
        if response.status() == reqwest::StatusCode::NO_CONTENT {
            return Ok(announced);
        }
        if !response.status().is_success() {
            return Err(unavailable(format!("HTTP status {}", response.status().as_u16())));
        }
        let body = response.bytes().await.map_err(|e| unavailable(format!("the manifest was cut: {e}")))?;
        let manifest: Manifest =
            serde_json::from_slice(&body).map_err(|e| unavailable(format!("not an update manifest: {e}")))?;
        let version = semver::Version::parse(manifest.version.trim_start_matches('v'))
            .map_err(|e| unavailable(format!("the manifest's version: {e}")))?;
        let this = semver::Version::parse(current).map_err(|e| EngineError::Internal(format!("this version: {e}")))?;
        announced.newer = version > this;
        announced.version = Some(version.to_string());
        announced.notes = manifest.notes;
        Ok(announced)
    }

    /// Where and how to look for an update now; `UpdatesOff` while the practice turned the
    /// checks off, so that no door asks a server then.
    pub fn update_check(&self) -> Result<UpdateCheck> {
        let settings = self.update_settings()?;
        if !settings.enabled {
            return Err(EngineError::UpdatesOff);
        }
        Ok(UpdateCheck { server: update_server_url(&settings.server)?, tls: TlsPolicy::system().client_config()? })
    }
}

/// Only an `https://` address names an update server: the manifest says which file to
/// install, and only TLS keeps a network from changing it (the signature protects the file,
/// not the choice of version). Loopback `http` is refused too: a release build has no use
/// for it, and the tests serve HTTPS. Credentials in the address would be kept in the
/// settings in clear: refused.
pub fn update_server_url(text: &str) -> Result<reqwest::Url> {
    let refused = |why: &str| EngineError::UpdateServer(why.to_owned());
    if text.len() > MAX_SERVER_LENGTH {
        return Err(refused("the address is too long"));
    }
    let url = reqwest::Url::parse(text.trim()).map_err(|_| refused("not an address"))?;
    if url.scheme() != "https" {
        return Err(refused("not an https address"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refused("no server named"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refused("credentials in the address"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::open_temp;

    #[test]
    fn only_complete_https_addresses_name_an_update_server() {
        for good in ["https://maj.cabinet.example/latest.json", " https://10.1.2.3:8443/medimail/latest.json ", DEFAULT_UPDATE_SERVER] {
            assert!(update_server_url(good).is_ok(), "{good}");
        }
        for bad in [
            "http://maj.cabinet.example/latest.json",
            "http://127.0.0.1:8080/latest.json",
            "http://localhost/latest.json",
            "ftp://maj.cabinet.example/latest.json",
            "file:///etc/passwd",
            "maj.cabinet.example/latest.json",
            "https://",
            "https://user:secret@maj.cabinet.example/latest.json",
            "",
        ] {
            let err = update_server_url(bad).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::UpdateServer, "{bad}");
        }
        let long = format!("https://maj.cabinet.example/{}", "a".repeat(MAX_SERVER_LENGTH));
        assert_eq!(update_server_url(&long).unwrap_err().code(), crate::ErrorCode::UpdateServer);
    }

    #[test]
    fn the_practice_sets_its_server_and_turns_checks_off() {
        let (dir, store) = open_temp();
        let engine = Engine::with_store(Profile::open(Some(dir.path())).unwrap(), store);
        let defaults = engine.update_settings().unwrap();
        assert_eq!(
            defaults,
            UpdateSettings {
                enabled: true,
                server: DEFAULT_UPDATE_SERVER.into(),
                custom_server: false,
                default_server: DEFAULT_UPDATE_SERVER.into()
            }
        );
        assert_eq!(engine.update_check().unwrap().server.as_str(), DEFAULT_UPDATE_SERVER);

        let set = engine.set_update_server(Some("https://maj.cabinet.example/medimail/latest.json")).unwrap();
        assert!(set.custom_server);
        assert_eq!(set.server, "https://maj.cabinet.example/medimail/latest.json");
        assert_eq!(engine.update_check().unwrap().server.as_str(), "https://maj.cabinet.example/medimail/latest.json");

        // A refused address leaves the one in force.
        let err = engine.set_update_server(Some("http://maj.cabinet.example/latest.json")).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UpdateServer);
        assert_eq!(engine.update_settings().unwrap().server, "https://maj.cabinet.example/medimail/latest.json");

        // Off: no door gets an address to ask.
        assert!(!engine.set_updates_enabled(false).unwrap().enabled);
        assert_eq!(engine.update_check().unwrap_err().code(), crate::ErrorCode::UpdatesOff);

        // An empty address is the project's server again.
        let back = engine.set_update_server(Some("  ")).unwrap();
        assert_eq!((back.custom_server, back.server.as_str()), (false, DEFAULT_UPDATE_SERVER));
        assert!(engine.set_updates_enabled(true).unwrap().enabled);
    }
}
