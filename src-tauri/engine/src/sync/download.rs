//! Downloading a folder's new messages in three stages on three threads, joined by bounded
//! channels: the IMAP session fetches a chunk while the parser parses, hashes and
//! compresses the one before and the writer stores the one before that. Each stage starts
//! as soon as it has work, so the writer — SQLCipher and FTS5, the slowest — never waits
//! for a fetch to end, and no stage gets more than two chunks ahead of the next. Chunks are
//! written in UID order, each in its own transaction, so a pass killed anywhere resumes
//! after the last one written.

use std::time::Instant;

use tokio::sync::{mpsc, oneshot};

use super::{FolderWork, SyncPhase, SyncReport};
use crate::imap::{self, Capabilities, ImapSession, NewOnServer, RawFetched};
use crate::{extract, mime};
use crate::store::{self, FetchedMessage, Insertion, PreparedMessage, RawCompressor, SharedStore};
use crate::{EngineError, Result};

/// Chunks are bounded in count and bytes so memory stays flat on huge mailboxes (five at
/// most are held at once: one per stage, one in each channel). Each is one transaction:
/// 2000 messages rather than 500 rewrite the random-order indexes and the FTS5 segments
/// four times less often.
const CHUNK_MESSAGES: usize = 2000;
const CHUNK_BYTES: u64 = 16 * 1024 * 1024;
/// The first chunks are smaller (250, 500, 1000, then 2000 messages) so that the writer
/// starts a fraction of a second into the download rather than after two full chunks.
const FIRST_CHUNK_MESSAGES: usize = 250;

#[allow(clippy::too_many_arguments)]
pub(super) async fn download_folder(
    store: &SharedStore,
    session: &mut ImapSession,
    caps: Capabilities,
    work: &FolderWork,
    report: &mut SyncReport,
    done: &mut u32,
    total: u32,
    emit: &impl Fn(SyncPhase, Option<&str>, u32, u32),
) -> Result<()> {
    let selected = imap::select(session, &work.folder.name, caps).await?;
    if selected.uidvalidity != work.uidvalidity {
        // Renumbered since phase 1: the next pass starts over for this folder.
        return Ok(());
    }
    let (account_id, folder_id, uidvalidity) = (work.folder.account_id, work.folder.id, work.uidvalidity);
    let (to_parse, parse_queue) = mpsc::channel(1);
    let (to_write, write_queue) = mpsc::channel(1);
    let parser = spawn_parser(uidvalidity, parse_queue, to_write)?;
    let shared = store.clone();
    let writer = tokio::task::spawn_blocking(move || write_all(&shared, account_id, folder_id, write_queue));

    let mut fetching = Ok(());
    for chunk in chunks(&work.new) {
        let uids: Vec<u32> = chunk.iter().map(|m| m.uid).collect();
        let started = Instant::now();
        let fetched = match imap::fetch_messages(session, &uids, caps.condstore).await {
            Ok(fetched) => fetched,
            Err(e) => {
                fetching = Err(e);
                break;
            }
        };
        tracing::debug!(ms = started.elapsed().as_millis() as u64, messages = uids.len(), "sync: chunk downloaded");
        if to_parse.send(fetched).await.is_err() {
            // The parser or the writer stopped on an error, reported below.
            break;
        }
        *done += chunk.len() as u32;
        emit(SyncPhase::Downloading, Some(&work.folder.name), *done, total);
    }
    drop(to_parse);
    // Whatever was downloaded is stored before an error is reported: a cut connection
    // loses no fetched message, and the next pass starts after the last one.
    let parsed = parser.await.unwrap_or_else(|_| Err(EngineError::Internal("the parser thread stopped".into())));
    let written = join(writer).await?;
    parsed?;
    fetching?;
    count(report, written);
    Ok(())
}

/// The parser runs on a thread of its own, at a lower priority on Linux: it is always
/// ahead of the writer, the slowest stage, so on a machine short of cores (two, with the
/// server or other programs busy) it gives way to the writer and to the download. Measured
/// on the bench's two cores: a 50,000-message first sync 0.2–0.5 s faster (BENCHMARKS.md).
fn spawn_parser(
    uidvalidity: u32,
    queue: mpsc::Receiver<Vec<RawFetched>>,
    to_write: mpsc::Sender<Vec<PreparedMessage>>,
) -> Result<oneshot::Receiver<Result<()>>> {
    let (done, result) = oneshot::channel();
    std::thread::Builder::new()
        .name("medimail-parse".into())
        .spawn(move || {
            give_way();
            // The receiver is gone only if the pass itself was dropped.
            let _ = done.send(parse_all(uidvalidity, queue, to_write));
        })
        .map_err(|e| EngineError::Internal(format!("parser thread: {e}")))?;
    Ok(result)
}

