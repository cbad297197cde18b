//! Drafts: the whole composition, its files by content, and the planned copy in the
//! server's Drafts folder.
//!
//! Each changed save replaces the draft's one `draft_copy` action, in the same transaction:
//! the server is brought to "exactly this copy" at the next sync, whatever happened before.
//! Copies that sync brought down into the Drafts folder are mirrors: once replaced they are
//! dropped here (the server loses them through the action), never kept as archived.

use rusqlite::{params, OptionalExtension, Row, Transaction};
use sha2::{Digest, Sha256};

use super::messages::{insert_new, remove_row, NewRow};
use super::{now, FlagState, MessageFields, Store};
use crate::types::{Attachment, ComposeMode};
use crate::address_list;
use crate::types::DraftInfo;
use crate::types::FolderRole;
use crate::{EngineError, Result};

/// The server copy of one version: its Message-ID and exact bytes. It is also listed at once
/// in the account's Drafts folder, as a message waiting for its server identity (no UID), so
/// that a draft saved offline shows in "Brouillons" before the copy reaches the server; the
/// sync then adopts that row (same folder, same bytes) or, if the server changed the bytes,
/// drops it beside the server's own row (`STALE_MIRRORS`).
pub struct DraftCopy<'a> {
    pub message_id: &'a str,
    pub raw: &'a [u8],
    pub hash: &'a [u8],
    /// What the list and search show of it, read by the engine like any fetched message.
    pub fields: &'a MessageFields,
}

/// One save, everything already prepared by the engine.
pub struct DraftWrite<'a> {
    pub account_id: i64,
    pub key: &'a str,
    /// The Composition as JSON, attachment contents left out.
    pub composition_json: &'a str,
    pub attachments: &'a [Attachment],
    pub signature_id: Option<i64>,
    pub mode: ComposeMode,
    pub subject: &'a str,
    pub recipients: &'a [String],
    pub fingerprint: &'a [u8],
    /// `None` when no server copy could be made: the local save still happens.
    pub copy: Option<DraftCopy<'a>>,
}

/// What the engine needs to decide whether a save changes anything.
pub struct DraftHead {
    pub account_id: i64,
    pub key: String,
    pub fingerprint: Vec<u8>,
}

/// A draft as stored, attachments with their bytes.
pub struct StoredDraft {
    pub info: DraftInfo,
    pub composition_json: String,
    pub attachments: Vec<Attachment>,
}

/// A message of a Drafts folder, to be taken over as a local draft.
pub struct Adoption<'a> {
    pub message: i64,
    pub write: DraftWrite<'a>,
}

const DRAFT_SELECT: &str = "SELECT d.id, a.email, d.mode, d.subject, d.recipients, d.attachment_count, d.signature_id,
        d.updated_at, EXISTS (SELECT 1 FROM planned_action p WHERE p.kind = 'draft_copy' AND p.draft_key = d.draft_key)
     FROM draft d JOIN account a ON a.id = d.account_id";

