//! What the scripted servers share (hostile IMAP and SMTP servers, the revocation test's
//! IMAP server, the directory and update servers): TLS with a certificate the accounts
//! trust, and a thread per connection reading it by lines.

use std::io::BufReader;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::Operator;

/// One accepted connection, after the TLS handshake, read by lines; `get_mut()` writes.
pub type TlsLines = BufReader<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>;

/// The local operator's server certificate, which the test accounts already trust.
pub fn tls_config(op: &Operator) -> Arc<rustls::ServerConfig> {
    let pki = op.env.ca_file.parent().expect("the operator's PKI folder");
    tls_config_from(&pki.join("server.chain.pem"), &pki.join("server.key.pem"))
}

/// A server presenting the chain and key of these PEM files.
pub fn tls_config_from(chain_pem: &Path, key_pem: &Path) -> Arc<rustls::ServerConfig> {
    tls_config_stapling(chain_pem, key_pem, Vec::new())
}

/// The same, stapling `ocsp` (an OCSP response's DER; none when empty) to its certificate.
pub fn tls_config_stapling(chain_pem: &Path, key_pem: &Path, ocsp: Vec<u8>) -> Arc<rustls::ServerConfig> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(chain_pem)
        .expect("server chain")
        .collect::<Result<_, _>>()
        .expect("server chain parses");
    let key = PrivateKeyDer::from_pem_file(key_pem).expect("server key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert_with_ocsp(chain, key, ocsp)
        .expect("server certificate");
    Arc::new(config)
}

/// Serves every connection of `listener` on its own thread until the test ends: the TLS
/// handshake with `config`, then `session` on the connection.
pub fn serve_tls<F>(listener: TcpListener, config: Arc<rustls::ServerConfig>, session: F)
where
    F: Fn(&mut TlsLines) -> std::io::Result<()> + Send + Sync + 'static,
{
    let session = Arc::new(session);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (config, session) = (config.clone(), session.clone());
            std::thread::spawn(move || -> std::io::Result<()> {
                let connection = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
                session(&mut BufReader::new(rustls::StreamOwned::new(connection, stream)))
            });
        }
    });
}
