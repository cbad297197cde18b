//! Opening a connection to a mail server, the same way for every protocol: TCP without
//! Nagle's algorithm and with immediate acknowledgements, then TLS under the one policy of
//! `tls.rs`.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use crate::server::ServerAddress;
use crate::tls::{server_name, TlsPolicy};
use crate::{EngineError, Result};

/// A connection to a mail server.
///
/// IMAP, SMTP and LDAP are request and answer. Two delays of 40 ms lurk on every round trip:
/// - ours, when a command leaves in two segments and Nagle's algorithm holds the second
///   until the server acknowledges the first: `TCP_NODELAY` (and commands written whole);
/// - the server's, when its answer leaves in two writes (the data, then the tagged OK, as
///   Courier-IMAP and Cyrus do) and its own Nagle holds the second until we acknowledge the
///   first, which Linux delays by 40 ms: `TCP_QUICKACK`, which the kernel turns off again
///   by itself, so it is set before each read.
///
/// A server that stops sending while an answer is awaited ends the read with `TimedOut`
/// after `STALL_LIMIT` without a byte, rather than holding a sync or a send for ever; IDLE,
/// where silence is the point, turns that off for its wait (`set_stall_limit`).
#[derive(Debug)]
pub struct NetStream {
    tcp: TcpStream,
    stall_limit: Option<Duration>,
    /// Since when a read has waited, while one does.
    waiting: Option<Pin<Box<tokio::time::Sleep>>>,
}

/// No byte for this long while an answer is awaited: the server is taken as gone. A large
/// message on a slow link still sends bytes all along; no server takes minutes to begin an
/// answer.
pub const STALL_LIMIT: Duration = Duration::from_secs(120);

/// [`STALL_LIMIT`]; in debug builds only, `MEDIMAIL_STALL_LIMIT_SECONDS` may shorten it, so
/// that the tests of silent servers do not wait two minutes each. Release builds read no
/// environment here.
pub fn stall_limit() -> Duration {
    #[cfg(debug_assertions)]
    if let Some(seconds) = std::env::var("MEDIMAIL_STALL_LIMIT_SECONDS").ok().and_then(|s| s.parse().ok()) {
        return Duration::from_secs(seconds);
    }
    STALL_LIMIT
}

impl NetStream {
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.tcp.peer_addr()
    }

    /// None: a read may wait as long as the server is silent (IDLE).
    pub fn set_stall_limit(&mut self, limit: Option<Duration>) {
        self.stall_limit = limit;
        self.waiting = None;
    }

    #[cfg(target_os = "linux")]
    fn acknowledge_at_once(&self) {
        // Only a delay is at stake: a refusal changes nothing else.
        let _ = socket2::SockRef::from(&self.tcp).set_tcp_quickack(true);
    }

    #[cfg(not(target_os = "linux"))]
    fn acknowledge_at_once(&self) {}
}

impl AsyncRead for NetStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.acknowledge_at_once();
        if let Poll::Ready(read) = Pin::new(&mut this.tcp).poll_read(cx, buf) {
            this.waiting = None;
            return Poll::Ready(read);
        }
        let Some(limit) = this.stall_limit else { return Poll::Pending };
        let waiting = this.waiting.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match waiting.as_mut().poll(cx) {
            Poll::Ready(()) => {
                this.waiting = None;
                Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, format!("no answer from the server for {} s", limit.as_secs()))))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncWrite for NetStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().tcp).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().tcp).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().tcp).poll_shutdown(cx)
    }
}

/// A TCP connection to `server`, set up as [`NetStream`] says.
pub async fn connect_tcp(server: &ServerAddress) -> Result<NetStream> {
    let connect_error = |source| EngineError::Connect { server: server.to_string(), source };
    let tcp = TcpStream::connect((server.host.as_str(), server.port)).await.map_err(connect_error)?;
    tcp.set_nodelay(true).map_err(connect_error)?;
    Ok(NetStream { tcp, stall_limit: Some(stall_limit()), waiting: None })
}

/// The TLS handshake over an open connection, verified by `policy`.
pub async fn tls_handshake(tcp: NetStream, server: &ServerAddress, policy: &TlsPolicy) -> Result<TlsStream<NetStream>> {
    let connector = TlsConnector::from(policy.client_config()?);
    connector
        .connect(server_name(&server.host)?, tcp)
        .await
        .map_err(|e| classify_tls_error(e, server))
}

/// rustls reports certificate problems as `io::Error`s wrapping a `rustls::Error`.
pub(crate) fn classify_tls_error(err: std::io::Error, server: &ServerAddress) -> EngineError {
    if let Some(refusal) = crate::tls::certificate_refusal(&err, &server.to_string()) {
        return refusal;
    }
    let detail = err.to_string();
    match err.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
        Some(rustls::Error::InvalidCertificate(reason)) => {
            EngineError::Certificate(format!("{server} presented an untrusted certificate: {reason:?}"))
        }
        Some(_) => EngineError::Tls {
            server: server.to_string(),
            detail,
        },
        None => EngineError::Connect {
            server: server.to_string(),
            source: err,
        },
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;
    use crate::server::Security;

    /// A server that accepts and then never says a word.
    async fn silent_server() -> (tokio::net::TcpListener, ServerAddress) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        (listener, ServerAddress::new("127.0.0.1", port, Security::ImplicitTls).unwrap())
    }

    #[tokio::test]
    async fn a_silent_server_ends_the_read_after_the_stall_limit() {
        let (listener, server) = silent_server().await;
        let mut stream = connect_tcp(&server).await.unwrap();
        let _accepted = listener.accept().await.unwrap();
        stream.set_stall_limit(Some(Duration::from_millis(200)));
        let started = std::time::Instant::now();
        let err = stream.read(&mut [0u8; 16]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn without_a_limit_silence_is_waited_for_as_idle_needs() {
        let (listener, server) = silent_server().await;
        let mut stream = connect_tcp(&server).await.unwrap();
        let _accepted = listener.accept().await.unwrap();
        stream.set_stall_limit(None);
        let mut buf = [0u8; 16];
        let waited = tokio::time::timeout(Duration::from_millis(400), stream.read(&mut buf)).await;
        assert!(waited.is_err(), "the read still waits");
    }

    #[tokio::test]
    async fn bytes_that_keep_coming_are_never_a_stall() {
        let (listener, server) = silent_server().await;
        let mut stream = connect_tcp(&server).await.unwrap();
        let (mut accepted, _) = listener.accept().await.unwrap();
        stream.set_stall_limit(Some(Duration::from_millis(300)));
        let writer = tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            for _ in 0..8 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                accepted.write_all(b"x").await.unwrap();
            }
        });
        let mut got = 0;
        while got < 8 {
            got += stream.read(&mut [0u8; 16]).await.expect("a slow but steady server is read");
        }
        writer.await.unwrap();
    }
}
