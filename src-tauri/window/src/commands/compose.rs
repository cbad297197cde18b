//! Writing: new messages, the sending rules, sending, the outbox, drafts. (The recipient
//! fields' suggestions are the directory's: `commands::directory::recipient_suggestions`.)

use tauri::{AppHandle, Emitter, State};

use medimail_engine::compose::{ComposeMode, Composition, ExplainedProblem};
use medimail_engine::drafts::{Draft, DraftInfo};
use medimail_engine::store::OutboxEntry;
use medimail_engine::AppError;
use crate::sync::CHANGED_EVENT;
use crate::AppState;

#[tauri::command]
pub fn new_composition(state: State<'_, AppState>, account: Option<String>, mode: ComposeMode) -> Result<Draft, AppError> {
    Ok(state.engine()?.new_composition(account.as_deref(), mode)?)
}

#[tauri::command]
pub fn check_composition(
    state: State<'_, AppState>,
    account: Option<String>,
    composition: Composition,
) -> Result<Vec<ExplainedProblem>, AppError> {
    Ok(state.engine()?.check_composition(account.as_deref(), composition)?)
}

#[tauri::command]
pub async fn send_message(
    app: AppHandle,
    state: State<'_, AppState>,
    account: Option<String>,
    composition: Composition,
) -> Result<OutboxEntry, AppError> {
    let entry = state.engine()?.send(account.as_deref(), composition).await?;
    let _ = app.emit(CHANGED_EVENT, ());
    Ok(entry)
}

#[tauri::command]
pub fn outbox(state: State<'_, AppState>) -> Result<Vec<OutboxEntry>, AppError> {
    Ok(state.engine()?.outbox(None)?)
}

#[tauri::command]
pub fn resend(state: State<'_, AppState>, id: i64) -> Result<OutboxEntry, AppError> {
    Ok(state.engine()?.resend(id)?)
}

/// The saved copy is listed in "Brouillons" at once (even offline): the list is told.
#[tauri::command]
pub fn save_draft(
    app: AppHandle,
    state: State<'_, AppState>,
    account: Option<String>,
    draft_id: Option<i64>,
    composition: Composition,
    signature_id: Option<i64>,
) -> Result<DraftInfo, AppError> {
    let info = state.engine()?.save_draft(account.as_deref(), draft_id, composition, signature_id)?;
    let _ = app.emit(CHANGED_EVENT, ());
    Ok(info)
}

#[tauri::command]
pub fn drafts(state: State<'_, AppState>) -> Result<Vec<DraftInfo>, AppError> {
    Ok(state.engine()?.drafts(None)?)
}

#[tauri::command]
pub fn open_draft(state: State<'_, AppState>, id: i64) -> Result<Draft, AppError> {
    Ok(state.engine()?.open_draft(id)?)
}

#[tauri::command]
pub fn open_server_draft(state: State<'_, AppState>, message_id: i64) -> Result<Draft, AppError> {
    Ok(state.engine()?.open_server_draft(message_id)?)
}

#[tauri::command]
pub fn delete_draft(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<(), AppError> {
    state.engine()?.delete_draft(id)?;
    let _ = app.emit(CHANGED_EVENT, ());
    Ok(())
}

#[tauri::command]
pub async fn send_draft(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<OutboxEntry, AppError> {
    let entry = state.engine()?.send_draft(id).await?;
    let _ = app.emit(CHANGED_EVENT, ());
    Ok(entry)
}
