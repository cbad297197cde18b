//! `medimail card status` against the virtual CPS3 of dev/card (a private pcscd with two
//! readers), holding the operator's physician certificate: readers, card, holder, tries left,
//! and the card pulled out and put back.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::cli::Cli;
use support::Operator;

fn script() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("dev/card/card")
}

/// The card test bed, stopped when dropped.
struct CardBed {
    dir: PathBuf,
    env: Value,
    _tmp: tempfile::TempDir,
}

impl CardBed {
    fn start(op: &Operator) -> CardBed {
        let tmp = tempfile::Builder::new().prefix("medimail-card-").tempdir().expect("temporary folder");
        let dir = tmp.path().join("card");
        let out = Command::new(script())
            .arg("start")
            .arg("--dir")
            .arg(&dir)
            .arg("--operator-dir")
            .arg(&op.env.dir)
            .output()
            .expect("run dev/card/card");
        if !out.status.success() {
            let _ = Command::new(script()).arg("stop").arg("--dir").arg(&dir).output();
            panic!("card start failed:\n{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        }
        let env = serde_json::from_slice(&std::fs::read(dir.join("env.json")).expect("env.json")).expect("env.json parses");
        CardBed { dir, env, _tmp: tmp }
    }

    fn socket(&self) -> &str {
        self.env["PCSCLITE_CSOCK_NAME"].as_str().expect("PCSCLITE_CSOCK_NAME")
    }

    fn run(&self, action: &str) {
        let out = Command::new(script()).arg(action).arg("--dir").arg(&self.dir).output().expect("run dev/card/card");
        assert!(out.status.success(), "card {action}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

impl Drop for CardBed {
    fn drop(&mut self) {
        let _ = Command::new(script()).arg("stop").arg("--dir").arg(&self.dir).output();
    }
}

fn status(cli: &Cli, bed: &CardBed) -> Value {
    let out = cli.command(&["card", "status"]).env("PCSCLITE_CSOCK_NAME", bed.socket()).output().expect("run medimail");
    assert!(out.status.success(), "card status: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("card status prints JSON")
}

#[test]
fn the_card_its_holder_and_its_tries_left_are_shown_without_asking_the_pin() {
    let op = Operator::start();
    let bed = CardBed::start(&op);
    let cli = Cli::new();
    let physician = op.account("physician");
    let rpps = physician.rpps.clone().expect("the physician has an RPPS number");

    let found = status(&cli, &bed);
    assert_eq!(found["state"], "ready", "{found:#}");
    let readers = found["readers"].as_array().expect("readers");
    assert_eq!(readers.len(), 2, "{found:#}");
    assert_eq!(readers[0]["name"], bed.env["reader"]);
    assert_eq!(readers[0]["card_present"], true);
    assert_eq!(readers[1]["name"], bed.env["empty_reader"]);
    assert_eq!(readers[1]["card_present"], false);
    let card = &found["card"];
    assert_eq!(card["reader"], bed.env["reader"]);
    assert_eq!(card["is_cps"], true);
    let holder = &bed.env["holder"];
    assert_eq!(card["holder"]["rpps"], rpps.as_str());
    assert_eq!(card["holder"]["national_id"], format!("8{rpps}"));
    assert_eq!(card["holder"]["surname"], holder["surname"]);
    assert_eq!(card["holder"]["given_name"], holder["given_name"]);
    assert_eq!(card["holder"]["profession"], holder["profession"]);
    assert_eq!(card["tries_left"], 3);
    assert_eq!(card["blocked"], false);
    assert!(card["not_after"].as_str().is_some_and(|d| d.ends_with('Z')), "{card:#}");

    // Asking twice spends nothing.
    assert_eq!(status(&cli, &bed)["card"]["tries_left"], 3);

    bed.run("remove");
    let empty = status(&cli, &bed);
    assert_eq!(empty["state"], "no_card", "{empty:#}");
    assert_eq!(empty["card"], Value::Null);
    assert!(empty["readers"].as_array().expect("readers").iter().all(|r| r["card_present"] == false), "{empty:#}");

    bed.run("insert");
    let back = status(&cli, &bed);
    assert_eq!(back["state"], "ready", "{back:#}");
    assert_eq!(back["card"]["holder"]["rpps"], rpps.as_str());

    let out = Command::new(support::cli::binary())
        .arg("--profile")
        .arg(&cli.profile)
        .args(["--lang", "fr", "card", "status"])
        .env("PCSCLITE_CSOCK_NAME", bed.socket())
        .env_remove("MEDIMAIL_PROFILE")
        .output()
        .expect("run medimail");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let name = format!("{} {}", holder["given_name"].as_str().unwrap_or_default(), holder["surname"].as_str().unwrap_or_default());
    assert!(text.contains(&name), "{text}");
    assert!(text.contains("3 essais"), "{text}");
}

#[test]
fn without_a_pc_sc_service_the_status_says_so() {
    let cli = Cli::new();
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = cli
        .command(&["card", "status"])
        .env("PCSCLITE_CSOCK_NAME", tmp.path().join("no-pcscd.comm"))
        .output()
        .expect("run medimail");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let found: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(found["state"], "no_service", "{found:#}");
    let human = Command::new(support::cli::binary())
        .arg("--profile")
        .arg(&cli.profile)
        .args(["--lang", "fr", "card", "status"])
        .env("PCSCLITE_CSOCK_NAME", tmp.path().join("no-pcscd.comm"))
        .env_remove("MEDIMAIL_PROFILE")
        .output()
        .expect("run medimail");
    assert!(human.status.success());
    assert!(String::from_utf8_lossy(&human.stdout).contains("(PC/SC) ne fonctionne pas"));
}
