//! Signatures: several per account, one default, put into messages.

use super::*;

impl Engine {
    pub fn signatures(&self, account: Option<&str>) -> Result<Vec<Signature>> {
        let account_id = match account {
            Some(email) => Some(self.store()?.account_by_email(email)?.id),
            None => None,
        };
        self.store()?.signatures(account_id)
    }

    pub fn create_signature(&self, account: Option<&str>, title: &str, content: &SignatureContent, is_default: bool) -> Result<Signature> {
        let account = self.account(account)?;
        let title = signatures::clean_title(title)?;
        let body = content.body()?;
        let record = SignatureRecord { title: &title, html: &body.html, text: &body.text };
        self.store()?.add_signature(account.id, &record, is_default)
    }

    /// Changes what `change` gives; the rest stays.
    pub fn update_signature(&self, id: i64, change: &SignatureChange) -> Result<Signature> {
        let mut store = self.store()?;
        let current = store.signature(id)?;
        let title = change.title.as_deref().map(signatures::clean_title).transpose()?;
        let body = change.content.as_ref().map(SignatureContent::body).transpose()?;
        let record = body.as_ref().map(|body| SignatureRecord {
            title: title.as_deref().unwrap_or(&current.title),
            html: &body.html,
            text: &body.text,
        });
        let title_only = if record.is_none() { title.as_deref() } else { None };
        store.update_signature(id, record.as_ref(), title_only, change.is_default)
    }

    /// Deleting the default leaves the account without one.
    pub fn delete_signature(&self, id: i64) -> Result<()> {
        self.store()?.delete_signature(id)
    }

    /// The one inserted in new messages; any previous default steps down.
    pub fn set_default_signature(&self, id: i64) -> Result<Signature> {
        self.store()?.set_default_signature(id)
    }

    /// New messages get no signature any more.
    pub fn clear_default_signature(&self, account: Option<&str>) -> Result<()> {
        let account = self.account(account)?;
        self.store()?.clear_default_signature(account.id)
    }

    /// What a new message starts with: the account's default signature, if it has one.
    pub fn signature_for_new_message(&self, account: Option<&str>) -> Result<Option<Signature>> {
        let account = self.account(account)?;
        self.store()?.default_signature(account.id)
    }

    /// The composition with signature `new` in place of `previous` (the compose window's
    /// "insert a signature"); either may be None.
    pub fn apply_signature(&self, mut composition: Composition, previous: Option<i64>, new: Option<i64>) -> Result<Composition> {
        let store = self.store()?;
        let previous = previous.map(|id| store.signature(id)).transpose()?;
        let new = new.map(|id| store.signature(id)).transpose()?;
        signatures::apply(&mut composition, previous.as_ref(), new.as_ref());
        Ok(composition)
    }
}
