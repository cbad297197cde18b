//! Organisational mailboxes: the ones a signed-in account may open (as the server lists
//! them), opening one as an account of its own with the member's one sign-in, and who may
//! open it (IMAP ACL). An opened box is an ordinary account record linked to its member's
//! (`via_account_id`), so sync, archive, compose and the outbox treat it as any other; its
//! connection is the member's login with the box as authorisation identity (`Login::OnBehalf`).

use super::*;
use crate::imap::acl;

/// A mailbox the server shares with one of the accounts here.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SharedMailbox {
    pub address: String,
    /// The account it is shared with (and would be opened through).
    pub through: String,
    /// Whether it is already an account here.
    pub opened: bool,
}

/// Who may open an organisational mailbox (seed part 3 §2).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SharedAccess {
    pub address: String,
    /// "Adresse mail de connexion": the identity it is opened with.
    pub connection_address: String,
    /// Whether this user may change who opens it (the ACL's administer right, `a`).
    pub may_administer: bool,
    /// The accounts that may open it, the box itself left out; empty when the server
    /// shows the list only to its administrators and the user is not one.
    pub members: Vec<SharedMember>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SharedMember {
    /// An address, or another identifier the server's ACL holds (a CPS certificate's name).
    pub identifier: String,
    pub rights: String,
    pub administrator: bool,
}

impl Engine {
    /// The organisational mailboxes the server shares with `account` (None: with every
    /// account signed in here that is not itself one).
    pub async fn shared_mailboxes(&self, account: Option<&str>) -> Result<Vec<SharedMailbox>> {
        let members: Vec<AccountRecord> = match account {
            Some(email) => vec![self.store()?.account_by_email(email)?],
            None => self.store()?.accounts()?.into_iter().filter(|a| a.via_account_id.is_none()).collect(),
        };
        let opened: Vec<String> = self.store()?.accounts()?.into_iter().map(|a| a.email.to_lowercase()).collect();
        let mut out = Vec::new();
        for member in members {
            let through = member.email.clone();
            let conn = self.connection(member)?;
            let found = conn
                .guarded(async {
                    let mut session = imap::connect(&conn.account.imap, &conn.tls, &conn.login).await?;
                    let found = imap::shared_mailboxes(&mut session).await;
                    imap::logout(session).await;
                    found
                })
                .await?;
            for address in found {
                let opened = opened.contains(&address.to_lowercase());
                out.push(SharedMailbox { address, through: through.clone(), opened });
            }
        }
        Ok(out)
    }

    /// Opens the organisational mailbox `mailbox` through `member` (None: the default or
    /// only account): it becomes an account here, signed in with the member's sign-in, and
    /// its first pass can run. The server decides: without the right to read it, nothing is
    /// kept and the answer is `shared_access_refused`. A Pro Santé Connect sign-in cannot
    /// name another mailbox (the operator offers no way): `shared_psc_unsupported`.
    pub async fn open_shared_mailbox(&self, member: Option<&str>, mailbox: &str) -> Result<AccountInfo> {
        let mailbox = mailbox.trim();
        if !looks_like_address(mailbox) {
            return Err(EngineError::InvalidInput(format!("{mailbox:?} is not an e-mail address")));
        }
        let member = self.account(member)?;
        if member.via_account_id.is_some() {
            return Err(EngineError::InvalidInput("an organisational mailbox is opened through a personal account".into()));
        }
        if member.auth == AuthMethod::Psc {
            return Err(EngineError::SharedPscUnsupported);
        }
        let existing = self.store()?.account_by_email(mailbox);
        if let Ok(existing) = existing {
            if existing.via_account_id == Some(member.id) {
                return Ok(self.info(&existing));
            }
            return Err(EngineError::InvalidInput(format!("the account {mailbox} already exists")));
        }
        let record = self.store()?.add_shared_account(&member, mailbox, None)?;
        match self.check_shared(record.clone()).await {
            Ok(namespace) => self.store()?.set_namespace(record.id, &namespace)?,
            Err(err) => {
                self.store()?.remove_account(record.id)?;
                return Err(err);
            }
        }
        tracing::info!("organisational mailbox opened");
        let record = self.store()?.account_by_id(record.id)?;
        Ok(self.info(&record))
    }

    /// Signs in to the box once and checks the server lets this member read it.
    async fn check_shared(&self, record: AccountRecord) -> Result<crate::folder_names::Namespace> {
        let address = record.email.clone();
        let conn = self.connection(record)?;
        conn.guarded(async {
            let mut session = imap::connect(&conn.account.imap, &conn.tls, &conn.login).await?;
            let caps = imap::Capabilities::negotiate(&mut session).await?;
            let namespace = imap::personal_namespace(&mut session, caps).await?;
            let rights = acl::my_rights(&mut session, "INBOX").await?;
            imap::logout(session).await;
            if !rights.contains('r') {
                return Err(EngineError::SharedAccessRefused(address));
            }
            Ok(namespace)
        })
        .await
    }

