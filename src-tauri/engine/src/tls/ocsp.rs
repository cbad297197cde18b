//! OCSP (RFC 6960): the request for one certificate, and the check of an answer, stapled by
//! the server or fetched from the responder its certificate names. The policy (when to ask,
//! what to do without an answer) is `revocation.rs`'s.
//!
//! An answer counts only once its signature verifies with the key of the certificate's
//! issuer, or with a responder certificate the issuer signed for that purpose
//! (id-kp-OCSPSigning), and once its CertID names this very certificate: a signed answer
//! about another certificate, or from another authority, says nothing about this one.
//!
//! The answers kept in the profile are here too (`<profile>/ocsp/<sha-256 of the
//! certificate>.ocsp`, the response's DER as received), on the model of `crl_cache.rs`.

use std::path::PathBuf;

use der::asn1::{AnyRef, BitStringRef, Null, ObjectIdentifier, OctetString};
use der::{Decode, Encode, Sequence, Tag};
use rustls::pki_types::{CertificateDer, SignatureVerificationAlgorithm, TrustAnchor, UnixTime};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_ocsp::{CertId, CertStatus, OcspRequest, OcspResponse, OcspResponseStatus, Request, ResponseData, TbsRequest};

use super::crl_cache::KeptFiles;

const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_PKIX_OCSP_BASIC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");
/// id-kp-OCSPSigning (1.3.6.1.5.5.7.3.9), the value of its DER as webpki takes it.
const ID_KP_OCSP_SIGNING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09];

/// A responder's clock a little ahead of ours is not a forgery.
const CLOCK_SKEW_SECONDS: i64 = 300;
/// Without nextUpdate the responder says newer information is always there (RFC 6960
/// 4.2.2.1); an hour bounds what that costs in requests.
const LIFETIME_WITHOUT_NEXT_UPDATE: i64 = 3600;

/// What the responder says of the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Good,
    Revoked,
    Unknown,
}

/// A verified answer about one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: Status,
    /// Seconds since the epoch: an answer never replaces a newer one.
    pub this_update: i64,
    pub next_update: Option<i64>,
}

impl Answer {
    /// Whether the responder has a newer answer by now.
    pub fn is_due(&self, now: UnixTime) -> bool {
        let now = seconds(now);
        match self.next_update {
            Some(next) => now >= next,
            None => now >= self.this_update + LIFETIME_WITHOUT_NEXT_UPDATE,
        }
    }

    /// Whether an answer just received may be relied on: not past its nextUpdate (an
    /// old answer replayed by a server or on the way). Kept answers are not held to this
    /// while the responder cannot be reached.
    pub fn is_current(&self, now: UnixTime) -> bool {
        self.next_update.is_none_or(|next| seconds(now) < next)
    }
}

/// Why an answer was not taken. Said in the logs, never with the response's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// Not an OCSP response, damaged, or not a basic one.
    NotOcsp,
    /// malformedRequest, internalError, tryLater, sigRequired or unauthorized.
    NotSuccessful,
    /// The signature does not verify with the issuer's key nor an authorised responder's.
    Signature,
    /// Signed, but about other certificates.
    OtherCertificate,
    /// thisUpdate later than now (beyond clock skew).
    FromTheFuture,
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unusable::NotOcsp => "not an OCSP response",
            Unusable::NotSuccessful => "the responder did not answer (error status)",
            Unusable::Signature => "its signature does not verify with the issuer's key nor an authorised responder's",
            Unusable::OtherCertificate => "it answers for other certificates",
            Unusable::FromTheFuture => "its thisUpdate is in the future",
        })
    }
}

/// A BasicOCSPResponse with its parts as received: the signature covers the bytes of
/// `tbsResponseData` exactly as the responder encoded them.
#[derive(Sequence)]
struct SignedResponse<'a> {
    tbs_response_data: AnyRef<'a>,
    signature_algorithm: AnyRef<'a>,
    signature: BitStringRef<'a>,
    #[asn1(context_specific = "0", optional = "true", tag_mode = "EXPLICIT")]
    certs: Option<Vec<AnyRef<'a>>>,
}

#[derive(Sequence)]
struct SubjectPublicKeyInfo<'a> {
    algorithm: AnyRef<'a>,
    subject_public_key: BitStringRef<'a>,
}

/// The DER of an OCSPRequest for `cert`, issued by `issuer` (SHA-1 CertID, no nonce: what
/// RFC 5019 responders, the common kind, answer).
pub fn request(cert: &CertificateDer<'_>, issuer: &TrustAnchor<'_>) -> Option<Vec<u8>> {
    let id = cert_id(ID_SHA1, cert, issuer)?;
    OcspRequest {
        tbs_request: TbsRequest {
            version: Default::default(),
            requestor_name: None,
            request_list: vec![Request { req_cert: id, single_request_extensions: None }],
            request_extensions: None,
        },
        optional_signature: None,
    }
    .to_der()
    .ok()
}

