//! Signatures (seed part 2 §3): several per account, at most one the default.

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

const SELECT: &str = "SELECT s.id, a.email, s.title, s.html, s.text, s.is_default, s.created_at, s.updated_at
     FROM signature s JOIN account a ON a.id = s.account_id";

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
    tx.query_row("SELECT account_id FROM signature WHERE id = ?1", [id], |r| r.get(0))
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
            "{SELECT} WHERE ?1 IS NULL OR s.account_id = ?1 ORDER BY a.email, s.is_default DESC, s.title COLLATE NOCASE, s.id"
        ))?;
        let rows = stmt.query_map([account_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn signature(&self, id: i64) -> Result<Signature> {
        self.conn()
            .query_row(&format!("{SELECT} WHERE s.id = ?1"), [id], from_row)
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("signature #{id}")))
    }

    pub fn default_signature(&self, account_id: i64) -> Result<Option<Signature>> {
        Ok(self
            .conn()
            .query_row(&format!("{SELECT} WHERE s.account_id = ?1 AND s.is_default = 1"), [account_id], from_row)
            .optional()?)
    }

    pub fn add_signature(&mut self, account_id: i64, record: &SignatureRecord<'_>, is_default: bool) -> Result<Signature> {
        let id = self.write(|tx| {
            let at = now();
            tx.execute(
                "INSERT INTO signature (account_id, title, html, text, is_default, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5)",
                params![account_id, record.title, record.html, record.text, at],
            )?;
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
            tx.execute("DELETE FROM signature WHERE id = ?1", [id])?;
            Ok(())
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
        store
            .add_account(&NewAccount {
                email: email.into(),
                display_name: None,
                login: email.into(),
                imap: ServerAddress::new("imap.test", 993, Security::ImplicitTls).unwrap(),
                smtp: ServerAddress::new("smtp.test", 465, Security::ImplicitTls).unwrap(),
                ca_file: None,
                kind: AccountKind::Personnel,
                auth: crate::types::AuthMethod::Password,
                practitioner_id: None,
                psc: None,
                password_reset_url: None,
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
}
