
use super::*;
use chrono::FixedOffset;

use crate::compose::AccountKind;
use crate::mime;
use crate::Lang;
use crate::server::{Security, ServerAddress};
use crate::extract::testing::fetched_at;
use crate::store::testing::open_temp;
use crate::store::{
    MessageFilter, NewAccount, OpeningRow, Outgoing, ReceiptKind, ReceiptRecord, ServerFolder, Store,
};
use crate::types::{FolderRole, SortKey};

const SENT: &str = "From: Jean Dupont <jean.dupont@medimail.test>\r\n\
To: nathalie.girard@medimail.test, nobody@medimail.test\r\n\
Subject: Test DSN\r\nMessage-ID: <orig-123@medimail.test>\r\n\
Date: Thu, 26 Nov 2026 15:34:00 +0000\r\n\
Disposition-Notification-To: <jean.dupont@medimail.test>\r\n\r\nBonjour.\r\n";

fn paris() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

struct Mailbox {
    store: Store,
    _dir: tempfile::TempDir,
    account: i64,
    inbox: i64,
    sent: i64,
    archive: i64,
    next_uid: u32,
}

impl Mailbox {
    fn new() -> Mailbox {
        let (dir, mut store) = open_temp();
        let server = ServerAddress::new("127.0.0.1", 993, Security::ImplicitTls).unwrap();
        let account = store
            .add_account(&NewAccount {
                email: "jean.dupont@medimail.test".into(),
                display_name: Some("Jean Dupont".into()),
                login: "jean.dupont@medimail.test".into(),
                imap: server.clone(),
                smtp: server,
                ca_file: None,
                kind: AccountKind::Personnel,
                auth: crate::types::AuthMethod::Password,
                practitioner_id: None,
                psc: None,
                password_reset_url: None,
                trust_igc_sante: false,
            })
            .unwrap()
            .id;
        let folder = |name: &str, role| ServerFolder { name: name.into(), path: name.into(), delimiter: Some("/".into()), role, selectable: true };
        let folders = store
            .record_server_folders(
                account,
                &[folder("INBOX", Some(FolderRole::Inbox)), folder("Sent", Some(FolderRole::Sent)), folder("Archive", Some(FolderRole::Archive))],
            )
            .unwrap();
        let id = |name: &str| folders.iter().find(|f| f.name == name).unwrap().id;
        Mailbox { inbox: id("INBOX"), sent: id("Sent"), archive: id("Archive"), store, _dir: dir, account, next_uid: 1 }
    }

    fn deliver(&mut self, folder: i64, raw: &str) -> i64 {
        let raw = raw.as_bytes().to_vec();
        self.next_uid += 1;
        let fetched = fetched_at(raw, 1, self.next_uid, Some(1_795_700_000));
        match self.store.record_fetched(self.account, folder, &[fetched]).unwrap()[0] {
            crate::store::Insertion::New(id) | crate::store::Insertion::Adopted(id) => id,
            crate::store::Insertion::Known(id) => id,
        }
    }

    fn receipts(&self) -> Vec<ReceiptRecord> {
        self.store.receipts_for(self.account, "orig-123@medimail.test").unwrap()
    }

    fn sent_state(&self) -> Option<OpenState> {
        let filter = MessageFilter { account_id: Some(self.account), folder_id: Some(self.sent), ..Default::default() };
        self.store.list_messages(&filter, SortKey::Date, true, 10, 0).unwrap()[0].open_state
    }
}

fn facts(recipients: &[&str], mdn_requested: bool) -> SentFacts {
    SentFacts {
        id: 7,
        message_id: Some("orig-123@medimail.test".into()),
        sent_at: Some(1_741_790_640), // 12/03/2025 15:44 in Paris
        recipients: recipients.iter().map(|r| r.to_string()).collect(),
        mdn_requested,
    }
}

fn receipt(kind: ReceiptKind, recipient: &str, action: &str, at: Option<i64>) -> ReceiptRecord {
    ReceiptRecord {
        kind,
        recipient: recipient.into(),
        action: action.into(),
        error: false,
        status: None,
        diagnostic: None,
        event_at: at,
    }
}

// ---- the four states ------------------------------------------------------------------

