//! Acting on messages: move, delete, restore, purge, read state, flags.

use super::*;

impl Engine {
    // Each acts on the store at once and reaches the server at the next sync.

    pub fn move_messages(&self, ids: &[i64], folder: &str) -> Result<usize> {
        let target = self.folder_of_messages(ids, folder)?;
        self.kicked(self.store()?.move_messages(ids, target.id))
    }

    pub fn delete_messages(&self, ids: &[i64]) -> Result<usize> {
        // A server without a trash (no SPECIAL-USE, no usual name) gets one.
        let accounts = self.store()?.accounts_of_messages(ids)?;
        for account_id in accounts {
            let account = self.store()?.account_by_id(account_id)?;
            let path = folder_names::standard_name(FolderRole::Trash);
            let name = account.namespace.server_name_of(path);
            self.store()?.ensure_role_folder(account.id, FolderRole::Trash, &name, path)?;
        }
        self.kicked(self.store()?.trash_messages(ids))
    }

    pub fn restore_messages(&self, ids: &[i64]) -> Result<usize> {
        self.kicked(self.store()?.restore_messages(ids))
    }

    pub fn purge_messages(&self, ids: &[i64]) -> Result<usize> {
        self.kicked(self.store()?.purge_messages(ids))
    }

    pub fn mark_read(&self, ids: &[i64], read: bool) -> Result<usize> {
        self.kicked(self.store()?.set_seen(ids, read))
    }

    pub fn set_flag(&self, ids: &[i64], color: Option<FlagColor>) -> Result<usize> {
        self.kicked(self.store()?.set_color(ids, color))
    }

    pub(super) fn folder_of_messages(&self, ids: &[i64], folder: &str) -> Result<FolderRecord> {
        let store = self.store()?;
        let first = ids
            .first()
            .ok_or_else(|| EngineError::InvalidInput("no message given".into()))?;
        let account = store.account_by_email(&store.message_summary(*first)?.account)?;
        store.find_folder(account.id, folder)
    }
}
