//! Organisational mailboxes against the local operator (Dovecot's ACL plugin, its shared
//! namespace and master passdbs, Postfix's sender login map): a member finds the box the
//! server shares with them, opens it with their own one sign-in (SASL PLAIN, the box as
//! authorisation identity), syncs its INBOX and sends as it; the box's administrator
//! withdraws and gives access through IMAP ACL, which the other member's access shows; a
//! member who does not administer it is refused in French; the default account; the box's
//! signatures, which every member sees on their own computer (the box's METADATA).

mod support;

use serde_json::Value;
use support::cli::Cli;
use support::{eventually, Operator};
use std::time::Duration;

fn body_file(text: &str) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), text).unwrap();
    file
}

fn shared_addresses(cli: &Cli) -> Vec<String> {
    let found = cli.json(&["shared", "list"]);
    found.as_array().unwrap().iter().map(|m| m["address"].as_str().unwrap().to_owned()).collect()
}

fn members(access: &Value) -> Vec<String> {
    access["members"].as_array().unwrap().iter().map(|m| m["identifier"].as_str().unwrap().to_owned()).collect()
}

fn subjects(cli: &Cli, account: &str, folder: &str) -> Vec<(String, Option<String>)> {
    cli.list_with(folder, &["--account", account]).into_iter().map(|m| (m.subject, m.from)).collect()
}

