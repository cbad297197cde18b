//! What differs between IMAP servers, against the three of the test operator: Dovecot 2.3
//! (every extension), Courier-IMAP 5.0 (personal namespace "INBOX." with ".", no CONDSTORE,
//! QRESYNC, MOVE, SPECIAL-USE or UNSELECT) and Cyrus IMAP 3.6; and the listeners of the same
//! stores with extensions switched off (`courier_plain`: no UIDPLUS; `cyrus_plain`: no MOVE,
//! UIDPLUS, CONDSTORE, QRESYNC). Each scenario runs on each server, and each checks the
//! server side with another client (the probe) in the server's own folder names.

mod support;

use std::net::{IpAddr, SocketAddr};

use support::check::assert_mirrors_named;
use support::cli::{assert_no_duplicate_ids, Cli, MessageView};
use support::probe::ImapProbe;
use support::proxy::{tls_records, CuttingProxy};
use support::{ImapServer, Operator};

/// One operator with every server; the account on `server`.
struct Bed {
    op: Operator,
    server: ImapServer,
    cli: Cli,
    probe: ImapProbe,
    has_move: bool,
}

impl Bed {
    fn new(server: &str) -> Bed {
        let op = Operator::start_with(&["courier", "cyrus"]);
        let cli = Cli::new();
        cli.add_account_to(&op, "physician", server);
        let probe = ImapProbe::connect_to(&op, server, "physician");
        let server = op.server(server).clone();
        let has_move = server.has("MOVE");
        Bed { op, server, cli, probe, has_move }
    }

    /// A message appended to `path` ("INBOX", "Laboratoire", "Patients/Suivi") by another client.
    fn put(&mut self, path: &str, id: &str) {
        let name = self.server.folder(path);
        self.probe.append(&name, &letter(id));
    }

    fn create_on_server(&mut self, path: &str) {
        let name = self.server.folder(path);
        self.probe.create(&name);
    }

    /// The store's messages of `path`, by Message-ID.
    fn listed(&self, path: &str) -> Vec<MessageView> {
        self.cli.peek_list(path)
    }

    fn local(&self, path: &str, id: &str) -> MessageView {
        self.listed(path)
            .into_iter()
            .find(|m| m.message_id.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("{id} not listed in {path:?}"))
    }

    fn id_of(&self, path: &str, id: &str) -> String {
        self.local(path, id).id.to_string()
    }

    /// Message-IDs the server holds in `path`.
    fn on_server(&mut self, path: &str) -> Vec<String> {
        let name = self.server.folder(path);
        let mut ids: Vec<String> = self.probe.messages(&name).into_iter().filter_map(|m| m.message_id).collect();
        ids.sort();
        ids
    }

    fn assert_mirrors(&mut self, context: &str) {
        let server = self.server.clone();
        assert_mirrors_named(&self.cli, &mut self.probe, &|name| server.path_of(name), context);
    }
}

fn letter(id: &str) -> Vec<u8> {
    format!(
        "From: Dr Sophie Martin <sophie.martin@chu-toulouse.mssante.test>\r\n\
         To: Dr Jean Dupont <jean.dupont@medimail.test>\r\n\
         Subject: Courrier {id}\r\n\
         Date: Mon, 3 Nov 2025 10:00:00 +0100\r\n\
         Message-ID: <{id}>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         Bonjour,\r\nCompte rendu de consultation ({id}).\r\n"
    )
    .into_bytes()
}

fn ids(messages: &[MessageView]) -> Vec<String> {
    let mut out: Vec<String> = messages.iter().filter_map(|m| m.message_id.clone()).collect();
    out.sort();
    out
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    out.sort();
    out
}

/// One test per server for a scenario.
macro_rules! on_each_server {
    ($scenario:ident: $($server:ident),+) => {
        mod $scenario {
            $(
                #[test]
                fn $server() {
                    super::$scenario(stringify!($server));
                }
            )+
        }
    };
}

// ---- the first sync and another client's changes ----------------------------------------

on_each_server!(first_sync_and_another_clients_changes: dovecot, courier, cyrus, cyrus_plain);

