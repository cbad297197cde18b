//! The card as a TLS client identity (rustls): its authentication certificate, and a
//! signing key whose every signature is an INTERNAL AUTHENTICATE. The card signs RSA
//! PKCS#1 v1.5 only, so `rsa_pkcs1_sha256` is the one scheme offered; TLS 1.3 wants PSS for
//! the CertificateVerify, hence the TLS policy keeps a card-signed connection to TLS 1.2.

use std::sync::Arc;

use rustls::client::ResolvesClientCert;
use rustls::pki_types::CertificateDer;
use rustls::sign::{CertifiedKey, Signer, SigningKey};
use rustls::{SignatureAlgorithm, SignatureScheme};
use sha2::{Digest, Sha256};

use super::CardSession;

const SCHEME: SignatureScheme = SignatureScheme::RSA_PKCS1_SHA256;

/// What rustls asks for a client certificate.
#[derive(Debug)]
pub struct CardIdentity {
    certified: Arc<CertifiedKey>,
}

impl CardIdentity {
    pub fn new(session: Arc<CardSession>) -> CardIdentity {
        let chain = vec![CertificateDer::from(session.certificate_der().to_vec())];
        CardIdentity { certified: Arc::new(CertifiedKey::new(chain, Arc::new(CardKey { session }))) }
    }
}

impl ResolvesClientCert for CardIdentity {
    fn resolve(&self, _root_hints: &[&[u8]], schemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        // A server that wants none of what the card can do gets no certificate (and then
        // refuses the sign-in, which says more than a failed signature would).
        schemes.contains(&SCHEME).then(|| Arc::clone(&self.certified))
    }

    fn has_certs(&self) -> bool {
        true
    }
}

#[derive(Debug)]
struct CardKey {
    session: Arc<CardSession>,
}

impl SigningKey for CardKey {
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        if offered.contains(&SCHEME) {
            Some(Box::new(CardSigner { session: Arc::clone(&self.session) }))
        } else {
            None
        }
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::RSA
    }
}

#[derive(Debug)]
struct CardSigner {
    session: Arc<CardSession>,
}

impl Signer for CardSigner {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, rustls::Error> {
        let hash: [u8; 32] = Sha256::digest(message).into();
        let sign = || self.session.sign_digest_info(&hash);
        // rustls signs inside the async handshake, and the card takes a few hundred
        // milliseconds: on a multi-threaded runtime the worker hands its other tasks over.
        let signed = match tokio::runtime::Handle::try_current() {
            Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(sign)
            }
            _ => sign(),
        };
        signed.map_err(|err| {
            tracing::warn!(error = %err, "the card did not sign the TLS handshake");
            rustls::Error::General(format!("the CPS card did not sign: {err}"))
        })
    }

    fn scheme(&self) -> SignatureScheme {
        SCHEME
    }
}
