//! The checks made before anything is sent. All problems are gathered so that the window can
//! show them together.

use std::collections::HashSet;

use super::problems::{ComposeProblem, MAX_RECIPIENTS, PATIENT_SIZE_LIMIT};
use super::recipients::{self, parse_mailbox, Recipient};
use super::types::{AccountKind, ComposeMode, Composition};
use crate::patient::patient_address_ins;

/// Header block, boundaries and part headers, generously: the estimate must not come in under
/// the built size for ordinary messages.
const HEADER_ALLOWANCE: u64 = 4096;
const PART_ALLOWANCE: u64 = 512;

/// `server_size_limit` is the SIZE the submission server announced (`None` or 0: no limit).
pub fn validate(
    composition: &Composition,
    account: AccountKind,
    server_size_limit: Option<u64>,
) -> Result<(), Vec<ComposeProblem>> {
    let mut problems = Vec::new();
    let sender = composition.from.address.trim();
    if parse_mailbox(sender).is_none() {
        problems.push(ComposeProblem::InvalidSender {
            address: sender.to_owned(),
        });
    }
    match composition.mode {
        ComposeMode::Pro => check_pro_recipients(composition, &mut problems),
        ComposeMode::Patient => check_patient(composition, account, &mut problems),
    }
    if composition.subject.trim().is_empty() {
        problems.push(ComposeProblem::MissingSubject);
    }
    let size = estimated_size(composition);
    if composition.mode == ComposeMode::Patient && size > PATIENT_SIZE_LIMIT {
        problems.push(ComposeProblem::PatientTooLarge {
            size,
            limit: PATIENT_SIZE_LIMIT,
        });
    }
    if let Some(limit) = server_size_limit.filter(|&limit| limit > 0 && size > limit) {
        problems.push(ComposeProblem::TooLarge { size, limit });
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn check_pro_recipients(composition: &Composition, problems: &mut Vec<ComposeProblem>) {
    let to = recipients::recipients(&composition.to);
    let cc = recipients::recipients(&composition.cc);
    if to.is_empty() {
        problems.push(ComposeProblem::MissingTo);
    }
    let mut distinct = HashSet::new();
    for recipient in to.iter().chain(&cc) {
        if !distinct.insert(recipient.key()) {
            continue;
        }
        match recipient {
            Recipient::Invalid(entry) => problems.push(ComposeProblem::InvalidAddress {
                address: entry.clone(),
            }),
            Recipient::Valid(mailbox) => {
                let email = mailbox.email.to_string();
                if patient_address_ins(&email).is_some() {
                    problems.push(ComposeProblem::PatientAddressInPro { address: email });
                }
            }
        }
    }
    if distinct.len() > MAX_RECIPIENTS {
        problems.push(ComposeProblem::TooManyRecipients {
            count: u32::try_from(distinct.len()).unwrap_or(u32::MAX),
        });
    }
}

fn check_patient(
    composition: &Composition,
    account: AccountKind,
    problems: &mut Vec<ComposeProblem>,
) {
    if !account.may_write_to_patients() {
        problems.push(ComposeProblem::AccountCannotWriteToPatients { account });
    }
    if let Err(problem) = recipients::patient(composition) {
        problems.push(problem);
    }
    if !recipients::recipients(&composition.cc).is_empty() {
        problems.push(ComposeProblem::NoCcForPatient);
    }
}

/// What the built message will weigh, a little over: bodies and attachments in base64 (76
/// characters a line), plus headers. [`super::BuiltMessage::size`] is exact once built.
pub fn estimated_size(composition: &Composition) -> u64 {
    let html = composition.body_html.as_deref().map_or(0, str::len);
    // An empty text part is made from the HTML, at most as long.
    let text = match composition.body_text.len() {
        0 => html,
        len => len,
    };
    let bodies = encoded_text(text)
        + PART_ALLOWANCE
        + if html > 0 {
            encoded_text(html) + PART_ALLOWANCE
        } else {
            0
        };
    let attachments: u64 = composition
        .attachments
        .iter()
        // The name is written twice: RFC 2231 (up to 3 bytes a byte) and RFC 2047 (about 2).
        .map(|a| encoded(a.content.len()) + PART_ALLOWANCE + 6 * a.file_name.len() as u64)
        .sum();
    let addresses: u64 = composition
        .to
        .iter()
        .chain(&composition.cc)
        .chain(&composition.references)
        .map(|a| a.len() as u64 * 3 + 8)
        .sum();
    HEADER_ALLOWANCE + composition.subject.len() as u64 * 3 + addresses + bodies + attachments
}

/// Text goes as quoted-printable when mostly ASCII, which for French can outgrow base64 a little.
fn encoded_text(len: usize) -> u64 {
    let base64 = encoded(len);
    base64 + base64 / 5
}

fn encoded(len: usize) -> u64 {
    let base64 = (len as u64).div_ceil(3) * 4;
    base64 + base64.div_ceil(76) * 2
}
