use crate::Lang;
use super::{patient, pro};
use crate::compose::*;
use crate::patient::InsError;

fn problems(composition: &Composition, account: AccountKind) -> Vec<ComposeProblem> {
    validate(composition, account, None)
        .err()
        .unwrap_or_default()
}

fn addresses(n: usize, domain: &str) -> Vec<String> {
    (0..n).map(|i| format!("medecin{i}@{domain}")).collect()
}

#[test]
fn a_complete_pro_message_passes() {
    assert_eq!(validate(&pro(), AccountKind::Medimail, None), Ok(()));
    let mut with_cc = pro();
    with_cc.cc = vec!["Service Cardiologie <cardio@ch-exemple.mssante.fr>".into()];
    assert_eq!(
        validate(&with_cc, AccountKind::Interne, Some(10_000_000)),
        Ok(())
    );
}

#[test]
fn to_and_subject_are_required() {
    let mut c = pro();
    c.to = vec!["  ".into()];
    c.subject = " \t ".into();
    assert_eq!(
        problems(&c, AccountKind::Personnel),
        [ComposeProblem::MissingTo, ComposeProblem::MissingSubject]
    );
    assert_eq!(
        ComposeProblem::MissingTo.text().say(Lang::Fr),
        "Le champ À est obligatoire."
    );
}

#[test]
fn forty_recipients_with_copies_pass_and_forty_one_do_not() {
    let mut c = pro();
    c.to = addresses(30, "ch-exemple.mssante.fr");
    c.cc = addresses(10, "clinique.mssante.fr");
    assert_eq!(validate(&c, AccountKind::Personnel, None), Ok(()));

    // The same address twice is one recipient.
    c.cc.push("MEDECIN3@ch-exemple.mssante.fr".into());
    assert_eq!(validate(&c, AccountKind::Personnel, None), Ok(()));

    c.cc.push("un.de.plus@clinique.mssante.fr".into());
    let found = problems(&c, AccountKind::Personnel);
    assert_eq!(found, [ComposeProblem::TooManyRecipients { count: 41 }]);
    assert_eq!(
        found[0].text().say(Lang::Fr),
        "41 destinataires : 40 au maximum, copies comprises."
    );
    assert_eq!(
        found[0].text().say(Lang::En),
        "41 recipients: 40 at most, copies included."
    );
}

