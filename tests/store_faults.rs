//! A full disk and a read-only profile (issue 16): the sync stops with a clear error (the
//! `io` code: "Vérifiez l'espace disque disponible et les droits…"), the store passes
//! SQLite's integrity check after the fault, and once there is room again the sync finishes
//! with every message once. The profile lives on a small tmpfs of its own (mounting needs
//! root, as the test machines run).

mod support;

use std::path::Path;
use std::process::Command;

use support::cli::{failure_of, Cli};
use support::notify::deliver_lmtp;
use support::Operator;

/// A tmpfs of `megabytes` at `dir`, unmounted when dropped.
struct SmallDisk<'a>(&'a Path);

impl<'a> SmallDisk<'a> {
    fn mount(dir: &'a Path, megabytes: u32) -> SmallDisk<'a> {
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}M"), "tmpfs"])
            .arg(dir)
            .status()
            .expect("run mount");
        assert!(status.success(), "mounting a small tmpfs (this test needs root)");
        SmallDisk(dir)
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount").args(["-o", &format!("remount,{options}")]).arg(self.0).status().expect("run mount");
        assert!(status.success(), "remount {options}");
    }
}

impl Drop for SmallDisk<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.0).status();
    }
}

fn check_store(profile: &Path) {
    let engine = medimail_engine::Engine::open(medimail_engine::Profile::open(Some(profile)).expect("profile")).expect("the store opens");
    engine.check_store().expect("the store passes SQLite's integrity check");
}

/// A message of about 700 KB that does not compress (the store compresses what it keeps).
fn large_message(from: &str, to: &str, n: usize) -> String {
    let mut noise = String::with_capacity(720_000);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ n as u64;
    while noise.len() < 700_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        noise.push_str(&format!("{x:016x}"));
        if noise.len() % 76 < 16 {
            noise.push_str("\r\n");
        }
    }
    format!(
        "From: <{from}>\r\nTo: <{to}>\r\nSubject: Imagerie {n}\r\nMessage-ID: <full-{n}@tests.local>\r\n\
         Date: Mon, 7 Dec 2026 09:00:00 +0100\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n{noise}\r\n"
    )
}

#[test]
fn a_full_disk_and_a_read_only_profile_stop_the_sync_clearly_and_leave_the_store_whole() {
    let op = Operator::start();
    let physician = op.account("physician");
    let secretary = op.account("secretary");
    let scratch = tempfile::tempdir().unwrap();
    let disk = SmallDisk::mount(scratch.path(), 12);
    let mut cli = Cli::new();
    cli.profile = scratch.path().join("profile");
    cli.add_account(&op, "physician");
    const MESSAGES: usize = 24;
    for n in 0..MESSAGES {
        deliver_lmtp(&op, &secretary.email, &physician.email, &large_message(&secretary.email, &physician.email, n));
    }

    // About 17 MB of mail for 12 MB of disk.
    let full = cli.output(&["sync"]);
    assert!(!full.status.success(), "the sync cannot finish on a full disk");
    let failure = failure_of(&full);
    assert_eq!(failure.code.as_deref(), Some("io"), "{}", failure.stderr);
    let french = cli.human_output("fr", &["list", "--folder", "INBOX"]);
    assert!(french.status.success(), "what was stored is still read: {}", String::from_utf8_lossy(&french.stderr));
    check_store(&cli.profile);

    // Read-only: a clear error too, nothing changes.
    disk.remount("ro");
    let read_only = cli.output(&["sync"]);
    assert!(!read_only.status.success());
    let failure = failure_of(&read_only);
    assert_eq!(failure.code.as_deref(), Some("io"), "{}", failure.stderr);
    let said = cli.human_output("fr", &["sync"]);
    let text = String::from_utf8_lossy(&said.stderr);
    assert!(text.contains("espace disque") && text.contains("droits"), "{text}");

    // Room again: the sync finishes, every message once.
    disk.remount("rw,size=64M");
    check_store(&cli.profile);
    let done = cli.output(&["sync"]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let inbox = cli.list("INBOX");
    assert_eq!(inbox.len(), MESSAGES, "every message, once");
    check_store(&cli.profile);
}
