//! Desktop notifications through the OS (freedesktop D-Bus, macOS, Windows). The text is
//! shown to the user, never logged.

use super::receipts::OpeningNotice;
use super::{EngineError, Lang, Result};

const APP_NAME: &str = "Medimail";

/// Shows one opening notice in the user's language.
pub fn show_opening(notice: &OpeningNotice, lang: Lang) -> Result<()> {
    notify_rust::Notification::new()
        .appname(APP_NAME)
        .summary(&notice.title.say(lang))
        .body(&notice.text.say(lang))
        .show()
        .map(|_| ())
        // The error names the notification service, not the text.
        .map_err(|e| EngineError::Unsupported(format!("desktop notifications ({e})")))
}

/// Shows each notice; one that cannot be shown is logged and the others still are.
/// Returns how many there were.
pub fn show_openings(notices: &[OpeningNotice], lang: Lang) -> usize {
    for notice in notices {
        if let Err(err) = show_opening(notice, lang) {
            tracing::warn!(code = ?err.code(), "a desktop notification could not be shown");
        }
    }
    notices.len()
}
