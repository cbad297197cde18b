//! `medimail updates`: the settings a practice's IT scripts on each desktop (issue 16).
//! What is set here is what the window reads before it looks for an update: on or off,
//! and the practice's own server, only ever an `https://` address. And `updates check`,
//! what that server announces, asked over HTTPS (the operator's test certificate, trusted
//! as if in the system's store) — or not asked at all while checks are off.

mod support;

use std::io::{BufRead, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use support::cli::Cli;
use support::scripted::{serve_tls, tls_config};
use support::Operator;

/// An update server with one canned answer, counting the connections it gets. By hand: a
/// manifest is one small JSON file, and the test needs nothing of a web server but that.
struct UpdateServer {
    url: String,
    connections: Arc<AtomicUsize>,
}

fn update_server(op: &Operator, status: &'static str, body: String) -> UpdateServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("https://127.0.0.1:{}/medimail/latest.json", listener.local_addr().expect("its address").port());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    serve_tls(listener, tls_config(op), move |reader| {
        counted.fetch_add(1, Ordering::SeqCst);
        let mut line = String::new();
        while reader.read_line(&mut line)? > 2 {
            line.clear();
        }
        let tls = reader.get_mut();
        write!(tls, "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())?;
        tls.conn.send_close_notify();
        tls.flush()
    });
    UpdateServer { url, connections }
}

fn manifest(version: &str) -> String {
    format!(r#"{{"version":"{version}","notes":"Recherche plus rapide dans l’annuaire.","pub_date":"2026-12-01T09:00:00Z","platforms":{{}}}}"#)
}

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

#[test]
fn check_reports_what_the_server_announces_and_asks_nothing_when_off() {
    let op = Operator::start();
    let cli = Cli::new();
    let check = |cli: &Cli| cli.command(&["updates", "check"]).env("SSL_CERT_FILE", &op.env.ca_file).output().expect("run medimail");

    let newer = update_server(&op, "200 OK", manifest("0.2.0"));
    cli.json(&["updates", "server", &newer.url]);
    let out = check(&cli);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!((said["version"].as_str(), said["newer"].as_bool()), (Some("0.2.0"), Some(true)));
    assert_eq!(said["current_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(said["notes"], "Recherche plus rapide dans l’annuaire.");

    let human = std::process::Command::new(support::cli::binary())
        .arg("--profile")
        .arg(&cli.profile)
        .args(["--lang", "fr", "updates", "check"])
        .env("SSL_CERT_FILE", &op.env.ca_file)
        .env_remove("MEDIMAIL_PROFILE")
        .output()
        .expect("run medimail");
    assert_eq!(
        String::from_utf8_lossy(&human.stdout).trim_end(),
        format!(
            "Le serveur propose la version 0.2.0 (celle-ci : {}). Elle sera proposée dans la fenêtre, qui vérifie sa signature avant de l’installer.",
            env!("CARGO_PKG_VERSION")
        )
    );

    // The same version: nothing newer.
    let same = update_server(&op, "200 OK", manifest(env!("CARGO_PKG_VERSION")));
    cli.json(&["updates", "server", &same.url]);
    let said: serde_json::Value = serde_json::from_slice(&check(&cli).stdout).expect("JSON");
    assert_eq!(said["newer"], false);

    // A server that answers with an error page: said as such.
    let broken = update_server(&op, "500 Internal Server Error", "oops".into());
    cli.json(&["updates", "server", &broken.url]);
    let out = check(&cli);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("update_unavailable"), "{}", String::from_utf8_lossy(&out.stderr));

    // Off: refused before any connection.
    cli.json(&["updates", "server", &newer.url]);
    let before = newer.connections.load(Ordering::SeqCst);
    cli.json(&["updates", "off"]);
    let out = check(&cli);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("updates_off"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(newer.connections.load(Ordering::SeqCst), before, "no request while checks are off");
}
