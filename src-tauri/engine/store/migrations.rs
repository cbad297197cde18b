//! Linear migrations from `migrations/NNNN_name.sql`; `PRAGMA user_version` counts how
//! many were applied. Each runs in its own transaction.

use rusqlite::Connection;

use crate::engine::{EngineError, Result};

const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("../../../migrations/0001_initial.sql")),
    ("0002_outbox", include_str!("../../../migrations/0002_outbox.sql")),
    ("0003_receipts", include_str!("../../../migrations/0003_receipts.sql")),
    ("0004_drafts_signatures", include_str!("../../../migrations/0004_drafts_signatures.sql")),
    ("0005_sync_indexes", include_str!("../../../migrations/0005_sync_indexes.sql")),
    ("0006_sync_speed", include_str!("../../../migrations/0006_sync_speed.sql")),
    ("0007_lighter_search_index", include_str!("../../../migrations/0007_lighter_search_index.sql")),
    ("0008_waiting_by_hash", include_str!("../../../migrations/0008_waiting_by_hash.sql")),
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
        return Err(EngineError::Store(format!(
            "this store was written by a newer Medimail (schema {applied}, this version knows {})",
            MIGRATIONS.len()
        )));
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
