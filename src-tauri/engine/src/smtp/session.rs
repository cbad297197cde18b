//! A hand-driven SMTP submission session on top of lettre's connection, for what its
//! one-call transport does not expose: the server's SIZE and DSN announcements, DSN
//! parameters (RFC 3461), and a clear line between "nothing was handed over yet" and
//! "the message itself is being handed over" — the outbox records that line so a crash
//! never sends a message twice.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream, Certificate, Identity, TlsParameters, TlsVersion};
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, MailParameter, RcptParameter};
use lettre::Address;
use secrecy::ExposeSecret;

use crate::net::{connect_tcp, tls_handshake, NetStream};
use crate::server::{Login, Security, ServerAddress};
use crate::tls::TlsPolicy;
use crate::{EngineError, Result};

const TIMEOUT: Duration = Duration::from_secs(60);

/// What the server announced after EHLO.
#[derive(Debug, Clone, Copy, Default)]
pub struct SmtpFeatures {
    /// SIZE: the largest message it accepts, in bytes.
    pub size_limit: Option<u64>,
    /// DSN: delivery status notifications on request.
    pub dsn: bool,
}

pub struct SmtpSession {
    conn: AsyncSmtpConnection,
    pub features: SmtpFeatures,
}

/// How a submission ended.
#[derive(Debug)]
pub enum Handover {
    /// The server took the message (250 after DATA).
    Accepted,
    /// Refused before the message was sent: safe to retry or to report, nothing left.
    RefusedBeforeData(EngineError),
    /// Failed while or after the message itself was sent: the server may have it.
    Uncertain(EngineError),
}

impl SmtpSession {
    pub async fn open(server: &ServerAddress, tls: &TlsPolicy, login: &Login) -> Result<SmtpSession> {
        let hello = ClientId::default();
        let opening = async {
            let tcp = connect_tcp(server).await?;
            let mut conn = match server.security {
                // The handshake is the engine's own (the one TLS policy, as for IMAP): lettre
                // then speaks SMTP over the stream it is given.
                Security::ImplicitTls => {
                    let stream = SmtpStream(tls_handshake(tcp, server, tls).await?);
                    AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello).await
                }
                Security::StartTls => AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello).await,
            }
            .map_err(|e| connect_error(server, e))?;
            if server.security == Security::StartTls {
                if !conn.can_starttls() {
                    return Err(EngineError::Unsupported("STARTTLS".into()));
                }
                conn.starttls(tls_parameters(server, tls)?, &hello)
                    .await
                    .map_err(|e| connect_error(server, e))?;
            }
            Ok(conn)
        };
        let mut conn = tokio::time::timeout(TIMEOUT, opening)
            .await
            .map_err(|_| EngineError::Timeout(TIMEOUT.as_secs()))??;
        match login {
            Login::Password { user, password } => {
                let credentials = Credentials::new(user.clone(), password.expose_secret().to_owned());
                conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
                    .await
                    .map_err(|e| if e.is_permanent() { EngineError::AuthFailed } else { server_error(e) })?;
            }
            Login::OAuth2 { user, token } => {
                let credentials = Credentials::new(user.clone(), token.expose_secret().to_owned());
                conn.auth(&[Mechanism::Xoauth2], &credentials)
                    .await
                    .map_err(|e| if e.is_permanent() { EngineError::AuthFailed } else { server_error(e) })?;
            }
            Login::ClientCertificate => {
                return Err(EngineError::Unsupported("certificate login for sending (SASL EXTERNAL over SMTP)".into()))
            }
        }
        // lettre keeps only the keywords it knows; ask again to read SIZE and DSN.
        let ehlo = conn.command(Ehlo::new(hello)).await.map_err(server_error)?;
        let features = parse_features(ehlo.message());
        Ok(SmtpSession { conn, features })
    }

    /// Hands one message over. `dsn` asks for success and failure reports (RFC 3461) when
    /// the server offers them; `envid` ties those reports back to the outbox entry.
    /// `on_data` runs once every recipient was accepted, just before the message itself is
    /// sent: the caller records that the outcome may become uncertain from there.
    pub async fn submit(
        &mut self,
        from: &str,
        to: &[String],
        raw: &[u8],
        dsn: bool,
        envid: &str,
        on_data: impl FnOnce() -> Result<()>,
    ) -> Result<Handover> {
        let invalid = |a: &str| EngineError::InvalidInput(format!("invalid address {a:?}"));
        // An empty sender is the null return path (<>), used by reports such as read receipts.
        let from_address: Option<Address> = if from.is_empty() { None } else { Some(from.parse().map_err(|_| invalid(from))?) };
        let recipients = to
            .iter()
            .map(|a| a.parse::<Address>().map_err(|_| invalid(a)))
            .collect::<Result<Vec<_>>>()?;
        // lettre checks the envelope (at least one recipient).
        Envelope::new(from_address.clone(), recipients.clone()).map_err(|e| EngineError::InvalidInput(e.to_string()))?;

        // No report is ever asked about a report.
        let use_dsn = dsn && self.features.dsn && from_address.is_some();
        let mut mail_params = vec![MailParameter::Size(raw.len())];
        if !raw.is_ascii() {
            mail_params.push(MailParameter::Body(lettre::transport::smtp::extension::MailBodyParameter::EightBitMime));
        }
        if use_dsn {
            mail_params.push(MailParameter::Other { keyword: "RET".into(), value: Some("HDRS".into()) });
            mail_params.push(MailParameter::Other { keyword: "ENVID".into(), value: Some(xtext(envid)) });
        }
        if let Err(e) = self.conn.command(Mail::new(from_address, mail_params)).await {
            return Ok(Handover::RefusedBeforeData(refusal(e)));
        }
        for recipient in recipients {
            let params = if use_dsn {
                vec![RcptParameter::Other { keyword: "NOTIFY".into(), value: Some("SUCCESS,FAILURE".into()) }]
            } else {
                Vec::new()
            };
            if let Err(e) = self.conn.command(Rcpt::new(recipient, params)).await {
                return Ok(Handover::RefusedBeforeData(refusal(e)));
            }
        }
        if let Err(e) = self.conn.command(Data).await {
            return Ok(Handover::RefusedBeforeData(refusal(e)));
        }
        on_data()?;
        match self.conn.message(raw).await {
            Ok(_) => Ok(Handover::Accepted),
            // A clear refusal of the content (size, policy) means the server kept nothing.
            Err(e) if e.is_permanent() => Ok(Handover::RefusedBeforeData(refusal(e))),
            Err(e) => Ok(Handover::Uncertain(server_error(e))),
        }
    }

    pub async fn close(mut self) {
        let _ = self.conn.quit().await;
    }
}

