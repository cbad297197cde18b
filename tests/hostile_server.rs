//! A small scripted IMAP server that says what a broken or hostile server may: folder names
//! that are not valid modified UTF-7 (`&A-`, `&&-`, an unfinished `&AOk`). Before, the
//! decoder panicked on them and took the sync down; now each such folder is listed with its
//! name as received, the valid names are decoded, and the sync ends normally.
//!
//! It also closes a connection cleanly (TLS close_notify) in the middle of an answer: the
//! sync fails as a cut line and records nothing from the short answer.

mod support;

use std::io::{BufRead, Write};
use std::net::TcpListener;
use std::process::Output;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use support::cli::Cli;
use support::scripted::{serve_tls, tls_config, TlsLines};
use support::Operator;

/// What the server lists: hostile names beside ordinary ones.
const LISTED: &[&str] = &["INBOX", "&A-", "&&-", "Dossier &AOk", "R&AOk-sultats", "Courriers &- lettres"];

/// An unsolicited METADATA whose value is not UTF-8: imap-proto unwraps its UTF-8, and so
/// panicked inside async-imap during whatever command it came with (found by fuzzing).
const METADATA_NOT_UTF8: &[u8] = b"* METADATA \"\" (/private/comment \"\xe5yJuIjoiUEMifQ\")\r\n";

/// What the server does beyond listing its folders.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trick {
    None,
    /// Every answer after the login comes with [`METADATA_NOT_UTF8`].
    HostileMetadata,
    /// In IDLE, says a message came, then never answers DONE (the connection stays open).
    SilentAfterDone,
}

/// INBOX's messages, UIDs 1 to `count` (the other folders are empty).
#[derive(Default)]
struct Inbox {
    count: AtomicU32,
    /// The next UID FETCH of the flags sends one message's line, then closes the connection
    /// cleanly (close_notify) instead of the rest and the tagged OK.
    close_mid_flags: AtomicBool,
}

impl Inbox {
    fn message(uid: u32) -> String {
        format!(
            "From: <secretariat@tests.local>\r\nTo: <physician@tests.local>\r\nSubject: Lettre {uid}\r\n\
             Message-ID: <cut-{uid}@tests.local>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\n\r\nBonjour {uid}\r\n"
        )
    }

    /// The UIDs of a set ("1:3,5", "4:*") that INBOX holds; "n:*" beyond the last is the
    /// last message, as RFC 9051 says.
    fn uids(&self, set: &str) -> Vec<u32> {
        let count = self.count.load(Ordering::SeqCst);
        let mut uids = Vec::new();
        for part in set.split(',') {
            let number = |s: &str| if s == "*" { count } else { s.parse().unwrap_or(0) };
            let (low, high) = match part.split_once(':') {
                Some((a, b)) => (number(a).min(number(b)), number(a).max(number(b)).min(count)),
                None => (number(part), number(part).min(count)),
            };
            uids.extend((low.max(1)..=high).filter(|_| count > 0));
        }
        uids
    }

    /// The untagged lines of a UID FETCH of these items.
    fn fetch_lines(&self, set: &str, items: &str) -> Vec<String> {
        self.uids(set)
            .into_iter()
            .map(|uid| {
                let body = Self::message(uid);
                if items.contains("BODY.PEEK[]") {
                    format!(
                        "* {uid} FETCH (UID {uid} FLAGS () INTERNALDATE \"01-Dec-2026 10:00:00 +0000\" BODY[] {{{}}}\r\n{body})\r\n",
                        body.len()
                    )
                } else if items.contains("RFC822.SIZE") {
                    format!("* {uid} FETCH (UID {uid} RFC822.SIZE {})\r\n", body.len())
                } else {
                    format!("* {uid} FETCH (UID {uid} FLAGS ())\r\n")
                }
            })
            .collect()
    }
}

/// The operator (its certificate and accounts), the scripted server in front of it serving
/// every connection on its own thread until the test ends, and a profile whose
/// `account add` against that server has run: its output.
fn scripted_account(trick: Trick, inbox: Arc<Inbox>) -> (Operator, Cli, Output) {
    let op = Operator::start();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    serve_tls(listener, tls_config(&op), move |reader| session(reader, trick, &inbox));
    let cli = Cli::new();
    let password = op.account("physician").password.clone();
    let added = cli.add_account_with_password(&op, "physician", port, &password);
    (op, cli, added)
}

fn assert_added(added: &Output) {
    assert!(added.status.success(), "account add:\n{}", String::from_utf8_lossy(&added.stderr));
}

