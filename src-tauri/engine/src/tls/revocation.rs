//! Revocation: the server's chain is checked against the CRLs its certificates name
//! (CRL distribution points), fetched over HTTP and kept in the profile (`crl_cache.rs`),
//! and by OCSP where offered: the server's stapled response, and the responders named by
//! the certificates that have no CRL to check them (`ocsp.rs`).
//!
//! The policy, decided here once for every connection:
//! - The chain is first verified without CRLs (roots, dates, name): an expired certificate
//!   is refused as such whatever the CRLs say.
//! - Each CRL is used only once rustls-webpki has verified its signature with the key of the
//!   certificate's issuer. A CRL whose signature does not verify (another key, damaged) is
//!   ignored with a warning, never kept, never trusted.
//! - A kept CRL is used until its nextUpdate; then a new one is fetched (5 s at most). If the
//!   distribution point cannot be reached, the last valid CRL is still used, even past its
//!   nextUpdate (Référentiel #2 ECO.1.1.5–1.1.7: keep the last valid CRL for offline use).
//! - If no CRL was ever obtained and the distribution point cannot be reached, the
//!   connection goes ahead with a logged warning (soft fail). A practice's mail must keep
//!   working where a CRL server is down or filtered; refusing there would block every
//!   practitioner of an operator for an outage of a server that is not theirs. The next
//!   connection tries the fetch again (after a short pause, so an offline computer does not
//!   wait on every connection).
//! - A certificate without a distribution point has nothing to check (the local test
//!   operator's, and private operator PKIs).
//! - A response the server staples (OCSP, for its own certificate) is checked here, rustls
//!   leaving that to the verifier: signed by the issuer, or by a responder certificate the
//!   issuer signed for OCSP (id-kp-OCSPSigning); about this certificate (its CertID, SHA-1
//!   or SHA-256); not dated in the future, not past its nextUpdate. "revoked" refuses the
//!   server as a CRL would; "good" needs no request to the responder. A response that does
//!   not verify or answers for another certificate is ignored with a warning.
//! - A certificate that names an OCSP responder (Authority Information Access) and no HTTP
//!   CRL distribution point is asked about to its responder, with the CRL's policy: the
//!   same checks as a staple, the last valid answer kept in the profile (`<profile>/ocsp/`)
//!   and used until its nextUpdate, and while the responder cannot be reached past it
//!   (Référentiel #2 ECO.1.1.5–1.1.7); no answer ever obtained and the responder
//!   unreachable is the same soft fail as for CRLs, and so is "unknown" (an answer that
//!   says nothing). A certificate with a distribution point is left to its CRL: the
//!   IGC-Santé's name both, and asking twice would double the handshake's network cost.
//!
//! The fetch happens inside the handshake, where rustls calls the verifier synchronously:
//! it runs on its own thread (its own small runtime), and the tokio worker waiting for it
//! is handed over with `block_in_place` so other tasks keep running. It is rare (once per
//! nextUpdate period per distribution point or certificate) and bounded by its timeout.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, ServerName, SignatureVerificationAlgorithm, TrustAnchor, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension};
use x509_parser::oid_registry::OID_PKIX_ACCESS_DESCRIPTOR_OCSP;

use super::crl_cache::{CrlCache, KeptCrl};
use super::ocsp::{self, Answer, OcspCache, Status};

/// Each CRL download, connection and transfer, is given this long.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);
/// A CRL larger than this is not one a client should download in a handshake.
const MAX_CRL_BYTES: usize = 32 << 20;
/// An OCSP answer is a few kilobytes; more is not one.
const MAX_OCSP_BYTES: usize = 1 << 20;
/// After a failed download, the distribution point is not tried again for this long.
const RETRY_AFTER: Duration = Duration::from_secs(300);

static CACHE_DIR: RwLock<Option<std::path::PathBuf>> = RwLock::new(None);

/// Where the CRLs and OCSP answers are kept: the profile's `crl` and `ocsp` folders, set
/// when the profile is opened. One per process, because every door opens one profile and
/// the TLS policy is built in many places that do not know it.
pub fn keep_crls_in(profile_dir: &std::path::Path) {
    if let Ok(mut dir) = CACHE_DIR.write() {
        *dir = Some(profile_dir.to_path_buf());
    }
}

fn cache() -> Option<CrlCache> {
    CACHE_DIR.read().ok()?.as_ref().map(|profile| CrlCache::at(profile.join("crl")))
}

