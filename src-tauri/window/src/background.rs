//! With the window closed the app keeps syncing and notifying (issue 15): closing the
//! window destroys it (WebKit's memory goes with it) but the process stays, with its
//! watchers, behind a tray icon (unread count, "Ouvrir", "Quitter"). A click on a new-mail
//! notification brings the window back (or makes it again) on that message.

use std::sync::{Arc, Mutex};

use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Emitter, Manager, Wry};

use medimail_engine::notify::OpenTarget;
use medimail_engine::{Engine, Text};

/// A notification was clicked: the page shows that message (`OpenTarget`).
pub const OPEN_MESSAGE_EVENT: &str = "open-message";
const MAIN: &str = "main";
const TRAY: &str = "main";

/// The tray's state: its unread line (updated after each pass), and whether it exists
/// (without one, closing the window quits: nothing would be left to reopen it).
pub struct Tray {
    unread: MenuItem<Wry>,
    open: MenuItem<Wry>,
    quit: MenuItem<Wry>,
}

/// A message to show once a window made again has its page listening.
#[derive(Default)]
pub struct PendingOpen(pub Mutex<Option<OpenTarget>>);

/// Puts the icon in the tray. An error (or a desktop with no tray library) leaves the
/// app as it was: closing the window then quits.
pub fn install_tray(app: &AppHandle, engine: &Engine) -> tauri::Result<()> {
    let lang = engine.language();
    let say = |key: &str| medimail_engine::catalogue::say_plain(lang, key);
    let unread = MenuItem::with_id(app, "unread", say("tray-title"), false, None::<&str>)?;
    let open = MenuItem::with_id(app, "open", say("tray-open"), true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", say("tray-quit"), true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&unread, &open, &quit])?;
    let mut tray = TrayIconBuilder::with_id(TRAY)
        .tooltip(say("tray-title"))
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => {
                show_window(app);
            }
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click { button: MouseButton::Left, button_state: MouseButtonState::Up, .. } = event {
                show_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(Tray { unread, open, quit });
    refresh_tray(app, engine);
    Ok(())
}

pub fn has_tray(app: &AppHandle) -> bool {
    app.try_state::<Tray>().is_some()
}

/// The unread count in the tray's tooltip and menu, in the user's language.
///
/// Called from a sync pass, which holds the profile's lock: the menu's setters wait for the
/// main thread, and a modal dialog there (the print dialog runs its own loop) would hold the
/// pass, and every send waiting for the lock, until it closed. The change is queued to the
/// main thread instead, never waited for.
pub fn refresh_tray(app: &AppHandle, engine: &Engine) {
    if !has_tray(app) {
        return;
    }
    let lang = engine.language();
    let line = match engine.unread_in_inboxes() {
        Ok(count) => Text::new("tray-unread").arg("count", count).say(lang),
        Err(err) => {
            tracing::warn!(code = ?err.code(), "the unread count could not be read");
            return;
        }
    };
    let say = |key: &str| medimail_engine::catalogue::say_plain(lang, key);
    let (open, quit) = (say("tray-open"), say("tray-quit"));
    let tooltip = format!("{} — {line}", say("tray-title"));
    let handle = app.clone();
    // On the main thread the setters run at once instead of waiting for it.
    let queued = app.run_on_main_thread(move || {
        let Some(tray) = handle.try_state::<Tray>() else { return };
        let _ = tray.unread.set_text(&line);
        let _ = tray.open.set_text(open);
        let _ = tray.quit.set_text(quit);
        if let Some(icon) = handle.tray_by_id(TRAY) {
            let _ = icon.set_tooltip(Some(tooltip));
        }
    });
    if queued.is_err() {
        tracing::warn!("the tray's unread count could not be updated");
    }
}

/// Brings the window to the front, making it again if it was closed. True when it was
/// made again (its page is not listening yet).
pub fn show_window(app: &AppHandle) -> bool {
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
        return false;
    }
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == MAIN).cloned() else { return false };
    match tauri::WebviewWindowBuilder::from_config(app, &config).and_then(|b| b.build()) {
        Ok(window) => {
            let _ = window.set_focus();
            true
        }
        Err(err) => {
            tracing::error!(error = %err, "the window could not be opened again");
            false
        }
    }
}

/// What a click on a new-mail notification does: the window comes to the front on it.
pub fn notification_opener(app: AppHandle) -> medimail_engine::notify::OpenMessage {
    // Called on the notification's own thread: building a window from there hands it to
    // the event loop and waits, which the event loop's own thread could not do.
    Arc::new(move |target: OpenTarget| {
        if app.get_webview_window(MAIN).is_some() {
            show_window(&app);
            let _ = app.emit(OPEN_MESSAGE_EVENT, target);
            return;
        }
        // The new page asks for it when it starts (`take_pending_open`): kept before the
        // window is made, so the page cannot ask too early.
        if let Some(pending) = app.try_state::<PendingOpen>() {
            if let Ok(mut slot) = pending.0.lock() {
                *slot = Some(target);
            }
        }
        show_window(&app);
    })
}

