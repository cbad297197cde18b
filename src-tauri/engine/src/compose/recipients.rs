//! Reading the address fields the way both the checks and the builder need them.

use lettre::message::Mailbox;

use super::problems::ComposeProblem;
use super::types::Composition;
use crate::patient::{patient_address_ins, Ins};

pub(super) enum Recipient {
    Valid(Mailbox),
    /// The entry as typed, trimmed, to be named in the error.
    Invalid(String),
}

impl Recipient {
    /// Lower case: the same mailbox typed twice counts (and is sent) once.
    pub(super) fn key(&self) -> String {
        match self {
            Recipient::Valid(mailbox) => mailbox.email.to_string().to_lowercase(),
            Recipient::Invalid(entry) => entry.to_lowercase(),
        }
    }
}

pub(super) fn recipients(entries: &[String]) -> Vec<Recipient> {
    entries
        .iter()
        .flat_map(|entry| split_list(entry))
        .map(|item| match parse_mailbox(item) {
            Some(mailbox) => Recipient::Valid(mailbox),
            None => Recipient::Invalid(item.to_owned()),
        })
        .collect()
}

/// `addr` or `Name <addr>`. A domain without a dot is refused: no MSSanté mailbox has one, and
/// it is the usual sign of a truncated paste.
pub(super) fn parse_mailbox(item: &str) -> Option<Mailbox> {
    let mailbox: Mailbox = item.trim().parse().ok()?;
    let domain = mailbox.email.domain();
    (domain.contains('.') && !domain.starts_with('[')).then_some(mailbox)
}

/// Splits a field on `,` and `;`, except inside quotes or angle brackets (display names such
/// as `"Martin, Claire" <c.martin@…>`). Empty items are dropped.
pub(super) fn split_list(field: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut start, mut quoted, mut angle, mut escaped) = (0, false, false, false);
    for (i, c) in field.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' if !quoted && !angle => {
                items.push(&field[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    items.push(&field[start..]);
    items
        .into_iter()
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect()
}

/// The one patient of a patient message, from the INS field and whatever the To field holds
/// (a reply to a patient carries the patient's address there).
pub(super) fn patient(composition: &Composition) -> Result<Ins, ComposeProblem> {
    let typed = composition.patient_ins.iter().chain(&composition.to);
    let mut distinct: Vec<String> = Vec::new();
    for item in typed.flat_map(|field| split_list(field)) {
        let ins = parse_mailbox(item)
            .map(|mailbox| mailbox.email.to_string())
            .and_then(|email| patient_address_ins(&email).map(str::to_owned))
            .unwrap_or_else(|| item.to_owned());
        let normalised: String = ins
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !distinct.contains(&normalised) {
            distinct.push(normalised);
        }
    }
    match distinct.as_slice() {
        [] => Err(ComposeProblem::MissingPatient),
        [one] => Ins::parse(one).map_err(|error| ComposeProblem::Ins { error }),
        _ => Err(ComposeProblem::OnePatientOnly),
    }
}
