//! Happy paths. The malformed corpus lives in tests/mime_corpus.rs.

use super::parse::parse_with;
use super::*;

fn mail(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\n").into_bytes()
}

const HEAD: &str = "From: \"Dr Claire Martin\" <claire.martin@medecin.mssante.fr>
To: Secrétariat <secretariat@ch-exemple.mssante.fr>, j.dupont@ch-exemple.mssante.fr
Cc: Service Cardiologie <cardio@ch-exemple.mssante.fr>
Date: Tue, 12 Mar 2024 09:15:00 +0100
Message-ID: <123.abc@medecin.mssante.fr>
MIME-Version: 1.0
";

#[test]
fn plain_french_text() {
    let raw = mail(&format!(
        "{HEAD}In-Reply-To: <prev@ch-exemple.mssante.fr>
References: <root@ch-exemple.mssante.fr>
 <prev@ch-exemple.mssante.fr>
Subject: Compte rendu de consultation
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Cher confrère,

J'ai vu ce jour votre patient. L'échographie est normale.
"
    ));
    let parsed = parse(&raw);
    assert_eq!(parsed.subject, "Compte rendu de consultation");
    assert_eq!(
        parsed.message_id.as_deref(),
        Some("123.abc@medecin.mssante.fr")
    );
    assert_eq!(parsed.in_reply_to, ["prev@ch-exemple.mssante.fr"]);
    assert_eq!(
        parsed.references,
        ["root@ch-exemple.mssante.fr", "prev@ch-exemple.mssante.fr"]
    );
    assert_eq!(parsed.date, Some(1_710_231_300));
    let from = parsed.from.as_ref().map(Address::display);
    assert_eq!(
        from.as_deref(),
        Some("Dr Claire Martin <claire.martin@medecin.mssante.fr>")
    );
    let to: Vec<_> = parsed.to.iter().map(Address::display).collect();
    assert_eq!(
        to,
        [
            "Secrétariat <secretariat@ch-exemple.mssante.fr>",
            "j.dupont@ch-exemple.mssante.fr"
        ]
    );
    assert_eq!(parsed.cc.len(), 1);
    assert!(parsed.body_text.starts_with("Cher confrère,"));
    assert!(parsed.body_text.contains("L'échographie est normale."));
    assert!(parsed.attachments.is_empty());
    assert!(!parsed.has_attachments);
    assert_eq!(parsed.is_report, None);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
}

#[test]
fn alternative_prefers_the_plain_part() {
    let raw = mail(&format!(
        "{HEAD}Subject: Alternative
Content-Type: multipart/alternative; boundary=\"alt\"

--alt
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Version texte : tension =C3=A9lev=C3=A9e.
--alt
Content-Type: text/html; charset=utf-8

<p>Version <b>HTML</b></p>
--alt--
"
    ));
    let parsed = parse(&raw);
    assert_eq!(parsed.body_text, "Version texte : tension élevée.");
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
}

#[test]
fn html_only_becomes_text() {
    let raw = mail(&format!(
        "{HEAD}Subject: HTML
Content-Type: multipart/alternative; boundary=\"alt\"

--alt
Content-Type: text/html; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

<html><head><style>p {{ color: red }}</style></head><body><p>Cher confr=E8re,</p>
<p>Tension&nbsp;: 14/9 &amp; pouls &eacute;lev&#233;</p></body></html>
--alt--
"
    ));
    let parsed = parse(&raw);
    assert!(
        parsed.body_text.contains("Cher confrère,"),
        "{}",
        parsed.body_text
    );
    assert!(
        parsed.body_text.contains("14/9 & pouls élevé"),
        "{}",
        parsed.body_text
    );
    assert!(!parsed.body_text.contains('<'));
    assert!(!parsed.body_text.contains("color"));
}

#[test]
fn attachment_with_rfc2231_french_filename() {
    let raw = mail(&format!(
        "{HEAD}Subject: CR
Content-Type: multipart/mixed; boundary=\"mix\"

--mix
Content-Type: text/plain; charset=utf-8

Ci-joint.
--mix
Content-Type: application/pdf
Content-Disposition: attachment;
 filename*0*=ISO-8859-1''compte-rendu%20%E9;
 filename*1*=chographie.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--mix
Content-Type: application/pdf; name=\"=?UTF-8?Q?ordonnance_n=C2=B02.pdf?=\"
Content-Disposition: attachment
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--mix--
"
    ));
    let parsed = parse(&raw);
    assert_eq!(parsed.body_text, "Ci-joint.");
    assert_eq!(parsed.attachments.len(), 2);
    let report = &parsed.attachments[0];
    assert_eq!(report.name.as_deref(), Some("compte-rendu échographie.pdf"));
    assert_eq!(report.mime_type, "application/pdf");
    assert_eq!(report.size, 9);
    assert!(!report.is_inline);
    assert_eq!(
        parsed.attachments[1].name.as_deref(),
        Some("ordonnance n°2.pdf")
    );
    assert!(parsed.has_attachments);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
}

