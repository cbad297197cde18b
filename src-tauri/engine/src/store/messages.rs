//! Messages: what sync records from the server, and what the user does locally (each
//! local change plans its server counterpart in the same transaction).

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::actions::{plan, ActionKind, NewAction};
use super::folders::{folder_by_role_in, folder_in, FolderRecord};
use super::raw::raw_bytes;
use super::receipts::ReceiptFacts;
use super::search_index::SearchWords;
use super::{now, Store};
use crate::receipts::OpenState;
use crate::types::{FlagColor, FolderRole, MessageSummary, Presence, SortKey};
use crate::{EngineError, Result};

/// Flags and keywords as the store keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlagState {
    pub seen: bool,
    pub flagged: bool,
    pub answered: bool,
    pub draft: bool,
    pub color: Option<FlagColor>,
    /// Other keywords, as the server spells them.
    pub keywords: Vec<String>,
}

impl FlagState {
    /// From IMAP flag atoms (`\Seen`, `$label1`, `Junk`…). `\Recent` and `\Deleted` are
    /// session or transient state, not kept.
    pub fn from_imap<'a>(flags: impl IntoIterator<Item = &'a str>) -> FlagState {
        let mut state = FlagState::default();
        for flag in flags {
            match flag.to_ascii_lowercase().as_str() {
                "\\seen" => state.seen = true,
                "\\flagged" => state.flagged = true,
                "\\answered" => state.answered = true,
                "\\draft" => state.draft = true,
                "\\recent" | "\\deleted" => {}
                _ => match FlagColor::from_keyword(flag) {
                    // The first colour wins if a webmail left several.
                    Some(color) => {
                        state.color.get_or_insert(color);
                    }
                    None if !flag.starts_with('\\') => state.keywords.push(flag.to_owned()),
                    None => {}
                },
            }
        }
        state.keywords.sort();
        state.keywords.dedup();
        state
    }
}

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

