//! Sending exactly once: the process is killed (abort, as a crash would) at each step of
//! sending, and the next pass must neither lose the message nor send it twice.

mod support;

use std::time::{Duration, Instant};

use serde_json::Value;
use support::cli::Cli;
use support::probe::ImapProbe;
use support::Operator;

/// How many copies of `message_id` the account's `folder` holds, once delivery settled:
/// waits up to 20 s for at least `at_least`, then a moment more so a late duplicate shows.
fn copies(probe: &mut ImapProbe, folder: &str, message_id: &str, at_least: usize) -> usize {
    let count = |probe: &mut ImapProbe| {
        probe
            .messages(folder)
            .iter()
            .filter(|m| m.message_id.as_deref() == Some(message_id))
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(probe) < at_least && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(2));
    count(probe)
}

fn entry_with_subject(cli: &Cli, subject: &str) -> Value {
    let entries = cli.json(&["outbox", "list"]);
    entries
        .as_array()
        .and_then(|list| list.iter().find(|e| e["subject"] == subject))
        .cloned()
        .unwrap_or_else(|| panic!("no outbox entry for {subject:?}: {entries}"))
}

#[test]
fn each_kill_point_of_sending_loses_nothing_and_sends_nothing_twice() {
    let op = Operator::start();
    let cli = Cli::new();
    cli.add_account(&op, "physician");
    cli.sync();
    let secretary = op.account("secretary").email.clone();
    let mut to_secretary = ImapProbe::connect(&op, "secretary");
    let mut physician = ImapProbe::connect(&op, "physician");
    let body = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(body.path(), "Bonjour,\n\nLe compte rendu suit.\n").unwrap();
    let body = body.path().to_str().unwrap().to_owned();

    // (kill point, copies the recipient has after the next pass, state after it)
    let cases = [
        ("queued", 1, "sent"),
        ("before_data", 0, "uncertain"),
        ("after_accept", 1, "uncertain"),
        ("after_sent", 1, "sent"),
        ("after_append", 1, "sent"),
    ];
    for (point, delivered, state) in cases {
        let subject = format!("Point d'arrêt {point}");
        let out = cli
            .command(&["send", "--to", &secretary, "--subject", &subject, "--body-file", &body])
            .env("MEDIMAIL_FAILPOINT", point)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{point}: the process was meant to die");
        let entry = entry_with_subject(&cli, &subject);
        let message_id = entry["message_id"].as_str().unwrap().to_owned();

        // The next pass: what the open app or a scheduled `medimail sync` does.
        cli.sync();
        let after = entry_with_subject(&cli, &subject);
        assert_eq!(after["state"], state, "{point}: {after}");
        assert_eq!(copies(&mut to_secretary, "INBOX", &message_id, delivered), delivered, "{point}: recipient's copies");
        cli.sync();
        assert_eq!(copies(&mut to_secretary, "INBOX", &message_id, delivered), delivered, "{point}: never resent by itself");

        if state == "sent" {
            assert_eq!(copies(&mut physician, "Sent", &message_id, 1), 1, "{point}: one copy in Sent");
            assert_eq!(after["filed"], true);
        }
        if point == "before_data" {
            // The user decides: send it again. It then arrives once.
            let id = after["id"].as_i64().unwrap().to_string();
            cli.json(&["outbox", "resend", &id]);
            cli.sync();
            assert_eq!(entry_with_subject(&cli, &subject)["state"], "sent");
            assert_eq!(copies(&mut to_secretary, "INBOX", &message_id, 1), 1, "resent once");
            assert_eq!(copies(&mut physician, "Sent", &message_id, 1), 1, "one copy in Sent after the resend");
        }
    }
}

#[test]
fn a_message_written_offline_waits_in_the_outbox_and_is_not_lost() {
    let op = Operator::start();
    let cli = Cli::new();
    // Reachable for adding the account, then the submission port is wrong: "offline".
    let physician = op.account("physician");
    let out = cli
        .command(&[
            "account", "add", "--email", &physician.email, "--imap",
            &format!("{}:{}", op.env.host, op.env.ports.imaps), "--smtp", "127.0.0.1:9",
            "--ca-file", op.env.ca_file.to_str().unwrap(), "--password-stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(format!("{}\n", physician.password).as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let body = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(body.path(), "Hors ligne.\n").unwrap();
    let secretary = op.account("secretary").email.clone();
    let queued = cli.json(&["send", "--to", &secretary, "--subject", "Écrit hors ligne", "--body-file", body.path().to_str().unwrap()]);
    assert_eq!(queued["state"], "queued", "{queued}");
    assert!(queued["last_error"].as_str().is_some_and(|e| !e.is_empty()));
    // Still queued after a failed pass; nothing lost.
    let _ = cli.output(&["sync"]);
    assert_eq!(entry_with_subject(&cli, "Écrit hors ligne")["state"], "queued");
}

#[test]
fn the_sending_rules_refuse_before_anything_leaves() {
    let op = Operator::start();
    let cli = Cli::new();
    cli.add_account(&op, "physician");
    let body = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(body.path(), "Bonjour.\n").unwrap();
    let body = body.path().to_str().unwrap().to_owned();
    let forty_one: Vec<String> = (1..=41).map(|i| format!("confrere{i}@medimail.test")).collect();
    let forty_one = forty_one.join(",");
    for (args, why) in [
        (vec!["--to", forty_one.as_str(), "--subject", "Trop"], "41 recipients"),
        (vec!["--to", "pas-une-adresse", "--subject", "Adresse"], "an invalid address"),
        (vec!["--to", "nathalie.girard@medimail.test", "--subject", ""], "no subject"),
        (vec!["--patient", "288091234567823", "--subject", "Clé"], "a wrong INS key"),
        (vec!["--patient", "812345678901234", "--subject", "NNP"], "a provisional number"),
    ] {
        let mut all = vec!["send"];
        all.extend(args);
        all.extend(["--body-file", body.as_str()]);
        let out = cli.output(&all);
        assert!(!out.status.success(), "{why} must be refused");
        let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_default();
        assert_eq!(err["code"], "invalid_input", "{why}: {}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(cli.json(&["outbox", "list"]).as_array().map(Vec::len), Some(0), "nothing was queued");

    // A valid INS: the message reaches the patient's mailbox, with a read receipt asked.
    let sent = cli.json(&["send", "--patient", "279035121518989", "--subject", "Vos résultats", "--body-file", &body, "--close"]);
    assert_eq!(sent["state"], "sent", "{sent}");
    let mut patient = ImapProbe::connect(&op, "patient");
    let message_id = sent["message_id"].as_str().unwrap();
    assert_eq!(copies(&mut patient, "INBOX", message_id, 1), 1);
}
