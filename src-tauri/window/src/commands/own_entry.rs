//! One's own entry in the operator's directory ("Mon compte": Informations personnelles,
//! Activité, visibility, Dématérialisation), read and written as oneself.

use tauri::State;

use medimail_engine::directory::operator::{OwnEntry, OwnEntryChanges};
use medimail_engine::AppError;

use crate::AppState;

#[tauri::command]
pub async fn own_entry(state: State<'_, AppState>, account: Option<String>) -> Result<OwnEntry, AppError> {
    Ok(state.engine()?.own_entry(account.as_deref()).await?)
}

#[tauri::command]
pub async fn save_own_entry(state: State<'_, AppState>, account: Option<String>, changes: OwnEntryChanges) -> Result<OwnEntry, AppError> {
    Ok(state.engine()?.save_own_entry(account.as_deref(), &changes).await?)
}
