//! The PIN on its way to the card: checked against the PKCS#15 format before any try is
//! spent, padded as the card wants, sent in one VERIFY whose bytes are wiped once sent, and
//! the card's answer read as accepted, wrong (tries left) or blocked. Nothing here logs the
//! PIN or the APDU; only the status word leaves this file.

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::apdu::{sw, Response, Transmit};
use super::pkcs15::Pin;
use super::CardError;

/// What the card said to a PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinOutcome {
    Accepted,
    /// `63Cx`, x > 0: this PIN was wrong, `tries_left` remain before the card blocks.
    Wrong { tries_left: u8 },
    /// `6983`, or `63C0` after the last wrong try: only the PUK (or a new card) helps.
    Blocked,
}

/// Sends VERIFY with `pin` for the PIN `reference` describes. A PIN the format refuses
/// (letters, too short or long) never reaches the card: it would cost a try.
pub fn verify(link: &mut dyn Transmit, reference: &Pin, pin: &SecretString) -> Result<PinOutcome, CardError> {
    let apdu = verify_apdu(reference, pin)?;
    let answer = Response::from_bytes(link.transmit(&apdu)?)?;
    drop(apdu);
    tracing::debug!(sw = format_args!("{:04X}", answer.sw), "VERIFY");
    outcome(answer.sw)
}

/// `00 20 00 <ref> Lc <PIN, padded>`, in a buffer wiped when dropped.
fn verify_apdu(reference: &Pin, pin: &SecretString) -> Result<Zeroizing<Vec<u8>>, CardError> {
    let digits = pin.expose_secret().as_bytes();
    let format = &reference.format;
    if digits.len() < format.min_length || digits.len() > format.max_length || !digits.iter().all(u8::is_ascii_digit) {
        return Err(CardError::PinFormat { min: format.min_length, max: format.max_length });
    }
    let length = if format.needs_padding { format.stored_length } else { digits.len() };
    let Ok(lc) = u8::try_from(length) else {
        return Err(CardError::Malformed("a PIN longer than a short APDU"));
    };
    // Reserved up front so that no reallocation leaves a copy behind.
    let mut apdu = Zeroizing::new(Vec::with_capacity(5 + length));
    apdu.extend_from_slice(&[0x00, 0x20, 0x00, reference.verify_reference(), lc]);
    apdu.extend_from_slice(digits);
    apdu.resize(5 + length, format.pad_char);
    Ok(apdu)
}

/// The card's answer to VERIFY (with data, or without to ask the state).
pub fn outcome(status: u16) -> Result<PinOutcome, CardError> {
    match status {
        sw::OK => Ok(PinOutcome::Accepted),
        sw::BLOCKED | 0x63C0 => Ok(PinOutcome::Blocked),
        status if status & 0xFFF0 == 0x63C0 => Ok(PinOutcome::Wrong { tries_left: (status & 0x0F) as u8 }),
        other => Err(CardError::Status(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::pkcs15::PinFormat;

    fn cps_pin() -> Pin {
        Pin { auth_id: vec![1], reference: 1, local: false, format: PinFormat::default() }
    }

    struct Card {
        sent: Vec<Vec<u8>>,
        answer: u16,
    }

    impl Transmit for Card {
        fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
            self.sent.push(apdu.to_vec());
            Ok(self.answer.to_be_bytes().to_vec())
        }
    }

    #[test]
    fn the_pin_is_padded_with_ff_to_eight_bytes() {
        let mut card = Card { sent: Vec::new(), answer: 0x9000 };
        let outcome = verify(&mut card, &cps_pin(), &SecretString::from("1234")).unwrap();
        assert_eq!(outcome, PinOutcome::Accepted);
        assert_eq!(card.sent, [vec![0x00, 0x20, 0x00, 0x01, 0x08, b'1', b'2', b'3', b'4', 0xFF, 0xFF, 0xFF, 0xFF]]);
    }

    #[test]
    fn a_pin_the_format_refuses_spends_no_try() {
        let mut card = Card { sent: Vec::new(), answer: 0x9000 };
        for bad in ["123", "123456789", "12a4", "", "١٢٣٤"] {
            let err = verify(&mut card, &cps_pin(), &SecretString::from(bad)).unwrap_err();
            assert!(matches!(err, CardError::PinFormat { min: 4, max: 8 }), "{bad:?}: {err:?}");
        }
        assert!(card.sent.is_empty());
    }

    #[test]
    fn the_answer_gives_tries_left_or_blocked() {
        assert_eq!(outcome(0x63C2).unwrap(), PinOutcome::Wrong { tries_left: 2 });
        assert_eq!(outcome(0x63C1).unwrap(), PinOutcome::Wrong { tries_left: 1 });
        assert_eq!(outcome(0x63C0).unwrap(), PinOutcome::Blocked);
        assert_eq!(outcome(0x6983).unwrap(), PinOutcome::Blocked);
        assert!(matches!(outcome(0x6A88), Err(CardError::Status(0x6A88))));
    }
}
