//! The card sign-in: the session whose PIN was accepted, a thread watching its reader, and
//! a phase everyone can follow. Pulling the card out locks at once: the session is dropped
//! and every connection opened with it ends (see [`CardGuard`]); signing in again needs
//! the card and its PIN.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use tokio::sync::watch;
use ts_rs::TS;

use crate::card::{self, CardSession};

/// Where the card sign-in stands, for the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CardPhase {
    /// No card sign-in yet in this process (or signed out).
    SignedOut,
    /// The card is in its reader with its PIN accepted.
    Unlocked,
    /// The card was pulled out: card accounts wait for it and its PIN.
    Locked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Status {
    phase: CardPhase,
    /// How many times a sign-in ended: a guard ends when this moves past what it saw.
    ended: u64,
}

#[derive(Clone)]
pub struct CardSignIn(Arc<Inner>);

struct Inner {
    current: Mutex<Option<Current>>,
    status: watch::Sender<Status>,
}

struct Current {
    session: Arc<CardSession>,
    /// Raised to stop this session's removal watch.
    stop: Arc<AtomicBool>,
}

impl Default for CardSignIn {
    fn default() -> Self {
        let status = watch::channel(Status { phase: CardPhase::SignedOut, ended: 0 }).0;
        CardSignIn(Arc::new(Inner { current: Mutex::new(None), status }))
    }
}

impl CardSignIn {
    /// The session with its PIN accepted, if the card is still in.
    pub fn session(&self) -> Option<Arc<CardSession>> {
        self.current().as_ref().map(|c| Arc::clone(&c.session))
    }

    pub fn phase(&self) -> CardPhase {
        self.0.status.borrow().phase
    }

    /// Takes a session whose PIN was just accepted and starts watching its reader.
    pub fn unlocked(&self, session: Arc<CardSession>) {
        let stop = Arc::new(AtomicBool::new(false));
        let reader = session.reader().to_owned();
        let previous = self.current().replace(Current { session, stop: Arc::clone(&stop) });
        if let Some(previous) = previous {
            previous.stop.store(true, Ordering::Relaxed);
        }
        self.0.status.send_modify(|s| s.phase = CardPhase::Unlocked);
        let this = self.clone();
        let spawned = std::thread::Builder::new().name("card-removal".into()).spawn(move || {
            if card::wait_for_removal(&reader, &stop) && !stop.load(Ordering::Relaxed) {
                tracing::info!("the card was pulled out: its sessions are locked");
                this.end(CardPhase::Locked);
            }
        });
        if let Err(err) = spawned {
            // Without the watch a pulled card would go unnoticed until its next use: refuse.
            tracing::error!(error = %err, "the card removal watch could not start");
            self.end(CardPhase::Locked);
        }
    }

    /// Ends the sign-in: the session is dropped (and with it the PIN's state here), and
    /// every connection guarded by it ends.
    pub fn end(&self, phase: CardPhase) {
        if let Some(current) = self.current().take() {
            current.stop.store(true, Ordering::Relaxed);
        }
        self.0.status.send_modify(|s| {
            // Signing out stays signed out; a later removal notice changes nothing.
            if !(s.phase == CardPhase::SignedOut && phase == CardPhase::Locked) {
                s.phase = phase;
            }
            s.ended = s.ended.wrapping_add(1);
        });
    }

    /// A guard for a connection opened with the current sign-in.
    pub fn guard(&self) -> CardGuard {
        let rx = self.0.status.subscribe();
        let seen = rx.borrow().ended;
        CardGuard { rx, seen }
    }

    /// Waits until a card is signed in again.
    pub async fn until_unlocked(&self) {
        let mut rx = self.0.status.subscribe();
        // The sender lives as long as `self`: `wait_for` cannot fail while we hold it.
        let _ = rx.wait_for(|s| s.phase == CardPhase::Unlocked).await;
    }

    /// The phase now and its changes, as the doors show them.
    pub fn watch_phase(&self) -> PhaseWatch {
        PhaseWatch(self.0.status.subscribe())
    }

    fn current(&self) -> MutexGuard<'_, Option<Current>> {
        // Nothing half-done can be left inside by a panic: a swap of one value.
        self.0.current.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The phase as it changes.
pub struct PhaseWatch(watch::Receiver<Status>);

impl PhaseWatch {
    pub fn now(&self) -> CardPhase {
        self.0.borrow().phase
    }

    /// The next phase, or `None` once the engine is gone.
    pub async fn changed(&mut self) -> Option<CardPhase> {
        self.0.changed().await.ok()?;
        Some(self.0.borrow_and_update().phase)
    }
}

/// Carried by a connection opened with the card: `ended` resolves when that sign-in ends.
#[derive(Clone)]
pub struct CardGuard {
    rx: watch::Receiver<Status>,
    seen: u64,
}

impl CardGuard {
    pub async fn ended(&mut self) {
        let seen = self.seen;
        let _ = self.rx.wait_for(|s| s.ended != seen).await;
    }

    pub fn is_ended(&self) -> bool {
        self.rx.borrow().ended != self.seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn ending_the_sign_in_ends_its_guards_and_not_the_later_ones() {
        let sign_in = CardSignIn::default();
        let mut first = sign_in.guard();
        assert!(!first.is_ended());
        sign_in.end(CardPhase::Locked);
        tokio::time::timeout(std::time::Duration::from_secs(1), first.ended()).await.expect("the guard ended");
        let later = sign_in.guard();
        assert!(!later.is_ended(), "a guard taken after the lock belongs to the next sign-in");
    }

    #[test]
    fn signing_out_is_not_undone_by_a_late_removal_notice() {
        let sign_in = CardSignIn::default();
        sign_in.end(CardPhase::SignedOut);
        sign_in.end(CardPhase::Locked);
        assert_eq!(sign_in.phase(), CardPhase::SignedOut);
    }
}
