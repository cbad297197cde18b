//! "Réponse automatique" and "Transferts automatiques": the rules kept on the mail server
//! (Sieve, through ManageSieve), read and written with the account's own sign-in.

use tauri::State;

use medimail_engine::sieve::{AutoReply, SieveSettings};
use medimail_engine::AppError;

use crate::AppState;

#[tauri::command]
pub async fn sieve_settings(state: State<'_, AppState>, account: Option<String>) -> Result<SieveSettings, AppError> {
    Ok(state.engine()?.sieve_settings(account.as_deref()).await?)
}

#[tauri::command]
pub async fn set_auto_reply(state: State<'_, AppState>, account: Option<String>, reply: AutoReply) -> Result<SieveSettings, AppError> {
    Ok(state.engine()?.set_auto_reply(account.as_deref(), &reply).await?)
}

#[tauri::command]
pub async fn add_forward(state: State<'_, AppState>, account: Option<String>, address: String) -> Result<SieveSettings, AppError> {
    Ok(state.engine()?.add_forward(account.as_deref(), &address).await?)
}

#[tauri::command]
pub async fn remove_forward(state: State<'_, AppState>, account: Option<String>, address: String) -> Result<SieveSettings, AppError> {
    Ok(state.engine()?.remove_forward(account.as_deref(), &address).await?)
}