#[cfg(target_os = "linux")]
fn give_way() {
    const NICENESS: libc::c_int = 6;
    // SAFETY: both calls only read or change this thread's own scheduling weight; raising
    // one's niceness needs no privilege, and a failure leaves the thread as it was.
    unsafe {
        let thread = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, NICENESS);
    }
}

#[cfg(not(target_os = "linux"))]
fn give_way() {}

/// Parsing, hashing and compressing: everything the writer needs, done before it takes
/// the store. Stops quietly when the writer has stopped (its error is the one reported).
fn parse_all(
    uidvalidity: u32,
    mut queue: mpsc::Receiver<Vec<RawFetched>>,
    to_write: mpsc::Sender<Vec<PreparedMessage>>,
) -> Result<()> {
    let mut compressor = RawCompressor::new()?;
    while let Some(fetched) = queue.blocking_recv() {
        let started = Instant::now();
        let prepared = fetched
            .into_iter()
            .map(|m| {
                compressor.prepare(FetchedMessage {
                    uidvalidity,
                    uid: m.uid,
                    modseq: m.modseq,
                    flags: m.flags,
                    internal_date: m.internal_date,
                    hash: mime::content_hash(&m.raw),
                    fields: extract::message_fields(&m.raw, m.internal_date),
                    raw: m.raw,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        tracing::debug!(ms = started.elapsed().as_millis() as u64, "sync: chunk parsed");
        if to_write.blocking_send(prepared).is_err() {
            break;
        }
    }
    Ok(())
}

/// Stores each chunk in its own transaction, taking the store only for that long so that
/// the window's reads interleave.
fn write_all(
    store: &SharedStore,
    account_id: i64,
    folder_id: i64,
    mut queue: mpsc::Receiver<Vec<PreparedMessage>>,
) -> Result<Vec<Insertion>> {
    let mut insertions = Vec::new();
    while let Some(prepared) = queue.blocking_recv() {
        let started = Instant::now();
        insertions.extend(store::lock(store)?.record_prepared(account_id, folder_id, &prepared)?);
        tracing::debug!(ms = started.elapsed().as_millis() as u64, "sync: chunk written");
    }
    Ok(insertions)
}

async fn join<T>(handle: tokio::task::JoinHandle<Result<T>>) -> Result<T> {
    handle.await.map_err(|e| EngineError::Internal(format!("store task failed: {e}")))?
}

fn count(report: &mut SyncReport, insertions: Vec<Insertion>) {
    for insertion in insertions {
        match insertion {
            Insertion::New(_) => report.fetched += 1,
            Insertion::Adopted(_) => report.updated += 1,
            Insertion::Known(_) => {}
        }
    }
}

fn chunks(new: &[NewOnServer]) -> Vec<&[NewOnServer]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0u64;
    let mut limit = FIRST_CHUNK_MESSAGES;
    for (i, message) in new.iter().enumerate() {
        if i > start && (i - start >= limit || bytes + u64::from(message.size) > CHUNK_BYTES) {
            out.push(&new[start..i]);
            start = i;
            bytes = 0;
            limit = (limit * 2).min(CHUNK_MESSAGES);
        }
        bytes += u64::from(message.size);
    }
    if start < new.len() {
        out.push(&new[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_grow_to_their_bounds_in_count_and_size() {
        let small: Vec<NewOnServer> = (1..=8000).map(|uid| NewOnServer { uid, size: 1000 }).collect();
        let sizes: Vec<usize> = chunks(&small).iter().map(|c| c.len()).collect();
        assert_eq!(sizes, vec![250, 500, 1000, 2000, 2000, 2000, 250]);
        let big = vec![
            NewOnServer { uid: 1, size: 50 * 1024 * 1024 },
            NewOnServer { uid: 2, size: 10 },
            NewOnServer { uid: 3, size: 10 },
        ];
        let sizes: Vec<usize> = chunks(&big).iter().map(|c| c.len()).collect();
        assert_eq!(sizes, vec![1, 2]);
        let medium: Vec<NewOnServer> = (1..=40).map(|uid| NewOnServer { uid, size: 1024 * 1024 }).collect();
        let sizes: Vec<usize> = chunks(&medium).iter().map(|c| c.len()).collect();
        assert_eq!(sizes, vec![16, 16, 8]);
        assert!(chunks(&[]).is_empty());
    }
}
