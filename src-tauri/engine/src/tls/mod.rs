//! One TLS policy for every connection: TLS 1.2 minimum, the system's roots plus an
//! optional extra CA file (an operator's private roots), the shipped IGC-Santé roots for
//! MSSanté hosts when the account asks for them (`igc_sante.rs`), revocation checked
//! against CRLs and OCSP answers kept in the profile (`revocation.rs`, `crl_cache.rs`,
//! `ocsp.rs`), and an optional client identity: a certificate and key in PEM files, or the
//! CPS card.

mod crl_cache;
pub(crate) mod ocsp;
pub mod igc_sante;
pub mod revocation;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::ClientConfig;

use super::{EngineError, Result};
use crate::card::{CardIdentity, CardSession};

#[derive(Debug)]
pub struct TlsPolicy {
    extra_roots_pem: Option<Vec<u8>>,
    identity: Option<Identity>,
    check_revocation: bool,
    /// Set when the IGC-Santé roots are trusted: the account's own hosts, trusted with
    /// them besides the `mssante.fr` names.
    igc_sante_hosts: Option<Vec<String>>,
}

/// Who the client says it is when the server asks for a certificate.
#[derive(Debug)]
enum Identity {
    Pem { cert: Vec<u8>, key: Vec<u8> },
    /// The card signs: its session must have the PIN verified before a handshake.
    Card(Arc<CardSession>),
}

impl TlsPolicy {
    /// Trusts the operating system's roots only, and checks revocation.
    pub fn system() -> Self {
        TlsPolicy { extra_roots_pem: None, identity: None, check_revocation: true, igc_sante_hosts: None }
    }

    /// No revocation check: only for fetching CRLs themselves (they are signed, and
    /// checking the CRL server against CRLs would loop).
    pub(crate) fn without_revocation(mut self) -> Self {
        self.check_revocation = false;
        self
    }

    /// Also trusts the shipped IGC-Santé roots, for MSSanté hosts only: names under
    /// `mssante.fr`, the national directory's, and `account_hosts` (the account's own
    /// servers).
    pub fn trusting_igc_sante(mut self, account_hosts: Vec<String>) -> Self {
        self.igc_sante_hosts = Some(account_hosts);
        self
    }

    /// Also trusts every certificate in the PEM file `path`.
    pub fn with_ca_file(mut self, path: &Path) -> Result<Self> {
        let pem = read(path)?;
        let certs = parse_certificates(&pem, path)?;
        if certs.is_empty() {
            return Err(EngineError::Certificate(format!(
                "{} holds no certificate",
                path.display()
            )));
        }
        self.extra_roots_pem = Some(pem);
        Ok(self)
    }

    /// Presents this certificate chain and key to servers that ask for one.
    pub fn with_client_identity(mut self, cert_path: &Path, key_path: &Path) -> Result<Self> {
        let cert_pem = read(cert_path)?;
        let key_pem = read(key_path)?;
        if parse_certificates(&cert_pem, cert_path)?.is_empty() {
            return Err(EngineError::Certificate(format!(
                "{} holds no certificate",
                cert_path.display()
            )));
        }
        parse_key(&key_pem, key_path)?;
        self.identity = Some(Identity::Pem { cert: cert_pem, key: key_pem });
        Ok(self)
    }

    /// Presents the card's authentication certificate, the card signing the handshake.
    /// Such connections stay in TLS 1.2 (see `card::tls_key`).
    pub fn with_card(mut self, session: Arc<CardSession>) -> Self {
        self.identity = Some(Identity::Card(session));
        self
    }

    pub fn signs_with_card(&self) -> bool {
        matches!(self.identity, Some(Identity::Card(_)))
    }

    pub fn extra_roots_pem(&self) -> Option<&[u8]> {
        self.extra_roots_pem.as_deref()
    }

    pub fn identity_pem(&self) -> Option<(&[u8], &[u8])> {
        match &self.identity {
            Some(Identity::Pem { cert, key }) => Some((cert.as_slice(), key.as_slice())),
            _ => None,
        }
    }

