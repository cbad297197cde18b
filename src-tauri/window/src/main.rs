// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! The window: the only binary that links Tauri and WebKit. `medimail` (the command line)
//! starts it when called without a subcommand, so scripted subcommands never pay for
//! loading WebKit (~75,000 relocations, 60–85 ms per process; BENCHMARKS.md). The commands
//! the page may call only adapt engine calls; no logic lives here.

mod background;
mod commands;
mod hardening;
mod mail_view;
mod sync;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use clap::Parser;
use tauri::Manager;
use medimail_engine::{AppError, Engine, EngineError, Lang, Profile};

/// The window's own options: the global ones of `medimail`, which hands them over unchanged.
#[derive(Debug, Parser)]
#[command(name = "medimail-window", version, about = "Medimail Desktop — la fenêtre")]
struct Options {
    /// Dossier du profil (base locale et réglages) ; par défaut le dossier de données de l'OS.
    #[arg(long, env = "MEDIMAIL_PROFILE", value_name = "DIR")]
    profile: Option<PathBuf>,

    /// Langue des messages d'erreur au démarrage : fr ou en.
    #[arg(long, env = "MEDIMAIL_LANG", default_value = "fr")]
    lang: String,

    /// Journal plus détaillé sur stderr (-v, -vv). Jamais de contenu de message.
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,

    /// Accepted for the command line's sake (it forwards its options); the window has no JSON output.
    #[arg(long, hide = true)]
    json: bool,

    /// Démarre sans fenêtre, dans la zone de notification (lancement à l'ouverture de session).
    #[arg(long)]
    background: bool,
}

fn main() -> std::process::ExitCode {
    let options = Options::parse();
    medimail_engine::logging::init(options.verbose);
    match run(options.profile.as_deref(), options.background) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // An unknown language is no reason to hide why the window could not start.
            let lang: Lang = options.lang.parse().unwrap_or_default();
            eprintln!("{}", medimail_engine::describe_error(&err, lang));
            std::process::ExitCode::FAILURE
        }
    }
}

pub struct AppState {
    pub profile: Profile,
    /// The engine, or why it could not open (keyring locked or absent, disk full, a store
    /// from a newer version…): the window still opens, says so, and may try again.
    engine: Mutex<Result<Arc<Engine>, AppError>>,
    /// One reopening at a time, without holding `engine` (which every command reads) while
    /// the store opens: that may wait on the keyring's unlock prompt.
    reopening: Mutex<()>,
}

impl AppState {
    pub fn engine(&self) -> Result<Arc<Engine>, AppError> {
        self.engine.lock().map_err(|_| state_lost())?.clone()
    }

    /// Opens the store again after it could not be (the user unlocked the keyring, freed
    /// space…). Nothing is written when it fails again. True when it opened just now.
    pub fn reopen(&self) -> Result<bool, AppError> {
        let _one_at_a_time = self.reopening.lock().map_err(|_| state_lost())?;
        if self.engine.lock().map_err(|_| state_lost())?.is_ok() {
            return Ok(false);
        }
        let opened = open_engine(&self.profile)?;
        *self.engine.lock().map_err(|_| state_lost())? = Ok(opened);
        Ok(true)
    }
}

/// A command panicked while holding the state: the window says so rather than hanging.
fn state_lost() -> AppError {
    AppError::from(EngineError::Internal("the window's state was lost; restart the application".into()))
}

fn open_engine(profile: &Profile) -> Result<Arc<Engine>, AppError> {
    Engine::open(profile.clone()).map(Arc::new).map_err(|err| {
        tracing::error!(code = ?err.code(), "the local store could not be opened");
        AppError::from(err)
    })
}

