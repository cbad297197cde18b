//! Secrets in the OS keyring (Secret Service, Keychain, Credential Manager): the store's
//! encryption key, account passwords, Pro Santé Connect refresh tokens and the Annuaire Santé
//! FHIR API key. Entries are scoped to the profile folder, so two
//! profiles on one machine never share a key. Nothing here is ever logged.

mod session_cache;

use std::path::Path;

use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};

use super::store::{StoreKey, FILE_NAME};
use super::{EngineError, Result};

const SERVICE: &str = "fr.medimail.desktop";

fn entry(profile_dir: &Path, what: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &user(profile_dir, what)).map_err(keyring_error)
}

fn user(profile_dir: &Path, what: &str) -> String {
    format!("{what}@{}", profile_dir.display())
}

fn cached_key_name(profile_dir: &Path) -> String {
    format!("{SERVICE}:{}", user(profile_dir, "store-key"))
}

/// The store key as last read from the keyring by this login session, if that was less
/// than ten minutes ago (Linux; see `session_cache`). Only for a store that exists: a new
/// store's key must be created in the keyring itself. A copy that no longer opens the
/// store is dropped with [`forget_cached_store_key`].
pub fn cached_store_key(profile_dir: &Path) -> Option<StoreKey> {
    let exists = std::fs::metadata(profile_dir.join(FILE_NAME)).is_ok_and(|m| m.len() > 0);
    if !exists {
        return None;
    }
    let key: [u8; 32] = session_cache::get(&cached_key_name(profile_dir))?.try_into().ok()?;
    Some(StoreKey(key))
}

/// Keeps a copy of a key that has just opened the store.
pub fn cache_store_key(profile_dir: &Path, key: &StoreKey) {
    session_cache::put(&cached_key_name(profile_dir), &key.0);
}

pub fn forget_cached_store_key(profile_dir: &Path) {
    session_cache::forget(&cached_key_name(profile_dir));
}

fn keyring_error(err: keyring::Error) -> EngineError {
    match err {
        keyring::Error::NoStorageAccess(e) | keyring::Error::PlatformFailure(e) => {
            EngineError::Keyring(format!("the keyring cannot be reached: {e}"))
        }
        other => EngineError::Keyring(other.to_string()),
    }
}

/// The store's key, created on first use. An existing store whose key is missing is an
/// error, never a reason to start a new, empty store.
pub fn store_key(profile_dir: &Path) -> Result<StoreKey> {
    let entry = entry(profile_dir, "store-key")?;
    match entry.get_password() {
        Ok(hex_key) => decode_key(&hex_key),
        Err(keyring::Error::NoEntry) => {
            if profile_dir.join(FILE_NAME).exists() {
                return Err(EngineError::StoreKey);
            }
            let mut key = [0u8; 32];
            rand::rng().fill_bytes(&mut key);
            entry.set_password(&hex::encode(key)).map_err(keyring_error)?;
            tracing::info!("created a new store key in the keyring");
            Ok(StoreKey(key))
        }
        Err(other) => Err(keyring_error(other)),
    }
}

fn decode_key(hex_key: &str) -> Result<StoreKey> {
    let bytes = hex::decode(hex_key.trim()).map_err(|_| EngineError::StoreKey)?;
    let key: [u8; 32] = bytes.try_into().map_err(|_| EngineError::StoreKey)?;
    Ok(StoreKey(key))
}

pub fn save_password(profile_dir: &Path, account: &str, password: &SecretString) -> Result<()> {
    entry(profile_dir, &format!("password:{account}"))?
        .set_password(password.expose_secret())
        .map_err(keyring_error)
}

pub fn password(profile_dir: &Path, account: &str) -> Result<SecretString> {
    match entry(profile_dir, &format!("password:{account}"))?.get_password() {
        Ok(password) => Ok(SecretString::from(password)),
        Err(keyring::Error::NoEntry) => Err(EngineError::Keyring(format!(
            "no password saved for {account}: add the account again"
        ))),
        Err(other) => Err(keyring_error(other)),
    }
}

pub fn forget_password(profile_dir: &Path, account: &str) -> Result<()> {
    match entry(profile_dir, &format!("password:{account}"))?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(other) => Err(keyring_error(other)),
    }
}

/// What resumes a Pro Santé Connect session (its refresh token, with who it names), as the
/// `psc` module writes it. Never the access token (ECO.1.2.5).
pub fn save_psc_grant(profile_dir: &Path, account: &str, grant: &SecretString) -> Result<()> {
    entry(profile_dir, &format!("psc:{account}"))?
        .set_password(grant.expose_secret())
        .map_err(keyring_error)
}

pub fn psc_grant(profile_dir: &Path, account: &str) -> Result<Option<SecretString>> {
    match entry(profile_dir, &format!("psc:{account}"))?.get_password() {
        Ok(grant) => Ok(Some(SecretString::from(grant))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(other) => Err(keyring_error(other)),
    }
}

pub fn forget_psc_grant(profile_dir: &Path, account: &str) -> Result<()> {
    match entry(profile_dir, &format!("psc:{account}"))?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(other) => Err(keyring_error(other)),
    }
}

/// The Annuaire Santé FHIR API's key (`ESANTE-API-KEY`), for the online directory source.
pub fn save_fhir_key(profile_dir: &Path, key: &SecretString) -> Result<()> {
    entry(profile_dir, "esante-api-key")?.set_password(key.expose_secret()).map_err(keyring_error)
}

pub fn fhir_key(profile_dir: &Path) -> Result<Option<SecretString>> {
    match entry(profile_dir, "esante-api-key")?.get_password() {
        Ok(key) => Ok(Some(SecretString::from(key))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(other) => Err(keyring_error(other)),
    }
}

pub fn forget_fhir_key(profile_dir: &Path) -> Result<()> {
    match entry(profile_dir, "esante-api-key")?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(other) => Err(keyring_error(other)),
    }
}
