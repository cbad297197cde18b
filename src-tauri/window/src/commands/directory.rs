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
use medimail_engine::directory::fhir::FhirSource;
use medimail_engine::directory::{DirectoryEntry, DirectoryInfo, DirectoryQuery};
use medimail_engine::{AppError, EngineError};

use super::on_engine;
use crate::AppState;

/// Rows read so far by an import or a download (`{ rows }`), for the progress bar.
pub const IMPORT_PROGRESS_EVENT: &str = "directory-import-progress";

#[tauri::command]
pub async fn directory_search(state: State<'_, AppState>, query: DirectoryQuery, limit: usize) -> Result<Vec<DirectoryEntry>, AppError> {
    on_engine(&state, move |engine| engine.search_directory(&query, limit.clamp(1, 1000))).await
}

#[tauri::command]
pub async fn directory_entry(state: State<'_, AppState>, address: String) -> Result<Option<DirectoryEntry>, AppError> {
    on_engine(&state, move |engine| engine.directory_entry(&address)).await
}

#[tauri::command]
pub async fn directory_info(state: State<'_, AppState>) -> Result<Option<DirectoryInfo>, AppError> {
    on_engine(&state, |engine| engine.directory_info()).await
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
pub async fn directory_favorites(state: State<'_, AppState>) -> Result<Vec<DirectoryFavorite>, AppError> {
    on_engine(&state, |engine| engine.directory_favorites()).await
}

#[tauri::command]
pub async fn add_directory_favorite(state: State<'_, AppState>, address: String) -> Result<DirectoryFavorite, AppError> {
    on_engine(&state, move |engine| engine.add_directory_favorite(&address)).await
}

#[tauri::command]
pub async fn remove_directory_favorite(state: State<'_, AppState>, address: String) -> Result<bool, AppError> {
    on_engine(&state, move |engine| engine.remove_directory_favorite(&address)).await
}

#[tauri::command]
pub async fn favorite_addresses(state: State<'_, AppState>, addresses: Vec<String>) -> Result<Vec<String>, AppError> {
    on_engine(&state, move |engine| engine.favorite_addresses(&addresses)).await
}

#[tauri::command]
pub async fn recipient_suggestions(state: State<'_, AppState>, text: String, limit: usize) -> Result<Vec<RecipientSuggestion>, AppError> {
    on_engine(&state, move |engine| engine.recipient_suggestions(&text, limit)).await
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

// ---- the Annuaire Santé FHIR API (online, optional) ---------------------------------------

/// Keeps the `ESANTE-API-KEY` in the system's keyring.
#[tauri::command]
pub async fn set_directory_api_key(state: State<'_, AppState>, key: String) -> Result<(), AppError> {
    let key = secrecy::SecretString::from(key);
    on_engine(&state, move |engine| engine.set_directory_api_key(&key)).await
}

#[tauri::command]
pub async fn forget_directory_api_key(state: State<'_, AppState>) -> Result<(), AppError> {
    on_engine(&state, |engine| engine.forget_directory_api_key()).await
}

/// Whether a key is kept (never the key itself).
#[tauri::command]
pub async fn directory_api_key_saved(state: State<'_, AppState>) -> Result<bool, AppError> {
    on_engine(&state, |engine| engine.has_directory_api_key()).await
}

/// "Rechercher aussi en ligne": the results shown (`found`) completed by the Annuaire Santé
/// API's, each address once. The API's address: `MEDIMAIL_FHIR_URL`, else the ANS gateway.
#[tauri::command]
pub async fn directory_search_online(
    state: State<'_, AppState>,
    query: DirectoryQuery,
    found: Vec<DirectoryEntry>,
    limit: usize,
) -> Result<Vec<DirectoryEntry>, AppError> {
    Ok(state.engine()?.add_online_results(&FhirSource::default(), &query, found, limit.clamp(1, 1000)).await?)
}