fn first_sync_and_another_clients_changes(server: &str) {
    let mut bed = Bed::new(server);
    bed.create_on_server("Laboratoire");
    bed.create_on_server("Patients");
    bed.create_on_server("Patients/Suivi diabète");
    for id in ["a@t", "b@t", "c@t"] {
        bed.put("INBOX", id);
    }
    bed.put("Laboratoire", "lab@t");
    bed.put("Patients/Suivi diabète", "suivi@t");

    let report = bed.cli.sync();
    assert_eq!(report.fetched, 5, "{server}: {report:?}");
    // The app shows paths, never the server's namespace or delimiter.
    let folders = bed.cli.folder_map();
    for path in ["INBOX", "Laboratoire", "Patients/Suivi diabète"] {
        assert!(folders.get(path).is_some_and(|f| f.on_server), "{server}: {path:?} listed: {:?}", folders.keys());
    }
    assert!(folders.keys().all(|name| !name.starts_with("INBOX.")), "{server}: {:?}", folders.keys());
    let a = bed.local("INBOX", "a@t");
    let (folder, uid) = bed.probe.locate("a@t").remove(0);
    assert_eq!(bed.cli.raw(a.id), bed.probe.raw(&folder, uid), "{server}: the bytes as the server has them");

    // Another client reads one, deletes one and files one in Laboratoire; a new one comes.
    let inbox = bed.server.folder("INBOX");
    let lab = bed.server.folder("Laboratoire");
    let uid_of = |bed: &mut Bed, id: &str| bed.probe.message(&inbox, id).uid;
    let a_uid = uid_of(&mut bed, "a@t");
    bed.probe.store(&inbox, a_uid, "+FLAGS (\\Seen \\Flagged)");
    let b_uid = uid_of(&mut bed, "b@t");
    bed.probe.expunge(&inbox, b_uid);
    let c_uid = uid_of(&mut bed, "c@t");
    let has_move = bed.has_move;
    bed.probe.relocate(&inbox, c_uid, &lab, has_move);
    bed.put("INBOX", "d@t");

    let report = bed.cli.sync();
    // The moved one is matched by its bytes, not stored again.
    assert_eq!(report.fetched, 1, "{server}: {report:?}");
    let a = bed.local("INBOX", "a@t");
    assert!(a.seen && a.flagged, "{server}: {a:?}");
    assert!(!bed.local("INBOX", "b@t").on_server, "{server}: kept, as archived");
    assert_eq!(ids(&bed.listed("Laboratoire")), sorted(&["c@t", "lab@t"]), "{server}");
    assert!(bed.listed("INBOX").iter().all(|m| m.message_id.as_deref() != Some("c@t")), "{server}: moved, not copied");
    bed.local("INBOX", "d@t");
    assert_no_duplicate_ids(&bed.cli.all_messages(), server);
    bed.assert_mirrors(server);
    assert_eq!(bed.cli.sync().fetched, 0, "{server}: nothing new");
}

// ---- moves, deletion, restore, purge from the app -----------------------------------------

on_each_server!(move_delete_restore_purge: dovecot, courier, courier_plain, cyrus, cyrus_plain);

fn move_delete_restore_purge(server: &str) {
    let mut bed = Bed::new(server);
    bed.create_on_server("Laboratoire");
    for id in ["a@t", "b@t", "c@t", "d@t"] {
        bed.put("INBOX", id);
    }
    bed.cli.sync();

    bed.cli.act(&["move", &bed.id_of("INBOX", "a@t"), "--to", "Laboratoire"]);
    // Courier has no trash of its own: the app makes one, under the namespace.
    bed.cli.act(&["delete", &bed.id_of("INBOX", "b@t")]);
    bed.cli.act(&["purge", &bed.id_of("INBOX", "c@t")]);
    let report = bed.cli.sync();
    assert!(report.refused().is_empty(), "{server}: {report:?}");
    assert_eq!(bed.on_server("INBOX"), sorted(&["d@t"]), "{server}");
    assert_eq!(bed.on_server("Laboratoire"), sorted(&["a@t"]), "{server}");
    let trash = bed.cli.folders().into_iter().find(|f| f.role.as_deref() == Some("trash")).expect("a trash");
    assert_eq!(bed.on_server(&trash.name), sorted(&["b@t"]), "{server}: in {:?}", trash.name);
    if server.starts_with("courier") {
        assert_eq!(trash.name, "Trash", "{server}");
        assert!(bed.probe.exists("INBOX.Trash"), "{server}: made inside the personal namespace");
    }
    assert!(bed.probe.locate("c@t").is_empty(), "{server}: purged from the server");

    bed.cli.act(&["restore", &bed.id_of(&trash.name, "b@t")]);
    bed.cli.sync();
    assert_eq!(bed.on_server("INBOX"), sorted(&["b@t", "d@t"]), "{server}");
    assert!(bed.on_server(&trash.name).is_empty(), "{server}");
    bed.assert_mirrors(server);
}

