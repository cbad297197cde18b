//! Folder names as the server spells them and as a person reads them.
//!
//! Servers put a user's folders under a personal namespace (RFC 2342): Dovecot at the top
//! level with `/`, Courier-IMAP and Cyrus under `INBOX.` with `.`. The doors always show
//! and take a *path*: the prefix left out and the levels joined by `/`
//! ("Patients/Suivi diabète"); the store keeps the server's name beside it.

use unicode_normalization::UnicodeNormalization;

use crate::types::FolderRole;

/// The personal namespace: where the user's folders live and how levels are separated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Namespace {
    /// "" (Dovecot) or "INBOX." (Courier, Cyrus).
    pub prefix: String,
    /// The hierarchy delimiter; `None` for a flat server.
    pub delimiter: Option<char>,
}

/// The separator of levels in a path, whatever the server's delimiter.
pub const PATH_SEPARATOR: char = '/';

impl Namespace {
    /// The path a person reads for a server name.
    pub fn path_of(&self, server_name: &str) -> String {
        let inside = match server_name.strip_prefix(&self.prefix) {
            Some(rest) if !self.prefix.is_empty() && !rest.is_empty() => rest,
            _ => server_name,
        };
        match self.delimiter {
            Some(d) if d != PATH_SEPARATOR => inside.replace(d, "/"),
            _ => inside.to_owned(),
        }
    }

    /// The server name of a folder the user names by its path, inside the namespace.
    pub fn server_name_of(&self, path: &str) -> String {
        let inside = match self.delimiter {
            Some(d) if d != PATH_SEPARATOR => path.replace(PATH_SEPARATOR, &d.to_string()),
            _ => path.to_owned(),
        };
        format!("{}{inside}", self.prefix)
    }

    /// A level of a path that would be read as two by this server ("Dr. Martin" where the
    /// delimiter is "."): the character, to name it in the refusal.
    pub fn forbidden_in_level(&self, path: &str) -> Option<char> {
        self.delimiter
            .filter(|d| *d != PATH_SEPARATOR && path.contains(*d))
    }
}

/// The role a folder plays by its usual name, for servers without SPECIAL-USE (RFC 6154):
/// the names the common clients and webmails create, in English and French. Only a folder
/// at the top of the personal namespace counts.
pub fn role_by_name(path: &str) -> Option<FolderRole> {
    if path.contains(PATH_SEPARATOR) {
        return None;
    }
    let name: String = path.nfc().collect::<String>().to_lowercase();
    ROLE_NAMES
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map(|(role, _)| *role)
}

const ROLE_NAMES: [(FolderRole, &[&str]); 6] = [
    (FolderRole::Inbox, &["inbox", "boîte de réception", "boite de reception"]),
    (
        FolderRole::Trash,
        &["trash", "deleted items", "deleted messages", "corbeille", "éléments supprimés", "messages supprimés"],
    ),
    (
        FolderRole::Sent,
        &["sent", "sent items", "sent messages", "sent mail", "envoyés", "messages envoyés", "éléments envoyés"],
    ),
    (FolderRole::Drafts, &["drafts", "brouillons"]),
    (
        FolderRole::Junk,
        &["junk", "spam", "junk e-mail", "junk email", "courrier indésirable", "indésirables"],
    ),
    (FolderRole::Archive, &["archive", "archives"]),
];

/// The name given to a standard folder the app creates where the server has none: the
/// English one, which other clients and the operator's webmail recognise too.
pub fn standard_name(role: FolderRole) -> &'static str {
    match role {
        FolderRole::Inbox => "INBOX",
        FolderRole::Sent => "Sent",
        FolderRole::Drafts => "Drafts",
        FolderRole::Trash => "Trash",
        FolderRole::Junk => "Junk",
        FolderRole::Archive => "Archive",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn courier() -> Namespace {
        Namespace { prefix: "INBOX.".into(), delimiter: Some('.') }
    }

    fn dovecot() -> Namespace {
        Namespace { prefix: String::new(), delimiter: Some('/') }
    }

    #[test]
    fn paths_leave_the_prefix_out() {
        let ns = courier();
        assert_eq!(ns.path_of("INBOX"), "INBOX");
        assert_eq!(ns.path_of("INBOX.Trash"), "Trash");
        assert_eq!(ns.path_of("INBOX.Patients.Suivi diabète"), "Patients/Suivi diabète");
        assert_eq!(ns.server_name_of("Patients/Suivi diabète"), "INBOX.Patients.Suivi diabète");
        assert_eq!(ns.server_name_of("Courriers MDPH"), "INBOX.Courriers MDPH");
        assert_eq!(ns.forbidden_in_level("Dr. Martin"), Some('.'));
        let ns = dovecot();
        assert_eq!(ns.path_of("Patients/Suivi diabète"), "Patients/Suivi diabète");
        assert_eq!(ns.server_name_of("Courriers MDPH"), "Courriers MDPH");
        assert_eq!(ns.forbidden_in_level("Dr. Martin"), None);
        // Outside the namespace (a shared mailbox): levels still read with "/".
        assert_eq!(courier().path_of("#shared.cabinet.Sent"), "#shared/cabinet/Sent");
    }

    #[test]
    fn roles_by_usual_names() {
        assert_eq!(role_by_name("Trash"), Some(FolderRole::Trash));
        assert_eq!(role_by_name("Éléments supprimés"), Some(FolderRole::Trash));
        // Decomposed accents, as some servers store them.
        assert_eq!(role_by_name("Envoye\u{301}s"), Some(FolderRole::Sent));
        assert_eq!(role_by_name("Sent Items"), Some(FolderRole::Sent));
        assert_eq!(role_by_name("BROUILLONS"), Some(FolderRole::Drafts));
        assert_eq!(role_by_name("Courrier indésirable"), Some(FolderRole::Junk));
        assert_eq!(role_by_name("Archives"), Some(FolderRole::Archive));
        assert_eq!(role_by_name("Boîte de réception"), Some(FolderRole::Inbox));
        assert_eq!(role_by_name("Patients/Trash"), None);
        assert_eq!(role_by_name("Laboratoire"), None);
    }
}
