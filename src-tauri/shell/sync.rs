//! Background sync for the open window: one watcher per account (sync, then IDLE on the
//! INBOX), its progress forwarded to the UI as events.

use std::sync::Arc;

use tauri::{AppHandle, Emitter};

use crate::engine::sync::SyncProgress;
use crate::engine::{AppError, Engine};

pub const PROGRESS_EVENT: &str = "sync-progress";
pub const ERROR_EVENT: &str = "sync-error";

pub fn progress_emitter(app: AppHandle) -> impl Fn(SyncProgress) + Send + Sync {
    move |progress| {
        let _ = app.emit(PROGRESS_EVENT, progress);
    }
}

pub fn start_background(app: AppHandle, engine: Arc<Engine>) {
    let accounts = match engine.accounts() {
        Ok(accounts) => accounts,
        Err(err) => {
            let _ = app.emit(ERROR_EVENT, AppError::from(err));
            return;
        }
    };
    for account in accounts {
        let app = app.clone();
        let engine = engine.clone();
        tauri::async_runtime::spawn(async move {
            let progress = progress_emitter(app.clone());
            let errors = app.clone();
            let on_error = move |err: &crate::engine::EngineError| {
                tracing::warn!(code = ?err.code(), "background sync failed; retrying later");
                let _ = errors.emit(ERROR_EVENT, AppError { code: err.code(), message: err.to_string() });
            };
            let keep_going = || true;
            if let Err(err) = engine.watch(&account.email, &progress, &on_error, &keep_going).await {
                on_error(&err);
            }
        });
    }
}
