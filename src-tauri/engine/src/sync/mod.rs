//! Mirroring an account into the store, Delta Chat style: idempotent and crash-safe.
//!
//! One pass: apply the changes planned locally, then check every folder (numbering, flag
//! changes, expunges) before downloading anything, so a message another client moved is
//! seen leaving one folder before it is met in the other and is kept once. Each batch is
//! committed on its own: a pass killed at any point resumes where it stopped.

mod connection_state;
mod download;
mod lock;
mod progress;
mod refusals;
mod watch;

use std::collections::{HashMap, HashSet};

use crate::folder_names::Namespace;
use crate::imap::{self, Applied, Capabilities, ImapSession, NewOnServer, Selection};
use crate::server::Login;
use crate::store::{self, AccountRecord, ActionKind, FolderRecord, Resolved, SharedStore};
use crate::tls::TlsPolicy;
use crate::types::{AccountKind, FolderRole};
use crate::{EngineError, Result};

pub use connection_state::ConnectionStates;
pub use lock::{acquire as acquire_lock, SyncLock};
pub use progress::{ProgressFn, SyncPhase, SyncProgress, SyncReport};
use refusals::Refusals;
pub use watch::watch_inbox;

/// An action the server keeps refusing is dropped after this many tries.
const MAX_ATTEMPTS: u32 = 3;

/// How to reach and log in to one account.
pub struct Connection {
    pub account: AccountRecord,
    pub login: Login,
    pub tls: TlsPolicy,
    /// For a connection opened with the card: ends when that card sign-in ends.
    pub card_guard: Option<crate::sign_in::CardGuard>,
}

impl Connection {
    /// Runs `work` unless the card sign-in this connection was opened with ends first: the
    /// work is then dropped at once, closing its server connections, and the answer is
    /// `CardRemoved`. What the work stored stays (each step is its own transaction).
    pub async fn guarded<T>(&self, work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        let work = crate::imap::shielded(work);
        let Some(guard) = &self.card_guard else { return work.await };
        let mut guard = guard.clone();
        if guard.is_ended() {
            return Err(crate::EngineError::CardRemoved);
        }
        tokio::select! {
            done = work => done,
            () = guard.ended() => Err(crate::EngineError::CardRemoved),
        }
    }

    /// Whether the card sign-in this connection was opened with has ended.
    pub fn is_locked(&self) -> bool {
        self.card_guard.as_ref().is_some_and(crate::sign_in::CardGuard::is_ended)
    }
}

