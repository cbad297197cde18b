//! Reading a message in the window: its body prepared for the isolated view, its
//! attachments. (Owned by the reading-pane work; see `mime/display.rs`.)

use super::{Engine, Result};

impl Engine {
    /// The exact bytes as received (kept for the reading view's helpers).
    pub fn message_bytes(&self, id: i64) -> Result<Vec<u8>> {
        self.store()?.raw_message(id)
    }
}
