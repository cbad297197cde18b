
use super::*;
use crate::compose::Attachment;
use crate::mime;
use crate::extract::testing::fetched;
use crate::store::testing::{account_with_folder, open_temp};
use crate::store::{FetchedMessage, FlagState, Outgoing, PlannedAction};
use crate::types::FolderRole;

struct Fixture {
    _dir: tempfile::TempDir,
    store: SharedStore,
    account: AccountRecord,
    drafts_folder: i64,
    next_uid: u32,
}

impl Fixture {
    fn new() -> Fixture {
        let (dir, mut store) = open_temp();
        let (account, drafts_folder) =
            account_with_folder(&mut store, "dr.martin@test.mssante.fr", Some("Dr Claire Martin"), "Drafts", FolderRole::Drafts);
        Fixture { _dir: dir, store: crate::store::shared(store), account, drafts_folder, next_uid: 1 }
    }

    fn save(&self, id: Option<i64>, composition: &Composition) -> DraftInfo {
        save(&self.store, &self.account, id, composition.clone(), None).unwrap()
    }

    fn actions(&self) -> Vec<PlannedAction> {
        store::lock(&self.store).unwrap().planned_actions(self.account.id).unwrap()
    }

    /// What sync does when it finds `raw` in the Drafts folder.
    fn sync_down(&mut self, raw: &[u8]) -> i64 {
        let uid = self.next_uid;
        self.next_uid += 1;
        let fetched = FetchedMessage {
            flags: FlagState { draft: true, seen: true, ..FlagState::default() },
            ..fetched(raw.to_vec(), 7, uid)
        };
        let inserted = store::lock(&self.store)
            .unwrap()
            .record_fetched(self.account.id, self.drafts_folder, &[fetched])
            .unwrap();
        match inserted[0] {
            store::Insertion::New(id) | store::Insertion::Adopted(id) | store::Insertion::Known(id) => id,
        }
    }

    fn drafts_folder_ids(&self) -> Vec<i64> {
        let filter = store::MessageFilter { account_id: Some(self.account.id), folder_id: Some(self.drafts_folder), ..Default::default() };
        store::lock(&self.store).unwrap().message_ids(&filter).unwrap()
    }
}

fn letter() -> Composition {
    Composition {
        to: vec!["secretariat@test.mssante.fr".into(), "Dr Durand <durand@test.mssante.fr>".into()],
        cc: vec!["labo@test.mssante.fr".into()],
        subject: "Résultats de Mme Durand".into(),
        body_text: "Bonjour,\n\nCi-joint les résultats.".into(),
        body_html: Some("<p>Bonjour,</p><p>Ci-joint les <b>résultats</b>.</p>".into()),
        attachments: vec![
            Attachment {
                file_name: "Compte-rendu échographie.pdf".into(),
                mime_type: "application/pdf".into(),
                content: (0..=255u8).cycle().take(70_000).collect(),
                inline_content_id: None,
            },
            Attachment {
                file_name: "notes.txt".into(),
                mime_type: "text/plain".into(),
                content: b"ligne 1\r\nligne 2\n".to_vec(),
                inline_content_id: None,
            },
        ],
        in_reply_to: Some("parent@test.mssante.fr".into()),
        references: vec!["root@test.mssante.fr".into(), "parent@test.mssante.fr".into()],
        request_read_receipt: true,
        ..Composition::default()
    }
}

#[test]
fn a_saved_draft_opens_exactly_as_saved() {
    let f = Fixture::new();
    let info = f.save(None, &letter());
    assert_eq!(info.attachment_count, 2);
    assert_eq!(info.recipients.len(), 3);
    assert!(info.server_pending);
    let draft = open(&store::lock(&f.store).unwrap(), info.id.unwrap()).unwrap();
    let mut expected = letter();
    expected.from = Sender { address: f.account.email.clone(), name: Some("Dr Claire Martin".into()) };
    assert_eq!(draft.composition, expected);
}

