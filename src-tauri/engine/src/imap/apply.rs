//! Applying one planned action on the server. Every action is safe to apply twice (a
//! crash may come after the server did it and before the store forgot it), so "already
//! done" answers count as success.

use async_imap::error::Error as ImapError;
use futures::TryStreamExt;

use std::collections::HashSet;

use super::search::{quoted, uid_search};
use super::select::{select, Capabilities};
use super::{encode_name, protocol_error, uid_set, ImapSession};
use crate::folder_names::Namespace;
use crate::store::{ActionKind, PlannedAction};
use crate::types::FolderRole;
use crate::{EngineError, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    Done,
    /// The server refused; the reason is kept on the action. `lasting`: asking again will
    /// not help (no such folder, an invalid name, no right), as opposed to a passing
    /// condition (the folder in use, the server busy).
    Refused { reason: String, lasting: bool },
    /// The message is no longer under that UID (an interrupted pass already moved it, or
    /// another client did): the change must wait until sync finds the message again.
    Missing,
}

impl Applied {
    fn refused(reason: &str) -> Applied {
        Applied::Refused { reason: reason.to_owned(), lasting: true }
    }
}

/// A refusal for a condition that passes (RFC 5530 response codes): worth asking again.
fn passing(reason: &str) -> bool {
    let reason = reason.to_ascii_uppercase();
    ["[INUSE]", "[UNAVAILABLE]", "[SERVERBUG]", "[LIMIT]"].iter().any(|code| reason.contains(code))
}

/// The folder currently selected, so consecutive actions on one folder select it once.
pub type Selection = Option<(String, u32)>;

/// `namespace`: the server's personal namespace, read when the session opened.
pub async fn apply_action(
    session: &mut ImapSession,
    caps: Capabilities,
    namespace: &Namespace,
    selection: &mut Selection,
    action: &PlannedAction,
) -> Result<Applied> {
    match action.kind {
        ActionKind::Flags | ActionKind::Move | ActionKind::Expunge => {
            let (Some(folder), Some(uidvalidity), Some(uid)) = (&action.folder, action.uidvalidity, action.uid) else {
                return Ok(Applied::refused("incomplete action"));
            };
            match select_cached(session, caps, selection, folder).await? {
                Some(current) if current == uidvalidity => {}
                // The folder was renumbered or is gone: that message can no longer be
                // addressed; sync will find it again by content.
                _ => return Ok(Applied::Done),
            }
            if action.kind != ActionKind::Expunge && !uid_exists(session, uid).await? {
                return Ok(Applied::Missing);
            }
            if action.kind == ActionKind::Move && action.target.as_deref() == Some(folder.as_str()) {
                // Moved back where the server still has it: nothing to do there.
                return Ok(Applied::Done);
            }
            let result = match action.kind {
                ActionKind::Flags => store_flags(session, &uid.to_string(), &action.add_flags, &action.remove_flags).await,
                ActionKind::Move => {
                    let target = encode_name(action.target.as_deref().unwrap_or("INBOX"));
                    move_message(session, caps, uid, &target).await
                }
                _ => expunge(session, caps, &[uid]).await,
            };
            refused_or(result)
        }
        ActionKind::CreateFolder => {
            let name = action.folder.as_deref().unwrap_or_default();
            let encoded = encode_name(name);
            match session.create(&encoded).await {
                Ok(()) => {}
                Err(ImapError::No(_)) if exists(session, &encoded).await? => {}
                Err(other) => return refused_or(Err(other)),
            }
            // Webmails show subscribed folders only.
            let _ = session.subscribe(&encoded).await;
            Ok(Applied::Done)
        }
        ActionKind::RenameFolder => {
            let from = encode_name(action.folder.as_deref().unwrap_or_default());
            let to = encode_name(action.target.as_deref().unwrap_or_default());
            leave_selected(session, selection, action.folder.as_deref().unwrap_or_default()).await?;
            match session.rename(&from, &to).await {
                Ok(()) => {
                    let _ = session.unsubscribe(&from).await;
                    let _ = session.subscribe(&to).await;
                    Ok(Applied::Done)
                }
                Err(ImapError::No(_)) if !exists(session, &from).await? && exists(session, &to).await? => Ok(Applied::Done),
                Err(other) => refused_or(Err(other)),
            }
        }
        // A draft's copy is asked again whatever the refusal (the draft itself stays here),
        // until the tries run out.
        ActionKind::DraftCopy => apply_draft_copy(session, caps, namespace, selection, action).await.map(|applied| match applied {
            Applied::Refused { reason, .. } => Applied::Refused { reason, lasting: false },
            other => other,
        }),
        ActionKind::DeleteFolder => {
            let name = encode_name(action.folder.as_deref().unwrap_or_default());
            leave_selected(session, selection, action.folder.as_deref().unwrap_or_default()).await?;
            match session.delete(&name).await {
                Ok(()) => {
                    let _ = session.unsubscribe(&name).await;
                    Ok(Applied::Done)
                }
                Err(ImapError::No(_)) if !exists(session, &name).await? => Ok(Applied::Done),
                Err(other) => refused_or(Err(other)),
            }
        }
    }
}