#[test]
fn timeline_kinds_name_their_sentences_as_the_ui_gets_them() {
    for kind in [TimelineKind::Sent, TimelineKind::DeliveryFailed, TimelineKind::ReceiptError, TimelineKind::OpenUnknown] {
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
}

#[test]
fn open_states_follow_the_seed() {
    assert_eq!(OpenState::compute(Some(2), 2, true), OpenState::AllOpened);
    assert_eq!(OpenState::compute(Some(2), 1, true), OpenState::SomeOpened);
    assert_eq!(OpenState::compute(Some(2), 0, true), OpenState::NoneOpened);
    assert_eq!(OpenState::compute(Some(2), 0, false), OpenState::NoInformation);
    // Recipients unknown: one opening is "at least one", never "all".
    assert_eq!(OpenState::compute(None, 1, true), OpenState::SomeOpened);
    for state in [OpenState::AllOpened, OpenState::SomeOpened, OpenState::NoneOpened, OpenState::NoInformation] {
        assert_eq!(OpenState::parse(state.as_str()), Some(state));
    }
}

// ---- timeline -------------------------------------------------------------------------

#[test]
fn the_timeline_reads_like_the_seed() {
    let receipts = [receipt(ReceiptKind::Mdn, "nadege.vives@esante-occitanie.fr", "displayed", Some(1_741_790_700))];
    let t = build_timeline(&facts(&["nadege.vives@esante-occitanie.fr"], true), &receipts);
    let lines: Vec<String> = t.events.iter().map(|e| e.text.say(Lang::Fr)).collect();
    assert_eq!(
        lines,
        ["Envoi du message", "nadege.vives@esante-occitanie.fr a ouvert le message"]
    );
    assert_eq!(t.events[1].text.say(Lang::En), "nadege.vives@esante-occitanie.fr opened the message");
    assert_eq!(t.events[1].at, Some(1_741_790_700));
    assert_eq!(t.events[1].kind, TimelineKind::Opened);
    assert_eq!(t.open_state, OpenState::AllOpened);
    assert_eq!(t.message_id.as_deref(), Some("orig-123@medimail.test"));
}

#[test]
fn no_receipt_reads_like_the_seed_too() {
    let t = build_timeline(&facts(&["christine.leclercq@medecin.mssante.fr"], false), &[]);
    let lines: Vec<String> = t.events.iter().map(|e| e.text.say(Lang::Fr)).collect();
    assert_eq!(
        lines,
        [
            "Envoi du message",
            "Information sur l'ouverture du message non disponible pour christine.leclercq@medecin.mssante.fr"
        ]
    );
    assert_eq!(t.events[1].kind, TimelineKind::OpenUnknown);
    assert_eq!(t.events[1].at, None);
    assert_eq!(t.open_state, OpenState::NoInformation);
}

#[test]
fn delivery_reports_and_failures_with_the_server_reason() {
    let mut failed = receipt(ReceiptKind::Dsn, "nobody@medimail.test", "failed", Some(1_741_790_650));
    failed.status = Some("5.1.1".into());
    failed.diagnostic = Some("550 5.1.1 <nobody@medimail.test> User doesn't exist: nobody@medimail.test".into());
    let receipts = [
        receipt(ReceiptKind::Mdn, "nathalie.girard@medimail.test", "displayed", Some(1_741_790_900)),
        failed,
        receipt(ReceiptKind::Dsn, "nathalie.girard@medimail.test", "relayed", Some(1_741_790_650)),
    ];
    let t = build_timeline(&facts(&["Nathalie.Girard@medimail.test", "nobody@medimail.test"], true), &receipts);
    let lines: Vec<String> = t.events.iter().map(|e| e.text.say(Lang::Fr)).collect();
    assert_eq!(
        lines,
        [
            "Envoi du message",
            "Échec de la remise à nobody@medimail.test",
            "Message transmis au serveur de nathalie.girard@medimail.test",
            "nathalie.girard@medimail.test a ouvert le message",
        ]
    );
    assert_eq!(t.events[1].kind, TimelineKind::DeliveryFailed);
    assert!(t.events[1].detail.as_deref().unwrap().contains("User doesn't exist"));
    // The bounced recipient never opened it: "at least one", not "all" (documented choice).
    assert_eq!(t.open_state, OpenState::SomeOpened);
}

#[test]
fn other_dispositions_and_delays() {
    let mut error = receipt(ReceiptKind::Mdn, "c@x.test", "processed", Some(1_741_790_800));
    error.error = true;
    error.diagnostic = Some("mailbox full".into());
    let mut delayed = receipt(ReceiptKind::Dsn, "d@x.test", "delayed", None);
    delayed.status = Some("4.4.1".into());
    let receipts = [
        receipt(ReceiptKind::Mdn, "a@x.test", "deleted", Some(1_741_790_700)),
        receipt(ReceiptKind::Mdn, "b@x.test", "dispatched", Some(1_741_790_750)),
        error,
        delayed,
        receipt(ReceiptKind::Dsn, "e@x.test", "delivered", Some(1_741_790_660)),
        receipt(ReceiptKind::Dsn, "e@x.test", "nonsense", Some(1_741_790_660)),
    ];
    let t = build_timeline(&facts(&["a@x.test", "b@x.test", "c@x.test", "d@x.test", "e@x.test"], true), &receipts);
    let kinds: Vec<TimelineKind> = t.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            TimelineKind::Sent,
            TimelineKind::Delivered,
            TimelineKind::Deleted,
            TimelineKind::Processed,
            TimelineKind::ReceiptError,
            TimelineKind::Delayed,
            TimelineKind::OpenUnknown,
            TimelineKind::OpenUnknown,
        ]
    );
    assert_eq!(t.events[4].detail.as_deref(), Some("mailbox full"));
    assert_eq!(t.events[5].text.say(Lang::Fr), "Remise retardée pour d@x.test");
    assert_eq!(t.events[5].detail.as_deref(), Some("4.4.1"));
    assert_eq!(t.events[6].recipient.as_deref(), Some("d@x.test"));
    assert_eq!(t.open_state, OpenState::NoneOpened);
}

