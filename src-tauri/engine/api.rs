//! The engine's API: what both front doors (window and command line) call. Each method is
//! a complete use case; the doors only adapt arguments and results.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::SecretString;
use serde::Serialize;
use ts_rs::TS;

use super::compose::{self, AccountKind, Composition};
use super::export::{self, ExportFormat, ExportReport};
use super::imap::{self, Woken};
use super::mime;
use super::server::{Login, ServerAddress};
use super::outbox;
use super::store::{self, AccountRecord, FolderRecord, MessageFilter, NewAccount, OutboxEntry, OutboxState, Outgoing, SharedStore, Store};
use super::sync::{self, Connection, ProgressFn, SyncPhase, SyncProgress, SyncReport};
use super::tls::TlsPolicy;
use super::types::{FlagColor, Folder, ListQuery, MessageSummary, Presence};
use super::{secrets, EngineError, Profile, Result};

pub struct Engine {
    profile: Profile,
    store: SharedStore,
}

#[derive(Debug, Clone)]
pub struct AddAccount {
    pub email: String,
    pub display_name: Option<String>,
    pub login: Option<String>,
    pub imap: ServerAddress,
    pub smtp: ServerAddress,
    pub ca_file: Option<PathBuf>,
    pub kind: AccountKind,
    pub password: SecretString,
    /// Log in once before saving, so a typo is caught now rather than at the first sync.
    pub verify: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct AccountInfo {
    pub email: String,
    pub display_name: Option<String>,
    pub kind: AccountKind,
    /// Whether this account may write to patients (Personnel and Organisationnel).
    pub may_write_to_patients: bool,
    pub login: String,
    pub imap: String,
    pub smtp: String,
}

impl From<&AccountRecord> for AccountInfo {
    fn from(a: &AccountRecord) -> Self {
        AccountInfo {
            email: a.email.clone(),
            display_name: a.display_name.clone(),
            kind: a.kind,
            may_write_to_patients: a.kind.may_write_to_patients(),
            login: a.login.clone(),
            imap: a.imap.to_string(),
            smtp: a.smtp.to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct AttachmentSummary {
    pub name: Option<String>,
    pub mime_type: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// One message opened for reading.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct MessageDetail {
    pub summary: MessageSummary,
    pub reply_to: Vec<String>,
    pub body_text: String,
    pub attachments: Vec<AttachmentSummary>,
    /// What was malformed in the message (technical notes, no content).
    pub problems: Vec<String>,
}

/// Which messages an export covers.
#[derive(Debug, Clone)]
pub enum Selection {
    Ids(Vec<i64>),
    Folder { account: Option<String>, folder: String },
    All,
}

impl Engine {
    /// Opens the profile's store with its key from the OS keyring.
    pub fn open(profile: Profile) -> Result<Engine> {
        let key = secrets::store_key(profile.dir())?;
        let store = Store::open(profile.dir(), &key)?;
        Ok(Engine {
            profile,
            store: Arc::new(Mutex::new(store)),
        })
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    fn store(&self) -> Result<std::sync::MutexGuard<'_, Store>> {
        store::lock(&self.store)
    }

    // ---- accounts ----------------------------------------------------------------------

    pub async fn add_account(&self, request: AddAccount) -> Result<AccountInfo> {
        let email = request.email.trim().to_owned();
        if !looks_like_address(&email) {
            return Err(EngineError::InvalidInput(format!("{email:?} is not an e-mail address")));
        }
        let login = request.login.clone().unwrap_or_else(|| email.clone());
        let tls = tls_policy(request.ca_file.as_deref())?;
        if request.verify {
            let credentials = Login::Password { user: login.clone(), password: request.password.clone() };
            let mut session = imap::connect(&request.imap, &tls, &credentials).await?;
            let _ = session.logout().await;
        }
        let record = self.store()?.add_account(&NewAccount {
            email: email.clone(),
            display_name: request.display_name.clone(),
            login,
            imap: request.imap.clone(),
            smtp: request.smtp.clone(),
            ca_file: request.ca_file.clone(),
            kind: request.kind,
        })?;
        secrets::save_password(self.profile.dir(), &email, &request.password)?;
        tracing::info!("account added");
        Ok(AccountInfo::from(&record))
    }

    pub fn accounts(&self) -> Result<Vec<AccountInfo>> {
        Ok(self.store()?.accounts()?.iter().map(AccountInfo::from).collect())
    }

    fn account(&self, email: Option<&str>) -> Result<AccountRecord> {
        let store = self.store()?;
        match email {
            Some(email) => store.account_by_email(email),
            None => {
                let mut accounts = store.accounts()?;
                match accounts.len() {
                    0 => Err(EngineError::NotFound("account (add one with `medimail account add`)".into())),
                    1 => Ok(accounts.remove(0)),
                    _ => Err(EngineError::InvalidInput("several accounts: say which with --account".into())),
                }
            }
        }
    }

    fn connection(&self, account: AccountRecord) -> Result<Connection> {
        let password = secrets::password(self.profile.dir(), &account.email)?;
        let tls = tls_policy(account.ca_file.as_deref())?;
        Ok(Connection {
            login: Login::Password { user: account.login.clone(), password },
            tls,
            account,
        })
    }

    // ---- sync --------------------------------------------------------------------------

    /// One complete pass over one account, or over all of them. Waits (and says so through
    /// `progress`) while another process of this profile syncs.
    pub async fn sync(&self, account: Option<&str>, progress: &ProgressFn) -> Result<Vec<SyncReport>> {
        let accounts = match account {
            Some(email) => vec![self.store()?.account_by_email(email)?],
            None => self.store()?.accounts()?,
        };
        let mut waited = false;
        let _lock = sync::acquire_lock(self.profile.dir(), || {
            waited = true;
            progress(SyncProgress {
                account: String::new(),
                phase: SyncPhase::Waiting,
                folder: None,
                done: 0,
                total: 0,
            });
        })
        .await?;
        let mut reports = Vec::with_capacity(accounts.len());
        for account in accounts {
            let conn = self.connection(account)?;
            // What waits in the outbox leaves first; a send failure must not stop the sync.
            if let Err(err) = outbox::send_queued(&self.store, &conn).await {
                tracing::warn!(code = ?err.code(), "the outbox could not be sent; kept for the next pass");
            }
            let mut report = sync::sync_account(&self.store, &conn, progress).await?;
            report.waited = waited;
            reports.push(report);
        }
        Ok(reports)
    }

    /// Push for the open app: sync, then IDLE on the INBOX and sync again on news, until
    /// `keep_going` says stop. Connection errors are reported and retried after a pause.
    pub async fn watch(
        &self,
        account: &str,
        progress: &ProgressFn,
        on_error: &(dyn Fn(&EngineError) + Send + Sync),
        keep_going: &(dyn Fn() -> bool + Send + Sync),
    ) -> Result<()> {
        let record = self.store()?.account_by_email(account)?;
        let conn = self.connection(record)?;
        while keep_going() {
            let pass = async {
                {
                    let _lock = sync::acquire_lock(self.profile.dir(), || {}).await?;
                    sync::sync_account(&self.store, &conn, progress).await?;
                }
                sync::watch_inbox(&self.store, &conn, Duration::from_secs(25 * 60)).await
            };
            match pass.await {
                Ok(Woken::News | Woken::Timeout) => {}
                Err(err) => {
                    on_error(&err);
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
            }
        }
        Ok(())
    }

    // ---- sending ----------------------------------------------------------------------

    /// Checks, builds and queues a message, then tries to send it at once. Offline, it
    /// stays queued and leaves with the next sync. The entry tells where it stands.
    pub async fn send(&self, account: Option<&str>, mut composition: Composition) -> Result<OutboxEntry> {
        let account = self.account(account)?;
        composition.from.address = account.email.clone();
        if composition.from.name.is_none() {
            composition.from.name = account.display_name.clone();
        }
        compose::validate(&composition, account.kind, None).map_err(EngineError::from)?;
        let domain = account.email.rsplit_once('@').map_or("localhost", |(_, d)| d).to_owned();
        let built = compose::build(&composition, std::time::SystemTime::now(), &domain).map_err(EngineError::from)?;
        let entry = self.store()?.enqueue(&Outgoing {
            account_id: account.id,
            message_id: &built.message_id,
            envelope_from: &built.envelope_from,
            envelope_to: &built.envelope_to,
            subject: &composition.subject,
            raw: &built.raw,
        })?;
        let conn = self.connection(account)?;
        let _lock = sync::acquire_lock(self.profile.dir(), || {}).await?;
        match outbox::send_queued(&self.store, &conn).await {
            Ok(_) => {}
            // Offline or the server unreachable: the message waits, nothing is lost.
            Err(err @ (EngineError::Connect { .. } | EngineError::Timeout(_) | EngineError::Tls { .. })) => {
                tracing::info!(code = ?err.code(), "offline: the message stays in the outbox");
                self.store()?.set_outbox_state(entry.id, OutboxState::Queued, Some(&err.to_string()))?;
            }
            Err(other) => return Err(other),
        }
        self.store()?.outbox_entry(entry.id)
    }

    pub fn outbox(&self, account: Option<&str>) -> Result<Vec<OutboxEntry>> {
        let account_id = match account {
            Some(email) => Some(self.store()?.account_by_email(email)?.id),
            None => None,
        };
        self.store()?.outbox(account_id)
    }

    /// The user's decision on an uncertain (or failed) message: send it again.
    pub fn resend(&self, id: i64) -> Result<OutboxEntry> {
        let mut store = self.store()?;
        let entry = store.outbox_entry(id)?;
        if !matches!(entry.state, OutboxState::Uncertain | OutboxState::Failed) {
            return Err(EngineError::InvalidInput(format!("outbox entry #{id} is not waiting for a decision")));
        }
        store.set_outbox_state(id, OutboxState::Queued, None)?;
        store.outbox_entry(id)
    }

    // ---- reading ----------------------------------------------------------------------

    pub fn folders(&self, account: Option<&str>) -> Result<Vec<Folder>> {
        if let Some(email) = account {
            self.store()?.account_by_email(email)?;
        }
        self.store()?.folder_list(account)
    }

    fn filter(&self, account: Option<&str>, folder: Option<&str>, presence: Presence) -> Result<MessageFilter> {
        let account_id = match (account, folder) {
            (None, None) => None,
            _ => Some(self.account(account)?.id),
        };
        let folder_id = match (account_id, folder) {
            (Some(account_id), Some(name)) => Some(self.store()?.find_folder(account_id, name)?.id),
            _ => None,
        };
        Ok(MessageFilter { account_id, folder_id, presence })
    }

    pub fn list(&self, query: &ListQuery) -> Result<Vec<MessageSummary>> {
        let filter = self.filter(query.account.as_deref(), query.folder.as_deref(), query.presence)?;
        self.store()?
            .list_messages(&filter, query.sort, query.descending, query.limit, query.offset)
    }

    pub fn search(&self, text: &str, account: Option<&str>, presence: Presence, limit: u32) -> Result<Vec<MessageSummary>> {
        let filter = self.filter(account, None, presence)?;
        self.store()?.search_messages(text, &filter, limit)
    }

    pub fn message(&self, id: i64) -> Result<MessageDetail> {
        let (summary, raw) = {
            let store = self.store()?;
            (store.message_summary(id)?, store.raw_message(id)?)
        };
        let parsed = mime::parse(&raw);
        Ok(MessageDetail {
            summary,
            reply_to: parsed.reply_to.iter().map(|a| a.display()).collect(),
            body_text: parsed.body_text,
            attachments: parsed
                .attachments
                .iter()
                .filter(|a| !a.is_inline)
                .map(|a| AttachmentSummary { name: a.name.clone(), mime_type: a.mime_type.clone(), size: a.size })
                .collect(),
            problems: parsed.problems,
        })
    }

    /// The exact bytes as received.
    pub fn raw(&self, id: i64) -> Result<Vec<u8>> {
        self.store()?.raw_message(id)
    }

    pub fn export(&self, selection: &Selection, format: ExportFormat, out: &Path) -> Result<ExportReport> {
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

    // ---- acting on messages -------------------------------------------------------------
    // Each acts on the store at once and reaches the server at the next sync.

    pub fn move_messages(&self, ids: &[i64], folder: &str) -> Result<usize> {
        let target = self.folder_of_messages(ids, folder)?;
        self.store()?.move_messages(ids, target.id)
    }

    pub fn delete_messages(&self, ids: &[i64]) -> Result<usize> {
        self.store()?.trash_messages(ids)
    }

    pub fn restore_messages(&self, ids: &[i64]) -> Result<usize> {
        self.store()?.restore_messages(ids)
    }

    pub fn purge_messages(&self, ids: &[i64]) -> Result<usize> {
        self.store()?.purge_messages(ids)
    }

    pub fn mark_read(&self, ids: &[i64], read: bool) -> Result<usize> {
        self.store()?.set_seen(ids, read)
    }

    pub fn set_flag(&self, ids: &[i64], color: Option<FlagColor>) -> Result<usize> {
        self.store()?.set_color(ids, color)
    }

    fn folder_of_messages(&self, ids: &[i64], folder: &str) -> Result<FolderRecord> {
        let store = self.store()?;
        let first = ids
            .first()
            .ok_or_else(|| EngineError::InvalidInput("no message given".into()))?;
        let account = store.account_by_email(&store.message_summary(*first)?.account)?;
        store.find_folder(account.id, folder)
    }

    // ---- folders ----------------------------------------------------------------------

    pub fn create_folder(&self, account: Option<&str>, name: &str) -> Result<Folder> {
        let account = self.account(account)?;
        let record = self.store()?.create_folder(account.id, name)?;
        self.folder_view(&account, record.id)
    }

    pub fn rename_folder(&self, account: Option<&str>, name: &str, new_name: &str) -> Result<Folder> {
        let account = self.account(account)?;
        let folder = self.store()?.find_folder(account.id, name)?;
        let record = self.store()?.rename_folder(folder.id, new_name)?;
        self.folder_view(&account, record.id)
    }

    /// Deletes a folder; its messages go back to the inbox first. Returns how many moved.
    pub fn delete_folder(&self, account: Option<&str>, name: &str) -> Result<usize> {
        let account = self.account(account)?;
        let folder = self.store()?.find_folder(account.id, name)?;
        self.store()?.delete_folder(folder.id)
    }

    fn folder_view(&self, account: &AccountRecord, id: i64) -> Result<Folder> {
        self.store()?
            .folder_list(Some(&account.email))?
            .into_iter()
            .find(|f| f.id == id)
            .ok_or_else(|| EngineError::NotFound(format!("folder #{id}")))
    }
}

fn tls_policy(ca_file: Option<&Path>) -> Result<TlsPolicy> {
    match ca_file {
        Some(path) => TlsPolicy::system().with_ca_file(path),
        None => Ok(TlsPolicy::system()),
    }
}

fn looks_like_address(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}
