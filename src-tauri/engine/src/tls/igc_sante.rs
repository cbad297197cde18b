//! The IGC-Santé roots shipped with the app, and the hosts they are trusted for
//! (Référentiel #2 ECO.1.1.10: MSSanté operators present IGC-Santé certificates, which the
//! operating systems do not trust).
//!
//! The bundle (`igc-sante/`) holds the public root "AC RACINE IGC-SANTE ELEMENTAIRE" of the
//! ANS (ASIP-SANTE), under which the ANS issues server certificates (through
//! "AC IGC-SANTE ELEMENTAIRE ORGANISATIONS", which servers send in their chain). Published
//! by the ANS at http://igc-sante.esante.gouv.fr/PC/; valid 2013-06-25 to 2033-06-25;
//! SHA-256 fingerprint
//! 2D:9E:22:CA:19:F7:77:C6:B7:45:25:7C:72:3E:CB:8D:F3:C3:5F:A6:F1:F6:EC:36:B8:36:00:C9:73:46:96:7F.
//! The "FORT" hierarchy (CPS cards) is for client certificates and is not needed to trust a
//! server.
//!
//! These roots are trusted only for MSSanté hosts: names under `mssante.fr`, the ANS's
//! national directory service under `annuaire.sante.fr` (whose chain ends at the same root:
//! without it the directory could not be downloaded on a computer that does not trust the
//! IGC-Santé), and the account's own servers (its IMAP, SMTP, Sieve and directory hosts,
//! which are its operator's). Trusting them for any host would let a certificate from this
//! PKI stand for any site of the Internet, which is not what the ANS vouches for.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

const BUNDLE: &[u8] = include_bytes!("igc-sante/ac-racine-igc-sante-elementaire.pem");

/// The domain of the MSSanté space of trust: its hosts and its mail domains end with it.
pub const MSSANTE_DOMAIN: &str = "mssante.fr";

/// The ANS's national directory service (`service.annuaire.sante.fr`, the extraction of
/// MSSanté addresses).
pub const DIRECTORY_DOMAIN: &str = "annuaire.sante.fr";

/// The IGC-Santé roots of the bundle.
pub fn roots() -> Vec<CertificateDer<'static>> {
    // The bundle is the app's own file, checked by a test: a bad certificate in it is
    // skipped rather than stopping every connection.
    CertificateDer::pem_slice_iter(BUNDLE).filter_map(|cert| cert.ok()).collect()
}

/// Whether `host` is an MSSanté host for an account whose own servers are `account_hosts`.
pub fn is_mssante_host(host: &str, account_hosts: &[String]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    [MSSANTE_DOMAIN, DIRECTORY_DOMAIN].iter().any(|domain| host == *domain || host.ends_with(&format!(".{domain}")))
        || account_hosts.iter().any(|h| h.trim_end_matches('.').eq_ignore_ascii_case(&host))
}

/// The default of the option for a new account: on when the address or its servers are in
/// the MSSanté domain (such an operator can only present IGC-Santé certificates), off
/// otherwise (a test or private operator with its own CA file).
pub fn default_for(email: &str, hosts: &[&str]) -> bool {
    let domain = email.rsplit_once('@').map_or("", |(_, d)| d);
    std::iter::once(domain).chain(hosts.iter().copied()).any(|h| !h.is_empty() && is_mssante_host(h, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_holds_the_ans_root_with_its_published_fingerprint() {
        use sha2::{Digest, Sha256};
        let roots = roots();
        assert_eq!(roots.len(), 1);
        assert_eq!(
            hex::encode_upper(Sha256::digest(roots[0].as_ref())),
            "2D9E22CA19F777C6B745257C723ECB8DF3C35FA6F1F6EC36B83600C97346967F"
        );
        let (_, cert) = x509_parser::parse_x509_certificate(roots[0].as_ref()).unwrap();
        assert!(cert.subject().to_string().contains("AC RACINE IGC-SANTE ELEMENTAIRE"));
        // The app may trust it: rustls takes it as a root.
        let mut store = rustls::RootCertStore::empty();
        let (added, ignored) = store.add_parsable_certificates(roots);
        assert_eq!((added, ignored), (1, 0));
    }

    #[test]
    fn the_roots_are_for_mssante_hosts_and_the_account_s_own_servers_only() {
        let own = vec!["imap.operateur.example".to_owned()];
        assert!(is_mssante_host("mssante.fr", &own));
        assert!(is_mssante_host("imap.ch-exemple.mssante.fr", &own));
        assert!(is_mssante_host("IMAP.MSSANTE.FR.", &own));
        assert!(is_mssante_host("imap.operateur.example", &own));
        assert!(!is_mssante_host("smtp.operateur.example", &own), "only the account's own hosts, by name");
        assert!(!is_mssante_host("evilmssante.fr", &own));
        assert!(!is_mssante_host("mssante.fr.evil.example", &own));
        assert!(!is_mssante_host("www.example.com", &own));
        assert!(is_mssante_host("service.annuaire.sante.fr", &[]), "the national directory's download");
        assert!(!is_mssante_host("sante.fr", &[]));
        assert!(!is_mssante_host("www.sante.fr", &[]));
        assert!(!is_mssante_host("annuaire.sante.fr.evil.example", &[]));
        assert!(!is_mssante_host("evilannuaire.sante.fr", &[]));
    }

    #[test]
    fn the_option_is_on_by_default_for_mssante_accounts_only() {
        assert!(default_for("dr.martin@medecin.mssante.fr", &["imap.operateur.example"]));
        assert!(default_for("secretariat@cabinet.example", &["imap.pro.mssante.fr"]));
        assert!(!default_for("physician@medimail.test", &["127.0.0.1", "localhost"]));
    }
}
