//! The servers of an address, found in the DNS (RFC 6186 SRV records; Référentiel #2
//! ECO.1.1.9), so that typing the address is enough to start. What is found fills the
//! add-account form, where the user sees it; nothing is found: the form is filled by hand.

mod dns;

use serde::Serialize;
use ts_rs::TS;

use crate::catalogue::Text;
use crate::server::{Security, ServerAddress};
use crate::{EngineError, Result};

pub use dns::TEST_SERVER_VARIABLE;

/// What the DNS says of an address's servers.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct AutoConfig {
    /// The domain that was asked.
    pub domain: String,
    pub imap: Option<FoundServer>,
    pub smtp: Option<FoundServer>,
    /// The operator's directory (`ldaps://host:port`, or `ldap://host:port` with StartTLS),
    /// when announced (`_ldaps._tcp`, `_ldap._tcp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub directory: Option<String>,
    /// The ManageSieve server (`host:port`, STARTTLS) for the auto-reply and forwarding,
    /// when announced (RFC 5804 §1.8 `_sieve._tcp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sieve: Option<String>,
}

/// One server, in the form's own terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct FoundServer {
    /// `host:port`.
    pub address: String,
    /// `implicit` or `starttls`, as the form takes them.
    pub tls: String,
}

impl FoundServer {
    pub fn server(&self) -> Result<ServerAddress> {
        ServerAddress::parse(&self.address, self.tls.parse()?)
    }
}

/// The services asked, best first: implicit TLS before STARTTLS (RFC 8314 §5.1).
const IMAP: [(&str, Security); 2] = [("_imaps._tcp", Security::ImplicitTls), ("_imap._tcp", Security::StartTls)];
const SUBMISSION: [(&str, Security); 2] =
    [("_submissions._tcp", Security::ImplicitTls), ("_submission._tcp", Security::StartTls)];

pub async fn discover(address: &str) -> Result<AutoConfig> {
    let domain = domain_of(address)?;
    let resolver = dns::resolver()?;
    let mut found = AutoConfig { domain: domain.clone(), ..AutoConfig::default() };
    found.imap = first_service(&resolver, &domain, &IMAP).await?;
    found.smtp = first_service(&resolver, &domain, &SUBMISSION).await?;
    found.directory = first_service(&resolver, &domain, &LDAP).await?.map(|server| directory_url(&server));
    found.sieve = first_service(&resolver, &domain, &SIEVE).await?.map(|server| server.address);
    tracing::info!(
        imap = found.imap.is_some(),
        smtp = found.smtp.is_some(),
        directory = found.directory.is_some(),
        sieve = found.sieve.is_some(),
        "servers looked up in the DNS"
    );
    Ok(found)
}

/// The servers to use: those given, and for each one missing, the DNS's. None given and
/// none found: refused with a sentence saying to give them.
pub async fn complete(
    address: &str,
    imap: Option<ServerAddress>,
    smtp: Option<ServerAddress>,
) -> Result<(ServerAddress, ServerAddress)> {
    if let (Some(imap), Some(smtp)) = (&imap, &smtp) {
        return Ok((imap.clone(), smtp.clone()));
    }
    let found = discover(address).await?;
    let pick = |given: Option<ServerAddress>, found: &Option<FoundServer>, key: &str| match (given, found) {
        (Some(given), _) => Ok(given),
        (None, Some(found)) => found.server(),
        (None, None) => Err(EngineError::Refused(vec![Text::new(key).arg("domain", found_domain(address))])),
    };
    Ok((pick(imap, &found.imap, "autoconfig-no-imap")?, pick(smtp, &found.smtp, "autoconfig-no-smtp")?))
}

/// The operator's directory the DNS announces for an address (RFC 2782 `_ldaps._tcp`, then
/// `_ldap._tcp` with StartTLS), as the URL an account keeps; None when it announces none.
pub async fn directory(address: &str) -> Result<Option<String>> {
    let domain = domain_of(address)?;
    let resolver = dns::resolver()?;
    Ok(first_service(&resolver, &domain, &LDAP).await?.map(|server| directory_url(&server)))
}

