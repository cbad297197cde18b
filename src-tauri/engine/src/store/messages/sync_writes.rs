//! What sync records from the server: new messages (matched by content with those waiting
//! for a server identity, never duplicated), flag changes, and what the server no longer has.

use rusqlite::{params, OptionalExtension, Transaction};

use super::FlagState;
use crate::store::receipts::{self, ReceiptFacts};
use crate::store::search_index::{self, SearchWords};
use crate::store::{now, Store};
use crate::types::FlagColor;
use crate::{EngineError, Result};

/// One message as fetched from the server, with what was read from it for the store.
#[derive(Debug)]
pub struct FetchedMessage {
    pub uidvalidity: u32,
    pub uid: u32,
    pub modseq: Option<u64>,
    pub flags: FlagState,
    pub internal_date: Option<i64>,
    pub raw: Vec<u8>,
    pub hash: [u8; 32],
    pub fields: MessageFields,
}

/// What the store records of a new message, read from it before it reaches the store
/// (`crate::extract`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageFields {
    /// Without angle brackets.
    pub message_id: Option<String>,
    /// The first In-Reply-To.
    pub in_reply_to: Option<String>,
    pub from_name: Option<String>,
    pub from_addr: Option<String>,
    /// Unix seconds, from the Date header.
    pub date: Option<i64>,
    pub has_attachments: bool,
    /// How many things in it were malformed.
    pub problems: usize,
    pub words: SearchWords,
    pub receipts: ReceiptFacts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Insertion {
    /// A message the store did not have.
    New(i64),
    /// A message the store had, found again (moved on the server, matched after a local
    /// move, or after a UIDVALIDITY change): updated in place, never duplicated.
    Adopted(i64),
    /// Already recorded under this UID.
    Known(i64),
}

/// Level 1 compresses these messages as well as 3 does (63.0 % against 62.7 % of their size,
/// BENCHMARKS.md "Cheaper inserts") in four fifths of the time.
const ZSTD_LEVEL: i32 = 1;

/// A fetched message with its raw bytes compressed, ready for the writer.
#[derive(Debug)]
pub struct PreparedMessage {
    pub message: FetchedMessage,
    compressed: Vec<u8>,
}

