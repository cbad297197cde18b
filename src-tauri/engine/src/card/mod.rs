//! The CPS card: what the readers hold and, for a CPS, whose it is and how many PIN tries
//! are left. The PIN is never asked here. Nothing read from the card is logged but status
//! words and lengths (the holder's identity is personal data).
//!
//! `reader.rs` speaks PC/SC, `apdu.rs` T=0 and READ BINARY, `pkcs15.rs` finds the files,
//! `holder.rs` reads the certificate; this file is the use case.

pub(crate) mod apdu;
pub(crate) mod holder;
pub(crate) mod pin;
pub(crate) mod pkcs15;
mod reader;
mod session;
mod tls_key;

use serde::Serialize;
use ts_rs::TS;

pub use holder::Holder;
pub use pin::PinOutcome;
pub use session::CardSession;
pub use tls_key::CardIdentity;

use apdu::{Command, Transmit};

/// What can go wrong talking to a card; the status turns each into a state the person can
/// read, none stops the app.
#[derive(Debug, thiserror::Error)]
pub enum CardError {
    #[error("no PC/SC service")]
    NoService,
    #[error("the card was removed")]
    Removed,
    /// Another application reset the shared card: its selection is gone, start again.
    #[error("the card was reset by another application")]
    Reset,
    #[error("PC/SC: {0}")]
    Pcsc(String),
    #[error("the card answered {0:04X}")]
    Status(u16),
    #[error("unexpected card content: {0}")]
    Malformed(&'static str),
    #[error("no card in the readers")]
    NoCard,
    #[error("the card is not a CPS")]
    NotCps,
    /// Refused before reaching the card: it would have cost a try.
    #[error("a PIN is {min} to {max} digits")]
    PinFormat { min: usize, max: usize },
    /// A signature asked before the PIN was accepted, or after the card forgot it.
    #[error("the PIN has not been verified")]
    NotVerified,
}

/// Where things stand, in one word the doors turn into a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CardState {
    /// No PC/SC service runs (pcscd stopped, or stopped itself when the last reader left).
    NoService,
    NoReader,
    NoCard,
    /// A card that is not a CPS (a bank card…).
    NotCps,
    /// A CPS whose files could not be read as expected.
    Unreadable,
    /// A CPS ready for its PIN.
    Ready,
    /// A CPS whose PIN is blocked.
    Blocked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct Reader {
    pub name: String,
    pub card_present: bool,
}

/// The card the status looked at: the first reader holding one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct CardInfo {
    pub reader: String,
    pub is_cps: bool,
    pub holder: Option<Holder>,
    /// End of the authentication certificate's validity (RFC 3339, UTC).
    pub not_after: Option<String>,
    /// PIN tries left; none when the card did not say (a PIN already verified).
    pub tries_left: Option<u8>,
    pub blocked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct CardStatus {
    pub state: CardState,
    pub readers: Vec<Reader>,
    pub card: Option<CardInfo>,
}

/// How often the removal watch wakes without news from the service: it notices a stop
/// request, and it still polls where the platform sends no PnP notification.
const WATCH_TICK: std::time::Duration = std::time::Duration::from_millis(250);

/// Blocks until the card in `reader` is pulled out (true), or until `stop` is raised
/// (false). No PC/SC service, or losing it, counts as pulled out. Run it on its own thread.
pub fn wait_for_removal(reader: &str, stop: &std::sync::atomic::AtomicBool) -> bool {
    let service = match reader::Service::connect() {
        Ok(service) => service,
        Err(_) => return true,
    };
    let mut known = None;
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        if service.watch_card(reader, &mut known, WATCH_TICK) == reader::Presence::Gone {
            return true;
        }
    }
    false
}

