//! The MIME parser over a corpus of broken and of real-world mail: it never panics, keeps
//! what is readable and says what was wrong. The files come from tests/corpus/generate.py;
//! the huge and the hostile messages are generated here instead of being committed.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use medimail_engine::mime::{content_hash, parse, ParsedMessage, ReportKind, BODY_TEXT_CAP};

fn corpus(folder: &str) -> BTreeMap<String, Vec<u8>> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("tests/corpus")
        .join(folder);
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "eml") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, std::fs::read(&path).unwrap());
        }
    }
    assert!(!files.is_empty(), "no .eml in {}", dir.display());
    files
}

fn parse_file(folder: &str, name: &str) -> ParsedMessage {
    let raw = corpus(folder)
        .remove(name)
        .unwrap_or_else(|| panic!("{folder}/{name} is missing"));
    parse(&raw)
}

fn has_problem(parsed: &ParsedMessage, needle: &str) -> bool {
    parsed.problems.iter().any(|p| p.contains(needle))
}

/// Invariants that hold for any input at all.
fn check_invariants(what: &str, parsed: &ParsedMessage) {
    assert!(
        parsed.body_text.len() <= BODY_TEXT_CAP,
        "{what}: body_text over the cap"
    );
    assert!(
        !parsed.message_id.as_deref().is_some_and(str::is_empty),
        "{what}: empty Message-ID"
    );
    assert!(!parsed.subject.contains('\0'), "{what}: NUL in subject");
    let offered = parsed.attachments.iter().any(|a| !a.is_inline);
    assert!(
        !parsed.has_attachments || offered,
        "{what}: has_attachments {:?}",
        parsed.attachments
    );
}

type Check = fn(&ParsedMessage);