fn ocsp_cache() -> Option<OcspCache> {
    CACHE_DIR.read().ok()?.as_ref().map(|profile| OcspCache::at(profile.join("ocsp")))
}

/// The answer about `cert` kept in the profile, checked again (a file is never trusted as
/// such), with its bytes; none when it says "unknown".
fn kept_answer(
    cert: &CertificateDer<'_>,
    issuer: &TrustAnchor<'_>,
    algorithms: &[&dyn SignatureVerificationAlgorithm],
    now: UnixTime,
) -> Option<(Answer, Vec<u8>)> {
    let bytes = ocsp_cache()?.load(cert)?;
    let answer = ocsp::check(&bytes, cert, issuer, algorithms, now).ok()?;
    (answer.status != Status::Unknown).then_some((answer, bytes))
}

/// Failed downloads, by address (CRLs and OCSP responders), so an offline computer does
/// not wait on each connection.
static FAILED: Mutex<Option<HashMap<String, Instant>>> = Mutex::new(None);
/// One download at a time: the many connections of a sync would otherwise all fetch the
/// same CRL (or ask the same OCSP question) at once.
static FETCHING: Mutex<()> = Mutex::new(());

/// The server certificate verifier of the engine's policy: WebPki's, plus revocation and
/// the choice of roots by host (IGC-Santé roots only for MSSanté hosts).
#[derive(Debug)]
pub struct PolicyVerifier {
    provider: Arc<CryptoProvider>,
    roots: Arc<RootCertStore>,
    /// The roots plus the IGC-Santé ones, and the hosts they are for.
    mssante: Option<(Arc<RootCertStore>, Vec<String>)>,
    check_revocation: bool,
}

impl PolicyVerifier {
    pub fn new(
        provider: Arc<CryptoProvider>,
        roots: RootCertStore,
        mssante: Option<(RootCertStore, Vec<String>)>,
        check_revocation: bool,
    ) -> PolicyVerifier {
        PolicyVerifier {
            provider,
            roots: Arc::new(roots),
            mssante: mssante.map(|(roots, hosts)| (Arc::new(roots), hosts)),
            check_revocation,
        }
    }

    fn roots_for(&self, server_name: &ServerName<'_>) -> &Arc<RootCertStore> {
        match (&self.mssante, server_name) {
            (Some((roots, domains)), ServerName::DnsName(name)) if super::igc_sante::is_mssante_host(name.as_ref(), domains) => roots,
            _ => &self.roots,
        }
    }

