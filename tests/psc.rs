//! Pro Santé Connect through the engine against the operator's PSC-like provider
//! (`dev/psc/`, a real OpenID Connect provider) and Dovecot taking its tokens with
//! XOAUTH2: discovery at the wallet path, the browser sign-in (code + PKCE, the browser
//! played by `dev/psc/browse`), refresh with 5-second tokens, binding to a practitioner,
//! the refresh token kept in the keyring, and CIBA approved and refused (the e-CPS app
//! played by `dev/psc/approve`).
//!
//! Drives the engine directly: the command line's `--auth psc` is wired elsewhere.
//! Needs the keyring: `bash dev/with-keyring.sh cargo test -p medimail-cli --test psc`.

mod support;

use std::sync::{mpsc, Arc};
use std::time::Duration;

use medimail_engine::imap;
use medimail_engine::psc::{PscClient, PscConfig, PscSession};
use medimail_engine::server::{Login, Security, ServerAddress};
use medimail_engine::smtp::SmtpSession;
use medimail_engine::tls::TlsPolicy;
use medimail_engine::ErrorCode;
use secrecy::{ExposeSecret, SecretString};
use support::{psc, Operator};

/// Access and ID tokens live this long: every token asked for is a refreshed one.
const ACCESS_TTL: u64 = 5;

fn tls(op: &Operator) -> TlsPolicy {
    TlsPolicy::system().with_ca_file(&op.env.ca_file).expect("the operator's CA")
}

fn config(op: &Operator) -> PscConfig {
    let p = op.psc();
    PscConfig::new(&p.issuer, &p.client_id)
        .expect("issuer")
        .with_discovery_url(&p.discovery_url)
        .expect("discovery URL")
}

fn imaps(op: &Operator) -> ServerAddress {
    ServerAddress::new(op.env.host.clone(), op.env.ports.imaps, Security::ImplicitTls).expect("address")
}

/// Logs in to Dovecot with the token and lists INBOX.
async fn imap_with(op: &Operator, user: &str, token: &SecretString) -> medimail_engine::Result<u32> {
    let login = Login::OAuth2 { user: user.to_owned(), token: token.clone() };
    let mut session = imap::connect(&imaps(op), &tls(op), &login).await?;
    let inbox = session.select("INBOX").await.expect("SELECT INBOX");
    session.logout().await.expect("LOGOUT");
    Ok(inbox.exists)
}

/// Signs in in the "system browser": `dev/psc/browse` logs in on the provider's page and
/// delivers the code to the engine's loopback listener. Returns the session and what the
/// browser saw.
async fn sign_in(op: &Arc<Operator>, client: &PscClient, login: &str, password: &str) -> (medimail_engine::Result<PscSession>, Result<psc::Browsed, String>) {
    let (tx, rx) = mpsc::channel();
    let browser_op = Arc::clone(op);
    let (login, password) = (login.to_owned(), password.to_owned());
    let session = client
        .sign_in_browser(move |url| {
            let url = url.to_string();
            // The browser runs beside the engine, which is waiting on its listener.
            std::thread::spawn(move || {
                let _ = tx.send(psc::browse(&browser_op, &url, &login, &password));
            });
            Ok(())
        })
        .await;
    let browsed = tokio::task::spawn_blocking(move || rx.recv().expect("the browser ran")).await.expect("join");
    (session, browsed)
}

