//! One list from the national directory's results and another source's (the operator's
//! directory, the Annuaire Santé FHIR API): each address once. A national entry found in the
//! other source too is completed by it (its empty fields, the phones), and marked `both` when
//! the operator had it; an entry only the other source has joins the list, ranked like the
//! national ones (an exact surname before the others), and the list keeps `limit` entries.

use std::collections::HashMap;

use super::{surname_word, DirectoryEntry, DirectoryQuery, EntrySource};
use crate::store::is_token_char;

pub fn merge(national: Vec<DirectoryEntry>, operator: Vec<DirectoryEntry>, query: &DirectoryQuery, limit: usize) -> Vec<DirectoryEntry> {
    let mut at_operator: HashMap<String, DirectoryEntry> = HashMap::new();
    for entry in operator {
        at_operator.entry(entry.address.to_lowercase()).or_insert(entry);
    }
    let mut merged: Vec<DirectoryEntry> = national
        .into_iter()
        .map(|mut entry| {
            if let Some(extra) = at_operator.remove(&entry.address.to_lowercase()) {
                complete(&mut entry, extra);
            }
            entry
        })
        .collect();
    let mut only_operator: Vec<DirectoryEntry> = at_operator.into_values().collect();
    only_operator.sort_by(|a, b| (&a.surname, &a.first_name, &a.address).cmp(&(&b.surname, &b.first_name, &b.address)));
    merged.extend(only_operator);
    // Stable: the national ranking stays within each group.
    let exact = exact_surnames(query);
    merged.sort_by_key(|e| !exact.contains(&surname_word(&e.surname)));
    merged.truncate(limit);
    merged
}

/// What a national entry lacks, from the operator's; the national file's values stay.
pub fn complete(entry: &mut DirectoryEntry, extra: DirectoryEntry) {
    let fill = |mine: &mut String, theirs: String| {
        if mine.is_empty() {
            *mine = theirs;
        }
    };
    fill(&mut entry.first_name, extra.first_name);
    fill(&mut entry.surname, extra.surname);
    fill(&mut entry.profession_label, extra.profession_label);
    fill(&mut entry.skill_label, extra.skill_label);
    fill(&mut entry.company_name, extra.company_name);
    fill(&mut entry.service, extra.service);
    fill(&mut entry.street_name, extra.street_name);
    fill(&mut entry.postal_code, extra.postal_code);
    fill(&mut entry.city, extra.city);
    fill(&mut entry.routing_line, extra.routing_line);
    fill(&mut entry.department, extra.department);
    fill(&mut entry.department_code, extra.department_code);
    fill(&mut entry.region, extra.region);
    fill(&mut entry.pp_national_id, extra.pp_national_id);
    fill(&mut entry.structure_id, extra.structure_id);
    for phone in extra.phones {
        if !entry.phones.contains(&phone) {
            entry.phones.push(phone);
        }
    }
    if extra.source == Some(EntrySource::Operator) {
        entry.source = Some(EntrySource::Both);
    }
}

fn exact_surnames(query: &DirectoryQuery) -> Vec<String> {
    let words: Vec<&str> = query.who.split(|c: char| !is_token_char(c)).filter(|w| !w.is_empty()).collect();
    let mut out: Vec<String> = words.iter().map(|w| surname_word(w)).collect();
    if words.len() > 1 {
        out.push(surname_word(&words.concat()));
    }
    out.retain(|w| !w.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::MailboxKind;

    fn entry(address: &str, surname: &str, source: Option<EntrySource>) -> DirectoryEntry {
        DirectoryEntry {
            kind: MailboxKind::Personal,
            address: address.into(),
            pp_id_type: String::new(),
            pp_id: String::new(),
            pp_national_id: String::new(),
            structure_id_type: String::new(),
            structure_id: String::new(),
            service: String::new(),
            civility: String::new(),
            surname: surname.into(),
            first_name: String::new(),
            profession_category: String::new(),
            profession_category_label: String::new(),
            profession_code: String::new(),
            profession_label: String::new(),
            skill_code: String::new(),
            skill_label: String::new(),
            dematerialisation: String::new(),
            company_name: String::new(),
            trade_name: String::new(),
            location_complement: String::new(),
            distribution_complement: String::new(),
            street_number: String::new(),
            street_number_complement: String::new(),
            street_type: String::new(),
            street_name: String::new(),
            place_mention: String::new(),
            routing_line: String::new(),
            postal_code: String::new(),
            department: String::new(),
            country: String::new(),
            city: String::new(),
            department_code: String::new(),
            region: String::new(),
            source,
            phones: Vec::new(),
        }
    }

    #[test]
    fn each_address_once_national_completed_operator_only_ranked() {
        let query = DirectoryQuery { who: "dupont".into(), ..Default::default() };
        let national = vec![entry("a@x.fr", "DUPONT", None), entry("b@x.fr", "DUPONTEL", None)];
        let mut known = entry("A@x.fr", "DUPONT", Some(EntrySource::Operator));
        known.phones = vec!["05 61 00 00 00".into()];
        known.city = "Toulouse".into();
        let operator = vec![known, entry("c@x.fr", "DUPONT", Some(EntrySource::Operator)), entry("d@x.fr", "DUPONTAL", Some(EntrySource::Operator))];
        let merged = merge(national, operator, &query, 10);
        let addresses: Vec<&str> = merged.iter().map(|e| e.address.as_str()).collect();
        assert_eq!(addresses, ["a@x.fr", "c@x.fr", "b@x.fr", "d@x.fr"]);
        assert_eq!(merged[0].source, Some(EntrySource::Both));
        assert_eq!(merged[0].phones, ["05 61 00 00 00"]);
        assert_eq!(merged[0].city, "Toulouse");
        assert_eq!(merge(merged.clone(), Vec::new(), &query, 2).len(), 2);
    }
}
