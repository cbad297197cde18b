//! The INS (the patient's national health identifier): what the checks accept reads back
//! as itself, its key is the one `expected_key` computes, and its patient address leads
//! back to it.

use crate::patient::{expected_key, patient_address_ins, Ins, InsError};

pub fn ins(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(ins) = Ins::parse(&text) {
        let s = ins.as_str();
        assert_eq!(s.len(), 15, "an INS of {} characters", s.len());
        assert_eq!(Ins::parse(s).as_ref().map(Ins::as_str), Ok(s), "an accepted INS does not read back as itself");
        assert_eq!(expected_key(&s[..13]).map(|k| format!("{k:02}")).as_deref(), Some(&s[13..]), "the key");
        let address = ins.patient_address();
        assert_eq!(patient_address_ins(&address), Some(s), "the patient address leads elsewhere");
    }
    if let Some(key) = expected_key(&text) {
        assert!((1..=97).contains(&key), "key {key}");
        // The same 13 characters with their key are never refused for the key.
        let full = format!("{text}{key:02}");
        assert!(!matches!(Ins::parse(&full), Err(InsError::BadKey { .. })), "its own key refused");
    }
    let _ = patient_address_ins(&text);
}
