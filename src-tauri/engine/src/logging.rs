//! Where the logs go, for both doors: stderr, at a level chosen by `-v` or by the
//! `MEDIMAIL_LOG` filter. Logs carry codes, counts and timings, never message content,
//! server text, patient addresses, tokens or PINs.
//!
//! Other crates log no deeper than INFO, whatever is asked: at debug and trace levels the
//! protocol crates write what crosses the network (async-imap a whole FETCH with the
//! message, lettre the SMTP dialogue), which is exactly what must never reach a log.

use tracing::{Level, Metadata};
use tracing_subscriber::filter::{filter_fn, EnvFilter, FilterExt, LevelFilter};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

pub fn init(verbose: u8) {
    let level = match verbose {
        0 => Level::WARN,
        1 => Level::INFO,
        _ => Level::DEBUG,
    };
    let logger = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let ours_only_below_info = filter_fn(|meta: &Metadata<'_>| allowed(meta.target(), *meta.level()));
    // A plain level unless MEDIMAIL_LOG asks for more: parsing filter directives builds
    // regular expressions, a millisecond taken from every command.
    let _ = match std::env::var("MEDIMAIL_LOG") {
        Ok(directives) if !directives.trim().is_empty() => tracing_subscriber::registry()
            .with(logger.with_filter(EnvFilter::new(directives).and(ours_only_below_info)))
            .try_init(),
        _ => tracing_subscriber::registry()
            .with(logger.with_filter(LevelFilter::from_level(level).and(ours_only_below_info)))
            .try_init(),
    };
    report_panics_by_place();
}

/// Rust's own report of a panic quotes its message, and a message may quote what the code
/// was handling: a string cut at a wrong place is printed whole (up to 256 bytes), a
/// library's `unwrap` prints the value it refused. That can be a message's text or a
/// server's answer, on a stderr the desktop may keep in its journal. Both doors report a
/// panic by its place only. Debug builds show the details with `MEDIMAIL_PANIC_DETAILS=1`.
fn report_panics_by_place() {
    #[cfg(debug_assertions)]
    if std::env::var_os("MEDIMAIL_PANIC_DETAILS").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        let thread = std::thread::current().name().unwrap_or("unnamed").to_owned();
        tracing::error!(place, thread, "internal fault (panic); its details are not shown, they may quote mail");
    }));
}

/// Our own crates' debug and trace lines were written for a log; other crates' only down to INFO.
fn allowed(target: &str, level: Level) -> bool {
    level <= Level::INFO || target.starts_with("medimail")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_crates_log_no_deeper_than_info() {
        assert!(allowed("medimail_engine::sync", Level::TRACE));
        assert!(allowed("medimail_window", Level::DEBUG));
        assert!(allowed("async_imap::imap_stream", Level::INFO));
        assert!(!allowed("async_imap::imap_stream", Level::TRACE));
        assert!(!allowed("lettre::transport::smtp", Level::DEBUG));
    }
}
