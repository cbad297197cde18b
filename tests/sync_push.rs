//! Push: the engine's watch (IDLE on the INBOX) brings new mail into the store by itself,
//! reports progress a UI can draw, and stops when asked.

mod support;

use std::time::Duration;

use medimail_engine::api::Engine;
use medimail_engine::server::{Security, ServerAddress};
use medimail_engine::smtp;
use medimail_engine::sync::{SyncPhase, SyncProgress};
use medimail_engine::types::ListQuery;
use support::cli::Cli;
use support::probe::{operator_login, operator_tls, ImapProbe};
use support::watch::Watching;
use support::{eventually, Operator};

fn inbox_subjects(engine: &Engine) -> Vec<String> {
    engine
        .list(&ListQuery { folder: Some("INBOX".into()), limit: 1000, ..ListQuery::default() })
        .expect("list the INBOX")
        .into_iter()
        .map(|m| m.subject)
        .collect()
}

#[test]
fn idle_brings_new_mail_into_the_store_without_calling_sync() {
    let op = Operator::start();
    let physician = op.account("physician");
    let cli = Cli::new();
    cli.add_account(&op, "physician");

    let watching = Watching::start(&cli, &physician.email);
    let engine = watching.engine.clone();
    eventually("the watch's first pass", Duration::from_secs(30), || watching.passes_done() >= 1);

    // Mail sent by a colleague over SMTP submission lands in the store by push alone.
    let submission = ServerAddress::new(op.env.host.clone(), op.env.ports.submission, Security::StartTls).unwrap();
    let send = |subject: &str| {
        let message = lettre::Message::builder()
            .from(op.account("secretary").email.parse().unwrap())
            .to(physician.email.parse().unwrap())
            .subject(subject)
            .body("Bonjour Docteur,\n\nLe patient de 14 h a annulé.\n".to_owned())
            .unwrap();
        watching.block_on(smtp::submit(&submission, &operator_tls(&op), &operator_login(&op, "secretary"), message))
            .expect("SMTP submission");
    };
    let first = format!("Annulation de rendez-vous ({})", std::process::id());
    send(&first);
    eventually("the first message pushed into the store", Duration::from_secs(30), || inbox_subjects(&engine).contains(&first));

    // Again once the watch is back to waiting: push keeps working.
    let passes = watching.passes_done();
    let second = format!("Nouveau créneau disponible ({})", std::process::id());
    send(&second);
    eventually("the second message pushed into the store", Duration::from_secs(30), || inbox_subjects(&engine).contains(&second));
    eventually("a pass for the second message", Duration::from_secs(30), || watching.passes_done() > passes);

    // Another process sees what push stored (the same encrypted store on disk).
    let seen_by_cli: Vec<String> = cli.list("inbox").into_iter().map(|m| m.subject).collect();
    assert!(seen_by_cli.contains(&first) && seen_by_cli.contains(&second));

    // Progress a UI can draw: phases in order, and counts that add up.
    {
        let events = watching.events.lock().unwrap();
        assert!(events.iter().all(|p| p.account == physician.email || p.phase == SyncPhase::Waiting));
        assert!(events.iter().any(|p| p.phase == SyncPhase::Connecting));
        assert!(events.iter().any(|p| p.phase == SyncPhase::Checking && p.folder.is_some()));
        let downloads: Vec<&SyncProgress> = events.iter().filter(|p| p.phase == SyncPhase::Downloading && p.total > 0).collect();
        assert!(!downloads.is_empty(), "downloads are reported");
        assert!(downloads.iter().all(|p| p.done <= p.total));
        assert!(downloads.iter().any(|p| p.done == p.total), "a download bar reaches its end");
    }

    // Stop: keep_going says no; the next wake-up (new mail) ends the watch.
    let mut probe = ImapProbe::connect(&op, "physician");
    let errors = watching.errors.clone();
    let finished = watching.stop(|| probe.append("INBOX", b"From: a@b.test\r\nSubject: Fin\r\nMessage-ID: <fin@b.test>\r\n\r\nFin.\r\n"));
    assert!(finished.is_ok(), "{finished:?}");
    assert!(errors.lock().unwrap().is_empty(), "no connection error: {:?}", errors.lock().unwrap());
}
