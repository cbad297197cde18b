use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::Store;
use crate::folder_names::role_by_name;
use crate::types::{Folder, FolderRole};
use crate::{EngineError, Result};

/// A folder as the server lists it.
#[derive(Debug, Clone)]
pub struct ServerFolder {
    pub name: String,
    /// As a person reads it (see `folder_names`).
    pub path: String,
    pub delimiter: Option<String>,
    pub role: Option<FolderRole>,
    pub selectable: bool,
}

#[derive(Debug, Clone)]
pub struct FolderRecord {
    pub id: i64,
    pub account_id: i64,
    /// The server's name (decoded), which every IMAP command uses.
    pub name: String,
    /// The name a person reads and types (see `folder_names`).
    pub path: String,
    pub delimiter: Option<String>,
    pub role: Option<FolderRole>,
    pub selectable: bool,
    pub on_server: bool,
    pub uidvalidity: Option<u32>,
    pub uidnext: Option<u32>,
    pub highestmodseq: Option<u64>,
    /// How many messages the server counted at the last complete check.
    pub server_count: Option<u32>,
}

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<FolderRecord> {
    Ok(FolderRecord {
        id: row.get("id")?,
        account_id: row.get("account_id")?,
        name: row.get("name")?,
        path: row.get("path")?,
        delimiter: row.get("delimiter")?,
        role: row.get::<_, Option<String>>("role")?.as_deref().and_then(FolderRole::parse),
        selectable: row.get("selectable")?,
        on_server: row.get("on_server")?,
        uidvalidity: row.get("uidvalidity")?,
        uidnext: row.get("uidnext")?,
        highestmodseq: row.get::<_, Option<i64>>("highestmodseq")?.map(|v| v as u64),
        server_count: row.get("server_count")?,
    })
}

pub(super) fn folder_in(tx: &Transaction<'_>, id: i64) -> Result<FolderRecord> {
    tx.query_row("SELECT * FROM folder WHERE id = ?1", [id], from_row)
        .optional()?
        .ok_or_else(|| EngineError::NotFound(format!("folder #{id}")))
}

pub(super) fn folder_by_role_in(tx: &Transaction<'_>, account_id: i64, role: FolderRole) -> Result<FolderRecord> {
    tx.query_row(
        "SELECT * FROM folder WHERE account_id = ?1 AND role = ?2 ORDER BY on_server DESC, id LIMIT 1",
        params![account_id, role.as_str()],
        from_row,
    )
    .optional()?
    .ok_or_else(|| EngineError::NotFound(format!("the {} folder (sync the account first)", role.as_str())))
}

impl Store {
    /// Records what the server lists now. Folders it no longer lists stay, marked, with
    /// their messages: nothing disappears from the store because the server dropped it.
    pub fn record_server_folders(&mut self, account_id: i64, listed: &[ServerFolder]) -> Result<Vec<FolderRecord>> {
        self.write(|tx| {
            tx.execute("UPDATE folder SET on_server = 0 WHERE account_id = ?1", [account_id])?;
            for folder in listed {
                tx.execute(
                    "INSERT INTO folder (account_id, name, path, delimiter, role, selectable, on_server)
                     VALUES (?1, ?2, ?6, ?3, ?4, ?5, 1)
                     ON CONFLICT (account_id, name) DO UPDATE
                        SET path = excluded.path, delimiter = excluded.delimiter, role = excluded.role,
                            selectable = excluded.selectable, on_server = 1",
                    params![
                        account_id,
                        folder.name,
                        folder.delimiter,
                        folder.role.map(FolderRole::as_str),
                        folder.selectable,
                        folder.path
                    ],
                )?;
            }
            let mut stmt = tx.prepare("SELECT * FROM folder WHERE account_id = ?1 ORDER BY id")?;
            let rows = stmt.query_map([account_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    pub fn folder(&self, id: i64) -> Result<FolderRecord> {
        self.conn()
            .query_row("SELECT * FROM folder WHERE id = ?1", [id], from_row)
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("folder #{id}")))
    }

    pub fn folder_records(&self, account_id: i64) -> Result<Vec<FolderRecord>> {
        let mut stmt = self.conn().prepare("SELECT * FROM folder WHERE account_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([account_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Finds a folder by its path, its server name or, for the standard ones, by role
    /// ("inbox", "sent", "drafts", "trash"…) or one of their usual names ("Corbeille").
    pub fn find_folder(&self, account_id: i64, name: &str) -> Result<FolderRecord> {
        let by_name = self
            .conn()
            .query_row(
                "SELECT * FROM folder WHERE account_id = ?1 AND (path = ?2 OR name = ?2)
                 ORDER BY path = ?2 DESC, on_server DESC LIMIT 1",
                params![account_id, name],
                from_row,
            )
            .optional()?;
        if let Some(folder) = by_name {
            return Ok(folder);
        }
        let role = FolderRole::parse(&name.to_lowercase()).or_else(|| role_by_name(name));
        if let Some(role) = role {
            let found = self
                .conn()
                .query_row(
                    "SELECT * FROM folder WHERE account_id = ?1 AND role = ?2 ORDER BY on_server DESC, id LIMIT 1",
                    params![account_id, role.as_str()],
                    from_row,
                )
                .optional()?;
            if let Some(folder) = found {
                return Ok(folder);
            }
        }
        Err(EngineError::NotFound(format!("folder {name:?}")))
    }

    pub fn set_folder_sync_state(
        &mut self,
        folder_id: i64,
        uidvalidity: u32,
        uidnext: Option<u32>,
        highestmodseq: Option<u64>,
        server_count: u32,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE folder SET uidvalidity = ?2, uidnext = ?3, highestmodseq = ?4, server_count = ?5 WHERE id = ?1",
                params![folder_id, uidvalidity, uidnext, highestmodseq.map(|v| v as i64), server_count],
            )?;
            Ok(())
        })
    }

    /// Folders with their counts, as the folder list shows them.
    pub fn folder_list(&self, account: Option<&str>) -> Result<Vec<Folder>> {
        let mut stmt = self.conn().prepare(
            "SELECT f.id, a.email, f.path, f.role, f.on_server,
                    (SELECT count(*) FROM message m WHERE m.folder_id = f.id),
                    (SELECT count(*) FROM message m WHERE m.folder_id = f.id AND m.seen = 0),
                    (SELECT count(*) FROM message m WHERE m.folder_id = f.id AND m.on_server = 0)
             FROM folder f JOIN account a ON a.id = f.account_id
             WHERE f.selectable = 1 AND (?1 IS NULL OR a.email = ?1)
             ORDER BY a.id,
                      CASE f.role WHEN 'inbox' THEN 0 WHEN 'sent' THEN 1 WHEN 'drafts' THEN 2
                                  WHEN 'trash' THEN 3 WHEN 'junk' THEN 4 WHEN 'archive' THEN 5 ELSE 6 END,
                      f.path",
        )?;
        let rows = stmt
            .query_map([account], |row| {
                Ok(Folder {
                    id: row.get(0)?,
                    account: row.get(1)?,
                    name: row.get(2)?,
                    role: row.get::<_, Option<String>>(3)?.as_deref().and_then(FolderRole::parse),
                    on_server: row.get(4)?,
                    total: row.get(5)?,
                    unread: row.get(6)?,
                    archived: row.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
