//! What changed on messages the store already has: flag changes and expunges.

use std::collections::HashSet;

use async_imap::imap_proto::Response;
use async_imap::types::UnsolicitedResponse;
use futures::TryStreamExt;

use super::flags::flag_state;
use super::{drain_unsolicited, protocol_error, ImapSession};
use crate::store::FlagState;
use crate::Result;

#[derive(Debug, Default)]
pub struct FlagChanges {
    pub flags: Vec<(u32, FlagState, Option<u64>)>,
    /// UIDs the server reported as expunged; `None` when it cannot say (then the caller
    /// compares full UID lists).
    pub vanished: Option<Vec<u32>>,
}

/// CONDSTORE/QRESYNC: only what changed since `modseq`, and with QRESYNC the UIDs
/// expunged since then (VANISHED (EARLIER)).
pub async fn changes_since(session: &mut ImapSession, modseq: u64, qresync: bool) -> Result<FlagChanges> {
    drain_unsolicited(session);
    let modifier = if qresync {
        format!("(CHANGEDSINCE {modseq} VANISHED)")
    } else {
        format!("(CHANGEDSINCE {modseq})")
    };
    let mut stream = session
        .uid_fetch("1:*", format!("(UID FLAGS) {modifier}"))
        .await
        .map_err(protocol_error)?;
    // Replies are reduced as they come: each one holds a whole read buffer.
    let mut flags = Vec::new();
    while let Some(fetch) = stream.try_next().await.map_err(protocol_error)? {
        if let Some(uid) = fetch.uid {
            flags.push((uid, flag_state(&fetch), fetch.modseq));
        }
    }
    drop(stream);
    let vanished = if qresync {
        let mut uids = Some(Vec::new());
        for response in drain_unsolicited(session) {
            if let UnsolicitedResponse::Other(data) = response {
                if let Response::Vanished { uids: ranges, .. } = data.parsed() {
                    vanished_uids(ranges, &mut uids);
                }
            }
        }
        uids
    } else {
        None
    };
    Ok(FlagChanges { flags, vanished })
}

/// More expunged UIDs than any folder holds: past this a VANISHED answer is not expanded.
const MOST_VANISHED: u64 = 10_000_000;

/// Adds the UIDs of a VANISHED answer's ranges. A server can write `1:4294967295` in a few
/// bytes, which expanded would take 16 GB (seen while writing the imap_responses fuzz
/// target, which runs out of memory on it): past [`MOST_VANISHED`] the
/// answer says nothing (`None`), and the caller compares full UID lists instead.
pub(crate) fn vanished_uids(ranges: &[std::ops::RangeInclusive<u32>], uids: &mut Option<Vec<u32>>) {
    let Some(found) = uids else { return };
    let count = ranges.iter().map(|r| u64::from(r.end().saturating_sub(*r.start())) + 1).sum::<u64>();
    if found.len() as u64 + count > MOST_VANISHED {
        tracing::warn!(count, "a VANISHED answer too large to expand; comparing UID lists instead");
        *uids = None;
        return;
    }
    for range in ranges {
        found.extend(range.clone());
    }
}

/// Without CONDSTORE, or to check: every UID with its flags.
pub async fn all_flags(session: &mut ImapSession) -> Result<(Vec<(u32, FlagState, Option<u64>)>, HashSet<u32>)> {
    drain_unsolicited(session);
    let mut stream = session.uid_fetch("1:*", "(UID FLAGS)").await.map_err(protocol_error)?;
    let mut uids = HashSet::new();
    let mut flags = Vec::new();
    while let Some(fetch) = stream.try_next().await.map_err(protocol_error)? {
        if let Some(uid) = fetch.uid {
            uids.insert(uid);
            flags.push((uid, flag_state(&fetch), fetch.modseq));
        }
    }
    Ok((flags, uids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_vanished_answer_says_nothing_rather_than_fill_memory() {
        let mut uids = Some(Vec::new());
        vanished_uids(&[1..=3, 7..=7], &mut uids);
        assert_eq!(uids.as_deref(), Some(&[1, 2, 3, 7][..]));
        vanished_uids(&[1..=u32::MAX], &mut uids);
        assert_eq!(uids, None);
        vanished_uids(&[9..=9], &mut uids);
        assert_eq!(uids, None);
    }
}
