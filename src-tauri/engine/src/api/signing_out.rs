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
        self.signed_out.store(true, std::sync::atomic::Ordering::SeqCst);
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
        use secrecy::ExposeSecret;
        let account = self.store()?.account_by_email(email)?;
        if account.auth != AuthMethod::Password {
            return Err(EngineError::InvalidInput(format!("{email} does not sign in with a password")));
        }
        let kept = secrets::password(self.profile.dir(), &account.email)?;
        let (a, b) = (kept.expose_secret().as_bytes(), password.expose_secret().as_bytes());
        // Same time whatever the first differing byte.
        let same = a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
        if !same {
            return Err(EngineError::AuthFailed);
        }
        self.signed_out.store(false, std::sync::atomic::Ordering::SeqCst);
        tracing::info!("signed in with a password");
        Ok(())
    }
}
