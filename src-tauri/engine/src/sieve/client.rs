//! A ManageSieve session (RFC 5804): TCP, STARTTLS with the engine's TLS policy (never
//! carried on in clear when the upgrade fails), then the account's sign-in over SASL:
//! PLAIN with the password, EXTERNAL with the card's certificate, XOAUTH2/OAUTHBEARER with
//! a Pro Santé Connect token (the messages from `crate::sasl`, as IMAP sends them).
//!
//! Written by hand: the one ManageSieve crate (`managesieve` 0.1, 2022) is a parser on nom 6
//! without a client, unmaintained, and the protocol is a handful of line-based commands.

use std::time::Duration;

use base64::Engine as _;
use secrecy::ExposeSecret;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufStream};
use tokio_rustls::client::TlsStream;

use crate::net::{connect_tcp, tls_handshake, NetStream};
use crate::sasl::{self, BearerMechanism};
use crate::server::{Login, Security, ServerAddress};
use crate::tls::TlsPolicy;
use crate::{EngineError, Result};

const TIMEOUT: Duration = Duration::from_secs(30);
/// A line of the server's (capabilities, a script's name): far above any real one.
const MAX_LINE: usize = 64 * 1024;
/// A script read back: Dovecot's default maximum is 1 MiB.
const MAX_LITERAL: usize = 4 * 1024 * 1024;

/// One item of a server's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    Atom(String),
    /// A quoted string or a literal.
    Str(Vec<u8>),
    Open,
    Close,
}

