//! How to reach a mail server and how to log in to it. Plain types with parsing, so a
//! malformed address is refused before any connection is tried.

use std::fmt;
use std::str::FromStr;

use secrecy::SecretString;

use super::{EngineError, Result};

/// How TLS starts. There is no clear-text option: MSSanté requires TLS on every link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (IMAPS 993, SMTPS 465).
    ImplicitTls,
    /// Plain greeting, then STARTTLS before anything else (IMAP 143, submission 587).
    StartTls,
}

impl FromStr for Security {
    type Err = EngineError;

    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "implicit" | "tls" | "ssl" => Ok(Security::ImplicitTls),
            "starttls" => Ok(Security::StartTls),
            other => Err(EngineError::InvalidInput(format!(
                "unknown TLS mode {other:?} (expected implicit or starttls)"
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddress {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

impl ServerAddress {
    pub fn new(host: impl Into<String>, port: u16, security: Security) -> Result<Self> {
        let host = host.into();
        if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(EngineError::InvalidInput(format!("invalid host name {host:?}")));
        }
        if port == 0 {
            return Err(EngineError::InvalidInput("port 0 is not valid".into()));
        }
        Ok(ServerAddress { host, port, security })
    }

    /// Parses `host:port` or `[v6]:port`.
    pub fn parse(host_port: &str, security: Security) -> Result<Self> {
        let invalid = || {
            EngineError::InvalidInput(format!(
                "invalid server address {host_port:?} (expected host:port)"
            ))
        };
        let (host, port) = if let Some(rest) = host_port.strip_prefix('[') {
            let (host, port) = rest.split_once("]:").ok_or_else(invalid)?;
            (host, port)
        } else {
            host_port.rsplit_once(':').ok_or_else(invalid)?
        };
        let port = port.parse::<u16>().map_err(|_| invalid())?;
        Self::new(host, port, security)
    }
}

impl fmt::Display for ServerAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

/// How the user proves who they are once TLS is up.
#[derive(Debug, Clone)]
pub enum Login {
    Password { user: String, password: SecretString },
    /// SASL EXTERNAL: the identity is the client certificate presented during the TLS
    /// handshake (see [`super::tls::TlsPolicy::with_client_identity`]).
    ClientCertificate,
    /// SASL XOAUTH2 (or OAUTHBEARER, RFC 7628, where the IMAP server offers only that) with a
    /// Pro Santé Connect access token (ECO.1.2.1): `user` is the mailbox address, `token`
    /// a fresh one from [`crate::psc::PscSession::access_token`], never stored.
    OAuth2 { user: String, token: SecretString },
    /// The same, the token asked of `tokens` at each connection: a long-lived app gets a
    /// fresh one every time it connects again, refreshed when it is about to expire.
    Bearer { user: String, tokens: Tokens },
    /// A member opening an organisational mailbox with one sign-in: the member's own login,
    /// `mailbox` as SASL authorisation identity (PLAIN with a password, EXTERNAL with the
    /// card; RFC 4616, RFC 4422 appendix A). IMAP only: a member submits mail with their own
    /// login, the organisational address as sender (the operator allows it).
    OnBehalf { member: Box<Login>, mailbox: String },
}

/// Gives a valid access token (the Pro Santé Connect session). A trait, so that this module
/// of plain types does not depend on the OpenID Connect client.
pub trait TokenSource: Send + Sync {
    fn token(&self) -> futures::future::BoxFuture<'_, Result<SecretString>>;
}

#[derive(Clone)]
pub struct Tokens(pub std::sync::Arc<dyn TokenSource>);

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tokens(…)")
    }
}

impl Login {
    /// The login to present now: a `Bearer` becomes an `OAuth2` with a token valid now.
    pub async fn now(&self) -> Result<Login> {
        match self {
            Login::Bearer { user, tokens } => Ok(Login::OAuth2 { user: user.clone(), token: tokens.0.token().await? }),
            Login::OnBehalf { member, mailbox } => {
                Ok(Login::OnBehalf { member: Box::new(Box::pin(member.now()).await?), mailbox: mailbox.clone() })
            }
            other => Ok(other.clone()),
        }
    }

    /// The login for submitting mail: a member's own (see [`Login::OnBehalf`]).
    pub fn for_submission(&self) -> &Login {
        match self {
            Login::OnBehalf { member, .. } => member.for_submission(),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_host_and_port() {
        let a = ServerAddress::parse("imap.example.test:993", Security::ImplicitTls).unwrap();
        assert_eq!((a.host.as_str(), a.port), ("imap.example.test", 993));
        let b = ServerAddress::parse("[::1]:143", Security::StartTls).unwrap();
        assert_eq!((b.host.as_str(), b.port), ("::1", 143));
        assert_eq!(b.to_string(), "[::1]:143");
    }

    #[test]
    fn refuses_bad_addresses() {
        for bad in ["", "host", "host:", "host:0", "host:70000", ":993", "ho st:993", "[::1:993"] {
            let err = ServerAddress::parse(bad, Security::ImplicitTls).unwrap_err();
            assert_eq!(err.code(), super::super::ErrorCode::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn parses_security() {
        assert_eq!("STARTTLS".parse::<Security>().unwrap(), Security::StartTls);
        assert_eq!("implicit".parse::<Security>().unwrap(), Security::ImplicitTls);
        assert!("none".parse::<Security>().is_err());
    }
}