/// One zstd context reused from message to message: a new context per message (tables,
/// CPU detection) was about 9 % of an initial sync.
pub struct RawCompressor(zstd::bulk::Compressor<'static>);

impl RawCompressor {
    pub fn new() -> Result<RawCompressor> {
        zstd::bulk::Compressor::new(ZSTD_LEVEL)
            .map(RawCompressor)
            .map_err(|e| EngineError::Store(format!("compression failed: {e}")))
    }

    fn compress(&mut self, raw: &[u8]) -> Result<Vec<u8>> {
        self.0
            .compress(raw)
            .map_err(|e| EngineError::Store(format!("compression failed: {e}")))
    }

    pub fn prepare(&mut self, message: FetchedMessage) -> Result<PreparedMessage> {
        let compressed = self.compress(&message.raw)?;
        Ok(PreparedMessage { message, compressed })
    }
}

impl Store {
    /// UIDs the store believes the server has in this folder.
    pub fn server_uids(&self, folder_id: i64, uidvalidity: u32) -> Result<Vec<u32>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT uid FROM message WHERE folder_id = ?1 AND uidvalidity = ?2 AND uid IS NOT NULL AND on_server = 1",
        )?;
        let uids = stmt
            .query_map(params![folder_id, uidvalidity], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<u32>>>()?;
        Ok(uids)
    }

    pub fn server_uid_count(&self, folder_id: i64, uidvalidity: u32) -> Result<usize> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM message WHERE folder_id = ?1 AND uidvalidity = ?2 AND uid IS NOT NULL AND on_server = 1",
            params![folder_id, uidvalidity],
            |r| r.get(0),
        )?)
    }

    /// The highest UID recorded for this folder (whether or not still on the server).
    pub fn max_uid(&self, folder_id: i64, uidvalidity: u32) -> Result<u32> {
        Ok(self.conn().query_row(
            "SELECT coalesce(max(uid), 0) FROM message WHERE folder_id = ?1 AND uidvalidity = ?2",
            params![folder_id, uidvalidity],
            |r| r.get(0),
        )?)
    }

    /// Records a batch of fetched messages in one transaction.
    pub fn record_fetched(&mut self, account_id: i64, folder_id: i64, batch: &[FetchedMessage]) -> Result<Vec<Insertion>> {
        let mut compressor = RawCompressor::new()?;
        let compressed = batch.iter().map(|m| compressor.compress(&m.raw)).collect::<Result<Vec<_>>>()?;
        self.write(|tx| {
            batch
                .iter()
                .zip(&compressed)
                .map(|(m, data)| record_one(tx, account_id, folder_id, m, data))
                .collect()
        })
    }

    /// Records a batch already compressed (by [`RawCompressor::prepare`], on another
    /// thread) in one transaction.
    pub fn record_prepared(&mut self, account_id: i64, folder_id: i64, batch: &[PreparedMessage]) -> Result<Vec<Insertion>> {
        self.write(|tx| {
            batch
                .iter()
                .map(|p| record_one(tx, account_id, folder_id, &p.message, &p.compressed))
                .collect()
        })
    }

    /// Applies flag changes seen on the server, except on messages with a local change
    /// still waiting to be sent: the user's latest action wins.
    pub fn record_server_flags(&mut self, folder_id: i64, uidvalidity: u32, updates: &[(u32, FlagState, Option<u64>)]) -> Result<usize> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE message SET seen = ?4, flagged = ?5, answered = ?6, draft = ?7, color = ?8, keywords = ?9,
                        modseq = coalesce(?10, modseq)
                 WHERE folder_id = ?1 AND uidvalidity = ?2 AND uid = ?3
                   AND NOT EXISTS (SELECT 1 FROM planned_action p WHERE p.message_id = message.id)
                   AND (seen, flagged, answered, draft, coalesce(color, ''), keywords)
                       IS NOT (?4, ?5, ?6, ?7, coalesce(?8, ''), ?9)",
            )?;
            let mut changed = 0;
            for (uid, flags, modseq) in updates {
                changed += stmt.execute(params![
                    folder_id,
                    uidvalidity,
                    uid,
                    flags.seen,
                    flags.flagged,
                    flags.answered,
                    flags.draft,
                    flags.color.map(FlagColor::as_str),
                    flags.keywords.join(" "),
                    modseq.map(|v| v as i64)
                ])?;
            }
            Ok(changed)
        })
    }

    /// The archive rule: messages the server no longer has stay here, marked. Returns the
    /// ids marked, so a pass can tell which of them it later met elsewhere (moved).
    pub fn record_vanished(&mut self, folder_id: i64, uidvalidity: u32, uids: &[u32]) -> Result<Vec<i64>> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE message SET on_server = 0, archived_at = ?4
                 WHERE folder_id = ?1 AND uidvalidity = ?2 AND uid = ?3 AND on_server = 1
                 RETURNING id",
            )?;
            let mut ids = Vec::new();
            let at = now();
            for uid in uids {
                if let Some(id) = stmt.query_row(params![folder_id, uidvalidity, uid, at], |r| r.get(0)).optional()? {
                    ids.push(id);
                }
            }
            Ok(ids)
        })
    }

    /// How many of these messages are still kept only here. A message another client moved
    /// is first seen leaving its folder, then found again in the other one: it was never
    /// archived, and a pass must not report it so.
    pub fn count_still_archived(&self, ids: &[i64]) -> Result<u32> {
        let mut stmt = self.conn().prepare_cached("SELECT count(*) FROM message WHERE id = ?1 AND on_server = 0")?;
        let mut n = 0;
        for id in ids {
            n += stmt.query_row([id], |r| r.get::<_, u32>(0))?;
        }
        Ok(n)
    }

    /// The server renumbered the folder. Messages recorded under the old numbering become
    /// candidates for matching (by content) as the folder is fetched again.
    pub fn record_uidvalidity_change(&mut self, folder_id: i64, uidvalidity: u32) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE message SET uid = NULL WHERE folder_id = ?1 AND uidvalidity IS NOT ?2 AND on_server = 1",
                params![folder_id, uidvalidity],
            )?;
            tx.execute(
                "UPDATE folder SET uidvalidity = ?2, uidnext = NULL, highestmodseq = NULL, server_count = NULL WHERE id = ?1",
                params![folder_id, uidvalidity],
            )?;
            Ok(())
        })
    }

    /// After a complete fetch of these folders: whatever still waits for a match and has no
    /// planned action is no longer on the server. One transaction for all of them.
    pub fn archive_unmatched(&mut self, folder_ids: &[i64]) -> Result<usize> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                // A renumbering clears the UIDs it invalidates, so "waiting" is "no UID".
                // Without the hint, SQLite walks the folder's whole (folder, UIDVALIDITY, …)
                // index: 6 ms at 50,000 messages, at every pass, for usually nothing.
                "UPDATE message INDEXED BY message_awaiting_match SET on_server = 0, archived_at = ?2
                 WHERE folder_id = ?1 AND uid IS NULL AND on_server = 1
                   AND NOT EXISTS (SELECT 1 FROM planned_action p WHERE p.message_id = message.id)",
            )?;
            let at = now();
            let mut archived = 0;
            for folder_id in folder_ids {
                archived += stmt.execute(params![folder_id, at])?;
            }
            Ok(archived)
        })
    }

    /// Everything in a folder that is gone from the server (the folder itself is gone).
    pub fn archive_folder(&mut self, folder_id: i64) -> Result<Vec<i64>> {
        self.write(|tx| {
            let mut stmt = tx.prepare(
                "UPDATE message SET on_server = 0, archived_at = ?2
                 WHERE folder_id = ?1 AND on_server = 1
                   AND NOT EXISTS (SELECT 1 FROM planned_action p WHERE p.message_id = message.id)
                 RETURNING id",
            )?;
            let ids = stmt
                .query_map(params![folder_id, now()], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            Ok(ids)
        })
    }
}