impl Token {
    pub(super) fn text(&self) -> Option<String> {
        match self {
            Token::Atom(a) => Some(a.clone()),
            Token::Str(s) => Some(String::from_utf8_lossy(s).into_owned()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    Ok,
    No,
    Bye,
}

/// The lines before the status, the status and its response code (`(WARNINGS)`,
/// `(QUOTA/MAXSIZE)`…). The human text after it is dropped here: it may quote the script.
#[derive(Debug)]
pub(super) struct Response {
    pub lines: Vec<Vec<Token>>,
    pub status: Status,
    pub code: Option<String>,
}

pub struct Session<S> {
    io: BufStream<S>,
    pub(super) capabilities: Vec<Vec<Token>>,
}

pub type SieveSession = Session<TlsStream<NetStream>>;

/// Connects, upgrades to TLS and signs in.
pub async fn connect(server: &ServerAddress, tls: &TlsPolicy, login: &Login) -> Result<SieveSession> {
    let secs = TIMEOUT.as_secs();
    tokio::time::timeout(TIMEOUT, connect_inner(server, tls, login)).await.map_err(|_| EngineError::Timeout(secs))?
}

async fn connect_inner(server: &ServerAddress, tls: &TlsPolicy, login: &Login) -> Result<SieveSession> {
    let login = login.now().await?;
    let tcp = connect_tcp(server).await?;
    let tcp = match server.security {
        Security::ImplicitTls => tcp,
        Security::StartTls => {
            let mut clear = Session { io: BufStream::new(tcp), capabilities: Vec::new() };
            clear.read_capabilities().await?;
            if !clear.has_capability("STARTTLS") {
                return Err(EngineError::Unsupported("STARTTLS".into()));
            }
            clear.send(b"STARTTLS\r\n").await?;
            if clear.read_response().await?.status != Status::Ok {
                return Err(EngineError::Unsupported("STARTTLS".into()));
            }
            clear.io.into_inner()
        }
    };
    let stream = tls_handshake(tcp, server, tls).await?;
    let mut session = Session { io: BufStream::new(stream), capabilities: Vec::new() };
    // After TLS the server announces its capabilities again (RFC 5804 §2.2), now with SASL.
    session.read_capabilities().await?;
    tracing::debug!(server = %server, "ManageSieve TLS established");
    session.authenticate(&login, server).await?;
    Ok(session)
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    async fn read_capabilities(&mut self) -> Result<()> {
        let response = self.read_response().await?;
        if response.status != Status::Ok {
            return Err(EngineError::Server("the ManageSieve server refused the connection".into()));
        }
        self.capabilities = response.lines;
        Ok(())
    }

    /// The value of a capability (`"SIEVE" "fileinto vacation …"`), when announced.
    pub(super) fn capability(&self, name: &str) -> Option<String> {
        self.capabilities.iter().find_map(|line| match line.first().and_then(Token::text) {
            Some(n) if n.eq_ignore_ascii_case(name) => Some(line.get(1).and_then(Token::text).unwrap_or_default()),
            _ => None,
        })
    }

    fn has_capability(&self, name: &str) -> bool {
        self.capability(name).is_some()
    }

    /// The Sieve extensions the server supports.
    pub fn extensions(&self) -> Vec<String> {
        self.capability("SIEVE").unwrap_or_default().split_whitespace().map(str::to_ascii_lowercase).collect()
    }

    async fn authenticate(&mut self, login: &Login, server: &ServerAddress) -> Result<()> {
        let offered = self.capability("SASL").unwrap_or_default();
        let offered: Vec<&str> = offered.split_whitespace().collect();
        let offers = |name: &str| offered.iter().any(|m| m.eq_ignore_ascii_case(name));
        let (mechanism, first, bearer) = match login {
            Login::Password { user, password } => {
                if !offers("PLAIN") {
                    return Err(EngineError::Unsupported("PLAIN".into()));
                }
                ("PLAIN", sasl::plain("", user, password.expose_secret()), None)
            }
            // An organisational mailbox's rules, set by a member (seed part 3 §4): the
            // member's sign-in with the box as authorisation identity, as for IMAP.
            Login::OnBehalf { member, mailbox } => match member.as_ref() {
                Login::Password { user, password } if offers("PLAIN") => ("PLAIN", sasl::plain(mailbox, user, password.expose_secret()), None),
                Login::ClientCertificate if offers("EXTERNAL") => ("EXTERNAL", zeroize::Zeroizing::new(mailbox.as_bytes().to_vec()), None),
                Login::Password { .. } => return Err(EngineError::Unsupported("PLAIN".into())),
                Login::ClientCertificate => return Err(EngineError::Unsupported("EXTERNAL".into())),
                _ => return Err(EngineError::Unsupported("an organisational mailbox with a Pro Santé Connect sign-in".into())),
            },
            Login::ClientCertificate => {
                if !offers("EXTERNAL") {
                    return Err(EngineError::Unsupported("EXTERNAL".into()));
                }
                // Empty: the server derives the identity from the certificate.
                ("EXTERNAL", zeroize::Zeroizing::new(Vec::new()), None)
            }
            Login::OAuth2 { user, token } => {
                let chosen = BearerMechanism::choose(offered.iter().copied()).ok_or_else(|| EngineError::Unsupported("XOAUTH2".into()))?;
                (chosen.name(), chosen.first_message(user, token.expose_secret(), &server.host, server.port), Some(chosen))
            }
            Login::Bearer { .. } => return Err(EngineError::Internal("a bearer login was not resolved".into())),
        };
        let mut command = format!("AUTHENTICATE \"{mechanism}\" ").into_bytes();
        append_string(&mut command, base64::engine::general_purpose::STANDARD.encode(first.as_slice()).as_bytes());
        command.extend_from_slice(b"\r\n");
        let command = zeroize::Zeroizing::new(command);
        self.send(&command).await?;
        loop {
            let line = self.read_line_tokens().await?;
            match status_of(&line) {
                Some(Status::Ok) => {
                    tracing::debug!(mechanism, "ManageSieve signed in");
                    return Ok(());
                }
                Some(_) => return Err(EngineError::AuthFailed),
                // A challenge: only the bearer mechanisms' error challenge comes here.
                None => {
                    let answer = bearer.map(BearerMechanism::answer_to_error).unwrap_or_default();
                    let mut reply = Vec::new();
                    append_string(&mut reply, base64::engine::general_purpose::STANDARD.encode(answer.as_slice()).as_bytes());
                    reply.extend_from_slice(b"\r\n");
                    self.send(&reply).await?;
                }
            }
        }
    }

    pub(super) async fn send(&mut self, bytes: &[u8]) -> Result<()> {
        self.io.write_all(bytes).await.map_err(lost)?;
        self.io.flush().await.map_err(lost)
    }

    /// Sends a command and reads its response.
    pub(super) async fn command(&mut self, bytes: &[u8]) -> Result<Response> {
        let secs = TIMEOUT.as_secs();
        tokio::time::timeout(TIMEOUT, async {
            self.send(bytes).await?;
            self.read_response().await
        })
        .await
        .map_err(|_| EngineError::Timeout(secs))?
    }

    pub(super) async fn read_response(&mut self) -> Result<Response> {
        let mut lines = Vec::new();
        loop {
            let line = self.read_line_tokens().await?;
            if let Some(status) = status_of(&line) {
                let code = match line.get(1) {
                    Some(Token::Open) => line.get(2).and_then(Token::text),
                    _ => None,
                };
                return Ok(Response { lines, status, code });
            }
            if lines.len() > 100_000 {
                return Err(EngineError::Server("the ManageSieve server's answer has no end".into()));
            }
            lines.push(line);
        }
    }

    /// One logical line: its tokens, literals read in place.
    async fn read_line_tokens(&mut self) -> Result<Vec<Token>> {
        let mut tokens = Vec::new();
        loop {
            let mut raw = Vec::new();
            let n = (&mut self.io).take(MAX_LINE as u64 + 2).read_until(b'\n', &mut raw).await.map_err(lost)?;
            if n == 0 {
                return Err(EngineError::ConnectionLost("the ManageSieve server closed the connection".into()));
            }
            if raw.last() != Some(&b'\n') {
                return Err(EngineError::Server("the ManageSieve server sent an overlong line".into()));
            }
            let literal = tokenize(&raw, &mut tokens)?;
            let Some(size) = literal else { return Ok(tokens) };
            if size > MAX_LITERAL {
                return Err(EngineError::Server("the ManageSieve server sent an oversized string".into()));
            }
            let mut bytes = vec![0; size];
            self.io.read_exact(&mut bytes).await.map_err(lost)?;
            tokens.push(Token::Str(bytes));
        }
    }

    pub async fn logout(mut self) {
        let _ = self.command(b"LOGOUT\r\n").await;
    }
}

fn lost(err: std::io::Error) -> EngineError {
    EngineError::ConnectionLost(err.to_string())
}

fn status_of(line: &[Token]) -> Option<Status> {
    match line.first() {
        Some(Token::Atom(a)) if a.eq_ignore_ascii_case("OK") => Some(Status::Ok),
        Some(Token::Atom(a)) if a.eq_ignore_ascii_case("NO") => Some(Status::No),
        Some(Token::Atom(a)) if a.eq_ignore_ascii_case("BYE") => Some(Status::Bye),
        _ => None,
    }
}

/// Splits one physical line into tokens. Returns the size of a literal (`{n}` or `{n+}`)
/// that ends the line, whose bytes follow.
pub(super) fn tokenize(raw: &[u8], tokens: &mut Vec<Token>) -> Result<Option<usize>> {
    let line = raw.strip_suffix(b"\n").unwrap_or(raw);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let bad = || EngineError::Server("the ManageSieve server's answer could not be read".into());
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b' ' => i += 1,
            b'(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            b')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            b'"' => {
                let mut s = Vec::new();
                i += 1;
                loop {
                    match line.get(i) {
                        None => return Err(bad()),
                        Some(b'"') => break,
                        Some(b'\\') => {
                            s.push(*line.get(i + 1).ok_or_else(bad)?);
                            i += 2;
                        }
                        Some(&c) => {
                            s.push(c);
                            i += 1;
                        }
                    }
                }
                i += 1;
                tokens.push(Token::Str(s));
            }
            b'{' => {
                let close = line[i..].iter().position(|&c| c == b'}').ok_or_else(bad)? + i;
                if close + 1 != line.len() {
                    return Err(bad());
                }
                let digits = std::str::from_utf8(&line[i + 1..close]).map_err(|_| bad())?;
                let size = digits.trim_end_matches('+').parse::<usize>().map_err(|_| bad())?;
                return Ok(Some(size));
            }
            _ => {
                let end = line[i..].iter().position(|&c| matches!(c, b' ' | b'(' | b')' | b'"')).map_or(line.len(), |p| p + i);
                tokens.push(Token::Atom(String::from_utf8_lossy(&line[i..end]).into_owned()));
                i = end;
            }
        }
    }
    Ok(None)
}

