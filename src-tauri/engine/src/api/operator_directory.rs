//! The operator's directory for an account: searching it beside the national directory
//! (one merged list), the organisational mailboxes of a person, and the user's own entry.

use super::*;
use crate::directory::merge::merge;
use crate::directory::operator::{self, Credentials, Directory, DirectoryUrl, OperatorStatus, OwnEntry, OwnEntryChanges};
use crate::directory::{DirectoryEntry, DirectoryQuery};

/// A directory search: the national results merged with the operator's, and whether the
/// operator answered.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DirectorySearch {
    pub entries: Vec<DirectoryEntry>,
    pub operator: OperatorStatus,
}

/// "Voir la fiche contact": the entry (national, completed by the operator's, or the
/// operator's alone) and the organisational mailboxes the person may use.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DirectoryCard {
    pub entry: Option<DirectoryEntry>,
    /// "Ci-dessous les adresses organisationnelles accessibles par le professionnel".
    pub linked: Vec<DirectoryEntry>,
    pub operator: OperatorStatus,
}

impl Engine {
    /// Everything known of `address`: the national entry at once, the operator's entry and
    /// linked organisational mailboxes when the operator answers in time.
    pub async fn directory_card(&self, account: Option<&str>, address: &str) -> Result<DirectoryCard> {
        let national = self.directory_entry(address)?;
        let Some((record, url)) = self.operator_directory_of(account)? else {
            return Ok(DirectoryCard { entry: national, linked: Vec::new(), operator: OperatorStatus::NotConfigured });
        };
        let asking = async {
            let tls = account_tls(&record)?;
            let mut directory = Directory::open(&url, &tls, Credentials::Anonymous, operator::SEARCH_TIMEOUT).await?;
            let found = async {
                let entry = operator::find(&mut directory, &url, address).await?;
                let linked = operator::linked_mailboxes(&mut directory, &url, address).await?;
                Ok::<_, EngineError>((entry, linked))
            }
            .await;
            directory.close().await;
            found
        };
        match tokio::time::timeout(operator::SEARCH_TIMEOUT * 2, asking).await {
            Ok(Ok((at_operator, linked))) => {
                let entry = match (national, at_operator) {
                    (Some(mut entry), Some(extra)) => {
                        crate::directory::merge::complete(&mut entry, extra);
                        Some(entry)
                    }
                    (national, at_operator) => national.or(at_operator),
                };
                Ok(DirectoryCard { entry, linked, operator: OperatorStatus::Answered })
            }
            Ok(Err(err)) => {
                tracing::info!(code = ?err.code(), "the operator's directory could not be asked");
                Ok(DirectoryCard { entry: national, linked: Vec::new(), operator: OperatorStatus::Unreachable })
            }
            Err(_) => Ok(DirectoryCard { entry: national, linked: Vec::new(), operator: OperatorStatus::Unreachable }),
        }
    }

    /// The national directory's results (offline, at once) merged with the operator's when
    /// it answers within a short time. Without an operator directory, or when it cannot be
    /// asked, the national results alone, with `operator` saying why.
    pub async fn search_directory_with_operator(&self, account: Option<&str>, query: &DirectoryQuery, limit: usize) -> Result<DirectorySearch> {
        let national = self.search_directory(query, limit)?;
        let Some((record, url)) = self.operator_directory_of(account)? else {
            return Ok(DirectorySearch { entries: national, operator: OperatorStatus::NotConfigured });
        };
        let asking = async {
            let tls = account_tls(&record)?;
            let mut directory = Directory::open(&url, &tls, Credentials::Anonymous, operator::SEARCH_TIMEOUT).await?;
            let found = operator::search(&mut directory, &url, query, limit).await;
            directory.close().await;
            found
        };
        match tokio::time::timeout(operator::SEARCH_TIMEOUT, asking).await {
            Ok(Ok(found)) => Ok(DirectorySearch { entries: merge(national, found, query, limit), operator: OperatorStatus::Answered }),
            Ok(Err(err)) => {
                tracing::info!(code = ?err.code(), "the operator's directory could not be searched");
                Ok(DirectorySearch { entries: national, operator: OperatorStatus::Unreachable })
            }
            Err(_) => {
                tracing::info!("the operator's directory did not answer in time");
                Ok(DirectorySearch { entries: national, operator: OperatorStatus::Unreachable })
            }
        }
    }

