//! Signing in with Pro Santé Connect (e-CPS or the CPS card through PSC): the session kept
//! in memory (its access token never written), its refresh token in the keyring so a new
//! process resumes it while PSC allows (ECO.1.2.7), and the account bound to the
//! practitioner's SubjectNameID. The interactive part (the browser, the e-CPS app) is the
//! door's, through [`crate::psc`]; what it gives back comes here.

use super::*;
use crate::psc::{PscClient, PscConfig, PscSession};
use crate::server::Tokens;
use crate::store::PscProvider;

/// A PSC sign-in's account, and whether it was added by it (a door starts its watch then).
#[derive(Debug, Clone)]
pub struct PscSignedIn {
    pub account: AccountInfo,
    pub added: bool,
}

/// The app's client identifier at PSC when no operator names another.
const DEFAULT_CLIENT_ID: &str = "medimail-desktop";

impl Engine {
    /// The provider a new PSC account uses: production PSC, unless the practice (or a test)
    /// names another with `MEDIMAIL_PSC_ISSUER` and `MEDIMAIL_PSC_CLIENT_ID`.
    pub fn default_psc_provider() -> PscProvider {
        let issuer = std::env::var("MEDIMAIL_PSC_ISSUER").ok().filter(|v| !v.trim().is_empty());
        let client_id = std::env::var("MEDIMAIL_PSC_CLIENT_ID").ok().filter(|v| !v.trim().is_empty());
        PscProvider {
            issuer: issuer.unwrap_or_else(|| PscConfig::PRODUCTION_ISSUER.to_owned()),
            client_id: client_id.unwrap_or_else(|| DEFAULT_CLIENT_ID.to_owned()),
        }
    }

    /// The provider, discovered (PSC's wallet path) over the account's TLS policy.
    pub async fn psc_client(&self, provider: &PscProvider, ca_file: Option<&Path>) -> Result<PscClient> {
        let config = PscConfig::new(&provider.issuer, &provider.client_id)?.with_lang(self.language());
        PscClient::discover(config, &tls_policy(ca_file)?).await
    }

    /// The provider of a PSC account, discovered, with what it was set up with, for signing
    /// that account in again.
    pub async fn psc_client_of(&self, email: &str) -> Result<(PscClient, PscProvider, Option<PathBuf>)> {
        let account = self.store()?.account_by_email(email)?;
        let provider = account.psc.clone().unwrap_or_else(Self::default_psc_provider);
        let client = self.psc_client(&provider, account.ca_file.as_deref()).await?;
        Ok((client, provider, account.ca_file))
    }

    /// A PSC sign-in just made (browser or e-CPS app): signs in again the account bound to
    /// this practitioner, links e-CPS to the account of `email` (refused if that account is
    /// another practitioner's), or adds an account for `email` (or the address PSC gives)
    /// with its servers found in the DNS.
    pub async fn signed_in_with_psc(
        &self,
        provider: PscProvider,
        session: PscSession,
        email: Option<&str>,
        ca_file: Option<PathBuf>,
    ) -> Result<PscSignedIn> {
        let subject = session.subject().to_owned();
        let accounts = self.store()?.accounts()?;
        let existing = match email {
            Some(email) => accounts.into_iter().find(|a| a.email.eq_ignore_ascii_case(email.trim())),
            None => accounts.into_iter().find(|a| a.auth == AuthMethod::Psc && a.practitioner_id.as_deref() == Some(subject.as_str())),
        };
        let Some(account) = existing else {
            let address = match email {
                Some(email) => email.trim().to_owned(),
                None => session.practitioner().email.clone().ok_or_else(|| {
                    EngineError::InvalidInput("Pro Santé Connect gave no mailbox address: type it".into())
                })?,
            };
            let request = AddAccount {
                email: address,
                display_name: None,
                login: None,
                imap: None,
                smtp: None,
                ca_file,
                kind: AccountKind::Personnel,
                credentials: Credentials::Psc { provider, session: Arc::new(session) },
                verify: true,
                password_reset_url: None,
                directory_url: None,
                sieve: None,
                trust_igc_sante: None,
            };
            let account = self.add_account(request).await?;
            return Ok(PscSignedIn { account, added: true });
        };
        if let Some(bound) = &account.practitioner_id {
            session.bind_to(bound)?;
        }
        // The practitioner this account is bound to proved who they are: a locked window
        // opens. A first link, or an account with nobody bound, proves nothing of the kind.
        let proves_who = account.auth == AuthMethod::Psc && account.practitioner_id.is_some();
        let session = Arc::new(session);
        let tls = account_tls(&account)?;
        // The server must take the token before anything changes here.
        let login = Login::Bearer { user: account.login.clone(), tokens: Tokens(session.clone()) };
        imap::shielded(async {
            imap::logout(imap::connect(&account.imap, &tls, &login).await?).await;
            Ok(())
        })
        .await?;
        if account.auth != AuthMethod::Psc {
            self.store()?.set_sign_in(account.id, AuthMethod::Psc, Some(&subject))?;
            self.store()?.set_psc_provider(account.id, &provider)?;
            tracing::info!("e-CPS was linked to an account");
        }
        // A new sign-in: an installation revoked from another device may use it again.
        if account.revoked_at.is_some() {
            self.store()?.clear_revoked(account.id)?;
        }
        self.keep_psc_session(&account.email, session).await;
        if proves_who {
            self.unlock_session();
        }
        Ok(PscSignedIn { account: AccountInfo::from(&self.store()?.account_by_id(account.id)?), added: false })
    }