/// Every malformed file, whether it is really broken (so `problems` must say so), and what
/// is still knowable about it.
const MALFORMED: &[(&str, bool, Check)] = &[
    ("empty.eml", true, |p| {
        assert_eq!(p.subject, "");
        assert_eq!(p.message_id, None);
        assert_eq!(p.problems, ["empty message"]);
    }),
    ("binary-junk.eml", true, |p| {
        assert_eq!(p.message_id, None);
        assert!(p.attachments.is_empty());
    }),
    ("headers-only.eml", false, |p| {
        assert_eq!(p.subject, "Convocation consultation");
        assert_eq!(
            p.message_id.as_deref(),
            Some("only-headers@medecin.mssante.fr")
        );
        assert_eq!(p.body_text, "");
    }),
    ("missing-message-id.eml", true, |p| {
        assert_eq!(p.message_id, None);
        assert_eq!(p.subject, "Sans identifiant");
        assert!(has_problem(p, "Message-ID"));
    }),
    ("bad-charset.eml", true, |p| {
        assert!(p.subject.starts_with("Compte rendu "), "{}", p.subject);
        assert!(
            p.subject.ends_with("chographie du patient"),
            "{}",
            p.subject
        );
        assert_eq!(
            p.body_text,
            "Patient vu en consultation, résultats normaux."
        );
        assert!(has_problem(p, "unknown charset"));
    }),
    ("latin1-raw-headers.eml", true, |p| {
        assert_eq!(p.subject, "Résultats d'analyses");
        assert_eq!(
            p.from.as_ref().and_then(|a| a.name.as_deref()),
            Some("Hélène Durand")
        );
        assert_eq!(p.body_text, "Les résultats sont disponibles.");
        assert!(has_problem(p, "8-bit"));
    }),
    ("latin1-raw-filename.eml", true, |p| {
        assert_eq!(
            p.attachments[0].name.as_deref(),
            Some("ordonnance rénovée.pdf")
        );
        assert!(has_problem(p, "attachment name"));
    }),
    ("utf8-raw-headers.eml", false, |p| {
        assert_eq!(p.subject, "Résultats échographie — à revoir");
        assert_eq!(
            p.from.as_ref().and_then(|a| a.name.as_deref()),
            Some("Élodie Bérenger")
        );
    }),
    ("folded-headers.eml", false, |p| {
        assert_eq!(p.subject, "Demande d'avis cardiologique pour M. Dupont");
        assert_eq!(p.message_id.as_deref(), Some("folded@medecin.mssante.fr"));
        assert_eq!(p.body_text, "Merci de votre retour.");
    }),
    ("multipart-no-boundary.eml", true, |p| {
        assert!(p.body_text.contains("Texte du message."));
        assert!(p.attachments.is_empty());
        assert!(has_problem(p, "boundary"));
    }),
    ("truncated-multipart.eml", true, |p| {
        assert_eq!(p.body_text, "Voici le compte rendu en pièce jointe.");
        assert_eq!(p.attachments.len(), 1);
        assert_eq!(p.attachments[0].name.as_deref(), Some("cr.pdf"));
        assert!(p.has_attachments);
        assert!(has_problem(p, "closing delimiter"));
    }),
    ("bad-base64.eml", true, |p| {
        assert_eq!(p.body_text, "Bonjour, voici le dossier.");
        assert_eq!(p.attachments[0].name.as_deref(), Some("dossier.pdf"));
        assert!(has_problem(p, "could not be decoded"));
    }),
    ("bad-quoted-printable.eml", true, |p| {
        assert!(p.body_text.starts_with("Résultat "), "{}", p.body_text);
        assert!(has_problem(p, "quoted-printable"));
    }),
    ("nested-rfc822.eml", false, |p| {
        assert_eq!(p.subject, "Tr: Résultats biologie");
        assert_eq!(p.body_text, "Je vous transfère les résultats.");
        assert_eq!(p.attachments.len(), 1);
        let forwarded = &p.attachments[0];
        assert_eq!(forwarded.mime_type, "message/rfc822");
        assert_eq!(forwarded.name.as_deref(), Some("Résultats biologie"));
        assert!(
            forwarded.size > 500 && forwarded.size < 1000,
            "{}",
            forwarded.size
        );
        assert!(p.has_attachments);
    }),
    ("deep-multipart.eml", true, |p| {
        assert_eq!(p.subject, "Imbrication profonde");
        assert!(has_problem(p, "nesting"));
    }),
    ("long-header-lines.eml", true, |p| {
        assert!(p.subject.starts_with("Tres long sujet xxx"));
        assert!(p.subject.len() <= 4096);
        assert_eq!(p.to.len(), 2000);
        assert_eq!(p.references.len(), 3000);
        assert_eq!(p.body_text, "Corps court.");
        assert!(has_problem(p, "998"));
    }),
    ("mixed-line-endings.eml", true, |p| {
        assert_eq!(p.subject, "Fins de ligne melangees");
        assert!(p.body_text.contains("Ligne trois"));
        assert!(has_problem(p, "control characters"));
    }),
    ("bad-date.eml", true, |p| {
        assert_eq!(p.date, None);
        assert_eq!(p.subject, "Date invalide");
        assert!(has_problem(p, "Date"));
    }),
    ("mbox-from-line.eml", true, |p| {
        assert_eq!(p.subject, "Ligne From d'mbox");
        assert_eq!(
            p.from.as_ref().map(|a| a.email.as_str()),
            Some("claire.martin@medecin.mssante.fr")
        );
        assert!(has_problem(p, "mbox"));
    }),
    ("unterminated-encoded-word.eml", true, |p| {
        assert!(p.subject.starts_with("Objet "));
        assert!(has_problem(p, "encoded word"));
    }),
    ("broken-html-only.eml", false, |p| {
        let text = &p.body_text;
        assert!(text.contains("Cher confrère,"), "{text}");
        assert!(text.contains("à revoir"), "{text}");
        assert!(text.contains("14/9 & pouls normal"), "{text}");
        assert!(
            !text.contains("alert") && !text.contains("color") && !text.contains("commentaire"),
            "{text}"
        );
    }),
];

#[test]
fn malformed_corpus() {
    let files = corpus("malformed");
    let listed: Vec<_> = MALFORMED.iter().map(|(name, ..)| *name).collect();
    for name in files.keys() {
        assert!(
            listed.contains(&name.as_str()),
            "{name} has no expectations in MALFORMED"
        );
    }
    for (name, broken, check) in MALFORMED {
        let raw = files
            .get(*name)
            .unwrap_or_else(|| panic!("{name} is missing; run generate.py"));
        let parsed = parse(raw);
        check_invariants(name, &parsed);
        assert!(
            !has_problem(&parsed, "parser failed"),
            "{name}: mail-parser panicked"
        );
        if *broken {
            assert!(!parsed.problems.is_empty(), "{name}: no problem reported");
        }
        check(&parsed);
    }
}