/// The ManageSieve server the DNS announces for an address (`_sieve._tcp`, STARTTLS), as
/// `host:port`; None when it announces none (the IMAP host's port 4190 is then tried).
pub async fn sieve(address: &str) -> Result<Option<String>> {
    let domain = domain_of(address)?;
    let resolver = dns::resolver()?;
    Ok(first_service(&resolver, &domain, &SIEVE).await?.map(|server| server.address))
}

/// ManageSieve always starts in clear and upgrades with STARTTLS (RFC 5804 §2.2).
const SIEVE: [(&str, Security); 1] = [("_sieve._tcp", Security::StartTls)];

fn directory_url(server: &FoundServer) -> String {
    let scheme = if server.tls == "implicit" { "ldaps" } else { "ldap" };
    format!("{scheme}://{}", server.address)
}

const LDAP: [(&str, Security); 2] = [("_ldaps._tcp", Security::ImplicitTls), ("_ldap._tcp", Security::StartTls)];

fn found_domain(address: &str) -> String {
    domain_of(address).unwrap_or_default()
}

async fn first_service(
    resolver: &hickory_resolver::TokioResolver,
    domain: &str,
    services: &[(&str, Security)],
) -> Result<Option<FoundServer>> {
    for (service, security) in services {
        let records = dns::srv(resolver, &format!("{service}.{domain}.")).await?;
        if let Some(server) = best(&records, *security) {
            return Ok(Some(server));
        }
    }
    Ok(None)
}

/// The record to use: the lowest priority, then the highest weight (RFC 2782 leaves the
/// choice among equal weights to chance; a form wants one answer). A service whose only
/// record targets "." is not offered.
fn best(records: &[dns::SrvRecord], security: Security) -> Option<FoundServer> {
    let record = records
        .iter()
        .filter(|r| r.target.is_some() && r.port != 0)
        .min_by_key(|r| (r.priority, std::cmp::Reverse(r.weight)))?;
    let host = record.target.as_deref()?;
    Some(FoundServer {
        address: if host.contains(':') { format!("[{host}]:{}", record.port) } else { format!("{host}:{}", record.port) },
        tls: match security {
            Security::ImplicitTls => "implicit",
            Security::StartTls => "starttls",
        }
        .to_owned(),
    })
}

fn domain_of(address: &str) -> Result<String> {
    let domain = address
        .trim()
        .rsplit_once('@')
        .map(|(_, domain)| domain.trim_end_matches('.').to_ascii_lowercase())
        .filter(|d| !d.is_empty() && !d.contains(|c: char| c.is_whitespace() || c == '@'))
        .ok_or_else(|| EngineError::InvalidInput(format!("{address:?} is not an e-mail address")))?;
    Ok(domain)
}

#[cfg(test)]
mod tests {
    use super::dns::SrvRecord;
    use super::*;

    fn record(priority: u16, weight: u16, port: u16, target: Option<&str>) -> SrvRecord {
        SrvRecord { priority, weight, port, target: target.map(Into::into) }
    }

    #[test]
    fn the_lowest_priority_then_the_highest_weight() {
        let records = [
            record(10, 5, 993, Some("backup.example.fr")),
            record(0, 1, 993, Some("imap2.example.fr")),
            record(0, 9, 993, Some("imap1.example.fr")),
        ];
        let found = best(&records, Security::ImplicitTls).unwrap();
        assert_eq!(found, FoundServer { address: "imap1.example.fr:993".into(), tls: "implicit".into() });
        assert_eq!(found.server().unwrap().host, "imap1.example.fr");
    }

    #[test]
    fn a_service_decidedly_not_offered_is_none() {
        assert_eq!(best(&[record(0, 0, 0, None)], Security::ImplicitTls), None);
        assert_eq!(best(&[], Security::StartTls), None);
    }

    #[test]
    fn the_domain_of_an_address() {
        assert_eq!(domain_of("Dr.Dupont@Medimail.TEST").unwrap(), "medimail.test");
        assert!(domain_of("pas-une-adresse").is_err());
        assert!(domain_of("a@").is_err());
    }
}
