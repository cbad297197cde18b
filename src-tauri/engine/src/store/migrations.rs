//! Linear migrations from `migrations/NNNN_name.sql`; `PRAGMA user_version` counts how
//! many were applied. Each runs in its own transaction.

use rusqlite::Connection;

use crate::{EngineError, Result};

const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("../../../../migrations/0001_initial.sql")),
    ("0002_outbox", include_str!("../../../../migrations/0002_outbox.sql")),
    ("0003_receipts", include_str!("../../../../migrations/0003_receipts.sql")),
    ("0004_drafts_signatures", include_str!("../../../../migrations/0004_drafts_signatures.sql")),
    ("0005_sync_indexes", include_str!("../../../../migrations/0005_sync_indexes.sql")),
    ("0006_sync_speed", include_str!("../../../../migrations/0006_sync_speed.sql")),
    ("0007_lighter_search_index", include_str!("../../../../migrations/0007_lighter_search_index.sql")),
    ("0008_waiting_by_hash", include_str!("../../../../migrations/0008_waiting_by_hash.sql")),
    ("0009_cheaper_inserts", include_str!("../../../../migrations/0009_cheaper_inserts.sql")),
    ("0010_reindex_broken_bodies", include_str!("../../../../migrations/0010_reindex_broken_bodies.sql")),
    ("0011_structured_subjects", include_str!("../../../../migrations/0011_structured_subjects.sql")),
    ("0012_namespaces", include_str!("../../../../migrations/0012_namespaces.sql")),
    ("0013_sign_in", include_str!("../../../../migrations/0013_sign_in.sql")),
    ("0014_national_directory", include_str!("../../../../migrations/0014_national_directory.sql")),
    ("0015_directory_favorites", include_str!("../../../../migrations/0015_directory_favorites.sql")),
    ("0016_directory_download", include_str!("../../../../migrations/0016_directory_download.sql")),
    ("0017_operator_directory", include_str!("../../../../migrations/0017_operator_directory.sql")),
    ("0018_directory_source", include_str!("../../../../migrations/0018_directory_source.sql")),
    ("0019_directory_terms", include_str!("../../../../migrations/0019_directory_terms.sql")),
    ("0020_devices", include_str!("../../../../migrations/0020_devices.sql")),
    ("0021_sieve_server", include_str!("../../../../migrations/0021_sieve_server.sql")),
    ("0022_shared_mailboxes", include_str!("../../../../migrations/0022_shared_mailboxes.sql")),
    ("0023_notifications", include_str!("../../../../migrations/0023_notifications.sql")),
    ("0024_directory_words", include_str!("../../../../migrations/0024_directory_words.sql")),
    ("0025_shared_signatures", include_str!("../../../../migrations/0025_shared_signatures.sql")),
    ("0026_directory_index_without_sizes", include_str!("../../../../migrations/0026_directory_index_without_sizes.sql")),
    ("0027_account_trust_igc_sante", include_str!("../../../../migrations/0027_account_trust_igc_sante.sql")),
];

pub fn apply(conn: &mut Connection) -> Result<()> {
    apply_up_to(conn, MIGRATIONS.len())
}

#[cfg(test)]
pub fn count() -> usize {
    MIGRATIONS.len()
}