    /// Keeps a session in memory and its refresh token in the keyring.
    pub(super) async fn keep_psc_session(&self, email: &str, session: Arc<PscSession>) {
        if let Err(err) = session.remember(self.profile.dir(), email).await {
            // The session in memory works on; only a new process will ask to sign in again.
            tracing::warn!(code = ?err.code(), "the PSC session could not be kept in the keyring");
        }
        self.psc_unresumed().remove(&email.to_ascii_lowercase());
        self.psc_sessions().insert(email.to_ascii_lowercase(), session);
        self.set_signed_out(false);
        tracing::info!("signed in with Pro Santé Connect");
    }

    /// Resumes, from the keyring, the PSC sessions of the accounts that have none in memory
    /// (a new process). A session PSC no longer honours is left out: its account asks to
    /// sign in again (`psc_session_ended`).
    pub async fn resume_psc_sessions(&self) -> Result<()> {
        if self.is_signed_out() {
            return Ok(());
        }
        let accounts: Vec<AccountRecord> = self.store()?.accounts()?.into_iter().filter(|a| a.auth == AuthMethod::Psc).collect();
        for account in accounts {
            if self.psc_session(&account.email).is_some() {
                continue;
            }
            let Some(provider) = &account.psc else { continue };
            let resumed = async {
                let client = self.psc_client(provider, account.ca_file.as_deref()).await?;
                let session = PscSession::resume(&client, self.profile.dir(), &account.email).await?;
                if let Some(bound) = &account.practitioner_id {
                    session.bind_to(bound)?;
                }
                Ok::<_, EngineError>(session)
            };
            let key = account.email.to_ascii_lowercase();
            match resumed.await {
                Ok(session) => {
                    self.psc_unresumed().remove(&key);
                    self.psc_sessions().insert(key, Arc::new(session));
                }
                Err(err @ (EngineError::PscSessionEnded | EngineError::PscWrongPractitioner)) => {
                    self.psc_unresumed().remove(&key);
                    tracing::info!(code = ?err.code(), "a PSC session has ended");
                }
                Err(err) => {
                    self.psc_unresumed().insert(key);
                    tracing::info!(code = ?err.code(), "a PSC session could not be resumed");
                }
            }
        }
        Ok(())
    }

    /// Why a PSC account has no session here. When its kept session could not be resumed
    /// (PSC unreachable, the machine offline), that is a network failure, to be retried, not
    /// the end of the session, which would send the practitioner to sign in again for
    /// nothing (`resume` forgets a session PSC itself refused).
    pub(super) fn psc_session_missing(&self, account: &AccountRecord) -> EngineError {
        if self.psc_unresumed().contains(&account.email.to_ascii_lowercase()) {
            EngineError::Connect {
                server: account.psc.as_ref().map_or_else(|| "Pro Santé Connect".to_owned(), |p| p.issuer.clone()),
                source: std::io::Error::other("the Pro Santé Connect session could not be resumed yet"),
            }
        } else {
            EngineError::PscSessionEnded
        }
    }

    pub(super) fn psc_sessions_remove(&self, email: &str) -> Option<Arc<PscSession>> {
        self.psc_sessions().remove(&email.to_ascii_lowercase())
    }

    pub(super) fn psc_session(&self, email: &str) -> Option<Arc<PscSession>> {
        self.psc_sessions().get(&email.to_ascii_lowercase()).cloned()
    }

    /// Drops every PSC session: revoked at PSC (best effort) and forgotten in the keyring.
    pub(super) async fn end_psc_sessions(&self) {
        let sessions: Vec<(String, Arc<PscSession>)> = self.psc_sessions().drain().collect();
        for (email, session) in sessions {
            if let Err(err) = session.sign_out(self.profile.dir(), &email).await {
                tracing::info!(code = ?err.code(), "a PSC session could not be revoked");
            }
        }
        // Kept sessions never resumed (PSC unreachable): nothing to revoke from here, but
        // signing out must not leave them for the next process to resume.
        let unresumed: Vec<String> = self.psc_unresumed().drain().collect();
        for email in unresumed {
            if let Err(err) = secrets::forget_psc_grant(self.profile.dir(), &email) {
                tracing::warn!(code = ?err.code(), "a PSC session could not be removed from the keyring");
            }
        }
    }

    fn psc_sessions(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, Arc<PscSession>>> {
        // A map of handles: a panic while holding it leaves nothing half-written.
        self.psc.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn psc_unresumed(&self) -> std::sync::MutexGuard<'_, std::collections::HashSet<String>> {
        // A set of names: a panic while holding it leaves nothing half-written.
        self.psc_unresumed.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
