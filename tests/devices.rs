//! "Appareils" against the local operator: each installation of the app that syncs an
//! account shows in the list with its last activity (IMAP METADATA on Dovecot); one revoked
//! from another stops at its next contact, forgets the account's password, keeps its
//! archive, and connects again only once the user signs in to it again, as a new
//! installation. A server without METADATA (Courier) keeps no list: said, nothing made up.

mod support;

use std::io::Write;
use std::process::{Output, Stdio};

use serde_json::Value;
use support::cli::Cli;
use support::Operator;

fn reconnect(cli: &Cli, password: &str) -> Output {
    let mut child = cli
        .command(&["account", "reconnect", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn devices(found: &Value) -> &Vec<Value> {
    found["devices"].as_array().expect("a list of devices")
}

fn this_id(found: &Value) -> String {
    let this: Vec<&Value> = devices(found).iter().filter(|d| d["this_one"] == true).collect();
    assert_eq!(this.len(), 1, "{found}");
    this[0]["id"].as_str().unwrap().to_owned()
}

#[test]
fn an_installation_revoked_from_another_stops_and_comes_back_only_after_signing_in() {
    let op = Operator::start_with(&["courier"]);
    op.seed();
    let office = Cli::new();
    let laptop = Cli::new();
    office.add_account(&op, "physician");
    laptop.add_account(&op, "physician");
    office.sync();
    laptop.sync();
    let archived = laptop.peek_list("INBOX").len();
    assert!(archived > 0, "the demo mail was synced");

    // Both installations are listed, each with this computer's name and a recent activity.
    let seen_from_office = office.json(&["device", "list"]);
    assert_eq!(seen_from_office["supported"], true);
    assert_eq!(devices(&seen_from_office).len(), 2, "{seen_from_office}");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let host = hostname_here();
    for device in devices(&seen_from_office) {
        assert_eq!(device["name"], host.as_str());
        assert_eq!(device["system"], std::env::consts::OS);
        let seen = device["last_activity"].as_i64().unwrap();
        assert!((now - 120..=now + 5).contains(&seen), "last activity {seen} vs now {now}");
    }
    let office_id = this_id(&seen_from_office);
    let laptop_id = this_id(&laptop.json(&["device", "list"]));
    assert_ne!(office_id, laptop_id);

    // Revoking oneself or an unknown installation is refused; nothing changes.
    assert_eq!(office.fail(&["device", "revoke", &office_id]).code.as_deref(), Some("invalid_input"));
    assert_eq!(office.fail(&["device", "revoke", "0123abcd"]).code.as_deref(), Some("not_found"));
    assert_eq!(office.fail(&["device", "revoke", "../../x"]).code.as_deref(), Some("not_found"));

    let after = office.json(&["device", "revoke", &laptop_id]);
    let left: Vec<&str> = devices(&after).iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(left, vec![office_id.as_str()]);

    // The laptop's next contact: refused, its password forgotten, its archive kept.
    assert_eq!(laptop.fail(&["sync"]).code.as_deref(), Some("device_revoked"));
    let accounts = laptop.json(&["account", "list"]);
    assert_eq!(accounts[0]["revoked"], true, "{accounts}");
    assert_eq!(laptop.fail(&["sync"]).code.as_deref(), Some("device_revoked"), "it stays revoked, without asking the server");
    assert_eq!(laptop.peek_list("INBOX").len(), archived, "the archive stays readable");

    // A wrong password changes nothing; the right one (checked by the server) brings the
    // laptop back as a new installation.
    let wrong = reconnect(&laptop, "not the password");
    assert!(!wrong.status.success());
    assert_eq!(laptop.json(&["account", "list"])[0]["revoked"], true);
    let right = reconnect(&laptop, &op.account("physician").password);
    assert!(right.status.success(), "{}", String::from_utf8_lossy(&right.stderr));
    laptop.sync();
    let again = office.json(&["device", "list"]);
    assert_eq!(devices(&again).len(), 2, "{again}");
    let new_laptop_id = this_id(&laptop.json(&["device", "list"]));
    assert_ne!(new_laptop_id, laptop_id, "signing in again shows as a new installation");

    // A server without METADATA keeps no list, and syncing is unaffected.
    let courier = Cli::new();
    courier.add_account_to(&op, "secretary", "courier");
    courier.sync();
    let none = courier.json(&["device", "list"]);
    assert_eq!(none["supported"], false);
    assert!(devices(&none).is_empty());
    let said = courier.human("fr", &["device", "list"]);
    assert!(said.iter().any(|l| l.contains("ne conserve pas")), "{said:?}");
}

fn hostname_here() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap().trim().to_owned()
}

/// The card's PIN is a new sign-in: a card account revoked from another installation
/// stops at its next pass, then comes back when the holder types the PIN again.
#[test]
fn a_revoked_card_installation_comes_back_with_the_holders_pin() {
    let op = Operator::start();
    let bed = support::card::CardBed::start(&op);
    let desk = Cli::new();
    let physician = op.account("physician").clone();
    let imap = format!("{}:{}", op.env.host, op.env.ports.imaps);
    let smtp = format!("{}:{}", op.env.host, op.env.ports.submissions_cert);
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let added = bed.with_pin(&desk, &["account", "add", "--auth", "card", "--email", &physician.email, "--imap", &imap, "--smtp", &smtp, "--ca-file", &ca]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let synced = bed.with_pin(&desk, &["sync"]);
    assert!(synced.status.success(), "{}", String::from_utf8_lossy(&synced.stderr));

    let other = Cli::new();
    other.add_account(&op, "physician");
    let listed = other.json(&["device", "list"]);
    let card_id = devices(&listed).iter().find(|d| d["this_one"] == false).expect("the card installation")["id"].as_str().unwrap().to_owned();
    other.json(&["device", "revoke", &card_id]);

    let refused = bed.with_pin(&desk, &["sync"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("device_revoked"), "{}", String::from_utf8_lossy(&refused.stderr));
    assert_eq!(desk.json(&["account", "list"])[0]["revoked"], true);
    // Without the PIN it stays revoked; with it, the holder is back, as a new installation.
    assert_eq!(desk.fail(&["sync"]).code.as_deref(), Some("device_revoked"));
    let back = bed.with_pin(&desk, &["sync"]);
    assert!(back.status.success(), "{}", String::from_utf8_lossy(&back.stderr));
    let now = other.json(&["device", "list"]);
    let ids: Vec<&str> = devices(&now).iter().filter(|d| d["this_one"] == false).map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 1, "{now}");
    assert_ne!(ids[0], card_id);
}
