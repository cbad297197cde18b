//! Delivery and read receipts (seed part 1 §3 A and C, part 2 §5 B): the timeline under a
//! sent message, the Sent list's four opening states, the read receipts (MDN) we send when
//! a message asking for one is opened, and which openings deserve a desktop notification.
//!
//! Pure logic: the store gathers the facts, `Engine` runs the use cases.

mod mdn;
mod notices;
mod reports;
#[cfg(test)]
pub(crate) mod samples;
#[cfg(test)]
mod tests;
mod timeline;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use mdn::{build_mdn, decide, mdn_message_id, BuiltMdn, MdnFacts, MdnRequest};
pub use notices::{opening_notice, OpeningNotice, NOTICE_WINDOW_SECS};
pub use reports::received_report;
pub use timeline::{build_timeline, SentFacts};

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

/// What opening a message did about its read receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MdnDecision {
    /// A read receipt left (or waits in the outbox, offline).
    Sent,
    /// The sender asked for one and the policy is "ask" (or the request looks odd): the UI
    /// asks, then calls `send_read_receipt`.
    AskUser,
    /// The message asks for none (or is ours, or is itself a report).
    NotRequested,
    /// One was already sent for this message: never twice.
    AlreadySent,
    /// The policy is "never".
    Never,
}

/// The timeline under a sent message, as the seed shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct Timeline {
    /// The store's id of the sent message.
    #[ts(type = "number")]
    pub id: i64,
    /// Its Message-ID, without angle brackets.
    pub message_id: Option<String>,
    pub open_state: OpenState,
    pub events: Vec<TimelineEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct TimelineEvent {
    /// Unix seconds; none for "no information" lines.
    #[ts(type = "number | null")]
    pub at: Option<i64>,
    /// None for the sending itself.
    pub recipient: Option<String>,
    pub kind: TimelineKind,
    /// Ready to show: « 12/03/2025 15:44 : Envoi du message ».
    pub text_fr: String,
    pub text_en: String,
    /// The server's reply for a delivery problem, or a receipt's error.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TimelineKind {
    Sent,
    Delivered,
    /// Handed to the recipient's server (Postfix says so when delivering over LMTP).
    Relayed,
    Expanded,
    Delayed,
    DeliveryFailed,
    Opened,
    /// Deleted without being opened.
    Deleted,
    /// Processed or forwarded by a program, not opened by a person.
    Processed,
    /// The recipient's program reported an error, or refused to say.
    ReceiptError,
    /// « Information sur l'ouverture du message non disponible pour … »
    OpenUnknown,
}
