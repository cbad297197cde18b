//! `medimail updates`: the settings a practice's IT scripts on each desktop (issue 16).
//! What is set here is what the window reads before it looks for an update: on or off,
//! and the practice's own server, only ever an `https://` address.

mod support;

use support::cli::Cli;

#[test]
fn practice_it_turns_checks_off_and_points_them_at_its_own_server() {
    let cli = Cli::new();
    let defaults = cli.json(&["updates", "status"]);
    assert_eq!(defaults["enabled"], true);
    assert_eq!(defaults["custom_server"], false);
    assert_eq!(defaults["server"], defaults["default_server"]);
    assert!(defaults["server"].as_str().unwrap().starts_with("https://"));

    let set = cli.json(&["updates", "server", "https://maj.cabinet.example:8443/medimail/latest.json"]);
    assert_eq!(set["custom_server"], true);
    assert_eq!(set["server"], "https://maj.cabinet.example:8443/medimail/latest.json");
    assert_eq!(cli.json(&["updates", "off"])["enabled"], false);

    // Kept in the profile: a new process reads the same.
    let kept = cli.json(&["updates", "status"]);
    assert_eq!((kept["enabled"].as_bool(), kept["server"].as_str()), (Some(false), Some("https://maj.cabinet.example:8443/medimail/latest.json")));

    // What a person reads.
    assert_eq!(
        cli.human("fr", &["updates", "status"]),
        vec![
            "Recherche des mises à jour : désactivé".to_owned(),
            "Serveur de mises à jour : https://maj.cabinet.example:8443/medimail/latest.json (celui du cabinet)".to_owned(),
        ]
    );

    assert_eq!(cli.json(&["updates", "on"])["enabled"], true);
    let back = cli.json(&["updates", "server", "default"]);
    assert_eq!((back["custom_server"].as_bool(), &back["server"]), (Some(false), &defaults["default_server"]));
}

#[test]
fn only_https_addresses_are_accepted_and_a_refusal_keeps_the_server_in_force() {
    let cli = Cli::new();
    cli.json(&["updates", "server", "https://maj.cabinet.example/latest.json"]);
    for bad in [
        "http://maj.cabinet.example/latest.json",
        "http://127.0.0.1:8080/latest.json",
        "file:///tmp/latest.json",
        "maj.cabinet.example/latest.json",
        "https://admin:secret@maj.cabinet.example/latest.json",
    ] {
        let failure = cli.fail(&["updates", "server", bad]);
        assert_eq!(failure.code.as_deref(), Some("update_server"), "{bad}: {}", failure.stderr);
    }
    assert_eq!(cli.json(&["updates", "status"])["server"], "https://maj.cabinet.example/latest.json");

    let out = cli.human_output("fr", &["updates", "server", "http://maj.cabinet.example/latest.json"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("doit être complète et commencer par https://"), "{said}");
}
