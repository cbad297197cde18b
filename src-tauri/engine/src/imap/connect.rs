//! Opening an authenticated IMAP session: TCP, TLS (implicit or STARTTLS), then LOGIN,
//! AUTHENTICATE EXTERNAL, or AUTHENTICATE XOAUTH2 / OAUTHBEARER with a Pro Santé Connect token.

use std::time::Duration;

use async_imap::error::Error as ImapError;
use secrecy::ExposeSecret;

use super::line::TlsLine;
use crate::net::{connect_tcp, tls_handshake, NetStream};
use crate::sasl::BearerMechanism;
use crate::server::{Login, Security, ServerAddress};
use crate::tls::TlsPolicy;
use crate::{EngineError, Result};

pub type ImapSession = async_imap::Session<TlsLine>;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn connect(server: &ServerAddress, tls: &TlsPolicy, login: &Login) -> Result<ImapSession> {
    let secs = CONNECT_TIMEOUT.as_secs();
    tokio::time::timeout(CONNECT_TIMEOUT, connect_inner(server, tls, login))
        .await
        .map_err(|_| EngineError::Timeout(secs))?
}

async fn connect_inner(server: &ServerAddress, tls: &TlsPolicy, login: &Login) -> Result<ImapSession> {
    let login = &login.now().await?;
    let tcp = connect_tcp(server).await?;
    let tcp = match server.security {
        Security::ImplicitTls => tcp,
        Security::StartTls => start_tls(tcp, server).await?,
    };
    let stream = TlsLine::new(tls_handshake(tcp, server, tls).await?);
    let mut client = async_imap::Client::new(stream);
    if server.security == Security::ImplicitTls {
        read_greeting(&mut client, server).await?;
    }
    tracing::debug!(server = %server, "IMAP TLS established");
    authenticate(client, login, server).await
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

/// SASL EXTERNAL. Its one message is the authorisation identity: empty for one's own
/// mailbox (the server derives it from the certificate), an organisational mailbox's
/// address to open that box as its member.
struct External(String);

impl async_imap::Authenticator for External {
    type Response = String;

    fn process(&mut self, _challenge: &[u8]) -> Self::Response {
        std::mem::take(&mut self.0)
    }
}

/// SASL PLAIN (RFC 4616) with an authorisation identity: `authzid NUL user NUL password`.
/// LOGIN cannot name another identity, so a member opening an organisational mailbox
/// uses this; async-imap base64-encodes the answer.
struct Plain(Option<zeroize::Zeroizing<Vec<u8>>>);

impl Plain {
    fn new(authzid: &str, user: &str, password: &str) -> Plain {
        Plain(Some(crate::sasl::plain(authzid, user, password)))
    }
}

impl async_imap::Authenticator for Plain {
    type Response = zeroize::Zeroizing<Vec<u8>>;

    // A second challenge means a refusal is coming: an empty answer lets the NO arrive.
    fn process(&mut self, _challenge: &[u8]) -> Self::Response {
        self.0.take().unwrap_or_default()
    }
}

/// The bearer token's SASL exchange (`crate::sasl`), framed by async-imap.
struct Bearer {
    mechanism: BearerMechanism,
    first: Option<zeroize::Zeroizing<Vec<u8>>>,
}

impl Bearer {
    fn new(mechanism: BearerMechanism, user: &str, token: &str, server: &ServerAddress) -> Bearer {
        Bearer { mechanism, first: Some(mechanism.first_message(user, token, &server.host, server.port)) }
    }
}

impl async_imap::Authenticator for Bearer {
    type Response = zeroize::Zeroizing<Vec<u8>>;

    fn process(&mut self, _challenge: &[u8]) -> Self::Response {
        match self.first.take() {
            Some(first) => first,
            None => self.mechanism.answer_to_error(),
        }
    }
}

/// The mechanism names among IMAP's `AUTH=` capabilities.
fn mechanisms(capabilities: &[String]) -> impl Iterator<Item = &str> {
    capabilities.iter().filter_map(|c| c.get(..5).filter(|p| p.eq_ignore_ascii_case("AUTH=")).map(|_| &c[5..]))
}

/// CAPABILITY before authenticating: which bearer mechanism the server takes. Read by
/// hand on the bare stream, as NAMESPACE is (`namespace.rs`): async-imap sends tagged
/// commands before login only through `login`/`authenticate`. Nothing is waiting in the
/// library's buffer here: the server sends nothing between its greeting and a command.
async fn capabilities(client: &mut async_imap::Client<TlsLine>) -> Result<Vec<String>> {
    let answer = super::raw::exchange(client.get_mut(), "MMCAP1", "CAPABILITY", 16 * 1024).await?;
    if !answer.ok() {
        return Err(EngineError::Server("the IMAP server refused the command".into()));
    }
    Ok(answer.untagged("CAPABILITY").flat_map(|rest| rest.split_whitespace().map(str::to_owned)).collect())
}

async fn authenticate(mut client: async_imap::Client<TlsLine>, login: &Login, server: &ServerAddress) -> Result<ImapSession> {
    let result = match login {
        Login::Password { user, password } => client.login(user, password.expose_secret()).await,
        Login::ClientCertificate => client.authenticate("EXTERNAL", External(String::new())).await,
        Login::OnBehalf { member, mailbox } => match member.as_ref() {
            Login::Password { user, password } => {
                client.authenticate("PLAIN", Plain::new(mailbox, user, password.expose_secret())).await
            }
            Login::ClientCertificate => client.authenticate("EXTERNAL", External(mailbox.clone())).await,
            // A bearer token names its holder only: no SASL way to open another mailbox with
            // it, and the operator offers none (its master logins are PLAIN and EXTERNAL).
            _ => return Err(EngineError::Unsupported("an organisational mailbox with a Pro Santé Connect sign-in".into())),
        },
        Login::OAuth2 { user, token } => {
            let caps = capabilities(&mut client).await?;
            let mechanism = BearerMechanism::choose(mechanisms(&caps)).ok_or_else(|| EngineError::Unsupported("XOAUTH2".into()))?;
            tracing::debug!(mechanism = mechanism.name(), "IMAP bearer token authentication");
            let bearer = Bearer::new(mechanism, user, token.expose_secret(), server);
            client.authenticate(mechanism.name(), bearer).await
        }
        // Made an OAuth2 by `Login::now` before the connection.
        Login::Bearer { .. } => return Err(EngineError::Internal("a bearer login was not resolved".into())),
    };
    // A refused token (expired, revoked, another practitioner's) is a refusal like a wrong
    // password: the caller asks PSC for a new one or the user to sign in again.
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
    use async_imap::Authenticator;

    fn server() -> ServerAddress {
        ServerAddress::new("imap.mssante.test", 993, Security::ImplicitTls).unwrap()
    }

    #[test]
    fn xoauth2_carries_the_user_and_the_bearer_token() {
        let mut auth = Bearer::new(BearerMechanism::XOauth2, "jean.dupont@medecin.mssante.fr", "eyJ.tok", &server());
        assert_eq!(
            auth.process(b"").as_slice(),
            b"user=jean.dupont@medecin.mssante.fr\x01auth=Bearer eyJ.tok\x01\x01"
        );
        // The answer to the server's error challenge, before its NO.
        assert_eq!(auth.process(br#"{"status":"401"}"#).as_slice(), b"");
    }

    #[test]
    fn oauthbearer_follows_rfc_7628() {
        let mut auth = Bearer::new(BearerMechanism::OAuthBearer, "a,b=c@x.test", "tok", &server());
        assert_eq!(
            auth.process(b"").as_slice(),
            b"n,a=a=2Cb=3Dc@x.test,\x01host=imap.mssante.test\x01port=993\x01auth=Bearer tok\x01\x01"
        );
        assert_eq!(auth.process(br#"{"status":"invalid_token"}"#).as_slice(), b"\x01");
    }

    #[test]
    fn xoauth2_is_preferred_and_oauthbearer_taken_when_alone() {
        let caps = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            BearerMechanism::choose(mechanisms(&caps(&["IMAP4rev1", "AUTH=OAUTHBEARER", "AUTH=XOAUTH2"]))),
            Some(BearerMechanism::XOauth2)
        );
        assert_eq!(BearerMechanism::choose(mechanisms(&caps(&["IMAP4rev1", "auth=oauthbearer"]))), Some(BearerMechanism::OAuthBearer));
        assert_eq!(BearerMechanism::choose(mechanisms(&caps(&["IMAP4rev1", "AUTH=PLAIN"]))), None);
    }

    #[test]
    fn plain_and_external_carry_the_organisational_mailbox() {
        let mut plain = Plain::new("secretariat@x.test", "jean@x.test", "pw");
        assert_eq!(plain.process(b"").as_slice(), b"secretariat@x.test\0jean@x.test\0pw");
        assert!(plain.process(b"").is_empty());
        assert_eq!(External("secretariat@x.test".into()).process(b""), "secretariat@x.test");
        assert_eq!(External(String::new()).process(b""), "");
    }

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
