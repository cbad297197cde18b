use std::path::PathBuf;

use rusqlite::{params, OptionalExtension, Row};

use super::{now, Store};
use crate::folder_names::Namespace;
use crate::types::{AccountKind, AuthMethod};
use crate::server::{Security, ServerAddress};
use crate::{EngineError, Result};

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub display_name: Option<String>,
    pub login: String,
    pub imap: ServerAddress,
    pub smtp: ServerAddress,
    pub ca_file: Option<PathBuf>,
    pub kind: AccountKind,
    pub auth: AuthMethod,
    /// The practitioner a card or PSC account is bound to (8 + RPPS, 0 + ADELI).
    pub practitioner_id: Option<String>,
    /// PSC accounts: the provider's issuer and the app's client identifier there.
    pub psc: Option<PscProvider>,
    /// The operator's page for resetting the password.
    pub password_reset_url: Option<String>,
    /// The IGC-Santé roots are trusted for its MSSanté hosts (`tls/igc_sante.rs`).
    pub trust_igc_sante: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PscProvider {
    pub issuer: String,
    pub client_id: String,
}

#[derive(Debug, Clone)]
pub struct AccountRecord {
    pub id: i64,
    pub email: String,
    pub display_name: Option<String>,
    pub login: String,
    pub imap: ServerAddress,
    pub smtp: ServerAddress,
    pub ca_file: Option<PathBuf>,
    pub kind: AccountKind,
    /// The personal namespace the server announced at the last contact.
    pub namespace: Namespace,
    pub auth: AuthMethod,
    pub practitioner_id: Option<String>,
    pub psc: Option<PscProvider>,
    pub password_reset_url: Option<String>,
    /// The operator's directory (LDAP URL), when known.
    pub directory_url: Option<String>,
    /// This installation's name among the account's "Appareils" (see `devices`).
    pub device_id: Option<String>,
    /// When this installation learnt that its access to the account was revoked.
    pub revoked_at: Option<i64>,
    /// The ManageSieve server (`host:port`, STARTTLS), when not the IMAP host's port 4190.
    pub sieve_server: Option<String>,
    /// An organisational mailbox opened through a member's account: that account's id.
    pub via_account_id: Option<i64>,
    /// "Compte par défaut": the account that opens at start.
    pub is_default: bool,
    /// "Notif de réception vers compte de connexion".
    pub notify_to_sign_in: bool,
    /// "Faire confiance aux autorités de certification IGC-Santé pour les domaines MSSanté".
    pub trust_igc_sante: bool,
}

fn kind_str(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Personnel => "personnel",
        AccountKind::Interne => "interne",
        AccountKind::Medimail => "medimail",
        AccountKind::Organisationnel => "organisationnel",
    }
}

fn kind_from(s: &str) -> AccountKind {
    match s {
        "interne" => AccountKind::Interne,
        "medimail" => AccountKind::Medimail,
        "organisationnel" => AccountKind::Organisationnel,
        _ => AccountKind::Personnel,
    }
}

fn security_str(s: Security) -> &'static str {
    match s {
        Security::ImplicitTls => "implicit",
        Security::StartTls => "starttls",
    }
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<AccountRecord> {
    let security = |s: String| if s == "starttls" { Security::StartTls } else { Security::ImplicitTls };
    Ok(AccountRecord {
        id: row.get("id")?,
        email: row.get("email")?,
        display_name: row.get("display_name")?,
        login: row.get("login")?,
        imap: ServerAddress {
            host: row.get("imap_host")?,
            port: row.get("imap_port")?,
            security: security(row.get("imap_security")?),
        },
        smtp: ServerAddress {
            host: row.get("smtp_host")?,
            port: row.get("smtp_port")?,
            security: security(row.get("smtp_security")?),
        },
        ca_file: row.get::<_, Option<String>>("ca_file")?.map(PathBuf::from),
        kind: kind_from(&row.get::<_, String>("kind")?),
        namespace: Namespace {
            prefix: row.get("folder_prefix")?,
            delimiter: row.get::<_, Option<String>>("folder_delimiter")?.and_then(|d| d.chars().next()),
        },
        // The column's CHECK admits only the three names.
        auth: row.get::<_, String>("auth")?.parse().unwrap_or(AuthMethod::Password),
        practitioner_id: row.get("practitioner_id")?,
        psc: match (row.get::<_, Option<String>>("psc_issuer")?, row.get::<_, Option<String>>("psc_client_id")?) {
            (Some(issuer), Some(client_id)) => Some(PscProvider { issuer, client_id }),
            _ => None,
        },
        password_reset_url: row.get("password_reset_url")?,
        directory_url: row.get("directory_url")?,
        device_id: row.get("device_id")?,
        revoked_at: row.get("revoked_at")?,
        sieve_server: row.get("sieve_server")?,
        via_account_id: row.get("via_account_id")?,
        is_default: row.get::<_, i64>("is_default")? != 0,
        notify_to_sign_in: row.get::<_, i64>("notify_to_sign_in")? != 0,
        trust_igc_sante: row.get::<_, i64>("trust_igc_sante")? != 0,
    })
}

