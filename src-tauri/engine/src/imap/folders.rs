//! LIST: every folder, with its special use, found by attribute (RFC 6154) or, on servers
//! without SPECIAL-USE, by its usual name.

use async_imap::types::{Name, NameAttribute};
use futures::TryStreamExt;

use super::{decode_name, encode_name, protocol_error, ImapSession};
use crate::folder_names::{role_by_name, standard_name, Namespace};
use crate::store::ServerFolder;
use crate::types::FolderRole;
use crate::Result;

/// The names LIST gives for `pattern` (as the server takes it: quote it if it has spaces).
pub(super) async fn list(session: &mut ImapSession, pattern: &str) -> Result<Vec<Name>> {
    session
        .list(Some(""), Some(pattern))
        .await
        .map_err(protocol_error)?
        .try_collect()
        .await
        .map_err(protocol_error)
}

pub async fn list_folders(session: &mut ImapSession, namespace: &Namespace) -> Result<Vec<ServerFolder>> {
    let names: Vec<_> = list(session, "*").await?;
    let mut folders: Vec<ServerFolder> = names
        .iter()
        .map(|name| server_folder(&Listed { attributes: name.attributes(), delimiter: name.delimiter(), name: name.name() }, namespace))
        .collect();
    assign_roles(&mut folders);
    Ok(folders)
}

/// One LIST answer's data, as the library or the bare parser gives it.
pub(crate) struct Listed<'a> {
    pub(crate) attributes: &'a [NameAttribute<'a>],
    pub(crate) delimiter: Option<&'a str>,
    pub(crate) name: &'a str,
}

/// A listed name as the store keeps it; its role only from its attributes (see
/// `assign_roles` for the rest).
pub(crate) fn server_folder(listed: &Listed<'_>, namespace: &Namespace) -> ServerFolder {
    let selectable = !listed.attributes.iter().any(|a| matches!(a, NameAttribute::NoSelect) || is_extension(a, "\\NonExistent"));
    let role = if listed.name.eq_ignore_ascii_case("INBOX") {
        Some(FolderRole::Inbox)
    } else {
        listed.attributes.iter().find_map(role_of)
    };
    let decoded = decode_name(listed.name);
    ServerFolder {
        path: namespace.path_of(&decoded),
        name: decoded,
        delimiter: listed.delimiter.map(str::to_owned),
        role,
        selectable,
    }
}

/// Roles no attribute gave go to folders with their usual names; then one folder per role.
pub(crate) fn assign_roles(folders: &mut [ServerFolder]) {
    // A role no attribute gave goes to a folder with one of its usual names.
    let by_attribute: Vec<FolderRole> = folders.iter().filter_map(|f| f.role).collect();
    for folder in folders.iter_mut().filter(|f| f.role.is_none() && f.selectable) {
        folder.role = role_by_name(&folder.path).filter(|role| !by_attribute.contains(role));
    }
    // One folder per role: the first the server lists keeps it (the owner's, not a shared one).
    let mut seen = Vec::new();
    for folder in folders.iter_mut() {
        if let Some(role) = folder.role {
            if seen.contains(&role) {
                folder.role = None;
            } else {
                seen.push(role);
            }
        }
    }
}

fn is_extension(attribute: &NameAttribute<'_>, wanted: &str) -> bool {
    matches!(attribute, NameAttribute::Extension(ext) if ext.eq_ignore_ascii_case(wanted))
}

fn role_of(attribute: &NameAttribute<'_>) -> Option<FolderRole> {
    match attribute {
        NameAttribute::Sent => Some(FolderRole::Sent),
        NameAttribute::Drafts => Some(FolderRole::Drafts),
        NameAttribute::Trash => Some(FolderRole::Trash),
        NameAttribute::Junk => Some(FolderRole::Junk),
        NameAttribute::Archive => Some(FolderRole::Archive),
        _ => None,
    }
}

/// The server's folder for `role`, created under the personal namespace with its usual
/// name when the server has none (a new mailbox on a server that makes no standard folders).
pub async fn role_folder(session: &mut ImapSession, namespace: &Namespace, role: FolderRole) -> Result<String> {
    if let Some(found) = list_folders(session, namespace).await?.into_iter().find(|f| f.role == Some(role)) {
        return Ok(found.name);
    }
    let name = namespace.server_name_of(standard_name(role));
    let encoded = encode_name(&name);
    match session.create(&encoded).await {
        // Created meanwhile by another client: as good.
        Ok(()) | Err(async_imap::error::Error::No(_)) => {}
        Err(other) => return Err(protocol_error(other)),
    }
    // Webmails show subscribed folders only.
    let _ = session.subscribe(&encoded).await;
    tracing::info!(role = role.as_str(), "a standard folder was created on the server");
    Ok(name)
}
