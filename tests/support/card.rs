//! The virtual CPS card of dev/card (a private pcscd, the vsmartcard reader, a CPS3 holding
//! the operator's physician certificate), stopped when dropped.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use super::Operator;

fn script() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("dev/card/card")
}

/// The card test bed, stopped when dropped.
pub struct CardBed {
    dir: PathBuf,
    pub env: Value,
    _tmp: tempfile::TempDir,
}

impl CardBed {
    /// `medimail ARGS… --pin-stdin` with this card's PIN on standard input, reaching the
    /// card through this bed's pcscd.
    pub fn with_pin(&self, cli: &super::cli::Cli, args: &[&str]) -> Output {
        let mut child = cli
            .command(args)
            .arg("--pin-stdin")
            .env("PCSCLITE_CSOCK_NAME", self.socket())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn medimail");
        child.stdin.take().expect("stdin").write_all(format!("{}\n", self.pin()).as_bytes()).expect("the PIN written");
        child.wait_with_output().expect("medimail ran")
    }

    pub fn start(op: &Operator) -> CardBed {
        CardBed::start_with(op, &[])
    }

    /// With more options of `dev/card/card start` (`--kind other`, `--no-card`…).
    pub fn start_with(op: &Operator, options: &[&str]) -> CardBed {
        let tmp = tempfile::Builder::new().prefix("medimail-card-").tempdir().expect("temporary folder");
        let dir = tmp.path().join("card");
        let out = Command::new(script())
            .arg("start")
            .arg("--dir")
            .arg(&dir)
            .arg("--operator-dir")
            .arg(&op.env.dir)
            .args(options)
            .output()
            .expect("run dev/card/card");
        if !out.status.success() {
            let _ = Command::new(script()).arg("stop").arg("--dir").arg(&dir).output();
            panic!("card start failed:\n{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        }
        let env = serde_json::from_slice(&std::fs::read(dir.join("env.json")).expect("env.json")).expect("env.json parses");
        CardBed { dir, env, _tmp: tmp }
    }

    pub fn pin(&self) -> &str {
        self.env["pin"].as_str().expect("the card's PIN")
    }

    pub fn socket(&self) -> &str {
        self.env["PCSCLITE_CSOCK_NAME"].as_str().expect("PCSCLITE_CSOCK_NAME")
    }

    /// `remove`, `insert`, `unblock`: returns once pcscd has seen it.
    pub fn run(&self, action: &str) {
        let out = Command::new(script()).arg(action).arg("--dir").arg(&self.dir).output().expect("run dev/card/card");
        assert!(out.status.success(), "card {action}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

impl Drop for CardBed {
    fn drop(&mut self) {
        let _ = Command::new(script()).arg("stop").arg("--dir").arg(&self.dir).output();
    }
}

