//! What the compose window hands to the engine, and what comes out of it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::types::{AccountKind, Attachment, ComposeMode, Sender};

/// A message as the practitioner writes it; [`super::validate`] checks it, [`super::build`]
/// makes the MIME message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct Composition {
    pub mode: ComposeMode,
    pub from: Sender,
    /// Addresses, or `Name <address>`; an entry may also hold several separated by `,` or `;`.
    pub to: Vec<String>,
    pub cc: Vec<String>,
    /// Patient mode: the INS as typed (spaces allowed), or the patient's address.
    pub patient_ins: Option<String>,
    pub subject: String,
    /// The text/plain part. When empty and `body_html` is set, it is made from the HTML.
    pub body_text: String,
    pub body_html: Option<String>,
    pub attachments: Vec<Attachment>,
    /// Message-IDs without angle brackets.
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    /// Pro mode only: patient messages always ask for one.
    pub request_read_receipt: bool,
    /// Patient mode: "clore l'échange", the patient can no longer reply.
    pub close_exchange: bool,
}

impl Composition {
    /// The patient rules, whichever door wrote the message: a patient is always asked for a
    /// read receipt; only an exchange with a patient can be closed.
    pub fn with_mode_rules(mut self) -> Self {
        match self.mode {
            ComposeMode::Patient => self.request_read_receipt = true,
            ComposeMode::Pro => self.close_exchange = false,
        }
        self
    }
}

/// A message ready for SMTP and for the Sent folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltMessage {
    /// Without angle brackets, as the store keeps Message-IDs.
    pub message_id: String,
    pub raw: Vec<u8>,
    pub envelope_from: String,
    /// Every recipient once (To and CC), for RCPT TO.
    pub envelope_to: Vec<String>,
    /// `raw.len()`: what the server's SIZE is compared with.
    pub size: u64,
}
