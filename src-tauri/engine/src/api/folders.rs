//! Creating, renaming and deleting folders.

use super::*;

impl Engine {
    pub fn create_folder(&self, account: Option<&str>, name: &str) -> Result<Folder> {
        let account = self.account(account)?;
        let record = self.kicked(self.store()?.create_folder(account.id, name))?;
        self.folder_view(&account, record.id)
    }

    pub fn rename_folder(&self, account: Option<&str>, name: &str, new_name: &str) -> Result<Folder> {
        let account = self.account(account)?;
        let folder = self.store()?.find_folder(account.id, name)?;
        let record = self.kicked(self.store()?.rename_folder(folder.id, new_name))?;
        self.folder_view(&account, record.id)
    }

    /// Deletes a folder; its messages go back to the inbox first. Returns how many moved.
    pub fn delete_folder(&self, account: Option<&str>, name: &str) -> Result<usize> {
        let account = self.account(account)?;
        let folder = self.store()?.find_folder(account.id, name)?;
        self.kicked(self.store()?.delete_folder(folder.id))
    }

    pub(super) fn folder_view(&self, account: &AccountRecord, id: i64) -> Result<Folder> {
        self.store()?
            .folder_list(Some(&account.email))?
            .into_iter()
            .find(|f| f.id == id)
            .ok_or_else(|| EngineError::NotFound(format!("folder #{id}")))
    }
}
