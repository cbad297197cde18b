//! The byte stream under every IMAP session: an end of stream is a failure, and a line that
//! failed once is not used again.
//!
//! async-imap ends a command's answer quietly when its stream ends before the tagged line:
//! a FETCH, a STATUS or a UID SEARCH then hands back what was read so far as if it were the
//! whole answer, and every later command on that session reads an empty one. A server that
//! closes cleanly in the middle of an answer (TLS close_notify, as a restarting Dovecot
//! does) thus made a sync take a cut UID list for the folder's own: the messages missing
//! from it were recorded as gone from the server. rustls already reports a connection cut
//! without close_notify as an error; this makes the clean end one too, below the library,
//! so every command of every caller fails instead of answering short. Fixing each caller
//! would leave the next one exposed.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, BufWriter, ReadBuf};
use tokio_rustls::client::TlsStream;

use crate::net::NetStream;

#[derive(Debug)]
pub struct ImapLine<S> {
    inner: S,
    failed: bool,
}

/// The buffer makes each command leave as one TLS record and one segment: async-imap
/// writes a command in pieces (tag, text, line end), then flushes.
pub type TlsLine = ImapLine<BufWriter<TlsStream<NetStream>>>;

impl TlsLine {
    pub fn new(tls: TlsStream<NetStream>) -> TlsLine {
        ImapLine::over(BufWriter::new(tls))
    }

    /// The TCP connection, for its stall limit.
    pub fn net(&mut self) -> &mut NetStream {
        self.inner.get_mut().get_mut().0
    }
}

impl<S> ImapLine<S> {
    fn over(inner: S) -> ImapLine<S> {
        ImapLine { inner, failed: false }
    }
}

fn failed_before() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "the IMAP connection failed earlier")
}

impl<S: AsyncRead + Unpin> AsyncRead for ImapLine<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.failed {
            return Poll::Ready(Err(failed_before()));
        }
        let before = buf.filled().len();
        let read = ready!(Pin::new(&mut this.inner).poll_read(cx, buf));
        let ended = matches!(read, Ok(())) && buf.filled().len() == before && buf.remaining() > 0;
        if read.is_err() || ended {
            this.failed = true;
        }
        Poll::Ready(match read {
            Ok(()) if ended => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the IMAP server closed the connection")),
            other => other,
        })
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for ImapLine<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, bytes: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.failed {
            return Poll::Ready(Err(failed_before()));
        }
        let written = ready!(Pin::new(&mut this.inner).poll_write(cx, bytes));
        this.failed |= written.is_err();
        Poll::Ready(written)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.failed {
            return Poll::Ready(Err(failed_before()));
        }
        let flushed = ready!(Pin::new(&mut this.inner).poll_flush(cx));
        this.failed |= flushed.is_err();
        Poll::Ready(flushed)
    }

    // Closing stays possible after a failure: it only lets the connection go.
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, DuplexStream};

    use super::*;

    /// A server that logs in, answers one UID SEARCH with a single untagged line, then
    /// closes the connection cleanly before the tagged OK.
    async fn server_closing_mid_answer(server: DuplexStream) {
        let mut server = BufReader::new(server);
        let _ = server.get_mut().write_all(b"* OK ready\r\n").await;
        let mut line = String::new();
        while server.read_line(&mut line).await.unwrap_or(0) > 0 {
            let tag = line.split(' ').next().unwrap_or("*").to_owned();
            if line.contains("LOGIN") {
                let _ = server.get_mut().write_all(format!("{tag} OK logged in\r\n").as_bytes()).await;
            } else {
                let _ = server.get_mut().write_all(b"* SEARCH 1 2\r\n").await;
                return;
            }
            line.clear();
        }
    }

    async fn session<S>(stream: S) -> async_imap::Session<S>
    where
        S: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
    {
        let mut client = async_imap::Client::new(stream);
        client.read_response().await.expect("greeting").expect("a greeting");
        client.login("user", "password").await.map_err(|(e, _)| e).expect("logged in")
    }

    #[tokio::test]
    async fn the_library_alone_takes_a_cut_answer_for_a_whole_one() {
        // Why this module exists: if this ever fails, async-imap reports the end itself.
        let (client, server) = tokio::io::duplex(4096);
        tokio::spawn(server_closing_mid_answer(server));
        let mut session = session(client).await;
        assert_eq!(session.uid_search("ALL").await.expect("a short answer, taken as whole"), HashSet::from([1, 2]));
    }

    #[tokio::test]
    async fn an_answer_cut_by_a_clean_close_is_a_failure_and_the_line_is_not_used_again() {
        let (client, server) = tokio::io::duplex(4096);
        tokio::spawn(server_closing_mid_answer(server));
        let mut session = session(ImapLine::over(client)).await;
        assert!(session.uid_search("ALL").await.is_err(), "the end of the stream before the tagged line");
        assert!(session.uid_search("ALL").await.is_err(), "a later command does not read an empty answer");
        assert!(session.noop().await.is_err());
    }
}
