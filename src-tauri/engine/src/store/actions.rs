//! Server changes planned in the store, in the same transaction as the local change, and
//! removed only once the server has applied them. A crash in between loses nothing: the
//! next sync applies what is left.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{now, Store};
use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Flags,
    Move,
    Expunge,
    CreateFolder,
    RenameFolder,
    DeleteFolder,
    /// The Drafts folder holds exactly the draft's current copy (`target`), or none.
    DraftCopy,
}

impl ActionKind {
    fn as_str(self) -> &'static str {
        match self {
            ActionKind::Flags => "flags",
            ActionKind::Move => "move",
            ActionKind::Expunge => "expunge",
            ActionKind::CreateFolder => "create_folder",
            ActionKind::RenameFolder => "rename_folder",
            ActionKind::DeleteFolder => "delete_folder",
            ActionKind::DraftCopy => "draft_copy",
        }
    }

    fn parse(s: &str) -> Option<ActionKind> {
        [
            ActionKind::Flags,
            ActionKind::Move,
            ActionKind::Expunge,
            ActionKind::CreateFolder,
            ActionKind::RenameFolder,
            ActionKind::DeleteFolder,
            ActionKind::DraftCopy,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Whether a planned action can be applied now.
#[derive(Debug, Clone)]
pub enum Resolved {
    Ready(PlannedAction),
    /// Its message's UID is not known yet.
    Wait,
    /// Nothing left to do on the server.
    Drop,
}

#[derive(Debug, Clone)]
pub struct PlannedAction {
    pub id: i64,
    pub account_id: i64,
    pub kind: ActionKind,
    pub message_id: Option<i64>,
    pub folder: Option<String>,
    pub uidvalidity: Option<u32>,
    pub uid: Option<u32>,
    pub target: Option<String>,
    pub add_flags: Vec<String>,
    pub remove_flags: Vec<String>,
    pub attempts: u32,
    /// DraftCopy: the draft (its key, written in its copies' X-Medimail-Draft header).
    pub draft_key: Option<String>,
    /// DraftCopy: the bytes of the copy to file, when it is still the draft's current one.
    pub payload: Option<Vec<u8>>,
}

pub(super) struct NewAction<'a> {
    pub account_id: i64,
    pub kind: ActionKind,
    pub message_id: Option<i64>,
    pub folder: Option<&'a str>,
    pub uidvalidity: Option<u32>,
    pub uid: Option<u32>,
    pub target: Option<&'a str>,
    pub add_flags: String,
    pub remove_flags: String,
}

impl<'a> NewAction<'a> {
    /// A change to a message whose server UID is not known yet: its coordinates are
    /// looked up when it is applied (see [`Store::resolve_action`]).
    pub fn deferred(account_id: i64, kind: ActionKind, message_id: i64, target: Option<&'a str>, add: &str, remove: &str) -> Self {
        NewAction {
            account_id,
            kind,
            message_id: Some(message_id),
            folder: None,
            uidvalidity: None,
            uid: None,
            target,
            add_flags: add.to_owned(),
            remove_flags: remove.to_owned(),
        }
    }

    pub fn folder(account_id: i64, kind: ActionKind, folder: &'a str, target: Option<&'a str>) -> Self {
        NewAction {
            account_id,
            kind,
            message_id: None,
            folder: Some(folder),
            uidvalidity: None,
            uid: None,
            target,
            add_flags: String::new(),
            remove_flags: String::new(),
        }
    }
}

pub(super) fn plan(tx: &Transaction<'_>, action: &NewAction<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO planned_action (account_id, kind, message_id, folder, uidvalidity, uid, target,
                                     add_flags, remove_flags, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            action.account_id,
            action.kind.as_str(),
            action.message_id,
            action.folder,
            action.uidvalidity,
            action.uid,
            action.target,
            action.add_flags,
            action.remove_flags,
            now()
        ],
    )?;
    Ok(())
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<PlannedAction> {
    let words = |s: String| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    let kind: String = row.get("kind")?;
    Ok(PlannedAction {
        id: row.get("id")?,
        account_id: row.get("account_id")?,
        kind: ActionKind::parse(&kind).unwrap_or(ActionKind::Flags),
        message_id: row.get("message_id")?,
        folder: row.get("folder")?,
        uidvalidity: row.get("uidvalidity")?,
        uid: row.get("uid")?,
        target: row.get("target")?,
        add_flags: words(row.get("add_flags")?),
        remove_flags: words(row.get("remove_flags")?),
        attempts: row.get("attempts")?,
        draft_key: row.get("draft_key")?,
        payload: row
            .get::<_, Option<Vec<u8>>>("payload")?
            .and_then(|data| zstd::stream::decode_all(data.as_slice()).ok()),
    })
}

