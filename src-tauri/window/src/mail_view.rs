//! The isolated view of a message body: custom protocol `mailview`, its own strict CSP,
//! shown by the UI in a sandboxed iframe (no script, opaque origin).
//!
//! Routes (anything else is 404):
//! - `message/<id>[?remote=1]`: the sanitised body (`mime/display/`) as a document;
//! - `message/<id>/cid/<content-id>`: an image the body shows through `cid:`;
//! - `message/<id>/print[?remote=1][&lang=en]`: the message as printed (heading and body),
//!   for the print window only (see `commands::reading::print_message`);
//! - `message/<id>/link?u=<address>[&remote=1]`: a link clicked in the body. The app is
//!   told (event `mail-link`; the UI asks before opening anything) and the frame gets the
//!   same message document again. (204 No Content would be the natural answer, but
//!   WebKitGTK then leaves the frame blank instead of keeping the page.)

use std::sync::Arc;

use tauri::http::{header, Method, Request, Response, StatusCode};
use tauri::{AppHandle, Builder, Emitter, Manager, Runtime};

use super::AppState;
use medimail_engine::mime::display::{is_openable_link, percent_decode};
use medimail_engine::{Engine, Lang};

const SCHEME: &str = "mailview";
/// The only webview allowed to use the view (and to receive its link events).
const MAIN: &str = "main";
/// The print window: its document and the images in it, nothing else.
pub const PRINT: &str = "print";

pub fn register<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.register_asynchronous_uri_scheme_protocol(SCHEME, |ctx, request, responder| {
        let app = ctx.app_handle().clone();
        let label = ctx.webview_label().to_owned();
        // Reading and sanitising take the store's lock and some CPU: never on the UI thread.
        tauri::async_runtime::spawn_blocking(move || {
            let response = match label.as_str() {
                MAIN => respond(&app, &request),
                PRINT => respond_to_print(&app, &request),
                _ => status(StatusCode::NOT_FOUND),
            };
            responder.respond(response);
        });
    })
}

#[derive(Debug, PartialEq, Eq)]
enum Route {
    Message { id: i64, remote: bool },
    Cid { id: i64, content_id: String },
    Link { id: i64, remote: bool, url: String },
    Print { id: i64, remote: bool, lang: Lang },
    NotFound,
}

fn route(method: &Method, path: &str, query: Option<&str>) -> Route {
    if method != Method::GET {
        return Route::NotFound;
    }
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let param = |name: &str| {
        query?
            .split('&')
            .find_map(|pair| pair.split_once('=').filter(|(key, _)| *key == name).map(|(_, value)| percent_decode(value)))
    };
    match segments.as_slice() {
        ["message", id] => match id.parse() {
            Ok(id) => Route::Message { id, remote: param("remote").as_deref() == Some("1") },
            Err(_) => Route::NotFound,
        },
        ["message", id, "cid", content_id] if !content_id.is_empty() => match id.parse() {
            Ok(id) => Route::Cid { id, content_id: percent_decode(content_id) },
            Err(_) => Route::NotFound,
        },
        ["message", id, "print"] => match id.parse() {
            Ok(id) => Route::Print {
                id,
                remote: param("remote").as_deref() == Some("1"),
                lang: param("lang").and_then(|l| l.parse().ok()).unwrap_or_default(),
            },
            Err(_) => Route::NotFound,
        },
        ["message", id, "link"] => match (id.parse(), param("u")) {
            (Ok(id), Some(url)) if is_openable_link(&url) => Route::Link { id, remote: param("remote").as_deref() == Some("1"), url },
            _ => Route::NotFound,
        },
        _ => Route::NotFound,
    }
}


fn respond<R: Runtime>(app: &AppHandle<R>, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let uri = request.uri();
    match route(request.method(), uri.path(), uri.query()) {
        Route::Message { id, remote } => message(app, id, remote),
        Route::Cid { id, content_id } => inline_image(app, id, &content_id),
        Route::Link { id, remote, url } => {
            if let Err(err) = app.emit_to(MAIN, "mail-link", url) {
                tracing::warn!(error = %err, "a clicked link could not be passed to the window");
            }
            message(app, id, remote)
        }
        // The main window shows the print document in no frame of its own.
        Route::Print { .. } | Route::NotFound => status(StatusCode::NOT_FOUND),
    }
}

/// The print window gets its document and the images it shows; a link clicked there leads
/// nowhere (the reading pane is where links are opened, after the user's confirmation).
fn respond_to_print<R: Runtime>(app: &AppHandle<R>, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let uri = request.uri();
    match route(request.method(), uri.path(), uri.query()) {
        Route::Print { id, remote, lang } => match engine(app).and_then(|e| e.print_html(id, remote, lang).map_err(Into::into)) {
            Ok(html) => document(html.into_bytes(), remote),
            Err(err) => {
                tracing::debug!(code = ?err.code, "the print document could not be made");
                status(StatusCode::NOT_FOUND)
            }
        },
        Route::Cid { id, content_id } => inline_image(app, id, &content_id),
        _ => status(StatusCode::NOT_FOUND),
    }
}

fn inline_image<R: Runtime>(app: &AppHandle<R>, id: i64, content_id: &str) -> Response<Vec<u8>> {
    match engine(app).and_then(|e| e.inline_part(id, content_id).map_err(Into::into)) {
        // An SVG is a document that can carry script: never served, even as an image.
        Ok((mime, bytes)) if mime != "image/svg+xml" => image(&mime, bytes),
        Ok(_) => status(StatusCode::NOT_FOUND),
        Err(err) => {
            tracing::debug!(code = ?err.code, "inline image not found");
            status(StatusCode::NOT_FOUND)
        }
    }
}

