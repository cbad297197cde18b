use std::time::{Duration, UNIX_EPOCH};

use chrono::FixedOffset;

use super::{mail, pro};
use crate::compose::quote::marked;
use crate::compose::*;
use crate::mime;

const ME: &str = "claire.martin@medecin.mssante.fr";

fn paris() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

fn original() -> Vec<u8> {
    mail(
        "From: \"Dr Nadège Vives\" <nadege.vives@esante-occitanie.fr>
To: claire.martin@medecin.mssante.fr, \"Secrétariat, Cardio\" <secretariat@ch-exemple.mssante.fr>
Cc: cardio@ch-exemple.mssante.fr, Claire.Martin@medecin.mssante.fr
Date: Wed, 12 Mar 2025 15:44:00 +0100
Message-ID: <orig@esante-occitanie.fr>
In-Reply-To: <root@ch-exemple.mssante.fr>
References: <root@ch-exemple.mssante.fr>
Subject: Re: RE: AW: Compte rendu
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bonjour,
> votre question d'hier
Le résultat est <normal> & rassurant.
",
    )
}

#[test]
fn a_reply_goes_to_the_sender_and_quotes_the_original() {
    let c = reply_in(&original(), ME, false, &paris());
    assert_eq!(c.mode, ComposeMode::Pro);
    assert_eq!(c.from.address, ME);
    assert_eq!(c.to, ["Dr Nadège Vives <nadege.vives@esante-occitanie.fr>"]);
    assert!(c.cc.is_empty());
    assert_eq!(c.subject, "RE: Compte rendu");
    assert_eq!(c.in_reply_to.as_deref(), Some("orig@esante-occitanie.fr"));
    assert_eq!(
        c.references,
        ["root@ch-exemple.mssante.fr", "orig@esante-occitanie.fr"]
    );
    assert!(!c.request_read_receipt && !c.close_exchange);

    let header = "Le mer. 12 mars 2025 à 15:44, Dr Nadège Vives <nadege.vives@esante-occitanie.fr> a écrit :";
    let expected = format!(
        "\n\n{header}\n> Bonjour,\n>> votre question d'hier\n> Le résultat est <normal> & rassurant.\n"
    );
    assert_eq!(c.body_text, expected);
    let html = c.body_html.as_deref().unwrap();
    assert!(html.contains("<blockquote type=\"cite\">"), "{html}");
    assert!(html.contains("&gt; votre question d&#x27;hier"), "{html}");
    assert!(
        html.contains("Le résultat est &lt;normal&gt; &amp; rassurant."),
        "{html}"
    );
    assert!(html.contains("Dr Nadège Vives &lt;nadege.vives@esante-occitanie.fr&gt; a écrit :"));
    assert!(validate(&c, AccountKind::Personnel, None).is_ok());
}

#[test]
fn reply_all_drops_me_and_duplicates() {
    let c = reply_in(
        &original(),
        "  CLAIRE.MARTIN@medecin.mssante.fr ",
        true,
        &paris(),
    );
    assert_eq!(
        c.to,
        [
            "Dr Nadège Vives <nadege.vives@esante-occitanie.fr>",
            "\"Secrétariat, Cardio\" <secretariat@ch-exemple.mssante.fr>"
        ]
    );
    assert_eq!(c.cc, ["cardio@ch-exemple.mssante.fr"]);
    let mut ready = c.clone();
    ready.from.address = ME.into();
    assert!(validate(&ready, AccountKind::Personnel, None).is_ok());
    let built = build(&ready, UNIX_EPOCH + Duration::from_secs(1_741_800_000), "").unwrap();
    assert_eq!(
        built.envelope_to,
        [
            "nadege.vives@esante-occitanie.fr",
            "secretariat@ch-exemple.mssante.fr",
            "cardio@ch-exemple.mssante.fr"
        ]
    );
    let parsed = mime::parse(&built.raw);
    assert_eq!(parsed.in_reply_to, ["orig@esante-occitanie.fr"]);
    assert_eq!(
        parsed.references,
        ["root@ch-exemple.mssante.fr", "orig@esante-occitanie.fr"]
    );
    assert_eq!(parsed.subject, "RE: Compte rendu");
    assert_eq!(parsed.to[1].name.as_deref(), Some("Secrétariat, Cardio"));
}

#[test]
fn reply_to_wins_over_from() {
    let raw = mail(
        "From: robot@labo.mssante.fr
Reply-To: Biologiste <biologiste@labo.mssante.fr>
To: claire.martin@medecin.mssante.fr
Subject: Résultats
Message-ID: <r@labo>

Résultats joints.
",
    );
    let c = reply_in(&raw, ME, false, &paris());
    assert_eq!(c.to, ["Biologiste <biologiste@labo.mssante.fr>"]);
    // No Date header: the attribution has no date.
    assert!(c
        .body_text
        .starts_with("\n\nrobot@labo.mssante.fr a écrit :\n> Résultats joints."));
}

