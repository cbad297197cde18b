//! Drafts and signatures through the `medimail` binary, against the local operator: drafts
//! keep their attachments across restarts, the server's Drafts folder holds exactly one copy
//! of each draft whatever happens, and sending a draft removes it everywhere.
//!
//! Every CLI call is a new process on the same profile: what `draft show` gives back has
//! come through the encrypted store, not memory.

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use base64::Engine as _;
use mail_parser::{MessageParser, MimeHeaders};
use medimail_engine::store::{ActionKind, PlannedAction, Store};
use serde_json::Value;
use support::cli::Cli;
use support::probe::ImapProbe;
use support::proxy::CuttingProxy;
use support::Operator;

const DRAFTS: &str = "Drafts";
const FRENCH_NAME: &str = "Compte-rendu échographie — Mme Lefèvre.pdf";
const PATIENT_INS: &str = "279035121518989";

struct Files {
    _dir: tempfile::TempDir,
    dir: PathBuf,
}

impl Files {
    fn new() -> Files {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        Files { _dir: dir, dir: path }
    }

    fn write(&self, name: &str, content: &[u8]) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, content).unwrap();
        path.to_string_lossy().into_owned()
    }
}

/// A PDF-like file that base64 and line-end conversions would spoil if they touched it.
fn pdf_bytes() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\r\n%\xe2\xe3\xcf\xd3\r\n".to_vec();
    bytes.extend((0..150_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    bytes.extend_from_slice(b"\n%%EOF\n");
    bytes
}

fn id_of(info: &Value) -> i64 {
    info["id"].as_i64().unwrap_or_else(|| panic!("no draft id in {info}"))
}

fn b64(value: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(value.as_str().unwrap()).unwrap()
}

/// The attachments of a message as (file name, bytes).
fn attachments_of(raw: &[u8]) -> Vec<(String, Vec<u8>)> {
    let message = MessageParser::default().parse(raw).expect("a MIME message");
    message
        .attachments()
        .map(|part| (part.attachment_name().unwrap_or_default().to_owned(), part.contents().to_vec()))
        .collect()
}

fn subject_of(raw: &[u8]) -> String {
    medimail_engine::mime::parse(raw).subject
}

/// What the server's Drafts folder holds: (uid, Message-ID, flags, bytes) of each message.
fn server_drafts(probe: &mut ImapProbe) -> Vec<(u32, String, Vec<String>, Vec<u8>)> {
    probe
        .messages(DRAFTS)
        .into_iter()
        .map(|m| {
            let raw = probe.raw(DRAFTS, m.uid);
            (m.uid, m.message_id.clone().unwrap_or_default(), m.flags.clone(), raw)
        })
        .collect()
}

fn the_one_copy(probe: &mut ImapProbe, context: &str) -> (String, Vec<String>, Vec<u8>) {
    let mut copies = server_drafts(probe);
    assert_eq!(copies.len(), 1, "{context}: the Drafts folder holds {} copies", copies.len());
    let (_, id, flags, raw) = copies.remove(0);
    (id, flags, raw)
}

/// Waits for a message with `message_id` in the INBOX of `probe`; returns its bytes.
fn arrival(probe: &mut ImapProbe, message_id: &str) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(m) = probe.messages("INBOX").into_iter().find(|m| m.message_id.as_deref() == Some(message_id)) {
            return probe.raw("INBOX", m.uid);
        }
        assert!(Instant::now() < deadline, "{message_id} never arrived");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The store, opened in-process the way the app opens it (key from the keyring).
fn open_store(cli: &Cli) -> Store {
    let profile = medimail_engine::Profile::open(Some(&cli.profile)).unwrap();
    let key = medimail_engine::secrets::store_key(profile.dir()).unwrap();
    Store::open(profile.dir(), &key).unwrap()
}

/// The planned server copies of drafts (what the next sync will do).
fn planned_copies(cli: &Cli) -> Vec<PlannedAction> {
    let store = open_store(cli);
    let accounts = store.accounts().unwrap();
    accounts
        .iter()
        .flat_map(|a| store.planned_actions(a.id).unwrap())
        .filter(|a| a.kind == ActionKind::DraftCopy)
        .collect()
}

#[test]
fn a_draft_keeps_its_attachments_across_restarts_has_one_server_copy_and_leaves_when_sent() {
    let op = Operator::start();
    let cli = Cli::new();
    cli.add_account(&op, "physician");
    cli.sync();
    let files = Files::new();
    let pdf = pdf_bytes();
    let prescription = "Ordonnance\r\nAmoxicilline 1 g, 3 fois par jour\r\nDurée : 6 jours\n".as_bytes();
    let pdf_path = files.write(FRENCH_NAME, &pdf);
    let txt_path = files.write("ordonnance.txt", prescription);
    let body = files.write("corps.txt", "Bonjour Nathalie,\n\nVoici les résultats de Mme Lefèvre.\n".as_bytes());
    let sig_file = files.write("sig.txt", "Dr Jean Dupont\nMédecine générale — Cabinet Dupont".as_bytes());
    let signature = cli.json(&["signature", "add", "--title", "Cabinet", "--text-file", &sig_file, "--default"]);
    let signature_id = signature["id"].as_i64().unwrap();

    let secretary = op.email("secretary");
    let orgbox = op.email("orgbox");
    let info = cli.json(&[
        "draft", "save", "--to", &secretary, "--cc", &orgbox, "--subject", "Résultats de Mme Lefèvre",
        "--body-file", &body, "--attach", &pdf_path, "--attach", &txt_path,
    ]);
    let id = id_of(&info);
    assert_eq!(info["attachment_count"], 2);
    assert_eq!(info["server_pending"], true);
    assert_eq!(info["signature_id"], signature_id, "a new draft starts with the default signature");

    // The first sync files one copy, with both files, as a draft.
    let summary = cli.sync();
    assert!(summary.applied >= 1);
    let mut probe = ImapProbe::connect(&op, "physician");
    let (first_id, flags, raw) = the_one_copy(&mut probe, "after the first save");
    assert!(flags.iter().any(|f| f == "\\Draft"), "{flags:?}");
    assert_eq!(subject_of(&raw), "Résultats de Mme Lefèvre");
    let files_on_server = attachments_of(&raw);
    assert_eq!(files_on_server, vec![(FRENCH_NAME.to_owned(), pdf.clone()), ("ordonnance.txt".to_owned(), prescription.to_vec())]);
    assert_eq!(cli.json(&["draft", "list"]).as_array().unwrap().len(), 1, "our own copy is not listed as a second draft");

    // An autosave that changes nothing rewrites nothing.
    let same = cli.json(&["draft", "save", "--id", &id.to_string()]);
    assert_eq!(same["updated_at"], info["updated_at"]);
    assert_eq!(same["server_pending"], false);
    assert_eq!(cli.sync().applied, 0);
    assert_eq!(the_one_copy(&mut probe, "after an unchanged save").0, first_id);

    // A change: still exactly one copy, the new one.
    cli.json(&["draft", "save", "--id", &id.to_string(), "--subject", "Résultats de Mme Lefèvre (complétés)"]);
    cli.sync();
    let (second_id, _, raw) = the_one_copy(&mut probe, "after a change");
    assert_ne!(second_id, first_id);
    assert_eq!(subject_of(&raw), "Résultats de Mme Lefèvre (complétés)");
    assert_eq!(attachments_of(&raw).len(), 2);
    let drafts_folder = cli.folder(DRAFTS);
    assert_eq!((drafts_folder.total, drafts_folder.archived), (1, 0), "the replaced copy is not kept as archived");

    // A new process on the same profile gives everything back.
    let shown = cli.json(&["draft", "show", &id.to_string()]);
    let c = &shown["composition"];
    assert_eq!(c["mode"], "pro");
    assert_eq!(c["to"], serde_json::json!([secretary]));
    assert_eq!(c["cc"], serde_json::json!([orgbox]));
    assert_eq!(c["subject"], "Résultats de Mme Lefèvre (complétés)");
    assert_eq!(
        c["body_text"],
        "Bonjour Nathalie,\n\nVoici les résultats de Mme Lefèvre.\n\n-- \nDr Jean Dupont\nMédecine générale — Cabinet Dupont"
    );
    assert_eq!(shown["signature_id"], signature_id);
    let attachments = c["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[0]["file_name"], FRENCH_NAME);
    assert_eq!(attachments[0]["mime_type"], "application/pdf");
    assert_eq!(b64(&attachments[0]["content"]), pdf, "the PDF comes back byte for byte");
    assert_eq!(attachments[1]["file_name"], "ordonnance.txt");
    assert_eq!(b64(&attachments[1]["content"]), prescription, "line ends untouched");

    // Sending: the message arrives with its files; the draft is gone here and there.
    let entry = cli.json(&["draft", "send", &id.to_string()]);
    assert_eq!(entry["state"], "sent", "{entry}");
    let message_id = entry["message_id"].as_str().unwrap().to_owned();
    let mut inbox = ImapProbe::connect(&op, "secretary");
    let delivered = arrival(&mut inbox, &message_id);
    assert_eq!(subject_of(&delivered), "Résultats de Mme Lefèvre (complétés)");
    assert_eq!(attachments_of(&delivered), files_on_server);
    assert!(!String::from_utf8_lossy(&delivered).contains("X-Medimail-Draft"));
    assert!(server_drafts(&mut probe).is_empty(), "the server copy went with the sending");
    assert!(cli.json(&["draft", "list"]).as_array().unwrap().is_empty());
    assert_eq!(cli.fail(&["draft", "show", &id.to_string()]).code.as_deref(), Some("not_found"));
    cli.sync();
    assert_eq!(cli.folder(DRAFTS).total, 0);
    assert!(planned_copies(&cli).is_empty());
}

#[test]
fn a_patient_draft_round_trips_and_a_refused_draft_stays_a_draft() {
    let op = Operator::start();
    let cli = Cli::new();
    cli.add_account(&op, "physician");
    cli.sync();
    let files = Files::new();
    let body = files.write("corps.txt", "Bonjour Madame Moreau,\n\nVotre ordonnance est jointe.\n".as_bytes());
    let scan = files.write("ordonnance signée.pdf", &pdf_bytes()[..20_000]);
    let typed_ins = "2 79 03 51 215 189 89";

    let info = cli.json(&[
        "draft", "save", "--patient", typed_ins, "--close", "--subject", "Votre ordonnance", "--body-file", &body,
        "--attach", &scan, "--no-signature",
    ]);
    let id = id_of(&info);
    assert_eq!(info["mode"], "patient");
    assert_eq!(info["recipients"], serde_json::json!([typed_ins]));
    cli.sync();
    let mut probe = ImapProbe::connect(&op, "physician");
    let (_, _, raw) = the_one_copy(&mut probe, "patient draft");
    let parsed = medimail_engine::mime::parse(&raw);
    assert_eq!(parsed.to.iter().map(|a| a.email.as_str()).collect::<Vec<_>>(), vec![format!("{PATIENT_INS}@patient.mssante.fr")]);
    assert!(parsed.disposition_notification_to.is_some());
    assert!(String::from_utf8_lossy(&raw).contains("X-MSS-MES: FIN"));

    let shown = cli.json(&["draft", "show", &id.to_string()]);
    let c = &shown["composition"];
    assert_eq!(c["mode"], "patient");
    assert_eq!(c["patient_ins"], typed_ins);
    assert_eq!(c["close_exchange"], true);
    assert_eq!(c["request_read_receipt"], true);
    assert_eq!(c["to"], serde_json::json!([]));
    assert_eq!(shown["signature_id"], Value::Null);
    assert_eq!(b64(&c["attachments"][0]["content"]), &pdf_bytes()[..20_000]);

    let entry = cli.json(&["draft", "send", &id.to_string()]);
    let mut patient = ImapProbe::connect(&op, "patient");
    let delivered = arrival(&mut patient, entry["message_id"].as_str().unwrap());
    assert!(String::from_utf8_lossy(&delivered).contains("X-MSS-MES: FIN"));
    assert_eq!(attachments_of(&delivered)[0].0, "ordonnance signée.pdf");

    // An INS with a wrong key: the draft saves (its copy has no recipient yet), sending is
    // refused with the reason, and the draft is still there.
    let wrong = cli.json(&["draft", "save", "--patient", "279035121518900", "--subject", "Suite", "--body-file", &body]);
    let wrong_id = id_of(&wrong);
    cli.sync();
    let (_, _, raw) = the_one_copy(&mut probe, "draft with a wrong INS");
    assert!(medimail_engine::mime::parse(&raw).to.is_empty());
    let refused = cli.fail(&["draft", "send", &wrong_id.to_string()]);
    assert_eq!(refused.code.as_deref(), Some("invalid_input"), "{}", refused.stderr);
    assert_eq!(cli.json(&["draft", "show", &wrong_id.to_string()])["composition"]["patient_ins"], "279035121518900");
    cli.json(&["draft", "delete", &wrong_id.to_string()]);
    cli.sync();
    assert!(server_drafts(&mut probe).is_empty());
    assert_eq!(cli.folder(DRAFTS).total, 0);
}

#[test]
fn whatever_point_a_copy_is_interrupted_at_the_next_sync_leaves_exactly_one() {
    let op = Operator::start();
    let cli = Cli::new();
    cli.add_account(&op, "physician");
    cli.sync();
    let files = Files::new();
    let report = files.write("bilan.pdf", &pdf_bytes()[..30_000]);
    let body = files.write("corps.txt", b"Version 0\n");
    let id = id_of(&cli.json(&["draft", "save", "--to", &op.email("secretary"), "--subject", "v0", "--body-file", &body, "--attach", &report]));
    cli.sync();
    let mut probe = ImapProbe::connect(&op, "physician");
    let (v0_id, _, v0_raw) = the_one_copy(&mut probe, "v0");
    let save = |subject: &str| cli.json(&["draft", "save", "--id", &id.to_string(), "--subject", subject]);
    let pending_copy = || {
        let mut planned = planned_copies(&cli);
        assert_eq!(planned.len(), 1, "one planned copy per draft");
        planned.remove(0)
    };

    // Killed after filing the new copy, before removing the old one.
    save("v1");
    let v1 = pending_copy();
    probe.try_append(DRAFTS, Some("(\\Draft \\Seen)"), v1.payload.as_ref().unwrap()).unwrap();
    assert_eq!(server_drafts(&mut probe).len(), 2);
    cli.sync();
    let (kept, _, raw) = the_one_copy(&mut probe, "filed, old one not removed");
    assert_eq!((kept.as_str(), subject_of(&raw).as_str()), (v1.target.as_deref().unwrap(), "v1"));

    // Killed after filing and removing, before the store forgot the action: no second APPEND.
    save("v2");
    let v2 = pending_copy();
    probe.try_append(DRAFTS, Some("(\\Draft \\Seen)"), v2.payload.as_ref().unwrap()).unwrap();
    let old = server_drafts(&mut probe).into_iter().find(|(_, mid, _, _)| Some(mid.as_str()) == v1.target.as_deref()).unwrap();
    probe.expunge(DRAFTS, old.0);
    cli.sync();
    assert_eq!(subject_of(&the_one_copy(&mut probe, "all done but forgotten").2), "v2");

    // Saved twice while a sync had the first version in hand: that sync files it, the next
    // one removes it. An older copy left over (v0) goes too, found by the draft's key.
    save("v3");
    let v3 = pending_copy();
    save("v4");
    probe.try_append(DRAFTS, Some("(\\Draft \\Seen)"), v3.payload.as_ref().unwrap()).unwrap();
    probe.try_append(DRAFTS, Some("(\\Draft \\Seen)"), &v0_raw).unwrap();
    cli.sync();
    let (_, _, raw) = the_one_copy(&mut probe, "superseded while in flight");
    assert_eq!(subject_of(&raw), "v4");
    assert!(server_drafts(&mut probe).iter().all(|(_, mid, _, _)| *mid != v0_id));
    let folder = cli.folder(DRAFTS);
    assert_eq!((folder.total, folder.archived), (1, 0), "no stale mirror kept");
}

#[test]
fn a_sync_cut_anywhere_never_loses_the_draft_nor_leaves_two_copies() {
    let op = Operator::start();
    let (proxy, cli) = physician_behind_a_proxy(&op);
    let files = Files::new();
    let report = files.write("bilan sérologie.pdf", &pdf_bytes()[..8_000]);
    let body = files.write("corps.txt", b"Texte\n");
    let id = id_of(&cli.json(&["draft", "save", "--to", &op.email("secretary"), "--subject", "v0", "--body-file", &body, "--attach", &report]));
    cli.sync();
    let mut probe = ImapProbe::connect(&op, "physician");
    the_one_copy(&mut probe, "v0");

    // Cut points from the TLS handshake on: coarse steps until the cut falls in the planned
    // copy, then fine ones across it, until the copy is done before the cut.
    let (mut cut_at, mut step, mut fine) = (1_500u64, 400u64, false);
    let (mut rounds, mut between, mut done_in_a_row) = (0, 0, 0);
    loop {
        rounds += 1;
        assert!(rounds <= 60, "no cut point fell after the copy (last at {cut_at})");
        let subject = format!("v{rounds}");
        cli.json(&["draft", "save", "--id", &id.to_string(), "--subject", &subject]);
        proxy.cut_after(Some(cut_at));
        let _ = cli.output_within(&["sync"], Duration::from_secs(60));
        proxy.cut_after(None);
        let copies = server_drafts(&mut probe);
        assert!(!copies.is_empty() && copies.len() <= 2, "cut at {cut_at}: {} copies on the server", copies.len());
        let done = copies.len() == 1 && subject_of(&copies[0].3) == subject;
        between += usize::from(copies.len() == 2);
        cli.sync();
        let (_, _, raw) = the_one_copy(&mut probe, &format!("after a cut at {cut_at} and a full sync"));
        assert_eq!(subject_of(&raw), subject);
        assert_eq!(attachments_of(&raw)[0].1, &pdf_bytes()[..8_000]);
        if !fine && (done || copies.len() == 2) {
            (fine, step) = (true, 60);
            cut_at = cut_at.saturating_sub(400);
            continue;
        }
        done_in_a_row = if done { done_in_a_row + 1 } else { 0 };
        if fine && done_in_a_row >= 2 {
            break;
        }
        cut_at += step;
    }
    assert!(between > 0, "no cut fell between filing the new copy and removing the old one");
    let shown = cli.json(&["draft", "show", &id.to_string()]);
    assert_eq!(b64(&shown["composition"]["attachments"][0]["content"]), &pdf_bytes()[..8_000]);
    let folder = cli.folder(DRAFTS);
    assert_eq!((folder.total, folder.archived), (1, 0));
}

#[test]
fn a_draft_saved_offline_is_listed_in_the_drafts_folder_at_once_and_once_after_the_sync() {
    let op = Operator::start();
    let (proxy, cli) = physician_behind_a_proxy(&op);
    let files = Files::new();
    let body = files.write("corps.txt", "Compte rendu écrit dans le train\n".as_bytes());

    // The server goes away: every connection is cut at once.
    proxy.cut_after(Some(0));
    let id = id_of(&cli.json(&["draft", "save", "--to", &op.email("secretary"), "--subject", "Courrier hors ligne", "--body-file", &body]));
    let listed = cli.list_with(DRAFTS, &[]);
    assert_eq!(listed.len(), 1, "listed in Brouillons before any sync");
    assert_eq!(listed[0].subject, "Courrier hors ligne");
    assert!(listed[0].on_server, "waiting for the server, not archived");
    let opened = cli.json(&["draft", "show", "--message", &listed[0].id.to_string()]);
    assert_eq!(opened["info"]["id"], id, "the listed copy opens the draft itself");

    // A pass that cannot reach the server changes nothing.
    let _ = cli.output_within(&["sync"], Duration::from_secs(60));
    let again = cli.list_with(DRAFTS, &[]);
    assert_eq!((again.len(), again[0].id, again[0].on_server), (1, listed[0].id, true));

    // Back online: the copy is filed and the row listed before becomes the server's.
    proxy.cut_after(None);
    cli.sync();
    let mut probe = ImapProbe::connect(&op, "physician");
    let (_, _, raw) = the_one_copy(&mut probe, "after the server came back");
    assert_eq!(subject_of(&raw), "Courrier hors ligne");
    let after = cli.list_with(DRAFTS, &[]);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].id, listed[0].id, "the same row, adopted");
    let folder = cli.folder(DRAFTS);
    assert_eq!((folder.total, folder.archived), (1, 0));
}

