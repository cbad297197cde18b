//! The engine's API: what both front doors (window and command line) call. Each method is
//! a complete use case; the doors only adapt arguments and results. One file per use case;
//! this one opens the engine and holds what they share.

mod accounts;
mod syncing;
mod sending;
mod drafting;
mod signature_settings;
mod listing;
mod messages;
mod folders;
mod receipt_tracking;
mod notifications;
mod card;
mod psc_sign_in;
pub use psc_sign_in::PscSignedIn;
mod signing_out;
mod session_lock;
pub use session_lock::{SessionLock, UnlockWith, LOCK_AFTER_CHOICES};
mod directory;
mod shared_mailboxes;
pub use shared_mailboxes::{SharedAccess, SharedMailbox, SharedMember};
mod operator_directory;
mod devices;
mod sieve_settings;
mod updates;
pub use updates::{update_server_url, UpdateAnnounced, UpdateCheck, UpdateOffer, UpdateProgress, UpdateSettings, DEFAULT_UPDATE_SERVER};
pub use operator_directory::{DirectoryCard, DirectorySearch};

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::FutureExt;
use secrecy::SecretString;
use serde::Serialize;
use ts_rs::TS;

use super::autoconfig;
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
use super::sign_in::{CardPhase, CardSignIn};
use super::tls::TlsPolicy;
use super::folder_names;
use super::types::{AuthMethod, FlagColor, Folder, FolderRole, ListQuery, MessageSummary, Presence};
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
    /// The language the person reads, for what the engine shows by itself (desktop
    /// notifications from the background watch): the door says which.
    lang: std::sync::RwLock<Lang>,
    /// What a click on a new-mail notification does (the window opens the message); none
    /// for the command line.
    opener: std::sync::RwLock<Option<notify::OpenMessage>>,
    /// The CPS card signed in, in memory only.
    card: CardSignIn,
    /// Raised by "Se déconnecter": no account connects until the next sign-in.
    signed_out: std::sync::atomic::AtomicBool,
    /// Raised when the window locks (`session_lock.rs`): no mail is read until it opens.
    session_locked: std::sync::atomic::AtomicBool,
    /// Pro Santé Connect sessions by account address, in memory only.
    psc: Mutex<std::collections::HashMap<String, Arc<crate::psc::PscSession>>>,
    /// Accounts whose kept PSC session could not be resumed (PSC unreachable): their
    /// connections fail as the network does, and the watch tries again.
    psc_unresumed: Mutex<std::collections::HashSet<String>>,
}

#[derive(Debug, Clone)]
pub struct AddAccount {
    pub email: String,
    pub display_name: Option<String>,
    pub login: Option<String>,
    /// None: looked up in the DNS from the address (`autoconfig`).
    pub imap: Option<ServerAddress>,
    pub smtp: Option<ServerAddress>,
    pub ca_file: Option<PathBuf>,
    pub kind: AccountKind,
    pub credentials: Credentials,
    /// Log in once before saving, so a typo is caught now rather than at the first sync.
    pub verify: bool,
    /// The operator's page for "Demander la réinitialisation du mot de passe".
    pub password_reset_url: Option<String>,
    /// The operator's directory (LDAP URL); None: looked up in the DNS when the servers are.
    pub directory_url: Option<String>,
    /// The ManageSieve server (STARTTLS); None: the IMAP host's port 4190.
    pub sieve: Option<ServerAddress>,
    /// "Faire confiance aux autorités de certification IGC-Santé pour les domaines
    /// MSSanté"; None: on when the address or its servers are in the MSSanté domain.
    pub trust_igc_sante: Option<bool>,
}

