//! The window's lock (issue 16): its state and delay, "Verrouiller", and unlocking with a
//! password (the card's PIN unlocks through `sign_in_with_card`). The page tells when it
//! has been unused; the engine refuses to read mail while locked.

use secrecy::SecretString;
use tauri::State;

use medimail_engine::api::SessionLock;
use medimail_engine::AppError;

use super::on_engine;
use crate::AppState;

#[tauri::command]
pub async fn session_lock(state: State<'_, AppState>) -> Result<SessionLock, AppError> {
    on_engine(&state, |engine| engine.session_lock()).await
}

#[tauri::command]
pub async fn set_lock_after_minutes(state: State<'_, AppState>, minutes: Option<u32>) -> Result<SessionLock, AppError> {
    on_engine(&state, move |engine| engine.set_lock_after_minutes(minutes)).await
}

#[tauri::command]
pub async fn lock_session(state: State<'_, AppState>) -> Result<SessionLock, AppError> {
    on_engine(&state, |engine| engine.lock_session()).await
}

#[tauri::command]
pub async fn unlock_session_with_password(state: State<'_, AppState>, email: String, password: String) -> Result<(), AppError> {
    let password = SecretString::from(password);
    on_engine(&state, move |engine| engine.unlock_session_with_password(&email, &password)).await
}
