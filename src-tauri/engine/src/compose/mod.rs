//! Writing a message: what the practitioner composed, checked against the MSSanté and Medimail
//! rules, then built as MIME; replies and forwards prepared from an original; the documents of
//! a structured message. Pure: no network, no store.

mod build;
mod original;
mod problems;
mod quote;
mod recipients;
mod reply;
#[cfg(test)]
pub(crate) mod tests;
mod types;
mod validate;
mod xdm;

pub use build::{build, BuildError};
pub use problems::{explain, ComposeProblem, ExplainedProblem, MAX_RECIPIENTS, PATIENT_SIZE_LIMIT};
pub use quote::{display_subject, is_attribution, write_above, MAIL_LANG};
pub use reply::{forward, forward_in, forward_title, reply, reply_in};
pub use types::{AccountKind, Attachment, BuiltMessage, ComposeMode, Composition, Sender};
pub use validate::{estimated_size, validate};
pub use xdm::{read_archive, xdm_documents, XdmDocument, XdmError};
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) use xdm::read_bounded;
