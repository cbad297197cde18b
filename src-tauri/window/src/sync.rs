//! Background sync for the open window: one watcher per account (sync, then IDLE on the
//! INBOX), its progress forwarded to the UI as events.

use std::sync::Arc;

use tauri::{AppHandle, Emitter, Manager};

use medimail_engine::sync::{SyncPhase, SyncProgress};
use medimail_engine::{AppError, Engine};

pub const PROGRESS_EVENT: &str = "sync-progress";
pub const ERROR_EVENT: &str = "sync-error";
/// Changes made here that the server refused for good, undone: sentences (`Text`) to show.
pub const REFUSED_EVENT: &str = "sync-refused";
/// Something changed in the store (a pass ended, an action was planned): lists reload.
pub const CHANGED_EVENT: &str = "mailbox-changed";
/// The engine's contact with the servers changed (`ConnectionState`): the status bar.
pub const CONNECTION_EVENT: &str = "connection-changed";

pub fn progress_emitter(app: AppHandle) -> impl Fn(SyncProgress) + Send + Sync {
    move |progress| {
        let done = progress.phase == SyncPhase::Done;
        let _ = app.emit(PROGRESS_EVENT, progress);
        if done {
            let _ = app.emit(CHANGED_EVENT, ());
            // The tray's unread count follows each pass.
            if let Ok(engine) = app.state::<crate::AppState>().engine() {
                crate::background::refresh_tray(&app, &engine);
            }
        }
    }
}

pub fn start_background(app: AppHandle, engine: Arc<Engine>) {
    forward_connection_changes(app.clone(), &engine);
    crate::commands::sign_in::forward_card_phase(app.clone(), &engine);
    let accounts = match engine.accounts() {
        Ok(accounts) => accounts,
        Err(err) => {
            let _ = app.emit(ERROR_EVENT, AppError::from(err));
            return;
        }
    };
    // Pro Santé Connect sessions the keyring keeps come back first (ECO.1.2.7).
    tauri::async_runtime::spawn(async move {
        if let Err(err) = engine.resume_psc_sessions().await {
            tracing::info!(code = ?err.code(), "PSC sessions could not be resumed");
        }
        for account in accounts {
            watch_account(app.clone(), engine.clone(), account.email);
        }
    });
}

/// Keeps one account in step with its server for as long as the window is open.
pub fn watch_account(app: AppHandle, engine: Arc<Engine>, email: String) {
    {
        tauri::async_runtime::spawn(async move {
            let progress = progress_emitter(app.clone());
            let errors = app.clone();
            let on_error = move |err: &medimail_engine::EngineError| {
                tracing::warn!(code = ?err.code(), "background sync failed; retrying later");
                let _ = errors.emit(ERROR_EVENT, AppError::from(err));
            };
            let refusals = app.clone();
            let on_refused = move |texts: &[medimail_engine::Text]| {
                let _ = refusals.emit(REFUSED_EVENT, texts.to_vec());
            };
            let keep_going = || true;
            if let Err(err) = engine.watch(&email, &progress, &on_error, &on_refused, &keep_going).await {
                on_error(&err);
            }
        });
    }
}

fn forward_connection_changes(app: AppHandle, engine: &Engine) {
    let mut changes = engine.connection_states().subscribe();
    tauri::async_runtime::spawn(async move {
        while changes.changed().await.is_ok() {
            let state = *changes.borrow_and_update();
            let _ = app.emit(CONNECTION_EVENT, state);
        }
    });
}
