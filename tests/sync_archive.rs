//! The archive rule and the server's own changes: what disappears from the server stays in
//! the store (listed, searchable, exportable byte for byte); what another client moves is
//! found again, once; a renumbered folder (UIDVALIDITY) loses and duplicates nothing.

mod support;

use std::collections::BTreeSet;

use support::check::{archived_total, assert_mirrors};
use support::cli::{assert_no_duplicate_ids, Cli, MessageView};
use support::probe::{Doveadm, ImapProbe};
use support::Operator;

const PLANNING: &str = "demo-planning-semaine@medimail.test";

fn synced_demo() -> (Operator, Cli, ImapProbe) {
    let op = Operator::start();
    op.seed();
    let cli = Cli::new();
    cli.add_account(&op, "physician");
    let first = cli.sync();
    assert!(first.fetched > 30);
    let probe = ImapProbe::connect(&op, "physician");
    (op, cli, probe)
}

fn ids(messages: &[MessageView]) -> BTreeSet<i64> {
    messages.iter().map(|m| m.id).collect()
}

// ---- 4. the archive rule --------------------------------------------------------------------

#[test]
fn a_message_expunged_on_the_server_stays_listed_searchable_and_exportable() {
    let (op, cli, mut probe) = synced_demo();
    let user = op.email("physician");
    let doveadm = Doveadm::new(&op);

    let server = probe.message("INBOX", PLANNING);
    let original = probe.raw("INBOX", server.uid);
    let local = cli.find("INBOX", PLANNING);
    let inbox_before = cli.list("inbox");
    assert_eq!(cli.raw(local.id), original, "stored byte for byte");

    // The operator's 90-day purge, straight in the mailbox.
    probe.unselect();
    doveadm.expunge_uid(&user, "INBOX", server.uid);
    assert!(probe.locate(PLANNING).is_empty(), "gone from the server");

    let report = cli.sync();
    assert_eq!(report.archived, 1, "the sync reports it under archived: {report:?}");
    assert_eq!(report.fetched, 0);
    assert_eq!(report.total as usize, cli.all_messages().len());

    // Still listed, in the folder where it was, marked.
    let inbox = cli.list("inbox");
    assert_eq!(ids(&inbox), ids(&inbox_before), "nothing left the INBOX list");
    let kept = cli.find("INBOX", PLANNING);
    assert_eq!(kept.id, local.id);
    assert!(!kept.on_server, "marked as no longer on the server");
    let archived = cli.list_with("inbox", &["--archived"]);
    assert_eq!(ids(&archived), BTreeSet::from([local.id]), "the --archived filter shows exactly it");
    let on_server = cli.list_with("inbox", &["--on-server"]);
    assert_eq!(on_server.len(), inbox.len() - 1);
    assert!(on_server.iter().all(|m| m.on_server && m.id != local.id));
    let folder = cli.folder("INBOX");
    assert_eq!((folder.total as usize, folder.archived), (inbox.len(), 1));

    // Searchable, without accents ("créneaux" in its body).
    for query in ["creneaux", "planning", "Garnier"] {
        let found: Vec<MessageView> = cli.typed(&["search", query]);
        let hit = found.iter().find(|m| m.id == local.id).unwrap_or_else(|| panic!("search {query:?} misses it: {found:?}"));
        assert!(!hit.on_server);
    }
    let only_archived: Vec<MessageView> = cli.typed(&["search", "creneaux", "--archived"]);
    assert_eq!(ids(&only_archived), BTreeSet::from([local.id]));
    let only_on_server: Vec<MessageView> = cli.typed(&["search", "creneaux", "--on-server"]);
    assert!(only_on_server.iter().all(|m| m.id != local.id));

    // Exportable and showable: the exact bytes fetched before the expunge.
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("planning.eml");
    let report = cli.act(&["export", "--format", "eml", "--out", file.to_str().unwrap(), &local.id.to_string()]);
    assert_eq!(report["messages"], 1);
    assert_eq!(std::fs::read(&file).unwrap(), original, "export --format eml writes the original bytes");
    assert_eq!(cli.raw(local.id), original, "show --raw gives the original bytes");
    let dir = out.path().join("inbox");
    let report = cli.act(&["export", "--format", "eml", "--out", dir.to_str().unwrap(), "--folder", "INBOX"]);
    assert_eq!(report["messages"].as_u64().unwrap() as usize, inbox.len());
    let exported: Vec<Vec<u8>> = std::fs::read_dir(&dir).unwrap().map(|e| std::fs::read(e.unwrap().path()).unwrap()).collect();
    assert_eq!(exported.len(), inbox.len());
    assert!(exported.contains(&original), "the folder export includes the archived message");
    let detail = cli.act(&["show", &local.id.to_string()]);
    assert!(detail["body_text"].as_str().unwrap().contains("créneaux"), "still readable");

    assert_mirrors(&cli, &mut probe, "after the expunge");
    // Not counted twice, and still there after another pass.
    let again = cli.sync();
    assert_eq!((again.archived, again.fetched), (0, 0));
    assert!(!cli.find("INBOX", PLANNING).on_server);
}

