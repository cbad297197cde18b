//! Adding an account and finding one; the connection a pass or a sending uses.

use super::*;

impl Engine {
    pub async fn add_account(&self, request: AddAccount) -> Result<AccountInfo> {
        let email = request.email.trim().to_owned();
        if !looks_like_address(&email) {
            return Err(EngineError::InvalidInput(format!("{email:?} is not an e-mail address")));
        }
        let password_reset_url = request.password_reset_url.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
        if password_reset_url.as_deref().is_some_and(|u| !u.starts_with("https://")) {
            return Err(EngineError::InvalidInput("the password reset page must be an https:// address".into()));
        }
        let login = request.login.clone().unwrap_or_else(|| email.clone());
        let given_directory = request.directory_url.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
        if let Some(url) = &given_directory {
            crate::directory::operator::DirectoryUrl::parse(url)?;
        }
        let servers_looked_up = request.imap.is_none() || request.smtp.is_none();
        let (imap, smtp) = autoconfig::complete(&email, request.imap.clone(), request.smtp.clone()).await?;
        let trust_igc_sante = request
            .trust_igc_sante
            .unwrap_or_else(|| crate::tls::igc_sante::default_for(&email, &[imap.host.as_str(), smtp.host.as_str()]));
        let mut tls = tls_policy(request.ca_file.as_deref())?;
        if trust_igc_sante {
            let mut hosts = vec![imap.host.clone(), smtp.host.clone()];
            hosts.extend(request.sieve.as_ref().map(|s| s.host.clone()));
            tls = tls.trusting_igc_sante(hosts);
        }
        // A card account is bound to the card's holder, and signs in with it from now on.
        let (auth, practitioner_id, login_with, tls) = match &request.credentials {
            Credentials::Password(password) => {
                (AuthMethod::Password, None, Login::Password { user: login.clone(), password: password.clone() }, tls)
            }
            Credentials::Card { pin } => {
                let session = self.unlock_card(pin.clone(), Vec::new(), request.ca_file.clone()).await?;
                let holder = session.holder().national_id.clone();
                (AuthMethod::Card, Some(holder), Login::ClientCertificate, tls.with_card(session))
            }
            Credentials::Psc { session, .. } => {
                let tokens = crate::server::Tokens(session.clone());
                (AuthMethod::Psc, Some(session.subject().to_owned()), Login::Bearer { user: login.clone(), tokens }, tls)
            }
        };
        // Checking the login also tells where the server keeps the user's folders, so a
        // folder made before the first sync goes to the right place.
        let mut namespace = None;
        if request.verify {
            namespace = Some(
                imap::shielded(async {
                    let mut session = imap::connect(&imap, &tls, &login_with).await?;
                    let caps = imap::Capabilities::negotiate(&mut session).await?;
                    let namespace = imap::personal_namespace(&mut session, caps).await?;
                    imap::logout(session).await;
                    Ok(namespace)
                })
                .await?,
            );
        }
        let record = self.store()?.add_account(&NewAccount {
            email: email.clone(),
            display_name: request.display_name.clone(),
            login,
            imap,
            smtp,
            ca_file: request.ca_file.clone(),
            kind: request.kind,
            auth,
            practitioner_id,
            psc: match &request.credentials {
                Credentials::Psc { provider, .. } => Some(provider.clone()),
                _ => None,
            },
            password_reset_url,
            trust_igc_sante,
        })?;
        if let Some(namespace) = namespace {
            self.store()?.set_namespace(record.id, &namespace)?;
        }
        // The operator's directory: as given, or as the DNS announces it when the servers
        // were looked up there too (a lookup nobody asked for would slow every addition).
        let directory_url = match given_directory {
            Some(url) => Some(url),
            None if servers_looked_up => autoconfig::directory(&email).await.unwrap_or_else(|err| {
                tracing::info!(code = ?err.code(), "no operator directory found in the DNS");
                None
            }),
            None => None,
        };
        if let Some(url) = directory_url {
            self.store()?.set_directory_url(record.id, Some(&url))?;
        }
        // The ManageSieve server likewise: as given, or as the DNS announces it.
        let sieve = match &request.sieve {
            Some(sieve) => Some(sieve.to_string()),
            None if servers_looked_up => autoconfig::sieve(&email).await.unwrap_or_else(|err| {
                tracing::info!(code = ?err.code(), "no ManageSieve server found in the DNS");
                None
            }),
            None => None,
        };
        if let Some(sieve) = sieve {
            self.store()?.set_sieve_server(record.id, Some(&sieve))?;
        }
        let record = self.store()?.account_by_id(record.id)?;
        match &request.credentials {
            Credentials::Password(password) => secrets::save_password(self.profile.dir(), &email, password)?,
            Credentials::Psc { session, .. } => self.keep_psc_session(&email, session.clone()).await,
            Credentials::Card { .. } => {}
        }
        tracing::info!(auth = auth.as_str(), "account added");
        Ok(AccountInfo::from(&record))
    }

