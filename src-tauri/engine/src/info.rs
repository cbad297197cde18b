use serde::Serialize;
use ts_rs::TS;

use super::Profile;

/// What the status bar and `medimail info` show about the running app.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub profile_dir: String,
}

impl AppInfo {
    pub fn new(profile: &Profile) -> Self {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            profile_dir: profile.dir().display().to_string(),
        }
    }
}
