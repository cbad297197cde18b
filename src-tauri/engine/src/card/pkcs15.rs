//! Where the card keeps what the app needs, found the PKCS#15 way (ISO/IEC 7816-15): EF.DIR
//! names the application and its DF, the application's ODF lists the directory files, and
//! those say which certificate authenticates, which key reference signs with it and which
//! PIN guards it. The only file identifiers written here are the ones the standards fix:
//! EF.DIR (`3F00/2F00`, ISO 7816-4) and the ODF (`5031` in the application, PKCS#15).
//!
//! DER and BER-TLV are read with asn1-rs (through x509-parser): its `Any` gives each
//! element's class, tag and content, which is all these directory files need.

use x509_parser::asn1_rs::{Any, Class, FromBer};

use super::CardError;

/// EF.DIR, from the MF.
pub const EF_DIR: [u8; 4] = [0x3F, 0x00, 0x2F, 0x00];
/// The ODF's identifier inside a PKCS#15 application (PKCS#15 §5.4.1).
const ODF_ID: [u8; 2] = [0x50, 0x31];
const MF: [u8; 2] = [0x3F, 0x00];

/// The application EF.DIR names: its DF's path from the MF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub path: Vec<u8>,
}

impl Application {
    pub fn odf_path(&self) -> Vec<u8> {
        [self.path.as_slice(), &ODF_ID].concat()
    }

    /// A path as the directory files give it, made absolute: one starting with `3F00` is
    /// already; any other is relative to this application's DF.
    pub fn absolute(&self, path: &[u8]) -> Vec<u8> {
        if path.starts_with(&MF) {
            path.to_vec()
        } else {
            [self.path.as_slice(), path].concat()
        }
    }
}

/// The directory files the ODF lists (each possibly several).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Odf {
    pub private_keys: Vec<Vec<u8>>,
    pub certificates: Vec<Vec<u8>>,
    pub auth_objects: Vec<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateKey {
    pub id: Vec<u8>,
    pub auth_id: Option<Vec<u8>>,
    /// Usage `sign` (bit 2) without `nonRepudiation` (bit 9): the authentication key, not
    /// the qualified signature key.
    pub authenticates: bool,
    pub reference: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub id: Vec<u8>,
    pub authority: bool,
    pub path: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub auth_id: Vec<u8>,
    pub reference: u8,
    /// `local` flag: the PIN belongs to the application DF (P2 of VERIFY gets bit 8).
    pub local: bool,
    /// How VERIFY wants the PIN: its length bounds, and the padding to `stored_length`.
    pub format: PinFormat,
}

/// PinAttributes' lengths, `needs-padding` flag and `padChar`: a CPS wants 4 to 8 digits
/// padded with `FF` to 8 bytes, and a PIN sent unpadded counts as a wrong one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinFormat {
    pub min_length: usize,
    pub max_length: usize,
    pub stored_length: usize,
    pub needs_padding: bool,
    pub pad_char: u8,
}

impl Default for PinFormat {
    /// The CPx conventions, for a file that leaves a field out.
    fn default() -> Self {
        PinFormat { min_length: 4, max_length: 8, stored_length: 8, needs_padding: true, pad_char: 0xFF }
    }
}

impl Pin {
    /// P2 of VERIFY.
    pub fn verify_reference(&self) -> u8 {
        if self.local {
            self.reference | 0x80
        } else {
            self.reference
        }
    }
}

/// What the status (and later the sign-in) needs from the card's PKCS#15 structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authentication {
    pub certificate_path: Vec<u8>,
    pub key_reference: Option<u8>,
    pub pin: Pin,
}

/// The file size in an FCP (`62` template, tag `80` or `81`), when the card gives it.
pub fn fcp_size(fcp: &[u8]) -> Option<usize> {
    let (_, template) = Any::from_ber(fcp).ok()?;
    let size = elements(template.data).ok()?.into_iter().find(|e| e.class() == Class::ContextSpecific && matches!(e.tag().0, 0 | 1))?;
    number(size.data).map(|n| n as usize)
}

