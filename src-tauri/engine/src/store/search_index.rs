//! What the full-text index holds for a message, and indexing again the messages a
//! migration left waiting in `message_to_index`. The index is contentless: their words can
//! only come back from the raw bytes, read by the caller.

use rusqlite::{params, Transaction};

use super::raw::raw_bytes;
use super::Store;
use crate::Result;

/// Messages indexed per transaction while catching up: the write lock is let go between
/// batches, so a sync or the window waits a fraction of a second at most.
const BATCH: i64 = 500;

/// The words the index holds for a message, as read from it before it reaches the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchWords {
    /// As shown (a structured message's without its prefix).
    pub subject: String,
    /// "Name <addr>", or the address alone.
    pub sender: String,
    /// Addresses as the list shows them: "Name <addr>, …".
    pub to_list: String,
    pub cc_list: String,
    /// The readable text.
    pub body: String,
    /// The attachments' file names, separated by spaces.
    pub attachment_names: String,
}

pub(super) fn index(tx: &Transaction<'_>, id: i64, w: &SearchWords) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO message_fts (rowid, subject, sender, recipients, body, attachments) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, w.subject, w.sender, format!("{} {}", w.to_list, w.cc_list), w.body, w.attachment_names])?;
    Ok(())
}

impl Store {
    /// Indexes every message waiting for it, with the words `words_of` reads from its raw
    /// bytes; the number indexed. Each batch is its own transaction, so an interrupted run
    /// resumes where it stopped, and two processes opening the store at once never index a
    /// message twice.
    pub fn index_waiting(&mut self, words_of: impl Fn(&[u8]) -> SearchWords) -> Result<u64> {
        let waiting: i64 = self.conn().query_row("SELECT count(*) FROM message_to_index", [], |r| r.get(0))?;
        if waiting == 0 {
            return Ok(0);
        }
        tracing::info!(messages = waiting, "indexing stored messages for search");
        let mut indexed = 0;
        loop {
            let done = self.write(|tx| {
                let ids = tx
                    .prepare_cached("SELECT message_id FROM message_to_index ORDER BY message_id LIMIT ?1")?
                    .query_map([BATCH], |r| r.get::<_, i64>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                for &id in &ids {
                    match raw_bytes(tx, id) {
                        Ok(raw) => {
                            let words = words_of(&raw);
                            // A message indexed before replaces its row (contentless_delete).
                            tx.prepare_cached("DELETE FROM message_fts WHERE rowid = ?1")?.execute([id])?;
                            index(tx, id, &words)?;
                        }
                        // Kept, listed and exportable as it is; only its words are not found.
                        Err(e) => tracing::warn!(message = id, code = ?e.code(), "a stored message could not be read for indexing"),
                    }
                    tx.execute("DELETE FROM message_to_index WHERE message_id = ?1", [id])?;
                }
                Ok(ids.len() as u64)
            })?;
            if done == 0 {
                break;
            }
            indexed += done;
        }
        tracing::info!(messages = indexed, "stored messages indexed for search");
        Ok(indexed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::fetched;
    use crate::extract::search_words;
    use crate::store::testing::{account_with_folder, legacy_account_with_folder, open_temp};
    use crate::store::{migrations, MessageFilter, StoreKey};
    use crate::types::{FolderRole, Presence};

    fn message(n: u32, body: &str) -> Vec<u8> {
        format!("From: Dr A <a@b.test>\r\nSubject: n{n}\r\nMessage-ID: <m{n}@t>\r\n\r\n{body}\r\n").into_bytes()
    }

    fn hits(store: &Store, query: &str) -> Vec<String> {
        let all = MessageFilter { account_id: None, folder_id: None, presence: Presence::All, inboxes: false };
        let mut found: Vec<String> =
            store.search_messages(query, &all, 100).unwrap().into_iter().map(|m| m.subject).collect();
        found.sort();
        found
    }

    #[test]
    fn messages_stored_before_the_lighter_index_are_found_again() {
        let dir = tempfile::tempdir().unwrap();
        {
            // A store as the previous version left it: schema 6, its index with positions.
            let mut store = Store::open_at_schema(dir.path(), &StoreKey([7; 32]), 6);
            // This version's insert names an index of migration 8; version 6 had its own.
            store.conn().execute_batch("CREATE INDEX message_waiting_by_hash ON message (account_id, hash)").unwrap();
            let (account, inbox) = legacy_account_with_folder(&mut store, "a@b.test", "INBOX", FolderRole::Inbox);
            let batch = [
                fetched(message(1, "Consultation de suivi, équipe mobile."), 1, 1),
                fetched(message(2, "Compte-rendu opératoire."), 1, 2),
            ];
            store.record_fetched(account.id, inbox, &batch).unwrap();
            // This version's list query names the folder's path, of migration 12.
            store.conn().execute_batch("ALTER TABLE folder ADD COLUMN path TEXT NOT NULL DEFAULT ''").unwrap();
            assert_eq!(hits(&store, "equipe"), ["n1"]);
            store.conn().execute_batch("DROP INDEX message_waiting_by_hash; ALTER TABLE folder DROP COLUMN path").unwrap();
        }
        let mut store = Store::open(dir.path(), &StoreKey([7; 32])).unwrap();
        store.index_waiting(search_words).unwrap();
        let version: i64 = store.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version as usize, migrations::count());
        let waiting: i64 = store.conn().query_row("SELECT count(*) FROM message_to_index", [], |r| r.get(0)).unwrap();
        assert_eq!(waiting, 0, "indexed when the store was opened");
        assert_eq!(hits(&store, "equipe"), ["n1"]);
        assert_eq!(hits(&store, "consultat*"), ["n1"]);
        assert_eq!(hits(&store, "compte-rendu"), ["n2"]);
        assert_eq!(hits(&store, "opér*"), ["n2"]);
    }

    #[test]
    fn broken_mail_stored_before_is_indexed_again_once_with_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let broken = b"From: a@b.test\r\nSubject: n1\r\nMessage-ID: <m1@t>\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
            --b\r\nContent-Type: text/plain\r\n\r\nBilan cardiologique complet.\r\n"
            .to_vec();
        {
            let mut store = Store::open_at_schema(dir.path(), &StoreKey([7; 32]), 9);
            let (account, inbox) = legacy_account_with_folder(&mut store, "a@b.test", "INBOX", FolderRole::Inbox);
            store.record_fetched(account.id, inbox, &[fetched(broken, 1, 1), fetched(message(2, "Suivi diabète."), 1, 2)]).unwrap();
            // What schema 9 indexed for the broken one: its subject, none of its text.
            let id: i64 = store.conn().query_row("SELECT id FROM message WHERE subject = 'n1'", [], |r| r.get(0)).unwrap();
            store
                .conn()
                .execute_batch(&format!(
                    "DELETE FROM message_fts WHERE rowid = {id};
                     INSERT INTO message_fts (rowid, subject, sender, recipients, body, attachments) VALUES ({id}, 'n1', '', '', '', '');"
                ))
                .unwrap();
            // This version's list query names the folder's path, of migration 12.
            store.conn().execute_batch("ALTER TABLE folder ADD COLUMN path TEXT NOT NULL DEFAULT ''").unwrap();
            assert!(hits(&store, "cardiologique").is_empty());
            store.conn().execute_batch("ALTER TABLE folder DROP COLUMN path").unwrap();
        }
        let mut store = Store::open(dir.path(), &StoreKey([7; 32])).unwrap();
        store.index_waiting(search_words).unwrap();
        assert_eq!(hits(&store, "cardiologique"), ["n1"]);
        // Every message indexed once: no second row for those indexed already.
        assert_eq!(hits(&store, "diabete"), ["n2"]);
        assert_eq!(hits(&store, "n1"), ["n1"]);
        let rows: i64 = store.conn().query_row("SELECT count(*) FROM message_fts", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 2);
    }

    #[test]
    fn a_structured_message_is_listed_and_found_by_its_label() {
        let (_dir, mut store) = open_temp();
        let (account, inbox) = account_with_folder(&mut store, "a@b.test", None, "INBOX", FolderRole::Inbox);
        let raw = b"From: labo@b.test\r\nSubject: XDM/1.0/DDM+Bilan biologique MARTIN Paul 20240315\r\nMessage-ID: <x@t>\r\n\r\nVoir le document.\r\n";
        store.record_fetched(account.id, inbox, &[fetched(raw.to_vec(), 1, 1)]).unwrap();
        assert_eq!(hits(&store, "bilan biologique"), ["Bilan biologique MARTIN Paul 20240315"]);
        assert_eq!(hits(&store, "martin"), ["Bilan biologique MARTIN Paul 20240315"]);
    }

    #[test]
    fn long_prefixes_find_what_the_prefix_itself_finds() {
        let (_dir, mut store) = open_temp();
        let (account, inbox) = account_with_folder(&mut store, "a@b.test", None, "INBOX", FolderRole::Inbox);
        let mut batch = vec![
            fetched(message(1, "consultation"), 1, 1),
            fetched(message(2, "Consultations"), 1, 2),
            fetched(message(3, "consulter"), 1, 3),
            fetched(message(4, "consul"), 1, 4),
            fetched(message(5, "Écho-guidée"), 1, 5),
        ];
        // More words under one prefix than are expanded: searched as a prefix instead.
        batch.extend((0..70).map(|i| fetched(message(100 + i, &format!("zetaword{i:02}")), 1, 100 + i)));
        store.record_fetched(account.id, inbox, &batch).unwrap();

        let expression = |q: &str| super::super::search::match_expression(store.conn(), q).unwrap().unwrap();
        assert_eq!(expression("consult*"), "(\"consultation\" OR \"consultations\" OR \"consulter\")");
        assert_eq!(expression("zetaword*"), "\"zetaword\"*");
        assert_eq!(hits(&store, "consult*"), ["n1", "n2", "n3"]);
        assert_eq!(hits(&store, "CONSULTATION*"), ["n1", "n2"]);
        assert_eq!(hits(&store, "consultx*"), Vec::<String>::new());
        assert_eq!(hits(&store, "guidé*"), ["n5"]);
        assert_eq!(hits(&store, "ÉCHO*"), ["n5"]);
        assert_eq!(hits(&store, "cons*"), ["n1", "n2", "n3", "n4"]);
        assert_eq!(hits(&store, "zetaword*").len(), 70);
        assert_eq!(hits(&store, "zetaword0*").len(), 10);
    }
}
