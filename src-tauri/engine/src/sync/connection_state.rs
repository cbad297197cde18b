//! Whether the app is in touch with its servers, kept by the engine for every door: each
//! pass says how it went, and whoever shows the state (the window's status bar) reads it or
//! is told of each change, rather than guessing it again from progress events.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::watch;

use crate::types::ConnectionState;
use crate::{EngineError, Result};

pub struct ConnectionStates {
    accounts: Mutex<HashMap<String, ConnectionState>>,
    overall: watch::Sender<ConnectionState>,
}

impl Default for ConnectionStates {
    fn default() -> Self {
        ConnectionStates { accounts: Mutex::default(), overall: watch::channel(ConnectionState::Offline).0 }
    }
}

impl ConnectionStates {
    /// The app's contact: online while any account is, connecting while any tries to,
    /// offline otherwise (and before any pass).
    pub fn current(&self) -> ConnectionState {
        *self.overall.borrow()
    }

    /// Each change of `current`, as it happens.
    pub fn subscribe(&self) -> watch::Receiver<ConnectionState> {
        self.overall.subscribe()
    }

    /// A pass starting: an account that was offline is now trying; one online stays so.
    pub fn connecting(&self, account: &str) {
        self.update(account, |state| {
            if state == ConnectionState::Offline {
                ConnectionState::Connecting
            } else {
                state
            }
        });
    }

    /// How a pass with the server ended.
    pub fn passed<T>(&self, account: &str, outcome: &Result<T>) {
        match outcome {
            Ok(_) => self.update(account, |_| ConnectionState::Online),
            Err(err) if is_offline(err) => self.update(account, |_| ConnectionState::Offline),
            // The server answered (a refusal, a fault of ours): still in touch.
            Err(_) => {}
        }
    }

    fn update(&self, account: &str, change: impl FnOnce(ConnectionState) -> ConnectionState) {
        let Ok(mut accounts) = self.accounts.lock() else { return };
        let state = accounts.entry(account.to_owned()).or_default();
        *state = change(*state);
        let overall = [ConnectionState::Online, ConnectionState::Connecting]
            .into_iter()
            .find(|wanted| accounts.values().any(|state| state == wanted))
            .unwrap_or(ConnectionState::Offline);
        self.overall.send_if_modified(|current| std::mem::replace(current, overall) != overall);
    }
}

/// The server could not be reached or would not let us in.
fn is_offline(err: &EngineError) -> bool {
    use crate::ErrorCode::*;
    matches!(err.code(), Network | Timeout | Tls | Certificate | CertificateExpired | CertificateRevoked | AuthFailed | Card | PinWrong | CardBlocked | PinRequired | CardNotCps | CardOtherHolder | CardRemoved | SignedOut | Psc | PscDenied | PscSignInExpired | PscSessionEnded | PscWrongPractitioner | DeviceRevoked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lost() -> Result<()> {
        Err(EngineError::ConnectionLost("closed".into()))
    }

    #[test]
    fn follows_the_passes_of_every_account() {
        let states = ConnectionStates::default();
        let mut changes = states.subscribe();
        assert_eq!(states.current(), ConnectionState::Offline);

        states.connecting("a@test");
        assert_eq!(states.current(), ConnectionState::Connecting);
        states.passed("a@test", &Ok(()));
        assert_eq!(states.current(), ConnectionState::Online);
        assert!(changes.has_changed().unwrap());
        changes.borrow_and_update();

        // A new pass of an account online keeps it online; a refusal by the server too.
        states.connecting("a@test");
        states.passed("a@test", &Err::<(), _>(EngineError::Server("refused".into())));
        assert_eq!(states.current(), ConnectionState::Online);
        assert!(!changes.has_changed().unwrap(), "no change, no event");

        // Online while any account is; offline once none is.
        states.passed("b@test", &lost());
        assert_eq!(states.current(), ConnectionState::Online);
        states.passed("a@test", &lost());
        assert_eq!(states.current(), ConnectionState::Offline);
        assert!(changes.has_changed().unwrap());
    }

    #[test]
    fn a_server_whose_certificate_is_refused_is_not_online() {
        for refused in [EngineError::CertificateRevoked("imap.test:993".into()), EngineError::CertificateExpired("imap.test:993".into())] {
            let states = ConnectionStates::default();
            states.passed("a@test", &Ok(()));
            assert_eq!(states.current(), ConnectionState::Online);
            states.passed("a@test", &Err::<(), _>(refused));
            assert_eq!(states.current(), ConnectionState::Offline);
        }
    }
}