fn mode_str(mode: ComposeMode) -> &'static str {
    match mode {
        ComposeMode::Pro => "pro",
        ComposeMode::Patient => "patient",
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

fn info_from_row(row: &Row<'_>) -> rusqlite::Result<DraftInfo> {
    Ok(DraftInfo {
        id: Some(row.get(0)?),
        message: None,
        account: row.get(1)?,
        mode: if row.get::<_, String>(2)? == "patient" { ComposeMode::Patient } else { ComposeMode::Pro },
        subject: row.get(3)?,
        recipients: lines(&row.get::<_, String>(4)?),
        attachment_count: row.get(5)?,
        signature_id: row.get(6)?,
        updated_at: Some(row.get(7)?),
        server_pending: row.get(8)?,
    })
}

impl Store {
    pub fn draft_head(&self, id: i64) -> Result<DraftHead> {
        self.conn()
            .query_row("SELECT account_id, draft_key, fingerprint FROM draft WHERE id = ?1", [id], |r| {
                Ok(DraftHead { account_id: r.get(0)?, key: r.get(1)?, fingerprint: r.get(2)? })
            })
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("draft #{id}")))
    }

    pub fn draft_info(&self, id: i64) -> Result<DraftInfo> {
        self.conn()
            .query_row(&format!("{DRAFT_SELECT} WHERE d.id = ?1"), [id], info_from_row)
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("draft #{id}")))
    }

    pub fn draft(&self, id: i64) -> Result<StoredDraft> {
        let info = self.draft_info(id)?;
        let composition_json: String = self.conn().query_row("SELECT composition FROM draft WHERE id = ?1", [id], |r| r.get(0))?;
        let mut stmt = self.conn().prepare(
            "SELECT a.file_name, a.mime_type, a.inline_content_id, f.data
             FROM draft_attachment a JOIN draft_file f ON f.id = a.file_id
             WHERE a.draft_id = ?1 ORDER BY a.position",
        )?;
        let attachments = stmt
            .query_map([id], |r| {
                Ok(Attachment {
                    file_name: r.get(0)?,
                    mime_type: r.get(1)?,
                    inline_content_id: r.get(2)?,
                    content: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(StoredDraft { info, composition_json, attachments })
    }

    /// Local drafts (newest first), then drafts made elsewhere that sync found in the
    /// Drafts folder and that are not copies of ours.
    pub fn drafts(&self, account_id: Option<i64>) -> Result<Vec<DraftInfo>> {
        let mut stmt = self.conn().prepare(&format!(
            "{DRAFT_SELECT} WHERE ?1 IS NULL OR d.account_id = ?1 ORDER BY d.updated_at DESC, d.id DESC"
        ))?;
        let mut out = stmt.query_map([account_id], info_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn().prepare(
            "SELECT m.id, a.email, m.subject, m.to_list, m.cc_list, m.has_attachments, coalesce(m.date, m.internal_date)
             FROM message m JOIN folder f ON f.id = m.folder_id JOIN account a ON a.id = m.account_id
             WHERE f.role = 'drafts' AND m.on_server = 1 AND (?1 IS NULL OR m.account_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM draft_copy c WHERE c.account_id = m.account_id AND c.message_id = m.message_id)
             ORDER BY coalesce(m.date, m.internal_date) DESC, m.id DESC",
        )?;
        let elsewhere = stmt
            .query_map([account_id], |r| {
                let to: String = r.get(3)?;
                let cc: String = r.get(4)?;
                let recipients: Vec<String> = address_list::split(&to).into_iter().chain(address_list::split(&cc)).collect();
                let patient = recipients.iter().any(|r| r.to_ascii_lowercase().contains(crate::patient::PATIENT_DOMAIN));
                Ok(DraftInfo {
                    id: None,
                    message: Some(r.get(0)?),
                    account: r.get(1)?,
                    mode: if patient { ComposeMode::Patient } else { ComposeMode::Pro },
                    subject: r.get(2)?,
                    recipients,
                    attachment_count: u32::from(r.get::<_, bool>(5)?),
                    signature_id: None,
                    updated_at: r.get(6)?,
                    server_pending: false,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.extend(elsewhere);
        Ok(out)
    }

    pub fn draft_by_key(&self, key: &str) -> Result<Option<i64>> {
        Ok(self.conn().query_row("SELECT id FROM draft WHERE draft_key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// The local draft a Drafts-folder message is a copy of, if any.
    pub fn draft_of_message(&self, message: i64) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT d.id FROM message m
                 JOIN draft_copy c ON c.account_id = m.account_id AND c.message_id = m.message_id
                 JOIN draft d ON d.draft_key = c.draft_key
                 WHERE m.id = ?1",
                [message],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Whether the message sits in a Drafts folder; its account.
    pub fn drafts_folder_message(&self, message: i64) -> Result<(i64, bool)> {
        self.conn()
            .query_row(
                "SELECT m.account_id, coalesce(f.role = 'drafts', 0) FROM message m JOIN folder f ON f.id = m.folder_id WHERE m.id = ?1",
                [message],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("message #{message}")))
    }

    /// Saves a new draft (`id` None) or a new version; returns its id.
    pub fn save_draft(&mut self, id: Option<i64>, write: &DraftWrite<'_>) -> Result<i64> {
        self.write(|tx| save_in(tx, id, write, None))
    }

    /// Takes over a draft made elsewhere: a local draft whose current server copy is that
    /// message, until a change replaces it.
    pub fn adopt_draft(&mut self, adoption: &Adoption<'_>) -> Result<i64> {
        self.write(|tx| {
            let (message_id, uidvalidity, uid): (Option<String>, Option<u32>, Option<u32>) = tx
                .query_row(
                    "SELECT message_id, uidvalidity, uid FROM message WHERE id = ?1 AND on_server = 1",
                    [adoption.message],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
                .ok_or_else(|| EngineError::NotFound(format!("draft message #{}", adoption.message)))?;
            // Without a Message-ID the original cannot be told from ours: a copy is made.
            let origin = message_id.map(|id| (id, uidvalidity, uid));
            save_in(tx, None, &adoption.write, origin)
        })
    }

    pub fn delete_draft(&mut self, id: i64) -> Result<()> {
        self.write(|tx| discard_in(tx, id))
    }

    /// Queues the draft's message and discards the draft, at once: a crash leaves either
    /// the draft or the queued message, never both nor neither.
    pub fn enqueue_draft(&mut self, id: i64, message: &super::Outgoing<'_>) -> Result<super::OutboxEntry> {
        let compressed = zstd::bulk::compress(message.raw, 3).map_err(|e| EngineError::Store(format!("compression failed: {e}")))?;
        let entry = self.write(|tx| {
            let entry = super::outbox::insert(tx, message, &compressed)?;
            discard_in(tx, id)?;
            Ok(entry)
        })?;
        self.outbox_entry(entry)
    }

    /// Drops mirrors of replaced copies that a sync brought down after the replacement was
    /// planned, and forgets copies nothing refers to any more.
    pub fn tidy_draft_copies(&mut self, account_id: Option<i64>) -> Result<usize> {
        let stale: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM ({STALE_MIRRORS}) WHERE ?1 IS NULL OR account_id = ?1"),
            [account_id],
            |r| r.get(0),
        )?;
        if stale == 0 {
            return Ok(0);
        }
        self.write(|tx| {
            let accounts: Vec<i64> = {
                let mut stmt = tx.prepare("SELECT id FROM account WHERE ?1 IS NULL OR id = ?1")?;
                let ids = stmt.query_map([account_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
                ids
            };
            let mut dropped = 0;
            for account in accounts {
                dropped += drop_stale_mirrors(tx, account)?;
            }
            Ok(dropped)
        })
    }
}

/// Mirrors (message rows in a Drafts folder) of copies that are no draft's current copy, and
/// local mirrors once the server's own row of the same copy came down beside them.
///
/// Driven from `draft_copy` (a handful of rows) into the message index by Message-ID: the
/// sync asks at every pass, and a scan of the messages would cost it tens of milliseconds.
const STALE_MIRRORS: &str = "SELECT m.id, m.account_id FROM draft_copy c
     CROSS JOIN message m ON m.message_id = c.message_id AND m.account_id = c.account_id
     JOIN folder f ON f.id = m.folder_id
     WHERE f.role = 'drafts'
       AND (NOT EXISTS (SELECT 1 FROM draft d WHERE d.account_id = m.account_id AND d.copy_message_id = m.message_id)
            OR (m.uid IS NULL AND EXISTS (SELECT 1 FROM message s WHERE s.folder_id = m.folder_id
                                             AND s.message_id = m.message_id AND s.uid IS NOT NULL)))";

/// `origin`: the Drafts-folder message being taken over (its Message-ID and UID).
fn save_in(
    tx: &Transaction<'_>,
    id: Option<i64>,
    w: &DraftWrite<'_>,
    origin: Option<(String, Option<u32>, Option<u32>)>,
) -> Result<i64> {
    let at = now();
    let recipients = w.recipients.join("\n");
    let id = match id {
        Some(id) => {
            let account: i64 = tx
                .query_row("SELECT account_id FROM draft WHERE id = ?1", [id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| EngineError::NotFound(format!("draft #{id}")))?;
            if account != w.account_id {
                return Err(EngineError::InvalidInput(format!("draft #{id} belongs to another account")));
            }
            tx.execute(
                "UPDATE draft SET composition = ?2, signature_id = ?3, mode = ?4, subject = ?5, recipients = ?6,
                        attachment_count = ?7, fingerprint = ?8, updated_at = ?9
                 WHERE id = ?1",
                params![id, w.composition_json, w.signature_id, mode_str(w.mode), w.subject, recipients,
                        w.attachments.len() as i64, w.fingerprint, at],
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO draft (account_id, draft_key, composition, signature_id, mode, subject, recipients,
                                    attachment_count, fingerprint, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                params![w.account_id, w.key, w.composition_json, w.signature_id, mode_str(w.mode), w.subject,
                        recipients, w.attachments.len() as i64, w.fingerprint, at],
            )?;
            tx.last_insert_rowid()
        }
    };
    write_files(tx, id, w.attachments)?;

    if let Some((message_id, uidvalidity, uid)) = origin {
        // The original is the current copy: nothing to send until the draft changes.
        tx.execute(
            "UPDATE draft SET copy_message_id = ?2, copy_raw = NULL, origin_uidvalidity = ?3, origin_uid = ?4 WHERE id = ?1",
            params![id, message_id, uidvalidity, uid],
        )?;
        record_copy(tx, w.account_id, &message_id, w.key)?;
    } else if let Some(copy) = &w.copy {
        let compressed = zstd::bulk::compress(copy.raw, 1).map_err(|e| EngineError::Store(format!("compression failed: {e}")))?;
        tx.execute(
            "UPDATE draft SET copy_message_id = ?2, copy_raw = ?3 WHERE id = ?1",
            params![id, copy.message_id, compressed],
        )?;
        record_copy(tx, w.account_id, copy.message_id, w.key)?;
        plan_copy(tx, id, Some(copy.message_id))?;
        insert_mirror(tx, w.account_id, w.key, copy)?;
    }
    drop_stale_mirrors(tx, w.account_id)?;
    Ok(id)
}

/// The copy listed in the account's Drafts folder until the server's row replaces it. Before
/// the first sync there is no Drafts folder yet: the copy is then listed once it is filed.
/// The listed row waits for the planned copy as a moved message waits for its planned move:
/// the action names it, so the archive rule leaves it alone until the copy is filed.
fn insert_mirror(tx: &Transaction<'_>, account_id: i64, key: &str, copy: &DraftCopy<'_>) -> Result<()> {
    let folder: Option<i64> = tx
        .query_row("SELECT id FROM folder WHERE account_id = ?1 AND role = 'drafts' ORDER BY id LIMIT 1", [account_id], |r| r.get(0))
        .optional()?;
    let Some(folder_id) = folder else { return Ok(()) };
    let compressed = zstd::bulk::compress(copy.raw, 1).map_err(|e| EngineError::Store(format!("compression failed: {e}")))?;
    let flags = FlagState { seen: true, draft: true, ..FlagState::default() };
    let row = NewRow {
        account_id,
        folder_id,
        identity: None,
        hash: copy.hash,
        size: copy.raw.len(),
        internal_date: Some(now()),
        flags: &flags,
        fields: copy.fields,
    };
    let listed = insert_new(tx, &row, &compressed)?;
    tx.execute("UPDATE planned_action SET message_id = ?1 WHERE kind = 'draft_copy' AND draft_key = ?2", params![listed, key])?;
    Ok(())
}

fn record_copy(tx: &Transaction<'_>, account_id: i64, message_id: &str, key: &str) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO draft_copy (account_id, message_id, draft_key, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![account_id, message_id, key, now()],
    )?;
    Ok(())
}

/// Files by content: one already stored for this draft is not written again.
fn write_files(tx: &Transaction<'_>, draft_id: i64, attachments: &[Attachment]) -> Result<()> {
    tx.execute("DELETE FROM draft_attachment WHERE draft_id = ?1", [draft_id])?;
    for (position, attachment) in attachments.iter().enumerate() {
        let sha: [u8; 32] = Sha256::digest(&attachment.content).into();
        let known: Option<i64> = tx
            .query_row(
                "SELECT id FROM draft_file WHERE draft_id = ?1 AND sha256 = ?2",
                params![draft_id, sha.as_slice()],
                |r| r.get(0),
            )
            .optional()?;
        let file_id = match known {
            Some(file_id) => file_id,
            None => {
                tx.execute(
                    "INSERT INTO draft_file (draft_id, sha256, size, data) VALUES (?1, ?2, ?3, ?4)",
                    params![draft_id, sha.as_slice(), attachment.content.len() as i64, attachment.content],
                )?;
                tx.last_insert_rowid()
            }
        };
        tx.execute(
            "INSERT INTO draft_attachment (draft_id, position, file_name, mime_type, inline_content_id, file_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![draft_id, position as i64, attachment.file_name, attachment.mime_type, attachment.inline_content_id, file_id],
        )?;
    }
    tx.execute(
        "DELETE FROM draft_file WHERE draft_id = ?1 AND id NOT IN (SELECT file_id FROM draft_attachment WHERE draft_id = ?1)",
        [draft_id],
    )?;
    Ok(())
}

/// Replaces the draft's planned copy with one for `target` (None: no copy at all). The
/// older action may already be in a sync's hands: it then files its own copy, which this
/// one removes.
fn plan_copy(tx: &Transaction<'_>, draft_id: i64, target: Option<&str>) -> Result<()> {
    let (account_id, key, origin_uidvalidity, origin_uid): (i64, String, Option<u32>, Option<u32>) = tx.query_row(
        "SELECT account_id, draft_key, origin_uidvalidity, origin_uid FROM draft WHERE id = ?1",
        [draft_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    tx.execute("DELETE FROM planned_action WHERE kind = 'draft_copy' AND draft_key = ?1", [&key])?;
    // Not synced yet: the server's Drafts folder is looked up when the action is applied.
    let folder: Option<String> = tx
        .query_row(
            "SELECT name FROM folder WHERE account_id = ?1 AND role = ?2 ORDER BY on_server DESC, id LIMIT 1",
            params![account_id, FolderRole::Drafts.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    tx.execute(
        "INSERT INTO planned_action (account_id, kind, folder, uidvalidity, uid, target, draft_key, created_at)
         VALUES (?1, 'draft_copy', ?2, ?3, ?4, ?5, ?6, ?7)",
        params![account_id, folder, origin_uidvalidity, origin_uid, target, key, now()],
    )?;
    Ok(())
}

/// Deletes the draft here and plans the removal of its server copies.
fn discard_in(tx: &Transaction<'_>, id: i64) -> Result<()> {
    let (account_id, copy): (i64, Option<String>) = tx
        .query_row("SELECT account_id, copy_message_id FROM draft WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| EngineError::NotFound(format!("draft #{id}")))?;
    if copy.is_some() {
        plan_copy(tx, id, None)?;
    }
    tx.execute("DELETE FROM draft WHERE id = ?1", [id])?;
    drop_stale_mirrors(tx, account_id)?;
    Ok(())
}

/// Removes mirrors of replaced copies (as a purge would, without a server action: the
/// draft's own action removes them there), then forgets copies nothing refers to.
fn drop_stale_mirrors(tx: &Transaction<'_>, account_id: i64) -> Result<usize> {
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare(&format!("SELECT id FROM ({STALE_MIRRORS}) WHERE account_id = ?1"))?;
        let ids = stmt.query_map([account_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        ids
    };
    for id in &ids {
        remove_row(tx, *id)?;
    }
    tx.execute(
        "DELETE FROM draft_copy WHERE account_id = ?1
           AND NOT EXISTS (SELECT 1 FROM draft d WHERE d.draft_key = draft_copy.draft_key)
           AND NOT EXISTS (SELECT 1 FROM planned_action p WHERE p.draft_key = draft_copy.draft_key)
           AND NOT EXISTS (SELECT 1 FROM message m WHERE m.account_id = draft_copy.account_id
                                                     AND m.message_id = draft_copy.message_id)",
        [account_id],
    )?;
    Ok(ids.len())
}

#[cfg(test)]
mod tests {
    use super::STALE_MIRRORS;
    use crate::store::testing::open_temp;

    /// Every sync pass asks for stale copies: through the copies, never a scan of the messages.
    #[test]
    fn stale_copies_are_found_without_scanning_the_messages() {
        let (_dir, store) = open_temp();
        let sql = format!("EXPLAIN QUERY PLAN SELECT count(*) FROM ({STALE_MIRRORS}) WHERE ?1 IS NULL OR account_id = ?1");
        let mut stmt = store.conn().prepare(&sql).unwrap();
        let plan: Vec<String> = stmt.query_map([None::<i64>], |r| r.get::<_, String>(3)).unwrap().map(Result::unwrap).collect();
        assert!(plan.iter().any(|step| step.starts_with("SCAN c")), "{plan:#?}");
        assert!(!plan.iter().any(|step| step.starts_with("SCAN m")), "{plan:#?}");
    }
}
