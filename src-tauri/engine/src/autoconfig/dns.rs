//! SRV lookups. The only place that names the DNS library.

use std::net::SocketAddr;

use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RData;
use hickory_resolver::{Resolver, TokioResolver};

use crate::{EngineError, Result};

/// Where tests point the lookups (a local DNS server, `host:port`): the system's resolver
/// otherwise. Never set in use.
pub const TEST_SERVER_VARIABLE: &str = "MEDIMAIL_DNS_SERVER";

/// One SRV record (RFC 2782). `target` None: "decidedly not available here" (target ".").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrvRecord {
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    pub target: Option<String>,
}

pub fn resolver() -> Result<TokioResolver> {
    let failed = |e: &dyn std::fmt::Display| dns_error(&e.to_string());
    match std::env::var(TEST_SERVER_VARIABLE) {
        Ok(server) => {
            let address: SocketAddr = server
                .parse()
                .map_err(|_| EngineError::InvalidInput(format!("{TEST_SERVER_VARIABLE} must be ip:port")))?;
            let mut udp = ConnectionConfig::udp();
            udp.port = address.port();
            let mut tcp = ConnectionConfig::tcp();
            tcp.port = address.port();
            let server = NameServerConfig::new(address.ip(), true, vec![udp, tcp]);
            let config = ResolverConfig::from_name_servers(vec![server]);
            Resolver::builder_with_config(config, TokioRuntimeProvider::default())
                .build()
                .map_err(|e| failed(&e))
        }
        Err(_) => TokioResolver::builder_tokio()
            .map_err(|e| failed(&e))?
            .build()
            .map_err(|e| failed(&e)),
    }
}

/// The SRV records of `name` (fully qualified); none when the name or the records do not exist.
pub async fn srv(resolver: &TokioResolver, name: &str) -> Result<Vec<SrvRecord>> {
    let lookup = match resolver.srv_lookup(name).await {
        Ok(lookup) => lookup,
        Err(e) if e.is_no_records_found() || e.is_nx_domain() => return Ok(Vec::new()),
        Err(e) => return Err(dns_error(&e.to_string())),
    };
    Ok(lookup
        .answers()
        .iter()
        .filter_map(|record| match &record.data {
            RData::SRV(srv) => Some(SrvRecord {
                priority: srv.priority,
                weight: srv.weight,
                port: srv.port,
                target: (!srv.target.is_root()).then(|| srv.target.to_utf8().trim_end_matches('.').to_owned()),
            }),
            _ => None,
        })
        .collect())
}

fn dns_error(detail: &str) -> EngineError {
    EngineError::Connect {
        server: "DNS".into(),
        source: std::io::Error::other(format!("the DNS lookup failed: {detail}")),
    }
}
