//! Who the card belongs to, from its authentication certificate (x509-parser): a CPS
//! subject is `CN=<8+RPPS or 0+ADELI>+SN=<surname>+GN=<given name>, title=<profession>, C=FR`.

use serde::Serialize;
use ts_rs::TS;
use x509_parser::oid_registry::{OID_X509_COMMON_NAME, OID_X509_GIVEN_NAME, OID_X509_SURNAME, OID_X509_TITLE};
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};

use super::CardError;

/// The card holder, as the certificate names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct Holder {
    pub surname: String,
    pub given_name: String,
    /// The `title` attribute ("Médecin", "Infirmier"…).
    pub profession: Option<String>,
    /// The certificate's CN: `8` + RPPS number, or `0` + ADELI number.
    pub national_id: String,
    /// The RPPS number when the national identifier is one (`8…`).
    pub rpps: Option<String>,
}

/// What the status shows of the certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateFacts {
    pub holder: Holder,
    /// End of validity, RFC 3339 in UTC.
    pub not_after: String,
}

/// The DER certificate's length from its header, once enough bytes are there: the card's
/// certificate file is longer than the certificate (zero padding).
pub fn der_length(start: &[u8]) -> Option<usize> {
    use x509_parser::asn1_rs::{FromBer, Header, Length};
    let (rest, header) = Header::from_ber(start).ok()?;
    match header.length() {
        // A card's bytes can declare any length: one past memory is no length at all (the
        // file is then read to its end), never an overflow (found by fuzzing).
        Length::Definite(len) => (start.len() - rest.len()).checked_add(len),
        Length::Indefinite => None,
    }
}

pub fn read(der: &[u8]) -> Result<CertificateFacts, CardError> {
    let (_, certificate) =
        X509Certificate::from_der(der).map_err(|_| CardError::Malformed("the authentication certificate is not X.509"))?;
    let subject = certificate.subject();
    let national_id = attribute(subject, &OID_X509_COMMON_NAME).ok_or(CardError::Malformed("a certificate without CN"))?;
    let rpps = national_id.strip_prefix('8').filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).map(str::to_owned);
    let holder = Holder {
        surname: attribute(subject, &OID_X509_SURNAME).unwrap_or_default(),
        given_name: attribute(subject, &OID_X509_GIVEN_NAME).unwrap_or_default(),
        profession: attribute(subject, &OID_X509_TITLE),
        rpps,
        national_id,
    };
    let not_after = chrono::DateTime::from_timestamp(certificate.validity().not_after.timestamp(), 0)
        .ok_or(CardError::Malformed("a certificate end date out of range"))?
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok(CertificateFacts { holder, not_after })
}

/// The first value of an attribute, wherever it sits (a CPS puts CN, SN and GN in one
/// multi-valued RDN).
fn attribute<'a>(name: &X509Name<'a>, oid: &x509_parser::der_parser::oid::Oid<'a>) -> Option<String> {
    name.iter_by_oid(oid).next().and_then(|a| a.as_str().ok()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The virtual card's certificate (dev/card, the test PKI's physician).
    const CERT_FILE: &[u8] = include_bytes!("testdata/cert_aut.der");

    #[test]
    fn the_holder_is_read_from_the_cps_subject() {
        let padded = [CERT_FILE, &[0u8; 100]].concat();
        assert_eq!(der_length(&padded[..4]), Some(CERT_FILE.len()));
        let facts = read(&padded[..CERT_FILE.len()]).unwrap();
        assert_eq!(
            facts.holder,
            Holder {
                surname: "DUPONT".into(),
                given_name: "Jean".into(),
                profession: Some("Médecin".into()),
                national_id: "889970010016".into(),
                rpps: Some("89970010016".into()),
            }
        );
        assert!(facts.not_after.ends_with('Z') && facts.not_after.len() == 20, "{}", facts.not_after);
    }

    #[test]
    fn a_truncated_certificate_is_an_error_not_a_panic() {
        assert!(read(&CERT_FILE[..200]).is_err());
        assert_eq!(der_length(&[0x30]), None);
        // A length past memory (found by fuzzing: it overflowed).
        assert_eq!(der_length(&[0x30, 0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]), None);
    }
}
