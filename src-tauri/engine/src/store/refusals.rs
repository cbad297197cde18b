//! Changes the server refused for good are undone here, so the store shows what the server
//! holds: a message whose move was refused is back where the server has it, under its UID;
//! a folder the server would not rename keeps its name.

use rusqlite::{params, OptionalExtension};

use super::actions::{ActionKind, PlannedAction};
use super::folder_changes::rename_here;
use super::folders::{from_row, FolderRecord};
use super::Store;
use crate::folder_names::Namespace;
use crate::Result;

impl Store {
    /// Undoes `action` here and forgets it, in one transaction.
    pub fn undo_refused(&mut self, action: &PlannedAction, namespace: &Namespace) -> Result<()> {
        self.write(|tx| {
            let folder_named = |name: &str| -> Result<Option<FolderRecord>> {
                Ok(tx
                    .query_row(
                        "SELECT * FROM folder WHERE account_id = ?1 AND name = ?2",
                        params![action.account_id, name],
                        from_row,
                    )
                    .optional()?)
            };
            match action.kind {
                ActionKind::Move => {
                    if let (Some(message_id), Some(source), Some(uidvalidity), Some(uid)) =
                        (action.message_id, action.folder.as_deref(), action.uidvalidity, action.uid)
                    {
                        if let Some(source) = folder_named(source)? {
                            // Back where the server has it; the trash's "came from" only holds in the trash.
                            tx.execute(
                                "UPDATE message SET folder_id = ?2, uidvalidity = ?3, uid = ?4,
                                        origin_folder_id = CASE WHEN ?5 = 'trash' THEN origin_folder_id END
                                 WHERE id = ?1 AND on_server = 1",
                                params![message_id, source.id, uidvalidity, uid, source.role.map(|r| r.as_str())],
                            )?;
                        }
                    }
                }
                // The folder's flags and numbers are read again in full at the next check:
                // the server's flags win, and a message it kept is fetched again.
                ActionKind::Flags | ActionKind::Expunge => {
                    if let Some(folder) = action.folder.as_deref() {
                        tx.execute(
                            "UPDATE folder SET highestmodseq = NULL, server_count = NULL WHERE account_id = ?1 AND name = ?2",
                            params![action.account_id, folder],
                        )?;
                    }
                }
                ActionKind::RenameFolder => {
                    if let (Some(old), Some(new)) = (action.folder.as_deref(), action.target.as_deref()) {
                        if let (Some(renamed), None) = (folder_named(new)?, folder_named(old)?) {
                            rename_here(tx, &renamed, old, &namespace.path_of(old))?;
                        }
                    }
                }
                // A folder not created, not deleted: the server's list says so at once, and
                // an empty folder it does not have leaves the list (`forget_empty_vanished_folders`).
                // A draft's copy not filed: the draft itself is kept here.
                ActionKind::CreateFolder | ActionKind::DeleteFolder | ActionKind::DraftCopy => {}
            }
            tx.execute("DELETE FROM planned_action WHERE id = ?1", [action.id])?;
            Ok(())
        })
    }

    /// Folders the server no longer has and that hold nothing here (renamed or deleted by
    /// another client, or never created): listed, they would only say "no longer on the
    /// server" forever. A vanished folder with archived messages stays, with them.
    pub fn forget_empty_vanished_folders(&mut self, account_id: i64) -> Result<usize> {
        self.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM folder
                 WHERE account_id = ?1 AND on_server = 0
                   AND NOT EXISTS (SELECT 1 FROM message m WHERE m.folder_id = folder.id)
                   AND NOT EXISTS (SELECT 1 FROM planned_action p
                                   WHERE p.account_id = ?1 AND (p.folder = folder.name OR p.target = folder.name))
                   AND NOT EXISTS (SELECT 1 FROM folder c
                                   WHERE c.account_id = ?1 AND c.id <> folder.id AND folder.delimiter IS NOT NULL
                                     AND substr(c.name, 1, length(folder.name) + 1) = folder.name || folder.delimiter)",
                [account_id],
            )?)
        })
    }
}
