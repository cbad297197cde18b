//! Auto-reply and automatic forwarding through the operator's ManageSieve (Dovecot
//! Pigeonhole, STARTTLS), with mail delivered by LMTP so that the server's own Sieve runs:
//! the vacation answers inside its dates and not outside them, a forwarded message reaches
//! the secretary while the physician keeps a copy, a rule someone else wrote survives every
//! change byte for byte, forwarding to oneself or in a loop is refused, and a script the
//! server refuses gives the French error with no server text.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Output, Stdio};
use std::time::Duration;

use medimail_engine::server::{Security, ServerAddress};
use medimail_engine::sieve;
use support::cli::Cli;
use support::probe::{operator_login, operator_tls, ImapProbe};
use support::{eventually, Operator};

/// `account add` with the operator's ManageSieve port.
fn add_with_sieve(cli: &Cli, op: &Operator, key: &str) {
    add_with_sieve_and(cli, op, key, &[]);
}

/// The same with more options of `account add`.
fn add_with_sieve_and(cli: &Cli, op: &Operator, key: &str, more: &[&str]) {
    let account = op.account(key);
    let imap = format!("{}:{}", op.env.host, op.env.ports.imaps);
    let smtp = format!("{}:{}", op.env.host, op.env.ports.submissions);
    let sieve = format!("{}:{}", op.env.host, op.env.ports.managesieve);
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let mut child = cli
        .command(&[
            "account", "add", "--email", &account.email, "--imap", &imap, "--smtp", &smtp, "--tls", "implicit", "--ca-file", &ca,
            "--login", &account.login, "--password-stdin", "--sieve", &sieve,
        ])
        .args(more)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{}\n", account.password).as_bytes()).unwrap();
    let out: Output = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let added: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(added["sieve_server"], sieve.as_str());
}

/// One message delivered by LMTP, as the operator's MTA delivers it.
fn deliver(op: &Operator, from: &str, to: &str, subject: &str) -> String {
    let message_id = format!("<{}.{}@test.sieve>", subject.replace(' ', "-"), std::process::id());
    let stream = TcpStream::connect(("127.0.0.1", op.env.ports.lmtp)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let answer = |reader: &mut BufReader<TcpStream>| loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with('2') || line.starts_with('3'), "LMTP: {line}");
        if line.as_bytes().get(3) != Some(&b'-') {
            return;
        }
    };
    answer(&mut reader);
    for command in ["LHLO test.sieve".to_owned(), format!("MAIL FROM:<{from}>"), format!("RCPT TO:<{to}>"), "DATA".to_owned()] {
        writer.write_all(format!("{command}\r\n").as_bytes()).unwrap();
        answer(&mut reader);
    }
    let body = format!(
        "From: <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\nBonjour.\r\n.\r\n"
    );
    writer.write_all(body.as_bytes()).unwrap();
    answer(&mut reader);
    writer.write_all(b"QUIT\r\n").unwrap();
    message_id
}

/// The subjects in a mailbox's INBOX (read independently of the app).
fn subjects(op: &Operator, key: &str) -> Vec<String> {
    let mut probe = ImapProbe::connect(op, key);
    let messages = probe.messages("INBOX");
    messages
        .iter()
        .map(|m| {
            let raw = probe.raw("INBOX", m.uid);
            mail_parser::MessageParser::default().parse(&raw).and_then(|p| p.subject().map(str::to_owned)).unwrap_or_default()
        })
        .collect()
}

