//! Seed part 2 §5 B, « Recevoir une notification à chaque ouverture d'un Medimail envoyé »:
//! which read receipts deserve a desktop notification. The notification names who opened
//! the message, never its subject: it may show on a locked screen.

use serde::Serialize;
use ts_rs::TS;

use crate::store::OpeningRow;
use crate::Text;

/// Openings older than this are history (a first sync of an old mailbox, a long time
/// offline): they are recorded, not announced.
pub const NOTICE_WINDOW_SECS: i64 = 3 * 24 * 3600;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct OpeningNotice {
    /// The sent message in the store, for the window to open it.
    #[ts(type = "number | null")]
    pub message: Option<i64>,
    pub recipient: String,
    #[ts(type = "number | null")]
    pub at: Option<i64>,
    /// Every recipient has opened it now.
    pub all_opened: bool,
    pub title: Text,
    pub text: Text,
}

/// The notice for one opening, or none when notifications are off or it is old news.
pub fn opening_notice(enabled: bool, now: i64, row: &OpeningRow) -> Option<OpeningNotice> {
    if !enabled || row.event_at.unwrap_or(row.recorded_at) < now - NOTICE_WINDOW_SECS {
        return None;
    }
    let all_opened = row.recipients > 0 && row.opened >= row.recipients;
    let key = if all_opened && row.recipients > 1 { "notice-opened-by-all" } else { "notice-opened" };
    Some(OpeningNotice {
        message: row.sent_row_id,
        recipient: row.recipient.clone(),
        at: row.event_at,
        all_opened,
        title: Text::new("notice-opened-title"),
        text: Text::new(key).arg("who", row.recipient.as_str()),
    })
}
