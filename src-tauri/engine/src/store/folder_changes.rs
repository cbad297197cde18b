//! What the user does to folders locally: create, rename, delete. Each change is written
//! with its planned action in the same transaction, sent later by sync.

use rusqlite::{params, OptionalExtension, Transaction};

use super::actions::{plan, ActionKind, NewAction};
use super::folders::{folder_by_role_in, folder_in, FolderRecord};
use super::messages::move_in;
use super::Store;
use crate::folder_names::PATH_SEPARATOR;
use crate::types::FolderRole;
use crate::{EngineError, Result};

impl Store {
    /// Creates a folder here at once and on the server at the next sync. `name` is the
    /// server's name, `path` the one a person reads (see `folder_names`).
    pub fn create_folder(&mut self, account_id: i64, name: &str, path: &str) -> Result<FolderRecord> {
        validate_folder_name(path)?;
        let id = self.write(|tx| {
            if name_taken(tx, account_id, name, path)? {
                return Err(EngineError::InvalidInput(format!("a folder named {path:?} already exists")));
            }
            insert_planned_folder(tx, account_id, name, path, None)
        })?;
        self.folder(id)
    }

    /// The folder of this role, created here and planned on the server when the server has
    /// none (a server without SPECIAL-USE and without the usual name): deleting needs a
    /// trash, sending a Sent folder.
    pub fn ensure_role_folder(&mut self, account_id: i64, role: FolderRole, name: &str, path: &str) -> Result<FolderRecord> {
        let id = self.write(|tx| {
            match folder_by_role_in(tx, account_id, role) {
                Ok(found) => return Ok(found.id),
                Err(EngineError::NotFound(_)) => {}
                Err(other) => return Err(other),
            }
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM folder WHERE account_id = ?1 AND name = ?2",
                    params![account_id, name],
                    |r| r.get(0),
                )
                .optional()?;
            match existing {
                Some(id) => {
                    tx.execute("UPDATE folder SET role = ?2 WHERE id = ?1", params![id, role.as_str()])?;
                    Ok(id)
                }
                None => insert_planned_folder(tx, account_id, name, path, Some(role)),
            }
        })?;
        self.folder(id)
    }

    /// Renames a folder (and its subfolders) here at once and on the server at the next sync.
    pub fn rename_folder(&mut self, folder_id: i64, new_name: &str, new_path: &str) -> Result<FolderRecord> {
        validate_folder_name(new_path)?;
        self.write(|tx| {
            let folder = folder_in(tx, folder_id)?;
            if folder.role.is_some() {
                return Err(EngineError::InvalidInput(format!("the standard folder {:?} cannot be renamed", folder.path)));
            }
            if name_taken(tx, folder.account_id, new_name, new_path)? {
                return Err(EngineError::InvalidInput(format!("a folder named {new_path:?} already exists")));
            }
            let old = folder.name.clone();
            rename_here(tx, &folder, new_name, new_path)?;
            plan(tx, &NewAction::folder(folder.account_id, ActionKind::RenameFolder, &old, Some(new_name)))?;
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
                return Err(EngineError::InvalidInput(format!("the standard folder {:?} cannot be deleted", folder.path)));
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
                        folder.path
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

/// Renames a folder and its subfolders here, and the changes planned earlier that name them
/// as the server will know them after the rename.
pub(super) fn rename_here(tx: &Transaction<'_>, folder: &FolderRecord, new_name: &str, new_path: &str) -> Result<()> {
    let old = &folder.name;
    tx.execute("UPDATE folder SET name = ?2, path = ?3 WHERE id = ?1", params![folder.id, new_name, new_path])?;
    if let Some(delim) = &folder.delimiter {
        let old_prefix = format!("{old}{delim}");
        let new_prefix = format!("{new_name}{delim}");
        let old_path = format!("{}{PATH_SEPARATOR}", folder.path);
        let new_path = format!("{new_path}{PATH_SEPARATOR}");
        tx.execute(
            "UPDATE folder SET name = ?3 || substr(name, length(?2) + 1), path = ?5 || substr(path, length(?4) + 1)
             WHERE account_id = ?1 AND substr(name, 1, length(?2)) = ?2",
            params![folder.account_id, old_prefix, new_prefix, old_path, new_path],
        )?;
    }
    tx.execute(
        "UPDATE planned_action SET folder = ?3 WHERE account_id = ?1 AND folder = ?2 AND kind IN ('flags', 'move', 'expunge')",
        params![folder.account_id, old, new_name],
    )?;
    tx.execute(
        "UPDATE planned_action SET target = ?3 WHERE account_id = ?1 AND target = ?2 AND kind = 'move'",
        params![folder.account_id, old, new_name],
    )?;
    Ok(())
}

fn name_taken(tx: &Transaction<'_>, account_id: i64, name: &str, path: &str) -> Result<bool> {
    Ok(tx
        .query_row(
            "SELECT 1 FROM folder WHERE account_id = ?1 AND (name = ?2 OR path = ?3)",
            params![account_id, name, path],
            |_| Ok(true),
        )
        .optional()?
        .unwrap_or(false))
}

/// A new folder, listed at once, its creation planned on the server.
fn insert_planned_folder(tx: &Transaction<'_>, account_id: i64, name: &str, path: &str, role: Option<FolderRole>) -> Result<i64> {
    let delimiter: Option<String> = tx
        .query_row(
            "SELECT delimiter FROM folder WHERE account_id = ?1 AND delimiter IS NOT NULL LIMIT 1",
            [account_id],
            |r| r.get(0),
        )
        .optional()?;
    tx.execute(
        "INSERT INTO folder (account_id, name, path, delimiter, role, selectable, on_server) VALUES (?1, ?2, ?3, ?4, ?5, 1, 1)",
        params![account_id, name, path, delimiter, role.map(FolderRole::as_str)],
    )?;
    let id = tx.last_insert_rowid();
    plan(tx, &NewAction::folder(account_id, ActionKind::CreateFolder, name, None))?;
    Ok(id)
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