// ---- another client's \Deleted marks survive our expunges ---------------------------------

on_each_server!(marks_of_other_clients_survive: dovecot, courier_plain, cyrus_plain);

/// Without UIDPLUS a bare EXPUNGE removes every message marked \Deleted: a message a
/// secretary only marked on a shared mailbox must still be there after our move and purge.
fn marks_of_other_clients_survive(server: &str) {
    let mut bed = Bed::new(server);
    bed.create_on_server("Laboratoire");
    for id in ["mine@t", "purged@t", "marked@t"] {
        bed.put("INBOX", id);
    }
    bed.cli.sync();
    let inbox = bed.server.folder("INBOX");
    let marked = bed.probe.message(&inbox, "marked@t").uid;
    bed.probe.store(&inbox, marked, "+FLAGS (\\Deleted)");

    bed.cli.act(&["move", &bed.id_of("INBOX", "mine@t"), "--to", "Laboratoire"]);
    bed.cli.act(&["purge", &bed.id_of("INBOX", "purged@t")]);
    bed.cli.sync();

    assert_eq!(bed.on_server("Laboratoire"), sorted(&["mine@t"]), "{server}");
    let left = bed.probe.messages(&inbox);
    assert_eq!(left.len(), 1, "{server}: {left:?}");
    assert_eq!(left[0].message_id.as_deref(), Some("marked@t"), "{server}");
    assert!(left[0].has("\\Deleted"), "{server}: still marked, as the other client left it");
}

// ---- folders: create, rename, delete, here and by another client --------------------------

on_each_server!(folders_here_and_elsewhere: dovecot, courier, cyrus);

fn folders_here_and_elsewhere(server: &str) {
    let mut bed = Bed::new(server);
    bed.create_on_server("Laboratoire");
    bed.put("Laboratoire", "lab@t");
    bed.cli.sync();

    let created = bed.cli.act(&["folder", "create", "Courriers MDPH"]);
    assert_eq!(created["name"], "Courriers MDPH", "{server}: {created}");
    bed.cli.act(&["folder", "create", "Patients"]);
    bed.cli.act(&["folder", "create", "Patients/Suivi diabète"]);
    let report = bed.cli.sync();
    assert!(report.refused().is_empty(), "{server}: {report:?}");
    for path in ["Courriers MDPH", "Patients/Suivi diabète"] {
        let name = bed.server.folder(path);
        assert!(bed.probe.exists(&name), "{server}: {name:?} on the server");
        assert!(bed.cli.folder(path).on_server, "{server}: {path:?}");
    }

    bed.cli.act(&["folder", "rename", "Courriers MDPH", "MDPH"]);
    bed.cli.sync();
    assert!(bed.probe.exists(&bed.server.folder("MDPH")), "{server}");
    assert!(!bed.probe.exists(&bed.server.folder("Courriers MDPH")), "{server}");

    bed.cli.act(&["folder", "delete", "MDPH"]);
    bed.cli.sync();
    assert!(!bed.probe.exists(&bed.server.folder("MDPH")), "{server}");

    // Another client renames a folder: the old name leaves the list, its messages follow.
    let (from, to) = (bed.server.folder("Laboratoire"), bed.server.folder("Résultats labo"));
    bed.probe.rename(&from, &to);
    let report = bed.cli.sync();
    assert_eq!(report.archived, 0, "{server}: {report:?}");
    let folders = bed.cli.folder_map();
    assert!(!folders.contains_key("Laboratoire"), "{server}: {:?}", folders.keys());
    assert_eq!(ids(&bed.listed("Résultats labo")), sorted(&["lab@t"]), "{server}");
    assert_no_duplicate_ids(&bed.cli.all_messages(), server);
    bed.assert_mirrors(server);
}

