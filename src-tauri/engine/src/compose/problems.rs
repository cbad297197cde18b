//! What can be wrong with a message before it is sent, each with its sentence of the catalogue.

use serde::Serialize;
use ts_rs::TS;

use super::types::AccountKind;
use crate::patient::InsError;
use crate::{EngineError, Text};

/// The seed: 40 recipients at most, To and CC together.
pub const MAX_RECIPIENTS: usize = 40;
/// Mon Espace Santé refuses more; counted in decimal megabytes so that the limit shown and the
/// limit applied agree.
pub const PATIENT_SIZE_LIMIT: u64 = 25_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ComposeProblem {
    MissingTo,
    MissingSubject,
    TooManyRecipients {
        count: u32,
    },
    InvalidAddress {
        address: String,
    },
    InvalidSender {
        address: String,
    },
    /// A `…@patient.mssante.fr` address in a professional message.
    PatientAddressInPro {
        address: String,
    },
    MissingPatient,
    OnePatientOnly,
    NoCcForPatient,
    Ins {
        error: InsError,
    },
    AccountCannotWriteToPatients {
        account: AccountKind,
    },
    PatientTooLarge {
        #[ts(type = "number")]
        size: u64,
        #[ts(type = "number")]
        limit: u64,
    },
    TooLarge {
        #[ts(type = "number")]
        size: u64,
        #[ts(type = "number")]
        limit: u64,
    },
}

/// A problem with its sentence, for a UI that shows it as it is.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct ExplainedProblem {
    pub problem: ComposeProblem,
    pub text: Text,
}

pub fn explain(problems: &[ComposeProblem]) -> Vec<ExplainedProblem> {
    problems.iter().map(|problem| ExplainedProblem { problem: problem.clone(), text: problem.text() }).collect()
}

impl ComposeProblem {
    /// Its sentence in the catalogue (`locales/*/compose.ftl`): `problem-` and its kind.
    pub fn text(&self) -> Text {
        match self {
            ComposeProblem::MissingTo => Text::new("problem-missing_to"),
            ComposeProblem::MissingSubject => Text::new("problem-missing_subject"),
            ComposeProblem::TooManyRecipients { count } => {
                Text::new("problem-too_many_recipients").arg("count", *count).arg("max", MAX_RECIPIENTS)
            }
            ComposeProblem::InvalidAddress { address } => Text::new("problem-invalid_address").arg("address", address.as_str()),
            ComposeProblem::InvalidSender { address } => Text::new("problem-invalid_sender").arg("address", address.as_str()),
            ComposeProblem::PatientAddressInPro { address } => {
                Text::new("problem-patient_address_in_pro").arg("address", address.as_str())
            }
            ComposeProblem::MissingPatient => Text::new("problem-missing_patient"),
            ComposeProblem::OnePatientOnly => Text::new("problem-one_patient_only"),
            ComposeProblem::NoCcForPatient => Text::new("problem-no_cc_for_patient"),
            ComposeProblem::Ins { error } => {
                // The INS sentence is referenced by the problem's own (Fluent message reference).
                let mut text = error.text();
                text.key = format!("problem-{}", text.key);
                text
            }
            ComposeProblem::AccountCannotWriteToPatients { account } => {
                Text::new("problem-account_cannot_write_to_patients").arg("account", account_key(*account))
            }
            ComposeProblem::PatientTooLarge { size, limit } => {
                Text::new("problem-patient_too_large").arg("size", megabytes(*size)).arg("limit", megabytes(*limit))
            }
            ComposeProblem::TooLarge { size, limit } => {
                Text::new("problem-too_large").arg("size", megabytes(*size)).arg("limit", megabytes(*limit))
            }
        }
    }
}

impl From<Vec<ComposeProblem>> for EngineError {
    fn from(problems: Vec<ComposeProblem>) -> Self {
        EngineError::Refused(problems.iter().map(ComposeProblem::text).collect())
    }
}

/// Decimal megabytes to one decimal (12.4, 25), each door writing the number its own way.
fn megabytes(bytes: u64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let tenths = ((bytes + 50_000) / 100_000) as f64;
    tenths / 10.0
}


/// The account kinds as the catalogue's selectors name them.
fn account_key(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Personnel => "personnel",
        AccountKind::Interne => "interne",
        AccountKind::Medimail => "medimail",
        AccountKind::Organisationnel => "organisationnel",
    }
}
