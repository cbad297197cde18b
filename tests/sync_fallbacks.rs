//! The paths for servers without the extensions Dovecot normally offers. The operator's
//! second IMAPS listener, on 127.0.0.2, advertises plain IMAP4rev1 (no CONDSTORE, QRESYNC,
//! MOVE or UIDPLUS): changes are found by a full UID/FLAGS comparison, moves are COPY then
//! EXPUNGE. Everything is checked on the server through the normal listener.

mod support;

use support::check::assert_mirrors;
use support::cli::{assert_no_duplicate_ids, Cli};
use support::probe::ImapProbe;
use support::Operator;

const PLANNING: &str = "demo-planning-semaine@medimail.test";
const LEFEVRE: &str = "demo-cr-cardio-lefevre@chu-toulouse.mssante.test";
const INTERNE: &str = "demo-question-interne@medimail.test";
const REPLY: &str = "demo-reply-moreau@patient.mssante.fr";

fn folders_of(probe: &mut ImapProbe, message_id: &str) -> Vec<String> {
    probe.locate(message_id).into_iter().map(|(folder, _)| folder).collect()
}

#[test]
fn without_condstore_qresync_move_or_uidplus_nothing_is_lost_or_doubled() {
    let op = Operator::start();
    op.seed();
    let mut probe = ImapProbe::connect(&op, "physician");
    let cli = Cli::new();
    let added = cli.add_account_at(&op, "physician", "127.0.0.2");
    assert!(added.to_string().contains("127.0.0.2"), "the account uses the plain listener: {added}");

    let out = cli.command(&["-vv", "sync"]).output().unwrap();
    assert!(out.status.success(), "first sync: {}", String::from_utf8_lossy(&out.stderr));
    let log = String::from_utf8_lossy(&out.stderr);
    for missing in ["condstore: false", "qresync: false", "uidplus: false", "mv: false"] {
        assert!(log.contains(missing), "the client saw a server without {missing:?}: {log}");
    }
    let first: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(first["fetched"].as_u64().unwrap_or(0) > 0, "{first}");
    assert_mirrors(&cli, &mut probe, "first sync without extensions");
    let again = cli.sync();
    assert_eq!((again.fetched, again.updated, again.archived), (0, 0, 0), "nothing changed: {again:?}");

    // Another client changes the mailbox: flags, an expunge, a move and a new message.
    let planning = probe.message("INBOX", PLANNING);
    probe.store("INBOX", planning.uid, "+FLAGS (\\Seen \\Flagged $label4)");
    let lefevre = probe.message("INBOX", LEFEVRE);
    probe.expunge("INBOX", lefevre.uid);
    let interne = probe.message("INBOX", INTERNE);
    probe.move_uid("INBOX", interne.uid, "Laboratoire");
    let raw = b"From: Dr Claire Martin <claire.martin@chu.test>\r\nTo: jean.dupont@medimail.test\r\n\
Subject: Compte rendu sans extensions\r\nMessage-ID: <fallback-new@chu.test>\r\n\
Date: Tue, 24 Nov 2026 10:00:00 +0100\r\n\r\nBonjour,\r\n";
    probe.append("INBOX", raw);

    let report = cli.sync();
    assert_eq!(report.fetched, 1, "only the new message is new; the moved one is recognised: {report:?}");
    assert!(report.updated >= 2, "the flag change (found by comparing flags) and the move: {report:?}");
    assert_eq!(report.archived, 1, "only the expunged message is kept as archived: {report:?}");
    let planning_here = cli.find("INBOX", PLANNING);
    assert!(planning_here.seen && planning_here.flagged);
    assert_eq!(planning_here.flag_color.as_deref(), Some("green"));
    let archived = cli.list_with("INBOX", &["--archived"]);
    assert!(archived.iter().any(|m| m.message_id.as_deref() == Some(LEFEVRE) && !m.on_server));
    assert_eq!(cli.find("Laboratoire", INTERNE).message_id.as_deref(), Some(INTERNE));
    assert!(cli.list("INBOX").iter().all(|m| m.message_id.as_deref() != Some(INTERNE)), "moved, not copied");
    assert_eq!(cli.find("INBOX", "fallback-new@chu.test").subject, "Compte rendu sans extensions");
    assert_mirrors(&cli, &mut probe, "after another client's changes");

    // Our own actions: a move (COPY, then EXPUNGE of that message alone), trash, restore,
    // flags, and a permanent delete.
    let reply = cli.find("INBOX", REPLY).id.to_string();
    let planning_id = cli.find("INBOX", PLANNING).id.to_string();
    let new_id = cli.find("INBOX", "fallback-new@chu.test").id.to_string();
    let interne_id = cli.find("Laboratoire", INTERNE).id.to_string();
    cli.act(&["move", &reply, "--to", "Laboratoire"]);
    cli.act(&["delete", &planning_id]);
    cli.act(&["flag", &new_id, "--color", "blue"]);
    cli.act(&["mark", &new_id, "--read"]);
    cli.act(&["purge", &interne_id]);
    let applied = cli.sync();
    assert!(applied.applied >= 5, "every change was applied: {applied:?}");
    assert_eq!(folders_of(&mut probe, REPLY), ["Laboratoire"]);
    assert_eq!(folders_of(&mut probe, PLANNING), ["Trash"]);
    assert!(folders_of(&mut probe, INTERNE).is_empty(), "purged on the server");
    let new_on_server = probe.message("INBOX", "fallback-new@chu.test");
    assert!(new_on_server.has("\\Seen") && new_on_server.has("\\Flagged"));
    assert_eq!(new_on_server.labels(), ["$label5"]);
    assert_mirrors(&cli, &mut probe, "after our actions");

    cli.act(&["restore", &planning_id]);
    cli.sync();
    assert_eq!(folders_of(&mut probe, PLANNING), ["INBOX"], "restored where it came from");
    assert_eq!(cli.find("INBOX", PLANNING).id.to_string(), planning_id, "a message keeps its id");
    assert_mirrors(&cli, &mut probe, "after restore");

    let last = cli.sync();
    assert_eq!((last.fetched, last.updated, last.archived, last.applied), (0, 0, 0, 0), "settled: {last:?}");
    assert_no_duplicate_ids(&cli.all_messages(), "after every fallback path");
}