/// The implicit-TLS stream handed to lettre, which asks its peer's address of it.
#[derive(Debug)]
struct SmtpStream(tokio_rustls::client::TlsStream<NetStream>);

impl AsyncTokioStream for SmtpStream {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.0.get_ref().0.peer_addr()
    }
}

/// The bare connection, for STARTTLS (lettre upgrades it itself).
impl AsyncTokioStream for NetStream {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        NetStream::peer_addr(self)
    }
}

impl tokio::io::AsyncRead for SmtpStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut tokio::io::ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for SmtpStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().0).poll_write(cx, buf)
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_shutdown(cx)
    }
}

fn tls_parameters(server: &ServerAddress, tls: &TlsPolicy) -> Result<TlsParameters> {
    let mut params = TlsParameters::builder(server.host.clone()).set_min_tls_version(TlsVersion::Tlsv12);
    if let Some(pem) = tls.extra_roots_pem() {
        let cert = Certificate::from_pem(pem).map_err(|e| EngineError::Certificate(format!("CA file: {e}")))?;
        params = params.add_root_certificate(cert);
    }
    if let Some((cert, key)) = tls.identity_pem() {
        let identity =
            Identity::from_pem(cert, key).map_err(|e| EngineError::Certificate(format!("client certificate: {e}")))?;
        params = params.identify_with(identity);
    }
    params
        .build_rustls()
        .map_err(|e| EngineError::Internal(format!("TLS setup: {e}")))
}

fn parse_features<'a>(lines: impl Iterator<Item = &'a str>) -> SmtpFeatures {
    let mut features = SmtpFeatures::default();
    for line in lines {
        let mut words = line.split_whitespace();
        match words.next().map(str::to_ascii_uppercase).as_deref() {
            Some("SIZE") => features.size_limit = words.next().and_then(|n| n.parse().ok()).filter(|n| *n > 0),
            Some("DSN") => features.dsn = true,
            _ => {}
        }
    }
    features
}

/// RFC 3461 xtext: "+" and anything outside printable ASCII, or "=", as "+HH".
fn xtext(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if (33..=126).contains(&b) && b != b'+' && b != b'=' {
                (b as char).to_string()
            } else {
                format!("+{b:02X}")
            }
        })
        .collect()
}

fn connect_error(server: &ServerAddress, err: lettre::transport::smtp::Error) -> EngineError {
    if err.is_tls() {
        return EngineError::Tls { server: server.to_string(), detail: err.to_string() };
    }
    if err.is_timeout() {
        return EngineError::Timeout(TIMEOUT.as_secs());
    }
    if err.status().is_some() {
        return EngineError::Server(format!("the server refused the session{}", reply_code(&err)));
    }
    EngineError::Connect {
        server: server.to_string(),
        source: std::io::Error::other(err.to_string()),
    }
}

fn server_error(err: lettre::transport::smtp::Error) -> EngineError {
    if err.is_timeout() {
        return EngineError::Timeout(TIMEOUT.as_secs());
    }
    EngineError::Server(format!("sending failed{}", reply_code(&err)))
}

/// Only the reply code: the server's text can quote a recipient's (a patient's) address.
fn reply_code(err: &lettre::transport::smtp::Error) -> String {
    err.status().map(|code| format!(" (SMTP {code})")).unwrap_or_default()
}

fn refusal(err: lettre::transport::smtp::Error) -> EngineError {
    if err.is_permanent() {
        EngineError::Server(format!("the server refused the message{}", reply_code(&err)))
    } else {
        server_error(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_size_and_dsn() {
        let f = parse_features(["mail.test", "PIPELINING", "SIZE 31457280", "DSN", "8BITMIME"].into_iter());
        assert_eq!(f.size_limit, Some(31_457_280));
        assert!(f.dsn);
        let none = parse_features(["mail.test", "SIZE"].into_iter());
        assert_eq!(none.size_limit, None);
        assert!(!none.dsn);
    }

    #[test]
    fn xoauth2_over_smtp_carries_the_user_and_the_bearer_token() {
        let credentials = Credentials::new("jean.dupont@medecin.mssante.fr".into(), "eyJ.tok".into());
        let first = Mechanism::Xoauth2.response(&credentials, None).unwrap();
        assert_eq!(first, "user=jean.dupont@medecin.mssante.fr\x01auth=Bearer eyJ.tok\x01\x01");
    }

    #[test]
    fn encodes_xtext() {
        assert_eq!(xtext("outbox-12"), "outbox-12");
        assert_eq!(xtext("a+b=c d"), "a+2Bb+3Dc+20d");
    }
}
