//! The sync engine end to end, through the `medimail` binary as IT scripts use it, against a
//! private local operator: first sync of the demo mailbox, listing and sorting, encryption
//! at rest, and refusals of bad input.

mod support;

use std::cmp::Ordering;
use std::collections::BTreeSet;

use serde_json::Value;
use support::check::assert_mirrors;
use support::cli::{assert_no_duplicate_ids, profile_files, Cli, MessageView};
use support::probe::ImapProbe;
use support::Operator;

// ---- 1. first sync of the demo mailbox ------------------------------------------------------

#[test]
fn first_sync_mirrors_every_folder_of_the_demo_mailbox() {
    let op = Operator::start();
    op.seed();
    let cli = Cli::new();
    cli.add_account(&op, "physician");
    let mut probe = ImapProbe::connect(&op, "physician");
    let server_folders = probe.folders();
    let selectable: Vec<_> = server_folders.iter().filter(|f| f.selectable()).collect();
    let server_total: u64 = selectable.iter().map(|f| u64::from(probe.count(&f.name))).sum();
    assert!(server_total >= 30, "the demo seed should give the physician a real mailbox ({server_total})");

    let first = cli.sync();
    assert_eq!(first.fetched as u64, server_total, "first sync fetches every message once");
    assert_eq!(first.total, server_total);
    assert_eq!(first.folders as usize, selectable.len(), "every selectable folder is synced");
    assert_eq!(first.archived, 0);
    assert!(!first.waited);

    // Every server folder, with its messages, and the special uses recognised.
    let by_folder = assert_mirrors(&cli, &mut probe, "after the first sync");
    let folders = cli.folder_map();
    for server in &selectable {
        let local = &folders[&server.name];
        assert_eq!(local.role.as_deref(), server.role(), "role of {:?} (server attributes {:?})", server.name, server.attributes);
        let unread = probe.messages(&server.name).iter().filter(|m| !m.has("\\Seen")).count();
        assert_eq!(local.unread as usize, unread, "unread count of {:?}", server.name);
    }
    let roles: BTreeSet<&str> = folders.values().filter_map(|f| f.role.as_deref()).collect();
    assert_eq!(
        roles,
        ["archive", "drafts", "inbox", "junk", "sent", "trash"].into_iter().collect(),
        "each special-use folder is recognised once"
    );
    assert!(folders.contains_key("Patients/Suivi diabète"), "nested folders with accents are synced");
    for messages in by_folder.values() {
        assert_no_duplicate_ids(messages, "first sync");
    }

    // The list's fields, checked against the server message by message.
    let raw: Value = cli.json(&["list", "--folder", "inbox", "--limit", "1000"]);
    let items = raw.as_array().expect("list --json is an array");
    assert_eq!(items.len() as u32, probe.count("INBOX"));
    for item in items {
        for field in [
            "id", "message_id", "folder", "from", "to", "subject", "date", "seen", "flag_color", "has_attachments", "on_server",
        ] {
            assert!(item.get(field).is_some(), "list item lacks {field}: {item}");
        }
        assert_eq!(item["folder"], "INBOX");
        assert_eq!(item["on_server"], true);
    }
    let inbox = cli.list("inbox");
    let server_inbox = probe.messages("INBOX");
    for m in &inbox {
        let mid = m.message_id.as_deref().expect("every demo message has a Message-ID");
        let s = server_inbox
            .iter()
            .find(|s| s.message_id.as_deref() == Some(mid))
            .unwrap_or_else(|| panic!("{mid} is not in the server's INBOX"));
        assert_eq!(m.seen, s.has("\\Seen"), "seen of {mid}");
        assert_eq!(m.flagged, s.has("\\Flagged"), "flagged of {mid}");
        let expected_color = s.labels().first().map(|l| color_of_label(l));
        assert_eq!(m.flag_color.as_deref(), expected_color, "colour of {mid} (server flags {:?})", s.flags);
        assert!(m.date.is_some(), "{mid} has a date");
        assert!(!m.subject.is_empty(), "{mid} has a subject");
        assert!(m.from.is_some(), "{mid} has a sender");
    }
    let lefevre = inbox
        .iter()
        .find(|m| m.message_id.as_deref() == Some("demo-cr-cardio-lefevre@chu-toulouse.mssante.test"))
        .unwrap();
    assert!(lefevre.has_attachments && lefevre.flag_color.as_deref() == Some("red"));
    assert!(lefevre.subject.contains("LEFÈVRE"), "encoded words decoded: {:?}", lefevre.subject);

    check_sorting(&cli, &inbox);

    // Nothing changed: nothing fetched, nothing updated.
    let second = cli.sync();
    assert_eq!((second.fetched, second.updated, second.archived, second.applied), (0, 0, 0, 0));
    assert_eq!(second.total, server_total);

    // A folder another client creates appears at the next sync, with its message.
    let created = "Comptes rendus reçus";
    probe.create(created);
    probe.append(
        created,
        b"From: Dr Sophie Martin <sophie.martin@chu-toulouse.mssante.test>\r\nTo: jean.dupont@medimail.test\r\n\
          Subject: Compte rendu depuis le webmail\r\nMessage-ID: <webmail-folder-1@chu-toulouse.mssante.test>\r\n\
          Date: Mon, 2 Nov 2026 10:00:00 +0100\r\n\r\nCorps du compte rendu.\r\n",
    );
    let third = cli.sync();
    assert_eq!(third.fetched, 1);
    assert_eq!(third.folders, first.folders + 1);
    let folder = cli.folder(created);
    assert!(folder.on_server && folder.total == 1 && folder.role.is_none());
    assert_eq!(cli.list(created)[0].message_id.as_deref(), Some("webmail-folder-1@chu-toulouse.mssante.test"));
    assert_mirrors(&cli, &mut probe, "after a folder was created by another client");
}