#[test]
fn a_member_opens_the_organisational_mailbox_with_one_sign_in_and_its_administrator_decides_who_may() {
    let op = Operator::start();
    let orgbox = op.account("orgbox").email.clone();
    let physician = op.account("physician").email.clone();
    let secretary = op.account("secretary").email.clone();
    let intern = op.account("intern").email.clone();

    // The physician's one account: the server lists the box it shares with them.
    let cli = Cli::new();
    let sieve = format!("{}:{}", op.env.host, op.env.ports.managesieve);
    cli.add_account_with(&op, "physician", &["--sieve", &sieve]);
    let listed = cli.json(&["shared", "list"]);
    assert_eq!(listed[0]["address"], orgbox.as_str(), "{listed}");
    assert_eq!(listed[0]["through"], physician.as_str());
    assert_eq!(listed[0]["opened"], false);

    // Mail for the box, then the box opened with the physician's sign-in only.
    let body = body_file("Bonjour,\nMerci de prendre rendez-vous.\n");
    cli.json(&["send", "--account", &physician, "--to", &orgbox, "--subject", "Pour le secrétariat", "--body-file", body.path().to_str().unwrap()]);
    let opened = cli.json(&["shared", "open", &orgbox]);
    assert_eq!(opened["email"], orgbox.as_str());
    assert_eq!(opened["kind"], "organisationnel");
    assert_eq!(opened["opened_through"], physician.as_str());
    assert_eq!(cli.json(&["shared", "list"])[0]["opened"], true);
    eventually("the message reaches the box's INBOX", Duration::from_secs(20), || {
        cli.json(&["sync", "--account", &orgbox]);
        subjects(&cli, &orgbox, "inbox").iter().any(|(s, _)| s == "Pour le secrétariat")
    });

    // The box syncs as its own account only: the physician's account no longer keeps a
    // second copy of it from the shared namespace.
    cli.json(&["sync", "--account", &physician]);
    let own = cli.json(&["folders", "--account", &physician]);
    let doubled: Vec<&Value> = own.as_array().unwrap().iter().filter(|f| f["on_server"] == true && f["name"].as_str().unwrap().contains(&orgbox)).collect();
    assert!(doubled.is_empty(), "{own}");

    // A member sets the box's auto-reply (seed part 3 §4) with the same one sign-in.
    let closed = body_file("Le secrétariat est fermé jusqu'à lundi.\n");
    let set = cli.json(&["autoreply", "set", "--account", &orgbox, "--subject", "Secrétariat fermé", "--text-file", closed.path().to_str().unwrap()]);
    assert_eq!(set["enabled"], true, "{set}");
    assert_eq!(cli.json(&["autoreply", "get", "--account", &orgbox])["subject"], "Secrétariat fermé");
    assert_eq!(cli.json(&["autoreply", "get", "--account", &physician])["enabled"], false, "the physician's own rules are untouched");

    // Sending as the box: the physician's SMTP login, the box as sender.
    let reply = body_file("Rendez-vous confirmé.\n");
    let sent = cli.json(&["send", "--account", &orgbox, "--to", &secretary, "--subject", "Rendez-vous confirmé", "--body-file", reply.path().to_str().unwrap()]);
    assert_eq!(sent["state"], "sent", "{sent}");
    let sec = Cli::new();
    sec.add_account(&op, "secretary");
    eventually("the secretary receives it from the box", Duration::from_secs(20), || {
        sec.json(&["sync"]);
        subjects(&sec, &secretary, "inbox").iter().any(|(s, from)| s == "Rendez-vous confirmé" && from.as_deref() == Some(orgbox.as_str()))
    });

    // The physician is a member, not an administrator: read-only, and a change is refused in French.
    let access = cli.json(&["shared", "list", &orgbox]);
    assert_eq!(access["may_administer"], false, "{access}");
    assert_eq!(access["connection_address"], orgbox.as_str());
    let refused = cli.fail(&["shared", "grant", &orgbox, &intern]);
    assert_eq!(refused.code.as_deref(), Some("shared_admin_refused"), "{}", refused.stderr);
    let said = cli.human_output("fr", &["shared", "revoke", &orgbox, &secretary]);
    assert!(!said.status.success());
    let stderr = String::from_utf8_lossy(&said.stderr);
    assert!(stderr.contains("Seul un administrateur de cette boîte organisationnelle"), "{stderr}");

    // The secretary opens the box too and keeps a copy of its INBOX.
    sec.json(&["shared", "open", &orgbox]);
    sec.json(&["sync", "--account", &orgbox]);
    assert!(subjects(&sec, &orgbox, "inbox").iter().any(|(s, _)| s == "Pour le secrétariat"));
    // "Toutes les boîtes de réception": her own INBOX and the box's, one list.
    let unified = sec.json(&["list", "--all-inboxes"]);
    let both: Vec<(&str, &str)> =
        unified.as_array().unwrap().iter().map(|m| (m["account"].as_str().unwrap(), m["subject"].as_str().unwrap())).collect();
    assert!(both.contains(&(orgbox.as_str(), "Pour le secrétariat")) && both.contains(&(secretary.as_str(), "Rendez-vous confirmé")), "{both:?}");

    // The box's administrator (signed in as the box itself) sees who may open it…
    let owner = Cli::new();
    owner.add_account(&op, "orgbox");
    let access = owner.json(&["shared", "list", &orgbox]);
    assert_eq!(access["may_administer"], true, "{access}");
    let before = members(&access);
    assert!(before.contains(&physician) && before.contains(&secretary), "{before:?}");

    // …withdraws the secretary's access: the server no longer shares the box with her,
    // opening it is refused, and what her app kept of it stays.
    let access = owner.json(&["shared", "revoke", &orgbox, &secretary]);
    assert!(!members(&access).contains(&secretary), "{access}");
    assert!(!shared_addresses(&sec).contains(&orgbox));
    let again = Cli::new();
    again.add_account(&op, "secretary");
    assert_eq!(again.fail(&["shared", "open", &orgbox]).code.as_deref(), Some("shared_access_refused"));
    assert_eq!(again.json(&["account", "list"]).as_array().unwrap().len(), 1, "nothing kept of a refused box");
    let _ = sec.output(&["sync", "--account", &orgbox]);
    let kept = sec.list_with("inbox", &["--account", &orgbox]);
    assert!(kept.iter().any(|m| m.subject == "Pour le secrétariat"), "{:?}", kept.iter().map(|m| &m.subject).collect::<Vec<_>>());

    // Several at once, comma-separated: the secretary back, and the intern.
    let access = owner.json(&["shared", "grant", &orgbox, &format!("{secretary}, {intern}")]);
    let after = members(&access);
    assert!(after.contains(&secretary) && after.contains(&intern), "{after:?}");
    assert!(shared_addresses(&again).contains(&orgbox));
    again.json(&["shared", "open", &orgbox]);
    let interns = Cli::new();
    interns.add_account(&op, "intern");
    assert!(shared_addresses(&interns).contains(&orgbox));

    // "Compte par défaut": the box opens at start, and commands take it without --account.
    let chosen = cli.json(&["account", "default", &orgbox]);
    assert_eq!(chosen["is_default"], true);
    assert_eq!(cli.json(&["account", "default"])["email"], orgbox.as_str());
    let accounts = cli.json(&["account", "list"]);
    let flagged: Vec<_> = accounts.as_array().unwrap().iter().filter(|a| a["is_default"] == true).map(|a| a["email"].clone()).collect();
    assert_eq!(flagged, [Value::from(orgbox.as_str())]);
    assert!(cli.list("inbox").iter().any(|m| m.subject == "Pour le secrétariat" && m.account == orgbox));
    cli.json(&["account", "default", &physician]);
    assert_eq!(cli.json(&["account", "default"])["email"], physician.as_str());

    // "Notif de réception vers compte de connexion", stored per account.
    assert_eq!(cli.json(&["account", "notify", &orgbox, "on"])["notify_to_sign_in"], true);
    let accounts = cli.json(&["account", "list"]);
    let box_entry = accounts.as_array().unwrap().iter().find(|a| a["email"] == orgbox.as_str()).unwrap();
    assert_eq!(box_entry["notify_to_sign_in"], true);
}

