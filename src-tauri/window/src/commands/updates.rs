//! Signed updates of the app (issue 16), with tauri-plugin-updater: a look at start (after a
//! delay, so the start is never slower) and then daily, "Rechercher des mises à jour" in the
//! settings, and installing only when the user chose "Installer et redémarrer". Whether and
//! where to look is the engine's (the practice's settings); the plugin fetches the manifest,
//! downloads the file, checks its minisign signature against the public key built into the
//! app (tauri.conf.json, `plugins.updater.pubkey`) and the version it was signed for
//! (`requireSignedVersion`), and puts it in place. A failure at any step leaves the running
//! app as it was.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_updater::{Update, UpdaterExt};

use super::on_engine;
use crate::AppState;
use medimail_engine::api::{UpdateOffer, UpdateProgress, UpdateSettings};
use medimail_engine::{AppError, Engine, EngineError};

/// Said to the window when the background look found a newer version: the notice shows.
pub const AVAILABLE_EVENT: &str = "update-available";
/// Bytes received while the update downloads.
pub const PROGRESS_EVENT: &str = "update-progress";

/// The first look waits for the window and its first sync; `MEDIMAIL_UPDATE_FIRST_CHECK_SECONDS`
/// shortens it (the end-to-end tests). Only a delay: it can make nothing less safe.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(90);
/// Every hour the background task looks whether a day has passed since the last look: a
/// computer asleep for a night does not push the next look a day further.
const CHECK_DUE_EVERY: Duration = Duration::from_secs(3600);
const CHECK_EVERY: Duration = Duration::from_secs(24 * 3600);
/// A manifest or a file that stalls is given up on; the running app is untouched.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);

/// The update last offered, kept until the user installs it or a later look replaces it.
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

#[tauri::command]
pub async fn update_settings(state: State<'_, AppState>) -> Result<UpdateSettings, AppError> {
    on_engine(&state, |engine| engine.update_settings()).await
}

#[tauri::command]
pub async fn set_updates_enabled(state: State<'_, AppState>, enabled: bool) -> Result<UpdateSettings, AppError> {
    on_engine(&state, move |engine| engine.set_updates_enabled(enabled)).await
}

/// None or empty: the project's server again.
#[tauri::command]
pub async fn set_update_server(state: State<'_, AppState>, server: Option<String>) -> Result<UpdateSettings, AppError> {
    on_engine(&state, move |engine| engine.set_update_server(server.as_deref())).await
}

/// "Rechercher des mises à jour": the newer version offered, or None when this one is the
/// latest. Refused (`updates_off`) while the practice turned checks off.
#[tauri::command]
pub async fn check_for_update(app: AppHandle, state: State<'_, AppState>) -> Result<Option<UpdateOffer>, AppError> {
    Ok(check(&app, state.engine()?).await?)
}

/// The version the last look offered, if any: a page that loads after the look at start
/// learns it here rather than from the event it was not yet listening to. Asks no server.
#[tauri::command]
pub fn pending_update(app: AppHandle) -> Result<Option<UpdateOffer>, AppError> {
    Ok(app.state::<PendingUpdate>().0.lock().map_err(|_| lost())?.as_ref().map(offer_of))
}

/// "Installer et redémarrer": downloads the update offered, checks its signature, puts it in
/// place of the app and starts the new version. Nothing is installed on any failure.
#[tauri::command]
pub async fn install_update(app: AppHandle, state: State<'_, AppState>) -> Result<(), AppError> {
    // The settings may have changed since the offer: off now means no download either.
    on_engine(&state, |engine| engine.update_check().map(|_| ())).await?;
    let pending = app.state::<PendingUpdate>().0.lock().map_err(|_| lost())?.clone();
    let Some(update) = pending else {
        return Err(EngineError::NotFound("an update to install".into()).into());
    };
    let progress = app.clone();
    let mut downloaded = 0u64;
    let bytes = update
        .download(
            move |chunk, total| {
                downloaded += chunk as u64;
                let _ = progress.emit(PROGRESS_EVENT, UpdateProgress { downloaded, total });
            },
            || {},
        )
        .await
        .map_err(|err| refused_or_unavailable(&err))?;
    update.install(&bytes).map_err(|err| refused_or_unavailable(&err))?;
    tracing::info!(version = %update.version, "update installed; restarting");
    // Windows' installer already ended this process; elsewhere the new version starts now.
    app.restart();
}

