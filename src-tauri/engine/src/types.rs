//! Plain types the engine hands to both front doors (and, through ts-rs, to the UI).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bytes_base64;
use super::{EngineError, Result};

/// The seed's "tri par couleur de drapeau": a flagged message carries one colour, kept on
/// the server as keyword `$label1`…`$label5` next to `\Flagged`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum FlagColor {
    Red,
    Orange,
    Yellow,
    Green,
    Blue,
}

impl FlagColor {
    pub const ALL: [FlagColor; 5] = [FlagColor::Red, FlagColor::Orange, FlagColor::Yellow, FlagColor::Green, FlagColor::Blue];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagColor::Red => "red",
            FlagColor::Orange => "orange",
            FlagColor::Yellow => "yellow",
            FlagColor::Green => "green",
            FlagColor::Blue => "blue",
        }
    }

    pub fn parse(s: &str) -> Option<FlagColor> {
        FlagColor::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The IMAP keyword (Thunderbird's convention, understood by most webmails).
    pub fn keyword(self) -> &'static str {
        match self {
            FlagColor::Red => "$label1",
            FlagColor::Orange => "$label2",
            FlagColor::Yellow => "$label3",
            FlagColor::Green => "$label4",
            FlagColor::Blue => "$label5",
        }
    }

    pub fn from_keyword(keyword: &str) -> Option<FlagColor> {
        FlagColor::ALL
            .into_iter()
            .find(|c| c.keyword().eq_ignore_ascii_case(keyword))
    }
}

/// A special-use folder (RFC 6154) or the INBOX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum FolderRole {
    Inbox,
    Sent,
    Drafts,
    Trash,
    Junk,
    Archive,
}

impl FolderRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FolderRole::Inbox => "inbox",
            FolderRole::Sent => "sent",
            FolderRole::Drafts => "drafts",
            FolderRole::Trash => "trash",
            FolderRole::Junk => "junk",
            FolderRole::Archive => "archive",
        }
    }

    pub fn parse(s: &str) -> Option<FolderRole> {
        [FolderRole::Inbox, FolderRole::Sent, FolderRole::Drafts, FolderRole::Trash, FolderRole::Junk, FolderRole::Archive]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct Folder {
    #[ts(type = "number")]
    pub id: i64,
    pub account: String,
    pub name: String,
    pub role: Option<FolderRole>,
    pub on_server: bool,
    pub total: u32,
    pub unread: u32,
    pub archived: u32,
}

#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct MessageSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub account: String,
    pub message_id: Option<String>,
    pub folder: String,
    pub from: Option<String>,
    pub from_name: Option<String>,
    /// Each recipient as shown ("Name <addr>"): the doors never split a list again.
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    /// Unix seconds (the Date header, or the server's arrival time when missing).
    #[ts(type = "number | null")]
    pub date: Option<i64>,
    pub seen: bool,
    pub flagged: bool,
    pub flag_color: Option<FlagColor>,
    pub has_attachments: bool,
    pub on_server: bool,
    pub size: u32,
    /// Sent folder only: whether the recipients opened it (seed part 1 §3 C).
    pub open_state: Option<OpenState>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SortKey {
    Date,
    From,
    Subject,
    Flag,
    Attachment,
    Read,
}

impl std::str::FromStr for SortKey {
    type Err = EngineError;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "date" => Ok(SortKey::Date),
            "from" => Ok(SortKey::From),
            "subject" => Ok(SortKey::Subject),
            "flag" => Ok(SortKey::Flag),
            "attachment" => Ok(SortKey::Attachment),
            "read" => Ok(SortKey::Read),
            other => Err(EngineError::InvalidInput(format!("unknown sort key {other:?}"))),
        }
    }
}

/// Which messages a list shows with respect to the archive rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Presence {
    #[default]
    All,
    OnServer,
    Archived,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct ListQuery {
    pub account: Option<String>,
    pub folder: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub limit: u32,
    pub offset: u32,
    pub presence: Presence,
    /// "Toutes les boîtes de réception": the INBOX of every account here, one list
    /// (`account` and `folder` are then not read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub all_inboxes: Option<bool>,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            account: None,
            folder: None,
            sort: SortKey::Date,
            descending: true,
            limit: 100,
            offset: 0,
            presence: Presence::All,
            all_inboxes: None,
        }
    }
}

/// Whether the app is in touch with the mail server, as the status bar says it
/// ("En ligne", "Connexion…", "Hors ligne").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectionState {
    #[default]
    Offline,
    Connecting,
    Online,
}

// What a draft and an account are made of: written by compose/ and drafts/, kept by the
// store, which must not depend on the compose rules.

/// "Nouveau message Pro" or "Nouveau message Patient".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ComposeMode {
    #[default]
    Pro,
    Patient,
}

