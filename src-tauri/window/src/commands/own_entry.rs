//! The operator's directory: one's own entry ("Mon compte": Informations personnelles,
//! Activité, visibility, Dématérialisation), the organisational mailboxes a person may use,
//! and the directory search and card with the operator's results merged in.

use tauri::State;

use medimail_engine::directory::operator::{OwnEntry, OwnEntryChanges};
use medimail_engine::api::{DirectoryCard, DirectorySearch};
use medimail_engine::directory::{DirectoryEntry, DirectoryQuery};
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

/// The national directory's results merged with the operator's (each address once); the
/// national ones alone, with `operator` saying why, when the operator cannot be asked in time.
#[tauri::command]
pub async fn search_directory_with_operator(
    state: State<'_, AppState>,
    account: Option<String>,
    query: DirectoryQuery,
    limit: usize,
) -> Result<DirectorySearch, AppError> {
    Ok(state.engine()?.search_directory_with_operator(account.as_deref(), &query, limit).await?)
}

/// "Voir la fiche contact" with the operator's directory: the entry and the organisational
/// mailboxes the person may use.
#[tauri::command]
pub async fn directory_card(state: State<'_, AppState>, account: Option<String>, address: String) -> Result<DirectoryCard, AppError> {
    Ok(state.engine()?.directory_card(account.as_deref(), &address).await?)
}