/// Looks at the practice's server with the engine's TLS policy and keeps what it offers.
async fn check(app: &AppHandle, engine: Arc<Engine>) -> medimail_engine::Result<Option<UpdateOffer>> {
    // The settings are read from the store, and the TLS policy reads the system's roots: on
    // the blocking pool, like the commands' engine calls.
    let plan = tauri::async_runtime::spawn_blocking(move || engine.update_check())
        .await
        .map_err(|err| EngineError::Internal(format!("the update settings could not be read: {err}")))??;
    let tls = plan.tls;
    let builder = app
        .updater_builder()
        .endpoints(vec![plan.server])
        .map_err(|err| EngineError::UpdateServer(err.to_string()))?
        .timeout(REQUEST_TIMEOUT)
        .configure_client(move |client| client.tls_backend_preconfigured((*tls).clone()));
    let update = test_public_key(builder)
        .build()
        .map_err(|err| EngineError::Internal(format!("updater: {err}")))?
        .check()
        .await
        .map_err(|err| refused_or_unavailable(&err))?;
    let offer = update.as_ref().map(offer_of);
    tracing::info!(offered = ?offer.as_ref().map(|o| o.version.as_str()), "looked for an update");
    *app.state::<PendingUpdate>().0.lock().map_err(|_| EngineError::Internal("the pending update was lost".into()))? = update;
    Ok(offer)
}

fn offer_of(update: &Update) -> UpdateOffer {
    UpdateOffer {
        version: update.version.clone(),
        current_version: update.current_version.clone(),
        notes: update.body.clone(),
        date: update.raw_json.get("pub_date").and_then(|d| d.as_str()).map(str::to_owned),
    }
}

/// The tests sign their updates with a throwaway key and give its public half here. Read
/// only in debug builds: `cfg(debug_assertions)` removes this from every release build, so
/// no environment can make a shipped app trust another key than tauri.conf.json's.
fn test_public_key(builder: tauri_plugin_updater::UpdaterBuilder) -> tauri_plugin_updater::UpdaterBuilder {
    #[cfg(debug_assertions)]
    if let Ok(key) = std::env::var("MEDIMAIL_UPDATE_TEST_PUBKEY") {
        tracing::warn!("debug build: update signatures are checked against the test key");
        return builder.pubkey(key);
    }
    builder
}

/// At start (after `FIRST_CHECK_AFTER`) and then once a day, while the practice leaves
/// checks on: a newer version is offered in the window's notice. Silent otherwise: offline,
/// it looks again an hour later.
pub fn start_daily_check(app: AppHandle, engine: Arc<Engine>) {
    let first = std::env::var("MEDIMAIL_UPDATE_FIRST_CHECK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(FIRST_CHECK_AFTER, Duration::from_secs);
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(first).await;
        let mut last_success: Option<SystemTime> = None;
        loop {
            let due = last_success.is_none_or(|at| at.elapsed().map_or(true, |e| e >= CHECK_EVERY));
            if due {
                match check(&app, engine.clone()).await {
                    Ok(offer) => {
                        last_success = Some(SystemTime::now());
                        if let Some(offer) = offer {
                            let _ = app.emit(AVAILABLE_EVENT, offer);
                        }
                    }
                    Err(EngineError::UpdatesOff) => {}
                    Err(err) => tracing::info!(code = ?err.code(), "no update look now; trying again later"),
                }
            }
            tokio::time::sleep(CHECK_DUE_EVERY).await;
        }
    });
}

/// The plugin's errors as the user reads them: the file is not ours (signature, version,
/// format), the server could not give it, or it could not be put in place.
fn refused_or_unavailable(err: &tauri_plugin_updater::Error) -> EngineError {
    use tauri_plugin_updater::Error as E;
    let detail = err.to_string();
    let mapped = match err {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion
        | E::InvalidUpdaterFormat
        | E::BinaryNotFoundInArchive => EngineError::UpdateRefused(detail),
        E::Reqwest(_)
        | E::Network(_)
        | E::ReleaseNotFound
        | E::Serialization(_)
        | E::Semver(_)
        | E::UrlParse(_)
        | E::TargetNotFound(_)
        | E::TargetsNotFound(_)
        | E::InsecureTransportProtocol
        | E::EmptyEndpoints => EngineError::UpdateUnavailable(detail),
        _ => EngineError::UpdateInstall(detail),
    };
    // The code only: the plugin's message may quote what the server answered.
    tracing::warn!(code = ?mapped.code(), "update step failed");
    mapped
}

fn lost() -> AppError {
    AppError::from(EngineError::Internal("the pending update was lost".into()))
}