#[test]
fn a_draft_written_in_the_webmail_is_listed_opened_with_its_files_and_replaced() {
    let op = Operator::start();
    let cli = Cli::new();
    cli.add_account(&op, "physician");
    let mut probe = ImapProbe::connect(&op, "physician");
    let webmail = format!(
        "From: Dr Jean Dupont <{me}>\r\nTo: {to}\r\nSubject: =?utf-8?q?Courrier_=C3=A0_finir?=\r\n\
         Message-ID: <webmail-draft-1@medimail.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"sep\"\r\n\r\n\
         --sep\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>D\u{e9}but du <b>courrier</b></p>\r\n\
         --sep\r\nContent-Type: application/pdf\r\n\
         Content-Disposition: attachment; filename*=utf-8''radio%20thorax%20f%C3%A9vrier.pdf\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOfCg==\r\n--sep--\r\n",
        me = op.email("physician"),
        to = op.email("secretary"),
    );
    probe.try_append(DRAFTS, Some("(\\Draft)"), webmail.as_bytes()).unwrap();
    cli.sync();

    let listed = cli.json(&["draft", "list"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], Value::Null);
    let message = listed[0]["message"].as_i64().unwrap();

    let opened = cli.json(&["draft", "show", "--message", &message.to_string()]);
    let id = id_of(&opened["info"]);
    let c = &opened["composition"];
    assert_eq!(c["subject"], "Courrier à finir");
    assert_eq!(c["to"], serde_json::json!([op.email("secretary")]));
    assert!(c["body_html"].as_str().unwrap().contains("<b>courrier</b>"));
    assert_eq!(c["attachments"][0]["file_name"], "radio thorax février.pdf");
    assert_eq!(b64(&c["attachments"][0]["content"]), b"%PDF-1.4\n%\xc3\xa4\xc3\xbc\xc3\xb6\xc3\x9f\n");
    assert_eq!(cli.json(&["draft", "list"]).as_array().unwrap().len(), 1, "now a local draft, listed once");

    cli.json(&["draft", "save", "--id", &id.to_string(), "--subject", "Courrier terminé"]);
    cli.sync();
    let (_, _, raw) = the_one_copy(&mut probe, "the webmail draft replaced by ours");
    assert_eq!(subject_of(&raw), "Courrier terminé");
    assert_eq!(attachments_of(&raw)[0].0, "radio thorax février.pdf");
    assert_eq!(cli.folder(DRAFTS).total, 1);
}

