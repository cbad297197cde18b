//! The outbox: messages built and waiting for, or handed to, the submission server.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;

use super::{now, Store};
use crate::{EngineError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutboxState {
    Queued,
    HandingOver,
    Sent,
    Failed,
    Uncertain,
}

impl OutboxState {
    fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::HandingOver => "handing_over",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
            OutboxState::Uncertain => "uncertain",
        }
    }

    fn parse(s: &str) -> OutboxState {
        match s {
            "handing_over" => OutboxState::HandingOver,
            "sent" => OutboxState::Sent,
            "failed" => OutboxState::Failed,
            "uncertain" => OutboxState::Uncertain,
            _ => OutboxState::Queued,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct OutboxEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub account: String,
    pub message_id: String,
    pub state: OutboxState,
    pub to: Vec<String>,
    pub subject: String,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number | null")]
    pub sent_at: Option<i64>,
    /// A copy is in the Sent folder.
    pub filed: bool,
    pub attempts: u32,
    pub last_error: Option<String>,
}

const SELECT: &str = "SELECT o.id, a.email, o.message_id, o.state, o.envelope_to, o.subject, o.size, o.created_at,
        o.sent_at, o.filed, o.attempts, o.last_error
     FROM outbox o JOIN account a ON a.id = o.account_id";

fn from_row(row: &Row<'_>) -> rusqlite::Result<OutboxEntry> {
    Ok(OutboxEntry {
        id: row.get(0)?,
        account: row.get(1)?,
        message_id: row.get(2)?,
        state: OutboxState::parse(&row.get::<_, String>(3)?),
        to: row.get::<_, String>(4)?.split_whitespace().map(str::to_owned).collect(),
        subject: row.get(5)?,
        size: row.get(6)?,
        created_at: row.get(7)?,
        sent_at: row.get(8)?,
        filed: row.get(9)?,
        attempts: row.get(10)?,
        last_error: row.get(11)?,
    })
}

/// What the outbox needs to hand a message over.
pub struct Outgoing<'a> {
    pub account_id: i64,
    pub message_id: &'a str,
    pub envelope_from: &'a str,
    pub envelope_to: &'a [String],
    pub subject: &'a str,
    pub raw: &'a [u8],
}

/// Also used by drafts, whose sending discards the draft in the same transaction.
pub(super) fn insert(tx: &rusqlite::Transaction<'_>, message: &Outgoing<'_>, compressed: &[u8]) -> Result<i64> {
    tx.execute(
        "INSERT INTO outbox (account_id, message_id, envelope_from, envelope_to, subject, raw, size, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            message.account_id,
            message.message_id,
            message.envelope_from,
            message.envelope_to.join(" "),
            message.subject,
            compressed,
            message.raw.len() as i64,
            now()
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    pub fn enqueue(&mut self, message: &Outgoing<'_>) -> Result<OutboxEntry> {
        let compressed = zstd::bulk::compress(message.raw, 3).map_err(|e| EngineError::Store(format!("compression failed: {e}")))?;
        let id = self.write(|tx| insert(tx, message, &compressed))?;
        self.outbox_entry(id)
    }

    pub fn outbox_entry(&self, id: i64) -> Result<OutboxEntry> {
        self.conn()
            .query_row(&format!("{SELECT} WHERE o.id = ?1"), [id], from_row)
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("outbox entry #{id}")))
    }

    pub fn outbox(&self, account_id: Option<i64>) -> Result<Vec<OutboxEntry>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{SELECT} WHERE ?1 IS NULL OR o.account_id = ?1 ORDER BY o.id"))?;
        let rows = stmt.query_map([account_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Entries in `state` for one account, oldest first.
    pub fn outbox_in_state(&self, account_id: i64, state: OutboxState) -> Result<Vec<OutboxEntry>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{SELECT} WHERE o.account_id = ?1 AND o.state = ?2 ORDER BY o.id"))?;
        let rows = stmt
            .query_map(params![account_id, state.as_str()], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The exact bytes and envelope sender of an entry.
    pub fn outbox_message(&self, id: i64) -> Result<(String, Vec<u8>)> {
        let (from, data): (String, Vec<u8>) = self
            .conn()
            .query_row("SELECT envelope_from, raw FROM outbox WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("outbox entry #{id}")))?;
        let raw = zstd::stream::decode_all(data.as_slice())
            .map_err(|e| EngineError::Store(format!("outbox entry #{id} cannot be decompressed: {e}")))?;
        Ok((from, raw))
    }

    pub fn set_outbox_state(&mut self, id: i64, state: OutboxState, error: Option<&str>) -> Result<()> {
        self.write(|tx| {
            let sent_at = (state == OutboxState::Sent).then(now);
            tx.execute(
                "UPDATE outbox SET state = ?2, last_error = ?3, sent_at = coalesce(?4, sent_at),
                        attempts = attempts + (?2 IN ('queued', 'failed', 'uncertain'))
                 WHERE id = ?1",
                params![id, state.as_str(), error, sent_at],
            )?;
            Ok(())
        })
    }

    pub fn set_outbox_filed(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE outbox SET filed = 1 WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// A hand-over that a dead process left unfinished: its outcome is unknown. Only
    /// called under the profile's sync lock, so no living process is mid-hand-over.
    pub fn outbox_mark_interrupted(&mut self, account_id: i64) -> Result<usize> {
        self.write(|tx| {
            Ok(tx.execute(
                "UPDATE outbox SET state = 'uncertain',
                        last_error = 'interrupted while the message was being handed to the server'
                 WHERE account_id = ?1 AND state = 'handing_over'",
                [account_id],
            )?)
        })
    }
}