/// The seed's four Medimail account types (part 2 §1 "Activité").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AccountKind {
    /// A health professional with an RPPS number.
    Personnel,
    /// A professional waiting for an RPPS number (interns, foreign doctors).
    Interne,
    /// No RPPS and no MSSanté address.
    Medimail,
    /// A shared (organisational) mailbox.
    Organisationnel,
}

impl AccountKind {
    /// The seed: only individual accounts with an RPPS number and organisational mailboxes.
    pub fn may_write_to_patients(self) -> bool {
        matches!(self, AccountKind::Personnel | AccountKind::Organisationnel)
    }
}

/// How an account signs in (seed, "Identifiants de connexion").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AuthMethod {
    /// An address and a password, the password in the OS keyring.
    Password,
    /// The CPS card in a reader and its PIN: TLS client authentication, then SASL EXTERNAL.
    Card,
    /// Pro Santé Connect (e-CPS): an OpenID Connect token, then SASL XOAUTH2.
    Psc,
}

impl AuthMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::Password => "password",
            AuthMethod::Card => "card",
            AuthMethod::Psc => "psc",
        }
    }
}

impl std::str::FromStr for AuthMethod {
    type Err = crate::EngineError;

    fn from_str(s: &str) -> crate::Result<Self> {
        match s {
            "password" => Ok(AuthMethod::Password),
            "card" => Ok(AuthMethod::Card),
            "psc" => Ok(AuthMethod::Psc),
            other => Err(crate::EngineError::InvalidInput(format!("unknown sign-in method {other:?} (password, card or psc)"))),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct Sender {
    pub address: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "ComposeAttachment")]
pub struct Attachment {
    pub file_name: String,
    /// E.g. `application/pdf`; anything unreadable is sent as `application/octet-stream`.
    pub mime_type: String,
    /// Base64 in JSON: drafts and the UI carry the file itself, not a path that may vanish.
    #[serde(with = "bytes_base64")]
    #[ts(type = "string")]
    pub content: Vec<u8>,
    /// Set for an image shown in the HTML body as `cid:<id>`.
    pub inline_content_id: Option<String>,
}

// The receipts' states and policy, which the store keeps and reads back.

/// The Sent list's four states (seed part 1 §3 C), shown on Sent folder items only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OpenState {
    /// « Tous les destinataires ont ouvert le message. »
    AllOpened,
    /// « Au moins un des destinataires a ouvert le message. » Also when a recipient could
    /// not be reached: they did not open it, and the sender must not be told they all did.
    SomeOpened,
    /// « Aucun des destinataires n'a ouvert le message. » A read receipt was asked for.
    NoneOpened,
    /// « Medimail n'a pas d'information sur l'ouverture de votre message. » None was asked for.
    NoInformation,
}

impl OpenState {
    pub fn as_str(self) -> &'static str {
        match self {
            OpenState::AllOpened => "all_opened",
            OpenState::SomeOpened => "some_opened",
            OpenState::NoneOpened => "none_opened",
            OpenState::NoInformation => "no_information",
        }
    }

    pub fn parse(s: &str) -> Option<OpenState> {
        [OpenState::AllOpened, OpenState::SomeOpened, OpenState::NoneOpened, OpenState::NoInformation]
            .into_iter()
            .find(|state| state.as_str() == s)
    }

    /// From what is known of one sent message: `recipients` it was sent to (None when
    /// unknown), how many of them `opened` it, and whether a read receipt was asked for.
    pub fn compute(recipients: Option<usize>, opened: usize, mdn_requested: bool) -> OpenState {
        match (opened, recipients) {
            (0, _) if mdn_requested => OpenState::NoneOpened,
            (0, _) => OpenState::NoInformation,
            (n, Some(total)) if n >= total => OpenState::AllOpened,
            _ => OpenState::SomeOpened,
        }
    }
}

/// What to do with read receipts asked of us (seed: always, ask, never; default ask).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MdnPolicy {
    Always,
    #[default]
    Ask,
    Never,
}

impl MdnPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            MdnPolicy::Always => "always",
            MdnPolicy::Ask => "ask",
            MdnPolicy::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<MdnPolicy> {
        match s.trim().to_ascii_lowercase().as_str() {
            "always" | "toujours" => Some(MdnPolicy::Always),
            "ask" | "demander" => Some(MdnPolicy::Ask),
            "never" | "jamais" => Some(MdnPolicy::Never),
            _ => None,
        }
    }
}

/// A draft in the list: a local one (`id`), or one made elsewhere that sync found in the
/// Drafts folder (`message`, the store's message id) and that opening takes over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct DraftInfo {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number | null")]
    pub message: Option<i64>,
    pub account: String,
    pub mode: ComposeMode,
    pub subject: String,
    /// As typed: addresses, or the patient's INS.
    pub recipients: Vec<String>,
    pub attachment_count: u32,
    #[ts(type = "number | null")]
    pub signature_id: Option<i64>,
    #[ts(type = "number | null")]
    pub updated_at: Option<i64>,
    /// A newer version waits to be copied to the server's Drafts folder (at the next sync).
    pub server_pending: bool,
}