fn rfc3339(offset_secs: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(offset_secs)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The raw ManageSieve operations, as another client (a webmail) would use them.
struct OtherClient {
    rt: tokio::runtime::Runtime,
    session: sieve::SieveSession,
}

impl OtherClient {
    fn connect(op: &Operator, key: &str) -> OtherClient {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let server = ServerAddress::new(op.env.host.clone(), op.env.ports.managesieve, Security::StartTls).unwrap();
        let session = rt.block_on(sieve::connect(&server, &operator_tls(op), &operator_login(op, key))).unwrap();
        OtherClient { rt, session }
    }

    fn put_active(&mut self, name: &str, script: &[u8]) {
        self.rt.block_on(sieve::raw::put(&mut self.session, name, script)).unwrap();
        self.rt.block_on(sieve::raw::activate(&mut self.session, name)).unwrap();
    }

    fn active(&mut self) -> Option<(String, Vec<u8>)> {
        self.rt.block_on(sieve::active_script(&mut self.session)).unwrap()
    }
}

fn text_file(dir: &std::path::Path, text: &str) -> String {
    let path = dir.join("message.txt");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn the_auto_reply_answers_inside_its_dates_only() {
    let op = Operator::start();
    let cli = Cli::new();
    add_with_sieve(&cli, &op, "physician");
    let dir = tempfile::tempdir().unwrap();
    let file = text_file(dir.path(), "Je suis absent.\nEn cas d'urgence, appelez le 15.");
    let physician = op.email("physician");

    // Inside the window.
    let (start, end) = (rfc3339(-3600), rfc3339(3600));
    let set = cli.json(&["autoreply", "set", "--subject", "Absent du cabinet", "--text-file", &file, "--start", &start, "--end", &end]);
    assert_eq!(set["enabled"], true);
    assert_eq!(set["subject"], "Absent du cabinet");
    let got = cli.json(&["autoreply", "get"]);
    assert_eq!(got, set, "read back from the server as written");
    assert!(got["html"].as_str().unwrap().contains("appelez le 15"));
    deliver(&op, &op.email("intern"), &physician, "Question patient");
    eventually("the vacation reply reaches the sender", Duration::from_secs(30), || {
        subjects(&op, "intern").iter().any(|s| s == "Absent du cabinet")
    });

    // Outside it (it starts tomorrow): the message arrives, nobody is answered.
    let (start, end) = (rfc3339(86_400), rfc3339(2 * 86_400));
    cli.json(&["autoreply", "set", "--subject", "Absent demain", "--text-file", &file, "--start", &start, "--end", &end]);
    deliver(&op, &op.email("secretary"), &physician, "Question secretariat");
    eventually("the message is delivered", Duration::from_secs(30), || {
        subjects(&op, "physician").iter().any(|s| s == "Question secretariat")
    });
    std::thread::sleep(Duration::from_secs(3));
    assert!(!subjects(&op, "secretary").iter().any(|s| s.starts_with("Absent")), "no reply outside the dates");

    // Off: the message and dates are kept for next time, the rule is gone.
    let off = cli.json(&["autoreply", "off"]);
    assert_eq!(off["enabled"], false);
    assert_eq!(off["subject"], "Absent demain");
    let (_, script) = OtherClient::connect(&op, "physician").active().unwrap();
    assert!(!String::from_utf8_lossy(&script).contains("vacation"), "no vacation rule left");
}

#[test]
fn forwarding_sends_a_copy_and_refuses_oneself_and_loops() {
    let op = Operator::start();
    let cli = Cli::new();
    add_with_sieve(&cli, &op, "physician");
    add_with_sieve(&cli, &op, "secretary");
    let physician = op.email("physician");
    let secretary = op.email("secretary");

    let forwards = cli.json(&["forward", "add", &secretary, "--account", &physician]);
    assert_eq!(forwards, serde_json::json!([secretary]));
    assert_eq!(cli.json(&["forward", "list", "--account", &physician]), serde_json::json!([secretary]));
    deliver(&op, &op.email("intern"), &physician, "Resultats labo");
    eventually("the secretary gets a copy", Duration::from_secs(30), || {
        subjects(&op, "secretary").iter().any(|s| s == "Resultats labo")
    });
    assert!(subjects(&op, "physician").iter().any(|s| s == "Resultats labo"), "the physician keeps the message");

    // Oneself, an invalid address, and a loop (the secretary forwarding back).
    let own = cli.fail(&["forward", "add", &physician.to_uppercase(), "--account", &physician]);
    assert_eq!(own.code.as_deref(), Some("invalid_input"), "{}", own.stderr);
    let french = cli.human_output("fr", &["forward", "add", &physician, "--account", &physician]);
    assert!(String::from_utf8_lossy(&french.stderr).contains("vers votre propre adresse"), "{}", String::from_utf8_lossy(&french.stderr));
    let invalid = cli.fail(&["forward", "add", "pas une adresse", "--account", &physician]);
    assert_eq!(invalid.code.as_deref(), Some("invalid_input"));
    // The secretary forwarding back to the physician, who forwards to her: a loop.
    let looped = cli.human_output("fr", &["forward", "add", &physician, "--account", &secretary]);
    let stderr = String::from_utf8_lossy(&looped.stderr);
    assert!(stderr.contains("en boucle"), "{stderr}");
    assert_eq!(cli.json(&["forward", "list", "--account", &secretary]), serde_json::json!([]));

    // Removed: nothing forwarded any more.
    assert_eq!(cli.json(&["forward", "remove", &secretary, "--account", &physician]), serde_json::json!([]));
    let unknown = cli.fail(&["forward", "remove", &secretary, "--account", &physician]);
    assert_eq!(unknown.code.as_deref(), Some("invalid_input"));
}

#[test]
fn a_rule_the_app_did_not_write_survives_set_and_off_byte_for_byte() {
    let op = Operator::start();
    let cli = Cli::new();
    add_with_sieve(&cli, &op, "physician");
    let foreign: &[u8] = b"require [\"fileinto\"]; # webmail\r\n\r\n# Lab results to Archive\r\nif header :contains \"subject\" \"[LABO]\" {\r\n  fileinto \"Archive\";\r\n}\r\n";
    let mut other = OtherClient::connect(&op, "physician");
    other.put_active("webmail", foreign);

    let dir = tempfile::tempdir().unwrap();
    let file = text_file(dir.path(), "Absent.");
    cli.json(&["autoreply", "set", "--subject", "Absent", "--text-file", &file]);
    cli.json(&["forward", "add", &op.email("secretary")]);
    let (name, script) = OtherClient::connect(&op, "physician").active().unwrap();
    assert_eq!(name, "webmail", "the user's active script is the one changed");
    let text = String::from_utf8_lossy(&script).into_owned();
    assert!(text.starts_with("require [\"fileinto\"]; # webmail\r\n# --- BEGIN MEDIMAIL"), "{text}");
    assert!(text.ends_with("# --- END MEDIMAIL ---\n\r\n# Lab results to Archive\r\nif header :contains \"subject\" \"[LABO]\" {\r\n  fileinto \"Archive\";\r\n}\r\n"));
    // The foreign rule still runs beside the app's.
    deliver(&op, &op.email("intern"), &op.email("physician"), "[LABO] NFS");
    eventually("the foreign rule files the message", Duration::from_secs(30), || ImapProbe::connect(&op, "physician").count("Archive") == 1);

    cli.json(&["autoreply", "off"]);
    cli.json(&["forward", "remove", &op.email("secretary")]);
    let (_, script) = OtherClient::connect(&op, "physician").active().unwrap();
    assert_eq!(script, foreign, "the script is back exactly as the other client wrote it");
}

#[test]
fn a_script_the_server_refuses_gives_the_french_error_and_changes_nothing() {
    let op = Operator::start();
    let cli = Cli::new();
    add_with_sieve(&cli, &op, "physician");
    // A script the server would not compile, put in place behind ManageSieve's back (as an
    // administrator or an old tool could): the app's section added to it does not compile.
    // Signing in once makes Dovecot create the mailbox's home, owned by its mail user.
    assert_eq!(cli.json(&["forward", "list"]), serde_json::json!([]));
    let email = op.email("physician");
    let (local, domain) = email.split_once('@').unwrap();
    let home = op.env.dir.join("mail").join(domain).join(local);
    let scripts = home.join("sieve");
    assert!(home.is_dir(), "{} made by the first sign-in", home.display());
    std::fs::create_dir_all(&scripts).unwrap();
    let broken: &[u8] = b"if header :contains \"subject\" \"x\" { fileinto \"Archive\"; }\n";
    std::fs::write(scripts.join("broken.sieve"), broken).unwrap();
    std::os::unix::fs::symlink("sieve/broken.sieve", home.join(".dovecot.sieve")).unwrap();
    {
        use std::os::unix::fs::MetadataExt;
        let owner = std::fs::metadata(&home).unwrap();
        for path in [scripts.clone(), scripts.join("broken.sieve")] {
            std::os::unix::fs::chown(&path, Some(owner.uid()), Some(owner.gid())).unwrap();
        }
        std::os::unix::fs::lchown(home.join(".dovecot.sieve"), Some(owner.uid()), Some(owner.gid())).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let file = text_file(dir.path(), "Absent.");
    let failed = cli.fail(&["autoreply", "set", "--subject", "Absent", "--text-file", &file]);
    assert_eq!(failed.code.as_deref(), Some("sieve_script_refused"), "{}", failed.stderr);
    let french = cli.human_output("fr", &["autoreply", "set", "--subject", "Absent", "--text-file", &file]);
    let stderr = String::from_utf8_lossy(&french.stderr);
    assert!(stderr.contains("Le serveur de messagerie a refusé les règles"), "{stderr}");
    assert!(!stderr.contains("fileinto") && !stderr.contains("line"), "no server text: {stderr}");
    assert_eq!(std::fs::read(scripts.join("broken.sieve")).unwrap(), broken, "nothing changed");
}

#[test]
fn a_pro_sante_connect_account_edits_its_rules_with_its_token() {
    let op = Operator::start_psc(120);
    let cli = Cli::new();
    let tmp = tempfile::tempdir().unwrap();
    let physician = op.account("physician").clone();
    let imap = format!("{}:{}", op.env.host, op.env.ports.imaps);
    let smtp = format!("{}:{}", op.env.host, op.env.ports.submissions);
    let sieve = format!("{}:{}", op.env.host, op.env.ports.managesieve);
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let psc = op.psc();
    let out = cli
        .command(&[
            "account", "add", "--auth", "psc", "--email", &physician.email, "--imap", &imap, "--smtp", &smtp, "--ca-file", &ca,
            "--psc-issuer", &psc.issuer, "--psc-client-id", &psc.client_id, "--sieve", &sieve,
        ])
        .env("BROWSER", support::psc::browser_script(&op, tmp.path(), "physician"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // ManageSieve signs in with XOAUTH2 and a fresh token, as IMAP does.
    assert_eq!(cli.json(&["forward", "add", &op.email("secretary")]), serde_json::json!([op.email("secretary")]));
    let (_, script) = OtherClient::connect(&op, "physician").active().unwrap();
    assert!(String::from_utf8_lossy(&script).contains(&format!("redirect :copy \"{}\";", op.email("secretary"))));
}

#[test]
fn a_card_account_edits_its_rules_with_the_cards_certificate() {
    let op = Operator::start();
    let bed = support::card::CardBed::start(&op);
    let cli = Cli::new();
    let imap = format!("{}:{}", op.env.host, op.env.ports.imaps);
    let smtp = format!("{}:{}", op.env.host, op.env.ports.submissions_cert);
    let sieve = format!("{}:{}", op.env.host, op.env.ports.managesieve);
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let email = op.email("physician");
    let out = bed.with_pin(&cli, &["account", "add", "--auth", "card", "--email", &email, "--imap", &imap, "--smtp", &smtp, "--ca-file", &ca, "--sieve", &sieve],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // TLS client authentication signed by the card, then SASL EXTERNAL, as IMAP does.
    let out = bed.with_pin(&cli, &["forward", "add", &op.email("secretary")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (_, script) = OtherClient::connect(&op, "physician").active().unwrap();
    assert!(String::from_utf8_lossy(&script).contains(&format!("redirect :copy \"{}\";", op.email("secretary"))));
}

#[test]
fn forwarding_to_an_organisational_mailbox_one_opens_is_refused() {
    let op = Operator::start();
    let cli = Cli::new();
    add_with_sieve_and(&cli, &op, "physician", &["--directory-url", &op.env.ldap.url]);
    // The operator's directory names the physician a member of the practice's mailbox.
    let orgbox = op.email("orgbox");
    let refused = cli.human_output("fr", &["forward", "add", &orgbox]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("vers votre propre adresse") && stderr.contains(&orgbox), "{stderr}");
    assert_eq!(cli.json(&["forward", "list"]), serde_json::json!([]));
}
