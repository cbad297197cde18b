//! The TLS policy's floor (issue 16): a server that only speaks TLS 1.1, with a certificate
//! the account trusts, is refused with the `tls` error before anything is sent (OpenSSL's
//! s_server plays it; the operator's own servers speak TLS 1.2 and 1.3).

mod support;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use support::cli::{failure_of, Cli};
use support::Operator;

#[test]
fn a_server_that_only_speaks_tls_1_1_is_refused_before_the_login() {
    let op = Operator::start();
    let physician = op.account("physician");
    let pki = op.env.ca_file.parent().expect("the operator's PKI folder");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = Command::new("openssl")
        .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"])
        .arg("-cert")
        .arg(pki.join("server.chain.pem"))
        .arg("-key")
        .arg(pki.join("server.key.pem"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server");
    support::eventually("s_server listening", Duration::from_secs(10), || std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());

    let cli = Cli::new();
    let imap = format!("127.0.0.1:{port}");
    let smtp = format!("{}:{}", op.env.host, op.env.ports.submissions);
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let mut child = cli
        .command(&["account", "add", "--email", &physician.email, "--imap", &imap, "--smtp", &smtp, "--tls", "implicit",
                   "--ca-file", &ca, "--login", &physician.login, "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn medimail");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), format!("{}\n", physician.password).as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let _ = server.kill();
    let mut received = String::new();
    let _ = server.stdout.take().unwrap().read_to_string(&mut received);
    let _ = server.wait();

    assert!(!out.status.success(), "an account was added over TLS 1.1");
    let failure = failure_of(&out);
    assert_eq!(failure.code.as_deref(), Some("tls"), "{}", failure.stderr);
    assert!(!received.contains("LOGIN") && !received.contains(&physician.password), "{received}");
}
