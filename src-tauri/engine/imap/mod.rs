//! Everything that speaks IMAP. One file per operation.

mod connect;

pub use connect::{connect, ImapSession};
