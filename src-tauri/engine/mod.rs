//! The engine: everything that is not window or terminal. Both front doors call only this
//! API. Nothing here depends on Tauri.

pub mod error;
pub mod imap;
pub mod info;
pub mod profile;
pub mod server;
pub mod smtp;
pub mod tls;

pub use error::{AppError, EngineError, ErrorCode, Result};
pub use info::AppInfo;
pub use profile::Profile;
