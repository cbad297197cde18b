//! The isolated view of a message body: custom protocol `mailview`, its own strict CSP,
//! shown by the UI in a sandboxed iframe. (Filled in by the reading-pane work.)

use tauri::{Builder, Runtime};

pub fn register<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
}
