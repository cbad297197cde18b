//! Folders and lists as the doors show them; search; export.

use super::*;

impl Engine {
    pub fn folders(&self, account: Option<&str>) -> Result<Vec<Folder>> {
        if let Some(email) = account {
            self.store()?.account_by_email(email)?;
        }
        self.store()?.folder_list(account)
    }

    pub(super) fn filter(&self, account: Option<&str>, folder: Option<&str>, presence: Presence) -> Result<MessageFilter> {
        let account_id = match (account, folder) {
            (None, None) => None,
            _ => Some(self.account(account)?.id),
        };
        let folder_id = match (account_id, folder) {
            (Some(account_id), Some(name)) => Some(self.store()?.find_folder(account_id, name)?.id),
            _ => None,
        };
        Ok(MessageFilter { account_id, folder_id, presence, inboxes: false })
    }

    pub fn list(&self, query: &ListQuery) -> Result<Vec<MessageSummary>> {
        self.readable()?;
        let filter = if query.all_inboxes == Some(true) {
            MessageFilter { account_id: None, folder_id: None, presence: query.presence, inboxes: true }
        } else {
            self.filter(query.account.as_deref(), query.folder.as_deref(), query.presence)?
        };
        self.store()?
            .list_messages(&filter, query.sort, query.descending, query.limit, query.offset)
    }

    pub fn search(&self, text: &str, account: Option<&str>, presence: Presence, limit: u32) -> Result<Vec<MessageSummary>> {
        self.readable()?;
        let filter = self.filter(account, None, presence)?;
        self.store()?.search_messages(text, &filter, limit)
    }

    /// The exact bytes as received.
    pub fn raw(&self, id: i64) -> Result<Vec<u8>> {
        self.readable()?;
        self.store()?.raw_message(id)
    }

    pub fn export(&self, selection: &Selection, format: ExportFormat, out: &Path) -> Result<ExportReport> {
        self.readable()?;
        let ids = match selection {
            Selection::Ids(ids) => ids.clone(),
            Selection::Folder { account, folder } => {
                let filter = self.filter(account.as_deref(), Some(folder), Presence::All)?;
                self.store()?.message_ids(&filter)?
            }
            Selection::All => self.store()?.message_ids(&MessageFilter::default())?,
        };
        export::export(&*self.store()?, &ids, format, out)
    }
}