pub fn run(profile_dir: Option<&Path>, background: bool) -> Result<(), EngineError> {
    software_rendering_defaults();
    let profile = Profile::open(profile_dir)?;
    let engine = open_engine(&profile);
    tracing::info!("opening the window");
    mail_view::register(tauri::Builder::default())
        // Rust side only (save dialogs, opening links and files): the window gets no
        // permission on them. The opener's click interception stays off: links in the app
        // are ours, links in a mail go through the mail view.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::Builder::new().open_js_links_on_click(false).build())
        // The session starts the app in the tray: no window until the user asks. A profile
        // chosen with --profile is the one started at login, not the default one.
        .plugin(
            // (On macOS a LaunchAgent: the builder's default.)
            tauri_plugin_autostart::Builder::new().args(autostart_args(profile_dir)).build(),
        )
        // Rust side only, behind the app's own commands (commands/updates.rs): the window
        // gets no permission of the plugin's.
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(AppState { profile, engine: Mutex::new(engine.clone()), reopening: Mutex::new(()) })
        .manage(background::PendingOpen::default())
        .manage(commands::sign_in::PendingCiba::default())
        .manage(commands::updates::PendingUpdate::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::accounts,
            commands::folders,
            commands::list_messages,
            commands::search_messages,
            commands::sync_now,
            commands::connection_state,
            commands::reopen_store,
            commands::reading::message_detail,
            commands::reading::timeline,
            commands::reading::message_opened,
            commands::reading::send_read_receipt,
            commands::reading::reply_composition,
            commands::reading::forward_composition,
            commands::reading::open_link,
            commands::reading::print_message,
            commands::settings::set_language,
            commands::reading::save_attachment,
            commands::reading::save_all_attachments,
            commands::reading::open_attachment,
            commands::reading::download_messages,
            commands::mail::move_messages,
            commands::mail::delete_messages,
            commands::mail::restore_messages,
            commands::mail::purge_messages,
            commands::mail::mark_read,
            commands::mail::set_flag,
            commands::mail::create_folder,
            commands::mail::rename_folder,
            commands::mail::delete_folder,
            commands::compose::new_composition,
            commands::compose::check_composition,
            commands::compose::send_message,
            commands::compose::outbox,
            commands::compose::resend,
            commands::compose::save_draft,
            commands::compose::drafts,
            commands::compose::open_draft,
            commands::compose::open_server_draft,
            commands::compose::delete_draft,
            commands::compose::send_draft,
            commands::settings::add_account,
            commands::settings::autoconfig,
            commands::sign_in::card_status,
            commands::sign_in::sign_in_with_card,
            commands::sign_in::sign_in_with_password,
            commands::sign_in::card_phase,
            commands::sign_in::signed_out,
            commands::session_lock::session_lock,
            commands::session_lock::set_lock_after_minutes,
            commands::session_lock::lock_session,
            commands::session_lock::unlock_session_with_password,
            commands::sign_in::sign_out,
            commands::sign_in::associate_card,
            commands::sign_in::dissociate_card,
            commands::sign_in::psc_ciba_start,
            commands::sign_in::psc_ciba_wait,
            commands::sign_in::psc_ciba_cancel,
            commands::sign_in::psc_sign_in_browser,
            commands::notifications::notification_settings,
            commands::notifications::set_notification_settings,
            commands::notifications::autostart,
            commands::notifications::set_autostart,
            commands::notifications::take_pending_open,
            commands::own_entry::own_entry,
            commands::shared_mailboxes::shared_mailboxes,
            commands::shared_mailboxes::open_shared_mailbox,
            commands::shared_mailboxes::shared_access,
            commands::shared_mailboxes::grant_shared,
            commands::shared_mailboxes::revoke_shared,
            commands::shared_mailboxes::set_default_account,
            commands::shared_mailboxes::set_notify_to_sign_in,
            commands::shared_mailboxes::set_trust_igc_sante,
            commands::own_entry::save_own_entry,
            commands::devices::devices,
            commands::devices::revoke_device,
            commands::devices::reconnect_with_password,
            commands::sieve::sieve_settings,
            commands::sieve::set_auto_reply,
            commands::sieve::add_forward,
            commands::sieve::remove_forward,
            commands::directory::linked_mailboxes,
            commands::directory::search_directory_with_operator,
            commands::directory::directory_card,
            commands::settings::signatures,
            commands::settings::create_signature,
            commands::settings::update_signature,
            commands::settings::delete_signature,
            commands::settings::apply_signature,
            commands::settings::mdn_policy,
            commands::settings::set_mdn_policy,
            commands::settings::open_notifications,
            commands::settings::set_open_notifications,
            commands::settings::window_layout,
            commands::settings::set_window_layout,
            commands::directory_download::directory_download,
            commands::directory_download::directory_download_state,
            commands::directory_download::directory_download_source,
            commands::directory_download::set_directory_download_source,
            commands::directory_download::choose_directory_ca_file,
            commands::directory::set_directory_api_key,
            commands::directory::forget_directory_api_key,
            commands::directory::directory_api_key_saved,
            commands::directory::directory_search_online,
            commands::directory::directory_search,
            commands::directory::directory_entry,
            commands::directory::directory_info,
            commands::directory::directory_import,
            commands::directory::directory_favorites,
            commands::directory::add_directory_favorite,
            commands::directory::remove_directory_favorite,
            commands::directory::favorite_addresses,
            commands::directory::recipient_suggestions,
            commands::updates::update_settings,
            commands::updates::set_updates_enabled,
            commands::updates::set_update_server,
            commands::updates::check_for_update,
            commands::updates::pending_update,
            commands::updates::install_update,
        ])
        .setup(move |app| {
            if let Ok(engine) = engine {
                let handle = app.handle().clone();
                engine.set_notification_opener(background::notification_opener(handle.clone()));
                // The tray library is loaded at run time and panics when the desktop lacks
                // it: the app then runs without a tray (closing the window quits).
                let tray = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| background::install_tray(&handle, &engine)));
                match tray {
                    Ok(Ok(())) => {}
                    Ok(Err(err)) => tracing::warn!(error = %err, "no tray icon"),
                    Err(_) => tracing::warn!("no tray icon: the desktop has no tray library"),
                }
                let digest = engine.clone();
                tauri::async_runtime::spawn(async move { digest.run_daily_digest(&|| true).await });
                commands::directory_download::start_daily_refresh(handle.clone(), engine.clone());
                commands::updates::start_daily_check(handle.clone(), engine.clone());
                sync::start_background(handle.clone(), engine);
                if background && background::has_tray(&handle) {
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.destroy();
                    }
                }
            }
            Ok(())
        })
        .build(tauri::generate_context!())
        .map_err(|e| EngineError::Internal(format!("the window could not start: {e}")))?
        .run(|app, event| {
            // The window closed: the app stays in the tray, syncing and notifying, until
            // "Quitter" (an exit with a code).
            if let tauri::RunEvent::ExitRequested { code: None, api, .. } = event {
                if background::has_tray(app) {
                    api.prevent_exit();
                }
            }
        });
    Ok(())
}