/// AUTHENTICATE OAUTHBEARER (RFC 7628) by hand, as SASL-IR over `openssl s_client`, with
/// the very initial response the engine's unit test (imap/connect.rs) expects of it: the
/// engine picks XOAUTH2 whenever it is offered, and Dovecot offers both. Returns the
/// server's transcript.
fn oauthbearer_by_hand(op: &Operator, user: &str, token: &SecretString) -> String {
    use base64::Engine as _;
    let host = &op.env.host;
    let port = op.env.ports.imaps;
    let initial = format!("n,a={user},\x01host={host}\x01port={port}\x01auth=Bearer {}\x01\x01", token.expose_secret());
    let b64 = base64::engine::general_purpose::STANDARD.encode(initial);
    let script = format!("a1 AUTHENTICATE OAUTHBEARER {b64}\r\na2 SELECT INBOX\r\na3 LOGOUT\r\n");
    let mut child = std::process::Command::new("openssl")
        .args(["s_client", "-quiet", "-connect", &format!("{host}:{port}"), "-CAfile"])
        .arg(&op.env.ca_file)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("openssl s_client");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), script.as_bytes()).unwrap();
    String::from_utf8_lossy(&child.wait_with_output().unwrap().stdout).into_owned()
}

#[test]
fn pro_sante_connect_signs_in_and_its_tokens_open_the_mailbox() {
    let op = Arc::new(Operator::start_psc(ACCESS_TTL));
    let physician = op.account("physician");
    let intern = op.account("intern");
    let subject = physician.subject_name_id.clone().expect("the physician's SubjectNameID");
    let intern_subject = intern.subject_name_id.clone().expect("the intern's SubjectNameID");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        // Discovery at PSC's wallet path, over the operator's CA; CIBA announced.
        let client = PscClient::discover(config(&op), &tls(&op)).await.expect("discovery");
        assert!(client.supports_ciba());

        // Code + PKCE in the browser: the ID token names the physician.
        let (session, browsed) = sign_in(&op, &client, &subject, &physician.password).await;
        let session = session.expect("browser sign-in");
        let browsed = browsed.expect("the browser logged in");
        assert!(browsed.has_code && browsed.error.is_none() && browsed.listener_status == 200, "{browsed:?}");
        assert!(browsed.redirect_uri.starts_with("http://127.0.0.1:") && browsed.redirect_uri.ends_with("/callback"));
        assert_eq!(session.subject(), subject);
        assert_eq!(session.practitioner().email.as_deref(), Some(physician.email.as_str()));
        session.bind_to(&subject).expect("the physician's own account");
        assert_eq!(session.bind_to(&intern_subject).unwrap_err().code(), ErrorCode::PscWrongPractitioner);

        // The token opens the physician's mailbox with XOAUTH2, for IMAP and SMTP.
        let first = session.access_token().await.expect("a token");
        imap_with(&op, &physician.login, &first).await.expect("IMAP XOAUTH2 with the PSC token");
        let transcript = oauthbearer_by_hand(&op, &physician.login, &first);
        assert!(transcript.contains("a1 OK") && transcript.contains("a2 OK"), "{transcript}");
        let submissions = ServerAddress::new(op.env.host.clone(), op.env.ports.submissions, Security::ImplicitTls).unwrap();
        let smtp = SmtpSession::open(&submissions, &tls(&op), &Login::OAuth2 { user: physician.login.clone(), token: first.clone() })
            .await
            .expect("SMTP XOAUTH2 with the PSC token");
        smtp.close().await;

        // Five-second tokens: the next one asked for is a refreshed one, which logs in too;
        // the first, once expired, no longer does.
        tokio::time::sleep(Duration::from_secs(ACCESS_TTL + 1)).await;
        let refreshed = session.access_token().await.expect("a refreshed token");
        assert_ne!(refreshed.expose_secret(), first.expose_secret());
        imap_with(&op, &physician.login, &refreshed).await.expect("IMAP XOAUTH2 with the refreshed token");
        let expired = imap_with(&op, &physician.login, &first).await.expect_err("an expired token is refused");
        assert_eq!(expired.code(), ErrorCode::AuthFailed);
        // Callers at the same time all get a token that works.
        let tokens = futures::future::join_all((0..4).map(|_| session.access_token())).await;
        for token in tokens {
            imap_with(&op, &physician.login, &token.expect("a token")).await.expect("each token logs in");
        }

        // Another practitioner signs in (a CPS card swapped): the physician's account refuses
        // the session, and Dovecot refuses the token for the physician's mailbox.
        let (other, _) = sign_in(&op, &client, &intern_subject, &intern.password).await;
        let other = other.expect("the intern signs in");
        assert_eq!(other.subject(), intern_subject);
        assert_eq!(other.bind_to(&subject).unwrap_err().code(), ErrorCode::PscWrongPractitioner);
        let token = other.access_token().await.expect("the intern's token");
        assert_eq!(imap_with(&op, &physician.login, &token).await.unwrap_err().code(), ErrorCode::AuthFailed);

        // A wrong password: the browser never comes back, the sign-in ends at its timeout.
        let impatient = PscClient::discover(config(&op).with_sign_in_timeout(Duration::from_secs(3)), &tls(&op)).await.unwrap();
        let (refused, browsed) = sign_in(&op, &impatient, &subject, "not-the-password").await;
        assert!(browsed.expect_err("the provider refuses the password").contains("login refused"));
        assert_eq!(refused.unwrap_err().code(), ErrorCode::PscSignInExpired);

        // The refresh token in the keyring: a new process resumes without a browser.
        let profile = tempfile::tempdir().unwrap();
        session.remember(profile.path(), &physician.email).await.expect("kept in the keyring");
        let resumed = PscSession::resume(&client, profile.path(), &physician.email).await.expect("resumed");
        assert_eq!(resumed.subject(), subject);
        let token = resumed.access_token().await.expect("a token after resuming");
        imap_with(&op, &physician.login, &token).await.expect("IMAP with the resumed session");
        // The rotated refresh token went back to the keyring: resuming again works.
        let again = PscSession::resume(&client, profile.path(), &physician.email).await.expect("resumed again");
        imap_with(&op, &physician.login, &again.access_token().await.unwrap()).await.expect("IMAP again");

        // Signing out revokes at PSC and forgets the keyring copy: no resuming, and that
        // session is over.
        again.sign_out(profile.path(), &physician.email).await.expect("sign-out");
        assert_eq!(again.access_token().await.unwrap_err().code(), ErrorCode::PscSessionEnded);
        let ended = PscSession::resume(&client, profile.path(), &physician.email).await.unwrap_err();
        assert_eq!(ended.code(), ErrorCode::PscSessionEnded);
        // The first session's refresh token was rotated by the resumed ones: PSC refuses it
        // (invalid_grant), which ends the session rather than failing for a while.
        let over = session.access_token().await.unwrap_err();
        assert_eq!(over.code(), ErrorCode::PscSessionEnded, "{over}");

        // CIBA: the e-CPS app shows the binding message the window shows, and approves.
        let pending = client.start_ciba(&subject).await.expect("CIBA started");
        let binding = pending.binding_message().to_owned();
        let phone_op = Arc::clone(&op);
        let phone_subject = subject.clone();
        let phone = tokio::task::spawn_blocking(move || psc::approve_ciba(&phone_op, &phone_subject));
        let approved = pending.wait().await.expect("CIBA approved");
        let shown = phone.await.expect("the phone ran");
        assert!(shown.iter().any(|r| r.binding_message.as_deref() == Some(binding.as_str())), "{shown:?} vs {binding}");
        assert_eq!(approved.subject(), subject);
        let token = approved.access_token().await.expect("a CIBA token");
        imap_with(&op, &physician.login, &token).await.expect("IMAP XOAUTH2 with the CIBA token");

        // CIBA refused on the phone.
        let pending = client.start_ciba(&subject).await.expect("CIBA started");
        let phone_op = Arc::clone(&op);
        let phone_subject = subject.clone();
        let phone = tokio::task::spawn_blocking(move || psc::deny_ciba(&phone_op, &phone_subject));
        let denied = pending.wait().await.expect_err("CIBA refused");
        phone.await.expect("the phone ran");
        assert_eq!(denied.code(), ErrorCode::PscDenied);

        // An identifier PSC does not know.
        let unknown = client.start_ciba("899999999999").await.unwrap_err();
        assert_eq!(unknown.code(), ErrorCode::InvalidInput);
    });
}