#[test]
fn wellformed_corpus_has_no_problems() {
    for (name, raw) in corpus("wellformed") {
        let parsed = parse(&raw);
        check_invariants(&name, &parsed);
        assert!(parsed.problems.is_empty(), "{name}: {:?}", parsed.problems);
        assert!(
            parsed.message_id.is_some() && parsed.date.is_some() && parsed.from.is_some(),
            "{name}"
        );
        assert!(!parsed.body_text.is_empty(), "{name}");
    }
}

#[test]
fn html_newsletter() {
    let p = parse_file("wellformed", "newsletter-html.eml");
    assert_eq!(p.subject, "Lettre d’information — campagne de vaccination");
    assert_eq!(
        p.body_text,
        "Campagne de vaccination contre la grippe : elle débute le 15 octobre."
    );
    assert_eq!(p.attachments.len(), 1);
    assert!(p.attachments[0].is_inline);
    assert_eq!(p.attachments[0].content_id.as_deref(), Some("logo@ars"));
    assert!(!p.has_attachments);
    assert_eq!(p.is_report, None);
}

#[test]
fn lab_result_with_pdf() {
    let p = parse_file("wellformed", "lab-result-pdf.eml");
    assert_eq!(p.subject, "Résultats d'analyses - DUPONT Jean");
    let from = p.from.as_ref().map(|a| a.display());
    assert_eq!(
        from.as_deref(),
        Some("Laboratoire Biologie Médicale <resultats@labo.mssante.fr>")
    );
    assert_eq!(p.reply_to.len(), 1);
    assert_eq!(p.cc.len(), 1);
    let dnt = p
        .disposition_notification_to
        .as_ref()
        .map(|a| a.email.as_str());
    assert_eq!(dnt, Some("resultats@labo.mssante.fr"));
    assert!(p.body_text.contains("compte rendu d'échographie"));
    assert_eq!(p.attachments.len(), 1);
    let pdf = &p.attachments[0];
    assert_eq!(pdf.name.as_deref(), Some("compte-rendu échographie.pdf"));
    assert_eq!(pdf.mime_type, "application/pdf");
    assert_eq!(pdf.size, 193);
    assert!(p.has_attachments);
}

#[test]
fn reports() {
    let mdn = parse_file("wellformed", "mdn.eml");
    assert_eq!(mdn.is_report, Some(ReportKind::DispositionNotification));
    assert_eq!(mdn.subject, "Accusé de lecture");
    assert!(!mdn.has_attachments, "{:?}", mdn.attachments);

    let dsn = parse_file("wellformed", "dsn.eml");
    assert_eq!(dsn.is_report, Some(ReportKind::DeliveryStatus));
    assert!(dsn.body_text.contains("could not be delivered"));
    assert!(!dsn.has_attachments, "{:?}", dsn.attachments);
}

#[test]
fn structured_xdm_message() {
    let p = parse_file("wellformed", "structured-xdm.eml");
    assert_eq!(p.subject, "Compte rendu DUPONT Jérôme 20240315", "shown without the XDM/1.0/DDM+ prefix");
    assert_eq!(p.attachments[0].name.as_deref(), Some("IHE_XDM.ZIP"));
}

#[test]
fn same_message_id_different_content() {
    let files = corpus("wellformed");
    let (a, b) = (&files["dup-id-a.eml"], &files["dup-id-b.eml"]);
    let (pa, pb) = (parse(a), parse(b));
    assert_eq!(pa.message_id.as_deref(), Some("meme-id@medecin.mssante.fr"));
    assert_eq!(pa.message_id, pb.message_id);
    assert_ne!(pa.body_text, pb.body_text);
    assert_ne!(content_hash(a), content_hash(b));
    assert_eq!(content_hash(a), content_hash(&a.clone()));
}

