use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mail_parser::{MessageParser, MimeHeaders};

use super::{header, headers, patient, pro};
use crate::compose::*;
use crate::mime;

/// Wed 12 March 2025, 14:44 UTC (15:44 in Paris).
const NOW: u64 = 1_741_790_640;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

fn built(composition: &Composition) -> BuiltMessage {
    build(composition, now(), "medimail-desktop.example").unwrap()
}

fn pdf(name: &str) -> Attachment {
    Attachment {
        file_name: name.into(),
        mime_type: "application/pdf".into(),
        content: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec(),
        inline_content_id: None,
    }
}

fn logo() -> Attachment {
    Attachment {
        file_name: "logo.png".into(),
        mime_type: "image/png".into(),
        content: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(),
        inline_content_id: Some("logo@cabinet".into()),
    }
}

/// The content types of every part, depth first, as mail-parser sees them.
fn structure(raw: &[u8]) -> Vec<String> {
    let message = MessageParser::default().parse(raw).unwrap();
    message
        .parts
        .iter()
        .map(|part| {
            let ct = part.content_type().unwrap();
            format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")).to_lowercase()
        })
        .collect()
}

#[test]
fn a_plain_pro_message() {
    let message = built(&pro());
    assert_eq!(message.size, message.raw.len() as u64);
    assert!(message.raw.is_ascii(), "everything is encoded for the wire");
    assert_eq!(message.envelope_from, "claire.martin@medecin.mssante.fr");
    assert_eq!(message.envelope_to, ["secretariat@ch-exemple.mssante.fr"]);

    let (local, domain) = message.message_id.split_once('@').unwrap();
    assert_eq!(domain, "medimail-desktop.example");
    assert_eq!(local.len(), 36, "a UUID");
    assert_eq!(
        header(&message.raw, "Message-ID"),
        Some(format!("<{}>", message.message_id))
    );
    assert_eq!(header(&message.raw, "MIME-Version").as_deref(), Some("1.0"));
    assert!(header(&message.raw, "Content-Type")
        .unwrap()
        .contains("charset=utf-8"));
    for absent in [
        "Disposition-Notification-To",
        "X-MSS-MES",
        "In-Reply-To",
        "References",
        "Cc",
        "Bcc",
    ] {
        assert_eq!(header(&message.raw, absent), None, "{absent}");
    }

    let parsed = mime::parse(&message.raw);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(
        parsed.message_id.as_deref(),
        Some(message.message_id.as_str())
    );
    assert_eq!(parsed.date, Some(NOW as i64));
    assert_eq!(parsed.subject, "Compte rendu");
    assert_eq!(
        parsed.from.as_ref().map(mime::Address::display).as_deref(),
        Some("Dr Claire Martin <claire.martin@medecin.mssante.fr>")
    );
    assert_eq!(parsed.to[0].email, "secretariat@ch-exemple.mssante.fr");
    assert_eq!(
        parsed.body_text.replace("\r\n", "\n").trim_end(),
        "Cher confrère,\n\nVoici le compte rendu."
    );
    assert_eq!(structure(&message.raw), ["text/plain"]);
}

#[test]
fn each_message_gets_its_own_id() {
    assert_ne!(built(&pro()).message_id, built(&pro()).message_id);
}

#[test]
fn the_message_id_falls_back_to_the_sender_domain() {
    for domain in ["", "  ", "pas un domaine!", "<x>"] {
        let message = build(&pro(), now(), domain).unwrap();
        assert!(
            message.message_id.ends_with("@medecin.mssante.fr"),
            "{domain:?}"
        );
    }
}

#[test]
fn french_subject_and_names_survive_the_trip() {
    let mut c = pro();
    c.from.name = Some("Dr Élodie Noël".into());
    c.subject = "Résultats d'échographie – « urgent »".into();
    c.to = vec!["\"Secrétariat, Cardiologie\" <secretariat@ch-exemple.mssante.fr>".into()];
    let message = built(&c);
    assert!(message.raw.is_ascii());
    let parsed = mime::parse(&message.raw);
    assert_eq!(parsed.subject, "Résultats d'échographie – « urgent »");
    assert_eq!(parsed.from.unwrap().name.as_deref(), Some("Dr Élodie Noël"));
    assert_eq!(
        parsed.to[0].name.as_deref(),
        Some("Secrétariat, Cardiologie")
    );
}

