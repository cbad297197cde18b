//! Checks of the window's security settings (issue 16), read from the files Tauri builds
//! from: each command the page may call is one the build lists and the capability grants
//! by name (none granted by a wildcard, none registered without a permission); no
//! `dangerous*` setting; a strict CSP; no remote page in the window.

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    const BUILD: &str = include_str!("../build.rs");
    const MAIN: &str = include_str!("main.rs");
    const CAPABILITY: &str = include_str!("../capabilities/default.json");
    const CONFIG: &str = include_str!("../../../tauri.conf.json");

    /// The quoted names in build.rs's command list.
    fn built() -> BTreeSet<String> {
        let list = BUILD.split(".commands(&[").nth(1).and_then(|rest| rest.split("])").next()).expect("the command list");
        list.split('"').skip(1).step_by(2).map(str::to_owned).collect()
    }

    /// The commands `generate_handler!` registers, by their last path segment.
    fn registered() -> BTreeSet<String> {
        let list = MAIN.split("generate_handler![").nth(1).and_then(|rest| rest.split(']').next()).expect("the handler");
        list.split(',')
            .map(str::trim)
            .filter(|path| !path.is_empty() && !path.starts_with("//"))
            .map(|path| path.rsplit("::").next().unwrap_or(path).to_owned())
            .collect()
    }

    fn capability() -> serde_json::Value {
        serde_json::from_str(CAPABILITY).expect("the capability is JSON")
    }

    #[test]
    fn every_registered_command_needs_a_permission_and_the_capability_names_each_one() {
        let built = built();
        assert_eq!(registered(), built, "a command registered but not in build.rs would need no permission");
        let granted: BTreeSet<String> = capability()["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .filter_map(|p| p.as_str())
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"))
            .collect();
        assert_eq!(granted, built, "the capability grants exactly the app's commands");
    }

    #[test]
    fn the_capability_grants_the_main_window_nothing_broad() {
        let capability = capability();
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
        assert!(capability.get("remote").is_none(), "no remote page may call commands");
        for permission in capability["permissions"].as_array().expect("permissions") {
            let name = permission.as_str().expect("permissions are names");
            // Tauri's own: events, and closing the window; nothing else of the core, no plugin's default set.
            let allowed = name.starts_with("allow-")
                || ["core:event:default", "core:window:allow-destroy", "core:window:allow-close"].contains(&name);
            assert!(allowed, "{name} is broader than the window needs");
        }
    }

    #[test]
    fn no_dangerous_setting_a_strict_csp_and_no_remote_page() {
        assert!(!CONFIG.to_lowercase().contains("dangerous"), "a dangerous* setting in tauri.conf.json");
        let config: serde_json::Value = serde_json::from_str(CONFIG).expect("tauri.conf.json is JSON");
        let app = &config["app"];
        assert_eq!(app["withGlobalTauri"], false);
        assert_eq!(app["security"]["freezePrototype"], true);
        for window in app["windows"].as_array().expect("windows") {
            assert!(window.get("url").is_none_or(|u| !u.as_str().unwrap_or("").contains("://")), "a remote page in {window}");
        }
        let csp = &app["security"]["csp"];
        for directive in ["default-src", "script-src", "style-src"] {
            assert_eq!(csp[directive], "'self'", "{directive}");
        }
        assert_eq!(csp["object-src"], "'none'");
        assert_eq!(csp["frame-ancestors"], "'none'");
        let whole = csp.to_string();
        assert!(!whole.contains("unsafe") && !whole.contains("http://*") && !whole.contains("https:"), "{whole}");
    }
}