#[test]
fn an_unchanged_save_writes_nothing_and_a_change_replaces_the_planned_copy() {
    let f = Fixture::new();
    let first = f.save(None, &letter());
    let id = first.id.unwrap();
    let planned = f.actions();
    assert_eq!(planned.len(), 1);
    let action = &planned[0];
    assert_eq!(action.kind, ActionKind::DraftCopy);
    assert_eq!(action.folder.as_deref(), Some("Drafts"));
    let payload = action.payload.clone().expect("the copy's bytes");
    assert!(payload.starts_with(format!("X-Medimail-Draft: {}\r\n", action.draft_key.clone().unwrap()).as_bytes()));
    assert_eq!(mime::parse(&payload).attachments.len(), 2);
    assert_eq!(mime::parse(&payload).message_id, action.target);

    // Autosave with nothing new: same action, same version.
    let again = f.save(Some(id), &letter());
    assert_eq!(again, first);
    assert_eq!(f.actions()[0].id, action.id);

    let mut changed = letter();
    changed.body_text.push_str("\nCordialement");
    f.save(Some(id), &changed);
    let planned = f.actions();
    assert_eq!(planned.len(), 1, "one planned copy per draft, whatever the number of saves");
    assert_ne!(planned[0].target, action.target);
    assert_eq!(planned[0].draft_key, action.draft_key);
    // Files did not change: still stored once each.
    let files: i64 = store::lock(&f.store)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM draft_file WHERE draft_id = ?1", [id], |r| r.get(0))
        .unwrap();
    assert_eq!(files, 2);
}

#[test]
fn the_same_file_twice_is_stored_once_and_dropped_files_go() {
    let f = Fixture::new();
    let mut c = letter();
    c.attachments.push(Attachment { file_name: "copie.pdf".into(), ..c.attachments[0].clone() });
    let id = f.save(None, &c).id.unwrap();
    let count = |f: &Fixture| -> i64 {
        store::lock(&f.store).unwrap().conn().query_row("SELECT count(*) FROM draft_file", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(count(&f), 2);
    c.attachments.truncate(1);
    f.save(Some(id), &c);
    assert_eq!(count(&f), 1);
    let draft = open(&store::lock(&f.store).unwrap(), id).unwrap();
    assert_eq!(draft.composition.attachments, c.attachments);
}

#[test]
fn mirrors_of_replaced_copies_are_dropped_and_never_listed_as_drafts() {
    let mut f = Fixture::new();
    let id = f.save(None, &letter()).id.unwrap();
    let first = f.actions()[0].clone();
    let first_mirror = f.sync_down(first.payload.as_ref().unwrap());
    store::lock(&f.store).unwrap().finish_action(first.id).unwrap();
    let listed = store::lock(&f.store).unwrap().drafts(None).unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].id, Some(id));
    assert_eq!(open_from_server(&f.store, first_mirror).unwrap().info.id, Some(id));

    let mut changed = letter();
    changed.subject = "Résultats (complétés)".into();
    f.save(Some(id), &changed);
    let listed_now = f.drafts_folder_ids();
    assert_eq!(listed_now.len(), 1, "the replaced copy's mirror is dropped, not archived; the new copy is listed");
    assert_ne!(listed_now[0], first_mirror);

    // A sync that brought the old copy down after the save planned its replacement.
    f.sync_down(first.payload.as_ref().unwrap());
    let second = f.actions()[0].clone();
    let current_mirror = f.sync_down(second.payload.as_ref().unwrap());
    assert_eq!(current_mirror, listed_now[0], "the filed copy takes over the row listed before");
    assert_eq!(store::lock(&f.store).unwrap().tidy_draft_copies(None).unwrap(), 1);
    assert_eq!(f.drafts_folder_ids(), vec![current_mirror]);
    assert_eq!(store::lock(&f.store).unwrap().drafts(None).unwrap().len(), 1);
}

