//! A small scripted IMAP server that says what a broken or hostile server may: folder names
//! that are not valid modified UTF-7 (`&A-`, `&&-`, an unfinished `&AOk`). Before, the
//! decoder panicked on them and took the sync down; now each such folder is listed with its
//! name as received, the valid names are decoded, and the sync ends normally.

mod support;

use std::io::{BufRead, Write};
use std::net::TcpListener;
use std::path::Path;
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

/// Serves every connection (the app opens several) on its own thread, until the test ends.
fn serve(listener: TcpListener, config: Arc<rustls::ServerConfig>, trick: Trick) {
    serve_tls(listener, config, move |reader| session(reader, trick));
}

fn session(reader: &mut TlsLines, trick: Trick) -> std::io::Result<()> {
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
            "SELECT" | "EXAMINE" => format!(
                "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)\r\n* 0 EXISTS\r\n* 0 RECENT\r\n\
                 * OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 1] ok\r\n{tag} OK [READ-WRITE] selected\r\n"
            ),
            "STATUS" => {
                let mailbox = rest.rsplit_once(" (").map(|(name, _)| name).unwrap_or(&rest).to_owned();
                format!("* STATUS {mailbox} (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 7)\r\n{tag} OK done\r\n")
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
            // NOOP, UID FETCH and SEARCH of an empty mailbox, ENABLE, ID…: nothing to say.
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
    let op = Operator::start();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    serve(listener, tls_config(&op), Trick::None);

    let cli = Cli::new();
    let password = op.account("physician").password.clone();
    let added = cli.add_account_with_password(&op, "physician", port, &password);
    assert!(added.status.success(), "account add:\n{}", String::from_utf8_lossy(&added.stderr));

    let out = cli.output(&["sync"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "the sync panicked:\n{stderr}");
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
    let op = Operator::start();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    serve(listener, tls_config(&op), Trick::HostileMetadata);

    let cli = Cli::new();
    let password = op.account("physician").password.clone();
    let added = cli.add_account_with_password(&op, "physician", port, &password);
    // The library's panic is printed by Rust's hook as it happens, then caught: the process
    // ends with the app's own error (exit 1), not a panic's (101).
    assert_eq!(added.status.code(), Some(1), "a clear failure, not a crash:\n{}", String::from_utf8_lossy(&added.stderr));
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
    let op = Operator::start();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    serve(listener, tls_config(&op), Trick::SilentAfterDone);
    let cli = Cli::new();
    let password = op.account("physician").password.clone();
    let added = cli.add_account_with_password(&op, "physician", port, &password);
    assert!(added.status.success(), "account add:\n{}", String::from_utf8_lossy(&added.stderr));

    std::env::set_var("MEDIMAIL_STALL_LIMIT_SECONDS", "3");
    let watching = support::watch::Watching::start(&cli, &op.account("physician").email);
    support::eventually("the silence after DONE said as a timeout", std::time::Duration::from_secs(30), || {
        watching.error_codes().contains(&medimail_engine::ErrorCode::Timeout)
    });
    assert!(watching.is_running(), "the watch goes on");
    watching.stop(|| {}).expect("the watch ends cleanly");
}
