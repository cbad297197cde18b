//! An account as the window's "add an account" form gives it: plain strings, checked here
//! into an [`AddAccount`].

use std::path::PathBuf;

use secrecy::SecretString;
use serde::Deserialize;
use ts_rs::TS;

use super::api::{AddAccount, Credentials};
use super::compose::AccountKind;
use super::types::AuthMethod;
use super::server::{Security, ServerAddress};
use super::Result;

/// No `Debug`: it holds the password.
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct AccountSetup {
    pub email: String,
    pub display_name: Option<String>,
    /// Defaults to the address.
    pub login: Option<String>,
    /// `host:port`; blank: looked up in the DNS from the address.
    pub imap: String,
    pub smtp: String,
    /// `implicit` (IMAPS 993, SMTPS 465) or `starttls` (143, 587).
    pub imap_tls: String,
    pub smtp_tls: String,
    pub ca_file: Option<String>,
    pub kind: AccountKind,
    /// How it signs in: the password below, or the card with the PIN below.
    pub auth: AuthMethod,
    /// The password (password accounts).
    pub password: String,
    /// The card's PIN (card accounts): presented to the card, never kept.
    pub pin: String,
    /// The operator's page for resetting the password (optional).
    #[serde(default)]
    #[ts(optional)]
    pub password_reset_url: Option<String>,
    /// The operator's directory (`ldaps://…` or `ldap://…`, StartTLS); blank: from the DNS.
    #[serde(default)]
    #[ts(optional)]
    pub directory_url: Option<String>,
    /// The ManageSieve server (`host:port`, STARTTLS); blank: the IMAP host's port 4190.
    #[serde(default)]
    #[ts(optional)]
    pub sieve: Option<String>,
    /// "Faire confiance aux autorités de certification IGC-Santé pour les domaines
    /// MSSanté"; absent: on for MSSanté addresses and servers.
    #[serde(default)]
    #[ts(optional)]
    pub trust_igc_sante: Option<bool>,
}

impl TryFrom<AccountSetup> for AddAccount {
    type Error = super::EngineError;

    fn try_from(setup: AccountSetup) -> Result<AddAccount> {
        let imap_tls: Security = setup.imap_tls.parse()?;
        let smtp_tls: Security = setup.smtp_tls.parse()?;
        let blank_is_none = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        Ok(AddAccount {
            email: setup.email.trim().to_owned(),
            display_name: blank_is_none(setup.display_name),
            login: blank_is_none(setup.login),
            imap: server(&setup.imap, imap_tls)?,
            smtp: server(&setup.smtp, smtp_tls)?,
            ca_file: blank_is_none(setup.ca_file).map(PathBuf::from),
            kind: setup.kind,
            credentials: match setup.auth {
                AuthMethod::Card => Credentials::Card { pin: SecretString::from(setup.pin) },
                AuthMethod::Password => Credentials::Password(SecretString::from(setup.password)),
                AuthMethod::Psc => return Err(super::EngineError::Unsupported("Pro Santé Connect sign-in".into())),
            },
            verify: true,
            password_reset_url: blank_is_none(setup.password_reset_url),
            directory_url: blank_is_none(setup.directory_url),
            sieve: server(setup.sieve.as_deref().unwrap_or_default(), Security::StartTls)?,
            trust_igc_sante: setup.trust_igc_sante,
        })
    }
}

fn server(host_port: &str, security: Security) -> Result<Option<ServerAddress>> {
    match host_port.trim() {
        "" => Ok(None),
        given => ServerAddress::parse(given, security).map(Some),
    }
}