/// What the session's start at login runs the app with.
fn autostart_args(profile_dir: Option<&Path>) -> Vec<String> {
    let mut args = vec!["--background".to_owned()];
    if let Some(dir) = profile_dir.and_then(|d| std::path::absolute(d).ok()) {
        args.push("--profile".to_owned());
        args.push(dir.to_string_lossy().into_owned());
    }
    args
}

/// WebKitGTK composites the page through OpenGL. Without a GPU (virtual machines, remote
/// desktops: common on practice computers) that GL is Mesa's software renderer, and every
/// frame costs 40 ms and ~120 MB more memory (dev/bench/ui with 100,000 messages: scroll
/// 40 ms/frame → 15 ms, launch 1.8 s → 1.0 s, PSS 378 MB → 257 MB; BENCHMARKS.md). So
/// without a GPU render node, the page is drawn without compositing. Setting
/// `WEBKIT_DISABLE_COMPOSITING_MODE` (to 0 or 1) overrides the guess.
fn software_rendering_defaults() {
    #[cfg(target_os = "linux")]
    {
        const VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
        if std::env::var_os(VARIABLE).is_some() {
            return;
        }
        let has_gpu = std::fs::read_dir("/dev/dri")
            .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
            .unwrap_or(false);
        if !has_gpu {
            tracing::info!("no GPU render node: the page is drawn without compositing");
            // Before GTK and WebKit start, while this is the only thread reading the environment.
            std::env::set_var(VARIABLE, "1");
        }
    }
}