fn color_of_label(label: &str) -> &'static str {
    match label {
        "$label1" => "red",
        "$label2" => "orange",
        "$label3" => "yellow",
        "$label4" => "green",
        "$label5" => "blue",
        other => panic!("unknown label {other}"),
    }
}

fn color_rank(color: Option<&str>) -> i32 {
    match color {
        Some("red") => 1,
        Some("orange") => 2,
        Some("yellow") => 3,
        Some("green") => 4,
        Some("blue") => 5,
        _ => 6,
    }
}

/// SQLite's NOCASE: ASCII letters folded, other bytes compared as they are.
fn nocase(s: Option<&str>) -> Option<Vec<u8>> {
    s.map(|s| s.bytes().map(|b| b.to_ascii_lowercase()).collect())
}

/// A comparable key for each sort the list offers.
#[derive(PartialEq, Eq, PartialOrd, Ord, Debug, Clone)]
enum Key {
    Date(Option<i64>),
    Text(Option<Vec<u8>>),
    Flag(bool, i32),
    Bool(bool),
}

fn key(sort: &str, m: &MessageView) -> Key {
    match sort {
        "date" => Key::Date(m.date),
        "from" => Key::Text(nocase(m.from_name.as_deref().or(m.from.as_deref()))),
        "subject" => Key::Text(nocase(Some(&m.subject))),
        // Flagged first, then red before orange… when descending.
        "flag" => Key::Flag(m.flagged, -color_rank(m.flag_color.as_deref())),
        "attachment" => Key::Bool(m.has_attachments),
        "read" => Key::Bool(m.seen),
        other => panic!("unknown sort {other}"),
    }
}

fn check_sorting(cli: &Cli, inbox: &[MessageView]) {
    let all_ids: BTreeSet<i64> = inbox.iter().map(|m| m.id).collect();
    // The demo INBOX is varied enough for every sort to mean something.
    assert!(inbox.iter().any(|m| m.flagged) && inbox.iter().any(|m| !m.flagged));
    assert!(inbox.iter().any(|m| m.has_attachments) && inbox.iter().any(|m| !m.has_attachments));
    assert!(inbox.iter().any(|m| m.seen) && inbox.iter().any(|m| !m.seen));
    let colors: BTreeSet<_> = inbox.iter().filter_map(|m| m.flag_color.clone()).collect();
    assert!(colors.len() >= 2, "at least two flag colours in the demo INBOX: {colors:?}");

    for sort in ["date", "from", "subject", "flag", "attachment", "read"] {
        for (direction, wanted) in [("--asc", Ordering::Less), ("--desc", Ordering::Greater)] {
            let listed = cli.list_with("inbox", &["--sort", sort, direction]);
            let ids: BTreeSet<i64> = listed.iter().map(|m| m.id).collect();
            assert_eq!(ids, all_ids, "--sort {sort} {direction} lists every INBOX message once");
            assert_eq!(listed.len(), inbox.len());
            for pair in listed.windows(2) {
                let (a, b) = (key(sort, &pair[0]), key(sort, &pair[1]));
                assert!(
                    a.cmp(&b) == wanted || a == b,
                    "--sort {sort} {direction}: {:?} ({a:?}) comes before {:?} ({b:?})",
                    pair[0].subject,
                    pair[1].subject
                );
            }
            let (first, last) = (key(sort, &listed[0]), key(sort, listed.last().unwrap()));
            assert_eq!(first.cmp(&last), wanted, "--sort {sort} {direction} actually orders");
        }
    }
    // Flag sort, descending: red flags first, unflagged last.
    let by_flag = cli.list_with("inbox", &["--sort", "flag", "--desc"]);
    assert_eq!(by_flag[0].flag_color.as_deref(), Some("red"));
    assert!(!by_flag.last().unwrap().flagged);
}

