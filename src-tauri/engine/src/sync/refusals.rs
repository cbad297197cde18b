//! What the server refused for good in one pass, as the user is told of it.

use crate::catalogue::Text;
use crate::folder_names::Namespace;
use crate::store::{ActionKind, PlannedAction};

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

    pub(super) fn texts(&self, namespace: &Namespace) -> Vec<Text> {
        let path = |name: &Option<String>| name.as_deref().map(|n| namespace.path_of(n)).unwrap_or_default();
        self.grouped
            .iter()
            .map(|(kind, folder, target, count)| {
                let key = match kind {
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
                    .arg("target", path(target))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Lang, TextArg};

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
        let texts = refusals.texts(&courier);
        assert_eq!(texts.len(), 2);
        assert_eq!(texts[0].args["count"], TextArg::Number(2.0));
        assert_eq!(
            texts[0].say(Lang::Fr),
            "Le serveur a refusé de déplacer 2 messages vers « Courriers MDPH » : ils sont de nouveau dans la boîte de réception."
        );
        assert_eq!(texts[1].say(Lang::Fr), "Le serveur a refusé de créer le dossier « Courriers MDPH ».");
        assert_eq!(texts[1].say(Lang::En), "The server refused to create the folder “Courriers MDPH”.");
    }
}