/// CPS3 contact ATR and the mask to compare it under (ANS CryptoLib, OpenSC's CPx driver).
const CPS_ATR: [u8; 17] = [0x3B, 0xAC, 0x00, 0x40, 0x2A, 0x00, 0x12, 0x25, 0x00, 0x64, 0x80, 0x00, 0x03, 0x10, 0x00, 0x90, 0x00];
const CPS_ATR_MASK: [u8; 17] = [0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF];
/// EF.SN.ICC, from the MF: its bytes 2..7 name the issuer.
const EF_SN_ICC: [u8; 4] = [0x3F, 0x00, 0xD0, 0x03];
/// The ANS as issuer in EF.SN.ICC.
const ANS_ISSUER: [u8; 5] = [0x80, 0x25, 0x00, 0x00, 0x01];

/// The readers, the card in the first reader holding one, and for a CPS its holder and PIN
/// tries left. Blocking (PC/SC calls, about 20 APDUs): call it off the async runtime.
pub fn card_status() -> CardStatus {
    let service = match reader::Service::connect() {
        Ok(service) => service,
        Err(err) => {
            tracing::info!(error = %err, "no PC/SC service");
            return CardStatus { state: CardState::NoService, readers: Vec::new(), card: None };
        }
    };
    let slots = match service.slots() {
        Ok(slots) => slots,
        // The service that stops as the last reader leaves (Windows, pcscd's auto-exit)
        // answers here: whatever the cause, no reader can be seen through it.
        Err(err) => {
            tracing::info!(error = %err, "listing the card readers");
            return CardStatus { state: CardState::NoService, readers: Vec::new(), card: None };
        }
    };
    let readers: Vec<Reader> = slots.iter().map(|s| Reader { name: s.name.clone(), card_present: s.card_present }).collect();
    let Some(slot) = slots.iter().find(|s| s.card_present) else {
        let state = if readers.is_empty() { CardState::NoReader } else { CardState::NoCard };
        return CardStatus { state, readers, card: None };
    };
    let mut card = CardInfo {
        reader: slot.name.clone(),
        is_cps: false,
        holder: None,
        not_after: None,
        tries_left: None,
        blocked: false,
    };
    let state = if !atr_is_cps(&slot.atr) {
        CardState::NotCps
    } else {
        let mut read = service.with_card(slot, |link| read_cps(link, &mut card));
        if matches!(read, Err(CardError::Reset)) {
            read = service.with_card(slot, |link| read_cps(link, &mut card));
        }
        match read {
            Ok(state) => state,
            Err(CardError::Removed) => {
                tracing::info!("the card left during the status");
                let readers = readers.into_iter().map(|r| Reader { card_present: r.card_present && r.name != card.reader, ..r }).collect();
                return CardStatus { state: CardState::NoCard, readers, card: None };
            }
            Err(err) => {
                tracing::warn!(error = %err, "reading the card");
                CardState::Unreadable
            }
        }
    };
    CardStatus { state, readers, card: Some(card) }
}

/// The ATR under the CPS3 mask.
fn atr_is_cps(atr: &[u8]) -> bool {
    atr.len() == CPS_ATR.len() && atr.iter().zip(CPS_ATR_MASK).zip(CPS_ATR).all(|((a, m), c)| a & m == c & m)
}

/// Reads what the status shows from a card whose ATR is a CPS's; fills `card` as it goes so
/// that a failure midway still shows what was read.
pub(crate) fn read_cps(link: &mut dyn Transmit, card: &mut CardInfo) -> Result<CardState, CardError> {
    // The issuer: a card with a CPS ATR but another issuer (or no EF.SN.ICC) is not a CPS.
    let serial = match apdu::read_file(link, &EF_SN_ICC, |_| None) {
        Ok(serial) => serial,
        Err(CardError::Status(status)) => {
            tracing::info!(sw = format_args!("{status:04X}"), "no EF.SN.ICC");
            return Ok(CardState::NotCps);
        }
        Err(err) => return Err(err),
    };
    if serial.get(2..7) != Some(&ANS_ISSUER[..]) {
        return Ok(CardState::NotCps);
    }
    card.is_cps = true;
    let (application, found) = pkcs15_references(link)?;

    let der = apdu::read_file(link, &application.absolute(&found.certificate_path), holder::der_length)?;
    let facts = holder::read(&der)?;
    card.holder = Some(facts.holder);
    card.not_after = Some(facts.not_after);

    let answer = apdu::exchange(link, &Command::pin_state(found.pin.verify_reference()))?;
    tracing::debug!(sw = format_args!("{:04X}", answer.sw), "PIN state");
    // Asked without a PIN, the card answers as VERIFY does: OK (already verified), the
    // tries left, or blocked.
    Ok(match pin::outcome(answer.sw)? {
        PinOutcome::Accepted => CardState::Ready,
        PinOutcome::Wrong { tries_left } => {
            card.tries_left = Some(tries_left);
            CardState::Ready
        }
        PinOutcome::Blocked => {
            card.blocked = true;
            card.tries_left = Some(0);
            CardState::Blocked
        }
    })
}

