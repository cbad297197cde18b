//! A sync that meets trouble: the connection cut mid-fetch, two processes on one profile,
//! and mail that breaks the rules (including a 50 MB message).

mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};
use support::check::{archived_total, assert_mirrors};
use support::cli::{assert_no_duplicate_ids, sync_summary_of, Cli, MessageView, SyncSummary};
use support::probe::ImapProbe;
use support::proxy::CuttingProxy;
use support::Operator;

// ---- 8. the connection cut mid-fetch --------------------------------------------------------

#[test]
fn a_connection_cut_mid_fetch_fails_clearly_and_the_next_sync_completes() {
    let op = Operator::start();
    op.seed();
    // Enough for several download chunks (500 messages each), so the cut comes after some
    // were committed and the next sync has to resume.
    op.seed_count("physician", "INBOX", 1500);
    let mut probe = ImapProbe::connect(&op, "physician");
    let folders = probe.selectable_folders();
    let mut server_total = 0u64;
    let mut server_bytes = 0u64;
    for folder in &folders {
        for m in probe.messages(folder) {
            server_total += 1;
            server_bytes += u64::from(m.size);
        }
    }
    assert!(server_bytes > 1_500_000, "enough mail to cut in the middle ({server_bytes} bytes)");

    // The account goes through the relay; the certificate (IP SAN 127.0.0.1) still verifies.
    let proxy = CuttingProxy::start(SocketAddr::from((Ipv4Addr::LOCALHOST, op.env.ports.imaps)));
    let cli = Cli::new();
    cli.add_account_via(&op, "physician", proxy.port);

    // Half of the mail's bytes, then the line goes dead both ways.
    proxy.cut_after(Some(server_bytes / 2));
    let out = cli.output_within(&["sync"], Duration::from_secs(120));
    assert!(!out.status.success(), "a cut connection fails the sync");
    assert_eq!(out.status.code(), Some(1));
    let failure = support::cli::failure_of(&out);
    assert!(
        matches!(failure.code.as_deref(), Some("network" | "server")),
        "a clear network/server error code: {}",
        failure.stderr
    );
    eprintln!("the cut sync reported: {}", failure.stderr.trim());
    assert_eq!(proxy.cuts(), 1, "the proxy did cut the sync's connection");
    let stored_after_cut: u64 = cli.folders().iter().map(|f| u64::from(f.total)).sum();
    assert!(stored_after_cut < server_total, "the cut came before the end ({stored_after_cut} of {server_total})");
    assert!(stored_after_cut > 0, "what was downloaded before the cut is kept");
    for folder in cli.folders().iter().filter(|f| f.total > 0) {
        assert_no_duplicate_ids(&cli.list(&folder.name), "after the cut");
    }

    // The line is back: the next sync completes, fetching only what was missing.
    proxy.cut_after(None);
    let report = cli.sync();
    assert_eq!(u64::from(report.fetched), server_total - stored_after_cut, "resumed, nothing fetched twice");
    assert_eq!(report.total, server_total);
    assert_eq!(report.archived, 0);
    let by_folder = assert_mirrors(&cli, &mut probe, "after the sync that followed the cut");
    for (folder, messages) in &by_folder {
        assert_no_duplicate_ids(messages, folder);
    }
    assert!(proxy.connections() >= 3, "account add, cut sync and resumed sync all went through the relay");
}

// ---- 9. two processes on one profile --------------------------------------------------------

/// Whether `pid` holds a flock on `path` (read from /proc/locks, without touching it).
fn holds_flock(pid: u32, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(path) else { return false };
    let ino = meta.ino().to_string();
    let locks = std::fs::read_to_string("/proc/locks").unwrap_or_default();
    locks.lines().any(|line| {
        let fields: Vec<&str> = line.split_whitespace().filter(|f| *f != "->").collect();
        // "1: FLOCK ADVISORY WRITE <pid> <maj>:<min>:<inode> 0 EOF"
        fields.len() >= 6
            && fields[1] == "FLOCK"
            && fields[4] == pid.to_string()
            && fields[5].rsplit(':').next() == Some(ino.as_str())
    })
}

fn signal(pid: u32, sig: &str) {
    let status = Command::new("kill").arg(format!("-{sig}")).arg(pid.to_string()).status().unwrap();
    assert!(status.success(), "kill -{sig} {pid}");
}

/// A running sync whose stderr is read line by line, so the test can see it waiting.
struct Watched {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: std::thread::JoinHandle<String>,
}

impl Watched {
    fn start(cli: &Cli) -> Watched {
        let mut child = cli.spawn(&["sync"]);
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        let stderr = std::thread::spawn(move || {
            let mut all = String::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                all.push_str(&line);
                all.push('\n');
                let _ = tx.send(line);
            }
            all
        });
        Watched { child, lines, stderr }
    }

    /// Waits (bounded) for the sync to say it waits for another one.
    fn wait_for_waiting(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains("waiting") => return,
                Ok(_) => continue,
                Err(e) => panic!("the second sync never said it was waiting ({e})"),
            }
        }
    }

    fn finish(mut self) -> SyncSummary {
        let deadline = Instant::now() + Duration::from_secs(180);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("a sync did not finish within 180 s");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut stdout = Vec::new();
        self.child.stdout.take().unwrap().read_to_end(&mut stdout).unwrap();
        let stderr = self.stderr.join().unwrap();
        sync_summary_of(&std::process::Output { status, stdout, stderr: stderr.into_bytes() })
    }
}

