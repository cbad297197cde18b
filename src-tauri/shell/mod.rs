//! The Tauri side: the window and the commands it may call. Commands only adapt engine
//! calls; no logic lives here.

mod commands;

use std::path::Path;

use crate::engine::{EngineError, Profile};

pub struct AppState {
    pub profile: Profile,
}

pub fn run(profile_dir: Option<&Path>) -> Result<(), EngineError> {
    let profile = Profile::open(profile_dir)?;
    tracing::info!("opening the window");
    tauri::Builder::default()
        .manage(AppState { profile })
        .invoke_handler(tauri::generate_handler![commands::app_info])
        .run(tauri::generate_context!())
        .map_err(|e| EngineError::Internal(format!("the window could not start: {e}")))
}
