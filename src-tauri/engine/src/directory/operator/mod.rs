//! The operator's directory (LDAP): entries only the operator has (Medimail accounts
//! without RPPS), the organisational mailboxes a person may use, and the user's own entry
//! ("Mon compte"), read and written as themselves. One file per operation; the attribute
//! names are the operator's schema (dev/operator/templates/medimail.schema): inetOrgPerson
//! plus the auxiliary class `medimailMailbox`.
//!
//! Every connection is TLS (`ldaps://`, or `ldap://` with StartTLS before anything else) with
//! the engine's policy (`tls.rs`); nothing goes in clear text, loopback included, like IMAP
//! and SMTP.

mod connect;
mod entry;
mod linked;
mod own_entry;
mod save;
mod search;

pub use connect::{Credentials, Directory, DirectoryUrl};
pub use linked::linked_mailboxes;
pub use own_entry::own_entry;
pub use save::save_own_entry;
pub use search::{find, search};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How long the operator may take to answer a search typed in the directory: the national
/// directory answers offline at once, the operator's results join only if they come in time.
pub const SEARCH_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(1500);
/// Reading or saving one's own entry: the person waits for it, a little longer is fine.
pub const ENTRY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The user's own entry in the operator's directory, as the sections of "Mon compte" show it.
/// Empty fields are empty strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OwnEntry {
    pub address: String,
    /// personnel, interne, medimail or organisationnel (the operator sets it).
    pub account_type: String,
    /// The RPPS, for accounts that have one (the operator sets it).
    pub rpps: String,
    // "Informations personnelles".
    pub surname: String,
    pub first_name: String,
    pub phone: String,
    pub mobile: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub region: String,
    pub department: String,
    // "Activité".
    /// Raison sociale.
    pub company_name: String,
    pub profession: String,
    pub specialty: String,
    /// Organisational mailboxes only, read-only: set by the operator.
    pub finess: String,
    pub responsible: String,
    pub description: String,
    /// "Adresse Medimail visible dans l'annuaire".
    pub visible_medimail: bool,
    /// "Adresse MSSanté visible dans l'annuaire" (RPPS accounts only).
    pub visible_mssante: bool,
    /// "Je souhaite dématérialiser tous mes échanges…".
    pub dematerialisation: bool,
}

impl OwnEntry {
    pub fn is_organisational(&self) -> bool {
        self.account_type == "organisationnel"
    }

    pub fn has_rpps(&self) -> bool {
        !self.rpps.is_empty()
    }
}

/// What the user changes in their entry: only the fields given are written. The
/// read-only fields may be given too; the operator's server then refuses the whole change
/// (`directory_write_refused`), which is the server's rule to enforce, not the client's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct OwnEntryChanges {
    #[ts(optional)]
    pub surname: Option<String>,
    #[ts(optional)]
    pub first_name: Option<String>,
    #[ts(optional)]
    pub phone: Option<String>,
    #[ts(optional)]
    pub mobile: Option<String>,
    #[ts(optional)]
    pub street: Option<String>,
    #[ts(optional)]
    pub city: Option<String>,
    #[ts(optional)]
    pub postal_code: Option<String>,
    #[ts(optional)]
    pub region: Option<String>,
    #[ts(optional)]
    pub department: Option<String>,
    #[ts(optional)]
    pub company_name: Option<String>,
    #[ts(optional)]
    pub profession: Option<String>,
    #[ts(optional)]
    pub specialty: Option<String>,
    #[ts(optional)]
    pub finess: Option<String>,
    #[ts(optional)]
    pub responsible: Option<String>,
    #[ts(optional)]
    pub description: Option<String>,
    #[ts(optional)]
    pub visible_medimail: Option<bool>,
    #[ts(optional)]
    pub visible_mssante: Option<bool>,
    #[ts(optional)]
    pub dematerialisation: Option<bool>,
}

impl OwnEntryChanges {
    pub fn is_empty(&self) -> bool {
        *self == OwnEntryChanges::default()
    }
}

/// The operator's results of a search, or why there are none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OperatorStatus {
    /// The operator answered (possibly nothing).
    Answered,
    /// The account has no operator directory: the national directory alone answers.
    NotConfigured,
    /// The operator could not be asked in time (offline, slow, refused): national only.
    Unreachable,
}