#[test]
fn deleting_plans_the_removal_of_every_copy() {
    let f = Fixture::new();
    let id = f.save(None, &letter()).id.unwrap();
    let key = f.actions()[0].draft_key.clone();
    store::lock(&f.store).unwrap().delete_draft(id).unwrap();
    let planned = f.actions();
    assert_eq!(planned.len(), 1);
    assert_eq!((planned[0].target.as_deref(), &planned[0].draft_key), (None, &key));
    assert_eq!(store::lock(&f.store).unwrap().draft(id).err().unwrap().code(), crate::ErrorCode::NotFound);
}

#[test]
fn sending_queues_the_message_and_discards_the_draft_at_once() {
    let f = Fixture::new();
    let id = f.save(None, &letter()).id.unwrap();
    let mut store = store::lock(&f.store).unwrap();
    let to = vec!["secretariat@test.mssante.fr".to_owned()];
    let entry = store
        .enqueue_draft(
            id,
            &Outgoing {
                account_id: f.account.id,
                message_id: "envoi-1@test.mssante.fr",
                envelope_from: &f.account.email,
                envelope_to: &to,
                subject: "Résultats",
                raw: b"Subject: x\r\n\r\ny",
            },
        )
        .unwrap();
    assert_eq!(entry.message_id, "envoi-1@test.mssante.fr");
    assert!(store.draft(id).is_err());
    let planned = store.planned_actions(f.account.id).unwrap();
    assert_eq!(planned.len(), 1);
    assert_eq!(planned[0].target, None);
}

#[test]
fn a_patient_draft_keeps_its_mode_and_options() {
    let f = Fixture::new();
    let c = Composition {
        mode: ComposeMode::Patient,
        patient_ins: Some("2 55 08 2A 004 001 40".into()),
        subject: "Votre ordonnance".into(),
        body_text: "Bonjour Madame,".into(),
        request_read_receipt: true,
        close_exchange: true,
        ..Composition::default()
    };
    let info = f.save(None, &c);
    assert_eq!(info.mode, ComposeMode::Patient);
    assert_eq!(info.recipients, vec!["2 55 08 2A 004 001 40".to_owned()]);
    let draft = open(&store::lock(&f.store).unwrap(), info.id.unwrap()).unwrap();
    assert_eq!(draft.composition.mode, ComposeMode::Patient);
    assert_eq!(draft.composition.patient_ins, c.patient_ins);
    assert!(draft.composition.close_exchange);
}

#[test]
fn a_draft_made_elsewhere_is_listed_then_taken_over_with_its_files() {
    let mut f = Fixture::new();
    let webmail = concat!(
        "From: Dr Claire Martin <dr.martin@test.mssante.fr>\r\n",
        "To: \"Durand, Paul\" <durand@test.mssante.fr>\r\n",
        "Subject: =?utf-8?q?Brouillon_webmail_=C3=A9t=C3=A9?=\r\n",
        "Message-ID: <webmail-1@test.mssante.fr>\r\n",
        "In-Reply-To: <parent@test.mssante.fr>\r\n",
        "MIME-Version: 1.0\r\n",
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n",
        "\r\n",
        "--b\r\n",
        "Content-Type: text/plain; charset=utf-8\r\n",
        "\r\n",
        "Texte du brouillon\r\n",
        "--b\r\n",
        "Content-Type: application/pdf; name=\"bilan.pdf\"\r\n",
        "Content-Disposition: attachment; filename*=utf-8''bilan%20s%C3%A9rologie.pdf\r\n",
        "Content-Transfer-Encoding: base64\r\n",
        "\r\n",
        "JVBERi0xLjQK\r\n",
        "--b--\r\n",
    );
    let message = f.sync_down(webmail.as_bytes());
    let listed = store::lock(&f.store).unwrap().drafts(None).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].id, listed[0].message), (None, Some(message)));

    let draft = open_from_server(&f.store, message).unwrap();
    let c = &draft.composition;
    assert_eq!(c.to, vec!["\"Durand, Paul\" <durand@test.mssante.fr>".to_owned()]);
    assert_eq!(c.subject, "Brouillon webmail été");
    assert_eq!(c.body_text.trim_end(), "Texte du brouillon");
    assert_eq!(c.in_reply_to.as_deref(), Some("parent@test.mssante.fr"));
    assert_eq!(c.attachments.len(), 1);
    assert_eq!(c.attachments[0].file_name, "bilan sérologie.pdf");
    assert_eq!(c.attachments[0].content, b"%PDF-1.4\n");
    assert!(f.actions().is_empty(), "nothing to send while the draft is unchanged");
    let listed = store::lock(&f.store).unwrap().drafts(None).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, draft.info.id);
    // Opening it again finds the same local draft.
    assert_eq!(open_from_server(&f.store, message).unwrap().info.id, draft.info.id);

    let mut changed = c.clone();
    changed.body_text = "Texte complété".into();
    f.save(draft.info.id, &changed);
    let planned = f.actions();
    assert_eq!(planned.len(), 1);
    assert_eq!((planned[0].uidvalidity, planned[0].uid), (Some(7), Some(1)), "the original goes once our copy is filed");
    let listed = f.drafts_folder_ids();
    assert_eq!(listed.len(), 1, "our copy replaces the original in the list at once");
    assert_ne!(listed[0], message);
}