/// EF.DIR: the first application template (`61`) with a path (`51`).
pub fn application(ef_dir: &[u8]) -> Result<Application, CardError> {
    for template in elements(ef_dir)? {
        if template.class() != Class::Application || template.tag().0 != 1 {
            continue;
        }
        let path = elements(template.data)?.into_iter().find(|e| e.class() == Class::Application && e.tag().0 == 0x11);
        if let Some(path) = path {
            return Ok(Application { path: path.data.to_vec() });
        }
    }
    Err(CardError::Malformed("EF.DIR names no application with a path"))
}

/// The ODF: `[0]` private keys, `[4]` certificates, `[8]` authentication objects, each a
/// `Path` (`SEQUENCE { OCTET STRING, … }`).
pub fn odf(bytes: &[u8]) -> Result<Odf, CardError> {
    let mut odf = Odf::default();
    for entry in elements(bytes)? {
        if entry.class() != Class::ContextSpecific {
            continue;
        }
        let list = match entry.tag().0 {
            0 => &mut odf.private_keys,
            4 => &mut odf.certificates,
            8 => &mut odf.auth_objects,
            _ => continue,
        };
        // A directory given by value rather than by path is not something a CPS does.
        if let Some(path) = first(entry.data).ok().and_then(|p| path(&p)) {
            list.push(path);
        }
    }
    Ok(odf)
}

/// PrKDF: RSA keys (`SEQUENCE { CommonObjectAttributes, CommonKeyAttributes, … }`).
pub fn private_keys(bytes: &[u8]) -> Result<Vec<PrivateKey>, CardError> {
    let mut keys = Vec::new();
    for object in elements(bytes)? {
        if !is_sequence(&object) {
            continue; // EC or other key types: not on a CPS
        }
        let parts = elements(object.data)?;
        let (Some(common), Some(key)) = (parts.first(), parts.get(1)) else { continue };
        // CommonObjectAttributes: label, flags, authId (the OCTET STRING).
        let auth_id = elements(common.data)?.into_iter().find(|e| is_universal(e, 4)).map(|e| e.data.to_vec());
        // CommonKeyAttributes: iD, usage, native, accessFlags, keyReference.
        let fields = elements(key.data)?;
        let Some(id) = fields.iter().find(|e| is_universal(e, 4)) else { continue };
        let usage = fields.iter().find(|e| is_universal(e, 3)).map(|e| e.data).unwrap_or_default();
        let reference = fields.iter().find(|e| is_universal(e, 2)).and_then(|e| number(e.data)).and_then(|n| u8::try_from(n).ok());
        keys.push(PrivateKey {
            id: id.data.to_vec(),
            auth_id,
            authenticates: bit(usage, 2) && !bit(usage, 9),
            reference,
        });
    }
    Ok(keys)
}

/// CDF: X.509 certificates (`SEQUENCE { CommonObjectAttributes, CommonCertificateAttributes
/// { iD, authority }, [1] { SEQUENCE { Path } } }`).
pub fn certificates(bytes: &[u8]) -> Result<Vec<Certificate>, CardError> {
    let mut certificates = Vec::new();
    for object in elements(bytes)? {
        if !is_sequence(&object) {
            continue;
        }
        let parts = elements(object.data)?;
        let Some(common) = parts.get(1) else { continue };
        let fields = elements(common.data)?;
        let Some(id) = fields.iter().find(|e| is_universal(e, 4)) else { continue };
        let authority = fields.iter().find(|e| is_universal(e, 1)).is_some_and(|e| e.data.first().is_some_and(|b| *b != 0));
        let Some(typed) = parts.iter().find(|e| e.class() == Class::ContextSpecific && e.tag().0 == 1) else { continue };
        let Some(path) = first(typed.data).and_then(|attributes| first(attributes.data)).ok().and_then(|p| path(&p)) else {
            continue;
        };
        certificates.push(Certificate { id: id.data.to_vec(), authority, path });
    }
    Ok(certificates)
}

