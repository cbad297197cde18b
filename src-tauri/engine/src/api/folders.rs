//! Creating, renaming and deleting folders.

use super::*;

impl Engine {
    /// `path` as a person writes it ("Patients/Suivi diabète"); the folder is made inside
    /// the server's personal namespace ("INBOX.Patients.Suivi diabète" on Courier-IMAP).
    pub fn create_folder(&self, account: Option<&str>, path: &str) -> Result<Folder> {
        let account = self.account(account)?;
        let name = server_name(&account, path)?;
        let record = self.kicked(self.store()?.create_folder(account.id, &name, path))?;
        self.folder_view(&account, record.id)
    }

    pub fn rename_folder(&self, account: Option<&str>, path: &str, new_path: &str) -> Result<Folder> {
        let account = self.account(account)?;
        let folder = self.store()?.find_folder(account.id, path)?;
        let name = server_name(&account, new_path)?;
        let record = self.kicked(self.store()?.rename_folder(folder.id, &name, new_path))?;
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

/// The server's name for a path inside the account's personal namespace.
fn server_name(account: &AccountRecord, path: &str) -> Result<String> {
    if let Some(delimiter) = account.namespace.forbidden_in_level(path) {
        return Err(EngineError::Refused(vec![
            crate::Text::new("folders-name-separator").arg("char", delimiter.to_string().as_str())
        ]));
    }
    Ok(account.namespace.server_name_of(path))
}
