//! The engine's API: what both front doors (window and command line) call. Each method is
//! a complete use case; the doors only adapt arguments and results.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::FutureExt;
use secrecy::SecretString;
use serde::Serialize;
use ts_rs::TS;

use super::compose::{self, AccountKind, Composition};
use super::drafts::{self, Draft, DraftInfo};
use super::signatures::{self, Signature, SignatureChange, SignatureContent};
use super::export::{self, ExportFormat, ExportReport, Selection};
use super::imap::{self, Woken};
use super::server::{Login, ServerAddress};
use super::outbox;
use super::notify;
use super::receipts::{self, MdnDecision, MdnPolicy, OpeningNotice, Timeline};
use super::store::{self, AccountRecord, FolderRecord, MessageFilter, NewAccount, OutboxEntry, OutboxState, Outgoing, SharedStore, SignatureRecord, Store};
use super::sync::{self, Connection, ConnectionStates, ProgressFn, SyncPhase, SyncProgress, SyncReport};
use super::tls::TlsPolicy;
use super::types::{FlagColor, Folder, ListQuery, MessageSummary, Presence};
use super::{secrets, EngineError, Lang, Profile, Result};

pub struct Engine {
    profile: Profile,
    store: SharedStore,
    /// Bumped when something was planned that the server should see: the watchers
    /// (`watch`) leave IDLE and run a pass instead of waiting for news from the server.
    planned: tokio::sync::watch::Sender<u64>,
    /// Each account's last known contact with its server, kept here so that a window that
    /// starts listening late (its page loads after the first pass) still shows the truth.
    connections: ConnectionStates,
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

impl Engine {
    /// Opens the profile's store with its key from the OS keyring.
    pub fn open(profile: Profile) -> Result<Engine> {
        let dir = profile.dir();
        let cached = match secrets::cached_store_key(dir) {
            Some(key) => match Store::open_with_unsure_key(dir, &key) {
                // A copy left by an earlier store at this path: ask the keyring itself.
                Err(EngineError::StoreKey) => {
                    secrets::forget_cached_store_key(dir);
                    None
                }
                other => Some(other?),
            },
            None => None,
        };
        let mut store = match cached {
            Some(store) => store,
            None => {
                let key = secrets::store_key(dir)?;
                let store = Store::open(dir, &key)?;
                secrets::cache_store_key(dir, &key);
                store
            }
        };
        // Messages a migration left unindexed: the store cannot read mail, so it is given
        // the reader.
        store.index_waiting(crate::extract::search_words)?;
        Ok(Engine {
            profile,
            store: Arc::new(Mutex::new(store)),
            planned: tokio::sync::watch::channel(0).0,
            connections: ConnectionStates::default(),
        })
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Whether the app is in touch with its servers, now and at each change.
    pub fn connection_states(&self) -> &ConnectionStates {
        &self.connections
    }

    /// Tells the background watchers that changes wait for the server.
    fn kick(&self) {
        self.planned.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Passes `value` through after kicking the watchers (for the planning methods).
    fn kicked<T>(&self, value: Result<T>) -> Result<T> {
        if value.is_ok() {
            self.kick();
        }
        value
    }

    /// An engine over an already open store (unit tests, without a keyring).
    #[cfg(test)]
    pub(crate) fn with_store(profile: Profile, store: Store) -> Engine {
        Engine {
            profile,
            store: Arc::new(Mutex::new(store)),
            planned: tokio::sync::watch::channel(0).0,
            connections: ConnectionStates::default(),
        }
    }

    pub(crate) fn store(&self) -> Result<std::sync::MutexGuard<'_, Store>> {
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
            let session = imap::connect(&request.imap, &tls, &credentials).await?;
            imap::logout(session).await;
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

    pub(crate) fn account(&self, email: Option<&str>) -> Result<AccountRecord> {
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
        TlsPolicy::prepare();
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
            let email = account.email.clone();
            let conn = self.connection(account)?;
            // What waits in the outbox leaves first; a send failure must not stop the sync.
            if let Err(err) = outbox::send_queued(&self.store, &conn).await {
                tracing::warn!(code = ?err.code(), "the outbox could not be sent; kept for the next pass");
            }
            self.connections.connecting(&email);
            let outcome = sync::sync_account(&self.store, &conn, progress).await;
            self.connections.passed(&email, &outcome);
            let mut report = outcome?;
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
        let mut planned = self.planned.subscribe();
        while keep_going() {
            // What was planned until now goes with this pass.
            planned.borrow_and_update();
            let pass = async {
                {
                    let _lock = sync::acquire_lock(self.profile.dir(), || {}).await?;
                    // The outbox leaves whenever the server is reachable again.
                    if let Err(err) = outbox::send_queued(&self.store, &conn).await {
                        tracing::warn!(code = ?err.code(), "the outbox could not be sent; kept for the next pass");
                    }
                    self.connections.connecting(account);
                    let outcome = sync::sync_account(&self.store, &conn, progress).await;
                    self.connections.passed(account, &outcome);
                    outcome?;
                }
                // Read receipts that came in: a desktop notification, if the user wants them.
                if let Err(err) = self.notify_new_openings(Lang::default()) {
                    tracing::warn!(code = ?err.code(), "open notifications could not be shown");
                }
                crate::failpoint::panic_once("watch_pass");
                // IDLE until the server has news or the user changed something here.
                tokio::select! {
                    woken = sync::watch_inbox(&self.store, &conn, Duration::from_secs(25 * 60)) => woken,
                    _ = planned.changed() => Ok(Woken::News),
                }
            };
            // A bug met in one pass (a panic) is reported like any failure and the watch
            // goes on: an account must never stop syncing silently. Nothing is lost: the
            // store's transactions roll back as the panic unwinds (store::lock).
            let outcome = AssertUnwindSafe(pass).catch_unwind().await.unwrap_or_else(|_| {
                tracing::error!("a sync pass stopped on an internal fault; the watch starts again");
                Err(EngineError::Internal("a sync pass stopped on an internal fault".into()))
            });
            self.connections.passed(account, &outcome);
            match outcome {
                Ok(Woken::News | Woken::Timeout) => {}
                Err(err) => {
                    on_error(&err);
                    // A server away is given time to come back; a fault here is retried soon.
                    let pause = if err.code() == crate::ErrorCode::Internal { 5 } else { 30 };
                    tokio::time::sleep(Duration::from_secs(pause)).await;
                }
            }
        }
        Ok(())
    }

    // ---- sending ----------------------------------------------------------------------

    /// Checks, builds and queues a message, then tries to send it at once. Offline, it
    /// stays queued and leaves with the next sync. The entry tells where it stands.
    pub async fn send(&self, account: Option<&str>, composition: Composition) -> Result<OutboxEntry> {
        let account = self.account(account)?;
        let (composition, built) = prepare_outgoing(&account, composition)?;
        let entry = self.store()?.enqueue(&outgoing(&account, &composition, &built))?;
        self.deliver(account, entry.id).await
    }

    /// Tries to hand what is queued to the server now; offline, it stays queued.
    async fn deliver(&self, account: AccountRecord, id: i64) -> Result<OutboxEntry> {
        let conn = self.connection(account)?;
        let _lock = sync::acquire_lock(self.profile.dir(), || {}).await?;
        match outbox::send_queued(&self.store, &conn).await {
            Ok(_) => {}
            // Offline or the server unreachable: the message waits, nothing is lost.
            Err(err @ (EngineError::Connect { .. } | EngineError::ConnectionLost(_) | EngineError::Timeout(_) | EngineError::Tls { .. })) => {
                tracing::info!(code = ?err.code(), "offline: the message stays in the outbox");
                self.store()?.set_outbox_state(id, OutboxState::Queued, Some(&err.to_string()))?;
            }
            Err(other) => return Err(other),
        }
        self.store()?.outbox_entry(id)
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

    // ---- drafts -----------------------------------------------------------------------
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

    // ---- signatures -------------------------------------------------------------------

    pub fn signatures(&self, account: Option<&str>) -> Result<Vec<Signature>> {
        let account_id = match account {
            Some(email) => Some(self.store()?.account_by_email(email)?.id),
            None => None,
        };
        self.store()?.signatures(account_id)
    }

    pub fn create_signature(&self, account: Option<&str>, title: &str, content: &SignatureContent, is_default: bool) -> Result<Signature> {
        let account = self.account(account)?;
        let title = signatures::clean_title(title)?;
        let body = content.body()?;
        let record = SignatureRecord { title: &title, html: &body.html, text: &body.text };
        self.store()?.add_signature(account.id, &record, is_default)
    }

    /// Changes what `change` gives; the rest stays.
    pub fn update_signature(&self, id: i64, change: &SignatureChange) -> Result<Signature> {
        let mut store = self.store()?;
        let current = store.signature(id)?;
        let title = change.title.as_deref().map(signatures::clean_title).transpose()?;
        let body = change.content.as_ref().map(SignatureContent::body).transpose()?;
        let record = body.as_ref().map(|body| SignatureRecord {
            title: title.as_deref().unwrap_or(&current.title),
            html: &body.html,
            text: &body.text,
        });
        let title_only = if record.is_none() { title.as_deref() } else { None };
        store.update_signature(id, record.as_ref(), title_only, change.is_default)
    }

    /// Deleting the default leaves the account without one.
    pub fn delete_signature(&self, id: i64) -> Result<()> {
        self.store()?.delete_signature(id)
    }

    /// The one inserted in new messages; any previous default steps down.
    pub fn set_default_signature(&self, id: i64) -> Result<Signature> {
        self.store()?.set_default_signature(id)
    }

    /// New messages get no signature any more.
    pub fn clear_default_signature(&self, account: Option<&str>) -> Result<()> {
        let account = self.account(account)?;
        self.store()?.clear_default_signature(account.id)
    }

    /// What a new message starts with: the account's default signature, if it has one.
    pub fn signature_for_new_message(&self, account: Option<&str>) -> Result<Option<Signature>> {
        let account = self.account(account)?;
        self.store()?.default_signature(account.id)
    }

    /// The composition with signature `new` in place of `previous` (the compose window's
    /// "insert a signature"); either may be None.
    pub fn apply_signature(&self, mut composition: Composition, previous: Option<i64>, new: Option<i64>) -> Result<Composition> {
        let store = self.store()?;
        let previous = previous.map(|id| store.signature(id)).transpose()?;
        let new = new.map(|id| store.signature(id)).transpose()?;
        signatures::apply(&mut composition, previous.as_ref(), new.as_ref());
        Ok(composition)
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
        self.kicked(self.store()?.move_messages(ids, target.id))
    }

    pub fn delete_messages(&self, ids: &[i64]) -> Result<usize> {
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

    fn folder_view(&self, account: &AccountRecord, id: i64) -> Result<Folder> {
        self.store()?
            .folder_list(Some(&account.email))?
            .into_iter()
            .find(|f| f.id == id)
            .ok_or_else(|| EngineError::NotFound(format!("folder #{id}")))
    }
    // ---- receipts (delivery and read receipts) --------------------------------------------

    /// The timeline under a sent message (seed part 1 §3 A), with its opening state.
    pub fn timeline(&self, id: i64) -> Result<Timeline> {
        receipts::timeline(&self.store, id)
    }

    pub fn mdn_policy(&self) -> Result<MdnPolicy> {
        self.store()?.mdn_policy()
    }

    pub fn set_mdn_policy(&self, policy: MdnPolicy) -> Result<()> {
        self.store()?.set_mdn_policy(policy)
    }

    pub fn open_notifications(&self) -> Result<bool> {
        self.store()?.open_notifications()
    }

    pub fn set_open_notifications(&self, enabled: bool) -> Result<()> {
        self.store()?.set_open_notifications(enabled)
    }

    /// The user opened a message: it is marked read and, if it asks for a read receipt,
    /// the policy decides. `AskUser` means the window asks, then calls
    /// [`Engine::send_read_receipt`].
    pub async fn message_opened(&self, id: i64) -> Result<MdnDecision> {
        self.mark_read(&[id], true)?;
        self.receipt_sender().after_opening(id).await
    }

    /// Opening a message with the user's yes given in advance (the command line's
    /// `open --send-receipt`): it is marked read and the receipt goes, the rules allowing.
    pub async fn open_sending_receipt(&self, id: i64) -> Result<MdnDecision> {
        self.mark_read(&[id], true)?;
        self.send_read_receipt(id).await
    }

    /// The user said yes to a read receipt (policy "ask"). Still never twice.
    pub async fn send_read_receipt(&self, id: i64) -> Result<MdnDecision> {
        self.receipt_sender().on_request(id).await
    }

    /// Openings of our messages reported since the last call, as desktop notices when the
    /// user enabled them (seed part 2 §5 B). Each opening is considered once.
    pub fn new_openings(&self) -> Result<Vec<OpeningNotice>> {
        receipts::new_openings(&self.store)
    }

    /// [`Engine::new_openings`], shown as desktop notifications. Returns how many.
    pub fn notify_new_openings(&self, lang: Lang) -> Result<usize> {
        Ok(notify::show_openings(&self.new_openings()?, lang))
    }

    fn receipt_sender(&self) -> receipts::Sender<'_, impl Fn(AccountRecord) -> Result<Connection> + '_> {
        receipts::Sender { store: &self.store, profile_dir: self.profile.dir(), connect: |account| self.connection(account) }
    }
}

/// Checks and builds a message from the account: the one way both a new message and a draft
/// become something to send.
fn prepare_outgoing(account: &AccountRecord, composition: Composition) -> Result<(Composition, compose::BuiltMessage)> {
    let mut composition = composition.with_mode_rules();
    composition.from.address = account.email.clone();
    if composition.from.name.is_none() {
        composition.from.name = account.display_name.clone();
    }
    compose::validate(&composition, account.kind, None).map_err(EngineError::from)?;
    let domain = account.email.rsplit_once('@').map_or("localhost", |(_, d)| d).to_owned();
    let built = compose::build(&composition, std::time::SystemTime::now(), &domain).map_err(EngineError::from)?;
    Ok((composition, built))
}

fn outgoing<'a>(account: &AccountRecord, composition: &'a Composition, built: &'a compose::BuiltMessage) -> Outgoing<'a> {
    Outgoing {
        account_id: account.id,
        message_id: &built.message_id,
        envelope_from: &built.envelope_from,
        envelope_to: &built.envelope_to,
        subject: &composition.subject,
        raw: &built.raw,
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