#[test]
fn a_pasted_line_break_cannot_add_a_header() {
    let mut c = pro();
    c.subject = "Objet\r\nBcc: espion@example.com".into();
    c.from.name = Some("Dr X\nX-Injected: yes".into());
    let message = built(&c);
    let names: Vec<String> = headers(&message.raw)
        .into_iter()
        .map(|(n, _)| n.to_lowercase())
        .collect();
    assert!(
        !names.contains(&"bcc".to_owned()) && !names.contains(&"x-injected".to_owned()),
        "{names:?}"
    );
    assert_eq!(
        mime::parse(&message.raw).subject,
        "Objet Bcc: espion@example.com"
    );
}

#[test]
fn html_comes_with_a_text_alternative() {
    let mut c = pro();
    c.body_html = Some("<p>Cher confrère,</p><p>Voici le <b>compte rendu</b>.</p>".into());
    let message = built(&c);
    assert_eq!(
        structure(&message.raw),
        ["multipart/alternative", "text/plain", "text/html"]
    );
    let parsed = MessageParser::default().parse(&message.raw).unwrap();
    assert!(parsed.body_html(0).unwrap().contains("<b>compte rendu</b>"));
    assert!(parsed
        .body_text(0)
        .unwrap()
        .contains("Voici le compte rendu."));

    // No text typed: the alternative is made from the HTML.
    c.body_text.clear();
    let message = built(&c);
    let parsed = MessageParser::default().parse(&message.raw).unwrap();
    let text = parsed.body_text(0).unwrap();
    assert!(
        text.contains("compte rendu") && !text.contains("<b>"),
        "{text}"
    );
}

#[test]
fn inline_images_sit_with_the_html_in_a_related_part() {
    let mut c = pro();
    c.body_html = Some("<p>Bonjour</p><img src=\"cid:logo@cabinet\">".into());
    c.attachments = vec![logo(), pdf("ordonnance.pdf")];
    let message = built(&c);
    assert_eq!(
        structure(&message.raw),
        [
            "multipart/mixed",
            "multipart/alternative",
            "text/plain",
            "multipart/related",
            "text/html",
            "image/png",
            "application/pdf"
        ]
    );
    let parsed = mime::parse(&message.raw);
    let image = parsed
        .attachments
        .iter()
        .find(|a| a.mime_type == "image/png")
        .unwrap();
    assert!(image.is_inline);
    assert_eq!(image.content_id.as_deref(), Some("logo@cabinet"));
    let file = parsed
        .attachments
        .iter()
        .find(|a| a.mime_type == "application/pdf")
        .unwrap();
    assert!(!file.is_inline);
    assert!(parsed.has_attachments);
}

#[test]
fn without_html_an_inline_image_is_a_plain_attachment() {
    let mut c = pro();
    c.attachments = vec![logo()];
    let message = built(&c);
    assert_eq!(
        structure(&message.raw),
        ["multipart/mixed", "text/plain", "image/png"]
    );
    let parsed = mime::parse(&message.raw);
    assert_eq!(parsed.attachments[0].name.as_deref(), Some("logo.png"));
}

#[test]
fn french_file_names_are_encoded_and_come_back() {
    let name = "compte-rendu échographie.pdf";
    let mut c = pro();
    c.attachments = vec![pdf(name)];
    let message = built(&c);
    assert!(message.raw.is_ascii());
    let text = String::from_utf8_lossy(&message.raw);
    assert!(
        text.contains("filename*"),
        "RFC 2231 parameter expected:\n{text}"
    );

    let parsed = mime::parse(&message.raw);
    assert_eq!(parsed.attachments.len(), 1);
    let attachment = &parsed.attachments[0];
    assert_eq!(attachment.name.as_deref(), Some(name));
    assert_eq!(attachment.mime_type, "application/pdf");
    assert_eq!(attachment.size, pdf(name).content.len() as u64);

    // The same name as Content-Type `name`, for clients that ignore RFC 2231.
    let parsed = MessageParser::default().parse(&message.raw).unwrap();
    let part = parsed.attachments().next().unwrap();
    assert_eq!(part.content_type().unwrap().attribute("name"), Some(name));
    assert!(text.contains("name=\"=?utf-8?b?"), "{text}");

    let long = "Compte rendu opératoire détaillé du service de chirurgie orthopédique – Hôpital Saint-Éloi – mars 2025.pdf";
    c.attachments = vec![pdf(long)];
    let message = built(&c);
    let parsed = mime::parse(&message.raw);
    assert_eq!(parsed.attachments[0].name.as_deref(), Some(long));
    let parsed = MessageParser::default().parse(&message.raw).unwrap();
    let part = parsed.attachments().next().unwrap();
    assert_eq!(part.content_type().unwrap().attribute("name"), Some(long));
    assert!(String::from_utf8_lossy(&message.raw)
        .lines()
        .all(|l| l.len() <= 998));
}

