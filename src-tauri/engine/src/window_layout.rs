//! How the user arranged the main window (reading pane below or beside the list, and the
//! list's share of the room), kept per profile in a small file beside the store: nothing in
//! it is private, and it must be readable before the store opens.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{EngineError, Profile, Result};

const FILE_NAME: &str = "window-layout.json";
/// The list never shrinks below a few rows, nor the reading pane below a few lines.
pub const MIN_LIST_SHARE: f64 = 0.15;
pub const MAX_LIST_SHARE: f64 = 0.85;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReadingPanePosition {
    #[default]
    Below,
    Beside,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct WindowLayout {
    pub reading_pane: ReadingPanePosition,
    /// The message list's share of the room it shares with the reading pane (0.15 to 0.85).
    pub list_share: f64,
}

impl Default for WindowLayout {
    fn default() -> Self {
        // Most of the room for the list: a dozen messages in a 1400×900 window.
        WindowLayout { reading_pane: ReadingPanePosition::Below, list_share: 0.6 }
    }
}

impl WindowLayout {
    fn clamped(self) -> Self {
        let share = if self.list_share.is_finite() { self.list_share } else { WindowLayout::default().list_share };
        WindowLayout { list_share: share.clamp(MIN_LIST_SHARE, MAX_LIST_SHARE), ..self }
    }
}

impl Profile {
    /// The layout saved for this profile; the default when none was, or the file is damaged.
    pub fn window_layout(&self) -> WindowLayout {
        std::fs::read(self.dir().join(FILE_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<WindowLayout>(&bytes).ok())
            .map(WindowLayout::clamped)
            .unwrap_or_default()
    }

    /// Saves the layout (its share brought within bounds); written whole or not at all.
    pub fn set_window_layout(&self, layout: WindowLayout) -> Result<WindowLayout> {
        let layout = layout.clamped();
        let json = serde_json::to_vec(&layout).map_err(|e| EngineError::Internal(format!("window layout: {e}")))?;
        let path = self.dir().join(FILE_NAME);
        let partial = self.dir().join(format!("{FILE_NAME}.part"));
        let file_error = |source| EngineError::File { path: path.clone(), source };
        std::fs::write(&partial, json).map_err(file_error)?;
        std::fs::rename(&partial, &path).map_err(file_error)?;
        Ok(layout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_remembered_per_profile_within_bounds() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (first, second) = (Profile::open(Some(a.path())).unwrap(), Profile::open(Some(b.path())).unwrap());
        assert_eq!(first.window_layout(), WindowLayout::default());

        let beside = WindowLayout { reading_pane: ReadingPanePosition::Beside, list_share: 0.4 };
        assert_eq!(first.set_window_layout(beside).unwrap(), beside);
        assert_eq!(first.window_layout(), beside);
        assert_eq!(second.window_layout(), WindowLayout::default(), "each profile its own");

        let saved = first.set_window_layout(WindowLayout { list_share: 3.0, ..beside }).unwrap();
        assert_eq!(saved.list_share, MAX_LIST_SHARE);
        let saved = first.set_window_layout(WindowLayout { list_share: f64::NAN, ..beside }).unwrap();
        assert_eq!(saved.list_share, WindowLayout::default().list_share);
    }

    #[test]
    fn a_damaged_file_gives_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let profile = Profile::open(Some(dir.path())).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"{\"reading_pane\": \"sideways\"").unwrap();
        assert_eq!(profile.window_layout(), WindowLayout::default());
    }
}
