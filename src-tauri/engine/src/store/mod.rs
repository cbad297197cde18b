//! The only place with SQL. An SQLCipher database in the profile folder, encrypted with a
//! random 256-bit key kept in the OS keyring. WAL, one writer at a time (SQLite's own lock,
//! waited on with a busy timeout), linear migrations.

mod accounts;
mod actions;
mod correspondents;
mod directory;
mod directory_favorites;
mod drafts;
mod folder_changes;
mod folders;
mod messages;
mod migrations;
mod notifications;
mod outbox;
mod raw;
mod receipts;
mod refusals;
mod search;
mod search_index;
mod session_lock;
mod signatures;
mod updates;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use super::{EngineError, Result};

pub use accounts::{AccountRecord, NewAccount, PscProvider};
pub use notifications::{DigestState, NewMessageRow, NotificationSettingsRow};
pub use actions::{ActionKind, PlannedAction, Resolved};
pub use directory_favorites::StoredFavorite;
pub use drafts::{Adoption, DraftCopy, DraftHead, DraftWrite, StoredDraft};
pub use folders::{FolderRecord, ServerFolder};
pub use outbox::{OutboxEntry, OutboxState, Outgoing};
pub use signatures::{PlannedSignature, ServerSignature, SignatureRecord, SignaturesMatched};
pub use messages::{
    FetchedMessage, FlagState, Insertion, MessageFields, MessageFilter, PreparedMessage, RawCompressor, ServerMessageRef,
};
pub use receipts::{
    MessagePlace, OpeningRow, ReceiptFacts, ReceiptKind, ReceiptRecord, ReceivedReport, ReportLine, SentRecord,
};
pub use search_index::SearchWords;
pub use session_lock::DEFAULT_LOCK_AFTER_MINUTES;
pub(crate) use search::{folded_like_the_index, is_token_char, quoted, MOST_WORDS_FOR_A_PREFIX};
pub(crate) use directory::{index_columns as directory_index_columns, IndexWords as DirectoryIndexWords};

pub const FILE_NAME: &str = "medimail.db";

/// The store as the engine shares it between the UI's commands and background sync.
///
/// `parking_lot`'s lock rather than the standard one: a task that takes the store again
/// right after letting it go (an import's batches, one after the other) got it back before
/// a waiting one woke, so a search waited for the whole import (6.8 s measured). This one is
/// fair on average, and `lock_api::MutexGuard::unlock_fair` hands it over at once.
pub type SharedStore = std::sync::Arc<parking_lot::Mutex<Store>>;

pub fn shared(store: Store) -> SharedStore {
    std::sync::Arc::new(parking_lot::Mutex::new(store))
}

/// The store, for one task at a time. A task that panicked while holding it leaves it
/// usable: SQLite's transactions are rolled back as the panic unwinds (rusqlite's
/// `Transaction` on drop), and one still open here (begun by hand) is rolled back now, so
/// what the next task sees is what was last committed.
pub fn lock(store: &SharedStore) -> Result<parking_lot::MutexGuard<'_, Store>> {
    let guard = store.lock();
    if !guard.conn.is_autocommit() {
        guard
            .conn
            .execute_batch("ROLLBACK")
            .map_err(|_| EngineError::Internal("the store was left inconsistent by a crashed task".into()))?;
        tracing::warn!("the store is used again after a task stopped on an internal fault");
    }
    Ok(guard)
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The raw SQLCipher key: 32 random bytes.
pub struct StoreKey(pub [u8; 32]);

impl Store {
    /// Opens and migrates the store. Messages a migration left waiting for the search
    /// index are indexed by [`Store::index_waiting`], which the caller runs next.
    pub fn open(profile_dir: &Path, key: &StoreKey) -> Result<Store> {
        Store::open_with(profile_dir, key, false)
    }

    /// Like [`Store::open`], but a wrong key is not reported on stderr by SQLCipher: for a
    /// key that may be stale (a cached copy), tried before the keyring's own.
    pub fn open_with_unsure_key(profile_dir: &Path, key: &StoreKey) -> Result<Store> {
        Store::open_with(profile_dir, key, true)
    }