    /// The organisational mailboxes the person at `address` may use, from the operator's
    /// directory.
    pub async fn linked_mailboxes(&self, account: Option<&str>, address: &str) -> Result<Vec<DirectoryEntry>> {
        let (record, url) = self.operator_directory_of(account)?.ok_or(EngineError::NoOperatorDirectory)?;
        let tls = account_tls(&record)?;
        let mut directory = Directory::open(&url, &tls, Credentials::Anonymous, operator::ENTRY_TIMEOUT).await?;
        let found = operator::linked_mailboxes(&mut directory, &url, address).await;
        directory.close().await;
        found
    }

    /// The user's own entry, read as themselves.
    pub async fn own_entry(&self, account: Option<&str>) -> Result<OwnEntry> {
        let record = self.account(account)?;
        let (url, mut directory) = self.bind_as_user(record).await?;
        let entry = operator::own_entry(&mut directory, &url).await;
        directory.close().await;
        entry
    }

    /// Writes `changes` to the user's own entry and gives it back as the server now has it.
    /// A change the operator does not allow (another's entry, a read-only field) changes
    /// nothing and fails with `directory_write_refused`.
    pub async fn save_own_entry(&self, account: Option<&str>, changes: &OwnEntryChanges) -> Result<OwnEntry> {
        let record = self.account(account)?;
        let (url, mut directory) = self.bind_as_user(record).await?;
        let result = async {
            let before = operator::own_entry(&mut directory, &url).await?;
            operator::save_own_entry(&mut directory, &url, changes, before.is_organisational()).await?;
            operator::own_entry(&mut directory, &url).await
        }
        .await;
        directory.close().await;
        if result.is_ok() {
            tracing::info!("own directory entry saved");
        }
        result
    }

    /// Sets the account's operator directory: `url` (checked), or the one the DNS announces
    /// for its address (`from_dns`), or none (`url` None and not `from_dns`).
    pub async fn set_directory_url(&self, account: Option<&str>, url: Option<&str>, from_dns: bool) -> Result<AccountInfo> {
        let record = self.account(account)?;
        let url = match url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => {
                DirectoryUrl::parse(url)?;
                Some(url.to_owned())
            }
            None if from_dns => Some(autoconfig::directory(&record.email).await?.ok_or_else(|| {
                EngineError::Refused(vec![crate::Text::new("autoconfig-no-directory").arg("domain", record.email.rsplit('@').next().unwrap_or_default())])
            })?),
            None => None,
        };
        self.store()?.set_directory_url(record.id, url.as_deref())?;
        Ok(AccountInfo::from(&self.store()?.account_by_id(record.id)?))
    }

    /// The account's operator directory, when it has one. With no account named, the only
    /// account's; with several and none named, none (the national directory answers).
    fn operator_directory_of(&self, account: Option<&str>) -> Result<Option<(AccountRecord, DirectoryUrl)>> {
        let record = match account {
            Some(email) => self.store()?.account_by_email(email)?,
            None => {
                let mut accounts = self.store()?.accounts()?;
                if accounts.len() != 1 {
                    return Ok(None);
                }
                accounts.remove(0)
            }
        };
        let Some(url) = record.directory_url.as_deref() else { return Ok(None) };
        let url = DirectoryUrl::parse(url)?;
        Ok(Some((record, url)))
    }

    /// Connects to the account's operator directory bound as the user: their mail password,
    /// or the CPS card's certificate (SASL EXTERNAL).
    async fn bind_as_user(&self, record: AccountRecord) -> Result<(DirectoryUrl, Directory)> {
        let url = DirectoryUrl::parse(record.directory_url.as_deref().ok_or(EngineError::NoOperatorDirectory)?)?;
        // Said before the session is looked at: even a live PSC session cannot bind.
        if record.auth == AuthMethod::Psc {
            return Err(EngineError::DirectoryPscUnsupported);
        }
        let address = record.email.clone();
        let connection = self.connection(record)?;
        let credentials = match connection.login {
            Login::Password { password, .. } => Credentials::Password { address, password },
            Login::ClientCertificate => Credentials::Certificate,
            // An organisational mailbox: the directory knows the member who opens it.
            Login::OnBehalf { member, .. } => match *member {
                Login::Password { user, password } => Credentials::Password { address: user, password },
                Login::ClientCertificate => Credentials::Certificate,
                _ => return Err(EngineError::DirectoryPscUnsupported),
            },
            Login::OAuth2 { .. } | Login::Bearer { .. } => return Err(EngineError::DirectoryPscUnsupported),
        };
        let directory = Directory::open(&url, &connection.tls, credentials, operator::ENTRY_TIMEOUT).await?;
        Ok((url, directory))
    }
}
