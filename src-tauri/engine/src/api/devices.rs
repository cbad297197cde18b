//! "Appareils": the installations of this app that use an account, revoking one, and what
//! this installation does when it learns it was revoked.

use super::*;
use crate::devices::{self, Devices, ThisDevice};

impl Engine {
    /// The account's installations, as its server keeps them (see `devices`).
    pub async fn devices(&self, account: Option<&str>) -> Result<Devices> {
        self.devices_on_server(account, None).await
    }

    /// "Révoquer": the installation `id` stops using the account at its next contact.
    pub async fn revoke_device(&self, account: Option<&str>, id: &str) -> Result<Devices> {
        let found = self.devices_on_server(account, Some(id)).await;
        if found.is_ok() {
            tracing::info!("a device was revoked");
        }
        found
    }

    /// One session on the account's server: `revoke` marked there, if given, then the list.
    async fn devices_on_server(&self, account: Option<&str>, revoke: Option<&str>) -> Result<Devices> {
        self.readable()?;
        let record = self.account(account)?;
        let this = self.this_device(&record)?;
        let conn = self.connection(record)?;
        conn.guarded(async {
            let mut session = imap::connect(&conn.account.imap, &conn.tls, &conn.login).await?;
            let caps = imap::Capabilities::negotiate(&mut session).await?;
            let found = async {
                if let Some(id) = revoke {
                    devices::revoke(&mut session, caps, &this.id, id, store::now()).await?;
                }
                devices::list(&mut session, caps, &this.id).await
            }
            .await;
            imap::logout(session).await;
            found
        })
        .await
    }

    /// Signs in to an account again with its password, checked by the server: after this
    /// installation was revoked, or when the password changed elsewhere. The password is
    /// kept in the keyring only once the server took it.
    pub async fn reconnect_with_password(&self, email: &str, password: SecretString) -> Result<AccountInfo> {
        let account = self.store()?.account_by_email(email)?;
        if account.auth != AuthMethod::Password {
            return Err(EngineError::InvalidInput(format!("{email} does not sign in with a password")));
        }
        let tls = account_tls(&account)?;
        let login = Login::Password { user: account.login.clone(), password: password.clone() };
        imap::shielded(async {
            imap::logout(imap::connect(&account.imap, &tls, &login).await?).await;
            Ok(())
        })
        .await?;
        secrets::save_password(self.profile.dir(), &account.email, &password)?;
        self.store()?.clear_revoked(account.id)?;
        self.set_signed_out(false);
        tracing::info!("an account was signed in to again with its password");
        Ok(AccountInfo::from(&self.store()?.account_by_id(account.id)?))
    }

    /// This installation, as it names itself on the account's server.
    pub(super) fn this_device(&self, record: &AccountRecord) -> Result<ThisDevice> {
        Ok(ThisDevice::here(self.store()?.device_id(record.id)?))
    }

    /// Another installation revoked this one: the account's secrets here are forgotten
    /// (password, Pro Santé Connect session) and it does not connect until the user signs
    /// in to it again. The archive, drafts and outbox stay.
    pub(super) async fn revoked_here(&self, record: &AccountRecord) {
        if let Err(err) = secrets::forget_password(self.profile.dir(), &record.email) {
            tracing::warn!(code = ?err.code(), "a revoked account's password could not be forgotten");
        }
        if let Some(session) = self.psc_sessions_remove(&record.email) {
            if let Err(err) = session.sign_out(self.profile.dir(), &record.email).await {
                tracing::info!(code = ?err.code(), "a PSC session could not be revoked");
            }
        }
        if let Err(err) = secrets::forget_psc_grant(self.profile.dir(), &record.email) {
            tracing::warn!(code = ?err.code(), "a revoked account's PSC session could not be forgotten");
        }
        match self.store() {
            Ok(mut store) => {
                if let Err(err) = store.set_revoked(record.id, store::now()) {
                    tracing::warn!(code = ?err.code(), "a revoked account could not be marked");
                }
            }
            Err(err) => tracing::warn!(code = ?err.code(), "a revoked account could not be marked"),
        }
        tracing::warn!("this device's access to an account was revoked from another device");
    }
}
