//! Reaching the operator's directory: its URL, TLS first (implicit or StartTLS), the base
//! DN, and binding as the user.

use std::time::Duration;

use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, LdapError, Scope, SearchEntry};
use secrecy::{ExposeSecret, SecretString};

use crate::tls::TlsPolicy;
use crate::{EngineError, Result};

/// `ldaps://host[:port][/base]` or `ldap://host[:port][/base]` (RFC 4516, base DN
/// percent-encoded). `ldap://` always upgrades with StartTLS before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryUrl {
    pub implicit_tls: bool,
    pub host: String,
    pub port: u16,
    /// None: read from the server's root DSE (`namingContexts`).
    pub base_dn: Option<String>,
}

impl DirectoryUrl {
    pub fn parse(url: &str) -> Result<DirectoryUrl> {
        let invalid = || EngineError::InvalidInput(format!("{url:?} is not an LDAP address (ldaps://host:port or ldap://host:port)"));
        let url = url.trim();
        let (implicit_tls, rest) = if let Some(rest) = url.strip_prefix("ldaps://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("ldap://") {
            (false, rest)
        } else {
            return Err(invalid());
        };
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        // Query parts (?attributes?scope?filter) are not ours to take: only the base counts.
        let path = path.split('?').next().unwrap_or("");
        let default_port = if implicit_tls { 636 } else { 389 };
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (host, after) = v6.split_once(']').ok_or_else(invalid)?;
            let port = match after.strip_prefix(':') {
                Some(p) => p.parse::<u16>().map_err(|_| invalid())?,
                None if after.is_empty() => default_port,
                None => return Err(invalid()),
            };
            (host.to_owned(), port)
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host.to_owned(), port.parse::<u16>().map_err(|_| invalid())?),
                None => (authority.to_owned(), default_port),
            }
        };
        if host.is_empty() || port == 0 || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let base = percent_encoding::percent_decode_str(path).decode_utf8().map_err(|_| invalid())?.trim().to_owned();
        Ok(DirectoryUrl { implicit_tls, host, port, base_dn: (!base.is_empty()).then_some(base) })
    }

    /// The URL ldap3 connects to (without the base).
    fn connect_url(&self) -> String {
        let scheme = if self.implicit_tls { "ldaps" } else { "ldap" };
        if self.host.contains(':') {
            format!("{scheme}://[{}]:{}", self.host, self.port)
        } else {
            format!("{scheme}://{}:{}", self.host, self.port)
        }
    }

    fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// Who the connection is.
pub enum Credentials {
    /// Reading what the operator publishes to everyone.
    Anonymous,
    /// The user themselves, with their mail password.
    Password { address: String, password: SecretString },
    /// SASL EXTERNAL: the client certificate of the TLS handshake (the CPS card) names the user.
    Certificate,
}

/// A connection to the operator's directory, TLS up, bound.
pub struct Directory {
    pub(super) ldap: Ldap,
    pub(super) base_dn: String,
    /// The user's own entry, when bound as the user.
    pub(super) own_dn: Option<String>,
}

impl Directory {
    /// Connects, starts TLS and binds, every step within `timeout`.
    pub async fn open(url: &DirectoryUrl, tls: &TlsPolicy, credentials: Credentials, timeout: Duration) -> Result<Directory> {
        let config = tls.client_config()?;
        let settings = LdapConnSettings::new()
            .set_conn_timeout(timeout)
            .set_starttls(!url.implicit_tls)
            .set_config(config);
        let address = url.connect_url();
        let connecting = LdapConnAsync::with_settings(settings, &address);
        let (conn, mut ldap) = tokio::time::timeout(timeout, connecting)
            .await
            .map_err(|_| EngineError::Timeout(timeout.as_secs().max(1)))?
            .map_err(|e| connect_error(url, e))?;
        ldap3::drive!(conn);
        ldap.with_timeout(timeout);
        let base_dn = match &url.base_dn {
            Some(base) => base.clone(),
            None => naming_context(&mut ldap).await.map_err(|e| ldap_error(url, e))?,
        };
        let mut directory = Directory { ldap, base_dn, own_dn: None };
        match credentials {
            Credentials::Anonymous => {}
            Credentials::Password { address, password } => directory.bind_as(url, &address, &password).await?,
            Credentials::Certificate => {
                let result = directory.ldap.sasl_external_bind().await.map_err(|e| ldap_error(url, e))?;
                if result.rc != 0 {
                    return Err(bind_refused(result.rc));
                }
                let who = directory.ldap.extended(ldap3::exop::WhoAmI).await.map_err(|e| ldap_error(url, e))?;
                let (exop, _) = who.success().map_err(|e| ldap_error(url, e))?;
                let parsed: ldap3::exop::WhoAmIResp = exop.parse();
                directory.own_dn = parsed.authzid.strip_prefix("dn:").map(str::to_owned);
            }
        }
        Ok(directory)
    }

