//! A hand-driven SMTP submission session on top of lettre's connection, for what its
//! one-call transport does not expose: the server's SIZE and DSN announcements, DSN
//! parameters (RFC 3461), and a clear line between "nothing was handed over yet" and
//! "the message itself is being handed over" — the outbox records that line so a crash
//! never sends a message twice.

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, MailParameter, RcptParameter};
use lettre::Address;
use secrecy::ExposeSecret;

use super::starttls::{self, SmtpStream};
use crate::net::{connect_tcp, tls_handshake};
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
    /// How long any one answer may take: a server that stops answering (after the
    /// greeting, at AUTH, before DATA's end) must not hold a send for ever.
    timeout: Duration,
}

/// How a submission ended.
#[derive(Debug)]
pub enum Handover {
    /// The server took the message (250 after DATA).
    Accepted,
    /// Refused for good (a 5xx answer) before the message went or right after it: the
    /// server kept nothing, and the same message would be refused again.
    Refused(EngineError),
    /// Not handed over this time: a 4xx answer ("try again later"), or the line failed
    /// before the message went. The server kept nothing; a later attempt may succeed.
    NotYet(EngineError),
    /// Failed while or after the message itself was sent: the server may have it.
    Uncertain(EngineError),
}

impl SmtpSession {
    pub async fn open(server: &ServerAddress, tls: &TlsPolicy, login: &Login) -> Result<SmtpSession> {
        Self::open_within(server, tls, login, TIMEOUT).await
    }

    /// `open`, with each answer awaited at most `timeout`.
    pub async fn open_within(server: &ServerAddress, tls: &TlsPolicy, login: &Login, timeout: Duration) -> Result<SmtpSession> {
        let login = &login.now().await?;
        let login = login.for_submission();
        let hello = ClientId::default();
        let opening = async {
            let tcp = connect_tcp(server).await?;
            // The handshake is always the engine's own (the one TLS policy, the card as
            // client identity): lettre then speaks SMTP over the stream it is given.
            let stream = match server.security {
                Security::ImplicitTls => SmtpStream::new(tls_handshake(tcp, server, tls).await?, Vec::new()),
                Security::StartTls => starttls::upgrade(tcp, server, tls, &hello.to_string()).await?,
            };
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello).await.map_err(|e| connect_error(server, e))
        };
        let mut conn = within(timeout, opening).await??;
        let refused = |e: lettre::transport::smtp::Error| if e.is_permanent() { EngineError::AuthFailed } else { server_error(e) };
        match login {
            Login::Password { user, password } => {
                let credentials = Credentials::new(user.clone(), password.expose_secret().to_owned());
                within(timeout, conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)).await?.map_err(refused)?;
            }
            Login::OAuth2 { user, token } => {
                let credentials = Credentials::new(user.clone(), token.expose_secret().to_owned());
                within(timeout, conn.auth(&[Mechanism::Xoauth2], &credentials)).await?.map_err(refused)?;
            }
            // The identity is the certificate the card presented in the handshake.
            Login::ClientCertificate => {
                within(timeout, conn.command(AuthExternal)).await?.map_err(refused)?;
            }
            // Made an OAuth2 by `Login::now` above.
            Login::Bearer { .. } => return Err(EngineError::Internal("a bearer login was not resolved".into())),
            // Made the member's own login by `for_submission` above.
            Login::OnBehalf { .. } => return Err(EngineError::Internal("a member's login was not resolved".into())),
        }
        // lettre keeps only the keywords it knows; ask again to read SIZE and DSN.
        let ehlo = within(timeout, conn.command(Ehlo::new(hello))).await?.map_err(server_error)?;
        let features = parse_features(ehlo.message());
        Ok(SmtpSession { conn, features, timeout })
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
        let timeout = self.timeout;
        if let Err(e) = within(timeout, self.conn.command(Mail::new(from_address, mail_params))).await? {
            return Ok(not_handed_over(e));
        }
        for recipient in recipients {
            let params = if use_dsn {
                vec![RcptParameter::Other { keyword: "NOTIFY".into(), value: Some("SUCCESS,FAILURE".into()) }]
            } else {
                Vec::new()
            };
            if let Err(e) = within(timeout, self.conn.command(Rcpt::new(recipient, params))).await? {
                return Ok(not_handed_over(e));
            }
        }
        if let Err(e) = within(timeout, self.conn.command(Data)).await? {
            return Ok(not_handed_over(e));
        }
        on_data()?;
        // The message's bytes take their time on a slow link (4 KB/s allowed on top).
        let sending = timeout + Duration::from_secs(raw.len() as u64 / 4096);
        let Ok(sent) = tokio::time::timeout(sending, self.conn.message(raw)).await else {
            return Ok(Handover::Uncertain(EngineError::Timeout(sending.as_secs())));
        };
        match sent {
            Ok(_) => Ok(Handover::Accepted),
            // A clear answer after the message means the server kept nothing (RFC 5321
            // 4.2.5): a refusal of its content (size, policy) for good, or "later" for a 4xx.
            Err(e) if e.is_permanent() || e.is_transient() => Ok(not_handed_over(e)),
            // The line failed with no answer: the server may have the message.
            Err(e) => Ok(Handover::Uncertain(server_error(e))),
        }
    }

    pub async fn close(mut self) {
        let _ = tokio::time::timeout(self.timeout, self.conn.quit()).await;
    }
}

/// `future`, or the timeout error once `timeout` has passed without its answer.
async fn within<T>(timeout: Duration, future: impl std::future::Future<Output = T>) -> Result<T> {
    tokio::time::timeout(timeout, future).await.map_err(|_| EngineError::Timeout(timeout.as_secs()))
}

impl AsyncTokioStream for SmtpStream {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        SmtpStream::peer_addr(self)
    }
}

/// SASL EXTERNAL (RFC 4422) with an empty authorisation identity, which lettre does not
/// offer: the server takes the identity from the client certificate.
struct AuthExternal;

impl std::fmt::Display for AuthExternal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AUTH EXTERNAL =\r\n")
    }
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

/// A submission that ended before the server took the message. Only a 5xx is a refusal
/// for good: a 4xx asks to try again later, and a line that fails (no answer at all) says
/// nothing about the message, which must then wait for the next attempt, not be given up.
fn not_handed_over(err: lettre::transport::smtp::Error) -> Handover {
    if err.is_permanent() {
        Handover::Refused(EngineError::Server(format!("the server refused the message{}", reply_code(&err))))
    } else if err.is_transient() {
        Handover::NotYet(EngineError::Server(format!("the server asks to try again later{}", reply_code(&err))))
    } else if err.is_client() {
        // Our own fault (a command lettre would not write): trying again would fail again.
        Handover::Refused(EngineError::Internal("the submission could not be written".into()))
    } else if err.is_timeout() {
        Handover::NotYet(EngineError::Timeout(TIMEOUT.as_secs()))
    } else {
        Handover::NotYet(EngineError::ConnectionLost("the submission line failed before the message went".into()))
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
