//! Engine errors. Each carries a stable [`ErrorCode`] that the UI maps to a French (or
//! English) sentence; the detail text is for logs and the CLI and never holds secrets or
//! message content.

use serde::Serialize;
use ts_rs::TS;

use crate::catalogue::{Lang, Text};

pub type Result<T, E = EngineError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// What the user wrote breaks rules they can fix: each rule as a sentence of the
    /// catalogue (the detail text is the English one, like the other errors').
    #[error("{}", refused_detail(.0))]
    Refused(Vec<Text>),
    #[error("profile folder {path}: {source}")]
    Profile {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("file {path}: {source}")]
    File {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot reach {server}: {source}")]
    Connect {
        server: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the connection to the mail server was lost: {0}")]
    ConnectionLost(String),
    #[error("secure connection to {server} failed: {detail}")]
    Tls { server: String, detail: String },
    #[error("certificate problem: {0}")]
    Certificate(String),
    /// The server's certificate is past its end of validity (or this computer's clock is
    /// wrong): refused before anything is sent.
    #[error("the certificate of {0} has expired")]
    CertificateExpired(String),
    /// The server's certificate is listed in its authority's revocation list (CRL).
    #[error("the certificate of {0} has been revoked")]
    CertificateRevoked(String),
    #[error("the server refused the credentials")]
    AuthFailed,
    #[error("the server does not offer {0}")]
    Unsupported(String),
    #[error("mail server error: {0}")]
    Server(String),
    #[error("timed out after {0} s")]
    Timeout(u64),
    #[error("local store: {0}")]
    Store(String),
    /// The store's file cannot be written or read: disk full, read-only profile, no rights.
    #[error("local store file: {0}")]
    StoreFile(String),
    #[error("this store was written by a newer Medimail (schema {found}, this version knows {known})")]
    StoreTooNew { found: usize, known: usize },
    #[error("the local store cannot be opened with the key from the keyring")]
    StoreKey,
    #[error("system keyring: {0}")]
    Keyring(String),
    #[error("{0} not found")]
    NotFound(String),
    /// A national directory file that cannot be read as a whole (not the extraction's
    /// header, a damaged ZIP); a bad row is only skipped.
    #[error("national directory file: {0}")]
    DirectoryFile(String),
    /// The operator's directory refused to change an entry (another's entry, or a field
    /// only the operator sets): the detail is the LDAP result code, never a value.
    #[error("the operator's directory refused the change: {0}")]
    DirectoryWriteRefused(String),
    /// The server refuses this account the organisational mailbox (no ACL right to read
    /// it, or access withdrawn): what was kept here of it stays.
    #[error("the server refuses access to the organisational mailbox {0}")]
    SharedAccessRefused(String),
    /// Changing who may open an organisational mailbox needs its administer right (`a`).
    #[error("only an administrator of {0} may change who opens it")]
    SharedAdminRefused(String),
    /// The account has no operator directory (none given, none in the DNS).
    #[error("no operator directory is known for this account")]
    NoOperatorDirectory,
    /// The account signs in with Pro Santé Connect, and operators offer no PSC bind to their
    /// LDAP directory: one's own entry needs the CPS card or the mail password.
    #[error("the operator's directory cannot be used with a Pro Santé Connect sign-in")]
    DirectoryPscUnsupported,
    /// An organisational mailbox is opened as an account by naming it at sign-in (SASL
    /// authorisation identity), which a Pro Santé Connect token cannot do: its folders
    /// stay reachable in the member's own mailbox, through the shared namespace.
    #[error("an organisational mailbox cannot be opened as an account with a Pro Santé Connect sign-in")]
    SharedPscUnsupported,
    /// The national directory could not be downloaded whole: the server's answer was not the
    /// extraction (an HTTP error) or stopped before its end. The loaded directory stays.
    #[error("national directory download: {0}")]
    DirectoryDownload(String),
    /// The mail server refused a Sieve script (auto-reply, forwarding): the detail is the
    /// ManageSieve response code, never the server's text (it quotes the script).
    #[error("the mail server refused the filtering rules: {0}")]
    SieveScriptRefused(String),
    #[error("another Medimail process is using this profile")]
    Busy,
    #[error("internal error: {0}")]
    Internal(String),
    /// The CPS card could not be used (no service, no card, removed, unreadable): the detail
    /// names status words and PC/SC errors only, never what the card holds.
    #[error("CPS card: {0}")]
    Card(String),
    #[error("wrong PIN, {tries_left} tries left")]
    PinWrong { tries_left: u8 },
    #[error("the card's PIN is blocked")]
    CardBlocked,
    #[error("a PIN is {min} to {max} digits")]
    PinFormat { min: usize, max: usize },
    /// A signature with the card before its PIN was accepted (or after the card forgot it).
    #[error("the card's PIN has not been entered")]
    PinRequired,
    /// The card in the reader is not a CPS (a bank card…).
    #[error("the card is not a CPS")]
    CardNotCps,
    /// The card in the reader belongs to another practitioner than the account's.
    #[error("the CPS card belongs to another practitioner")]
    CardOtherHolder,
    /// The card was pulled out: what it had opened is locked until it is back with its PIN.
    #[error("the CPS card was removed")]
    CardRemoved,
    /// "Se déconnecter": nothing connects until the user signs in again.
    #[error("signed out")]
    SignedOut,
    /// The window locked itself after a while without use (or on "Verrouiller"): no mail is
    /// shown until the password or the card's PIN is given again.
    #[error("the session is locked")]
    SessionLocked,
    /// Pro Santé Connect could not be used: discovery, an answer that cannot be read, an ID
    /// token that does not verify. The detail names the step and an OAuth error code, never
    /// a token, a code or a claim.
    #[error("Pro Santé Connect: {0}")]
    Psc(String),
    /// The practitioner refused or cancelled the sign-in (browser or e-CPS app).
    #[error("the Pro Santé Connect sign-in was refused or cancelled")]
    PscDenied,
    /// Nobody finished the sign-in in time (the loopback wait, or CIBA's expires_in).
    #[error("the Pro Santé Connect sign-in was not finished in time")]
    PscSignInExpired,
    /// The refresh token is no longer valid: only a new sign-in opens the mailbox again
    /// (ECO.1.2.6). A network failure while refreshing is not this.
    #[error("the Pro Santé Connect session has ended")]
    PscSessionEnded,
    /// The token is another practitioner's than the one the account is bound to (a CPS
    /// card or e-CPS swap).
    #[error("the Pro Santé Connect token belongs to another practitioner than this account's")]
    PscWrongPractitioner,
    /// Another installation revoked this one's access to the account ("Appareils"): its
    /// secrets here are forgotten and it connects again only after the user signs in to it.
    #[error("this device's access to the account was revoked")]
    DeviceRevoked,
    /// No desktop notification service answers on this session (no D-Bus session, no
    /// notification daemon). The detail names the service's error, never the text shown.
    #[error("no desktop notification service: {0}")]
    NoNotificationService(String),
    /// The update server's address is not one the app may ask: not `https://`, no server
    /// named, or credentials in it.
    #[error("update server address refused: {0}")]
    UpdateServer(String),
    /// The practice turned update checks off: no server is asked, not even on the button.
    #[error("update checks are turned off")]
    UpdatesOff,
    /// The update server could not be reached, or answered with no manifest or no file.
    #[error("update server: {0}")]
    UpdateUnavailable(String),
    /// The downloaded update does not carry the app's signature (changed after signing,
    /// signed with another key, signed for another version): nothing was installed.
    #[error("update refused: {0}")]
    UpdateRefused(String),
    /// The verified update could not be put in place of the app (rights, disk): the running
    /// app is unchanged.
    #[error("update not installed: {0}")]
    UpdateInstall(String),
}

/// Stable codes shared with the UI (generated into `ui/src/lib/bindings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    InvalidInput,
    Io,
    Network,
    Tls,
    Certificate,
    CertificateExpired,
    CertificateRevoked,
    AuthFailed,
    Unsupported,
    Server,
    Timeout,
    Store,
    StoreKey,
    StoreTooNew,
    Keyring,
    NotFound,
    DirectoryFile,
    DirectoryWriteRefused,
    SharedAccessRefused,
    SharedAdminRefused,
    NoOperatorDirectory,
    DirectoryPscUnsupported,
    SharedPscUnsupported,
    DirectoryDownload,
    SieveScriptRefused,
    Busy,
    Internal,
    Card,
    PinWrong,
    CardBlocked,
    PinFormat,
    PinRequired,
    CardNotCps,
    CardOtherHolder,
    CardRemoved,
    SignedOut,
    SessionLocked,
    Psc,
    PscDenied,
    PscSignInExpired,
    PscSessionEnded,
    PscWrongPractitioner,
    DeviceRevoked,
    NoNotificationService,
    UpdateServer,
    UpdatesOff,
    UpdateUnavailable,
    UpdateRefused,
    UpdateInstall,
}

