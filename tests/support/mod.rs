//! Test support: a private local operator per test (Dovecot, Postfix, slapd on free
//! loopback ports in a temporary folder), started with the project's own script.

#![allow(dead_code)]

pub mod card;
pub mod check;
pub mod cli;
pub mod notify;
pub mod probe;
pub mod proxy;
pub mod scripted;
pub mod psc;
pub mod watch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Env {
    pub dir: PathBuf,
    pub host: String,
    pub domain: String,
    pub ca_file: PathBuf,
    pub ports: Ports,
    pub accounts: Vec<Account>,
    /// Every IMAP server of the operator: `dovecot` always; `courier`, `courier_plain`,
    /// `cyrus`, `cyrus_plain` when started with them (`Operator::start_with`).
    #[serde(default)]
    pub imap_servers: BTreeMap<String, ImapServer>,
    /// The operator's DNS server (dnsmasq) with the RFC 6186 SRV records of `domain`,
    /// `starttls.<domain>` and `refused.<domain>`.
    pub dns: Dns,
    /// The Pro Santé Connect-like provider, when started with it (`Operator::start_psc`).
    #[serde(default)]
    pub psc: Option<Psc>,
    /// The operator's directory (slapd).
    pub ldap: Ldap,
    /// The password of every directory-only mailbox.
    pub directory_password: String,
}

/// env.json `ldap`: slapd on loopback with StartTLS (the server certificate: trust
/// `ca_file`), anonymous read of visible entries, users bind as
/// `mail=<address>,<people_dn or organisations_dn>` with their mail password.
#[derive(Debug, Clone, Deserialize)]
pub struct Ldap {
    /// `ldap://127.0.0.1:<ports.ldap>`.
    pub url: String,
    pub base_dn: String,
    pub bind_dn: String,
    pub bind_password: String,
    pub people_dn: String,
    pub organisations_dn: String,
}

/// env.json `psc`: a local OpenID Connect provider shaped like Pro Santé Connect (HTTPS
/// with the operator's server certificate: trust `ca_file`). Dovecot (IMAP) and Postfix
/// (submission) accept its access tokens with SASL XOAUTH2 and OAUTHBEARER.
#[derive(Debug, Clone, Deserialize)]
pub struct Psc {
    /// `https://localhost:<port>/auth/realms/esante-wallet`.
    pub issuer: String,
    /// PSC's own discovery path: `<issuer>/.well-known/wallet-openid-configuration`.
    pub discovery_url: String,
    /// The standard one, same document.
    pub openid_configuration_url: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    /// Backchannel (CIBA, poll mode): `<issuer>/protocol/openid-connect/ext/ciba/auth`.
    pub ciba_endpoint: String,
    /// Public client (no secret, PKCE S256), redirect URIs on http://127.0.0.1, any port.
    pub client_id: String,
    pub redirect_uris: Vec<String>,
    /// "openid scope_all".
    pub scope: String,
    /// "eidas1".
    pub acr_values: String,
    /// Access and ID token lifetime, seconds.
    pub access_ttl: u64,
    pub refresh_ttl: u64,
    /// The provider's log (requests, never tokens).
    pub log: PathBuf,
    /// Practitioners known to PSC.
    pub practitioners: Vec<PscPractitioner>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PscPractitioner {
    /// Account key ("physician", "intern").
    pub key: String,
    /// What the practitioner types in PSC's login form or gives as CIBA login_hint.
    pub login: String,
    /// "8" + RPPS, as in the ID token and the CPS certificate CN.
    pub subject_name_id: String,
    pub email: String,
}

/// env.json `dns`: a DNS server on `host:port` (UDP and TCP) answering the SRV records of
/// the test domains and NXDOMAIN for any other name. SRV targets are `localhost`.
#[derive(Debug, Clone, Deserialize)]
pub struct Dns {
    pub host: String,
    pub port: u16,
}

/// One IMAP server of the operator (env.json `imap_servers`), all with the same accounts
/// and passwords and the operator's test CA.
#[derive(Debug, Clone, Deserialize)]
pub struct ImapServer {
    pub host: String,
    /// Implicit TLS.
    pub imaps: u16,
    /// STARTTLS, when the server has such a listener.
    pub imap: Option<u16>,
    /// Personal namespace: "" (Dovecot, Cyrus) or "INBOX." (Courier).
    pub personal_prefix: String,
    /// Hierarchy delimiter: "/" (Dovecot, Cyrus) or "." (Courier).
    pub delimiter: String,
    /// As announced after LOGIN.
    pub capabilities: Vec<String>,
}

impl ImapServer {
    pub fn has(&self, capability: &str) -> bool {
        self.capabilities.iter().any(|c| c.eq_ignore_ascii_case(capability))
    }

    /// The path the app shows for a server name: "INBOX.A.B" is "A/B" on Courier.
    pub fn path_of(&self, name: &str) -> String {
        let inside = match name.strip_prefix(&self.personal_prefix) {
            Some(rest) if !self.personal_prefix.is_empty() && !rest.is_empty() => rest,
            _ => name,
        };
        inside.replace(&self.delimiter, "/")
    }

