//! A scripted hostile SMTP server (issue 16), over TLS with the operator's certificate: one
//! that stops answering at AUTH, one that stops after the message's bytes, one that hangs up
//! mid-reply, one that answers EHLO with a megabyte on one line. The submission never
//! panics and never waits without a limit: it ends with a clear error, and a message whose
//! fate is unknown is reported as uncertain (the outbox then asks before sending it again).

mod support;

use std::io::{BufRead, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use medimail_engine::server::{Login, Security, ServerAddress};
use medimail_engine::smtp::{Handover, SmtpSession};
use medimail_engine::tls::TlsPolicy;
use medimail_engine::ErrorCode;
use secrecy::SecretString;
use support::scripted::{serve_tls, tls_config, TlsLines};
use support::Operator;

const PATIENCE: Duration = Duration::from_secs(2);

/// How the scripted server misbehaves.
#[derive(Clone, Copy)]
enum Trick {
    SilentAtAuth,
    SilentAfterData,
    HangsUpMidReply,
    HugeEhloLine,
}

fn serve(op: &Operator, trick: Trick) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its port").port();
    serve_tls(listener, tls_config(op), move |reader| session(reader, trick));
    port
}

fn session(reader: &mut TlsLines, trick: Trick) -> std::io::Result<()> {
    reader.get_mut().write_all(b"220 scripted ESMTP\r\n")?;
    reader.get_mut().flush()?;
    let mut line = String::new();
    let mut in_data = false;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let out = reader.get_mut();
        if in_data {
            if line == ".\r\n" {
                in_data = false;
                if matches!(trick, Trick::SilentAfterData) {
                    std::thread::sleep(Duration::from_secs(30));
                    return Ok(());
                }
                out.write_all(b"250 queued\r\n")?;
            }
            continue;
        }
        let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        match (verb.as_str(), trick) {
            ("EHLO", Trick::HugeEhloLine) => {
                out.write_all(b"250-")?;
                out.write_all(&vec![b'x'; 1 << 20])?;
                out.write_all(b"\r\n250 AUTH PLAIN\r\n")?;
            }
            ("EHLO", _) => out.write_all(b"250-scripted\r\n250-AUTH PLAIN\r\n250 SIZE 10000000\r\n")?,
            ("AUTH", Trick::SilentAtAuth) => {
                std::thread::sleep(Duration::from_secs(30));
                return Ok(());
            }
            ("AUTH", _) => out.write_all(b"235 welcome\r\n")?,
            ("MAIL", Trick::HangsUpMidReply) => {
                out.write_all(b"250 sender o")?;
                out.flush()?;
                return Ok(());
            }
            ("DATA", _) => {
                in_data = true;
                out.write_all(b"354 go on\r\n")?;
            }
            ("QUIT", _) => {
                out.write_all(b"221 bye\r\n")?;
                out.flush()?;
                return Ok(());
            }
            _ => out.write_all(b"250 ok\r\n")?,
        }
        out.flush()?;
    }
}

fn login() -> Login {
    Login::Password { user: "jean.dupont".into(), password: SecretString::from("secret".to_owned()) }
}

async fn open(op: &Operator, trick: Trick) -> medimail_engine::Result<SmtpSession> {
    let server = ServerAddress::new("127.0.0.1", serve(op, trick), Security::ImplicitTls).unwrap();
    let policy = TlsPolicy::system().with_ca_file(&op.env.ca_file).unwrap();
    SmtpSession::open_within(&server, &policy, &login(), PATIENCE).await
}

async fn submit(session: &mut SmtpSession) -> medimail_engine::Result<Handover> {
    let raw = b"From: <jean.dupont@medimail.test>\r\nTo: <a@medimail.test>\r\nSubject: x\r\n\r\nCorps.\r\n";
    session.submit("jean.dupont@medimail.test", &["a@medimail.test".to_owned()], raw, false, "env-1", || Ok(())).await
}

#[tokio::test]
async fn a_server_silent_at_auth_times_out() {
    let op = Operator::start();
    let started = Instant::now();
    let err = open(&op, Trick::SilentAtAuth).await.err().expect("no session with a silent server");
    assert_eq!(err.code(), ErrorCode::Timeout, "{err}");
    assert!(started.elapsed() < PATIENCE * 3, "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_server_silent_after_the_message_leaves_it_uncertain() {
    let op = Operator::start();
    let mut session = open(&op, Trick::SilentAfterData).await.expect("the session opens");
    let started = Instant::now();
    match submit(&mut session).await.expect("an outcome") {
        Handover::Uncertain(err) => assert_eq!(err.code(), ErrorCode::Timeout, "{err}"),
        other => panic!("the server may have the message: {other:?}"),
    }
    assert!(started.elapsed() < PATIENCE * 3, "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_server_that_hangs_up_mid_reply_is_a_clear_failure_before_the_message() {
    let op = Operator::start();
    let mut session = open(&op, Trick::HangsUpMidReply).await.expect("the session opens");
    match submit(&mut session).await {
        // Nothing was handed over, and a hang-up is no refusal: the message waits for the
        // next attempt instead of failing for good.
        Ok(Handover::NotYet(_)) | Err(_) => {}
        other => panic!("nothing was handed over, and it may be tried again: {other:?}"),
    }
}

#[tokio::test]
async fn a_megabyte_on_one_ehlo_line_is_refused_or_read_without_a_panic() {
    let op = Operator::start();
    let started = Instant::now();
    if let Ok(mut session) = open(&op, Trick::HugeEhloLine).await {
        let _ = submit(&mut session).await;
    }
    assert!(started.elapsed() < PATIENCE * 5, "waited {:?}", started.elapsed());
}
