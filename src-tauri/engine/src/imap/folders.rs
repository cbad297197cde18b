//! LIST: every folder, with its special use.

use async_imap::types::NameAttribute;
use futures::TryStreamExt;

use super::{decode_name, protocol_error, ImapSession};
use crate::store::ServerFolder;
use crate::types::FolderRole;
use crate::Result;

pub async fn list_folders(session: &mut ImapSession) -> Result<Vec<ServerFolder>> {
    let names: Vec<_> = session
        .list(Some(""), Some("*"))
        .await
        .map_err(protocol_error)?
        .try_collect()
        .await
        .map_err(protocol_error)?;
    let mut folders: Vec<ServerFolder> = names
        .iter()
        .map(|name| {
            let attributes = name.attributes();
            let selectable = !attributes
                .iter()
                .any(|a| matches!(a, NameAttribute::NoSelect) || is_extension(a, "\\NonExistent"));
            let role = if name.name().eq_ignore_ascii_case("INBOX") {
                Some(FolderRole::Inbox)
            } else {
                attributes.iter().find_map(role_of)
            };
            ServerFolder {
                name: decode_name(name.name()),
                delimiter: name.delimiter().map(str::to_owned),
                role,
                selectable,
            }
        })
        .collect();
    // One folder per role: the first the server lists keeps it (the owner's, not a shared one).
    let mut seen = Vec::new();
    for folder in &mut folders {
        if let Some(role) = folder.role {
            if seen.contains(&role) {
                folder.role = None;
            } else {
                seen.push(role);
            }
        }
    }
    Ok(folders)
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
