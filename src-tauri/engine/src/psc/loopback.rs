//! The loopback redirect of a browser sign-in (RFC 8252 §7.3): a listener on 127.0.0.1,
//! port chosen by the system, that waits for the one `GET /callback?code=…&state=…`.
//!
//! Written over tokio by hand rather than with an HTTP server crate: it reads one request
//! line from a browser on this machine and answers one short page, and an HTTP server
//! would bring a second HTTP stack for that. It reads at most `HEAD_LIMIT` bytes from a
//! connection, gives each one `READ_TIMEOUT`, and answers 400 or 404 to anything else than
//! the callback (a favicon, garbage) without stopping the wait.

use std::sync::Arc;
use std::time::Duration;

use openidconnect::url::{form_urlencoded, Url};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::catalogue::{say_plain, Lang};
use crate::{EngineError, Result};

const HEAD_LIMIT: usize = 8 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const PATH: &str = "/callback";
/// Connections served at once.
const CONCURRENT: usize = 8;

pub(crate) struct Loopback {
    listener: TcpListener,
    port: u16,
}

/// What one request to the listener was.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Callback {
    /// The provider sent the browser back with a code, and the state is ours.
    Code(String),
    /// The provider sent the browser back with an error (OAuth `error` code only).
    Error(String),
    /// A callback whose state is not the one sent: a forged or stale redirect.
    StateMismatch,
    /// Another path (a favicon): not ours, keep waiting.
    NotOurs,
    /// Not a readable HTTP request line.
    Garbage,
}

impl Loopback {
    pub(crate) async fn bind() -> Result<Loopback> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| EngineError::Internal(format!("loopback listener: {e}")))?;
        let port = listener.local_addr().map_err(|e| EngineError::Internal(format!("loopback listener: {e}")))?.port();
        Ok(Loopback { listener, port })
    }

    pub(crate) fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{PATH}", self.port)
    }

    /// Waits for the callback carrying `state` and returns its code. The caller bounds the
    /// whole wait (the sign-in timeout). Connections are served side by side: a browser may
    /// open one it never uses (a preconnection) before the one carrying the callback.
    pub(crate) async fn wait(self, state: &str, lang: Lang) -> Result<String> {
        let (tx, mut rx) = tokio::sync::mpsc::channel(CONCURRENT);
        let slots = Arc::new(tokio::sync::Semaphore::new(CONCURRENT));
        loop {
            tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        // Beyond a handful at once, connections are not from the browser.
                        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else { continue };
                        let (tx, state) = (tx.clone(), state.to_owned());
                        tokio::spawn(async move {
                            if let Ok(Some(callback)) = tokio::time::timeout(READ_TIMEOUT, serve(stream, &state, lang)).await {
                                let _ = tx.send(callback).await;
                            }
                            drop(slot);
                        });
                    }
                    // A connection that failed before it was accepted; the next one may be the
                    // browser. The pause keeps a lasting failure (no file descriptors left)
                    // from spinning.
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                },
                Some(callback) = rx.recv() => match callback {
                    Callback::Code(code) => return Ok(code),
                    Callback::Error(error) => {
                        tracing::info!("the browser sign-in came back with an error");
                        return Err(if error == "access_denied" || error == "login_required" || error == "consent_required" {
                            EngineError::PscDenied
                        } else {
                            EngineError::Psc(format!("the sign-in came back with {error}"))
                        });
                    }
                    Callback::StateMismatch => {
                        tracing::warn!("a browser callback with another state was refused");
                        return Err(EngineError::Psc("the sign-in came back with another state".into()));
                    }
                    Callback::NotOurs | Callback::Garbage => {}
                },
            }
        }
    }
}

/// Reads one request, answers it, and says what it was (None when nothing readable came).
async fn serve(mut stream: TcpStream, state: &str, lang: Lang) -> Option<Callback> {
    let head = read_head(&mut stream).await?;
    let callback = parse_request(&head, state);
    let (status, body) = match &callback {
        Callback::Code(_) => ("200 OK", page(lang, "psc-browser-done")),
        Callback::Error(_) | Callback::StateMismatch => ("200 OK", page(lang, "psc-browser-failed")),
        Callback::NotOurs => ("404 Not Found", String::new()),
        Callback::Garbage => ("400 Bad Request", String::new()),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nContent-Security-Policy: default-src 'none'\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may already have gone; what it came with counts all the same.
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
    Some(callback)
}

async fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return (!head.is_empty()).then_some(head);
        }
        head.extend_from_slice(&chunk[..n]);
        // Only the request line is read; the headers need not all have come.
        if head.windows(2).any(|w| w == b"\r\n") || head.len() >= HEAD_LIMIT {
            head.truncate(HEAD_LIMIT);
            return Some(head);
        }
    }
}

