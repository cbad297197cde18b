//! Local actions reach the server, and the server's changes reach the store: flags both
//! ways, and every folder and message action, checked on the server after each sync.

mod support;

use support::check::{archived_total, assert_mirrors};
use support::cli::{assert_no_duplicate_ids, Cli};
use support::probe::ImapProbe;
use support::Operator;

const COLORS: [(&str, &str); 5] =
    [("red", "$label1"), ("orange", "$label2"), ("yellow", "$label3"), ("green", "$label4"), ("blue", "$label5")];

const PLANNING: &str = "demo-planning-semaine@medimail.test";
const LEFEVRE: &str = "demo-cr-cardio-lefevre@chu-toulouse.mssante.test";
const INTERNE: &str = "demo-question-interne@medimail.test";
const REPLY: &str = "demo-reply-moreau@patient.mssante.fr";
const NEWSLETTER: &str = "demo-newsletter@esante-occitanie.test";

fn synced_demo() -> (Operator, Cli, ImapProbe) {
    let op = Operator::start();
    op.seed();
    let cli = Cli::new();
    cli.add_account(&op, "physician");
    cli.sync();
    let probe = ImapProbe::connect(&op, "physician");
    (op, cli, probe)
}

// ---- 2. flags both ways ---------------------------------------------------------------------

#[test]
fn read_state_and_colour_flags_go_both_ways() {
    let (_op, cli, mut probe) = synced_demo();
    let inbox = cli.list("inbox");
    let id_of = |mid: &str| inbox.iter().find(|m| m.message_id.as_deref() == Some(mid)).unwrap().id.to_string();

    // Starting points, as seeded.
    assert!(!probe.message("INBOX", PLANNING).has("\\Seen"));
    assert!(probe.message("INBOX", REPLY).has("\\Seen"));
    assert_eq!(probe.message("INBOX", LEFEVRE).labels(), ["$label1"]);
    assert_eq!(probe.message("INBOX", INTERNE).labels(), ["$label2"]);

    cli.act(&["mark", &id_of(PLANNING), "--read"]);
    cli.act(&["mark", &id_of(REPLY), "--unread"]);

    // One message per colour; two of them change colour, so the old label must go.
    let others: Vec<String> = inbox
        .iter()
        .filter(|m| !m.flagged)
        .filter_map(|m| m.message_id.clone())
        .filter(|mid| ![PLANNING, REPLY, NEWSLETTER].contains(&mid.as_str()))
        .take(3)
        .collect();
    assert_eq!(others.len(), 3, "the demo INBOX has unflagged messages to colour");
    let coloured: Vec<(String, &str, &str)> = [INTERNE.to_owned(), others[0].clone(), others[1].clone(), LEFEVRE.to_owned(), others[2].clone()]
        .into_iter()
        .zip(COLORS)
        .map(|(mid, (color, label))| (mid, color, label))
        .collect();
    for (mid, color, _) in &coloured {
        let changed = cli.act(&["flag", &id_of(mid), "--color", color]);
        assert_eq!(changed["changed"], 1, "{mid} → {color}");
    }
    // The store shows the changes at once, before any sync.
    for (mid, color, _) in &coloured {
        let m = cli.find("INBOX", mid);
        assert!(m.flagged && m.flag_color.as_deref() == Some(*color));
    }

    let report = cli.sync();
    assert!(report.applied >= 7, "every local change was sent: {report:?}");
    assert_eq!(report.fetched, 0);
    assert!(probe.message("INBOX", PLANNING).has("\\Seen"));
    assert!(!probe.message("INBOX", REPLY).has("\\Seen"));
    assert!(probe.message("INBOX", REPLY).has("\\Answered"), "other flags are left alone");
    for (mid, color, label) in &coloured {
        let server = probe.message("INBOX", mid);
        assert!(server.has("\\Flagged"), "{mid} flagged {color} on the server: {:?}", server.flags);
        assert_eq!(server.labels(), [*label], "{mid} carries only {label}");
        let local = cli.find("INBOX", mid);
        assert_eq!(local.flag_color.as_deref(), Some(*color), "the server's echo does not undo the change");
    }
    assert_eq!(cli.sync().applied, 0, "nothing left to send");

    // Removing the flag removes \Flagged and every label.
    cli.act(&["flag", &id_of(LEFEVRE), "--color", "none"]);
    cli.sync();
    let server = probe.message("INBOX", LEFEVRE);
    assert!(!server.has("\\Flagged") && server.labels().is_empty(), "{:?}", server.flags);
    let local = cli.find("INBOX", LEFEVRE);
    assert!(!local.flagged && local.flag_color.is_none());

    // Changes made by another client show after the next sync.
    let newsletter = probe.message("INBOX", NEWSLETTER);
    assert!(newsletter.has("\\Seen") && !newsletter.has("\\Flagged"));
    probe.store("INBOX", newsletter.uid, "+FLAGS (\\Flagged $label5)");
    probe.store("INBOX", newsletter.uid, "-FLAGS (\\Seen)");
    let orange = probe.message("INBOX", &coloured[1].0);
    probe.store("INBOX", orange.uid, "-FLAGS (\\Flagged $label2)");
    let report = cli.sync();
    assert!(report.updated >= 2, "{report:?}");
    let local = cli.find("INBOX", NEWSLETTER);
    assert!(!local.seen && local.flagged && local.flag_color.as_deref() == Some("blue"), "{local:?}");
    let local = cli.find("INBOX", &coloured[1].0);
    assert!(!local.flagged && local.flag_color.is_none(), "{local:?}");

    // Both at once on one message: the local change is sent, the server's is kept.
    let planning = probe.message("INBOX", PLANNING);
    probe.store("INBOX", planning.uid, "+FLAGS (\\Flagged $label3)");
    cli.act(&["mark", &id_of(PLANNING), "--unread"]);
    cli.sync();
    let server = probe.message("INBOX", PLANNING);
    assert!(!server.has("\\Seen") && server.labels() == ["$label3"], "{:?}", server.flags);
    let local = cli.find("INBOX", PLANNING);
    assert!(!local.seen && local.flag_color.as_deref() == Some("yellow"), "{local:?}");

    assert_eq!(cli.folder("INBOX").unread as usize, probe.messages("INBOX").iter().filter(|m| !m.has("\\Seen")).count());
    assert_mirrors(&cli, &mut probe, "after flag changes");
}

