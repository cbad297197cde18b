//! The operator's Pro Santé Connect-like provider (`Operator::start_psc`): the practitioner's
//! browser (`dev/psc/browse`) and e-CPS phone app (`dev/psc/approve`) played for a test.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use super::Operator;

fn script(name: &str) -> PathBuf {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("dev/psc")
        .join(name)
}

/// A `$BROWSER` that signs `key` in on the provider's page.
pub fn browser_script(op: &Operator, dir: &Path, key: &str) -> PathBuf {
    let practitioner = op.psc().practitioners.iter().find(|p| p.key == key).expect("a PSC practitioner").clone();
    let password = op.account(key).password.clone();
    let browse = script("browse");
    let script = dir.join(format!("browser-{key}"));
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nexec '{}' \"$1\" --login '{}' --password '{}' --dir '{}' >/dev/null 2>&1\n",
            browse.display(),
            practitioner.login,
            password,
            op.env.dir.display()
        ),
    )
    .expect("write the browser script");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    script
}

/// What the browser saw at the end of a login: the redirect it delivered to the app.
#[derive(Debug, Clone, Deserialize)]
pub struct Browsed {
    /// The redirect URI without its query (the code is never shown).
    pub redirect_uri: String,
    /// HTTP status the app's loopback listener answered.
    pub listener_status: u16,
    /// `error` of the redirect, when the provider sent one to the app.
    pub error: Option<String>,
    pub has_code: bool,
}

/// Plays the practitioner in the system browser: follows `url` (the app's authorization
/// request), logs in with `login` (SubjectNameID or mailbox address) and `password`, then
/// GETs the redirect so the app's listener receives the code. Blocks until the listener
/// has answered: call it from another thread than the one serving that listener.
/// `Err` holds the script's message (login refused, provider error, listener unreachable).
pub fn browse(op: &Operator, url: &str, login: &str, password: &str) -> Result<Browsed, String> {
    let output = Command::new(script("browse"))
        .arg(url)
        .args(["--login", login, "--password", password, "--dir"])
        .arg(&op.env.dir)
        .output()
        .expect("run dev/psc/browse");
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
    }
    Ok(serde_json::from_slice(&output.stdout).expect("dev/psc/browse prints JSON"))
}

/// One CIBA request as the e-CPS app would show it.
#[derive(Debug, Clone, Deserialize)]
pub struct CibaRequest {
    pub auth_req_id: String,
    pub binding_message: Option<String>,
    #[serde(default)]
    pub subject_name_id: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Decision {
    decided: Vec<CibaRequest>,
}

fn decide(op: &Operator, hint: &str, deny: bool) -> Vec<CibaRequest> {
    let mut command = Command::new(script("approve"));
    command.arg("--dir").arg(&op.env.dir);
    if deny {
        command.arg("--deny");
    }
    let output = command.arg(hint).output().expect("run dev/psc/approve");
    assert!(
        output.status.success(),
        "dev/psc/approve {hint}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice::<Decision>(&output.stdout).expect("approve prints JSON").decided
}

/// The practitioner approves on e-CPS every pending CIBA request for `hint` (SubjectNameID,
/// RPPS or mailbox address), waiting up to 10 s for one to arrive. Returns them (with their
/// binding_message). Panics when none came.
pub fn approve_ciba(op: &Operator, hint: &str) -> Vec<CibaRequest> {
    decide(op, hint, false)
}

/// The same, refusing: the app's next poll gets `access_denied`.
pub fn deny_ciba(op: &Operator, hint: &str) -> Vec<CibaRequest> {
    decide(op, hint, true)
}

/// The CIBA requests waiting for `hint` (all practitioners when empty), without deciding.
pub fn pending_ciba(op: &Operator, hint: &str) -> Vec<CibaRequest> {
    let output = Command::new(script("approve"))
        .arg("--dir")
        .arg(&op.env.dir)
        .arg("--list")
        .arg(hint)
        .output()
        .expect("run dev/psc/approve --list");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("approve --list prints JSON")
}