// ---- 11. encryption at rest -----------------------------------------------------------------

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn no_message_text_reaches_the_disk_in_clear() {
    let op = Operator::start();
    op.seed();
    let cli = Cli::new();
    cli.add_account(&op, "physician");

    // A private temp folder and the most verbose log: neither may hold message text.
    let scratch = tempfile::tempdir().unwrap();
    let out = cli
        .command(&["-vv", "sync"])
        .env("TMPDIR", scratch.path())
        .env("SQLITE_TMPDIR", scratch.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "sync failed: {}", String::from_utf8_lossy(&out.stderr));
    let log = out.stderr;

    // Keep a connection open (as the running app does) so the WAL stays on disk, then
    // write through the command line: the -wal and -shm files are there to be read.
    let engine = medimail_engine::Engine::open(medimail_engine::Profile::open(Some(&cli.profile)).unwrap()).unwrap();
    assert!(!engine.accounts().unwrap().is_empty());
    let inbox = cli.list("inbox");
    let ids: Vec<String> = inbox.iter().take(5).map(|m| m.id.to_string()).collect();
    let mut args = vec!["flag"];
    args.extend(ids.iter().map(String::as_str));
    args.extend(["--color", "green"]);
    cli.act(&args);

    // What would be in clear if the store were not encrypted: subjects, senders and
    // Message-IDs (stored as columns), and phrases of the bodies (indexed for search).
    let mut needles: Vec<String> = Vec::new();
    for folder in cli.folders() {
        for m in cli.list(&folder.name) {
            if m.subject.chars().count() >= 12 {
                needles.push(m.subject.clone());
            }
            needles.extend(m.message_id.clone());
            needles.extend(m.from.clone());
        }
    }
    needles.extend(
        [
            "pas de cardiopathie évolutive",
            "Veuillez trouver ci-joint le compte rendu",
            "douleurs thoraciques atypiques",
            "Mme Garnier a demandé un rendez-vous rapide",
        ]
        .map(str::to_owned),
    );
    needles.sort();
    needles.dedup();
    assert!(needles.len() >= 60, "enough known text to look for ({})", needles.len());

    // The needles are real: the server's own Maildir has them in clear.
    let maildir = op.env.dir.join("mail");
    let mut server_bytes = Vec::new();
    let mut stack = vec![maildir];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                server_bytes.extend(std::fs::read(&path).unwrap());
            }
        }
    }
    assert!(contains(&server_bytes, b"demo-cr-cardio-lefevre@chu-toulouse.mssante.test"));
    assert!(contains(&server_bytes, "pas de cardiopathie évolutive".as_bytes()));

    let files = profile_files(&cli.profile);
    let names: Vec<String> = files.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert!(names.iter().any(|n| n == "medimail.db"), "{names:?}");
    assert!(names.iter().any(|n| n == "medimail.db-wal"), "the WAL is on disk while the app runs: {names:?}");
    let mut scanned = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        scanned += bytes.len();
        assert!(!bytes.starts_with(b"SQLite format 3"), "{} is a clear SQLite file", path.display());
        for needle in &needles {
            assert!(!contains(&bytes, needle.as_bytes()), "{} holds {needle:?} in clear", path.display());
        }
    }
    assert!(scanned > 100_000, "the store holds the mailbox ({scanned} bytes)");
    // The log may name the account itself, never what its mail says or who wrote it.
    let own = op.email("physician");
    assert!(!log.is_empty(), "-vv logs something");
    for needle in needles.iter().filter(|n| **n != own) {
        assert!(!contains(&log, needle.as_bytes()), "the debug log holds {needle:?}");
    }
    for path in profile_files(scratch.path()) {
        let bytes = std::fs::read(&path).unwrap();
        for needle in &needles {
            assert!(!contains(&bytes, needle.as_bytes()), "temporary file {} holds {needle:?}", path.display());
        }
    }
    drop(engine);
}

// ---- 13. bad input --------------------------------------------------------------------------