    /// Simple bind as the user: their entry found by its address. The operator hides an
    /// entry its owner hid from everyone else, anonymous searches included, so when the
    /// search finds nothing the usual names under each branch (`mail=<address>,ou=…`) are
    /// tried, the password deciding.
    async fn bind_as(&mut self, url: &DirectoryUrl, address: &str, password: &SecretString) -> Result<()> {
        let filter = format!("(mail={})", ldap3::ldap_escape(address));
        let found = self.search_dns(&filter, Scope::Subtree).await.map_err(|e| ldap_error(url, e))?;
        let mut candidates = found;
        if candidates.is_empty() {
            let branches = self.search_dns("(objectClass=organizationalUnit)", Scope::OneLevel).await.map_err(|e| ldap_error(url, e))?;
            let rdn = ldap3::dn_escape(address);
            candidates = branches.iter().map(|b| format!("mail={rdn},{b}")).collect();
        }
        for dn in candidates {
            let result = self.ldap.simple_bind(&dn, password.expose_secret()).await.map_err(|e| ldap_error(url, e))?;
            match result.rc {
                0 => {
                    self.own_dn = Some(dn);
                    return Ok(());
                }
                // invalidCredentials: a wrong password, or not this name.
                49 => continue,
                rc => return Err(bind_refused(rc)),
            }
        }
        Err(EngineError::AuthFailed)
    }

    async fn search_dns(&mut self, filter: &str, scope: Scope) -> std::result::Result<Vec<String>, LdapError> {
        let base = self.base_dn.clone();
        let (entries, _) = self.ldap.search(&base, scope, filter, vec!["1.1"]).await?.success()?;
        Ok(entries.into_iter().map(|e| SearchEntry::construct(e).dn).collect())
    }

    pub async fn close(mut self) {
        // Leaving politely; a failure here changes nothing for the user.
        let _ = self.ldap.unbind().await;
    }
}

async fn naming_context(ldap: &mut Ldap) -> std::result::Result<String, LdapError> {
    let (entries, _) = ldap.search("", Scope::Base, "(objectClass=*)", vec!["namingContexts"]).await?.success()?;
    let context = entries
        .into_iter()
        .flat_map(|e| SearchEntry::construct(e).attrs.into_iter())
        .find(|(k, _)| k.eq_ignore_ascii_case("namingContexts"))
        .and_then(|(_, v)| v.into_iter().next());
    Ok(context.unwrap_or_default())
}

fn bind_refused(rc: u32) -> EngineError {
    match rc {
        48..=50 => EngineError::AuthFailed,
        other => EngineError::Server(format!("LDAP bind refused (result code {other})")),
    }
}

fn connect_error(url: &DirectoryUrl, err: LdapError) -> EngineError {
    ldap_error(url, err)
}

/// ldap3's errors in the engine's terms. Never the server's diagnostic text (it may quote
/// values).
pub(super) fn ldap_error(url: &DirectoryUrl, err: LdapError) -> EngineError {
    if let Some(refusal) = crate::tls::certificate_refusal(&err, &url.server()) {
        return refusal;
    }
    match err {
        LdapError::Io { source } => match source.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
            Some(tls) => EngineError::Tls { server: url.server(), detail: tls.to_string() },
            None => EngineError::Connect { server: url.server(), source },
        },
        LdapError::Rustls { source } => EngineError::Tls { server: url.server(), detail: source.to_string() },
        LdapError::DNSName { source } => EngineError::Tls { server: url.server(), detail: source.to_string() },
        LdapError::Timeout { .. } => EngineError::Timeout(5),
        LdapError::LdapResult { result } => match result.rc {
            // StartTLS refused: the server cannot protect the link; nothing is sent in clear.
            rc if rc == 2 || rc == 52 => EngineError::Unsupported(format!("StartTLS on {} (result code {rc})", url.server())),
            50 => EngineError::DirectoryWriteRefused("insufficientAccessRights (50)".into()),
            rc => EngineError::Server(format!("LDAP result code {rc}")),
        },
        LdapError::EndOfStream | LdapError::ResultRecv { .. } | LdapError::OpSend { .. } => {
            EngineError::ConnectionLost(format!("LDAP connection to {}", url.server()))
        }
        other => EngineError::Server(format!("LDAP: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directory_urls() {
        let u = DirectoryUrl::parse("ldap://127.0.0.1:3890").unwrap();
        assert_eq!((u.implicit_tls, u.host.as_str(), u.port, u.base_dn.as_deref()), (false, "127.0.0.1", 3890, None));
        let u = DirectoryUrl::parse("ldaps://annuaire.example.fr/dc=medimail,dc=fr").unwrap();
        assert_eq!((u.implicit_tls, u.port, u.base_dn.as_deref()), (true, 636, Some("dc=medimail,dc=fr")));
        let u = DirectoryUrl::parse("ldap://[::1]:389/ou=a%20b,dc=x??sub").unwrap();
        assert_eq!((u.host.as_str(), u.base_dn.as_deref()), ("::1", Some("ou=a b,dc=x")));
        for bad in ["http://x", "ldap://", "ldap://host:0", "ldap://host:99999", "ldap://ho st", "x"] {
            assert!(DirectoryUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