#[test]
fn signatures_several_per_account_one_default() {
    let cli = Cli::new();
    let files = Files::new();
    add_offline_account(&cli, "dr.martin@medimail.test");
    let html = files.write(
        "sig.html",
        "<p><b>Nadège VIVES</b><br>Chargée de mission MSS<br><span style=\"color:#0a5\">e-santé Occitanie</span></p>".as_bytes(),
    );
    let text = files.write("sig.txt", b"Dr Martin\nCabinet des Minimes");

    let first = cli.json(&["signature", "add", "--title", "Cabinet", "--html-file", &html, "--default"]);
    assert_eq!(first["is_default"], true);
    assert!(first["text"].as_str().unwrap().contains("Chargée de mission MSS"));
    assert!(!first["text"].as_str().unwrap().contains('<'));
    let second = cli.json(&["signature", "add", "--title", "Garde", "--text-file", &text]);
    assert_eq!(second["is_default"], false);
    assert_eq!(second["html"], "Dr Martin<br>\nCabinet des Minimes");
    let (one, two) = (first["id"].as_i64().unwrap(), second["id"].as_i64().unwrap());

    let defaults = |cli: &Cli| -> Vec<i64> {
        cli.json(&["signature", "list"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["is_default"] == true)
            .map(|s| s["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(defaults(&cli), vec![one]);
    cli.json(&["signature", "default", &two.to_string()]);
    assert_eq!(defaults(&cli), vec![two], "one default per account");
    cli.json(&["signature", "edit", &one.to_string(), "--default"]);
    assert_eq!(defaults(&cli), vec![one]);

    let edited = cli.json(&["signature", "edit", &two.to_string(), "--title", "Garde de nuit", "--text-file", &text]);
    assert_eq!(edited["title"], "Garde de nuit");
    assert_eq!(edited["is_default"], false);

    // A new draft gets the default; deleting the default leaves none.
    let body = files.write("b.txt", b"Bonjour,");
    let draft = cli.json(&["draft", "save", "--to", "x@medimail.test", "--subject", "S", "--body-file", &body]);
    assert_eq!(draft["signature_id"], one);
    let shown = cli.json(&["draft", "show", &id_of(&draft).to_string()]);
    assert!(shown["composition"]["body_text"].as_str().unwrap().ends_with("-- \nNadège VIVES\nChargée de mission MSS\ne-santé Occitanie"));
    // Another signature swaps it in the body.
    let swapped = cli.json(&["draft", "save", "--id", &id_of(&draft).to_string(), "--signature", &two.to_string()]);
    assert_eq!(swapped["signature_id"], two);
    let body_now = cli.json(&["draft", "show", &id_of(&draft).to_string()])["composition"]["body_text"].clone();
    assert_eq!(body_now, "Bonjour,\n\n-- \nDr Martin\nCabinet des Minimes");

    cli.json(&["signature", "delete", &one.to_string()]);
    assert!(defaults(&cli).is_empty(), "deleting the default leaves none");
    assert_eq!(cli.json(&["signature", "list"]).as_array().unwrap().len(), 1);
    let plain = cli.json(&["draft", "save", "--to", "x@medimail.test", "--subject", "S2", "--body-file", &body]);
    assert_eq!(plain["signature_id"], Value::Null);
    cli.json(&["signature", "default", &two.to_string()]);
    cli.json(&["signature", "default", "--none"]);
    assert!(defaults(&cli).is_empty());

    assert_eq!(cli.fail(&["signature", "delete", &one.to_string()]).code.as_deref(), Some("not_found"));
    assert_eq!(cli.fail(&["signature", "add", "--title", " ", "--text-file", &text]).code.as_deref(), Some("invalid_input"));
}

/// The physician's account, reaching IMAPS through a proxy that can cut the line; synced once.
fn physician_behind_a_proxy(op: &Operator) -> (CuttingProxy, Cli) {
    let target: std::net::SocketAddr = format!("{}:{}", op.env.host, op.env.ports.imaps).parse().unwrap();
    let proxy = CuttingProxy::start(target);
    let cli = Cli::new();
    cli.add_account_via(op, "physician", proxy.port);
    cli.sync();
    (proxy, cli)
}

/// An account that never goes online: signatures and drafts need none.
fn add_offline_account(cli: &Cli, email: &str) {
    use std::io::Write;
    let mut child = cli
        .command(&[
            "account", "add", "--email", email, "--imap", "127.0.0.1:9", "--smtp", "127.0.0.1:9", "--password-stdin", "--no-verify",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"secret\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
