//! "Se déconnecter" and signing in again: every sign-in (the card's session, Pro Santé
//! Connect's tokens) dropped from memory, no account connecting until the user signs in
//! again, with the card, PSC, or a password account's password.

use super::*;

impl Engine {
    /// Signs out: the card session is dropped, with every connection it opened, the
    /// store key's short-lived copy is forgotten, and no account connects until the next
    /// sign-in (`sign_in_with_card`, `sign_in_with_password`). Nothing that waits to be
    /// sent is touched: drafts and the outbox stay.
    pub async fn sign_out(&self) {
        self.set_signed_out(true);
        self.card.end(CardPhase::SignedOut);
        secrets::forget_cached_store_key(self.profile.dir());
        self.end_psc_sessions().await;
        tracing::info!("signed out");
    }

    pub fn is_signed_out(&self) -> bool {
        self.signed_out.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Signs in again with a password account's password, compared with the keyring's copy
    /// (the server is not needed: the app also works offline).
    pub fn sign_in_with_password(&self, email: &str, password: &SecretString) -> Result<()> {
        let account = self.store()?.account_by_email(email)?;
        if account.auth != AuthMethod::Password {
            return Err(EngineError::InvalidInput(format!("{email} does not sign in with a password")));
        }
        // Its password was forgotten when it was revoked: only the server can check a new one.
        if account.revoked_at.is_some() {
            return Err(EngineError::DeviceRevoked);
        }
        self.check_password(&account, password)?;
        self.set_signed_out(false);
        self.unlock_session();
        tracing::info!("signed in with a password");
        Ok(())
    }

    /// Signed out or in, in memory and in the profile folder, so that a signed-out app
    /// started again stays signed out until someone signs in.
    pub(super) fn set_signed_out(&self, signed_out: bool) {
        self.signed_out.store(signed_out, std::sync::atomic::Ordering::SeqCst);
        let marker = signed_out_marker(self.profile.dir());
        let written = if signed_out { std::fs::write(&marker, b"") } else { std::fs::remove_file(&marker) };
        if let Err(err) = written {
            if err.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(error = %err, "the signed-out marker could not be changed");
            }
        }
    }

    /// A password account's password, compared with the keyring's copy.
    pub(super) fn check_password(&self, account: &AccountRecord, password: &SecretString) -> Result<()> {
        use secrecy::ExposeSecret;
        if account.auth != AuthMethod::Password {
            return Err(EngineError::InvalidInput(format!("{} does not sign in with a password", account.email)));
        }
        let kept = secrets::password(self.profile.dir(), &account.email)?;
        let (a, b) = (kept.expose_secret().as_bytes(), password.expose_secret().as_bytes());
        // Same time whatever the first differing byte.
        let same = a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
        if !same {
            return Err(EngineError::AuthFailed);
        }
        Ok(())
    }

    /// Mail is read only when signed in and unlocked: after "Se déconnecter" neither door
    /// shows any, and the locked window none.
    pub(crate) fn readable(&self) -> Result<()> {
        if self.is_signed_out() {
            return Err(EngineError::SignedOut);
        }
        if self.is_session_locked() {
            return Err(EngineError::SessionLocked);
        }
        Ok(())
    }
}

/// Present while the user is signed out (it holds nothing).
pub(super) fn signed_out_marker(profile_dir: &Path) -> PathBuf {
    profile_dir.join("signed-out")
}
