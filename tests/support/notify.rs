//! The test bed's notification daemon (dev/notify/daemon.sh: dunst on this test run's
//! private D-Bus session, dev/with-keyring.sh's) and LMTP delivery. One daemon serves the
//! whole test binary and owns the session's notification name, so the tests that look at
//! it take turns (`NotifyDaemon::take`).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use serde::Deserialize;

use super::{eventually, Operator};

/// One notification as the daemon received and showed it.
#[derive(Debug, Clone, Deserialize)]
pub struct Shown {
    /// When the daemon got it (unix seconds).
    pub at: f64,
    pub id: u32,
    pub app: String,
    pub summary: String,
    pub body: String,
}

struct Daemon {
    record: PathBuf,
    /// Never waited for: it ends with the session bus, after this process.
    _child: std::process::Child,
    _dir: tempfile::TempDir,
}

static DAEMON: OnceLock<Daemon> = OnceLock::new();
static TURN: Mutex<()> = Mutex::new(());

pub struct NotifyDaemon {
    record: PathBuf,
    /// Lines of the record before this test's turn.
    skip: usize,
    _turn: MutexGuard<'static, ()>,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn start() -> Daemon {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("shown.jsonl");
    // Left to end with the session bus (dunst leaves when its bus goes; the script then
    // stops its Xvfb).
    let child = Command::new(repo_root().join("dev/notify/daemon.sh")).arg(&record).spawn().expect("start dev/notify/daemon.sh");
    eventually("the notification daemon on the session bus", Duration::from_secs(20), || {
        // Asked of the bus itself: asking dunst would make D-Bus start another one, without a display.
        let owner = Command::new("gdbus")
            .args(["call", "--session", "--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus"])
            .args(["--method", "org.freedesktop.DBus.NameHasOwner", "org.freedesktop.Notifications"])
            .output();
        record.exists() && owner.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("true"))
    });
    Daemon { record, _child: child, _dir: dir }
}

impl NotifyDaemon {
    /// The daemon for this test alone until dropped.
    pub fn take() -> NotifyDaemon {
        let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let daemon = DAEMON.get_or_init(start);
        let _ = Command::new("dunstctl").arg("close-all").status();
        let mut taken = NotifyDaemon { record: daemon.record.clone(), skip: 0, _turn: turn };
        taken.skip = taken.all().len();
        taken
    }

    fn all(&self) -> Vec<Shown> {
        let text = std::fs::read_to_string(&self.record).unwrap_or_default();
        text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    /// What the daemon showed since this test's turn began.
    pub fn shown(&self) -> Vec<Shown> {
        self.all().into_iter().skip(self.skip).collect()
    }

    /// A click on the newest notification on screen, by the daemon itself (its default
    /// action: ActionInvoked "default").
    pub fn click_newest(&self) {
        let status = Command::new("dunstctl").args(["action", "0"]).status().expect("dunstctl");
        assert!(status.success());
    }
}

impl Drop for NotifyDaemon {
    fn drop(&mut self) {
        let _ = Command::new("dunstctl").arg("close-all").status();
    }
}

/// Delivers `raw` to `to` by the operator's LMTP (as its MTA does), and checks the answer.
pub fn deliver_lmtp(op: &Operator, from: &str, to: &str, raw: &str) {
    let stream = TcpStream::connect((op.env.host.as_str(), op.env.ports.lmtp)).expect("LMTP connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let mut expect = |code: &str| loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with(code), "LMTP said {line:?}, {code} expected");
        if line.as_bytes().get(3) != Some(&b'-') {
            break;
        }
    };
    expect("220");
    for (command, code) in [
        ("LHLO tests.local".to_owned(), "250"),
        (format!("MAIL FROM:<{from}>"), "250"),
        (format!("RCPT TO:<{to}>"), "250"),
        ("DATA".to_owned(), "354"),
    ] {
        write!(writer, "{command}\r\n").unwrap();
        expect(code);
    }
    let body: String = raw.replace("\r\n", "\n").split('\n').map(|l| if l.starts_with('.') { format!(".{l}\r\n") } else { format!("{l}\r\n") }).collect();
    write!(writer, "{body}.\r\n").unwrap();
    expect("250");
    write!(writer, "QUIT\r\n").unwrap();
}
