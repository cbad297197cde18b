//! What can be wrong with a message before it is sent, each said in French and English.

use serde::Serialize;
use ts_rs::TS;

use super::types::AccountKind;
use crate::patient::InsError;
use crate::EngineError;

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

/// A problem with both its sentences, for a UI that shows them as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct ExplainedProblem {
    pub problem: ComposeProblem,
    pub fr: String,
    pub en: String,
}

pub fn explain(problems: &[ComposeProblem]) -> Vec<ExplainedProblem> {
    problems
        .iter()
        .map(|problem| ExplainedProblem {
            problem: problem.clone(),
            fr: problem.message_fr(),
            en: problem.message_en(),
        })
        .collect()
}

impl ComposeProblem {
    pub fn message_fr(&self) -> String {
        match self {
            ComposeProblem::MissingTo => "Le champ À est obligatoire.".into(),
            ComposeProblem::MissingSubject => "L'objet est obligatoire.".into(),
            ComposeProblem::TooManyRecipients { count } => {
                format!("{count} destinataires : {MAX_RECIPIENTS} au maximum, copies comprises.")
            }
            ComposeProblem::InvalidAddress { address } => format!("Adresse invalide : {address}"),
            ComposeProblem::InvalidSender { address } => {
                format!("Adresse d'expéditeur invalide : {address}")
            }
            ComposeProblem::PatientAddressInPro { address } => format!(
                "{address} est l'adresse d'un patient : écrivez-lui avec « Nouveau message Patient »."
            ),
            ComposeProblem::MissingPatient => {
                "Saisissez l'INS du patient dans le champ À.".into()
            }
            ComposeProblem::OnePatientOnly => {
                "Un message patient ne concerne qu'un seul patient : saisissez un seul INS.".into()
            }
            ComposeProblem::NoCcForPatient => "Pas de copie (CC) pour un message patient : il va \
                 directement dans l'espace santé du patient."
                .into(),
            ComposeProblem::Ins { error } => format!("INS du patient : {}", error.message_fr()),
            ComposeProblem::AccountCannotWriteToPatients { account } => format!(
                "Un compte {} n'a pas de numéro RPPS et ne peut pas envoyer de message à un patient. \
                 Passez par un compte ayant une adresse MSSanté, par exemple une boîte \
                 organisationnelle.",
                account_fr(*account)
            ),
            ComposeProblem::PatientTooLarge { size, limit } => format!(
                "Message de {} : {} au maximum pour un patient.",
                megabytes(*size, Lang::Fr),
                megabytes(*limit, Lang::Fr)
            ),
            ComposeProblem::TooLarge { size, limit } => format!(
                "Message de {} : le serveur accepte {} au maximum.",
                megabytes(*size, Lang::Fr),
                megabytes(*limit, Lang::Fr)
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ComposeProblem::MissingTo => "The To field is required.".into(),
            ComposeProblem::MissingSubject => "The subject is required.".into(),
            ComposeProblem::TooManyRecipients { count } => {
                format!("{count} recipients: {MAX_RECIPIENTS} at most, copies included.")
            }
            ComposeProblem::InvalidAddress { address } => format!("Invalid address: {address}"),
            ComposeProblem::InvalidSender { address } => {
                format!("Invalid sender address: {address}")
            }
            ComposeProblem::PatientAddressInPro { address } => format!(
                "{address} is a patient's address: write with \u{201c}New patient message\u{201d}."
            ),
            ComposeProblem::MissingPatient => "Enter the patient's INS in the To field.".into(),
            ComposeProblem::OnePatientOnly => {
                "A patient message concerns one patient only: enter a single INS.".into()
            }
            ComposeProblem::NoCcForPatient => "No copy (CC) for a patient message: it goes \
                 straight into the patient's health space."
                .into(),
            ComposeProblem::Ins { error } => format!("Patient INS: {}", error.message_en()),
            ComposeProblem::AccountCannotWriteToPatients { account } => format!(
                "A {} account has no RPPS number and cannot send messages to patients. Use an \
                 account with an MSSanté address, such as an organisational mailbox.",
                account_en(*account)
            ),
            ComposeProblem::PatientTooLarge { size, limit } => format!(
                "The message is {}: {} at most for a patient.",
                megabytes(*size, Lang::En),
                megabytes(*limit, Lang::En)
            ),
            ComposeProblem::TooLarge { size, limit } => format!(
                "The message is {}: the server accepts {} at most.",
                megabytes(*size, Lang::En),
                megabytes(*limit, Lang::En)
            ),
        }
    }
}

/// The English sentences, joined: the engine's error details are English like the others.
impl From<Vec<ComposeProblem>> for EngineError {
    fn from(problems: Vec<ComposeProblem>) -> Self {
        EngineError::Refused {
            fr: problems.iter().map(ComposeProblem::message_fr).collect(),
            en: problems.iter().map(ComposeProblem::message_en).collect(),
        }
    }
}

#[derive(Clone, Copy)]
enum Lang {
    Fr,
    En,
}

/// Decimal megabytes to one decimal: "12,4 Mo" / "12.4 MB", "25 Mo".
fn megabytes(bytes: u64, lang: Lang) -> String {
    let tenths = (bytes + 50_000) / 100_000;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    match (lang, tenth) {
        (Lang::Fr, 0) => format!("{whole} Mo"),
        (Lang::En, 0) => format!("{whole} MB"),
        (Lang::Fr, _) => format!("{whole},{tenth} Mo"),
        (Lang::En, _) => format!("{whole}.{tenth} MB"),
    }
}

fn account_fr(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Personnel => "Personnel",
        AccountKind::Interne => "Interne",
        AccountKind::Medimail => "Medimail",
        AccountKind::Organisationnel => "Organisationnel",
    }
}

fn account_en(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Personnel => "Personal",
        AccountKind::Interne => "Intern",
        AccountKind::Medimail => "Medimail",
        AccountKind::Organisationnel => "Organisational",
    }
}
