//! Test builds only (the `failpoints` feature, which only the command line's tests turn
//! on): `MEDIMAIL_FAILPOINT=<name>` makes the process fail at that point, so the tests can
//! prove that a crash loses and repeats nothing, and that a panic stops nothing for good.
//! In any other build these are empty functions.

/// Dies at once, as a crash or a power cut would.
pub(crate) fn crash(name: &str) {
    #[cfg(feature = "failpoints")]
    if wanted(name) {
        std::process::abort();
    }
    let _ = name;
}

/// Panics the first time it is reached in this process, as a bug in a background task would.
pub(crate) fn panic_once(name: &str) {
    #[cfg(feature = "failpoints")]
    {
        static DONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if wanted(name) && !DONE.swap(true, std::sync::atomic::Ordering::SeqCst) {
            panic!("failpoint {name}");
        }
    }
    let _ = name;
}

#[cfg(feature = "failpoints")]
fn wanted(name: &str) -> bool {
    std::env::var("MEDIMAIL_FAILPOINT").is_ok_and(|wanted| wanted == name)
}
