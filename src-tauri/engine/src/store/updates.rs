//! Whether the window looks for updates of the app, and where (issue 16), kept with the
//! settings. The address is checked by the engine (`api/updates.rs`) before it is kept.

use super::Store;
use crate::Result;

const SETTING_UPDATES_ENABLED: &str = "updates_enabled";
const SETTING_UPDATE_SERVER: &str = "update_server";

impl Store {
    /// On unless the practice turned the checks off.
    pub fn updates_enabled(&self) -> Result<bool> {
        Ok(self.setting(SETTING_UPDATES_ENABLED)?.as_deref() != Some("0"))
    }

    pub fn set_updates_enabled(&mut self, enabled: bool) -> Result<()> {
        self.set_setting(SETTING_UPDATES_ENABLED, if enabled { "1" } else { "0" })
    }

    /// The practice's own update server; None: the project's.
    pub fn update_server(&self) -> Result<Option<String>> {
        Ok(self.setting(SETTING_UPDATE_SERVER)?.filter(|url| !url.is_empty()))
    }

    /// None goes back to the project's server.
    pub fn set_update_server(&mut self, url: Option<&str>) -> Result<()> {
        self.set_setting(SETTING_UPDATE_SERVER, url.unwrap_or(""))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::open_temp;

    #[test]
    fn update_settings_are_kept_and_default_to_on_with_the_projects_server() {
        let (_dir, mut store) = open_temp();
        assert!(store.updates_enabled().unwrap());
        assert_eq!(store.update_server().unwrap(), None);
        store.set_updates_enabled(false).unwrap();
        store.set_update_server(Some("https://maj.cabinet.example/latest.json")).unwrap();
        assert!(!store.updates_enabled().unwrap());
        assert_eq!(store.update_server().unwrap().as_deref(), Some("https://maj.cabinet.example/latest.json"));
        store.set_updates_enabled(true).unwrap();
        store.set_update_server(None).unwrap();
        assert!(store.updates_enabled().unwrap());
        assert_eq!(store.update_server().unwrap(), None);
    }
}
