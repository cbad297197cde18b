//! Drafts: the whole composition kept in the store at each save, attachments included,
//! and mirrored in the server's Drafts folder.
//!
//! A save that changes nothing writes nothing (the UI autosaves every few seconds). A save
//! that changes something stores the new version and, in the same transaction, plans the
//! server copy (`draft_copy`): the next sync files it and removes the older ones, so a
//! crash at any point neither loses the draft nor leaves two copies once that sync ran.
//! Drafts made elsewhere (webmail) come down with the Drafts folder; opening one takes it
//! over as a local draft, rebuilt from its MIME.

mod copy;
mod import;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::compose::{Composition, ComposeMode, Sender};
use super::imap::{self, Applied, Capabilities};
use super::{extract, mime};
use super::store::{self, AccountRecord, ActionKind, Adoption, DraftWrite, SharedStore, Store, StoredDraft};
use super::sync::Connection;
use super::{EngineError, Result};

/// Plain, shared with the store and the UI: it lives in `types.rs`.
pub use crate::types::DraftInfo;

/// A draft opened for editing: everything the compose window had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct Draft {
    pub info: DraftInfo,
    pub composition: Composition,
    /// The signature in the body, so that picking another one swaps it.
    #[ts(type = "number | null")]
    pub signature_id: Option<i64>,
}

/// Saves a new draft (`draft_id` None) or a new version of one.
pub fn save(
    store: &SharedStore,
    account: &AccountRecord,
    draft_id: Option<i64>,
    mut composition: Composition,
    signature_id: Option<i64>,
) -> Result<DraftInfo> {
    composition = composition.with_mode_rules();
    composition.from = sender(account, &composition.from);
    let fingerprint = fingerprint(&composition, signature_id);
    let key = {
        let store = store::lock(store)?;
        if let Some(signature) = signature_id {
            check_signature(&store, account, signature)?;
        }
        match draft_id {
            Some(id) => {
                let head = store.draft_head(id)?;
                if head.account_id != account.id {
                    return Err(EngineError::InvalidInput(format!("draft #{id} belongs to another account")));
                }
                if head.fingerprint == fingerprint {
                    return store.draft_info(id);
                }
                head.key
            }
            None => new_key(),
        }
    };
    // Built outside the lock: a large attachment takes a moment to encode.
    let copy = copy::build(&composition, &key, &domain(account));
    // Read like any fetched message, for the row listed in the Drafts folder until it is filed.
    let listed = copy.as_ref().map(|built| (mime::content_hash(&built.raw), extract::message_fields(&built.raw, None)));
    let json = stored_json(&composition)?;
    let recipients = recipients(&composition);
    let mut store = store::lock(store)?;
    let id = store.save_draft(
        draft_id,
        &DraftWrite {
            account_id: account.id,
            key: &key,
            composition_json: &json,
            attachments: &composition.attachments,
            signature_id,
            mode: composition.mode,
            subject: &composition.subject,
            recipients: &recipients,
            fingerprint: &fingerprint,
            copy: copy.as_ref().zip(listed.as_ref()).map(|(built, (hash, fields))| store::DraftCopy {
                message_id: &built.message_id,
                raw: &built.raw,
                hash,
                fields,
            }),
        },
    )?;
    tracing::debug!(attachments = composition.attachments.len(), server_copy = copy.is_some(), "draft saved");
    store.draft_info(id)
}

pub fn open(store: &Store, id: i64) -> Result<Draft> {
    restore(store.draft(id)?)
}

/// Opens a message of a Drafts folder for editing. A copy of one of our drafts opens that
/// draft; a draft made elsewhere becomes a local draft (its original is replaced on the
/// server by our copy once it changes).
pub fn open_from_server(shared: &SharedStore, message: i64) -> Result<Draft> {
    let (account, raw) = {
        let store = store::lock(shared)?;
        if let Some(id) = store.draft_of_message(message)? {
            return open(&store, id);
        }
        let (account_id, in_drafts) = store.drafts_folder_message(message)?;
        if !in_drafts {
            return Err(EngineError::InvalidInput(format!("message #{message} is not in a Drafts folder")));
        }
        (store.account_by_id(account_id)?, store.raw_message(message)?)
    };
    let imported = import::composition(&raw, &sender(&account, &Sender::default()));
    let mut store = store::lock(shared)?;
    if let Some(id) = imported.key.as_deref().map(|key| store.draft_by_key(key)).transpose()?.flatten() {
        return open(&store, id);
    }
    let composition = imported.composition;
    let key = imported.key.unwrap_or_else(new_key);
    let json = stored_json(&composition)?;
    let recipients = recipients(&composition);
    let fingerprint = fingerprint(&composition, None);
    let id = store.adopt_draft(&Adoption {
        message,
        write: DraftWrite {
            account_id: account.id,
            key: &key,
            composition_json: &json,
            attachments: &composition.attachments,
            signature_id: None,
            mode: composition.mode,
            subject: &composition.subject,
            recipients: &recipients,
            fingerprint: &fingerprint,
            copy: None,
        },
    })?;
    tracing::info!(attachments = composition.attachments.len(), "a draft made elsewhere was taken over");
    open(&store, id)
}

