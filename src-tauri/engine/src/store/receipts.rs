//! Receipts: what delivery and read reports said about the messages we sent, which sent
//! messages asked for read receipts, the read receipts we sent, and small settings.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{now, Store};
use crate::types::MdnPolicy;
use crate::types::FolderRole;
use crate::{EngineError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptKind {
    /// Delivery status notification (RFC 3464), from a mail server.
    Dsn,
    /// Message disposition notification (RFC 8098), from the recipient's mail program.
    Mdn,
}

/// One recipient's line of one report, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRecord {
    pub kind: ReceiptKind,
    /// Lower case.
    pub recipient: String,
    /// DSN: delivered, failed, delayed, relayed, expanded. MDN: displayed, deleted,
    /// dispatched, processed, denied, failed.
    pub action: String,
    /// The MDN's `/error` modifier.
    pub error: bool,
    pub status: Option<String>,
    pub diagnostic: Option<String>,
    pub event_at: Option<i64>,
}

/// What the outbox knows of a message we sent from this profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRecord {
    pub sent_at: Option<i64>,
    /// Every envelope recipient, Bcc included.
    pub envelope_to: Vec<String>,
}

/// Where a stored message sits, for receipt decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessagePlace {
    pub account_id: i64,
    pub account_email: String,
    pub folder_role: Option<FolderRole>,
    pub from_addr: Option<String>,
    /// Hex SHA-256 of the raw bytes: identifies a message that has no Message-ID.
    pub hash_hex: String,
}

impl MessagePlace {
    /// Ours: in Sent or Drafts, or sent from the account's address.
    pub fn is_ours(&self) -> bool {
        matches!(self.folder_role, Some(FolderRole::Sent | FolderRole::Drafts))
            || self.from_addr.as_deref().is_some_and(|from| from.eq_ignore_ascii_case(&self.account_email))
    }
}

/// A read receipt saying a message we sent was opened, not yet considered for a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningRow {
    pub recipient: String,
    pub event_at: Option<i64>,
    pub recorded_at: i64,
    /// The sent message in the store (its Sent copy when there is one).
    pub sent_row_id: Option<i64>,
    /// Distinct recipients who opened it so far, and how many it was sent to.
    pub opened: i64,
    pub recipients: i64,
}

const SETTING_MDN_POLICY: &str = "mdn_policy";
const SETTING_OPEN_NOTIFICATIONS: &str = "open_notifications";

impl Store {
    pub fn receipts_for(&self, account_id: i64, message_id: &str) -> Result<Vec<ReceiptRecord>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT kind, recipient, action, error, status, diagnostic, event_at FROM receipt
             WHERE account_id = ?1 AND original_message_id = ?2
             ORDER BY coalesce(event_at, recorded_at), id",
        )?;
        let rows = stmt
            .query_map(params![account_id, message_id], receipt_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Whether the account's message asked for read receipts, and of how many recipients.
    pub fn mdn_request(&self, account_id: i64, message_id: &str) -> Result<Option<u32>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT recipients FROM open_tracking WHERE account_id = ?1 AND message_id = ?2",
                params![account_id, message_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// The outbox entry that sent this Message-ID, if this profile sent it.
    pub fn sent_record(&self, account_id: i64, message_id: &str) -> Result<Option<SentRecord>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT sent_at, envelope_to FROM outbox WHERE account_id = ?1 AND message_id = ?2",
                params![account_id, message_id],
                |r| {
                    Ok(SentRecord {
                        sent_at: r.get(0)?,
                        envelope_to: r.get::<_, String>(1)?.split_whitespace().map(str::to_owned).collect(),
                    })
                },
            )
            .optional()?)
    }

    pub fn message_place(&self, id: i64) -> Result<MessagePlace> {
        self.conn()
            .query_row(
                "SELECT m.account_id, a.email, f.role, m.from_addr, m.hash
                 FROM message m JOIN account a ON a.id = m.account_id JOIN folder f ON f.id = m.folder_id
                 WHERE m.id = ?1",
                [id],
                |r| {
                    Ok(MessagePlace {
                        account_id: r.get(0)?,
                        account_email: r.get(1)?,
                        folder_role: r.get::<_, Option<String>>(2)?.as_deref().and_then(FolderRole::parse),
                        from_addr: r.get(3)?,
                        hash_hex: hex::encode(r.get::<_, Vec<u8>>(4)?),
                    })
                },
            )
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("message #{id}")))
    }

    /// Whether a read receipt for this message left already: its outbox entry exists
    /// (whatever became of it; a refused one is the user's to resend).
    pub fn mdn_already_sent(&self, mdn_message_id: &str) -> Result<bool> {
        Ok(self
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM outbox WHERE message_id = ?1)", [mdn_message_id], |r| r.get(0))?)
    }

    /// Notes that a read receipt is being sent for this message. Returns false when one is
    /// already in the outbox: the caller sends nothing.
    pub fn reserve_mdn(&mut self, account_id: i64, original_key: &str, mdn_message_id: &str) -> Result<bool> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO mdn_sent (account_id, original_key, mdn_message_id, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (account_id, original_key) DO NOTHING",
                params![account_id, original_key, mdn_message_id, now()],
            )?;
            let queued: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM outbox WHERE message_id = ?1)", [mdn_message_id], |r| r.get(0))?;
            Ok(!queued)
        })
    }

    /// Read receipts received since the last call, about messages that asked for them;
    /// every pending receipt is marked considered, so none is announced twice.
    pub fn take_openings(&mut self) -> Result<Vec<OpeningRow>> {
        self.write(|tx| {
            let rows = {
                let mut stmt = tx.prepare(
                    "SELECT r.recipient, r.event_at, r.recorded_at,
                            (SELECT m.id FROM message m JOIN folder f ON f.id = m.folder_id
                              WHERE m.account_id = r.account_id AND m.message_id = r.original_message_id
                              ORDER BY f.role IS 'sent' DESC, m.id LIMIT 1),
                            t.opened, t.recipients
                     FROM receipt r JOIN open_tracking t ON t.account_id = r.account_id AND t.message_id = r.original_message_id
                     WHERE r.notified = 0 AND r.kind = 'mdn' AND r.action = 'displayed' AND r.error = 0
                       AND t.recipients IS NOT NULL
                     ORDER BY r.id",
                )?;
                let rows = stmt
                    .query_map([], |r| {
                        Ok(OpeningRow {
                            recipient: r.get(0)?,
                            event_at: r.get(1)?,
                            recorded_at: r.get(2)?,
                            sent_row_id: r.get(3)?,
                            opened: r.get(4)?,
                            recipients: r.get(5)?,
                        })
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                rows
            };
            tx.execute("UPDATE receipt SET notified = 1 WHERE notified = 0", [])?;
            Ok(rows)
        })
    }

    pub fn mdn_policy(&self) -> Result<MdnPolicy> {
        Ok(self.setting(SETTING_MDN_POLICY)?.as_deref().and_then(MdnPolicy::parse).unwrap_or_default())
    }

    pub fn set_mdn_policy(&mut self, policy: MdnPolicy) -> Result<()> {
        self.set_setting(SETTING_MDN_POLICY, policy.as_str())
    }

    /// Seed part 2 §5 B: off until the user ticks it.
    pub fn open_notifications(&self) -> Result<bool> {
        Ok(self.setting(SETTING_OPEN_NOTIFICATIONS)?.as_deref() == Some("1"))
    }

    pub fn set_open_notifications(&mut self, enabled: bool) -> Result<()> {
        self.set_setting(SETTING_OPEN_NOTIFICATIONS, if enabled { "1" } else { "0" })
    }

    pub(super) fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub(super) fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }
}