/// Applies the first `target` migrations (tests build stores as earlier versions left them).
pub(super) fn apply_up_to(conn: &mut Connection, target: usize) -> Result<()> {
    let applied: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let applied = usize::try_from(applied).map_err(|_| EngineError::Store("negative schema version".into()))?;
    if applied > MIGRATIONS.len() {
        return Err(EngineError::StoreTooNew { found: applied, known: MIGRATIONS.len() });
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().take(target).skip(applied) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if now as usize > index {
            continue;
        }
        tx.execute_batch(sql)
            .map_err(|e| EngineError::Store(format!("migration {name}: {e}")))?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", index + 1))?;
        tx.commit()?;
        tracing::info!(migration = name, "store migrated");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use crate::extract::testing::numbered;
    use crate::store::testing::{account_with_folder, legacy_account_with_folder, open_temp};
    use crate::store::{Store, StoreKey};
    use crate::types::FolderRole;

    const INSERT: &str = "INSERT INTO message (account_id, folder_id, hash, size, color, open_state)
                          VALUES (1, 1, x'00', 1, 'red', 'all_opened')";

    fn temporary_tables(conn: &Connection, sql: &str) -> usize {
        let mut stmt = conn.prepare(&format!("EXPLAIN {sql}")).unwrap();
        let opcodes = stmt.query_map([], |r| r.get::<_, String>(1)).unwrap();
        opcodes.filter(|op| op.as_deref() == Ok("OpenEphemeral")).count()
    }

    fn integrity(conn: &Connection) -> String {
        conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_directory_loaded_before_0016_is_kept_and_found() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open_at_schema(dir.path(), &StoreKey([7; 32]), 14);
            let empty = vec!["''"; 30].join(", ");
            store
                .conn()
                .execute_batch(&format!(
                    "INSERT INTO directory_entry (id, address, kind, surname, first_name, sort_name, filled,
                         pp_id_type, pp_id, pp_national_id, structure_id_type, structure_id, service, civility,
                         profession_category, profession_category_label, profession_code, profession_label, skill_code,
                         skill_label, dematerialisation, company_name, trade_name, location_complement,
                         distribution_complement, street_number, street_number_complement, street_type, street_name,
                         place_mention, routing_line, postal_code, department, country, city, department_code, region)
                     VALUES (1, 'e.lefevre@infirmier.mssante.fr', 'PER', 'LEFÈVRE', 'Élodie', 'lefevre elodie', 4, {empty});
                     INSERT INTO directory_fts (rowid, surname, who, activity, place, structure)
                     VALUES (1, 'LEFÈVRE', 'LEFÈVRE Élodie e.lefevre@infirmier.mssante.fr', '', '', '');"
                ))
                .unwrap();
        }
        let store = Store::open(dir.path(), &StoreKey([7; 32])).unwrap();
        assert_eq!(integrity(store.conn()), "ok");
        let query = crate::directory::DirectoryQuery { who: "elod".into(), ..Default::default() };
        let found = crate::directory::search::search(&store, &query, 10).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].surname, "LEFÈVRE");
        let indexes: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'directory_entry_address'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(indexes, 1);
        // Rebuilt again by 0026, without the per-entry column sizes no search reads.
        let sizes: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'directory_fts_docsize'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sizes, 0);
    }

    #[test]
    fn structured_subjects_stored_before_lose_their_prefix() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut store = Store::open_at_schema(dir.path(), &StoreKey([7; 32]), 10);
            let (account, inbox) = legacy_account_with_folder(&mut store, "a@b.test", "INBOX", FolderRole::Inbox);
            store.record_fetched(account.id, inbox, &[numbered(1, 1, 1), numbered(2, 1, 2)]).unwrap();
            // What the parser stored before: the subject as received.
            store.conn().execute_batch("UPDATE message SET subject = 'XDM/1.0/DDM+Compte rendu DUPONT Jérôme 20240315' WHERE subject = 'n1'").unwrap();
        }
        let store = Store::open(dir.path(), &StoreKey([7; 32])).unwrap();
        let subjects: Vec<String> = store
            .conn()
            .prepare("SELECT subject FROM message ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(subjects, ["Compte rendu DUPONT Jérôme 20240315", "n2"]);
    }

    #[test]
    fn a_store_from_a_newer_version_is_refused_as_such_and_left_untouched() {
        let (dir, store) = open_temp();
        store.conn().execute_batch("CREATE TABLE probe (t TEXT) STRICT; INSERT INTO probe VALUES ('gardé'); PRAGMA user_version = 999;").unwrap();
        drop(store);
        let err = Store::open(dir.path(), &StoreKey([7; 32])).err().unwrap();
        assert_eq!(err.code(), crate::ErrorCode::StoreTooNew);
        // Nothing was changed or lost: the newer version will find its store as it left it.
        let path = dir.path().join(crate::store::FILE_NAME);
        let conn = crate::store::open_keyed(&path, &StoreKey([7; 32]), crate::store::NEW_STORE_PAGE_SIZE).unwrap();
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, 999);
        let kept: String = conn.query_row("SELECT t FROM probe", [], |r| r.get(0)).unwrap();
        assert_eq!(kept, "gardé");
    }

    #[test]
    fn a_message_insert_builds_no_temporary_table() {
        let (_dir, store) = open_temp();
        assert_eq!(temporary_tables(store.conn(), INSERT), 0);
    }

    #[test]
    fn the_index_merges_sixteen_segments_at_a_time() {
        let (_dir, store) = open_temp();
        let automerge: i64 =
            store.conn().query_row("SELECT v FROM message_fts_config WHERE k = 'automerge'", [], |r| r.get(0)).unwrap();
        assert_eq!(automerge, 16);
    }

    #[test]
    fn the_rewritten_checks_accept_and_refuse_what_they_did() {
        let (_dir, mut store) = open_temp();
        let (account, inbox) = account_with_folder(&mut store, "a@b.test", None, "INBOX", FolderRole::Inbox);
        store.record_fetched(account.id, inbox, &[numbered(1, 1, 1)]).unwrap();
        let conn = store.conn();
        for (column, good, bad) in [("color", "blue", "purple"), ("color", "red", "Red"), ("open_state", "some_opened", "opened")] {
            let set = format!("UPDATE message SET {column} = ?1");
            assert_eq!(conn.execute(&set, [good]).unwrap(), 1);
            let refused = conn.execute(&set, [bad]).unwrap_err().to_string();
            assert!(refused.contains("CHECK constraint failed"), "{column} = {bad}: {refused}");
            assert_eq!(conn.execute(&set, [None::<&str>]).unwrap(), 1, "{column} may be NULL");
        }
        assert_eq!(integrity(conn), "ok");
    }

    #[test]
    fn a_store_of_the_previous_schema_keeps_its_messages_and_flags() {
        let dir = tempfile::tempdir().unwrap();
        let key = StoreKey([7; 32]);
        {
            let mut store = Store::open_at_schema(dir.path(), &key, 8);
            let (account, inbox) = legacy_account_with_folder(&mut store, "a@b.test", "INBOX", FolderRole::Inbox);
            store.record_fetched(account.id, inbox, &[numbered(1, 1, 1), numbered(2, 1, 2)]).unwrap();
            store.conn().execute("UPDATE message SET color = 'green' WHERE uid = 2", []).unwrap();
            assert_eq!(temporary_tables(store.conn(), INSERT), 2, "schema 8 checks IN lists");
        }
        let store = Store::open(dir.path(), &key).unwrap();
        let conn = store.conn();
        assert_eq!(temporary_tables(conn, INSERT), 0);
        let colors: Vec<Option<String>> = conn
            .prepare("SELECT color FROM message ORDER BY uid")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(colors, [None, Some("green".to_string())]);
        let unused: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'message_by_folder_date'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(unused, 0);
        assert_eq!(integrity(conn), "ok");
    }
}