#[test]
fn inline_cid_image_is_not_an_attachment() {
    let raw = mail(&format!(
        "{HEAD}Subject: Logo
Content-Type: multipart/related; boundary=\"rel\"

--rel
Content-Type: text/html; charset=utf-8

<p>Bonjour <img src=\"cid:logo@ch\"></p>
--rel
Content-Type: image/png
Content-ID: <logo@ch>
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--rel--
"
    ));
    let parsed = parse(&raw);
    assert_eq!(parsed.attachments.len(), 1);
    let logo = &parsed.attachments[0];
    assert!(logo.is_inline);
    assert_eq!(logo.content_id.as_deref(), Some("logo@ch"));
    assert_eq!(logo.mime_type, "image/png");
    assert!(!parsed.has_attachments);
    assert_eq!(parsed.body_text, "Bonjour");
}

#[test]
fn encoded_word_subjects() {
    for (header, expected) in [
        (
            "=?UTF-8?Q?R=C3=A9sultats_d=E2=80=99analyses?=",
            "Résultats d’analyses",
        ),
        ("=?ISO-8859-1?Q?R=E9sultats_pr=EAts?=", "Résultats prêts"),
        (
            "=?utf-8?B?w4ljaG9ncmFwaGll?= de contr=?x?Q?x?=",
            "Échographie de contr=?x?Q?x?=",
        ),
        ("=?UTF-8?Q?Demande?= =?UTF-8?Q?_d'avis?=", "Demande d'avis"),
        ("Re: =?iso-8859-15?q?=A4uros?=", "Re: €uros"),
    ] {
        let raw = mail(&format!("{HEAD}Subject: {header}\n\nx\n"));
        assert_eq!(parse(&raw).subject, expected, "for {header}");
    }
}

#[test]
fn dates_with_timezone_offsets() {
    for (header, expected) in [
        ("Tue, 12 Mar 2024 09:15:00 +0100", Some(1_710_231_300)),
        ("Tue, 12 Mar 2024 03:15:00 -0500", Some(1_710_231_300)),
        ("Tue, 12 Mar 2024 13:45:00 +0530", Some(1_710_231_300)),
        ("12 Mar 2024 08:15:00 GMT", Some(1_710_231_300)),
        ("Sun, 31 Mar 2024 01:59:59 +0000", Some(1_711_850_399)),
        ("le 12 mars", None),
    ] {
        let raw = mail(&format!("From: a@b.fr\nDate: {header}\nSubject: d\n\nx\n"));
        assert_eq!(parse(&raw).date, expected, "for {header}");
    }
    let raw = mail("From: a@b.fr\nSubject: sans date\n\nx\n");
    let parsed = parse(&raw);
    assert_eq!(parsed.date, None);
    assert!(parsed.problems.iter().any(|p| p.contains("Date")));
}

#[test]
fn read_receipt_request() {
    let raw = mail(&format!(
        "{HEAD}Subject: AR
Disposition-Notification-To: \"Dr Martin\" <claire.martin@medecin.mssante.fr>

x
"
    ));
    let dnt = parse(&raw).disposition_notification_to;
    assert_eq!(
        dnt.map(|a| a.display()).as_deref(),
        Some("Dr Martin <claire.martin@medecin.mssante.fr>")
    );
}

#[test]
fn structured_subjects() {
    assert_eq!(
        structured_subject("XDM/1.0/DDM+Compte rendu DUPONT Jérôme 20240315"),
        Some("Compte rendu DUPONT Jérôme 20240315")
    );
    assert_eq!(structured_subject("  xdm/1.0/ddm+CR"), Some("CR"));
    assert_eq!(structured_subject("RE: XDM/1.0/DDM+CR"), None);
    assert_eq!(structured_subject("XDM/1.0"), None);
    assert_eq!(structured_subject("Résultats"), None);
}

