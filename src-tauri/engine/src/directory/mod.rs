//! The directory (Annuaire): the national MSSanté directory kept offline and searched as
//! the person types. One file per operation; the SQL is in `store/directory.rs`.

pub mod merge;
pub mod fhir;
pub mod favorites;
pub mod national;
pub mod operator;
pub mod regions;
pub mod search;
pub mod suggestions;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Personal or organisational mailbox (`Type de BAL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum MailboxKind {
    #[serde(rename = "PER")]
    Personal,
    #[serde(rename = "ORG")]
    Organisational,
}

impl MailboxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailboxKind::Personal => "PER",
            MailboxKind::Organisational => "ORG",
        }
    }

    pub fn parse(value: &str) -> Option<MailboxKind> {
        match value {
            "PER" => Some(MailboxKind::Personal),
            "ORG" => Some(MailboxKind::Organisational),
            _ => None,
        }
    }
}

/// Everything the national file holds for one mailbox, and what the import derives from it
/// (city, département code, region). Empty fields are empty strings, as in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DirectoryEntry {
    pub kind: MailboxKind,
    pub address: String,
    pub pp_id_type: String,
    pub pp_id: String,
    /// "Identification nationale PP": the RPPS with its type prefix (8…).
    pub pp_national_id: String,
    pub structure_id_type: String,
    pub structure_id: String,
    pub service: String,
    pub civility: String,
    pub surname: String,
    pub first_name: String,
    pub profession_category: String,
    pub profession_category_label: String,
    pub profession_code: String,
    pub profession_label: String,
    pub skill_code: String,
    /// "Libellé savoir-faire": the specialty.
    pub skill_label: String,
    pub dematerialisation: String,
    /// "Raison Sociale structure BAL".
    pub company_name: String,
    /// "Enseigne commerciale structure BAL".
    pub trade_name: String,
    pub location_complement: String,
    pub distribution_complement: String,
    pub street_number: String,
    pub street_number_complement: String,
    pub street_type: String,
    pub street_name: String,
    pub place_mention: String,
    /// L6LIGNEACHEMINEMENT: postal code and city, as La Poste writes them.
    pub routing_line: String,
    pub postal_code: String,
    pub department: String,
    pub country: String,
    /// The city of the routing line (without its postal code).
    pub city: String,
    /// The département's code ("75", "2A", "971"), from the file or the postal code.
    pub department_code: String,
    /// The region's name, from the département.
    pub region: String,
    /// Where the entry was found; absent means the national file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source: Option<EntrySource>,
    /// Phone numbers, from the operator's directory (the national file has none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub phones: Vec<String>,
}

/// Which directory an entry comes from: the national file, the operator's directory
/// (an entry only the operator has: a Medimail account without RPPS), both (the national
/// entry completed by the operator's), or the Annuaire Santé FHIR API asked online (an entry
/// the loaded extraction lacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntrySource {
    National,
    Operator,
    Both,
    Online,
}

/// What is typed in the directory's fields; empty fields are not searched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DirectoryQuery {
    /// "Qui ?": name, first name, national identifier (RPPS), address.
    #[serde(default)]
    pub who: String,
    /// "Activité ?": profession, specialty (savoir-faire).
    #[serde(default)]
    pub activity: String,
    /// "Où ?": city, postal code, département, region.
    #[serde(default)]
    pub place: String,
    /// Advanced search: raison sociale, enseigne, service.
    #[serde(default)]
    pub structure: String,
}

/// The directory loaded in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DirectoryInfo {
    /// The extraction's date from its file name, "AAAA-MM-JJThh:mm", when it had one.
    pub extraction_date: Option<String>,
    #[ts(type = "number")]
    pub entries: u64,
    /// Seconds since the Unix epoch.
    #[ts(type = "number")]
    pub imported_at: i64,
}

/// Text folded as the index folds it: lower case, accents dropped.
pub fn fold(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// A surname as one word of the index: folded, its spaces, hyphens and apostrophes dropped
/// ("Le Goff-Hervé" → "legoffherve"), so that "le goff" typed whole finds it exactly.
pub fn surname_word(surname: &str) -> String {
    fold(surname).chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("ÉLODIE Bénédicte"), "elodie benedicte");
        assert_eq!(surname_word("Le Goff-Hervé"), "legoffherve");
        assert_eq!(surname_word("N'Diaye"), "ndiaye");
    }
}
