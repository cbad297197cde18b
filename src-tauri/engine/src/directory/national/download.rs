//! Downloading the extraction from the Annuaire Santé and importing it: over HTTPS with the
//! engine's TLS policy (the system's roots plus a configured CA file, since the ANS chain
//! ends at an IGC-Santé root the systems do not carry), streamed into a file inside the
//! profile, then imported like a file chosen by hand (`import.rs`), atomically.
//!
//! A conditional GET (the last answer's ETag and Last-Modified) spares fetching and
//! importing an extraction that did not change. A failed or interrupted download leaves the
//! loaded directory as it was: the import only starts once the whole body is on disk.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

use super::import::{self, ImportSummary};
use crate::directory::DirectoryInfo;
use crate::store::{self, SharedStore};
use crate::tls::TlsPolicy;
use crate::{EngineError, Result};

/// Where the ANS publishes the extraction of MSSanté mailboxes (a ZIP).
pub const DEFAULT_URL: &str =
    "https://service.annuaire.sante.fr/annuaire-sante-webservices/V300/services/extraction/Extraction_Correspondance_MSSante";

/// Another address for the extraction (a mirror of the practice's IT, a test server).
pub const URL_VARIABLE: &str = "MEDIMAIL_DIRECTORY_URL";
/// A PEM file of roots to trust beside the system's: the IGC-Santé roots.
pub const CA_FILE_VARIABLE: &str = "MEDIMAIL_DIRECTORY_CA_FILE";

/// The extraction is published daily.
pub const REFRESH_EVERY_SECS: i64 = 24 * 3600;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
/// No total timeout (the file is tens of MB on any line), but a stalled transfer ends.
const READ_TIMEOUT: Duration = Duration::from_secs(60);
/// The download, inside the profile (the store's folder, private to the user).
const PART_FILE: &str = "directory-download.part";
/// Bytes received between two progress reports.
const PROGRESS_BYTES: u64 = 1 << 20;

/// Where to download from; empty fields take the environment's values, then the defaults.
#[derive(Debug, Clone, Default)]
pub struct DownloadSource {
    pub url: Option<String>,
    pub ca_file: Option<PathBuf>,
}

impl DownloadSource {
    /// This source's fields, the missing ones taken from `other`.
    pub fn or(self, other: DownloadSource) -> DownloadSource {
        DownloadSource { url: self.url.or(other.url), ca_file: self.ca_file.or(other.ca_file) }
    }

    /// The address downloaded from: this source's, the environment's, or the ANS's.
    pub fn url(&self) -> String {
        self.url
            .clone()
            .or_else(|| std::env::var(URL_VARIABLE).ok().filter(|u| !u.trim().is_empty()))
            .unwrap_or_else(|| DEFAULT_URL.to_owned())
    }

    /// The roots trusted beside the system's: this source's, or the environment's.
    pub fn ca_file(&self) -> Option<PathBuf> {
        self.ca_file
            .clone()
            .or_else(|| std::env::var_os(CA_FILE_VARIABLE).filter(|p| !p.is_empty()).map(PathBuf::from))
    }
}

/// The download source as the settings show it: what the practice set (None: nothing set)
/// and the address used when nothing is set (the environment's, else the ANS's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DownloadSourceSettings {
    pub url: Option<String>,
    pub ca_file: Option<String>,
    pub default_url: String,
}

/// What the last download left, kept in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DownloadState {
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Seconds since the Unix epoch: the last attempt.
    #[ts(type = "number")]
    pub checked_at: i64,
    /// The last attempt that left the directory up to date (imported, or unchanged).
    #[ts(type = "number | null")]
    pub succeeded_at: Option<i64>,
}

/// How far a download is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DownloadProgress {
    /// Bytes received, of `total` when the server said.
    Bytes {
        #[ts(type = "number")]
        received: u64,
        #[ts(type = "number | null")]
        total: Option<u64>,
    },
    /// Then the import's rows read.
    Rows(#[ts(type = "number")] u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Downloaded {
    Imported(ImportSummary),
    /// The server's extraction is the one loaded (HTTP 304): nothing was fetched.
    Unchanged(Option<DirectoryInfo>),
}

impl Downloaded {
    /// The import's summary, or for an unchanged extraction the loaded directory's, with no
    /// row read.
    pub fn into_summary(self) -> ImportSummary {
        match self {
            Downloaded::Imported(summary) => summary,
            Downloaded::Unchanged(info) => ImportSummary {
                rows_read: 0,
                entries: info.as_ref().map_or(0, |i| i.entries),
                duplicates_merged: 0,
                rows_skipped: 0,
                skipped: Vec::new(),
                extraction_date: info.and_then(|i| i.extraction_date),
            },
        }
    }
}

