//! Writing: new messages, the sending rules, sending, the outbox, drafts. (The recipient
//! fields' suggestions are the directory's: `commands::directory::recipient_suggestions`.)

use tauri::{AppHandle, Emitter, State};

use medimail_engine::compose::{ComposeMode, Composition, ExplainedProblem};
use medimail_engine::drafts::{Draft, DraftInfo};
use medimail_engine::store::OutboxEntry;
use medimail_engine::AppError;
use crate::sync::CHANGED_EVENT;
use super::on_engine;
use crate::AppState;

#[tauri::command]
pub async fn new_composition(state: State<'_, AppState>, account: Option<String>, mode: ComposeMode) -> Result<Draft, AppError> {
    on_engine(&state, move |engine| engine.new_composition(account.as_deref(), mode)).await
}

#[tauri::command]
pub async fn check_composition(
    state: State<'_, AppState>,
    account: Option<String>,
    composition: Composition,
) -> Result<Vec<ExplainedProblem>, AppError> {
    on_engine(&state, move |engine| engine.check_composition(account.as_deref(), composition)).await
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
pub async fn outbox(state: State<'_, AppState>) -> Result<Vec<OutboxEntry>, AppError> {
    on_engine(&state, |engine| engine.outbox(None)).await
}

#[tauri::command]
pub async fn resend(state: State<'_, AppState>, id: i64) -> Result<OutboxEntry, AppError> {
    on_engine(&state, move |engine| engine.resend(id)).await
}

/// The saved copy is listed in "Brouillons" at once (even offline): the list is told.
#[tauri::command]
pub async fn save_draft(
    app: AppHandle,
    state: State<'_, AppState>,
    account: Option<String>,
    draft_id: Option<i64>,
    composition: Composition,
    signature_id: Option<i64>,
) -> Result<DraftInfo, AppError> {
    let info = on_engine(&state, move |engine| engine.save_draft(account.as_deref(), draft_id, composition, signature_id)).await?;
    let _ = app.emit(CHANGED_EVENT, ());
    Ok(info)
}

#[tauri::command]
pub async fn drafts(state: State<'_, AppState>) -> Result<Vec<DraftInfo>, AppError> {
    on_engine(&state, |engine| engine.drafts(None)).await
}

#[tauri::command]
pub async fn open_draft(state: State<'_, AppState>, id: i64) -> Result<Draft, AppError> {
    on_engine(&state, move |engine| engine.open_draft(id)).await
}

#[tauri::command]
pub async fn open_server_draft(state: State<'_, AppState>, message_id: i64) -> Result<Draft, AppError> {
    on_engine(&state, move |engine| engine.open_server_draft(message_id)).await
}

#[tauri::command]
pub async fn delete_draft(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<(), AppError> {
    on_engine(&state, move |engine| engine.delete_draft(id)).await?;
    let _ = app.emit(CHANGED_EVENT, ());
    Ok(())
}

#[tauri::command]
pub async fn send_draft(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<OutboxEntry, AppError> {
    let entry = state.engine()?.send_draft(id).await?;
    let _ = app.emit(CHANGED_EVENT, ());
    Ok(entry)
}
