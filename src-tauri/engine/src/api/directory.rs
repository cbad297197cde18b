//! The national directory: importing an extraction, searching it, one mailbox's whole
//! entry ("Voir la fiche contact"), what is loaded.

use super::*;
use crate::directory::national::download::{self, DownloadProgress, DownloadSource, DownloadSourceSettings, DownloadState, Downloaded};
use crate::directory::national::{self, ImportSummary};
use crate::directory::fhir::{self, FhirSource};
use crate::directory::favorites::{self, DirectoryFavorite};
use crate::directory::suggestions::{self, RecipientSuggestion};
use crate::directory::{search, DirectoryEntry, DirectoryInfo, DirectoryQuery};

/// Most recipient suggestions asked for at once: a list to pick from, not a search.
const MOST_SUGGESTIONS: usize = 50;

impl Engine {
    /// Imports the Annuaire Santé extraction at `path` (the ZIP or the bare .txt); `progress`
    /// gets the rows read so far. The previous directory answers until the new one is in.
    pub fn import_national_directory(&self, path: &Path, progress: &mut dyn FnMut(u64)) -> Result<ImportSummary> {
        let summary = national::import(&self.store, path, progress)?;
        self.store()?.forget_directory_download_validators()?;
        Ok(summary)
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

    /// Downloads the extraction (from `source`, else the source the practice kept with
    /// `set_directory_download_source`, else `MEDIMAIL_DIRECTORY_URL`, else the ANS)
    /// and imports it, unless the server says the loaded one is current. A failed or
    /// interrupted download leaves the loaded directory as it was.
    pub async fn download_national_directory(
        &self,
        source: &DownloadSource,
        progress: &mut (dyn FnMut(DownloadProgress) + Send),
    ) -> Result<Downloaded> {
        let source = source.clone().or(self.directory_download_source()?);
        download::download(&self.store, self.profile.dir(), &source, progress).await
    }

    /// The download address and CA file the practice set (`medimail directory source`);
    /// empty fields: the environment's, then the ANS address.
    pub fn directory_download_source(&self) -> Result<DownloadSource> {
        let (url, ca_file) = self.store()?.directory_source()?;
        Ok(DownloadSource { url, ca_file: ca_file.map(PathBuf::from) })
    }

    /// Keeps where the national directory is downloaded from, for the command line and the
    /// window's daily refresh alike. The address must be https; the CA file must be readable
    /// PEM certificates. Both None: back to the environment's, then the ANS address.
    pub fn set_directory_download_source(&self, source: &DownloadSource) -> Result<()> {
        if let Some(url) = &source.url {
            let parsed = reqwest::Url::parse(url.trim())
                .map_err(|_| EngineError::InvalidInput(format!("{url:?} is not an address")))?;
            if parsed.scheme() != "https" || parsed.host_str().is_none() {
                return Err(EngineError::InvalidInput(format!("{url:?} is not an https address")));
            }
        }
        let ca_file = match &source.ca_file {
            Some(path) => {
                let path = path.canonicalize().map_err(|e| EngineError::File { path: path.clone(), source: e })?;
                crate::tls::TlsPolicy::system().with_ca_file(&path)?;
                Some(path.to_string_lossy().into_owned())
            }
            None => None,
        };
        self.store()?.set_directory_source(source.url.as_deref().map(str::trim), ca_file.as_deref())
    }

    /// The download source for the settings: what the practice set, and the address used
    /// when nothing is set.
    pub fn directory_download_settings(&self) -> Result<DownloadSourceSettings> {
        let set = self.directory_download_source()?;
        Ok(DownloadSourceSettings {
            url: set.url,
            ca_file: set.ca_file.map(|p| p.to_string_lossy().into_owned()),
            default_url: DownloadSource::default().url(),
        })
    }

    /// Whether the daily refresh should download now (`now`: seconds since the epoch).
    pub fn directory_refresh_due(&self, now: i64) -> Result<bool> {
        Ok(download::refresh_due(self.store()?.directory_download_state()?.as_ref(), now))
    }

    /// The last download's address, time and outcome; None before the first.
    pub fn directory_download_state(&self) -> Result<Option<DownloadState>> {
        self.store()?.directory_download_state()
    }

    /// Keeps the Annuaire Santé FHIR API key (`ESANTE-API-KEY`) in the OS keyring.
    pub fn set_directory_api_key(&self, key: &secrecy::SecretString) -> Result<()> {
        let trimmed = secrecy::SecretString::from(secrecy::ExposeSecret::expose_secret(key).trim().to_owned());
        if secrecy::ExposeSecret::expose_secret(&trimmed).is_empty() {
            return Err(EngineError::InvalidInput("an empty Annuaire Santé API key".into()));
        }
        crate::secrets::save_fhir_key(self.profile.dir(), &trimmed)
    }

    /// Whether an Annuaire Santé API key is kept (the key itself never leaves the keyring
    /// but for the API).
    pub fn has_directory_api_key(&self) -> Result<bool> {
        Ok(crate::secrets::fhir_key(self.profile.dir())?.is_some())
    }

    /// Removes the Annuaire Santé API key: the online source is no longer asked.
    pub fn forget_directory_api_key(&self) -> Result<()> {
        crate::secrets::forget_fhir_key(self.profile.dir())
    }

    /// `found` (the offline results, possibly with the operator's) completed by those of the
    /// Annuaire Santé FHIR API, each address once (hidden mailboxes left out), at most `limit`.
    pub async fn add_online_results(
        &self,
        source: &FhirSource,
        query: &DirectoryQuery,
        found: Vec<DirectoryEntry>,
        limit: usize,
    ) -> Result<Vec<DirectoryEntry>> {
        let key = crate::secrets::fhir_key(self.profile.dir())?.ok_or_else(|| {
            EngineError::Keyring("no Annuaire Santé API key saved: medimail directory api-key".into())
        })?;
        let online = fhir::search(source, &key, query).await?;
        Ok(crate::directory::merge::merge(found, online, query, limit))
    }
}
