//! Desktop notifications through the OS (freedesktop D-Bus, macOS, Windows). The text is
//! shown to the user, never logged.

use super::receipts::OpeningNotice;
use super::{EngineError, Result};

const APP_NAME: &str = "Medimail";

/// Shows one opening notice in the user's language (`french` or English).
pub fn show_opening(notice: &OpeningNotice, french: bool) -> Result<()> {
    let (title, text) = if french { (&notice.title_fr, &notice.text_fr) } else { (&notice.title_en, &notice.text_en) };
    notify_rust::Notification::new()
        .appname(APP_NAME)
        .summary(title)
        .body(text)
        .show()
        .map(|_| ())
        // The error names the notification service, not the text.
        .map_err(|e| EngineError::Unsupported(format!("desktop notifications ({e})")))
}

/// Shows each notice; one that cannot be shown is logged and the others still are.
/// Returns how many there were.
pub fn show_openings(notices: &[OpeningNotice], french: bool) -> usize {
    for notice in notices {
        if let Err(err) = show_opening(notice, french) {
            tracing::warn!(code = ?err.code(), "a desktop notification could not be shown");
        }
    }
    notices.len()
}
