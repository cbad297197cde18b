//! Random faults (issue 16): the IMAP line is cut at random points, over and over, while
//! mail keeps arriving and messages are sent (their copy in "Envoyés" goes over the faulty
//! line). Each faulty sync either completes or fails with a clear code; once the line is
//! sound again the store mirrors the server exactly (nothing lost, nothing twice) and each
//! sent message is in "Envoyés" and at its recipient exactly once.
//!
//! `MEDIMAIL_FAULT_POINTS` faults (10 in `make test`; `make faults` runs 200), from the
//! seed `MEDIMAIL_FAULT_SEED` (printed, to replay a failure).

mod support;

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};
use support::check::assert_mirrors;
use support::cli::{failure_of, Cli};
use support::notify::deliver_lmtp;
use support::probe::ImapProbe;
use support::proxy::CuttingProxy;
use support::Operator;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// How many times each Message-ID is in `folder` on the server.
fn copies(probe: &mut ImapProbe, folder: &str) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    for message in probe.messages(folder) {
        if let Some(id) = message.message_id {
            *found.entry(id.trim_matches(['<', '>']).to_owned()).or_insert(0) += 1;
        }
    }
    found
}

#[test]
fn random_cuts_of_the_line_lose_nothing_and_repeat_nothing() {
    let points = env_number("MEDIMAIL_FAULT_POINTS", 10);
    let seed = env_number("MEDIMAIL_FAULT_SEED", u64::from(std::process::id()) ^ 0x5EED);
    eprintln!("fault points: {points}, seed: {seed} (MEDIMAIL_FAULT_SEED={seed} replays them)");
    let mut rng = StdRng::seed_from_u64(seed);

    let op = Operator::start();
    op.seed_count("physician", "INBOX", 300);
    let physician = op.account("physician");
    let secretary = op.account("secretary");
    let proxy = CuttingProxy::start(SocketAddr::from((Ipv4Addr::LOCALHOST, op.env.ports.imaps)));
    let cli = Cli::new();
    cli.add_account_via(&op, "physician", proxy.port);
    let body = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(body.path(), "Compte rendu de consultation.").unwrap();
    let body = body.path().to_string_lossy().into_owned();

    let mut sent = Vec::new();
    let mut failed_syncs = 0;
    for point in 0..points {
        for n in 0..3 {
            let raw = format!(
                "From: <{from}>\r\nTo: <{to}>\r\nSubject: Arrivee {point}-{n}\r\nMessage-ID: <fault-{seed}-{point}-{n}@tests.local>\r\n\
                 Date: Mon, 7 Dec 2026 09:00:00 +0100\r\n\r\nTexte {point}-{n}.\r\n",
                from = secretary.email,
                to = physician.email
            );
            deliver_lmtp(&op, &secretary.email, &physician.email, &raw);
        }
        // Anywhere in the first 600 KB from the server (the first sync's FETCH), or, as often,
        // in the first 8 KB (the greeting, the login, a later sync's few answers, an APPEND).
        let within = if rng.next_u64() % 2 == 0 { 600_000 } else { 8_000 };
        proxy.cut_after(Some(rng.next_u64() % within));
        let out = cli.output_within(
            &["send", "--to", &secretary.email, "--subject", &format!("Courrier {point}"), "--body-file", &body],
            Duration::from_secs(120),
        );
        if out.status.success() {
            let entry: serde_json::Value = serde_json::from_slice(&out.stdout).expect("send prints JSON");
            sent.push(entry["message_id"].as_str().expect("a Message-ID").trim_matches(['<', '>']).to_owned());
        } else {
            let failure = failure_of(&out);
            panic!("the send itself goes to the SMTP server, which is sound: {}", failure.stderr);
        }
        let out = cli.output_within(&["sync"], Duration::from_secs(120));
        if !out.status.success() {
            failed_syncs += 1;
            let failure = failure_of(&out);
            assert!(
                matches!(failure.code.as_deref(), Some("network" | "server" | "timeout" | "tls")),
                "a clear code at fault point {point}: {}",
                failure.stderr
            );
        }
    }
    eprintln!("{failed_syncs} of {points} syncs were cut, {} cuts in all", proxy.cuts());

    proxy.cut_after(None);
    cli.sync();
    cli.sync();
    let mut probe = ImapProbe::connect(&op, "physician");
    assert_mirrors(&cli, &mut probe, "after the faults");
    let in_sent = copies(&mut probe, "Sent");
    let mut at_recipient = copies(&mut ImapProbe::connect(&op, "secretary"), "INBOX");
    for id in &sent {
        assert_eq!(in_sent.get(id), Some(&1), "{id} once in Envoyés: {in_sent:?}");
        assert_eq!(at_recipient.remove(id), Some(1), "{id} delivered once");
    }
}

