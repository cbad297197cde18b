//! Several accounts and organisational mailboxes: the boxes the server shares with the
//! accounts here, opening one with the member's sign-in, who may open it (IMAP ACL), the
//! default account and the arrival notice to the sign-in account.

use tauri::{AppHandle, State};

use medimail_engine::api::{AccountInfo, SharedAccess, SharedMailbox};
use medimail_engine::AppError;

use super::on_engine;
use crate::AppState;

#[tauri::command]
pub async fn shared_mailboxes(state: State<'_, AppState>, account: Option<String>) -> Result<Vec<SharedMailbox>, AppError> {
    Ok(state.engine()?.shared_mailboxes(account.as_deref()).await?)
}

#[tauri::command]
pub async fn open_shared_mailbox(
    app: AppHandle,
    state: State<'_, AppState>,
    through: Option<String>,
    mailbox: String,
) -> Result<AccountInfo, AppError> {
    let engine = state.engine()?;
    let info = engine.open_shared_mailbox(through.as_deref(), &mailbox).await?;
    // From now on it syncs like the other accounts.
    crate::sync::watch_account(app, engine, info.email.clone());
    Ok(info)
}

#[tauri::command]
pub async fn shared_access(state: State<'_, AppState>, mailbox: String) -> Result<SharedAccess, AppError> {
    Ok(state.engine()?.shared_access(&mailbox).await?)
}

#[tauri::command]
pub async fn grant_shared(state: State<'_, AppState>, mailbox: String, addresses: String) -> Result<SharedAccess, AppError> {
    Ok(state.engine()?.grant_shared(&mailbox, &addresses).await?)
}

#[tauri::command]
pub async fn revoke_shared(state: State<'_, AppState>, mailbox: String, address: String) -> Result<SharedAccess, AppError> {
    Ok(state.engine()?.revoke_shared(&mailbox, &address).await?)
}

#[tauri::command]
pub async fn set_default_account(state: State<'_, AppState>, email: String) -> Result<AccountInfo, AppError> {
    on_engine(&state, move |engine| engine.set_default_account(&email)).await
}

#[tauri::command]
pub async fn set_notify_to_sign_in(state: State<'_, AppState>, email: String, on: bool) -> Result<AccountInfo, AppError> {
    on_engine(&state, move |engine| engine.set_notify_to_sign_in(&email, on)).await
}

#[tauri::command]
pub async fn set_trust_igc_sante(state: State<'_, AppState>, email: String, on: bool) -> Result<AccountInfo, AppError> {
    on_engine(&state, move |engine| engine.set_trust_igc_sante(&email, on)).await
}