// ---- read receipts we send --------------------------------------------------------------

#[test]
fn the_policy_decides_and_never_twice() {
    let asked = MdnFacts { requested_by: Some("jean.dupont@medimail.test".into()), ..Default::default() };
    assert_eq!(decide(MdnPolicy::Always, &asked), MdnDecision::Sent);
    assert_eq!(decide(MdnPolicy::Ask, &asked), MdnDecision::AskUser);
    assert_eq!(decide(MdnPolicy::Never, &asked), MdnDecision::Never);
    assert_eq!(decide(MdnPolicy::Always, &MdnFacts::default()), MdnDecision::NotRequested);
    for policy in [MdnPolicy::Always, MdnPolicy::Ask, MdnPolicy::Never] {
        assert_eq!(decide(policy, &MdnFacts { already_sent: true, ..asked.clone() }), MdnDecision::AlreadySent);
        assert_eq!(decide(policy, &MdnFacts { is_report: true, ..asked.clone() }), MdnDecision::NotRequested);
        assert_eq!(decide(policy, &MdnFacts { ours: true, ..asked.clone() }), MdnDecision::NotRequested);
    }
    let same_sender = MdnFacts { return_path: Some("Jean.Dupont@medimail.test".into()), ..asked.clone() };
    assert_eq!(decide(MdnPolicy::Always, &same_sender), MdnDecision::Sent);
    let elsewhere = MdnFacts { return_path: Some("tracker@elsewhere.test".into()), ..asked };
    assert_eq!(decide(MdnPolicy::Always, &elsewhere), MdnDecision::AskUser);
    assert_eq!(MdnPolicy::default(), MdnPolicy::Ask);
}

#[test]
fn the_receipt_id_is_derived_from_the_original() {
    let a = mdn_message_id("nathalie.girard@medimail.test", "orig-123@medimail.test");
    assert_eq!(a, mdn_message_id("Nathalie.Girard@medimail.test", "orig-123@medimail.test"));
    assert_ne!(a, mdn_message_id("nathalie.girard@medimail.test", "orig-124@medimail.test"));
    assert!(a.starts_with("mdn-") && a.ends_with("@medimail.test"));
}

