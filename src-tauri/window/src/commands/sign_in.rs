//! Signing in and out: the CPS card (its status and PIN), a password account's password,
//! and "Se déconnecter". The card's phase reaches the page as `card-phase` events.

use secrecy::SecretString;
use tauri::{AppHandle, Emitter, State};

use medimail_engine::api::AccountInfo;
use medimail_engine::card::{CardStatus, Holder};
use medimail_engine::sign_in::CardPhase;
use medimail_engine::AppError;

use crate::AppState;

/// The card's phase changed (`CardPhase`): the window asks for the card again when locked.
pub const CARD_PHASE_EVENT: &str = "card-phase";

#[tauri::command]
pub async fn card_status(state: State<'_, AppState>) -> Result<CardStatus, AppError> {
    let engine = state.engine()?;
    tauri::async_runtime::spawn_blocking(move || engine.card_status())
        .await
        .map_err(|e| AppError::from(medimail_engine::EngineError::Internal(format!("card status: {e}"))))
}

#[tauri::command]
pub async fn sign_in_with_card(state: State<'_, AppState>, pin: String) -> Result<Holder, AppError> {
    Ok(state.engine()?.sign_in_with_card(SecretString::from(pin)).await?)
}

#[tauri::command]
pub fn sign_in_with_password(state: State<'_, AppState>, email: String, password: String) -> Result<(), AppError> {
    Ok(state.engine()?.sign_in_with_password(&email, &SecretString::from(password))?)
}

#[tauri::command]
pub fn card_phase(state: State<'_, AppState>) -> Result<CardPhase, AppError> {
    Ok(state.engine()?.card_phase().now())
}

#[tauri::command]
pub fn signed_out(state: State<'_, AppState>) -> Result<bool, AppError> {
    Ok(state.engine()?.is_signed_out())
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Result<(), AppError> {
    state.engine()?.sign_out().await;
    Ok(())
}

/// Forwards the card's phase to the page for as long as the window is open.
pub fn forward_card_phase(app: AppHandle, engine: &medimail_engine::Engine) {
    let mut phases = engine.card_phase();
    tauri::async_runtime::spawn(async move {
        while let Some(phase) = phases.changed().await {
            let _ = app.emit(CARD_PHASE_EVENT, phase);
        }
    });
}

#[tauri::command]
pub async fn associate_card(state: State<'_, AppState>, email: String, pin: String) -> Result<AccountInfo, AppError> {
    Ok(state.engine()?.associate_card(&email, SecretString::from(pin)).await?)
}

#[tauri::command]
pub async fn dissociate_card(state: State<'_, AppState>, email: String, password: String) -> Result<AccountInfo, AppError> {
    Ok(state.engine()?.dissociate_card(&email, SecretString::from(password)).await?)
}
