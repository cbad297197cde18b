//! The Tauri side: the window and the commands it may call. Commands only adapt engine
//! calls; no logic lives here.

mod commands;
mod mail_view;
mod sync;

use std::path::Path;
use std::sync::Arc;

use crate::engine::{AppError, Engine, EngineError, Profile};

pub struct AppState {
    pub profile: Profile,
    /// The engine, or why it could not open (keyring locked, store key missing…): the
    /// window still opens and says so.
    pub engine: Result<Arc<Engine>, AppError>,
}

impl AppState {
    pub fn engine(&self) -> Result<Arc<Engine>, AppError> {
        self.engine.clone()
    }
}

pub fn run(profile_dir: Option<&Path>) -> Result<(), EngineError> {
    let profile = Profile::open(profile_dir)?;
    let engine = Engine::open(profile.clone()).map(Arc::new).map_err(|err| {
        tracing::error!(code = ?err.code(), "the local store could not be opened");
        AppError::from(err)
    });
    tracing::info!("opening the window");
    mail_view::register(tauri::Builder::default())
        .manage(AppState { profile, engine: engine.clone() })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::accounts,
            commands::folders,
            commands::list_messages,
            commands::search_messages,
            commands::sync_now,
        ])
        .setup(move |app| {
            if let Ok(engine) = engine {
                sync::start_background(app.handle().clone(), engine);
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .map_err(|e| EngineError::Internal(format!("the window could not start: {e}")))
}
