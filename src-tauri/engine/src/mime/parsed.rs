//! What parsing a message gives: the fields the store, the list and search need, and the
//! notes on what was damaged. Apart from `parse.rs` so that its helpers (body, headers,
//! the header scan) use these types without importing the parser that calls them.

/// Searchable text beyond this is dropped; no letter or report comes near it.
pub const BODY_TEXT_CAP: usize = 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedMessage {
    /// Without angle brackets; `None` when absent or empty.
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// Unix seconds from the Date header; `None` when missing or unparseable.
    pub date: Option<i64>,
    /// The first From address.
    pub from: Option<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub reply_to: Vec<Address>,
    /// Decoded, as shown: without the `XDM/1.0/DDM+` prefix of a structured message.
    /// Empty when missing.
    pub subject: String,
    /// Readable text for search: the text/plain parts, or the HTML as text when there is no
    /// plain part. At most [`BODY_TEXT_CAP`] bytes.
    pub body_text: String,
    pub attachments: Vec<AttachmentInfo>,
    /// A non-inline attachment exists (images shown in the body and report parts don't count).
    pub has_attachments: bool,
    pub disposition_notification_to: Option<Address>,
    pub is_report: Option<ReportKind>,
    /// Short technical notes on what was malformed; never message content.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub name: Option<String>,
    pub email: String,
}

impl Address {
    pub fn display(&self) -> String {
        match &self.name {
            Some(name) => format!("{name} <{}>", self.email),
            None => self.email.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    /// Decoded (RFC 2047 and RFC 2231); for a forwarded message, its subject.
    pub name: Option<String>,
    /// Lower case, e.g. `application/pdf`.
    pub mime_type: String,
    /// Decoded size in bytes.
    pub size: u64,
    /// Shown inside the HTML body through its Content-ID rather than offered as a file.
    pub is_inline: bool,
    /// Without angle brackets.
    pub content_id: Option<String>,
}

/// `multipart/report` kinds; later work reads their machine-readable parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    DeliveryStatus,
    DispositionNotification,
}

/// Damage notes, deduplicated and bounded so that a hostile message cannot grow them.
#[derive(Default)]
pub(crate) struct Problems(Vec<String>);

impl Problems {
    const MAX: usize = 32;

    pub(crate) fn note(&mut self, problem: impl Into<String>) {
        let problem = problem.into();
        if self.0.len() < Self::MAX && !self.0.contains(&problem) {
            self.0.push(problem);
        }
    }

    pub(crate) fn into_vec(self) -> Vec<String> {
        self.0
    }
}
