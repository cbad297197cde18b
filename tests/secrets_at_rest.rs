//! Nothing sensitive on disk outside the encrypted store and the keyring, and nothing in the
//! logs (issue 16). After a whole session through the command line against the local
//! operator (account added with its password, sync, read, search, a draft, a send, a reply),
//! every file of the profile folder and of the temporary folder the commands were given, and
//! everything they logged at the most verbose level (`MEDIMAIL_LOG=trace`, every crate), are
//! searched for the message's text and subject, what was written, the password and a
//! patient's address.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use support::cli::Cli;
use support::notify::deliver_lmtp;
use support::Operator;

/// Runs `medimail ARGS…` logging everything, with `tmp` as its temporary folder; its log is
/// added to `logs`.
fn run(cli: &Cli, tmp: &Path, logs: &mut Vec<u8>, args: &[&str], stdin: Option<&str>) -> Output {
    run_with(cli, tmp, logs, args, stdin, &[])
}

/// `run`, with more environment (the card's reader socket, the PSC browser).
fn run_with(cli: &Cli, tmp: &Path, logs: &mut Vec<u8>, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut child = cli
        .command(args)
        .env("MEDIMAIL_LOG", "trace")
        .env("TMPDIR", tmp)
        .envs(env.iter().copied())
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn medimail");
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    logs.extend_from_slice(&out.stderr);
    assert!(out.status.success(), "medimail {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or(""));
    out
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                found.push((path, bytes));
            }
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// No secret in any file of these folders, nor in the logs.
fn assert_nowhere(secrets: &[(&str, String)], folders: &[&Path], logs: &[u8]) {
    let on_disk: Vec<_> = folders.iter().flat_map(|dir| files(dir)).collect();
    assert!(on_disk.iter().any(|(p, _)| p.ends_with("medimail.db")), "the store is among the files searched");
    let logged = String::from_utf8_lossy(logs);
    for (what, secret) in secrets {
        for (path, bytes) in &on_disk {
            assert!(!contains(bytes, secret), "{what} is in the clear in {}", path.display());
        }
        let line = logged.lines().find(|l| l.contains(secret.as_str()));
        assert!(line.is_none(), "{what} is in the logs: {}", line.unwrap_or("").chars().take(300).collect::<String>());
    }
    assert!(logs.len() > 10_000, "the logs were written at the most verbose level ({} bytes)", logs.len());
}

#[test]
fn a_whole_session_leaves_no_message_text_password_or_patient_address_on_disk_or_in_the_logs() {
    let op = Operator::start();
    let physician = op.account("physician");
    let secretary = op.account("secretary");
    let cli = Cli::new();
    let scratch = tempfile::tempdir().unwrap();
    let tmp = scratch.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut logs = Vec::new();
    let pid = std::process::id();
    let received_subject = format!("Bilan sanguin Quirinal{pid}");
    let received_text = format!("Glycemie a jeun Zephyrine{pid}");
    let patient = "2850177123456-12@patient.mssante.fr";
    let draft_text = format!("Brouillon Oxalide{pid}");
    let sent_text = format!("Courrier Palimpseste{pid}");
    let reply_text = format!("Reponse Ombelline{pid}");
    let secrets = [
        ("a received subject", received_subject.clone()),
        ("a received text", received_text.clone()),
        ("a patient's address", patient.to_owned()),
        ("a draft's text", draft_text.clone()),
        ("a sent text", sent_text.clone()),
        ("a reply's text", reply_text.clone()),
        ("the password", physician.password.clone()),
    ];

    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let imap = format!("{}:{}", op.env.host, op.env.ports.imaps);
    let smtp = format!("{}:{}", op.env.host, op.env.ports.submissions);
    run(
        &cli,
        &tmp,
        &mut logs,
        &["account", "add", "--email", &physician.email, "--imap", &imap, "--smtp", &smtp, "--tls", "implicit", "--ca-file", &ca,
          "--login", &physician.login, "--password-stdin"],
        Some(&format!("{}\n", physician.password)),
    );
    deliver_lmtp(
        &op,
        &secretary.email,
        &physician.email,
        &format!(
            "From: Secretariat <{from}>\r\nTo: <{to}>\r\nCc: <{patient}>\r\nSubject: {received_subject}\r\n\
             Message-ID: <rest-{pid}@tests.local>\r\nDate: Mon, 7 Dec 2026 09:00:00 +0100\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n{received_text}\r\n",
            from = secretary.email,
            to = physician.email
        ),
    );
    run(&cli, &tmp, &mut logs, &["sync"], None);
    let listed: serde_json::Value = serde_json::from_slice(&run(&cli, &tmp, &mut logs, &["list", "--folder", "INBOX"], None).stdout).unwrap();
    let id = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["subject"] == received_subject.as_str())
        .and_then(|m| m["id"].as_i64())
        .expect("the message is listed");
    let id = id.to_string();
    let shown = run(&cli, &tmp, &mut logs, &["show", &id], None);
    assert!(contains(&shown.stdout, &received_text), "the message is read");
    let found = run(&cli, &tmp, &mut logs, &["search", &format!("Zephyrine{pid}")], None);
    assert!(contains(&found.stdout, &received_subject), "the search finds it");

    let texts = scratch.path().join("texts");
    std::fs::create_dir(&texts).unwrap();
    let file = |name: &str, text: &str| {
        let path = texts.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    };
    let draft = file("draft.txt", &draft_text);
    run(&cli, &tmp, &mut logs, &["draft", "save", "--to", &secretary.email, "--subject", "Brouillon", "--body-file", &draft], None);
    let sent = file("sent.txt", &sent_text);
    run(&cli, &tmp, &mut logs, &["send", "--to", &secretary.email, "--subject", "Courrier", "--body-file", &sent], None);
    let reply = file("reply.txt", &reply_text);
    run(&cli, &tmp, &mut logs, &["reply", &id, "--body-file", &reply], None);
    run(&cli, &tmp, &mut logs, &["sync"], None);
    std::fs::remove_dir_all(&texts).unwrap();

    assert_nowhere(&secrets, &[cli.profile.as_path(), &tmp], &logs);
}