/// AODF: PINs (`SEQUENCE { CommonObjectAttributes, CommonAuthenticationObjectAttributes
/// { authId }, [1] PinAttributes { pinFlags, pinType, minLength, storedLength, maxLength?,
/// pinReference [0] DEFAULT 0, padChar?, … } }`).
pub fn pins(bytes: &[u8]) -> Result<Vec<Pin>, CardError> {
    let mut pins = Vec::new();
    for object in elements(bytes)? {
        if !is_sequence(&object) {
            continue; // biometric or other authentication objects
        }
        let parts = elements(object.data)?;
        let Some(common) = parts.get(1) else { continue };
        let Some(auth_id) = elements(common.data)?.into_iter().find(|e| is_universal(e, 4)) else { continue };
        let Some(typed) = parts.iter().find(|e| e.class() == Class::ContextSpecific && e.tag().0 == 1) else { continue };
        let attributes = elements(first(typed.data)?.data)?;
        let flags = attributes.first().filter(|e| is_universal(e, 3)).map(|e| e.data).unwrap_or_default();
        let reference = attributes
            .iter()
            .find(|e| e.class() == Class::ContextSpecific && e.tag().0 == 0)
            .and_then(|e| number(e.data))
            .map_or(Ok(0), u8::try_from)
            .map_err(|_| CardError::Malformed("a PIN reference beyond a byte"))?;
        // minLength, storedLength, maxLength: the INTEGERs, in this order.
        let lengths: Vec<usize> =
            attributes.iter().filter(|e| is_universal(e, 2)).filter_map(|e| number(e.data)).map(|n| n as usize).collect();
        let defaults = PinFormat::default();
        let stored_length = lengths.get(1).copied().filter(|n| (1..=64).contains(n)).unwrap_or(defaults.stored_length);
        let format = PinFormat {
            min_length: lengths.first().copied().unwrap_or(defaults.min_length),
            stored_length,
            max_length: lengths.get(2).copied().unwrap_or(stored_length).min(stored_length),
            needs_padding: bit(flags, 5),
            pad_char: attributes.iter().find(|e| is_universal(e, 4)).and_then(|e| e.data.first().copied()).unwrap_or(defaults.pad_char),
        };
        pins.push(Pin { auth_id: auth_id.data.to_vec(), reference, local: bit(flags, 1), format });
    }
    Ok(pins)
}

/// The authentication key, its certificate (same iD, not an authority) and its PIN (the
/// key's authId).
pub fn authentication(keys: &[PrivateKey], certificates: &[Certificate], pins: &[Pin]) -> Result<Authentication, CardError> {
    let key = keys.iter().find(|k| k.authenticates).ok_or(CardError::Malformed("no authentication key in the PrKDF"))?;
    let certificate = certificates
        .iter()
        .find(|c| !c.authority && c.id == key.id)
        .ok_or(CardError::Malformed("no certificate for the authentication key in the CDF"))?;
    let pin = pins
        .iter()
        .find(|p| Some(&p.auth_id) == key.auth_id.as_ref())
        .or_else(|| pins.first())
        .ok_or(CardError::Malformed("no PIN in the AODF"))?;
    Ok(Authentication { certificate_path: certificate.path.clone(), key_reference: key.reference, pin: pin.clone() })
}

/// The elements one after the other in `bytes`. Card files are often longer than their
/// content: a `00` or `FF` where a tag should start ends the list.
fn elements(mut bytes: &[u8]) -> Result<Vec<Any<'_>>, CardError> {
    let mut out = Vec::new();
    while let Some(&tag) = bytes.first() {
        if tag == 0x00 || tag == 0xFF {
            break;
        }
        let (rest, element) = Any::from_ber(bytes).map_err(|_| CardError::Malformed("a PKCS#15 file that is not BER"))?;
        out.push(element);
        bytes = rest;
    }
    Ok(out)
}

fn first(bytes: &[u8]) -> Result<Any<'_>, CardError> {
    elements(bytes)?.into_iter().next().ok_or(CardError::Malformed("an empty PKCS#15 element"))
}

