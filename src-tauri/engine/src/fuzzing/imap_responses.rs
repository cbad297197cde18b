//! An IMAP server's answers as the client reads them: mailbox names (modified UTF-7), the
//! responses the library parses (imap-proto, through async-imap's own reader) and the
//! engine's conversions of their LIST, STATUS, FETCH flags, VANISHED and METADATA data, and
//! the answers the engine reads by hand on the bare stream (NAMESPACE, ACL, MYRIGHTS).

use std::pin::Pin;
use std::task::{Context, Poll};

use async_imap::imap_proto::{AttributeValue, MailboxDatum, MailboxListData, Response, StatusAttribute};
use async_imap::types::{Flag, Mailbox};
use futures::executor::block_on;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::folder_names::Namespace;
use crate::imap::{acl, changes, decode_name, flags, folders, metadata, mutf7, namespace, next_response, raw, select, shared};

/// Responses read from one input at most: the reader must make progress on every one.
const MOST_RESPONSES: usize = 10_000;
/// The bound the hand-read commands give their answers (as `namespace.rs` does).
const ANSWER_LIMIT: usize = 64 * 1024;

pub fn imap_responses(data: &[u8]) {
    mailbox_names(data);
    library_responses(data);
    hand_read_answers(data);
}

/// Any name the server sends decodes or is refused, and what decodes encodes back to it.
fn mailbox_names(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(decoded) = mutf7::decode(&text) {
        assert_eq!(mutf7::decode(&mutf7::encode(&decoded)).as_deref(), Ok(decoded.as_str()), "name round trip");
    }
    assert_eq!(mutf7::decode(&mutf7::encode(&text)).as_deref(), Ok(&*text), "any text encodes to a name that decodes back");
    let _ = decode_name(&text);
}

/// The bytes as a server's answers, read by async-imap's own stream reader, each response
/// through the engine's conversion of its kind.
fn library_responses(data: &[u8]) {
    let mut client = async_imap::Client::new(Server::new(data));
    let layouts = [
        Namespace { prefix: String::new(), delimiter: Some('/') },
        Namespace { prefix: "INBOX.".into(), delimiter: Some('.') },
    ];
    let mut listed = Vec::new();
    let mut vanished = Some(Vec::new());
    for _ in 0..MOST_RESPONSES {
        // As `imap/metadata.rs` reads: the library's parser panics are the engine's errors.
        let Ok(Some(response)) = block_on(next_response(client.read_response())) else { break };
        match response.parsed() {
            Response::MailboxData(MailboxDatum::List(MailboxListData { name_attributes, delimiter, name })) => {
                let entry = folders::Listed { attributes: name_attributes, delimiter: delimiter.as_deref(), name };
                for layout in &layouts {
                    listed.push(folders::server_folder(&entry, layout));
                }
            }
            Response::MailboxData(MailboxDatum::Status { status, .. }) => {
                // As async-imap's `status` fills its Mailbox.
                let mut mailbox = Mailbox::default();
                for attribute in status {
                    match attribute {
                        StatusAttribute::HighestModSeq(n) => mailbox.highest_modseq = Some(*n),
                        StatusAttribute::Messages(n) => mailbox.exists = *n,
                        StatusAttribute::UidNext(n) => mailbox.uid_next = Some(*n),
                        StatusAttribute::UidValidity(n) => mailbox.uid_validity = Some(*n),
                        _ => {}
                    }
                }
                let _ = select::status_numbers(&mailbox);
            }
            Response::Fetch(_, attributes) => {
                for attribute in attributes {
                    if let AttributeValue::Flags(atoms) = attribute {
                        let state = flags::flag_state_of_flags(atoms.iter().map(|atom| Flag::from(atom.as_ref())));
                        assert!(state.keywords.windows(2).all(|w| w[0] < w[1]), "keywords unsorted or repeated");
                    }
                }
            }
            Response::Vanished { uids, .. } => changes::vanished_uids(uids, &mut vanished),
            Response::MailboxData(MailboxDatum::MetadataSolicited { values, .. }) => {
                let _ = metadata::entries_of(values).count();
            }
            _ => {}
        }
    }
    folders::assign_roles(&mut listed);
    let mut roles: Vec<_> = listed.iter().filter_map(|f| f.role).collect();
    let count = roles.len();
    roles.sort_by_key(|r| r.as_str());
    roles.dedup();
    assert_eq!(roles.len(), count, "a role given to two folders");
}

/// The bytes as the answer to each command the engine reads by hand.
fn hand_read_answers(data: &[u8]) {
    let tags = [namespace::TAG, shared::TAG, acl::get::TAG, acl::my_rights::TAG];
    for tag in tags {
        let Ok(answer) = block_on(raw::exchange(&mut Server::new(data), tag, "NAMESPACE", ANSWER_LIMIT)) else { continue };
        let _ = acl::outcome(&answer, tag);
        if let Some(found) = namespace::read_personal(&answer) {
            let _ = found.path_of("INBOX.Résultats");
        }
        let _ = shared::read_others(&answer);
        let _ = acl::get::read_acl(&answer);
        let _ = acl::my_rights::read_rights(&answer);
    }
    // And each line's data as the readers take it, whatever word it follows.
    for line in String::from_utf8_lossy(data).lines() {
        let rest = line.split_once(' ').map_or(line, |(_, rest)| rest);
        let _ = namespace::parse_personal(rest);
        let _ = shared::parse_others(rest);
        let _ = acl::astrings(rest);
        let _ = namespace::quoted(rest);
    }
}

/// A server that answers with the input, in small reads (so answers arrive split the way a
/// network splits them), and swallows whatever the client writes.
struct Server<'a> {
    rest: &'a [u8],
}

impl<'a> Server<'a> {
    /// Bytes a read gives at most.
    const CHUNK: usize = 61;

    fn new(data: &'a [u8]) -> Server<'a> {
        Server { rest: data }
    }
}

impl std::fmt::Debug for Server<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Server({} bytes left)", self.rest.len())
    }
}

impl AsyncRead for Server<'_> {
    fn poll_read(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let n = self.rest.len().min(buf.remaining()).min(Self::CHUNK);
        buf.put_slice(&self.rest[..n]);
        self.rest = &self.rest[n..];
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for Server<'_> {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
