//! MIME: raw RFC 5322 bytes into what the store and the message list need.

mod body;
mod charset;
pub mod cda;
pub mod display;
pub mod file_type;
mod fallback;
mod flat_drop;
mod hash;
mod headers;
mod parse;
mod parsed;
mod report;
mod structured;
#[cfg(test)]
mod tests;

pub use body::is_report_part;
pub(crate) use flat_drop::FlatDrop;
pub use hash::content_hash;
pub use parse::parse;
pub use parsed::{Address, AttachmentInfo, ParsedMessage, ReportKind, BODY_TEXT_CAP};
pub use report::{
    original_recipient, parse_report, return_path, DeliveryAction, DeliveryReport, Disposition, DispositionKind, DispositionReport, RecipientStatus,
    Report,
};
pub use structured::structured_subject;
