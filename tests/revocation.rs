//! Certificate revocation (issue 16, Référentiel #2 ECO.1.1.5–1.1.7): a small PKI made here
//! with OpenSSL (a root, a good server certificate, a revoked one, an expired one, each
//! naming a CRL distribution point on a local HTTP server), IMAP servers presenting them,
//! and the command line adding an account against each:
//! - the good one connects (the CRL is fetched and kept in the profile);
//! - the revoked one is refused with `certificate_revoked`, the expired one with
//!   `certificate_expired`, before any login is sent;
//! - the same under an intermediate authority with its own CRL (the IGC-Santé's shape);
//! - with the CRL server stopped, the kept CRL still refuses the revoked one and lets the
//!   good one through (offline);
//! - a CRL signed by another key (same issuer name) is never trusted nor kept.
//!
//! OCSP, with OpenSSL's own responder (`openssl ocsp -port`) as the real server, for
//! certificates naming a responder and no CRL:
//! - the good one connects, the revoked one is refused with `certificate_revoked` before any
//!   login, both answers kept in the profile;
//! - the responder stopped, the kept answers still decide, fresh and past their nextUpdate;
//! - an answer signed by another key, or by a certificate of the authority not issued for
//!   OCSP, is ignored (soft fail) and never kept;
//! - a "revoked" answer stapled by the server refuses it with no responder to ask.
//!
//! The IMAP servers are scripted (rustls, as in `hostile_server.rs`): they greet, record
//! what they receive and refuse every login, so a certificate that passes ends in
//! `auth_failed` with the login seen by the server, and one that does not ends before it.
//! The CRL is served by Python's `http.server`, a real HTTP server that can be stopped.
//!
//! Also, against the local operator (whose test PKI names no distribution point, which must
//! keep working): the IGC-Santé option of an account, off by default outside the MSSanté
//! domain, turned on and off from the command line, the account still syncing with it.

mod support;

use std::io::{BufRead, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::cli::{failure_of, Cli, Failure};
use support::scripted::{serve_tls, tls_config_from, tls_config_stapling, TlsLines};
use support::Operator;

const PASSWORD: &str = "revocation-test-password";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A root certification authority in `dir`: OpenSSL's `ca` database, its key and
/// certificate. Its CRL is published as `ca.crl`.
fn authority(dir: &Path, crl_port: u16) {
    ca_database(dir, crl_port, "ca.crl");
    openssl(
        dir,
        &[
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "30", "-subj", "/O=Medimail tests/CN=Revocation test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
}

/// An intermediate authority in `dir` under the root in `root` (as the IGC-Santé issues
/// server certificates): the root's CRL covers it, its own (`crl_name`) covers what it signs.
fn intermediate(root: &Path, dir: &Path, crl_port: u16, crl_name: &str) {
    ca_database(dir, crl_port, crl_name);
    openssl(
        dir,
        &["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.csr",
          "-subj", "/O=Medimail tests/CN=Revocation test intermediate CA"],
    );
    let csr = dir.join("ca.csr").to_string_lossy().into_owned();
    let pem = dir.join("ca.pem").to_string_lossy().into_owned();
    openssl(root, &["ca", "-batch", "-config", "ca.cnf", "-extensions", "intermediate", "-in", &csr, "-out", &pem]);
}

/// OpenSSL's `ca` database and configuration in `dir`; what it signs names
/// `http://127.0.0.1:{crl_port}/{crl_name}` as CRL distribution point.
fn ca_database(dir: &Path, crl_port: u16, crl_name: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("index.txt"), "").unwrap();
    std::fs::write(dir.join("serial"), "1000\n").unwrap();
    std::fs::write(dir.join("crlnumber"), "01\n").unwrap();
    std::fs::write(
        dir.join("ca.cnf"),
        format!(
            "[ca]\ndefault_ca = local\n\
             [local]\ndir = .\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ncrlnumber = crlnumber\n\
             certificate = ca.pem\nprivate_key = ca.key\ndefault_md = sha256\npolicy = any\ndefault_days = 30\n\
             unique_subject = no\ncopy_extensions = none\n\
             [any]\ncommonName = supplied\n\
             [server]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\n\
             extendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1,DNS:localhost\n\
             crlDistributionPoints = URI:http://127.0.0.1:{crl_port}/{crl_name}\n\
             [intermediate]\nbasicConstraints = critical,CA:TRUE,pathlen:0\nkeyUsage = critical,keyCertSign,cRLSign\n\
             crlDistributionPoints = URI:http://127.0.0.1:{crl_port}/{crl_name}\n"
        ),
    )
    .unwrap();
}

/// A server certificate for 127.0.0.1 signed by the authority in `dir`, valid over
/// `dates` (OpenSSL's `-startdate`/`-enddate`) or 30 days from now.
fn server_certificate(dir: &Path, name: &str, dates: Option<(&str, &str)>) -> (PathBuf, PathBuf) {
    let key = format!("{name}.key");
    let csr = format!("{name}.csr");
    let pem = format!("{name}.pem");
    openssl(
        dir,
        &["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", &key, "-out", &csr, "-subj", "/CN=localhost"],
    );
    let mut args = vec!["ca", "-batch", "-config", "ca.cnf", "-extensions", "server", "-in", &csr, "-out", &pem];
    if let Some((start, end)) = dates {
        args.extend(["-startdate", start, "-enddate", end]);
    }
    openssl(dir, &args);
    (dir.join(pem), dir.join(key))
}

/// The authority's CRL in DER, as CRL servers publish it. It is due again one second
/// after it is made, so each later connection tries the distribution point again: the
/// offline part of the test then goes through the "cannot be reached" path.
fn crl(dir: &Path, out: &Path) {
    openssl(dir, &["ca", "-config", "ca.cnf", "-gencrl", "-crlsec", "1", "-out", "ca.crl.pem"]);
    openssl(dir, &["crl", "-in", "ca.crl.pem", "-outform", "DER", "-out", &out.to_string_lossy()]);
}

/// Python's HTTP server, stopped when dropped (a failing test leaves none behind).
struct CrlServer(Child);

impl Drop for CrlServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Python's HTTP server over `dir`, on `port`.
fn crl_server(dir: &Path, port: u16) -> CrlServer {
    let child = Command::new("python3")
        .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 -m http.server");
    let server = CrlServer(child);
    support::eventually("the CRL server listening", Duration::from_secs(10), || TcpStream::connect(("127.0.0.1", port)).is_ok());
    server
}

/// An IMAP server presenting `cert`, refusing every login; what it receives is recorded.
struct ImapServer {
    port: u16,
    received: Arc<Mutex<String>>,
}

impl ImapServer {
    fn start(cert: &Path, key: &Path) -> ImapServer {
        ImapServer::with_config(tls_config_from(cert, key))
    }

    fn with_config(config: Arc<rustls::ServerConfig>) -> ImapServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(String::new()));
        let record = Arc::clone(&received);
        serve_tls(listener, config, move |reader| session(reader, &record));
        ImapServer { port, received }
    }

    fn received(&self) -> String {
        self.received.lock().unwrap().clone()
    }
}

