//! Desktop notifications of new mail, against the local operator (delivery by LMTP, IDLE)
//! and a real notification daemon (dunst on the test's private D-Bus session): what reached
//! the desktop says who sent a secure message and, by default, nothing of its subject;
//! "ne pas déranger" shows nothing; a click opens the message. And the window's lock
//! (issue 16) with a password account: while locked no mail is read and a notification
//! names no one, sync goes on, a wrong password leaves it locked, the right one opens it.
//! They share this binary's notification daemon (`NotifyDaemon::take`).

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use medimail_engine::api::Engine;
use medimail_engine::notify::{NotificationSettings, OpenTarget};
use medimail_engine::api::UnlockWith;
use medimail_engine::types::{ListQuery, Presence};
use medimail_engine::ErrorCode;
use secrecy::SecretString;
use support::cli::Cli;
use support::notify::{deliver_lmtp, NotifyDaemon};
use support::watch::Watching;
use support::{eventually, Operator};

fn message(from: &str, to: &str, subject: &str, id: &str) -> String {
    format!(
        "From: Dr Claire Secrétaire <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nMessage-ID: <{id}@tests.local>\r\n\
         Date: Mon, 7 Dec 2026 09:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLe patient va bien.\r\n"
    )
}

fn inbox_id(engine: &Engine, subject: &str) -> Option<i64> {
    engine
        .list(&ListQuery { folder: Some("INBOX".into()), limit: 1000, ..ListQuery::default() })
        .unwrap()
        .into_iter()
        .find(|m| m.subject == subject)
        .map(|m| m.id)
}

fn set(engine: &Engine, change: impl FnOnce(&mut NotificationSettings)) {
    let mut settings = engine.notification_settings().unwrap();
    change(&mut settings);
    engine.set_notification_settings(&settings).unwrap();
}

/// The physician's account, watched as the window does, with this test's turn of the
/// notification daemon (taken first: it must own the bus name before the watch notifies).
fn watch_physician(op: &Operator, cli: &Cli) -> (NotifyDaemon, Watching) {
    cli.add_account(op, "physician");
    let daemon = NotifyDaemon::take();
    let watching = Watching::start(cli, &op.account("physician").email);
    (daemon, watching)
}