#[test]
fn replying_to_my_own_message_writes_to_its_recipients() {
    let raw = mail(
        "From: Dr Claire Martin <claire.martin@medecin.mssante.fr>
To: confrere@ch-exemple.mssante.fr
Subject: Question
Message-ID: <mine@medecin>

Une question.
",
    );
    let c = reply_in(&raw, ME, false, &paris());
    assert_eq!(c.to, ["confrere@ch-exemple.mssante.fr"]);
}

#[test]
fn a_patients_message_is_answered_as_a_patient_message() {
    let raw = mail(
        "From: 279035121518989@patient.mssante.fr
To: claire.martin@medecin.mssante.fr
Subject: Question sur mon traitement
Date: Thu, 13 Mar 2025 08:05:00 +0100
Message-ID: <q@patient.mssante.fr>

Dois-je continuer ?
",
    );
    for all in [false, true] {
        let c = reply_in(&raw, ME, all, &paris());
        assert_eq!(c.mode, ComposeMode::Patient);
        assert_eq!(c.patient_ins.as_deref(), Some("279035121518989"));
        assert!(c.to.is_empty() && c.cc.is_empty());
        assert!(c.request_read_receipt);
        assert_eq!(c.subject, "RE: Question sur mon traitement");
        assert!(c.body_text.contains(
            "Le jeu. 13 mars 2025 à 08:05, 279035121518989@patient.mssante.fr a écrit :"
        ));
        assert!(validate(&c, AccountKind::Personnel, None).is_ok());
        let built = build(&c, UNIX_EPOCH, "").unwrap();
        assert_eq!(built.envelope_to, ["279035121518989@patient.mssante.fr"]);
    }
}

#[test]
fn an_html_only_original_is_quoted_as_text() {
    let raw = mail(
        "From: a@b.fr
Subject: HTML
Message-ID: <h@b.fr>
Content-Type: text/html; charset=utf-8

<html><body><p>Premier paragraphe</p><script>alert(1)</script><p>Second</p></body></html>
",
    );
    let c = reply_in(&raw, ME, false, &paris());
    assert!(
        c.body_text.contains("> Premier paragraphe"),
        "{}",
        c.body_text
    );
    let html = c.body_html.unwrap();
    assert!(
        !html.contains("<script>") && !html.contains("<html>"),
        "{html}"
    );
}

#[test]
fn a_broken_original_still_gives_a_reply() {
    for raw in [
        &b""[..],
        b"\xff\xfe garbage \x00",
        b"Subject: RE: TR: x\r\n",
    ] {
        let c = reply(raw, ME, true);
        assert!(c.subject.starts_with("RE:"), "{:?}", c.subject);
        let f = forward(raw, true);
        assert!(f.subject.starts_with("TR:"));
        assert!(f.attachments.is_empty());
    }
    assert_eq!(reply(b"Subject: RE: TR: x\r\n", ME, false).subject, "RE: x");
}

#[test]
fn subject_markers_never_pile_up() {
    let cases = [
        ("Compte rendu", "RE: Compte rendu", "TR: Compte rendu"),
        ("RE: Compte rendu", "RE: Compte rendu", "TR: Compte rendu"),
        (
            "RE: RE: Compte rendu",
            "RE: Compte rendu",
            "TR: Compte rendu",
        ),
        ("Re: Compte rendu", "RE: Compte rendu", "TR: Compte rendu"),
        ("AW: Compte rendu", "RE: Compte rendu", "TR: Compte rendu"),
        ("TR: Compte rendu", "RE: Compte rendu", "TR: Compte rendu"),
        ("Fwd: Compte rendu", "RE: Compte rendu", "TR: Compte rendu"),
        (
            "FW: Re: Tr : Compte rendu",
            "RE: Compte rendu",
            "TR: Compte rendu",
        ),
        ("RE : Compte rendu", "RE: Compte rendu", "TR: Compte rendu"),
        (
            "Re[2]: Compte rendu",
            "RE: Compte rendu",
            "TR: Compte rendu",
        ),
        ("  re:Compte rendu", "RE: Compte rendu", "TR: Compte rendu"),
        (
            "Réf : dossier 12",
            "RE: Réf : dossier 12",
            "TR: Réf : dossier 12",
        ),
        (
            "Rendez-vous : lundi",
            "RE: Rendez-vous : lundi",
            "TR: Rendez-vous : lundi",
        ),
        ("", "RE:", "TR:"),
        ("RE:", "RE:", "TR:"),
        (
            "XDM/1.0/DDM+CR d'imagerie DUPONT Jean 20250312",
            "RE: CR d'imagerie DUPONT Jean 20250312",
            "TR: CR d'imagerie DUPONT Jean 20250312",
        ),
        (
            "RE: XDM/1.0/DDM+CR DUPONT Jean 20250312",
            "RE: CR DUPONT Jean 20250312",
            "TR: CR DUPONT Jean 20250312",
        ),
    ];
    for (original, re, tr) in cases {
        assert_eq!(marked("RE", original), re, "{original:?}");
        assert_eq!(marked("TR", original), tr, "{original:?}");
    }
}