fn session(reader: &mut TlsLines, record: &Mutex<String>) -> std::io::Result<()> {
    reader.get_mut().write_all(b"* OK [CAPABILITY IMAP4rev1] scripted server ready\r\n")?;
    reader.get_mut().flush()?;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        record.lock().unwrap().push_str(&line);
        let mut words = line.split_whitespace();
        let tag = words.next().unwrap_or("*").to_owned();
        let reply = match words.next().unwrap_or("").to_ascii_uppercase().as_str() {
            "CAPABILITY" => format!("* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n"),
            "LOGOUT" => format!("* BYE\r\n{tag} OK bye\r\n"),
            _ => format!("{tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"),
        };
        reader.get_mut().write_all(reply.as_bytes())?;
        reader.get_mut().flush()?;
    }
}

/// `account add` against `server`, trusting the test authority: the failure it ends with.
fn add_account(cli: &Cli, server: &ImapServer, ca: &Path) -> Failure {
    let imap = format!("127.0.0.1:{}", server.port);
    let mut child = cli
        .command(&[
            "account", "add", "--email", "physician@revocation.test", "--imap", &imap, "--smtp", &imap, "--tls", "implicit",
            "--ca-file", &ca.to_string_lossy(), "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn medimail");
    child.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "every login is refused, yet the account was added");
    failure_of(&out)
}

fn kept_crls(cli: &Cli) -> usize {
    std::fs::read_dir(cli.profile.join("crl")).map(|d| d.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "crl")).count()).unwrap_or(0)
}

/// The certificate passed: the server got the login, over TLS.
fn assert_connected(failure: &Failure, server: &ImapServer) {
    assert_eq!(failure.code.as_deref(), Some("auth_failed"), "{}", failure.stderr);
    assert!(server.received().contains("LOGIN"), "no login reached the server: {:?}", server.received());
}

/// The certificate was refused with `code`, and the server got nothing.
fn assert_refused(failure: &Failure, server: &ImapServer, code: &str) {
    assert_eq!(failure.code.as_deref(), Some(code), "{}", failure.stderr);
    assert_eq!(server.received(), "", "something was sent to a refused server");
}