// ---- a change the server refuses is said and undone ---------------------------------------

on_each_server!(refused_move_is_said_and_undone: dovecot, courier, cyrus);

/// Two messages moved to a folder that another client deletes before the move reaches the
/// server: the server keeps them in INBOX, and so must the app, saying why.
fn refused_move_is_said_and_undone(server: &str) {
    let mut bed = Bed::new(server);
    bed.create_on_server("Provisoire");
    for id in ["a@t", "b@t", "c@t"] {
        bed.put("INBOX", id);
    }
    bed.cli.sync();
    let moved = [bed.id_of("INBOX", "a@t"), bed.id_of("INBOX", "b@t")];
    bed.cli.act(&["move", &moved[0], &moved[1], "--to", "Provisoire"]);
    let name = bed.server.folder("Provisoire");
    bed.probe.delete(&name);

    let out = bed.cli.human_output("fr", &["sync"]);
    assert_eq!(out.status.code(), Some(3), "{server}: {}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Le serveur a refusé de déplacer 2 messages vers « Provisoire »")
            && said.contains("de nouveau dans la boîte de réception"),
        "{server}: {said}"
    );
    let inbox = bed.listed("INBOX");
    assert_eq!(ids(&inbox), sorted(&["a@t", "b@t", "c@t"]), "{server}");
    assert!(inbox.iter().all(|m| m.on_server), "{server}: none archived: {inbox:?}");
    assert!(!bed.cli.folder_map().contains_key("Provisoire"), "{server}: the empty folder leaves the list");

    // Said once: the next pass has nothing to undo, and the store still mirrors the server.
    let report = bed.cli.sync();
    assert!(report.refused().is_empty() && report.fetched == 0, "{server}: {report:?}");
    assert_eq!(bed.on_server("INBOX"), sorted(&["a@t", "b@t", "c@t"]), "{server}");
    bed.assert_mirrors(server);
}

// ---- renumbering (UIDVALIDITY) ------------------------------------------------------------

on_each_server!(renumbered_folder_keeps_each_message_once: dovecot, courier, cyrus);

/// Another client deletes a folder and makes it again with the same messages: a new
/// UIDVALIDITY. Every message is matched by content and kept once.
fn renumbered_folder_keeps_each_message_once(server: &str) {
    let mut bed = Bed::new(server);
    bed.create_on_server("Dossier");
    for id in ["a@t", "b@t", "c@t"] {
        bed.put("Dossier", id);
    }
    bed.cli.sync();
    let name = bed.server.folder("Dossier");
    let before = bed.probe.uidvalidity(&name);
    bed.probe.delete(&name);
    // Some servers number from the clock in seconds: a new second, a new number.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    bed.create_on_server("Dossier");
    for id in ["a@t", "b@t", "c@t"] {
        bed.put("Dossier", id);
    }
    assert_ne!(bed.probe.uidvalidity(&name), before, "{server}: the folder was renumbered");

    let report = bed.cli.sync();
    assert_eq!(report.archived, 0, "{server}: {report:?}");
    let listed = bed.listed("Dossier");
    assert_eq!(ids(&listed), sorted(&["a@t", "b@t", "c@t"]), "{server}");
    assert!(listed.iter().all(|m| m.on_server), "{server}");
    assert_no_duplicate_ids(&bed.cli.all_messages(), server);
    bed.assert_mirrors(server);
}

// ---- a sync killed mid-download ----------------------------------------------------------

on_each_server!(killed_sync_loses_nothing: dovecot, courier, cyrus);

fn killed_sync_loses_nothing(server: &str) {
    let mut bed = Bed::new(server);
    let email = bed.op.account("physician").email.clone();
    // The plain listeners share their store with the full one.
    bed.op.seed_bulk(&email, "INBOX", 1500, server.trim_end_matches("_plain"));
    let mut child = bed.cli.spawn(&["sync"]);
    // Killed once the first messages are in the store, well before the end.
    support::eventually("the sync stores its first messages", std::time::Duration::from_secs(60), || {
        bed.cli.peek_folders().iter().any(|f| f.total > 0) || child.try_wait().ok().flatten().is_some()
    });
    let _ = child.kill();
    let _ = child.wait();
    let report = bed.cli.sync();
    assert!(report.refused().is_empty(), "{server}");
    assert_eq!(bed.listed("INBOX").len(), 1500, "{server}");
    assert_no_duplicate_ids(&bed.cli.all_messages(), server);
    bed.assert_mirrors(server);
}