/// The Drafts folder ends with exactly the draft's current copy (none once the draft is
/// sent or deleted): the copy is filed unless already there, and only then do the draft's
/// other copies (found by their X-Medimail-Draft key) and a taken-over original go.
async fn apply_draft_copy(
    session: &mut ImapSession,
    caps: Capabilities,
    namespace: &Namespace,
    selection: &mut Selection,
    action: &PlannedAction,
) -> Result<Applied> {
    let Some(key) = action.draft_key.as_deref().map(quoted) else {
        return Ok(Applied::refused("incomplete action"));
    };
    let folder = match &action.folder {
        Some(folder) => folder.clone(),
        // Planned before the first sync, or the server has none: it says which folder is
        // Drafts, or gets one.
        None => super::role_folder(session, namespace, FolderRole::Drafts).await?,
    };
    let Some(uidvalidity) = select_cached(session, caps, selection, &folder).await? else {
        return Ok(Applied::refused("the Drafts folder is missing on the server"));
    };
    let mut current = HashSet::new();
    if let Some(target) = action.target.as_deref().map(quoted) {
        let search = format!("HEADER Message-ID \"{target}\"");
        current = uid_search(session, &search).await?;
        if current.is_empty() {
            let Some(raw) = &action.payload else {
                // No bytes to file (replaced meanwhile): removing the others could leave none.
                return Ok(Applied::Done);
            };
            if let Err(err) = session.append(encode_name(&folder), Some("(\\Draft \\Seen)"), None, raw).await {
                return refused_or(Err(err));
            }
            // The session's view of the folder catches up with the APPEND at its next command.
            session.noop().await.map_err(protocol_error)?;
            current = uid_search(session, &search).await?;
            if current.is_empty() {
                return Ok(Applied::refused("the filed draft copy cannot be found"));
            }
        }
    }
    let others = match action.target.as_deref().map(quoted) {
        Some(target) => format!("HEADER X-Medimail-Draft \"{key}\" NOT HEADER Message-ID \"{target}\""),
        None => format!("HEADER X-Medimail-Draft \"{key}\""),
    };
    let mut stale: Vec<u32> = uid_search(session, &others).await?.into_iter().collect();
    if let (Some(origin_validity), Some(origin)) = (action.uidvalidity, action.uid) {
        if origin_validity == uidvalidity && !current.contains(&origin) {
            stale.push(origin);
        }
    }
    if stale.is_empty() {
        return Ok(Applied::Done);
    }
    refused_or(expunge(session, caps, &stale).await)
}


/// Leaves the selected folder before `folder` is renamed or deleted: Dovecot drops a
/// session whose selected mailbox is renamed or deleted under it ("Selected mailbox was
/// deleted, have to disconnect"), which failed the whole pass. UNSELECT (RFC 3691) leaves
/// without expunging; CLOSE, which also expunges, only stands in when the selected folder
/// is the one (or inside the one) going away or being renamed.
async fn leave_selected(session: &mut ImapSession, selection: &mut Selection, folder: &str) -> Result<()> {
    let Some((selected, uidvalidity)) = selection.take() else {
        return Ok(());
    };
    match session.run_command_and_check_ok("UNSELECT").await {
        Ok(()) => Ok(()),
        Err(ImapError::No(_) | ImapError::Bad(_)) => {
            let affected = selected == folder
                || selected.strip_prefix(folder).is_some_and(|rest| rest.starts_with(['/', '.']));
            if affected {
                session.close().await.map_err(protocol_error)
            } else {
                *selection = Some((selected, uidvalidity));
                Ok(())
            }
        }
        Err(other) => Err(protocol_error(other)),
    }
}

