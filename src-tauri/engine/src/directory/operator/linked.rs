//! The organisational mailboxes a person may use ("Ci-dessous les adresses
//! organisationnelles accessibles par le professionnel"): those whose `member` names the
//! person's entry.

use ldap3::{Scope, SearchEntry};

use super::connect::{ldap_error, Directory, DirectoryUrl};
use super::entry::{self, Attributes, ATTRIBUTES};
use crate::directory::DirectoryEntry;
use crate::Result;

pub async fn linked_mailboxes(directory: &mut Directory, url: &DirectoryUrl, address: &str) -> Result<Vec<DirectoryEntry>> {
    let base = directory.base_dn.clone();
    let person = format!("(mail={})", ldap3::ldap_escape(address.trim()));
    let (people, _) = directory
        .ldap
        .search(&base, Scope::Subtree, &person, vec!["1.1"])
        .await
        .and_then(|r| r.success())
        .map_err(|e| ldap_error(url, e))?;
    let Some(person) = people.into_iter().next().map(|e| SearchEntry::construct(e).dn) else {
        return Ok(Vec::new());
    };
    let filter = format!("(&(member={})(!(medimailVisible=FALSE)))", ldap3::ldap_escape(person));
    let (found, _) = directory
        .ldap
        .search(&base, Scope::Subtree, &filter, ATTRIBUTES.to_vec())
        .await
        .and_then(|r| r.success())
        .map_err(|e| ldap_error(url, e))?;
    let mut boxes: Vec<DirectoryEntry> = found
        .into_iter()
        .map(|e| Attributes::of(SearchEntry::construct(e)))
        .filter(Attributes::visible)
        .map(|a| entry::directory_entry(&a))
        .collect();
    boxes.sort_by(|a, b| a.company_name.cmp(&b.company_name).then_with(|| a.address.cmp(&b.address)));
    Ok(boxes)
}
