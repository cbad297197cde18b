//! What the scripted hostile servers share (tests/hostile_server.rs, tests/hostile_smtp.rs):
//! TLS with the local operator's server certificate, which the accounts already trust.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::Operator;

pub fn tls_config(op: &Operator) -> Arc<rustls::ServerConfig> {
    let pki = op.env.ca_file.parent().expect("the operator's PKI folder");
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(pki.join("server.chain.pem"))
        .expect("server chain")
        .collect::<Result<_, _>>()
        .expect("server chain parses");
    let key = PrivateKeyDer::from_pem_file(pki.join("server.key.pem")).expect("server key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server certificate");
    Arc::new(config)
}
