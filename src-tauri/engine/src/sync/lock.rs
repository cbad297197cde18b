//! One sync at a time per profile, across processes (the open app and a scheduled
//! `medimail sync`): an OS file lock, released when the process ends, even by kill -9.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::{EngineError, Result};

pub struct SyncLock {
    _file: File,
}

/// Takes the profile's sync lock; if another process holds it, calls `on_wait` once and
/// waits for it.
pub async fn acquire(profile_dir: &Path, on_wait: impl FnOnce()) -> Result<SyncLock> {
    let path = profile_dir.join("sync.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| EngineError::File { path: path.clone(), source })?;
    match file.try_lock() {
        Ok(()) => return Ok(SyncLock { _file: file }),
        Err(TryLockError::WouldBlock) => on_wait(),
        Err(TryLockError::Error(source)) => return Err(EngineError::File { path, source }),
    }
    tokio::task::spawn_blocking(move || file.lock().map(|()| file))
        .await
        .map_err(|e| EngineError::Internal(format!("lock task: {e}")))?
        .map(|file| SyncLock { _file: file })
        .map_err(|source| EngineError::File { path, source })
}
