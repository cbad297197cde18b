//! Signatures (seed part 2 §3): several per account, at most one the default.
//!
//! An organisational mailbox's signatures are shared through its server (`box_signatures`):
//! each has a `server_id`, and a change made here is planned in `sync_state` in the same
//! transaction, written at the box's next pass. A deleted one stays, hidden, until then.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{now, Store};
use crate::signatures::Signature;
use crate::{EngineError, Result};

/// What a signature holds, both versions already made.
pub struct SignatureRecord<'a> {
    pub title: &'a str,
    pub html: &'a str,
    pub text: &'a str,
}

/// Every reader adds its condition with AND: a tombstone is never shown.
const SELECT: &str = "SELECT s.id, a.email, s.title, s.html, s.text, s.is_default, s.created_at, s.updated_at
     FROM signature s JOIN account a ON a.id = s.account_id WHERE s.sync_state <> 'to_delete'";

/// A signature as the box's server holds it (`box_signatures`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSignature {
    pub server_id: String,
    pub title: String,
    pub html: String,
    pub text: String,
    pub updated_at: i64,
}

/// A change to a box's signature that the server has not had yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlannedSignature {
    Write { id: i64, signature: ServerSignature },
    Delete { id: i64, server_id: String },
}

/// What making the box's signatures match its server changed here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignaturesMatched {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Signature> {
    Ok(Signature {
        id: row.get(0)?,
        account: row.get(1)?,
        title: row.get(2)?,
        html: row.get(3)?,
        text: row.get(4)?,
        is_default: row.get(5)?,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
    })
}

fn account_of(tx: &Transaction<'_>, id: i64) -> Result<i64> {
    tx.query_row("SELECT account_id FROM signature WHERE id = ?1 AND sync_state <> 'to_delete'", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| EngineError::NotFound(format!("signature #{id}")))
}

/// The other default steps down first: the unique index allows one per account.
fn make_default(tx: &Transaction<'_>, account_id: i64, id: i64) -> Result<()> {
    tx.execute(
        "UPDATE signature SET is_default = 0 WHERE account_id = ?1 AND is_default = 1 AND id <> ?2",
        params![account_id, id],
    )?;
    tx.execute("UPDATE signature SET is_default = 1 WHERE id = ?1", [id])?;
    Ok(())
}