fn session(reader: &mut TlsLines, trick: Trick, inbox: &Inbox) -> std::io::Result<()> {
    reader.get_mut().write_all(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] scripted server ready\r\n")?;
    reader.get_mut().flush()?;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut words = line.trim_end().splitn(3, ' ');
        let tag = words.next().unwrap_or("*").to_owned();
        let mut command = words.next().unwrap_or("").to_ascii_uppercase();
        let mut rest = words.next().unwrap_or("").to_owned();
        if command == "UID" {
            let mut inner = rest.splitn(2, ' ');
            command = format!("UID {}", inner.next().unwrap_or("").to_ascii_uppercase());
            rest = inner.next().unwrap_or("").to_owned();
        }
        let logged_in_before = !matches!(command.as_str(), "CAPABILITY" | "AUTHENTICATE" | "LOGIN" | "LOGOUT");
        let reply = match command.as_str() {
            "CAPABILITY" => format!("* CAPABILITY IMAP4rev1 AUTH=PLAIN IDLE\r\n{tag} OK done\r\n"),
            "AUTHENTICATE" => {
                reader.get_mut().write_all(b"+ \r\n")?;
                reader.get_mut().flush()?;
                line.clear();
                reader.read_line(&mut line)?;
                format!("{tag} OK [CAPABILITY IMAP4rev1 IDLE] logged in\r\n")
            }
            "LOGIN" => format!("{tag} OK [CAPABILITY IMAP4rev1 IDLE] logged in\r\n"),
            "LIST" => {
                let mut out = String::new();
                for name in LISTED {
                    out.push_str(&format!("* LIST () \"/\" \"{name}\"\r\n"));
                }
                out + &format!("{tag} OK LIST done\r\n")
            }
            "SELECT" | "EXAMINE" => {
                let count = if rest.trim_matches('"') == "INBOX" { inbox.count.load(Ordering::SeqCst) } else { 0 };
                format!(
                    "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)\r\n* {count} EXISTS\r\n* 0 RECENT\r\n\
                     * OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT {}] ok\r\n{tag} OK [READ-WRITE] selected\r\n",
                    count + 1
                )
            }
            "STATUS" => {
                let mailbox = rest.rsplit_once(" (").map(|(name, _)| name).unwrap_or(&rest).to_owned();
                let count = if mailbox.trim_matches('"') == "INBOX" { inbox.count.load(Ordering::SeqCst) } else { 0 };
                format!("* STATUS {mailbox} (MESSAGES {count} UIDNEXT {} UIDVALIDITY 7)\r\n{tag} OK done\r\n", count + 1)
            }
            "UID FETCH" => {
                let (set, items) = rest.split_once(' ').unwrap_or((&rest, ""));
                let lines = inbox.fetch_lines(set, items);
                let flags_only = !items.contains("BODY") && !items.contains("RFC822.SIZE");
                if flags_only && inbox.close_mid_flags.swap(false, Ordering::SeqCst) {
                    let stream = reader.get_mut();
                    stream.write_all(lines.first().map(String::as_bytes).unwrap_or_default())?;
                    stream.conn.send_close_notify();
                    stream.flush()?;
                    return Ok(());
                }
                lines.concat() + &format!("{tag} OK done\r\n")
            }
            "UID SEARCH" => {
                let all = inbox.uids("1:*").iter().map(|uid| format!(" {uid}")).collect::<String>();
                format!("* SEARCH{all}\r\n{tag} OK done\r\n")
            }
            "IDLE" => {
                reader.get_mut().write_all(b"+ idling\r\n")?;
                if trick == Trick::SilentAfterDone {
                    reader.get_mut().write_all(b"* 1 EXISTS\r\n")?;
                }
                reader.get_mut().flush()?;
                line.clear();
                reader.read_line(&mut line)?;
                if trick == Trick::SilentAfterDone {
                    // DONE read: no answer, ever, until the client hangs up.
                    while reader.read_line(&mut line)? > 0 {}
                    return Ok(());
                }
                format!("{tag} OK idle done\r\n")
            }
            "LOGOUT" => {
                reader.get_mut().write_all(format!("* BYE bye\r\n{tag} OK done\r\n").as_bytes())?;
                reader.get_mut().flush()?;
                return Ok(());
            }
            // NOOP, ENABLE, ID…: nothing to say.
            _ => format!("{tag} OK done\r\n"),
        };
        if trick == Trick::HostileMetadata && logged_in_before {
            reader.get_mut().write_all(METADATA_NOT_UTF8)?;
        }
        reader.get_mut().write_all(reply.as_bytes())?;
        reader.get_mut().flush()?;
    }
}

