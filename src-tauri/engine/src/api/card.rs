//! The CPS card's status: readers, card, holder, PIN tries left (never the PIN itself).

use super::*;
use crate::card::{self, CardStatus};

impl Engine {
    /// What the readers hold now. Never fails: no PC/SC service, no reader, a card that is
    /// not a CPS are states of the answer. Blocking (PC/SC): call it off the async runtime.
    pub fn card_status(&self) -> CardStatus {
        card::card_status()
    }
}
