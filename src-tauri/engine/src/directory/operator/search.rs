//! Searching the operator's directory with the directory's fields. Each typed word must be
//! found in one of its field's attributes (substring, case-insensitive as the server
//! compares); entries their owner hid are asked out of the filter and dropped again here.

use ldap3::{Scope, SearchEntry, SearchOptions};

use super::connect::{ldap_error, Directory, DirectoryUrl};
use super::entry::{self, Attributes, ATTRIBUTES};
use crate::directory::{DirectoryEntry, DirectoryQuery};
use crate::store::is_token_char;
use crate::Result;

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !is_token_char(c)).filter(|w| !w.is_empty()).collect()
}

/// The LDAP filter for a query; None when nothing searchable was typed.
pub fn filter(query: &DirectoryQuery) -> Option<String> {
    let fields: [(&str, &[&str]); 4] = [
        (&query.who, &["sn", "givenName", "cn", "mail", "employeeNumber"]),
        (&query.activity, &["title", "description"]),
        (&query.place, &["l", "postalCode", "st", "medimailRegion"]),
        (&query.structure, &["o", "description"]),
    ];
    let mut parts = Vec::new();
    for (text, attributes) in fields {
        for word in words(text) {
            let word = ldap3::ldap_escape(word);
            let any: String = attributes.iter().map(|a| format!("({a}=*{word}*)")).collect();
            parts.push(format!("(|{any})"));
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!("(&(mail=*){}(!(medimailVisible=FALSE)))", parts.concat()))
}

/// At most `limit` entries of the operator for `query`.
pub async fn search(directory: &mut Directory, url: &DirectoryUrl, query: &DirectoryQuery, limit: usize) -> Result<Vec<DirectoryEntry>> {
    let Some(filter) = filter(query) else {
        return Ok(Vec::new());
    };
    let base = directory.base_dn.clone();
    let size = i32::try_from(limit).unwrap_or(i32::MAX);
    let result = directory
        .ldap
        .with_search_options(SearchOptions::new().sizelimit(size))
        .search(&base, Scope::Subtree, &filter, ATTRIBUTES.to_vec())
        .await
        .map_err(|e| ldap_error(url, e))?;
    let ldap3::SearchResult(entries, outcome) = result;
    // sizeLimitExceeded (4) still returns the first `limit` entries.
    if outcome.rc != 0 && outcome.rc != 4 {
        return Err(ldap_error(url, ldap3::LdapError::LdapResult { result: outcome }));
    }
    Ok(entries
        .into_iter()
        .map(|e| Attributes::of(SearchEntry::construct(e)))
        .filter(Attributes::visible)
        .map(|a| entry::directory_entry(&a))
        .filter(|e| !e.address.is_empty())
        .take(limit)
        .collect())
}

/// The operator's entry for one address, when it has one its owner lets others see.
pub async fn find(directory: &mut Directory, url: &DirectoryUrl, address: &str) -> Result<Option<DirectoryEntry>> {
    let base = directory.base_dn.clone();
    let filter = format!("(&(mail={})(!(medimailVisible=FALSE)))", ldap3::ldap_escape(address.trim()));
    let (entries, _) = directory
        .ldap
        .search(&base, Scope::Subtree, &filter, ATTRIBUTES.to_vec())
        .await
        .and_then(|r| r.success())
        .map_err(|e| ldap_error(url, e))?;
    Ok(entries
        .into_iter()
        .map(|e| Attributes::of(SearchEntry::construct(e)))
        .find(Attributes::visible)
        .map(|a| entry::directory_entry(&a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_of_every_field_is_required_and_escaped() {
        let q = DirectoryQuery { who: "hugo lam(".into(), place: "31".into(), ..Default::default() };
        let f = filter(&q).unwrap();
        assert!(f.starts_with("(&(mail=*)(|(sn=*hugo*)"), "{f}");
        assert!(f.contains("(sn=*lam*)"), "{f}");
        assert!(f.contains("(l=*31*)"), "{f}");
        assert!(f.ends_with("(!(medimailVisible=FALSE)))"), "{f}");
        assert_eq!(filter(&DirectoryQuery::default()), None);
    }
}
