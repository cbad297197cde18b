//! One-line adapters from the UI to the engine. Errors cross as `AppError` (a code the UI
//! maps to a sentence). Those that may wait (on the store, the keyring, a file) are `async`
//! and call the engine through [`on_engine`]: a command without `async` runs on the main
//! thread.

pub mod compose;
pub mod devices;
pub mod directory_download;
pub mod directory;
pub mod mail;
pub mod notifications;
pub mod own_entry;
pub mod shared_mailboxes;
pub mod reading;
pub mod session_lock;
pub mod settings;
pub mod sieve;
pub mod sign_in;
pub mod updates;

use tauri::{AppHandle, Manager, State};

use super::{sync::progress_emitter, AppState};
use medimail_engine::api::AccountInfo;
use medimail_engine::sync::SyncReport;
use medimail_engine::types::{ConnectionState, Folder, ListQuery, MessageSummary, Presence};
use medimail_engine::{AppError, AppInfo, Engine, EngineError};

/// Runs an engine call on Tauri's blocking pool. A command without `async` runs on the main
/// thread, where waiting for the store (held by a sync pass or an import's batch for up to a
/// second) froze the whole window.
pub(crate) async fn on_engine<T: Send + 'static>(
    state: &AppState,
    call: impl FnOnce(&Engine) -> medimail_engine::Result<T> + Send + 'static,
) -> Result<T, AppError> {
    let engine = state.engine()?;
    tauri::async_runtime::spawn_blocking(move || call(&engine))
        .await
        .map_err(|err| AppError::from(EngineError::Internal(format!("the engine call stopped: {err}"))))?
        .map_err(AppError::from)
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    Ok(AppInfo::new(&state.profile))
}

#[tauri::command]
pub async fn accounts(state: State<'_, AppState>) -> Result<Vec<AccountInfo>, AppError> {
    on_engine(&state, |engine| engine.accounts()).await
}

#[tauri::command]
pub async fn folders(state: State<'_, AppState>, account: Option<String>) -> Result<Vec<Folder>, AppError> {
    on_engine(&state, move |engine| engine.folders(account.as_deref())).await
}

#[tauri::command]
pub async fn list_messages(state: State<'_, AppState>, query: ListQuery) -> Result<Vec<MessageSummary>, AppError> {
    on_engine(&state, move |engine| engine.list(&query)).await
}

#[tauri::command]
pub async fn search_messages(
    state: State<'_, AppState>,
    text: String,
    account: Option<String>,
    limit: u32,
) -> Result<Vec<MessageSummary>, AppError> {
    on_engine(&state, move |engine| engine.search(&text, account.as_deref(), Presence::All, limit)).await
}

/// The contact with the servers as the engine last saw it; a page that loads after the
/// first pass learns it here rather than from events it was not yet listening to.
#[tauri::command]
pub fn connection_state(state: State<'_, AppState>) -> Result<ConnectionState, AppError> {
    Ok(state.engine()?.connection_states().current())
}

/// Tries again to open the store that could not be opened at start; once it opens, the
/// accounts start syncing as they would have. Opening waits on the keyring and the store's
/// file: on the blocking pool, like the engine calls.
#[tauri::command]
pub async fn reopen_store(app: AppHandle) -> Result<(), AppError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        if state.reopen()? {
            crate::sync::start_background(app.clone(), state.engine()?);
        }
        Ok(())
    })
    .await
    .map_err(|err| AppError::from(EngineError::Internal(format!("reopening the store stopped: {err}"))))?
}

#[tauri::command]
pub async fn sync_now(app: AppHandle, state: State<'_, AppState>) -> Result<Vec<SyncReport>, AppError> {
    let engine = state.engine()?;
    let progress = progress_emitter(app);
    Ok(engine.sync(None, &progress).await?)
}
