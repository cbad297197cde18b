//! An OCSP response, as a server staples it or a responder answers (`tls/ocsp.rs`), checked
//! about a certificate of the test PKI (`tls/testdata/`): any bytes are an answer or a reason
//! not to use one, and an answer taken is one the authority signed. The only answer it signed
//! about that certificate says "good": a "revoked" or "unknown" taken would be a forgery let
//! through.

use rustls::pki_types::{CertificateDer, UnixTime};

use crate::tls::ocsp::{check, is_ocsp_response, Status};

const CA: &[u8] = include_bytes!("../tls/testdata/ocsp-ca.der");
const ONE: &[u8] = include_bytes!("../tls/testdata/ocsp-one.der");

pub fn ocsp(data: &[u8]) {
    let _ = is_ocsp_response(data);
    let authority = CertificateDer::from(CA);
    let Ok(issuer) = webpki::anchor_from_trusted_cert(&authority) else {
        panic!("the test authority's certificate no longer reads");
    };
    let algorithms = rustls::crypto::ring::default_provider().signature_verification_algorithms.all;
    if let Ok(answer) = check(data, &CertificateDer::from(ONE), &issuer, algorithms, UnixTime::now()) {
        assert_eq!(answer.status, Status::Good, "an answer the authority did not sign was taken");
        assert!(answer.next_update.is_none_or(|next| next >= answer.this_update), "an answer due before it was made");
    }
}
