//! The window's lock (issue 16) with a password account, against the local operator and a
//! real notification daemon: while locked no mail is read and a new-mail notification
//! names no one, sync goes on, a wrong password leaves it locked, the right one opens it.
//! The card account's lock is in card_sign_in.rs.

mod support;

use std::time::Duration;

use medimail_engine::api::UnlockWith;
use medimail_engine::types::{ListQuery, Presence};
use medimail_engine::ErrorCode;
use secrecy::SecretString;
use support::cli::Cli;
use support::notify::{deliver_lmtp, NotifyDaemon};
use support::watch::Watching;
use support::{eventually, Operator};

fn inbox() -> ListQuery {
    ListQuery { folder: Some("INBOX".into()), limit: 1000, ..ListQuery::default() }
}

#[test]
fn a_locked_session_reads_no_mail_names_no_sender_and_opens_with_the_password() {
    let op = Operator::start();
    let physician = op.account("physician");
    let secretary = op.account("secretary");
    let cli = Cli::new();
    cli.add_account(&op, "physician");
    let daemon = NotifyDaemon::take();
    let watching = Watching::start(&cli, &physician.email);
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
    assert_eq!(engine.list(&inbox()).unwrap_err().code(), ErrorCode::SessionLocked);
    assert_eq!(engine.search("patient", None, Presence::All, 10).unwrap_err().code(), ErrorCode::SessionLocked);

    // Mail still arrives while locked; its notification says only that something came.
    let subject = format!("Résultats de M. Durand ({})", std::process::id());
    let body = format!(
        "From: Dr Claire Secrétaire <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nMessage-ID: <locked-{pid}@tests.local>\r\n\
         Date: Mon, 7 Dec 2026 09:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLe patient va bien.\r\n",
        from = secretary.email,
        to = physician.email,
        pid = std::process::id()
    );
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
    assert!(engine.list(&inbox()).unwrap().iter().any(|m| m.subject == subject), "what came while locked is there");
    let end = body.replace("locked-", "end-").replace(&subject, "Fin");
    watching.stop(|| deliver_lmtp(&op, &secretary.email, &physician.email, &end)).expect("the watch ends cleanly");
}
