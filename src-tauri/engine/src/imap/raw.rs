//! One command sent and its answer read on the bare stream, for the two commands the IMAP
//! library cannot carry: CAPABILITY before login (it sends commands before login only as
//! LOGIN or AUTHENTICATE) and NAMESPACE (its parser stops at that response). Used only when
//! nothing else is in flight, so nothing of the answer can be waiting in its buffer.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::{EngineError, Result};

/// The answer's lines, the tagged one last.
pub struct Answer {
    bytes: Vec<u8>,
    tagged: String,
}

impl Answer {
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.bytes.split(|b| *b == b'\n').filter_map(|line| std::str::from_utf8(line).ok()).map(|line| line.trim_end_matches('\r'))
    }

    /// Whether the tagged line says OK.
    pub fn ok(&self) -> bool {
        self.lines().any(|line| line.starts_with(&self.tagged) && line[self.tagged.len()..].to_ascii_uppercase().starts_with("OK"))
    }

    /// What follows `* WORD ` on each untagged line of that kind.
    pub fn untagged<'a>(&'a self, word: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.lines().filter_map(move |line| {
            let rest = line.strip_prefix("* ")?;
            let (first, rest) = rest.split_once(' ')?;
            first.eq_ignore_ascii_case(word).then_some(rest)
        })
    }
}

/// Sends `TAG COMMAND` and reads up to its tagged answer, at most `limit` bytes.
pub async fn exchange<S>(stream: &mut S, tag: &str, command: &str, limit: usize) -> Result<Answer>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let lost = |e: std::io::Error| EngineError::ConnectionLost(e.to_string());
    stream.write_all(format!("{tag} {command}\r\n").as_bytes()).await.map_err(lost)?;
    stream.flush().await.map_err(lost)?;
    let mut answer = Answer { bytes: Vec::new(), tagged: format!("{tag} ") };
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await.map_err(lost)?;
        if n == 0 {
            return Err(EngineError::ConnectionLost("the IMAP server closed the connection".into()));
        }
        answer.bytes.extend_from_slice(&chunk[..n]);
        if answer.bytes.ends_with(b"\r\n") && answer.lines().any(|line| line.starts_with(&answer.tagged)) {
            return Ok(answer);
        }
        if answer.bytes.len() > limit {
            return Err(EngineError::Server("the IMAP server's answer could not be read".into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_up_to_the_tagged_line_and_keeps_the_untagged_ones() {
        let (mut client, mut server) = tokio::io::duplex(1024);
        let serve = tokio::spawn(async move {
            let mut line = [0u8; 64];
            let n = server.read(&mut line).await.unwrap();
            assert_eq!(&line[..n], b"T1 CAPABILITY\r\n");
            server.write_all(b"* CAPABILITY IMAP4rev1 AUTH=XOAUTH2\r\n").await.unwrap();
            server.write_all(b"T1 OK done\r\n").await.unwrap();
        });
        let answer = exchange(&mut client, "T1", "CAPABILITY", 1024).await.unwrap();
        serve.await.unwrap();
        assert!(answer.ok());
        assert_eq!(answer.untagged("CAPABILITY").collect::<Vec<_>>(), ["IMAP4rev1 AUTH=XOAUTH2"]);
    }

    #[tokio::test]
    async fn an_endless_answer_is_refused_at_the_limit() {
        let (mut client, mut server) = tokio::io::duplex(1 << 16);
        tokio::spawn(async move {
            let mut line = [0u8; 64];
            let _ = server.read(&mut line).await;
            for _ in 0..100 {
                let _ = server.write_all(b"* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n").await;
            }
        });
        let err = exchange(&mut client, "T1", "NAMESPACE", 1024).await.err().expect("refused");
        assert_eq!(err.code(), crate::ErrorCode::Server);
    }
}
