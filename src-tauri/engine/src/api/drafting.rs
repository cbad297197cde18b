//! Drafts: saved whole at each change, mirrored in the server's Drafts folder.

use super::*;

impl Engine {
    // Saved here at once, copied to the server's Drafts folder at the next sync (or at
    // `push_drafts`). The window autosaves every few seconds: unchanged saves cost nothing.

    /// Saves a new draft (`draft_id` None) or a new version of one. `signature_id` names
    /// the signature in the body, so that reopening can swap it.
    pub fn save_draft(
        &self,
        account: Option<&str>,
        draft_id: Option<i64>,
        composition: Composition,
        signature_id: Option<i64>,
    ) -> Result<DraftInfo> {
        let account = match (account, draft_id) {
            (None, Some(id)) => {
                let account_id = self.store()?.draft_head(id)?.account_id;
                self.store()?.account_by_id(account_id)?
            }
            _ => self.account(account)?,
        };
        self.kicked(drafts::save(&self.store, &account, draft_id, composition, signature_id))
    }

    /// Local drafts, newest first, then drafts made elsewhere found in the Drafts folder.
    pub fn drafts(&self, account: Option<&str>) -> Result<Vec<DraftInfo>> {
        let account_id = match account {
            Some(email) => Some(self.store()?.account_by_email(email)?.id),
            None => None,
        };
        let mut store = self.store()?;
        store.tidy_draft_copies(account_id)?;
        store.drafts(account_id)
    }

    /// Everything as saved: recipients, bodies, attachments, signature, mode, reply headers.
    pub fn open_draft(&self, id: i64) -> Result<Draft> {
        drafts::open(&*self.store()?, id)
    }

    /// Opens a message of the Drafts folder for editing (a draft made elsewhere becomes a
    /// local draft; a copy of ours opens our draft).
    pub fn open_server_draft(&self, message_id: i64) -> Result<Draft> {
        drafts::open_from_server(&self.store, message_id)
    }

    /// Deleted here at once; its server copies go at the next sync.
    pub fn delete_draft(&self, id: i64) -> Result<()> {
        self.kicked(self.store()?.delete_draft(id))
    }

    /// Sends a draft as it was saved. It leaves the drafts in the same step as it enters the
    /// outbox; a draft the rules refuse stays a draft.
    pub async fn send_draft(&self, id: i64) -> Result<OutboxEntry> {
        let draft = self.open_draft(id)?;
        let account = self.store()?.account_by_email(&draft.info.account)?;
        let (composition, built) = prepare_outgoing(&account, draft.composition)?;
        let entry = self.store()?.enqueue_draft(id, &outgoing(&account, &composition, &built))?;
        let entry = self.deliver(account.clone(), entry.id).await?;
        // Online already: the server copy goes now rather than at the next sync.
        let conn = self.connection(account)?;
        let pushed = async {
            let _lock = sync::acquire_lock(self.profile.dir(), || {}).await?;
            drafts::push(&self.store, &conn).await
        };
        if let Err(err) = pushed.await {
            tracing::info!(code = ?err.code(), "the draft's server copy goes at the next sync");
        }
        Ok(entry)
    }

    /// Brings the server's Drafts folder up to date with the drafts now (the window calls it
    /// after autosaves, less often than it saves). Returns how many changes were applied.
    pub async fn push_drafts(&self, account: Option<&str>) -> Result<u32> {
        let accounts = match account {
            Some(email) => vec![self.store()?.account_by_email(email)?],
            None => self.store()?.accounts()?,
        };
        let _lock = sync::acquire_lock(self.profile.dir(), || {}).await?;
        let mut applied = 0;
        for account in accounts {
            applied += drafts::push(&self.store, &self.connection(account)?).await?;
        }
        Ok(applied)
    }
}