#[test]
fn a_built_receipt_is_a_proper_rfc_8098_report() {
    let id = mdn_message_id("nathalie.girard@medimail.test", "orig-123@medimail.test");
    let built = build_mdn(
        &MdnRequest {
            account_email: "nathalie.girard@medimail.test",
            account_name: Some("Nathalie Girard"),
            to: "jean.dupont@medimail.test",
            original_message_id: Some("orig-123@medimail.test"),
            original_subject: "Compte rendu — Mme Durand",
            original_date: Some(1_741_790_640),
            original_recipient: None,
            opened_at: 1_741_790_700,
            sent_automatically: true,
            mdn_message_id: &id,
        },
        &paris(),
    )
    .unwrap();
    let text = String::from_utf8(built.raw.clone()).unwrap();
    assert!(text.contains("multipart/report"), "{text}");
    assert!(text.contains("report-type=disposition-notification"), "{text}");
    assert_eq!(built.envelope_to, ["jean.dupont@medimail.test"]);
    let parsed = mime::parse(&built.raw);
    assert_eq!(parsed.is_report, Some(mime::ReportKind::DispositionNotification));
    assert_eq!(parsed.message_id.as_deref(), Some(id.as_str()));
    assert_eq!(parsed.in_reply_to, ["orig-123@medimail.test"]);
    assert_eq!(parsed.subject, "Accusé de lecture : Compte rendu — Mme Durand");
    assert!(
        parsed.body_text.contains(
            "Votre message « Compte rendu — Mme Durand » envoyé le 12/03/2025 à 15:44 à nathalie.girard@medimail.test \
             a été ouvert le 12/03/2025 à 15:45."
        ),
        "{}",
        parsed.body_text
    );
    let Some(mime::Report::Disposition(mdn)) = mime::parse_report(&built.raw) else { panic!("not an MDN:\n{text}") };
    assert_eq!(mdn.original_message_id.as_deref(), Some("orig-123@medimail.test"));
    assert_eq!(mdn.final_recipient.as_deref(), Some("nathalie.girard@medimail.test"));
    assert_eq!(mdn.original_recipient.as_deref(), Some("nathalie.girard@medimail.test"));
    assert_eq!(mdn.disposition_text, "manual-action/MDN-sent-automatically; displayed");
    assert_eq!(mdn.disposition.kind, mime::DispositionKind::Displayed);
}

/// Found by the reports fuzz target: the original's sender can work out the receipt's
/// Message-ID, hence its boundary, and a subject holding it ended the report early.
#[test]
fn a_subject_holding_the_boundary_does_not_break_the_receipt() {
    let id = mdn_message_id("a@x.test", "orig@x.test");
    let predictable = format!("mdn-{}", hex::encode(&<sha2::Sha256 as sha2::Digest>::digest(id.as_bytes())[..12]));
    let subject = format!("{} --{predictable}-- --{predictable}", "x".repeat(60));
    let built = build_mdn(
        &MdnRequest {
            account_email: "a@x.test",
            account_name: None,
            to: "b@x.test",
            original_message_id: Some("orig@x.test"),
            original_subject: &subject,
            original_date: None,
            original_recipient: None,
            opened_at: 0,
            sent_automatically: false,
            mdn_message_id: &id,
        },
        &paris(),
    )
    .unwrap();
    let Some(mime::Report::Disposition(mdn)) = mime::parse_report(&built.raw) else {
        panic!("not an MDN:\n{}", String::from_utf8_lossy(&built.raw))
    };
    assert_eq!(mdn.original_message_id.as_deref(), Some("orig@x.test"));
}

#[test]
fn a_hostile_subject_cannot_add_headers() {
    let built = build_mdn(
        &MdnRequest {
            account_email: "a@x.test",
            account_name: None,
            to: "b@x.test",
            original_message_id: None,
            original_subject: "x\r\nBcc: spy@evil.test",
            original_date: None,
            original_recipient: None,
            opened_at: 0,
            sent_automatically: false,
            mdn_message_id: "mdn-1@x.test",
        },
        &paris(),
    )
    .unwrap();
    let text = String::from_utf8_lossy(&built.raw);
    assert!(!text.lines().any(|l| l.starts_with("Bcc:")), "{text}");
    assert!(build_mdn(
        &MdnRequest { to: "not an address", account_email: "a@x.test", account_name: None, original_message_id: None,
            original_subject: "", original_date: None, original_recipient: None, opened_at: 0, sent_automatically: false,
            mdn_message_id: "mdn-2@x.test" },
        &paris()
    )
    .is_err());
}

// ---- notifications ----------------------------------------------------------------------