/// Appends a string argument: quoted when short and plain, a non-synchronising literal
/// otherwise (RFC 5804 §4: the client's literals are always `{n+}`).
pub(super) fn append_string(out: &mut Vec<u8>, value: &[u8]) {
    let plain = value.len() <= 1024 && !value.iter().any(|&c| matches!(c, b'"' | b'\\' | b'\r' | b'\n' | 0));
    if plain {
        out.push(b'"');
        out.extend_from_slice(value);
        out.push(b'"');
    } else {
        out.extend_from_slice(format!("{{{}+}}\r\n", value.len()).as_bytes());
        out.extend_from_slice(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_capabilities_codes_and_literals() {
        let mut tokens = Vec::new();
        assert_eq!(tokenize(b"\"SIEVE\" \"fileinto vacation\"\r\n", &mut tokens).unwrap(), None);
        assert_eq!(tokens, vec![Token::Str(b"SIEVE".to_vec()), Token::Str(b"fileinto vacation".to_vec())]);
        tokens.clear();
        tokenize(b"NO (QUOTA/MAXSIZE) \"too \\\"big\\\"\"\r\n", &mut tokens).unwrap();
        assert_eq!(tokens[0], Token::Atom("NO".into()));
        assert_eq!(tokens[1], Token::Open);
        assert_eq!(tokens[2], Token::Atom("QUOTA/MAXSIZE".into()));
        assert_eq!(tokens[4], Token::Str(b"too \"big\"".to_vec()));
        tokens.clear();
        assert_eq!(tokenize(b"NO {12}\r\n", &mut tokens).unwrap(), Some(12));
        assert!(tokenize(b"\"open\r\n", &mut Vec::new()).is_err());
    }

    #[test]
    fn strings_are_quoted_or_literal() {
        let mut out = Vec::new();
        append_string(&mut out, b"medimail");
        assert_eq!(out, b"\"medimail\"");
        out.clear();
        append_string(&mut out, b"a\r\nb");
        assert_eq!(out, b"{4+}\r\na\r\nb");
    }
}
