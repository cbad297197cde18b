//! Delivery and read receipts (seed part 1 §3 A and C, part 2 §5 B): the timeline under a
//! sent message, the Sent list's four opening states, the read receipts (MDN) we send when
//! a message asking for one is opened, and which openings deserve a desktop notification.
//!
//! The rules are pure logic; `read_receipt.rs` and `sent.rs` run the use cases over the
//! store, which `Engine` only delegates to.

mod mdn;
mod notices;
mod read_receipt;
mod reports;
#[cfg(test)]
pub(crate) mod samples;
#[cfg(test)]
mod tests;
mod sent;
mod timeline;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Text;

pub use mdn::{build_mdn, decide, mdn_message_id, BuiltMdn, MdnFacts, MdnRequest};
pub use notices::{opening_notice, OpeningNotice, NOTICE_WINDOW_SECS};
pub use read_receipt::Sender;
pub use reports::received_report;
pub use sent::{new_openings, timeline};
pub use timeline::{build_timeline, SentFacts};
// Kept by the store too, which must not depend on the receipt rules.
pub use crate::types::{MdnPolicy, OpenState};

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
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct TimelineEvent {
    /// Unix seconds; none for "no information" lines.
    #[ts(type = "number | null")]
    pub at: Option<i64>,
    /// None for the sending itself.
    pub recipient: Option<String>,
    pub kind: TimelineKind,
    /// What happened, without the date (each door writes `at` its own way).
    pub text: Text,
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

impl TimelineKind {
    /// As the UI gets it, and in the catalogue's keys (`timeline-…`).
    pub fn as_str(self) -> &'static str {
        match self {
            TimelineKind::Sent => "sent",
            TimelineKind::Delivered => "delivered",
            TimelineKind::Relayed => "relayed",
            TimelineKind::Expanded => "expanded",
            TimelineKind::Delayed => "delayed",
            TimelineKind::DeliveryFailed => "delivery_failed",
            TimelineKind::Opened => "opened",
            TimelineKind::Deleted => "deleted",
            TimelineKind::Processed => "processed",
            TimelineKind::ReceiptError => "receipt_error",
            TimelineKind::OpenUnknown => "open_unknown",
        }
    }
}