/// Checks `response` (an OCSPResponse's DER) as an answer about `cert`, issued by `issuer`:
/// signature, CertID and thisUpdate. Whether it is current is the caller's question
/// (`Answer::is_current`), a kept answer being usable past its nextUpdate.
pub fn check(
    response: &[u8],
    cert: &CertificateDer<'_>,
    issuer: &TrustAnchor<'_>,
    algorithms: &[&dyn SignatureVerificationAlgorithm],
    now: UnixTime,
) -> Result<Answer, Unusable> {
    let response = OcspResponse::from_der(response).map_err(|_| Unusable::NotOcsp)?;
    if response.response_status != OcspResponseStatus::Successful {
        return Err(Unusable::NotSuccessful);
    }
    let bytes = response.response_bytes.ok_or(Unusable::NotOcsp)?;
    if bytes.response_type != ID_PKIX_OCSP_BASIC {
        return Err(Unusable::NotOcsp);
    }
    let signed = SignedResponse::from_der(bytes.response.as_bytes()).map_err(|_| Unusable::NotOcsp)?;
    let tbs = signed.tbs_response_data.to_der().map_err(|_| Unusable::NotOcsp)?;
    let data = ResponseData::from_der(&tbs).map_err(|_| Unusable::NotOcsp)?;
    let signature = signed.signature.as_bytes().ok_or(Unusable::NotOcsp)?;
    let algorithm = signed.signature_algorithm.value();

    let issuer_spki = webpki::spki_for_anchor(issuer);
    let signed_by_issuer = verifies(algorithms, issuer_spki.as_ref(), algorithm, &tbs, signature);
    let signed_by_responder = || {
        signed.certs.iter().flatten().any(|responder| {
            let Ok(der) = responder.to_der() else { return false };
            let der = CertificateDer::from(der);
            authorised_responder(&der, issuer, algorithms, now)
                .is_some_and(|spki| verifies(algorithms, &spki, algorithm, &tbs, signature))
        })
    };
    if !signed_by_issuer && !signed_by_responder() {
        return Err(Unusable::Signature);
    }

    let single = data
        .responses
        .iter()
        .find(|single| {
            cert_id(single.cert_id.hash_algorithm.oid, cert, issuer).is_some_and(|ours| {
                ours.issuer_name_hash == single.cert_id.issuer_name_hash
                    && ours.issuer_key_hash == single.cert_id.issuer_key_hash
                    && ours.serial_number == single.cert_id.serial_number
            })
        })
        .ok_or(Unusable::OtherCertificate)?;
    let this_update = single.this_update.0.to_unix_duration().as_secs() as i64;
    if this_update > seconds(now) + CLOCK_SKEW_SECONDS {
        return Err(Unusable::FromTheFuture);
    }
    let status = match single.cert_status {
        CertStatus::Good(_) => Status::Good,
        CertStatus::Revoked(_) => Status::Revoked,
        CertStatus::Unknown(_) => Status::Unknown,
    };
    Ok(Answer { status, this_update, next_update: single.next_update.map(|t| t.0.to_unix_duration().as_secs() as i64) })
}

/// Whether `bytes` read as an OCSP response at all (a kept file, before its check).
pub fn is_ocsp_response(bytes: &[u8]) -> bool {
    OcspResponse::from_der(bytes).is_ok()
}

/// The CertID of `cert` with the hash `algorithm` (SHA-1 or SHA-256; another one matches
/// nothing). The name hash is over the issuer's subject, the key hash over its public key's
/// bits (RFC 6960 4.1.1).
fn cert_id(algorithm: ObjectIdentifier, cert: &CertificateDer<'_>, issuer: &TrustAnchor<'_>) -> Option<CertId> {
    let hash: fn(&[u8]) -> Vec<u8> = match algorithm {
        ID_SHA1 => |bytes| Sha1::digest(bytes).to_vec(),
        ID_SHA256 => |bytes| Sha256::digest(bytes).to_vec(),
        _ => return None,
    };
    let name = AnyRef::new(Tag::Sequence, issuer.subject.as_ref()).ok()?.to_der().ok()?;
    let spki = webpki::spki_for_anchor(issuer);
    let key = SubjectPublicKeyInfo::from_der(spki.as_ref()).ok()?;
    let cert = webpki::EndEntityCert::try_from(cert).ok()?;
    let serial = AnyRef::new(Tag::Integer, cert.serial()).ok()?.to_der().ok()?;
    Some(CertId {
        hash_algorithm: AlgorithmIdentifierOwned { oid: algorithm, parameters: Some(Null.into()) },
        issuer_name_hash: OctetString::new(hash(&name)).ok()?,
        issuer_key_hash: OctetString::new(hash(key.subject_public_key.raw_bytes())).ok()?,
        serial_number: SerialNumber::from_der(&serial).ok()?,
    })
}

