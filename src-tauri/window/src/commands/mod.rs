//! One-line adapters from the UI to the engine. Errors cross as `AppError` (a code the UI
//! maps to a sentence).

pub mod compose;
pub mod devices;
pub mod directory_download;
pub mod directory;
pub mod mail;
pub mod notifications;
pub mod own_entry;
pub mod shared_mailboxes;
pub mod reading;
pub mod settings;
pub mod sieve;
pub mod sign_in;

use tauri::{AppHandle, State};

use super::{sync::progress_emitter, AppState};
use medimail_engine::api::AccountInfo;
use medimail_engine::sync::SyncReport;
use medimail_engine::types::{ConnectionState, Folder, ListQuery, MessageSummary, Presence};
use medimail_engine::{AppError, AppInfo};

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    Ok(AppInfo::new(&state.profile))
}

#[tauri::command]
pub fn accounts(state: State<'_, AppState>) -> Result<Vec<AccountInfo>, AppError> {
    Ok(state.engine()?.accounts()?)
}

#[tauri::command]
pub fn folders(state: State<'_, AppState>, account: Option<String>) -> Result<Vec<Folder>, AppError> {
    Ok(state.engine()?.folders(account.as_deref())?)
}

#[tauri::command]
pub fn list_messages(state: State<'_, AppState>, query: ListQuery) -> Result<Vec<MessageSummary>, AppError> {
    Ok(state.engine()?.list(&query)?)
}

#[tauri::command]
pub fn search_messages(
    state: State<'_, AppState>,
    text: String,
    account: Option<String>,
    limit: u32,
) -> Result<Vec<MessageSummary>, AppError> {
    Ok(state.engine()?.search(&text, account.as_deref(), Presence::All, limit)?)
}

/// The contact with the servers as the engine last saw it; a page that loads after the
/// first pass learns it here rather than from events it was not yet listening to.
#[tauri::command]
pub fn connection_state(state: State<'_, AppState>) -> Result<ConnectionState, AppError> {
    Ok(state.engine()?.connection_states().current())
}

/// Tries again to open the store that could not be opened at start; once it opens, the
/// accounts start syncing as they would have.
#[tauri::command]
pub fn reopen_store(app: AppHandle, state: State<'_, AppState>) -> Result<(), AppError> {
    if state.reopen()? {
        crate::sync::start_background(app, state.engine()?);
    }
    Ok(())
}

#[tauri::command]
pub async fn sync_now(app: AppHandle, state: State<'_, AppState>) -> Result<Vec<SyncReport>, AppError> {
    let engine = state.engine()?;
    let progress = progress_emitter(app);
    Ok(engine.sync(None, &progress).await?)
}