#[test]
fn two_syncs_on_one_profile_wait_for_each_other_and_fetch_once() {
    let op = Operator::start();
    op.seed_count("intern", "INBOX", 2000);
    let cli = Cli::new();
    cli.add_account(&op, "intern");
    let mut probe = ImapProbe::connect(&op, "intern");
    let lock = cli.profile.join("sync.lock");

    // A starts and takes the profile's sync lock; it is frozen there (SIGSTOP) so that B
    // surely meets the lock, whatever the machine's speed.
    let a = Watched::start(&cli);
    let pid = a.child.id();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !holds_flock(pid, &lock) {
        assert!(Instant::now() < deadline, "the first sync never took the lock");
        assert!(a.lines.try_recv().map_or(true, |l| !l.contains("waiting")), "nobody else holds the lock");
        std::thread::sleep(Duration::from_millis(2));
    }
    signal(pid, "STOP");
    let b = Watched::start(&cli);
    b.wait_for_waiting();
    signal(pid, "CONT");
    let (a, b) = (a.finish(), b.finish());
    assert!(!a.waited && b.waited, "the second one waits, and says so: {a:?} {b:?}");
    assert_eq!(a.fetched + b.fetched, 2000, "every message fetched exactly once: {a:?} {b:?}");
    assert_eq!((a.total, b.total), (2000, 2000));
    let by_folder = assert_mirrors(&cli, &mut probe, "after two concurrent syncs");
    assert_no_duplicate_ids(&by_folder["INBOX"], "INBOX");

    // The open app holds the lock (here: this test, through the same OS lock): a scheduled
    // `medimail sync` waits for it, then does its pass.
    op.seed_count("intern", "INBOX", 100);
    let file = std::fs::OpenOptions::new().write(true).open(&lock).unwrap();
    file.lock().unwrap();
    let mut c = Watched::start(&cli);
    c.wait_for_waiting();
    assert!(c.child.try_wait().unwrap().is_none(), "still waiting while the lock is held");
    file.unlock().unwrap();
    let c = c.finish();
    assert!(c.waited);
    assert_eq!((c.fetched, c.total), (100, 2100));
    assert_mirrors(&cli, &mut probe, "after a sync that waited for the app");
    assert_eq!(archived_total(&cli), 0);
}

// ---- 10. malformed mail ---------------------------------------------------------------------

fn corpus_dir(kind: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("tests/corpus").join(kind)
}

fn base64_lines(data: &[u8]) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(data.len() * 4 / 3 + data.len() / 38 + 8);
    for (i, chunk) in data.chunks(3).enumerate() {
        let n = chunk.len();
        let b = [chunk[0], if n > 1 { chunk[1] } else { 0 }, if n > 2 { chunk[2] } else { 0 }];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(v >> 18) as usize & 63]);
        out.push(ALPHABET[(v >> 12) as usize & 63]);
        out.push(if n > 1 { ALPHABET[(v >> 6) as usize & 63] } else { b'=' });
        out.push(if n > 2 { ALPHABET[v as usize & 63] } else { b'=' });
        if (i + 1) % 19 == 0 {
            out.extend_from_slice(b"\r\n");
        }
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// A 50 MB message: an imaging report with a large attachment (seeded random bytes).
fn huge_message() -> Vec<u8> {
    let mut payload = vec![0u8; 37 * 1024 * 1024];
    StdRng::seed_from_u64(50).fill_bytes(&mut payload);
    let mut raw = b"From: Service d'imagerie <imagerie@clinique-pasteur.mssante.test>\r\n\
To: Camille Roussel <camille.roussel@medimail.test>\r\n\
Subject: =?utf-8?q?Imagerie_compl=C3=A8te_=E2=80=94_50_Mo?=\r\n\
Date: Tue, 3 Nov 2026 09:30:00 +0100\r\n\
Message-ID: <imagerie-50mo@clinique-pasteur.mssante.test>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"limite-50mo\"\r\n\r\n\
--limite-50mo\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
Bonjour, voici les images compl\xc3\xa8tes de l'examen.\r\n\r\n\
--limite-50mo\r\nContent-Type: application/octet-stream; name=\"examen.dcm\"\r\n\
Content-Disposition: attachment; filename=\"examen.dcm\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        .to_vec();
    raw.extend(base64_lines(&payload));
    raw.extend_from_slice(b"--limite-50mo--\r\n");
    assert!(raw.len() >= 50 * 1000 * 1000, "{} bytes", raw.len());
    raw
}

