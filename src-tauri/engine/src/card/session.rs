//! A sign-in with the card: the connection kept open (shared mode) from the PIN to the last
//! signature, the PKCS#15 references found once, and whether the PIN was accepted. Each use
//! is one transaction. The session is shared (a TLS handshake signs from rustls' side), so
//! its state sits behind a mutex.

use std::sync::{Mutex, MutexGuard};

use secrecy::SecretString;

use super::apdu::{self, sw, Command};
use super::pin::{self, PinOutcome};
use super::pkcs15::{Application, Authentication};
use super::{holder, locate, reader, CardError, Holder};

/// The DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2, note 1): the card signs the
/// DigestInfo, padding it itself (PKCS#1 v1.5).
const SHA256_DIGEST_INFO: [u8; 19] =
    [0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

pub struct CardSession {
    state: Mutex<State>,
    certificate: Vec<u8>,
    holder: Holder,
    reader: String,
}

struct State {
    connection: reader::Connection,
    application: Application,
    authentication: Authentication,
    verified: bool,
}

impl std::fmt::Debug for CardSession {
    // The holder is personal data: a session shows nothing of it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardSession").finish_non_exhaustive()
    }
}

impl CardSession {
    /// Connects to the CPS in the first reader holding one and reads its authentication
    /// certificate. Blocking (PC/SC): call it off the async runtime.
    pub fn open() -> Result<CardSession, CardError> {
        let service = reader::Service::connect()?;
        let slots = service.slots()?;
        let slot = slots.iter().find(|s| s.card_present).ok_or(CardError::NoCard)?;
        if !super::atr_is_cps(&slot.atr) {
            return Err(CardError::NotCps);
        }
        let mut connection = service.connect_card(slot)?;
        let (application, authentication, certificate) = connection.transaction(|link| {
            let (application, authentication) = locate(link)?.ok_or(CardError::NotCps)?;
            let path = application.absolute(&authentication.certificate_path);
            let certificate = apdu::read_file(link, &path, holder::der_length)?;
            Ok((application, authentication, certificate))
        })?;
        if authentication.key_reference.is_none() {
            return Err(CardError::Malformed("no key reference for the authentication key"));
        }
        let holder = holder::read(&certificate)?.holder;
        let state = State { connection, application, authentication, verified: false };
        Ok(CardSession { state: Mutex::new(state), certificate, holder, reader: slot.name.clone() })
    }

    /// The authentication certificate, DER.
    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate
    }

    pub fn holder(&self) -> &Holder {
        &self.holder
    }

    /// The reader holding the card, for watching its removal.
    pub fn reader(&self) -> &str {
        &self.reader
    }

    pub fn is_verified(&self) -> bool {
        self.lock().verified
    }

    /// Presents the PIN. A wrong PIN or a blocked card is an answer, not an error.
    pub fn verify_pin(&self, pin: &SecretString) -> Result<PinOutcome, CardError> {
        let mut state = self.lock();
        let reference = state.authentication.pin.clone();
        let outcome = state.run(|link| pin::verify(link, &reference, pin))?;
        state.verified = outcome == PinOutcome::Accepted;
        Ok(outcome)
    }

    /// Signs a SHA-256 hash with the authentication key: MSE SET, then INTERNAL AUTHENTICATE
    /// over its DigestInfo. The answer is the RSA PKCS#1 v1.5 signature.
    pub fn sign_digest_info(&self, sha256: &[u8; 32]) -> Result<Vec<u8>, CardError> {
        let mut state = self.lock();
        if !state.verified {
            return Err(CardError::NotVerified);
        }
        let application = state.application.path.clone();
        let key = state.authentication.key_reference.ok_or(CardError::Malformed("no key reference"))?;
        let digest_info = [&SHA256_DIGEST_INFO[..], sha256].concat();
        let signed = state.run(|link| {
            // The security environment belongs to the application DF; another application
            // may have left the card elsewhere between two transactions.
            apdu::exchange(link, &Command::select_path(&application))?.ok()?;
            apdu::exchange(link, &Command::mse_set_authentication(key))?.ok()?;
            apdu::exchange(link, &Command::internal_authenticate(&digest_info))?.ok()
        });
        if matches!(signed, Err(CardError::Status(sw::NOT_VERIFIED))) {
            // Powered off and back, or reset in a way PC/SC did not report: ask the PIN again.
            state.verified = false;
            return Err(CardError::NotVerified);
        }
        signed
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves nothing half-written that matters here.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    /// One transaction; a reset by another application clears the verified PIN, and the
    /// handle is reconnected for the next use.
    fn run<T>(&mut self, work: impl FnOnce(&mut dyn apdu::Transmit) -> Result<T, CardError>) -> Result<T, CardError> {
        let result = self.connection.transaction(work);
        if matches!(result, Err(CardError::Reset)) {
            self.verified = false;
            if let Err(err) = self.connection.reconnect() {
                tracing::info!(error = %err, "reconnecting to the card after a reset");
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_info_is_sha256s() {
        // The DigestInfo's DER: 51 bytes, the hash as the last OCTET STRING.
        assert_eq!(SHA256_DIGEST_INFO[1] as usize + 2, SHA256_DIGEST_INFO.len() + 32);
        assert_eq!(SHA256_DIGEST_INFO[18] as usize, 32);
    }
}
