//! The window locking itself after a while unused, or on "Verrouiller" (issue 16), and
//! unlocking with what proves who signed in: the card's PIN, a password account's
//! password, or, when every account signs in with Pro Santé Connect, a new PSC sign-in of
//! the practitioner the account is bound to. While locked no mail is read by either door
//! (`readable`), and new-mail notifications name no sender. The lock is in memory: a window started again asks for
//! nothing more than before (the store key is in the keyring, as at any start).

use secrecy::SecretString;
use serde::Serialize;
use ts_rs::TS;

use super::*;

/// How the locked window is opened again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum UnlockWith {
    /// The CPS card's PIN: the card's session was ended by the lock, as when it is pulled
    /// out, and the PIN opens it again (`sign_in_with_card`).
    Card,
    /// The password of this account, compared with the keyring's copy (works offline).
    Password { email: String },
    /// Only Pro Santé Connect accounts: the practitioner this account is bound to signs in
    /// again (e-CPS app or browser; `signed_in_with_psc`). Needs PSC to be reachable.
    Psc { email: String },
    /// No account that could prove who is there: the window does not lock.
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SessionLock {
    pub locked: bool,
    pub unlock: UnlockWith,
    /// Minutes without use before the window locks; None: never by itself.
    pub after_minutes: Option<u32>,
}

/// The choices offered in the settings; any other value is refused.
pub const LOCK_AFTER_CHOICES: [u32; 6] = [1, 5, 10, 15, 30, 60];

impl Engine {
    pub fn session_lock(&self) -> Result<SessionLock> {
        Ok(SessionLock {
            locked: self.is_session_locked(),
            unlock: self.unlock_with()?,
            after_minutes: self.store()?.lock_after_minutes()?,
        })
    }

    pub fn set_lock_after_minutes(&self, minutes: Option<u32>) -> Result<SessionLock> {
        if minutes.is_some_and(|m| !LOCK_AFTER_CHOICES.contains(&m)) {
            return Err(EngineError::InvalidInput("not one of the lock delays offered".into()));
        }
        self.store()?.set_lock_after_minutes(minutes)?;
        self.session_lock()
    }

    /// Locks: no mail is read until `unlock_session_with_password` or a card sign-in. A
    /// card's session ends now (the PIN is asked again); sync of password accounts goes on,
    /// and its notifications say only that something arrived.
    pub fn lock_session(&self) -> Result<SessionLock> {
        let unlock = self.unlock_with()?;
        if unlock == UnlockWith::Unavailable {
            return Err(EngineError::Unsupported("locking needs a card or a password account".into()));
        }
        self.session_locked.store(true, std::sync::atomic::Ordering::SeqCst);
        if unlock == UnlockWith::Card {
            self.card.end(CardPhase::Locked);
        }
        tracing::info!("the session is locked");
        self.session_lock()
    }

    pub fn unlock_session_with_password(&self, email: &str, password: &SecretString) -> Result<()> {
        let account = self.store()?.account_by_email(email)?;
        self.check_password(&account, password)?;
        self.unlock_session();
        Ok(())
    }

    pub fn is_session_locked(&self) -> bool {
        self.session_locked.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Any sign-in that proved who is there (the card's PIN, a password) opens the lock.
    pub(super) fn unlock_session(&self) {
        if self.session_locked.swap(false, std::sync::atomic::Ordering::SeqCst) {
            tracing::info!("the session is unlocked");
        }
    }

    /// The card when an account signs in with it, else the default password account's
    /// password (or the first one's).
    fn unlock_with(&self) -> Result<UnlockWith> {
        let accounts = self.store()?.accounts()?;
        if accounts.iter().any(|a| a.auth == AuthMethod::Card) {
            return Ok(UnlockWith::Card);
        }
        let first_of = |auth: AuthMethod| {
            let mut matching: Vec<&AccountRecord> = accounts.iter().filter(|a| a.auth == auth).collect();
            matching.sort_by_key(|a| !a.is_default);
            matching.first().map(|a| a.email.clone())
        };
        if let Some(email) = first_of(AuthMethod::Password) {
            return Ok(UnlockWith::Password { email });
        }
        // Only an account bound to a practitioner: a sign-in proves who is there only when
        // it is checked against someone.
        let bound_psc = accounts
            .iter()
            .filter(|a| a.auth == AuthMethod::Psc && a.practitioner_id.is_some())
            .min_by_key(|a| !a.is_default);
        Ok(match bound_psc {
            Some(account) => UnlockWith::Psc { email: account.email.clone() },
            None => UnlockWith::Unavailable,
        })
    }
}