/// The public key (SPKI DER) of a delegated responder: a certificate `issuer` signed, valid
/// now, for id-kp-OCSPSigning. Checked by webpki as rustls checks a server's chain, the
/// issuer standing as its anchor.
fn authorised_responder(
    responder: &CertificateDer<'_>,
    issuer: &TrustAnchor<'_>,
    algorithms: &[&dyn SignatureVerificationAlgorithm],
    now: UnixTime,
) -> Option<Vec<u8>> {
    let cert = webpki::EndEntityCert::try_from(responder).ok()?;
    let anchors = [issuer.to_owned()];
    cert.verify_for_usage(algorithms, &anchors, &[], now, webpki::KeyUsage::required(ID_KP_OCSP_SIGNING), None, None)
        .ok()?;
    Some(cert.subject_public_key_info().as_ref().to_vec())
}

/// Whether `signature` over `message` verifies with the key in `spki`, by the algorithm
/// `algorithm` (an AlgorithmIdentifier's content) among those of the crypto provider.
fn verifies(algorithms: &[&dyn SignatureVerificationAlgorithm], spki: &[u8], algorithm: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let Ok(spki) = SubjectPublicKeyInfo::from_der(spki) else { return false };
    let Some(key) = spki.subject_public_key.as_bytes() else { return false };
    algorithms.iter().any(|candidate| {
        candidate.public_key_alg_id().as_ref() == spki.algorithm.value()
            && candidate.signature_alg_id().as_ref() == algorithm
            && candidate.verify_signature(key, message, signature).is_ok()
    })
}

fn seconds(t: UnixTime) -> i64 {
    i64::try_from(t.as_secs()).unwrap_or(i64::MAX)
}

/// The answers kept in the profile, one file per certificate. Like CRLs they are public
/// data signed by their authority (nothing of the user's), and checked again when read.
#[derive(Debug, Clone)]
pub struct OcspCache {
    files: KeptFiles,
}

impl OcspCache {
    pub fn at(dir: PathBuf) -> OcspCache {
        OcspCache { files: KeptFiles::at(dir, "ocsp") }
    }

    /// The response kept for `cert`. A file that is not an OCSP response (damaged,
    /// truncated) counts as none; the caller checks the rest.
    pub fn load(&self, cert: &CertificateDer<'_>) -> Option<Vec<u8>> {
        self.files.read(cert.as_ref()).filter(|bytes| is_ocsp_response(bytes))
    }

    /// Keeps `response` for `cert`. The caller has checked it, and that it is not older
    /// than the answer kept (a replayed old "good" must not hide a revocation).
    pub fn keep(&self, cert: &CertificateDer<'_>, response: &[u8]) -> std::io::Result<()> {
        self.files.write(cert.as_ref(), response)
    }