/// A message row the store did not have: from the server (`identity` its UIDVALIDITY, UID and
/// MODSEQ), or written here first and waiting for its server identity (a draft's copy).
pub(in crate::store) struct NewRow<'a> {
    pub account_id: i64,
    pub folder_id: i64,
    pub identity: Option<(u32, u32, Option<u64>)>,
    pub hash: &'a [u8],
    pub size: usize,
    pub internal_date: Option<i64>,
    pub flags: &'a FlagState,
    pub fields: &'a MessageFields,
}

/// The one way a message enters the store: its list fields, its bytes (already compressed)
/// and its search words, in the caller's transaction.
pub(in crate::store) fn insert_new(tx: &Transaction<'_>, row: &NewRow<'_>, compressed: &[u8]) -> Result<i64> {
    let (f, flags) = (row.fields, row.flags);
    let (uidvalidity, uid, modseq) = row.identity.map_or((None, None, None), |(v, u, m)| (Some(v), Some(u), m));
    tx.prepare_cached(
        "INSERT INTO message (account_id, folder_id, uidvalidity, uid, modseq, on_server, hash, size, message_id,
                              in_reply_to, subject, from_name, from_addr, to_list, cc_list, date, internal_date,
                              has_attachments, seen, flagged, answered, draft, color, keywords, parse_problems)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
    )?
    .execute(params![
        row.account_id,
        row.folder_id,
        uidvalidity,
        uid,
        modseq.map(|v| v as i64),
        row.hash,
        row.size as i64,
        f.message_id,
        f.in_reply_to,
        f.words.subject,
        f.from_name,
        f.from_addr,
        f.words.to_list,
        f.words.cc_list,
        f.date,
        row.internal_date,
        f.has_attachments,
        flags.seen,
        flags.flagged,
        flags.answered,
        flags.draft,
        flags.color.map(FlagColor::as_str),
        flags.keywords.join(" "),
        f.problems as i64,
    ])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO message_raw (message_id, compression, data) VALUES (?1, 'zstd', ?2)")?
        .execute(params![id, compressed])?;
    search_index::index(tx, id, &f.words)?;
    Ok(id)
}

