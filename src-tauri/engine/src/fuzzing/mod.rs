//! The bodies of the fuzz targets in `fuzz/` (cargo-fuzz over libFuzzer), one function a
//! target over the raw bytes of an input: hostile mail, HTML, reports, IMAP server answers,
//! directory rows, INS, Sieve scripts, card answers, XDM archives and OCSP responses. Each runs the engine's
//! own code on the input and asserts what must hold for any input, beyond "no panic": round
//! trips, and what the sanitiser must never let through.
//!
//! The fuzz targets are one line each over these functions, and the engine's tests replay the
//! committed corpus and every crash ever found (`fuzz/corpus/<target>/`,
//! `fuzz/regressions/<target>/`) through the same functions, so `cargo test` keeps them fixed
//! without the fuzzer (`tests.rs`).

mod card;
mod directory_row;
mod html_check;
mod html_sanitize;
mod imap_responses;
mod ins;
mod mime_display;
mod ocsp;
mod reports;
mod sieve_section;
#[cfg(test)]
mod tests;
mod xdm;

pub use card::card;
pub use directory_row::directory_row;
pub use html_sanitize::html_sanitize;
pub use imap_responses::imap_responses;
pub use ins::ins;
pub use mime_display::mime_display;
pub use ocsp::ocsp;
pub use reports::reports;
pub use sieve_section::sieve_section;
pub use xdm::xdm;

/// A target's body: it panics when the input breaks what must hold.
pub type Target = fn(&[u8]);

/// Every target, by its name in `fuzz/` (its file in `fuzz_targets/`, its folders in
/// `corpus/` and `regressions/`).
pub const TARGETS: [(&str, Target); 10] = [
    ("mime_display", mime_display),
    ("html_sanitize", html_sanitize),
    ("reports", reports),
    ("imap_responses", imap_responses),
    ("directory_row", directory_row),
    ("ins", ins),
    ("sieve_section", sieve_section),
    ("card", card),
    ("xdm", xdm),
    ("ocsp", ocsp),
];

/// Run once by each fuzz target before its first input. libFuzzer's hook aborts at every
/// panic, even one the engine catches on purpose: parsing and display run mail-parser and the
/// sanitiser under `catch_unwind` and fall back to the text (`mime::parse`,
/// `mime::display`), which is the behaviour users get. So a caught panic is not a crash
/// here; one that escapes still is (libfuzzer-sys aborts on it). Set
/// `MEDIMAIL_FUZZ_CAUGHT_PANICS=abort` to stop at caught ones too, when hunting them.
pub fn init() {
    if std::env::var("MEDIMAIL_FUZZ_CAUGHT_PANICS").as_deref() != Ok("abort") {
        // The default hook prints the panic; the caller's catch_unwind decides what follows.
        let _ = std::panic::take_hook();
        std::panic::set_hook(Box::new(|info| eprintln!("panic (the engine may catch it): {info}")));
    }
}