fn receipt_from_row(row: &Row<'_>) -> rusqlite::Result<ReceiptRecord> {
    Ok(ReceiptRecord {
        kind: if row.get::<_, String>(0)? == "mdn" { ReceiptKind::Mdn } else { ReceiptKind::Dsn },
        recipient: row.get(1)?,
        action: row.get(2)?,
        error: row.get(3)?,
        status: row.get(4)?,
        diagnostic: row.get(5)?,
        event_at: row.get(6)?,
    })
}

/// A delivery or read report, read before it reaches the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedReport {
    pub kind: ReceiptKind,
    /// The Message-ID of the message reported on, when the report names it.
    pub original_message_id: Option<String>,
    /// DSN: the ENVID we gave at submission (`medimail-<outbox id>`).
    pub envelope_id: Option<String>,
    pub lines: Vec<ReportLine>,
}

/// One recipient's line of a received report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    /// Lower case.
    pub recipient: String,
    pub final_recipient: Option<String>,
    /// As [`ReceiptRecord::action`].
    pub action: &'static str,
    /// MDN: the Disposition field as sent.
    pub disposition: Option<String>,
    pub error: bool,
    pub status: Option<String>,
    pub diagnostic: Option<String>,
    pub event_at: Option<i64>,
}

/// What a new message means for the receipts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ReceiptFacts {
    #[default]
    None,
    /// It asks for read receipts; how many distinct recipients (To and Cc) it has.
    AsksReadReceipts { recipients: u32 },
    /// A report; `None` when its machine part could not be read.
    Report(Option<ReceivedReport>),
}

/// A message sync has just stored, as the receipts see it.
pub(super) struct NewMessage<'a> {
    pub row_id: i64,
    pub message_id: Option<&'a str>,
    pub from_addr: Option<&'a str>,
    /// Names a report that has no Message-ID.
    pub hash: &'a [u8; 32],
    pub facts: &'a ReceiptFacts,
}

