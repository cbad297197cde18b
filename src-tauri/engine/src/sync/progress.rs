use serde::Serialize;
use ts_rs::TS;

use crate::catalogue::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncPhase {
    /// Waiting for another Medimail process to finish its sync.
    Waiting,
    Connecting,
    /// Sending local changes (moves, flags, deletions) to the server.
    Applying,
    /// Checking every folder for changes.
    Checking,
    /// Downloading new messages: `done` of `total`.
    Downloading,
    Done,
}

/// What a progress bar needs.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct SyncProgress {
    pub account: String,
    pub phase: SyncPhase,
    pub folder: Option<String>,
    pub done: u32,
    pub total: u32,
}

/// The result of one complete pass over an account.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct SyncReport {
    pub account: String,
    pub folders: u32,
    /// New messages stored.
    pub fetched: u32,
    /// Messages whose flags or place changed.
    pub updated: u32,
    /// Messages now kept only here (no longer on the server).
    pub archived: u32,
    /// Local changes applied on the server.
    pub applied: u32,
    /// Messages in the store for this account.
    #[ts(type = "number")]
    pub total: u64,
    /// Whether this pass waited for another process's sync.
    pub waited: bool,
    /// Changes made here that the server refused for good, each undone here: what the
    /// user must be told.
    pub refused: Vec<Text>,
}

pub type ProgressFn = dyn Fn(SyncProgress) + Send + Sync;