/// The submission line cut at random points (issue 16): before the login, in the middle of
/// the envelope, while the message goes, or just before the server's "250" after it. Each
/// message reaches its recipient at most once, whatever the cut; one whose fate the app could
/// not know is `uncertain` and never sent again by itself; every other one is delivered
/// exactly once when the line is sound again, with exactly one copy in "Envoyés".
#[test]
fn random_cuts_of_the_submission_line_deliver_each_message_at_most_once() {
    let points = env_number("MEDIMAIL_FAULT_POINTS", 10);
    let seed = env_number("MEDIMAIL_FAULT_SEED", u64::from(std::process::id()) ^ 0x5307);
    eprintln!("submission fault points: {points}, seed: {seed} (MEDIMAIL_FAULT_SEED={seed} replays them)");
    let mut rng = StdRng::seed_from_u64(seed);

    let op = Operator::start();
    let secretary = op.account("secretary");
    let proxy = CuttingProxy::start(SocketAddr::from((Ipv4Addr::LOCALHOST, op.env.ports.submissions)));
    let cli = Cli::new();
    cli.add_account_through(&op, "physician", op.env.ports.imaps, proxy.port);
    // Some 40 KB of text: the message takes several TLS records, so that a cut can fall while
    // it goes as well as around it.
    let body = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(body.path(), "Compte rendu de consultation, ligne après ligne.\n".repeat(800)).unwrap();
    let body = body.path().to_string_lossy().into_owned();

    // Measured once without a fault: how many bytes a whole submission takes from the server,
    // so that the cuts fall anywhere in it, its very end included.
    let out = cli.output_within(&["send", "--to", &secretary.email, "--subject", "Sans coupure", "--body-file", &body], Duration::from_secs(120));
    assert!(out.status.success(), "a send on a sound line: {}", String::from_utf8_lossy(&out.stderr));
    let whole = proxy.server_bytes().into_iter().max().expect("one submission went through the proxy");
    eprintln!("a whole submission: {whole} bytes from the server");

    let mut refused_sends = 0;
    for point in 0..points {
        // Half anywhere (the TLS handshake is most of the bytes), half in the last 300: the
        // envelope's answers, DATA's, and the one after the message.
        let tail = whole.min(300);
        let cut = if rng.next_u64() % 2 == 0 { rng.next_u64() % (whole + 1) } else { whole - tail + rng.next_u64() % (tail + 1) };
        proxy.cut_after(Some(cut));
        let out = cli.output_within(
            &["send", "--to", &secretary.email, "--subject", &format!("Coupure {point}"), "--body-file", &body],
            Duration::from_secs(120),
        );
        if !out.status.success() {
            refused_sends += 1;
            let failure = failure_of(&out);
            assert!(
                matches!(failure.code.as_deref(), Some("network" | "server" | "timeout" | "tls")),
                "a clear code at submission fault point {point}: {}",
                failure.stderr
            );
        }
    }
    let entries: Vec<serde_json::Value> = serde_json::from_value(cli.json(&["outbox", "list"])).expect("the outbox as JSON");
    let state_of = |entries: &[serde_json::Value], state: &str| entries.iter().filter(|e| e["state"] == state).count();
    eprintln!(
        "{refused_sends} of {points} sends said an error, {} cuts; then {} sent, {} queued, {} uncertain",
        proxy.cuts(),
        state_of(&entries, "sent"),
        state_of(&entries, "queued"),
        state_of(&entries, "uncertain")
    );
    assert_eq!(entries.len() as u64, points + 1, "every message is in the outbox, whatever happened: {entries:#?}");

    // The line is sound again: the next sync hands over what waited, and only that.
    proxy.cut_after(None);
    cli.sync();
    let entries: Vec<serde_json::Value> = serde_json::from_value(cli.json(&["outbox", "list"])).expect("the outbox as JSON");
    for entry in &entries {
        assert!(
            entry["state"] == "sent" || entry["state"] == "uncertain",
            "nothing waits once the line is sound, and nothing failed for good: {entry:#}"
        );
    }
    let id_of = |e: &serde_json::Value| e["message_id"].as_str().expect("message_id").trim_matches(['<', '>']).to_owned();
    let sent: Vec<String> = entries.iter().filter(|e| e["state"] == "sent").map(id_of).collect();
    let uncertain: Vec<String> = entries.iter().filter(|e| e["state"] == "uncertain").map(id_of).collect();

    let mut at_secretary = ImapProbe::connect(&op, "secretary");
    support::eventually("every message sent is delivered", Duration::from_secs(60), || {
        let delivered = copies(&mut at_secretary, "INBOX");
        sent.iter().all(|id| delivered.contains_key(id))
    });
    // Late deliveries of uncertain ones, if any, have had the time to arrive too.
    std::thread::sleep(Duration::from_secs(2));
    let delivered = copies(&mut at_secretary, "INBOX");
    let in_sent = copies(&mut ImapProbe::connect(&op, "physician"), "Sent");
    for id in &sent {
        assert_eq!(delivered.get(id), Some(&1), "{id} delivered exactly once: {delivered:?}");
        assert_eq!(in_sent.get(id), Some(&1), "{id} once in Envoyés: {in_sent:?}");
    }
    for id in &uncertain {
        assert!(delivered.get(id).copied().unwrap_or(0) <= 1, "{id} (uncertain) delivered at most once: {delivered:?}");
    }
}