// ---- a trash or Sent folder found by its usual name ---------------------------------------

#[test]
fn courier_folders_found_by_their_usual_names() {
    let mut bed = Bed::new("courier");
    bed.create_on_server("Corbeille");
    bed.create_on_server("Éléments envoyés");
    bed.put("INBOX", "a@t");
    bed.cli.sync();
    let folders = bed.cli.folder_map();
    assert_eq!(folders["Corbeille"].role.as_deref(), Some("trash"), "{:?}", folders.keys());
    assert_eq!(folders["Éléments envoyés"].role.as_deref(), Some("sent"));
    bed.cli.act(&["delete", &bed.id_of("INBOX", "a@t")]);
    bed.cli.sync();
    assert_eq!(bed.on_server("Corbeille"), sorted(&["a@t"]));
    assert!(!bed.probe.exists("INBOX.Trash"), "no second trash");
}

// ---- each command leaves as one piece ----------------------------------------------------

on_each_server!(commands_leave_whole: dovecot, courier, cyrus);

/// A command written in pieces leaves as several TLS records (the tag, a space, the text,
/// the line end), and with Nagle's algorithm each later piece waits for the server's
/// delayed ACK: 40 ms per command. Every record the client sends, but the last of each
/// connection (the TLS close), carries at least a whole command.
fn commands_leave_whole(server: &str) {
    let op = Operator::start_with(&["courier", "cyrus"]);
    let target = op.server(server).clone();
    let address: IpAddr = target.host.parse().unwrap();
    let proxy = CuttingProxy::start(SocketAddr::new(address, target.imaps));
    let cli = Cli::new();
    cli.add_account_via(&op, "physician", proxy.port);
    let mut probe = ImapProbe::connect_to(&op, server, "physician");
    probe.create(&target.folder("Laboratoire"));
    for n in 0..3 {
        probe.append("INBOX", &letter(&format!("m{n}@t")));
    }
    cli.sync();
    let first = cli.list("INBOX")[0].id.to_string();
    cli.act(&["mark", &first, "--read"]);
    cli.act(&["move", &first, "--to", "Laboratoire"]);
    cli.sync();
    cli.sync();
    drop(cli);
    let sent = proxy.sent_by_clients();
    assert!(sent.len() >= 3, "{server}: {} connections", sent.len());
    for (n, bytes) in sent.iter().enumerate() {
        let records = tls_records(bytes);
        // A space or a line end alone is a record of 18 or 19 bytes in TLS 1.3, 25 or 26
        // in TLS 1.2; the smallest whole command, "A0001 NOOP\r\n", makes 29 or 36.
        let pieces: Vec<usize> = records[..records.len().saturating_sub(1)]
            .iter()
            .filter(|(kind, length)| *kind == 23 && *length <= 26)
            .map(|(_, length)| *length)
            .collect();
        assert!(pieces.is_empty(), "{server}: connection {n} sent pieces of commands: {pieces:?} among {records:?}");
    }
}

// ---- names inside Courier's namespace -----------------------------------------------------

#[test]
fn courier_folder_names_inside_the_namespace() {
    let op = Operator::start_with(&["courier"]);
    let cli = Cli::new();
    cli.add_account_to(&op, "physician", "courier");
    // Before any sync: adding the account read the namespace.
    cli.act(&["folder", "create", "Courriers MDPH"]);
    let failure = cli.fail(&["folder", "create", "Dr. Martin"]);
    assert_eq!(failure.code.as_deref(), Some("invalid_input"), "{failure:?}");
    assert!(failure.stderr.contains("folders-name-separator"), "{failure:?}");
    let said = cli.human_output("fr", &["folder", "create", "Dr. Martin"]);
    assert!(
        String::from_utf8_lossy(&said.stderr).contains("« . » sépare les niveaux de dossiers"),
        "{}",
        String::from_utf8_lossy(&said.stderr)
    );
    let report = cli.sync();
    assert!(report.refused().is_empty(), "{report:?}");
    let mut probe = ImapProbe::connect_to(&op, "courier", "physician");
    assert!(probe.exists("INBOX.Courriers MDPH"), "{:?}", probe.folders());
    assert!(cli.folder("Courriers MDPH").on_server);
}

