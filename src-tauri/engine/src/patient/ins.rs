//! The matricule INS (the patient's NIR or NIA): 13 characters and a 2-digit key.
//!
//! Layout: sex (1), year (2), month (2), department (2, or 2A/2B for Corsica), commune (3),
//! rank (3), key (2). The checks are ordered so that the message names the real mistake:
//! a provisional number is said to be one rather than "wrong key".

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use ts_rs::TS;

use crate::{EngineError, Text};

/// Mon Espace Santé: a patient is written to at `<INS>@patient.mssante.fr`.
pub const PATIENT_DOMAIN: &str = "patient.mssante.fr";

const INS_LEN: usize = 15;
const WITHOUT_KEY_LEN: usize = 13;
/// Department digits (0-based): where Corsica's 2A/2B may stand.
const DEPARTMENT: std::ops::Range<usize> = 5..7;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ins(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum InsError {
    #[error("no INS entered")]
    Empty,
    #[error("an INS has 15 characters, {len} entered")]
    WrongLength { len: u32 },
    #[error("an INS holds digits only (and 2A or 2B for Corsica)")]
    NotDigits,
    #[error("provisional number (NNP), not an INS")]
    Provisional,
    #[error("13 characters without a key: not an INS")]
    MissingKey,
    #[error("first digit {digit}: must be 1 or 2")]
    BadSex { digit: u8 },
    #[error("birth month {month:02} is not possible in an INS")]
    BadMonth { month: u8 },
    #[error("wrong key: expected {expected:02}, entered {found:02}")]
    BadKey { expected: u8, found: u8 },
}

impl InsError {
    /// Its sentence in the catalogue (`locales/*/compose.ftl`): `ins-` and its kind.
    pub fn text(&self) -> Text {
        match self {
            InsError::Empty => Text::new("ins-empty"),
            InsError::WrongLength { len } => Text::new("ins-wrong_length").arg("len", *len),
            InsError::NotDigits => Text::new("ins-not_digits"),
            InsError::Provisional => Text::new("ins-provisional"),
            InsError::MissingKey => Text::new("ins-missing_key"),
            InsError::BadSex { digit } => Text::new("ins-bad_sex").arg("digit", *digit),
            // Written as on the card: two digits.
            InsError::BadMonth { month } => Text::new("ins-bad_month").arg("month", format!("{month:02}")),
            InsError::BadKey { expected, found } => {
                Text::new("ins-bad_key").arg("expected", format!("{expected:02}")).arg("found", format!("{found:02}"))
            }
        }
    }
}

impl From<InsError> for EngineError {
    fn from(err: InsError) -> Self {
        EngineError::Refused(vec![err.text()])
    }
}

impl Ins {
    /// Spaces anywhere are ignored: practitioners paste "2 79 03 51 215 189 89".
    pub fn parse(input: &str) -> Result<Ins, InsError> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if s.is_empty() {
            return Err(InsError::Empty);
        }
        if !well_formed(&s) {
            return Err(InsError::NotDigits);
        }
        // From here on `s` is ASCII, so byte indexing is character indexing.
        let len = s.len();
        if len != INS_LEN && len != WITHOUT_KEY_LEN {
            return Err(InsError::WrongLength {
                len: u32::try_from(len).unwrap_or(u32::MAX),
            });
        }
        let sex = s.as_bytes()[0] - b'0';
        if sex == 7 || sex == 8 {
            return Err(InsError::Provisional);
        }
        if sex != 1 && sex != 2 {
            return Err(InsError::BadSex { digit: sex });
        }
        if len == WITHOUT_KEY_LEN {
            return Err(InsError::MissingKey);
        }
        let month = two_digits(&s[3..5]);
        if !matches!(month, 1..=12 | 20..=42 | 50..=99) {
            return Err(InsError::BadMonth { month });
        }
        let expected = expected_key(&s[..WITHOUT_KEY_LEN]).ok_or(InsError::NotDigits)?;
        let found = two_digits(&s[WITHOUT_KEY_LEN..]);
        if found != expected {
            return Err(InsError::BadKey { expected, found });
        }
        Ok(Ins(s))
    }

    /// The 15 characters, without spaces; Corsica keeps its letters (`2A`, `2B`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn patient_address(&self) -> String {
        format!("{}@{PATIENT_DOMAIN}", self.0)
    }
}

impl fmt::Display for Ins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Ins {
    type Err = InsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ins::parse(s)
    }
}

impl AsRef<str> for Ins {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// The key of the first 13 characters: `97 − (n mod 97)`, Corsica's 2A and 2B counting as 19
/// and 18. `None` when they are not 13 such characters.
pub fn expected_key(first13: &str) -> Option<u8> {
    if first13.len() != WITHOUT_KEY_LEN || !well_formed(first13) {
        return None;
    }
    let department = match &first13[DEPARTMENT] {
        "2A" => "19",
        "2B" => "18",
        digits => digits,
    };
    let digits = format!(
        "{}{department}{}",
        &first13[..DEPARTMENT.start],
        &first13[DEPARTMENT.end..]
    );
    let n: u64 = digits.parse().ok()?;
    u8::try_from(97 - n % 97).ok()
}

/// The INS of a patient mailbox address (`<INS>@patient.mssante.fr`), unchecked.
pub fn patient_address_ins(address: &str) -> Option<&str> {
    let (local, domain) = address.trim().rsplit_once('@')?;
    domain.eq_ignore_ascii_case(PATIENT_DOMAIN).then_some(local)
}

/// Digits, except that the department may be Corsica's 2A or 2B (upper case by now).
fn well_formed(s: &str) -> bool {
    let bytes = s.as_bytes();
    let corsica = bytes.get(DEPARTMENT.start) == Some(&b'2')
        && matches!(bytes.get(DEPARTMENT.start + 1), Some(b'A' | b'B'));
    bytes
        .iter()
        .enumerate()
        .all(|(i, b)| b.is_ascii_digit() || (corsica && i == DEPARTMENT.start + 1))
}

fn two_digits(s: &str) -> u8 {
    s.bytes().fold(0u8, |n, b| {
        n.wrapping_mul(10).wrapping_add(b.wrapping_sub(b'0'))
    })
}