/// Every prefix of a real message (a connection cut anywhere) and seeded byte flips.
#[test]
fn cut_and_corrupted_copies_never_escape() {
    let files = corpus("wellformed");
    let lab = &files["lab-result-pdf.eml"];
    for end in 0..=lab.len() {
        check_invariants(&format!("prefix {end}"), &parse(&lab[..end]));
    }
    let mut seed: u64 = 0x2024_0312;
    for (name, raw) in &files {
        for round in 0..200 {
            let mut copy = raw.clone();
            for _ in 0..4 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let at = (seed >> 33) as usize % copy.len();
                copy[at] = (seed >> 17) as u8;
            }
            check_invariants(&format!("{name} mutation {round}"), &parse(&copy));
        }
    }
}

#[test]
fn fifty_megabyte_message() {
    let mut raw = Vec::with_capacity(52 * 1024 * 1024);
    raw.extend_from_slice(
        b"From: imagerie@ch-exemple.mssante.fr\r\nTo: claire.martin@medecin.mssante.fr\r\n\
Date: Fri, 15 Mar 2024 10:00:00 +0100\r\nMessage-ID: <big@ch-exemple.mssante.fr>\r\n\
Subject: Examen complet\r\nContent-Type: multipart/mixed; boundary=\"big\"\r\n\r\n--big\r\n\
Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
    );
    let line = "Coupe axiale : pas d'anomalie décelée, densité homogène.\r\n";
    while raw.len() < 30 * 1024 * 1024 {
        raw.extend_from_slice(line.as_bytes());
    }
    raw.extend_from_slice(
        b"--big\r\nContent-Type: application/dicom\r\n\
Content-Disposition: attachment; filename=\"serie.dcm\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\n",
    );
    let base64_line = [b'A'; 76];
    let lines = 20 * 1024 * 1024 / 78;
    for _ in 0..lines {
        raw.extend_from_slice(&base64_line);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"--big--\r\n");
    assert!(raw.len() >= 50 * 1024 * 1024);

    let started = Instant::now();
    let p = parse(&raw);
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
    assert_eq!(p.subject, "Examen complet");
    assert!(p.body_text.len() <= BODY_TEXT_CAP);
    assert!(p.body_text.len() > BODY_TEXT_CAP - line.len());
    assert!(p.body_text.starts_with("Coupe axiale"));
    assert_eq!(p.attachments.len(), 1);
    assert_eq!(p.attachments[0].size, (lines * 57) as u64);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
}

#[test]
fn huge_html_body_is_capped() {
    let mut raw = b"From: a@ch-exemple.mssante.fr\r\nSubject: HTML\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>"
        .to_vec();
    while raw.len() < 12 * 1024 * 1024 {
        raw.extend_from_slice("<p>Résultat <b>normal</b> &amp; stable</p>\r\n".as_bytes());
    }
    let p = parse(&raw);
    assert!(p.body_text.len() <= BODY_TEXT_CAP);
    assert!(p.body_text.len() > BODY_TEXT_CAP / 2);
    assert!(p.body_text.starts_with("Résultat normal & stable"));
}

/// Forwarded-message nesting is built as nested values; dropping them must not recurse on
/// the (2 MiB) test thread stack.
#[test]
fn very_deep_forwarding_chain() {
    let level = b"From: a@b.fr\r\nSubject: Tr\r\nContent-Type: message/rfc822\r\n\r\n";
    let mut raw = Vec::with_capacity(level.len() * 100_001);
    for _ in 0..100_000 {
        raw.extend_from_slice(level);
    }
    raw.extend_from_slice(b"From: a@b.fr\r\nSubject: fond\r\n\r\ntexte\r\n");
    let p = parse(&raw);
    assert_eq!(p.subject, "Tr");
    assert_eq!(p.attachments.len(), 1);
}

#[test]
fn very_deep_multipart() {
    let mut raw = b"From: a@b.fr\r\nSubject: profond\r\n".to_vec();
    for i in 0..20_000 {
        raw.extend_from_slice(
            format!("Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n")
                .as_bytes(),
        );
    }
    raw.extend_from_slice(b"Content-Type: text/plain\r\n\r\nfond\r\n");
    let p = parse(&raw);
    assert_eq!(p.subject, "profond");
    assert!(has_problem(&p, "nesting"));
}
