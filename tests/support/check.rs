//! Store and server side by side: the mirror must hold exactly what the server has.

use std::collections::BTreeMap;

use super::cli::{Cli, MessageView};
use super::probe::ImapProbe;

/// Message-ID (or "<none>") → occurrences.
fn multiset<'a>(ids: impl Iterator<Item = Option<&'a str>>) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for id in ids {
        *out.entry(id.unwrap_or("<none>").to_owned()).or_insert(0) += 1;
    }
    out
}

/// (Reads the store in-process: see `Cli::peek_list`.)
/// For every folder of the server: the store lists it, on the server, with exactly the same
/// messages (by Message-ID, counting repeats) among those it marks on_server, and its count
/// of on-server messages equals the server's count. Returns the store's messages by folder.
/// Messages the store keeps as archived (on_server false) are allowed; callers check them.
pub fn assert_mirrors(cli: &Cli, probe: &mut ImapProbe, context: &str) -> BTreeMap<String, Vec<MessageView>> {
    assert_mirrors_named(cli, probe, &|name| name.to_owned(), context)
}

/// The same on a server whose folder names differ from the paths the app shows (Courier's
/// "INBOX.A.B" is "A/B"): `path_of` turns one into the other. Keyed by path.
pub fn assert_mirrors_named(
    cli: &Cli,
    probe: &mut ImapProbe,
    path_of: &dyn Fn(&str) -> String,
    context: &str,
) -> BTreeMap<String, Vec<MessageView>> {
    let store_folders: BTreeMap<String, _> = cli.peek_folders().into_iter().map(|f| (f.name.clone(), f)).collect();
    let on_server_names = probe.selectable_folders();
    let server_name_of: BTreeMap<String, String> = on_server_names.iter().map(|n| (path_of(n), n.clone())).collect();
    let server_folders: Vec<String> = server_name_of.keys().cloned().collect();
    let mut by_folder = BTreeMap::new();
    for name in &server_folders {
        let folder = store_folders
            .get(name)
            .unwrap_or_else(|| panic!("{context}: server folder {name:?} missing from the store ({:?})", store_folders.keys()));
        assert!(folder.on_server, "{context}: {name:?} is on the server but the store says it is not");
        let server_name = &server_name_of[name];
        if folder.total == 0 && probe.count(server_name) == 0 {
            // Empty on both sides: nothing to compare (and one process start saved).
            by_folder.insert(name.clone(), Vec::new());
            continue;
        }
        let server = probe.messages(server_name);
        let stored = cli.peek_list(name);
        let on_server: Vec<&MessageView> = stored.iter().filter(|m| m.on_server).collect();
        assert_eq!(
            on_server.len(),
            server.len(),
            "{context}: {name:?} has {} messages on the server, the store has {} on_server ({} in all)",
            server.len(),
            on_server.len(),
            stored.len()
        );
        assert_eq!(folder.total as usize, stored.len(), "{context}: folders total for {name:?} disagrees with list");
        assert_eq!(folder.archived as usize, stored.len() - on_server.len(), "{context}: archived count of {name:?}");
        let server_ids = multiset(server.iter().map(|m| m.message_id.as_deref()));
        let store_ids = multiset(on_server.iter().map(|m| m.message_id.as_deref()));
        assert_eq!(store_ids, server_ids, "{context}: messages of {name:?} differ between store and server");
        by_folder.insert(name.clone(), stored);
    }
    for (name, folder) in &store_folders {
        if folder.on_server {
            assert!(server_folders.contains(name), "{context}: the store says {name:?} is on the server; it is not");
        } else if folder.total > 0 {
            by_folder.insert(name.clone(), cli.peek_list(name));
        }
    }
    by_folder
}

/// Total number of archived (no longer on the server) messages in the store.
pub fn archived_total(cli: &Cli) -> u32 {
    cli.peek_folders().iter().map(|f| f.archived).sum()
}