impl Store {
    /// What remains to apply, in the order that keeps the server consistent: folders are
    /// created or renamed before messages move into them, flags are set while messages are
    /// still where the server has them, and folders are deleted once emptied. A draft's new
    /// copy is filed before anything is expunged, so the server never goes without one.
    pub fn planned_actions(&self, account_id: i64) -> Result<Vec<PlannedAction>> {
        let mut stmt = self.conn().prepare(
            "SELECT p.*, d.copy_raw AS payload FROM planned_action p
             LEFT JOIN draft d ON p.kind = 'draft_copy' AND d.draft_key = p.draft_key AND d.copy_message_id = p.target
             WHERE p.account_id = ?1
             ORDER BY CASE p.kind WHEN 'create_folder' THEN 0 WHEN 'rename_folder' THEN 0 WHEN 'flags' THEN 1
                                  WHEN 'move' THEN 2 WHEN 'draft_copy' THEN 2 WHEN 'expunge' THEN 3 ELSE 4 END, p.id",
        )?;
        let rows = stmt.query_map([account_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn planned_action_count(&self, account_id: i64) -> Result<u32> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM planned_action WHERE account_id = ?1", [account_id], |r| r.get(0))?)
    }

    /// Fills in a deferred action's server coordinates from its message, once sync has met
    /// the message again.
    pub fn resolve_action(&self, action: &PlannedAction) -> Result<Resolved> {
        if action.folder.is_some() || !matches!(action.kind, ActionKind::Flags | ActionKind::Move) {
            return Ok(Resolved::Ready(action.clone()));
        }
        let Some(message_id) = action.message_id else {
            return Ok(Resolved::Drop);
        };
        let found: Option<(String, bool, Option<u32>, Option<u32>)> = self
            .conn()
            .query_row(
                "SELECT f.name, m.on_server, m.uidvalidity, m.uid FROM message m JOIN folder f ON f.id = m.folder_id
                 WHERE m.id = ?1",
                [message_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        Ok(match found {
            Some((folder, true, Some(uidvalidity), Some(uid))) => Resolved::Ready(PlannedAction {
                folder: Some(folder),
                uidvalidity: Some(uidvalidity),
                uid: Some(uid),
                ..action.clone()
            }),
            Some((_, true, _, _)) => Resolved::Wait,
            // Purged here, or gone from the server: nothing left to change there.
            _ => Resolved::Drop,
        })
    }

    /// The action's message is no longer where the action says: wait for sync to find it.
    pub fn defer_action(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE planned_action SET folder = NULL, uidvalidity = NULL, uid = NULL WHERE id = ?1",
                [id],
            )?;
            Ok(())
        })
    }

    /// A move back to the folder the server still has the message in: it keeps its UID.
    pub fn record_move_back(&mut self, action: &PlannedAction) -> Result<()> {
        let Some(message_id) = action.message_id else {
            return Ok(());
        };
        self.write(|tx| {
            tx.execute(
                "UPDATE message SET uidvalidity = ?2, uid = ?3 WHERE id = ?1 AND on_server = 1",
                params![message_id, action.uidvalidity, action.uid],
            )?;
            Ok(())
        })
    }

    /// After the server moved a message: it is in `target` under a UID sync will learn.
    pub fn record_applied_move(&mut self, action: &PlannedAction) -> Result<()> {
        let (Some(message_id), Some(target)) = (action.message_id, action.target.as_deref()) else {
            return Ok(());
        };
        self.write(|tx| {
            tx.execute(
                "UPDATE message SET folder_id = coalesce(
                        (SELECT id FROM folder WHERE account_id = ?2 AND name = ?3), folder_id),
                    uid = NULL, uidvalidity = NULL
                 WHERE id = ?1 AND on_server = 1",
                params![message_id, action.account_id, target],
            )?;
            Ok(())
        })
    }

    pub fn finish_action(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM planned_action WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    pub fn fail_action(&mut self, id: i64, error: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE planned_action SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
                params![id, error],
            )?;
            Ok(())
        })
    }
}
