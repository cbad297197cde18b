//! One-line adapters from the UI to the engine. Errors cross as `AppError` (a code the UI
//! maps to a sentence).

use tauri::State;

use super::AppState;
use crate::engine::{AppError, AppInfo};

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    Ok(AppInfo::new(&state.profile))
}