#[test]
fn new_mail_shows_its_sender_never_its_subject_by_default_and_a_click_opens_it() {
    let op = Operator::start();
    let physician = op.account("physician");
    let secretary = op.account("secretary");
    let cli = Cli::new();
    let (daemon, watching) = watch_physician(&op, &cli);
    let engine = watching.engine.clone();
    let opened: Arc<Mutex<Vec<OpenTarget>>> = Arc::default();
    let clicks = opened.clone();
    engine.set_notification_opener(Arc::new(move |target| clicks.lock().unwrap().push(target)));
    eventually("the watch's first pass", Duration::from_secs(30), || watching.passes_done() >= 1);
    // The default: sender only.
    let defaults = engine.notification_settings().unwrap();
    assert!(!defaults.show_subject && !defaults.do_not_disturb);
    assert_eq!(defaults.accounts.len(), 1);
    assert!(defaults.accounts[0].enabled);

    let subject = format!("Résultats de M. Durand ({})", std::process::id());
    deliver_lmtp(&op, &secretary.email, &physician.email, &message(&secretary.email, &physician.email, &subject, "n1"));
    eventually("one notification on the desktop", Duration::from_secs(30), || !daemon.shown().is_empty());
    std::thread::sleep(Duration::from_millis(500));
    let shown = daemon.shown();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].app, "Medimail");
    assert_eq!(shown[0].summary, "Nouveau message sécurisé");
    assert!(shown[0].body.contains(&secretary.email), "{:?}", shown[0].body);
    assert!(shown[0].body.contains("Dr Claire Secrétaire"), "{:?}", shown[0].body);
    assert!(!shown[0].body.contains("Durand") && !shown[0].summary.contains("Durand"), "no subject: {shown:?}");

    // A click on it, by the daemon, opens that message.
    daemon.click_newest();
    let expected = inbox_id(&engine, &subject).expect("the message is in the store");
    eventually("the click reaches the app", Duration::from_secs(10), || !opened.lock().unwrap().is_empty());
    assert_eq!(*opened.lock().unwrap(), vec![OpenTarget { account: physician.email.clone(), message: expected }]);

    // "Ne pas déranger": the message arrives, nothing shows.
    set(&engine, |s| s.do_not_disturb = true);
    let quiet = format!("Pendant ne pas déranger ({})", std::process::id());
    let passes = watching.passes_done();
    deliver_lmtp(&op, &secretary.email, &physician.email, &message(&secretary.email, &physician.email, &quiet, "n2"));
    eventually("the quiet message in the store", Duration::from_secs(30), || inbox_id(&engine, &quiet).is_some());
    eventually("its pass ended", Duration::from_secs(30), || watching.passes_done() > passes);
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(daemon.shown().len(), 1, "nothing while 'ne pas déranger' is on: {:?}", daemon.shown());

    // Off again, with the subject chosen: the subject shows, never the structured prefix.
    // The quiet message is not announced late.
    set(&engine, |s| {
        s.do_not_disturb = false;
        s.show_subject = true;
    });
    let structured = format!("XDM/1.0/DDM+Compte rendu opératoire ({})", std::process::id());
    deliver_lmtp(&op, &secretary.email, &physician.email, &message(&secretary.email, &physician.email, &structured, "n3"));
    eventually("the second notification", Duration::from_secs(30), || daemon.shown().len() >= 2);
    std::thread::sleep(Duration::from_millis(500));
    let shown = daemon.shown();
    assert_eq!(shown.len(), 2, "{shown:?}");
    let body = &shown[1].body;
    assert!(body.contains(&format!("Compte rendu opératoire ({})", std::process::id())), "{body:?}");
    assert!(!body.contains("XDM") && !body.contains("DDM"), "{body:?}");
    assert!(!shown.iter().any(|s| s.body.contains("ne pas déranger")), "{shown:?}");

    // The account's notifications off: nothing for it.
    set(&engine, |s| s.accounts[0].enabled = false);
    let off = format!("Compte sans notification ({})", std::process::id());
    deliver_lmtp(&op, &secretary.email, &physician.email, &message(&secretary.email, &physician.email, &off, "n4"));
    eventually("the last message in the store", Duration::from_secs(30), || inbox_id(&engine, &off).is_some());
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(daemon.shown().len(), 2, "{:?}", daemon.shown());

    let errors = watching.errors.clone();
    let finished = watching.stop(|| {
        deliver_lmtp(&op, &secretary.email, &physician.email, &message(&secretary.email, &physician.email, "Fin", "n5"))
    });
    assert!(finished.is_ok(), "{finished:?}");
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