#[test]
fn malformed_and_huge_mail_never_stops_a_sync_and_is_kept_byte_for_byte() {
    let op = Operator::start();
    let cli = Cli::new();
    cli.add_account(&op, "intern");
    let mut probe = ImapProbe::connect(&op, "intern");

    let mut mail: Vec<(String, Vec<u8>)> = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(corpus_dir("malformed")).unwrap().map(|e| e.unwrap().path()).collect();
    names.push(corpus_dir("wellformed").join("dup-id-a.eml"));
    names.push(corpus_dir("wellformed").join("dup-id-b.eml"));
    names.sort();
    for path in names.iter().filter(|p| p.extension().is_some_and(|e| e == "eml")) {
        mail.push((path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(path).unwrap()));
    }
    assert!(mail.len() >= 20, "the malformed corpus is there ({} files)", mail.len());
    mail.push(("huge-50mb.eml".to_owned(), huge_message()));

    // In through IMAP APPEND, as raw as the server takes them.
    let mut accepted: Vec<(String, Vec<u8>)> = Vec::new();
    let mut refused: Vec<(String, String)> = Vec::new();
    for (name, raw) in mail {
        match probe.try_append("INBOX", None, &raw) {
            Ok(()) => accepted.push((name, raw)),
            Err(e) => refused.push((name, e)),
        }
    }
    for required in [
        "bad-charset.eml", "missing-message-id.eml", "dup-id-a.eml", "dup-id-b.eml", "latin1-raw-headers.eml",
        "utf8-raw-headers.eml", "truncated-multipart.eml", "multipart-no-boundary.eml", "bad-base64.eml",
        "deep-multipart.eml", "mixed-line-endings.eml", "huge-50mb.eml",
    ] {
        assert!(accepted.iter().any(|(n, _)| n == required), "the server took {required} (refused: {refused:?})");
    }
    eprintln!("APPEND refused by the server: {refused:?}");
    // Only what IMAP itself cannot carry may be refused (an empty message, NUL bytes).
    for (name, _) in &refused {
        assert!(["empty.eml", "binary-junk.eml"].contains(&name.as_str()), "{name} refused: {refused:?}");
    }

    let report = cli.sync();
    assert_eq!(report.fetched as usize, accepted.len(), "every message stored: {report:?}");
    assert_eq!(report.total as usize, accepted.len());

    // Server order is APPEND order: pair each file with what the server gives back.
    let server = probe.messages("INBOX");
    assert_eq!(server.len(), accepted.len());
    let stored = cli.list("INBOX");
    assert_eq!(stored.len(), accepted.len());
    let mut store_raw: BTreeMap<i64, Vec<u8>> = stored.iter().map(|m| (m.id, cli.raw(m.id))).collect();
    let mut by_name: BTreeMap<String, MessageView> = BTreeMap::new();
    for ((name, _), s) in accepted.iter().zip(&server) {
        let bytes = probe.raw("INBOX", s.uid);
        let id = *store_raw
            .iter()
            .find(|(_, raw)| **raw == bytes)
            .unwrap_or_else(|| panic!("{name}: no stored message has the server's exact bytes"))
            .0;
        store_raw.remove(&id);
        let view = stored.iter().find(|m| m.id == id).unwrap().clone();
        // The parsed view opens too: a bad message never takes the reader down.
        let detail = cli.act(&["show", &id.to_string()]);
        assert!(detail["body_text"].is_string(), "{name}: show works");
        assert!(!view.subject.contains(char::is_control), "{name}: subject {:?}", view.subject);
        by_name.insert(name.clone(), view);
    }
    assert!(store_raw.is_empty(), "every stored message matched one on the server");

    // Sensible subjects.
    assert_eq!(by_name["utf8-raw-headers.eml"].subject, "Résultats échographie — à revoir");
    assert_eq!(by_name["latin1-raw-headers.eml"].subject, "Résultats d'analyses");
    let bad_charset = &by_name["bad-charset.eml"].subject;
    assert!(bad_charset.contains("Compte rendu") && bad_charset.contains("du patient"), "{bad_charset:?}");
    assert!(by_name["unterminated-encoded-word.eml"].subject.starts_with("Objet"));
    assert_eq!(by_name["missing-message-id.eml"].subject, "Sans identifiant");
    assert_eq!(by_name["truncated-multipart.eml"].subject, "Message tronque");
    let (a, b) = (&by_name["dup-id-a.eml"], &by_name["dup-id-b.eml"]);
    assert_ne!(a.id, b.id, "two different messages sharing a Message-ID are both kept");
    assert_eq!(a.message_id.as_deref(), Some("meme-id@medecin.mssante.fr"));
    assert_eq!(b.message_id, a.message_id);
    let huge = &by_name["huge-50mb.eml"];
    assert_eq!(huge.subject, "Imagerie complète — 50 Mo");
    assert!(huge.has_attachments);
    assert!(huge.size as usize >= 50 * 1000 * 1000);

    // Nothing more to do, and the server agrees.
    let again = cli.sync();
    assert_eq!((again.fetched, again.updated, again.archived), (0, 0, 0));
    assert_mirrors(&cli, &mut probe, "after syncing the malformed corpus");
}
