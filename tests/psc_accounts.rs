//! Pro Santé Connect accounts through the command line and the engine (issue 13), against
//! the operator's PSC-like provider (dev/psc, oidc-provider) with 5-second access tokens,
//! Dovecot and Postfix taking them with SASL XOAUTH2: an account added by signing in in the
//! "browser" (`$BROWSER` = dev/psc/browse playing the user), syncing and sending from new
//! processes that resume the session from the keyring with fresh tokens, a watch whose
//! passes reconnect with refreshed tokens and lose nothing, another practitioner's sign-in
//! refused, and sign-out ending the session for good.

mod support;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use medimail_engine::ErrorCode;
use serde_json::Value;
use support::cli::{assert_no_duplicate_ids, failure_of, Cli};
use support::probe::ImapProbe;
use support::psc::browser_script;
use support::watch::Watching;
use support::{eventually, Operator};

const ACCESS_TTL: u64 = 5;

fn add_psc_account(cli: &Cli, op: &Operator, browser: &Path, email: &str) -> Output {
    let imap = format!("{}:{}", op.env.host, op.env.ports.imaps);
    let smtp = format!("{}:{}", op.env.host, op.env.ports.submissions);
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let psc = op.psc();
    cli.command(&[
        "account", "add", "--auth", "psc", "--email", email, "--imap", &imap, "--smtp", &smtp, "--ca-file", &ca,
        "--psc-issuer", &psc.issuer, "--psc-client-id", &psc.client_id,
    ])
    .env("BROWSER", browser)
    .output()
    .expect("run medimail")
}

#[test]
fn a_psc_account_syncs_and_sends_from_new_processes_with_fresh_tokens() {
    let op = Operator::start_psc(ACCESS_TTL);
    op.seed();
    let tmp = tempfile::tempdir().expect("temporary folder");
    let cli = Cli::new();
    let physician = op.account("physician").clone();
    let subject = physician.subject_name_id.clone().expect("the physician's SubjectNameID");

    let out = add_psc_account(&cli, &op, &browser_script(&op, tmp.path(), "physician"), &physician.email);
    assert!(out.status.success(), "account add --auth psc: {}", String::from_utf8_lossy(&out.stderr));
    let added: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(added["auth"], "psc");
    assert_eq!(added["practitioner_id"], subject.as_str(), "bound to the practitioner");

    // A new process: the session resumes from the keyring, the token is a fresh one.
    std::thread::sleep(Duration::from_secs(ACCESS_TTL + 1));
    cli.sync();
    let on_server = ImapProbe::connect(&op, "physician").count("INBOX") as usize;
    let inbox = cli.list("INBOX");
    assert_eq!(inbox.len(), on_server);
    assert_no_duplicate_ids(&inbox, "PSC sync");

    let body = tmp.path().join("body.txt");
    std::fs::write(&body, "Bonjour.\n").expect("write");
    let intern = op.account("intern").email.clone();
    let sent = cli.json(&["send", "--to", &intern, "--subject", "Envoyé avec e-CPS", "--body-file", &body.to_string_lossy()]);
    assert_eq!(sent["state"], "sent", "{sent:#}");
    let message_id = sent["message_id"].as_str().expect("message_id").trim_matches(['<', '>']).to_owned();
    let mut to_intern = ImapProbe::connect(&op, "intern");
    eventually("the intern received it", Duration::from_secs(20), || !to_intern.locate(&message_id).is_empty());

    // The watch: passes over several token lifetimes, each connection with a token valid now.
    let watching = Watching::start(&cli, &physician.email);
    watching.block_on(watching.engine.resume_psc_sessions()).expect("resume");
    eventually("the first pass", Duration::from_secs(30), || watching.passes_done() >= 1);
    let mut probe = ImapProbe::connect(&op, "physician");
    for round in 0..2 {
        std::thread::sleep(Duration::from_secs(ACCESS_TTL + 1));
        let passes = watching.passes_done();
        let raw = format!("From: a@medimail.test\r\nSubject: pendant la session {round}\r\nMessage-ID: <psc-{round}@medimail.test>\r\n\r\nx\r\n");
        probe.append("INBOX", raw.as_bytes());
        eventually("a pass after the token expired", Duration::from_secs(30), || watching.passes_done() > passes);
    }
    let on_server = probe.count("INBOX") as usize;
    eventually("every message fetched", Duration::from_secs(30), || cli.peek_list("INBOX").len() == on_server);
    assert_no_duplicate_ids(&cli.peek_list("INBOX"), "after refreshes");
    assert!(watching.error_codes().is_empty(), "{:?}", watching.error_codes());

    // Signing out revokes the session and holds across processes until a new sign-in.
    watching.block_on(watching.engine.sign_out());
    watching.stop(|| probe.append("INBOX", b"From: a@medimail.test\r\nSubject: fin\r\nMessage-ID: <psc-end@medimail.test>\r\n\r\nx\r\n")).expect("the watch ends");
    let failure = cli.fail(&["sync"]);
    assert_eq!(failure.code.as_deref(), Some("signed_out"), "{failure:?}");
    assert!(medimail_engine::secrets::psc_grant(&cli.profile, &physician.email).expect("keyring").is_none(), "nothing left to resume");
    let out = cli.command(&["sign-in"]).env("BROWSER", browser_script(&op, tmp.path(), "physician")).output().expect("run medimail");
    assert!(out.status.success(), "sign-in: {}", String::from_utf8_lossy(&out.stderr));
    cli.sync();
}

