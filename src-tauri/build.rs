fn main() {
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "app_info",
            "accounts",
            "folders",
            "list_messages",
            "search_messages",
            "sync_now",
        ]));
    tauri_build::try_build(attributes).expect("tauri build script");
}
