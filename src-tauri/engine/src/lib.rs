//! The engine: everything that is not window or terminal. Both front doors call only this
//! API. Nothing here depends on Tauri.

pub mod account_setup;
pub mod address_list;
pub mod api;
pub mod autoconfig;
pub mod box_signatures;
pub mod card;
mod bytes_base64;
pub mod catalogue;
pub mod compose;
pub mod devices;
pub mod directory;
#[cfg(test)]
mod constants;
pub mod drafts;
pub mod error;
pub mod export;
pub mod folder_names;
pub mod extract;
mod failpoint;
/// The fuzz targets' bodies: built for `fuzz/` (feature `fuzzing`) and for the tests that
/// replay its corpus and regressions, never for a build users get.
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod imap;
pub mod info;
pub mod logging;
pub mod mime;
pub mod net;
pub mod notify;
pub mod outbox;
pub mod patient;
pub mod print;
pub mod profile;
pub mod psc;
pub mod reading;
pub mod receipts;
pub mod sasl;
pub mod secrets;
pub mod server;
pub mod sign_in;
pub mod sieve;
pub mod signatures;
pub mod smtp;
pub mod store;
pub mod sync;
pub mod tls;
pub mod types;
pub mod window_layout;
pub mod writing;

pub use api::Engine;
pub use catalogue::{describe_error, Lang, Text, TextArg};
pub use error::{AppError, EngineError, ErrorCode, Result};
pub use info::AppInfo;
pub use profile::Profile;
