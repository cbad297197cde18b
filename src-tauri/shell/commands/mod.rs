//! One-line adapters from the UI to the engine. Errors cross as `AppError` (a code the UI
//! maps to a sentence).

pub mod compose;
pub mod mail;
pub mod reading;
pub mod settings;

use tauri::{AppHandle, State};

use super::{sync::progress_emitter, AppState};
use crate::engine::api::AccountInfo;
use crate::engine::sync::SyncReport;
use crate::engine::types::{Folder, ListQuery, MessageSummary, Presence};
use crate::engine::{AppError, AppInfo};

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

#[tauri::command]
pub async fn sync_now(app: AppHandle, state: State<'_, AppState>) -> Result<Vec<SyncReport>, AppError> {
    let engine = state.engine()?;
    let progress = progress_emitter(app);
    Ok(engine.sync(None, &progress).await?)
}
