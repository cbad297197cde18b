//! LDAP entries to the engine's types, and the attributes asked for.

use std::collections::HashMap;

use ldap3::SearchEntry;

use super::OwnEntry;
use crate::directory::{regions, DirectoryEntry, EntrySource, MailboxKind};

/// What a search asks for (never userPassword).
pub const ATTRIBUTES: &[&str] = &[
    "mail", "cn", "displayName", "sn", "givenName", "title", "description", "employeeNumber", "o", "l",
    "postalCode", "st", "street", "telephoneNumber", "mobile", "medimailAccountType", "medimailVisible",
    "mssanteVisible", "medimailDematerialisation", "medimailRegion", "medimailFiness", "medimailResponsible",
];

pub struct Attributes(HashMap<String, Vec<String>>);

impl Attributes {
    pub fn of(entry: SearchEntry) -> Attributes {
        // Attribute names are case-insensitive in LDAP.
        Attributes(entry.attrs.into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect())
    }

    pub fn first(&self, name: &str) -> String {
        self.0.get(&name.to_ascii_lowercase()).and_then(|v| v.first()).cloned().unwrap_or_default()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.get(&name.to_ascii_lowercase()).cloned().unwrap_or_default()
    }

    /// An LDAP boolean; absent is `default`.
    pub fn flag(&self, name: &str, default: bool) -> bool {
        match self.first(name).as_str() {
            "TRUE" => true,
            "FALSE" => false,
            _ => default,
        }
    }

    pub fn organisational(&self) -> bool {
        self.first("medimailAccountType").eq_ignore_ascii_case("organisationnel")
    }

    /// Whether the owner lets others see it. The server already hides such entries from
    /// others; the client checks again, should an operator's ACL be more lenient.
    pub fn visible(&self) -> bool {
        self.flag("medimailVisible", true)
    }
}

/// "Haute-Garonne (31)" → "31"; else the postal code's département.
fn department_code(st: &str, postal_code: &str) -> String {
    let inside = st.rsplit_once('(').and_then(|(_, rest)| rest.strip_suffix(')')).unwrap_or("");
    regions::department_code(inside, postal_code)
}

/// An operator's entry in the national directory's shape.
pub fn directory_entry(a: &Attributes) -> DirectoryEntry {
    let organisational = a.organisational();
    let rpps = a.first("employeeNumber");
    let postal_code = a.first("postalCode");
    let department_code = department_code(&a.first("st"), &postal_code);
    let region = match a.first("medimailRegion") {
        r if !r.is_empty() => r,
        _ => regions::region_of(&department_code).unwrap_or("").to_owned(),
    };
    let city = a.first("l");
    let mut phones = a.all("telephoneNumber");
    phones.extend(a.all("mobile"));
    DirectoryEntry {
        kind: if organisational { MailboxKind::Organisational } else { MailboxKind::Personal },
        address: a.first("mail").to_lowercase(),
        pp_id_type: if rpps.is_empty() { String::new() } else { "8".into() },
        pp_national_id: if rpps.is_empty() { String::new() } else { format!("8{rpps}") },
        pp_id: rpps,
        structure_id_type: String::new(),
        structure_id: a.first("medimailFiness"),
        service: if organisational { a.first("description") } else { String::new() },
        civility: String::new(),
        surname: if organisational { String::new() } else { a.first("sn") },
        first_name: a.first("givenName"),
        profession_category: String::new(),
        profession_category_label: String::new(),
        profession_code: String::new(),
        profession_label: a.first("title"),
        skill_code: String::new(),
        skill_label: if organisational { String::new() } else { a.first("description") },
        dematerialisation: if a.flag("medimailDematerialisation", false) { "O".into() } else { String::new() },
        company_name: a.first("o"),
        trade_name: String::new(),
        location_complement: String::new(),
        distribution_complement: String::new(),
        street_number: String::new(),
        street_number_complement: String::new(),
        street_type: String::new(),
        street_name: a.first("street"),
        place_mention: String::new(),
        routing_line: [postal_code.as_str(), city.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" "),
        postal_code,
        department: a.first("st"),
        country: String::new(),
        city,
        department_code,
        region,
        source: Some(EntrySource::Operator),
        phones,
    }
}

/// The user's own entry as "Mon compte" shows it.
pub fn own_entry(a: &Attributes) -> OwnEntry {
    let organisational = a.organisational();
    OwnEntry {
        address: a.first("mail").to_lowercase(),
        account_type: a.first("medimailAccountType").to_lowercase(),
        rpps: a.first("employeeNumber"),
        surname: a.first("sn"),
        first_name: a.first("givenName"),
        phone: a.first("telephoneNumber"),
        mobile: a.first("mobile"),
        street: a.first("street"),
        city: a.first("l"),
        postal_code: a.first("postalCode"),
        region: a.first("medimailRegion"),
        department: a.first("st"),
        company_name: a.first("o"),
        profession: a.first("title"),
        specialty: if organisational { String::new() } else { a.first("description") },
        finess: a.first("medimailFiness"),
        responsible: a.first("medimailResponsible"),
        description: if organisational { a.first("description") } else { String::new() },
        visible_medimail: a.flag("medimailVisible", true),
        visible_mssante: a.flag("mssanteVisible", !a.first("employeeNumber").is_empty()),
        dematerialisation: a.flag("medimailDematerialisation", false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_departement_code_in_parentheses() {
        assert_eq!(department_code("Haute-Garonne (31)", "31000"), "31");
        assert_eq!(department_code("", "2A004"), regions::department_code("", "2A004"));
    }
}