/// Applies the account's planned draft copies now, rather than at the next sync. The
/// caller holds the profile's sync lock.
pub async fn push(shared: &SharedStore, conn: &Connection) -> Result<u32> {
    imap::shielded(push_now(shared, conn)).await
}

async fn push_now(shared: &SharedStore, conn: &Connection) -> Result<u32> {
    let actions: Vec<_> = store::lock(shared)?
        .planned_actions(conn.account.id)?
        .into_iter()
        .filter(|action| action.kind == ActionKind::DraftCopy)
        .collect();
    if actions.is_empty() {
        return Ok(0);
    }
    let mut session = imap::connect(&conn.account.imap, &conn.tls, &conn.login).await?;
    let caps = Capabilities::negotiate(&mut session).await?;
    // Before any folder is opened (see imap/namespace.rs).
    let namespace = imap::personal_namespace(&mut session, caps).await?;
    let mut selection = None;
    let mut applied = 0;
    for action in &actions {
        match imap::apply_action(&mut session, caps, &namespace, &mut selection, action).await? {
            Applied::Done => {
                store::lock(shared)?.finish_action(action.id)?;
                applied += 1;
            }
            // Kept for the next sync, which drops it after repeated refusals.
            Applied::Refused { reason, .. } => store::lock(shared)?.fail_action(action.id, &reason)?,
            // Only message moves and flags can miss their message; left to the next sync.
            Applied::Missing => {}
        }
    }
    imap::logout(session).await;
    Ok(applied)
}

fn restore(stored: StoredDraft) -> Result<Draft> {
    let mut composition: Composition = serde_json::from_str(&stored.composition_json)
        .map_err(|e| EngineError::Store(format!("draft #{:?} cannot be read: {e}", stored.info.id)))?;
    composition.attachments = stored.attachments;
    Ok(Draft { signature_id: stored.info.signature_id, info: stored.info, composition })
}

fn check_signature(store: &Store, account: &AccountRecord, id: i64) -> Result<()> {
    if store.signature(id)?.account != account.email {
        return Err(EngineError::InvalidInput(format!("signature #{id} belongs to another account")));
    }
    Ok(())
}

/// The account sends; a name typed in the compose window stays.
fn sender(account: &AccountRecord, typed: &Sender) -> Sender {
    Sender {
        address: account.email.clone(),
        name: typed.name.clone().or_else(|| account.display_name.clone()),
    }
}

fn domain(account: &AccountRecord) -> String {
    account.email.rsplit_once('@').map_or("localhost", |(_, d)| d).to_owned()
}

fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The composition as stored: attachment bytes are kept apart, once each.
fn stored_json(composition: &Composition) -> Result<String> {
    let mut light = composition.clone();
    for attachment in &mut light.attachments {
        attachment.content = Vec::new();
    }
    serde_json::to_string(&light).map_err(|e| EngineError::Internal(format!("draft JSON: {e}")))
}

/// Everything saved, attachments by their hash: equal means nothing to write.
fn fingerprint(composition: &Composition, signature_id: Option<i64>) -> Vec<u8> {
    let mut hash = Sha256::new();
    hash.update(stored_json(composition).unwrap_or_default());
    for attachment in &composition.attachments {
        hash.update(Sha256::digest(&attachment.content));
    }
    hash.update(format!("signature:{signature_id:?}"));
    hash.finalize().to_vec()
}

fn recipients(composition: &Composition) -> Vec<String> {
    let typed: Vec<&String> = match composition.mode {
        ComposeMode::Patient => composition.patient_ins.iter().collect(),
        ComposeMode::Pro => composition.to.iter().chain(&composition.cc).collect(),
    };
    typed
        .into_iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect()
}
