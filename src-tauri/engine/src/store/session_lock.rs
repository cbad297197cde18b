//! How long the window may stay unused before it locks (issue 16), kept with the settings.

use super::Store;
use crate::Result;

const SETTING_LOCK_AFTER_MINUTES: &str = "lock_after_minutes";

/// A practice desktop is shared: the window locks after this long unused unless the user
/// chose otherwise.
pub const DEFAULT_LOCK_AFTER_MINUTES: u32 = 10;

impl Store {
    /// None: never locks by itself.
    pub fn lock_after_minutes(&self) -> Result<Option<u32>> {
        Ok(match self.setting(SETTING_LOCK_AFTER_MINUTES)? {
            None => Some(DEFAULT_LOCK_AFTER_MINUTES),
            Some(value) => value.parse::<u32>().ok().filter(|m| *m > 0),
        })
    }

    pub fn set_lock_after_minutes(&mut self, minutes: Option<u32>) -> Result<()> {
        self.set_setting(SETTING_LOCK_AFTER_MINUTES, &minutes.unwrap_or(0).to_string())
    }
}