#[test]
fn address_display() {
    let named = Address {
        name: Some("Dr Claire Martin".into()),
        email: "claire.martin@medecin.mssante.fr".into(),
    };
    assert_eq!(
        named.display(),
        "Dr Claire Martin <claire.martin@medecin.mssante.fr>"
    );
    let bare = Address {
        name: None,
        email: "cardio@ch-exemple.mssante.fr".into(),
    };
    assert_eq!(bare.display(), "cardio@ch-exemple.mssante.fr");
}

#[test]
fn a_panicking_parser_falls_back_to_a_header_scan() {
    fn panicking(_: &[u8]) -> Option<ParsedMessage> {
        panic!("injected parser failure");
    }
    let raw = mail(&format!(
        "{HEAD}Subject: =?UTF-8?Q?Apr=C3=A8s?= crash\n\nCorps.\n"
    ));
    let parsed = parse_with(&raw, panicking);
    assert_eq!(parsed.subject, "=?UTF-8?Q?Apr=C3=A8s?= crash");
    assert_eq!(
        parsed.message_id.as_deref(),
        Some("123.abc@medecin.mssante.fr")
    );
    assert_eq!(parsed.date, Some(1_710_231_300));
    assert_eq!(
        parsed.from.map(|a| a.email).as_deref(),
        Some("claire.martin@medecin.mssante.fr")
    );
    assert_eq!(parsed.body_text, "");
    assert_eq!(parsed.problems.len(), 1);
    assert!(parsed.problems[0].contains("parser failed"));
}

#[test]
fn a_parser_that_finds_nothing_falls_back_too() {
    let parsed = parse_with(b"Subject: x\r\n\r\n", |_| None);
    assert_eq!(parsed.subject, "x");
    assert_eq!(parsed.problems, ["no parseable header"]);
}


fn unterminated_multipart() -> Vec<u8> {
    b"From: a@b.test\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
      --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLe compte rendu op\xc3\xa9ratoire est joint.\r\nCordialement.\r\n"
        .to_vec()
}

/// A text part inside `levels` multiparts, each closed properly.
fn deeply_nested(levels: usize) -> Vec<u8> {
    let mut m = String::from("From: a@b.test\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"n0\"\r\n\r\n");
    for i in 0..levels {
        m.push_str(&format!("--n{i}\r\nContent-Type: multipart/mixed; boundary=\"n{}\"\r\n\r\n", i + 1));
    }
    m.push_str(&format!("--n{levels}\r\nContent-Type: text/plain\r\n\r\nFond du puits radiologique.\r\n--n{levels}--\r\n"));
    for i in (0..levels).rev() {
        m.push_str(&format!("--n{i}--\r\n"));
    }
    m.into_bytes()
}

fn shown_body(raw: &[u8]) -> String {
    let options = display::DisplayOptions { message_id: 1, base: "mailview://x/", allow_remote: false };
    display::display(raw, &options).document
}

#[test]
fn a_multipart_that_never_closes_shows_and_indexes_its_text_not_a_nameless_file() {
    let raw = unterminated_multipart();
    let p = parse(&raw);
    assert!(p.body_text.contains("compte rendu opératoire"), "{:?}", p.body_text);
    assert!(p.attachments.is_empty(), "no nameless attachment: {:?}", p.attachments);
    assert!(!p.has_attachments);
    assert!(shown_body(&raw).contains("Le compte rendu opératoire est joint."));
    assert!(display::attachment_part(&raw, 0).is_none(), "the reader offers no file either");
}

#[test]
fn text_nested_beyond_the_structure_limit_is_shown_and_indexed() {
    for levels in [40, 150] {
        let raw = deeply_nested(levels);
        let p = parse(&raw);
        assert_eq!(p.body_text, "Fond du puits radiologique.", "{levels} levels");
        assert!(p.problems.iter().any(|problem| problem.contains("nesting")), "the limit is kept and noted");
        assert!(shown_body(&raw).contains("Fond du puits radiologique."));
    }
}

#[test]
fn a_named_text_file_stays_an_attachment() {
    let raw = b"From: a@b.test\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
        Content-Type: text/plain\r\n\r\nCorps.\r\n--b\r\nContent-Type: text/plain; name=\"notes.txt\"\r\n\
        Content-Disposition: attachment; filename=\"notes.txt\"\r\n\r\nNotes jointes.\r\n--b--\r\n";
    let p = parse(raw);
    assert_eq!(p.body_text, "Corps.");
    assert_eq!(p.attachments.len(), 1);
    assert_eq!(p.attachments[0].name.as_deref(), Some("notes.txt"));
}