#[test]
fn openings_are_announced_only_when_enabled_and_recent() {
    let now = 1_800_000_000;
    let row = OpeningRow {
        recipient: "nathalie.girard@medimail.test".into(),
        event_at: Some(now - 60),
        recorded_at: now,
        sent_row_id: Some(3),
        opened: 2,
        recipients: 2,
    };
    assert_eq!(opening_notice(false, now, &row), None);
    let notice = opening_notice(true, now, &row).unwrap();
    assert_eq!(notice.text.say(Lang::Fr), "nathalie.girard@medimail.test a ouvert votre message. Tous les destinataires l'ont ouvert.");
    assert!(notice.all_opened);
    assert_eq!(notice.message, Some(3));
    let old = OpeningRow { event_at: Some(now - NOTICE_WINDOW_SECS - 1), ..row.clone() };
    assert_eq!(opening_notice(true, now, &old), None);
    let undated = OpeningRow { event_at: None, opened: 1, ..row };
    let notice = opening_notice(true, now, &undated).unwrap();
    assert!(!notice.all_opened);
    assert_eq!(notice.text.say(Lang::En), "nathalie.girard@medimail.test opened your message.");
}

// ---- the store ------------------------------------------------------------------------

#[test]
fn sync_records_reports_once_and_the_sent_list_follows() {
    let mut mb = Mailbox::new();
    let sent_id = mb.deliver(mb.sent, SENT);
    assert_eq!(mb.store.mdn_request(mb.account, "orig-123@medimail.test").unwrap(), Some(2));
    assert_eq!(mb.sent_state(), Some(OpenState::NoneOpened));

    let bounce_id = mb.deliver(mb.inbox, samples::POSTFIX_BOUNCE);
    mb.deliver(mb.inbox, samples::POSTFIX_SUCCESS);
    let receipts = mb.receipts();
    assert_eq!(receipts.len(), 2, "{receipts:?}");
    let failed = receipts.iter().find(|r| r.action == "failed").unwrap();
    assert_eq!(failed.recipient, "nobody@medimail.test");
    assert_eq!(failed.status.as_deref(), Some("5.1.1"));
    assert!(receipts.iter().any(|r| r.action == "relayed" && r.recipient == "nathalie.girard@medimail.test"));

    // The same reports met again (copied to another folder by another client).
    mb.deliver(mb.archive, samples::POSTFIX_BOUNCE);
    mb.deliver(mb.archive, samples::THUNDERBIRD_MDN);
    mb.deliver(mb.inbox, samples::THUNDERBIRD_MDN);
    let receipts = mb.receipts();
    assert_eq!(receipts.len(), 3, "{receipts:?}");
    assert_eq!(mb.sent_state(), Some(OpenState::SomeOpened));

    // Purging a report keeps what it said.
    mb.store.purge_messages(&[bounce_id]).unwrap();
    assert_eq!(mb.receipts().len(), 3);

    // Outside Sent there is no opening state.
    let filter = MessageFilter { account_id: Some(mb.account), folder_id: Some(mb.inbox), ..Default::default() };
    assert!(mb.store.list_messages(&filter, SortKey::Date, true, 10, 0).unwrap().iter().all(|m| m.open_state.is_none()));
    assert_eq!(mb.store.message_summary(sent_id).unwrap().open_state, Some(OpenState::SomeOpened));
}

#[test]
fn every_recipient_opening_makes_all_opened() {
    let mut mb = Mailbox::new();
    mb.deliver(mb.sent, &SENT.replace("To: nathalie.girard@medimail.test, nobody@medimail.test", "To: nathalie.girard@medimail.test"));
    mb.deliver(mb.inbox, samples::THUNDERBIRD_MDN);
    assert_eq!(mb.sent_state(), Some(OpenState::AllOpened));
}

#[test]
fn a_sent_message_without_receipt_request_has_no_information() {
    let mut mb = Mailbox::new();
    mb.deliver(mb.sent, &SENT.replace("Disposition-Notification-To: <jean.dupont@medimail.test>\r\n", ""));
    assert_eq!(mb.store.mdn_request(mb.account, "orig-123@medimail.test").unwrap(), None);
    assert_eq!(mb.sent_state(), Some(OpenState::NoInformation));
    // A message received from someone else with a request is not ours to track.
    mb.deliver(mb.inbox, &SENT.replace("From: Jean Dupont <jean.dupont@medimail.test>", "From: x@y.test").replace("orig-123", "other"));
    assert_eq!(mb.store.mdn_request(mb.account, "other@medimail.test").unwrap(), None);
}