#[test]
fn revoked_and_expired_certificates_are_refused_online_and_offline() {
    let tmp = tempfile::tempdir().unwrap();
    let pki = tmp.path().join("ca");
    let published = tmp.path().join("www");
    std::fs::create_dir_all(&published).unwrap();
    let crl_port = free_port();
    authority(&pki, crl_port);
    let ca = pki.join("ca.pem");
    let good = server_certificate(&pki, "good", None);
    let revoked = server_certificate(&pki, "revoked", None);
    let expired = server_certificate(&pki, "expired", Some(("20200101000000Z", "20210101000000Z")));
    openssl(&pki, &["ca", "-config", "ca.cnf", "-revoke", "revoked.pem"]);
    crl(&pki, &published.join("ca.crl"));
    // Under an intermediate: a good certificate and a revoked one, each served with the
    // intermediate's certificate (the chain a server sends).
    let inter = tmp.path().join("intermediate");
    intermediate(&pki, &inter, crl_port, "intermediate.crl");
    let chained = |name: &str| {
        let (cert, key) = server_certificate(&inter, name, None);
        let chain = inter.join(format!("{name}.chain.pem"));
        let mut pem = std::fs::read(&cert).unwrap();
        pem.extend(std::fs::read(inter.join("ca.pem")).unwrap());
        std::fs::write(&chain, pem).unwrap();
        (chain, key)
    };
    let good_below = chained("good-below");
    let revoked_below = chained("revoked-below");
    openssl(&inter, &["ca", "-config", "ca.cnf", "-revoke", "revoked-below.pem"]);
    crl(&inter, &published.join("intermediate.crl"));

    let good_server = ImapServer::start(&good.0, &good.1);
    let revoked_server = ImapServer::start(&revoked.0, &revoked.1);
    let expired_server = ImapServer::start(&expired.0, &expired.1);
    let good_below_server = ImapServer::start(&good_below.0, &good_below.1);
    let revoked_below_server = ImapServer::start(&revoked_below.0, &revoked_below.1);
    let http = crl_server(&published, crl_port);
    let cli = Cli::new();

    // Online: the CRL is fetched, checked and kept.
    assert_connected(&add_account(&cli, &good_server, &ca), &good_server);
    assert_eq!(kept_crls(&cli), 1, "the CRL is kept in the profile");
    assert_refused(&add_account(&cli, &revoked_server, &ca), &revoked_server, "certificate_revoked");
    assert_refused(&add_account(&cli, &expired_server, &ca), &expired_server, "certificate_expired");
    assert_connected(&add_account(&cli, &good_below_server, &ca), &good_below_server);
    assert_refused(&add_account(&cli, &revoked_below_server, &ca), &revoked_below_server, "certificate_revoked");
    assert_eq!(kept_crls(&cli), 2, "the root's CRL and the intermediate's");

    // Offline: the distribution point is gone, the kept CRL (past its nextUpdate) answers.
    drop(http);
    std::thread::sleep(Duration::from_millis(1100));
    assert_refused(&add_account(&cli, &revoked_server, &ca), &revoked_server, "certificate_revoked");
    let before = good_server.received().len();
    assert_connected(&add_account(&cli, &good_server, &ca), &good_server);
    assert!(good_server.received().len() > before);

    // A CRL signed by another key under the same issuer name, revoking the good certificate:
    // it is not trusted. A new profile has nothing kept: the good certificate still passes
    // and nothing is kept. The first profile keeps its valid CRL, which still refuses the
    // revoked certificate.
    let forger = tmp.path().join("forger");
    // Same subject as the real authority, another key.
    authority(&forger, crl_port);
    openssl(&forger, &["ca", "-config", "ca.cnf", "-revoke", &good.0.to_string_lossy()]);
    crl(&forger, &published.join("ca.crl"));
    let _http = crl_server(&published, crl_port);
    let fresh = Cli::new();
    let before = good_server.received().len();
    assert_connected(&add_account(&fresh, &good_server, &ca), &good_server);
    assert!(good_server.received().len() > before);
    assert_eq!(kept_crls(&fresh), 0, "a CRL that does not verify was kept");
    assert_refused(&add_account(&cli, &revoked_server, &ca), &revoked_server, "certificate_revoked");
}