#[test]
fn a_file_the_window_could_not_type_is_typed_by_its_name() {
    let mut c = pro();
    c.attachments = vec![
        Attachment { file_name: "Compte rendu.PDF".into(), mime_type: "".into(), content: b"%PDF-1.4".to_vec(), inline_content_id: None },
        Attachment {
            file_name: "radio.png".into(),
            mime_type: "application/octet-stream".into(),
            content: vec![0x89, b'P', b'N', b'G'],
            inline_content_id: None,
        },
    ];
    let message = built(&c);
    let parsed = MessageParser::default().parse(&message.raw).unwrap();
    let files: Vec<_> = parsed.attachments().collect();
    assert!(files[0].is_content_type("application", "pdf"));
    assert!(files[1].is_content_type("image", "png"));
}

#[test]
fn files_of_any_type_come_back_byte_for_byte() {
    let binary: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let text_with_lf = b"ligne 1\nligne 2\n\nfin sans CRLF\n".to_vec();
    let mut c = pro();
    c.attachments = vec![
        Attachment {
            file_name: "C:\\Documents\\examen.dcm".into(),
            mime_type: "application/dicom".into(),
            content: binary.clone(),
            inline_content_id: None,
        },
        Attachment {
            file_name: "notes.txt".into(),
            mime_type: "text/plain".into(),
            content: text_with_lf.clone(),
            inline_content_id: None,
        },
        Attachment {
            file_name: "".into(),
            mime_type: "pas un type".into(),
            content: vec![1, 2, 3],
            inline_content_id: None,
        },
    ];
    let message = built(&c);
    let parsed = MessageParser::default().parse(&message.raw).unwrap();
    let files: Vec<_> = parsed.attachments().collect();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0].attachment_name(), Some("examen.dcm"));
    assert_eq!(files[0].contents(), binary.as_slice());
    assert_eq!(files[1].contents(), text_with_lf.as_slice());
    assert_eq!(files[2].attachment_name(), Some("piece-jointe"));
    assert!(files[2].is_content_type("application", "octet-stream"));
}

#[test]
fn a_patient_message_goes_to_the_ins_with_a_receipt_request() {
    let message = built(&patient());
    assert_eq!(message.envelope_to, ["279035121518989@patient.mssante.fr"]);
    assert_eq!(
        header(&message.raw, "To").as_deref(),
        Some("279035121518989@patient.mssante.fr")
    );
    assert_eq!(
        header(&message.raw, "Disposition-Notification-To").as_deref(),
        Some("<claire.martin@medecin.mssante.fr>")
    );
    assert_eq!(header(&message.raw, "X-MSS-MES"), None);
    let parsed = mime::parse(&message.raw);
    assert_eq!(
        parsed
            .disposition_notification_to
            .map(|a| a.email)
            .as_deref(),
        Some("claire.martin@medecin.mssante.fr")
    );

    let mut closing = patient();
    closing.close_exchange = true;
    closing.request_read_receipt = false;
    let message = built(&closing);
    assert_eq!(header(&message.raw, "X-MSS-MES").as_deref(), Some("FIN"));
    assert!(header(&message.raw, "Disposition-Notification-To").is_some());
}

#[test]
fn close_exchange_means_nothing_to_a_professional() {
    let mut c = pro();
    c.close_exchange = true;
    assert_eq!(header(&built(&c).raw, "X-MSS-MES"), None);
}

#[test]
fn a_pro_message_asks_for_a_receipt_only_when_told() {
    let mut c = pro();
    c.request_read_receipt = true;
    let message = built(&c);
    assert_eq!(
        header(&message.raw, "Disposition-Notification-To").as_deref(),
        Some("<claire.martin@medecin.mssante.fr>")
    );
}

