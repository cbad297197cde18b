//! What the user does to folders locally: create, rename, delete. Each change is written
//! with its planned action in the same transaction, sent later by sync.

use rusqlite::{params, OptionalExtension};

use super::actions::{plan, ActionKind, NewAction};
use super::folders::{folder_by_role_in, folder_in, FolderRecord};
use super::messages::move_in;
use super::Store;
use crate::types::FolderRole;
use crate::{EngineError, Result};

impl Store {
    /// Creates a folder here at once and on the server at the next sync.
    pub fn create_folder(&mut self, account_id: i64, name: &str) -> Result<FolderRecord> {
        validate_folder_name(name)?;
        let id = self.write(|tx| {
            let exists: Option<i64> = tx
                .query_row(
                    "SELECT id FROM folder WHERE account_id = ?1 AND name = ?2",
                    params![account_id, name],
                    |r| r.get(0),
                )
                .optional()?;
            if exists.is_some() {
                return Err(EngineError::InvalidInput(format!("a folder named {name:?} already exists")));
            }
            let delimiter: Option<String> = tx
                .query_row(
                    "SELECT delimiter FROM folder WHERE account_id = ?1 AND delimiter IS NOT NULL LIMIT 1",
                    [account_id],
                    |r| r.get(0),
                )
                .optional()?;
            tx.execute(
                "INSERT INTO folder (account_id, name, delimiter, role, selectable, on_server) VALUES (?1, ?2, ?3, NULL, 1, 1)",
                params![account_id, name, delimiter],
            )?;
            let id = tx.last_insert_rowid();
            plan(tx, &NewAction::folder(account_id, ActionKind::CreateFolder, name, None))?;
            Ok(id)
        })?;
        self.folder(id)
    }

    /// Renames a folder (and its subfolders) here at once and on the server at the next sync.
    pub fn rename_folder(&mut self, folder_id: i64, new_name: &str) -> Result<FolderRecord> {
        validate_folder_name(new_name)?;
        self.write(|tx| {
            let folder = folder_in(tx, folder_id)?;
            if folder.role.is_some() {
                return Err(EngineError::InvalidInput(format!("the standard folder {:?} cannot be renamed", folder.name)));
            }
            let taken: Option<i64> = tx
                .query_row(
                    "SELECT id FROM folder WHERE account_id = ?1 AND name = ?2",
                    params![folder.account_id, new_name],
                    |r| r.get(0),
                )
                .optional()?;
            if taken.is_some() {
                return Err(EngineError::InvalidInput(format!("a folder named {new_name:?} already exists")));
            }
            let old = folder.name.clone();
            tx.execute("UPDATE folder SET name = ?2 WHERE id = ?1", params![folder_id, new_name])?;
            if let Some(delim) = &folder.delimiter {
                let old_prefix = format!("{old}{delim}");
                let new_prefix = format!("{new_name}{delim}");
                tx.execute(
                    "UPDATE folder SET name = ?3 || substr(name, length(?2) + 1)
                     WHERE account_id = ?1 AND substr(name, 1, length(?2)) = ?2",
                    params![folder.account_id, old_prefix, new_prefix],
                )?;
            }
            plan(tx, &NewAction::folder(folder.account_id, ActionKind::RenameFolder, &old, Some(new_name)))?;
            // Actions planned earlier name the folder as the server will know it after the rename.
            tx.execute(
                "UPDATE planned_action SET folder = ?3 WHERE account_id = ?1 AND folder = ?2 AND kind IN ('flags', 'move', 'expunge')",
                params![folder.account_id, old, new_name],
            )?;
            tx.execute(
                "UPDATE planned_action SET target = ?3 WHERE account_id = ?1 AND target = ?2 AND kind = 'move'",
                params![folder.account_id, old, new_name],
            )?;
            Ok(())
        })?;
        self.folder(folder_id)
    }

    /// Deletes a folder. As in Medimail, its messages first go back to the inbox.
    /// Returns how many messages were moved.
    pub fn delete_folder(&mut self, folder_id: i64) -> Result<usize> {
        let moved = self.write(|tx| {
            let folder = folder_in(tx, folder_id)?;
            if folder.role.is_some() {
                return Err(EngineError::InvalidInput(format!("the standard folder {:?} cannot be deleted", folder.name)));
            }
            if let Some(delim) = &folder.delimiter {
                let children: i64 = tx.query_row(
                    "SELECT count(*) FROM folder WHERE account_id = ?1 AND substr(name, 1, length(?2)) = ?2",
                    params![folder.account_id, format!("{}{delim}", folder.name)],
                    |r| r.get(0),
                )?;
                if children > 0 {
                    return Err(EngineError::InvalidInput(format!(
                        "the folder {:?} has subfolders: delete them first",
                        folder.name
                    )));
                }
            }
            let inbox = folder_by_role_in(tx, folder.account_id, FolderRole::Inbox)?;
            let ids: Vec<i64> = {
                let mut stmt = tx.prepare("SELECT id FROM message WHERE folder_id = ?1")?;
                let rows = stmt.query_map([folder_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
                rows
            };
            for id in &ids {
                move_in(tx, *id, &inbox)?;
            }
            tx.execute("UPDATE message SET origin_folder_id = NULL WHERE origin_folder_id = ?1", [folder_id])?;
            tx.execute("DELETE FROM folder WHERE id = ?1", [folder_id])?;
            if folder.on_server {
                plan(tx, &NewAction::folder(folder.account_id, ActionKind::DeleteFolder, &folder.name, None))?;
            }
            Ok(ids.len())
        })?;
        Ok(moved)
    }
}

fn validate_folder_name(name: &str) -> Result<()> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(EngineError::InvalidInput("a folder name cannot be empty".into()));
    }
    if trimmed != name {
        return Err(EngineError::InvalidInput("a folder name cannot start or end with spaces".into()));
    }
    if name.chars().any(|c| c.is_control() || c == '*' || c == '%') {
        return Err(EngineError::InvalidInput(format!("the folder name {name:?} has a forbidden character")));
    }
    if name.eq_ignore_ascii_case("inbox") {
        return Err(EngineError::InvalidInput("INBOX is reserved".into()));
    }
    if name.len() > 200 {
        return Err(EngineError::InvalidInput("a folder name is limited to 200 characters".into()));
    }
    Ok(())
}
