//! The Annuaire Santé extraction of MSSanté mailboxes: reading it (`parse.rs`) and loading
//! it into the store (`import.rs`), downloading it from the ANS (`download.rs`).

pub mod download;
pub mod import;
pub mod parse;

pub use import::{import, ImportSummary, SkippedRow};
pub use parse::RowProblem;
