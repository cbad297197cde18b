//! Where the logs go, for both doors: stderr, at a level chosen by `-v` or by the
//! `MEDIMAIL_LOG` filter. Logs carry codes, counts and timings, never message content,
//! server text, patient addresses, tokens or PINs.

pub fn init(verbose: u8) {
    let level = match verbose {
        0 => tracing::Level::WARN,
        1 => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    let logger = tracing_subscriber::fmt().with_writer(std::io::stderr);
    // A plain level unless MEDIMAIL_LOG asks for more: parsing filter directives builds
    // regular expressions, a millisecond taken from every command.
    let _ = match std::env::var("MEDIMAIL_LOG") {
        Ok(directives) if !directives.trim().is_empty() => {
            logger.with_env_filter(tracing_subscriber::EnvFilter::new(directives)).try_init()
        }
        _ => logger.with_max_level(level).try_init(),
    };
}