impl Store {
    pub fn signatures(&self, account_id: Option<i64>) -> Result<Vec<Signature>> {
        let mut stmt = self.conn().prepare(&format!(
            "{SELECT} AND (?1 IS NULL OR s.account_id = ?1) ORDER BY a.email, s.is_default DESC, s.title COLLATE NOCASE, s.id"
        ))?;
        let rows = stmt.query_map([account_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn signature(&self, id: i64) -> Result<Signature> {
        self.conn()
            .query_row(&format!("{SELECT} AND s.id = ?1"), [id], from_row)
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("signature #{id}")))
    }

    pub fn default_signature(&self, account_id: i64) -> Result<Option<Signature>> {
        Ok(self
            .conn()
            .query_row(&format!("{SELECT} AND s.account_id = ?1 AND s.is_default = 1"), [account_id], from_row)
            .optional()?)
    }

    pub fn add_signature(&mut self, account_id: i64, record: &SignatureRecord<'_>, is_default: bool) -> Result<Signature> {
        let id = self.write(|tx| {
            let at = now();
            // A box's signature gets its name on the server now, and waits for the next pass.
            tx.execute(
                "INSERT INTO signature (account_id, title, html, text, is_default, created_at, updated_at, server_id, sync_state)
                 SELECT ?1, ?2, ?3, ?4, 0, ?5, ?5,
                        CASE WHEN kind = 'organisationnel' THEN lower(hex(randomblob(16))) END,
                        CASE WHEN kind = 'organisationnel' THEN 'to_write' ELSE 'synced' END
                   FROM account WHERE id = ?1",
                params![account_id, record.title, record.html, record.text, at],
            )?;
            if tx.changes() == 0 {
                return Err(EngineError::NotFound(format!("account #{account_id}")));
            }
            let id = tx.last_insert_rowid();
            if is_default {
                make_default(tx, account_id, id)?;
            }
            Ok(id)
        })?;
        self.signature(id)
    }

    /// Changes what is given; `is_default: Some(false)` leaves the account without default.
    pub fn update_signature(&mut self, id: i64, record: Option<&SignatureRecord<'_>>, title: Option<&str>, is_default: Option<bool>) -> Result<Signature> {
        self.write(|tx| {
            let account_id = account_of(tx, id)?;
            let at = now();
            if let Some(record) = record {
                tx.execute(
                    "UPDATE signature SET title = ?2, html = ?3, text = ?4, updated_at = ?5 WHERE id = ?1",
                    params![id, record.title, record.html, record.text, at],
                )?;
            }
            if let Some(title) = title {
                tx.execute("UPDATE signature SET title = ?2, updated_at = ?3 WHERE id = ?1", params![id, title, at])?;
            }
            // The default is each member's own: only what the members share goes to the server.
            if record.is_some() || title.is_some() {
                tx.execute("UPDATE signature SET sync_state = 'to_write' WHERE id = ?1 AND server_id IS NOT NULL", [id])?;
            }
            match is_default {
                Some(true) => make_default(tx, account_id, id)?,
                Some(false) => {
                    tx.execute("UPDATE signature SET is_default = 0 WHERE id = ?1", [id])?;
                }
                None => {}
            }
            Ok(())
        })?;
        self.signature(id)
    }

    pub fn set_default_signature(&mut self, id: i64) -> Result<Signature> {
        self.write(|tx| {
            let account_id = account_of(tx, id)?;
            make_default(tx, account_id, id)
        })?;
        self.signature(id)
    }

    /// No signature is inserted in new messages any more.
    pub fn clear_default_signature(&mut self, account_id: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE signature SET is_default = 0 WHERE account_id = ?1", [account_id])?;
            Ok(())
        })
    }

    /// Deleting the default leaves the account without one: picking another for the user
    /// would put words under their messages they did not choose.
    pub fn delete_signature(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            account_of(tx, id)?;
            // A box's signature stays, hidden, until the server has forgotten it too: a pass
            // that read it back before would otherwise bring it back.
            tx.execute(
                "UPDATE signature SET sync_state = 'to_delete', is_default = 0 WHERE id = ?1 AND server_id IS NOT NULL",
                [id],
            )?;
            tx.execute("DELETE FROM signature WHERE id = ?1 AND server_id IS NULL", [id])?;
            Ok(())
        })
    }

    /// The changes to the account's shared signatures the server has not had yet.
    pub fn planned_signatures(&self, account_id: i64) -> Result<Vec<PlannedSignature>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, server_id, sync_state, title, html, text, updated_at FROM signature
              WHERE account_id = ?1 AND server_id IS NOT NULL AND sync_state <> 'synced' ORDER BY id",
        )?;
        let rows = stmt
            .query_map([account_id], |row| {
                let id: i64 = row.get(0)?;
                let server_id: String = row.get(1)?;
                Ok(if row.get::<_, String>(2)? == "to_delete" {
                    PlannedSignature::Delete { id, server_id }
                } else {
                    let signature = ServerSignature { server_id, title: row.get(3)?, html: row.get(4)?, text: row.get(5)?, updated_at: row.get(6)? };
                    PlannedSignature::Write { id, signature }
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The server has `planned`. An edit made meanwhile (other content) stays planned.
    pub fn signature_done(&mut self, planned: &PlannedSignature) -> Result<()> {
        self.write(|tx| {
            match planned {
                PlannedSignature::Write { id, signature: s } => tx.execute(
                    "UPDATE signature SET sync_state = 'synced'
                      WHERE id = ?1 AND sync_state = 'to_write' AND title = ?2 AND html = ?3 AND text = ?4",
                    params![id, s.title, s.html, s.text],
                )?,
                PlannedSignature::Delete { id, .. } => {
                    tx.execute("DELETE FROM signature WHERE id = ?1 AND sync_state = 'to_delete'", [id])?
                }
            };
            Ok(())
        })
    }

    /// Makes the account's shared signatures what the server holds: new ones added (not
    /// the default), changed ones changed, those gone removed. One with a change still
    /// planned here is left alone: that change goes to the server at the next pass.
    pub fn match_server_signatures(&mut self, account_id: i64, server: &[ServerSignature]) -> Result<SignaturesMatched> {
        self.write(|tx| {
            let mut matched = SignaturesMatched::default();
            let mut local: std::collections::HashMap<String, (i64, String, String, String, String)> = std::collections::HashMap::new();
            {
                let mut stmt = tx.prepare(
                    "SELECT server_id, id, sync_state, title, html, text FROM signature WHERE account_id = ?1 AND server_id IS NOT NULL",
                )?;
                let rows = stmt.query_map([account_id], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))))?;
                for row in rows {
                    let (server_id, rest) = row?;
                    local.insert(server_id, rest);
                }
            }
            for s in server {
                match local.remove(&s.server_id) {
                    None => {
                        tx.execute(
                            "INSERT INTO signature (account_id, title, html, text, is_default, created_at, updated_at, server_id, sync_state)
                             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5, ?6, 'synced')",
                            params![account_id, s.title, s.html, s.text, s.updated_at, s.server_id],
                        )?;
                        matched.added += 1;
                    }
                    Some((id, state, title, html, text)) if state == "synced" && (title != s.title || html != s.html || text != s.text) => {
                        tx.execute(
                            "UPDATE signature SET title = ?2, html = ?3, text = ?4, updated_at = ?5 WHERE id = ?1",
                            params![id, s.title, s.html, s.text, s.updated_at],
                        )?;
                        matched.updated += 1;
                    }
                    Some(_) => {}
                }
            }
            for (id, state, ..) in local.into_values() {
                if state == "synced" {
                    tx.execute("DELETE FROM signature WHERE id = ?1", [id])?;
                    matched.removed += 1;
                }
            }
            Ok(matched)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::AccountKind;
    use crate::server::{Security, ServerAddress};
    use crate::store::{testing::open_temp, NewAccount};

    pub(crate) fn account(store: &mut Store, email: &str) -> i64 {
        account_of_kind(store, email, AccountKind::Personnel)
    }

    fn account_of_kind(store: &mut Store, email: &str, kind: AccountKind) -> i64 {
        store
            .add_account(&NewAccount {
                email: email.into(),
                display_name: None,
                login: email.into(),
                imap: ServerAddress::new("imap.test", 993, Security::ImplicitTls).unwrap(),
                smtp: ServerAddress::new("smtp.test", 465, Security::ImplicitTls).unwrap(),
                ca_file: None,
                kind,
                auth: crate::types::AuthMethod::Password,
                practitioner_id: None,
                psc: None,
                password_reset_url: None,
                trust_igc_sante: false,
            })
            .unwrap()
            .id
    }

    fn record<'a>(title: &'a str) -> SignatureRecord<'a> {
        SignatureRecord { title, html: "<b>Dr Martin</b>", text: "Dr Martin" }
    }

    #[test]
    fn one_default_per_account() {
        let (_dir, mut store) = open_temp();
        let a = account(&mut store, "a@test.fr");
        let b = account(&mut store, "b@test.fr");
        let first = store.add_signature(a, &record("Cabinet"), true).unwrap();
        let second = store.add_signature(a, &record("Garde"), true).unwrap();
        let other = store.add_signature(b, &record("Autre"), true).unwrap();
        assert!(!store.signature(first.id).unwrap().is_default);
        assert!(second.is_default && other.is_default);
        assert_eq!(store.default_signature(a).unwrap().unwrap().id, second.id);

        store.set_default_signature(first.id).unwrap();
        assert_eq!(store.default_signature(a).unwrap().unwrap().id, first.id);
        assert!(!store.signature(second.id).unwrap().is_default);
        assert_eq!(store.default_signature(b).unwrap().unwrap().id, other.id);

        store.update_signature(second.id, None, None, Some(true)).unwrap();
        let defaults: Vec<i64> = store.signatures(Some(a)).unwrap().iter().filter(|s| s.is_default).map(|s| s.id).collect();
        assert_eq!(defaults, vec![second.id]);
    }

    #[test]
    fn the_index_refuses_a_second_default_whatever_the_code_does() {
        let (_dir, mut store) = open_temp();
        let a = account(&mut store, "a@test.fr");
        store.add_signature(a, &record("Un"), true).unwrap();
        let two = store.add_signature(a, &record("Deux"), false).unwrap();
        let err = store.write(|tx| {
            tx.execute("UPDATE signature SET is_default = 1 WHERE id = ?1", [two.id])?;
            Ok(())
        });
        assert!(err.is_err());
    }

    #[test]
    fn deleting_the_default_leaves_none() {
        let (_dir, mut store) = open_temp();
        let a = account(&mut store, "a@test.fr");
        let keep = store.add_signature(a, &record("Reste"), false).unwrap();
        let gone = store.add_signature(a, &record("Défaut"), true).unwrap();
        store.delete_signature(gone.id).unwrap();
        assert!(store.default_signature(a).unwrap().is_none());
        assert_eq!(store.signatures(Some(a)).unwrap().len(), 1);
        assert!(!store.signature(keep.id).unwrap().is_default);
        assert_eq!(store.delete_signature(gone.id).unwrap_err().code(), crate::ErrorCode::NotFound);
    }

    #[test]
    fn edits_change_only_what_is_given() {
        let (_dir, mut store) = open_temp();
        let a = account(&mut store, "a@test.fr");
        let s = store.add_signature(a, &record("Cabinet"), true).unwrap();
        let renamed = store.update_signature(s.id, None, Some("Cabinet médical"), None).unwrap();
        assert_eq!(renamed.title, "Cabinet médical");
        assert_eq!(renamed.html, "<b>Dr Martin</b>");
        assert!(renamed.is_default);
        let content = SignatureRecord { title: "Cabinet médical", html: "<i>Dr M.</i>", text: "Dr M." };
        let edited = store.update_signature(s.id, Some(&content), None, Some(false)).unwrap();
        assert_eq!((edited.html.as_str(), edited.text.as_str(), edited.is_default), ("<i>Dr M.</i>", "Dr M.", false));
    }

    fn server(id: &str, title: &str, text: &str) -> ServerSignature {
        ServerSignature { server_id: id.into(), title: title.into(), html: format!("<p>{text}</p>"), text: text.into(), updated_at: 1_800_000_000 }
    }

    #[test]
    fn a_personal_accounts_signatures_never_go_to_the_server() {
        let (_dir, mut store) = open_temp();
        let a = account(&mut store, "a@test.fr");
        let s = store.add_signature(a, &record("Cabinet"), true).unwrap();
        store.update_signature(s.id, None, Some("Autre"), None).unwrap();
        assert!(store.planned_signatures(a).unwrap().is_empty());
        store.delete_signature(s.id).unwrap();
        assert!(store.planned_signatures(a).unwrap().is_empty());
        let left: i64 = store.conn().query_row("SELECT count(*) FROM signature", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 0, "no tombstone for a signature the server never had");
    }

    #[test]
    fn a_boxs_changes_are_planned_and_a_deleted_one_hides_until_the_server_forgot_it() {
        let (_dir, mut store) = open_temp();
        let org = account_of_kind(&mut store, "secretariat@test.fr", AccountKind::Organisationnel);
        let s = store.add_signature(org, &record("Secrétariat"), true).unwrap();
        let planned = store.planned_signatures(org).unwrap();
        let [PlannedSignature::Write { id, signature }] = planned.as_slice() else { panic!("{planned:?}") };
        assert_eq!((*id, signature.title.as_str()), (s.id, "Secrétariat"));
        assert_eq!(signature.server_id.len(), 32);
        store.signature_done(&planned[0]).unwrap();
        assert!(store.planned_signatures(org).unwrap().is_empty());

        // The default is this member's own choice: not a change for the server.
        store.set_default_signature(s.id).unwrap();
        store.update_signature(s.id, None, None, Some(false)).unwrap();
        assert!(store.planned_signatures(org).unwrap().is_empty());
        store.update_signature(s.id, None, Some("Accueil"), None).unwrap();
        let planned = store.planned_signatures(org).unwrap();
        assert_eq!(planned.len(), 1);
        // Edited again before the server had it: the newer content stays planned.
        store.update_signature(s.id, None, Some("Accueil du cabinet"), None).unwrap();
        store.signature_done(&planned[0]).unwrap();
        assert_eq!(store.planned_signatures(org).unwrap().len(), 1);

        store.set_default_signature(s.id).unwrap();
        store.delete_signature(s.id).unwrap();
        assert!(store.signatures(Some(org)).unwrap().is_empty());
        assert!(store.default_signature(org).unwrap().is_none());
        assert_eq!(store.signature(s.id).unwrap_err().code(), crate::ErrorCode::NotFound);
        assert_eq!(store.delete_signature(s.id).unwrap_err().code(), crate::ErrorCode::NotFound);
        let planned = store.planned_signatures(org).unwrap();
        assert!(matches!(planned.as_slice(), [PlannedSignature::Delete { id, .. }] if *id == s.id), "{planned:?}");
        // The server still lists it: the tombstone keeps it from coming back.
        let PlannedSignature::Delete { server_id, .. } = &planned[0] else { unreachable!() };
        store.match_server_signatures(org, &[server(server_id, "Accueil du cabinet", "x")]).unwrap();
        assert!(store.signatures(Some(org)).unwrap().is_empty());
        store.signature_done(&planned[0]).unwrap();
        let left: i64 = store.conn().query_row("SELECT count(*) FROM signature", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn the_server_decides_for_every_signature_without_a_planned_change() {
        let (_dir, mut store) = open_temp();
        let org = account_of_kind(&mut store, "secretariat@test.fr", AccountKind::Organisationnel);
        let other = account_of_kind(&mut store, "autre@test.fr", AccountKind::Organisationnel);
        let matched = store.match_server_signatures(org, &[server("aa", "Accueil", "Bonjour"), server("bb", "Garde", "Nuit")]).unwrap();
        assert_eq!(matched, SignaturesMatched { added: 2, updated: 0, removed: 0 });
        let mine = store.signatures(Some(org)).unwrap();
        assert!(mine.iter().all(|s| !s.is_default));
        let garde = mine.iter().find(|s| s.title == "Garde").unwrap().id;
        store.set_default_signature(garde).unwrap();
        assert!(store.planned_signatures(org).unwrap().is_empty(), "what came from the server is not sent back");

        // A change still planned here is kept; "Accueil" changed there, "Garde" gone there.
        let pending = store.add_signature(org, &record("Pas encore envoyée"), false).unwrap();
        let matched = store.match_server_signatures(org, &[server("aa", "Accueil", "Bonsoir")]).unwrap();
        assert_eq!(matched, SignaturesMatched { added: 0, updated: 1, removed: 1 });
        let titles: Vec<(String, String)> = store.signatures(Some(org)).unwrap().into_iter().map(|s| (s.title, s.text)).collect();
        assert_eq!(titles, [("Accueil".to_owned(), "Bonsoir".to_owned()), ("Pas encore envoyée".to_owned(), "Dr Martin".to_owned())]);
        assert!(store.default_signature(org).unwrap().is_none());
        assert_eq!(store.signature(pending.id).unwrap().title, "Pas encore envoyée");
        assert!(store.signatures(Some(other)).unwrap().is_empty(), "another box's are its own");
        // Nothing changed: nothing to do.
        let again = store.match_server_signatures(org, &[server("aa", "Accueil", "Bonsoir")]).unwrap();
        assert_eq!(again, SignaturesMatched::default());
    }

    #[test]
    fn a_boxs_signatures_made_before_sharing_are_shared_at_the_next_pass() {
        let dir = tempfile::tempdir().unwrap();
        let key = crate::store::StoreKey([7; 32]);
        let (personal, org) = {
            let store = Store::open_at_schema(dir.path(), &key, 24);
            // The accounts as that schema holds them (add_account writes later columns).
            let old_account = |email: &str, kind: &str| {
                store
                    .conn()
                    .execute(
                        "INSERT INTO account (email, login, imap_host, imap_port, imap_security, smtp_host, smtp_port,
                                              smtp_security, created_at, kind, auth)
                         VALUES (?1, ?1, 'imap.test', 993, 'implicit', 'smtp.test', 465, 'implicit', 1, ?2, 'password')",
                        [email, kind],
                    )
                    .unwrap();
                store.conn().last_insert_rowid()
            };
            let personal = old_account("a@test.fr", "personnel");
            let org = old_account("secretariat@test.fr", "organisationnel");
            for id in [personal, org] {
                store
                    .conn()
                    .execute("INSERT INTO signature (account_id, title, html, text, is_default, created_at, updated_at) VALUES (?1, 'Ancienne', '<b>x</b>', 'x', 1, 1, 1)", [id])
                    .unwrap();
            }
            (personal, org)
        };
        let store = Store::open(dir.path(), &key).unwrap();
        assert!(store.planned_signatures(personal).unwrap().is_empty());
        let planned = store.planned_signatures(org).unwrap();
        assert!(matches!(planned.as_slice(), [PlannedSignature::Write { signature, .. }] if signature.title == "Ancienne"), "{planned:?}");
        assert!(store.default_signature(org).unwrap().is_some(), "the member's default stays");
    }
}
