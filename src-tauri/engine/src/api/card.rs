//! The CPS card: its status (readers, card, holder, PIN tries left, never the PIN itself),
//! and signing in with it: the PIN checked by the card, the session kept in memory until
//! the card is pulled out or the user signs out.

use super::*;
use crate::card::{self, CardSession, CardStatus, Holder};
use crate::sign_in::PhaseWatch;

impl Engine {
    /// What the readers hold now. Never fails: no PC/SC service, no reader, a card that is
    /// not a CPS are states of the answer. Blocking (PC/SC): call it off the async runtime.
    pub fn card_status(&self) -> CardStatus {
        card::card_status()
    }

    /// Signs in with the card in the reader: its PIN is presented to the card (a wrong PIN
    /// is `PinWrong` with the tries left, a blocked card `CardBlocked`). The card must be
    /// the holder's of the card accounts, if there are any. Card accounts work from here
    /// until the card is pulled out (`CardRemoved`) or `sign_out`.
    pub async fn sign_in_with_card(&self, pin: SecretString) -> Result<Holder> {
        let bound: Vec<(String, Option<PathBuf>)> = self
            .store()?
            .accounts()?
            .into_iter()
            .filter(|a| a.auth == AuthMethod::Card)
            .filter_map(|a| Some((a.practitioner_id?, a.ca_file)))
            .collect();
        let session = self.unlock_card(pin, bound, None).await?;
        // The holder's PIN is a new sign-in: an installation revoked from another device
        // may use the holder's accounts again.
        let holder = session.holder().clone();
        let revoked: Vec<i64> = self
            .store()?
            .accounts()?
            .into_iter()
            .filter(|a| a.auth == AuthMethod::Card && a.revoked_at.is_some() && a.practitioner_id.as_deref() == Some(holder.national_id.as_str()))
            .map(|a| a.id)
            .collect();
        for id in revoked {
            self.store()?.clear_revoked(id)?;
        }
        Ok(holder)
    }

    /// Opens the card, checks it, presents the PIN, and keeps the session once accepted.
    /// `bound`: the practitioners the card may belong to, each with the roots its account
    /// trusts (none listed: any CPS, checked against `roots_of_new` when given). A card of
    /// another practitioner, or one whose certificate does not chain to the roots, is
    /// refused before its PIN is asked: it would spend a try for nothing.
    pub(super) async fn unlock_card(
        &self,
        pin: SecretString,
        bound: Vec<(String, Option<PathBuf>)>,
        roots_of_new: Option<PathBuf>,
    ) -> Result<Arc<CardSession>> {
        let session = tokio::task::spawn_blocking(move || -> Result<CardSession> {
            let session = CardSession::open()?;
            let holder = session.holder().national_id.clone();
            let roots = if bound.is_empty() {
                roots_of_new
            } else {
                let (_, roots) = bound.into_iter().find(|(id, _)| *id == holder).ok_or(EngineError::CardOtherHolder)?;
                roots
            };
            tls_policy(roots.as_deref())?.verify_client_chain(session.certificate_der())?;
            session.verify_pin(&pin)?.accepted()?;
            Ok(session)
        })
        .await
        .map_err(|e| EngineError::Internal(format!("the card sign-in stopped: {e}")))??;
        let session = Arc::new(session);
        self.card.unlocked(Arc::clone(&session));
        self.set_signed_out(false);
        self.unlock_session();
        tracing::info!("signed in with the card");
        Ok(session)
    }

    /// "Associer une carte CPS": the account signs in with the card in the reader from now
    /// on, bound to its holder. The PIN is checked by the card, and the server must accept
    /// the card (a login is tried) before anything changes. The password stays in the
    /// keyring, for "désassocier".
    pub async fn associate_card(&self, email: &str, pin: SecretString) -> Result<AccountInfo> {
        let account = self.store()?.account_by_email(email)?;
        let session = self.unlock_card(pin, Vec::new(), account.ca_file.clone()).await?;
        let holder = session.holder().national_id.clone();
        let tls = account_tls(&account)?.with_card(session);
        imap::shielded(async {
            imap::logout(imap::connect(&account.imap, &tls, &Login::ClientCertificate).await?).await;
            Ok(())
        })
        .await?;
        self.store()?.set_sign_in(account.id, AuthMethod::Card, Some(&holder))?;
        tracing::info!("a card was associated with an account");
        Ok(AccountInfo::from(&self.store()?.account_by_id(account.id)?))
    }

    /// "Désassocier": the account signs in with its password again (checked by the server
    /// before anything changes, then kept in the keyring).
    pub async fn dissociate_card(&self, email: &str, password: SecretString) -> Result<AccountInfo> {
        let account = self.store()?.account_by_email(email)?;
        let tls = account_tls(&account)?;
        let login = Login::Password { user: account.login.clone(), password: password.clone() };
        imap::shielded(async {
            imap::logout(imap::connect(&account.imap, &tls, &login).await?).await;
            Ok(())
        })
        .await?;
        secrets::save_password(self.profile.dir(), &account.email, &password)?;
        self.store()?.set_sign_in(account.id, AuthMethod::Password, None)?;
        tracing::info!("a card was dissociated from an account");
        Ok(AccountInfo::from(&self.store()?.account_by_id(account.id)?))
    }

    /// Where the card sign-in stands, and its changes (the window asks for the card again
    /// when it turns to `Locked`).
    pub fn card_phase(&self) -> PhaseWatch {
        self.card.watch_phase()
    }
}