/// Selects `folder` unless it already is; `None` when the server has no such folder.
async fn select_cached(
    session: &mut ImapSession,
    caps: Capabilities,
    selection: &mut Selection,
    folder: &str,
) -> Result<Option<u32>> {
    if let Some((name, uidvalidity)) = selection {
        if name == folder {
            return Ok(Some(*uidvalidity));
        }
    }
    match select(session, folder, caps).await {
        Ok(selected) => {
            *selection = Some((folder.to_owned(), selected.uidvalidity));
            Ok(Some(selected.uidvalidity))
        }
        Err(EngineError::Server(_)) => {
            *selection = None;
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

async fn store_flags(session: &mut ImapSession, uid: &str, add: &[String], remove: &[String]) -> async_imap::error::Result<()> {
    if !add.is_empty() {
        let changes = format!("+FLAGS.SILENT ({})", add.join(" "));
        let _: Vec<_> = session.uid_store(uid, changes).await?.try_collect().await?;
    }
    if !remove.is_empty() {
        let changes = format!("-FLAGS.SILENT ({})", remove.join(" "));
        let _: Vec<_> = session.uid_store(uid, changes).await?.try_collect().await?;
    }
    Ok(())
}

async fn move_message(session: &mut ImapSession, caps: Capabilities, uid: u32, target: &str) -> async_imap::error::Result<()> {
    if caps.mv {
        return session.uid_mv(uid.to_string(), target).await;
    }
    session.uid_copy(uid.to_string(), target).await?;
    expunge(session, caps, &[uid]).await
}

/// Removes exactly these messages of the selected folder. UID EXPUNGE (UIDPLUS) says
/// which; a bare EXPUNGE removes every message marked `\Deleted`, also those another
/// client (a secretary on a shared mailbox) only marked, which would be gone for good.
/// Their marks are lifted for the EXPUNGE and put back after; should the session drop in
/// between, they stay unmarked: kept, which is the safe side.
async fn expunge(session: &mut ImapSession, caps: Capabilities, uids: &[u32]) -> async_imap::error::Result<()> {
    let ours = uid_set(uids);
    let _: Vec<_> = session.uid_store(&ours, "+FLAGS.SILENT (\\Deleted)").await?.try_collect().await?;
    if caps.uidplus {
        let _: Vec<_> = session.uid_expunge(&ours).await?.try_collect().await?;
        return Ok(());
    }
    let mut others: Vec<u32> = session.uid_search("DELETED").await?.into_iter().filter(|uid| !uids.contains(uid)).collect();
    others.sort_unstable();
    let others = uid_set(&others);
    if !others.is_empty() {
        let _: Vec<_> = session.uid_store(&others, "-FLAGS.SILENT (\\Deleted)").await?.try_collect().await?;
    }
    let expunged = session.expunge().await?.try_collect::<Vec<_>>().await;
    if !others.is_empty() {
        let _: Vec<_> = session.uid_store(&others, "+FLAGS.SILENT (\\Deleted)").await?.try_collect().await?;
    }
    expunged.map(|_| ())
}

async fn uid_exists(session: &mut ImapSession, uid: u32) -> Result<bool> {
    let found: Vec<_> = session
        .uid_fetch(uid.to_string(), "(UID)")
        .await
        .map_err(protocol_error)?
        .try_collect()
        .await
        .map_err(protocol_error)?;
    Ok(found.iter().any(|f| f.uid == Some(uid)))
}

async fn exists(session: &mut ImapSession, encoded: &str) -> Result<bool> {
    // async-imap sends the pattern as given: a name with a space must be quoted here.
    let pattern = format!("\"{}\"", encoded.replace('\\', "\\\\").replace('"', "\\\""));
    let names: Vec<_> = super::folders::list(session, &pattern).await?;
    Ok(names.iter().any(|n| n.name() == encoded))
}

fn refused_or(result: async_imap::error::Result<()>) -> Result<Applied> {
    match result {
        Ok(()) => Ok(Applied::Done),
        Err(ImapError::No(reason)) | Err(ImapError::Bad(reason)) => Ok(Applied::Refused {
            lasting: !passing(&reason),
            reason,
        }),
        Err(other) => Err(protocol_error(other)),
    }
}