    /// The CRLs to check the chain with: for each distribution point, the fresh kept CRL,
    /// or a newly fetched one, or the last valid one kept. Each one verified.
    fn crls_for(
        &self,
        roots: &Arc<RootCertStore>,
        chain: (&CertificateDer<'_>, &[CertificateDer<'_>]),
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Vec<CertificateRevocationListDer<'static>> {
        let urls = distribution_points(chain.0, chain.1);
        if urls.is_empty() {
            return Vec::new();
        }
        let cache = cache();
        let verifies = |crl: &KeptCrl| self.crl_verifies(roots, crl, chain, server_name, now);
        let mut chosen = Vec::new();
        for url in urls {
            let kept = cache.as_ref().and_then(|c| c.load(&url)).filter(|crl| verifies(crl));
            if let Some(crl) = kept.as_ref().filter(|crl| !crl.is_due(SystemTime::now())) {
                chosen.push(CertificateRevocationListDer::from(crl.der.clone()));
                continue;
            }
            let fetched = fetch_once(&url).and_then(|bytes| match KeptCrl::parse(&bytes) {
                Some(crl) if verifies(&crl) => Some(crl),
                Some(_) => {
                    tracing::warn!(url, "a CRL whose signature does not verify was ignored");
                    None
                }
                None => {
                    tracing::warn!(url, "the distribution point did not return a CRL");
                    None
                }
            });
            let crl = match (fetched, kept) {
                (Some(crl), _) => match &cache {
                    Some(cache) => match cache.keep(&url, crl.clone()) {
                        // The kept one, when newer than what came: verified like any other.
                        Ok(kept) if kept.this_update == crl.this_update || verifies(&kept) => Some(kept),
                        Ok(_) => Some(crl),
                        Err(e) => {
                            tracing::warn!(url, error = %e, "the CRL could not be kept in the profile");
                            Some(crl)
                        }
                    },
                    None => Some(crl),
                },
                (None, Some(kept)) => {
                    tracing::warn!(url, "no new CRL could be obtained: the last valid one kept is used");
                    Some(kept)
                }
                (None, None) => {
                    tracing::warn!(url, "no CRL could ever be obtained: revocation is not checked for this certificate");
                    None
                }
            };
            chosen.extend(crl.map(|crl| CertificateRevocationListDer::from(crl.der)));
        }
        chosen
    }

    /// OCSP over the chain: the staple for the end entity, then the responders of the
    /// certificates without CRL. A valid "revoked" refuses; anything else lets the CRLs
    /// decide.
    fn check_ocsp(
        &self,
        roots: &RootCertStore,
        (end_entity, intermediates): (&CertificateDer<'_>, &[CertificateDer<'_>]),
        stapled: &[u8],
        now: UnixTime,
    ) -> Result<(), rustls::Error> {
        let asked = |cert: &CertificateDer<'_>| !ocsp_responders(cert).is_empty() && crl_points(cert).is_empty();
        // The path is verified again below: not for the chains (most) with nothing to ask.
        if stapled.is_empty() && !std::iter::once(end_entity).chain(intermediates).any(asked) {
            return Ok(());
        }
        let algorithms = self.provider.signature_verification_algorithms.all;
        let path = issuers(roots, end_entity, intermediates, algorithms, now);
        let mut staple = None;
        if let (false, Some((cert, issuer))) = (stapled.is_empty(), path.first()) {
            staple = match ocsp::check(stapled, cert, issuer, algorithms, now) {
                Ok(answer) if !answer.is_current(now) => {
                    tracing::warn!("a stapled OCSP response past its nextUpdate was ignored");
                    None
                }
                Ok(answer) if answer.status == Status::Unknown => {
                    tracing::warn!("the stapled OCSP response says the certificate is unknown to its responder");
                    None
                }
                Ok(answer) => Some((answer, stapled.to_vec())),
                Err(why) => {
                    tracing::warn!(reason = %why, "a stapled OCSP response was ignored");
                    None
                }
            };
        }
        for (cert, issuer) in &path {
            let staple = staple.take();
            let responders = ocsp_responders(cert);
            let answer = match (staple, asked(cert)) {
                (staple, true) => self.ocsp_answer(cert, issuer, &responders, staple, now),
                (Some((answer, _)), false) => Some(answer),
                (None, false) => None,
            };
            if answer.is_some_and(|answer| answer.status == Status::Revoked) {
                return Err(rustls::CertificateError::Revoked.into());
            }
        }
        Ok(())
    }

    /// The OCSP answer about `cert`: the staple, or the fresh kept one, or one newly asked
    /// for, or the last valid one kept. Each one checked.
    fn ocsp_answer(
        &self,
        cert: &CertificateDer<'static>,
        issuer: &TrustAnchor<'static>,
        responders: &[String],
        staple: Option<(Answer, Vec<u8>)>,
        now: UnixTime,
    ) -> Option<Answer> {
        let algorithms = self.provider.signature_verification_algorithms.all;
        let kept = kept_answer(cert, issuer, algorithms, now).map(|(answer, _)| answer);
        let received = match staple {
            Some(staple) => Some(staple),
            None => {
                if let Some(answer) = kept.as_ref().filter(|answer| !answer.is_due(now)) {
                    return Some(answer.clone());
                }
                self.ask_responders(cert, issuer, responders, now)
            }
        };
        match (received, kept) {
            (Some((answer, _)), Some(kept)) if kept.this_update > answer.this_update => Some(kept),
            (Some((answer, bytes)), _) => {
                if let Some(Err(e)) = ocsp_cache().map(|cache| cache.keep(cert, &bytes)) {
                    tracing::warn!(error = %e, "the OCSP answer could not be kept in the profile");
                }
                Some(answer)
            }
            (None, Some(kept)) => {
                tracing::warn!(url = responders.first().map(String::as_str), "no new OCSP answer could be obtained: the last valid one kept is used");
                Some(kept)
            }
            (None, None) => {
                tracing::warn!(url = responders.first().map(String::as_str), "no OCSP answer could ever be obtained: revocation is not checked for this certificate");
                None
            }
        }
    }

    /// The first current, checked, "good" or "revoked" answer of the responders, with its
    /// bytes to keep.
    fn ask_responders(
        &self,
        cert: &CertificateDer<'static>,
        issuer: &TrustAnchor<'static>,
        responders: &[String],
        now: UnixTime,
    ) -> Option<(Answer, Vec<u8>)> {
        let algorithms = self.provider.signature_verification_algorithms.all;
        let request = ocsp::request(cert, issuer)?;
        for url in responders {
            let (their_cert, their_issuer, provider) = (cert.clone(), issuer.clone(), Arc::clone(&self.provider));
            let fresh_kept = move || {
                let (answer, bytes) = kept_answer(&their_cert, &their_issuer, provider.signature_verification_algorithms.all, now)?;
                (!answer.is_due(now)).then_some(bytes)
            };
            let Some(bytes) = ask_once(url, &request, fresh_kept) else { continue };
            match ocsp::check(&bytes, cert, issuer, algorithms, now) {
                Ok(answer) if !answer.is_current(now) => tracing::warn!(url, "an OCSP answer past its nextUpdate was ignored"),
                Ok(answer) if answer.status == Status::Unknown => tracing::warn!(url, "the OCSP responder does not know the certificate"),
                Ok(answer) => return Some((answer, bytes)),
                Err(why) => tracing::warn!(url, reason = %why, "an OCSP answer was ignored"),
            }
        }
        None
    }

    /// Whether this CRL's signature verifies with its issuer's key in this chain (WebPki
    /// checks it before looking up a serial). A CRL of another authority is not refused
    /// here: it simply does not apply.
    fn crl_verifies(
        &self,
        roots: &Arc<RootCertStore>,
        crl: &KeptCrl,
        (end_entity, intermediates): (&CertificateDer<'_>, &[CertificateDer<'_>]),
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> bool {
        let verifier = WebPkiServerVerifier::builder_with_provider(Arc::clone(roots), Arc::clone(&self.provider))
            .with_crls([CertificateRevocationListDer::from(crl.der.clone())])
            .allow_unknown_revocation_status()
            .build();
        let Ok(verifier) = verifier else { return false };
        !matches!(
            verifier.verify_server_cert(end_entity, intermediates, server_name, &[], now),
            Err(rustls::Error::InvalidCertRevocationList(_))
        )
    }
}