impl EngineError {
    pub fn code(&self) -> ErrorCode {
        match self {
            EngineError::InvalidInput(_) | EngineError::Refused(_) => ErrorCode::InvalidInput,
            EngineError::Profile { .. } | EngineError::File { .. } => ErrorCode::Io,
            EngineError::Connect { .. } | EngineError::ConnectionLost(_) => ErrorCode::Network,
            EngineError::Tls { .. } => ErrorCode::Tls,
            EngineError::Certificate(_) => ErrorCode::Certificate,
            EngineError::CertificateExpired(_) => ErrorCode::CertificateExpired,
            EngineError::CertificateRevoked(_) => ErrorCode::CertificateRevoked,
            EngineError::AuthFailed => ErrorCode::AuthFailed,
            EngineError::Unsupported(_) => ErrorCode::Unsupported,
            EngineError::NoNotificationService(_) => ErrorCode::NoNotificationService,
            EngineError::Server(_) => ErrorCode::Server,
            EngineError::Timeout(_) => ErrorCode::Timeout,
            EngineError::Store(_) => ErrorCode::Store,
            EngineError::StoreFile(_) => ErrorCode::Io,
            EngineError::StoreTooNew { .. } => ErrorCode::StoreTooNew,
            EngineError::StoreKey => ErrorCode::StoreKey,
            EngineError::Keyring(_) => ErrorCode::Keyring,
            EngineError::NotFound(_) => ErrorCode::NotFound,
            EngineError::DirectoryFile(_) => ErrorCode::DirectoryFile,
            EngineError::DirectoryWriteRefused(_) => ErrorCode::DirectoryWriteRefused,
            EngineError::SharedAccessRefused(_) => ErrorCode::SharedAccessRefused,
            EngineError::SharedAdminRefused(_) => ErrorCode::SharedAdminRefused,
            EngineError::NoOperatorDirectory => ErrorCode::NoOperatorDirectory,
            EngineError::DirectoryPscUnsupported => ErrorCode::DirectoryPscUnsupported,
            EngineError::SharedPscUnsupported => ErrorCode::SharedPscUnsupported,
            EngineError::DirectoryDownload(_) => ErrorCode::DirectoryDownload,
            EngineError::SieveScriptRefused(_) => ErrorCode::SieveScriptRefused,
            EngineError::Busy => ErrorCode::Busy,
            EngineError::Internal(_) => ErrorCode::Internal,
            EngineError::Card(_) => ErrorCode::Card,
            EngineError::PinWrong { .. } => ErrorCode::PinWrong,
            EngineError::CardBlocked => ErrorCode::CardBlocked,
            EngineError::PinFormat { .. } => ErrorCode::PinFormat,
            EngineError::PinRequired => ErrorCode::PinRequired,
            EngineError::CardNotCps => ErrorCode::CardNotCps,
            EngineError::CardOtherHolder => ErrorCode::CardOtherHolder,
            EngineError::CardRemoved => ErrorCode::CardRemoved,
            EngineError::SignedOut => ErrorCode::SignedOut,
            EngineError::SessionLocked => ErrorCode::SessionLocked,
            EngineError::Psc(_) => ErrorCode::Psc,
            EngineError::PscDenied => ErrorCode::PscDenied,
            EngineError::PscSignInExpired => ErrorCode::PscSignInExpired,
            EngineError::PscSessionEnded => ErrorCode::PscSessionEnded,
            EngineError::DeviceRevoked => ErrorCode::DeviceRevoked,
            EngineError::PscWrongPractitioner => ErrorCode::PscWrongPractitioner,
            EngineError::UpdateServer(_) => ErrorCode::UpdateServer,
            EngineError::UpdatesOff => ErrorCode::UpdatesOff,
            EngineError::UpdateUnavailable(_) => ErrorCode::UpdateUnavailable,
            EngineError::UpdateRefused(_) => ErrorCode::UpdateRefused,
            EngineError::UpdateInstall(_) => ErrorCode::UpdateInstall,
        }
    }
}

