//! Writing the user's own entry: one LDAP modify with the fields changed, all or nothing.
//! The server decides what the user may write (its ACL); a refusal becomes
//! `directory_write_refused`.

use std::collections::HashSet;

use ldap3::Mod;

use super::connect::{ldap_error, Directory, DirectoryUrl};
use super::OwnEntryChanges;
use crate::{EngineError, Result};

/// The LDAP changes of `changes` for an entry (organisational or not: the specialty and the
/// description share `description`).
pub fn modifications(changes: &OwnEntryChanges, organisational: bool) -> Vec<Mod<String>> {
    let mut mods = Vec::new();
    let mut text = |attribute: &str, value: &Option<String>| {
        if let Some(value) = value {
            let value = value.trim();
            // An empty field removes the attribute (replace with no value).
            let values: HashSet<String> = if value.is_empty() { HashSet::new() } else { HashSet::from([value.to_owned()]) };
            mods.push(Mod::Replace(attribute.to_owned(), values));
        }
    };
    text("sn", &changes.surname);
    text("givenName", &changes.first_name);
    text("telephoneNumber", &changes.phone);
    text("mobile", &changes.mobile);
    text("street", &changes.street);
    text("l", &changes.city);
    text("postalCode", &changes.postal_code);
    text("medimailRegion", &changes.region);
    text("st", &changes.department);
    text("o", &changes.company_name);
    text("title", &changes.profession);
    text("medimailFiness", &changes.finess);
    text("medimailResponsible", &changes.responsible);
    if organisational {
        text("description", &changes.description);
    } else {
        text("description", &changes.specialty);
    }
    let flag = |attribute: &str, value: Option<bool>| {
        value.map(|v| Mod::Replace(attribute.to_owned(), HashSet::from([if v { "TRUE" } else { "FALSE" }.to_owned()])))
    };
    mods.extend(flag("medimailVisible", changes.visible_medimail));
    mods.extend(flag("mssanteVisible", changes.visible_mssante));
    mods.extend(flag("medimailDematerialisation", changes.dematerialisation));
    mods
}

pub async fn save_own_entry(directory: &mut Directory, url: &DirectoryUrl, changes: &OwnEntryChanges, organisational: bool) -> Result<()> {
    let dn = directory.own_dn.clone().ok_or(EngineError::AuthFailed)?;
    let mods = modifications(changes, organisational);
    if mods.is_empty() {
        return Ok(());
    }
    let result = directory.ldap.modify(&dn, mods).await.map_err(|e| ldap_error(url, e))?;
    match result.rc {
        0 => Ok(()),
        // insufficientAccessRights, unwillingToPerform, constraintViolation, objectClassViolation:
        // the operator does not let this user write that.
        50 => Err(EngineError::DirectoryWriteRefused("insufficientAccessRights (50)".into())),
        53 => Err(EngineError::DirectoryWriteRefused("unwillingToPerform (53)".into())),
        rc @ (19 | 65 | 69) => Err(EngineError::DirectoryWriteRefused(format!("result code {rc}"))),
        // invalidAttributeSyntax and the like: what was typed is not acceptable.
        21 => Err(EngineError::InvalidInput("a value is not in the form the directory accepts".into())),
        rc => Err(EngineError::Server(format!("LDAP modify result code {rc}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_fields_given_are_written() {
        let changes = OwnEntryChanges { phone: Some(" 05 61 ".into()), city: Some(String::new()), visible_medimail: Some(false), ..Default::default() };
        let mods = modifications(&changes, false);
        assert_eq!(mods.len(), 3);
        assert!(matches!(&mods[0], Mod::Replace(a, v) if a == "telephoneNumber" && v.contains("05 61")));
        assert!(matches!(&mods[1], Mod::Replace(a, v) if a == "l" && v.is_empty()));
        assert!(matches!(&mods[2], Mod::Replace(a, v) if a == "medimailVisible" && v.contains("FALSE")));
        let org = OwnEntryChanges { description: Some("x".into()), specialty: Some("y".into()), ..Default::default() };
        assert!(matches!(&modifications(&org, true)[0], Mod::Replace(a, v) if a == "description" && v.contains("x")));
    }
}
