//! Commands of the reading pane: the message, its attachments, links, replies, receipts.
//! One-line adapters to the engine, plus the system dialogs and the system opener (which
//! only the window has). The dialogs run here, in Rust, so the UI needs no file access.

use std::path::PathBuf;

use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use super::super::mail_view::PRINT;
use super::super::AppState;
use super::on_engine;
use medimail_engine::reading::MessageDetail;
use medimail_engine::compose::Composition;
use medimail_engine::mime::display::{is_openable_link, VIEW_BASE};
use medimail_engine::receipts::{MdnDecision, Timeline};
use medimail_engine::{AppError, EngineError, Lang};

#[tauri::command]
pub async fn message_detail(state: State<'_, AppState>, id: i64) -> Result<MessageDetail, AppError> {
    on_engine(&state, move |engine| engine.message(id)).await
}

#[tauri::command]
pub async fn timeline(state: State<'_, AppState>, id: i64) -> Result<Timeline, AppError> {
    on_engine(&state, move |engine| engine.timeline(id)).await
}

#[tauri::command]
pub async fn message_opened(state: State<'_, AppState>, id: i64) -> Result<MdnDecision, AppError> {
    let engine = state.engine()?;
    Ok(engine.message_opened(id).await?)
}

#[tauri::command]
pub async fn send_read_receipt(state: State<'_, AppState>, id: i64) -> Result<MdnDecision, AppError> {
    let engine = state.engine()?;
    Ok(engine.send_read_receipt(id).await?)
}

#[tauri::command]
pub async fn reply_composition(state: State<'_, AppState>, id: i64, all: bool) -> Result<Composition, AppError> {
    on_engine(&state, move |engine| engine.reply(id, all)).await
}

#[tauri::command]
pub async fn forward_composition(state: State<'_, AppState>, id: i64) -> Result<Composition, AppError> {
    on_engine(&state, move |engine| engine.forward(id)).await
}

/// "Imprimer": the message in a window of its own — the print document, with the sanitised
/// HTML and its formatting under a heading, served by the isolated protocol — and the
/// system's print dialog over it. The reading pane's frame cannot be printed whole.
#[tauri::command]
pub async fn print_message<R: Runtime>(app: AppHandle<R>, id: i64, remote: bool, lang: String) -> Result<(), AppError> {
    let lang: Lang = lang.parse()?;
    let subject = on_engine(&app.state::<AppState>(), move |engine| engine.message(id)).await?.summary.subject;
    // One print window at a time: a second "Imprimer" replaces the first.
    if let Some(previous) = app.get_webview_window(PRINT) {
        let _ = previous.destroy();
    }
    let address = format!("{VIEW_BASE}/message/{id}/print?remote={}&lang={}", u8::from(remote), lang.code());
    let url = address.parse().map_err(|err| EngineError::Internal(format!("print address: {err}")))?;
    let title = if subject.trim().is_empty() { "Medimail".to_owned() } else { subject };
    tauri::WebviewWindowBuilder::new(&app, PRINT, tauri::WebviewUrl::CustomProtocol(url))
        .title(title)
        .inner_size(820.0, 900.0)
        .on_page_load(|webview, payload| {
            if payload.event() == PageLoadEvent::Finished {
                if let Err(err) = webview.print() {
                    tracing::warn!(error = %err, "the print dialog could not be opened");
                }
            }
        })
        .build()
        .map_err(|err| EngineError::Internal(format!("the print window could not be opened: {err}")))?;
    Ok(())
}

/// Opens a link of a message in the system browser (or mail program), after the user
/// confirmed it in the window. Only web and mail addresses.
#[tauri::command]
pub fn open_link(app: AppHandle, url: String) -> Result<(), AppError> {
    if !is_openable_link(&url) {
        return Err(EngineError::InvalidInput("only web and mail addresses are opened".into()).into());
    }
    app.opener().open_url(url.trim(), None::<&str>).map_err(|err| opener_error(&err))
}

/// "Enregistrer": asks where (system dialog); None when the user cancelled.
#[tauri::command]
pub async fn save_attachment(app: AppHandle, state: State<'_, AppState>, id: i64, index: usize) -> Result<Option<String>, AppError> {
    let name = on_engine(&state, move |engine| engine.attachment_name(id, index)).await?;
    let Some(path) = ask_save_path(&app, name).await? else { return Ok(None) };
    let shown = path.display().to_string();
    on_engine(&state, move |engine| engine.save_attachment(id, index, &path)).await?;
    Ok(Some(shown))
}

/// "Tout enregistrer": asks for a folder; the number of files written (0 when cancelled).
#[tauri::command]
pub async fn save_all_attachments(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<u32, AppError> {
    // A store that could not be opened says so before the folder is asked for.
    state.engine()?;
    let Some(folder) = ask_folder(&app).await? else { return Ok(0) };
    on_engine(&state, move |engine| engine.save_attachments(id, &folder)).await
}

/// "Ouvrir": a private copy opened with the system's application for its type.
#[tauri::command]
pub async fn open_attachment(app: AppHandle, state: State<'_, AppState>, id: i64, index: usize) -> Result<(), AppError> {
    let path = on_engine(&state, move |engine| engine.attachment_to_open(id, index)).await?;
    app.opener().open_path(path.display().to_string(), None::<&str>).map_err(|err| opener_error(&err))
}

/// "Télécharger": one message as .eml (its exact bytes), several as one mbox. None when
/// the user cancelled.
#[tauri::command]
pub async fn download_messages(app: AppHandle, state: State<'_, AppState>, ids: Vec<i64>) -> Result<Option<String>, AppError> {
    let named = ids.clone();
    let name = on_engine(&state, move |engine| engine.download_name(&named)).await?;
    let Some(path) = ask_save_path(&app, name).await? else { return Ok(None) };
    let shown = path.display().to_string();
    on_engine(&state, move |engine| engine.download(&ids, &path)).await?;
    Ok(Some(shown))
}

// The blocking dialogs wait on the UI thread's event loop: they run on a blocking worker,
// never on an async worker nor on the main thread.

async fn ask_save_path<R: Runtime>(app: &AppHandle<R>, name: String) -> Result<Option<PathBuf>, AppError> {
    let app = app.clone();
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let mut dialog = app.dialog().file().set_file_name(name);
        if let Some(window) = app.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        dialog.blocking_save_file()
    })
    .await
    .map_err(|err| AppError::from(EngineError::Internal(format!("the save dialog failed: {err}"))))?;
    picked.map(|path| path.into_path().map_err(|err| EngineError::InvalidInput(format!("not a local file: {err}")).into())).transpose()
}

async fn ask_folder<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>, AppError> {
    let app = app.clone();
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let mut dialog = app.dialog().file();
        if let Some(window) = app.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        dialog.blocking_pick_folder()
    })
    .await
    .map_err(|err| AppError::from(EngineError::Internal(format!("the folder dialog failed: {err}"))))?;
    picked.map(|path| path.into_path().map_err(|err| EngineError::InvalidInput(format!("not a local folder: {err}")).into())).transpose()
}

fn opener_error(err: &tauri_plugin_opener::Error) -> AppError {
    // The system has no application for it, or none could be started: nothing the engine
    // knows about, so an I/O-like failure the user can act on (install a reader, save it).
    tracing::warn!("the system opener failed");
    AppError::from(EngineError::File {
        path: PathBuf::new(),
        source: std::io::Error::other(err.to_string()),
    })
}