#[test]
fn the_igc_sante_option_is_explicit_and_the_operator_without_crls_still_syncs() {
    let op = Operator::start();
    let cli = Cli::new();
    let added = cli.add_account_with(&op, "physician", &[]);
    assert_ne!(added["trust_igc_sante"], true, "on by default for an address outside the MSSanté domain");
    let email = op.account("physician").email.clone();
    let on = cli.json(&["account", "igc-sante", &email, "on"]);
    assert_eq!(on["trust_igc_sante"], true);
    let listed = cli.json(&["account", "list"]);
    let account = listed.as_array().and_then(|a| a.iter().find(|a| a["email"] == email.as_str())).cloned().unwrap_or_default();
    assert_eq!(account["trust_igc_sante"], true, "{listed}");
    // The operator's own CA still answers for its servers, the IGC-Santé root beside it, and
    // its certificates name no CRL: nothing is fetched, nothing kept.
    let summary = cli.sync();
    assert!(summary.folders > 0, "the sync reached no folder");
    assert_eq!(kept_crls(&cli), 0);
    let off = cli.json(&["account", "igc-sante", &email, "off"]);
    assert_ne!(off["trust_igc_sante"], true);

    // Given at `account add`: the flag wins over the default.
    let other = Cli::new();
    let added = other.add_account_with(&op, "physician", &["--igc-sante", "on"]);
    assert_eq!(added["trust_igc_sante"], true);
}

/// What OpenSSL's `ca` signs for OCSP in `dir` (whose database `ca_database` made): server
/// certificates naming only the responder `http://127.0.0.1:{ocsp_port}` (no CRL), and a
/// delegated responder's certificate.
fn ocsp_extensions(dir: &Path, ocsp_port: u16) {
    let mut cnf = std::fs::read_to_string(dir.join("ca.cnf")).unwrap();
    cnf.push_str(&format!(
        "[ocsp_server]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\n\
         extendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1,DNS:localhost\n\
         authorityInfoAccess = OCSP;URI:http://127.0.0.1:{ocsp_port}\n\
         [ocsp_signing]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\n\
         extendedKeyUsage = OCSPSigning\n"
    ));
    std::fs::write(dir.join("ca.cnf"), cnf).unwrap();
}

/// A certificate signed by the authority in `dir` with the extensions of `section`.
fn certificate(dir: &Path, name: &str, section: &str) -> (PathBuf, PathBuf) {
    let (key, csr, pem) = (format!("{name}.key"), format!("{name}.csr"), format!("{name}.pem"));
    openssl(
        dir,
        &["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", &key, "-out", &csr, "-subj", "/CN=localhost"],
    );
    openssl(dir, &["ca", "-batch", "-config", "ca.cnf", "-extensions", section, "-in", &csr, "-out", &pem]);
    (dir.join(pem), dir.join(key))
}

/// OpenSSL's OCSP responder, stopped when dropped.
struct OcspResponder(Child);

impl Drop for OcspResponder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `openssl ocsp` on `port`, answering from the database `index` for the certificates of
/// `ca`, signing with `signer` (certificate and key); answers valid one minute. Ready once
/// it says so: a connection closed without a request sets this OpenSSL (3.0) spinning.
fn ocsp_responder(index: &Path, ca: &Path, signer: (&Path, &Path), port: u16) -> OcspResponder {
    let log = index.with_file_name(format!("responder-{port}.log"));
    let _ = std::fs::remove_file(&log);
    let child = Command::new("openssl")
        .args(["ocsp", "-port", &port.to_string(), "-nmin", "1", "-index"])
        .arg(index)
        .arg("-CA")
        .arg(ca)
        .arg("-rsigner")
        .arg(signer.0)
        .arg("-rkey")
        .arg(signer.1)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("openssl ocsp");
    let responder = OcspResponder(child);
    support::eventually("the OCSP responder listening", Duration::from_secs(10), || {
        std::fs::read_to_string(&log).is_ok_and(|said| said.contains("waiting for OCSP client connections"))
    });
    responder
}

fn kept_ocsp_answers(cli: &Cli) -> usize {
    std::fs::read_dir(cli.profile.join("ocsp")).map(|d| d.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "ocsp")).count()).unwrap_or(0)
}