    fn open_with(profile_dir: &Path, key: &StoreKey, quiet: bool) -> Result<Store> {
        let path = profile_dir.join(FILE_NAME);
        let created = std::fs::metadata(&path).map(|m| m.len() == 0).unwrap_or(true);
        let conn = if created || NEW_STORE_PAGE_SIZE == LEGACY_PAGE_SIZE {
            open_keyed_with(&path, key, if created { NEW_STORE_PAGE_SIZE } else { LEGACY_PAGE_SIZE }, quiet)?
        } else {
            // The page size is not written anywhere in clear: a store made by an earlier
            // version (4096-byte pages) only opens with its own size. SQLCipher would log
            // the first, failed attempt on stderr as an error.
            let probe = open_keyed_quietly(&path, key, NEW_STORE_PAGE_SIZE);
            match probe {
                Err(EngineError::StoreKey) => open_keyed_with(&path, key, LEGACY_PAGE_SIZE, quiet)?,
                other => other?,
            }
        };
        configure(&conn)?;
        let mut store = Store { conn, path };
        migrations::apply(&mut store.conn)?;
        Ok(store)
    }

    /// A new store with only the first `schema` migrations, as an earlier version made it.
    #[cfg(test)]
    pub(crate) fn open_at_schema(profile_dir: &Path, key: &StoreKey, schema: usize) -> Store {
        let conn = open_keyed(&profile_dir.join(FILE_NAME), key, NEW_STORE_PAGE_SIZE).unwrap();
        configure(&conn).unwrap();
        let mut store = Store { conn, path: profile_dir.join(FILE_NAME) };
        migrations::apply_up_to(&mut store.conn, schema).unwrap();
        store
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// SQLite's own check of every page and index: after a fault (a full disk, a read-only
    /// profile, a crash) the store must still pass it.
    pub fn integrity_check(&self) -> Result<()> {
        let verdict: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if verdict != "ok" {
            return Err(EngineError::Store("the store failed its integrity check".into()));
        }
        Ok(())
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

/// SQLCipher's page size for stores created from now on, and the one of earlier stores.
/// Every page carries its own IV and HMAC and is encrypted and authenticated on its own:
/// 16 KiB pages took about a tenth off an initial sync and made the store smaller.
const NEW_STORE_PAGE_SIZE: u32 = 16384;
const LEGACY_PAGE_SIZE: u32 = 4096;

#[cfg(test)]
fn open_keyed(path: &Path, key: &StoreKey, page_size: u32) -> Result<Connection> {
    open_keyed_with(path, key, page_size, false)
}

fn open_keyed_quietly(path: &Path, key: &StoreKey, page_size: u32) -> Result<Connection> {
    open_keyed_with(path, key, page_size, true)
}

fn open_keyed_with(path: &Path, key: &StoreKey, page_size: u32, quiet: bool) -> Result<Connection> {
    let conn = Connection::open(path)?;
    // A raw key (x'…') skips SQLCipher's password derivation: opening stays instant.
    let pragma = format!("PRAGMA key = \"x'{}'\";", hex::encode(key.0));
    conn.execute_batch(&pragma)?;
    if quiet {
        // Process-wide; SQLCipher's default (warnings and errors) is put back below.
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    }
    if page_size != LEGACY_PAGE_SIZE {
        conn.execute_batch(&format!("PRAGMA cipher_page_size = {page_size};"))?;
    }
    // Fails with "not a database" when the key is wrong.
    let checked = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(EngineError::from);
    if quiet {
        conn.execute_batch("PRAGMA cipher_log_level = WARN;")?;
    }
    checked?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(60))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         -- Sorts and temporary indexes never spill message text to clear temp files.
         PRAGMA temp_store = MEMORY;
         -- 16 MiB of decrypted pages (the default is 2 MB): a sync's transaction and the
         -- FTS5 merges it triggers no longer re-read and re-decrypt the pages they touch.
         PRAGMA cache_size = -16384;",
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

    /// A personal account on `email` (servers that are never reached) whose server has
    /// listed one folder: the account and that folder's id.
    /// An account and a folder written with the columns of the first schema, for stores
    /// opened at an older schema (`Store::open_at_schema`), which today's records do not fit.
    pub struct LegacyAccount {
        pub id: i64,
    }

    pub fn legacy_account_with_folder(store: &mut Store, email: &str, folder: &str, role: crate::types::FolderRole) -> (LegacyAccount, i64) {
        let conn = store.conn();
        conn.execute(
            "INSERT INTO account (email, login, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, created_at)
             VALUES (?1, ?1, 'imap.test', 993, 'implicit', 'smtp.test', 465, 'implicit', 0)",
            [email],
        )
        .unwrap();
        let id = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO folder (account_id, name, delimiter, role, selectable, on_server) VALUES (?1, ?2, '/', ?3, 1, 1)",
            rusqlite::params![id, folder, role.as_str()],
        )
        .unwrap();
        (LegacyAccount { id }, conn.last_insert_rowid())
    }

    pub fn account_with_folder(
        store: &mut Store,
        email: &str,
        display_name: Option<&str>,
        folder: &str,
        role: crate::types::FolderRole,
    ) -> (AccountRecord, i64) {
        use crate::server::{Security, ServerAddress};
        let account = store
            .add_account(&NewAccount {
                email: email.into(),
                display_name: display_name.map(Into::into),
                login: email.into(),
                imap: ServerAddress::new("imap.test", 993, Security::ImplicitTls).unwrap(),
                smtp: ServerAddress::new("smtp.test", 465, Security::ImplicitTls).unwrap(),
                ca_file: None,
                kind: crate::types::AccountKind::Personnel,
                auth: crate::types::AuthMethod::Password,
                practitioner_id: None,
                psc: None,
                password_reset_url: None,
                trust_igc_sante: false,
            })
            .unwrap();
        let listed = [ServerFolder { name: folder.into(), path: folder.into(), delimiter: Some("/".into()), role: Some(role), selectable: true }];
        let folder_id = store.record_server_folders(account.id, &listed).unwrap()[0].id;
        (account, folder_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_that_panics_holding_the_store_leaves_it_usable_and_unchanged() {
        let (_dir, store) = testing::open_temp();
        store.conn.execute_batch("CREATE TABLE probe (t TEXT) STRICT; INSERT INTO probe VALUES ('gardé');").unwrap();
        let shared = super::shared(store);
        let crashing = shared.clone();
        let crashed = std::thread::spawn(move || {
            let guard = lock(&crashing).unwrap();
            // Half-way through a change made by hand, outside any rusqlite Transaction.
            guard.conn.execute_batch("BEGIN; DELETE FROM probe;").unwrap();
            panic!("a bug in a background task");
        })
        .join();
        assert!(crashed.is_err(), "the task panicked");
        let guard = lock(&shared).expect("the store is usable again");
        assert!(guard.conn.is_autocommit(), "the half-done change was rolled back");
        let kept: String = guard.conn.query_row("SELECT t FROM probe", [], |r| r.get(0)).unwrap();
        assert_eq!(kept, "gardé");
    }

    #[test]
    fn a_wrong_key_is_reported_as_such() {
        let (dir, store) = testing::open_temp();
        drop(store);
        let err = Store::open(dir.path(), &StoreKey([8; 32])).err().unwrap();
        assert_eq!(err.code(), crate::ErrorCode::StoreKey);
    }

    #[test]
    fn new_stores_use_large_pages() {
        let (_dir, store) = testing::open_temp();
        // SQLCipher answers `page_size` as `cipher_page_size`, in text.
        let size: String = store.conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
        assert_eq!(size, NEW_STORE_PAGE_SIZE.to_string());
    }

    #[test]
    fn a_store_made_with_the_earlier_page_size_still_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        {
            // What earlier versions created: SQLCipher's default 4096-byte pages, schema 5.
            let conn = open_keyed(&path, &StoreKey([7; 32]), LEGACY_PAGE_SIZE).unwrap();
            configure(&conn).unwrap();
            conn.execute_batch("CREATE TABLE probe (t TEXT) STRICT; INSERT INTO probe VALUES ('gardé');").unwrap();
        }
        let store = Store::open(dir.path(), &StoreKey([7; 32])).unwrap();
        // SQLCipher answers `page_size` as `cipher_page_size`, in text.
        let size: String = store.conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
        assert_eq!(size, LEGACY_PAGE_SIZE.to_string());
        let kept: String = store.conn.query_row("SELECT t FROM probe", [], |r| r.get(0)).unwrap();
        assert_eq!(kept, "gardé");
        drop(store);
        let err = Store::open(dir.path(), &StoreKey([8; 32])).err().unwrap();
        assert_eq!(err.code(), crate::ErrorCode::StoreKey);
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
