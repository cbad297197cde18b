//! The operator's directory (the local operator's slapd, StartTLS, its own schema and ACL)
//! beside a small national extraction in the exact format: entries only the operator has,
//! entries their owner hid, one merged list without duplicates, the organisational
//! mailboxes of a person, one's own entry read and written as oneself, and the server's
//! refusals (a read-only field, another's entry) with their error code. Offline, the national
//! results come alone and quickly.

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::cli::Cli;
use support::Operator;

const HEADER: &str = "Type de BAL|Adresse BAL|Type Identifiant PP|Identifiant PP|Identification nationale PP|\
Type identifiant structure|Identification Structure|Service de rattachement|Civilité d'exercice|Nom d'exercice|\
Prénom d'exercice|Catégorie profession|Libellé de catégorie profession|Code Profession|Libellé Profession|\
Code savoir-faire|Libellé savoir-faire|Dématérialisation|Raison Sociale structure BAL|\
Enseigne commerciale structure BAL|L2COMPLEMENTLOCALISATION structure BAL|L3COMPLEMENTDISTRIBUTION structure BAL|\
L4NUMEROVOIE structure BAL|L4COMPLEMENTNUMEROVOIE structure BAL|NL4TYPEVOIE structure BAL|\
L4LIBELLEVOIE structure BAL|L5LIEUDITMENTION structure BAL|L6LIGNEACHEMINEMENT structure BAL|\
Code postal structure BAL|Département structure BAL|Pays structure BAL";

/// The national extraction: the demo physician (also at the operator), two other LAMBERTs
/// the operator does not have, and the hidden practitioner (published nationally: hiding
/// one's Medimail address hides it from the operator's directory only).
fn national_file(dir: &std::path::Path, physician_rpps: &str) -> std::path::PathBuf {
    let rows = [
        format!("PER|jean.dupont@medimail.test|8|{physician_rpps}|8{physician_rpps}|||| DR|DUPONT|Jean|C|Civil|10|Médecin|S|Médecine générale|O|Cabinet médical du Dr Dupont||||12||R|des Lois||31000 TOULOUSE|31000|31|France"),
        "PER|anne.lambert@medecin.mssante.fr|8|10000000001|810000000001|||| DR|LAMBERT|Anne|C|Civil|10|Médecin|S|Pédiatrie|O|Cabinet Lambert||||3||R|de la Paix||35000 RENNES|35000|35|France".to_owned(),
        "PER|luc.lambertin@medecin.mssante.fr|8|10000000002|810000000002|||| DR|LAMBERTIN|Luc|C|Civil|10|Médecin|S|Gériatrie|O|Cabinet Lambertin||||4||R|Haute||29200 BREST|29200|29|France".to_owned(),
    ];
    let path = dir.join("Extraction_Correspondance_MSSante_202512060215.txt");
    std::fs::write(&path, format!("{HEADER}\r\n{}\r\n", rows.join("\r\n"))).unwrap();
    path
}

