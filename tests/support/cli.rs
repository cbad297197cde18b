//! The `medimail` binary as practice IT scripts drive it: a private profile folder,
//! `--json` on stdout, errors as JSON on stderr with a non-zero exit.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde::Deserialize;
use serde_json::Value;

use super::Operator;

/// One `medimail sync --json` summary.
#[derive(Debug, Clone, Deserialize)]
pub struct SyncSummary {
    pub folders: u32,
    pub fetched: u32,
    pub updated: u32,
    pub archived: u32,
    pub applied: u32,
    pub total: u64,
    pub waited: bool,
    pub accounts: Vec<AccountReport>,
}

/// One account's part of a sync summary.
#[derive(Debug, Clone, Deserialize)]
pub struct AccountReport {
    pub account: String,
    /// Changes the server refused for good (catalogue texts: key and arguments).
    pub refused: Vec<Value>,
}

impl SyncSummary {
    /// Every change the server refused for good in this pass, over all accounts.
    pub fn refused(&self) -> Vec<Value> {
        self.accounts.iter().flat_map(|a| a.refused.clone()).collect()
    }
}

/// One item of `medimail folders --json`.
#[derive(Debug, Clone, Deserialize)]
pub struct FolderView {
    pub id: i64,
    pub account: String,
    pub name: String,
    pub role: Option<String>,
    pub on_server: bool,
    pub total: u32,
    pub unread: u32,
    pub archived: u32,
}

/// One item of `medimail list|search --json`.
#[derive(Debug, Clone, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub account: String,
    pub message_id: Option<String>,
    pub folder: String,
    pub from: Option<String>,
    pub from_name: Option<String>,
    pub to: Vec<String>,
    pub subject: String,
    pub date: Option<i64>,
    pub seen: bool,
    pub flagged: bool,
    pub flag_color: Option<String>,
    pub has_attachments: bool,
    pub on_server: bool,
    pub size: u32,
}

/// A failed command: its exit code and the JSON error it printed on stderr.
#[derive(Debug)]
pub struct Failure {
    pub exit: Option<i32>,
    pub code: Option<String>,
    pub stderr: String,
}

pub struct Cli {
    pub profile: PathBuf,
    /// For bulk read-only checks (see `peek_*`); opened on first use.
    engine: std::sync::OnceLock<medimail_engine::Engine>,
    _tmp: tempfile::TempDir,
}

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_medimail")
}

impl Default for Cli {
    fn default() -> Self {
        Self::new()
    }
}

impl Cli {
    /// A fresh, empty profile in a temporary folder.
    pub fn new() -> Cli {
        let tmp = tempfile::Builder::new()
            .prefix("medimail-profile-")
            .tempdir()
            .expect("temporary profile folder");
        let profile = tmp.path().join("profile");
        Cli { profile, engine: std::sync::OnceLock::new(), _tmp: tmp }
    }

