//! The foundation's chain, against a real local operator: log in over IMAP with a password
//! and with a CPS-style client certificate, submit over SMTP, see the message arrive.

mod support;

use std::time::{Duration, Instant};

use futures::TryStreamExt;
use medimail_engine::imap::{self, ImapSession};
use medimail_engine::server::{Login, Security, ServerAddress};
use medimail_engine::smtp;
use medimail_engine::tls::TlsPolicy;
use medimail_engine::ErrorCode;
use secrecy::SecretString;
use support::{Account, Operator};

fn password(account: &Account) -> Login {
    Login::Password {
        user: account.login.clone(),
        password: SecretString::from(account.password.clone()),
    }
}

fn trusting_operator(op: &Operator) -> TlsPolicy {
    TlsPolicy::system().with_ca_file(&op.env.ca_file).unwrap()
}

fn imaps(op: &Operator) -> ServerAddress {
    ServerAddress::new(op.env.host.clone(), op.env.ports.imaps, Security::ImplicitTls).unwrap()
}

/// Subjects of every message in INBOX, decoded.
async fn inbox_subjects(session: &mut ImapSession) -> Vec<String> {
    let mailbox = session.select("INBOX").await.unwrap();
    if mailbox.exists == 0 {
        return Vec::new();
    }
    let fetches: Vec<_> = session
        .fetch("1:*", "BODY.PEEK[HEADER]")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    fetches
        .iter()
        .filter_map(|f| f.header().map(|h| medimail_engine::mime::parse(h).subject))
        .collect()
}

#[tokio::test]
async fn password_login_over_implicit_tls_and_starttls() {
    let op = Operator::start();
    let tls = trusting_operator(&op);
    for (port, security) in [
        (op.env.ports.imaps, Security::ImplicitTls),
        (op.env.ports.imap, Security::StartTls),
    ] {
        let server = ServerAddress::new(op.env.host.clone(), port, security).unwrap();
        let mut session = imap::connect(&server, &tls, &password(op.account("physician")))
            .await
            .unwrap_or_else(|e| panic!("{security:?} login: {e}"));
        let caps = session.capabilities().await.unwrap();
        for cap in ["CONDSTORE", "QRESYNC", "IDLE", "MOVE", "SPECIAL-USE", "NAMESPACE"] {
            assert!(caps.has_str(cap), "{security:?}: server lacks {cap}");
        }
        session.logout().await.unwrap();
    }
}

#[tokio::test]
async fn client_certificate_login_opens_the_practitioner_mailbox() {
    let op = Operator::start();
    let physician = op.account("physician");
    let cert = physician.client_cert.as_ref().expect("physician has a client certificate");
    let key = physician.client_key.as_ref().expect("physician has a client key");

    // Put a marker in the mailbox with the password, then find it through the certificate.
    let marker = format!("Marqueur certificat {}", std::process::id());
    let mut by_password = imap::connect(&imaps(&op), &trusting_operator(&op), &password(physician))
        .await
        .unwrap();
    let raw = format!(
        "From: {0}\r\nTo: {0}\r\nSubject: {marker}\r\nMessage-ID: <marker-{1}@test>\r\n\r\nCorps.\r\n",
        physician.email,
        std::process::id()
    );
    by_password.append("INBOX", None, None, raw.as_bytes()).await.unwrap();
    by_password.logout().await.unwrap();

    let tls = trusting_operator(&op).with_client_identity(cert, key).unwrap();
    let mut by_card = imap::connect(&imaps(&op), &tls, &Login::ClientCertificate)
        .await
        .expect("AUTHENTICATE EXTERNAL with the CPS-style certificate");
    assert!(inbox_subjects(&mut by_card).await.contains(&marker));
    by_card.logout().await.unwrap();
}

#[tokio::test]
async fn refusals_carry_the_right_error_code() {
    let op = Operator::start();
    let physician = op.account("physician");

    let wrong = Login::Password {
        user: physician.login.clone(),
        password: SecretString::from("not-the-password".to_owned()),
    };
    let err = imap::connect(&imaps(&op), &trusting_operator(&op), &wrong).await.err().unwrap();
    assert_eq!(err.code(), ErrorCode::AuthFailed, "{err}");

    // Without the operator's CA the server certificate must not be accepted.
    let err = imap::connect(&imaps(&op), &TlsPolicy::system(), &password(physician))
        .await
        .err()
        .unwrap();
    assert_eq!(err.code(), ErrorCode::Certificate, "{err}");

    // A port nobody listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = listener.local_addr().unwrap().port();
    drop(listener);
    let nowhere = ServerAddress::new("127.0.0.1", closed_port, Security::ImplicitTls).unwrap();
    let err = imap::connect(&nowhere, &trusting_operator(&op), &password(physician)).await.err().unwrap();
    assert_eq!(err.code(), ErrorCode::Network, "{err}");
}

#[tokio::test]
async fn a_submitted_message_arrives_in_the_other_account() {
    let op = Operator::start();
    let physician = op.account("physician");
    let secretary = op.account("secretary");
    let tls = trusting_operator(&op);
    let subject = format!("Compte rendu de consultation — Mme Durand ({})", std::process::id());

    let message = lettre::Message::builder()
        .from(physician.email.parse().unwrap())
        .to(secretary.email.parse().unwrap())
        .subject(subject.clone())
        .body("Bonjour,\n\nVeuillez trouver le compte rendu.\n\nCordialement,\n".to_owned())
        .unwrap();
    let submission = ServerAddress::new(op.env.host.clone(), op.env.ports.submission, Security::StartTls).unwrap();
    smtp::submit(&submission, &tls, &password(physician), message)
        .await
        .expect("submission over STARTTLS");

    let mut session = imap::connect(&imaps(&op), &tls, &password(secretary)).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if inbox_subjects(&mut session).await.contains(&subject) {
            break;
        }
        assert!(Instant::now() < deadline, "the message never reached the secretary's INBOX");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    session.logout().await.unwrap();
}

#[tokio::test]
async fn submission_refuses_a_wrong_password() {
    let op = Operator::start();
    let physician = op.account("physician");
    let wrong = Login::Password {
        user: physician.login.clone(),
        password: SecretString::from("not-the-password".to_owned()),
    };
    let message = lettre::Message::builder()
        .from(physician.email.parse().unwrap())
        .to(op.account("secretary").email.parse().unwrap())
        .subject("Ne doit pas partir")
        .body(String::from("x"))
        .unwrap();
    let submissions = ServerAddress::new(op.env.host.clone(), op.env.ports.submissions, Security::ImplicitTls).unwrap();
    let err = smtp::submit(&submissions, &trusting_operator(&op), &wrong, message).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthFailed, "{err}");
}
