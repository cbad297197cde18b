//! A CPS card's answers: the status reading (`card::read_cps`: T=0 rules, file reading,
//! PKCS#15 directory files, the certificate, the PIN state) over a fake card that answers
//! each command with the input's next answer, and each parser on the input alone. Whatever a
//! card answers, every command the engine sends is a well-formed short APDU.

use crate::card::apdu::{Response, Transmit};
use crate::card::{holder, locate, pin, pkcs15, read_cps, CardError, CardInfo, CardState};

pub fn card(data: &[u8]) {
    let mut info = CardInfo { reader: "fuzz".into(), is_cps: false, holder: None, not_after: None, tries_left: None, blocked: false };
    if let Ok(state) = read_cps(&mut Replay::new(data), &mut info) {
        assert_eq!(state == CardState::Blocked, info.blocked, "blocked without saying so");
        assert!(state == CardState::NotCps || info.is_cps, "a card read as a CPS but not said to be one");
    }
    let _ = locate(&mut Replay::new(data));
    parsers(data);
}

/// Each parser on the bytes alone, the way a file read from the card reaches it.
fn parsers(data: &[u8]) {
    let _ = pkcs15::fcp_size(data);
    if let Ok(application) = pkcs15::application(data) {
        let _ = application.odf_path();
        let _ = application.absolute(data);
    }
    let _ = pkcs15::odf(data);
    let keys = pkcs15::private_keys(data).unwrap_or_default();
    let certificates = pkcs15::certificates(data).unwrap_or_default();
    let pins = pkcs15::pins(data).unwrap_or_default();
    if let Ok(found) = pkcs15::authentication(&keys, &certificates, &pins) {
        let _ = found.pin.verify_reference();
    }
    if let Some(len) = holder::der_length(data) {
        assert!(len >= 2, "a DER element shorter than its header");
    }
    let _ = holder::read(data);
    if let Ok(response) = Response::from_bytes(data.to_vec()) {
        assert_eq!(response.data.len() + 2, data.len());
        let _ = pin::outcome(response.sw);
    }
}

/// A card that answers each command with the input's next answer: a length byte, then that
/// many bytes (data and status word). When the input runs out, the card is gone.
struct Replay<'a> {
    rest: &'a [u8],
}

impl<'a> Replay<'a> {
    fn new(data: &'a [u8]) -> Replay<'a> {
        Replay { rest: data }
    }
}

impl Transmit for Replay<'_> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        // ISO 7816-4 short form: header, then Le alone, or Lc and exactly Lc bytes.
        assert!(apdu.len() >= 4, "an APDU shorter than its header: {apdu:02X?}");
        if apdu.len() > 5 {
            assert_eq!(usize::from(apdu[4]), apdu.len() - 5, "Lc does not count the data: {apdu:02X?}");
        }
        let (&len, rest) = self.rest.split_first().ok_or(CardError::Removed)?;
        let len = usize::from(len).min(rest.len());
        let (answer, rest) = rest.split_at(len);
        self.rest = rest;
        Ok(answer.to_vec())
    }
}