#[test]
fn structured_subjects_display_without_their_prefix() {
    assert_eq!(
        display_subject("XDM/1.0/DDM+CR d'imagerie DUPONT Jean 20250312"),
        "CR d'imagerie DUPONT Jean 20250312"
    );
    assert_eq!(display_subject("Compte rendu"), "Compte rendu");
}

/// A message with an inline logo and two files, built by the engine itself.
fn original_with_files() -> Vec<u8> {
    let mut c = pro();
    c.cc = vec!["Service Cardiologie <cardio@ch-exemple.mssante.fr>".into()];
    c.subject = "RE: Compte rendu".into();
    c.body_html = Some("<p>Voir pièces jointes</p><img src=\"cid:logo@cabinet\">".into());
    c.body_text = "Voir pièces jointes".into();
    c.attachments = vec![
        Attachment {
            file_name: "logo.png".into(),
            mime_type: "image/png".into(),
            content: b"\x89PNG".to_vec(),
            inline_content_id: Some("logo@cabinet".into()),
        },
        Attachment {
            file_name: "compte-rendu échographie.pdf".into(),
            mime_type: "application/pdf".into(),
            content: b"%PDF-1.7 \x00\x01\x02".to_vec(),
            inline_content_id: None,
        },
        Attachment {
            file_name: "notes.txt".into(),
            mime_type: "text/plain".into(),
            content: b"ligne\nligne\n".to_vec(),
            inline_content_id: None,
        },
    ];
    build(&c, UNIX_EPOCH + Duration::from_secs(1_741_790_640), "")
        .unwrap()
        .raw
}

#[test]
fn a_forward_summarises_the_original_and_can_carry_its_files() {
    let raw = original_with_files();
    let f = forward_in(&raw, true, &paris());
    assert_eq!(f.mode, ComposeMode::Pro);
    assert_eq!(f.subject, "TR: Compte rendu");
    assert!(f.to.is_empty() && f.in_reply_to.is_none() && f.references.is_empty());
    let expected_summary = "-------- Message transféré --------
De : Dr Claire Martin <claire.martin@medecin.mssante.fr>
Date : mer. 12 mars 2025 à 15:44
À : secretariat@ch-exemple.mssante.fr
Cc : Service Cardiologie <cardio@ch-exemple.mssante.fr>
Objet : RE: Compte rendu

Voir pièces jointes";
    assert!(f.body_text.contains(expected_summary), "{}", f.body_text);
    let html = f.body_html.as_deref().unwrap();
    assert!(
        html.contains("<b>De :</b> Dr Claire Martin &lt;claire.martin@medecin.mssante.fr&gt;"),
        "{html}"
    );

    let names: Vec<&str> = f.attachments.iter().map(|a| a.file_name.as_str()).collect();
    assert_eq!(
        names,
        ["compte-rendu échographie.pdf", "notes.txt"],
        "the inline logo stays behind"
    );
    assert_eq!(f.attachments[0].mime_type, "application/pdf");
    assert_eq!(f.attachments[0].content, b"%PDF-1.7 \x00\x01\x02");
    assert_eq!(f.attachments[1].content, b"ligne\nligne\n");

    let without = forward_in(&raw, false, &paris());
    assert!(without.attachments.is_empty());

    // The forward itself builds and keeps the file names.
    let mut ready = f;
    ready.from.address = ME.into();
    ready.to = vec!["confrere@ch-exemple.mssante.fr".into()];
    let parsed = mime::parse(&build(&ready, UNIX_EPOCH, "").unwrap().raw);
    let names: Vec<_> = parsed
        .attachments
        .iter()
        .filter_map(|a| a.name.as_deref())
        .collect();
    assert_eq!(names, ["compte-rendu échographie.pdf", "notes.txt"]);
}

#[test]
fn a_forwarded_message_inside_is_carried_as_an_eml_file() {
    let raw = mail(
        "From: a@b.fr
To: c@d.fr
Subject: Pour info
Message-ID: <outer@b.fr>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=\"b1\"

--b1
Content-Type: text/plain; charset=utf-8

Voir le message joint.
--b1
Content-Type: message/rfc822

From: x@y.fr
Subject: Avis de passage
Message-ID: <inner@y.fr>

Texte interne.
--b1--
",
    );
    let f = forward_in(&raw, true, &paris());
    assert_eq!(f.attachments.len(), 1);
    assert_eq!(f.attachments[0].file_name, "Avis de passage.eml");
    assert_eq!(f.attachments[0].mime_type, "message/rfc822");
    assert!(String::from_utf8_lossy(&f.attachments[0].content).contains("Texte interne."));
}
