//! The same first sync against the three IMAP servers of the test operator: Dovecot 2.3,
//! Courier-IMAP 5.0 (namespace "INBOX." with "." as delimiter; UIDPLUS and IDLE but no
//! CONDSTORE, QRESYNC, MOVE, SPECIAL-USE or UNSELECT) and Cyrus IMAP 3.6 (CONDSTORE, QRESYNC,
//! MOVE, UIDPLUS, SPECIAL-USE, UNSELECT, IDLE), and their "plain" listeners on the same stores
//! (`courier_plain`: no UIDPLUS; `cyrus_plain`: no MOVE, UIDPLUS, CONDSTORE, QRESYNC).
//! Messages are put on the server by another client (the probe), then `medimail sync` must
//! list them.

mod support;

use support::cli::Cli;
use support::probe::ImapProbe;
use support::Operator;

fn message(server: &str, n: u32) -> (String, Vec<u8>) {
    let id = format!("{server}-{n}@imap-servers.medimail.test");
    let raw = format!(
        "From: Dr Sophie Martin <sophie.martin@chu-toulouse.mssante.test>\r\n\
To: Dr Jean Dupont <jean.dupont@medimail.test>\r\n\
Subject: Compte rendu {n} ({server})\r\n\
Date: Mon, 3 Nov 2025 10:0{n}:00 +0100\r\n\
Message-ID: <{id}>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: 8bit\r\n\
\r\n\
Bonjour,\r\nVoici le compte rendu n\u{b0} {n} de votre patient.\r\nBien confraternellement.\r\n"
    );
    (id, raw.into_bytes())
}

fn sync_lists_two_appended_messages(server: &str) {
    let op = Operator::start_with(&["courier", "cyrus"]);
    let cli = Cli::new();
    cli.add_account_to(&op, "physician", server);

    let mut probe = ImapProbe::connect_to(&op, server, "physician");
    let mut ids = Vec::new();
    for n in 1..=2 {
        let (id, raw) = message(server, n);
        probe.append("INBOX", &raw);
        ids.push(id);
    }
    assert_eq!(probe.count("INBOX"), 2, "{server}: the probe sees its two messages");

    let summary = cli.sync();
    assert!(summary.fetched >= 2, "{server}: the sync fetched the INBOX messages ({summary:?})");

    let listed = cli.list("INBOX");
    for id in &ids {
        assert!(
            listed.iter().any(|m| m.message_id.as_deref() == Some(id.as_str())),
            "{server}: {id} listed in INBOX after sync; listed: {:?}",
            listed.iter().map(|m| (&m.message_id, &m.subject)).collect::<Vec<_>>()
        );
    }
    assert_eq!(listed.len(), 2, "{server}: INBOX holds exactly the two messages");
}

#[test]
fn dovecot_sync_lists_appended_messages() {
    sync_lists_two_appended_messages("dovecot");
}

#[test]
fn courier_sync_lists_appended_messages() {
    sync_lists_two_appended_messages("courier");
}

#[test]
fn cyrus_sync_lists_appended_messages() {
    sync_lists_two_appended_messages("cyrus");
}

#[test]
fn courier_without_uidplus_sync_lists_appended_messages() {
    sync_lists_two_appended_messages("courier_plain");
}

#[test]
fn cyrus_without_move_uidplus_condstore_qresync_sync_lists_appended_messages() {
    sync_lists_two_appended_messages("cyrus_plain");
}