fn message<R: Runtime>(app: &AppHandle<R>, id: i64, remote: bool) -> Response<Vec<u8>> {
    match engine(app).and_then(|e| e.message_html(id, remote).map_err(Into::into)) {
        Ok(view) => document(view.document.into_bytes(), remote),
        Err(err) => {
            tracing::debug!(code = ?err.code, "the message view could not be made");
            status(StatusCode::NOT_FOUND)
        }
    }
}

fn engine<R: Runtime>(app: &AppHandle<R>) -> Result<Arc<Engine>, medimail_engine::AppError> {
    app.state::<AppState>().engine()
}

/// Only the app's own pages may frame the view (the dev server's too in debug builds).
fn frame_ancestors() -> &'static str {
    if cfg!(debug_assertions) {
        "tauri://localhost http://tauri.localhost https://tauri.localhost http://localhost:1420"
    } else {
        "tauri://localhost http://tauri.localhost https://tauri.localhost"
    }
}

fn content_security_policy(remote: bool) -> String {
    // WebView2 serves the protocol as http://mailview.localhost, not as a scheme of its own.
    let own = if cfg!(windows) { "http://mailview.localhost" } else { "mailview:" };
    let remote_images = if remote { " http: https:" } else { "" };
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src {own} data:{remote_images}; font-src 'none'; \
         form-action 'none'; frame-ancestors {}; base-uri 'none'",
        frame_ancestors()
    )
}

fn document(body: Vec<u8>, remote: bool) -> Response<Vec<u8>> {
    build(
        Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
            .header(header::CONTENT_SECURITY_POLICY, content_security_policy(remote)),
        body,
    )
}

fn image(mime: &str, bytes: Vec<u8>) -> Response<Vec<u8>> {
    build(
        Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, mime)
            .header(header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox"),
        bytes,
    )
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    build(Response::builder().status(code), Vec::new())
}

/// Headers every answer carries: nothing sniffed, nothing cached, no referrer.
fn build(builder: tauri::http::response::Builder, body: Vec<u8>) -> Response<Vec<u8>> {
    let builder = builder
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "no-referrer")
        .header(header::CACHE_CONTROL, "no-store");
    match builder.body(body) {
        Ok(response) => response,
        Err(err) => {
            tracing::warn!(error = %err, "a mail view answer could not be built");
            let mut response = Response::new(Vec::new());
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_of_the_mail_view() {
        let get = Method::GET;
        assert_eq!(route(&get, "/message/12", None), Route::Message { id: 12, remote: false });
        assert_eq!(route(&get, "/message/12", Some("remote=1")), Route::Message { id: 12, remote: true });
        assert_eq!(route(&get, "/message/12", Some("remote=0")), Route::Message { id: 12, remote: false });
        assert_eq!(
            route(&get, "/message/3/cid/logo%40ch.fr", None),
            Route::Cid { id: 3, content_id: "logo@ch.fr".into() }
        );
        assert_eq!(
            route(&get, "/message/4/link", Some("u=https%3A%2F%2Fameli.fr%2Fa%3Fb%3D1%26c%3D2")),
            Route::Link { id: 4, remote: false, url: "https://ameli.fr/a?b=1&c=2".into() }
        );
        assert_eq!(
            route(&get, "/message/4/link", Some("u=mailto%3Aa%40b.fr&remote=1")),
            Route::Link { id: 4, remote: true, url: "mailto:a@b.fr".into() }
        );
        for (path, query) in [
            ("/message/4/link", Some("u=javascript%3Aalert(1)")),
            ("/message/4/link", Some("u=file%3A%2F%2F%2Fetc%2Fpasswd")),
            ("/message/4/link", Some("u=https%3A%2F%2Fa%0D%0Ab")),
            ("/message/4/link", None),
            ("/link", Some("u=https%3A%2F%2Fameli.fr")),
            ("/message/x/link", Some("u=https%3A%2F%2Fameli.fr")),
            ("/message/abc", None),
            ("/message/1/cid/", None),
            ("/message/1/other/x", None),
            ("/", None),
            ("/../../etc/passwd", None),
        ] {
            assert_eq!(route(&get, path, query), Route::NotFound, "{path} {query:?}");
        }
        assert_eq!(route(&Method::POST, "/message/12", None), Route::NotFound);
        assert_eq!(route(&get, "/message/12/print", None), Route::Print { id: 12, remote: false, lang: Lang::Fr });
        assert_eq!(route(&get, "/message/12/print", Some("remote=1&lang=en")), Route::Print { id: 12, remote: true, lang: Lang::En });
        assert_eq!(route(&get, "/message/12/print", Some("lang=xx")), Route::Print { id: 12, remote: false, lang: Lang::Fr });
        assert_eq!(route(&get, "/message/x/print", None), Route::NotFound);
    }

    #[test]
    fn the_view_policy_allows_remote_images_only_when_asked() {
        let blocked = content_security_policy(false);
        assert!(blocked.starts_with("default-src 'none';"));
        let img_src = |csp: &str| csp.split(';').map(str::trim).find(|d| d.starts_with("img-src")).unwrap_or_default().to_owned();
        assert!(!img_src(&blocked).contains("http:"));
        assert!(img_src(&content_security_policy(true)).ends_with(" http: https:"));
        assert!(blocked.contains("form-action 'none'"));
        assert!(blocked.contains("base-uri 'none'"));
        assert!(!blocked.contains("script"));
    }

    #[test]
    fn answers_carry_the_security_headers() {
        let response = document(b"<p>x</p>".to_vec(), false);
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers();
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap_or_default().contains("frame-ancestors tauri://localhost"));
        assert_eq!(status(StatusCode::NO_CONTENT).status(), StatusCode::NO_CONTENT);
    }
}