    /// Who may open the organisational mailbox `mailbox` (an account here), and whether
    /// this user may change it.
    pub async fn shared_access(&self, mailbox: &str) -> Result<SharedAccess> {
        let record = self.store()?.account_by_email(mailbox)?;
        let address = record.email.clone();
        let connection_address = record.login.clone();
        let conn = self.connection(record)?;
        conn.guarded(async {
            let mut session = imap::connect(&conn.account.imap, &conn.tls, &conn.login).await?;
            let rights = acl::my_rights(&mut session, "INBOX").await?;
            let may_administer = rights.contains('a');
            let entries = if may_administer { acl::get_acl(&mut session, "INBOX").await? } else { None };
            imap::logout(session).await;
            let members = entries
                .unwrap_or_default()
                .into_iter()
                .filter(|(identifier, _)| !identifier.eq_ignore_ascii_case(&address) && identifier != "owner")
                .map(|(identifier, rights)| SharedMember { administrator: rights.contains('a'), identifier, rights })
                .collect();
            Ok(SharedAccess { address: address.clone(), connection_address, may_administer, members })
        })
        .await
    }

    /// Lets each of `addresses` (comma-separated) open the organisational mailbox: SETACL
    /// with the members' rights on each of its folders. `shared_admin_refused` when this
    /// user may not administer it; nothing is changed then.
    pub async fn grant_shared(&self, mailbox: &str, addresses: &str) -> Result<SharedAccess> {
        let mut wanted: Vec<String> = Vec::new();
        for address in addresses.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            if !looks_like_address(address) {
                return Err(EngineError::InvalidInput(format!("{address:?} is not an e-mail address")));
            }
            if !wanted.iter().any(|w| w.eq_ignore_ascii_case(address)) {
                wanted.push(address.to_lowercase());
            }
        }
        if wanted.is_empty() {
            return Err(EngineError::InvalidInput("no address to add".into()));
        }
        self.change_acl(mailbox, &wanted, true).await?;
        tracing::info!(count = wanted.len(), "organisational mailbox shared");
        self.shared_access(mailbox).await
    }

    /// Withdraws `address`'s access to the organisational mailbox (DELETEACL on each of its
    /// folders). What that member's app kept of it stays there.
    pub async fn revoke_shared(&self, mailbox: &str, address: &str) -> Result<SharedAccess> {
        let address = address.trim();
        if address.is_empty() || address.eq_ignore_ascii_case(mailbox) {
            return Err(EngineError::InvalidInput("the mailbox's own access cannot be withdrawn".into()));
        }
        self.change_acl(mailbox, &[address.to_owned()], false).await?;
        tracing::info!("organisational mailbox access withdrawn");
        self.shared_access(mailbox).await
    }

    async fn change_acl(&self, mailbox: &str, identifiers: &[String], grant: bool) -> Result<()> {
        let record = self.store()?.account_by_email(mailbox)?;
        let address = record.email.clone();
        let conn = self.connection(record)?;
        conn.guarded(async {
            let mut session = imap::connect(&conn.account.imap, &conn.tls, &conn.login).await?;
            if !acl::my_rights(&mut session, "INBOX").await?.contains('a') {
                imap::logout(session).await;
                return Err(EngineError::SharedAdminRefused(address.clone()));
            }
            let caps = imap::Capabilities::negotiate(&mut session).await?;
            let namespace = imap::personal_namespace(&mut session, caps).await?;
            let folders = imap::list_folders(&mut session, &namespace).await?;
            // Each folder the user administers: the shared namespace's (other people's
            // mailboxes) are not this box's.
            for folder in folders.iter().filter(|f| f.selectable) {
                if !acl::my_rights(&mut session, &folder.name).await?.contains('a') {
                    continue;
                }
                for identifier in identifiers {
                    let done = if grant {
                        acl::set_acl(&mut session, &folder.name, identifier, acl::MEMBER_RIGHTS).await?
                    } else {
                        acl::delete_acl(&mut session, &folder.name, identifier).await?
                    };
                    if !done {
                        imap::logout(session).await;
                        return Err(EngineError::SharedAdminRefused(address.clone()));
                    }
                }
            }
            imap::logout(session).await;
            Ok(())
        })
        .await
    }

    /// "Compte par défaut": the account that opens at start.
    pub fn set_default_account(&self, email: &str) -> Result<AccountInfo> {
        let record = self.store()?.account_by_email(email)?;
        self.store()?.set_default_account(Some(record.id))?;
        let record = self.store()?.account_by_id(record.id)?;
        Ok(self.info(&record))
    }

    /// The account that opens at start: the one chosen, else the first personal one.
    pub fn default_account(&self) -> Result<Option<AccountInfo>> {
        let accounts = self.store()?.accounts()?;
        let chosen = accounts.iter().find(|a| a.is_default).or_else(|| accounts.iter().find(|a| a.via_account_id.is_none()));
        Ok(chosen.map(|a| self.info(a)))
    }

    /// "Notif de réception vers compte de connexion" for `email`.
    pub fn set_notify_to_sign_in(&self, email: &str, on: bool) -> Result<AccountInfo> {
        let record = self.store()?.account_by_email(email)?;
        self.store()?.set_notify_to_sign_in(record.id, on)?;
        let record = self.store()?.account_by_id(record.id)?;
        Ok(self.info(&record))
    }

    /// "Faire confiance aux autorités de certification IGC-Santé pour les domaines MSSanté"
    /// for `email` (the next connections use it).
    pub fn set_trust_igc_sante(&self, email: &str, on: bool) -> Result<AccountInfo> {
        let record = self.store()?.account_by_email(email)?;
        self.store()?.set_trust_igc_sante(record.id, on)?;
        let record = self.store()?.account_by_id(record.id)?;
        Ok(self.info(&record))
    }

    /// Whether arrivals in `email` are announced to the account the user signed in with
    /// (read by the notifications).
    pub fn notify_to_sign_in(&self, email: &str) -> Result<bool> {
        Ok(self.store()?.account_by_email(email)?.notify_to_sign_in)
    }

    /// An account as the doors show it, with the account an organisational mailbox is
    /// opened through. Locks the store: call it with no store guard alive.
    pub(crate) fn info(&self, record: &AccountRecord) -> AccountInfo {
        let mut info = AccountInfo::from(record);
        if let Some(id) = record.via_account_id {
            info.opened_through = self.store().ok().and_then(|s| s.account_by_id(id).ok()).map(|m| m.email);
        }
        info
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;
    use crate::types::FolderRole;

    fn engine_with_member_and_box() -> (tempfile::TempDir, Engine, AccountRecord) {
        let (dir, mut store) = testing::open_temp();
        let (member, _) = testing::account_with_folder(&mut store, "jean@cabinet.test", Some("Dr Jean"), "INBOX", FolderRole::Inbox);
        store.add_shared_account(&member, "secretariat@cabinet.test", None).unwrap();
        let engine = Engine::with_store(Profile::open(Some(dir.path())).unwrap(), store);
        (dir, engine, member)
    }

    #[test]
    fn an_opened_box_is_an_organisational_account_signed_in_as_its_member_with_the_box_as_authzid() {
        let (_dir, engine, member) = engine_with_member_and_box();
        let record = engine.store().unwrap().account_by_email("secretariat@cabinet.test").unwrap();
        assert_eq!((record.kind, record.via_account_id, record.login.as_str()), (AccountKind::Organisationnel, Some(member.id), "secretariat@cabinet.test"));
        assert_eq!((record.imap.clone(), record.auth), (member.imap.clone(), member.auth));
        let info = engine.accounts().unwrap().into_iter().find(|a| a.email == record.email).unwrap();
        assert_eq!(info.opened_through.as_deref(), Some("jean@cabinet.test"));
        assert!(info.may_write_to_patients);
        // The connection: the member's password login, the box as authorisation identity.
        // (No password in the keyring here: the member's own connection is what is asked.)
        let err = engine.connection(record).err().unwrap();
        assert_eq!(err.code(), engine.connection(member).err().unwrap().code());
    }

    #[test]
    fn one_default_account_opens_at_start_and_commands_take_it() {
        let (_dir, engine, member) = engine_with_member_and_box();
        assert_eq!(engine.default_account().unwrap().unwrap().email, member.email, "the personal account until one is chosen");
        assert_eq!(engine.account(None).unwrap_err().code(), crate::ErrorCode::InvalidInput, "several accounts, none chosen");
        engine.set_default_account("secretariat@cabinet.test").unwrap();
        engine.set_default_account("SECRETARIAT@cabinet.test").unwrap();
        let defaults: Vec<_> = engine.accounts().unwrap().into_iter().filter(|a| a.is_default).map(|a| a.email).collect();
        assert_eq!(defaults, ["secretariat@cabinet.test"]);
        assert_eq!(engine.account(None).unwrap().email, "secretariat@cabinet.test");
        engine.set_default_account(&member.email).unwrap();
        assert_eq!(engine.default_account().unwrap().unwrap().email, member.email);
        assert_eq!(engine.set_default_account("nobody@cabinet.test").unwrap_err().code(), crate::ErrorCode::NotFound);
    }

    #[test]
    fn the_arrival_notice_to_the_sign_in_account_is_stored_per_account() {
        let (_dir, engine, member) = engine_with_member_and_box();
        assert!(!engine.notify_to_sign_in("secretariat@cabinet.test").unwrap());
        engine.set_notify_to_sign_in("secretariat@cabinet.test", true).unwrap();
        assert!(engine.notify_to_sign_in("secretariat@cabinet.test").unwrap());
        assert!(!engine.notify_to_sign_in(&member.email).unwrap());
        engine.set_notify_to_sign_in("secretariat@cabinet.test", false).unwrap();
        assert!(!engine.notify_to_sign_in("secretariat@cabinet.test").unwrap());
    }

    #[test]
    fn removing_the_member_removes_the_boxes_opened_through_it() {
        let (_dir, engine, member) = engine_with_member_and_box();
        engine.store().unwrap().remove_account(member.id).unwrap();
        assert!(engine.accounts().unwrap().is_empty());
    }
}