    /// `medimail --profile P --json ARGS…`, not started yet.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(binary());
        cmd.arg("--profile")
            .arg(&self.profile)
            .arg("--json")
            .arg("--lang")
            .arg("en")
            .args(args)
            .env_remove("MEDIMAIL_PROFILE")
            .env_remove("MEDIMAIL_LOG")
            .stdin(Stdio::null());
        cmd
    }

    /// `medimail --profile P --lang LANG ARGS…` must succeed: what a person reads, line by line.
    pub fn human(&self, lang: &str, args: &[&str]) -> Vec<String> {
        let out = self.human_output(lang, args);
        assert!(out.status.success(), "medimail {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect()
    }

    /// `medimail --profile P --lang LANG ARGS…`, however it ends.
    pub fn human_output(&self, lang: &str, args: &[&str]) -> Output {
        Command::new(binary())
            .arg("--profile")
            .arg(&self.profile)
            .arg("--lang")
            .arg(lang)
            .args(args)
            .env_remove("MEDIMAIL_PROFILE")
            .env_remove("MEDIMAIL_LOG")
            .stdin(Stdio::null())
            .output()
            .expect("run medimail")
    }

    pub fn output(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run medimail")
    }

    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn medimail")
    }

    /// Runs a command, killing it (and failing the test) if it outlives `deadline`.
    pub fn output_within(&self, args: &[&str], deadline: std::time::Duration) -> Output {
        let child = self.spawn(args);
        wait_within(child, deadline, &format!("medimail {args:?}"))
    }

    /// Runs a command that must succeed and returns its JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.output(args);
        assert!(
            out.status.success(),
            "medimail {args:?} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("medimail {args:?}: stdout is not JSON ({e}):\n{}", String::from_utf8_lossy(&out.stdout))
        })
    }

    pub fn typed<T: serde::de::DeserializeOwned>(&self, args: &[&str]) -> T {
        serde_json::from_value(self.json(args)).unwrap_or_else(|e| panic!("medimail {args:?}: unexpected JSON: {e}"))
    }

    /// Runs a command that must fail; returns its exit code and JSON error code.
    pub fn fail(&self, args: &[&str]) -> Failure {
        let out = self.output(args);
        assert!(!out.status.success(), "medimail {args:?} should have failed but succeeded:\n{}", String::from_utf8_lossy(&out.stdout));
        failure_of(&out)
    }

    /// Raw stdout bytes of a command that must succeed (`show --raw`).
    pub fn bytes(&self, args: &[&str]) -> Vec<u8> {
        let out = self.output(args);
        assert!(out.status.success(), "medimail {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }

    // ---- the commands tests use most ----------------------------------------------------

    /// `account add` for one of the operator's demo accounts, on its IMAPS port.
    pub fn add_account(&self, op: &Operator, key: &str) -> Value {
        self.add_account_via(op, key, op.env.ports.imaps)
    }

    /// `account add` reaching IMAPS on `imap_port` of 127.0.0.1 (a proxy, for instance).
    pub fn add_account_via(&self, op: &Operator, key: &str, imap_port: u16) -> Value {
        let out = self.add_account_with_password(op, key, imap_port, &op.account(key).password.clone());
        assert!(out.status.success(), "account add failed:\n{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("account add prints JSON")
    }

    /// `account add` reaching IMAPS at `host` (the operator also listens on 127.0.0.2,
    /// without CONDSTORE, QRESYNC, MOVE and UIDPLUS).
    pub fn add_account_at(&self, op: &Operator, key: &str, host: &str) -> Value {
        let out = self.add_account_on(op, key, host, op.env.ports.imaps, &op.account(key).password.clone());
        assert!(out.status.success(), "account add failed:\n{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("account add prints JSON")
    }

    /// `account add` with IMAP on another server of the operator ("dovecot", "courier",
    /// "courier_plain", "cyrus", "cyrus_plain"; implicit TLS); SMTP stays the operator's Postfix.
    pub fn add_account_to(&self, op: &Operator, key: &str, server_name: &str) -> Value {
        let server = op.server(server_name).clone();
        let out = self.add_account_on(op, key, &server.host, server.imaps, &op.account(key).password.clone());
        assert!(
            out.status.success(),
            "account add on {server_name} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("account add prints JSON")
    }

    /// `account add` on the operator's IMAPS port with more options (`--sieve host:port`…).
    pub fn add_account_with(&self, op: &Operator, key: &str, more: &[&str]) -> Value {
        let out = self.add_account_on_with(op, key, &op.env.host, op.env.ports.imaps, op.env.ports.submissions, &op.account(key).password.clone(), more);
        assert!(out.status.success(), "account add failed:\n{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("account add prints JSON")
    }

    pub fn add_account_with_password(&self, op: &Operator, key: &str, imap_port: u16, password: &str) -> Output {
        self.add_account_on(op, key, &op.env.host, imap_port, password)
    }

    fn add_account_on(&self, op: &Operator, key: &str, host: &str, imap_port: u16, password: &str) -> Output {
        self.add_account_on_with(op, key, host, imap_port, op.env.ports.submissions, password, &[])
    }

    /// `account add` reaching IMAPS and SMTPS (implicit TLS) through these loopback ports,
    /// proxies of the operator's for instance.
    pub fn add_account_through(&self, op: &Operator, key: &str, imap_port: u16, smtp_port: u16) -> Value {
        let out = self.add_account_on_with(op, key, &op.env.host, imap_port, smtp_port, &op.account(key).password.clone(), &[]);
        assert!(out.status.success(), "account add failed:\n{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("account add prints JSON")
    }

    #[allow(clippy::too_many_arguments)]
    fn add_account_on_with(&self, op: &Operator, key: &str, host: &str, imap_port: u16, smtp_port: u16, password: &str, more: &[&str]) -> Output {
        use std::io::Write;
        let account = op.account(key);
        let imap = format!("{host}:{imap_port}");
        let smtp = format!("{}:{}", op.env.host, smtp_port);
        let ca = op.env.ca_file.to_string_lossy().into_owned();
        let mut child = self
            .command(&[
                "account", "add", "--email", &account.email, "--imap", &imap, "--smtp", &smtp, "--tls", "implicit",
                "--ca-file", &ca, "--login", &account.login, "--password-stdin",
            ])
            .args(more)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn medimail account add");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    pub fn sync(&self) -> SyncSummary {
        self.typed(&["sync"])
    }

    pub fn folders(&self) -> Vec<FolderView> {
        self.typed(&["folders"])
    }

    /// Folder name → its view.
    pub fn folder_map(&self) -> BTreeMap<String, FolderView> {
        self.folders().into_iter().map(|f| (f.name.clone(), f)).collect()
    }

    pub fn folder(&self, name: &str) -> FolderView {
        self.folders()
            .into_iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no folder {name:?} in `medimail folders`"))
    }

    /// Every message of a folder (newest first), with extra options.
    pub fn list_with(&self, folder: &str, extra: &[&str]) -> Vec<MessageView> {
        let mut args = vec!["list", "--folder", folder, "--limit", "1000000"];
        args.extend_from_slice(extra);
        self.typed(&args)
    }

    pub fn list(&self, folder: &str) -> Vec<MessageView> {
        self.list_with(folder, &[])
    }

    /// Every message of every folder of the profile.
    pub fn all_messages(&self) -> Vec<MessageView> {
        self.folders().iter().flat_map(|f| self.list(&f.name)).collect()
    }

    /// The store's message for this Message-ID (without angle brackets) in `folder`.
    pub fn find(&self, folder: &str, message_id: &str) -> MessageView {
        let found: Vec<MessageView> = self
            .list(folder)
            .into_iter()
            .filter(|m| m.message_id.as_deref() == Some(message_id))
            .collect();
        assert_eq!(found.len(), 1, "expected one {message_id} in {folder}, found {found:?}");
        found.into_iter().next().unwrap()
    }

    // ---- bulk checks in-process ----------------------------------------------------------
    // Comparing every folder with the server after each step would start dozens of
    // processes (each ~0.1 s in a debug build). These read the same store through the same
    // engine API the command line wraps, serialised the same way; the user-facing results
    // themselves are always checked through the binary.

    fn engine(&self) -> &medimail_engine::Engine {
        self.engine.get_or_init(|| {
            let profile = medimail_engine::Profile::open(Some(&self.profile)).expect("profile");
            medimail_engine::Engine::open(profile).expect("open the store in-process")
        })
    }

    pub fn peek_folders(&self) -> Vec<FolderView> {
        let folders = self.engine().folders(None).expect("folders");
        serde_json::from_value(serde_json::to_value(folders).unwrap()).unwrap()
    }

    pub fn peek_list(&self, folder: &str) -> Vec<MessageView> {
        let query = medimail_engine::types::ListQuery {
            folder: Some(folder.to_owned()),
            limit: u32::MAX,
            ..Default::default()
        };
        let messages = self.engine().list(&query).unwrap_or_else(|e| panic!("list {folder:?}: {e}"));
        serde_json::from_value(serde_json::to_value(messages).unwrap()).unwrap()
    }

    pub fn raw(&self, id: i64) -> Vec<u8> {
        self.bytes(&["show", &id.to_string(), "--raw"])
    }

    pub fn act(&self, args: &[&str]) -> Value {
        self.json(args)
    }
}

pub fn failure_of(out: &Output) -> Failure {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = stderr
        .lines()
        .rev()
        .find_map(|line| serde_json::from_str::<Value>(line.trim()).ok())
        .and_then(|v| v.get("code").and_then(Value::as_str).map(str::to_owned));
    Failure { exit: out.status.code(), code, stderr }
}

/// Message-ID → how many times it occurs, for duplicate checks.
pub fn message_id_counts(messages: &[MessageView]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for m in messages {
        if let Some(id) = &m.message_id {
            *counts.entry(id.clone()).or_insert(0) += 1;
        }
    }
    counts
}

/// Panics listing the Message-IDs that occur more than once.
pub fn assert_no_duplicate_ids(messages: &[MessageView], context: &str) {
    let dups: Vec<(String, usize)> = message_id_counts(messages).into_iter().filter(|(_, n)| *n > 1).collect();
    assert!(dups.is_empty(), "{context}: duplicated Message-IDs {dups:?}");
}

/// A sync summary parsed from a finished process's output.
pub fn sync_summary_of(out: &Output) -> SyncSummary {
    assert!(out.status.success(), "sync failed ({}):\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("sync prints its JSON summary")
}

pub fn profile_files(profile: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![profile.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Waits for a child, killing it (and failing the test) if it outlives `deadline`. Its
/// stdout and stderr are read on the way, so a chatty child never blocks on a full pipe.
pub fn wait_within(mut child: Child, deadline: std::time::Duration, what: &str) -> Output {
    use std::io::Read;
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut buf);
        }
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_end(&mut buf);
        }
        buf
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll child") {
            break status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {deadline:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Output { status, stdout: out_reader.join().unwrap(), stderr: err_reader.join().unwrap() }
}