impl Store {
    pub fn add_account(&mut self, account: &NewAccount) -> Result<AccountRecord> {
        let id = self.write(|tx| {
            let exists: bool = tx
                .query_row("SELECT 1 FROM account WHERE email = ?1", [&account.email], |_| Ok(true))
                .optional()?
                .unwrap_or(false);
            if exists {
                return Err(EngineError::InvalidInput(format!("the account {} already exists", account.email)));
            }
            tx.execute(
                "INSERT INTO account (email, display_name, login, imap_host, imap_port, imap_security,
                                      smtp_host, smtp_port, smtp_security, ca_file, created_at, kind,
                                      auth, practitioner_id, psc_issuer, psc_client_id, password_reset_url,
                                      trust_igc_sante)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                params![
                    account.email,
                    account.display_name,
                    account.login,
                    account.imap.host,
                    account.imap.port,
                    security_str(account.imap.security),
                    account.smtp.host,
                    account.smtp.port,
                    security_str(account.smtp.security),
                    account.ca_file.as_ref().map(|p| p.display().to_string()),
                    now(),
                    kind_str(account.kind),
                    account.auth.as_str(),
                    account.practitioner_id,
                    account.psc.as_ref().map(|p| p.issuer.as_str()),
                    account.psc.as_ref().map(|p| p.client_id.as_str()),
                    account.password_reset_url,
                    account.trust_igc_sante as i64,
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.account_by_id(id)
    }

    /// An organisational mailbox opened through `member`: the member's servers and way of
    /// signing in, the organisational address as login (its SASL authorisation identity).
    pub fn add_shared_account(&mut self, member: &AccountRecord, email: &str, display_name: Option<&str>) -> Result<AccountRecord> {
        let id = self.write(|tx| {
            let exists: bool =
                tx.query_row("SELECT 1 FROM account WHERE email = ?1 COLLATE NOCASE", [email], |_| Ok(true)).optional()?.unwrap_or(false);
            if exists {
                return Err(EngineError::InvalidInput(format!("the account {email} already exists")));
            }
            tx.execute(
                "INSERT INTO account (email, display_name, login, imap_host, imap_port, imap_security,
                                      smtp_host, smtp_port, smtp_security, ca_file, created_at, kind,
                                      auth, practitioner_id, via_account_id, directory_url, sieve_server,
                                      trust_igc_sante)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'organisationnel', ?12, ?13, ?14, ?15, ?16, ?17)",
                params![
                    email,
                    display_name,
                    email,
                    member.imap.host,
                    member.imap.port,
                    security_str(member.imap.security),
                    member.smtp.host,
                    member.smtp.port,
                    security_str(member.smtp.security),
                    member.ca_file.as_ref().map(|p| p.display().to_string()),
                    now(),
                    member.auth.as_str(),
                    member.practitioner_id,
                    member.id,
                    member.directory_url,
                    member.sieve_server,
                    member.trust_igc_sante as i64,
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.account_by_id(id)
    }

    /// Makes `account_id` the account that opens at start (None: no default).
    pub fn set_default_account(&mut self, account_id: Option<i64>) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE account SET is_default = 0 WHERE is_default = 1", [])?;
            if let Some(id) = account_id {
                tx.execute("UPDATE account SET is_default = 1 WHERE id = ?1", [id])?;
            }
            Ok(())
        })
    }

    pub fn set_notify_to_sign_in(&mut self, account_id: i64, on: bool) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE account SET notify_to_sign_in = ?2 WHERE id = ?1", params![account_id, on as i64])?;
            Ok(())
        })
    }

    pub fn set_trust_igc_sante(&mut self, account_id: i64, on: bool) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE account SET trust_igc_sante = ?2 WHERE id = ?1", params![account_id, on as i64])?;
            Ok(())
        })
    }

    /// What the server said of its personal namespace, kept for naming new folders.
    pub fn set_namespace(&mut self, account_id: i64, namespace: &Namespace) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE account SET folder_prefix = ?2, folder_delimiter = ?3 WHERE id = ?1",
                params![account_id, namespace.prefix, namespace.delimiter.map(String::from)],
            )?;
            Ok(())
        })
    }

    /// How the account signs in from now on, and the practitioner it is bound to.
    pub fn set_sign_in(&mut self, account_id: i64, auth: AuthMethod, practitioner_id: Option<&str>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE account SET auth = ?2, practitioner_id = ?3 WHERE id = ?1",
                params![account_id, auth.as_str(), practitioner_id],
            )?;
            Ok(())
        })
    }

    /// Removes the account and, with it (ON DELETE CASCADE), everything kept for it here.
    pub fn remove_account(&mut self, account_id: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM account WHERE id = ?1", [account_id])?;
            Ok(())
        })
    }

    /// The operator's directory of the account (None: it has none).
    pub fn set_directory_url(&mut self, account_id: i64, url: Option<&str>) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE account SET directory_url = ?2 WHERE id = ?1", params![account_id, url])?;
            Ok(())
        })
    }

    /// This installation's id for the account, drawn the first time it is asked for.
    pub fn device_id(&mut self, account_id: i64) -> Result<String> {
        self.write(|tx| {
            tx.execute("UPDATE account SET device_id = lower(hex(randomblob(16))) WHERE id = ?1 AND device_id IS NULL", [account_id])?;
            Ok(tx.query_row("SELECT device_id FROM account WHERE id = ?1", [account_id], |row| row.get(0))?)
        })
    }

    /// This installation's access to the account was revoked from another one: it stops
    /// connecting, and the next sign-in shows as a new installation (a new id).
    pub fn set_revoked(&mut self, account_id: i64, at: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE account SET revoked_at = ?2, device_id = lower(hex(randomblob(16))) WHERE id = ?1",
                params![account_id, at],
            )?;
            Ok(())
        })
    }

    /// The user signed in to the account again after a revocation.
    pub fn clear_revoked(&mut self, account_id: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE account SET revoked_at = NULL WHERE id = ?1", [account_id])?;
            Ok(())
        })
    }

    /// The account's ManageSieve server (None: the IMAP host's port 4190).
    pub fn set_sieve_server(&mut self, account_id: i64, server: Option<&str>) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE account SET sieve_server = ?2 WHERE id = ?1", params![account_id, server])?;
            Ok(())
        })
    }

    pub fn set_psc_provider(&mut self, account_id: i64, provider: &PscProvider) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE account SET psc_issuer = ?2, psc_client_id = ?3 WHERE id = ?1",
                params![account_id, provider.issuer, provider.client_id],
            )?;
            Ok(())
        })
    }

    pub fn accounts(&self) -> Result<Vec<AccountRecord>> {
        let mut stmt = self.conn().prepare("SELECT * FROM account ORDER BY id")?;
        let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn account_by_id(&self, id: i64) -> Result<AccountRecord> {
        self.conn()
            .query_row("SELECT * FROM account WHERE id = ?1", [id], from_row)
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("account #{id}")))
    }

    pub fn account_by_email(&self, email: &str) -> Result<AccountRecord> {
        self.conn()
            .query_row("SELECT * FROM account WHERE email = ?1 COLLATE NOCASE", [email], from_row)
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("account {email}")))
    }
}
