//! The directory's favourites: starred addresses, each with a copy of its entry (JSON) so
//! that it still shows when a later import no longer has it. The rules (what is shown,
//! when the copy is refreshed) are `directory::favorites`'.

use rusqlite::{params, params_from_iter, OptionalExtension};

use super::Store;
use crate::directory::DirectoryEntry;
use crate::{EngineError, Result};

/// A favourite as stored: its entry as last seen, and when it was starred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFavorite {
    pub entry: DirectoryEntry,
    pub added_at: i64,
}

fn to_json(entry: &DirectoryEntry) -> Result<String> {
    serde_json::to_string(entry).map_err(|e| EngineError::Internal(format!("a favourite could not be written: {e}")))
}

fn from_json(json: &str) -> Result<DirectoryEntry> {
    serde_json::from_str(json).map_err(|e| EngineError::Store(format!("a favourite could not be read: {e}")))
}

impl Store {
    /// Stars `entry` (again: its copy is refreshed, the date it was starred kept).
    pub fn add_directory_favorite(&mut self, entry: &DirectoryEntry) -> Result<()> {
        let json = to_json(entry)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO directory_favorite (address, entry, added_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (address) DO UPDATE SET entry = excluded.entry",
                params![entry.address, json, super::now()],
            )?;
            Ok(())
        })
    }

    /// Whether `address` was a favourite.
    pub fn remove_directory_favorite(&mut self, address: &str) -> Result<bool> {
        self.write(|tx| Ok(tx.execute("DELETE FROM directory_favorite WHERE address = ?1", [address])? > 0))
    }

    /// Every favourite, oldest first.
    pub fn directory_favorites(&self) -> Result<Vec<StoredFavorite>> {
        let mut stmt = self.conn().prepare_cached("SELECT entry, added_at FROM directory_favorite ORDER BY added_at, address")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut favorites = Vec::new();
        for row in rows {
            let (json, added_at) = row?;
            favorites.push(StoredFavorite { entry: from_json(&json)?, added_at });
        }
        Ok(favorites)
    }

    pub fn directory_favorite(&self, address: &str) -> Result<Option<StoredFavorite>> {
        let row = self
            .conn()
            .query_row("SELECT entry, added_at FROM directory_favorite WHERE address = ?1", [address], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })
            .optional()?;
        row.map(|(json, added_at)| Ok(StoredFavorite { entry: from_json(&json)?, added_at })).transpose()
    }

    /// Keeps the copy of a favourite up to date with the loaded directory.
    pub fn refresh_directory_favorite(&mut self, entry: &DirectoryEntry) -> Result<()> {
        let json = to_json(entry)?;
        self.write(|tx| {
            tx.execute("UPDATE directory_favorite SET entry = ?2 WHERE address = ?1 AND entry <> ?2", params![entry.address, json])?;
            Ok(())
        })
    }

    /// Which of `addresses` are favourites.
    pub fn favorite_addresses(&self, addresses: &[String]) -> Result<Vec<String>> {
        if addresses.is_empty() {
            return Ok(Vec::new());
        }
        // One statement per batch size; SQLite's limit on parameters is far above a page.
        let marks = vec!["?"; addresses.len()].join(", ");
        let mut stmt = self.conn().prepare(&format!("SELECT address FROM directory_favorite WHERE address IN ({marks})"))?;
        let rows = stmt.query_map(params_from_iter(addresses.iter()), |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