#[test]
fn folder_names_that_are_not_modified_utf7_are_listed_as_received_and_the_sync_goes_on() {
    let (op, cli, added) = scripted_account(Trick::None, Arc::default());
    assert_added(&added);

    let out = cli.output(&["sync"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panic"), "the sync panicked:\n{stderr}");
    assert!(out.status.success(), "the sync ends normally:\n{stderr}");

    let names: Vec<String> = cli.folders().into_iter().map(|f| f.name).collect();
    for expected in ["&A-", "&&-", "Dossier &AOk", "Résultats", "Courriers & lettres"] {
        assert!(names.iter().any(|n| n == expected), "{expected:?} is listed: {names:?}");
    }
    assert!(!Path::new(&op.env.dir).join("core").exists());
}

/// The METADATA that imap-proto cannot read, sent with every answer (issue 16), here during
/// the account's first check, outside any sync pass (whose own guard caught it before): the
/// app says the answer could not be used, adds nothing, and does not crash. Every other use
/// of a session goes through the same shield (`imap::shielded`, `Connection::guarded`).
#[test]
fn an_unreadable_metadata_answer_during_the_accounts_check_is_a_clear_failure() {
    let (_op, cli, added) = scripted_account(Trick::HostileMetadata, Arc::default());
    // The library's panic is caught: the process ends with the app's own error (exit 1),
    // not a panic's (101).
    let stderr = String::from_utf8_lossy(&added.stderr);
    assert_eq!(added.status.code(), Some(1), "a clear failure, not a crash:\n{stderr}");
    // The panic is reported by its place only: Rust's own report quotes the value the
    // library refused (here a part of the server's answer), and could quote a message.
    assert!(stderr.contains("internal fault (panic)"), "{stderr}");
    assert!(!stderr.contains("panicked at") && !stderr.contains("Utf8Error"), "no detail of the panic:\n{stderr}");
    let failure = support::cli::failure_of(&added);
    assert!(matches!(failure.code.as_deref(), Some("internal" | "server")), "{failure:?}");
    assert_eq!(cli.json(&["account", "list"]), serde_json::Value::Array(Vec::new()), "nothing half-added");
}

/// A server that goes silent after DONE (issue 16): the watch's IDLE ends on news, DONE is
/// sent, and no answer ever comes. The wait for that answer is bounded like any other read:
/// the watch says "timeout" and goes on, instead of hanging for good with the account no
/// longer synced. (The stall limit is shortened for the test: debug builds only.)
#[test]
fn a_server_silent_after_done_is_a_timeout_not_a_hang() {
    let (op, cli, added) = scripted_account(Trick::SilentAfterDone, Arc::default());
    assert_added(&added);

    std::env::set_var("MEDIMAIL_STALL_LIMIT_SECONDS", "3");
    let watching = support::watch::Watching::start(&cli, &op.account("physician").email);
    support::eventually("the silence after DONE said as a timeout", std::time::Duration::from_secs(30), || {
        watching.error_codes().contains(&medimail_engine::ErrorCode::Timeout)
    });
    assert!(watching.is_running(), "the watch goes on");
    watching.stop(|| {}).expect("the watch ends cleanly");
}

/// A server that closes the connection cleanly (TLS close_notify) in the middle of the
/// flags of INBOX (issue 16). async-imap took the short answer for the whole folder, and the
/// sync recorded the messages missing from it as gone from the server (archived), then
/// "completed" on a dead connection. Now the end of the line before the tagged answer is a
/// network failure: nothing is recorded from it, and the next sync completes.
#[test]
fn a_clean_close_in_the_middle_of_an_answer_is_a_cut_line_not_a_short_folder() {
    let inbox = Arc::new(Inbox::default());
    inbox.count.store(3, Ordering::SeqCst);
    let (_op, cli, added) = scripted_account(Trick::None, inbox.clone());
    assert_added(&added);
    cli.sync();
    let on_server = |cli: &Cli| cli.list("INBOX").iter().filter(|m| m.on_server).count();
    assert_eq!(on_server(&cli), 3, "the first sync stores the folder");

    // A fourth message makes the next check read the flags (no CONDSTORE here), and the
    // server closes the line after the first one.
    inbox.count.store(4, Ordering::SeqCst);
    inbox.close_mid_flags.store(true, Ordering::SeqCst);
    let failure = cli.fail(&["sync"]);
    assert_eq!(failure.code.as_deref(), Some("network"), "a cut line: {failure:?}");
    let inbox_now = cli.list("INBOX");
    assert_eq!(inbox_now.len(), 3, "nothing fetched from the dead line");
    assert!(inbox_now.iter().all(|m| m.on_server), "no message taken as gone from the server: {inbox_now:?}");

    let summary = cli.sync();
    assert_eq!(summary.archived, 0, "nothing archived");
    let messages = cli.list("INBOX");
    assert_eq!(messages.len(), 4, "the next sync completes: {messages:?}");
    assert!(messages.iter().all(|m| m.on_server));
    support::cli::assert_no_duplicate_ids(&messages, "after the cut");
}
