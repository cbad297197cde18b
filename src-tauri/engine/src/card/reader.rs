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

/// Whether the card a sign-in used is still there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Present,
    /// Pulled out, or out and back in (a card put back has lost its verified PIN): the
    /// sign-in it carried is over either way.
    Gone,
}

impl Service {
    /// Waits up to `timeout` for the card in `reader` to change and says whether it is still
    /// the card of the sign-in. `known` carries what the service last said about the reader
    /// (its state and, on Windows, the event counter in the high word), so that an out-and-in
    /// between two calls is still seen. A stopped service (it stops with the last reader on
    /// Windows and with pcscd's auto-exit) or a vanished reader count as gone.
    pub fn watch_card(&self, reader: &str, known: &mut Option<State>, timeout: std::time::Duration) -> Presence {
        let Ok(name) = CString::new(reader) else { return Presence::Gone };
        let mut states = [ReaderState::new(name, known.unwrap_or(State::UNAWARE))];
        match self.context.get_status_change(timeout, &mut states) {
            Ok(()) => {}
            Err(pcsc::Error::Timeout) => return Presence::Present,
            Err(err) => {
                tracing::info!(error = %err, "watching the card reader");
                return Presence::Gone;
            }
        }
        let now = states[0].event_state();
        let previous = *known;
        *known = Some(now - State::CHANGED);
        let present = now.contains(State::PRESENT) && !now.intersects(State::UNKNOWN | State::UNAVAILABLE | State::IGNORE);
        // The high 16 bits count the reader's card events (Windows, pcsc-lite): a new count
        // with a card present means it went out and came back.
        let count = |s: State| s.bits() >> 16;
        let reinserted = previous.is_some_and(|p| count(p) != count(now));
        if present && !reinserted { Presence::Present } else { Presence::Gone }
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
