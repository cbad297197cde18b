//! What the server refused for good in one pass, as the user is told of it.

use crate::catalogue::Text;
use crate::folder_names::Namespace;
use crate::store::{ActionKind, FolderRecord, PlannedAction};

/// The changes refused for good in one pass, grouped as the user is told of them: one
/// sentence per kind of change and folder, not one per message.
#[derive(Default)]
pub(super) struct Refusals {
    grouped: Vec<(ActionKind, Option<String>, Option<String>, u32)>,
}

impl Refusals {
    pub(super) fn add(&mut self, action: &PlannedAction) {
        let (folder, target) = (action.folder.clone(), action.target.clone());
        match self
            .grouped
            .iter_mut()
            .find(|(kind, f, t, _)| *kind == action.kind && *f == folder && *t == target)
        {
            Some(group) => group.3 += 1,
            None => self.grouped.push((action.kind, folder, target, 1)),
        }
    }

    /// `folders`: the account's folders as known now, so a standard folder is named as the
    /// window names it ("la corbeille"), whatever the server calls it.
    pub(super) fn texts(&self, namespace: &Namespace, folders: &[FolderRecord]) -> Vec<Text> {
        let path = |name: &Option<String>| name.as_deref().map(|n| namespace.path_of(n)).unwrap_or_default();
        let role = |name: &Option<String>| {
            folders
                .iter()
                .find(|f| Some(&f.name) == name.as_ref())
                .and_then(|f| f.role)
                .map_or("none", |r| r.as_str())
        };
        self.grouped
            .iter()
            .map(|(kind, folder, target, count)| {
                let key = match kind {
                    ActionKind::Move if role(target) == "trash" => "sync-refused-trash",
                    ActionKind::Move => "sync-refused-move",
                    ActionKind::Flags => "sync-refused-flags",
                    ActionKind::Expunge => "sync-refused-purge",
                    ActionKind::CreateFolder => "sync-refused-create",
                    ActionKind::RenameFolder => "sync-refused-rename",
                    ActionKind::DeleteFolder => "sync-refused-delete",
                    ActionKind::DraftCopy => "sync-refused-draft",
                };
                Text::new(key)
                    .arg("count", *count)
                    .arg("folder", path(folder))
                    .arg("folder_role", role(folder))
                    .arg("target", path(target))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Lang, TextArg};
    use crate::types::FolderRole;

    fn refused(kind: ActionKind, folder: &str, target: Option<&str>) -> PlannedAction {
        PlannedAction {
            id: 1,
            account_id: 1,
            kind,
            message_id: Some(1),
            folder: Some(folder.into()),
            uidvalidity: Some(1),
            uid: Some(1),
            target: target.map(Into::into),
            add_flags: Vec::new(),
            remove_flags: Vec::new(),
            attempts: 0,
            draft_key: None,
            payload: None,
        }
    }

    #[test]
    fn one_sentence_per_kind_and_folder_with_paths() {
        let courier = Namespace { prefix: "INBOX.".into(), delimiter: Some('.') };
        let mut refusals = Refusals::default();
        refusals.add(&refused(ActionKind::Move, "INBOX", Some("INBOX.Courriers MDPH")));
        refusals.add(&refused(ActionKind::Move, "INBOX", Some("INBOX.Courriers MDPH")));
        refusals.add(&refused(ActionKind::CreateFolder, "INBOX.Courriers MDPH", None));
        refusals.add(&refused(ActionKind::Move, "INBOX.Laboratoire", Some("INBOX.Trash")));
        let folder = |name: &str, role| FolderRecord {
            id: 1,
            account_id: 1,
            name: name.into(),
            path: courier.path_of(name),
            delimiter: Some(".".into()),
            role,
            selectable: true,
            on_server: true,
            uidvalidity: None,
            uidnext: None,
            highestmodseq: None,
            server_count: None,
        };
        let folders = [folder("INBOX", Some(FolderRole::Inbox)), folder("INBOX.Trash", Some(FolderRole::Trash))];
        let texts = refusals.texts(&courier, &folders);
        assert_eq!(texts.len(), 3);
        assert_eq!(texts[0].args["count"], TextArg::Number(2.0));
        assert_eq!(
            texts[0].say(Lang::Fr),
            "Le serveur a refusé de déplacer 2 messages vers « Courriers MDPH » : ils sont de nouveau dans la boîte de réception."
        );
        assert_eq!(texts[1].say(Lang::Fr), "Le serveur a refusé de créer le dossier « Courriers MDPH ».");
        assert_eq!(texts[1].say(Lang::En), "The server refused to create the folder “Courriers MDPH”.");
        assert_eq!(
            texts[2].say(Lang::Fr),
            "Le serveur a refusé de mettre un message à la corbeille : il est de nouveau dans « Laboratoire »."
        );
    }
}