/// Whether the daily refresh should download now: never succeeded, or a day ago.
pub fn refresh_due(state: Option<&DownloadState>, now: i64) -> bool {
    match state.and_then(|s| s.succeeded_at) {
        Some(succeeded) => now - succeeded >= REFRESH_EVERY_SECS,
        None => true,
    }
}

/// The ANS serves the extraction under an IGC-Santé root, which the operating systems do
/// not trust: those roots are trusted for its host (and MSSanté hosts) only. A practice's
/// own mirror may come with its CA file.
fn download_tls(source: &DownloadSource) -> Result<TlsPolicy> {
    let tls = TlsPolicy::system().trusting_igc_sante(Vec::new());
    match source.ca_file() {
        Some(path) => tls.with_ca_file(&path),
        None => Ok(tls),
    }
}

/// Downloads the extraction into `profile_dir`, then imports it into `store`.
pub async fn download(
    store: &SharedStore,
    profile_dir: &Path,
    source: &DownloadSource,
    progress: &mut (dyn FnMut(DownloadProgress) + Send),
) -> Result<Downloaded> {
    let url = source.url();
    let parsed = reqwest::Url::parse(&url).map_err(|e| EngineError::InvalidInput(format!("directory address: {e}")))?;
    if parsed.scheme() != "https" {
        return Err(EngineError::InvalidInput("the directory is downloaded over https only".into()));
    }
    let host = parsed.host_str().unwrap_or_default().to_owned();
    let tls = download_tls(source)?;
    let client = reqwest::Client::builder()
        .tls_backend_preconfigured((*tls.client_config()?).clone())
        .redirect(reqwest::redirect::Policy::limited(5))
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .build()
        .map_err(|e| EngineError::Internal(format!("HTTP client: {}", e.without_url())))?;

    let (previous, loaded) = {
        let store = store::lock(store)?;
        (store.directory_download_state()?, store.directory_info()?)
    };
    let now = crate::store::now();
    let mut state = DownloadState {
        url: url.clone(),
        etag: None,
        last_modified: None,
        checked_at: now,
        succeeded_at: previous.as_ref().and_then(|p| p.succeeded_at),
    };
    let mut request = client.get(parsed);
    // The validators belong to the address they came from, and are only worth sending when
    // the directory they describe is still the loaded one.
    if let Some(previous) = previous.as_ref().filter(|p| p.url == url && loaded.is_some()) {
        state.etag = previous.etag.clone();
        state.last_modified = previous.last_modified.clone();
        if let Some(etag) = &previous.etag {
            request = request.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &previous.last_modified {
            request = request.header(reqwest::header::IF_MODIFIED_SINCE, modified);
        }
    }

    let fetched = fetch(request, &host, profile_dir, progress).await;
    let result = match fetched {
        Ok(Fetched::NotModified) => {
            tracing::info!("national directory unchanged on the server");
            state.succeeded_at = Some(now);
            Ok(Downloaded::Unchanged(loaded))
        }
        Ok(Fetched::Body { path, etag, last_modified }) => {
            let imported = import_blocking(store, &path, progress).await;
            let _ = std::fs::remove_file(&path);
            imported.map(|summary| {
                state.etag = etag;
                state.last_modified = last_modified;
                state.succeeded_at = Some(crate::store::now());
                Downloaded::Imported(summary)
            })
        }
        Err(e) => Err(e),
    };
    if let Err(e) = store::lock(store).and_then(|mut s| s.set_directory_download_state(&state)) {
        tracing::warn!(code = ?e.code(), "the directory download's state was not kept");
    }
    result
}

enum Fetched {
    NotModified,
    Body { path: PathBuf, etag: Option<String>, last_modified: Option<String> },
}

async fn fetch(
    request: reqwest::RequestBuilder,
    host: &str,
    profile_dir: &Path,
    progress: &mut (dyn FnMut(DownloadProgress) + Send),
) -> Result<Fetched> {
    let network = |e: reqwest::Error| network_error(host, &e);
    let mut response = request.send().await.map_err(network)?;
    let status = response.status();
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    if !status.is_success() {
        return Err(EngineError::DirectoryDownload(format!("the server answered HTTP {}", status.as_u16())));
    }
    let header = |name| response.headers().get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok()).map(str::to_owned);
    let etag = header(reqwest::header::ETAG);
    let last_modified = header(reqwest::header::LAST_MODIFIED);
    let total = response.content_length();

    let path = profile_dir.join(PART_FILE);
    let file_error = |source| EngineError::File { path: path.clone(), source };
    let written: Result<u64> = async {
        let mut file = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&path).map_err(file_error)?);
        let (mut received, mut reported) = (0u64, 0u64);
        progress(DownloadProgress::Bytes { received, total });
        while let Some(chunk) = response.chunk().await.map_err(network)? {
            file.write_all(&chunk).map_err(file_error)?;
            received += chunk.len() as u64;
            if received - reported >= PROGRESS_BYTES {
                reported = received;
                progress(DownloadProgress::Bytes { received, total });
            }
        }
        file.into_inner().map_err(|e| file_error(e.into_error()))?.sync_all().map_err(file_error)?;
        progress(DownloadProgress::Bytes { received, total });
        Ok(received)
    }
    .await;
    let complete = match written {
        Ok(received) if total.is_some_and(|t| t != received) => Err(EngineError::DirectoryDownload(format!(
            "the transfer stopped after {received} of {} bytes",
            total.unwrap_or_default()
        ))),
        other => other,
    };
    match complete {
        Ok(received) => {
            tracing::info!(bytes = received, "national directory downloaded");
            Ok(Fetched::Body { path, etag, last_modified })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            Err(e)
        }
    }
}

