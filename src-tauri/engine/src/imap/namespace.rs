//! NAMESPACE (RFC 2342): where the user's folders live and how their levels are separated.
//!
//! Written by hand: async-imap's parser (imap-proto) does not know the NAMESPACE response
//! and its reader stops at a response it cannot parse; imap-codec reads it only in its 2.0
//! pre-releases. So the command goes out and its answer is read on the bare stream, right
//! after login, when no other command is in flight; only the first personal namespace is
//! read, which is all the app uses.

use futures::TryStreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{decode_name, protocol_error, Capabilities, ImapSession};
use crate::folder_names::Namespace;
use crate::{EngineError, Result};

const TAG: &str = "MMNS1";
/// A NAMESPACE answer is a line or two; more means something else is being read.
const LIMIT: usize = 64 * 1024;
/// Read by hand, the answer gets the bound a library command would have had.
const ANSWER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The personal namespace, or the top level with the server's delimiter when it offers
/// no NAMESPACE. Asked before any folder is selected: the answer is read on the bare stream,
/// where a selected folder's news could be waiting in the library's buffer.
pub async fn personal_namespace(session: &mut ImapSession, caps: Capabilities) -> Result<Namespace> {
    if caps.namespace {
        if let Some(found) = ask(session).await? {
            return Ok(found);
        }
    }
    let root: Vec<_> = session
        .list(Some(""), Some(""))
        .await
        .map_err(protocol_error)?
        .try_collect()
        .await
        .map_err(protocol_error)?;
    let delimiter = root.iter().find_map(|name| name.delimiter()).and_then(|d| d.chars().next());
    Ok(Namespace { prefix: String::new(), delimiter })
}

async fn ask(session: &mut ImapSession) -> Result<Option<Namespace>> {
    tokio::time::timeout(ANSWER_TIMEOUT, exchange(session))
        .await
        .map_err(|_| EngineError::Timeout(ANSWER_TIMEOUT.as_secs()))?
}

async fn exchange(session: &mut ImapSession) -> Result<Option<Namespace>> {
    let lost = |e: std::io::Error| EngineError::ConnectionLost(e.to_string());
    let stream = session.get_mut();
    stream.write_all(format!("{TAG} NAMESPACE\r\n").as_bytes()).await.map_err(lost)?;
    stream.flush().await.map_err(lost)?;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    let tagged = format!("{TAG} ");
    loop {
        let n = stream.read(&mut chunk).await.map_err(lost)?;
        if n == 0 {
            return Err(EngineError::ConnectionLost("the IMAP server closed the connection".into()));
        }
        answer.extend_from_slice(&chunk[..n]);
        if answer.ends_with(b"\r\n") && lines(&answer).any(|line| line.starts_with(&tagged)) {
            break;
        }
        if answer.len() > LIMIT {
            return Err(EngineError::Server("the IMAP server's answer could not be read".into()));
        }
    }
    let ok = lines(&answer).any(|line| line.starts_with(&tagged) && line[tagged.len()..].starts_with("OK"));
    if !ok {
        return Ok(None);
    }
    let found = lines(&answer).find_map(|line| {
        let rest = line.strip_prefix("* ")?;
        let (word, rest) = rest.split_once(' ')?;
        word.eq_ignore_ascii_case("NAMESPACE").then(|| parse_personal(rest)).flatten()
    });
    Ok(found)
}

fn lines(answer: &[u8]) -> impl Iterator<Item = &str> {
    answer.split(|b| *b == b'\n').filter_map(|line| std::str::from_utf8(line).ok())
}

/// The first personal namespace of a NAMESPACE response's data: `(("INBOX." ".")) NIL NIL`.
/// `None` when the server lists none, or writes it in a form not read here (a literal).
fn parse_personal(data: &str) -> Option<Namespace> {
    let rest = data.trim_start().strip_prefix("((")?;
    let (prefix, rest) = quoted(rest)?;
    let rest = rest.strip_prefix(' ')?;
    let delimiter = if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case("NIL") {
        None
    } else {
        let (delimiter, _) = quoted(rest)?;
        Some(delimiter.chars().next()?)
    };
    Some(Namespace { prefix: decode_name(&prefix), delimiter })
}

/// A quoted string and what follows it.
fn quoted(input: &str) -> Option<(String, &str)> {
    let body = input.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &body[i + 1..])),
            '\\' => out.push(chars.next()?.1),
            _ => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_personal_namespace() {
        let courier = parse_personal("((\"INBOX.\" \".\")) NIL ((\"#shared.\" \".\")(\"shared.\" \".\"))").unwrap();
        assert_eq!(courier, Namespace { prefix: "INBOX.".into(), delimiter: Some('.') });
        let dovecot = parse_personal("((\"\" \"/\")) NIL ((\"Shared/\" \"/\"))").unwrap();
        assert_eq!(dovecot, Namespace { prefix: String::new(), delimiter: Some('/') });
        let flat = parse_personal("((\"\" NIL)) NIL NIL").unwrap();
        assert_eq!(flat.delimiter, None);
        let escaped = parse_personal("((\"Mail\\\\\" \"\\\\\")) NIL NIL").unwrap();
        assert_eq!(escaped, Namespace { prefix: "Mail\\".into(), delimiter: Some('\\') });
        let extended = parse_personal("((\"INBOX/\" \"/\" \"X-PARAM\" (\"FLAG1\"))) NIL NIL").unwrap();
        assert_eq!(extended.prefix, "INBOX/");
    }

    #[test]
    fn nothing_usable_is_none() {
        for data in ["NIL NIL NIL", "", "((", "(({6}\r\nINBOX. \".\")) NIL NIL", "((\"INBOX. \".\"", "((\"INBOX.\" \"\"))"] {
            assert_eq!(parse_personal(data), None, "{data:?}");
        }
    }
}