impl From<CardError> for crate::EngineError {
    fn from(err: CardError) -> Self {
        match err {
            CardError::PinFormat { min, max } => crate::EngineError::PinFormat { min, max },
            CardError::NotVerified => crate::EngineError::PinRequired,
            CardError::Removed => crate::EngineError::CardRemoved,
            CardError::NotCps => crate::EngineError::CardNotCps,
            other => crate::EngineError::Card(other.to_string()),
        }
    }
}

impl PinOutcome {
    /// For callers that only go on with an accepted PIN: the other answers as errors whose
    /// sentences the window shows ("Code PIN incorrect : 2 essais restants", "Carte bloquée").
    pub fn accepted(self) -> crate::Result<()> {
        match self {
            PinOutcome::Accepted => Ok(()),
            PinOutcome::Wrong { tries_left } => Err(crate::EngineError::PinWrong { tries_left }),
            PinOutcome::Blocked => Err(crate::EngineError::CardBlocked),
        }
    }
}

/// For a sign-in: the application and its PKCS#15 references when the card is an ANS one,
/// `None` for another issuer's card (or one without EF.SN.ICC).
pub(crate) fn locate(link: &mut dyn Transmit) -> Result<Option<(pkcs15::Application, pkcs15::Authentication)>, CardError> {
    match apdu::read_file(link, &EF_SN_ICC, |_| None) {
        Ok(serial) if serial.get(2..7) == Some(&ANS_ISSUER[..]) => pkcs15_references(link).map(Some),
        Ok(_) | Err(CardError::Status(_)) => Ok(None),
        Err(err) => Err(err),
    }
}