// ---- 3. folder and message actions, checked on the server -------------------------------------

#[test]
fn folder_and_message_actions_reach_the_server() {
    let (_op, cli, mut probe) = synced_demo();
    let total = |cli: &Cli| cli.folders().iter().map(|f| f.total).sum::<u32>();
    let start_total = total(&cli);
    let inbox = cli.list("inbox");
    let pick = |i: usize| (inbox[i].id, inbox[i].message_id.clone().unwrap());
    let (a, a_mid) = pick(0);
    let (b, b_mid) = pick(1);
    let (c, c_mid) = pick(2);
    let (d, d_mid) = pick(3);

    // Create.
    let created = cli.act(&["folder", "create", "Correspondants"]);
    assert_eq!(created["name"], "Correspondants");
    assert!(!probe.exists("Correspondants"), "nothing reaches the server before a sync");
    let report = cli.sync();
    assert!(report.applied >= 1);
    assert!(probe.exists("Correspondants"));
    assert_mirrors(&cli, &mut probe, "after folder create");

    // Move two messages into it.
    cli.act(&["move", &a.to_string(), &b.to_string(), "--to", "Correspondants"]);
    assert_eq!(cli.list("Correspondants").len(), 2, "moved locally at once");
    cli.sync();
    assert_eq!(probe.locate(&a_mid), [("Correspondants".to_owned(), probe.message("Correspondants", &a_mid).uid)]);
    assert_eq!(probe.locate(&b_mid).len(), 1);
    assert_eq!(probe.count("Correspondants"), 2);
    assert_eq!(cli.find("Correspondants", &a_mid).id, a, "a message keeps its local id when it moves");
    assert_mirrors(&cli, &mut probe, "after move into the new folder");

    // Rename, with accents: modified UTF-7 on the wire.
    let renamed = cli.act(&["folder", "rename", "Correspondants", "Résultats labo"]);
    assert_eq!(renamed["name"], "Résultats labo");
    cli.sync();
    let listed = probe.folders();
    assert!(
        listed.iter().any(|f| f.encoded == "R&AOk-sultats labo" && f.name == "Résultats labo"),
        "the server has the folder under its modified UTF-7 name: {:?}",
        listed.iter().map(|f| &f.encoded).collect::<Vec<_>>()
    );
    assert!(!probe.exists("Correspondants"));
    assert_eq!(probe.count("Résultats labo"), 2, "the messages went with the folder");
    assert!(!cli.folder_map().contains_key("Correspondants"));
    assert_eq!(cli.list("Résultats labo").len(), 2);
    assert_mirrors(&cli, &mut probe, "after rename");

    // Delete: its messages go back to the INBOX first, here and on the server.
    let deleted = cli.act(&["folder", "delete", "Résultats labo"]);
    assert_eq!(deleted["moved_to_inbox"], 2);
    assert_eq!(cli.find("INBOX", &a_mid).id, a);
    assert_eq!(cli.find("INBOX", &b_mid).id, b);
    cli.sync();
    assert!(!probe.exists("Résultats labo"));
    assert_eq!(probe.locate(&a_mid).iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["INBOX"]);
    assert_eq!(probe.locate(&b_mid).iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["INBOX"]);
    assert!(!cli.folder_map().contains_key("Résultats labo"));
    assert_mirrors(&cli, &mut probe, "after folder delete");

    // Move to an existing folder (MOVE on the server).
    let lab_before = probe.count("Laboratoire");
    cli.act(&["move", &c.to_string(), "--to", "Laboratoire"]);
    cli.sync();
    assert_eq!(probe.locate(&c_mid).iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["Laboratoire"]);
    assert_eq!(probe.count("Laboratoire"), lab_before + 1);
    assert_mirrors(&cli, &mut probe, "after move");

    // Delete to the trash, then restore to where it came from.
    cli.act(&["delete", &c.to_string()]);
    assert_eq!(cli.find("Trash", &c_mid).id, c);
    cli.sync();
    assert_eq!(probe.locate(&c_mid).iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["Trash"]);
    assert_mirrors(&cli, &mut probe, "after delete to trash");
    let restored = cli.act(&["restore", &c.to_string()]);
    assert_eq!(restored["changed"], 1);
    assert_eq!(cli.find("Laboratoire", &c_mid).id, c, "restored to the folder it came from");
    cli.sync();
    assert_eq!(probe.locate(&c_mid).iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["Laboratoire"]);
    assert_mirrors(&cli, &mut probe, "after restore");

    // Purge: gone from the server and from the store.
    cli.act(&["purge", &d.to_string()]);
    assert_eq!(cli.fail(&["show", &d.to_string()]).code.as_deref(), Some("not_found"));
    cli.sync();
    assert!(probe.locate(&d_mid).is_empty(), "purged on the server");
    let everything = cli.all_messages();
    assert!(everything.iter().all(|m| m.id != d && m.message_id.as_deref() != Some(d_mid.as_str())));
    assert_mirrors(&cli, &mut probe, "after purge");

    // Nothing was duplicated, nothing lost, nothing left half-done.
    assert_eq!(total(&cli), start_total - 1);
    assert_eq!(archived_total(&cli), 0);
    assert_no_duplicate_ids(&everything, "after every action");
    let last = cli.sync();
    assert_eq!((last.applied, last.fetched, last.archived), (0, 0, 0));
}