/// With the CPS card, the same one sign-in: TLS client authentication signed by the card and
/// SASL EXTERNAL with the box as authorisation identity (the operator's certificate master
/// passdb); the box's INBOX syncs.
#[test]
fn with_the_card_the_box_opens_through_sasl_external_naming_the_box() {
    let op = Operator::start();
    let bed = support::card::CardBed::start(&op);
    let orgbox = op.account("orgbox").email.clone();
    let physician = op.account("physician").email.clone();
    let cli = Cli::new();
    let imap = format!("{}:{}", op.env.host, op.env.ports.imaps);
    let smtp = format!("{}:{}", op.env.host, op.env.ports.submissions_cert);
    let ca = op.env.ca_file.to_string_lossy().into_owned();
    let added = bed.with_pin(&cli, &["account", "add", "--auth", "card", "--email", &physician, "--imap", &imap, "--smtp", &smtp, "--ca-file", &ca]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));

    let listed = bed.with_pin(&cli, &["shared", "list"]);
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    assert!(String::from_utf8_lossy(&listed.stdout).contains(&orgbox));
    let opened = bed.with_pin(&cli, &["shared", "open", &orgbox]);
    assert!(opened.status.success(), "{}", String::from_utf8_lossy(&opened.stderr));
    let opened: Value = serde_json::from_slice(&opened.stdout).unwrap();
    assert_eq!((opened["auth"].as_str(), opened["opened_through"].as_str()), (Some("card"), Some(physician.as_str())));
    let synced = bed.with_pin(&cli, &["sync", "--account", &orgbox]);
    assert!(synced.status.success(), "{}", String::from_utf8_lossy(&synced.stderr));
    let folders = cli.json(&["folders", "--account", &orgbox]);
    assert!(folders.as_array().unwrap().iter().any(|f| f["role"] == "inbox" && f["account"] == orgbox.as_str()), "{folders}");
}

fn box_signatures(cli: &Cli, orgbox: &str) -> Vec<Value> {
    cli.json(&["signature", "list", "--account", orgbox]).as_array().unwrap().clone()
}