#[test]
fn a_report_without_returned_headers_is_matched_by_our_envid() {
    let mut mb = Mailbox::new();
    let entry = mb
        .store
        .enqueue(&Outgoing {
            account_id: mb.account,
            message_id: "orig-123@medimail.test",
            envelope_from: "jean.dupont@medimail.test",
            envelope_to: &["nobody@medimail.test".to_owned()],
            subject: "Test DSN",
            raw: SENT.as_bytes(),
        })
        .unwrap();
    let bounce = samples::POSTFIX_BOUNCE.replace("medimail-42", &format!("medimail-{}", entry.id));
    let cut = bounce.find("Content-Description: Undelivered Message Headers").unwrap();
    let without_headers = format!("{}--60B309AA605.1795707275/mail.medimail.test--\n", &bounce[..cut - "--60B309AA605.1795707275/mail.medimail.test\n".len()]);
    mb.deliver(mb.inbox, &without_headers);
    let receipts = mb.receipts();
    assert_eq!(receipts.len(), 1, "{without_headers}");
    assert_eq!(receipts[0].action, "failed");
}

#[test]
fn a_receipt_is_reserved_once_and_openings_are_taken_once() {
    let mut mb = Mailbox::new();
    let id = mdn_message_id("jean.dupont@medimail.test", "orig-1@x.test");
    assert!(mb.store.reserve_mdn(mb.account, "orig-1@x.test", &id).unwrap());
    // Reserved but not queued yet (a crash in between): it may still go, once.
    assert!(mb.store.reserve_mdn(mb.account, "orig-1@x.test", &id).unwrap());
    assert!(!mb.store.mdn_already_sent(&id).unwrap());
    mb.store
        .enqueue(&Outgoing {
            account_id: mb.account,
            message_id: &id,
            envelope_from: "jean.dupont@medimail.test",
            envelope_to: &["a@x.test".to_owned()],
            subject: "r",
            raw: b"x",
        })
        .unwrap();
    assert!(mb.store.mdn_already_sent(&id).unwrap());
    assert!(!mb.store.reserve_mdn(mb.account, "orig-1@x.test", &id).unwrap());

    mb.deliver(mb.sent, SENT);
    mb.deliver(mb.inbox, samples::THUNDERBIRD_MDN);
    mb.deliver(mb.inbox, samples::POSTFIX_BOUNCE);
    let openings = mb.store.take_openings().unwrap();
    assert_eq!(openings.len(), 1);
    assert_eq!(openings[0].recipient, "nathalie.girard@medimail.test");
    assert_eq!((openings[0].opened, openings[0].recipients), (1, 2));
    assert!(openings[0].sent_row_id.is_some());
    assert!(mb.store.take_openings().unwrap().is_empty());
}

#[test]
fn settings_default_and_persist() {
    let (_dir, mut store) = open_temp();
    assert_eq!(store.mdn_policy().unwrap(), MdnPolicy::Ask);
    assert!(!store.open_notifications().unwrap());
    store.set_mdn_policy(MdnPolicy::Always).unwrap();
    store.set_open_notifications(true).unwrap();
    assert_eq!(store.mdn_policy().unwrap(), MdnPolicy::Always);
    assert!(store.open_notifications().unwrap());
    store.set_mdn_policy(MdnPolicy::Never).unwrap();
    assert_eq!(store.mdn_policy().unwrap(), MdnPolicy::Never);
}

#[test]
fn reports_met_before_the_sent_copy_still_count() {
    // Sync may reach the INBOX (with the receipt) before Sent.
    let mut mb = Mailbox::new();
    mb.deliver(mb.inbox, samples::THUNDERBIRD_MDN);
    mb.deliver(mb.inbox, samples::POSTFIX_BOUNCE);
    mb.deliver(mb.sent, SENT);
    assert_eq!(mb.sent_state(), Some(OpenState::SomeOpened));
    // Without a request, the opening still shows as "at least one".
    let mut mb = Mailbox::new();
    mb.deliver(mb.inbox, samples::THUNDERBIRD_MDN);
    mb.deliver(mb.sent, &SENT.replace("Disposition-Notification-To: <jean.dupont@medimail.test>\r\n", ""));
    assert_eq!(mb.sent_state(), Some(OpenState::SomeOpened));
}