#[test]
fn replies_carry_the_thread() {
    let mut c = pro();
    c.in_reply_to = Some("<prev@ch-exemple.mssante.fr>".into());
    c.references = vec![
        "root@ch-exemple.mssante.fr".into(),
        "prev@ch-exemple.mssante.fr".into(),
    ];
    let message = built(&c);
    assert_eq!(
        header(&message.raw, "In-Reply-To").as_deref(),
        Some("<prev@ch-exemple.mssante.fr>")
    );
    let parsed = mime::parse(&message.raw);
    assert_eq!(parsed.in_reply_to, ["prev@ch-exemple.mssante.fr"]);
    assert_eq!(
        parsed.references,
        ["root@ch-exemple.mssante.fr", "prev@ch-exemple.mssante.fr"]
    );

    // The parent is always the last reference, even when the chain forgot it.
    c.references = vec![
        "prev@ch-exemple.mssante.fr".into(),
        "root@ch-exemple.mssante.fr".into(),
    ];
    let parsed = mime::parse(&built(&c).raw);
    assert_eq!(
        parsed.references,
        ["root@ch-exemple.mssante.fr", "prev@ch-exemple.mssante.fr"]
    );

    // A very long thread keeps its root and its latest messages.
    c.references = (0..50).map(|i| format!("m{i}@x.fr")).collect();
    c.in_reply_to = Some("m49@x.fr".into());
    let parsed = mime::parse(&built(&c).raw);
    assert_eq!(parsed.references.len(), 20);
    assert_eq!(parsed.references[0], "m0@x.fr");
    assert_eq!(parsed.references[19], "m49@x.fr");
    assert_eq!(parsed.references[1], "m31@x.fr");
}

#[test]
fn the_envelope_names_every_recipient_once() {
    let mut c = pro();
    c.to = vec!["a@x.fr, b@x.fr".into()];
    c.cc = vec!["B@x.fr".into(), "c@x.fr".into()];
    let message = built(&c);
    assert_eq!(message.envelope_to, ["a@x.fr", "b@x.fr", "c@x.fr"]);
    let parsed = mime::parse(&message.raw);
    assert_eq!(parsed.to.len(), 2);
    assert_eq!(parsed.cc.len(), 2);
}

#[test]
fn what_cannot_be_built_is_refused() {
    let mut c = pro();
    c.to.clear();
    assert!(matches!(
        build(&c, now(), ""),
        Err(BuildError::Invalid(ComposeProblem::MissingTo))
    ));
    c.to = vec!["pas une adresse".into()];
    assert!(matches!(
        build(&c, now(), ""),
        Err(BuildError::Invalid(ComposeProblem::InvalidAddress { .. }))
    ));
    let mut c = patient();
    c.patient_ins = Some("779035121518989".into());
    assert!(matches!(
        build(&c, now(), ""),
        Err(BuildError::Invalid(ComposeProblem::Ins { .. }))
    ));
    let mut c = pro();
    c.from.address = "personne".into();
    let err = build(&c, now(), "").unwrap_err();
    assert_eq!(
        crate::EngineError::from(err).code(),
        crate::ErrorCode::InvalidInput
    );
}

#[test]
fn the_estimate_is_never_below_the_built_size() {
    let mut big = pro();
    big.body_html = Some("<p>é</p>".repeat(5000));
    big.attachments = vec![
        logo(),
        pdf("compte-rendu échographie.pdf"),
        Attachment {
            file_name: "scanner.bin".into(),
            mime_type: "application/octet-stream".into(),
            content: vec![0xAB; 3_000_001],
            inline_content_id: None,
        },
    ];
    let mut many = pro();
    many.to = (0..40)
        .map(|i| format!("\"Docteur Numéro {i}\" <medecin{i}@ch-exemple.mssante.fr>"))
        .collect();
    for c in [pro(), patient(), big, many] {
        let size = built(&c).size;
        let estimate = estimated_size(&c);
        assert!(estimate >= size, "estimate {estimate} < built {size}");
        assert!(
            estimate < size + size / 5 + 10_000,
            "estimate {estimate} far above built {size}"
        );
    }
}