/// EF.DIR, the ODF and the directory files it lists: which certificate, key and PIN
/// authenticate.
fn pkcs15_references(link: &mut dyn Transmit) -> Result<(pkcs15::Application, pkcs15::Authentication), CardError> {
    let application = pkcs15::application(&apdu::read_file(link, &pkcs15::EF_DIR, |_| None)?)?;
    let odf = pkcs15::odf(&apdu::read_file(link, &application.odf_path(), |_| None)?)?;
    let mut keys = Vec::new();
    for path in &odf.private_keys {
        keys.extend(pkcs15::private_keys(&apdu::read_file(link, &application.absolute(path), |_| None)?)?);
    }
    let mut certificates = Vec::new();
    for path in &odf.certificates {
        certificates.extend(pkcs15::certificates(&apdu::read_file(link, &application.absolute(path), |_| None)?)?);
    }
    let mut pins = Vec::new();
    for path in &odf.auth_objects {
        pins.extend(pkcs15::pins(&apdu::read_file(link, &application.absolute(path), |_| None)?)?);
    }
    let found = pkcs15::authentication(&keys, &certificates, &pins)?;
    Ok((application, found))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The virtual CPS3's files (dev/card), served by path; VERIFY without data answers `pin`.
    struct FileCard {
        files: Vec<(Vec<u8>, Vec<u8>)>,
        current: Option<usize>,
        pin: u16,
    }

    impl FileCard {
        fn cps() -> FileCard {
            let app = |fid: [u8; 2]| [&[0x3F, 0x00, 0x00, 0x01][..], &fid].concat();
            let files = vec![
                (EF_SN_ICC.to_vec(), include_bytes!("testdata/ef_sn_icc.der").to_vec()),
                (pkcs15::EF_DIR.to_vec(), include_bytes!("testdata/ef_dir.der").to_vec()),
                (app([0x50, 0x31]), include_bytes!("testdata/odf.der").to_vec()),
                (app([0x70, 0x01]), include_bytes!("testdata/prkdf.der").to_vec()),
                (app([0x70, 0x02]), include_bytes!("testdata/aodf.der").to_vec()),
                (app([0x70, 0x04]), include_bytes!("testdata/cdf.der").to_vec()),
                // Zero-padded, as on the card.
                (app([0xC0, 0x00]), [&include_bytes!("testdata/cert_aut.der")[..], &[0u8; 1034]].concat()),
            ];
            FileCard { files, current: None, pin: 0x63C3 }
        }
    }

    impl Transmit for FileCard {
        fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
            let sw = |s: u16| s.to_be_bytes().to_vec();
            Ok(match apdu[1] {
                0xA4 => match self.files.iter().position(|(path, _)| path[..] == apdu[5..]) {
                    Some(i) => {
                        self.current = Some(i);
                        sw(0x9000) // no FCP: the reading goes on until the card says the end
                    }
                    None => sw(0x6A82),
                },
                0xB0 => {
                    let Some(i) = self.current else { return Ok(sw(0x6986)) };
                    let file = &self.files[i].1;
                    let offset = usize::from(u16::from_be_bytes([apdu[2], apdu[3]]));
                    if offset >= file.len() {
                        return Ok(sw(0x6B00));
                    }
                    let end = file.len().min(offset + usize::from(apdu[4]));
                    [&file[offset..end], &sw(0x9000)[..]].concat()
                }
                0x20 => sw(self.pin),
                _ => sw(0x6D00),
            })
        }
    }

    fn blank() -> CardInfo {
        CardInfo { reader: "r".into(), is_cps: false, holder: None, not_after: None, tries_left: None, blocked: false }
    }

    #[test]
    fn a_cps_gives_its_holder_and_tries_left() {
        let mut info = blank();
        assert_eq!(read_cps(&mut FileCard::cps(), &mut info).unwrap(), CardState::Ready);
        assert!(info.is_cps);
        assert_eq!(info.holder.as_ref().map(|h| h.national_id.as_str()), Some("889970010016"));
        assert_eq!(info.tries_left, Some(3));
    }

    #[test]
    fn a_blocked_pin_is_a_state_not_an_error() {
        for status in [0x6983, 0x63C0] {
            let mut card = FileCard { pin: status, ..FileCard::cps() };
            let mut info = blank();
            assert_eq!(read_cps(&mut card, &mut info).unwrap(), CardState::Blocked);
            assert!(info.blocked);
            assert_eq!(info.tries_left, Some(0));
        }
    }

    #[test]
    fn another_issuer_or_no_ef_sn_icc_is_not_a_cps() {
        let mut card = FileCard::cps();
        card.files[0].1[3] = 0x26;
        let mut info = blank();
        assert_eq!(read_cps(&mut card, &mut info).unwrap(), CardState::NotCps);
        assert!(!info.is_cps);
        card.files.remove(0);
        assert_eq!(read_cps(&mut card, &mut blank()).unwrap(), CardState::NotCps);
    }

    #[test]
    fn a_cps3_is_known_by_its_atr_under_the_mask() {
        assert!(atr_is_cps(&CPS_ATR));
        let mut other_batch = CPS_ATR;
        other_batch[1] = 0xAD; // masked-out byte
        other_batch[12] = 0x04;
        assert!(atr_is_cps(&other_batch));
        let mut bank_card = CPS_ATR;
        bank_card[7] = 0x26;
        assert!(!atr_is_cps(&bank_card));
        assert!(!atr_is_cps(&[0x3B, 0x8F, 0x80, 0x01]));
    }
}
