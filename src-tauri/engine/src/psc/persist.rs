//! The refresh token kept in the OS keyring, so that a new process resumes the PSC session
//! without a new sign-in (ECO.1.2.7). Kept with the practitioner it names: a refresh
//! answer need not hold an ID token.

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::claims::Practitioner;
use crate::{secrets, EngineError, Result};

pub(crate) struct Kept {
    pub(crate) refresh_token: SecretString,
    pub(crate) practitioner: Practitioner,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    refresh_token: String,
    practitioner: Practitioner,
}

impl Drop for Stored {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.refresh_token);
    }
}

pub(crate) fn save(profile_dir: &Path, account: &str, refresh: &SecretString, practitioner: &Practitioner) -> Result<()> {
    let stored = Stored { refresh_token: refresh.expose_secret().to_owned(), practitioner: practitioner.clone() };
    let json = Zeroizing::new(serde_json::to_string(&stored).map_err(|e| EngineError::Internal(e.to_string()))?);
    secrets::save_psc_grant(profile_dir, account, &SecretString::from(json.as_str()))
}

/// None when nothing is kept; a kept value that cannot be read is dropped and is none.
pub(crate) fn load(profile_dir: &Path, account: &str) -> Result<Option<Kept>> {
    let Some(grant) = secrets::psc_grant(profile_dir, account)? else {
        return Ok(None);
    };
    match serde_json::from_str::<Stored>(grant.expose_secret()) {
        Ok(stored) => Ok(Some(Kept {
            refresh_token: SecretString::from(stored.refresh_token.as_str()),
            practitioner: stored.practitioner.clone(),
        })),
        Err(_) => {
            tracing::warn!("an unreadable Pro Santé Connect entry was dropped from the keyring");
            forget(profile_dir, account)?;
            Ok(None)
        }
    }
}

/// Forgets the kept PSC session of `account`: at sign-out and when the account is removed.
pub fn forget(profile_dir: &Path, account: &str) -> Result<()> {
    secrets::forget_psc_grant(profile_dir, account)
}