/// A `Path`: `SEQUENCE { path OCTET STRING, index, length }`; only the path is used (CPS
/// files are read whole).
fn path(element: &Any<'_>) -> Option<Vec<u8>> {
    if !is_sequence(element) {
        return None;
    }
    elements(element.data).ok()?.into_iter().find(|e| is_universal(e, 4)).map(|e| e.data.to_vec())
}

fn is_sequence(element: &Any<'_>) -> bool {
    is_universal(element, 16)
}

fn is_universal(element: &Any<'_>, tag: u32) -> bool {
    element.class() == Class::Universal && element.tag().0 == tag
}

/// A small non-negative INTEGER's content (also under an implicit tag, which asn1-rs's
/// typed conversions refuse).
fn number(content: &[u8]) -> Option<u32> {
    if content.is_empty() || content.len() > 4 {
        return None;
    }
    Some(content.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)))
}

/// Bit `n` of a BIT STRING's content (first byte: unused bits; bit 0 is the first one).
fn bit(content: &[u8], n: usize) -> bool {
    content.get(1 + n / 8).is_some_and(|byte| byte & (0x80 >> (n % 8)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Files as the virtual CPS3 of dev/card holds them.
    const EF_DIR_BYTES: &[u8] = include_bytes!("testdata/ef_dir.der");
    const ODF: &[u8] = include_bytes!("testdata/odf.der");
    const PRKDF: &[u8] = include_bytes!("testdata/prkdf.der");
    const CDF: &[u8] = include_bytes!("testdata/cdf.der");
    const AODF: &[u8] = include_bytes!("testdata/aodf.der");

    #[test]
    fn the_application_and_its_directory_files_are_found_from_ef_dir() {
        let app = application(EF_DIR_BYTES).unwrap();
        assert_eq!(app.path, [0x3F, 0x00, 0x00, 0x01]);
        assert_eq!(app.odf_path(), [0x3F, 0x00, 0x00, 0x01, 0x50, 0x31]);
        let odf = odf(ODF).unwrap();
        assert_eq!(odf.private_keys, [vec![0x3F, 0x00, 0x00, 0x01, 0x70, 0x01]]);
        assert_eq!(odf.certificates, [vec![0x3F, 0x00, 0x00, 0x01, 0x70, 0x04]]);
        assert_eq!(odf.auth_objects, [vec![0x3F, 0x00, 0x00, 0x01, 0x70, 0x02]]);
    }

    #[test]
    fn the_authentication_certificate_key_and_pin_come_from_the_directory_files() {
        let keys = private_keys(PRKDF).unwrap();
        assert_eq!(keys, [PrivateKey { id: vec![1], auth_id: Some(vec![1]), authenticates: true, reference: Some(0x81) }]);
        let certificates = certificates(CDF).unwrap();
        assert_eq!(certificates.len(), 2);
        assert!(certificates[1].authority);
        let pins = pins(AODF).unwrap();
        let format = PinFormat { min_length: 4, max_length: 8, stored_length: 8, needs_padding: true, pad_char: 0xFF };
        assert_eq!(pins, [Pin { auth_id: vec![1], reference: 1, local: false, format }]);
        let found = authentication(&keys, &certificates, &pins).unwrap();
        assert_eq!(found.certificate_path, [0x3F, 0x00, 0x00, 0x01, 0xC0, 0x00]);
        assert_eq!(found.key_reference, Some(0x81));
        assert_eq!(found.pin.verify_reference(), 0x01);
    }

    #[test]
    fn zero_padding_after_the_content_is_not_an_element() {
        let padded = [ODF, &[0u8; 40]].concat();
        assert_eq!(odf(&padded).unwrap(), odf(ODF).unwrap());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(application(&[0x61, 0x20, 0x4F]).is_err());
        assert!(odf(&[0xA0, 0x85, 0xFF]).is_err());
        assert!(pins(&[0x30, 0x02, 0x30, 0x00]).unwrap().is_empty());
    }

    #[test]
    fn the_size_is_read_from_the_fcp() {
        assert_eq!(fcp_size(&[0x62, 0x07, 0x80, 0x02, 0x08, 0x00, 0x82, 0x01, 0x01]), Some(0x800));
        assert_eq!(fcp_size(&[0x90]), None);
    }
}