/// Pro Santé Connect stalled (its process stopped, SIGSTOP: connections open, nothing
/// answers), as when the practice's line is down (issue 16). Nothing signs the practitioner
/// out: the archive stays readable, a sync says "network" or "timeout", never
/// `psc_session_ended`; a watch started meanwhile (the window opened offline) waits and
/// syncs by itself once PSC answers again, with the session the keyring kept.
#[test]
fn a_stalled_pro_sante_connect_signs_nobody_out_and_the_watch_resumes_by_itself() {
    let op = Operator::start_psc(ACCESS_TTL);
    op.seed();
    let tmp = tempfile::tempdir().expect("temporary folder");
    let cli = Cli::new();
    let physician = op.account("physician").clone();
    let out = add_psc_account(&cli, &op, &browser_script(&op, tmp.path(), "physician"), &physician.email);
    assert!(out.status.success(), "account add --auth psc: {}", String::from_utf8_lossy(&out.stderr));
    cli.sync();
    let stored = cli.peek_list("INBOX").len();
    assert!(stored > 0, "the demo mail is synced");

    let pid = std::fs::read_to_string(op.env.dir.join("psc/psc.pid")).expect("the provider's pid");
    let signal = |name: &str| {
        let status = std::process::Command::new("kill").args([name, pid.trim()]).status().expect("kill");
        assert!(status.success(), "kill {name} the provider");
    };
    signal("-STOP");
    // Resumed once PSC answers again, whatever this test asserts meanwhile.
    struct Continue<'a>(&'a dyn Fn(&str));
    impl Drop for Continue<'_> {
        fn drop(&mut self) {
            (self.0)("-CONT");
        }
    }
    let _continue = Continue(&signal);

    // A new process: the token is refreshed first, which cannot happen now.
    std::thread::sleep(Duration::from_secs(ACCESS_TTL + 1));
    assert_eq!(cli.peek_list("INBOX").len(), stored, "the archive stays readable offline");
    let failure = cli.fail(&["sync"]);
    assert!(matches!(failure.code.as_deref(), Some("network" | "timeout")), "a network failure, not the end of the session: {failure:?}");

    // The window opened offline: its watch cannot resume the session yet.
    let watching = Watching::start(&cli, &physician.email);
    watching.block_on(watching.engine.resume_psc_sessions()).expect("resume says nothing itself");
    eventually("the failure said to the window", Duration::from_secs(60), || !watching.error_codes().is_empty());
    assert!(watching.is_running(), "the watch goes on after the failure");

    // PSC answers again: the watch resumes the session and syncs, with no sign-in.
    signal("-CONT");
    let mut probe = ImapProbe::connect(&op, "physician");
    probe.append("INBOX", b"From: a@medimail.test\r\nSubject: de retour en ligne\r\nMessage-ID: <psc-back@medimail.test>\r\n\r\nx\r\n");
    eventually("the new message synced by the watch", Duration::from_secs(120), || {
        cli.peek_list("INBOX").iter().any(|m| m.subject == "de retour en ligne")
    });
    for code in watching.error_codes() {
        assert!(matches!(code, ErrorCode::Network | ErrorCode::Timeout), "only network failures were said: {:?}", watching.error_codes());
    }
    assert!(medimail_engine::secrets::psc_grant(&cli.profile, &physician.email).expect("keyring").is_some(), "the session is still kept");
    watching
        .stop(|| probe.append("INBOX", b"From: a@medimail.test\r\nSubject: fin\r\nMessage-ID: <psc-back-end@medimail.test>\r\n\r\nx\r\n"))
        .expect("the watch ends");
    cli.sync();
}

