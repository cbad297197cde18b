//! Opening a connection to a mail server, the same way for every protocol: TCP without
//! Nagle's algorithm, then TLS under the one policy of `tls.rs`.

use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use crate::server::ServerAddress;
use crate::tls::{server_name, TlsPolicy};
use crate::{EngineError, Result};

/// A TCP connection with `TCP_NODELAY`. IMAP, SMTP and LDAP are request and answer: with
/// Nagle's algorithm on, a command that leaves in two segments waits for the server's
/// delayed ACK of the first (40 ms on Linux) before its end is sent, on every round trip.
pub async fn connect_tcp(server: &ServerAddress) -> Result<TcpStream> {
    let connect_error = |source| EngineError::Connect { server: server.to_string(), source };
    let tcp = TcpStream::connect((server.host.as_str(), server.port)).await.map_err(connect_error)?;
    tcp.set_nodelay(true).map_err(connect_error)?;
    Ok(tcp)
}

/// The TLS handshake over an open connection, verified by `policy`.
pub async fn tls_handshake(tcp: TcpStream, server: &ServerAddress, policy: &TlsPolicy) -> Result<TlsStream<TcpStream>> {
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
