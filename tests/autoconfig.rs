//! Servers found from the address: the operator's own DNS server (dnsmasq) announces RFC 6186
//! SRV records for its domains, and `medimail` is pointed at it (MEDIMAIL_DNS_SERVER, for
//! tests only). Typing the address is then enough to add an account and sync it.

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::cli::Cli;
use support::Operator;

fn dns(op: &Operator) -> String {
    format!("{}:{}", op.env.dns.host, op.env.dns.port)
}

fn autoconfig(cli: &Cli, op: &Operator, address: &str) -> Value {
    let out = cli.command(&["account", "autoconfig", address]).env("MEDIMAIL_DNS_SERVER", dns(op)).output().unwrap();
    assert!(out.status.success(), "autoconfig {address}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("autoconfig prints JSON")
}

/// `account add` with the address, the login and the password only (and the test CA).
fn add_by_address(cli: &Cli, op: &Operator, email: &str, login: &str, password: &str, lang: Option<&str>) -> Output {
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let mut command = match lang {
        Some(lang) => {
            let mut command = Command::new(support::cli::binary());
            command.arg("--profile").arg(&cli.profile).arg("--lang").arg(lang);
            command
        }
        None => cli.command(&[]),
    };
    let mut child = command
        .args(["account", "add", "--email", email, "--login", login, "--ca-file", &ca, "--password-stdin"])
        .env("MEDIMAIL_DNS_SERVER", dns(op))
        .env_remove("MEDIMAIL_PROFILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn medimail account add");
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn servers_are_found_from_the_address() {
    let op = Operator::start();
    let cli = Cli::new();
    let ports = &op.env.ports;

    // Implicit TLS preferred, as announced.
    let found = autoconfig(&cli, &op, "jean.dupont@medimail.test");
    assert_eq!(found["domain"], "medimail.test");
    assert_eq!(found["imap"]["address"], format!("localhost:{}", ports.imaps));
    assert_eq!(found["imap"]["tls"], "implicit");
    // The operator's directory, StartTLS on its port.
    assert_eq!(found["directory"], format!("ldap://localhost:{}", ports.ldap));
    // ManageSieve, for the auto-reply and forwarding.
    assert_eq!(found["sieve"], format!("localhost:{}", ports.managesieve));
    assert_eq!(found["smtp"]["address"], format!("localhost:{}", ports.submissions));
    assert_eq!(found["smtp"]["tls"], "implicit");

    // A domain with STARTTLS services only.
    let found = autoconfig(&cli, &op, "Dr.Martin@STARTTLS.medimail.test");
    assert_eq!(found["imap"]["address"], format!("localhost:{}", ports.imap));
    assert_eq!(found["imap"]["tls"], "starttls");
    assert_eq!(found["smtp"]["address"], format!("localhost:{}", ports.submission));
    assert_eq!(found["smtp"]["tls"], "starttls");

    // "Not offered here" (target "."): the next service, or none.
    let found = autoconfig(&cli, &op, "x@refused.medimail.test");
    assert_eq!(found["imap"]["tls"], "starttls", "{found}");
    assert!(found["smtp"].is_null(), "{found}");

    // Nothing announced: said so, in French.
    let found = autoconfig(&cli, &op, "279035121518989@patient.mssante.fr");
    assert!(found["imap"].is_null() && found["smtp"].is_null(), "{found}");
    let out = Command::new(support::cli::binary())
        .args(["--profile"])
        .arg(&cli.profile)
        .args(["--lang", "fr", "account", "autoconfig", "279035121518989@patient.mssante.fr"])
        .env("MEDIMAIL_DNS_SERVER", dns(&op))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("Réception (IMAP) : non annoncé dans le DNS"), "{said}");
}

#[test]
fn the_address_and_the_password_are_enough_to_add_an_account_and_sync() {
    let op = Operator::start();
    let cli = Cli::new();
    let physician = op.account("physician");
    let out = add_by_address(&cli, &op, &physician.email, &physician.login, &physician.password, None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let added: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(added["imap"], format!("localhost:{}", op.env.ports.imaps), "{added}");
    assert_eq!(added["smtp"], format!("localhost:{}", op.env.ports.submissions), "{added}");
    op.seed();
    let report = cli.sync();
    assert!(report.fetched > 0, "{report:?}");

    // A domain that announces nothing: refused with a sentence, nothing saved.
    let other = Cli::new();
    let out = add_by_address(&other, &op, "dr.martin@exemple.invalid", "dr.martin", "secret", Some("fr"));
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("« exemple.invalid » n'annonce pas son serveur de réception (IMAP)"), "{said}");
    assert!(other.json(&["account", "list"]).as_array().unwrap().is_empty());
}