/// Sync stored a message it did not have: a report is recorded as receipts, and a message
/// we sent that asks for read receipts is remembered with its recipient count.
pub(super) fn on_new_message(tx: &Transaction<'_>, account_id: i64, folder_id: i64, m: &NewMessage<'_>) -> Result<()> {
    let row_id = m.row_id;
    let recipients = match m.facts {
        ReceiptFacts::Report(Some(report)) => return record_report(tx, account_id, m, report),
        ReceiptFacts::Report(None) => {
            tracing::debug!("a report without a readable machine part; kept as a plain message");
            return Ok(());
        }
        ReceiptFacts::AsksReadReceipts { recipients } => Some(*recipients),
        ReceiptFacts::None => None,
    };
    let Some(message_id) = m.message_id else {
        return Ok(());
    };
    let Some(recipients) = recipients else {
        // Reports about it may have come first (another folder synced before Sent).
        tx.prepare_cached(&format!(
            "UPDATE message SET open_state = {STATE_OF_TRACKING}
             WHERE id = ?3 AND EXISTS (SELECT 1 FROM open_tracking WHERE account_id = ?1 AND message_id = ?2)"
        ))?
        .execute(params![account_id, message_id, row_id])?;
        return Ok(());
    };
    let (email, role): (String, Option<String>) = tx.query_row(
        "SELECT a.email, f.role FROM account a, folder f WHERE a.id = ?1 AND f.id = ?2",
        params![account_id, folder_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let sent_by_us = role.as_deref() == Some("sent") || m.from_addr.is_some_and(|f| f.eq_ignore_ascii_case(&email));
    if !sent_by_us {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO open_tracking (account_id, message_id, recipients) VALUES (?1, ?2, ?3)
         ON CONFLICT (account_id, message_id) DO UPDATE SET recipients = coalesce(open_tracking.recipients, excluded.recipients)",
    )?
    .execute(params![account_id, message_id, i64::from(recipients)])?;
    copy_state(tx, account_id, message_id)
}

fn record_report(tx: &Transaction<'_>, account_id: i64, m: &NewMessage<'_>, report: &ReceivedReport) -> Result<()> {
    let report_key = m.message_id.map_or_else(|| format!("sha256:{}", hex::encode(m.hash)), str::to_owned);
    let mut insert = tx.prepare_cached(
        "INSERT INTO receipt (account_id, kind, original_message_id, envelope_id, recipient, final_recipient, action,
                              disposition, error, status, diagnostic, event_at, report_key, report_row_id, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         ON CONFLICT (account_id, report_key, kind, recipient) DO NOTHING",
    )?;
    let original = match (&report.original_message_id, report.kind) {
        (Some(id), _) => Some(id.clone()),
        // Outbox ids are this profile's own, so another device's ENVID could mislead: only
        // a fallback.
        (None, ReceiptKind::Dsn) => message_id_of_envid(tx, account_id, report.envelope_id.as_deref())?,
        (None, ReceiptKind::Mdn) => None,
    };
    let kind = match report.kind {
        ReceiptKind::Dsn => "dsn",
        ReceiptKind::Mdn => "mdn",
    };
    for line in &report.lines {
        insert.execute(params![
            account_id,
            kind,
            original,
            report.envelope_id,
            line.recipient,
            line.final_recipient,
            line.action,
            line.disposition,
            line.error,
            line.status,
            line.diagnostic,
            line.event_at,
            report_key,
            m.row_id,
            now()
        ])?;
    }
    if report.kind == ReceiptKind::Mdn {
        if let Some(original) = original.as_deref() {
            count_openings(tx, account_id, original)?;
        }
    }
    Ok(())
}

/// Recounted rather than incremented: a report met twice changes nothing.
fn count_openings(tx: &Transaction<'_>, account_id: i64, message_id: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO open_tracking (account_id, message_id, opened)
         SELECT ?1, ?2, count(DISTINCT recipient) FROM receipt
          WHERE account_id = ?1 AND original_message_id = ?2 AND kind = 'mdn' AND action = 'displayed' AND error = 0
         ON CONFLICT (account_id, message_id) DO UPDATE SET opened = excluded.opened",
    )?
    .execute(params![account_id, message_id])?;
    copy_state(tx, account_id, message_id)
}

/// receipts::OpenState::compute in SQL, for the open_tracking row of (?1, ?2).
const STATE_OF_TRACKING: &str = "(SELECT CASE
        WHEN t.opened > 0 AND t.opened >= t.recipients THEN 'all_opened'
        WHEN t.opened > 0 THEN 'some_opened'
        WHEN t.recipients IS NOT NULL THEN 'none_opened'
        ELSE 'no_information' END
     FROM open_tracking t WHERE t.account_id = ?1 AND t.message_id = ?2)";

/// Onto every stored copy of the message (Sent, or wherever the user moved it).
fn copy_state(tx: &Transaction<'_>, account_id: i64, message_id: &str) -> Result<()> {
    tx.prepare_cached(&format!(
        "UPDATE message SET open_state = {STATE_OF_TRACKING} WHERE account_id = ?1 AND message_id = ?2"
    ))?
    .execute(params![account_id, message_id])?;
    Ok(())
}

fn message_id_of_envid(tx: &Transaction<'_>, account_id: i64, envid: Option<&str>) -> Result<Option<String>> {
    let Some(outbox_id) = envid.and_then(|e| e.strip_prefix("medimail-")).and_then(|n| n.parse::<i64>().ok()) else {
        return Ok(None);
    };
    Ok(tx
        .query_row(
            "SELECT message_id FROM outbox WHERE id = ?1 AND account_id = ?2",
            params![outbox_id, account_id],
            |r| r.get(0),
        )
        .optional()?)
}
