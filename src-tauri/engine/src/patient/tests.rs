use crate::Lang;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::*;

#[test]
fn the_reference_examples_are_valid() {
    for ins in ["279035121518989", "146026322000196"] {
        let parsed = Ins::parse(ins).unwrap();
        assert_eq!(parsed.as_str(), ins);
    }
}

#[test]
fn spaces_pasted_by_practitioners_are_ignored() {
    let ins = Ins::parse("  2 79 03 51 215 189 89 ").unwrap();
    assert_eq!(ins.as_str(), "279035121518989");
    let ins = Ins::parse("1\u{a0}46\t02 63 220 001 96").unwrap();
    assert_eq!(ins.as_str(), "146026322000196");
}

#[test]
fn the_patient_address_is_the_ins_at_the_patient_domain() {
    let ins = Ins::parse("279035121518989").unwrap();
    assert_eq!(ins.patient_address(), "279035121518989@patient.mssante.fr");
    assert_eq!(
        patient_address_ins("279035121518989@Patient.MSSante.fr"),
        Some("279035121518989")
    );
    assert_eq!(patient_address_ins("someone@ch-exemple.mssante.fr"), None);
}

#[test]
fn a_wrong_key_names_the_expected_one() {
    let err = Ins::parse("288091234567823").unwrap_err();
    assert_eq!(
        err,
        InsError::BadKey {
            expected: 94,
            found: 23
        }
    );
    assert!(
        err.text().say(Lang::Fr).starts_with("Clé incorrecte : attendue 94"),
        "{}",
        err.text().say(Lang::Fr)
    );
    assert!(err.text().say(Lang::En).contains("expected 94"));

    let err = Ins::parse("279035121518988").unwrap_err();
    assert!(err.text().say(Lang::Fr).starts_with("Clé incorrecte : attendue 89"));
}

#[test]
fn corsica_counts_2a_as_19_and_2b_as_18() {
    // Keys computed by hand: 1 85 05 19 004 123 → 56, 2 92 06 18 056 078 → 34.
    let a = Ins::parse("1 85 05 2A 004 123 56").unwrap();
    assert_eq!(a.as_str(), "185052A00412356");
    assert_eq!(a.patient_address(), "185052A00412356@patient.mssante.fr");
    Ins::parse("292062b05607834").unwrap();
    assert_eq!(expected_key("185052A004123"), Some(56));
    assert_eq!(expected_key("292062B056078"), Some(34));

    // Reading 2A as 20 would give other keys (29 and 77): those must fail.
    assert_eq!(
        Ins::parse("185052A00412329").unwrap_err(),
        InsError::BadKey {
            expected: 56,
            found: 29
        }
    );
    assert_eq!(
        Ins::parse("292062B05607877").unwrap_err(),
        InsError::BadKey {
            expected: 34,
            found: 77
        }
    );
}

#[test]
fn letters_elsewhere_than_the_corsican_department_are_refused() {
    for bad in [
        "2A9035121518989",
        "27903512151898A",
        "2790352C1518989",
        "279035A21518989",
        "2790-35121518989",
        "27903512151898é",
    ] {
        assert_eq!(Ins::parse(bad).unwrap_err(), InsError::NotDigits, "{bad}");
    }
}

#[test]
fn provisional_numbers_are_not_an_ins() {
    for nnp in [
        "7790351215189",
        "8 79 03 51 215 189",
        "779035121518989",
        "879035121518989",
    ] {
        let err = Ins::parse(nnp).unwrap_err();
        assert_eq!(err, InsError::Provisional, "{nnp}");
        assert!(
            err.text().say(Lang::Fr).contains("numéro provisoire")
                || err.text().say(Lang::Fr).contains("Numéro provisoire")
        );
        assert!(err.text().say(Lang::Fr).contains("pas un INS"));
    }
    let err = Ins::parse("2790351215189").unwrap_err();
    assert_eq!(err, InsError::MissingKey);
    assert!(err.text().say(Lang::Fr).contains("pas un INS"));
}

