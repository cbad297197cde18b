//! "Notifications" in "Gérer mon compte": desktop notifications of new mail, the daily
//! digest, start at login; and the message a clicked notification opens.

use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;

use medimail_engine::notify::{NotificationSettings, OpenTarget};
use medimail_engine::{AppError, EngineError};
use crate::background::PendingOpen;
use super::on_engine;
use crate::AppState;

#[tauri::command]
pub async fn notification_settings(state: State<'_, AppState>) -> Result<NotificationSettings, AppError> {
    on_engine(&state, |engine| engine.notification_settings()).await
}

#[tauri::command]
pub async fn set_notification_settings(state: State<'_, AppState>, settings: NotificationSettings) -> Result<(), AppError> {
    on_engine(&state, move |engine| engine.set_notification_settings(&settings)).await
}

/// "Lancer au démarrage de la session": whether the session starts the app (in the tray).
#[tauri::command]
pub fn autostart(app: AppHandle) -> Result<bool, AppError> {
    app.autolaunch().is_enabled().map_err(autostart_error)
}

#[tauri::command]
pub fn set_autostart(app: AppHandle, enabled: bool) -> Result<(), AppError> {
    let launcher = app.autolaunch();
    if enabled { launcher.enable() } else { launcher.disable() }.map_err(autostart_error)
}

/// The message a notification asked to open while the window was closed, once.
#[tauri::command]
pub fn take_pending_open(pending: State<'_, PendingOpen>) -> Option<OpenTarget> {
    pending.0.lock().ok().and_then(|mut slot| slot.take())
}

fn autostart_error(err: tauri_plugin_autostart::Error) -> AppError {
    AppError::from(EngineError::Internal(format!("start at login: {err}")))
}
