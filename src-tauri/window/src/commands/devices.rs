//! "Appareils": the installations of the app that use an account, revoking one, and
//! signing in to an account again after this one was revoked.

use secrecy::SecretString;
use tauri::State;

use medimail_engine::api::AccountInfo;
use medimail_engine::devices::Devices;
use medimail_engine::AppError;

use crate::AppState;

#[tauri::command]
pub async fn devices(state: State<'_, AppState>, account: Option<String>) -> Result<Devices, AppError> {
    Ok(state.engine()?.devices(account.as_deref()).await?)
}

#[tauri::command]
pub async fn revoke_device(state: State<'_, AppState>, account: Option<String>, id: String) -> Result<Devices, AppError> {
    Ok(state.engine()?.revoke_device(account.as_deref(), &id).await?)
}

#[tauri::command]
pub async fn reconnect_with_password(state: State<'_, AppState>, email: String, password: String) -> Result<AccountInfo, AppError> {
    Ok(state.engine()?.reconnect_with_password(&email, SecretString::from(password)).await?)
}
