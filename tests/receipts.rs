//! Delivery and read receipts against the real local operator: Postfix really sends the
//! DSNs (a bounce for an unknown user, a success report), a second account's Medimail
//! really sends the read receipt, and the first account's timeline and Sent list follow.
//!
//! Run inside `dev/with-keyring.sh` (the profiles keep their keys in the OS keyring).

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::cli::Cli;
use support::Operator;

const UNKNOWN: &str = "nobody@medimail.test";

/// Polls `probe` until it returns something, failing the test after `limit`.
fn wait_for<T>(what: &str, limit: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn body_file(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("corps.txt");
    std::fs::write(&path, "Bonjour,\n\nVeuillez trouver le compte rendu de consultation.\n\nCordialement,\n").unwrap();
    path
}

/// Sends a message asking for a read receipt; returns its Message-ID.
fn send(cli: &Cli, to: &[&str], subject: &str, body: &std::path::Path) -> String {
    let mut args = vec!["send"];
    for address in to {
        args.extend(["--to", address]);
    }
    args.extend(["--subject", subject, "--body-file", body.to_str().unwrap(), "--receipt"]);
    let entry = cli.json(&args);
    assert_eq!(entry["state"], "sent", "{entry}");
    entry["message_id"].as_str().unwrap().to_owned()
}

/// The list item (as JSON) of this Message-ID in `folder`, if synced.
fn item(cli: &Cli, folder: &str, message_id: &str) -> Option<Value> {
    let list = cli.json(&["list", "--folder", folder, "--limit", "1000"]);
    list.as_array()?.iter().find(|m| m["message_id"] == message_id).cloned()
}

fn timeline(cli: &Cli, id: i64) -> Value {
    cli.json(&["receipts", &id.to_string()])
}

fn events<'a>(timeline: &'a Value, kind: &str, recipient: &str) -> Vec<&'a Value> {
    timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind && e["recipient"].as_str().is_some_and(|r| r.eq_ignore_ascii_case(recipient)))
        .collect()
}

/// The timeline as a person reads it on the command line, in French.
fn said_lines(cli: &Cli, id: i64) -> Vec<String> {
    cli.human("fr", &["receipts", &id.to_string()])
}

/// The secretary's copy of the message, once it arrived.
fn received(cli: &Cli, message_id: &str) -> i64 {
    wait_for("the message in the secretary's inbox", Duration::from_secs(60), || {
        cli.sync();
        item(cli, "inbox", message_id).map(|m| m["id"].as_i64().unwrap())
    })
}