/// Two computers, each with its own profile: the physician's and the secretary's. A
/// signature one makes for the box reaches the other at their next sync, and so do an edit
/// and a deletion; which one is the default stays each member's; a member's own signatures
/// never reach the box.
#[test]
fn the_boxs_signatures_are_seen_by_every_member_who_opens_it() {
    let op = Operator::start();
    let orgbox = op.account("orgbox").email.clone();
    let physician = op.account("physician").email.clone();
    let doc = Cli::new();
    doc.add_account(&op, "physician");
    doc.json(&["shared", "open", &orgbox]);
    let sec = Cli::new();
    sec.add_account(&op, "secretary");
    sec.json(&["shared", "open", &orgbox]);

    let own = body_file("Dr Jean Dupont\nMédecin généraliste\n");
    doc.json(&["signature", "add", "--account", &physician, "--title", "Personnelle", "--text-file", own.path().to_str().unwrap(), "--default"]);
    // Quotes, accents, HTML and an inline image well beyond a quoted IMAP string's limit.
    let image = "iVBORw0KGgo".repeat(9_000);
    let html = format!(
        "<p>Secrétariat du <b style=\"color:#0a5\">cabinet “Dupont”</b> — 05 61 00 00 00</p><img src=\"data:image/png;base64,{image}\" alt=\"logo\">"
    );
    let html_file = body_file(&html);
    let made = doc.json(&["signature", "add", "--account", &orgbox, "--title", "Secrétariat", "--html-file", html_file.path().to_str().unwrap(), "--default"]);
    doc.json(&["sync", "--account", &orgbox]);

    sec.json(&["sync", "--account", &orgbox]);
    let seen = box_signatures(&sec, &orgbox);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!((&seen[0]["title"], &seen[0]["text"], &seen[0]["html"]), (&made["title"], &made["text"], &made["html"]));
    assert_eq!(seen[0]["is_default"], false, "the default is each member's own choice");
    let theirs = seen[0]["id"].as_i64().unwrap().to_string();

    // The secretary edits it on her computer; the physician sees the edit on his.
    let edited = body_file("Secrétariat du cabinet Dupont\nOuvert du lundi au vendredi\n");
    sec.json(&["signature", "edit", &theirs, "--title", "Secrétariat (accueil)", "--text-file", edited.path().to_str().unwrap()]);
    sec.json(&["sync", "--account", &orgbox]);
    doc.json(&["sync", "--account", &orgbox]);
    let now = box_signatures(&doc, &orgbox);
    assert_eq!(now.len(), 1, "{now:?}");
    assert_eq!(now[0]["id"], made["id"], "the same signature, changed in place");
    assert_eq!(now[0]["title"], "Secrétariat (accueil)");
    assert_eq!(now[0]["text"], "Secrétariat du cabinet Dupont\nOuvert du lundi au vendredi");
    assert_eq!(now[0]["is_default"], true, "still the physician's default");

    // The physician deletes it; at her next sync the secretary no longer has it.
    let mine = made["id"].as_i64().unwrap().to_string();
    doc.json(&["signature", "delete", &mine]);
    assert!(box_signatures(&doc, &orgbox).is_empty());
    doc.json(&["sync", "--account", &orgbox]);
    assert!(box_signatures(&doc, &orgbox).is_empty(), "a pass does not bring it back");
    sec.json(&["sync", "--account", &orgbox]);
    assert!(box_signatures(&sec, &orgbox).is_empty());

    // The physician's own signature stayed his: on his account only, on no member's box.
    let personal = doc.json(&["signature", "list", "--account", &physician]);
    assert_eq!(personal.as_array().unwrap().len(), 1, "{personal}");
    assert_eq!(personal[0]["title"], "Personnelle");
    let everything = sec.json(&["signature", "list"]);
    assert!(everything.as_array().unwrap().iter().all(|s| s["title"] != "Personnelle"), "{everything}");
}
