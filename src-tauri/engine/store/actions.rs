//! Server changes planned in the store, in the same transaction as the local change, and
//! removed only once the server has applied them. A crash in between loses nothing: the
//! next sync applies what is left.

use rusqlite::{params, Row, Transaction};

use super::{now, Store};
use crate::engine::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Flags,
    Move,
    Expunge,
    CreateFolder,
    RenameFolder,
    DeleteFolder,
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
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
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
    })
}

impl Store {
    /// What remains to apply, in the order that keeps the server consistent: folders are
    /// created or renamed before messages move into them, flags are set while messages are
    /// still where the server has them, and folders are deleted once emptied.
    pub fn planned_actions(&self, account_id: i64) -> Result<Vec<PlannedAction>> {
        let mut stmt = self.conn().prepare(
            "SELECT * FROM planned_action WHERE account_id = ?1
             ORDER BY CASE kind WHEN 'create_folder' THEN 0 WHEN 'rename_folder' THEN 0 WHEN 'flags' THEN 1
                                WHEN 'move' THEN 2 WHEN 'expunge' THEN 3 ELSE 4 END, id",
        )?;
        let rows = stmt.query_map([account_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn planned_action_count(&self, account_id: i64) -> Result<u32> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM planned_action WHERE account_id = ?1", [account_id], |r| r.get(0))?)
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