/// Where the server has a message now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerMessageRef {
    pub folder: String,
    pub uidvalidity: u32,
    pub uid: u32,
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

    pub fn count_messages(&self, account_id: i64) -> Result<u64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM message WHERE account_id = ?1", [account_id], |r| r.get(0))?)
    }

    pub fn list_messages(&self, filter: &MessageFilter, sort: SortKey, descending: bool, limit: u32, offset: u32) -> Result<Vec<MessageSummary>> {
        let direction = if descending { "DESC" } else { "ASC" };
        let order = match sort {
            SortKey::Date => format!("coalesce(m.date, m.internal_date) {direction}"),
            SortKey::From => format!("coalesce(m.from_name, m.from_addr) COLLATE NOCASE {direction}"),
            SortKey::Subject => format!("m.subject COLLATE NOCASE {direction}"),
            SortKey::Flag => format!(
                "m.flagged {direction}, CASE m.color WHEN 'red' THEN 1 WHEN 'orange' THEN 2 WHEN 'yellow' THEN 3
                                                     WHEN 'green' THEN 4 WHEN 'blue' THEN 5 ELSE 6 END {}",
                if descending { "ASC" } else { "DESC" }
            ),
            SortKey::Attachment => format!("m.has_attachments {direction}"),
            SortKey::Read => format!("m.seen {direction}"),
        };
        // Only the filters in use appear, so SQLite can walk a folder's index in date order
        // instead of sorting the whole store.
        let mut conditions = Vec::new();
        if filter.account_id.is_some() {
            conditions.push("m.account_id = :account");
        }
        if filter.folder_id.is_some() {
            conditions.push("m.folder_id = :folder");
        }
        if filter.presence != Presence::All {
            conditions.push("m.on_server = :on_server");
        }
        let where_clause = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let tie_break = if sort == SortKey::Date { "" } else { ", coalesce(m.date, m.internal_date) DESC" };
        let sql = format!("{SUMMARY_SELECT} {where_clause} ORDER BY {order}{tie_break}, m.id DESC LIMIT :limit OFFSET :offset");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut named: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":limit", &limit), (":offset", &offset)];
        let on_server = presence_value(filter.presence);
        if let Some(account) = &filter.account_id {
            named.push((":account", account));
        }
        if let Some(folder) = &filter.folder_id {
            named.push((":folder", folder));
        }
        if let Some(on_server) = &on_server {
            named.push((":on_server", on_server));
        }
        let rows = stmt
            .query_map(named.as_slice(), summary_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Full-text search, newest first. Words match without accents ("equipe" finds
    /// "équipe"); `mot*` matches a prefix.
    pub fn search_messages(&self, query: &str, filter: &MessageFilter, limit: u32) -> Result<Vec<MessageSummary>> {
        let started = std::time::Instant::now();
        let Some(fts) = super::search::match_expression(self.conn(), query)? else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "{SUMMARY_SELECT} JOIN message_fts ON message_fts.rowid = m.id
             WHERE message_fts MATCH ?1 AND (?2 IS NULL OR m.account_id = ?2) AND (?3 IS NULL OR m.folder_id = ?3)
               AND (?4 IS NULL OR m.on_server = ?4)
             ORDER BY message_fts.rowid DESC LIMIT ?5"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt
            .query_map(
                params![fts, filter.account_id, filter.folder_id, presence_value(filter.presence), limit],
                summary_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        tracing::debug!(us = started.elapsed().as_micros() as u64, hits = rows.len(), "search: query ran");
        Ok(rows)
    }

    pub fn message_summary(&self, id: i64) -> Result<MessageSummary> {
        self.conn()
            .query_row(&format!("{SUMMARY_SELECT} WHERE m.id = ?1"), [id], summary_from_row)
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("message #{id}")))
    }

    pub fn message_ids(&self, filter: &MessageFilter) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare(
            "SELECT m.id FROM message m WHERE (?1 IS NULL OR m.account_id = ?1) AND (?2 IS NULL OR m.folder_id = ?2)
               AND (?3 IS NULL OR m.on_server = ?3)
             ORDER BY coalesce(m.date, m.internal_date), m.id",
        )?;
        let ids = stmt
            .query_map(params![filter.account_id, filter.folder_id, presence_value(filter.presence)], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// The exact bytes as received.
    pub fn raw_message(&self, id: i64) -> Result<Vec<u8>> {
        raw_bytes(self.conn(), id)
    }

    /// The message's internal date (arrival on the server), for mbox "From " lines.
    pub fn internal_date(&self, id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row("SELECT coalesce(internal_date, date) FROM message WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// Moves messages to another folder of the same account.
    pub fn move_messages(&mut self, ids: &[i64], target_folder_id: i64) -> Result<usize> {
        self.write(|tx| {
            let target = folder_in(tx, target_folder_id)?;
            let mut moved = 0;
            for id in ids {
                let row = message_row(tx, *id)?;
                if row.account_id != target.account_id {
                    return Err(EngineError::InvalidInput(format!(
                        "message #{id} belongs to another account than the folder {:?}",
                        target.name
                    )));
                }
                if row.folder_id != target.id {
                    move_in(tx, *id, &target)?;
                    moved += 1;
                }
            }
            Ok(moved)
        })
    }

    /// "Supprimer": to the trash, remembering where each message came from.
    pub fn trash_messages(&mut self, ids: &[i64]) -> Result<usize> {
        self.write(|tx| {
            let mut moved = 0;
            for id in ids {
                let row = message_row(tx, *id)?;
                let trash = folder_by_role_in(tx, row.account_id, FolderRole::Trash)?;
                if row.folder_id == trash.id {
                    continue;
                }
                tx.execute("UPDATE message SET origin_folder_id = ?2 WHERE id = ?1", params![id, row.folder_id])?;
                move_in(tx, *id, &trash)?;
                moved += 1;
            }
            Ok(moved)
        })
    }

    /// "Restaurer": from the trash back to the folder each message came from (the inbox
    /// when that folder is gone or unknown).
    pub fn restore_messages(&mut self, ids: &[i64]) -> Result<usize> {
        self.write(|tx| {
            let mut restored = 0;
            for id in ids {
                let row = message_row(tx, *id)?;
                let trash = folder_by_role_in(tx, row.account_id, FolderRole::Trash)?;
                if row.folder_id != trash.id {
                    return Err(EngineError::InvalidInput(format!("message #{id} is not in the trash")));
                }
                let target = match row.origin_folder_id {
                    Some(origin) => match folder_in(tx, origin) {
                        Ok(folder) => folder,
                        Err(EngineError::NotFound(_)) => folder_by_role_in(tx, row.account_id, FolderRole::Inbox)?,
                        Err(other) => return Err(other),
                    },
                    None => folder_by_role_in(tx, row.account_id, FolderRole::Inbox)?,
                };
                tx.execute("UPDATE message SET origin_folder_id = NULL WHERE id = ?1", [id])?;
                move_in(tx, *id, &target)?;
                restored += 1;
            }
            Ok(restored)
        })
    }

    /// "Supprimer définitivement": the one way a message leaves the store.
    pub fn purge_messages(&mut self, ids: &[i64]) -> Result<usize> {
        self.write(|tx| {
            for id in ids {
                let row = message_row(tx, *id)?;
                let at = server_ref(tx, &row)?;
                if at.is_none() && row.on_server {
                    return Err(EngineError::InvalidInput(format!(
                        "message #{id} is being moved on the server; delete it for good after the next sync"
                    )));
                }
                if let Some(at) = at {
                    plan(
                        tx,
                        &NewAction {
                            account_id: row.account_id,
                            kind: ActionKind::Expunge,
                            message_id: Some(*id),
                            folder: Some(&at.folder),
                            uidvalidity: Some(at.uidvalidity),
                            uid: Some(at.uid),
                            target: None,
                            add_flags: String::new(),
                            remove_flags: String::new(),
                        },
                    )?;
                }
                tx.execute(
                    "DELETE FROM planned_action WHERE message_id = ?1 AND kind IN ('flags', 'move')",
                    [id],
                )?;
                tx.execute("DELETE FROM message_fts WHERE rowid = ?1", [id])?;
                tx.execute("DELETE FROM message_raw WHERE message_id = ?1", [id])?;
                tx.execute("DELETE FROM message WHERE id = ?1", [id])?;
            }
            Ok(ids.len())
        })
    }

    pub fn set_seen(&mut self, ids: &[i64], seen: bool) -> Result<usize> {
        self.write(|tx| {
            let mut changed = 0;
            for id in ids {
                let row = message_row(tx, *id)?;
                if row.flags.seen == seen {
                    continue;
                }
                tx.execute("UPDATE message SET seen = ?2 WHERE id = ?1", params![id, seen])?;
                let (add, remove) = if seen { ("\\Seen", "") } else { ("", "\\Seen") };
                plan_flags(tx, &row, add, remove)?;
                changed += 1;
            }
            Ok(changed)
        })
    }

    /// Sets the flag colour (None removes the flag).
    pub fn set_color(&mut self, ids: &[i64], color: Option<FlagColor>) -> Result<usize> {
        self.write(|tx| {
            let mut changed = 0;
            for id in ids {
                let row = message_row(tx, *id)?;
                if row.flags.color == color && row.flags.flagged == color.is_some() {
                    continue;
                }
                tx.execute(
                    "UPDATE message SET flagged = ?2, color = ?3 WHERE id = ?1",
                    params![id, color.is_some(), color.map(FlagColor::as_str)],
                )?;
                let others = FlagColor::ALL
                    .into_iter()
                    .filter(|c| Some(*c) != color)
                    .map(FlagColor::keyword)
                    .collect::<Vec<_>>()
                    .join(" ");
                match color {
                    Some(c) => plan_flags(tx, &row, &format!("\\Flagged {}", c.keyword()), &others)?,
                    None => plan_flags(tx, &row, "", &format!("\\Flagged {others}"))?,
                }
                changed += 1;
            }
            Ok(changed)
        })
    }
}

/// Which messages a list or search covers.
#[derive(Debug, Clone, Copy, Default)]
pub struct MessageFilter {
    pub account_id: Option<i64>,
    pub folder_id: Option<i64>,
    pub presence: Presence,
}

fn presence_value(p: Presence) -> Option<i64> {
    match p {
        Presence::All => None,
        Presence::OnServer => Some(1),
        Presence::Archived => Some(0),
    }
}

// The last column is the Sent list's opening state, kept on the row by store::receipts.
const SUMMARY_SELECT: &str = "SELECT m.id, a.email, m.message_id, f.name, m.from_addr, m.from_name, m.to_list, m.cc_list,
        m.subject, coalesce(m.date, m.internal_date), m.seen, m.flagged, m.color, m.has_attachments, m.on_server, m.size,
        CASE WHEN f.role = 'sent' THEN coalesce(m.open_state, 'no_information') END
     FROM message m JOIN folder f ON f.id = m.folder_id JOIN account a ON a.id = m.account_id";

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<MessageSummary> {
    Ok(MessageSummary {
        id: row.get(0)?,
        account: row.get(1)?,
        message_id: row.get(2)?,
        folder: row.get(3)?,
        from: row.get(4)?,
        from_name: row.get(5)?,
        to: row.get(6)?,
        cc: row.get(7)?,
        subject: row.get(8)?,
        date: row.get(9)?,
        seen: row.get(10)?,
        flagged: row.get(11)?,
        flag_color: row.get::<_, Option<String>>(12)?.as_deref().and_then(FlagColor::parse),
        has_attachments: row.get(13)?,
        on_server: row.get(14)?,
        size: row.get(15)?,
        open_state: row.get::<_, Option<String>>(16)?.as_deref().and_then(OpenState::parse),
    })
}

struct MessageRow {
    id: i64,
    account_id: i64,
    folder_id: i64,
    uidvalidity: Option<u32>,
    uid: Option<u32>,
    on_server: bool,
    origin_folder_id: Option<i64>,
    flags: FlagState,
}

fn message_row(tx: &Transaction<'_>, id: i64) -> Result<MessageRow> {
    tx.query_row(
        "SELECT account_id, folder_id, uidvalidity, uid, on_server, origin_folder_id, seen, flagged, answered, draft, color, keywords
         FROM message WHERE id = ?1",
        [id],
        |r| {
            Ok(MessageRow {
                id,
                account_id: r.get(0)?,
                folder_id: r.get(1)?,
                uidvalidity: r.get(2)?,
                uid: r.get(3)?,
                on_server: r.get(4)?,
                origin_folder_id: r.get(5)?,
                flags: FlagState {
                    seen: r.get(6)?,
                    flagged: r.get(7)?,
                    answered: r.get(8)?,
                    draft: r.get(9)?,
                    color: r.get::<_, Option<String>>(10)?.as_deref().and_then(FlagColor::parse),
                    keywords: r.get::<_, String>(11)?.split_whitespace().map(str::to_owned).collect(),
                },
            })
        },
    )
    .optional()?
    .ok_or_else(|| EngineError::NotFound(format!("message #{id}")))
}

/// Where the server has the message now: its own coordinates, or, while a local move is
/// still planned, the place the move will take it from.
fn server_ref(tx: &Transaction<'_>, row: &MessageRow) -> Result<Option<ServerMessageRef>> {
    if !row.on_server {
        return Ok(None);
    }
    if let (Some(uid), Some(uidvalidity)) = (row.uid, row.uidvalidity) {
        let folder = folder_in(tx, row.folder_id)?;
        return Ok(Some(ServerMessageRef { folder: folder.name, uidvalidity, uid }));
    }
    Ok(pending_move_of(tx, row.id)?.and_then(|(_, at)| at))
}

/// A planned move's id and the message's place on the server (folder, UIDVALIDITY, UID), when known.
type PlannedMoveRow = (i64, Option<String>, Option<u32>, Option<u32>);

fn pending_move_of(tx: &Transaction<'_>, message_id: i64) -> Result<Option<(i64, Option<ServerMessageRef>)>> {
    let row: Option<PlannedMoveRow> = tx
        .query_row(
            "SELECT id, folder, uidvalidity, uid FROM planned_action
             WHERE message_id = ?1 AND kind = 'move' ORDER BY id DESC LIMIT 1",
            [message_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    // A deferred move has no coordinates yet: where the server has the message is unknown.
    Ok(row.map(|(id, folder, uidvalidity, uid)| {
        let at = match (folder, uidvalidity, uid) {
            (Some(folder), Some(uidvalidity), Some(uid)) => Some(ServerMessageRef { folder, uidvalidity, uid }),
            _ => None,
        };
        (id, at)
    }))
}

/// Moves one message locally and plans the server move. A message already waiting to
/// move has its planned move retargeted, so the server sees one move, not a chain.
pub(super) fn move_in(tx: &Transaction<'_>, id: i64, target: &FolderRecord) -> Result<()> {
    let row = message_row(tx, id)?;
    if row.folder_id == target.id {
        return Ok(());
    }
    if !row.on_server {
        // Archived: the server no longer has it, the move is local only.
        tx.execute("UPDATE message SET folder_id = ?2 WHERE id = ?1", params![id, target.id])?;
        return Ok(());
    }
    if let Some((action_id, _)) = pending_move_of(tx, id)? {
        // Retargeted, never cancelled: an interrupted pass may already have moved it, so
        // even a move back is left for the server side to settle (see sync's apply step).
        tx.execute("UPDATE planned_action SET target = ?2 WHERE id = ?1", params![action_id, target.name])?;
        tx.execute("UPDATE message SET folder_id = ?2 WHERE id = ?1", params![id, target.id])?;
        return Ok(());
    }
    let (Some(uid), Some(uidvalidity)) = (row.uid, row.uidvalidity) else {
        // The server has it but its UID is not known yet (a move applied and not matched
        // again, a renumbered folder): the move waits, without coordinates, until sync
        // finds the message again.
        plan(tx, &NewAction::deferred(row.account_id, ActionKind::Move, id, Some(&target.name), "", ""))?;
        tx.execute("UPDATE message SET folder_id = ?2 WHERE id = ?1", params![id, target.id])?;
        return Ok(());
    };
    let source = folder_in(tx, row.folder_id)?;
    plan(
        tx,
        &NewAction {
            account_id: row.account_id,
            kind: ActionKind::Move,
            message_id: Some(id),
            folder: Some(&source.name),
            uidvalidity: Some(uidvalidity),
            uid: Some(uid),
            target: Some(&target.name),
            add_flags: String::new(),
            remove_flags: String::new(),
        },
    )?;
    // The new UID is learnt when sync meets the message in the target folder.
    tx.execute(
        "UPDATE message SET folder_id = ?2, uidvalidity = NULL, uid = NULL WHERE id = ?1",
        params![id, target.id],
    )?;
    Ok(())
}

fn plan_flags(tx: &Transaction<'_>, row: &MessageRow, add: &str, remove: &str) -> Result<()> {
    let Some(at) = server_ref(tx, row)? else {
        if row.on_server {
            // On the server under a UID not known yet: applied once sync finds it again.
            plan(tx, &NewAction::deferred(row.account_id, ActionKind::Flags, row.id, None, add, remove))?;
        }
        // Archived: the change is local only.
        return Ok(());
    };
    plan(
        tx,
        &NewAction {
            account_id: row.account_id,
            kind: ActionKind::Flags,
            // Tied to the message so incoming server flags do not undo the change.
            message_id: Some(row.id),
            folder: Some(&at.folder),
            uidvalidity: Some(at.uidvalidity),
            uid: Some(at.uid),
            target: None,
            add_flags: add.to_owned(),
            remove_flags: remove.to_owned(),
        },
    )
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
    tx.prepare_cached(
        "INSERT INTO message (account_id, folder_id, uidvalidity, uid, modseq, on_server, hash, size, message_id,
                              in_reply_to, subject, from_name, from_addr, to_list, cc_list, date, internal_date,
                              has_attachments, seen, flagged, answered, draft, color, keywords, parse_problems)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
    )?
    .execute(params![
        account_id,
        folder_id,
        m.uidvalidity,
        m.uid,
        m.modseq.map(|v| v as i64),
        m.hash.as_slice(),
        m.raw.len() as i64,
        f.message_id,
        f.in_reply_to,
        f.words.subject,
        f.from_name,
        f.from_addr,
        f.words.to_list,
        f.words.cc_list,
        f.date,
        m.internal_date,
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
    super::search_index::index(tx, id, &f.words)?;
    super::receipts::on_new_message(tx, account_id, folder_id, id, m)?;
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
