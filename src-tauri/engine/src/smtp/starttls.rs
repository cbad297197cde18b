//! STARTTLS (RFC 3207) spoken here rather than by lettre, so that the upgraded link uses the
//! engine's one TLS policy like every other connection: its roots, and the CPS card as the
//! client identity (lettre's upgrade takes PEM files only). lettre then speaks SMTP over the
//! TLS stream, starting with the greeting read here, replayed.

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio_rustls::client::TlsStream;

use crate::net::{tls_handshake, NetStream};
use crate::server::ServerAddress;
use crate::tls::TlsPolicy;
use crate::{EngineError, Result};

/// A reply longer than this is not an SMTP server's (RFC 5321 lines are at most 512 bytes).
const MAX_REPLY: usize = 16 * 1024;

/// Reads the greeting, asks for STARTTLS and makes the handshake. The returned stream
/// first gives back the greeting, as lettre expects to read one.
pub async fn upgrade(mut tcp: NetStream, server: &ServerAddress, tls: &TlsPolicy, hello: &str) -> Result<SmtpStream> {
    let greeting = read_reply(&mut tcp, server).await?;
    expect(&greeting, 220, server)?;
    send(&mut tcp, format!("EHLO {hello}\r\n").as_bytes(), server).await?;
    let ehlo = read_reply(&mut tcp, server).await?;
    expect(&ehlo, 250, server)?;
    let offered = ehlo.lines.iter().skip(1).any(|l| l.trim().eq_ignore_ascii_case("STARTTLS"));
    if !offered {
        return Err(EngineError::Unsupported("STARTTLS".into()));
    }
    send(&mut tcp, b"STARTTLS\r\n", server).await?;
    let ready = read_reply(&mut tcp, server).await?;
    if ready.code != 220 {
        return Err(EngineError::Unsupported("STARTTLS".into()));
    }
    let stream = tls_handshake(tcp, server, tls).await?;
    Ok(SmtpStream::new(stream, greeting.raw))
}

struct Reply {
    code: u16,
    lines: Vec<String>,
    raw: Vec<u8>,
}

/// One reply, possibly multi-line. Bytes after its last line are refused: a server (or a
/// man in the middle) that sends them before TLS could have them taken as spoken inside
/// TLS (the STARTTLS command injection of CVE-2011-0411, from the other side).
async fn read_reply(tcp: &mut NetStream, server: &ServerAddress) -> Result<Reply> {
    let mut raw = Vec::with_capacity(256);
    let mut chunk = [0u8; 1024];
    loop {
        let n = tcp.read(&mut chunk).await.map_err(|e| EngineError::ConnectionLost(e.to_string()))?;
        if n == 0 {
            return Err(EngineError::ConnectionLost(format!("{server} closed the connection")));
        }
        raw.extend_from_slice(&chunk[..n]);
        if raw.len() > MAX_REPLY {
            return Err(EngineError::Server("the SMTP server's reply is too long".into()));
        }
        if let Some(end) = complete_reply(&raw) {
            if end != raw.len() {
                return Err(EngineError::Server("the SMTP server spoke out of turn before TLS".into()));
            }
            let text = String::from_utf8_lossy(&raw).into_owned();
            let lines: Vec<String> = text.split("\r\n").filter(|l| !l.is_empty()).map(|l| l.get(4..).unwrap_or("").to_owned()).collect();
            let code = text.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
            return Ok(Reply { code, lines, raw });
        }
    }
}

/// The end of the reply's last line ("NNN text\r\n" after any "NNN-text\r\n"), once it is there.
fn complete_reply(raw: &[u8]) -> Option<usize> {
    let mut start = 0;
    while let Some(offset) = raw[start..].windows(2).position(|w| w == b"\r\n") {
        let line = &raw[start..start + offset];
        let end = start + offset + 2;
        if line.len() < 3 || line.get(3) != Some(&b'-') {
            return Some(end);
        }
        start = end;
    }
    None
}

fn expect(reply: &Reply, code: u16, server: &ServerAddress) -> Result<()> {
    if reply.code == code {
        Ok(())
    } else {
        // Only the code: the text is the server's.
        Err(EngineError::Server(format!("{server} answered SMTP {}", reply.code)))
    }
}

async fn send(tcp: &mut NetStream, bytes: &[u8], server: &ServerAddress) -> Result<()> {
    tcp.write_all(bytes).await.map_err(|e| EngineError::Connect { server: server.to_string(), source: e })
}

/// The TLS stream handed to lettre: what was already read (the greeting) comes first.
#[derive(Debug)]
pub struct SmtpStream {
    replay: Vec<u8>,
    replayed: usize,
    inner: TlsStream<NetStream>,
}

impl SmtpStream {
    pub fn new(inner: TlsStream<NetStream>, replay: Vec<u8>) -> SmtpStream {
        SmtpStream { replay, replayed: 0, inner }
    }

    pub fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.inner.get_ref().0.peer_addr()
    }
}

impl AsyncRead for SmtpStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        if this.replayed < this.replay.len() {
            let rest = &this.replay[this.replayed..];
            let n = rest.len().min(buf.remaining());
            buf.put_slice(&rest[..n]);
            this.replayed += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for SmtpStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_ends_with_its_line_without_a_dash() {
        assert_eq!(complete_reply(b"220 ready\r\n"), Some(11));
        assert_eq!(complete_reply(b"250-mail\r\n250-SIZE 10\r\n250 STARTTLS\r\n"), Some(37));
        assert_eq!(complete_reply(b"250-mail\r\n250-SIZE"), None);
        assert_eq!(complete_reply(b"220 ready"), None);
        // What follows the last line is left for the caller to refuse.
        assert_eq!(complete_reply(b"220 ready\r\n250 injected\r\n"), Some(11));
    }
}
