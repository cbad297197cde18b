//! SELECT with CONDSTORE when offered: the folder's numbering and change counter.

use super::{drain_unsolicited, encode_name, protocol_error, ImapSession};
use crate::{EngineError, Result};

/// What the server offers that sync cares about.
#[derive(Debug, Clone, Copy, Default)]
pub struct Capabilities {
    pub condstore: bool,
    pub qresync: bool,
    pub uidplus: bool,
    pub mv: bool,
    pub idle: bool,
    pub namespace: bool,
    /// Server annotations (RFC 5464): the list of "Appareils".
    pub metadata: bool,
    /// Non-synchronising literals (RFC 7888): long annotation values go as literals.
    pub literal_plus: bool,
}

impl Capabilities {
    /// Reads CAPABILITY and turns QRESYNC on when offered (it changes how the server
    /// reports expunges: VANISHED instead of EXPUNGE).
    pub async fn negotiate(session: &mut ImapSession) -> Result<Capabilities> {
        let caps = session.capabilities().await.map_err(protocol_error)?;
        let mut found = Capabilities {
            condstore: caps.has_str("CONDSTORE") || caps.has_str("QRESYNC"),
            qresync: caps.has_str("QRESYNC"),
            uidplus: caps.has_str("UIDPLUS"),
            mv: caps.has_str("MOVE"),
            idle: caps.has_str("IDLE"),
            namespace: caps.has_str("NAMESPACE"),
            metadata: caps.has_str("METADATA") || caps.has_str("METADATA-SERVER"),
            literal_plus: caps.has_str("LITERAL+"),
        };
        if found.qresync && session.run_command_and_check_ok("ENABLE QRESYNC").await.is_err() {
            found.qresync = false;
        }
        tracing::debug!(?found, "imap: server extensions");
        Ok(found)
    }
}

#[derive(Debug, Clone)]
pub struct Selected {
    pub uidvalidity: u32,
    pub uidnext: Option<u32>,
    pub highestmodseq: Option<u64>,
    pub exists: u32,
}

pub async fn select(session: &mut ImapSession, name: &str, caps: Capabilities) -> Result<Selected> {
    drain_unsolicited(session);
    let encoded = encode_name(name);
    let mailbox = if caps.condstore {
        session.select_condstore(&encoded).await
    } else {
        session.select(&encoded).await
    }
    .map_err(protocol_error)?;
    // A line cut in the middle of the answer is an error of its own (`line.rs`): an answer
    // without UIDVALIDITY is the server's.
    let Some(uidvalidity) = mailbox.uid_validity else {
        return Err(EngineError::Unsupported("UIDVALIDITY".into()));
    };
    Ok(Selected {
        uidvalidity,
        uidnext: mailbox.uid_next,
        highestmodseq: if caps.condstore { mailbox.highest_modseq } else { None },
        exists: mailbox.exists,
    })
}

/// STATUS: the numbers of SELECT without opening the folder, about ten times cheaper on
/// Dovecot. Only with CONDSTORE (HIGHESTMODSEQ). `None` when the answer lacks one of them.
pub async fn status(session: &mut ImapSession, name: &str) -> Result<Option<Selected>> {
    drain_unsolicited(session);
    let mailbox = session
        .status(encode_name(name), "(MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)")
        .await
        .map_err(protocol_error)?;
    Ok(status_numbers(&mailbox))
}

/// A STATUS answer's numbers, when it has all three that sync needs.
pub(crate) fn status_numbers(mailbox: &async_imap::types::Mailbox) -> Option<Selected> {
    match (mailbox.uid_validity, mailbox.uid_next, mailbox.highest_modseq) {
        (Some(uidvalidity), Some(uidnext), Some(highestmodseq)) => Some(Selected {
            uidvalidity,
            uidnext: Some(uidnext),
            highestmodseq: Some(highestmodseq),
            exists: mailbox.exists,
        }),
        _ => None,
    }
}