fn record_one(tx: &Transaction<'_>, account_id: i64, folder_id: i64, m: &FetchedMessage, compressed: &[u8]) -> Result<Insertion> {
    let known: Option<i64> = tx
        .prepare_cached("SELECT id FROM message WHERE folder_id = ?1 AND uidvalidity = ?2 AND uid = ?3")?
        .query_row(params![folder_id, m.uidvalidity, m.uid], |r| r.get(0))
        .optional()?;
    if let Some(id) = known {
        return Ok(Insertion::Known(id));
    }
    // The same bytes waiting for a server identity: a local move or a renumbered folder
    // (same folder, no UID yet), or a message that vanished elsewhere (moved by webmail).
    // Chosen here rather than by ORDER BY … LIMIT 1, for which SQLite opens a temporary
    // B-tree at every execution: there is almost never a candidate at all.
    let candidate: Option<i64> = tx
        .prepare_cached(
            "SELECT id, folder_id = ?3, on_server FROM message INDEXED BY message_waiting_by_hash
             WHERE account_id = ?1 AND hash = ?2 AND (uid IS NULL OR on_server = 0)",
        )?
        .query_map(params![account_id, m.hash.as_slice(), folder_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?, r.get::<_, bool>(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        // Same folder first, then one still on the server (a renumbering), then the oldest.
        .min_by_key(|&(id, same_folder, on_server)| (!same_folder, !on_server, id))
        .map(|(id, ..)| id);
    let flags = &m.flags;
    if let Some(id) = candidate {
        tx.execute(
            "UPDATE message SET folder_id = ?2, uidvalidity = ?3, uid = ?4, modseq = ?5, on_server = 1, archived_at = NULL
             WHERE id = ?1",
            params![id, folder_id, m.uidvalidity, m.uid, m.modseq.map(|v| v as i64)],
        )?;
        tx.execute(
            "UPDATE message SET seen = ?2, flagged = ?3, answered = ?4, draft = ?5, color = ?6, keywords = ?7
             WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM planned_action p WHERE p.message_id = ?1)",
            params![id, flags.seen, flags.flagged, flags.answered, flags.draft, flags.color.map(FlagColor::as_str), flags.keywords.join(" ")],
        )?;
        return Ok(Insertion::Adopted(id));
    }
    let f = &m.fields;
    let row = NewRow {
        account_id,
        folder_id,
        identity: Some((m.uidvalidity, m.uid, m.modseq)),
        hash: &m.hash,
        size: m.raw.len(),
        internal_date: m.internal_date,
        flags,
        fields: f,
    };
    let id = insert_new(tx, &row, compressed)?;
    let new = receipts::NewMessage {
        row_id: id,
        message_id: f.message_id.as_deref(),
        from_addr: f.from_addr.as_deref(),
        hash: &m.hash,
        facts: &f.receipts,
    };
    receipts::on_new_message(tx, account_id, folder_id, &new)?;
    Ok(Insertion::New(id))
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::numbered as fetched;
    use crate::store::testing::{account_with_folder, open_temp};
    use crate::types::FolderRole;

    #[test]
    fn the_archive_rule_marks_only_messages_left_waiting_after_a_renumbering() {
        let (_dir, mut store) = open_temp();
        let (account, inbox) = account_with_folder(&mut store, "a@b.test", None, "INBOX", FolderRole::Inbox);
        store.record_fetched(account.id, inbox, &[fetched(1, 1, 1), fetched(2, 1, 2), fetched(3, 1, 3)]).unwrap();
        assert_eq!(store.archive_unmatched(&[inbox]).unwrap(), 0, "nothing waits: nothing archived");

        // Renumbered: message 2 is met again under the new UIDVALIDITY, the others are not.
        store.record_uidvalidity_change(inbox, 7).unwrap();
        store.record_fetched(account.id, inbox, &[fetched(2, 7, 12)]).unwrap();
        assert_eq!(store.archive_unmatched(&[inbox]).unwrap(), 2);
        assert_eq!(store.count_messages(account.id).unwrap(), 3, "archived messages stay");
        assert_eq!(store.server_uids(inbox, 7).unwrap(), vec![12]);
        assert_eq!(store.archive_unmatched(&[inbox]).unwrap(), 0);
    }
}