/// `GET /callback?… HTTP/1.1` → what it carries.
pub(crate) fn parse_request(head: &[u8], state: &str) -> Callback {
    let Some(end) = head.windows(2).position(|w| w == b"\r\n") else {
        return Callback::Garbage;
    };
    let Ok(line) = std::str::from_utf8(&head[..end]) else {
        return Callback::Garbage;
    };
    let mut words = line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (words.next(), words.next(), words.next(), words.next()) else {
        return Callback::Garbage;
    };
    if method != "GET" || !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return Callback::Garbage;
    }
    let Ok(url) = Url::parse(&format!("http://127.0.0.1{target}")) else {
        return Callback::Garbage;
    };
    if url.path() != PATH {
        return Callback::NotOurs;
    }
    let mut code = None;
    let mut error = None;
    let mut returned_state = None;
    for (name, value) in form_urlencoded::parse(url.query().unwrap_or_default().as_bytes()) {
        match name.as_ref() {
            "code" => code = Some(value.into_owned()),
            "error" => error = Some(value.into_owned()),
            "state" => returned_state = Some(value.into_owned()),
            _ => {}
        }
    }
    if returned_state.as_deref() != Some(state) {
        return Callback::StateMismatch;
    }
    match (code, error) {
        (_, Some(error)) => Callback::Error(error.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(64).collect()),
        (Some(code), None) if !code.is_empty() => Callback::Code(code),
        _ => Callback::Garbage,
    }
}

fn page(lang: Lang, key: &str) -> String {
    let sentence = html_escape::encode_text(&say_plain(lang, key)).into_owned();
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Medimail</title></head><body><p>{sentence}</p></body></html>",
        lang.code()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_code_when_the_state_is_ours() {
        let head = b"GET /callback?code=abc%2Fdef&state=S1&session_state=x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        assert_eq!(parse_request(head, "S1"), Callback::Code("abc/def".into()));
    }

    #[test]
    fn refuses_another_state() {
        let head = b"GET /callback?code=abc&state=S2 HTTP/1.1\r\n\r\n";
        assert_eq!(parse_request(head, "S1"), Callback::StateMismatch);
        assert_eq!(parse_request(b"GET /callback?code=abc HTTP/1.1\r\n", "S1"), Callback::StateMismatch);
    }

    #[test]
    fn reads_a_refusal() {
        let head = b"GET /callback?error=access_denied&error_description=%3Cb%3E&state=S1 HTTP/1.1\r\n";
        assert_eq!(parse_request(head, "S1"), Callback::Error("access_denied".into()));
    }

    #[test]
    fn garbage_and_other_paths_are_not_callbacks() {
        for garbage in [
            &b""[..],
            b"\r\n",
            b"GET\r\n",
            b"POST /callback?code=a&state=S1 HTTP/1.1\r\n",
            b"GET /callback?code=a&state=S1 HTTP/1.1 extra\r\n",
            b"GET http://evil.test/callback?code=a&state=S1 HTTP/1.1\r\n",
            b"\xff\xfe\x00\x01\r\n",
            b"GET /callback?code=a&state=S1 HTTP/1.1",
        ] {
            assert_eq!(parse_request(garbage, "S1"), Callback::Garbage, "{garbage:?}");
        }
        assert_eq!(parse_request(b"GET /favicon.ico HTTP/1.1\r\n", "S1"), Callback::NotOurs);
    }

    #[tokio::test]
    async fn the_listener_answers_garbage_and_keeps_waiting_for_the_callback() {
        let loopback = Loopback::bind().await.unwrap();
        let uri = loopback.redirect_uri();
        assert!(uri.starts_with("http://127.0.0.1:") && uri.ends_with("/callback"));
        let port = loopback.port;
        let waiting = tokio::spawn(loopback.wait("S1", Lang::Fr));

        let exchange = |bytes: Vec<u8>| async move {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            // The listener may close before reading everything (the long line): what it
            // answered is read all the same, a reset ends the reading.
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer).await;
            String::from_utf8_lossy(&answer).into_owned()
        };
        // Binary noise, an over-long line, a favicon: answered, and the wait goes on.
        assert!(exchange(vec![0xff; 100]).await.starts_with("HTTP/1.1 400"));
        let long = exchange(vec![b'A'; 20_000]).await;
        assert!(long.is_empty() || long.starts_with("HTTP/1.1 400"), "{long}");
        assert!(exchange(b"GET /favicon.ico HTTP/1.1\r\n\r\n".to_vec()).await.starts_with("HTTP/1.1 404"));
        assert!(!waiting.is_finished());

        let page = exchange(b"GET /callback?code=C0DE&state=S1 HTTP/1.1\r\n\r\n".to_vec()).await;
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        assert!(page.contains("Connexion réussie"), "{page}");
        assert_eq!(waiting.await.unwrap().unwrap(), "C0DE");
    }

    #[tokio::test]
    async fn a_connection_that_sends_nothing_does_not_hold_the_callback_back() {
        let loopback = Loopback::bind().await.unwrap();
        let port = loopback.port;
        let started = std::time::Instant::now();
        let waiting = tokio::spawn(loopback.wait("S1", Lang::Fr));
        let _preconnection = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        stream.write_all(b"GET /callback?code=C0DE&state=S1 HTTP/1.1\r\n\r\n").await.unwrap();
        assert_eq!(waiting.await.unwrap().unwrap(), "C0DE");
        assert!(started.elapsed() < READ_TIMEOUT / 2, "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn a_forged_callback_ends_the_sign_in() {
        let loopback = Loopback::bind().await.unwrap();
        let port = loopback.port;
        let waiting = tokio::spawn(loopback.wait("S1", Lang::Fr));
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        stream.write_all(b"GET /callback?code=C0DE&state=EVIL HTTP/1.1\r\n\r\n").await.unwrap();
        let err = waiting.await.unwrap().unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Psc);
    }
}