impl ServerCertVerifier for PolicyVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let roots = self.roots_for(server_name);
        plain_verifier(roots, &self.provider)?.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)?;
        if !self.check_revocation {
            return Ok(ServerCertVerified::assertion());
        }
        self.check_ocsp(roots, (end_entity, intermediates), ocsp_response, now)?;
        let crls = self.crls_for(roots, (end_entity, intermediates), server_name, now);
        if crls.is_empty() {
            return Ok(ServerCertVerified::assertion());
        }
        WebPkiServerVerifier::builder_with_provider(Arc::clone(roots), Arc::clone(&self.provider))
            .with_crls(crls)
            // Distribution points that could never be reached are the soft fail above.
            .allow_unknown_revocation_status()
            .build()
            .map_err(|e| rustls::Error::General(format!("revocation check: {e}")))?
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

fn plain_verifier(roots: &Arc<RootCertStore>, provider: &Arc<CryptoProvider>) -> Result<Arc<WebPkiServerVerifier>, rustls::Error> {
    // WebPki will not be built without roots (a computer without system roots and an
    // account without a CA file): then no certificate can be trusted, said as such.
    if roots.is_empty() {
        return Err(rustls::CertificateError::UnknownIssuer.into());
    }
    WebPkiServerVerifier::builder_with_provider(Arc::clone(roots), Arc::clone(provider))
        .build()
        .map_err(|e| rustls::Error::General(format!("certificate check setup: {e}")))
}

/// The HTTP(S) addresses of the CRLs named by the certificates of the chain, in order,
/// without repeats. LDAP distribution points are left out (no LDAP fetch here).
pub fn distribution_points(end_entity: &CertificateDer<'_>, intermediates: &[CertificateDer<'_>]) -> Vec<String> {
    let mut urls: Vec<String> = Vec::new();
    for der in std::iter::once(end_entity).chain(intermediates) {
        for uri in crl_points(der) {
            if !urls.contains(&uri) {
                urls.push(uri);
            }
        }
    }
    urls
}

/// The HTTP(S) CRL distribution points of one certificate.
fn crl_points(der: &CertificateDer<'_>) -> Vec<String> {
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der.as_ref()) else { return Vec::new() };
    let mut urls = Vec::new();
    for ext in cert.extensions() {
        let ParsedExtension::CRLDistributionPoints(points) = ext.parsed_extension() else { continue };
        for point in points.iter() {
            let Some(DistributionPointName::FullName(names)) = &point.distribution_point else { continue };
            urls.extend(names.iter().filter_map(http_uri));
        }
    }
    urls
}