/// What proves who the user is when an account is added. No `Debug` output shows a secret.
#[derive(Clone)]
pub enum Credentials {
    Password(SecretString),
    /// The CPS card in a reader and its PIN: the account is bound to the card's holder.
    Card { pin: SecretString },
    /// A Pro Santé Connect sign-in just made: the account is bound to its practitioner.
    Psc { provider: crate::store::PscProvider, session: Arc<crate::psc::PscSession> },
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Credentials::Password(_) => "Password(…)",
            Credentials::Card { .. } => "Card { pin: … }",
            Credentials::Psc { .. } => "Psc { … }",
        })
    }
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
    /// How it signs in ("Identifiants de connexion").
    pub auth: AuthMethod,
    /// The practitioner a card or PSC account is bound to (8 + RPPS, 0 + ADELI).
    pub practitioner_id: Option<String>,
    /// The operator's page for resetting the password, when known.
    pub password_reset_url: Option<String>,
    /// The operator's directory (LDAP URL), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub directory_url: Option<String>,
    /// This computer's access was revoked from another device: the account connects again
    /// once the user signs in to it ("Appareils").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub revoked: bool,
    /// The ManageSieve server (auto-reply, forwarding) when given; else the IMAP host's 4190.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sieve_server: Option<String>,
    /// An organisational mailbox opened through a member's account: that account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub opened_through: Option<String>,
    /// "Compte par défaut": the account that opens at start.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub is_default: bool,
    /// "Notif de réception vers compte de connexion".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub notify_to_sign_in: bool,
    /// "Faire confiance aux autorités de certification IGC-Santé pour les domaines MSSanté".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub trust_igc_sante: bool,
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
            auth: a.auth,
            practitioner_id: a.practitioner_id.clone(),
            password_reset_url: a.password_reset_url.clone(),
            directory_url: a.directory_url.clone(),
            revoked: a.revoked_at.is_some(),
            sieve_server: a.sieve_server.clone(),
            opened_through: None,
            is_default: a.is_default,
            notify_to_sign_in: a.notify_to_sign_in,
            trust_igc_sante: a.trust_igc_sante,
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
        let signed_out = signing_out::signed_out_marker(dir).exists();
        Ok(Engine {
            profile,
            store: crate::store::shared(store),
            planned: tokio::sync::watch::channel(0).0,
            connections: ConnectionStates::default(),
            lang: std::sync::RwLock::new(Lang::default()),
            opener: std::sync::RwLock::new(None),
            card: CardSignIn::default(),
            signed_out: std::sync::atomic::AtomicBool::new(signed_out),
            session_locked: std::sync::atomic::AtomicBool::new(false),
            psc: Mutex::default(),
            psc_unresumed: Mutex::default(),
        })
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Whether the app is in touch with its servers, now and at each change.
    pub fn connection_states(&self) -> &ConnectionStates {
        &self.connections
    }

    /// The language of what the engine shows by itself (French until a door says otherwise).
    pub fn set_language(&self, lang: Lang) {
        if let Ok(mut current) = self.lang.write() {
            *current = lang;
        }
    }

    /// The store's integrity check (`Store::integrity_check`).
    pub fn check_store(&self) -> Result<()> {
        self.store()?.integrity_check()
    }

    pub fn language(&self) -> Lang {
        self.lang.read().map(|lang| *lang).unwrap_or_default()
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
            store: crate::store::shared(store),
            planned: tokio::sync::watch::channel(0).0,
            connections: ConnectionStates::default(),
            lang: std::sync::RwLock::new(Lang::default()),
            opener: std::sync::RwLock::new(None),
            card: CardSignIn::default(),
            signed_out: std::sync::atomic::AtomicBool::new(false),
            session_locked: std::sync::atomic::AtomicBool::new(false),
            psc: Mutex::default(),
            psc_unresumed: Mutex::default(),
        }
    }

    pub(crate) fn store(&self) -> Result<parking_lot::MutexGuard<'_, Store>> {
        store::lock(&self.store)
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

/// The account's TLS policy: its CA file, and the IGC-Santé roots for its MSSanté hosts
/// when it trusts them.
fn account_tls(account: &AccountRecord) -> Result<TlsPolicy> {
    let tls = tls_policy(account.ca_file.as_deref())?;
    if !account.trust_igc_sante {
        return Ok(tls);
    }
    let mut hosts = vec![account.imap.host.clone(), account.smtp.host.clone()];
    hosts.extend(account.sieve_server.as_deref().and_then(|s| ServerAddress::parse(s, crate::server::Security::StartTls).ok()).map(|s| s.host));
    hosts.extend(account.directory_url.as_deref().and_then(|u| crate::directory::operator::DirectoryUrl::parse(u).ok()).map(|u| u.host));
    Ok(tls.trusting_igc_sante(hosts))
}

fn looks_like_address(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_engine_shows_by_itself_follows_the_language_a_door_chose() {
        let (dir, store) = crate::store::testing::open_temp();
        let engine = Engine::with_store(Profile::open(Some(dir.path())).unwrap(), store);
        assert_eq!(engine.language(), Lang::Fr, "French until told otherwise");
        engine.set_language(Lang::En);
        assert_eq!(engine.language(), Lang::En);
    }
}
