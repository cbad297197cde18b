//! Downloading the national directory from the window: the command behind its button, and
//! the daily refresh in the background.

use std::sync::Arc;
use std::time::Duration;

use tauri::{AppHandle, Emitter, State};

use super::directory::IMPORT_PROGRESS_EVENT;
use crate::AppState;
use medimail_engine::directory::national::download::{DownloadProgress, DownloadSource};
use medimail_engine::directory::national::import::ImportProgress;
use medimail_engine::directory::national::ImportSummary;
use medimail_engine::{AppError, Engine};


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