/// One complete pass. The caller holds the profile's sync lock.
pub async fn sync_account(store: &SharedStore, conn: &Connection, progress: &ProgressFn) -> Result<SyncReport> {
    let account = &conn.account;
    let emit = |phase, folder: Option<&str>, done, total| {
        progress(SyncProgress {
            account: account.email.clone(),
            phase,
            folder: folder.map(str::to_owned),
            done,
            total,
        })
    };
    let started = std::time::Instant::now();
    let ms = || started.elapsed().as_millis() as u64;
    emit(SyncPhase::Connecting, None, 0, 0);
    let mut session = imap::connect(&account.imap, &conn.tls, &conn.login).await?;
    tracing::debug!(ms = ms(), "sync: logged in");
    let caps = Capabilities::negotiate(&mut session).await?;
    // Before any folder is opened: NAMESPACE is read on the bare stream (imap/namespace.rs).
    let namespace = imap::personal_namespace(&mut session, caps).await?;
    if namespace != account.namespace {
        store::lock(store)?.set_namespace(account.id, &namespace)?;
    }
    // "Appareils": this installation's entry on the server, and whether another one
    // revoked it (then nothing more is read or sent). An organisational mailbox opened
    // through a member keeps no entries: its members' installations are theirs.
    if account.via_account_id.is_none() {
        let this = crate::devices::ThisDevice::here(store::lock(store)?.device_id(account.id)?);
        if crate::devices::check_in(&mut session, caps, &this, store::now()).await? == crate::devices::CheckIn::Revoked {
            imap::logout(session).await;
            return Err(EngineError::DeviceRevoked);
        }
    }
    // Every member opening the box logs in as the box, so its signatures live on its server.
    if account.kind == AccountKind::Organisationnel {
        crate::box_signatures::sync(store, &mut session, caps, account.id).await?;
    }
    let mut report = SyncReport {
        account: account.email.clone(),
        ..SyncReport::default()
    };
    let mut refusals = Refusals::default();

    report.applied = apply_planned(store, &mut session, caps, account.id, &namespace, &mut refusals, &emit).await?;

    // STATUS of the folders already known comes before LIST: Dovecot answers it from its
    // mailbox list index until a LIST refreshes that index, then opens the mailbox (about
    // 30 ms for a 50,000-message INBOX, as much as a SELECT).
    let early = if caps.condstore { early_status(store, &mut session, account.id).await? } else { HashMap::new() };
    let mut listed = imap::list_folders(&mut session, &namespace).await?;
    // An organisational mailbox opened as an account of its own syncs there: its folders in
    // this account's shared namespace would be a second copy.
    let opened: Vec<String> = store::lock(store)?
        .accounts()?
        .into_iter()
        .filter(|a| a.via_account_id == Some(account.id))
        .map(|a| a.email.to_ascii_lowercase())
        .collect();
    if !opened.is_empty() {
        listed.retain(|f| !belongs_to_any(&f.name, f.delimiter.as_deref(), &opened));
    }
    let folders = store::lock(store)?.record_server_folders(account.id, &listed)?;
    report.folders = folders.iter().filter(|f| f.on_server && f.selectable).count() as u32;
    // Messages marked as gone before phase 2: some of them are met again in another
    // folder (moved by another client) and must not be reported as archived.
    let mut vanished = Vec::new();
    for gone in folders.iter().filter(|f| !f.on_server) {
        vanished.extend(store::lock(store)?.archive_folder(gone.id)?);
    }

    // Phase 1: what changed on messages we have, everywhere, before fetching anything.
    let mut work = Vec::new();
    let checkable: Vec<&FolderRecord> = folders.iter().filter(|f| f.on_server && f.selectable).collect();
    for (i, folder) in checkable.iter().enumerate() {
        emit(SyncPhase::Checking, Some(&folder.name), i as u32, checkable.len() as u32);
        let status = early.get(&folder.name);
        match check_folder(store, &mut session, caps, folder, status, &mut report, &mut vanished).await {
            Ok(Some(plan)) => work.push(plan),
            Ok(None) => {}
            // A folder deleted between LIST and SELECT: the next pass sees it gone.
            Err(EngineError::Server(reason)) => tracing::warn!(%reason, "folder skipped"),
            Err(other) => return Err(other),
        }
    }

    tracing::debug!(ms = ms(), folders = checkable.len(), "sync: folders checked");
    // Phase 2: download what is new.
    let total: u32 = work.iter().map(|w| w.new.len() as u32).sum();
    let mut done = 0;
    emit(SyncPhase::Downloading, None, 0, total);
    for plan in &work {
        download::download_folder(store, &mut session, caps, plan, &mut report, &mut done, total, &emit).await?;
    }
    tracing::debug!(ms = ms(), "sync: downloaded");
    report.archived += store::lock(store)?.count_still_archived(&vanished)?;
    let checked: Vec<i64> = checkable.iter().map(|f| f.id).collect();
    report.archived += store::lock(store)?.archive_unmatched(&checked)? as u32;
    // A draft's local copy gives way to the server's row if the server changed its bytes.
    store::lock(store)?.tidy_draft_copies(Some(account.id))?;
    // Changes that waited for a message to be met again can go now (after the archive
    // check: what they move is matched again by the next pass).
    if store::lock(store)?.planned_action_count(account.id)? > 0 {
        report.applied += apply_planned(store, &mut session, caps, account.id, &namespace, &mut refusals, &emit).await?;
    }
    store::lock(store)?.forget_empty_vanished_folders(account.id)?;
    report.refused = refusals.texts(&namespace, &store::lock(store)?.folder_records(account.id)?);

    tracing::debug!(ms = ms(), "sync: archive rule applied");
    imap::logout(session).await;
    report.total = store::lock(store)?.count_messages(account.id)?;
    tracing::debug!(ms = ms(), "sync: done");
    emit(SyncPhase::Done, None, total, total);
    Ok(report)
}

