//! Reading the user's own entry, bound as the user (they see it even when hidden).

use ldap3::{Scope, SearchEntry};

use super::connect::{ldap_error, Directory, DirectoryUrl};
use super::entry::{self, Attributes, ATTRIBUTES};
use super::OwnEntry;
use crate::{EngineError, Result};

pub async fn own_entry(directory: &mut Directory, url: &DirectoryUrl) -> Result<OwnEntry> {
    let dn = directory.own_dn.clone().ok_or(EngineError::AuthFailed)?;
    let (found, _) = directory
        .ldap
        .search(&dn, Scope::Base, "(objectClass=*)", ATTRIBUTES.to_vec())
        .await
        .and_then(|r| r.success())
        .map_err(|e| ldap_error(url, e))?;
    let entry = found.into_iter().next().ok_or_else(|| EngineError::NotFound("own directory entry".into()))?;
    Ok(entry::own_entry(&Attributes::of(SearchEntry::construct(entry))))
}