#[test]
fn a_folder_deleted_on_the_server_keeps_its_messages_here() {
    let (op, cli, mut probe) = synced_demo();
    let doveadm = Doveadm::new(&op);
    let before = cli.list("Laboratoire");
    assert_eq!(before.len(), 3);
    let server_raw: BTreeSet<Vec<u8>> = probe.messages("Laboratoire").iter().map(|m| probe.raw("Laboratoire", m.uid)).collect();
    let total_before = cli.sync().total;

    probe.unselect();
    doveadm.ok(&["mailbox", "delete", "-u", &op.email("physician"), "Laboratoire"]);
    assert!(!probe.exists("Laboratoire"));

    let report = cli.sync();
    assert_eq!(report.archived, 3, "{report:?}");
    assert_eq!(report.total, total_before, "nothing left the store");
    let folder = cli.folder("Laboratoire");
    assert!(!folder.on_server, "the folder is marked gone from the server");
    assert_eq!((folder.total, folder.archived), (3, 3));
    let kept = cli.list("Laboratoire");
    assert_eq!(ids(&kept), ids(&before));
    assert!(kept.iter().all(|m| !m.on_server));
    let kept_raw: BTreeSet<Vec<u8>> = kept.iter().map(|m| cli.raw(m.id)).collect();
    assert_eq!(kept_raw, server_raw, "the bytes are kept exactly");
    assert_mirrors(&cli, &mut probe, "after the server deleted a folder");

    let again = cli.sync();
    assert_eq!((again.archived, again.total), (0, total_before));
    assert_eq!(cli.list("Laboratoire").len(), 3);
}

// ---- 5. moved by another client -------------------------------------------------------------

#[test]
fn a_message_moved_by_another_client_appears_once_in_its_new_folder() {
    let (_op, cli, mut probe) = synced_demo();
    let total_before = cli.all_messages().len();
    let local = cli.find("INBOX", PLANNING);
    let uid = probe.message("INBOX", PLANNING).uid;

    // A webmail moves it.
    probe.move_uid("INBOX", uid, "Laboratoire");
    assert_eq!(probe.locate(PLANNING).iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["Laboratoire"]);

    let report = cli.sync();
    assert_eq!(report.fetched, 0, "found again, not downloaded as new: {report:?}");
    assert_eq!(report.archived, 0, "a move is not reported as a deletion: {report:?}");
    let moved = cli.find("Laboratoire", PLANNING);
    assert_eq!(moved.id, local.id, "the same message, not a copy");
    assert!(moved.on_server);
    assert!(cli.list("inbox").iter().all(|m| m.message_id.as_deref() != Some(PLANNING)), "no longer in the INBOX");
    let everything = cli.all_messages();
    assert_eq!(everything.len(), total_before, "no duplicate, nothing lost");
    assert_eq!(everything.iter().filter(|m| m.message_id.as_deref() == Some(PLANNING)).count(), 1);
    assert_eq!(archived_total(&cli), 0, "no archived copy left behind");
    assert_mirrors(&cli, &mut probe, "after a move by another client");

    // And back, with a copy-then-expunge client (no MOVE).
    let uid = probe.message("Laboratoire", PLANNING).uid;
    probe.select("Laboratoire");
    probe.copy_uid("Laboratoire", uid, "INBOX");
    probe.expunge("Laboratoire", uid);
    let report = cli.sync();
    assert_eq!((report.fetched, report.archived), (0, 0), "{report:?}");
    assert_eq!(cli.find("INBOX", PLANNING).id, local.id);
    assert_eq!(cli.all_messages().len(), total_before);
    assert_mirrors(&cli, &mut probe, "after a copy+expunge by another client");
}

// ---- 6. UIDVALIDITY change ------------------------------------------------------------------

#[test]
fn a_renumbered_folder_loses_and_duplicates_nothing() {
    let (op, cli, mut probe) = synced_demo();
    let user = op.email("physician");
    let doveadm = Doveadm::new(&op);
    let before = cli.list("inbox");
    let raw_before: Vec<(i64, Vec<u8>)> = before.iter().map(|m| (m.id, cli.raw(m.id))).collect();
    let total_before = cli.sync().total;

    probe.unselect();
    let old = doveadm.uidvalidity(&user, "INBOX");
    let new = old.wrapping_add(1000);
    doveadm.ok(&["mailbox", "update", "-u", &user, "--uid-validity", &new.to_string(), "INBOX"]);
    assert_eq!(probe.uidvalidity("INBOX"), new, "the server renumbered the INBOX");

    let report = cli.sync();
    assert_eq!((report.fetched, report.archived), (0, 0), "matched again, not new and not archived: {report:?}");
    assert_eq!(report.total, total_before);
    let after = cli.list("inbox");
    assert_eq!(ids(&after), ids(&before), "the same messages under the same local ids");
    assert!(after.iter().all(|m| m.on_server));
    assert_no_duplicate_ids(&after, "after UIDVALIDITY change");
    for (id, raw) in &raw_before {
        assert_eq!(&cli.raw(*id), raw);
    }
    assert_mirrors(&cli, &mut probe, "after UIDVALIDITY change");

    // The new numbering is the one the store now uses: local changes reach the right message.
    let unread = after.iter().find(|m| !m.seen).expect("an unread message");
    let mid = unread.message_id.clone().unwrap();
    cli.act(&["mark", &unread.id.to_string(), "--read"]);
    let report = cli.sync();
    assert_eq!(report.applied, 1);
    assert!(probe.message("INBOX", &mid).has("\\Seen"), "the change reached the renumbered message");
    let seen_on_server = probe.messages("INBOX").iter().filter(|m| m.has("\\Seen")).count();
    assert_eq!(seen_on_server, cli.list("inbox").iter().filter(|m| m.seen).count());
    assert_eq!(archived_total(&cli), 0);
}