    /// The server's name of a personal folder given with "/" between levels: "A/B" is
    /// "INBOX.A.B" on Courier.
    pub fn folder(&self, name: &str) -> String {
        if name.eq_ignore_ascii_case("INBOX") {
            return "INBOX".to_owned();
        }
        format!("{}{}", self.personal_prefix, name.replace('/', &self.delimiter))
    }
}

#[derive(Debug, Deserialize)]
pub struct Ports {
    pub imaps: u16,
    pub imap: u16,
    pub submission: u16,
    pub submissions: u16,
    pub smtp: u16,
    pub lmtp: u16,
    pub managesieve: u16,
    pub ldap: u16,
    /// Dovecot submission, STARTTLS, AUTH EXTERNAL with a CPS client certificate (and
    /// PLAIN/LOGIN, and XOAUTH2/OAUTHBEARER with PSC).
    pub submission_cert: u16,
    /// The same, implicit TLS.
    pub submissions_cert: u16,
    /// The PSC provider's HTTPS port, with `psc` only.
    #[serde(default)]
    pub psc: Option<u16>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Account {
    pub key: String,
    pub email: String,
    pub login: String,
    pub password: String,
    pub kind: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub rpps: Option<String>,
    /// PSC's SubjectNameID ("8" + RPPS) for practitioners, else None.
    #[serde(default)]
    pub subject_name_id: Option<String>,
    #[serde(default)]
    pub client_cert: Option<PathBuf>,
    #[serde(default)]
    pub client_key: Option<PathBuf>,
}

pub struct Operator {
    // Kept for its Drop: the folder goes once the daemons are stopped.
    _tmp: tempfile::TempDir,
    pub env: Env,
}

fn script() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("dev/operator/operator")
}

impl Operator {
    /// Dovecot, Postfix and slapd.
    pub fn start() -> Operator {
        Operator::start_with(&[])
    }

    /// The same, plus other IMAP servers beside Dovecot: `"courier"` (Courier-IMAP 5.0)
    /// and/or `"cyrus"` (Cyrus IMAP 3.6), each on its own ports; see `server()`.
    pub fn start_with(servers: &[&str]) -> Operator {
        Operator::launch(servers, None)
    }

    /// Dovecot, Postfix, slapd and the Pro Santé Connect-like provider (see `Env::psc`,
    /// `support::psc`), its access and ID tokens living `access_ttl_secs` seconds (PSC's
    /// default here: 120; a short one lets a test see a token expire).
    pub fn start_psc(access_ttl_secs: u64) -> Operator {
        Operator::launch(&["psc"], Some(access_ttl_secs))
    }

    /// `servers` may also name "psc" (default lifetimes, unless `psc_access_ttl`).
    pub fn launch(servers: &[&str], psc_access_ttl: Option<u64>) -> Operator {
        let tmp = tempfile::Builder::new()
            .prefix("medimail-op-")
            .tempdir()
            .expect("temporary folder");
        // The daemons drop privileges; they must be able to walk into their folder.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755))
                .expect("chmod temporary folder");
        }
        let dir = tmp.path().join("op");
        let mut command = Command::new(script());
        command.arg("start").arg("--dir").arg(&dir);
        if !servers.is_empty() {
            command.arg("--with").arg(servers.join(","));
        }
        if let Some(ttl) = psc_access_ttl {
            command.arg("--psc-access-ttl").arg(ttl.to_string());
        }
        let output = command.output().expect("run dev/operator/operator");
        if !output.status.success() {
            // Stop whatever did start before failing the test.
            let _ = Command::new(script()).arg("stop").arg("--dir").arg(&dir).output();
            panic!(
                "operator start failed:\n{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let env: Env = serde_json::from_slice(
            &std::fs::read(dir.join("env.json")).expect("env.json written by operator start"),
        )
        .expect("env.json parses");
        Operator { _tmp: tmp, env }
    }

    /// An IMAP server by its env.json name: "dovecot", "courier", "courier_plain" (no
    /// UIDPLUS), "cyrus", "cyrus_plain" (no MOVE, UIDPLUS, CONDSTORE, QRESYNC).
    pub fn server(&self, name: &str) -> &ImapServer {
        self.env.imap_servers.get(name).unwrap_or_else(|| {
            panic!(
                "no IMAP server {name:?} in env.json (started with Operator::start_with?): {:?}",
                self.env.imap_servers.keys().collect::<Vec<_>>()
            )
        })
    }

    /// env.json `psc`; panics when the operator runs without it.
    pub fn psc(&self) -> &Psc {
        self.env
            .psc
            .as_ref()
            .expect("no psc in env.json: start with Operator::start_psc")
    }

    pub fn account(&self, key: &str) -> &Account {
        self.env
            .accounts
            .iter()
            .find(|a| a.key == key)
            .unwrap_or_else(|| panic!("no {key} account in env.json"))
    }

    /// `count` generated messages into `folder` of `email` on `server` (dovecot, courier, cyrus).
    pub fn seed_bulk(&self, email: &str, folder: &str, count: u32, server: &str) {
        let output = Command::new(script())
            .args(["seed", "--dir"])
            .arg(&self.env.dir)
            .args(["--count", &count.to_string(), "--mailbox", email, "--folder", folder, "--server", server])
            .output()
            .expect("run operator seed");
        assert!(
            output.status.success(),
            "operator seed --count failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    pub fn seed(&self) {
        // Output captured: its JSON summary would otherwise clutter every test's output.
        let output = Command::new(script())
            .arg("seed")
            .arg("--dir")
            .arg(&self.env.dir)
            .output()
            .expect("run operator seed");
        assert!(
            output.status.success(),
            "operator seed failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for Operator {
    fn drop(&mut self) {
        let _ = Command::new(script())
            .arg("stop")
            .arg("--dir")
            .arg(&self.env.dir)
            .output();
    }
}

/// Polls (bounded) until `check` holds.
pub fn eventually(what: &str, limit: Duration, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !check() {
        assert!(Instant::now() < deadline, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
