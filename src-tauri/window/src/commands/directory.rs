//! The Annuaire: searching the national directory, one mailbox's fiche, importing an
//! extraction chosen in the system's file dialog, favourites, and the recipient fields'
//! suggestions, and the search and fiche with the operator's directory merged in. One-line
//! adapters to the engine, plus the dialog (only the window has one).

use std::path::PathBuf;

use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use medimail_engine::api::{DirectoryCard, DirectorySearch};
use medimail_engine::directory::favorites::DirectoryFavorite;
use medimail_engine::directory::national::import::ImportProgress;
use medimail_engine::directory::national::ImportSummary;
use medimail_engine::directory::suggestions::RecipientSuggestion;
use medimail_engine::directory::{DirectoryEntry, DirectoryInfo, DirectoryQuery};
use medimail_engine::{AppError, EngineError};

use crate::AppState;

/// Rows read so far by an import or a download (`{ rows }`), for the progress bar.
pub const IMPORT_PROGRESS_EVENT: &str = "directory-import-progress";

#[tauri::command]
pub fn directory_search(state: State<'_, AppState>, query: DirectoryQuery, limit: usize) -> Result<Vec<DirectoryEntry>, AppError> {
    Ok(state.engine()?.search_directory(&query, limit.clamp(1, 1000))?)
}

#[tauri::command]
pub fn directory_entry(state: State<'_, AppState>, address: String) -> Result<Option<DirectoryEntry>, AppError> {
    Ok(state.engine()?.directory_entry(&address)?)
}

#[tauri::command]
pub fn directory_info(state: State<'_, AppState>) -> Result<Option<DirectoryInfo>, AppError> {
    Ok(state.engine()?.directory_info()?)
}

/// "Importer un fichier…": asks for the extraction (ZIP or .txt), then imports it off the
/// UI thread, telling the rows read. None when the user cancelled.
#[tauri::command]
pub async fn directory_import(app: AppHandle, state: State<'_, AppState>) -> Result<Option<ImportSummary>, AppError> {
    let engine = state.engine()?;
    let Some(path) = ask_extraction(&app).await? else { return Ok(None) };
    let summary = tauri::async_runtime::spawn_blocking(move || {
        let mut progress = |rows: u64| {
            let _ = app.emit(IMPORT_PROGRESS_EVENT, ImportProgress { rows });
        };
        engine.import_national_directory(&path, &mut progress)
    })
    .await
    .map_err(|err| AppError::from(EngineError::Internal(format!("the directory import stopped: {err}"))))??;
    Ok(Some(summary))
}

#[tauri::command]
pub fn directory_favorites(state: State<'_, AppState>) -> Result<Vec<DirectoryFavorite>, AppError> {
    Ok(state.engine()?.directory_favorites()?)
}

#[tauri::command]
pub fn add_directory_favorite(state: State<'_, AppState>, address: String) -> Result<DirectoryFavorite, AppError> {
    Ok(state.engine()?.add_directory_favorite(&address)?)
}

#[tauri::command]
pub fn remove_directory_favorite(state: State<'_, AppState>, address: String) -> Result<bool, AppError> {
    Ok(state.engine()?.remove_directory_favorite(&address)?)
}

#[tauri::command]
pub fn favorite_addresses(state: State<'_, AppState>, addresses: Vec<String>) -> Result<Vec<String>, AppError> {
    Ok(state.engine()?.favorite_addresses(&addresses)?)
}

#[tauri::command]
pub fn recipient_suggestions(state: State<'_, AppState>, text: String, limit: usize) -> Result<Vec<RecipientSuggestion>, AppError> {
    Ok(state.engine()?.recipient_suggestions(&text, limit)?)
}

// The blocking dialog waits on the UI thread's event loop: it runs on a blocking worker.
async fn ask_extraction<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>, AppError> {
    let app = app.clone();
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let mut dialog = app.dialog().file().add_filter("Annuaire Santé", &["zip", "txt"]);
        if let Some(window) = app.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        dialog.blocking_pick_file()
    })
    .await
    .map_err(|err| AppError::from(EngineError::Internal(format!("the file dialog failed: {err}"))))?;
    picked.map(|path| path.into_path().map_err(|err| EngineError::InvalidInput(format!("not a local file: {err}")).into())).transpose()
}

// ---- with the operator's directory (LDAP) ------------------------------------------------

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
