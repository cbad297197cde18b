//! `medimail card status` against the virtual CPS3 of dev/card (a private pcscd with two
//! readers), holding the operator's physician certificate: readers, card, holder, tries left,
//! and the card pulled out and put back.

mod support;

use std::process::Command;

use serde_json::Value;
use support::cli::Cli;
use support::card::CardBed;
use support::Operator;

fn status(cli: &Cli, bed: &CardBed) -> Value {
    let out = cli.command(&["card", "status"]).env("PCSCLITE_CSOCK_NAME", bed.socket()).output().expect("run medimail");
    assert!(out.status.success(), "card status: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("card status prints JSON")
}

#[test]
fn the_card_its_holder_and_its_tries_left_are_shown_without_asking_the_pin() {
    let op = Operator::start();
    let bed = CardBed::start(&op);
    let cli = Cli::new();
    let physician = op.account("physician");
    let rpps = physician.rpps.clone().expect("the physician has an RPPS number");

    let found = status(&cli, &bed);
    assert_eq!(found["state"], "ready", "{found:#}");
    let readers = found["readers"].as_array().expect("readers");
    assert_eq!(readers.len(), 2, "{found:#}");
    assert_eq!(readers[0]["name"], bed.env["reader"]);
    assert_eq!(readers[0]["card_present"], true);
    assert_eq!(readers[1]["name"], bed.env["empty_reader"]);
    assert_eq!(readers[1]["card_present"], false);
    let card = &found["card"];
    assert_eq!(card["reader"], bed.env["reader"]);
    assert_eq!(card["is_cps"], true);
    let holder = &bed.env["holder"];
    assert_eq!(card["holder"]["rpps"], rpps.as_str());
    assert_eq!(card["holder"]["national_id"], format!("8{rpps}"));
    assert_eq!(card["holder"]["surname"], holder["surname"]);
    assert_eq!(card["holder"]["given_name"], holder["given_name"]);
    assert_eq!(card["holder"]["profession"], holder["profession"]);
    assert_eq!(card["tries_left"], 3);
    assert_eq!(card["blocked"], false);
    assert!(card["not_after"].as_str().is_some_and(|d| d.ends_with('Z')), "{card:#}");

    // Asking twice spends nothing.
    assert_eq!(status(&cli, &bed)["card"]["tries_left"], 3);

    bed.run("remove");
    let empty = status(&cli, &bed);
    assert_eq!(empty["state"], "no_card", "{empty:#}");
    assert_eq!(empty["card"], Value::Null);
    assert!(empty["readers"].as_array().expect("readers").iter().all(|r| r["card_present"] == false), "{empty:#}");

    bed.run("insert");
    let back = status(&cli, &bed);
    assert_eq!(back["state"], "ready", "{back:#}");
    assert_eq!(back["card"]["holder"]["rpps"], rpps.as_str());

    let out = Command::new(support::cli::binary())
        .arg("--profile")
        .arg(&cli.profile)
        .args(["--lang", "fr", "card", "status"])
        .env("PCSCLITE_CSOCK_NAME", bed.socket())
        .env_remove("MEDIMAIL_PROFILE")
        .output()
        .expect("run medimail");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let name = format!("{} {}", holder["given_name"].as_str().unwrap_or_default(), holder["surname"].as_str().unwrap_or_default());
    assert!(text.contains(&name), "{text}");
    assert!(text.contains("3 essais"), "{text}");
}

#[test]
fn without_a_pc_sc_service_the_status_says_so() {
    let cli = Cli::new();
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = cli
        .command(&["card", "status"])
        .env("PCSCLITE_CSOCK_NAME", tmp.path().join("no-pcscd.comm"))
        .output()
        .expect("run medimail");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let found: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(found["state"], "no_service", "{found:#}");
    let human = Command::new(support::cli::binary())
        .arg("--profile")
        .arg(&cli.profile)
        .args(["--lang", "fr", "card", "status"])
        .env("PCSCLITE_CSOCK_NAME", tmp.path().join("no-pcscd.comm"))
        .env_remove("MEDIMAIL_PROFILE")
        .output()
        .expect("run medimail");
    assert!(human.status.success());
    assert!(String::from_utf8_lossy(&human.stdout).contains("(PC/SC) ne fonctionne pas"));
}

/// The test's own process talks to the card (the engine's `CardSession`): libpcsclite reads
/// `PCSCLITE_CSOCK_NAME` once per process, so this is the only test here that sets it for
/// itself; the others give it to the `medimail` they run.
#[test]
fn the_pin_unlocks_the_card_which_then_signs_and_three_wrong_pins_block_it() {
    use medimail_engine::card::{CardSession, PinOutcome};
    use secrecy::SecretString;

    let op = Operator::start();
    let bed = CardBed::start(&op);
    std::env::set_var("PCSCLITE_CSOCK_NAME", bed.socket());
    let pin = SecretString::from(bed.env["pin"].as_str().expect("the card's PIN").to_owned());
    let wrong = SecretString::from("0000".to_owned());

    let session = CardSession::open().expect("the card opens");
    let der = Command::new("openssl")
        .args(["x509", "-outform", "DER", "-in"])
        .arg(bed.env["cert_file"].as_str().expect("cert_file"))
        .output()
        .expect("run openssl");
    assert_eq!(session.certificate_der(), der.stdout.as_slice(), "the certificate read from the card is the operator's");

    let hash = [7u8; 32];
    let err = session.sign_digest_info(&hash).expect_err("no signature before the PIN");
    assert_eq!(medimail_engine::EngineError::from(err).code(), medimail_engine::ErrorCode::PinRequired);

    assert_eq!(session.verify_pin(&wrong).expect("VERIFY"), PinOutcome::Wrong { tries_left: 2 });
    assert!(!session.is_verified());
    let err = session.verify_pin(&wrong).expect("VERIFY").accepted().expect_err("a wrong PIN");
    assert_eq!(err.code(), medimail_engine::ErrorCode::PinWrong);
    assert!(err.to_string().contains("1 tries left"), "{err}");
    let err = session.verify_pin(&SecretString::from("12".to_owned())).expect_err("too short for a CPS PIN");
    assert_eq!(medimail_engine::EngineError::from(err).code(), medimail_engine::ErrorCode::PinFormat);
    // The right PIN puts the counter back to 3.
    assert_eq!(session.verify_pin(&pin).expect("VERIFY"), PinOutcome::Accepted);
    assert!(session.is_verified());

    let tmp = tempfile::tempdir().expect("temporary folder");
    let data = tmp.path().join("data");
    std::fs::write(&data, b"signed by the CPS").expect("write");
    let digest = Command::new("openssl").args(["dgst", "-sha256", "-binary"]).arg(&data).output().expect("run openssl");
    let hash: [u8; 32] = digest.stdout.as_slice().try_into().expect("a SHA-256 hash");
    let signature = session.sign_digest_info(&hash).expect("the card signs");
    assert_eq!(signature.len(), 256, "RSA 2048");
    // And again: the session keeps the PIN verified between uses.
    assert_eq!(session.sign_digest_info(&hash).expect("the card signs again"), signature, "PKCS#1 v1.5 is deterministic");
    let signature_file = tmp.path().join("signature");
    std::fs::write(&signature_file, &signature).expect("write");
    let public_key = tmp.path().join("public.pem");
    let out = Command::new("openssl")
        .args(["x509", "-pubkey", "-noout", "-in"])
        .arg(bed.env["cert_file"].as_str().expect("cert_file"))
        .arg("-out")
        .arg(&public_key)
        .output()
        .expect("run openssl");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new("openssl")
        .args(["dgst", "-sha256", "-verify"])
        .arg(&public_key)
        .arg("-signature")
        .arg(&signature_file)
        .arg(&data)
        .output()
        .expect("run openssl");
    assert!(out.status.success(), "the card's signature verifies against its certificate: {}", String::from_utf8_lossy(&out.stdout));

    // Three wrong PINs block the card, and then even the right one is refused.
    assert_eq!(session.verify_pin(&wrong).expect("VERIFY"), PinOutcome::Wrong { tries_left: 2 });
    assert_eq!(session.verify_pin(&wrong).expect("VERIFY"), PinOutcome::Wrong { tries_left: 1 });
    assert_eq!(session.verify_pin(&wrong).expect("VERIFY"), PinOutcome::Blocked);
    assert!(!session.is_verified());
    assert!(session.sign_digest_info(&hash).is_err());
    let blocked = session.verify_pin(&pin).expect("VERIFY");
    assert_eq!(blocked, PinOutcome::Blocked);
    assert_eq!(blocked.accepted().expect_err("blocked").code(), medimail_engine::ErrorCode::CardBlocked);

    bed.run("unblock");
    assert_eq!(session.verify_pin(&pin).expect("VERIFY"), PinOutcome::Accepted);
    assert_eq!(session.sign_digest_info(&hash).expect("the card signs once unblocked"), signature);

    // The card signs the TLS handshake (TLS 1.2, rsa_pkcs1_sha256) and Dovecot maps its
    // certificate to the physician for AUTHENTICATE EXTERNAL: the marker put in with the
    // password is found through the card.
    use medimail_engine::imap;
    use medimail_engine::server::{Login, Security, ServerAddress};
    use medimail_engine::tls::TlsPolicy;
    let physician = op.account("physician");
    let imaps = ServerAddress::new(op.env.host.clone(), op.env.ports.imaps, Security::ImplicitTls).expect("address");
    let trusting = || TlsPolicy::system().with_ca_file(&op.env.ca_file).expect("the operator's CA");
    let marker = format!("Marqueur carte {}", std::process::id());
    let session = std::sync::Arc::new(session);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let password = Login::Password { user: physician.login.clone(), password: SecretString::from(physician.password.clone()) };
        let mut by_password = imap::connect(&imaps, &trusting(), &password).await.expect("password login");
        let raw = format!("From: {0}\r\nTo: {0}\r\nSubject: {marker}\r\nMessage-ID: <card-{1}@test>\r\n\r\nCorps.\r\n", physician.email, std::process::id());
        by_password.append("INBOX", None, None, raw.as_bytes()).await.expect("APPEND");
        by_password.logout().await.expect("LOGOUT");

        let tls = trusting().with_card(std::sync::Arc::clone(&session));
        assert!(tls.signs_with_card());
        let mut by_card = imap::connect(&imaps, &tls, &Login::ClientCertificate).await.expect("AUTHENTICATE EXTERNAL with the card");
        by_card.select("INBOX").await.expect("SELECT INBOX");
        let found = by_card.uid_search(format!("SUBJECT \"{marker}\"")).await.expect("SEARCH");
        assert_eq!(found.len(), 1, "the physician's INBOX, reached through the card");
        by_card.logout().await.expect("LOGOUT");
    });
}
