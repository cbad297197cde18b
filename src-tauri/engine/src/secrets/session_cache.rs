//! A short-lived copy of the store key in the login session's kernel keyring (Linux only).
//!
//! Practice scripts call `medimail` many times a minute (search, list, sync); each run would
//! otherwise pay a Secret Service lookup for the store key: a new D-Bus connection and a
//! Diffie-Hellman session, 5–10 ms, often more than the work asked for. The Secret Service
//! stays the only lasting home of the key: this copy lives in kernel memory, is readable
//! only by processes of the same login session (the kernel's possessor rule), never reaches
//! the disk, and expires ten minutes after it was read from the Secret Service.
//!
//! It is a cache and nothing more: whatever fails here (keyctl refused in a container, a
//! quota reached) means one Secret Service lookup, never an error. Account passwords are
//! not cached: a password changed elsewhere must be seen at once.

#[cfg(target_os = "linux")]
mod imp {
    use linux_keyutils::{KeyRing, KeyRingIdentifier};

    const LIFETIME_SECS: usize = 10 * 60;

    /// The session keyring, or the user-session one when the process has none; never a new
    /// anonymous keyring that would die with this process.
    fn ring() -> Option<KeyRing> {
        KeyRing::from_special_id(KeyRingIdentifier::Session, false).ok()
    }

    pub fn get(name: &str) -> Option<Vec<u8>> {
        ring()?.search(name).ok()?.read_to_vec().ok()
    }

    pub fn put(name: &str, secret: &[u8]) {
        let Some(ring) = ring() else { return };
        match ring.add_key(name, secret) {
            Ok(key) => {
                if key.set_timeout(LIFETIME_SECS).is_err() {
                    // A copy that would never expire is worse than no copy.
                    let _ = key.invalidate();
                }
            }
            Err(err) => tracing::debug!(?err, "session keyring: store key not cached"),
        }
    }

    pub fn forget(name: &str) {
        if let Some(key) = ring().and_then(|ring| ring.search(name).ok()) {
            let _ = key.invalidate();
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    pub fn get(_name: &str) -> Option<Vec<u8>> {
        None
    }
    pub fn put(_name: &str, _secret: &[u8]) {}
    pub fn forget(_name: &str) {}
}

pub(super) use imp::{forget, get, put};

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_secret_put_is_read_back_then_forgotten() {
        let name = format!("fr.medimail.desktop.test:{}", uuid::Uuid::new_v4());
        assert_eq!(get(&name), None);
        put(&name, b"0123456789abcdef");
        // Some sandboxes refuse keyctl: then nothing is cached, which is allowed.
        if let Some(read) = get(&name) {
            assert_eq!(read, b"0123456789abcdef");
            put(&name, b"fedcba9876543210");
            assert_eq!(get(&name).as_deref(), Some(&b"fedcba9876543210"[..]));
            forget(&name);
            assert_eq!(get(&name), None);
        }
    }
}
