//! What the user does to messages locally: moves, deletions, flags. Each change is
//! written with its planned action in the same transaction, sent later by sync.

use rusqlite::{params, OptionalExtension, Transaction};

use super::FlagState;
use crate::store::actions::{plan, ActionKind, NewAction};
use crate::store::folders::{folder_by_role_in, folder_in, FolderRecord};
use crate::store::Store;
use crate::types::{FlagColor, FolderRole};
use crate::{EngineError, Result};

/// Where the server has a message now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerMessageRef {
    pub folder: String,
    pub uidvalidity: u32,
    pub uid: u32,
}

impl Store {
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
                remove_row(tx, *id)?;
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
pub(in crate::store) fn move_in(tx: &Transaction<'_>, id: i64, target: &FolderRecord) -> Result<()> {
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

/// A message row gone for good here: its bytes, its search words and the changes it waited
/// for go with it (a server removal, if any, is planned by the caller).
pub(in crate::store) fn remove_row(tx: &Transaction<'_>, id: i64) -> Result<()> {
    tx.execute("DELETE FROM planned_action WHERE message_id = ?1 AND kind IN ('flags', 'move')", [id])?;
    tx.execute("DELETE FROM message_fts WHERE rowid = ?1", [id])?;
    tx.execute("DELETE FROM message_raw WHERE message_id = ?1", [id])?;
    tx.execute("DELETE FROM message WHERE id = ?1", [id])?;
    Ok(())
}