/// The HTTP(S) OCSP responders one certificate names (Authority Information Access).
pub fn ocsp_responders(der: &CertificateDer<'_>) -> Vec<String> {
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der.as_ref()) else { return Vec::new() };
    let mut urls = Vec::new();
    for ext in cert.extensions() {
        let ParsedExtension::AuthorityInfoAccess(access) = ext.parsed_extension() else { continue };
        urls.extend(
            access
                .accessdescs
                .iter()
                .filter(|description| description.access_method == OID_PKIX_ACCESS_DESCRIPTOR_OCSP)
                .filter_map(|description| http_uri(&description.access_location)),
        );
    }
    urls
}

fn http_uri(name: &GeneralName<'_>) -> Option<String> {
    let GeneralName::URI(uri) = name else { return None };
    let lower = uri.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| (*uri).to_owned())
}

/// The certificates of the chain that can be revoked (end entity, then intermediates),
/// each with its issuer, along the path WebPki verifies (the one the handshake accepted).
fn issuers(
    roots: &RootCertStore,
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
    algorithms: &[&dyn rustls::pki_types::SignatureVerificationAlgorithm],
    now: UnixTime,
) -> Vec<(CertificateDer<'static>, TrustAnchor<'static>)> {
    let Ok(cert) = webpki::EndEntityCert::try_from(end_entity) else { return Vec::new() };
    let Ok(path) = cert.verify_for_usage(algorithms, &roots.roots, intermediates, now, webpki::KeyUsage::server_auth(), None, None)
    else {
        return Vec::new();
    };
    let certs: Vec<CertificateDer<'static>> = std::iter::once(end_entity.clone().into_owned())
        .chain(path.intermediate_certificates().map(|c| c.der().into_owned()))
        .collect();
    let mut chain = Vec::with_capacity(certs.len());
    for (i, cert) in certs.iter().enumerate() {
        let issuer = match certs.get(i + 1) {
            Some(next) => match webpki::anchor_from_trusted_cert(next) {
                Ok(anchor) => anchor.to_owned(),
                Err(_) => break,
            },
            None => path.anchor().to_owned(),
        };
        chain.push((cert.clone(), issuer));
    }
    chain
}

/// Downloads the CRL at `url`, unless a download of it failed a moment ago. The wait for
/// another connection's download is off the runtime too, and that download may already
/// have brought a current CRL: it is taken from the profile then.
fn fetch_once(url: &str) -> Option<Vec<u8>> {
    let url = url.to_owned();
    off_the_runtime(move || {
        let _one_at_a_time = FETCHING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(current) = cache().and_then(|c| c.load(&url)).filter(|crl| !crl.is_due(SystemTime::now())) {
            return Some(current.der);
        }
        ask_unless_failed(&url, Ask::Crl, "the CRL distribution point could not be reached")
    })
}

/// Asks the OCSP responder at `url` (the DER `request`), unless asking it failed a moment
/// ago. Another connection waited for may have brought a current answer meanwhile
/// (`fresh_kept`): it is taken from the profile then.
fn ask_once(url: &str, request: &[u8], fresh_kept: impl FnOnce() -> Option<Vec<u8>> + Send + 'static) -> Option<Vec<u8>> {
    let (url, request) = (url.to_owned(), request.to_vec());
    off_the_runtime(move || {
        let _one_at_a_time = FETCHING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(current) = fresh_kept() {
            return Some(current);
        }
        ask_unless_failed(&url, Ask::Ocsp(request), "the OCSP responder could not be reached")
    })
}

fn ask_unless_failed(url: &str, ask: Ask, unreachable: &'static str) -> Option<Vec<u8>> {
    {
        let failed = FAILED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if failed.as_ref().and_then(|f| f.get(url)).is_some_and(|at| at.elapsed() < RETRY_AFTER) {
            return None;
        }
    }
    let result = fetch(url, ask);
    let mut failed = FAILED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let failed = failed.get_or_insert_with(HashMap::new);
    match result {
        Ok(bytes) => {
            failed.remove(url);
            Some(bytes)
        }
        Err(e) => {
            tracing::warn!(url, error = %e, "{unreachable}");
            failed.insert(url.to_owned(), Instant::now());
            None
        }
    }
}

