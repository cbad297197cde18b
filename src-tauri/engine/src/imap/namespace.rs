//! NAMESPACE (RFC 2342): where the user's folders live and how their levels are separated.
//!
//! Written by hand: async-imap's parser (imap-proto) does not know the NAMESPACE response
//! and its reader stops at a response it cannot parse; imap-codec reads it only in its 2.0
//! pre-releases. So the command goes out and its answer is read on the bare stream, right
//! after login, when no other command is in flight; only the first personal namespace is
//! read, which is all the app uses.

use super::{decode_name, Capabilities, ImapSession};
use crate::folder_names::Namespace;
use crate::{EngineError, Result};

pub(crate) const TAG: &str = "MMNS1";
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
    let root: Vec<_> = super::folders::list(session, "").await?;
    let delimiter = root.iter().find_map(|name| name.delimiter()).and_then(|d| d.chars().next());
    Ok(Namespace { prefix: String::new(), delimiter })
}

async fn ask(session: &mut ImapSession) -> Result<Option<Namespace>> {
    tokio::time::timeout(ANSWER_TIMEOUT, exchange(session))
        .await
        .map_err(|_| EngineError::Timeout(ANSWER_TIMEOUT.as_secs()))?
}

async fn exchange(session: &mut ImapSession) -> Result<Option<Namespace>> {
    let answer = super::raw::exchange(session.get_mut(), TAG, "NAMESPACE", LIMIT).await?;
    if !answer.ok() {
        return Ok(None);
    }
    Ok(read_personal(&answer))
}

/// The personal namespace of an answer to NAMESPACE.
pub(crate) fn read_personal(answer: &super::raw::Answer) -> Option<Namespace> {
    answer.untagged("NAMESPACE").find_map(parse_personal)
}

/// The first personal namespace of a NAMESPACE response's data: `(("INBOX." ".")) NIL NIL`.
/// `None` when the server lists none, or writes it in a form not read here (a literal).
pub(crate) fn parse_personal(data: &str) -> Option<Namespace> {
    let rest = data.trim_start().strip_prefix("((")?;
    let (prefix, rest) = quoted(rest)?;
    let rest = rest.strip_prefix(' ')?;
    // `get`, not slicing: a server's bytes may put a multi-byte character there.
    let delimiter = if rest.get(..3).is_some_and(|word| word.eq_ignore_ascii_case("NIL")) {
        None
    } else {
        let (delimiter, _) = quoted(rest)?;
        Some(delimiter.chars().next()?)
    };
    Some(Namespace { prefix: decode_name(&prefix), delimiter })
}

/// A quoted string and what follows it.
pub(crate) fn quoted(input: &str) -> Option<(String, &str)> {
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
        // The last one crashed the sync (a slice inside a character), found by fuzzing.
        for data in ["NIL NIL NIL", "", "((", "(({6}\r\nINBOX. \".\")) NIL NIL", "((\"INBOX. \".\"", "((\"INBOX.\" \"\"))", "((\"INBOX.\" é))"] {
            assert_eq!(parse_personal(data), None, "{data:?}");
        }
    }
}
