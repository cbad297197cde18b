//! The only place with SQL. An SQLCipher database in the profile folder, encrypted with a
//! random 256-bit key kept in the OS keyring. WAL, one writer at a time (SQLite's own lock,
//! waited on with a busy timeout), linear migrations.

mod accounts;
mod actions;
mod correspondents;
mod drafts;
mod folders;
mod messages;
mod migrations;
mod outbox;
mod receipts;
mod search;
mod signatures;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use super::{EngineError, Result};

pub use accounts::{AccountRecord, NewAccount};
pub use actions::{ActionKind, PlannedAction, Resolved};
pub use drafts::{Adoption, DraftCopy, DraftHead, DraftWrite, StoredDraft};
pub use folders::{FolderRecord, ServerFolder};
pub use outbox::{OutboxEntry, OutboxState, Outgoing};
pub use signatures::SignatureRecord;
pub use messages::{FetchedMessage, FlagState, Insertion, MessageFilter, ServerMessageRef};
pub use receipts::{MessagePlace, OpeningRow, ReceiptKind, ReceiptRecord, SentRecord};

pub const FILE_NAME: &str = "medimail.db";

/// The store as the engine shares it between the UI's commands and background sync.
pub type SharedStore = std::sync::Arc<std::sync::Mutex<Store>>;

pub fn lock(store: &SharedStore) -> Result<std::sync::MutexGuard<'_, Store>> {
    store
        .lock()
        .map_err(|_| EngineError::Internal("the store was left inconsistent by a crashed task".into()))
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The raw SQLCipher key: 32 random bytes.
pub struct StoreKey(pub [u8; 32]);

impl Store {
    pub fn open(profile_dir: &Path, key: &StoreKey) -> Result<Store> {
        let path = profile_dir.join(FILE_NAME);
        let conn = Connection::open(&path)?;
        configure(&conn, key)?;
        let mut store = Store { conn, path };
        migrations::apply(&mut store.conn)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one IMMEDIATE transaction: the write lock is taken up front, so two
    /// processes never interleave half-done changes.
    pub fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

fn configure(conn: &Connection, key: &StoreKey) -> Result<()> {
    // A raw key (x'…') skips SQLCipher's password derivation: opening stays instant.
    let pragma = format!("PRAGMA key = \"x'{}'\";", hex::encode(key.0));
    conn.execute_batch(&pragma)?;
    // Fails with "not a database" when the key is wrong.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(|e| match EngineError::from(e) {
            EngineError::StoreKey => EngineError::StoreKey,
            other => other,
        })?;
    conn.busy_timeout(Duration::from_secs(60))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         -- Sorts and temporary indexes never spill message text to clear temp files.
         PRAGMA temp_store = MEMORY;",
    )?;
    Ok(())
}

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    pub fn open_temp() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &StoreKey([7; 32])).unwrap();
        (dir, store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_key_is_reported_as_such() {
        let (dir, store) = testing::open_temp();
        drop(store);
        let err = Store::open(dir.path(), &StoreKey([8; 32])).err().unwrap();
        assert_eq!(err.code(), crate::engine::ErrorCode::StoreKey);
    }

    #[test]
    fn the_file_on_disk_is_encrypted() {
        let (dir, mut store) = testing::open_temp();
        store
            .write(|tx| {
                tx.execute("CREATE TABLE probe (t TEXT) STRICT", [])?;
                tx.execute("INSERT INTO probe VALUES ('texte-en-clair-introuvable')", [])?;
                Ok(())
            })
            .unwrap();
        store.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
        let bytes = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3"));
        assert!(!bytes.windows(26).any(|w| w == b"texte-en-clair-introuvable"));
    }

    #[test]
    fn reopening_keeps_the_schema_version() {
        let (dir, store) = testing::open_temp();
        let v: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        drop(store);
        let store = Store::open(dir.path(), &StoreKey([7; 32])).unwrap();
        let v2: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, v2);
        assert!(v >= 1);
    }
}
