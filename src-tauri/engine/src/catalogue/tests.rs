use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::*;

/// Every message of one language: its key and the arguments it uses.
fn messages(sources: &[&'static str]) -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let mut out = BTreeMap::new();
    for source in sources {
        let resource = fluent_syntax::parser::parse(*source).unwrap_or_else(|(_, errors)| panic!("Fluent syntax errors: {errors:?}"));
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut args = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    pattern_args(pattern, &mut args);
                }
                assert!(out.insert(message.id.name, args).is_none(), "key given twice: {}", message.id.name);
            }
        }
    }
    out
}

fn pattern_args(pattern: &ast::Pattern<&'static str>, out: &mut BTreeSet<&'static str>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_args(expression, out);
        }
    }
}

fn expression_args(expression: &ast::Expression<&'static str>, out: &mut BTreeSet<&'static str>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_args(selector, out);
            for variant in variants {
                pattern_args(&variant.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_args(inline, out),
    }
}

fn inline_args(inline: &ast::InlineExpression<&'static str>, out: &mut BTreeSet<&'static str>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name);
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for arg in &arguments.positional {
                inline_args(arg, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_args(expression, out),
        _ => {}
    }
}

#[test]
fn both_languages_hold_the_same_keys_with_the_same_arguments() {
    let fr = messages(&FR_SOURCES);
    let en = messages(&EN_SOURCES);
    let fr_keys: BTreeSet<_> = fr.keys().collect();
    let en_keys: BTreeSet<_> = en.keys().collect();
    assert_eq!(fr_keys.difference(&en_keys).collect::<Vec<_>>(), Vec::<&&&str>::new(), "keys only in French");
    assert_eq!(en_keys.difference(&fr_keys).collect::<Vec<_>>(), Vec::<&&&str>::new(), "keys only in English");
    for (key, args) in &fr {
        assert_eq!(Some(args), en.get(key), "arguments of {key}");
    }
}

#[test]
fn every_error_code_has_its_sentence() {
    use ErrorCode::*;
    for code in [
        InvalidInput, Io, Network, Tls, Certificate, CertificateExpired, CertificateRevoked, AuthFailed, Unsupported, Server, Timeout, Store, StoreKey, StoreTooNew,
        Keyring, NotFound, Busy, Internal, Card, PinWrong, CardBlocked, PinFormat, PinRequired, CardNotCps, CardOtherHolder, CardRemoved, SignedOut, SessionLocked,
        Psc, PscDenied, PscSignInExpired, PscSessionEnded, PscWrongPractitioner, DeviceRevoked, DirectoryFile, DirectoryDownload, DirectoryWriteRefused, NoOperatorDirectory,
        DirectoryPscUnsupported, SharedPscUnsupported, SieveScriptRefused, SharedAccessRefused, SharedAdminRefused, NoNotificationService,
        UpdateServer, UpdatesOff, UpdateUnavailable, UpdateRefused, UpdateInstall,
    ] {
        for lang in Lang::ALL {
            let key = error_key(code);
            assert_ne!(say_plain(lang, &key), key, "{key} in {lang:?}");
        }
    }
}

#[test]
fn a_wrong_pin_says_how_many_tries_are_left() {
    assert_eq!(
        describe_error(&EngineError::PinWrong { tries_left: 2 }, Lang::Fr).lines().next(),
        Some("Code PIN incorrect : 2 essais restants.")
    );
    assert_eq!(error_text(&EngineError::PinWrong { tries_left: 1 }).say(Lang::Fr), "Code PIN incorrect : 1 essai restant.");
    assert_eq!(error_text(&EngineError::PinWrong { tries_left: 2 }).say(Lang::En), "Wrong PIN: 2 tries left.");
    assert!(error_text(&EngineError::CardBlocked).say(Lang::Fr).starts_with("Carte bloquée"));
}

#[test]
fn a_revoked_or_expired_certificate_says_what_it_means_and_what_to_do() {
    let revoked = describe_error(&EngineError::CertificateRevoked("imap.example:993".into()), Lang::Fr);
    assert!(revoked.contains("révoqué") && revoked.contains("contactez votre opérateur"), "{revoked}");
    let expired = describe_error(&EngineError::CertificateExpired("imap.example:993".into()), Lang::Fr);
    assert!(expired.contains("expiré") && expired.contains("date et l’heure"), "{expired}");
}

#[test]
fn plurals_follow_each_language() {
    let exported = |lang, count: u32| Text::new("cli-exported").arg("count", count).arg("path", "/tmp/x").say(lang);
    assert_eq!(exported(Lang::Fr, 0), "0 message exporté dans /tmp/x");
    assert_eq!(exported(Lang::Fr, 1), "1 message exporté dans /tmp/x");
    assert_eq!(exported(Lang::Fr, 2), "2 messages exportés dans /tmp/x");
    assert_eq!(exported(Lang::En, 0), "0 messages exported to /tmp/x");
    assert_eq!(exported(Lang::En, 1), "1 message exported to /tmp/x");
}

#[test]
fn french_numbers_take_a_decimal_comma_and_no_isolation_marks() {
    let text = Text::new("problem-too_large").arg("size", 12.4).arg("limit", 10u64);
    assert_eq!(text.say(Lang::Fr), "Message de 12,4 Mo : le serveur accepte 10 Mo au maximum.");
    assert_eq!(text.say(Lang::En), "The message is 12.4 MB: the server accepts 10 MB at most.");
}

#[test]
fn a_missing_key_is_shown_as_itself() {
    assert_eq!(say_plain(Lang::Fr, "no-such-key"), "no-such-key");
}

#[test]
fn an_error_is_described_in_the_chosen_language() {
    let fr = describe_error(&EngineError::AuthFailed, Lang::Fr);
    assert!(fr.starts_with("Le serveur a refusé vos identifiants."), "{fr}");
    assert!(fr.ends_with("\nDétail : the server refused the credentials"), "{fr}");
    let en = describe_error(&EngineError::AuthFailed, Lang::En);
    assert!(en.starts_with("The server refused your credentials."), "{en}");
}

/// The UI's `t()` takes only keys of the catalogue: their list is generated from it.
#[test]
fn export_message_keys_for_the_window() {
    let Some(dir) = std::env::var_os("TS_RS_EXPORT_DIR") else { return };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(dir).join("MessageKey.ts");
    let mut text = String::from("// Generated from the catalogue (locales/fr/*.ftl) by the engine's tests. Do not edit.\n\nexport type MessageKey =\n");
    for key in messages(&FR_SOURCES).keys() {
        text.push_str(&format!("  | '{key}'\n"));
    }
    text.push_str(";\n");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&path, text).unwrap();
    }
}

/// Every key the engine and the command line name in their sources (`Text::new("…")`,
/// `say_plain(…, "…")`, `ctx.t("…")`) is in the catalogue; keys made from a kind are checked
/// by their own modules' tests.
#[test]
fn every_key_named_in_the_rust_sources_exists() {
    let known = messages(&FR_SOURCES);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    let mut seen = 0;
    for dir in [root.join("src"), root.join("../cli/src")] {
        for path in rust_files(&dir) {
            let source = std::fs::read_to_string(&path).unwrap();
            for opening in ["Text::new(\"", "say_plain(lang, \"", "ctx.t(\"", "say_plain(self.lang, \""] {
                for (at, _) in source.match_indices(opening) {
                    let rest = &source[at + opening.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    seen += 1;
                    // This file's own texts name the patterns, not keys.
                    if !known.contains_key(key) && !path.ends_with("catalogue/tests.rs") {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
    }
    assert!(seen > 50, "the scan found only {seen} keys: has the way sentences are named changed?");
    assert!(missing.is_empty(), "keys missing from locales/: {missing:?}");
}

fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}
