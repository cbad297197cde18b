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