#[test]
fn each_invalid_address_is_named() {
    let mut c = pro();
    c.to = vec![
        "secretariat@ch-exemple.mssante.fr".into(),
        "jean.dupont@".into(),
        "pas une adresse".into(),
    ];
    c.cc = vec!["interne@chu".into(), "a@b@c.fr".into()];
    let found = problems(&c, AccountKind::Personnel);
    let named: Vec<&str> = found
        .iter()
        .map(|p| match p {
            ComposeProblem::InvalidAddress { address } => address.as_str(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        named,
        ["jean.dupont@", "pas une adresse", "interne@chu", "a@b@c.fr"]
    );
    assert_eq!(found[0].text().say(Lang::Fr), "Adresse invalide : jean.dupont@");
}

#[test]
fn a_field_may_hold_several_addresses_and_quoted_names() {
    let mut c = pro();
    c.to = vec![
        "exemple@adresse.fr,exemple2@adresse.fr; \"Martin, Claire\" <c.martin@medecin.mssante.fr>"
            .into(),
    ];
    c.cc = vec!["exemple@adresse.fr, ,".into()];
    assert_eq!(validate(&c, AccountKind::Personnel, None), Ok(()));

    let many: Vec<String> = (0..41).map(|i| format!("m{i}@x.fr")).collect();
    c.to = vec![many.join(",")];
    c.cc.clear();
    assert_eq!(
        problems(&c, AccountKind::Personnel),
        [ComposeProblem::TooManyRecipients { count: 41 }]
    );
}

#[test]
fn a_patient_address_belongs_in_a_patient_message() {
    let mut c = pro();
    c.cc = vec!["279035121518989@patient.mssante.fr".into()];
    let found = problems(&c, AccountKind::Personnel);
    assert_eq!(
        found,
        [ComposeProblem::PatientAddressInPro {
            address: "279035121518989@patient.mssante.fr".into()
        }]
    );
    assert!(found[0].text().say(Lang::Fr).contains("Nouveau message Patient"));
}

#[test]
fn only_rpps_and_organisational_accounts_write_to_patients() {
    for kind in [AccountKind::Personnel, AccountKind::Organisationnel] {
        assert_eq!(validate(&patient(), kind, None), Ok(()), "{kind:?}");
    }
    for kind in [AccountKind::Medimail, AccountKind::Interne] {
        let found = problems(&patient(), kind);
        assert_eq!(
            found,
            [ComposeProblem::AccountCannotWriteToPatients { account: kind }]
        );
        let fr = found[0].text().say(Lang::Fr);
        assert!(
            fr.contains("RPPS") && fr.contains("boîte organisationnelle"),
            "{fr}"
        );
        assert!(found[0].text().say(Lang::En).contains("organisational mailbox"));
    }
}

#[test]
fn a_patient_message_has_exactly_one_patient_and_no_copy() {
    let mut c = patient();
    c.patient_ins = None;
    assert_eq!(
        problems(&c, AccountKind::Personnel),
        [ComposeProblem::MissingPatient]
    );

    c.patient_ins = Some("279035121518989, 146026322000196".into());
    assert_eq!(
        problems(&c, AccountKind::Personnel),
        [ComposeProblem::OnePatientOnly]
    );

    c.patient_ins = Some("279035121518989".into());
    c.to = vec!["146026322000196@patient.mssante.fr".into()];
    assert_eq!(
        problems(&c, AccountKind::Personnel),
        [ComposeProblem::OnePatientOnly]
    );

    // The same patient given twice (INS typed, address from a reply) is one patient.
    c.to = vec!["279035121518989@patient.mssante.fr".into()];
    assert_eq!(validate(&c, AccountKind::Personnel, None), Ok(()));
    c.patient_ins = None;
    assert_eq!(validate(&c, AccountKind::Personnel, None), Ok(()));

    let mut c = patient();
    c.cc = vec!["confrere@ch-exemple.mssante.fr".into()];
    let found = problems(&c, AccountKind::Personnel);
    assert_eq!(found, [ComposeProblem::NoCcForPatient]);
    assert!(found[0].text().say(Lang::Fr).contains("copie"));
}

#[test]
fn the_ins_errors_reach_the_window() {
    let mut c = patient();
    c.patient_ins = Some("288091234567823".into());
    let found = problems(&c, AccountKind::Personnel);
    assert_eq!(
        found,
        [ComposeProblem::Ins {
            error: InsError::BadKey {
                expected: 94,
                found: 23
            }
        }]
    );
    assert!(found[0]
        .text().say(Lang::Fr)
        .contains("Clé incorrecte : attendue 94"));

    c.patient_ins = Some("7790351215189".into());
    let found = problems(&c, AccountKind::Personnel);
    assert_eq!(
        found,
        [ComposeProblem::Ins {
            error: InsError::Provisional
        }]
    );
    assert!(found[0].text().say(Lang::Fr).contains("NNP"));
}

#[test]
fn all_problems_come_together() {
    let c = Composition {
        mode: ComposeMode::Patient,
        from: Sender {
            address: "interne@".into(),
            name: None,
        },
        patient_ins: Some("279035121518988".into()),
        cc: vec!["x@y.fr".into()],
        attachments: vec![Attachment {
            file_name: "scanner.dcm".into(),
            mime_type: "application/dicom".into(),
            content: vec![0; 20_000_000],
            inline_content_id: None,
        }],
        ..Composition::default()
    };
    let found = validate(&c, AccountKind::Interne, Some(15_000_000)).unwrap_err();
    let kinds: Vec<&str> = found
        .iter()
        .map(|p| match p {
            ComposeProblem::InvalidSender { .. } => "sender",
            ComposeProblem::AccountCannotWriteToPatients { .. } => "account",
            ComposeProblem::Ins { .. } => "ins",
            ComposeProblem::NoCcForPatient => "cc",
            ComposeProblem::MissingSubject => "subject",
            ComposeProblem::PatientTooLarge { .. } => "patient size",
            ComposeProblem::TooLarge { .. } => "server size",
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "sender",
            "account",
            "ins",
            "cc",
            "subject",
            "patient size",
            "server size"
        ]
    );
}

#[test]
fn size_limits_say_the_size_and_the_limit() {
    let mut c = patient();
    c.attachments.push(Attachment {
        file_name: "irm.pdf".into(),
        mime_type: "application/pdf".into(),
        content: vec![7; 18_500_000],
        inline_content_id: None,
    });
    let found = problems(&c, AccountKind::Organisationnel);
    let [ComposeProblem::PatientTooLarge { size, limit }] = found.as_slice() else {
        panic!("{found:?}");
    };
    assert_eq!(*limit, PATIENT_SIZE_LIMIT);
    assert!(*size > 24_600_000 && *size < 25_500_000, "{size}");
    assert!(
        found[0]
            .text().say(Lang::Fr)
            .ends_with(": 25 Mo au maximum pour un patient."),
        "{}",
        found[0].text().say(Lang::Fr)
    );
    assert!(
        found[0].text().say(Lang::Fr).starts_with("Message de 25,"),
        "{}",
        found[0].text().say(Lang::Fr)
    );

    let mut c = pro();
    c.attachments.push(Attachment {
        file_name: "echo.mp4".into(),
        mime_type: "video/mp4".into(),
        content: vec![1; 9_000_000],
        inline_content_id: None,
    });
    assert_eq!(validate(&c, AccountKind::Personnel, None), Ok(()));
    assert_eq!(
        validate(&c, AccountKind::Personnel, Some(0)),
        Ok(()),
        "SIZE 0 means no limit"
    );
    let found = problems_with_limit(&c, 10_240_000);
    assert_eq!(found.len(), 1);
    assert!(matches!(
        found[0],
        ComposeProblem::TooLarge {
            limit: 10_240_000,
            ..
        }
    ));
    assert_eq!(
        found[0].text().say(Lang::Fr),
        "Message de 12,3 Mo : le serveur accepte 10,2 Mo au maximum."
    );
    assert_eq!(
        found[0].text().say(Lang::En),
        "The message is 12.3 MB: the server accepts 10.2 MB at most."
    );
}

fn problems_with_limit(c: &Composition, limit: u64) -> Vec<ComposeProblem> {
    validate(c, AccountKind::Personnel, Some(limit)).unwrap_err()
}

#[test]
fn an_invalid_sender_is_named() {
    let mut c = pro();
    c.from.address = "claire.martin".into();
    assert_eq!(
        problems(&c, AccountKind::Personnel),
        [ComposeProblem::InvalidSender {
            address: "claire.martin".into()
        }]
    );
}

#[test]
fn problems_cross_to_the_ui_and_the_engine() {
    let json = serde_json::to_value(ComposeProblem::TooManyRecipients { count: 41 }).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"kind": "too_many_recipients", "count": 41})
    );
    let json = serde_json::to_value(ComposeProblem::Ins {
        error: InsError::BadKey {
            expected: 89,
            found: 88,
        },
    })
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!({"kind": "ins", "error": {"kind": "bad_key", "expected": 89, "found": 88}})
    );
    let json = serde_json::to_value(ComposeProblem::AccountCannotWriteToPatients {
        account: AccountKind::Medimail,
    })
    .unwrap();
    assert_eq!(json["account"], "medimail");

    let explained = explain(&[ComposeProblem::MissingTo]);
    assert_eq!(explained[0].text.say(Lang::Fr), "Le champ À est obligatoire.");
    assert_eq!(explained[0].text.say(Lang::En), "The To field is required.");

    let err = crate::EngineError::from(vec![
        ComposeProblem::MissingTo,
        ComposeProblem::MissingSubject,
    ]);
    assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
    assert!(err
        .to_string()
        .contains("The To field is required. The subject is required."));
}

#[test]
fn a_composition_travels_as_json_with_its_files() {
    let mut c = pro();
    c.attachments.push(Attachment {
        file_name: "compte-rendu échographie.pdf".into(),
        mime_type: "application/pdf".into(),
        content: b"%PDF-1.7\n\x00\xff".to_vec(),
        inline_content_id: None,
    });
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["mode"], "pro");
    assert_eq!(json["attachments"][0]["content"], "JVBERi0xLjcKAP8=");
    let back: Composition = serde_json::from_value(json).unwrap();
    assert_eq!(back, c);
}