    /// Checks that a client certificate (the CPS card's) chains to the extra roots of this
    /// policy (the IGC-Santé roots configured for the account) and is valid today. Without
    /// extra roots there is nothing configured to check against, and the server decides.
    pub fn verify_client_chain(&self, certificate_der: &[u8]) -> Result<()> {
        let Some(pem) = &self.extra_roots_pem else { return Ok(()) };
        let mut roots = rustls::RootCertStore::empty();
        for cert in parse_certificates(pem, Path::new("CA file"))? {
            roots.add(cert).map_err(|e| EngineError::Certificate(format!("CA certificate refused: {e}")))?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|e| EngineError::Internal(format!("certificate check setup: {e}")))?;
        let end_entity = CertificateDer::from(certificate_der.to_vec());
        verifier
            .verify_client_cert(&end_entity, &[], rustls::pki_types::UnixTime::now())
            .map(|_| ())
            .map_err(|e| EngineError::Certificate(format!("the card's certificate is not trusted by the account's roots: {e}")))
    }

    /// Starts reading the system's roots on another thread, so that the reading overlaps
    /// whatever comes before the first handshake (a keyring lookup, a DNS query).
    pub fn prepare() {
        if SYSTEM_ROOTS.get().is_none() {
            std::thread::spawn(system_roots);
        }
    }

    pub fn client_config(&self) -> Result<Arc<ClientConfig>> {
        let mut roots = system_roots().clone();
        if let Some(pem) = &self.extra_roots_pem {
            for cert in parse_certificates(pem, Path::new("CA file"))? {
                roots
                    .add(cert)
                    .map_err(|e| EngineError::Certificate(format!("CA certificate refused: {e}")))?;
            }
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        // The card signs PKCS#1 v1.5 only, which TLS 1.3's CertificateVerify does not allow.
        let versions: &[&rustls::SupportedProtocolVersion] = if self.signs_with_card() {
            &[&rustls::version::TLS12]
        } else {
            &[&rustls::version::TLS13, &rustls::version::TLS12]
        };
        let mssante = self.igc_sante_hosts.as_ref().map(|hosts| {
            let mut with_igc = roots.clone();
            with_igc.add_parsable_certificates(igc_sante::roots());
            (with_igc, hosts.clone())
        });
        let verifier = revocation::PolicyVerifier::new(Arc::clone(&provider), roots, mssante, self.check_revocation);
        // "dangerous" is rustls' name for any verifier of one's own; this one is WebPki's,
        // with revocation and the roots chosen by host on top (revocation.rs).
        let builder = ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .map_err(|e| EngineError::Internal(format!("TLS setup: {e}")))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier));
        let config = match &self.identity {
            Some(Identity::Card(session)) => builder.with_client_cert_resolver(Arc::new(CardIdentity::new(Arc::clone(session)))),
            Some(Identity::Pem { cert: cert_pem, key: key_pem }) => {
                let chain = parse_certificates(cert_pem, Path::new("client certificate"))?;
                let key = parse_key(key_pem, Path::new("client key"))?;
                builder
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| EngineError::Certificate(format!("client certificate: {e}")))?
            }
            None => builder.with_no_client_auth(),
        };
        Ok(Arc::new(config))
    }
}

/// The refusals that have a message of their own: an expired or a revoked server
/// certificate. `err` is whatever carried rustls' error up (tokio-rustls' `io::Error`,
/// reqwest's and ldap3's errors): its causes are searched.
pub fn certificate_refusal(err: &(dyn std::error::Error + 'static), server: &str) -> Option<EngineError> {
    use rustls::CertificateError as Cert;
    let mut cause = Some(err);
    while let Some(e) = cause {
        match e.downcast_ref::<rustls::Error>() {
            Some(rustls::Error::InvalidCertificate(Cert::Expired | Cert::ExpiredContext { .. })) => {
                return Some(EngineError::CertificateExpired(server.to_owned()))
            }
            Some(rustls::Error::InvalidCertificate(Cert::Revoked)) => return Some(EngineError::CertificateRevoked(server.to_owned())),
            _ => {}
        }
        // An io::Error's `source()` skips the error it wraps: that one is the next cause.
        cause = match e.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        };
    }
    None
}