async fn apply_planned(
    store: &SharedStore,
    session: &mut ImapSession,
    caps: Capabilities,
    account_id: i64,
    namespace: &Namespace,
    refusals: &mut Refusals,
    emit: &impl Fn(SyncPhase, Option<&str>, u32, u32),
) -> Result<u32> {
    let actions = store::lock(store)?.planned_actions(account_id)?;
    let mut selection: Selection = None;
    let mut applied = 0;
    for (i, action) in actions.iter().enumerate() {
        emit(SyncPhase::Applying, None, i as u32, actions.len() as u32);
        // A change to a message whose new UID is not known yet waits until sync meets it.
        let resolved = store::lock(store)?.resolve_action(action)?;
        let action = match resolved {
            Resolved::Ready(action) => action,
            Resolved::Wait => continue,
            Resolved::Drop => {
                store::lock(store)?.finish_action(action.id)?;
                continue;
            }
        };
        let action = &action;
        match imap::apply_action(session, caps, namespace, &mut selection, action).await? {
            Applied::Done => {
                let mut store = store::lock(store)?;
                if action.kind == ActionKind::Move {
                    if action.target == action.folder {
                        store.record_move_back(action)?;
                    } else {
                        store.record_applied_move(action)?;
                    }
                }
                store.finish_action(action.id)?;
                applied += 1;
            }
            Applied::Missing => store::lock(store)?.defer_action(action.id)?,
            Applied::Refused { reason, lasting } => {
                // Neither the server's text (it can quote names) nor the names are logged.
                tracing::warn!(kind = ?action.kind, lasting, attempts = action.attempts + 1, "the server refused a planned change");
                let mut store = store::lock(store)?;
                let for_good = lasting || action.attempts + 1 >= MAX_ATTEMPTS;
                if for_good {
                    store.undo_refused(action, namespace)?;
                    refusals.add(action);
                } else {
                    store.fail_action(action.id, &reason)?;
                }
            }
        }
    }
    Ok(applied)
}

struct FolderWork {
    folder: FolderRecord,
    uidvalidity: u32,
    new: Vec<NewOnServer>,
}