/// The same for what proves who signs in (issue 16): a CPS card's PIN (a card account that
/// syncs and sends, then the window's lock opened with the PIN again) and a Pro Santé Connect
/// session (its refresh token, which the keyring keeps, and the session resumed from it).
#[test]
fn a_card_sign_in_a_lock_and_a_psc_session_leave_no_pin_or_token_on_disk_or_in_the_logs() {
    let op = Operator::start_psc(120);
    op.seed();
    let pin = "73914682";
    let bed = support::card::CardBed::start_with(&op, &["--pin", pin]);
    let physician = op.account("physician");
    let intern = op.account("intern");
    let cli = Cli::new();
    let scratch = tempfile::tempdir().unwrap();
    let tmp = scratch.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut logs = Vec::new();
    let card = [("PCSCLITE_CSOCK_NAME", bed.socket())];
    let with_pin = Some(format!("{pin}\n"));

    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let imap = format!("{}:{}", op.env.host, op.env.ports.imaps);
    run_with(
        &cli,
        &tmp,
        &mut logs,
        &["account", "add", "--auth", "card", "--email", &physician.email, "--imap", &imap,
          "--smtp", &format!("{}:{}", op.env.host, op.env.ports.submissions_cert), "--ca-file", &ca, "--pin-stdin"],
        with_pin.as_deref(),
        &card,
    );
    run_with(&cli, &tmp, &mut logs, &["sync", "--pin-stdin"], with_pin.as_deref(), &card);
    let body = scratch.path().join("body.txt");
    std::fs::write(&body, "Bonjour.").unwrap();
    run_with(
        &cli,
        &tmp,
        &mut logs,
        &["send", "--to", &intern.email, "--subject", "Avec la carte", "--body-file", &body.to_string_lossy(), "--pin-stdin"],
        with_pin.as_deref(),
        &card,
    );

    // The window's lock, opened with the PIN (in this process: the engine as the window has it).
    std::env::set_var("PCSCLITE_CSOCK_NAME", bed.socket());
    let engine = medimail_engine::Engine::open(medimail_engine::Profile::open(Some(&cli.profile)).unwrap()).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(engine.sign_in_with_card(secrecy::SecretString::from(pin.to_owned()))).expect("the PIN signs in");
    assert!(engine.lock_session().expect("the lock").locked);
    rt.block_on(engine.sign_in_with_card(secrecy::SecretString::from(pin.to_owned()))).expect("the PIN opens the lock");
    assert!(!engine.is_session_locked());
    drop(engine);

    // A PSC account beside it: signed in in the browser, then resumed by the next commands.
    let browser = support::psc::browser_script(&op, scratch.path(), "intern");
    let psc = op.psc();
    let browser_env = [("BROWSER", browser.to_str().unwrap()), card[0]];
    run_with(
        &cli,
        &tmp,
        &mut logs,
        &["account", "add", "--auth", "psc", "--email", &intern.email, "--imap", &imap,
          "--smtp", &format!("{}:{}", op.env.host, op.env.ports.submissions), "--ca-file", &ca,
          "--psc-issuer", &psc.issuer, "--psc-client-id", &psc.client_id],
        None,
        &browser_env,
    );
    run_with(&cli, &tmp, &mut logs, &["sync", "--pin-stdin"], with_pin.as_deref(), &card);
    let grant = medimail_engine::secrets::psc_grant(&cli.profile, &intern.email).expect("keyring").expect("the PSC session is kept");

    let secrets = [("the card's PIN", pin.to_owned()), ("the PSC refresh token", secrecy::ExposeSecret::expose_secret(&grant).to_owned())];
    assert_nowhere(&secrets, &[cli.profile.as_path(), &tmp], &logs);
}
