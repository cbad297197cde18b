//! Downloading the national directory from the window: the command behind its button, the
//! settings of where it comes from (address, CA file chosen in the system's dialog), and the
//! daily refresh in the background.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;

use super::directory::IMPORT_PROGRESS_EVENT;
use super::on_engine;
use crate::AppState;
use medimail_engine::directory::national::download::{DownloadProgress, DownloadSource, DownloadSourceSettings, DownloadState};
use medimail_engine::directory::national::import::ImportProgress;
use medimail_engine::directory::national::ImportSummary;
use medimail_engine::{AppError, Engine, EngineError};

/// Said to the window when the background refresh loaded a newer extraction: the Annuaire
/// shows its date and searches it again.
pub const UPDATED_EVENT: &str = "directory-updated";

/// The first look waits for the window's start and first sync to be over.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(120);

/// How often the background task looks whether a day has passed since the last success.
const REFRESH_CHECK_EVERY: Duration = Duration::from_secs(3600);

/// Downloads the extraction (the ANS address, or `MEDIMAIL_DIRECTORY_URL`) and imports it;
/// an unchanged extraction sums up as the loaded directory, with no row read.
#[tauri::command]
pub async fn directory_download(app: AppHandle, state: State<'_, AppState>) -> Result<ImportSummary, AppError> {
    let engine = state.engine()?;
    Ok(download(&app, &engine).await?)
}

/// The last download's address, time and outcome; None before the first.
#[tauri::command]
pub async fn directory_download_state(state: State<'_, AppState>) -> Result<Option<DownloadState>, AppError> {
    on_engine(&state, |engine| engine.directory_download_state()).await
}

#[tauri::command]
pub async fn directory_download_source(state: State<'_, AppState>) -> Result<DownloadSourceSettings, AppError> {
    on_engine(&state, |engine| engine.directory_download_settings()).await
}

/// Keeps the download address and CA file (both None: the ANS address again); the engine
/// checks them (https, readable PEM).
#[tauri::command]
pub async fn set_directory_download_source(
    state: State<'_, AppState>,
    url: Option<String>,
    ca_file: Option<String>,
) -> Result<DownloadSourceSettings, AppError> {
    let source = DownloadSource {
        url: url.filter(|u| !u.trim().is_empty()),
        ca_file: ca_file.filter(|p| !p.trim().is_empty()).map(PathBuf::from),
    };
    on_engine(&state, move |engine| {
        engine.set_directory_download_source(&source)?;
        engine.directory_download_settings()
    })
    .await
}

/// "Choisir…": the CA file (PEM) in the system's dialog; None when cancelled. Nothing is
/// kept until the settings are saved.
#[tauri::command]
pub async fn choose_directory_ca_file(app: AppHandle) -> Result<Option<String>, AppError> {
    // The blocking dialog waits on the UI thread's event loop: it runs on a blocking worker.
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let mut dialog = app.dialog().file().add_filter("PEM", &["pem", "crt", "cer"]);
        if let Some(window) = app.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        dialog.blocking_pick_file()
    })
    .await
    .map_err(|err| AppError::from(EngineError::Internal(format!("the file dialog failed: {err}"))))?;
    picked
        .map(|path| {
            path.into_path()
                .map(|p| p.to_string_lossy().into_owned())
                .map_err(|err| EngineError::InvalidInput(format!("not a local file: {err}")).into())
        })
        .transpose()
}

async fn download(app: &AppHandle, engine: &Engine) -> medimail_engine::Result<ImportSummary> {
    let app = app.clone();
    let mut progress = move |step: DownloadProgress| {
        if let DownloadProgress::Rows(rows) = step {
            let _ = app.emit(IMPORT_PROGRESS_EVENT, ImportProgress { rows });
        }
    };
    let downloaded = engine.download_national_directory(&DownloadSource::default(), &mut progress).await?;
    Ok(downloaded.into_summary())
}

/// Every hour, downloads the directory when a day has passed since the last download that
/// succeeded. Silent: offline, it only tries again the next hour.
pub fn start_daily_refresh(app: AppHandle, engine: Arc<Engine>) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_CHECK_AFTER).await;
        loop {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            match engine.directory_refresh_due(now) {
                Ok(true) => match download(&app, &engine).await {
                    Ok(summary) => {
                        tracing::info!(entries = summary.entries, "national directory refreshed");
                        if summary.rows_read > 0 {
                            let _ = app.emit(UPDATED_EVENT, ());
                        }
                    }
                    Err(err) => tracing::info!(code = ?err.code(), "national directory not refreshed; trying again later"),
                },
                Ok(false) => {}
                Err(err) => tracing::warn!(code = ?err.code(), "the directory refresh could not read its state"),
            }
            tokio::time::sleep(REFRESH_CHECK_EVERY).await;
        }
    });
}