/// STATUS of every folder that a complete check has seen before, by name. A folder the
/// server refuses (deleted since) is simply left out.
async fn early_status(store: &SharedStore, session: &mut ImapSession, account_id: i64) -> Result<HashMap<String, imap::Selected>> {
    let mut known = store::lock(store)?.folder_records(account_id)?;
    // INBOX first: on Dovecot, once another folder of the user was opened, the INBOX's
    // STATUS is no longer answered from the list index (1 ms against 40 ms at 50,000).
    known.sort_by_key(|f| f.role != Some(FolderRole::Inbox));
    let mut out = HashMap::new();
    for folder in known.iter().filter(|f| f.on_server && f.selectable && f.server_count.is_some()) {
        match imap::status(session, &folder.name).await {
            Ok(Some(status)) => {
                out.insert(folder.name.clone(), status);
            }
            Ok(None) | Err(EngineError::Server(_)) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(out)
}

async fn check_folder(
    store: &SharedStore,
    session: &mut ImapSession,
    caps: Capabilities,
    folder: &FolderRecord,
    status: Option<&imap::Selected>,
    report: &mut SyncReport,
    vanished: &mut Vec<i64>,
) -> Result<Option<FolderWork>> {
    // Most folders have not changed since the last pass: STATUS proved it without SELECT.
    if let Some(status) = status.filter(|s| unchanged_since_last_check(folder, s)) {
        // A pass killed while downloading leaves new messages behind: those still need
        // the full path below.
        let max = store::lock(store)?.max_uid(folder.id, status.uidvalidity)?;
        if status.exists == 0 || status.uidnext.is_some_and(|next| next <= max.saturating_add(1)) {
            return Ok(None);
        }
    }
    let selected = imap::select(session, &folder.name, caps).await?;
    let uidvalidity = selected.uidvalidity;
    let renumbered = folder.uidvalidity != Some(uidvalidity);
    if renumbered {
        if folder.uidvalidity.is_some() {
            tracing::info!("a folder was renumbered by the server (UIDVALIDITY changed)");
        }
        store::lock(store)?.record_uidvalidity_change(folder.id, uidvalidity)?;
    }
    let known_modseq = if renumbered { None } else { folder.highestmodseq };

    // Nothing changed on the server since the last complete check of this folder: same
    // numbering, same next UID, same change counter and same count (so nothing expunged
    // either). Then neither flags nor UIDs need reading, here or in the store; only new
    // messages can still be missing (a pass killed while downloading), which the highest
    // UID kept below tells.
    let unchanged = !renumbered && unchanged_since_last_check(folder, &selected);

    let mut exact = false;
    // The server's full UID list, when this check read it.
    let mut on_server: Option<HashSet<u32>> = None;
    if renumbered || unchanged {
        // Renumbered: everything is fetched again and matched by content. Unchanged:
        // nothing to compare.
    } else if selected.exists == 0 {
        let gone = store::lock(store)?.server_uids(folder.id, uidvalidity)?;
        vanished.extend(store::lock(store)?.record_vanished(folder.id, uidvalidity, &gone)?);
        exact = true;
    } else {
        match (known_modseq, selected.highestmodseq) {
            (Some(known), Some(now)) if known == now => {}
            (Some(known), Some(_)) => {
                let changes = imap::changes_since(session, known, caps.qresync).await?;
                let mut store = store::lock(store)?;
                report.updated += store.record_server_flags(folder.id, uidvalidity, &changes.flags)? as u32;
                if let Some(uids) = changes.vanished {
                    vanished.extend(store.record_vanished(folder.id, uidvalidity, &uids)?);
                }
            }
            _ => {
                let (flags, uids) = imap::all_flags(session).await?;
                let mut store = store::lock(store)?;
                report.updated += store.record_server_flags(folder.id, uidvalidity, &flags)? as u32;
                let gone: Vec<u32> = store
                    .server_uids(folder.id, uidvalidity)?
                    .into_iter()
                    .filter(|uid| !uids.contains(uid))
                    .collect();
                vanished.extend(store.record_vanished(folder.id, uidvalidity, &gone)?);
                on_server = Some(uids);
                exact = true;
            }
        }
    }

    let max = store::lock(store)?.max_uid(folder.id, uidvalidity)?;
    // The UID list read above says it too: Courier-IMAP's SELECT gives no UIDNEXT.
    let maybe_new = selected.exists > 0
        && selected.uidnext.is_none_or(|next| next > max.saturating_add(1))
        && on_server.as_ref().is_none_or(|uids| uids.iter().any(|uid| *uid > max));
    let mut new = if maybe_new { imap::list_new(session, max).await? } else { Vec::new() };

    // Cross-check: what we believe is on the server must add up to what it counts.
    // A miss (a VANISHED lost, a server without QRESYNC) falls back to the full UID list.
    if !exact && !renumbered && !unchanged {
        let known = store::lock(store)?.server_uid_count(folder.id, uidvalidity)?;
        if known + new.len() != selected.exists as usize {
            let known = store::lock(store)?.server_uids(folder.id, uidvalidity)?;
            let uids = imap::all_uids(session).await?;
            let gone: Vec<u32> = known.into_iter().filter(|uid| !uids.contains(uid)).collect();
            vanished.extend(store::lock(store)?.record_vanished(folder.id, uidvalidity, &gone)?);
            on_server = Some(uids);
        }
    }
    if let Some(uids) = &on_server {
        new.extend(missing_below(store, session, folder, uidvalidity, max, uids, new.len()).await?);
        new.sort_by_key(|m| m.uid);
    }

    if !unchanged {
        store::lock(store)?.set_folder_sync_state(folder.id, uidvalidity, selected.uidnext, selected.highestmodseq, selected.exists)?;
    }
    if new.is_empty() {
        return Ok(None);
    }
    Ok(Some(FolderWork {
        folder: folder.clone(),
        uidvalidity,
        new,
    }))
}

/// Messages the server holds under a UID below the highest one known here, which the store
/// lacks: a purge the server refused, a move it refused that was undone. Only checked
/// when nothing is planned on the account: a planned move or expunge also leaves such a
/// UID behind on purpose, until it is applied.
async fn missing_below(
    store: &SharedStore,
    session: &mut ImapSession,
    folder: &FolderRecord,
    uidvalidity: u32,
    max: u32,
    on_server: &HashSet<u32>,
    above_max: usize,
) -> Result<Vec<NewOnServer>> {
    let missing: Vec<u32> = {
        let store = store::lock(store)?;
        // What the store knows is on the server (the gone were marked just before): when it
        // and the new ones add up to the server's list, nothing is missing.
        let known = store.server_uid_count(folder.id, uidvalidity)?;
        if known + above_max >= on_server.len() || store.planned_action_count(folder.account_id)? > 0 {
            return Ok(Vec::new());
        }
        let known: HashSet<u32> = store.server_uids(folder.id, uidvalidity)?.into_iter().collect();
        on_server.iter().copied().filter(|uid| *uid <= max && !known.contains(uid)).collect()
    };
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    tracing::info!(count = missing.len(), "messages the server kept are fetched again");
    imap::sizes_of(session, &missing).await
}

/// Same numbering, same next UID, same change counter and same count as at the last
/// complete check: nothing was added, changed or expunged since.
fn unchanged_since_last_check(folder: &FolderRecord, now: &imap::Selected) -> bool {
    folder.uidvalidity == Some(now.uidvalidity)
        && now.highestmodseq.is_some()
        && folder.highestmodseq == now.highestmodseq
        && now.uidnext.is_some()
        && folder.uidnext == now.uidnext
        && folder.server_count == Some(now.exists)
}

/// Whether a server folder is one of `boxes`' (lowercase addresses) as the shared namespace
/// names them: a level of its name is the box's address (`Shared/<address>/INBOX`). A
/// personal folder is never named by an address.
fn belongs_to_any(name: &str, delimiter: Option<&str>, boxes: &[String]) -> bool {
    let Some(delimiter) = delimiter.filter(|d| !d.is_empty()) else { return false };
    name.split(delimiter).skip(1).any(|level| boxes.iter().any(|b| level.eq_ignore_ascii_case(b)))
}

#[cfg(test)]
mod shared_folder_tests {
    use super::belongs_to_any;

    #[test]
    fn an_opened_boxs_shared_folders_are_told_from_ones_own() {
        let boxes = vec!["secretariat.cabinet-dupont@medimail.test".to_owned()];
        assert!(belongs_to_any("Shared/secretariat.cabinet-dupont@medimail.test/INBOX", Some("/"), &boxes));
        assert!(belongs_to_any("Shared/Secretariat.Cabinet-Dupont@medimail.test", Some("/"), &boxes));
        assert!(!belongs_to_any("Shared/autre@medimail.test/INBOX", Some("/"), &boxes));
        assert!(!belongs_to_any("INBOX", Some("/"), &boxes));
        assert!(!belongs_to_any("secretariat.cabinet-dupont@medimail.test", Some("/"), &boxes), "a top level is one's own");
        assert!(!belongs_to_any("Shared/secretariat.cabinet-dupont@medimail.test/INBOX", None, &boxes));
    }
}
