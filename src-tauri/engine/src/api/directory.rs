//! The national directory: importing an extraction, searching it, one mailbox's whole
//! entry ("Voir la fiche contact"), what is loaded.

use super::*;
use crate::directory::national::{self, ImportSummary};
use crate::directory::favorites::{self, DirectoryFavorite};
use crate::directory::suggestions::{self, RecipientSuggestion};
use crate::directory::{search, DirectoryEntry, DirectoryInfo, DirectoryQuery};

/// Most recipient suggestions asked for at once: a list to pick from, not a search.
const MOST_SUGGESTIONS: usize = 50;

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

    /// Everything the national file holds for `address`; for a favourite no longer in it,
    /// what it held when last seen.
    pub fn directory_entry(&self, address: &str) -> Result<Option<DirectoryEntry>> {
        favorites::entry(&*self.store()?, address)
    }

    /// Stars `address` (it must be in the loaded directory).
    pub fn add_directory_favorite(&self, address: &str) -> Result<DirectoryFavorite> {
        favorites::add(&mut *self.store()?, address)
    }

    /// Whether `address` was a favourite.
    pub fn remove_directory_favorite(&self, address: &str) -> Result<bool> {
        favorites::remove(&mut *self.store()?, address)
    }

    /// The "Favoris" tab: every favourite in name order, kept across re-imports.
    pub fn directory_favorites(&self) -> Result<Vec<DirectoryFavorite>> {
        favorites::list(&mut *self.store()?)
    }

    /// Which of `addresses` are favourites (the stars of a page of results).
    pub fn favorite_addresses(&self, addresses: &[String]) -> Result<Vec<String>> {
        favorites::which(&*self.store()?, addresses)
    }

    /// The recipient fields' suggestions for what is typed: past correspondents first,
    /// then the directory's matches, no address twice.
    pub fn recipient_suggestions(&self, text: &str, limit: usize) -> Result<Vec<RecipientSuggestion>> {
        suggestions::suggest(&*self.store()?, text, limit.clamp(1, MOST_SUGGESTIONS))
    }

    /// The loaded extraction, or None before the first import.
    pub fn directory_info(&self) -> Result<Option<DirectoryInfo>> {
        self.store()?.directory_info()
    }
}