/// The name the server certificate must match: a DNS name or an IP address.
pub fn server_name(host: &str) -> Result<ServerName<'static>> {
    ServerName::try_from(host.to_owned())
        .map_err(|_| EngineError::InvalidInput(format!("invalid server name {host:?}")))
}

static SYSTEM_ROOTS: OnceLock<rustls::RootCertStore> = OnceLock::new();

/// The operating system's roots, read once per process: the app opens many IMAP
/// connections (sync, IDLE, actions), and reading and parsing the roots takes milliseconds.
fn system_roots() -> &'static rustls::RootCertStore {
    SYSTEM_ROOTS.get_or_init(|| {
        let mut roots = rustls::RootCertStore::empty();
        // Unreadable system certificates are skipped: one bad file must not stop mail.
        roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        roots
    })
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| EngineError::File {
        path: path.to_path_buf(),
        source,
    })
}

fn parse_certificates(pem: &[u8], origin: &Path) -> Result<Vec<CertificateDer<'static>>> {
    CertificateDer::pem_slice_iter(pem)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| EngineError::Certificate(format!("{}: {e}", origin.display())))
}

fn parse_key(pem: &[u8], origin: &Path) -> Result<PrivateKeyDer<'static>> {
    PrivateKeyDer::from_pem_slice(pem)
        .map_err(|e| EngineError::Certificate(format!("{}: no usable private key ({e})", origin.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_certificates_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("empty.pem");
        std::fs::write(&path, "not a certificate\n").unwrap();
        let err = TlsPolicy::system().with_ca_file(&path).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Certificate);
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        let err = TlsPolicy::system()
            .with_ca_file(Path::new("/nonexistent/ca.pem"))
            .unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Io);
    }

    #[test]
    fn expired_and_revoked_server_certificates_have_their_own_errors() {
        use rustls::CertificateError as Cert;
        // As tokio-rustls reports them: an io::Error around rustls' error.
        let wrapped = |e: Cert| std::io::Error::new(std::io::ErrorKind::InvalidData, rustls::Error::InvalidCertificate(e));
        let refusal = |e: Cert| certificate_refusal(&wrapped(e), "imap.example:993").map(|e| e.code());
        assert_eq!(refusal(Cert::Revoked), Some(crate::ErrorCode::CertificateRevoked));
        assert_eq!(refusal(Cert::Expired), Some(crate::ErrorCode::CertificateExpired));
        let now = rustls::pki_types::UnixTime::now();
        assert_eq!(refusal(Cert::ExpiredContext { time: now, not_after: now }), Some(crate::ErrorCode::CertificateExpired));
        assert_eq!(refusal(Cert::UnknownIssuer), None, "other refusals keep the general certificate error");
        // Deeper in a chain of causes (reqwest, ldap3).
        let outer = std::io::Error::other(wrapped(Cert::Revoked));
        assert_eq!(certificate_refusal(&outer, "x").map(|e| e.code()), Some(crate::ErrorCode::CertificateRevoked));
    }

    #[test]
    fn system_policy_names_the_server_and_shows_no_client_certificate() {
        let config = TlsPolicy::system().client_config().unwrap();
        // The server name goes out (SNI): operators host several names on one address.
        assert!(config.enable_sni);
        // Without a card or certificate set for the account, none is offered.
        assert!(!config.client_auth_cert_resolver.has_certs());
        // Only TLS 1.2 and 1.3 suites, from the one provider the app uses.
        let versions: Vec<_> = config.crypto_provider().cipher_suites.iter().map(|s| s.version().version).collect();
        assert!(!versions.is_empty());
        assert!(versions
            .iter()
            .all(|v| *v == rustls::ProtocolVersion::TLSv1_2 || *v == rustls::ProtocolVersion::TLSv1_3));
    }
}