/// The store key's copy in the session keyring (Linux) is only a cache: a copy that does
/// not open the store (left by an earlier store at the same path) gives way to the keyring,
/// and a new store always takes its key from the keyring itself.
#[test]
fn a_stale_copy_of_the_store_key_never_blocks_or_keys_a_store() {
    use medimail_engine::secrets;
    use medimail_engine::store::StoreKey;
    use medimail_engine::{Engine, Profile};
    let cli = Cli::new();
    let dir = cli.profile.clone();
    let open = || Engine::open(Profile::open(Some(&dir)).unwrap());

    assert!(open().unwrap().accounts().unwrap().is_empty());
    let key = secrets::store_key(&dir).unwrap();
    if let Some(cached) = secrets::cached_store_key(&dir) {
        assert_eq!(cached.0, key.0, "the copy is the keyring's key");
    }

    secrets::cache_store_key(&dir, &StoreKey([9; 32]));
    assert!(open().unwrap().accounts().unwrap().is_empty(), "a wrong copy falls back to the keyring");
    if let Some(cached) = secrets::cached_store_key(&dir) {
        assert_eq!(cached.0, key.0, "the wrong copy was replaced");
    }

    // A new store at the same path: a copy of another key must not be used to create it.
    std::fs::remove_dir_all(&dir).unwrap();
    secrets::cache_store_key(&dir, &StoreKey([9; 32]));
    assert!(open().unwrap().accounts().unwrap().is_empty());
    secrets::forget_cached_store_key(&dir);
    assert!(secrets::cached_store_key(&dir).is_none());
    assert!(open().unwrap().accounts().unwrap().is_empty(), "the new store opens with the keyring's key alone");
}

#[test]
fn bad_input_is_refused_with_the_right_error_code() {
    let op = Operator::start();
    let cli = Cli::new();

    let out = cli.add_account_with_password(&op, "physician", op.env.ports.imaps, "not-the-password");
    let failure = support::cli::failure_of(&out);
    assert!(!out.status.success(), "a wrong password is refused");
    assert_eq!(failure.code.as_deref(), Some("auth_failed"), "{}", failure.stderr);
    assert!(!failure.stderr.contains("not-the-password"), "the password is never echoed");
    let accounts: Vec<Value> = cli.typed(&["account", "list"]);
    assert!(accounts.is_empty(), "nothing saved after a refused login: {accounts:?}");

    cli.add_account(&op, "physician");
    let accounts: Vec<Value> = cli.typed(&["account", "list"]);
    assert_eq!(accounts.len(), 1);
    cli.sync();

    for (args, code) in [
        (vec!["list", "--folder", "nope"], "not_found"),
        (vec!["move", "999999", "--to", "inbox"], "not_found"),
        (vec!["show", "999999", "--raw"], "not_found"),
        (vec!["mark", "999999", "--read"], "not_found"),
        (vec!["folder", "rename", "nope", "autre"], "not_found"),
        (vec!["folder", "delete", "INBOX"], "invalid_input"),
        (vec!["folder", "create", "  "], "invalid_input"),
    ] {
        let failure = cli.fail(&args);
        assert_eq!(failure.exit, Some(1), "{args:?}: {}", failure.stderr);
        assert_eq!(failure.code.as_deref(), Some(code), "{args:?}: {}", failure.stderr);
    }

    // A value clap itself refuses: a usage error, before any engine code.
    let failure = cli.fail(&["flag", "1", "--color", "purple"]);
    assert_eq!(failure.exit, Some(2), "{}", failure.stderr);
    assert!(failure.stderr.contains("purple"), "{}", failure.stderr);
    let failure = cli.fail(&["list", "--folder", "inbox", "--sort", "size"]);
    assert_eq!(failure.exit, Some(2), "{}", failure.stderr);

    // None of that changed the store.
    assert_eq!(cli.sync().applied, 0);
}

/// `medimail info | head -0`: a reader gone before the answer ends the command quietly
/// (exit 0, no panic), as a Unix tool does. SIGPIPE stays ignored for the network's sake:
/// with its default action, a write to a socket the server had closed killed the command
/// without a word (`output::line`).
#[test]
fn a_closed_standard_output_ends_a_command_quietly() {
    let cli = Cli::new();
    for args in [&["info"][..], &["account", "list"][..]] {
        let mut child = cli.spawn(args);
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("medimail ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?} ends quietly, not on a signal or a panic: {:?}\n{stderr}", out.status);
        assert!(!stderr.contains("panic"), "{stderr}");
    }
    // A standard output that cannot be written (a full disk) is a failure said as such.
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let out = cli.command(&["info"]).stdout(full).output().expect("medimail ends");
    let failure = support::cli::failure_of(&out);
    assert_eq!((failure.exit, failure.code.as_deref()), (Some(1), Some("internal")), "{failure:?}");
    assert!(!failure.stderr.contains("panic"), "{failure:?}");
}
