//! PC/SC: the only file naming the `pcsc` crate. The card is always opened in shared mode
//! (other applications — the CPS tools, a browser — may use it too) and each use runs inside
//! a transaction, and the card is left as it is (never reset) when done.

use std::ffi::CString;

use pcsc::{Context, Disposition, Protocols, ReaderState, Scope, ShareMode, State};

use super::apdu::Transmit;
use super::CardError;

/// One reader as the PC/SC service sees it now.
#[derive(Debug, Clone)]
pub struct Slot {
    pub name: String,
    raw_name: CString,
    pub card_present: bool,
    pub atr: Vec<u8>,
}

/// A connection to the PC/SC service (pcscd, WinSCard).
pub struct Service {
    context: Context,
}

impl Service {
    /// `Err(NoService)` when no PC/SC service runs.
    pub fn connect() -> Result<Service, CardError> {
        Ok(Service { context: Context::establish(Scope::User)? })
    }

    /// The readers and what they hold, without waiting.
    pub fn slots(&self) -> Result<Vec<Slot>, CardError> {
        let names = match self.context.list_readers_owned() {
            Ok(names) => names,
            Err(pcsc::Error::NoReadersAvailable) => return Ok(Vec::new()),
            Err(err) => return Err(err.into()),
        };
        let mut states: Vec<ReaderState> = names.iter().map(|n| ReaderState::new(n.clone(), State::UNAWARE)).collect();
        if !states.is_empty() {
            self.context.get_status_change(std::time::Duration::ZERO, &mut states)?;
        }
        Ok(states
            .iter()
            .map(|state| {
                let present = state.event_state().contains(State::PRESENT);
                Slot {
                    name: state.name().to_string_lossy().into_owned(),
                    raw_name: state.name().to_owned(),
                    card_present: present,
                    atr: if present { state.atr().to_vec() } else { Vec::new() },
                }
            })
            .collect())
    }

    /// Runs `work` with the card of `slot`, inside one transaction.
    pub fn with_card<T>(&self, slot: &Slot, work: impl FnOnce(&mut dyn Transmit) -> Result<T, CardError>) -> Result<T, CardError> {
        let mut card = self.context.connect(&slot.raw_name, ShareMode::Shared, Protocols::ANY)?;
        let result = match card.transaction() {
            Ok(transaction) => {
                let mut link = Link { card: &transaction };
                let result = work(&mut link);
                // Ending without resetting: a PIN another application verified stays verified.
                if let Err((_, err)) = transaction.end(Disposition::LeaveCard) {
                    tracing::debug!(error = %err, "ending the card transaction");
                }
                result
            }
            Err(err) => Err(err.into()),
        };
        // Dropping a `pcsc::Card` resets the card; disconnect leaving it as it is instead.
        if let Err((_, err)) = card.disconnect(Disposition::LeaveCard) {
            tracing::debug!(error = %err, "disconnecting from the card");
        }
        result
    }

    /// Keeps a connection to the card of `slot` (shared mode) for a sign-in that lasts: the
    /// PIN verified through it stays verified while the card stays powered.
    pub fn connect_card(self, slot: &Slot) -> Result<Connection, CardError> {
        let card = self.context.connect(&slot.raw_name, ShareMode::Shared, Protocols::ANY)?;
        Ok(Connection { card: Some(card), _context: self.context })
    }
}

/// A card kept connected. Every use is one transaction, so that another application's
/// commands cannot slip between a SELECT and the command that needs it.
pub struct Connection {
    /// Always `Some` but while dropping (disconnect takes the card by value).
    card: Option<pcsc::Card>,
    // The card handle lives inside this context; declared after it so it drops after.
    _context: Context,
}

impl Connection {
    pub fn transaction<T>(&mut self, work: impl FnOnce(&mut dyn Transmit) -> Result<T, CardError>) -> Result<T, CardError> {
        let Some(card) = self.card.as_mut() else { return Err(CardError::Removed) };
        let transaction = card.transaction()?;
        let mut link = Link { card: &transaction };
        let result = work(&mut link);
        if let Err((_, err)) = transaction.end(Disposition::LeaveCard) {
            tracing::debug!(error = %err, "ending the card transaction");
        }
        result
    }

    /// After a reset by another application (or a card pulled out and back): the handle must
    /// be reconnected before anything else goes through it. The card's state is gone.
    pub fn reconnect(&mut self) -> Result<(), CardError> {
        let Some(card) = self.card.as_mut() else { return Err(CardError::Removed) };
        card.reconnect(ShareMode::Shared, Protocols::ANY, Disposition::LeaveCard)?;
        Ok(())
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        // Dropping a `pcsc::Card` resets the card, which would log out whoever else uses it.
        if let Some(card) = self.card.take() {
            if let Err((_, err)) = card.disconnect(Disposition::LeaveCard) {
                tracing::debug!(error = %err, "disconnecting from the card");
            }
        }
    }
}

struct Link<'a> {
    card: &'a pcsc::Card,
}

impl Transmit for Link<'_> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        let mut buffer = [0u8; pcsc::MAX_BUFFER_SIZE];
        Ok(self.card.transmit(apdu, &mut buffer)?.to_vec())
    }
}

impl From<pcsc::Error> for CardError {
    fn from(err: pcsc::Error) -> Self {
        match err {
            pcsc::Error::NoService | pcsc::Error::ServiceStopped => CardError::NoService,
            pcsc::Error::RemovedCard | pcsc::Error::NoSmartcard => CardError::Removed,
            pcsc::Error::ResetCard => CardError::Reset,
            other => CardError::Pcsc(other.to_string()),
        }
    }
}
