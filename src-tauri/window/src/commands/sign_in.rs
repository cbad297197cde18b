//! Signing in and out: the CPS card (its status and PIN), a password account's password,
//! and "Se déconnecter". The card's phase reaches the page as `card-phase` events.

use secrecy::SecretString;
use tauri::{AppHandle, Emitter, State};

use medimail_engine::api::AccountInfo;
use medimail_engine::card::{CardStatus, Holder};
use medimail_engine::psc::CibaStarted;
use medimail_engine::sign_in::CardPhase;
use medimail_engine::{AppError, Engine, EngineError};

use super::on_engine;
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
pub async fn sign_in_with_password(state: State<'_, AppState>, email: String, password: String) -> Result<(), AppError> {
    let password = SecretString::from(password);
    on_engine(&state, move |engine| engine.sign_in_with_password(&email, &password)).await
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

/// The e-CPS sign-in waiting for the practitioner's approval in the mobile app, and the
/// user's "Annuler" (CIBA has no cancel at the provider: the app stops waiting and forgets it).
#[derive(Default)]
pub struct PendingCiba {
    pending: tauri::async_runtime::Mutex<Option<medimail_engine::psc::CibaPending>>,
    cancelled: tokio::sync::Notify,
}

/// "Se connecter avec e-CPS": asks the app of `identifier` to approve; the code to check.
#[tauri::command]
pub async fn psc_ciba_start(state: State<'_, AppState>, pending: State<'_, PendingCiba>, identifier: String) -> Result<CibaStarted, AppError> {
    let engine = state.engine()?;
    let client = engine.psc_client(&Engine::default_psc_provider(), None).await?;
    let started = client.start_ciba(identifier.trim()).await?;
    let binding_message = started.binding_message().to_owned();
    *pending.pending.lock().await = Some(started);
    Ok(CibaStarted { binding_message })
}

/// Waits for the approval on the phone, then signs in (or adds) the practitioner's account;
/// `email`: this account only (the locked window's), refused if another practitioner approved.
#[tauri::command]
pub async fn psc_ciba_wait(app: AppHandle, state: State<'_, AppState>, pending: State<'_, PendingCiba>, email: Option<String>) -> Result<AccountInfo, AppError> {
    let engine = state.engine()?;
    let started = pending.pending.lock().await.take().ok_or_else(|| AppError::from(EngineError::InvalidInput("no e-CPS sign-in is waiting".into())))?;
    let session = tokio::select! {
        session = started.wait() => session?,
        () = pending.cancelled.notified() => return Err(EngineError::PscDenied.into()),
    };
    let signed_in = engine.signed_in_with_psc(Engine::default_psc_provider(), session, email.as_deref(), None).await?;
    if signed_in.added {
        crate::sync::watch_account(app, engine, signed_in.account.email.clone());
    }
    Ok(signed_in.account)
}

/// "Annuler" while the e-CPS app has not answered.
#[tauri::command]
pub async fn psc_ciba_cancel(pending: State<'_, PendingCiba>) -> Result<(), AppError> {
    pending.pending.lock().await.take();
    pending.cancelled.notify_waiters();
    Ok(())
}

/// Signs in with Pro Santé Connect in the system browser (`email`: the account, or the
/// address of a new one; none: the account bound to the practitioner, or PSC's address).
#[tauri::command]
pub async fn psc_sign_in_browser(app: AppHandle, state: State<'_, AppState>, email: Option<String>) -> Result<AccountInfo, AppError> {
    use tauri_plugin_opener::OpenerExt;
    let engine = state.engine()?;
    let provider = Engine::default_psc_provider();
    let client = engine.psc_client(&provider, None).await?;
    let opener = app.clone();
    let session = client
        .sign_in_browser(move |url| {
            opener
                .opener()
                .open_url(url.as_str(), None::<&str>)
                .map_err(|e| EngineError::Internal(format!("the browser could not be opened: {e}")))
        })
        .await?;
    let signed_in = engine.signed_in_with_psc(provider, session, email.as_deref(), None).await?;
    if signed_in.added {
        crate::sync::watch_account(app, engine, signed_in.account.email.clone());
    }
    Ok(signed_in.account)
}
