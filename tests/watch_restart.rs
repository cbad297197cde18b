//! A bug in a background sync (a panic) is reported and the account's watch starts again:
//! an account never stops syncing silently. The `watch_pass` failpoint panics in the first
//! pass; this file is its own test binary, so the setting reaches no other test.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use medimail_engine::api::Engine;
use medimail_engine::types::ListQuery;
use medimail_engine::{EngineError, ErrorCode, Profile};
use support::cli::Cli;
use support::probe::ImapProbe;
use support::{eventually, Operator};

#[test]
fn a_panic_in_a_sync_pass_is_reported_and_the_watch_goes_on() {
    // Before any thread starts: the engine reads it when the pass reaches the failpoint.
    std::env::set_var("MEDIMAIL_FAILPOINT", "watch_pass");
    let op = Operator::start();
    let physician = op.account("physician");
    let cli = Cli::new();
    cli.add_account(&op, "physician");

    let engine = Arc::new(Engine::open(Profile::open(Some(&cli.profile)).unwrap()).unwrap());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let keep_going = Arc::new(AtomicBool::new(true));
    let errors: Arc<Mutex<Vec<ErrorCode>>> = Arc::default();
    let watch = {
        let (engine, keep_going, errors) = (engine.clone(), keep_going.clone(), errors.clone());
        let email = physician.email.clone();
        rt.spawn(async move {
            let on_error = move |e: &EngineError| errors.lock().unwrap().push(e.code());
            let keep = move || keep_going.load(Ordering::SeqCst);
            engine.watch(&email, &|_| {}, &on_error, &keep).await
        })
    };
    eventually("the fault reported", Duration::from_secs(30), || !errors.lock().unwrap().is_empty());
    assert_eq!(*errors.lock().unwrap(), vec![ErrorCode::Internal]);

    // The watch started again: new mail still arrives by push alone.
    let subject = format!("Après la panne ({})", std::process::id());
    let mut probe = ImapProbe::connect(&op, "physician");
    probe.append(
        "INBOX",
        format!("From: a@b.test\r\nSubject: {subject}\r\nMessage-ID: <apres-{}@b.test>\r\n\r\nSuite.\r\n", std::process::id())
            .as_bytes(),
    );
    let inbox = || {
        engine
            .list(&ListQuery { folder: Some("INBOX".into()), limit: 1000, ..ListQuery::default() })
            .expect("list the INBOX")
            .into_iter()
            .any(|m| m.subject == subject)
    };
    eventually("the new message pushed after the restart", Duration::from_secs(60), inbox);
    assert!(!watch.is_finished(), "the watch is still running");

    keep_going.store(false, Ordering::SeqCst);
    probe.append("INBOX", b"From: a@b.test\r\nSubject: Fin\r\nMessage-ID: <fin-restart@b.test>\r\n\r\nFin.\r\n");
    let finished = rt
        .block_on(async { tokio::time::timeout(Duration::from_secs(60), watch).await })
        .expect("the watch stops once asked")
        .expect("the watch task itself never panicked");
    assert!(finished.is_ok(), "{finished:?}");
    assert_eq!(errors.lock().unwrap().len(), 1, "one fault, reported once");
    drop(probe);
    rt.shutdown_timeout(Duration::from_secs(5));
}
