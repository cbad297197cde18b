//! The patient side of MSSanté: the INS that addresses a patient's Mon Espace Santé mailbox.

mod ins;
#[cfg(test)]
mod tests;

pub use ins::{expected_key, patient_address_ins, Ins, InsError, PATIENT_DOMAIN};