#[test]
fn ocsp_answers_refuse_revoked_certificates_online_offline_and_stapled() {
    let started = std::time::Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let pki = tmp.path().join("ca");
    let ocsp_port = free_port();
    authority(&pki, free_port());
    ocsp_extensions(&pki, ocsp_port);
    let ca = pki.join("ca.pem");
    let good = certificate(&pki, "good", "ocsp_server");
    let revoked = certificate(&pki, "revoked", "ocsp_server");
    let stapled = certificate(&pki, "stapled", "ocsp_server");
    // The responder signs with a certificate of its own the authority issued for it.
    let responder = certificate(&pki, "responder", "ocsp_signing");
    openssl(&pki, &["ca", "-config", "ca.cnf", "-revoke", "revoked.pem"]);
    openssl(&pki, &["ca", "-config", "ca.cnf", "-revoke", "stapled.pem"]);
    // The stapled server's answer, made offline and signed by the authority itself.
    openssl(&pki, &["ocsp", "-issuer", "ca.pem", "-cert", "stapled.pem", "-no_nonce", "-reqout", "stapled.req"]);
    openssl(
        &pki,
        &["ocsp", "-index", "index.txt", "-CA", "ca.pem", "-rsigner", "ca.pem", "-rkey", "ca.key", "-reqin", "stapled.req", "-respout", "stapled.resp", "-ndays", "1"],
    );
    let staple = std::fs::read(pki.join("stapled.resp")).unwrap();

    let good_server = ImapServer::start(&good.0, &good.1);
    let revoked_server = ImapServer::start(&revoked.0, &revoked.1);
    let stapled_server = ImapServer::with_config(tls_config_stapling(&stapled.0, &stapled.1, staple));
    let cli = Cli::new();

    // Online: the responder is asked, its answers checked and kept.
    let real = ocsp_responder(&pki.join("index.txt"), &ca, (&responder.0, &responder.1), ocsp_port);
    assert_connected(&add_account(&cli, &good_server, &ca), &good_server);
    assert_eq!(kept_ocsp_answers(&cli), 1, "the answer is kept in the profile");
    assert_refused(&add_account(&cli, &revoked_server, &ca), &revoked_server, "certificate_revoked");
    assert_eq!(kept_ocsp_answers(&cli), 2, "the revoked answer is kept too");
    assert_eq!(kept_crls(&cli), 0, "nothing names a CRL");
    let kept_at = std::time::Instant::now();

    // The responder stopped: the kept answers, still current, decide.
    drop(real);
    assert_refused(&add_account(&cli, &revoked_server, &ca), &revoked_server, "certificate_revoked");
    let before = good_server.received().len();
    assert_connected(&add_account(&cli, &good_server, &ca), &good_server);
    assert!(good_server.received().len() > before);

    // Stapled "revoked", no responder to ask (and nothing kept in a new profile): refused.
    let fresh = Cli::new();
    assert_refused(&add_account(&fresh, &stapled_server, &ca), &stapled_server, "certificate_revoked");

    // A responder signing with another key under the authority's name, saying the good
    // certificate is revoked: not trusted. A new profile has nothing kept: the good
    // certificate passes (soft fail) and nothing is kept.
    let forger = tmp.path().join("forger");
    authority(&forger, free_port());
    openssl(&forger, &["ca", "-config", "ca.cnf", "-revoke", &good.0.to_string_lossy()]);
    let forged = ocsp_responder(&forger.join("index.txt"), &ca, (&forger.join("ca.pem"), &forger.join("ca.key")), ocsp_port);
    let other = Cli::new();
    let before = good_server.received().len();
    assert_connected(&add_account(&other, &good_server, &ca), &good_server);
    assert!(good_server.received().len() > before);
    assert_eq!(kept_ocsp_answers(&other), 0, "an answer that does not verify was kept");
    drop(forged);
    // Nor a responder whose certificate the authority signed for another use (the good
    // server's own, without id-kp-OCSPSigning), saying the truth: the revoked certificate
    // is not known as such then, and passes (soft fail).
    let misused = ocsp_responder(&pki.join("index.txt"), &ca, (&good.0, &good.1), ocsp_port);
    // (Another server with it: the first must still have received nothing at the end.)
    let revoked_server_again = ImapServer::start(&revoked.0, &revoked.1);
    let another = Cli::new();
    assert_connected(&add_account(&another, &revoked_server_again, &ca), &revoked_server_again);
    assert_eq!(kept_ocsp_answers(&another), 0, "an answer from an unauthorised responder was kept");
    drop(misused);

    // Offline past the answers' nextUpdate (one minute): the last valid ones still decide.
    let past = Duration::from_secs(62).saturating_sub(kept_at.elapsed());
    std::thread::sleep(past);
    assert_refused(&add_account(&cli, &revoked_server, &ca), &revoked_server, "certificate_revoked");
    let before = good_server.received().len();
    assert_connected(&add_account(&cli, &good_server, &ca), &good_server);
    assert!(good_server.received().len() > before);
    assert_eq!(kept_ocsp_answers(&cli), 2);
    eprintln!("OCSP test: {:?}", started.elapsed());
}