#[test]
fn notify_test_shows_one_notification_or_says_plainly_there_is_no_service() {
    let cli = Cli::new();
    {
        let daemon = NotifyDaemon::take();
        let lines = cli.human("fr", &["notify", "test"]);
        assert_eq!(lines, vec!["Notification d’essai envoyée au service de notifications.".to_owned()]);
        eventually("the test notification", Duration::from_secs(10), || !daemon.shown().is_empty());
        let shown = daemon.shown();
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].summary, "Medimail : notification d’essai");
    }
    // No session bus at all: a French sentence, and a failure.
    let out = cli
        .command(&["notify", "test"])
        .args(["--lang", "fr"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/medimail-no-bus")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("no_notification_service"), "{said}");
    let human = std::process::Command::new(support::cli::binary())
        .args(["--lang", "fr", "notify", "test"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/medimail-no-bus")
        .output()
        .unwrap();
    assert!(!human.status.success());
    let said = String::from_utf8_lossy(&human.stderr);
    assert!(said.contains("Aucun service de notifications ne répond"), "{said}");
}

#[test]
fn settings_through_the_command_line() {
    let op = Operator::start();
    let cli = Cli::new();
    cli.add_account(&op, "physician");
    let email = op.account("physician").email.clone();
    let settings: NotificationSettings = cli.typed(&["notify", "settings", "--show-subject", "on", "--digest", "07:45", "--disable", &email]);
    assert!(settings.show_subject && !settings.do_not_disturb);
    assert_eq!(settings.digest_time.as_deref(), Some("07:45"));
    assert!(!settings.accounts[0].enabled);
    let failure = cli.fail(&["notify", "settings", "--digest", "25:00"]);
    assert_eq!(failure.code.as_deref(), Some("invalid_input"));
    let kept: NotificationSettings = cli.typed(&["notify", "settings"]);
    assert_eq!(kept, settings, "a refused change changes nothing");
}

// ---- the window's lock -----------------------------------------------------------------

#[test]
fn a_locked_session_reads_no_mail_names_no_sender_and_opens_with_the_password() {
    let op = Operator::start();
    let physician = op.account("physician");
    let secretary = op.account("secretary");
    let cli = Cli::new();
    let (daemon, watching) = watch_physician(&op, &cli);
    let engine = watching.engine.clone();
    eventually("the watch's first pass", Duration::from_secs(30), || watching.passes_done() >= 1);

    let state = engine.session_lock().unwrap();
    assert!(!state.locked);
    assert_eq!(state.unlock, UnlockWith::Password { email: physician.email.clone() });
    assert_eq!(state.after_minutes, Some(10), "a shared desktop locks after 10 minutes unless told otherwise");
    assert_eq!(engine.set_lock_after_minutes(Some(7)).unwrap_err().code(), ErrorCode::InvalidInput);
    assert_eq!(engine.set_lock_after_minutes(None).unwrap().after_minutes, None);
    assert_eq!(engine.set_lock_after_minutes(Some(5)).unwrap().after_minutes, Some(5));

    assert!(engine.lock_session().unwrap().locked);
    assert_eq!(engine.list(&ListQuery { folder: Some("INBOX".into()), ..ListQuery::default() }).unwrap_err().code(), ErrorCode::SessionLocked);
    assert_eq!(engine.search("patient", None, Presence::All, 10).unwrap_err().code(), ErrorCode::SessionLocked);

    // Mail still arrives while locked; its notification says only that something came.
    let subject = format!("Résultats de M. Durand ({})", std::process::id());
    let body = message(&secretary.email, &physician.email, &subject, &format!("locked-{}", std::process::id()));
    deliver_lmtp(&op, &secretary.email, &physician.email, &body);
    eventually("a notification on the desktop", Duration::from_secs(30), || !daemon.shown().is_empty());
    let shown = daemon.shown();
    assert_eq!(shown[0].summary, "Nouveau message sécurisé");
    assert_eq!(shown[0].body, "Déverrouillez Medimail pour le lire.");
    assert!(!shown[0].body.contains("Claire") && !shown[0].body.contains(&secretary.email));

    let wrong = engine.unlock_session_with_password(&physician.email, &SecretString::from("pas le bon".to_owned()));
    assert_eq!(wrong.unwrap_err().code(), ErrorCode::AuthFailed);
    assert!(engine.session_lock().unwrap().locked, "a wrong password leaves it locked");
    engine.unlock_session_with_password(&physician.email, &SecretString::from(physician.password.clone())).unwrap();
    assert!(!engine.session_lock().unwrap().locked);
    assert!(inbox_id(&engine, &subject).is_some(), "what came while locked is there");
    let end = message(&secretary.email, &physician.email, "Fin", &format!("end-{}", std::process::id()));
    watching.stop(|| deliver_lmtp(&op, &secretary.email, &physician.email, &end)).expect("the watch ends cleanly");
}
