//! The organisational mailboxes the signed-in user may open, as the server lists them in
//! its other users' and shared namespaces (RFC 2342; with Dovecot's ACL plugin, each mailbox
//! shared with the user is `Shared/<address>/…`). Asked on a fresh session, before any folder
//! is selected: NAMESPACE is read on the bare stream (see `namespace.rs`).


use super::{decode_name, ImapSession};
use crate::{EngineError, Result};

pub(crate) const TAG: &str = "MMNS2";
const LIMIT: usize = 64 * 1024;
const ANSWER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The addresses of the mailboxes shared with the user (each once, in the server's order).
pub async fn shared_mailboxes(session: &mut ImapSession) -> Result<Vec<String>> {
    let prefixes = tokio::time::timeout(ANSWER_TIMEOUT, other_prefixes(session))
        .await
        .map_err(|_| EngineError::Timeout(ANSWER_TIMEOUT.as_secs()))??;
    let mut found = Vec::new();
    for (prefix, delimiter) in prefixes {
        let pattern = format!("{}%", super::encode_name(&prefix));
        let names: Vec<_> = super::folders::list(session, &pattern).await?;
        for name in names {
            let name = decode_name(name.name());
            let Some(rest) = name.strip_prefix(&prefix) else { continue };
            let owner = delimiter.map_or(rest, |d| rest.split(d).next().unwrap_or(rest));
            // A mailbox shared by a person or an organisation is named by its address.
            if owner.contains('@') && !found.iter().any(|f: &String| f.eq_ignore_ascii_case(owner)) {
                found.push(owner.to_owned());
            }
        }
    }
    Ok(found)
}

/// The prefixes of the other users' and shared namespaces, with their delimiters.
async fn other_prefixes(session: &mut ImapSession) -> Result<Vec<(String, Option<char>)>> {
    let answer = super::raw::exchange(session.get_mut(), TAG, "NAMESPACE", LIMIT).await?;
    if !answer.ok() {
        return Ok(Vec::new());
    }
    Ok(read_others(&answer))
}

/// The other users' and shared prefixes of an answer to NAMESPACE.
pub(crate) fn read_others(answer: &super::raw::Answer) -> Vec<(String, Option<char>)> {
    answer.untagged("NAMESPACE").flat_map(parse_others).collect()
}

/// The second and third groups of a NAMESPACE answer: `(("" "/")) (("Shared/" "/")) NIL`.
pub(crate) fn parse_others(data: &str) -> Vec<(String, Option<char>)> {
    let mut out = Vec::new();
    let groups = split_groups(data);
    for group in groups.iter().skip(1) {
        let mut rest = group.as_str();
        while let Some(start) = rest.find("(\"") {
            let Some((prefix, after)) = super::namespace::quoted(&rest[start + 1..]) else { break };
            let after = after.trim_start();
            let (delimiter, after) = match super::namespace::quoted(after) {
                Some((d, after)) => (d.chars().next(), after),
                None => (None, after),
            };
            out.push((decode_name(&prefix), delimiter));
            rest = after;
        }
    }
    out
}

/// The three top-level groups (each `NIL` or a parenthesised list), quotes respected.
fn split_groups(data: &str) -> Vec<String> {
    let mut groups = Vec::new();
    let (mut depth, mut in_quote, mut escaped, mut current) = (0i32, false, false, String::new());
    for c in data.trim().chars() {
        if in_quote {
            current.push(c);
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_quote = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => {
                in_quote = true;
                current.push(c);
            }
            '(' => {
                depth += 1;
                current.push(c);
            }
            ')' => {
                depth -= 1;
                current.push(c);
            }
            ' ' if depth == 0 => {
                if !current.is_empty() {
                    groups.push(std::mem::take(&mut current));
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_other_users_and_shared_namespaces() {
        assert_eq!(parse_others("((\"\" \"/\")) ((\"Shared/\" \"/\")) NIL"), vec![("Shared/".to_owned(), Some('/'))]);
        assert_eq!(
            parse_others("((\"INBOX.\" \".\")) NIL ((\"#shared.\" \".\")(\"shared.\" \".\"))"),
            vec![("#shared.".to_owned(), Some('.')), ("shared.".to_owned(), Some('.'))]
        );
        assert!(parse_others("((\"\" \"/\")) NIL NIL").is_empty());
        assert!(parse_others("").is_empty());
    }
}
