//! Searching the operator's directory with the directory's fields, accents and case not
//! counting, as in the national directory. LDAP servers compare case-insensitively but not
//! accent-insensitively ("helene" does not find "Hélène"), so each typed word is asked as its
//! skeleton (the letters French writes without accents, the others wildcards: "h*l*n") and
//! the answers are checked here, folded, word by word. Entries their owner hid are asked out
//! of the filter and dropped again here.

use ldap3::{Scope, SearchEntry, SearchOptions};

use super::connect::{ldap_error, Directory, DirectoryUrl};
use super::entry::{self, Attributes, ATTRIBUTES};
use crate::directory::{fold, DirectoryEntry, DirectoryQuery};
use crate::store::is_token_char;
use crate::Result;

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !is_token_char(c)).filter(|w| !w.is_empty()).collect()
}

/// Each field of the form and the attributes it searches.
fn fields(query: &DirectoryQuery) -> [(&str, &'static [&'static str]); 4] {
    [
        (&query.who, &["sn", "givenName", "cn", "mail", "employeeNumber"]),
        (&query.activity, &["title", "description"]),
        (&query.place, &["l", "postalCode", "st", "medimailRegion"]),
        (&query.structure, &["o", "description"]),
    ]
}

/// The pieces of a word the server can match whatever the accents: its folded letters
/// split at the ones French may accent (a, c, e, i, o, u, y). Empty: nothing to ask.
fn skeleton(word: &str) -> Vec<String> {
    fold(word).split(|c: char| "aceiouy".contains(c)).filter(|p| !p.is_empty()).map(str::to_owned).collect()
}

/// The LDAP filter for a query; None when nothing searchable was typed.
pub fn filter(query: &DirectoryQuery) -> Option<String> {
    let mut parts = Vec::new();
    let mut typed = false;
    for (text, attributes) in fields(query) {
        for word in words(text) {
            typed = true;
            let pieces = skeleton(word);
            if pieces.is_empty() {
                continue; // "eau": only the check here can tell
            }
            let pattern = pieces.iter().map(|p| ldap3::ldap_escape(p.as_str()).into_owned()).collect::<Vec<_>>().join("*");
            let any: String = attributes.iter().map(|a| format!("({a}=*{pattern}*)")).collect();
            parts.push(format!("(|{any})"));
        }
    }
    typed.then(|| format!("(&(mail=*){}(!(medimailVisible=FALSE)))", parts.concat()))
}

/// Whether an entry has every typed word in its field's attributes, folded.
fn matches(attributes: &Attributes, query: &DirectoryQuery) -> bool {
    fields(query).iter().all(|(text, names)| {
        let values: Vec<String> = names.iter().flat_map(|n| attributes.all(n)).map(|v| fold(&v)).collect();
        words(text).iter().all(|word| {
            let word = fold(word);
            values.iter().any(|v| v.contains(&word))
        })
    })
}

/// At most `limit` entries of the operator for `query`.
pub async fn search(directory: &mut Directory, url: &DirectoryUrl, query: &DirectoryQuery, limit: usize) -> Result<Vec<DirectoryEntry>> {
    let Some(filter) = filter(query) else {
        return Ok(Vec::new());
    };
    let base = directory.base_dn.clone();
    // The skeleton asks more than the words: room for the answers the check here drops.
    let size = i32::try_from(limit.saturating_mul(4).clamp(limit, 1000)).unwrap_or(1000);
    let result = directory
        .ldap
        .with_search_options(SearchOptions::new().sizelimit(size))
        .search(&base, Scope::Subtree, &filter, ATTRIBUTES.to_vec())
        .await
        .map_err(|e| ldap_error(url, e))?;
    let ldap3::SearchResult(entries, outcome) = result;
    // sizeLimitExceeded (4) still returns the first entries.
    if outcome.rc != 0 && outcome.rc != 4 {
        return Err(ldap_error(url, ldap3::LdapError::LdapResult { result: outcome }));
    }
    Ok(entries
        .into_iter()
        .map(|e| Attributes::of(SearchEntry::construct(e)))
        .filter(|a| a.visible() && matches(a, query))
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
    fn every_word_of_every_field_is_asked_as_its_skeleton() {
        let q = DirectoryQuery { who: "Hélène lam(".into(), place: "31".into(), ..Default::default() };
        let f = filter(&q).unwrap();
        assert!(f.starts_with("(&(mail=*)(|(sn=*h*l*n*)"), "{f}");
        assert!(f.contains("(sn=*l*m*)"), "{f}");
        assert!(f.contains("(l=*31*)"), "{f}");
        assert!(f.ends_with("(!(medimailVisible=FALSE)))"), "{f}");
        assert_eq!(filter(&DirectoryQuery::default()), None);
        // A word of accentable letters only is checked here alone.
        assert_eq!(filter(&DirectoryQuery { who: "eau".into(), ..Default::default() }).unwrap(), "(&(mail=*)(!(medimailVisible=FALSE)))");
    }

    #[test]
    fn the_words_are_checked_folded() {
        let mut attrs = std::collections::HashMap::new();
        attrs.insert("givenName".to_owned(), vec!["Inès".to_owned()]);
        attrs.insert("sn".to_owned(), vec!["FABRE".to_owned()]);
        attrs.insert("l".to_owned(), vec!["Nîmes".to_owned()]);
        let a = Attributes::of(SearchEntry { dn: "mail=x".into(), attrs, bin_attrs: Default::default() });
        let q = |who: &str, place: &str| DirectoryQuery { who: who.into(), place: place.into(), ..Default::default() };
        assert!(matches(&a, &q("ines fab", "nimes")));
        assert!(matches(&a, &q("INÈS", "")));
        assert!(!matches(&a, &q("ines", "toulouse")));
        assert!(!matches(&a, &q("inez", "")));
    }
}
