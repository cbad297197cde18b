//! "Gérer mon compte": accounts, signatures, read receipts and notifications.

use tauri::{AppHandle, State};

use medimail_engine::account_setup::AccountSetup;
use medimail_engine::api::{AccountInfo, AddAccount};
use medimail_engine::autoconfig::AutoConfig;
use medimail_engine::compose::Composition;
use medimail_engine::receipts::MdnPolicy;
use medimail_engine::signatures::{Signature, SignatureChange, SignatureContent};
use medimail_engine::window_layout::WindowLayout;
use medimail_engine::AppError;
use crate::sync::watch_account;
use super::on_engine;
use crate::AppState;

#[tauri::command]
pub async fn add_account(app: AppHandle, state: State<'_, AppState>, account: AccountSetup) -> Result<AccountInfo, AppError> {
    let engine = state.engine()?;
    let request = AddAccount::try_from(account)?;
    let info = engine.add_account(request).await?;
    // From now on it syncs like the others.
    watch_account(app, engine, info.email.clone());
    Ok(info)
}

/// The servers the DNS announces for an address, to fill the form as the user types.
#[tauri::command]
pub async fn autoconfig(state: State<'_, AppState>, address: String) -> Result<AutoConfig, AppError> {
    Ok(state.engine()?.autoconfig(&address).await?)
}

#[tauri::command]
pub async fn signatures(state: State<'_, AppState>, account: Option<String>) -> Result<Vec<Signature>, AppError> {
    on_engine(&state, move |engine| engine.signatures(account.as_deref())).await
}

#[tauri::command]
pub async fn create_signature(
    state: State<'_, AppState>,
    account: Option<String>,
    title: String,
    content: SignatureContent,
    is_default: bool,
) -> Result<Signature, AppError> {
    on_engine(&state, move |engine| engine.create_signature(account.as_deref(), &title, &content, is_default)).await
}

#[tauri::command]
pub async fn update_signature(state: State<'_, AppState>, id: i64, change: SignatureChange) -> Result<Signature, AppError> {
    on_engine(&state, move |engine| engine.update_signature(id, &change)).await
}

#[tauri::command]
pub async fn delete_signature(state: State<'_, AppState>, id: i64) -> Result<(), AppError> {
    on_engine(&state, move |engine| engine.delete_signature(id)).await
}

#[tauri::command]
pub async fn apply_signature(
    state: State<'_, AppState>,
    composition: Composition,
    previous: Option<i64>,
    next: Option<i64>,
) -> Result<Composition, AppError> {
    on_engine(&state, move |engine| engine.apply_signature(composition, previous, next)).await
}

#[tauri::command]
pub async fn mdn_policy(state: State<'_, AppState>) -> Result<MdnPolicy, AppError> {
    on_engine(&state, |engine| engine.mdn_policy()).await
}

#[tauri::command]
pub async fn set_mdn_policy(state: State<'_, AppState>, policy: MdnPolicy) -> Result<(), AppError> {
    on_engine(&state, move |engine| engine.set_mdn_policy(policy)).await
}

#[tauri::command]
pub async fn open_notifications(state: State<'_, AppState>) -> Result<bool, AppError> {
    on_engine(&state, |engine| engine.open_notifications()).await
}

#[tauri::command]
pub async fn set_open_notifications(state: State<'_, AppState>, enabled: bool) -> Result<(), AppError> {
    on_engine(&state, move |engine| engine.set_open_notifications(enabled)).await
}

/// The arrangement of the main window saved for this profile (read even when the store
/// cannot be opened).
#[tauri::command]
pub fn window_layout(state: State<'_, AppState>) -> WindowLayout {
    state.profile.window_layout()
}

#[tauri::command]
pub fn set_window_layout(state: State<'_, AppState>, layout: WindowLayout) -> Result<WindowLayout, AppError> {
    Ok(state.profile.set_window_layout(layout)?)
}

/// The page's language, for what the engine shows by itself (desktop notifications of the
/// background watch). The page keeps the choice; it says it at start and at each change.
#[tauri::command]
pub fn set_language(state: State<'_, AppState>, lang: String) -> Result<(), AppError> {
    state.engine()?.set_language(lang.parse()?);
    Ok(())
}
