//! "Mon compte" in the operator's directory: one's own entry (Informations personnelles,
//! Activité, visibility, Dématérialisation), and the organisational mailboxes a person may
//! use ("Voir la fiche contact").

use tauri::State;

use medimail_engine::directory::operator::{OwnEntry, OwnEntryChanges};
use medimail_engine::directory::DirectoryEntry;
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

#[tauri::command]
pub async fn linked_mailboxes(state: State<'_, AppState>, account: Option<String>, address: String) -> Result<Vec<DirectoryEntry>, AppError> {
    Ok(state.engine()?.linked_mailboxes(account.as_deref(), &address).await?)
}