/// What crosses to the UI when a command fails.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// Sentences the user can act on (a refused message's problems); empty for other
    /// errors, whose code is enough.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Text>>")]
    pub details: Vec<Text>,
}

fn refused_detail(problems: &[Text]) -> String {
    problems.iter().map(|p| p.say(Lang::En)).collect::<Vec<_>>().join(" ")
}

impl From<rusqlite::Error> for EngineError {
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => EngineError::StoreKey,
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => EngineError::Busy,
            Some(
                rusqlite::ErrorCode::DiskFull
                | rusqlite::ErrorCode::ReadOnly
                | rusqlite::ErrorCode::CannotOpen
                | rusqlite::ErrorCode::PermissionDenied
                | rusqlite::ErrorCode::SystemIoFailure,
            ) => EngineError::StoreFile(err.to_string()),
            _ => EngineError::Store(err.to_string()),
        }
    }
}

impl From<EngineError> for AppError {
    fn from(err: EngineError) -> Self {
        AppError::from(&err)
    }
}

impl From<&EngineError> for AppError {
    fn from(err: &EngineError) -> Self {
        let details = match err {
            EngineError::Refused(problems) => problems.clone(),
            // The window says how many tries are left, which the code alone cannot.
            EngineError::PinWrong { .. } | EngineError::PinFormat { .. } => vec![crate::catalogue::error_text(err)],
            _ => Vec::new(),
        };
        AppError { code: err.code(), message: err.to_string(), details }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_the_ui_expects() {
        let err = AppError::from(EngineError::AuthFailed);
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "auth_failed");
        assert_eq!(json["message"], "the server refused the credentials");
    }

    #[test]
    fn a_store_file_that_cannot_be_written_is_a_file_problem_not_a_damaged_store() {
        use rusqlite::ffi;
        for code in [ffi::SQLITE_FULL, ffi::SQLITE_READONLY, ffi::SQLITE_CANTOPEN, ffi::SQLITE_PERM, ffi::SQLITE_IOERR] {
            let err = EngineError::from(rusqlite::Error::SqliteFailure(ffi::Error::new(code), None));
            assert_eq!(err.code(), ErrorCode::Io, "SQLite code {code}");
        }
        let err = EngineError::from(rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_NOTADB), None));
        assert_eq!(err.code(), ErrorCode::StoreKey);
    }
}
