//! A server reached with STARTTLS that does not upgrade is never used in clear (issue 16):
//! scripted IMAP and SMTP servers that refuse STARTTLS, or do not offer it, while offering
//! to log in in clear. The app stops with a clear error and the server never receives a
//! login, the password, or a message.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use support::cli::{failure_of, Cli};
use support::Operator;

/// What a scripted server received, every connection together.
type Received = Arc<Mutex<String>>;

/// Serves each connection with `answer`, which gets each line received and returns what to
/// write back (nothing: read on). The greeting is written first.
fn scripted(greeting: &'static str, answer: fn(&str) -> Option<String>) -> (u16, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its port").port();
    let received: Received = Arc::default();
    let kept = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let kept = kept.clone();
            std::thread::spawn(move || {
                let mut writer = stream.try_clone().expect("the socket");
                let _ = writer.write_all(greeting.as_bytes());
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    kept.lock().unwrap().push_str(&line);
                    if let Some(reply) = answer(&line) {
                        if writer.write_all(reply.as_bytes()).is_err() {
                            return;
                        }
                    }
                    line.clear();
                }
            });
        }
    });
    (port, received)
}

fn imap_answer(line: &str) -> Option<String> {
    let (tag, command) = line.trim_end().split_once(' ')?;
    Some(match command.to_ascii_uppercase().as_str() {
        "STARTTLS" => format!("{tag} NO not today\r\n"),
        "CAPABILITY" => format!("* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\n{tag} OK done\r\n"),
        _ => format!("{tag} OK whatever you say\r\n"),
    })
}

fn smtp_answer(line: &str) -> Option<String> {
    let verb = line.split_whitespace().next()?.to_ascii_uppercase();
    Some(match verb.as_str() {
        // Offers to log in, in clear, and not to upgrade.
        "EHLO" => "250-scripted\r\n250 AUTH PLAIN LOGIN\r\n".into(),
        "QUIT" => "221 bye\r\n".into(),
        _ => "250 ok\r\n".into(),
    })
}

/// `medimail ARGS…` with `stdin` typed in.
fn with_stdin(cli: &Cli, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = cli
        .command(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn medimail");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn assert_nothing_sent_in_clear(received: &Received, password: &str) {
    let received = received.lock().unwrap().clone();
    assert!(!received.is_empty(), "the app did reach the scripted server");
    let upper = received.to_ascii_uppercase();
    for word in ["LOGIN", "AUTHENTICATE", "AUTH ", "MAIL FROM", "DATA"] {
        assert!(!upper.contains(word), "{word} sent in clear: {received:?}");
    }
    assert!(!received.contains(password), "the password was sent in clear");
}

#[test]
fn an_imap_server_that_refuses_starttls_gets_no_login() {
    let op = Operator::start();
    let physician = op.account("physician");
    let (port, received) = scripted("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] scripted\r\n", imap_answer);
    let cli = Cli::new();
    let imap = format!("127.0.0.1:{port}");
    let smtp = format!("{}:{}", op.env.host, op.env.ports.submissions);
    let out = with_stdin(
        &cli,
        &["account", "add", "--email", &physician.email, "--imap", &imap, "--imap-tls", "starttls", "--smtp", &smtp,
          "--smtp-tls", "implicit", "--login", &physician.login, "--password-stdin"],
        &format!("{}\n", physician.password),
    );
    assert!(!out.status.success(), "the account was added over a server that never upgraded");
    let failure = failure_of(&out);
    assert_eq!(failure.code.as_deref(), Some("unsupported"), "{}", failure.stderr);
    assert_nothing_sent_in_clear(&received, &physician.password);
}

#[test]
fn an_smtp_server_that_does_not_offer_starttls_gets_no_login_and_no_message() {
    let op = Operator::start();
    let physician = op.account("physician");
    let secretary = op.account("secretary");
    let (port, received) = scripted("220 scripted ESMTP\r\n", smtp_answer);
    let cli = Cli::new();
    let imap = format!("{}:{}", op.env.host, op.env.ports.imaps);
    let smtp = format!("127.0.0.1:{port}");
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let added = with_stdin(
        &cli,
        &["account", "add", "--email", &physician.email, "--imap", &imap, "--imap-tls", "implicit", "--smtp", &smtp,
          "--smtp-tls", "starttls", "--ca-file", &ca, "--login", &physician.login, "--password-stdin"],
        &format!("{}\n", physician.password),
    );
    assert!(added.status.success(), "account add: {}", String::from_utf8_lossy(&added.stderr));
    let body = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(body.path(), "Texte confidentiel").unwrap();
    let body = body.path().to_string_lossy().into_owned();
    let sent = cli.output(&["send", "--to", &secretary.email, "--subject", "Compte rendu", "--body-file", &body]);
    assert!(!sent.status.success(), "sent over a server that never upgraded");
    assert_nothing_sent_in_clear(&received, &physician.password);
    // Nothing is lost: the message waits in the outbox.
    let outbox = cli.json(&["outbox", "list"]);
    assert_eq!(outbox.as_array().map(Vec::len), Some(1), "{outbox}");
}
