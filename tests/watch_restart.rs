//! A bug in a background sync (a panic) is reported and the account's watch starts again:
//! an account never stops syncing silently. The `watch_pass` failpoint panics in the first
//! pass; this file is its own test binary, so the setting reaches no other test.

mod support;

use std::time::Duration;

use medimail_engine::types::ListQuery;
use medimail_engine::ErrorCode;
use support::cli::Cli;
use support::probe::ImapProbe;
use support::watch::Watching;
use support::{eventually, Operator};

#[test]
fn a_panic_in_a_sync_pass_is_reported_and_the_watch_goes_on() {
    // Before any thread starts: the engine reads it when the pass reaches the failpoint.
    std::env::set_var("MEDIMAIL_FAILPOINT", "watch_pass");
    let op = Operator::start();
    let physician = op.account("physician");
    let cli = Cli::new();
    cli.add_account(&op, "physician");

    let watching = Watching::start(&cli, &physician.email);
    eventually("the fault reported", Duration::from_secs(30), || !watching.error_codes().is_empty());
    assert_eq!(watching.error_codes(), vec![ErrorCode::Internal]);

    // The watch started again: new mail still arrives by push alone.
    let subject = format!("Après la panne ({})", std::process::id());
    let mut probe = ImapProbe::connect(&op, "physician");
    probe.append(
        "INBOX",
        format!("From: a@b.test\r\nSubject: {subject}\r\nMessage-ID: <apres-{}@b.test>\r\n\r\nSuite.\r\n", std::process::id())
            .as_bytes(),
    );
    let arrived = || {
        watching
            .engine
            .list(&ListQuery { folder: Some("INBOX".into()), limit: 1000, ..ListQuery::default() })
            .expect("list the INBOX")
            .into_iter()
            .any(|m| m.subject == subject)
    };
    eventually("the new message pushed after the restart", Duration::from_secs(60), arrived);
    assert!(watching.is_running(), "the watch is still running");
    assert_eq!(watching.error_codes().len(), 1, "one fault, reported once");

    let finished = watching.stop(|| {
        probe.append("INBOX", b"From: a@b.test\r\nSubject: Fin\r\nMessage-ID: <fin-restart@b.test>\r\n\r\nFin.\r\n")
    });
    assert!(finished.is_ok(), "{finished:?}");
}