#[test]
fn delivery_reports_and_a_read_receipt_make_the_timeline() {
    let op = Operator::start();
    let secretary_email = op.account("secretary").email.clone();
    let physician = Cli::new();
    physician.add_account(&op, "physician");
    let secretary = Cli::new();
    secretary.add_account(&op, "secretary");
    let files = tempfile::tempdir().unwrap();
    let body = body_file(&files);

    physician.json(&["open-notifications", "on"]);
    let message_id = send(&physician, &[&secretary_email, UNKNOWN], "Compte rendu — Mme Durand", &body);

    // Postfix's reports: a success for the secretary, a bounce for the unknown user.
    let (sent_id, t) = wait_for("both delivery reports", Duration::from_secs(60), || {
        physician.sync();
        let id = item(&physician, "sent", &message_id)?["id"].as_i64()?;
        let t = timeline(&physician, id);
        let delivered = events(&t, "relayed", &secretary_email).len() + events(&t, "delivered", &secretary_email).len();
        (delivered == 1 && events(&t, "delivery_failed", UNKNOWN).len() == 1).then_some((id, t))
    });
    assert_eq!(t["message_id"], message_id.as_str());
    let lines = said_lines(&physician, sent_id);
    assert!(lines[0].ends_with(" : Envoi du message"), "{lines:#?}");
    assert_eq!(t["events"][0]["kind"], "sent");
    assert_eq!(t["events"][0]["text"]["key"], "timeline-sent");
    let failure = events(&t, "delivery_failed", UNKNOWN)[0];
    let reason = failure["detail"].as_str().unwrap();
    assert!(reason.contains("5.1.1") && reason.contains("User doesn't exist"), "the server's reason: {reason}");
    assert_eq!(failure["text"]["args"]["who"], UNKNOWN, "{failure}");
    let said = format!("Échec de la remise à {UNKNOWN} : 550 5.1.1");
    assert!(lines.iter().any(|l| l.contains(&said)), "{lines:#?}");
    // Delivered, not opened yet: the seed's "no information" line, and none opened in Sent.
    let unknown = events(&t, "open_unknown", &secretary_email);
    assert_eq!(unknown.len(), 1, "{lines:#?}");
    let said = format!("Information sur l'ouverture du message non disponible pour {secretary_email}");
    assert!(lines.contains(&said), "{lines:#?}");
    assert!(events(&t, "open_unknown", UNKNOWN).is_empty(), "a bounced recipient gets the failure, not a '?': {lines:#?}");
    assert_eq!(t["open_state"], "none_opened");
    assert_eq!(item(&physician, "sent", &message_id).unwrap()["open_state"], "none_opened");
    assert!(item(&physician, "inbox", &message_id).is_none());

    // The secretary opens it under "always": one read receipt, never two.
    assert_eq!(secretary.json(&["mdn-policy", "always"])["mdn_policy"], "always");
    let copy = received(&secretary, &message_id);
    assert_eq!(secretary.json(&["open", &copy.to_string()])["decision"], "sent");
    assert_eq!(secretary.json(&["open", &copy.to_string()])["decision"], "already_sent");
    assert_eq!(secretary.json(&["open", &copy.to_string(), "--send-receipt"])["decision"], "already_sent");
    secretary.sync();
    assert_eq!(secretary.json(&["open", &copy.to_string()])["decision"], "already_sent");
    let outbox = secretary.json(&["outbox", "list"]);
    let receipts: Vec<&Value> =
        outbox.as_array().unwrap().iter().filter(|e| e["subject"].as_str().unwrap().starts_with("Accusé de lecture")).collect();
    assert_eq!(receipts.len(), 1, "{outbox:#}");
    assert_eq!(receipts[0]["state"], "sent");
    assert_eq!(receipts[0]["to"][0], op.account("physician").email.as_str());
    assert!(item(&secretary, "inbox", &message_id).unwrap()["seen"].as_bool().unwrap());
    assert!(item(&secretary, "sent", receipts[0]["message_id"].as_str().unwrap()).is_none(), "read receipts are not filed in Sent");

    // Back at the physician's: opened, matched to the original by its Message-ID.
    let t = wait_for("the read receipt", Duration::from_secs(60), || {
        physician.sync();
        let t = timeline(&physician, sent_id);
        (!events(&t, "opened", &secretary_email).is_empty()).then_some(t)
    });
    let opened = events(&t, "opened", &secretary_email);
    assert_eq!(opened.len(), 1);
    let said = said_lines(&physician, sent_id);
    let line = said.iter().find(|l| l.contains("a ouvert")).unwrap();
    assert!(line.ends_with(&format!(" : {secretary_email} a ouvert le message")), "{line}");
    assert!(line.as_bytes()[2] == b'/' && line.as_bytes()[5] == b'/', "dated like the seed: {line}");
    assert!(events(&t, "open_unknown", &secretary_email).is_empty());
    // One recipient opened it, the other never got it: "at least one" (see OpenState).
    assert_eq!(t["open_state"], "some_opened");
    assert_eq!(item(&physician, "sent", &message_id).unwrap()["open_state"], "some_opened");

    // The desktop notice, once.
    let notices = physician.json(&["openings"]);
    assert_eq!(notices.as_array().unwrap().len(), 1, "{notices:#}");
    assert_eq!(notices[0]["recipient"], secretary_email.as_str());
    assert_eq!(notices[0]["message"], sent_id);
    assert_eq!(physician.json(&["openings"]).as_array().unwrap().len(), 0);

    // Met again after a move, the read receipt is still counted once.
    let mdn = physician
        .json(&["list", "--folder", "inbox", "--limit", "1000"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().starts_with("Accusé de lecture"))
        .map(|m| m["id"].as_i64().unwrap())
        .collect::<Vec<_>>();
    assert_eq!(mdn.len(), 1, "exactly one read receipt arrived");
    physician.json(&["move", &mdn[0].to_string(), "--to", "Archive"]);
    physician.sync();
    physician.sync();
    let t = timeline(&physician, sent_id);
    assert_eq!(events(&t, "opened", &secretary_email).len(), 1, "{:#?}", said_lines(&physician, sent_id));
    assert_eq!(events(&t, "delivery_failed", UNKNOWN).len(), 1);
    assert_eq!(t["open_state"], "some_opened");
}

#[test]
fn ask_and_never_policies() {
    let op = Operator::start();
    let secretary_email = op.account("secretary").email.clone();
    let physician = Cli::new();
    physician.add_account(&op, "physician");
    let secretary = Cli::new();
    secretary.add_account(&op, "secretary");
    let files = tempfile::tempdir().unwrap();
    let body = body_file(&files);

    // Default: ask. The user then says yes, once.
    assert_eq!(secretary.json(&["mdn-policy"])["mdn_policy"], "ask");
    let asked = send(&physician, &[&secretary_email], "Demande d'avis", &body);
    let copy = received(&secretary, &asked);
    assert_eq!(secretary.json(&["open", &copy.to_string()])["decision"], "ask_user");
    assert_eq!(secretary.json(&["outbox", "list"]).as_array().unwrap().len(), 0);
    assert_eq!(secretary.json(&["open", &copy.to_string(), "--send-receipt"])["decision"], "sent");
    assert_eq!(secretary.json(&["open", &copy.to_string(), "--send-receipt"])["decision"], "already_sent");
    assert_eq!(secretary.json(&["open", &copy.to_string()])["decision"], "already_sent");

    // Never: nothing leaves.
    secretary.json(&["mdn-policy", "never"]);
    let refused = send(&physician, &[&secretary_email], "Résultats", &body);
    let copy = received(&secretary, &refused);
    assert_eq!(secretary.json(&["open", &copy.to_string()])["decision"], "never");
    assert_eq!(secretary.json(&["outbox", "list"]).as_array().unwrap().len(), 1);

    // A message asking for nothing.
    let files2 = tempfile::tempdir().unwrap();
    let plain_body = body_file(&files2);
    let entry = physician.json(&[
        "send", "--to", &secretary_email, "--subject", "Sans accusé", "--body-file", plain_body.to_str().unwrap(),
    ]);
    let plain = entry["message_id"].as_str().unwrap().to_owned();
    let copy = received(&secretary, &plain);
    assert_eq!(secretary.json(&["open", &copy.to_string()])["decision"], "not_requested");

    // On the physician's side: one opened, one not (yet), one without any request.
    let t = wait_for("the read receipt", Duration::from_secs(60), || {
        physician.sync();
        let id = item(&physician, "sent", &asked)?["id"].as_i64()?;
        let t = timeline(&physician, id);
        (t["open_state"] == "all_opened").then_some(t)
    });
    assert_eq!(events(&t, "opened", &secretary_email).len(), 1);
    assert_eq!(item(&physician, "sent", &refused).unwrap()["open_state"], "none_opened");
    assert_eq!(item(&physician, "sent", &plain).unwrap()["open_state"], "no_information");
    // Not a message the physician sent: no timeline.
    let inbox = physician.json(&["list", "--folder", "inbox", "--limit", "1"]);
    if let Some(first) = inbox.as_array().unwrap().first() {
        let failure = physician.fail(&["receipts", &first["id"].as_i64().unwrap().to_string()]);
        assert_eq!(failure.code.as_deref(), Some("invalid_input"), "{}", failure.stderr);
    }
}
