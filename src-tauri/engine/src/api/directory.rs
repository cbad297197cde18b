//! The national directory: importing an extraction, searching it, one mailbox's whole
//! entry ("Voir la fiche contact"), what is loaded.

use super::*;
use crate::directory::national::{self, ImportSummary};
use crate::directory::{search, DirectoryEntry, DirectoryInfo, DirectoryQuery};

impl Engine {
    /// Imports the Annuaire Santé extraction at `path` (the ZIP or the bare .txt); `progress`
    /// gets the rows read so far. The previous directory answers until the new one is in.
    pub fn import_national_directory(&self, path: &Path, progress: &mut dyn FnMut(u64)) -> Result<ImportSummary> {
        national::import(&self.store, path, progress)
    }

    /// At most `limit` entries, exact surnames first, then by name.
    pub fn search_directory(&self, query: &DirectoryQuery, limit: usize) -> Result<Vec<DirectoryEntry>> {
        search::search(&*self.store()?, query, limit)
    }

    /// Everything the national file holds for `address`.
    pub fn directory_entry(&self, address: &str) -> Result<Option<DirectoryEntry>> {
        self.store()?.directory_entry(address)
    }

    /// The loaded extraction, or None before the first import.
    pub fn directory_info(&self) -> Result<Option<DirectoryInfo>> {
        self.store()?.directory_info()
    }
}