    /// Removes an account from this computer: its archive, drafts and settings here, and
    /// every secret it has in the keyring (password, PSC refresh token, revoked at PSC). A
    /// message still waiting to leave stops it: nothing unsent is dropped silently.
    pub async fn remove_account(&self, email: &str) -> Result<()> {
        let account = self.store()?.account_by_email(email)?;
        // The organisational mailboxes opened through this account go with it.
        let opened_through: Vec<i64> =
            self.store()?.accounts()?.iter().filter(|a| a.via_account_id == Some(account.id)).map(|a| a.id).collect();
        let mut waiting = 0;
        for id in std::iter::once(account.id).chain(opened_through) {
            waiting += self.store()?.outbox(Some(id))?.into_iter().filter(|e| !matches!(e.state, OutboxState::Sent)).count();
        }
        if waiting > 0 {
            return Err(EngineError::InvalidInput(format!(
                "{waiting} message(s) of {email} have not left yet: send or delete them first"
            )));
        }
        if let Some(session) = self.psc_sessions_remove(&account.email) {
            if let Err(err) = session.sign_out(self.profile.dir(), &account.email).await {
                tracing::info!(code = ?err.code(), "a PSC session could not be revoked");
            }
        }
        crate::psc::forget(self.profile.dir(), &account.email)?;
        secrets::forget_password(self.profile.dir(), &account.email)?;
        self.store()?.remove_account(account.id)?;
        tracing::info!("account removed");
        Ok(())
    }

    /// The servers the DNS announces for an address (RFC 6186), to fill the add-account form.
    pub async fn autoconfig(&self, address: &str) -> Result<autoconfig::AutoConfig> {
        autoconfig::discover(address).await
    }

    pub fn accounts(&self) -> Result<Vec<AccountInfo>> {
        let records = self.store()?.accounts()?;
        Ok(records.iter().map(|a| self.info(a)).collect())
    }

    /// The account named, or the only one when none is named.
    pub fn account_info(&self, email: Option<&str>) -> Result<AccountInfo> {
        self.account(email).map(|a| self.info(&a))
    }

    pub(crate) fn account(&self, email: Option<&str>) -> Result<AccountRecord> {
        let store = self.store()?;
        match email {
            Some(email) => store.account_by_email(email),
            None => {
                let mut accounts = store.accounts()?;
                match accounts.len() {
                    0 => Err(EngineError::NotFound("account (add one with `medimail account add`)".into())),
                    1 => Ok(accounts.remove(0)),
                    // Several: the default account ("Compte par défaut"), when one was chosen.
                    _ if accounts.iter().any(|a| a.is_default) => {
                        accounts.into_iter().find(|a| a.is_default).ok_or_else(|| EngineError::Internal("no default".into()))
                    }
                    _ => Err(EngineError::InvalidInput("several accounts: say which with --account".into())),
                }
            }
        }
    }

    pub(super) fn connection(&self, account: AccountRecord) -> Result<Connection> {
        if self.signed_out.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(EngineError::SignedOut);
        }
        if account.revoked_at.is_some() {
            return Err(EngineError::DeviceRevoked);
        }
        // An organisational mailbox opened through a member: the member's connection, the
        // box named as authorisation identity. One sign-in (the member's) opens both.
        if let Some(member_id) = account.via_account_id {
            let member = self.store()?.account_by_id(member_id)?;
            let Connection { login, tls, card_guard, .. } = self.connection(member)?;
            let login = Login::OnBehalf { member: Box::new(login), mailbox: account.login.clone() };
            return Ok(Connection { login, tls, account, card_guard });
        }
        TlsPolicy::prepare();
        let tls = account_tls(&account)?;
        match account.auth {
            AuthMethod::Password => {
                let password = secrets::password(self.profile.dir(), &account.email)?;
                Ok(Connection { login: Login::Password { user: account.login.clone(), password }, tls, account, card_guard: None })
            }
            AuthMethod::Card => {
                // The guard first: a card pulled out after it is taken still ends the connection.
                let guard = self.card.guard();
                let session = self.card.session().ok_or(EngineError::PinRequired)?;
                if account.practitioner_id.as_deref() != Some(session.holder().national_id.as_str()) {
                    return Err(EngineError::CardOtherHolder);
                }
                Ok(Connection { login: Login::ClientCertificate, tls: tls.with_card(session), account, card_guard: Some(guard) })
            }
            AuthMethod::Psc => {
                let Some(session) = self.psc_session(&account.email) else {
                    return Err(self.psc_session_missing(&account));
                };
                let login = Login::Bearer { user: account.login.clone(), tokens: crate::server::Tokens(session) };
                Ok(Connection { login, tls, account, card_guard: None })
            }
        }
    }
}