/// The import reads and writes for seconds: on a thread of its own, its progress passed
/// back to this task.
async fn import_blocking(
    store: &SharedStore,
    path: &Path,
    progress: &mut (dyn FnMut(DownloadProgress) + Send),
) -> Result<ImportSummary> {
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let (store, path) = (store.clone(), path.to_path_buf());
    let task = tokio::task::spawn_blocking(move || {
        import::import(&store, &path, &mut |rows| {
            let _ = sender.send(rows);
        })
    });
    while let Some(rows) = receiver.recv().await {
        progress(DownloadProgress::Rows(rows));
    }
    task.await.map_err(|e| EngineError::Internal(format!("directory import: {e}")))?
}

/// A transfer that failed: no network or a refused certificate (said as such), or a body
/// that stopped.
fn network_error(host: &str, e: &reqwest::Error) -> EngineError {
    if let Some(refusal) = crate::tls::certificate_refusal(e, host) {
        return refusal;
    }
    let detail = error_chain(e);
    if e.is_timeout() {
        return EngineError::Timeout(READ_TIMEOUT.as_secs());
    }
    if e.is_body() || e.is_decode() {
        return EngineError::DirectoryDownload(format!("the transfer stopped: {detail}"));
    }
    if detail.contains("certificate") {
        return EngineError::Certificate(format!("{host}: {detail}"));
    }
    EngineError::Connect { server: host.to_owned(), source: std::io::Error::other(detail) }
}

/// The causes too: reqwest's own text is only "error sending request".
pub(crate) fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refresh_is_due_a_day_after_the_last_success() {
        assert!(refresh_due(None, 1_000));
        let state = |succeeded_at| DownloadState {
            url: DEFAULT_URL.into(),
            etag: None,
            last_modified: None,
            checked_at: 0,
            succeeded_at,
        };
        assert!(refresh_due(Some(&state(None)), 1_000));
        assert!(!refresh_due(Some(&state(Some(1_000))), 1_000 + REFRESH_EVERY_SECS - 1));
        assert!(refresh_due(Some(&state(Some(1_000))), 1_000 + REFRESH_EVERY_SECS));
    }

    #[test]
    fn the_ans_download_host_is_one_the_igc_sante_roots_are_trusted_for() {
        let url = reqwest::Url::parse(DEFAULT_URL).unwrap();
        assert!(crate::tls::igc_sante::is_mssante_host(url.host_str().unwrap(), &[]));
    }

    #[test]
    fn an_unchanged_extraction_sums_up_as_the_loaded_directory() {
        let info = DirectoryInfo { extraction_date: Some("2025-12-06T03:00".into()), entries: 12, imported_at: 5 };
        let summary = Downloaded::Unchanged(Some(info)).into_summary();
        assert_eq!((summary.rows_read, summary.entries), (0, 12));
        assert_eq!(summary.extraction_date.as_deref(), Some("2025-12-06T03:00"));
    }
}
