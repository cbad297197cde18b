//! Opening an authenticated IMAP session: TCP, TLS (implicit or STARTTLS), then LOGIN or
//! AUTHENTICATE EXTERNAL.

use std::time::Duration;

use async_imap::error::Error as ImapError;
use secrecy::ExposeSecret;
use tokio::io::BufWriter;
use tokio_rustls::client::TlsStream;

use crate::net::{connect_tcp, tls_handshake, NetStream};
use crate::server::{Login, Security, ServerAddress};
use crate::tls::TlsPolicy;
use crate::{EngineError, Result};

/// The buffer makes each command leave as one TLS record and one segment: async-imap
/// writes a command in pieces (tag, text, line end), then flushes.
pub type ImapSession = async_imap::Session<BufWriter<TlsStream<NetStream>>>;
type ImapStream = BufWriter<TlsStream<NetStream>>;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn connect(server: &ServerAddress, tls: &TlsPolicy, login: &Login) -> Result<ImapSession> {
    let secs = CONNECT_TIMEOUT.as_secs();
    tokio::time::timeout(CONNECT_TIMEOUT, connect_inner(server, tls, login))
        .await
        .map_err(|_| EngineError::Timeout(secs))?
}

async fn connect_inner(server: &ServerAddress, tls: &TlsPolicy, login: &Login) -> Result<ImapSession> {
    let tcp = connect_tcp(server).await?;
    let tcp = match server.security {
        Security::ImplicitTls => tcp,
        Security::StartTls => start_tls(tcp, server).await?,
    };
    let stream = BufWriter::new(tls_handshake(tcp, server, tls).await?);
    let mut client = async_imap::Client::new(stream);
    if server.security == Security::ImplicitTls {
        read_greeting(&mut client, server).await?;
    }
    tracing::debug!(server = %server, "IMAP TLS established");
    authenticate(client, login).await
}

/// Reads the greeting in clear, asks for STARTTLS and hands back the bare socket.
async fn start_tls(tcp: NetStream, server: &ServerAddress) -> Result<NetStream> {
    let mut client = async_imap::Client::new(tcp);
    read_greeting(&mut client, server).await?;
    client
        .run_command_and_check_ok("STARTTLS", None)
        .await
        .map_err(|e| match e {
            ImapError::No(_) | ImapError::Bad(_) => EngineError::Unsupported("STARTTLS".into()),
            other => protocol_error(other),
        })?;
    Ok(client.into_inner())
}

async fn read_greeting<T>(client: &mut async_imap::Client<T>, server: &ServerAddress) -> Result<()>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    match client.read_response().await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(EngineError::Server(format!("{server} closed the connection before its greeting"))),
        Err(e) => Err(EngineError::Connect {
            server: server.to_string(),
            source: e,
        }),
    }
}

struct External;

impl async_imap::Authenticator for External {
    type Response = &'static [u8];

    // The authorisation identity stays empty: the server derives it from the certificate.
    fn process(&mut self, _challenge: &[u8]) -> Self::Response {
        b""
    }
}

async fn authenticate(client: async_imap::Client<ImapStream>, login: &Login) -> Result<ImapSession> {
    let result = match login {
        Login::Password { user, password } => client.login(user, password.expose_secret()).await,
        Login::ClientCertificate => client.authenticate("EXTERNAL", External).await,
    };
    result.map_err(|(err, _client)| match err {
        ImapError::No(_) => EngineError::AuthFailed,
        other => protocol_error(other),
    })
}

pub(crate) fn protocol_error(err: ImapError) -> EngineError {
    match err {
        ImapError::Io(source) => EngineError::ConnectionLost(source.to_string()),
        // Server texts can quote what was sent; keep only the kind of failure.
        ImapError::No(_) => EngineError::Server("the IMAP server refused the command".into()),
        ImapError::Bad(_) => EngineError::Server("the IMAP server rejected the command as invalid".into()),
        ImapError::ConnectionLost => EngineError::ConnectionLost("the IMAP server closed the connection".into()),
        // The displays of these quote the server's bytes (a FETCH can hold subjects and
        // addresses): only the kind of failure is kept, for logs and the command line.
        ImapError::Parse(_) => EngineError::Server("the IMAP server's answer could not be read".into()),
        ImapError::Validate(_) => EngineError::Server("a command held a character IMAP cannot carry".into()),
        ImapError::Append => EngineError::Server("the IMAP server did not store the message".into()),
        _ => EngineError::Server("IMAP protocol error".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_imap::error::ParseError;

    #[test]
    fn errors_keep_no_server_text() {
        let quoted = "* 3 FETCH (ENVELOPE (NIL \"Résultats Mme Dupont\" ((NIL NIL \"jeanne.dupont\" \"patient.mssante.fr\"))))";
        for err in [
            ImapError::Parse(ParseError::Unexpected(quoted.into())),
            ImapError::Parse(ParseError::Invalid(quoted.as_bytes().to_vec())),
            ImapError::Parse(ParseError::ExpectedResponseNotFound(quoted.into())),
            ImapError::No(quoted.into()),
            ImapError::Bad(quoted.into()),
        ] {
            let text = protocol_error(err).to_string();
            assert!(!text.contains("Dupont") && !text.contains("dupont"), "{text}");
        }
    }
}