/// What is fetched: a CRL (GET), or an OCSP answer (POST of the request, RFC 6960 A.1).
enum Ask {
    Crl,
    Ocsp(Vec<u8>),
}

/// Runs `work` on a thread of its own and waits for it, letting the tokio worker that
/// waits hand its tasks over (a multi-thread runtime) rather than stall them.
fn off_the_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let wait = move || {
        std::thread::spawn(work)
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    };
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => tokio::task::block_in_place(wait),
        _ => wait(),
    }
}

/// One GET or POST with the engine's TLS policy (without revocation: CRLs and OCSP answers
/// are signed, and checking the server's own certificate that way would loop).
fn fetch(url: &str, ask: Ask) -> Result<Vec<u8>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    runtime.block_on(async {
        let config = super::TlsPolicy::system()
            .without_revocation()
            .client_config()
            .map_err(|e| e.to_string())?;
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured((*config).clone())
            .timeout(FETCH_TIMEOUT)
            .connect_timeout(FETCH_TIMEOUT)
            .redirect(reqwest::redirect::Policy::limited(3))
            .build()
            .map_err(|e| format!("HTTP client: {}", e.without_url()))?;
        let (request, limit, too_large) = match ask {
            Ask::Crl => (client.get(url), MAX_CRL_BYTES, "the CRL is too large"),
            Ask::Ocsp(der) => (
                client.post(url).header(reqwest::header::CONTENT_TYPE, "application/ocsp-request").body(der),
                MAX_OCSP_BYTES,
                "the OCSP answer is too large",
            ),
        };
        let mut response = request.send().await.map_err(|e| e.without_url().to_string())?;
        if !response.status().is_success() {
            return Err(format!("HTTP {}", response.status().as_u16()));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| e.without_url().to_string())? {
            body.extend_from_slice(&chunk);
            if body.len() > limit {
                return Err(too_large.into());
            }
        }
        Ok(body)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // A CA standing in for the IGC-Santé roots, and a server certificate it signed for
    // imap.exemple.mssante.fr and imap.operateur.example (tls/testdata/README.md).
    const CA: &[u8] = include_bytes!("testdata/mssante-only-ca.der");
    const SERVER: &[u8] = include_bytes!("testdata/mssante-server.der");

    fn verifier(mssante_roots: bool, own_hosts: &[&str]) -> PolicyVerifier {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = RootCertStore::empty();
        roots.add(CertificateDer::from(CA)).unwrap();
        let mssante = mssante_roots.then(|| (roots, own_hosts.iter().map(|h| (*h).to_owned()).collect()));
        PolicyVerifier::new(provider, RootCertStore::empty(), mssante, true)
    }

    fn check(verifier: &PolicyVerifier, host: &str) -> Result<ServerCertVerified, rustls::Error> {
        let name = ServerName::try_from(host.to_owned()).unwrap();
        verifier.verify_server_cert(&CertificateDer::from(SERVER), &[], &name, &[], UnixTime::now())
    }

    fn unknown_issuer(result: Result<ServerCertVerified, rustls::Error>) -> bool {
        matches!(result, Err(rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)))
    }

    #[test]
    fn the_mssante_roots_answer_for_mssante_hosts_and_the_account_s_own_only() {
        assert!(check(&verifier(true, &[]), "imap.exemple.mssante.fr").is_ok());
        assert!(unknown_issuer(check(&verifier(true, &[]), "imap.operateur.example")), "another host, the same certificate");
        assert!(check(&verifier(true, &["imap.operateur.example"]), "imap.operateur.example").is_ok());
        assert!(unknown_issuer(check(&verifier(false, &[]), "imap.exemple.mssante.fr")), "the option off");
    }

    #[test]
    fn a_certificate_without_distribution_points_has_nothing_to_fetch() {
        assert!(distribution_points(&CertificateDer::from(SERVER), &[]).is_empty());
    }

    #[test]
    fn the_ocsp_responder_is_read_from_the_authority_information_access() {
        // Names a responder and no distribution point (tls/testdata/README.md).
        let cert = CertificateDer::from(&include_bytes!("testdata/ocsp-one.der")[..]);
        assert_eq!(ocsp_responders(&cert), ["http://127.0.0.1:9/"]);
        assert!(crl_points(&cert).is_empty());
        assert!(ocsp_responders(&CertificateDer::from(SERVER)).is_empty());
    }
}
