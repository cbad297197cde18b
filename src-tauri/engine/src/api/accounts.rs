//! Adding an account and finding one; the connection a pass or a sending uses.

use super::*;

impl Engine {
    pub async fn add_account(&self, request: AddAccount) -> Result<AccountInfo> {
        let email = request.email.trim().to_owned();
        if !looks_like_address(&email) {
            return Err(EngineError::InvalidInput(format!("{email:?} is not an e-mail address")));
        }
        let login = request.login.clone().unwrap_or_else(|| email.clone());
        let (imap, smtp) = autoconfig::complete(&email, request.imap.clone(), request.smtp.clone()).await?;
        let tls = tls_policy(request.ca_file.as_deref())?;
        // Checking the login also tells where the server keeps the user's folders, so a
        // folder made before the first sync goes to the right place.
        let mut namespace = None;
        if request.verify {
            let credentials = Login::Password { user: login.clone(), password: request.password.clone() };
            let mut session = imap::connect(&imap, &tls, &credentials).await?;
            let caps = imap::Capabilities::negotiate(&mut session).await?;
            namespace = Some(imap::personal_namespace(&mut session, caps).await?);
            imap::logout(session).await;
        }
        let record = self.store()?.add_account(&NewAccount {
            email: email.clone(),
            display_name: request.display_name.clone(),
            login,
            imap,
            smtp,
            ca_file: request.ca_file.clone(),
            kind: request.kind,
        })?;
        if let Some(namespace) = namespace {
            self.store()?.set_namespace(record.id, &namespace)?;
        }
        secrets::save_password(self.profile.dir(), &email, &request.password)?;
        tracing::info!("account added");
        Ok(AccountInfo::from(&record))
    }

    /// The servers the DNS announces for an address (RFC 6186), to fill the add-account form.
    pub async fn autoconfig(&self, address: &str) -> Result<autoconfig::AutoConfig> {
        autoconfig::discover(address).await
    }

    pub fn accounts(&self) -> Result<Vec<AccountInfo>> {
        Ok(self.store()?.accounts()?.iter().map(AccountInfo::from).collect())
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
                    _ => Err(EngineError::InvalidInput("several accounts: say which with --account".into())),
                }
            }
        }
    }

    pub(super) fn connection(&self, account: AccountRecord) -> Result<Connection> {
        TlsPolicy::prepare();
        let password = secrets::password(self.profile.dir(), &account.email)?;
        let tls = tls_policy(account.ca_file.as_deref())?;
        Ok(Connection {
            login: Login::Password { user: account.login.clone(), password },
            tls,
            account,
        })
    }
}