#[test]
fn another_practitioners_sign_in_is_refused_for_a_bound_account() {
    let op = Operator::start_psc(ACCESS_TTL);
    let tmp = tempfile::tempdir().expect("temporary folder");
    let cli = Cli::new();
    let physician = op.account("physician").clone();
    let out = add_psc_account(&cli, &op, &browser_script(&op, tmp.path(), "physician"), &physician.email);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // The intern signs in (a card swap): the physician's account refuses that session.
    let intern_browser = browser_script(&op, tmp.path(), "intern");
    let engine = medimail_engine::Engine::open(medimail_engine::Profile::open(Some(&cli.profile)).expect("profile")).expect("engine");
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let provider = medimail_engine::store::PscProvider { issuer: op.psc().issuer.clone(), client_id: op.psc().client_id.clone() };
    let sign_in_with = |browser: &Path| {
        rt.block_on(async {
            let client = engine.psc_client(&provider, Some(&op.env.ca_file)).await?;
            let session = client
                .sign_in_browser(|url| {
                    // The browser's process is left to end by itself, as a real one would.
                    let browser = std::process::Command::new(browser).arg(url.as_str()).spawn().expect("browser");
                    std::thread::spawn(move || {
                        let mut browser = browser;
                        let _ = browser.wait();
                    });
                    Ok(())
                })
                .await?;
            engine.signed_in_with_psc(provider.clone(), session, Some(&physician.email), Some(op.env.ca_file.clone())).await
        })
    };
    // Every account signs in with PSC: the locked window opens with a new sign-in of the
    // practitioner the account is bound to, and only theirs (issue 16).
    let lock = engine.lock_session().expect("the window locks");
    assert_eq!(lock.unlock, medimail_engine::api::UnlockWith::Psc { email: physician.email.clone() });
    let err = sign_in_with(&intern_browser).expect_err("another practitioner");
    assert_eq!(err.code(), ErrorCode::PscWrongPractitioner);
    assert!(engine.is_session_locked(), "another practitioner's sign-in opens nothing");
    sign_in_with(&browser_script(&op, tmp.path(), "physician")).expect("the physician signs in again");
    assert!(!engine.is_session_locked(), "the practitioner's own sign-in opens the window");

    // An account added with another practitioner's sign-in is refused by the server.
    let other = Cli::new();
    let failure = failure_of(&add_psc_account(&other, &op, &intern_browser, &physician.email));
    assert_eq!(failure.code.as_deref(), Some("auth_failed"), "{failure:?}");
    assert_eq!(other.json(&["account", "list"]), Value::Array(Vec::new()));

    // Removing accounts removes their secrets: the PSC session's and a password.
    drop(engine);
    let profile = cli.profile.clone();
    let grant_kept = || medimail_engine::secrets::psc_grant(&profile, &physician.email).ok().flatten().is_some();
    assert!(grant_kept(), "the PSC session is kept in the keyring");
    cli.json(&["account", "remove", &physician.email, "--yes"]);
    assert!(!grant_kept(), "the PSC session is gone from the keyring");
    assert_eq!(cli.json(&["account", "list"]), Value::Array(Vec::new()));
    let secretary = op.account("secretary").clone();
    cli.add_account(&op, "secretary");
    assert!(medimail_engine::secrets::password(&cli.profile, &secretary.email).is_ok());
    // A password account after "Se déconnecter": its password, and nothing else, signs in again.
    cli.json(&["sign-out"]);
    assert_eq!(cli.fail(&["sync"]).code.as_deref(), Some("signed_out"));
    // Nor can the archive be read from here meanwhile.
    assert_eq!(cli.fail(&["list", "--folder", "inbox"]).code.as_deref(), Some("signed_out"));
    let sign_in = |password: &str| {
        use std::io::Write;
        let mut child = cli
            .command(&["sign-in", "--password-stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run medimail");
        child.stdin.take().expect("stdin").write_all(format!("{password}\n").as_bytes()).expect("write");
        child.wait_with_output().expect("medimail ends")
    };
    assert_eq!(failure_of(&sign_in("pas-le-bon")).code.as_deref(), Some("auth_failed"));
    assert_eq!(cli.fail(&["sync"]).code.as_deref(), Some("signed_out"), "still signed out");
    assert!(sign_in(&secretary.password).status.success());
    cli.sync();
    cli.json(&["account", "remove", &secretary.email, "--yes"]);
    assert!(medimail_engine::secrets::password(&cli.profile, &secretary.email).is_err(), "the password is gone from the keyring");
}

/// One's own entry in the operator's LDAP directory: operators offer no Pro Santé Connect bind
/// there, so a PSC account is told so with its own code (the window explains it: the card or
/// the password), before any connection and whatever the session's state.
#[test]
fn the_own_entry_says_a_psc_sign_in_cannot_reach_the_operators_directory() {
    let op = Operator::start_psc(ACCESS_TTL);
    let tmp = tempfile::tempdir().expect("temporary folder");
    let cli = Cli::new();
    let physician = op.account("physician").clone();
    let out = add_psc_account(&cli, &op, &browser_script(&op, tmp.path(), "physician"), &physician.email);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    cli.json(&["account", "directory", &op.env.ldap.url]);
    let failure = failure_of(&cli.command(&["profile", "show"]).output().expect("run medimail"));
    assert_eq!(failure.code.as_deref(), Some("directory_psc_unsupported"), "{failure:?}");
    let said = cli.human_output("fr", &["profile", "show"]);
    assert!(String::from_utf8_lossy(&said.stderr).contains("carte CPS ou avec votre mot de passe"), "{}", String::from_utf8_lossy(&said.stderr));
}


#[test]
fn with_psc_the_organisational_mailbox_is_reached_through_the_shared_namespace() {
    let op = Operator::start_psc(ACCESS_TTL);
    op.seed();
    let tmp = tempfile::tempdir().expect("temporary folder");
    let cli = Cli::new();
    let physician = op.account("physician").email.clone();
    let orgbox = op.account("orgbox").email.clone();
    let out = add_psc_account(&cli, &op, &browser_script(&op, tmp.path(), "physician"), &physician);
    assert!(out.status.success(), "account add --auth psc: {}", String::from_utf8_lossy(&out.stderr));

    // The server shares the box with the practitioner's own login, token or not.
    let listed = cli.json(&["shared", "list"]);
    assert_eq!(listed[0]["address"], orgbox.as_str(), "{listed}");
    cli.sync();
    let folders = cli.json(&["folders"]);
    let inbox = folders.as_array().expect("folders").iter().find(|f| {
        let name = f["name"].as_str().unwrap_or_default();
        name.contains(&orgbox) && name.ends_with("INBOX") && f["on_server"] == true
    });
    let inbox = inbox.unwrap_or_else(|| panic!("the box's INBOX among the physician's folders: {folders:#}"));
    let in_box = ImapProbe::connect(&op, "orgbox").count("INBOX") as usize;
    assert!(in_box > 0, "the seeded box has mail");
    assert_eq!(cli.list(inbox["name"].as_str().expect("name")).len(), in_box, "its messages synced through the shared namespace");

    // Opening it as an account of its own needs an authorisation identity a token cannot carry: said so.
    let failure = cli.fail(&["shared", "open", &orgbox]);
    assert_eq!(failure.code.as_deref(), Some("shared_psc_unsupported"), "{failure:?}");
    assert_eq!(cli.json(&["account", "list"]).as_array().expect("accounts").len(), 1, "nothing kept");
}