/// `account add` for a demo account with the operator's directory given.
fn add_with_directory(cli: &Cli, op: &Operator, key: &str, directory_url: &str, verify: bool) -> Output {
    let account = op.account(key);
    let imap = format!("{}:{}", op.env.host, op.env.ports.imaps);
    let smtp = format!("{}:{}", op.env.host, op.env.ports.submissions);
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let mut args = vec![
        "account", "add", "--email", &account.email, "--imap", &imap, "--smtp", &smtp, "--tls", "implicit", "--ca-file", &ca,
        "--login", &account.login, "--password-stdin", "--directory-url", directory_url,
    ];
    if !verify {
        args.push("--no-verify");
    }
    let mut child = cli.command(&args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(format!("{}\n", account.password).as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn addresses(found: &Value) -> Vec<String> {
    found.as_array().unwrap().iter().map(|e| e["address"].as_str().unwrap().to_owned()).collect()
}

fn entry<'a>(found: &'a Value, address: &str) -> &'a Value {
    found.as_array().unwrap().iter().find(|e| e["address"] == address).unwrap_or_else(|| panic!("{address} not in {found}"))
}

#[test]
fn the_operators_directory_is_merged_filtered_linked_and_self_edited() {
    let op = Operator::start();
    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    let physician = op.account("physician").clone();
    let rpps = physician.rpps.clone().unwrap();
    cli.json(&["directory", "import", national_file(dir.path(), &rpps).to_str().unwrap()]);
    let added = add_with_directory(&cli, &op, "physician", &op.env.ldap.url, true);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let accounts = cli.json(&["account", "list"]);
    assert_eq!(accounts[0]["directory_url"], op.env.ldap.url);

    // An entry only the operator has (a Medimail account without RPPS), merged with the
    // national LAMBERTs: the exact surnames first, each address once.
    let found = cli.json(&["directory", "search", "--who", "lambert"]);
    let list = addresses(&found);
    assert_eq!(list.len(), 3, "{list:?}");
    assert!(list[..2].contains(&"hugo.lambert@medimail.test".to_owned()), "{list:?}");
    assert!(list[..2].contains(&"anne.lambert@medecin.mssante.fr".to_owned()), "{list:?}");
    assert_eq!(list[2], "luc.lambertin@medecin.mssante.fr");
    let hugo = entry(&found, "hugo.lambert@medimail.test");
    assert_eq!(hugo["source"], "operator");
    assert_eq!(hugo["profession_label"], "Assistant médical");
    assert_eq!(hugo["pp_national_id"], "");
    assert!(entry(&found, "anne.lambert@medecin.mssante.fr").get("source").is_none());
    // Accents and case do not count at the operator either ("Inès FABRE", Medimail only).
    let ines = cli.json(&["directory", "search", "--who", "ines fab", "--where", "toulouse"]);
    assert_eq!(addresses(&ines), ["ines.fabre@medimail.test"]);
    assert!(addresses(&cli.json(&["directory", "search", "--who", "INÈS", "--where", "lyon"])).is_empty());
    // The national-only search does not ask the operator.
    assert_eq!(addresses(&cli.json(&["directory", "search", "--who", "lambert", "--national-only"])).len(), 2);

    // The physician is in both: once, the national fields kept, completed by the operator's.
    let dupont = cli.json(&["directory", "search", "--who", "dupont"]);
    let same: Vec<_> = addresses(&dupont).into_iter().filter(|a| a == &physician.email).collect();
    assert_eq!(same.len(), 1, "{dupont}");
    let merged = entry(&dupont, &physician.email);
    assert_eq!(merged["source"], "both");
    assert_eq!(merged["civility"], "DR");
    assert_eq!(merged["pp_national_id"], format!("8{rpps}"));
    assert_eq!(merged["phones"][0], "05 61 00 12 34");

    // Entries their owner hid: the server gives nothing of them (with or without an RPPS).
    assert_eq!(cli.json(&["directory", "search", "--who", "caron"]), Value::Array(vec![]));
    assert_eq!(cli.json(&["directory", "search", "--who", "vidal"]), Value::Array(vec![]));
    let anonymous = Command::new("ldapsearch")
        .args(["-x", "-ZZ", "-LLL", "-H", &op.env.ldap.url, "-b", &op.env.ldap.base_dn, "(mail=lea.caron@medimail.test)", "mail"])
        .env("LDAPTLS_CACERT", &op.env.ca_file)
        .output()
        .unwrap();
    assert!(anonymous.status.success() && !String::from_utf8_lossy(&anonymous.stdout).contains("mail:"));

    // "Voir la fiche contact": the organisational mailboxes the physician may use.
    let card = cli.json(&["directory", "show", &physician.email]);
    assert_eq!(card["address"], physician.email);
    assert_eq!(card["source"], "both");
    assert_eq!(card["operator"], "answered");
    let linked = addresses(&card["linked"]);
    assert_eq!(linked, [op.account("orgbox").email.clone()]);
    assert_eq!(card["linked"][0]["kind"], "ORG");
    // A practitioner of the CHU: the CHU's organisational mailboxes.
    let sophie = cli.json(&["directory", "show", "sophie.martin@chu-toulouse.mssante.test"]);
    assert!(addresses(&sophie["linked"]).contains(&"secretariat.cardiologie@chu-toulouse.mssante.test".to_owned()), "{sophie}");
    assert_eq!(sophie["source"], "operator");

    // One's own entry, read as oneself.
    let mine = cli.json(&["profile", "show"]);
    assert_eq!(mine["address"], physician.email);
    assert_eq!(mine["account_type"], "personnel");
    assert_eq!(mine["rpps"], rpps);
    assert_eq!(mine["surname"], "DUPONT");
    assert_eq!(mine["visible_medimail"], true);
    assert_eq!(mine["visible_mssante"], true);

    // Edited and read back; hidden, the entry leaves everyone else's results (the
    // national entry stays: hiding the Medimail address is the operator's directory's).
    let saved = cli.json(&["profile", "set", "--mobile", "06 12 34 56 78", "--city", "Balma", "--dematerialisation", "yes", "--visible-medimail", "no"]);
    assert_eq!(saved["mobile"], "06 12 34 56 78");
    let again = cli.json(&["profile", "show"]);
    assert_eq!((again["mobile"].as_str(), again["city"].as_str()), (Some("06 12 34 56 78"), Some("Balma")));
    assert_eq!((again["dematerialisation"].as_bool(), again["visible_medimail"].as_bool()), (Some(true), Some(false)));
    let hidden = cli.json(&["directory", "search", "--who", "dupont"]);
    assert!(entry(&hidden, &physician.email).get("source").is_none(), "{hidden}");
    cli.json(&["profile", "set", "--visible-medimail", "yes"]);
    assert_eq!(entry(&cli.json(&["directory", "search", "--who", "dupont"]), &physician.email)["source"], "both");

    // What only the operator sets is refused, and nothing of the change is written.
    let refused = cli.fail(&["profile", "set", "--phone", "01 02 03 04 05", "--finess", "310000001"]);
    assert_eq!(refused.code.as_deref(), Some("directory_write_refused"), "{}", refused.stderr);
    assert_eq!(cli.json(&["profile", "show"])["phone"], "05 61 00 12 34");
    let shown = cli.human("fr", &["profile", "show"]);
    assert!(shown.contains(&"Type de compte : Personnel".to_owned()), "{shown:?}");
    assert!(shown.iter().any(|l| l.contains("identifiant RPPS")), "{shown:?}");
    let human = cli.human_output("fr", &["profile", "set", "--finess", "310000001"]);
    assert!(String::from_utf8_lossy(&human.stderr).contains("L’annuaire de l’opérateur a refusé la modification"));

    // An entry the operator froze (an identity check): its owner changes nothing of it.
    ldap_as_admin(&op, &format!("dn: mail={},{}\nchangetype: modify\nreplace: medimailLocked\nmedimailLocked: TRUE\n", physician.email, op.env.ldap.people_dn));
    let frozen = cli.fail(&["profile", "set", "--phone", "01 02 03 04 05"]);
    assert_eq!(frozen.code.as_deref(), Some("directory_write_refused"));
    ldap_as_admin(&op, &format!("dn: mail={},{}\nchangetype: modify\ndelete: medimailLocked\n", physician.email, op.env.ldap.people_dn));
    assert_eq!(cli.json(&["profile", "set", "--phone", "01 02 03 04 05"])["phone"], "01 02 03 04 05");

    // An organisational mailbox: FINESS, responsible, description shown, read-only for it.
    let org = add_with_directory(&cli, &op, "orgbox", &op.env.ldap.url, false);
    assert!(org.status.success(), "{}", String::from_utf8_lossy(&org.stderr));
    let orgbox = op.account("orgbox").email.clone();
    let box_entry = cli.json(&["profile", "show", "--account", &orgbox]);
    assert_eq!(box_entry["account_type"], "organisationnel");
    assert_eq!(box_entry["finess"].as_str().unwrap().len(), 9);
    assert_eq!(box_entry["responsible"], "Dr Jean Dupont");
    assert!(!box_entry["description"].as_str().unwrap().is_empty());
    let refused = cli.fail(&["profile", "set", "--account", &orgbox, "--description", "Autre chose"]);
    assert_eq!(refused.code.as_deref(), Some("directory_write_refused"));
    let phone = cli.json(&["profile", "set", "--account", &orgbox, "--phone", "05 61 99 99 99"]);
    assert_eq!(phone["phone"], "05 61 99 99 99");

    // Another's entry: the server refuses it whoever asks (the client only ever writes the
    // entry it bound as; here the physician tries the org box's entry by hand).
    let foreign = Command::new("ldapmodify")
        .args(["-x", "-ZZ", "-H", &op.env.ldap.url, "-D", &format!("mail={},{}", physician.email, op.env.ldap.people_dn), "-w", &physician.password])
        .env("LDAPTLS_CACERT", &op.env.ca_file)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(
                format!("dn: mail={orgbox},{}\nchangetype: modify\nreplace: telephoneNumber\ntelephoneNumber: 01\n", op.env.ldap.organisations_dn).as_bytes(),
            )?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(foreign.status.code(), Some(50), "{}", String::from_utf8_lossy(&foreign.stderr));
}

/// The operator's administrator changing an entry (ldapmodify as the rootdn, over StartTLS).
fn ldap_as_admin(op: &Operator, ldif: &str) {
    let mut child = Command::new("ldapmodify")
        .args(["-x", "-ZZ", "-H", &op.env.ldap.url, "-D", &op.env.ldap.bind_dn, "-w", &op.env.ldap.bind_password])
        .env("LDAPTLS_CACERT", &op.env.ca_file)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(ldif.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn offline_the_national_results_come_alone_and_quickly() {
    let op = Operator::start();
    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    let rpps = op.account("physician").rpps.clone().unwrap();
    cli.json(&["directory", "import", national_file(dir.path(), &rpps).to_str().unwrap()]);
    // A directory nobody answers on (a closed loopback port).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("ldap://127.0.0.1:{}", closed.local_addr().unwrap().port());
    drop(closed);
    let added = add_with_directory(&cli, &op, "physician", &url, false);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let started = Instant::now();
    let out = cli.output(&["directory", "search", "--who", "lambert"]);
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert!(out.status.success());
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(addresses(&found).len(), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("operator’s directory could not be asked"));
    // Own entry needs the operator: a clear network error, not a panic.
    let failed = cli.fail(&["profile", "show"]);
    assert_eq!(failed.code.as_deref(), Some("network"), "{}", failed.stderr);
}

#[test]
fn the_directory_is_found_in_the_dns_with_the_servers() {
    let op = Operator::start();
    let cli = Cli::new();
    let account = op.account("secretary").clone();
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let mut child = cli
        .command(&["account", "add", "--email", &account.email, "--login", &account.login, "--ca-file", &ca, "--password-stdin"])
        .env("MEDIMAIL_DNS_SERVER", format!("{}:{}", op.env.dns.host, op.env.dns.port))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{}\n", account.password).as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let accounts = cli.json(&["account", "list"]);
    assert_eq!(accounts[0]["directory_url"], format!("ldap://localhost:{}", op.env.ports.ldap));
    assert_eq!(accounts[0]["sieve_server"], format!("localhost:{}", op.env.ports.managesieve));
    // A Medimail account (no RPPS) reads its own entry through what the DNS gave.
    let mine = cli.json(&["profile", "show"]);
    assert_eq!(mine["account_type"], "medimail");
    assert_eq!(mine["rpps"], "");

    // Set by hand afterwards: none (the national directory alone), then from the DNS again;
    // a malformed address is refused before anything is saved.
    let none = cli.json(&["account", "directory", "--none"]);
    assert!(none.get("directory_url").is_none(), "{none}");
    assert_eq!(cli.fail(&["profile", "show"]).code.as_deref(), Some("no_operator_directory"));
    assert_eq!(cli.fail(&["account", "directory", "http://annuaire.example.fr"]).code.as_deref(), Some("invalid_input"));
    let mut again = cli.command(&["account", "directory", "--from-dns"]);
    let again = again.env("MEDIMAIL_DNS_SERVER", format!("{}:{}", op.env.dns.host, op.env.dns.port)).output().unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let given = cli.json(&["account", "directory", &op.env.ldap.url]);
    assert_eq!(given["directory_url"], op.env.ldap.url);
    assert_eq!(cli.json(&["profile", "show"])["address"], account.email);
}

#[test]
fn a_card_account_reads_and_writes_its_entry_with_the_cards_certificate() {
    let op = Operator::start();
    let bed = support::card::CardBed::start(&op);
    let cli = Cli::new();
    let physician = op.account("physician").clone();
    let imap = format!("{}:{}", op.env.host, op.env.ports.imaps);
    let smtp = format!("{}:{}", op.env.host, op.env.ports.submissions_cert);
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let added = bed.with_pin(&cli, &["account", "add", "--auth", "card", "--email", &physician.email, "--imap", &imap, "--smtp", &smtp, "--ca-file", &ca, "--directory-url", &op.env.ldap.url],
    );
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    // SASL EXTERNAL: the card signs the TLS handshake, its certificate names the entry.
    let out = bed.with_pin(&cli, &["profile", "show"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mine: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(mine["address"], physician.email);
    assert_eq!(mine["rpps"], physician.rpps.clone().unwrap());
    let out = bed.with_pin(&cli, &["profile", "set", "--mobile", "06 00 00 00 01"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let saved: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(saved["mobile"], "06 00 00 00 01");
    // Without the PIN the card is not signed in: nothing is read.
    assert_eq!(cli.fail(&["profile", "show"]).code.as_deref(), Some("pin_required"));
}
