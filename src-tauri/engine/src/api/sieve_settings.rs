//! "Réponse automatique" and "Transferts automatiques": the app's section of the account's
//! Sieve script, read and written over ManageSieve with the account's own sign-in.

use super::*;
use crate::catalogue::Text;
use crate::server::Security;
use crate::sieve::{self, AutoReply, SieveSession, SieveSettings};

impl Engine {
    /// The auto-reply and the forwarding addresses as the server's active script holds them.
    pub async fn sieve_settings(&self, account: Option<&str>) -> Result<SieveSettings> {
        let record = self.account(account)?;
        let mut session = self.sieve_session(record).await?;
        let settings = sieve::read_settings(&mut session).await;
        session.logout().await;
        settings
    }

    /// Sets the auto-reply (on or off, its dates, subject and message); the forwarding
    /// addresses stay.
    pub async fn set_auto_reply(&self, account: Option<&str>, reply: &AutoReply) -> Result<SieveSettings> {
        let reply = sieve::rules::clean_auto_reply(reply)?;
        self.change_sieve(account, move |settings| {
            settings.auto_reply = reply;
            Ok(())
        })
        .await
    }

    /// Turns the auto-reply off, its dates and message kept for the next time.
    pub async fn auto_reply_off(&self, account: Option<&str>) -> Result<SieveSettings> {
        self.change_sieve(account, |settings| {
            settings.auto_reply.enabled = false;
            Ok(())
        })
        .await
    }

    /// Adds a forwarding address (`redirect :copy`). Refused: an invalid address, the
    /// account's own or an organisational mailbox it opens, or another account of this app
    /// whose rules forward back to one of those (a loop, as far as this app can know).
    pub async fn add_forward(&self, account: Option<&str>, address: &str) -> Result<SieveSettings> {
        let record = self.account(account)?;
        let address = address.trim().to_owned();
        let invalid = || EngineError::Refused(vec![Text::new("sieve-forward-invalid").arg("address", address.as_str())]);
        let parsed: lettre::Address = address.parse().map_err(|_| invalid())?;
        if !looks_like_address(&address) || address.chars().any(|c| c.is_control() || c == '"' || c == '\\') {
            return Err(invalid());
        }
        let own = self.own_addresses(&record).await;
        if own.iter().any(|a| a.eq_ignore_ascii_case(parsed.as_ref())) {
            return Err(EngineError::Refused(vec![Text::new("sieve-forward-self").arg("address", address.as_str())]));
        }
        // An account of this app at that address: its own forwards, read as it.
        let target = self.store()?.account_by_email(&address);
        if let Ok(target) = target {
            if let Ok(theirs) = self.sieve_settings(Some(&target.email)).await {
                if theirs.forwards.iter().any(|f| own.iter().any(|a| a.eq_ignore_ascii_case(f))) {
                    return Err(EngineError::Refused(vec![Text::new("sieve-forward-loop").arg("address", address.as_str())]));
                }
            }
        }
        let email = record.email.clone();
        let settings = self
            .change_sieve(Some(&email), move |settings| {
                if !settings.forwards.iter().any(|f| f.eq_ignore_ascii_case(&address)) {
                    settings.forwards.push(address);
                }
                Ok(())
            })
            .await?;
        tracing::info!(count = settings.forwards.len(), "automatic forwarding added");
        Ok(settings)
    }

    /// Removes a forwarding address.
    pub async fn remove_forward(&self, account: Option<&str>, address: &str) -> Result<SieveSettings> {
        let address = address.trim().to_owned();
        self.change_sieve(account, move |settings| {
            let before = settings.forwards.len();
            settings.forwards.retain(|f| !f.eq_ignore_ascii_case(&address));
            if settings.forwards.len() == before {
                return Err(EngineError::Refused(vec![Text::new("sieve-forward-unknown").arg("address", address.as_str())]));
            }
            Ok(())
        })
        .await
    }

    /// Reads the settings, changes them, writes them back, in one session.
    async fn change_sieve(&self, account: Option<&str>, change: impl FnOnce(&mut SieveSettings) -> Result<()>) -> Result<SieveSettings> {
        let record = self.account(account)?;
        let mut session = self.sieve_session(record).await?;
        let result = async {
            let mut settings = sieve::read_settings(&mut session).await?;
            change(&mut settings)?;
            sieve::write_settings(&mut session, &settings).await?;
            Ok(settings)
        }
        .await;
        session.logout().await;
        result
    }

    async fn sieve_session(&self, record: AccountRecord) -> Result<SieveSession> {
        let server = match record.sieve_server.as_deref() {
            Some(server) => ServerAddress::parse(server, Security::StartTls)?,
            None => ServerAddress::new(record.imap.host.clone(), sieve::DEFAULT_PORT, Security::StartTls)?,
        };
        let connection = self.connection(record)?;
        sieve::connect(&server, &connection.tls, &connection.login).await
    }

    /// The addresses a forward must not go to: the account's own, the organisational
    /// mailboxes among this app's accounts and those the operator's directory links to the
    /// user.
    async fn own_addresses(&self, record: &AccountRecord) -> Vec<String> {
        let mut own = vec![record.email.clone()];
        if let Ok(all) = self.store().and_then(|s| s.accounts()) {
            own.extend(all.into_iter().filter(|a| a.kind == AccountKind::Organisationnel).map(|a| a.email));
        }
        if record.directory_url.is_some() {
            match self.linked_mailboxes(Some(&record.email), &record.email).await {
                Ok(linked) => own.extend(linked.into_iter().map(|e| e.address)),
                Err(err) => tracing::info!(code = ?err.code(), "organisational mailboxes not known for the forwarding check"),
            }
        }
        own
    }
}