/// A row of the Drafts folder: its subject and whether it has a server identity yet.
fn listed_row(f: &Fixture, id: i64) -> (String, Option<u32>, bool) {
    store::lock(&f.store)
        .unwrap()
        .conn()
        .query_row("SELECT subject, uid, on_server FROM message WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
}

#[test]
fn a_draft_saved_offline_is_listed_in_the_drafts_folder_at_once() {
    let mut f = Fixture::new();
    let id = f.save(None, &letter()).id.unwrap();
    let listed = f.drafts_folder_ids();
    assert_eq!(listed.len(), 1, "listed before any sync");
    assert_eq!(listed_row(&f, listed[0]), ("Résultats de Mme Durand".to_owned(), None, true));
    // Opening it from the list opens the draft itself.
    assert_eq!(open_from_server(&f.store, listed[0]).unwrap().info.id, Some(id));
    // Found by search too.
    let filter = store::MessageFilter { account_id: Some(f.account.id), ..Default::default() };
    let found = store::lock(&f.store).unwrap().search_messages("Durand", &filter, 10).unwrap();
    assert!(found.iter().any(|m| m.id == listed[0]), "{found:?}");

    // A sync pass that could not file the copy yet (server refused, connection lost)
    // neither archives nor drops it.
    assert_eq!(store::lock(&f.store).unwrap().archive_unmatched(&[f.drafts_folder]).unwrap(), 0);
    assert!(listed_row(&f, listed[0]).2);

    // Filed and brought down: the same row, now with its UID; never two.
    let action = f.actions()[0].clone();
    let filed = f.sync_down(action.payload.as_ref().unwrap());
    store::lock(&f.store).unwrap().finish_action(action.id).unwrap();
    assert_eq!(filed, listed[0]);
    assert_eq!(listed_row(&f, filed).1, Some(1));
    assert_eq!(f.drafts_folder_ids(), vec![filed]);
}

#[test]
fn a_local_copy_gives_way_to_the_servers_row_when_the_bytes_differ() {
    let mut f = Fixture::new();
    f.save(None, &letter());
    let local = f.drafts_folder_ids()[0];
    let action = f.actions()[0].clone();
    // A server that adds a header on APPEND: same Message-ID, other bytes.
    let mut changed = b"X-Server-Stamp: 1\r\n".to_vec();
    changed.extend_from_slice(action.payload.as_ref().unwrap());
    let server_row = f.sync_down(&changed);
    assert_ne!(server_row, local);
    store::lock(&f.store).unwrap().finish_action(action.id).unwrap();
    assert_eq!(store::lock(&f.store).unwrap().archive_unmatched(&[f.drafts_folder]).unwrap(), 1);
    assert_eq!(store::lock(&f.store).unwrap().tidy_draft_copies(None).unwrap(), 1);
    assert_eq!(f.drafts_folder_ids(), vec![server_row], "one row per draft, the server's");
}
