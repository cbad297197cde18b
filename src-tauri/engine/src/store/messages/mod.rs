//! Messages: what sync records from the server (`sync_writes`), what the lists and the
//! reader ask for (`queries`), and what the user does locally, each local change planning
//! its server counterpart in the same transaction (`planned`).

mod planned;
mod queries;
mod sync_writes;

use crate::types::FlagColor;

pub use planned::ServerMessageRef;
pub(super) use planned::move_in;
pub use queries::MessageFilter;
pub use sync_writes::{FetchedMessage, Insertion, MessageFields, PreparedMessage, RawCompressor};
pub(in crate::store) use planned::remove_row;
pub(in crate::store) use sync_writes::{insert_new, NewRow};

/// Flags and keywords as the store keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlagState {
    pub seen: bool,
    pub flagged: bool,
    pub answered: bool,
    pub draft: bool,
    pub color: Option<FlagColor>,
    /// Other keywords, as the server spells them.
    pub keywords: Vec<String>,
}