    #[cfg(test)]
    fn path(&self, cert: &CertificateDer<'_>) -> PathBuf {
        self.files.path(cert.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A CA, two certificates it signed (serials 1000 and 1001), a CA of the same name with
    // another key, and the CA's answers "good" for the first certificate, with a SHA-1 and a
    // SHA-256 CertID (tls/testdata/README.md says how they were made).
    const CA: &[u8] = include_bytes!("testdata/ocsp-ca.der");
    const OTHER_CA: &[u8] = include_bytes!("testdata/ocsp-other-ca.der");
    const ONE: &[u8] = include_bytes!("testdata/ocsp-one.der");
    const TWO: &[u8] = include_bytes!("testdata/ocsp-two.der");
    const ONE_GOOD: &[u8] = include_bytes!("testdata/ocsp-one.resp");
    const ONE_GOOD_SHA256: &[u8] = include_bytes!("testdata/ocsp-one-sha256.resp");
    // The CA's answers for the second certificate: "revoked", and "unknown" (from a database
    // without it).
    const TWO_REVOKED: &[u8] = include_bytes!("testdata/ocsp-two-revoked.resp");
    const TWO_UNKNOWN: &[u8] = include_bytes!("testdata/ocsp-two-unknown.resp");

    fn anchor(der: &'static [u8]) -> TrustAnchor<'static> {
        webpki::anchor_from_trusted_cert(&CertificateDer::from(der)).unwrap().to_owned()
    }

    fn check_for(response: &[u8], cert: &'static [u8], issuer: &'static [u8]) -> Result<Answer, Unusable> {
        let algorithms = rustls::crypto::ring::default_provider().signature_verification_algorithms.all;
        check(response, &CertificateDer::from(cert), &anchor(issuer), algorithms, UnixTime::now())
    }

    #[test]
    fn the_issuer_s_answer_about_the_certificate_is_taken_with_either_hash() {
        for response in [ONE_GOOD, ONE_GOOD_SHA256] {
            let answer = check_for(response, ONE, CA).unwrap();
            assert_eq!(answer.status, Status::Good);
            assert!(answer.next_update.is_some_and(|next| next > answer.this_update));
            assert!(answer.is_current(UnixTime::now()));
            assert!(!answer.is_due(UnixTime::now()));
        }
    }

    #[test]
    fn an_answer_about_another_serial_says_nothing_of_this_certificate() {
        assert_eq!(check_for(ONE_GOOD, TWO, CA), Err(Unusable::OtherCertificate));
        assert_eq!(check_for(TWO_REVOKED, ONE, CA), Err(Unusable::OtherCertificate));
    }

    #[test]
    fn revoked_and_unknown_are_told_apart() {
        assert_eq!(check_for(TWO_REVOKED, TWO, CA).map(|a| a.status), Ok(Status::Revoked));
        assert_eq!(check_for(TWO_UNKNOWN, TWO, CA).map(|a| a.status), Ok(Status::Unknown));
    }

    #[test]
    fn an_answer_is_due_at_its_next_update_and_without_one_after_an_hour() {
        let at = |secs: u64| UnixTime::since_unix_epoch(std::time::Duration::from_secs(secs));
        let dated = Answer { status: Status::Good, this_update: 1000, next_update: Some(2000) };
        assert!(!dated.is_due(at(1999)) && dated.is_current(at(1999)));
        assert!(dated.is_due(at(2000)) && !dated.is_current(at(2000)));
        let undated = Answer { next_update: None, ..dated };
        assert!(undated.is_current(at(100_000)), "no nextUpdate: always current when received");
        assert!(!undated.is_due(at(1000 + 3599)));
        assert!(undated.is_due(at(1000 + 3600)));
    }

    #[test]
    fn an_answer_that_does_not_verify_with_the_issuer_s_key_is_not_taken() {
        // Another key under the same name: the CA's signature does not verify with it.
        assert_eq!(check_for(ONE_GOOD, ONE, OTHER_CA), Err(Unusable::Signature));
        // The signed data altered: a byte of the serial.
        let mut altered = ONE_GOOD.to_vec();
        let at = altered.windows(4).position(|w| w == [0x02, 0x02, 0x10, 0x00]).unwrap() + 3;
        altered[at] ^= 1;
        assert_eq!(check_for(&altered, ONE, CA), Err(Unusable::Signature));
        assert_eq!(check_for(&altered, TWO, CA), Err(Unusable::Signature));
    }

    #[test]
    fn a_damaged_response_is_no_response() {
        assert_eq!(check_for(&ONE_GOOD[..ONE_GOOD.len() - 10], ONE, CA), Err(Unusable::NotOcsp));
        assert_eq!(check_for(b"<html>busy</html>", ONE, CA), Err(Unusable::NotOcsp));
        // tryLater, as a responder under load answers.
        assert_eq!(check_for(&[0x30, 0x03, 0x0a, 0x01, 0x03], ONE, CA), Err(Unusable::NotSuccessful));
        assert!(!is_ocsp_response(&ONE_GOOD[..20]));
    }

    #[test]
    fn the_request_names_the_certificate_as_the_answers_do() {
        let der = request(&CertificateDer::from(ONE), &anchor(CA)).unwrap();
        let request = OcspRequest::from_der(&der).unwrap();
        let asked = &request.tbs_request.request_list[0].req_cert;
        let response = OcspResponse::from_der(ONE_GOOD).unwrap();
        let basic = x509_ocsp::BasicOcspResponse::from_der(response.response_bytes.unwrap().response.as_bytes()).unwrap();
        assert_eq!(asked, &basic.tbs_response_data.responses[0].cert_id);
    }

    #[test]
    fn a_kept_answer_is_read_back_and_a_damaged_file_is_none() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = OcspCache::at(tmp.path().join("ocsp"));
        let (one, two) = (CertificateDer::from(ONE), CertificateDer::from(TWO));
        assert!(cache.load(&one).is_none());
        cache.keep(&one, ONE_GOOD).unwrap();
        assert_eq!(OcspCache::at(tmp.path().join("ocsp")).load(&one).as_deref(), Some(ONE_GOOD));
        assert!(cache.load(&two).is_none(), "another certificate has its own file");
        std::fs::write(cache.path(&one), &ONE_GOOD[..30]).unwrap();
        assert!(cache.load(&one).is_none());
    }
}