/// Courier makes no standard folders: the first message sent files its copy in a Sent
/// folder the app makes, and the first draft in a Drafts folder, both in the namespace.
#[test]
fn courier_gets_sent_and_drafts_folders_when_needed() {
    let op = Operator::start_with(&["courier"]);
    let cli = Cli::new();
    cli.add_account_to(&op, "physician", "courier");
    cli.sync();
    let secretary = op.account("secretary").email.clone();
    let body = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(body.path(), "Bonjour,\nLe compte rendu suit.\n").unwrap();
    let body = body.path().to_str().unwrap().to_owned();
    cli.json(&["send", "--to", &secretary, "--subject", "Compte rendu", "--body-file", &body]);
    cli.json(&["draft", "save", "--to", &secretary, "--subject", "Brouillon de courrier"]);
    cli.sync();

    let mut probe = ImapProbe::connect_to(&op, "courier", "physician");
    let subjects = |probe: &mut ImapProbe, folder: &str| -> usize { probe.messages(folder).len() };
    assert_eq!(subjects(&mut probe, "INBOX.Sent"), 1, "{:?}", probe.folders());
    assert_eq!(subjects(&mut probe, "INBOX.Drafts"), 1, "{:?}", probe.folders());
    let folders = cli.folder_map();
    assert_eq!(folders["Sent"].role.as_deref(), Some("sent"), "{:?}", folders.keys());
    assert_eq!(folders["Drafts"].role.as_deref(), Some("drafts"));
    assert_eq!(cli.list("Sent").len(), 1);
    assert_eq!(cli.list("Drafts").len(), 1);
}

// ---- what the server keeps is listed, whatever its UID -------------------------------------

on_each_server!(a_purge_the_server_ignores_is_listed_again: dovecot, cyrus);

/// Without the right to delete (IMAP ACL), the server answers a purge with OK and keeps the
/// message. It must be listed again: a message the server holds under a UID below the
/// highest one known is fetched like a new one.
fn a_purge_the_server_ignores_is_listed_again(server: &str) {
    let mut bed = Bed::new(server);
    for id in ["a@t", "b@t"] {
        bed.put("INBOX", id);
    }
    bed.cli.sync();
    let me = bed.op.account("physician").login.clone();
    bed.probe
        .command(&format!("SETACL INBOX \"{me}\" lrswipkxa"))
        .unwrap_or_else(|e| panic!("{server}: SETACL: {e}"));
    bed.cli.act(&["purge", &bed.id_of("INBOX", "a@t")]);
    bed.cli.sync();
    assert_eq!(bed.on_server("INBOX"), sorted(&["a@t", "b@t"]), "{server}: the server kept it");
    assert_eq!(ids(&bed.listed("INBOX")), sorted(&["a@t", "b@t"]), "{server}: listed again");
    bed.assert_mirrors(server);
}

// ---- push (IDLE) --------------------------------------------------------------------------

on_each_server!(new_mail_is_pushed: dovecot, courier, cyrus);

/// The open window's watch (IDLE on the INBOX) brings another client's new message in by
/// itself, on each server.
fn new_mail_is_pushed(server: &str) {
    let mut bed = Bed::new(server);
    let email = bed.op.account("physician").email.clone();
    let watching = support::watch::Watching::start(&bed.cli, &email);
    support::eventually("the watch's first pass", std::time::Duration::from_secs(30), || watching.passes_done() >= 1);
    bed.put("INBOX", "pushed@t");
    support::eventually(&format!("{server}: the new message pushed into the store"), std::time::Duration::from_secs(30), || {
        bed.cli.peek_list("INBOX").iter().any(|m| m.message_id.as_deref() == Some("pushed@t"))
    });
    assert!(watching.error_codes().is_empty(), "{server}: {:?}", watching.error_codes());
}
