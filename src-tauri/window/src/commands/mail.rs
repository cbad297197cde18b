//! Message and folder actions. Each is planned in the store at once and applied to the
//! server by the background sync, so they work offline too.

use tauri::{AppHandle, Emitter, State};

use medimail_engine::types::{FlagColor, Folder};
use medimail_engine::AppError;
use crate::sync::CHANGED_EVENT;
use super::on_engine;
use crate::AppState;

/// The lists reload after any change, in this window and the next pass alike.
fn changed<T>(app: &AppHandle, value: T) -> Result<T, AppError> {
    let _ = app.emit(CHANGED_EVENT, ());
    Ok(value)
}

#[tauri::command]
pub async fn move_messages(app: AppHandle, state: State<'_, AppState>, ids: Vec<i64>, folder: String) -> Result<usize, AppError> {
    changed(&app, on_engine(&state, move |engine| engine.move_messages(&ids, &folder)).await?)
}

#[tauri::command]
pub async fn delete_messages(app: AppHandle, state: State<'_, AppState>, ids: Vec<i64>) -> Result<usize, AppError> {
    changed(&app, on_engine(&state, move |engine| engine.delete_messages(&ids)).await?)
}

#[tauri::command]
pub async fn restore_messages(app: AppHandle, state: State<'_, AppState>, ids: Vec<i64>) -> Result<usize, AppError> {
    changed(&app, on_engine(&state, move |engine| engine.restore_messages(&ids)).await?)
}

#[tauri::command]
pub async fn purge_messages(app: AppHandle, state: State<'_, AppState>, ids: Vec<i64>) -> Result<usize, AppError> {
    changed(&app, on_engine(&state, move |engine| engine.purge_messages(&ids)).await?)
}

#[tauri::command]
pub async fn mark_read(app: AppHandle, state: State<'_, AppState>, ids: Vec<i64>, read: bool) -> Result<usize, AppError> {
    changed(&app, on_engine(&state, move |engine| engine.mark_read(&ids, read)).await?)
}

#[tauri::command]
pub async fn set_flag(app: AppHandle, state: State<'_, AppState>, ids: Vec<i64>, color: Option<FlagColor>) -> Result<usize, AppError> {
    changed(&app, on_engine(&state, move |engine| engine.set_flag(&ids, color)).await?)
}

#[tauri::command]
pub async fn create_folder(app: AppHandle, state: State<'_, AppState>, account: Option<String>, name: String) -> Result<Folder, AppError> {
    changed(&app, on_engine(&state, move |engine| engine.create_folder(account.as_deref(), &name)).await?)
}

#[tauri::command]
pub async fn rename_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    account: Option<String>,
    name: String,
    new_name: String,
) -> Result<Folder, AppError> {
    changed(&app, on_engine(&state, move |engine| engine.rename_folder(account.as_deref(), &name, &new_name)).await?)
}

#[tauri::command]
pub async fn delete_folder(app: AppHandle, state: State<'_, AppState>, account: Option<String>, name: String) -> Result<usize, AppError> {
    changed(&app, on_engine(&state, move |engine| engine.delete_folder(account.as_deref(), &name)).await?)
}