#[test]
fn length_sex_and_month_are_checked() {
    assert_eq!(Ins::parse("").unwrap_err(), InsError::Empty);
    assert_eq!(Ins::parse("   ").unwrap_err(), InsError::Empty);
    assert_eq!(
        Ins::parse("27903512151898").unwrap_err(),
        InsError::WrongLength { len: 14 }
    );
    assert_eq!(
        Ins::parse("2790351215189890").unwrap_err(),
        InsError::WrongLength { len: 16 }
    );
    assert_eq!(
        Ins::parse("379035121518989").unwrap_err(),
        InsError::BadSex { digit: 3 }
    );
    assert_eq!(
        Ins::parse("079035121518989").unwrap_err(),
        InsError::BadSex { digit: 0 }
    );
    for month in ["00", "13", "19", "43", "49"] {
        let digits = format!("279{month}51215189");
        let key = expected_key(&digits).unwrap();
        let err = Ins::parse(&format!("{digits}{key:02}")).unwrap_err();
        assert_eq!(
            err,
            InsError::BadMonth {
                month: month.parse().unwrap()
            },
            "{month}"
        );
    }
    for month in ["01", "12", "20", "42", "50", "99"] {
        let digits = format!("179{month}51215189");
        let key = expected_key(&digits).unwrap();
        Ins::parse(&format!("{digits}{key:02}")).unwrap();
    }
}

#[test]
fn every_error_has_both_sentences() {
    let all = [
        InsError::Empty,
        InsError::WrongLength { len: 3 },
        InsError::NotDigits,
        InsError::Provisional,
        InsError::MissingKey,
        InsError::BadSex { digit: 5 },
        InsError::BadMonth { month: 15 },
        InsError::BadKey {
            expected: 7,
            found: 8,
        },
    ];
    for err in all {
        assert!(!err.text().say(Lang::Fr).is_empty() && !err.text().say(Lang::En).is_empty());
        assert_ne!(err.text().say(Lang::Fr), err.text().say(Lang::En));
    }
    assert!(InsError::BadKey {
        expected: 7,
        found: 8
    }
    .text().say(Lang::Fr)
    .contains("attendue 07"));
}

fn random_first13(rng: &mut StdRng) -> String {
    let sex = rng.random_range(1..=2u8);
    let year = rng.random_range(0..100u8);
    let month = match rng.random_range(0..3u8) {
        0 => rng.random_range(1..=12u8),
        1 => rng.random_range(20..=42u8),
        _ => rng.random_range(50..=99u8),
    };
    let department = match rng.random_range(0..10u8) {
        0 => "2A".to_owned(),
        1 => "2B".to_owned(),
        _ => format!("{:02}", rng.random_range(1..100u8)),
    };
    let commune = rng.random_range(0..1000u16);
    let rank = rng.random_range(0..1000u16);
    format!("{sex}{year:02}{month:02}{department}{commune:03}{rank:03}")
}

#[test]
fn generated_ins_parse_and_any_other_key_fails() {
    let mut rng = StdRng::seed_from_u64(0x1A5);
    for _ in 0..5000 {
        let first13 = random_first13(&mut rng);
        let key = expected_key(&first13).unwrap();
        assert!((1..=97).contains(&key));
        let ins = format!("{first13}{key:02}");
        assert_eq!(Ins::parse(&ins).unwrap().as_str(), ins);

        let wrong = (key + rng.random_range(1..97u8)) % 100;
        let altered = format!("{first13}{wrong:02}");
        assert_eq!(
            Ins::parse(&altered).unwrap_err(),
            InsError::BadKey {
                expected: key,
                found: wrong
            },
            "{altered}"
        );
    }
}

#[test]
fn errors_reach_the_engine_as_invalid_input() {
    let err: crate::EngineError = InsError::Provisional.into();
    assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
}
