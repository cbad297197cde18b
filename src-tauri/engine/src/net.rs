//! Opening a connection to a mail server, the same way for every protocol: TCP without
//! Nagle's algorithm and with immediate acknowledgements, then TLS under the one policy of
//! `tls.rs`.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

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
#[derive(Debug)]
pub struct NetStream(TcpStream);

impl NetStream {
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.0.peer_addr()
    }

    #[cfg(target_os = "linux")]
    fn acknowledge_at_once(&self) {
        // Only a delay is at stake: a refusal changes nothing else.
        let _ = socket2::SockRef::from(&self.0).set_tcp_quickack(true);
    }

    #[cfg(not(target_os = "linux"))]
    fn acknowledge_at_once(&self) {}
}

impl AsyncRead for NetStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.acknowledge_at_once();
        Pin::new(&mut this.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for NetStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().0).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_shutdown(cx)
    }
}

/// A TCP connection to `server`, set up as [`NetStream`] says.
pub async fn connect_tcp(server: &ServerAddress) -> Result<NetStream> {
    let connect_error = |source| EngineError::Connect { server: server.to_string(), source };
    let tcp = TcpStream::connect((server.host.as_str(), server.port)).await.map_err(connect_error)?;
    tcp.set_nodelay(true).map_err(connect_error)?;
    Ok(NetStream(tcp))
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
